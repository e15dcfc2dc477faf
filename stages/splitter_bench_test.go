//go:build unix

package stages

import (
	"testing"
)

// BenchmarkSplit splits the whole Ukraine news corpus article by article on
// one goroutine, reusing the sentence slice as the pipeline does. One
// iteration is the whole corpus; MB/s is over its text bytes. cpu-MB/s
// divides by the process's CPU time instead of wall time, which stays
// meaningful on a machine shared with other work.
func BenchmarkSplit(b *testing.B) {
	var texts []string
	for _, a := range corpusArticles(b, 0) {
		texts = append(texts, a.Text)
	}
	total := 0
	for _, t := range texts {
		total += len(t)
	}
	sp, err := NewSplitter(DefaultSplitterConfig())
	if err != nil {
		b.Fatal(err)
	}
	var dst []Sentence
	sentences := 0
	b.SetBytes(int64(total))
	b.ReportAllocs()
	cpu0 := processCPU()
	iters := 0
	for b.Loop() {
		iters++
		sentences = 0
		for _, t := range texts {
			dst = sp.Split(t, dst[:0])
			sentences += len(dst)
		}
	}
	if cpu := processCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(total)*float64(iters)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
	b.ReportMetric(float64(len(texts)), "articles/op")
	b.ReportMetric(float64(sentences), "sentences/op")
}
