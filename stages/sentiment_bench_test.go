package stages

import (
	"testing"
)

// sentimentBenchTexts returns the sentences of the NYT benchmark set.
func sentimentBenchTexts(b *testing.B) []string {
	b.Helper()
	dir := sharedPath(b, "bench/sentiment")
	items := sentimentLoadItems(b, dir, sentimentBenchSets[1])
	texts := make([]string, len(items))
	for i, it := range items {
		texts[i] = it.text
	}
	return texts
}

// BenchmarkSentimentScore scores the NYT editorial sentences one per
// iteration: ns/op and allocs/op are per sentence. sentences/s is per
// second of wall time; sentences/cpu-s per second of the process's CPU
// time, which stays meaningful on a machine shared with other work (run
// with -cpu 1 for a one-core figure).
func BenchmarkSentimentScore(b *testing.B) {
	texts := sentimentBenchTexts(b)
	s, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	i := 0
	for b.Loop() {
		s.Score(texts[i])
		if i++; i == len(texts) {
			i = 0
		}
	}
	cpu := processCPU() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "sentences/cpu-s")
	}
}

// BenchmarkSentimentScoreParallel is BenchmarkSentimentScore on all
// GOMAXPROCS, sharing one scorer.
func BenchmarkSentimentScoreParallel(b *testing.B) {
	texts := sentimentBenchTexts(b)
	s, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			s.Score(texts[i])
			if i++; i == len(texts) {
				i = 0
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkSentimentScoreArticle scores articles of 20 NYT sentences each,
// tone included; allocs/op are per article.
func BenchmarkSentimentScoreArticle(b *testing.B) {
	texts := sentimentBenchTexts(b)
	s, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		b.Fatal(err)
	}
	const per = 20
	var arts []*Article
	for i := 0; i+per <= len(texts); i += per {
		a := &Article{}
		for j, t := range texts[i : i+per] {
			a.Sentences = append(a.Sentences, Sentence{Index: j, Text: t})
		}
		arts = append(arts, a)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := s.ScoreArticle(arts[i]); err != nil {
			b.Fatal(err)
		}
		if i++; i == len(arts) {
			i = 0
		}
	}
	b.ReportMetric(float64(b.N*per)/b.Elapsed().Seconds(), "sentences/s")
}
