package stages

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"
)

// sentimentNew builds a scorer from a YAML snippet of the `sentiment`
// section, the way users configure it.
func sentimentNew(t testing.TB, snippet string) (*Sentiment, error) {
	t.Helper()
	cfg := DefaultSentimentConfig()
	if err := yaml.Unmarshal([]byte(snippet), &cfg); err != nil {
		t.Fatalf("yaml: %v", err)
	}
	return NewSentiment(cfg)
}

func sentimentDefault(t testing.TB) *Sentiment {
	t.Helper()
	s, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSentimentRules covers each VADER rule with sentences of our own. The
// expected scores were computed with the reference polarity_scores
// (vaderSentiment@44fc044c) and are compared exactly.
func TestSentimentRules(t *testing.T) {
	s := sentimentDefault(t)
	tests := []struct {
		name string
		text string
		want [4]float64 // neg, neu, pos, compound
	}{
		{name: "plain", text: "The harvest was good.", want: [4]float64{0.0, 0.508, 0.492, 0.4404}},
		{name: "negation not", text: "The harvest was not good.", want: [4]float64{0.376, 0.624, 0.0, -0.3412}},
		{name: "negation contraction", text: "The soup isn't nice.", want: [4]float64{0.437, 0.563, 0.0, -0.3252}},
		{name: "negation two back", text: "The soup was not very nice.", want: [4]float64{0.338, 0.662, 0.0, -0.3713}},
		{name: "negation three back", text: "It was never really very nice.", want: [4]float64{0.355, 0.645, 0.0, -0.4127}},
		{name: "negation rarely", text: "Our neighbours rarely look happy.", want: [4]float64{0.428, 0.572, 0.0, -0.4585}},
		{name: "booster", text: "The harvest was extremely good.", want: [4]float64{0.0, 0.556, 0.444, 0.4927}},
		{name: "booster two back", text: "The harvest was really quite good.", want: [4]float64{0.0, 0.59, 0.41, 0.5379}},
		{name: "dampener", text: "The harvest was slightly good.", want: [4]float64{0.0, 0.605, 0.395, 0.3832}},
		{name: "booster caps", text: "The harvest was EXTREMELY good.", want: [4]float64{0.0, 0.505, 0.495, 0.6028}},
		{name: "booster before negative", text: "The road was extremely dangerous.", want: [4]float64{0.459, 0.541, 0.0, -0.5256}},
		{name: "kind of", text: "The harvest was kind of good.", want: [4]float64{0.0, 0.657, 0.343, 0.3832}},
		{name: "sort of", text: "That talk was sort of helpful.", want: [4]float64{0.0, 0.666, 0.334, 0.3626}},
		{name: "just enough", text: "The pay was just enough fair.", want: [4]float64{0.189, 0.54, 0.271, 0.1548}},
		{name: "but", text: "The hotel was lovely but the breakfast was awful.", want: [4]float64{0.299, 0.522, 0.179, -0.3818}},
		{name: "but repeated values", text: "good good but good", want: [4]float64{0.0, 0.114, 0.886, 0.775}},
		{name: "but first word", text: "But the garden is beautiful.", want: [4]float64{0.0, 0.428, 0.572, 0.7469}},
		{name: "caps differential", text: "The garden is BEAUTIFUL.", want: [4]float64{0.0, 0.393, 0.607, 0.6841}},
		{name: "all caps", text: "THE GARDEN IS BEAUTIFUL.", want: [4]float64{0.0, 0.435, 0.565, 0.5994}},
		{name: "exclamation", text: "The garden is beautiful!", want: [4]float64{0.0, 0.417, 0.583, 0.636}},
		{name: "exclamation capped at four", text: "The garden is beautiful!!!!!!!", want: [4]float64{0.0, 0.372, 0.628, 0.7243}},
		{name: "exclamation negative", text: "The garden is ugly!!", want: [4]float64{0.564, 0.436, 0.0, -0.5972}},
		{name: "one question mark", text: "Is the garden beautiful?", want: [4]float64{0.0, 0.435, 0.565, 0.5994}},
		{name: "question marks", text: "Is the garden beautiful??", want: [4]float64{0.0, 0.413, 0.587, 0.644}},
		{name: "question marks flood", text: "Is the garden beautiful?????", want: [4]float64{0.0, 0.382, 0.618, 0.7059}},
		{name: "idiom the bomb", text: "Her new bicycle is the bomb.", want: [4]float64{0.0, 0.556, 0.444, 0.6124}},
		{name: "idiom yeah right", text: "Sure the plan will work, yeah right.", want: [4]float64{0.291, 0.485, 0.223, -0.1779}},
		{name: "idiom kiss of death", text: "That merger was the kiss of death for the firm.", want: [4]float64{0.385, 0.615, 0.0, -0.6124}},
		{name: "idiom to die for only before a word", text: "The pie is to die for good", want: [4]float64{0.302, 0.388, 0.31, 0.0258}},
		{name: "idiom bad ass", text: "The new drummer is quite bad ass", want: [4]float64{0.0, 0.5, 0.5, 0.6124}},
		{name: "idiom too early", text: "the bomb", want: [4]float64{0.762, 0.238, 0.0, -0.4939}},
		{name: "least", text: "This is the least pleasant hotel in town.", want: [4]float64{0.278, 0.722, 0.0, -0.4023}},
		{name: "least first", text: "Least pleasant of all was the ferry.", want: [4]float64{0.311, 0.689, 0.0, -0.4023}},
		{name: "at least", text: "At least the hotel was pleasant.", want: [4]float64{0.0, 0.602, 0.398, 0.5106}},
		{name: "very least", text: "The very least pleasant part was the ferry.", want: [4]float64{0.0, 0.662, 0.338, 0.5542}},
		{name: "never so", text: "I was never so happy.", want: [4]float64{0.0, 0.413, 0.587, 0.7702}},
		{name: "never this", text: "The lake has never looked this calm.", want: [4]float64{0.0, 0.696, 0.304, 0.3869}},
		{name: "never", text: "The lake was never calm.", want: [4]float64{0.329, 0.671, 0.0, -0.2411}},
		{name: "so three back", text: "The team played so well together.", want: [4]float64{0.0, 0.438, 0.562, 0.6299}},
		{name: "without doubt", text: "Without doubt a fine effort.", want: [4]float64{0.0, 0.434, 0.566, 0.4423}},
		{name: "no before lexicon word", text: "There is no good answer.", want: [4]float64{0.376, 0.624, 0.0, -0.3412}},
		{name: "no with full stop stays whole", text: "The answer is no.", want: [4]float64{0.0, 1.0, 0.0, 0.0}},
		{name: "no as a word", text: "The answer was simply no", want: [4]float64{0.355, 0.645, 0.0, -0.296}},
		{name: "no no", text: "no no good", want: [4]float64{0.454, 0.189, 0.357, -0.1326}},
		{name: "no or", text: "There was no food or comfort.", want: [4]float64{0.519, 0.481, 0.0, -0.5122}},
		{name: "emoji", text: "Dinner with friends tonight \U0001F601", want: [4]float64{0.0, 0.534, 0.466, 0.7269}},
		{name: "emoji glued", text: "Dinner\U0001F601tonight", want: [4]float64{0.0, 0.625, 0.375, 0.4588}},
		{name: "emoji negative", text: "Missed the last train \U0001F621", want: [4]float64{0.306, 0.694, 0.0, -0.296}},
		{name: "emoticon", text: "See you tomorrow :)", want: [4]float64{0.0, 0.5, 0.5, 0.4588}},
		{name: "emoticon upper-case", text: "See you tomorrow :D", want: [4]float64{0.0, 0.427, 0.573, 0.6166}},
		{name: "punctuation stripped", text: "'great', she said.", want: [4]float64{0.0, 0.328, 0.672, 0.6249}},
		{name: "unicode spaces", text: "great\u00a0news\u3000today", want: [4]float64{0.0, 0.328, 0.672, 0.6249}},
		{name: "empty", text: "", want: [4]float64{0.0, 0.0, 0.0, 0.0}},
		{name: "blank", text: " \t\n ", want: [4]float64{0.0, 0.0, 0.0, 0.0}},
		{name: "punctuation only", text: "?? !!", want: [4]float64{0.0, 1.0, 0.0, 0.0}},
		// A Python str cannot hold invalid UTF-8; each bad byte is one
		// opaque, caseless character, like the "ÿþ" the reference sees
		// for the Latin-1 reading of these bytes.
		{name: "invalid UTF-8", text: "good \xff\xfe day", want: [4]float64{0.0, 0.408, 0.592, 0.4404}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Score(tt.text)
			if g := [4]float64{got.Neg, got.Neu, got.Pos, got.Compound}; g != tt.want {
				t.Errorf("Score(%q) = %v, want %v", tt.text, g, tt.want)
			}
			if want := SentimentLabel(tt.want[3]); got.Label != want {
				t.Errorf("Score(%q).Label = %q, want %q", tt.text, got.Label, want)
			}
		})
	}
}

func TestSentimentLabel(t *testing.T) {
	tests := []struct {
		compound float64
		want     string
	}{
		{0.05, SentimentPositive},
		{0.0499, SentimentNeutral},
		{0, SentimentNeutral},
		{math.Copysign(0, -1), SentimentNeutral},
		{-0.0499, SentimentNeutral},
		{-0.05, SentimentNegative},
		{1, SentimentPositive},
		{-1, SentimentNegative},
	}
	for _, tt := range tests {
		if got := SentimentLabel(tt.compound); got != tt.want {
			t.Errorf("SentimentLabel(%v) = %q, want %q", tt.compound, got, tt.want)
		}
	}
}

// label_threshold moves the label's bounds and nothing else.
func TestSentimentLabelThreshold(t *testing.T) {
	const text = "The talks were useful." // compound 0.4404
	base := sentimentDefault(t).Score(text)
	wide, err := sentimentNew(t, "label_threshold: 0.5")
	if err != nil {
		t.Fatal(err)
	}
	got := wide.Score(text)
	if base.Label != SentimentPositive || got.Label != SentimentNeutral {
		t.Errorf("labels %q (0.05) and %q (0.5) for compound %v, want positive and neutral", base.Label, got.Label, base.Compound)
	}
	if got.Compound != base.Compound || got.Neg != base.Neg || got.Neu != base.Neu || got.Pos != base.Pos {
		t.Errorf("scores changed with the threshold: %+v vs %+v", got, base)
	}
	if u := wide.ScoreUnrounded(text); u.Label != SentimentNeutral {
		t.Errorf("unrounded label %q, want neutral", u.Label)
	}
	for _, bad := range []string{"label_threshold: 0", "label_threshold: -0.1", "label_threshold: 1.5", "label_threshold: .nan"} {
		if _, err := sentimentNew(t, bad); err == nil || !strings.Contains(err.Error(), "label_threshold") {
			t.Errorf("%s: error %v, want one naming label_threshold", bad, err)
		}
	}
}

// TestSentimentRound checks vaderRound against values from Python's round
// and against the decimal-string method on many values near ties.
func TestSentimentRound(t *testing.T) {
	python := []struct {
		x    float64
		n    int
		want float64
	}{
		{0.0625, 3, 0.062}, // exact tie: to even
		{0.0635, 3, 0.064},
		{0.5, 3, 0.5},
		{0.12345, 4, 0.1235},
		{-4e-05, 4, math.Copysign(0, -1)},
		{-0.0005, 3, -0.001},
		{0.9999500000000001, 4, 1.0},
		{0.00015, 4, 0.0001},
		{2.675, 2, 2.67},
		{0.2855, 4, 0.2855},
		{-0.28555, 4, -0.2856},
		{1e-300, 3, 0},
		{0.1 + 0.2, 3, 0.3},
	}
	for _, tt := range python {
		got := vaderRound(tt.x, tt.n)
		if got != tt.want || math.Signbit(got) != math.Signbit(tt.want) {
			t.Errorf("vaderRound(%v, %d) = %v, want %v", tt.x, tt.n, got, tt.want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	check := func(x float64, n int) {
		got, want := vaderRound(x, n), vaderRoundString(x, n)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("vaderRound(%v, %d) = %v, decimal string gives %v", x, n, got, want)
		}
	}
	for i := range 200000 {
		n := 3 + i%2
		m := vaderPow10[n]
		// Values at and next to decimal halves, and random ones.
		k := float64(r.IntN(2*int(m)+1)) - m
		h := (k + 0.5) / m
		for _, x := range []float64{h, math.Nextafter(h, 2), math.Nextafter(h, -2), k / m, r.Float64()*2 - 1} {
			check(x, n)
		}
	}
	for _, x := range []float64{math.Inf(1), math.Inf(-1), 1e20, -1e20, math.MaxFloat64, 0, math.Copysign(0, -1)} {
		check(x, 4)
	}
}

// TestSentimentButCheck compares the "but" rule, on its short and long
// paths, with a literal rendering of the reference's loop, which finds
// each element again by value with list.index.
func TestSentimentButCheck(t *testing.T) {
	reference := func(s []float64, bi int) {
		for k := range s {
			v := s[k]
			j := slices.Index(s, v)
			if j < bi {
				s[j] = v * 0.5
			} else if j > bi {
				s[j] = v * 1.5
			}
		}
	}
	values := []float64{0, math.Copysign(0, -1), 1, 2, 0.5, 0.25, 0.75, 1.5, 3, -1, -0.5, -1.5, -2.25}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 3000 {
		n := 1 + r.IntN(40)
		if i%3 == 0 {
			n = 100 + r.IntN(400) // past vaderButLinearMax
		}
		bi := r.IntN(n)
		toks := make([]vaderToken, n)
		toks[bi].w.id = vwBut
		got := make([]float64, n)
		for k := range got {
			if k != bi && r.IntN(3) > 0 {
				got[k] = values[r.IntN(len(values))]
			}
		}
		want := slices.Clone(got)
		reference(want, bi)
		vaderButCheck(toks, got, nil)
		for k := range got {
			if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
				t.Fatalf("n=%d but at %d: position %d is %v, want %v", n, bi, k, got[k], want[k])
			}
		}
	}
}

// TestSentimentPythonStrings checks the str primitives on characters where
// Python and Go's unicode package disagree or that are easy to get wrong.
func TestSentimentPythonStrings(t *testing.T) {
	lower := []struct{ in, want string }{
		{"GOOD", "good"},
		{"\u0130yi", "i\u0307yi"},                   // dotted capital I: two code points
		{"\u039a\u0391\u039b\u039f\u03a3", "καλος"}, // final sigma
		{"\u03a3\u0391\u03a3", "σας"},
		{"\u03a3", "σ"},
		{"\u212aind", "kind"}, // Kelvin sign
		{"\u01c5", "\u01c6"},  // title case letter
		{"\xffA", "\xffa"},
	}
	for _, tt := range lower {
		if got := string(vaderAppendLower(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("lower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	upper := []struct {
		in   string
		want bool
	}{
		{"GOOD", true}, {"Good", false}, {":D", true}, {":)", false}, {"123", false},
		{"\u24b6", true},       // circled A: Other_Uppercase
		{"A\u00aa", false},     // feminine ordinal: Other_Lowercase
		{"\u01c5", false},      // title case
		{"\u0394\u0395", true}, // Greek capitals
		{"\xffGOOD", true},
	}
	for _, tt := range upper {
		if got := vaderIsUpper([]byte(tt.in)); got != tt.want {
			t.Errorf("isupper(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, r := range []rune{'\t', '\n', '\v', '\f', '\r', 0x1c, 0x1f, ' ', 0x85, 0xa0, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000} {
		if !vaderIsSpaceRune(r) {
			t.Errorf("U+%04X should be white space", r)
		}
	}
	for _, r := range []rune{'a', 0x1b, 0x200b, 0xfeff, 0x180e} {
		if vaderIsSpaceRune(r) {
			t.Errorf("U+%04X should not be white space", r)
		}
	}
}

// TestSentimentConfig builds the stage from YAML snippets.
func TestSentimentConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.tsv", "sanctions\t-1.5\t0.5\t[-1, -2]\n\n  embargo\t-2\nsanctions\t-1.2\n")
	bad := write("domain.tsv", "sanctions\t-1.2\nembargo\tx\ntariff\n")
	upper := write("upper.tsv", "Tariff\t-1\n")
	many := write("many.tsv", strings.Repeat("x\ty\n", 30))
	tests := []struct {
		name    string
		yaml    string
		wantErr []string // substrings; nil means success
	}{
		{name: "defaults", yaml: ``},
		{name: "disabled", yaml: `enabled: false`},
		{name: "inline lexicon", yaml: `lexicon: {sanctions: -1.2, ":-]": 1.5}`},
		{name: "lexicon file", yaml: `lexicon_files: [` + good + `]`},
		{name: "missing file", yaml: `lexicon_files: [` + filepath.Join(dir, "nope.tsv") + `]`,
			wantErr: []string{"lexicon_files[0]: open ", "no such file"}},
		{name: "empty path", yaml: `lexicon_files: [""]`, wantErr: []string{"lexicon_files[0]: empty path"}},
		{name: "malformed file", yaml: `lexicon_files: [` + good + `, ` + bad + `]`, wantErr: []string{
			"lexicon_files[1]: " + bad + `:2: valence "x": not a number`,
			bad + ":3: no TAB between token and valence",
		}},
		{name: "many bad lines", yaml: `lexicon_files: [` + many + `]`,
			wantErr: []string{many + `:20: valence "y"`, many + ": too many errors, stopped at line 21"}},
		{name: "upper-case token in file", yaml: `lexicon_files: [` + upper + `]`,
			wantErr: []string{upper + `:1: token "Tariff": token has upper-case letters`}},
		{name: "upper-case inline token", yaml: `lexicon: {Sanctions: -1}`,
			wantErr: []string{`lexicon["Sanctions"]: token has upper-case letters`}},
		{name: "inline token with space", yaml: `lexicon: {"kind of": -1}`,
			wantErr: []string{`lexicon["kind of"]: token contains white space`}},
		{name: "inline token with punctuation", yaml: `lexicon: {"sanctions!": -1}`,
			wantErr: []string{`lexicon["sanctions!"]: token starts or ends with punctuation`}},
		{name: "inline emoji", yaml: "lexicon: {\"\U0001F601\": 2}",
			wantErr: []string{"replaced by its description"}},
		{name: "not finite", yaml: `lexicon: {sanctions: .nan}`, wantErr: []string{`lexicon["sanctions"]: not a finite number`}},
		{name: "several errors", yaml: "lexicon: {Sanctions: -1, \"a b\": 1}", wantErr: []string{`lexicon["Sanctions"]`, `lexicon["a b"]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultSentimentConfig()
			if err := yaml.Unmarshal([]byte(tt.yaml), &cfg); err != nil {
				t.Fatalf("yaml: %v", err)
			}
			verr := cfg.Validate()
			s, err := NewSentiment(cfg)
			if tt.wantErr == nil {
				if verr != nil || err != nil {
					t.Fatalf("Validate: %v; NewSentiment: %v", verr, err)
				}
				if s == nil {
					t.Fatal("nil scorer")
				}
				return
			}
			if verr == nil || err == nil {
				t.Fatalf("Validate: %v; NewSentiment: %v; want errors", verr, err)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(verr.Error(), want) {
					t.Errorf("Validate error %q does not contain %q", verr, want)
				}
				if !strings.Contains(err.Error(), want) {
					t.Errorf("NewSentiment error %q does not contain %q", err, want)
				}
			}
			if (strings.Contains(tt.name, "token") || tt.name == "malformed file") && !errors.Is(err, ErrLexiconLine) {
				t.Errorf("error %v does not wrap ErrLexiconLine", err)
			}
		})
	}
}

// TestSentimentOverrides checks that overrides change scores and the
// manifest information, files in order and the inline map last.
func TestSentimentOverrides(t *testing.T) {
	dir := t.TempDir()
	f1 := filepath.Join(dir, "a.tsv")
	f2 := filepath.Join(dir, "b.tsv")
	if err := os.WriteFile(f1, []byte("sanctions\t-1.0\nembargo\t-2.0\ngood\t1.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f2, []byte("sanctions\t-3.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := sentimentDefault(t)
	s, err := sentimentNew(t, "lexicon_files: ["+f1+", "+f2+"]\nlexicon: {embargo: -2.5}")
	if err != nil {
		t.Fatal(err)
	}
	const text = "New sanctions were announced today."
	if got := base.Score(text); got.Compound != 0 {
		t.Errorf("default Score(%q).Compound = %v, want 0", text, got.Compound)
	}
	// A lone "sanctions" of -3.0: normalize(-3) = -3/sqrt(9+15).
	want := vaderRound(-3/math.Sqrt(24), 4)
	if got := s.Score(text); got.Compound != want || got.Label != SentimentNegative {
		t.Errorf("Score(%q) = %+v, want compound %v (later file wins)", text, got, want)
	}
	if got, want := s.Score("embargo").Compound, vaderRound(-2.5/math.Sqrt(2.5*2.5+15), 4); got != want {
		t.Errorf("embargo compound %v, want %v (inline map wins)", got, want)
	}
	info, binfo := s.Info(), base.Info()
	if binfo["lexicon_entries"] != 7506 || binfo["embedded_lexicon_tokens"] != 7506 {
		t.Errorf("default entries %v, %v; want 7506", binfo["lexicon_entries"], binfo["embedded_lexicon_tokens"])
	}
	if binfo["lexicon_sha256"] == info["lexicon_sha256"] || binfo["embedded_lexicon_sha256"] != info["embedded_lexicon_sha256"] {
		t.Errorf("lexicon hashes: default %v, overridden %v", binfo["lexicon_sha256"], info["lexicon_sha256"])
	}
	ov := info["overrides"].(map[string]float64)
	if len(ov) != 3 || ov["sanctions"] != -3 || ov["embargo"] != -2.5 || ov["good"] != 1 {
		t.Errorf("overrides = %v", ov)
	}
	if info["overrides_added"] != 2 || info["overrides_changed"] != 1 || info["lexicon_entries"] != 7508 {
		t.Errorf("added %v, changed %v, entries %v; want 2, 1, 7508", info["overrides_added"], info["overrides_changed"], info["lexicon_entries"])
	}
	ov["good"] = 4 // Info returns copies
	if s.Info()["overrides"].(map[string]float64)["good"] != 1 {
		t.Error("Info shares its overrides map with the caller")
	}
	// An override equal to the embedded value leaves the hash unchanged.
	same, err := sentimentNew(t, `lexicon: {good: 1.9}`)
	if err != nil {
		t.Fatal(err)
	}
	if same.Info()["lexicon_sha256"] != binfo["lexicon_sha256"] {
		t.Error("hash changed by an override that changes nothing")
	}
}

// TestSentimentScoreArticle checks the per-sentence scores and the tone.
func TestSentimentScoreArticle(t *testing.T) {
	s := sentimentDefault(t)
	texts := []string{
		"The garden is beautiful.",    // beautiful > 0
		"The road was dangerous!",     // dangerous < 0
		"We walked home.",             // no lexicon words
		"A lovely, lovely morning :)", // lovely twice, :) > 0
	}
	a := &Article{ID: "a1"}
	for i, txt := range texts {
		a.Sentences = append(a.Sentences, Sentence{Index: i, Text: txt})
	}
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for i, sen := range a.Sentences {
		if want := s.Score(texts[i]); sen.Sentiment != want {
			t.Errorf("sentence %d: %+v, want %+v", i, sen.Sentiment, want)
		}
		sum += sen.Sentiment.Compound
	}
	want := ArticleTone{MeanCompound: sum / 4, PosWords: 4, NegWords: 1, Words: 16}
	want.Tone = 100 * float64(4-1) / 16
	if a.Tone != want {
		t.Errorf("Tone = %+v, want %+v", a.Tone, want)
	}

	empty := &Article{ID: "empty"}
	if err := s.ScoreArticle(empty); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(empty.Tone.MeanCompound) || !math.IsNaN(empty.Tone.Tone) || empty.Tone.Words != 0 {
		t.Errorf("empty article tone = %+v, want NaN mean and tone", empty.Tone)
	}
	if err := s.ScoreArticle(nil); err == nil {
		t.Error("ScoreArticle(nil) succeeded")
	}
}

// TestSentimentConcurrent scores from several goroutines at once; run it
// with -race.
func TestSentimentConcurrent(t *testing.T) {
	s := sentimentDefault(t)
	texts := []string{
		"The harvest was not very good, but the wine was LOVELY!!",
		"Dinner\U0001F601tonight was kind of bland??",
		"ΚΑΛΟΣ \u0130yi never so happy",
		strings.Repeat("good bad but ", 50),
	}
	want := make([]SentimentScores, len(texts))
	for i, txt := range texts {
		want[i] = s.Score(txt)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := (g + i) % len(texts)
				if got := s.Score(texts[k]); got != want[k] {
					t.Errorf("concurrent Score(%q) = %+v, want %+v", texts[k], got, want[k])
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestSentimentZeroAllocs checks that scoring allocates nothing once the
// scratch buffers have grown.
func TestSentimentZeroAllocs(t *testing.T) {
	if vaderRaceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	s := sentimentDefault(t)
	for _, txt := range []string{
		"The harvest was not very good, but the wine was LOVELY!!",
		"Dinner\U0001F601tonight was kind of bland??",
		"ΚΑΛΟΣ \u0130yi never so happy",
		"",
	} {
		if n := testing.AllocsPerRun(100, func() { s.Score(txt) }); n != 0 {
			t.Errorf("Score(%q): %v allocations per call, want 0", txt, n)
		}
	}
}

// FuzzSentiment checks that any text scores without panicking, with every
// score in range, proportions summing to about 1 (or all 0 for a text
// without words), and the rounded scores the rounding of the unrounded.
func FuzzSentiment(f *testing.F) {
	for _, seed := range []string{
		"", " ", "The harvest was not very good, but the wine was LOVELY!!",
		"no no good", "least never so this", "kind of sort of just enough",
		"Dinner\U0001F601tonight", "\xff\xfe", "ΚΑΛΟΣ \u0130", "?!?!?!", ":) :D :-(",
		"but but but good bad", "the bomb is to die for yeah right",
	} {
		f.Add(seed)
	}
	s, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		u, r := s.ScoreUnrounded(text), s.Score(text)
		for _, v := range []float64{u.Neg, u.Neu, u.Pos} {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("%q: proportion %v out of [0, 1]: %+v", text, v, u)
			}
		}
		if !(u.Compound >= -1 && u.Compound <= 1) {
			t.Fatalf("%q: compound %v out of [-1, 1]", text, u.Compound)
		}
		sum := u.Neg + u.Neu + u.Pos
		if sum != 0 && math.Abs(sum-1) > 1e-9 {
			t.Fatalf("%q: neg+neu+pos = %v", text, sum)
		}
		if sum == 0 && u.Compound != 0 {
			t.Fatalf("%q: no words but compound %v", text, u.Compound)
		}
		want := SentimentScores{
			Neg: vaderRound(u.Neg, 3), Neu: vaderRound(u.Neu, 3), Pos: vaderRound(u.Pos, 3),
			Compound: vaderRound(u.Compound, 4),
		}
		want.Label = SentimentLabel(want.Compound)
		if r != want {
			t.Fatalf("%q: Score %+v, want %+v", text, r, want)
		}
	})
}

func ExampleSentiment_Score() {
	s, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		panic(err)
	}
	for _, text := range []string{
		"The talks were helpful.",
		"The talks were not helpful at all!",
		"The talks were slow, but the outcome is GOOD.",
	} {
		sc := s.Score(text)
		fmt.Printf("%-47q neg=%.3f neu=%.3f pos=%.3f compound=%+.4f %s\n", text, sc.Neg, sc.Neu, sc.Pos, sc.Compound, sc.Label)
	}
	// Output:
	// "The talks were helpful."                       neg=0.000 neu=0.517 pos=0.483 compound=+0.4215 positive
	// "The talks were not helpful at all!"            neg=0.304 neu=0.696 pos=0.000 compound=-0.3867 negative
	// "The talks were slow, but the outcome is GOOD." neg=0.000 neu=0.618 pos=0.382 compound=+0.7140 positive
}
