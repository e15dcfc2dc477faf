package stages

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// stanceSharedDir locates the read-only shared data: $STANCEPIPE_SHARED or
// ../shared relative to the repository root. Without it the test skips, or
// fails under CI.
func stanceSharedDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("STANCEPIPE_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared")
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("shared data dir: %v (required under CI)", err)
		}
		t.Skipf("shared data dir: %v", err)
	}
	return dir
}

// stanceCorpusArticles reads up to limit (0: all) articles of the Ukraine
// news corpus.
func stanceCorpusArticles(t testing.TB, limit int) []*Article {
	t.Helper()
	path := filepath.Join(stanceSharedDir(t), "corpus", "ukraine_news.jsonl.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var arts []*Article
	for sc.Scan() {
		var r struct {
			ID, Text    string
			Source, URL *string
			Date, Title *string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		a := &Article{ID: r.ID, Text: r.Text}
		if r.Source != nil {
			a.Source = *r.Source
		}
		if r.URL != nil {
			a.URL = *r.URL
		}
		if r.Date != nil {
			if d, err := time.Parse(time.RFC3339, *r.Date); err == nil {
				a.PublishedAt = d
			} else if d, err := time.Parse(time.DateOnly, (*r.Date)[:min(10, len(*r.Date))]); err == nil {
				a.PublishedAt = d
			}
		}
		arts = append(arts, a)
		if limit > 0 && len(arts) == limit {
			break
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return arts
}

// BenchmarkStance scores corpus articles already split and scored for
// sentiment; the split and sentiment sub-benchmarks run the previous stages
// over the same articles so the costs compare directly (MB/s of article
// text).
func BenchmarkStance(b *testing.B) {
	arts := stanceCorpusArticles(b, 400)
	sp, err := NewSplitter(DefaultSplitterConfig())
	if err != nil {
		b.Fatal(err)
	}
	se, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		b.Fatal(err)
	}
	st, err := NewStance(DefaultStanceConfig(), stanceBenchLexicon(b))
	if err != nil {
		b.Fatal(err)
	}
	var bytes int64
	sentences := 0
	for _, a := range arts {
		a.Sentences = sp.Split(a.Text, a.Sentences[:0])
		if err := se.ScoreArticle(a); err != nil {
			b.Fatal(err)
		}
		bytes += int64(len(a.Text))
		sentences += len(a.Sentences)
	}
	b.Run("stance", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(bytes)
		for b.Loop() {
			for _, a := range arts {
				// As in the pipeline, every article arrives without stance
				// results, so their allocations are measured too.
				a.Mentions, a.Stance = nil, ArticleStance{}
				for i := range a.Sentences {
					a.Sentences[i].Stance = SentenceStance{}
				}
				if err := st.ScoreArticle(a); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(sentences), "ns/sentence")
	})
	b.Run("split", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(bytes)
		var buf []Sentence
		for b.Loop() {
			for _, a := range arts {
				buf = sp.Split(a.Text, buf[:0])
			}
		}
	})
	b.Run("sentiment", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(bytes)
		for b.Loop() {
			for _, a := range arts {
				if err := se.ScoreArticle(a); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// stanceBenchLexicon is the production lexicon when present, else the test one.
func stanceBenchLexicon(b testing.TB) []byte {
	if d, err := os.ReadFile("../configs/actors.yaml"); err == nil {
		return d
	}
	return readStanceTestActors(b)
}
