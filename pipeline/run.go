package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/stancepipe/stancepipe/configs"
	"github.com/stancepipe/stancepipe/stages"
)

// SchemaVersion is the version of the output tables' layout. It changes
// whenever a column is added, removed, renamed or retyped.
const SchemaVersion = "1"

// Options are the per-run settings that are not part of the reproducible
// configuration: where to read and write, and how to report.
type Options struct {
	Inputs    []string  // files, directories, or "-" for JSON Lines on Stdin
	OutDir    string    // the dataset directory to create
	Overwrite bool      // replace OutDir if it exists
	Stdin     io.Reader // read by the input "-"
	Version   string    // stancepipe version, recorded in the manifest and files
	Logger    *slog.Logger
	// Progress, when not nil, receives a live progress line (use it only for
	// a terminal).
	Progress io.Writer
	// Command is the command line, recorded in the manifest.
	Command []string
}

// ErrOutputExists is returned when the output directory exists and
// Options.Overwrite is false.
var ErrOutputExists = errors.New("output directory exists (use --overwrite to replace it)")

// Run reads every input, runs the stages and writes the dataset into
// opts.OutDir. The dataset is built in a temporary sibling directory that is
// renamed into place only when everything succeeded, so OutDir never holds a
// partial result. Bad records are not errors: they are recorded in
// rejects.jsonl and counted in the manifest, which Run also returns.
//
// The first fatal error, or the cancellation of ctx, stops every stage;
// Run returns after all its goroutines have ended.
func Run(ctx context.Context, cfg Config, opts Options) (*Manifest, error) {
	if err := cfg.Validate(); err != nil {
		return nil, &ConfigError{Err: err}
	}
	if len(opts.Inputs) == 0 {
		return nil, &ConfigError{Err: errors.New("no input given")}
	}
	for _, in := range opts.Inputs {
		if err := stages.CheckInput(in); err != nil {
			return nil, &ConfigError{Err: err}
		}
	}
	if opts.OutDir == "" {
		return nil, &ConfigError{Err: errors.New("no output directory given")}
	}
	if _, err := os.Stat(opts.OutDir); err == nil && !opts.Overwrite {
		return nil, fmt.Errorf("%s: %w", opts.OutDir, ErrOutputExists)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p, err := newPlan(cfg, opts)
	if err != nil {
		return nil, err
	}

	parent := filepath.Dir(filepath.Clean(opts.OutDir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create output parent: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(filepath.Clean(opts.OutDir))+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("create temporary output directory: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()

	stopGoverning := governMemory(cfg.Engine.MemoryLimit, log)
	m, err := p.execute(ctx, tmp, log)
	raises := stopGoverning()
	if m != nil {
		m.Runtime.MemoryLimitRaises = raises
		warnMemory(log, m.Runtime, cfg.Engine.MemoryLimit)
	}
	if err != nil {
		return m, err
	}
	if err := writeManifest(filepath.Join(tmp, ManifestFile), m); err != nil {
		return m, err
	}
	if err := replaceDir(tmp, opts.OutDir); err != nil {
		return m, err
	}
	done = true
	return m, nil
}

// Check builds every stage of cfg, loading and validating lexicons, without
// reading any input. It is what `stancepipe validate` runs.
func Check(cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	_, err := newPlan(cfg, Options{})
	return err
}

// ConfigError marks an error in the configuration or the command line, as
// opposed to a failure while running.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// replaceDir renames tmp to out, replacing an existing out. The old
// directory is moved aside first and removed only after the rename, so a
// crash leaves either the old or the new dataset under out's name.
func replaceDir(tmp, out string) error {
	var old string
	if _, err := os.Stat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("move old output aside: %w", err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			_ = os.Rename(old, out)
		}
		return fmt.Errorf("move output into place: %w", err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("remove old output %s: %w", old, err)
		}
	}
	return nil
}

// plan is a configured run: the stage values, built once and shared by
// their workers.
type plan struct {
	cfg       Config
	opts      Options
	reader    *stages.Reader
	splitter  *stages.Splitter
	sentiment *stages.Sentiment // nil when disabled
	stance    *stages.Stance    // nil when disabled
	layout    stages.Layout
	inputs    []InputInfo
}

func newPlan(cfg Config, opts Options) (*plan, error) {
	p := &plan{cfg: cfg, opts: opts}
	// Compiling the actor lexicon (about 30 ms for the default one) takes
	// longer than making all the other stages; it goes on while they are
	// made.
	var stanceErr error
	stanceDone := make(chan struct{})
	go func() {
		defer close(stanceDone)
		if cfg.Stance.Enabled {
			p.stance, stanceErr = stages.NewStance(cfg.Stance.StanceConfig, configs.Actors)
		}
	}()
	defer func() { <-stanceDone }() // on every return
	var err error
	if p.reader, err = stages.NewReader(cfg.Read.ReaderConfig, opts.Stdin); err != nil {
		return nil, &ConfigError{Err: fmt.Errorf("read: %w", err)}
	}
	if p.splitter, err = stages.NewSplitter(cfg.Split.SplitterConfig); err != nil {
		return nil, &ConfigError{Err: fmt.Errorf("split: %w", err)}
	}
	if cfg.Sentiment.Enabled {
		if p.sentiment, err = stages.NewSentiment(cfg.Sentiment.SentimentConfig); err != nil {
			return nil, &ConfigError{Err: fmt.Errorf("sentiment: %w", err)}
		}
	}
	<-stanceDone
	if stanceErr != nil {
		return nil, &ConfigError{Err: fmt.Errorf("stance: %w", stanceErr)}
	}
	p.layout = stages.Layout{Sentiment: p.sentiment != nil, Stance: p.stance != nil}
	if p.stance != nil {
		p.layout.Camps = p.stance.Camps()
	}
	for _, in := range opts.Inputs {
		p.inputs = append(p.inputs, describeInput(in))
	}
	return p, nil
}

// testHookTempDir, when set by a test, is called with the temporary output
// directory before any table is created.
var testHookTempDir func(dir string)

// doc is what flows between the stages: an article, or the tombstone of one
// that a stage rejected (the writer still needs its sequence number to keep
// the output in order).
type doc struct {
	a        *stages.Article
	rejected bool
}

// execute runs the stages into dir and returns the manifest (without
// writing it).
func (p *plan) execute(ctx context.Context, dir string, log *slog.Logger) (*Manifest, error) {
	start, rt := time.Now(), newRuntimeMeter()
	cfg := p.cfg
	rej, err := newRejectLog(dir)
	if err != nil {
		return nil, err
	}
	defer rej.close()
	if testHookTempDir != nil {
		testHookTempDir(dir)
	}
	// The writer first: if it cannot start, no goroutine has been started.
	meta := map[string]string{
		"stancepipe.version":        p.opts.Version,
		"stancepipe.schema_version": SchemaVersion,
		"stancepipe.created_at":     start.UTC().Format(time.RFC3339),
	}
	if h, err := cfg.Hash(); err == nil {
		meta["stancepipe.config_sha256"] = h
	}
	w, err := stages.NewWriter(cfg.Output.WriterConfig, dir, p.layout, meta)
	if err != nil {
		return nil, err
	}
	defer w.Close()

	chanSize := cfg.Engine.ChannelSize
	inFlight := cfg.Engine.MaxInFlight
	if inFlight == 0 {
		inFlight = 4 * chanSize
	}
	// slots bounds the articles between reader and writer: the reader takes
	// a slot per article, the writer gives it back once the article is
	// written. Memory is bounded whatever the worker counts and however out
	// of order the workers finish.
	slots := make(chan struct{}, inFlight)

	g, ctx := errgroup.WithContext(ctx)
	readStats := &StageStats{Name: "read", Workers: 1}
	var all []*StageStats
	all = append(all, readStats)

	src := make(chan *doc, chanSize)
	g.Go(labeled(ctx, "read", func(ctx context.Context) error { return p.read(ctx, src, slots, readStats, rej) }))

	stream := (<-chan *doc)(src)
	type stageDef struct {
		name    string
		workers int
		fn      func(*stages.Article) error
	}
	defs := []stageDef{{"split", workers(cfg.Split.Workers), func(a *stages.Article) error {
		p.splitter.SplitArticle(a)
		return nil
	}}}
	if p.sentiment != nil {
		defs = append(defs, stageDef{"sentiment", workers(cfg.Sentiment.Workers), p.sentiment.ScoreArticle})
	}
	if p.stance != nil {
		defs = append(defs, stageDef{"stance", workers(cfg.Stance.Workers), p.stance.ScoreArticle})
	}
	for _, d := range defs {
		st := &StageStats{Name: d.name, Workers: d.workers}
		all = append(all, st)
		out := make(chan *doc, chanSize)
		runStage(ctx, g, st, d.workers, stream, out, d.fn, rej.add)
		stream = out
	}

	writeStats := &StageStats{Name: "write", Workers: 1}
	all = append(all, writeStats)
	var counts Counts
	prog := newProgress(p.opts.Progress, p.reader, totalBytes(p.inputs), start)
	g.Go(labeled(ctx, "write", func(ctx context.Context) error {
		return sink(ctx, stream, slots, writeStats, w, &counts, prog)
	}))
	progDone := prog.run()
	err = g.Wait()
	progDone()
	// Close even after a failure: it stops the writer's goroutines, and the
	// manifest reads its final counts.
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = rej.close()
	}
	m := p.manifest(start, rt, all, counts, rej, w)
	for _, s := range m.Stages {
		log.Info("stage", "name", s.Name, "workers", s.Workers, "in", s.In, "out", s.Out,
			"rejects", s.Rejects, "busy_seconds", s.BusySeconds)
	}
	return m, err
}

// read runs the reader over every input in order, numbering the articles
// and sending them on src, which it closes. Each article first takes a slot.
func (p *plan) read(ctx context.Context, src chan<- *doc, slots chan<- struct{}, readStats *StageStats, rej *rejectLog) error {
	defer close(src)
	var seq int64
	var blocked time.Duration // time spent waiting on the next stage, not reading
	emit := func(a *stages.Article) error {
		t0 := time.Now()
		defer func() { blocked += time.Since(t0) }()
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		a.Seq = seq
		seq++
		readStats.out.Add(1)
		select {
		case src <- &doc{a: a}:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for _, in := range p.opts.Inputs {
		t0 := time.Now()
		err := p.reader.Read(ctx, in, emit, func(r stages.Reject) {
			if r.Action == stages.ActionSkipRecord || r.Action == stages.ActionSkipInput {
				readStats.rejects.Add(1)
			}
			rej.add(r)
		})
		readStats.busy.Add(int64(time.Since(t0) - blocked))
		blocked = 0
		if err != nil {
			return err
		}
	}
	return nil
}

// runStage starts n workers that apply fn to each doc of in and send it on
// out, which is closed once all of them have returned. A doc rejected by an
// earlier stage passes through untouched. An error or panic from fn rejects
// that article only.
func runStage(ctx context.Context, g *errgroup.Group, st *StageStats, n int, in <-chan *doc, out chan<- *doc, fn func(*stages.Article) error, reject func(stages.Reject)) {
	var wg sync.WaitGroup
	wg.Add(n)
	for range n {
		g.Go(labeled(ctx, st.Name, func(ctx context.Context) error {
			defer wg.Done()
			for d := range in {
				if !d.rejected {
					st.in.Add(1)
					t0 := time.Now()
					if err := protect(fn, d.a); err != nil {
						d.rejected = true
						st.rejects.Add(1)
						reject(stages.Reject{Input: d.a.Input, Record: d.a.Record, ID: d.a.ID, Stage: st.Name,
							Action: stages.ActionSkipRecord, Reason: err.Error()})
					} else {
						st.out.Add(1)
					}
					st.busy.Add(int64(time.Since(t0)))
				}
				select {
				case out <- d:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		}))
	}
	g.Go(func() error {
		wg.Wait()
		close(out)
		return nil
	})
}

// labeled returns fn as a function for an errgroup, run with the pprof
// label stage=name, so that a CPU profile (run --cpuprofile) splits by
// stage: go tool pprof -tags, or -tagfocus stage=stance. Goroutines fn
// starts inherit the label.
func labeled(ctx context.Context, name string, fn func(context.Context) error) func() error {
	return func() (err error) {
		pprof.Do(ctx, pprof.Labels("stage", name), func(ctx context.Context) { err = fn(ctx) })
		return err
	}
}

// protect calls fn, turning a panic into an error so that one bad article
// cannot take the run down.
func protect(fn func(*stages.Article) error, a *stages.Article) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error (please report): panic: %v\n%s", p, debug.Stack())
		}
	}()
	return fn(a)
}

// sink restores input order and writes each article. Docs arrive in any
// order; pending holds those that came early, and is bounded by the slots
// the reader takes.
func sink(ctx context.Context, in <-chan *doc, slots <-chan struct{}, st *StageStats, w *stages.Writer, counts *Counts, prog *progress) error {
	pending := make(map[int64]*doc)
	next := int64(0)
	for d := range in {
		pending[d.a.Seq] = d
		for {
			d, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if !d.rejected {
				st.in.Add(1)
				t0 := time.Now()
				if err := w.Write(d.a); err != nil {
					return err
				}
				st.busy.Add(int64(time.Since(t0)))
				st.out.Add(1)
				counts.Articles++
				counts.Sentences += int64(len(d.a.Sentences))
				counts.Mentions += int64(len(d.a.Mentions))
				counts.TextBytes += int64(len(d.a.Text))
				prog.article(int64(len(d.a.Sentences)), int64(len(d.a.Text)))
			}
			<-slots
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if len(pending) > 0 && ctx.Err() == nil {
		return fmt.Errorf("internal error: %d articles never reached the writer in order", len(pending))
	}
	return ctx.Err()
}
