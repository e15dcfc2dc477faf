//go:build !unix

package stages

import "time"

// vaderProcessCPU returns 0: process CPU time is only read on Unix.
func vaderProcessCPU() time.Duration { return 0 }
