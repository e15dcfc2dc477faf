package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "rewrite golden files in ../testdata/golden")

const sampleCorpus = "../testdata/corpus/articles.jsonl"

// testConfig is the default config with fixed worker counts, so tests do
// not depend on the machine.
func testConfig() Config {
	cfg := DefaultConfig()
	cfg.Split.Workers, cfg.Sentiment.Workers, cfg.Stance.Workers = 2, 2, 2
	return cfg
}

func runOnce(t *testing.T, cfg Config, inputs ...string) (string, *Manifest) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	m, err := Run(context.Background(), cfg, Options{Inputs: inputs, OutDir: out, Version: "test"})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return out, m
}

// tables reads every Parquet table of a dataset.
func tables(t *testing.T, dir string) map[string][]map[string]any {
	t.Helper()
	out := map[string][]map[string]any{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.parquet"))
	for _, f := range files {
		out[filepath.Base(f)] = readRows(t, f)
	}
	return out
}

func TestRunGolden(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir, m := runOnce(t, testConfig(), sampleCorpus)
	got := tables(t, dir)
	if m.Counts.Articles == 0 || int64(len(got["articles.parquet"])) != m.Counts.Articles {
		t.Fatalf("manifest says %d articles, articles.parquet has %d rows", m.Counts.Articles, len(got["articles.parquet"]))
	}
	if int64(len(got["sentences.parquet"])) != m.Counts.Sentences {
		t.Fatalf("manifest says %d sentences, sentences.parquet has %d rows", m.Counts.Sentences, len(got["sentences.parquet"]))
	}
	// Every sentence's text is the slice of its article's text at its offsets.
	texts := articleTexts(t, sampleCorpus)
	for i, s := range got["sentences.parquet"] {
		text := texts[s["article_id"].(string)]
		bs, be := int(s["byte_start"].(float64)), int(s["byte_end"].(float64))
		if be > len(text) || bs >= be || text[bs:be] != s["text"] {
			t.Fatalf("sentence row %d: text %q is not article[%d:%d]", i, s["text"], bs, be)
		}
	}
	checkGoldenChecksums(t, m)
	var wantRows map[string][]map[string]any
	if !golden(t, "sample_run.json", got, &wantRows) {
		return
	}
	for _, name := range []string{"articles.parquet", "sentences.parquet", "mentions.parquet"} {
		g, w := got[name], wantRows[name]
		if len(g) != len(w) {
			t.Errorf("%s: %d rows, golden has %d (go test ./pipeline -run Golden -update, then review the diff)", name, len(g), len(w))
			continue
		}
		for i := range g {
			if !reflect.DeepEqual(g[i], w[i]) {
				t.Errorf("%s row %d differs from golden:\n got %v\nwant %v", name, i, g[i], w[i])
				break
			}
		}
	}
}

// checkGoldenChecksums pins the manifest's row checksums of the sample run:
// users compare them across runs and versions, so a change in how they
// are computed (not only in what is written) must show in review.
func checkGoldenChecksums(t *testing.T, m *Manifest) {
	t.Helper()
	got := map[string]string{}
	for _, o := range m.Outputs {
		got[o.File] = o.RowsChecksum
	}
	var want map[string]string
	if !golden(t, "sample_checksums.json", got, &want) {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("row checksums %v differ from golden %v (go test ./pipeline -run Golden -update, then review the diff)", got, want)
	}
}

// golden reads testdata/golden/<name> into want and returns true; with
// -update it writes got there instead and returns false.
func golden(t *testing.T, name string, got, want any) bool {
	t.Helper()
	path := filepath.Join("..", "testdata", "golden", name)
	if *update {
		b, err := json.MarshalIndent(got, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return false
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if err := json.Unmarshal(b, want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return true
}

func articleTexts(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var a struct{ ID, Text string }
		if err := json.Unmarshal(line, &a); err != nil {
			t.Fatal(err)
		}
		out[a.ID] = a.Text
	}
	return out
}

// TestWorkersDoNotChangeRows checks that the rows are the same, in the same
// order, whatever the worker counts and channel sizes.
func TestWorkersDoNotChangeRows(t *testing.T) {
	defer goleak.VerifyNone(t)
	one := testConfig()
	one.Split.Workers, one.Sentiment.Workers, one.Stance.Workers = 1, 1, 1
	one.Engine.ChannelSize = 1
	many := testConfig()
	many.Split.Workers, many.Sentiment.Workers, many.Stance.Workers = 4, 3, 4
	many.Engine.ChannelSize, many.Engine.MaxInFlight = 3, 7
	many.Output.BatchRows = 5 // many small batches: row groups must still line up
	inputs := []string{sampleCorpus, filepath.Join(formatsDir, "text"), filepath.Join(formatsDir, "articles.csv")}
	d1, _ := runOnce(t, one, inputs...)
	d4, _ := runOnce(t, many, inputs...)
	a, b := tables(t, d1), tables(t, d4)
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		for name := range a {
			if !reflect.DeepEqual(a[name], b[name]) {
				t.Errorf("%s differs between 1 and 4 workers", name)
			}
		}
		if len(a) == 0 {
			t.Error("no tables written")
		}
	}
}

// cancelAfter is an input that cancels the run once n bytes were read, as a
// SIGINT would mid-run.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel context.CancelFunc
	once   sync.Once
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n -= n
	if c.n <= 0 {
		c.once.Do(c.cancel)
	}
	return n, err
}

func TestCancelLeavesNoOutput(t *testing.T) {
	defer goleak.VerifyNone(t)
	var in bytes.Buffer
	for i := range 3000 {
		fmt.Fprintf(&in, `{"id":"a%d","text":"Officials met in Geneva on Monday. They spoke for %d hours. No deal was reached."}`+"\n", i, i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	_, err := Run(ctx, testConfig(), Options{
		Inputs: []string{"-"}, OutDir: out,
		Stdin: &cancelAfter{r: &in, n: in.Len() / 3, cancel: cancel},
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run after cancel: got %v, want context.Canceled", err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 0 {
		t.Fatalf("cancelled run left %v in the output's parent", entries)
	}
}

func TestOutputExistsIsRefusedUnlessOverwrite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "keep.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), testConfig(), Options{Inputs: []string{sampleCorpus}, OutDir: out})
	if !errors.Is(err, ErrOutputExists) {
		t.Fatalf("got %v, want ErrOutputExists", err)
	}
	if _, err := os.Stat(filepath.Join(out, "keep.txt")); err != nil {
		t.Fatal("refused run touched the existing output")
	}
	if _, err := Run(context.Background(), testConfig(), Options{Inputs: []string{sampleCorpus}, OutDir: out, Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "keep.txt")); !os.IsNotExist(err) {
		t.Fatal("--overwrite kept a file of the old output")
	}
	if _, err := os.Stat(filepath.Join(out, ManifestFile)); err != nil {
		t.Fatal("no manifest after overwrite")
	}
}

// TestBadInput runs one case per kind of bad input: each is recorded in
// rejects.jsonl with the input, record and reason, counted in the manifest,
// and the good records around it are all written.
func TestBadInput(t *testing.T) {
	good := `{"id":"g1","text":"NATO ministers met in Brussels. They agreed on a statement."}` + "\n"
	good2 := `{"id":"g2","text":"The Kremlin said talks would continue."}` + "\n"
	cases := []struct {
		name      string
		files     map[string]string // name -> content, in a fresh directory
		link      [2]string         // optional symlink: name -> target
		wantGood  int               // -1: don't check
		wantInput string            // suffix of the reject's input
		wantRec   int64
		wantField string
		wantIn    string // substring of the reason
	}{
		{name: "unreadable file", files: map[string]string{"a.jsonl": good}, link: [2]string{"b.txt", "/proc/self/mem"},
			wantGood: 1, wantInput: "b.txt", wantIn: "input/output error"},
		{name: "invalid utf-8", files: map[string]string{"a.jsonl": good + `{"id":"bad","text":"caf` + "\xff" + `"}` + "\n" + good2},
			wantGood: 2, wantInput: "a.jsonl", wantRec: 2, wantIn: "invalid UTF-8"},
		{name: "malformed json line", files: map[string]string{"a.jsonl": good + `{"id":"bad","text": "unterminated` + "\n" + good2},
			wantGood: 2, wantInput: "a.jsonl", wantRec: 2, wantIn: "invalid JSON"},
		{name: "json line not an object", files: map[string]string{"a.jsonl": good + "[1,2]\n" + good2},
			wantGood: 2, wantInput: "a.jsonl", wantRec: 2, wantIn: "not a JSON object"},
		{name: "wrong field type", files: map[string]string{"a.jsonl": good + `{"id":"x","text":42}` + "\n" + good2},
			wantGood: 2, wantInput: "a.jsonl", wantRec: 2, wantField: "text", wantIn: "expected a string, got a number"},
		{name: "ragged csv row", files: map[string]string{"a.csv": "id,title,text\nc1,T,\"One sentence. Two.\"\nc2,only two\nc3,T,Fine text here.\n"},
			wantGood: 2, wantInput: "a.csv", wantRec: 3, wantIn: "record has 2 fields, header has 3"},
		{name: "csv bare quote", files: map[string]string{"a.csv": "id,text\nc1,Good text.\nc2,bad \"quote\" here\nc3,More text.\n"},
			wantGood: 2, wantInput: "a.csv", wantRec: 3, wantIn: "bare \""},
		{name: "csv without text column", files: map[string]string{"a.csv": "id,body\nc1,Some text.\n", "b.jsonl": good},
			wantGood: 1, wantInput: "a.csv", wantRec: 1, wantField: "text", wantIn: `no "text" column`},
		{name: "record with no text", files: map[string]string{"a.jsonl": good + `{"id":"empty","text":"   "}` + "\n" + good2},
			wantGood: 2, wantInput: "a.jsonl", wantRec: 2, wantField: "text", wantIn: "no text"},
		{name: "record without text field", files: map[string]string{"a.jsonl": good + `{"id":"none","title":"T"}` + "\n" + good2},
			wantGood: 2, wantInput: "a.jsonl", wantRec: 2, wantField: "text", wantIn: "missing text field"},
		{name: "truncated gzip", files: map[string]string{"a.jsonl.gz": truncatedGzip(t, good+good2), "b.jsonl": good},
			wantGood: -1, wantInput: "a.jsonl.gz", wantIn: "unexpected EOF"},
		{name: "empty text file", files: map[string]string{"a.txt": "", "b.txt": "Title\n\nBody text here."},
			wantGood: 1, wantInput: "a.txt", wantRec: 1, wantField: "text", wantIn: "no text"},
		{name: "empty jsonl file", files: map[string]string{"a.jsonl": "", "b.jsonl": good},
			wantGood: 1, wantInput: "a.jsonl", wantIn: "no records"},
		{name: "binary file", files: map[string]string{"a.txt": "\x7fELF\x02\x01\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00", "b.jsonl": good},
			wantGood: 1, wantInput: "a.txt", wantRec: 1, wantField: "text", wantIn: "NUL byte"},
		{name: "escaped NUL in json", files: map[string]string{"a.jsonl": good + `{"id":"n","text":"a\u0000b"}` + "\n"},
			wantGood: 1, wantInput: "a.jsonl", wantRec: 2, wantField: "text", wantIn: "NUL byte"},
		{name: "deep nesting", files: map[string]string{"a.jsonl": good + `{"id":"d","x":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `,"text":"deep"}` + "\n" + good2},
			wantGood: 2, wantInput: "a.jsonl", wantRec: 2, wantIn: "exceeded max depth"},
		{name: "truncated last line", files: map[string]string{"a.jsonl": good + good2 + `{"id":"t","text":"cut of`},
			wantGood: 2, wantInput: "a.jsonl", wantRec: 3, wantIn: "invalid JSON"},
		{name: "parquet without text column", files: map[string]string{"a.parquet": parquetWith(t, "body", "Some text."), "b.jsonl": good},
			wantGood: 1, wantInput: "a.parquet", wantField: "text", wantIn: `no "text" column`},
		{name: "parquet with mistyped text column", files: map[string]string{"a.parquet": parquetWith(t, "text", int64(7)), "b.jsonl": good},
			wantGood: 1, wantInput: "a.parquet", wantField: "text", wantIn: "want string"},
		{name: "corrupt parquet", files: map[string]string{"a.parquet": "PAR1 this is not parquet PAR1", "b.jsonl": good},
			wantGood: 1, wantInput: "a.parquet", wantIn: "parquet"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := t.TempDir()
			for name, content := range tc.files {
				if err := os.WriteFile(filepath.Join(in, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tc.link[0] != "" {
				if err := os.Symlink(tc.link[1], filepath.Join(in, tc.link[0])); err != nil {
					t.Skip("symlinks not supported:", err)
				}
			}
			dir, m := runOnce(t, testConfig(), in)
			if got := len(readRows(t, filepath.Join(dir, "articles.parquet"))); tc.wantGood >= 0 && got != tc.wantGood {
				t.Errorf("%d articles written, want %d", got, tc.wantGood)
			}
			rejects := readRejects(t, dir)
			if int64(len(rejects)) != m.Rejects.Records+m.Rejects.Inputs+m.Rejects.Fields {
				t.Errorf("manifest counts %+v, rejects.jsonl has %d lines", m.Rejects, len(rejects))
			}
			for _, r := range rejects {
				if strings.HasSuffix(r.Input, tc.wantInput) && (tc.wantRec == 0 || r.Record == tc.wantRec) &&
					r.Field == tc.wantField && strings.Contains(r.Reason, tc.wantIn) {
					return
				}
			}
			t.Errorf("no reject for %s record %d field %q with %q; got %+v", tc.wantInput, tc.wantRec, tc.wantField, tc.wantIn, rejects)
		})
	}
}

type rejectLine struct {
	Input, Field, Stage, Action, Reason string
	Record                              int64
}

func readRejects(t *testing.T, dir string) []rejectLine {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, RejectsFile))
	if err != nil {
		t.Fatal(err)
	}
	var out []rejectLine
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var r rejectLine
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("rejects.jsonl line %q: %v", line, err)
		}
		out = append(out, r)
	}
	return out
}

// truncatedGzip returns s gzip'd with the last bytes of the stream cut off.
func truncatedGzip(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()[:b.Len()-12]
}

func TestDuplicateIDs(t *testing.T) {
	in := filepath.Join(t.TempDir(), "dup.jsonl")
	content := `{"id":"x","text":"First one."}` + "\n" + `{"id":"y","text":"Other."}` + "\n" + `{"id":"x","text":"Second one."}` + "\n"
	if err := os.WriteFile(in, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	dir, m := runOnce(t, cfg, in)
	rows := readRows(t, filepath.Join(dir, "articles.parquet"))
	if len(rows) != 2 || m.Rejects.Records != 1 {
		t.Fatalf("reject policy: %d rows, %d rejects", len(rows), m.Rejects.Records)
	}
	cfg.Read.DuplicateIDs = "keep"
	if _, m := runOnce(t, cfg, in); m.Counts.Articles != 3 {
		t.Fatalf("keep policy: %d articles", m.Counts.Articles)
	}
	cfg.Read.DuplicateIDs = "fail"
	out := filepath.Join(t.TempDir(), "out")
	_, err := Run(context.Background(), cfg, Options{Inputs: []string{in}, OutDir: out})
	if err == nil || !strings.Contains(err.Error(), `duplicate article id "x"`) || !strings.Contains(err.Error(), "record 3") {
		t.Fatalf("fail policy: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("failed run left an output directory")
	}
}

func TestDuplicateJSONKey(t *testing.T) {
	in := filepath.Join(t.TempDir(), "k.jsonl")
	content := `{"id":"a","text":"One.","text":"Two."}` + "\n" + `{"id":"b","text":"Fine.","extra":1,"extra":2}` + "\n"
	if err := os.WriteFile(in, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, _ := runOnce(t, testConfig(), in)
	if rows := readRows(t, filepath.Join(dir, "articles.parquet")); len(rows) != 1 {
		t.Fatalf("%d rows; a record with a duplicate text key must be rejected, one with duplicate unknown keys kept", len(rows))
	}
	rej := readRejects(t, dir)
	if len(rej) != 1 || rej[0].Field != "text" || !strings.Contains(rej[0].Reason, `duplicate key "text"`) {
		t.Fatalf("rejects %+v", rej)
	}
}

// TestChecksumsAreDeterministic runs the same input under several worker
// counts, channel sizes, batch sizes and GOMAXPROCS, and compares the row
// checksums the manifest records.
func TestChecksumsAreDeterministic(t *testing.T) {
	defer goleak.VerifyNone(t)
	type combo struct{ workers, channel, inFlight, batch, procs int }
	combos := []combo{{1, 1, 1, 8192, 1}, {2, 4, 0, 3, 2}, {4, 2, 5, 17, 4}, {3, 64, 0, 1, 3}}
	var first []string
	for _, c := range combos {
		prev := runtime.GOMAXPROCS(c.procs)
		cfg := testConfig()
		cfg.Split.Workers, cfg.Sentiment.Workers, cfg.Stance.Workers = c.workers, c.workers, c.workers
		cfg.Engine.ChannelSize, cfg.Engine.MaxInFlight, cfg.Output.BatchRows = c.channel, c.inFlight, c.batch
		_, m := runOnce(t, cfg, sampleCorpus, filepath.Join(formatsDir, "text"))
		runtime.GOMAXPROCS(prev)
		var sums []string
		for _, o := range m.Outputs {
			if o.RowsChecksum == "" {
				t.Fatalf("%s: no checksum", o.File)
			}
			sums = append(sums, o.File+"="+o.RowsChecksum)
		}
		if first == nil {
			first = sums
		} else if !reflect.DeepEqual(sums, first) {
			t.Fatalf("combo %+v: checksums %v differ from %v", c, sums, first)
		}
	}
}

// TestDiskFull simulates a disk that fills: the sentences table is opened
// on /dev/full, where every write fails with ENOSPC. The run must fail with
// an error naming the file, and leave no output.
func TestDiskFull(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	defer goleak.VerifyNone(t)
	testHookTempDir = func(dir string) {
		if err := os.Symlink("/dev/full", filepath.Join(dir, "sentences.parquet")); err != nil {
			t.Error(err)
		}
	}
	defer func() { testHookTempDir = nil }()
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	cfg := testConfig()
	cfg.Output.BatchRows, cfg.Output.RowGroupRows = 1, 1
	_, err := Run(context.Background(), cfg, Options{Inputs: []string{sampleCorpus}, OutDir: out})
	if err == nil || !strings.Contains(err.Error(), "sentences.parquet") || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("got %v, want an error naming sentences.parquet and the full disk", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Fatalf("failed run left %v", entries)
	}
}

func TestUnwritableOutput(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(parent, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// The output's parent is a regular file: nothing can be created there.
	_, err := Run(context.Background(), testConfig(), Options{Inputs: []string{sampleCorpus}, OutDir: filepath.Join(parent, "out")})
	if err == nil || !strings.Contains(err.Error(), "output") {
		t.Fatalf("got %v, want an error about the output directory", err)
	}
}

// parquetWith returns the bytes of a one-row Parquet file with one column
// of the given name, holding v (a string or an int64).
func parquetWith(t *testing.T, name string, v any) string {
	t.Helper()
	typ := arrow.DataType(arrow.BinaryTypes.String)
	if _, ok := v.(int64); ok {
		typ = arrow.PrimitiveTypes.Int64
	}
	sc := arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.BinaryTypes.String}, {Name: name, Type: typ}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	b.Field(0).(*array.StringBuilder).Append("p1")
	switch x := v.(type) {
	case string:
		b.Field(1).(*array.StringBuilder).Append(x)
	case int64:
		b.Field(1).(*array.Int64Builder).Append(x)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	fw, err := pqarrow.NewFileWriter(sc, &buf, nil, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := fw.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestGoodInputQuirks: inputs that look odd but are fine are read whole,
// with nothing rejected.
func TestGoodInputQuirks(t *testing.T) {
	in := t.TempDir()
	files := map[string]string{
		"bom_crlf.jsonl": "\uFEFF" + `{"id":"b1","text":"Line one.\r\nLine two.","extra":{"nested":[1,{"x":null}]}}` + "\r\n",
		"lone_cr.txt":    "Headline\r\rBody one.\rBody two.",
		"quoted.csv":     "id,text\nq1,\"First line.\nSecond line, quoted.\"\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(in, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir, m := runOnce(t, testConfig(), in)
	if m.Counts.Articles != 3 || m.Rejects.Records+m.Rejects.Inputs+m.Rejects.Fields != 0 {
		t.Fatalf("articles %d, rejects %+v: %+v", m.Counts.Articles, m.Rejects, readRejects(t, dir))
	}
}
