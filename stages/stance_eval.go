package stages

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// LabelledDoc is one document of a stance evaluation set: a short text given
// as its sentences, each labelled by the stance guide's rules. The format,
// one JSON object per line, is that of testdata/stance/*.jsonl (described in
// testdata/stance/README.md); `stancepipe evaluate` reads it, so that a
// researcher can measure the method on sentences of their own.
type LabelledDoc struct {
	ID        string             `json:"id"`
	Style     string             `json:"style"`
	Source    string             `json:"source"`
	URL       string             `json:"url"`
	Date      string             `json:"date"` // YYYY-MM-DD, or empty
	Sentences []LabelledSentence `json:"sentences"`

	File string `json:"-"` // where the document was read, for messages
	Line int    `json:"-"`
}

// LabelledSentence is one sentence of a LabelledDoc with its labels.
type LabelledSentence struct {
	Text     string             `json:"text"`
	Headline bool               `json:"headline"`
	Camps    []string           `json:"camps"`   // the camps mentioned, sorted
	Speaker  *string            `json:"speaker"` // a camp, "other", or null for narration
	Favour   map[string]float64 `json:"favour"`  // one entry per camp in Camps: -1, 0 or 1
	Axis     string             `json:"axis"`    // an axis label: pro_<positive>, neutral, pro_<negative>
	// Sentiment is the overall tone, -1, 0 or 1; it is reported, not
	// scored as a figure (the sentiment stage is VADER, reproduced).
	Sentiment float64 `json:"sentiment"`
}

// ReadLabelledDocs reads LabelledDocs, one JSON object per line, from r;
// name (a file name) prefixes every error with the line: "gold.jsonl:3:
// json: unknown field \"camp\"". Blank lines are skipped; unknown fields are
// errors. The labels themselves are checked against a stage's camps by
// [StanceEval.Validate].
func ReadLabelledDocs(r io.Reader, name string) ([]LabelledDoc, error) {
	var docs []LabelledDoc
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var d LabelledDoc
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("%s:%d: more than one JSON value on the line", name, n)
		}
		if len(d.Sentences) == 0 {
			return nil, fmt.Errorf("%s:%d: document %q: no sentences", name, n, d.ID)
		}
		d.File, d.Line = name, n
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return docs, nil
}

// Article builds the document's article as the set defines it: the
// sentences joined by one space, a headline followed by a blank line, each
// sentence at its own offsets (not split again).
func (d *LabelledDoc) Article() (*Article, error) {
	a := &Article{ID: d.ID, Source: d.Source, URL: d.URL}
	if d.Date != "" {
		t, err := time.Parse(time.DateOnly, d.Date)
		if err != nil {
			return nil, fmt.Errorf("date %q: want YYYY-MM-DD", d.Date)
		}
		a.PublishedAt = t
	}
	var b strings.Builder
	chars := 0
	for i, s := range d.Sentences {
		if strings.TrimSpace(s.Text) == "" {
			return nil, fmt.Errorf("sentence %d: empty text", i)
		}
		if !utf8.ValidString(s.Text) {
			return nil, fmt.Errorf("sentence %d: text is not valid UTF-8", i)
		}
		if i > 0 {
			sep := " "
			if d.Sentences[i-1].Headline {
				sep = "\n\n"
			}
			b.WriteString(sep)
			chars += len(sep)
		}
		start, n := b.Len(), utf8.RuneCountInString(s.Text)
		b.WriteString(s.Text)
		a.Sentences = append(a.Sentences, Sentence{
			Index: i, ByteStart: start, ByteEnd: b.Len(),
			CharStart: chars, CharEnd: chars + n, Text: s.Text,
		})
		chars += n
	}
	a.Text = b.String()
	return a, nil
}

// StanceEvalFigures are the names of the figures [StanceEval.Figures]
// returns, in its order.
var StanceEvalFigures = []string{"camp_precision", "camp_recall", "speaker_accuracy", "favour_accuracy", "axis_macro_f1"}

// StanceEval sums up how a stance stage's results agree with labels: camp
// precision and recall (micro, over sentence-camp pairs), speaker accuracy
// (over all sentences, narration included), favour accuracy (over the
// labelled camp entries; a favour of at least 0.5 is +1, at most -0.5 is
// -1, else 0, and a camp the stage missed counts as 0) and the macro-F1 of
// the two sides' axis labels. Each figure comes with a 95% bootstrap
// interval (see [StanceEval.Intervals]). It is not safe for concurrent use.
type StanceEval struct {
	campIdx             map[string]int
	labels              []string // the axis labels: positive, "neutral", negative
	n                   int
	camps               prf
	perCamp             map[string]*prf
	speakerOK, speakerN int
	favOK, favN         int
	sentimentOK         int
	axis                map[string]*prf
	confusion           map[[2]string]int
	rows                []evalRow // per sentence, for the intervals
	// labelled is set when the sentences scored are a second labelling,
	// not the stage's output (TestStanceLabelAgreement).
	labelled bool
}

// evalRow is one sentence's share of the figures, kept so that the
// sentences can be resampled (see StanceEval.Intervals).
type evalRow struct {
	campTP, campFP, campFN int16
	favOK, favN            int16
	speakerOK              bool
	gold, pred             int8 // axis labels as indexes of StanceEval.labels, -1 for any other
}

// NewStanceEval returns an empty tally for the stage st: its camps and axis
// labels are the ones the labels may use.
func NewStanceEval(st *Stance) *StanceEval {
	e := &StanceEval{
		campIdx:   map[string]int{},
		labels:    []string{st.labelPos, "neutral", st.labelNeg},
		perCamp:   map[string]*prf{},
		axis:      map[string]*prf{st.labelPos: {}, st.labelNeg: {}},
		confusion: map[[2]string]int{},
	}
	for i, c := range st.Camps() {
		e.campIdx[c.ID] = i
	}
	return e
}

// Validate reports the first label of g that the stage cannot produce, by
// field: a camp that is not configured, camps out of order or twice, a
// favour for a camp not listed or missing for one listed, a favour other
// than -1, 0 or 1, a speaker other than a camp, "other" or null, an axis
// label the axis does not have, a sentiment other than -1, 0 or 1.
func (e *StanceEval) Validate(g LabelledSentence) error {
	for i, c := range g.Camps {
		if _, ok := e.campIdx[c]; !ok {
			return fmt.Errorf("camps: %q is no configured camp (%s)", c, strings.Join(e.campIDs(), ", "))
		}
		if i > 0 && g.Camps[i-1] >= c {
			return fmt.Errorf("camps: want each camp once, sorted (%q after %q)", c, g.Camps[i-1])
		}
	}
	for c, f := range g.Favour {
		if !slices.Contains(g.Camps, c) {
			return fmt.Errorf("favour: %q is not in camps", c)
		}
		if f != -1 && f != 0 && f != 1 {
			return fmt.Errorf("favour: %s is %v; want -1, 0 or 1", c, f)
		}
	}
	for _, c := range g.Camps {
		if _, ok := g.Favour[c]; !ok {
			return fmt.Errorf("favour: no entry for camp %q", c)
		}
	}
	if g.Speaker != nil {
		if _, ok := e.campIdx[*g.Speaker]; !ok && *g.Speaker != OtherCamp {
			return fmt.Errorf("speaker: %q; want a camp (%s), %q or null", *g.Speaker, strings.Join(e.campIDs(), ", "), OtherCamp)
		}
	}
	if !slices.Contains(e.labels, g.Axis) {
		return fmt.Errorf("axis: %q; want one of %s", g.Axis, strings.Join(e.labels, ", "))
	}
	if g.Sentiment != -1 && g.Sentiment != 0 && g.Sentiment != 1 {
		return fmt.Errorf("sentiment: %v; want -1, 0 or 1", g.Sentiment)
	}
	return nil
}

func (e *StanceEval) campIDs() []string {
	ids := make([]string, len(e.campIdx))
	for c, i := range e.campIdx {
		ids[i] = c
	}
	return ids
}

// Sentences returns how many sentences were added.
func (e *StanceEval) Sentences() int { return e.n }

func (e *StanceEval) camp(c string) *prf {
	pc := e.perCamp[c]
	if pc == nil {
		pc = &prf{}
		e.perCamp[c] = pc
	}
	return pc
}

// Add counts one labelled sentence g against the stage's result for it, s,
// and returns what disagrees, one phrase each ("missed camp ukraine",
// "axis neutral (0.00) want pro_west").
func (e *StanceEval) Add(g LabelledSentence, s Sentence) (why []string) {
	e.n++
	p := s.Stance
	var row evalRow
	for _, c := range g.Camps {
		if slices.Contains(p.Camps, c) {
			e.camps.tp++
			e.camp(c).tp++
			row.campTP++
		} else {
			e.camps.fn++
			e.camp(c).fn++
			row.campFN++
			why = append(why, "missed camp "+c)
		}
	}
	for _, c := range p.Camps {
		if !slices.Contains(g.Camps, c) {
			e.camps.fp++
			e.camp(c).fp++
			row.campFP++
			why = append(why, "extra camp "+c)
		}
	}
	gs := ""
	if g.Speaker != nil {
		gs = *g.Speaker
	}
	e.speakerN++
	if gs == p.SpeakerCamp {
		e.speakerOK++
		row.speakerOK = true
	} else {
		why = append(why, fmt.Sprintf("speaker %q want %q", p.SpeakerCamp, gs))
	}
	for _, c := range slices.Sorted(maps.Keys(g.Favour)) {
		gf := g.Favour[c]
		e.favN++
		row.favN++
		k, ok := e.campIdx[c]
		pf := 0.0
		if ok && k < len(p.Favour) {
			pf = discreteFavour(p.Favour[k])
		}
		if pf == gf {
			e.favOK++
			row.favOK++
		} else {
			why = append(why, fmt.Sprintf("favour %s %v want %v", c, pf, gf))
		}
	}
	row.gold, row.pred = int8(slices.Index(e.labels, g.Axis)), int8(slices.Index(e.labels, p.Label))
	e.rows = append(e.rows, row)
	e.confusion[[2]string{g.Axis, p.Label}]++
	for lab, c := range e.axis {
		switch {
		case g.Axis == lab && p.Label == lab:
			c.tp++
		case g.Axis == lab:
			c.fn++
		case p.Label == lab:
			c.fp++
		}
	}
	if g.Axis != p.Label {
		why = append(why, fmt.Sprintf("axis %s (%.2f) want %s", p.Label, p.Score, g.Axis))
	}
	if sentimentSigns[s.Sentiment.Label] == g.Sentiment {
		e.sentimentOK++
	}
	return why
}

// sentimentSigns are the sentiment labels as the signs the sets label.
var sentimentSigns = map[string]float64{SentimentPositive: 1, SentimentNeutral: 0, SentimentNegative: -1}

// Figures returns the figures, in the order of [StanceEvalFigures]. A
// figure with nothing to measure (no camp labelled, no sentence of an axis
// label) is NaN.
func (e *StanceEval) Figures() [5]float64 {
	all := make([]int, len(e.rows))
	for i := range all {
		all[i] = i
	}
	return figuresOf(e.rows, all)
}

// figuresOf computes the figures, in the order of StanceEvalFigures, over
// the rows at the given indexes (a row may come more than once).
func figuresOf(rows []evalRow, pick []int) [5]float64 {
	var camps prf
	var speakerOK, favOK, favN int
	var axis [3]prf
	for _, i := range pick {
		r := &rows[i]
		camps.tp += int(r.campTP)
		camps.fp += int(r.campFP)
		camps.fn += int(r.campFN)
		speakerOK += stB2i(r.speakerOK)
		favOK += int(r.favOK)
		favN += int(r.favN)
		for _, lab := range []int8{0, 2} {
			switch {
			case r.gold == lab && r.pred == lab:
				axis[lab].tp++
			case r.gold == lab:
				axis[lab].fn++
			case r.pred == lab:
				axis[lab].fp++
			}
		}
	}
	return [5]float64{camps.precision(), camps.recall(), ratio(speakerOK, len(pick)), ratio(favOK, favN), (axis[0].f1() + axis[2].f1()) / 2}
}

// evalBootstrapRounds is how many times StanceEval.Intervals resamples the
// sentences.
const evalBootstrapRounds = 2000

// Intervals returns, per figure in the order of [StanceEvalFigures], a 95%
// percentile bootstrap interval: the 2.5th and 97.5th percentiles of the
// figure over 2,000 resamples of the sentences, drawn with replacement from
// a fixed seed, so that a run prints the same intervals as the last.
// Sentences are resampled one by one, as they were drawn; a resample's
// figure that is undefined (no sentence of a label) is left out.
func (e *StanceEval) Intervals() [5][2]float64 {
	var out [5][2]float64
	if len(e.rows) == 0 {
		for k := range out {
			out[k] = [2]float64{math.NaN(), math.NaN()}
		}
		return out
	}
	rng := rand.New(rand.NewPCG(20261130, 1))
	pick := make([]int, len(e.rows))
	var vals [5][]float64
	for range evalBootstrapRounds {
		for i := range pick {
			pick[i] = rng.IntN(len(e.rows))
		}
		for k, v := range figuresOf(e.rows, pick) {
			if !math.IsNaN(v) {
				vals[k] = append(vals[k], v)
			}
		}
	}
	for k, v := range vals {
		if len(v) == 0 {
			out[k] = [2]float64{math.NaN(), math.NaN()}
			continue
		}
		slices.Sort(v)
		out[k] = [2]float64{v[int(0.025*float64(len(v)-1))], v[int(math.Ceil(0.975*float64(len(v)-1)))]}
	}
	return out
}

// Report writes the tally to w, a line each: per camp precision and
// recall, per side the axis label's precision, recall and F1, the axis
// confusion matrix, the sentiment sign agreement, and each figure with its
// interval and, when floors holds one for it, its floor.
func (e *StanceEval) Report(w io.Writer, floors map[string]float64) error {
	var b strings.Builder
	for _, c := range slices.Sorted(maps.Keys(e.perCamp)) {
		pc := e.perCamp[c]
		fmt.Fprintf(&b, "  camp %-8s P %.3f R %.3f (tp %d fp %d fn %d)\n", c, pc.precision(), pc.recall(), pc.tp, pc.fp, pc.fn)
	}
	for _, lab := range []string{e.labels[0], e.labels[2]} {
		c := e.axis[lab]
		fmt.Fprintf(&b, "  axis %-10s P %.3f R %.3f F1 %.3f\n", lab, c.precision(), c.recall(), c.f1())
	}
	fmt.Fprintf(&b, "  axis confusion (rows gold, columns predicted %v):\n", e.labels)
	for _, g := range e.labels {
		fmt.Fprintf(&b, "    %-10s %4d %4d %4d\n", g, e.confusion[[2]string{g, e.labels[0]}], e.confusion[[2]string{g, e.labels[1]}], e.confusion[[2]string{g, e.labels[2]}])
	}
	if e.labelled {
		fmt.Fprintf(&b, "  sentiment sign agreement %.3f (the second labelling's)\n", ratio(e.sentimentOK, e.n))
	} else {
		fmt.Fprintf(&b, "  sentiment sign agreement %.3f (not a floor: VADER's, reproduced exactly)\n", ratio(e.sentimentOK, e.n))
	}
	got, ci := e.Figures(), e.Intervals()
	for i, k := range StanceEvalFigures {
		floor := "none"
		if f, ok := floors[k]; ok {
			floor = fmt.Sprintf("%.3f", f)
		}
		fmt.Fprintf(&b, "  %-17s %.3f (95%% CI %.3f-%.3f; floor %s)\n", k, got[i], ci[i][0], ci[i][1], floor)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// BelowFloors returns, for each figure under its floor in floors, an error
// naming the figure, its value and the floor; a NaN figure is under any
// floor. A floor for a figure StanceEval does not compute is an error too.
func (e *StanceEval) BelowFloors(floors map[string]float64) error {
	got := e.Figures()
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(floors)) {
		i := slices.Index(StanceEvalFigures, k)
		if i < 0 {
			errs = append(errs, fmt.Errorf("%s: no such figure (%s)", k, strings.Join(StanceEvalFigures, ", ")))
			continue
		}
		if f := floors[k]; !(got[i] >= f) {
			errs = append(errs, fmt.Errorf("%s = %.3f, below its floor %.3f", k, got[i], f))
		}
	}
	return errors.Join(errs...)
}

type prf struct{ tp, fp, fn int }

func (c prf) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c prf) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

// f1 is the harmonic mean of precision and recall: 0 when nothing was
// right (tp 0), NaN when the label was neither given nor predicted.
func (c prf) f1() float64 {
	if c.tp == 0 {
		if c.fp == 0 && c.fn == 0 {
			return math.NaN()
		}
		return 0
	}
	p, r := c.precision(), c.recall()
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// discreteFavour is a favour as the labels give it: +1 from 0.5, -1 to
// -0.5, else 0 (and 0 for NaN, a camp not mentioned).
func discreteFavour(f float64) float64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= 0.5:
		return 1
	case f <= -0.5:
		return -1
	}
	return 0
}
