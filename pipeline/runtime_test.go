package pipeline

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestRunMemoryLimit checks that engine.memory_limit is in force during a
// run, recorded in the manifest, and lifted afterwards.
func TestRunMemoryLimit(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set; it takes precedence over engine.memory_limit")
	}
	before := debug.SetMemoryLimit(-1)
	for _, limit := range []int64{0, 64 << 20} {
		cfg := testConfig()
		cfg.Engine.MemoryLimit = limit
		_, m := runOnce(t, cfg, sampleCorpus)
		r := m.Runtime
		want := limit
		if limit == 0 && before < 1<<62 {
			want = before // no limit of the run's own: the process's stays
		}
		if r.MemoryLimitBytes != want {
			t.Errorf("memory_limit %d: manifest runtime.memory_limit_bytes = %d, want %d", limit, r.MemoryLimitBytes, want)
		}
		if after := debug.SetMemoryLimit(-1); after != before {
			t.Errorf("memory_limit %d: the limit after the run is %d, want the one before, %d", limit, after, before)
		}
		if r.GCPercent == 0 || r.GCCPUShare < 0 || r.GCCPUShare > 1 || r.GCCPUSeconds < 0 {
			t.Errorf("memory_limit %d: implausible runtime figures %+v", limit, r)
		}
		if runtime.GOOS == "linux" && r.PeakRSSBytes <= 0 {
			t.Errorf("memory_limit %d: peak_rss_bytes = %d on Linux", limit, r.PeakRSSBytes)
		}
	}
}

// TestMemoryGovernor checks when the governor raises the limit: only on a
// share of collection above maxGCShare, judged over at least
// minGovernedCPU of CPU time.
func TestMemoryGovernor(t *testing.T) {
	g := &memoryGovernor{limit: 100 << 20}
	steps := []struct {
		gc, used  float64 // cumulative
		raise     bool
		wantLimit int64
	}{
		{0.05, 0.5, false, 100 << 20},          // too little CPU to judge: carried over
		{0.60, 1.0, true, 150 << 20},           // 60% of the first second
		{0.70, 2.0, false, 150 << 20},          // 10%
		{0.95, 3.0, false, 150 << 20},          // exactly a quarter is not over it
		{1.90, 3.5, false, 150 << 20},          // half a second: carried over
		{2.10, 4.0, true, 225 << 20},           // 115% of the last second, carried over (burst)
		{2.45, 5.2, true, 225 << 20 * 3 / 2},   // 29%: 0.35 of 1.2 s
		{2.45, 10.0, false, 225 << 20 * 3 / 2}, // none
	}
	for i, s := range steps {
		if got := g.observe(s.gc, s.used); got != s.raise || g.limit != s.wantLimit {
			t.Fatalf("step %d (gc %.2f, used %.2f): raise %v, limit %d MiB; want %v, %d MiB",
				i, s.gc, s.used, got, g.limit>>20, s.raise, s.wantLimit>>20)
		}
	}
	if g.raises != 3 {
		t.Errorf("raises = %d, want 3", g.raises)
	}
}
