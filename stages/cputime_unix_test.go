//go:build unix

package stages

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system) the process has used
// so far (benchmarks report throughput per CPU-second, which stays
// meaningful on a busy machine), or 0 when it cannot be read.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
