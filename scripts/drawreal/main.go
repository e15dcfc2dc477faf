// Command drawreal draws a batch of real-news sentences for the stance
// evaluation (testdata/stance/real): per source, n sentences at random
// among those that give the axis something to decide, skipping those
// already labelled. It prints the batch as label lines to fill in, and
// each sentence with the three before it for the labeller, never the
// method's output, so that the batch can be labelled blind.
//
// Usage:
//
//	go run ./scripts/drawreal -seed 242424 -out /tmp/b24.jsonl -context /tmp/b24.txt
//
// A sentence is a candidate when it is at least 30 bytes long, names a
// keyword of either side (the expressions moscowSide and otherSide below,
// not the method's matcher) and its window (it and the two sentences
// before it) names both sides. Articles are read and split with the
// default reader and splitter, as TestStanceRealEval reads them; the
// sources are the article id's prefixes guardian-, kremlin-,
// ua-president- and hk-. The draw is a function of the corpus, the labels
// file and -seed.
//
// With -again, the draw is among the sentences already labelled instead
// (n per source, whether or not they are candidates), for a second blind
// labelling: the labels file's own consistency (testdata/stance/real's
// relabel.jsonl and TestStanceLabelAgreement). The labeller sees the
// sentences as for a new batch, not the first labels.
//
// Each output line has the article id, the sentence index and the XXH3-64
// hash of the sentence's text, with empty labels: camps [], speaker null,
// favour {}, axis "", sentiment 0. Errors go to standard error with exit
// status 1; bad flags exit 2.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/zeebo/xxh3"

	"github.com/stancepipe/stancepipe/stages"
)

// The keywords of the two sides (case-sensitive). Batches 22 and 23 were
// drawn with these expressions by an earlier script (Python's re, whose \w
// also matches non-ASCII letters; no keyword of the corpus differs).
var (
	moscowSide = regexp.MustCompile(`\b(Russia\w*|Kremlin|Moscow|Putin\w*|Lavrov|Peskov|Shoigu|Zakharova|Medvedev|Belarus\w*|Lukashenk\w*|Donetsk|Luhansk|DPR|LPR|separatist\w*|Wagner)\b`)
	otherSide  = regexp.MustCompile(`\b(Ukrain\w*|Kyiv|Kiev|Zelensk\w*|NATO|Western|West|US|U\.S\.|United States|America\w*|Washington|Biden|Trump|EU|European\w*|Brussels|Britain|British|UK|London|France|French|Paris|German\w*|Berlin|Pol\w+|Warsaw|G7|Blinken|Stoltenberg|Kuleba|Macron|Scholz)\b`)
)

// sources are the article id prefixes drawn from, in order.
var sources = []string{"guardian-", "kremlin-", "ua-president-", "hk-"}

const (
	minBytes = 30 // shorter sentences are page furniture more often than not
	window   = 2  // sentences before the drawn one that may name the other side
	shown    = 3  // sentences before it shown to the labeller
)

type key struct {
	article  string
	sentence int
}

// article is what the draw keeps of an article: its sentences' texts.
type article struct {
	id        string
	sentences []string
}

// draw is one drawn sentence.
type draw struct {
	article *article
	index   int
}

func main() {
	corpus := flag.String("corpus", "../shared/corpus/ukraine_news.jsonl.gz", "the corpus to draw from")
	labels := flag.String("labels", "testdata/stance/real/ukraine_news.jsonl", "the labels file: its sentences are not drawn again")
	seed := flag.Uint64("seed", 0, "the seed of the draw (required)")
	n := flag.Int("n", 10, "sentences per source")
	out := flag.String("out", "", "where to write the label lines (default: standard output)")
	ctxOut := flag.String("context", "", "where to write each sentence with the ones before it (default: standard error)")
	again := flag.Bool("again", false, "draw among the labelled sentences, for a second blind labelling")
	flag.Parse()
	if *seed == 0 || *n <= 0 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: drawreal -seed N [-n 10] [-again] [-corpus FILE] [-labels FILE] [-out FILE] [-context FILE]")
		os.Exit(2)
	}
	if err := run(*corpus, *labels, *seed, *n, *again, *out, *ctxOut); err != nil {
		fmt.Fprintln(os.Stderr, "drawreal:", err)
		os.Exit(1)
	}
}

func run(corpus, labelsPath string, seed uint64, n int, again bool, out, ctxOut string) error {
	done, err := readLabelled(labelsPath)
	if err != nil {
		return err
	}
	arts, err := readCorpus(corpus)
	if err != nil {
		return err
	}
	draw := drawBatch
	if again {
		draw = drawAgain
	}
	draws, err := draw(arts, done, seed, n)
	if err != nil {
		return err
	}
	lw, cw := io.Writer(os.Stdout), io.Writer(os.Stderr)
	var files []*os.File
	for _, f := range []struct {
		path string
		w    *io.Writer
	}{{out, &lw}, {ctxOut, &cw}} {
		if f.path == "" {
			continue
		}
		fh, err := os.Create(f.path)
		if err != nil {
			return err
		}
		files = append(files, fh)
		*f.w = fh
	}
	werr := write(lw, cw, draws)
	for _, f := range files {
		if err := f.Close(); err != nil && werr == nil {
			werr = err
		}
	}
	return werr
}

// readLabelled returns the sentences a labels file already holds.
func readLabelled(path string) (map[key]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	done := map[key]bool{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var l struct {
			Article  string `json:"article"`
			Sentence *int   `json:"sentence"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		if l.Article == "" || l.Sentence == nil {
			return nil, fmt.Errorf("%s:%d: article or sentence missing", path, line)
		}
		done[key{l.Article, *l.Sentence}] = true
	}
	return done, sc.Err()
}

// readCorpus reads and splits a corpus with the default configuration.
func readCorpus(path string) ([]*article, error) {
	r, err := stages.NewReader(stages.DefaultReaderConfig(), nil)
	if err != nil {
		return nil, err
	}
	sp, err := stages.NewSplitter(stages.DefaultSplitterConfig())
	if err != nil {
		return nil, err
	}
	var arts []*article
	var rejected []string
	err = r.Read(context.Background(), path, func(a *stages.Article) error {
		ss := sp.Split(a.Text, nil)
		art := &article{id: a.ID, sentences: make([]string, len(ss))}
		for i, s := range ss {
			art.sentences[i] = a.Text[s.ByteStart:s.ByteEnd]
		}
		arts = append(arts, art)
		return nil
	}, func(rj stages.Reject) { rejected = append(rejected, fmt.Sprintf("%+v", rj)) })
	if err != nil {
		return nil, err
	}
	if len(rejected) > 0 {
		// A reject moves nothing the labels point at, but a corpus that
		// is not the one the labels were drawn from should not pass.
		return nil, fmt.Errorf("%s: %d records rejected, the first %s", path, len(rejected), rejected[0])
	}
	sort.Slice(arts, func(i, j int) bool { return arts[i].id < arts[j].id })
	return arts, nil
}

// candidate reports whether sentence i of a may be drawn.
func candidate(a *article, i int) bool {
	t := a.sentences[i]
	if len(t) < minBytes || !moscowSide.MatchString(t) && !otherSide.MatchString(t) {
		return false
	}
	var mos, oth bool
	for j := max(0, i-window); j <= i; j++ {
		mos = mos || moscowSide.MatchString(a.sentences[j])
		oth = oth || otherSide.MatchString(a.sentences[j])
	}
	return mos && oth
}

// drawBatch draws n candidates per source, not among done. The candidates
// of a source are taken in article-id and sentence order, and the first n
// of a permutation by a PCG generator seeded with (seed, source's index)
// are drawn, in that permutation's order.
func drawBatch(arts []*article, done map[key]bool, seed uint64, n int) ([]draw, error) {
	return drawAmong(arts, seed, n, func(a *article, i int) bool { return !done[key{a.id, i}] && candidate(a, i) })
}

// drawAgain draws n sentences per source among done, as drawBatch draws
// candidates. A labelled sentence the corpus no longer has is an error.
func drawAgain(arts []*article, done map[key]bool, seed uint64, n int) ([]draw, error) {
	found := 0
	ds, err := drawAmong(arts, seed, n, func(a *article, i int) bool {
		if done[key{a.id, i}] {
			found++
			return true
		}
		return false
	})
	if err == nil && found != len(done) {
		err = fmt.Errorf("%d labelled sentences, %d of them in the corpus", len(done), found)
	}
	return ds, err
}

// drawAmong draws n of the sentences ok accepts per source (see drawBatch).
func drawAmong(arts []*article, seed uint64, n int, ok func(a *article, i int) bool) ([]draw, error) {
	var out []draw
	for si, src := range sources {
		var cands []draw
		for _, a := range arts {
			if !strings.HasPrefix(a.id, src) {
				continue
			}
			for i := range a.sentences {
				if ok(a, i) {
					cands = append(cands, draw{a, i})
				}
			}
		}
		if len(cands) < n {
			return nil, fmt.Errorf("source %s: %d candidates, %d wanted", src, len(cands), n)
		}
		rng := rand.New(rand.NewPCG(seed, uint64(si)))
		for _, p := range rng.Perm(len(cands))[:n] {
			out = append(out, cands[p])
		}
	}
	return out, nil
}

// labelLine is a line of the labels file, in its field order, with the
// labels left empty.
type labelLine struct {
	Article   string         `json:"article"`
	Sentence  int            `json:"sentence"`
	TextHash  string         `json:"text_hash"`
	Camps     []string       `json:"camps"`
	Speaker   *string        `json:"speaker"`
	Favour    map[string]int `json:"favour"`
	Axis      string         `json:"axis"`
	Sentiment int            `json:"sentiment"`
}

// write prints the label lines to lw and the sentences in context to cw.
func write(lw, cw io.Writer, draws []draw) error {
	lb, cb := bufio.NewWriter(lw), bufio.NewWriter(cw)
	for _, d := range draws {
		text := d.article.sentences[d.index]
		line, err := json.Marshal(labelLine{
			Article: d.article.id, Sentence: d.index,
			TextHash: fmt.Sprintf("%016x", xxh3.HashString(text)),
			Camps:    []string{}, Favour: map[string]int{},
		})
		if err != nil {
			return err
		}
		lb.Write(line)
		lb.WriteByte('\n')
		fmt.Fprintf(cb, "=== %s[%d]\n", d.article.id, d.index)
		for j := max(0, d.index-shown); j < d.index; j++ {
			fmt.Fprintf(cb, "  before: %s\n", d.article.sentences[j])
		}
		fmt.Fprintf(cb, "  >>> %s\n\n", text)
	}
	if err := lb.Flush(); err != nil {
		return err
	}
	return cb.Flush()
}
