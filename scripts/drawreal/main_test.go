package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zeebo/xxh3"
)

func TestCandidate(t *testing.T) {
	a := &article{id: "guardian-x", sentences: []string{
		"The Kremlin announced new drills near the border today.",    // 0: one side only
		"Farmers in the valley harvested a record crop this year.",   // 1: no keyword
		"Officials in Kyiv said the drills were meant to frighten.",  // 2: Kyiv, Moscow two back
		"Officials in Kyiv later said nothing new about the drills.", // 3: Kyiv, Moscow three back
		"Short, with Kyiv.", // 4: under 30 bytes
		"Moscow and Kyiv both kept quiet for the rest of the week.", // 5: both sides in itself
	}}
	want := []bool{false, false, true, false, false, true}
	for i, w := range want {
		if got := candidate(a, i); got != w {
			t.Errorf("sentence %d (%q): candidate %v, want %v", i, a.sentences[i], got, w)
		}
	}
}

// testArticles makes n articles per source, each with a first sentence
// naming Moscow and a second naming Kyiv: one candidate per article.
func testArticles(n int) []*article {
	var arts []*article
	for _, src := range sources {
		for i := range n {
			arts = append(arts, &article{id: fmt.Sprintf("%s%03d", src, i), sentences: []string{
				"Moscow said very little about it on that day.",
				"A statement from Kyiv followed some hours later.",
			}})
		}
	}
	return arts
}

func TestDrawBatch(t *testing.T) {
	arts := testArticles(20)
	done := map[key]bool{{"kremlin-003", 1}: true}
	a, err := drawBatch(arts, done, 7, 5)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := drawBatch(arts, done, 7, 5)
	c, _ := drawBatch(arts, done, 8, 5)
	if len(a) != 4*5 {
		t.Fatalf("%d drawn, want 20", len(a))
	}
	ids := func(ds []draw) []string {
		var out []string
		for _, d := range ds {
			out = append(out, fmt.Sprintf("%s[%d]", d.article.id, d.index))
		}
		return out
	}
	if !reflect.DeepEqual(ids(a), ids(b)) {
		t.Errorf("the same seed drew %v and %v", ids(a), ids(b))
	}
	if reflect.DeepEqual(ids(a), ids(c)) {
		t.Errorf("seeds 7 and 8 drew the same batch %v", ids(a))
	}
	for k, d := range a {
		if src := sources[k/5]; !strings.HasPrefix(d.article.id, src) {
			t.Errorf("draw %d is %s, want source %s", k, d.article.id, src)
		}
		if d.article.id == "kremlin-003" || d.index != 1 {
			t.Errorf("drew %s[%d]: labelled, or not a candidate", d.article.id, d.index)
		}
	}
	if _, err := drawBatch(arts, done, 7, 20); err == nil || !strings.Contains(err.Error(), "kremlin-: 19 candidates, 20 wanted") {
		t.Errorf("too few candidates: err %v", err)
	}
}

func TestReadLabelledErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ text, want string }{
		{`{"article": "a", "sentence": 1}` + "\n" + `{"article": "b"}`, "labels.jsonl:2: article or sentence missing"},
		{"\n" + `{"article": "a", "sentence": "x"}`, "labels.jsonl:2: json"},
	} {
		p := filepath.Join(dir, "labels.jsonl")
		if err := os.WriteFile(p, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readLabelled(p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err %v, want %q", c.text, err, c.want)
		}
	}
}

// run end to end on a corpus of our own: the label lines name drawn
// sentences with their hashes, and the context shows the sentences before.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var corpus strings.Builder
	for _, src := range sources {
		for i := range 3 {
			text := "Moscow said very little about it on that day. A statement from Kyiv followed some hours later."
			line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("%s%d", src, i), "text": text, "title": "t"})
			corpus.Write(line)
			corpus.WriteByte('\n')
		}
	}
	cp, lp := filepath.Join(dir, "c.jsonl"), filepath.Join(dir, "labels.jsonl")
	out, ctx := filepath.Join(dir, "out.jsonl"), filepath.Join(dir, "ctx.txt")
	if err := os.WriteFile(cp, []byte(corpus.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lp, []byte(`{"article": "hk-0", "sentence": 1}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(cp, lp, 3, 2, false, out, ctx); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		var l labelLine
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if l.Sentence != 1 || l.Article == "hk-0" {
			t.Errorf("line %d: drew %s[%d]", n, l.Article, l.Sentence)
		}
		if want := fmt.Sprintf("%016x", xxh3.HashString("A statement from Kyiv followed some hours later.")); l.TextHash != want {
			t.Errorf("line %d: text_hash %s, want %s", n, l.TextHash, want)
		}
	}
	if n != 8 {
		t.Errorf("%d lines, want 8", n)
	}
	b, err := os.ReadFile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := "  before: Moscow said very little about it on that day.\n  >>> A statement from Kyiv followed some hours later.\n"; !strings.Contains(string(b), want) {
		t.Errorf("context:\n%s\nwant it to hold\n%s", b, want)
	}
}

// drawAgain draws only labelled sentences, n per source, candidates or
// not, and fails when a labelled sentence is not in the corpus.
func TestDrawAgain(t *testing.T) {
	arts := testArticles(4)
	done := map[key]bool{}
	for _, src := range sources {
		done[key{src + "001", 0}] = true // not a candidate: one side only
		done[key{src + "002", 1}] = true
	}
	ds, err := drawAgain(arts, done, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 8 {
		t.Fatalf("%d drawn, want 8", len(ds))
	}
	for k, d := range ds {
		if !done[key{d.article.id, d.index}] || !strings.HasPrefix(d.article.id, sources[k/2]) {
			t.Errorf("draw %d is %s[%d]: not labelled, or of another source", k, d.article.id, d.index)
		}
	}
	if _, err := drawAgain(arts, done, 5, 3); err == nil {
		t.Error("3 per source drawn from 2 labelled per source")
	}
	done[key{"hk-009", 0}] = true // no such article
	if _, err := drawAgain(arts, done, 5, 2); err == nil || !strings.Contains(err.Error(), "in the corpus") {
		t.Errorf("a labelled sentence missing from the corpus: err %v", err)
	}
}
