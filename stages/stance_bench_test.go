package stages

import (
	"os"
	"testing"
)

// BenchmarkStance scores corpus articles already split and scored for
// sentiment; the split and sentiment sub-benchmarks run the previous stages
// over the same articles so the costs compare directly (MB/s of article
// text).
func BenchmarkStance(b *testing.B) {
	arts := corpusArticles(b, 400)
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
