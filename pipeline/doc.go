// Package pipeline owns the run: its configuration, the wiring of the stages
// into goroutines joined by bounded channels, the output directory and the
// manifest that records what was run.
package pipeline
