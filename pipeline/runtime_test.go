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
