package pipeline

import (
	"log/slog"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// RuntimeInfo is the manifest's account of the Go runtime during a run:
// how the garbage collector was tuned and what it cost, and the memory the
// process took at its peak.
type RuntimeInfo struct {
	// GCPercent is the collector's target (GOGC); -1 when it is off.
	GCPercent int64 `json:"gc_percent"`
	// MemoryLimitBytes is the soft memory limit in force at the end of the
	// run (engine.memory_limit, as raised during the run, or GOMEMLIMIT);
	// absent when there was none.
	MemoryLimitBytes int64 `json:"memory_limit_bytes,omitempty"`
	// MemoryLimitRaises is the number of times the run raised
	// engine.memory_limit because collection took too much of the CPU.
	MemoryLimitRaises int `json:"memory_limit_raises"`
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

// memoryGovernor keeps the runtime's soft memory limit at
// engine.memory_limit during a run, and raises it by half whenever garbage
// collection took more than maxGCShare of the CPU time used over an
// interval: the limit is there to trim the garbage that piles up between
// collections, not to starve a run whose live heap needs more (articles of
// megabytes each, a large engine.max_in_flight). Without the raises such a
// run went at half speed, the collector running without pause.
type memoryGovernor struct {
	limit  int64
	raises int
	// The runtime's cumulative CPU estimates at the last observation:
	// collection, and all CPU time used.
	gc, used float64
}

const (
	// maxGCShare is the share of CPU time in collection above which the
	// limit is raised. Runs of the default configuration on news text
	// spend 4-7%.
	maxGCShare = 0.25
	// minGovernedCPU is the least CPU time, in seconds, over which a share
	// is judged (half a second on two CPUs): shorter intervals are added
	// to the next, so that one burst of collections raises nothing.
	minGovernedCPU = 1.0
	// governorInterval is how often the governor looks.
	governorInterval = 250 * time.Millisecond
)

// observe takes the runtime's cumulative CPU estimates, collection and all
// used, and reports whether the limit should be raised, raising g.limit if
// so.
func (g *memoryGovernor) observe(gc, used float64) bool {
	dGC, dUsed := gc-g.gc, used-g.used
	if dUsed < minGovernedCPU {
		return false
	}
	g.gc, g.used = gc, used
	if dGC/dUsed <= maxGCShare {
		return false
	}
	g.limit += g.limit / 2
	g.raises++
	return true
}

// governMemory sets the runtime's soft memory limit to limit bytes for a
// run and governs it (see memoryGovernor) until the returned function is
// called, which restores the previous limit and returns the number of
// raises. It does nothing when limit is 0 or GOMEMLIMIT is set. The limit
// is the process's: Runs at the same time share the last one set.
func governMemory(limit int64, log *slog.Logger) (stop func() (raises int)) {
	if limit == 0 || os.Getenv("GOMEMLIMIT") != "" {
		return func() int { return 0 }
	}
	prev := debug.SetMemoryLimit(limit)
	g := &memoryGovernor{limit: limit}
	g.gc, g.used = cpuEstimates()
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		tick := time.NewTicker(governorInterval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if g.observe(cpuEstimates()) {
					debug.SetMemoryLimit(g.limit)
					log.Info("raised the memory limit: garbage collection took over a quarter of the CPU",
						"memory_limit_bytes", g.limit, "raises", g.raises)
				}
			}
		}
	}()
	return func() int {
		close(done)
		<-exited
		debug.SetMemoryLimit(prev)
		return g.raises
	}
}

// warnMemory logs what a run's runtime figures say of engine.memory_limit
// (configured): that the run had to raise it, and that collection took
// over a quarter of the CPU under the limit it ended with.
func warnMemory(log *slog.Logger, r RuntimeInfo, configured int64) {
	if r.MemoryLimitRaises > 0 {
		log.Warn("engine.memory_limit was too low for these articles: the run raised it; a higher limit (or 0, none) spares it the slow start",
			"memory_limit_bytes", configured, "raises", r.MemoryLimitRaises)
	}
	// A short run's share is its start-up's (a few collections in some
	// milliseconds): only a run of some CPU-seconds says anything.
	if r.MemoryLimitBytes > 0 && r.GCCPUShare > maxGCShare && r.GCCPUSeconds/r.GCCPUShare >= 2 {
		log.Warn("garbage collection took over a quarter of the CPU; a higher engine.memory_limit would make the run faster",
			"gc_cpu_share", r.GCCPUShare, "memory_limit_bytes", r.MemoryLimitBytes, "peak_rss_bytes", r.PeakRSSBytes)
	}
}

// cpuEstimates returns the runtime's cumulative estimates of the CPU time
// spent collecting and of all CPU time used, in seconds.
func cpuEstimates() (gc, used float64) {
	s := []metrics.Sample{
		{Name: "/cpu/classes/gc/total:cpu-seconds"},
		{Name: "/cpu/classes/total:cpu-seconds"},
		{Name: "/cpu/classes/idle:cpu-seconds"},
	}
	metrics.Read(s)
	for _, x := range s {
		if x.Value.Kind() != metrics.KindFloat64 {
			return 0, 0
		}
	}
	return s[0].Value.Float64(), s[1].Value.Float64() - s[2].Value.Float64()
}

// runtimeMeter measures the runtime from its creation to a call of info.
type runtimeMeter struct {
	cycles   uint64
	gc, used float64 // see cpuEstimates
}

func newRuntimeMeter() *runtimeMeter {
	m := &runtimeMeter{cycles: readUint64("/gc/cycles/total:gc-cycles")}
	m.gc, m.used = cpuEstimates()
	return m
}

// info returns what the runtime did since the meter was made.
func (m *runtimeMeter) info() RuntimeInfo {
	gc, used := cpuEstimates()
	info := RuntimeInfo{
		GCPercent:    int64(int32(readUint64("/gc/gogc:percent"))), // GOGC=off reads as int32(-1)
		GCCycles:     readUint64("/gc/cycles/total:gc-cycles") - m.cycles,
		GCCPUSeconds: gc - m.gc,
		PeakRSSBytes: peakRSS(),
	}
	if l := readUint64("/gc/gomemlimit:bytes"); l < math.MaxInt64 {
		info.MemoryLimitBytes = int64(l)
	}
	if d := used - m.used; d > 0 {
		info.GCCPUShare = info.GCCPUSeconds / d
	}
	return info
}

// readUint64 returns the value of a runtime metric of kind uint64, or 0 if
// the runtime does not have it.
func readUint64(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
