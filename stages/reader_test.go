package stages

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// readAll reads input with a reader built from a YAML snippet of the `read`
// section, returning the articles and the rejects.
func readAll(t *testing.T, snippet, input string, stdin string) ([]*Article, []Reject) {
	t.Helper()
	cfg := DefaultReaderConfig()
	if err := yaml.Unmarshal([]byte(snippet), &cfg); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(cfg, strings.NewReader(stdin))
	if err != nil {
		t.Fatal(err)
	}
	var arts []*Article
	var rej []Reject
	err = r.Read(context.Background(), input, func(a *Article) error { arts = append(arts, a); return nil }, func(x Reject) { rej = append(rej, x) })
	if err != nil {
		t.Fatal(err)
	}
	return arts, rej
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSplitTitle(t *testing.T) {
	cases := []struct {
		name, in, md  string
		title, body   string
		markdownTitle bool
	}{
		{name: "title then blank line", in: "Talks resume\n\nDiplomats met on Monday.\n", title: "Talks resume", body: "Diplomats met on Monday.\n"},
		{name: "crlf", in: "Talks resume\r\n\r\nDiplomats met.\r\n", title: "Talks resume", body: "Diplomats met.\r\n"},
		{name: "no blank line: no title", in: "Diplomats met on Monday.\nThey talked.\n", body: "Diplomats met on Monday.\nThey talked.\n"},
		{name: "single line", in: "Just one line.", body: "Just one line."},
		{name: "blank line of spaces", in: "Headline\n  \nBody.", title: "Headline", body: "Body."},
		{name: "markdown heading", in: "# Summit ends\n\nLeaders left.", title: "Summit ends", body: "Leaders left.", markdownTitle: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			title, body := splitTitle(tc.in, tc.markdownTitle)
			if title != tc.title || body != tc.body {
				t.Fatalf("got (%q, %q), want (%q, %q)", title, body, tc.title, tc.body)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	cases := map[string]string{
		"2022-02-24":                "2022-02-24T00:00:00Z",
		"2022-02-24T05:30:00Z":      "2022-02-24T05:30:00Z",
		"2022-02-24T05:30:00+03:00": "2022-02-24T02:30:00Z",
		"2022-02-24 05:30:00":       "2022-02-24T05:30:00Z",
		"2022-02-24T05:30:00.123Z":  "2022-02-24T05:30:00.123Z",
	}
	for in, want := range cases {
		got, err := parseDate(in)
		if err != nil || got.Format(time.RFC3339Nano) != want || got.Location() != time.UTC {
			t.Errorf("parseDate(%q) = %v, %v; want %s UTC", in, got, err, want)
		}
	}
	for _, bad := range []string{"24/02/2022", "yesterday", "2022-13-01"} {
		if _, err := parseDate(bad); err == nil || !strings.Contains(err.Error(), "RFC 3339") {
			t.Errorf("parseDate(%q): error %v should explain the accepted forms", bad, err)
		}
	}
}

func TestReadDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b/2.txt", "Second\n\nBody two.")
	write(t, dir, "a/1.md", "# First\n\nBody one.")
	write(t, dir, "c/notes.png", "\x89PNG")
	write(t, dir, ".hidden/x.txt", "Hidden body.")
	write(t, dir, "d/list.jsonl", `{"text":"From JSON."}`+"\n")
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	arts, rej := readAll(t, "{}", dir, "")
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	// Lexical order; ids relative to the root; derived id for JSON without one.
	want := []string{"a/1.md", "b/2.txt", "list.jsonl:1"}
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Fatalf("ids %v, want %v", ids, want)
	}
	if arts[0].Title != "First" || arts[0].Text != "Body one." {
		t.Errorf("markdown article: %+v", arts[0])
	}
	var sawPNG, sawLoop bool
	for _, r := range rej {
		sawPNG = sawPNG || (strings.HasSuffix(r.Input, "notes.png") && strings.Contains(r.Reason, "unsupported file type"))
		sawLoop = sawLoop || (strings.HasSuffix(r.Input, "loop") && strings.Contains(r.Reason, "not a regular file"))
	}
	if !sawPNG || !sawLoop {
		t.Errorf("rejects %+v: want the .png and the symlink loop recorded", rej)
	}
}

func TestReadJSONLFields(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, "x.jsonl", "\uFEFF"+
		`{"doc":"n1","headline":"H","body":"Text one.","when":"2022-03-01","outlet":"Wire","link":"https://w.example/1","extra":{"deep":[1,2]}}`+"\r\n"+
		"\n"+
		`{"doc":7,"body":"Text two.","when":"not a date"}`+"\n")
	arts, rej := readAll(t, `
fields:
  id: doc
  title: headline
  text: body
  date: when
  source: outlet
  url: link
`, in, "")
	if len(arts) != 2 {
		t.Fatalf("%d articles: %+v", len(arts), rej)
	}
	a := arts[0]
	if a.ID != "n1" || a.Title != "H" || a.Text != "Text one." || a.Source != "Wire" || a.URL != "https://w.example/1" ||
		!a.PublishedAt.Equal(time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)) || a.Record != 1 {
		t.Errorf("article 1: %+v", a)
	}
	if arts[1].ID != "7" || arts[1].Record != 3 || !arts[1].PublishedAt.IsZero() {
		t.Errorf("article 2: %+v", arts[1])
	}
	if len(rej) != 1 || rej[0].Field != "when" || rej[0].Action != ActionDropField || rej[0].Record != 3 {
		t.Errorf("rejects: %+v, want the bad date dropped on line 3", rej)
	}
}

func TestReadJSONLLineLimit(t *testing.T) {
	dir := t.TempDir()
	long := `{"id":"big","text":"` + strings.Repeat("word ", 2000) + `"}`
	in := write(t, dir, "x.jsonl", `{"id":"a","text":"Short."}`+"\n"+long+"\n"+`{"id":"b","text":"After."}`+"\n")
	arts, rej := readAll(t, "max_line_bytes: 2048", in, "")
	if len(arts) != 2 || arts[1].ID != "b" {
		t.Fatalf("articles %v", arts)
	}
	if len(rej) != 1 || rej[0].Record != 2 || !strings.Contains(rej[0].Reason, "max_line_bytes") {
		t.Fatalf("rejects %+v", rej)
	}
}

func TestInvalidUTF8Policy(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, "x.jsonl", `{"id":"a","text":"Bad `+"\xc3\x28"+` byte."}`+"\n")
	if arts, rej := readAll(t, "invalid_utf8: reject", in, ""); len(arts) != 0 || len(rej) != 1 || rej[0].Action != ActionSkipRecord {
		t.Fatalf("reject policy: %v %+v", arts, rej)
	}
	arts, rej := readAll(t, "invalid_utf8: replace", in, "")
	if len(arts) != 1 || arts[0].Text != "Bad \uFFFD( byte." || len(rej) != 1 || rej[0].Action == ActionSkipRecord {
		t.Fatalf("replace policy: %+v %+v", arts, rej)
	}
}

func TestReadStdin(t *testing.T) {
	arts, rej := readAll(t, "{}", "-", `{"text":"One."}`+"\n"+`{"text":"Two."}`)
	if len(arts) != 2 || arts[0].ID != "-:1" || arts[1].ID != "-:2" || arts[1].Text != "Two." || len(rej) != 0 {
		t.Fatalf("%+v %+v", arts, rej)
	}
}

func TestReaderConfigValidate(t *testing.T) {
	cases := []struct{ yaml, want string }{
		{"invalid_utf8: drop", `invalid_utf8: must be one of reject, replace (got "drop")`},
		{"max_article_bytes: 0", "max_article_bytes: must be >= 1 (got 0)"},
		{"max_line_bytes: 10", "max_line_bytes: must be >= 1024 (got 10)"},
		{"fields: {text: ''}", `fields.text: must be a field name (got "")`},
	}
	for _, tc := range cases {
		cfg := DefaultReaderConfig()
		if err := yaml.Unmarshal([]byte(tc.yaml), &cfg); err != nil {
			t.Fatal(err)
		}
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

func TestIDSet(t *testing.T) {
	var s idSet
	keys := []uint64{0, 1, 1 << 56, 1<<56 + 1, ^uint64(0), 42 << 56}
	for _, k := range keys {
		if !s.add(k) {
			t.Fatalf("add(%#x) of a new key reported a duplicate", k)
		}
	}
	for _, k := range keys {
		if s.add(k) {
			t.Fatalf("add(%#x) of a present key reported it new", k)
		}
	}
}
