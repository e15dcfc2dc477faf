package stages

import (
	"testing"
)

// BenchmarkWrite writes the Ukraine corpus's tables to Parquet, one
// iteration per corpus, so that a regression in the writer shows here and
// not only end to end. MB/s is of article text. "floor" is the layout of
// a run without sentiment and stance (articles and sentences, the
// benchmark script's floor); "no-stance" adds the sentiment columns;
// "full" adds the stance columns and the mentions table. full/floor is the
// writer's share of what sentiment and stance cost end to end, and
// full/no-stance its share of what stance costs (issue 5's budget).
func BenchmarkWrite(b *testing.B) {
	arts := corpusArticles(b, 0)
	splitScored(b, arts)
	st, err := NewStance(DefaultStanceConfig(), stanceBenchLexicon(b))
	if err != nil {
		b.Fatal(err)
	}
	var bytes int64
	for _, a := range arts {
		if err := st.ScoreArticle(a); err != nil {
			b.Fatal(err)
		}
		bytes += int64(len(a.Text))
	}
	full := Layout{Sentiment: true, Stance: true, Camps: st.Camps()}
	for _, c := range []struct {
		name    string
		layout  Layout
		workers int // output.encode_workers; 0 for the default
	}{
		{"floor", Layout{}, 0},
		{"no-stance", Layout{Sentiment: true}, 0},
		{"full", full, 0},
		// The writer alone, its columns encoded by one goroutine per
		// table or by two: how far the encoding's wall time shrinks
		// where CPUs are free.
		{"full-1-encoder", full, 1},
		{"full-2-encoders", full, 2},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(bytes)
			b.ReportAllocs()
			cfg := DefaultWriterConfig()
			if c.workers > 0 {
				cfg.EncodeWorkers = c.workers
			}
			for b.Loop() {
				w, err := NewWriter(cfg, b.TempDir(), c.layout, nil)
				if err != nil {
					b.Fatal(err)
				}
				for _, a := range arts {
					if err := w.Write(a); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRead decodes the gzip'd JSON Lines corpus with the reader, one
// iteration per corpus; MB/s is of article text.
func BenchmarkRead(b *testing.B) {
	path := sharedPath(b, "corpus/ukraine_news.jsonl.gz")
	var bytes int64
	for _, a := range corpusArticles(b, 0) {
		bytes += int64(len(a.Text))
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewReader(DefaultReaderConfig(), nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Read(b.Context(), path, func(*Article) error { return nil }, func(rj Reject) { b.Fatal(rj) }); err != nil {
			b.Fatal(err)
		}
	}
}
