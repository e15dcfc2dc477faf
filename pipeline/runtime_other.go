//go:build !linux

package pipeline

// peakRSS returns 0: the peak resident set size is read on Linux only.
func peakRSS() int64 { return 0 }
