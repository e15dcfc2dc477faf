package pipeline

import (
	"bytes"
	"context"
	"errors"
	"runtime/pprof"
	"strings"
	"testing"
)

// TestLabeledStagesCarryTheirLabel checks what lets a CPU profile split by
// stage: the function runs with stage=name in its context and in its
// goroutine's labels, goroutines it starts inherit them, and its error
// comes back.
func TestLabeledStagesCarryTheirLabel(t *testing.T) {
	want := errors.New("stage failed")
	var dump bytes.Buffer
	fn := labeled(context.Background(), "stance", func(ctx context.Context) error {
		if v, ok := pprof.Label(ctx, "stage"); !ok || v != "stance" {
			t.Errorf("context label stage = %q, %v; want stance", v, ok)
		}
		started, release := make(chan struct{}), make(chan struct{})
		go func() {
			close(started)
			<-release
		}()
		<-started
		// debug=1 prints each goroutine's labels.
		if err := pprof.Lookup("goroutine").WriteTo(&dump, 1); err != nil {
			t.Error(err)
		}
		close(release)
		return want
	})
	if err := fn(); err != want {
		t.Fatalf("labeled returned %v, want %v", err, want)
	}
	// This goroutine, blocked in WriteTo's caller, and the child, blocked
	// on release: two stacks under the label.
	if n := strings.Count(dump.String(), `"stage":"stance"`); n < 2 {
		t.Fatalf("goroutine profile shows the label %d times, want at least 2:\n%s", n, dump.String())
	}
}
