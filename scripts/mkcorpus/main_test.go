package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mkcorpusSource is a small source corpus written for this test.
var mkcorpusSource = []string{
	`{"id": "a1", "title": "Rain", "text": "It rained all day in the valley.", "genre": "news"}`,
	`{"id": "a2", "title": null, "text": "Caf\u00e9 owners said the bridge reopened.", "genre": "news"}`,
	`{"id": "a3", "title": "Talks", "text": "Both delegations met again on Tuesday.", "genre": "press_release"}`,
}

func mkcorpusGzip(t *testing.T, lines []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(strings.Join(lines, "\n") + "\n")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mkcorpusReadLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
}

func TestWriteCorpusRepeatsWithFreshIDs(t *testing.T) {
	recs, err := parseSource(mkcorpusGzip(t, mkcorpusSource))
	if err != nil {
		t.Fatal(err)
	}
	var perCopy int64
	for _, r := range recs {
		perCopy += r.textLen
	}
	// "Café" is 5 bytes once decoded; the escape is 6 in the source.
	if want := int64(len("It rained all day in the valley.") + len("Café owners said the bridge reopened.") + len("Both delegations met again on Tuesday.")); perCopy != want {
		t.Fatalf("text bytes per copy = %d, want %d", perCopy, want)
	}
	// Two whole copies and one article more.
	target := 2*perCopy + 1
	out := filepath.Join(t.TempDir(), "c.jsonl.gz")
	m, err := writeCorpus(out, recs, target, meta{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Articles != 7 || m.Copies != 3 || m.TextBytes != 2*perCopy+recs[0].textLen {
		t.Fatalf("meta = %+v, want 7 articles in 3 copies, %d text bytes", m, 2*perCopy+recs[0].textLen)
	}
	lines := mkcorpusReadLines(t, out)
	if len(lines) != 7 {
		t.Fatalf("got %d lines, want 7", len(lines))
	}
	seen := map[string]bool{}
	for i, line := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		id, _ := v["id"].(string)
		if seen[id] {
			t.Errorf("line %d: duplicate id %q", i+1, id)
		}
		seen[id] = true
		src := mkcorpusSource[i%len(mkcorpusSource)]
		wantID := "b000" + string(rune('0'+i/len(mkcorpusSource))) + "-a" + string(rune('1'+i%len(mkcorpusSource)))
		if id != wantID {
			t.Errorf("line %d: id %q, want %q", i+1, id, wantID)
		}
		// Everything after the id is the source line unchanged.
		if got, want := line[strings.Index(line, `", `):], src[strings.Index(src, `", `):]; got != want {
			t.Errorf("line %d: rest %q, want %q", i+1, got, want)
		}
	}
}

func TestMakeCorpusReusesMatchingCorpus(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.jsonl.gz")
	if err := os.WriteFile(src, mkcorpusGzip(t, mkcorpusSource), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "cache", "c.jsonl.gz")
	first, err := makeCorpus(src, 1, out)
	if err != nil {
		t.Fatal(err)
	}
	if first.Reused || first.TextBytes < 1_000_000 || first.RequestedMB != 1 {
		t.Fatalf("first = %+v, want a new corpus of >= 10^6 text bytes", first)
	}
	second, err := makeCorpus(src, 1, out)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Reused || second.Articles != first.Articles || second.FileBytes != first.FileBytes {
		t.Fatalf("second = %+v, want the first reused", second)
	}
	// A truncated corpus is not reused.
	if err := os.Truncate(out, first.FileBytes/2); err != nil {
		t.Fatal(err)
	}
	third, err := makeCorpus(src, 1, out)
	if err != nil {
		t.Fatal(err)
	}
	if third.Reused || third.FileBytes != first.FileBytes {
		t.Fatalf("third = %+v, want a fresh corpus like the first", third)
	}
	// Another size is not reused either.
	fourth, err := makeCorpus(src, 2, out)
	if err != nil {
		t.Fatal(err)
	}
	if fourth.Reused || fourth.TextBytes < 2_000_000 {
		t.Fatalf("fourth = %+v, want a new corpus of >= 2*10^6 text bytes", fourth)
	}
}

func TestParseSourceRejects(t *testing.T) {
	for _, tc := range []struct {
		name, line, want string
	}{
		{"id not first", `{"text": "Some words.", "id": "x"}`, "does not start with"},
		{"escaped id", `{"id": "x\u0041", "text": "Some words."}`, "does not start with"},
		{"no text", `{"id": "x", "title": "t"}`, "want string fields"},
		{"not json", `{"id": "x", `, "line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseSource(mkcorpusGzip(t, []string{tc.line}))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
