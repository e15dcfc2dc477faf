// Command stancepipe measures how news coverage frames the confrontation
// between Moscow and the West: it splits articles into sentences, scores
// their sentiment and actor stance, and writes a Parquet dataset.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Environ())
	stop()
	os.Exit(code)
}
