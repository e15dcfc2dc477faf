package pipeline

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/stancepipe/stancepipe/stages"
)

// rejectLog appends rejects to rejects.jsonl and counts them. It is safe
// for concurrent use by every stage.
type rejectLog struct {
	mu     sync.Mutex
	f      *os.File
	bw     *bufio.Writer
	enc    *json.Encoder
	c      RejectCounts
	err    error
	closed bool
}

func newRejectLog(dir string) (*rejectLog, error) {
	f, err := os.Create(filepath.Join(dir, RejectsFile))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", RejectsFile, err)
	}
	bw := bufio.NewWriter(f)
	return &rejectLog{f: f, bw: bw, enc: json.NewEncoder(bw), c: RejectCounts{ByStage: map[string]int64{}}}, nil
}

func (l *rejectLog) add(r stages.Reject) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch r.Action {
	case stages.ActionSkipRecord:
		l.c.Records++
	case stages.ActionSkipInput:
		l.c.Inputs++
	default:
		l.c.Fields++
	}
	l.c.ByStage[r.Stage]++
	if l.err == nil && !l.closed {
		l.err = l.enc.Encode(r)
	}
}

func (l *rejectLog) counts() RejectCounts {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.c
	c.ByStage = make(map[string]int64, len(l.c.ByStage))
	for k, v := range l.c.ByStage {
		c.ByStage[k] = v
	}
	return c
}

// close flushes and closes the file; it reports the first write error. It
// is safe to call more than once.
func (l *rejectLog) close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return l.err
	}
	l.closed = true
	if err := l.bw.Flush(); err != nil && l.err == nil {
		l.err = err
	}
	if err := l.f.Close(); err != nil && l.err == nil {
		l.err = err
	}
	if l.err != nil {
		l.err = fmt.Errorf("write %s: %w", RejectsFile, l.err)
	}
	return l.err
}
