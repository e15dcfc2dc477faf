//go:build unix

package stages

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"syscall"
	"testing"
	"time"
)

const splitterBenchCorpus = "corpus/ukraine_news.jsonl.gz"

// loadSplitterCorpus returns the article texts of a gzipped JSON Lines corpus
// in the shared data directory.
func loadSplitterCorpus(tb testing.TB, rel string) []string {
	tb.Helper()
	f, err := os.Open(splitterSharedFile(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatalf("open %s: %v", rel, err)
	}
	sc := bufio.NewScanner(gz)
	sc.Buffer(nil, 1<<26)
	var texts []string
	for sc.Scan() {
		var rec struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			tb.Fatalf("decode %s line %d: %v", rel, len(texts)+1, err)
		}
		texts = append(texts, rec.Text)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read %s: %v", rel, err)
	}
	if len(texts) == 0 {
		tb.Fatalf("%s: no articles", rel)
	}
	return texts
}

// processCPUTime returns the user plus system CPU time of the process.
func processCPUTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSplit splits the whole Ukraine news corpus article by article on
// one goroutine, reusing the sentence slice as the pipeline does. One
// iteration is the whole corpus; MB/s is over its text bytes. cpu-MB/s
// divides by the process's CPU time instead of wall time, which stays
// meaningful on a machine shared with other work.
func BenchmarkSplit(b *testing.B) {
	texts := loadSplitterCorpus(b, splitterBenchCorpus)
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
	cpu0 := processCPUTime(b)
	iters := 0
	for b.Loop() {
		iters++
		sentences = 0
		for _, t := range texts {
			dst = sp.Split(t, dst[:0])
			sentences += len(dst)
		}
	}
	if cpu := processCPUTime(b) - cpu0; cpu > 0 {
		b.ReportMetric(float64(total)*float64(iters)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
	b.ReportMetric(float64(len(texts)), "articles/op")
	b.ReportMetric(float64(sentences), "sentences/op")
}
