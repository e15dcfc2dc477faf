package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/stancepipe/stancepipe/stages"
)

const formatsDir = "../testdata/corpus/formats"

type sampleArticle struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Date   string `json:"date"`
	Source string `json:"source"`
	URL    string `json:"url"`
	Text   string `json:"text"`
}

func loadSample(t *testing.T) []sampleArticle {
	t.Helper()
	b, err := os.ReadFile(sampleCorpus)
	if err != nil {
		t.Fatal(err)
	}
	var out []sampleArticle
	for i, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var a sampleArticle
		if err := json.Unmarshal(line, &a); err != nil {
			t.Fatalf("%s line %d: %v", sampleCorpus, i+1, err)
		}
		out = append(out, a)
	}
	return out
}

// TestSampleCorpusFormats checks that every format of the bundled sample
// corpus reads back as the same articles. With -update it first writes the
// formats from testdata/corpus/articles.jsonl.
func TestSampleCorpusFormats(t *testing.T) {
	want := loadSample(t)
	if len(want) < 12 {
		t.Fatalf("sample corpus has %d articles, want at least 12", len(want))
	}
	if *update {
		writeFormats(t, want)
	}
	inputs := []string{
		filepath.Join(formatsDir, "articles.jsonl.gz"),
		filepath.Join(formatsDir, "articles.csv"),
		filepath.Join(formatsDir, "articles.csv.gz"),
		filepath.Join(formatsDir, "articles.parquet"),
		filepath.Join(formatsDir, "text"),
		filepath.Join(formatsDir, "markdown"),
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			r, err := stages.NewReader(stages.DefaultReaderConfig(), nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []*stages.Article
			err = r.Read(context.Background(), in, func(a *stages.Article) error { got = append(got, a); return nil },
				func(rj stages.Reject) { t.Errorf("reject: %+v", rj) })
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d articles, want %d", len(got), len(want))
			}
			textOnly := !strings.Contains(filepath.Base(in), ".")
			for i, a := range got {
				w := want[i]
				if textOnly {
					// A text file ends with a newline, which is part of what was read.
					w.Text += "\n"
				}
				if a.Text != w.Text || a.Title != w.Title {
					t.Errorf("article %d: text or title differs\n got title %q\nwant title %q", i, a.Title, w.Title)
				}
				if textOnly {
					continue
				}
				wd, _ := time.Parse(time.RFC3339, w.Date)
				if w.Date != "" && wd.IsZero() {
					wd, _ = time.Parse("2006-01-02", w.Date)
				}
				if a.ID != w.ID || a.Source != w.Source || a.URL != w.URL || !a.PublishedAt.Equal(wd) {
					t.Errorf("article %d: got %q %q %q %v, want %q %q %q %v", i, a.ID, a.Source, a.URL, a.PublishedAt, w.ID, w.Source, w.URL, wd)
				}
			}
		})
	}
}

func writeFormats(t *testing.T, arts []sampleArticle) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.RemoveAll(formatsDir))
	for _, d := range []string{"text", "markdown"} {
		must(os.MkdirAll(filepath.Join(formatsDir, d), 0o755))
	}
	var jsonl bytes.Buffer
	var csvb bytes.Buffer
	cw := csv.NewWriter(&csvb)
	must(cw.Write([]string{"id", "title", "date", "source", "url", "text"}))
	for i, a := range arts {
		line, err := json.Marshal(a)
		must(err)
		jsonl.Write(line)
		jsonl.WriteByte('\n')
		must(cw.Write([]string{a.ID, a.Title, a.Date, a.Source, a.URL, a.Text}))
		name := fmt.Sprintf("%02d_%s", i+1, a.ID)
		must(os.WriteFile(filepath.Join(formatsDir, "text", name+".txt"), []byte(a.Title+"\n\n"+a.Text+"\n"), 0o644))
		must(os.WriteFile(filepath.Join(formatsDir, "markdown", name+".md"), []byte("# "+a.Title+"\n\n"+a.Text+"\n"), 0o644))
	}
	cw.Flush()
	must(cw.Error())
	must(os.WriteFile(filepath.Join(formatsDir, "articles.csv"), csvb.Bytes(), 0o644))
	must(os.WriteFile(filepath.Join(formatsDir, "articles.jsonl.gz"), gzipBytes(t, jsonl.Bytes()), 0o644))
	must(os.WriteFile(filepath.Join(formatsDir, "articles.csv.gz"), gzipBytes(t, csvb.Bytes()), 0o644))
	must(writeInputParquet(filepath.Join(formatsDir, "articles.parquet"), arts))
}

func gzipBytes(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.ModTime = time.Time{} // reproducible bytes
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeInputParquet writes articles the way another tool might: dates as a
// timestamp column, the rest as strings.
func writeInputParquet(path string, arts []sampleArticle) error {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "title", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "date", Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "source", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "url", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "text", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for _, a := range arts {
		b.Field(0).(*array.StringBuilder).Append(a.ID)
		b.Field(1).(*array.StringBuilder).Append(a.Title)
		d, err := time.Parse(time.RFC3339, a.Date)
		if err != nil {
			if d, err = time.Parse("2006-01-02", a.Date); err != nil {
				return err
			}
		}
		b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(d.UnixMilli()))
		b.Field(3).(*array.StringBuilder).Append(a.Source)
		b.Field(4).(*array.StringBuilder).Append(a.URL)
		b.Field(5).(*array.StringBuilder).Append(a.Text)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	fw, err := pqarrow.NewFileWriter(schema, f, parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd)), pqarrow.DefaultWriterProps())
	if err != nil {
		f.Close()
		return err
	}
	if err := fw.Write(rec); err != nil {
		fw.Close()
		return err
	}
	return fw.Close()
}
