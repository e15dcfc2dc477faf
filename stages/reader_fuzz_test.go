package stages

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzRead reads data as a file of the given name and checks the reader's
// contract: no panic, no error (bad input is rejected, not fatal), and every
// article it emits has valid UTF-8, some text and a record number.
func fuzzRead(t *testing.T, name string, data []byte) {
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultReaderConfig()
	cfg.MaxLineBytes = 4096
	r, err := NewReader(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = r.Read(context.Background(), p, func(a *Article) error {
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.ID) || !utf8.ValidString(a.Title) {
			t.Fatalf("invalid UTF-8 passed the reject policy: %+v", a)
		}
		if strings.TrimSpace(a.Text) == "" || a.Record < 1 || a.ID == "" {
			t.Fatalf("article without text, record or id: %+v", a)
		}
		return nil
	}, func(rj Reject) {
		if rj.Reason == "" || rj.Input == "" || rj.Stage != "read" {
			t.Fatalf("reject without reason, input or stage: %+v", rj)
		}
	})
	if err != nil {
		t.Fatalf("Read returned %v; bad input must be rejected, not fatal", err)
	}
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"One."}` + "\n" + `{"text":"Two.","date":"2022-01-02"}`))
	f.Add([]byte("\uFEFF{\"text\":\"x\",\"text\":\"y\"}\r\n[1]\n{\"text\":5}\n{\"id\":{},\"text\":\"z\"}"))
	f.Add([]byte("{\"text\":\"caf\xe9\"}\n{\"text\":\"\\u0000\"}\n{\"a\":[[[[[[[]]]]]]],\"text\":\"deep\"}"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "in.jsonl", data) })
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("id,title,text\n1,T,\"Body, with comma.\"\n2,U,\"multi\nline\"\n3,short\n"))
	f.Add([]byte("\uFEFFtext\n\"unterminated\n"))
	f.Add([]byte("id,body\nx,y\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "in.csv", data) })
}

func FuzzReadText(f *testing.F) {
	f.Add([]byte("Title\n\nBody.\n"))
	f.Add([]byte("\uFEFF\r\n\r\n"))
	f.Add([]byte("# x\n \nbad \xff"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "in.md", data) })
}

func FuzzReadParquet(f *testing.F) {
	if b, err := os.ReadFile("../testdata/corpus/formats/articles.parquet"); err == nil {
		f.Add(b)
		f.Add(b[:len(b)/2])
		f.Add(append([]byte("PAR1"), b[len(b)-200:]...))
	}
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "in.parquet", data) })
}

func FuzzReadGzip(f *testing.F) {
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"))
	if b, err := os.ReadFile("../testdata/corpus/formats/articles.jsonl.gz"); err == nil {
		f.Add(b)
		f.Add(b[:len(b)-9])
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "in.jsonl.gz", data) })
}

// FuzzDecodeObject checks the single-pass JSON member scanner against
// encoding/json on arbitrary lines, in memory (the file-based targets above
// are slow per execution): it must accept exactly what json.Valid accepts,
// fail with encoding/json's syntax error at the same offset, find the same
// members with the same raw values, report the first duplicate key, and
// decode every value as encoding/json would (see jlCompareWithJSON).
func FuzzDecodeObject(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"x\"y","n":[1,{"b":"}"}],"t":true}`))
	f.Add([]byte(` {"a":1,"a":2} `))
	f.Add([]byte(`{"a":"\u0041","b":-1.5e3,"c":null}`))
	f.Add([]byte(`[1,2]`))
	f.Add([]byte(`{"a":1}x`))
	f.Add([]byte(`{"t\u00e9xt":"\ud83d\ude00 \ud83d \ude00\ud83d\u0041\n\/","id":12e-3}`))
	f.Add([]byte(`{"a":[{"b":[]},{}],"c":{"d":{"e":[null,false,-0.0E+1]}},"text":"tab\tquote\"."}`))
	f.Add([]byte("{\"a\":\"line\nbreak\"}"))
	f.Add([]byte(`{"a":tru}`))
	f.Add([]byte(`{"a":-`))
	f.Add([]byte(`{"a":"\u12`))
	f.Add([]byte(`{"a" 1}`))
	f.Fuzz(func(t *testing.T, line []byte) { jlCompareWithJSON(t, line) })
}
