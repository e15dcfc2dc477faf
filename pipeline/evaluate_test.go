package pipeline

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A researcher's own camps and axis: evaluation uses the configured
// lexicon and axis labels, and rejects labels of camps it does not have.
func TestEvaluateOwnCamps(t *testing.T) {
	dir := t.TempDir()
	actors := `version: 1
camps:
  - {id: beijing, name: Beijing}
  - {id: washington, name: Washington}
state_nouns: [government, officials, forces, ministry]
actors:
  - id: china
    name: China
    camp: beijing
    code: CHN
    kind: country
    surfaces: ["China"]
    adjectives: ["Chinese"]
  - id: united_states
    name: United States
    camp: washington
    code: USA
    kind: country
    surfaces: ["United States", "US"]
    adjectives: ["American", "US"]
`
	if err := os.WriteFile(filepath.Join(dir, "actors.yaml"), []byte(actors), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Stance.ActorsFile = filepath.Join(dir, "actors.yaml")
	cfg.Stance.Axis.Positive, cfg.Stance.Axis.Negative = []string{"beijing"}, []string{"washington"}
	cfg.Stance.Axis.PositiveActors, cfg.Stance.Axis.NegativeActors = nil, nil
	cfg.Stance.Publishers = nil
	labels := `{"id": "d1", "date": "2024-05-01", "sentences": [{"text": "Chinese officials said the US was bullying its neighbours.", "camps": ["beijing", "washington"], "speaker": "beijing", "favour": {"beijing": 0, "washington": -1}, "axis": "pro_beijing", "sentiment": -1}, {"text": "The weather was mild.", "camps": [], "speaker": null, "favour": {}, "axis": "neutral", "sentiment": 0}]}
`
	var dis bytes.Buffer
	res, err := Evaluate(context.Background(), cfg, EvalOptions{Labels: []string{"-"}, Stdin: strings.NewReader(labels), Disagreements: &dis})
	if err != nil {
		t.Fatal(err)
	}
	if res.Documents != 1 || res.Eval.Sentences() != 2 {
		t.Errorf("%d documents, %d sentences; want 1 and 2", res.Documents, res.Eval.Sentences())
	}
	var b strings.Builder
	if err := res.Eval.Report(&b, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  camp beijing  P 1.000 R 1.000", "  camp washington P 1.000 R 1.000", "axis pro_beijing", "columns predicted [pro_beijing neutral pro_washington]"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}

	_, err = Evaluate(context.Background(), cfg, EvalOptions{Labels: []string{"-"}, Stdin: strings.NewReader(strings.ReplaceAll(labels, "pro_beijing", "pro_moscow"))})
	var le *LabelError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), `<stdin>:1: document "d1", sentence 0: axis: "pro_moscow"`) {
		t.Errorf("a label of another axis: %v", err)
	}
	_, err = Evaluate(context.Background(), cfg, EvalOptions{Labels: []string{"-"}, Stdin: strings.NewReader("\n\n")})
	if !errors.As(err, &le) {
		t.Errorf("no document: %v", err)
	}
}
