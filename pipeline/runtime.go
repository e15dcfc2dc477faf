package pipeline

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// RuntimeInfo is the manifest's account of the Go runtime during a run:
// how the garbage collector was tuned and what it cost, and the memory the
// process took at its peak.
type RuntimeInfo struct {
	// GCPercent is the collector's target (GOGC); -1 when it is off.
	GCPercent int64 `json:"gc_percent"`
	// MemoryLimitBytes is the soft memory limit in force (engine.memory_limit
	// or GOMEMLIMIT); absent when there was none.
	MemoryLimitBytes int64 `json:"memory_limit_bytes,omitempty"`
	// GCCycles is the number of collections during the run.
	GCCycles uint64 `json:"gc_cycles"`
	// GCCPUSeconds is the runtime's estimate of the CPU time spent
	// collecting, and GCCPUShare its share of the CPU time the process used.
	GCCPUSeconds float64 `json:"gc_cpu_seconds"`
	GCCPUShare   float64 `json:"gc_cpu_share"`
	// PeakRSSBytes is the process's peak resident memory so far (the run's,
	// for the command line); absent where the platform does not report it.
	PeakRSSBytes int64 `json:"peak_rss_bytes,omitempty"`
}

// applyMemoryLimit sets the runtime's soft memory limit to limit bytes for
// a run and returns the function that restores the previous one. It does
// nothing when limit is 0 or GOMEMLIMIT is set. The limit is the process's:
// Runs at the same time share the last one set.
func applyMemoryLimit(limit int64) (restore func()) {
	if limit == 0 || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}

// The runtime metrics a run reads, in this order.
var runtimeMetrics = []string{
	"/gc/gogc:percent",
	"/gc/gomemlimit:bytes",
	"/gc/cycles/total:gc-cycles",
	"/cpu/classes/gc/total:cpu-seconds",
	"/cpu/classes/total:cpu-seconds",
	"/cpu/classes/idle:cpu-seconds",
}

// runtimeMeter measures the runtime from its creation to a call of info.
type runtimeMeter struct{ start []metrics.Sample }

func newRuntimeMeter() *runtimeMeter {
	return &runtimeMeter{start: readRuntimeMetrics()}
}

func readRuntimeMetrics() []metrics.Sample {
	s := make([]metrics.Sample, len(runtimeMetrics))
	for i, name := range runtimeMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	return s
}

// info returns what the runtime did since the meter was made.
func (m *runtimeMeter) info() RuntimeInfo {
	end := readRuntimeMetrics()
	u := func(i int) uint64 {
		if end[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return end[i].Value.Uint64()
	}
	f := func(i int) float64 {
		if end[i].Value.Kind() != metrics.KindFloat64 || m.start[i].Value.Kind() != metrics.KindFloat64 {
			return 0
		}
		return end[i].Value.Float64() - m.start[i].Value.Float64()
	}
	info := RuntimeInfo{GCPercent: int64(int32(u(0))), PeakRSSBytes: peakRSS()} // GOGC=off reads as int32(-1)
	if l := u(1); l < math.MaxInt64 {
		info.MemoryLimitBytes = int64(l)
	}
	if m.start[2].Value.Kind() == metrics.KindUint64 {
		info.GCCycles = u(2) - m.start[2].Value.Uint64()
	}
	info.GCCPUSeconds = f(3)
	if used := f(4) - f(5); used > 0 {
		info.GCCPUShare = info.GCCPUSeconds / used
	}
	return info
}

// gcShareWarning is the share of CPU time in garbage collection above which
// a run with a memory limit warns that the limit may be too low. Runs of
// the default configuration on news text spend some 4-7% collecting.
const gcShareWarning = 0.25
