package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the tests run this binary as the real program: with
// STANCEPIPE_TEST_MAIN=1 the test binary behaves as stancepipe.
func TestMain(m *testing.M) {
	if os.Getenv("STANCEPIPE_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func command(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "STANCEPIPE_TEST_MAIN=1")
	return cmd
}

// bigInput writes n generated articles: enough work that a run can be
// interrupted part of the way through.
func bigInput(t *testing.T, n int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "big.jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range n {
		fmt.Fprintf(w, `{"id":"g%d","date":"2022-03-%02d","text":"Russian Foreign Minister Sergei Lavrov said on Tuesday that NATO was to blame for the crisis. Ukrainian President Volodymyr Zelenskyy rejected the claim. \"We will defend our land,\" he said. Talks in Geneva ended without a deal after %d hours."}`+"\n", i, i%28+1, i%9+1)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkNoPartialOutput asserts that out is either absent or complete: a
// manifest, and every table it lists present with its size.
func checkNoPartialOutput(t *testing.T, out string) (complete bool) {
	t.Helper()
	if _, err := os.Stat(out); errors.Is(err, os.ErrNotExist) {
		return false
	}
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatalf("%s exists without a manifest: a partial dataset is visible", out)
	}
	var m struct {
		Outputs []struct {
			File  string
			Bytes int64
		}
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest unreadable: %v", err)
	}
	for _, o := range m.Outputs {
		st, err := os.Stat(filepath.Join(out, o.File))
		if err != nil || st.Size() != o.Bytes {
			t.Fatalf("%s: manifest says %d bytes, file: %v %v", o.File, o.Bytes, st, err)
		}
	}
	return true
}

func TestSIGKILLNeverLeavesPartialOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many processes")
	}
	in := bigInput(t, 4000)
	parent := t.TempDir()
	// Time a full run first, then kill runs at random points within it.
	out := filepath.Join(parent, "full")
	t0 := time.Now()
	if b, err := command(t, "run", "--out", out, in).CombinedOutput(); err != nil {
		t.Fatalf("full run: %v\n%s", err, b)
	}
	full := time.Since(t0)
	if !checkNoPartialOutput(t, out) {
		t.Fatal("full run wrote nothing")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 8 {
		out := filepath.Join(parent, fmt.Sprintf("k%d", i))
		cmd := command(t, "run", "--out", out, in)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(full))))
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		checkNoPartialOutput(t, out)
	}
}

func TestSIGINTStopsPromptlyWithExit130(t *testing.T) {
	in := bigInput(t, 20000)
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	cmd := command(t, "run", "--out", out, in)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the run has made its temporary directory, then interrupt.
	deadline := time.Now().Add(20 * time.Second)
	for {
		entries, _ := os.ReadDir(parent)
		if len(entries) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("run never started")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("run did not stop within 10s of SIGINT")
	}
	if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
		t.Fatalf("exit code %d, want %d; stderr: %s", code, ExitInterrupted, stderr.String())
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Fatalf("interrupted run left %v", entries)
	}
}
