package pipeline

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/stancepipe/stancepipe/stages"
)

// progress draws a live status line on a terminal: articles, sentences,
// MB/s of article text written, elapsed time and, when the input size is
// known, the share of it read and an ETA. A nil writer draws nothing.
type progress struct {
	w         io.Writer
	reader    *stages.Reader
	total     int64
	start     time.Time
	articles  atomic.Int64
	sentences atomic.Int64
	text      atomic.Int64 // bytes of article text written
}

func newProgress(w io.Writer, r *stages.Reader, total int64, start time.Time) *progress {
	return &progress{w: w, reader: r, total: total, start: start}
}

func (p *progress) article(sentences, textBytes int64) {
	p.articles.Add(1)
	p.sentences.Add(sentences)
	p.text.Add(textBytes)
}

// run starts redrawing the line every 200 ms; the returned function stops it
// and ends the line.
func (p *progress) run() (stop func()) {
	if p.w == nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.draw()
			case <-done:
				p.draw()
				fmt.Fprintln(p.w)
				return
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

func (p *progress) draw() {
	el := time.Since(p.start)
	read := p.reader.BytesRead()
	mbps := float64(p.text.Load()) / 1e6 / max(el.Seconds(), 1e-9)
	line := fmt.Sprintf("\r%d articles  %d sentences  %.1f MB/s  %s", p.articles.Load(), p.sentences.Load(), mbps, el.Round(time.Second))
	if p.total > 0 && read > 0 && read <= p.total {
		eta := time.Duration(float64(el) * float64(p.total-read) / float64(read))
		line += fmt.Sprintf("  %d%%  ETA %s", read*100/p.total, eta.Round(time.Second))
	}
	fmt.Fprintf(p.w, "%s\033[K", line)
}
