package pipeline

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/stancepipe/stancepipe/stages"
)

// ManifestFile is the name of the manifest in the output directory. It is
// written last: a dataset without it is incomplete.
const ManifestFile = "manifest.json"

// RejectsFile is the name of the rejects log in the output directory.
const RejectsFile = "rejects.jsonl"

// Manifest records what a run did: the tool, the effective configuration,
// the inputs, the counts, per-stage counters and the output tables.
type Manifest struct {
	Tool          string              `json:"tool"`
	Version       string              `json:"version"`
	SchemaVersion string              `json:"schema_version"`
	GoVersion     string              `json:"go_version"`
	Platform      string              `json:"platform"`
	CPUs          int                 `json:"cpus"`
	Command       []string            `json:"command,omitempty"`
	StartedAt     time.Time           `json:"started_at"`
	FinishedAt    time.Time           `json:"finished_at"`
	WallSeconds   float64             `json:"wall_seconds"`
	ConfigSHA256  string              `json:"config_sha256"`
	Config        map[string]any      `json:"config"`
	Inputs        []InputInfo         `json:"inputs"`
	Counts        Counts              `json:"counts"`
	Rejects       RejectCounts        `json:"rejects"`
	Stages        []StageSummary      `json:"stages"`
	Outputs       []stages.TableStats `json:"outputs"`
	Sentiment     map[string]any      `json:"sentiment,omitempty"`
	Stance        map[string]any      `json:"stance,omitempty"`
	Runtime       RuntimeInfo         `json:"runtime"`
}

// InputInfo describes one input of a run.
type InputInfo struct {
	Path  string `json:"path"`
	Kind  string `json:"kind"`            // file, directory or stdin
	Bytes int64  `json:"bytes,omitempty"` // file size, or the sum over a directory's files
}

// Counts are the run's totals of what was written.
type Counts struct {
	Articles  int64 `json:"articles"`
	Sentences int64 `json:"sentences"`
	Mentions  int64 `json:"mentions"`
	TextBytes int64 `json:"text_bytes"`
}

// RejectCounts sum up rejects.jsonl.
type RejectCounts struct {
	// Records is the number of records (articles) not in the output.
	Records int64 `json:"records"`
	// Inputs is the number of inputs, or rests of inputs, skipped.
	Inputs int64 `json:"inputs"`
	// Fields is the number of field values dropped or repaired from records
	// that were kept.
	Fields int64 `json:"fields"`
	// ByStage counts every line of rejects.jsonl by the stage that wrote it.
	ByStage map[string]int64 `json:"by_stage"`
}

// StageStats are the live counters of one stage; its workers update them
// atomically.
type StageStats struct {
	Name    string
	Workers int
	in      atomic.Int64
	out     atomic.Int64
	rejects atomic.Int64
	busy    atomic.Int64 // nanoseconds, summed over workers
}

// StageSummary is a stage's counters in the manifest.
type StageSummary struct {
	Name        string  `json:"name"`
	Workers     int     `json:"workers"`
	In          int64   `json:"in"`
	Out         int64   `json:"out"`
	Rejects     int64   `json:"rejects"`
	BusySeconds float64 `json:"busy_seconds"`
}

func (p *plan) manifest(start time.Time, rt *runtimeMeter, all []*StageStats, counts Counts, rej *rejectLog, w *stages.Writer) *Manifest {
	end := time.Now()
	m := &Manifest{
		Tool:          "stancepipe",
		Version:       p.opts.Version,
		SchemaVersion: SchemaVersion,
		GoVersion:     runtime.Version(),
		Platform:      runtime.GOOS + "/" + runtime.GOARCH,
		CPUs:          runtime.NumCPU(),
		Command:       p.opts.Command,
		StartedAt:     start.UTC(),
		FinishedAt:    end.UTC(),
		WallSeconds:   end.Sub(start).Seconds(),
		Inputs:        p.inputs,
		Counts:        counts,
		Rejects:       rej.counts(),
		Outputs:       w.Stats(),
		Runtime:       rt.info(),
	}
	m.Config, _ = p.cfg.Map()
	m.ConfigSHA256, _ = p.cfg.Hash()
	for _, s := range all {
		m.Stages = append(m.Stages, StageSummary{
			Name: s.Name, Workers: s.Workers, In: s.in.Load(), Out: s.out.Load(),
			Rejects: s.rejects.Load(), BusySeconds: time.Duration(s.busy.Load()).Seconds(),
		})
	}
	// The reader's "in" is what it produced plus what it rejected.
	m.Stages[0].In = m.Stages[0].Out + m.Stages[0].Rejects
	if p.sentiment != nil {
		m.Sentiment = p.sentiment.Info()
	}
	if p.stance != nil {
		m.Stance = p.stance.Info()
	}
	return m
}

func writeManifest(path string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("write manifest: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write manifest: %w", err)
	}
	return f.Close()
}

func describeInput(in string) InputInfo {
	if in == "-" {
		return InputInfo{Path: "-", Kind: "stdin"}
	}
	st, err := os.Stat(in)
	if err != nil {
		return InputInfo{Path: in, Kind: "file"}
	}
	if !st.IsDir() {
		return InputInfo{Path: in, Kind: "file", Bytes: st.Size()}
	}
	var total int64
	_ = walkSizes(in, &total)
	return InputInfo{Path: in, Kind: "directory", Bytes: total}
}

func totalBytes(ins []InputInfo) int64 {
	var n int64
	for _, in := range ins {
		if in.Kind == "stdin" {
			return 0 // unknown
		}
		n += in.Bytes
	}
	return n
}

// walkSizes sums the sizes of the article files under dir.
func walkSizes(dir string, total *int64) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if _, _, ok := stages.DetectFormat(d.Name()); !ok {
			return nil
		}
		if info, err := d.Info(); err == nil {
			*total += info.Size()
		}
		return nil
	})
}
