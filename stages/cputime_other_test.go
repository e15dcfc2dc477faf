//go:build !unix

package stages

import "time"

// processCPU returns 0: process CPU time is only read on Unix.
func processCPU() time.Duration { return 0 }
