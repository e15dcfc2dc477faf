package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"

	"github.com/spf13/cobra"
)

// profileFlags are run's --cpuprofile, --memprofile and --trace.
type profileFlags struct {
	cpu, mem, trace string
}

func (p *profileFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile to this file (read it with: go tool pprof -top stancepipe FILE)")
	c.Flags().StringVar(&p.mem, "memprofile", "", "write a heap profile at the end of the run to this file (go tool pprof -sample_index=alloc_space FILE)")
	c.Flags().StringVar(&p.trace, "trace", "", "write an execution trace to this file (go tool trace FILE)")
}

// start begins the requested profiles; stop ends them and writes the heap
// profile.
func (p *profileFlags) start() (stop func() error, err error) {
	var closers []func() error
	stop = func() error {
		var errs []error
		for i := len(closers) - 1; i >= 0; i-- {
			errs = append(errs, closers[i]())
		}
		return errors.Join(errs...)
	}
	if p.cpu != "" {
		f, err := os.Create(p.cpu)
		if err != nil {
			return stop, fmt.Errorf("--cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return stop, fmt.Errorf("--cpuprofile: %w", err)
		}
		closers = append(closers, func() error { pprof.StopCPUProfile(); return f.Close() })
	}
	if p.trace != "" {
		f, err := os.Create(p.trace)
		if err != nil {
			_ = stop()
			return func() error { return nil }, fmt.Errorf("--trace: %w", err)
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			_ = stop()
			return func() error { return nil }, fmt.Errorf("--trace: %w", err)
		}
		closers = append(closers, func() error { trace.Stop(); return f.Close() })
	}
	if p.mem != "" {
		path := p.mem
		closers = append(closers, func() error {
			f, err := os.Create(path)
			if err != nil {
				return fmt.Errorf("--memprofile: %w", err)
			}
			runtime.GC()
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				f.Close()
				return fmt.Errorf("--memprofile: %w", err)
			}
			return f.Close()
		})
	}
	return stop, nil
}
