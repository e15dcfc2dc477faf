package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/stancepipe/stancepipe/stages"
)

// EvalOptions are the settings of an evaluation that are not part of the
// configuration.
type EvalOptions struct {
	// Labels are files of labelled documents (stages.LabelledDoc, one JSON
	// object per line), or "-" for standard input.
	Labels []string
	Stdin  io.Reader // read by the label file "-"
	// Disagreements, when not nil, receives one JSON object per sentence
	// whose result differs from its labels (see EvalDisagreement).
	Disagreements io.Writer
}

// EvalResult is what Evaluate measured.
type EvalResult struct {
	Eval      *stages.StanceEval
	Documents int
}

// EvalDisagreement is a line of EvalOptions.Disagreements: where the
// sentence is, its text, what the stage gave and what disagrees.
type EvalDisagreement struct {
	File     string             `json:"file"`
	Line     int                `json:"line"`
	Document string             `json:"document"`
	Sentence int                `json:"sentence"`
	Text     string             `json:"text"`
	Camps    []string           `json:"camps"`
	Speaker  *string            `json:"speaker"`
	Favour   map[string]float64 `json:"favour"`
	Axis     string             `json:"axis"`
	Score    float64            `json:"score"`
	Why      []string           `json:"why"`
}

// LabelError is an error in a label file: one that cannot be read, a line
// that is no labelled document, or a label the configured stage cannot
// give. It names the file and line.
type LabelError struct{ Err error }

func (e *LabelError) Error() string { return e.Err.Error() }
func (e *LabelError) Unwrap() error { return e.Err }

// Evaluate scores the stance stage that cfg configures (with the sentiment
// stage before it, as a run has it) on labelled documents, and returns the
// tally: the figures of docs/stance.md §8 for the user's own sentences,
// camps and lexicon. Every document is read and checked before any is
// scored, so that a bad label stops the evaluation with a *LabelError
// naming its file and line; a bad configuration gives a *ConfigError.
func Evaluate(ctx context.Context, cfg Config, opts EvalOptions) (*EvalResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, &ConfigError{Err: err}
	}
	if !cfg.Stance.Enabled {
		return nil, &ConfigError{Err: errors.New("stance.enabled: false; the evaluation measures the stance stage")}
	}
	if len(opts.Labels) == 0 {
		return nil, &ConfigError{Err: errors.New("no label file given")}
	}
	p, err := newPlan(cfg, Options{})
	if err != nil {
		return nil, err
	}
	eval := stages.NewStanceEval(p.stance)
	var docs []stages.LabelledDoc
	var arts []*stages.Article // docs' articles, built with the checks
	for _, name := range opts.Labels {
		ds, err := readLabels(name, opts.Stdin)
		if err != nil {
			return nil, &LabelError{Err: err}
		}
		for _, d := range ds {
			for i, g := range d.Sentences {
				if err := eval.Validate(g); err != nil {
					return nil, &LabelError{Err: fmt.Errorf("%s:%d: document %q, sentence %d: %w", d.File, d.Line, d.ID, i, err)}
				}
			}
			a, err := d.Article()
			if err != nil {
				return nil, &LabelError{Err: fmt.Errorf("%s:%d: document %q: %w", d.File, d.Line, d.ID, err)}
			}
			arts = append(arts, a)
		}
		docs = append(docs, ds...)
	}
	if len(docs) == 0 {
		return nil, &LabelError{Err: errors.New("the label files hold no document")}
	}
	var enc *json.Encoder
	if opts.Disagreements != nil {
		enc = json.NewEncoder(opts.Disagreements)
		enc.SetEscapeHTML(false)
	}
	camps := p.stance.Camps()
	for di, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		a := arts[di]
		if p.sentiment != nil {
			if err := p.sentiment.ScoreArticle(a); err != nil {
				return nil, fmt.Errorf("%s:%d: document %q: sentiment: %w", d.File, d.Line, d.ID, err)
			}
		}
		if err := p.stance.ScoreArticle(a); err != nil {
			return nil, fmt.Errorf("%s:%d: document %q: stance: %w", d.File, d.Line, d.ID, err)
		}
		for i, g := range d.Sentences {
			s := a.Sentences[i]
			why := eval.Add(g, s)
			if enc == nil || len(why) == 0 {
				continue
			}
			line := EvalDisagreement{
				File: d.File, Line: d.Line, Document: d.ID, Sentence: i, Text: g.Text,
				Camps: s.Stance.Camps, Axis: s.Stance.Label, Score: s.Stance.Score, Why: why,
				Favour: map[string]float64{},
			}
			if line.Camps == nil {
				line.Camps = []string{}
			}
			if s.Stance.SpeakerCamp != "" {
				line.Speaker = &s.Stance.SpeakerCamp
			}
			for k, c := range camps {
				if k < len(s.Stance.Favour) && !math.IsNaN(s.Stance.Favour[k]) {
					line.Favour[c.ID] = s.Stance.Favour[k]
				}
			}
			if err := enc.Encode(line); err != nil {
				return nil, fmt.Errorf("write disagreements: %w", err)
			}
		}
	}
	return &EvalResult{Eval: eval, Documents: len(docs)}, nil
}

// readLabels reads one label file, or standard input for "-".
func readLabels(name string, stdin io.Reader) ([]stages.LabelledDoc, error) {
	if name == "-" {
		if stdin == nil {
			return nil, errors.New("-: no standard input")
		}
		return stages.ReadLabelledDocs(stdin, "<stdin>")
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return stages.ReadLabelledDocs(f, name)
}
