package stages

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// Thresholds of issue 3 for the shared SBD benchmark.
const (
	sbdMinGolden     = 50   // of 52 golden rules exactly right
	sbdMinUpstreamF1 = 0.97 // boundary F1 on upstream_pairs_en.json
	sbdGoldenFile    = "bench/sbd/golden_rules_en.json"
	sbdUpstreamFile  = "bench/sbd/upstream_pairs_en.json"
)

type sbdCase struct {
	Name              string   `json:"name"`
	Text              string   `json:"text"`
	Sentences         []string `json:"sentences"`
	SameNonspaceChars bool     `json:"same_nonspace_chars"`
}

func loadSBDCases(t testing.TB, rel string) []sbdCase {
	t.Helper()
	b, err := os.ReadFile(sharedPath(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	var cases []sbdCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatalf("decode %s: %v", rel, err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no cases", rel)
	}
	return cases
}

// collapseSentences applies the benchmark's comparison: each white-space run
// becomes one space, each sentence is trimmed, empty ones are dropped.
func collapseSentences(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if c := strings.Join(strings.FieldsFunc(s, isSpaceRune), " "); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// nonspaceBoundaries returns the inner sentence boundaries as counts of
// non-white-space code points before each boundary.
func nonspaceBoundaries(ss []string) map[int]bool {
	b := make(map[int]bool, len(ss))
	n := 0
	for i, s := range ss {
		for _, r := range s {
			if !isSpaceRune(r) {
				n++
			}
		}
		if i < len(ss)-1 {
			b[n] = true
		}
	}
	return b
}

func splitSentenceTexts(ss []Sentence) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Text
	}
	return out
}

func TestSBDConformance(t *testing.T) {
	sp, err := NewSplitter(DefaultSplitterConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("golden", func(t *testing.T) {
		cases := loadSBDCases(t, sbdGoldenFile)
		right := 0
		for _, c := range cases {
			got := collapseSentences(splitSentenceTexts(sp.Split(c.Text, nil)))
			want := collapseSentences(c.Sentences)
			if strings.Join(got, "\x00") == strings.Join(want, "\x00") {
				right++
				continue
			}
			t.Logf("golden %s:\n got  %q\n want %q", c.Name, got, want)
		}
		t.Logf("golden rules: %d/%d exactly right", right, len(cases))
		if right < sbdMinGolden {
			t.Errorf("golden rules: %d/%d right, want >= %d", right, len(cases), sbdMinGolden)
		}
	})
	t.Run("upstream", func(t *testing.T) {
		cases := loadSBDCases(t, sbdUpstreamFile)
		tp, fp, fn, scored := 0, 0, 0, 0
		for _, c := range cases {
			if !c.SameNonspaceChars {
				continue
			}
			scored++
			got := nonspaceBoundaries(splitSentenceTexts(sp.Split(c.Text, nil)))
			want := nonspaceBoundaries(c.Sentences)
			ctp := 0
			for b := range got {
				if want[b] {
					ctp++
				}
			}
			tp += ctp
			fp += len(got) - ctp
			fn += len(want) - ctp
			if testing.Verbose() && (ctp != len(got) || ctp != len(want)) {
				t.Logf("upstream %s: %d false, %d missed boundaries", c.Name, len(got)-ctp, len(want)-ctp)
			}
		}
		p := float64(tp) / float64(max(tp+fp, 1))
		r := float64(tp) / float64(max(tp+fn, 1))
		f1 := 0.0
		if p+r > 0 {
			f1 = 2 * p * r / (p + r)
		}
		t.Logf("upstream pairs: %d cases scored, boundary P=%.4f R=%.4f F1=%.4f (tp=%d fp=%d fn=%d)",
			scored, p, r, f1, tp, fp, fn)
		if f1 < sbdMinUpstreamF1 {
			t.Errorf("upstream boundary F1 = %.4f, want >= %.2f", f1, sbdMinUpstreamF1)
		}
	})
}
