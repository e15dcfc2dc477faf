package stages

import (
	"math"
	"strings"
	"testing"
)

func TestReadLabelledDocs(t *testing.T) {
	good := `{"id": "d1", "date": "2022-02-24", "sentences": [{"text": "Russia attacked.", "camps": ["moscow"], "speaker": null, "favour": {"moscow": -1}, "axis": "pro_west", "sentiment": -1}]}

{"id": "d2", "sentences": [{"text": "Hello.", "camps": [], "speaker": "other", "favour": {}, "axis": "neutral", "sentiment": 0}]}
`
	docs, err := ReadLabelledDocs(strings.NewReader(good), "gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].ID != "d1" || docs[1].Line != 3 || docs[1].File != "gold.jsonl" || *docs[1].Sentences[0].Speaker != "other" {
		t.Errorf("docs %+v", docs)
	}
	for _, c := range []struct{ in, want string }{
		{`{"id": "x", "sentences": [{"text": "a", "camp": []}]}`, `gold.jsonl:1: json: unknown field "camp"`},
		{`{"id": "x", "sentences": []}`, `gold.jsonl:1: document "x": no sentences`},
		{"\n{\"id\": ", "gold.jsonl:2: unexpected EOF"},
		{`{"id": "x", "sentences": [{"text": "a"}]} {}`, "gold.jsonl:1: more than one JSON value"},
	} {
		if _, err := ReadLabelledDocs(strings.NewReader(c.in), "gold.jsonl"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}
}

// A document's article: sentences joined by a space, a blank line after a
// headline, offsets in bytes and in characters.
func TestLabelledDocArticle(t *testing.T) {
	d := LabelledDoc{ID: "d", Date: "2022-03-01", Sentences: []LabelledSentence{
		{Text: "Kyiv’s view", Headline: true}, {Text: "Zelenskyy spoke."}, {Text: "Ça va."},
	}}
	a, err := d.Article()
	if err != nil {
		t.Fatal(err)
	}
	if want := "Kyiv’s view\n\nZelenskyy spoke. Ça va."; a.Text != want {
		t.Fatalf("text %q, want %q", a.Text, want)
	}
	runes := []rune(a.Text)
	for i, s := range a.Sentences {
		if a.Text[s.ByteStart:s.ByteEnd] != d.Sentences[i].Text || string(runes[s.CharStart:s.CharEnd]) != d.Sentences[i].Text {
			t.Errorf("sentence %d: bytes %q, chars %q", i, a.Text[s.ByteStart:s.ByteEnd], string(runes[s.CharStart:s.CharEnd]))
		}
	}
	if a.PublishedAt.Year() != 2022 {
		t.Errorf("published %v", a.PublishedAt)
	}
	for _, bad := range []LabelledDoc{
		{Date: "1 March 2022", Sentences: []LabelledSentence{{Text: "a"}}},
		{Sentences: []LabelledSentence{{Text: " "}}},
		{Sentences: []LabelledSentence{{Text: "a\xff"}}},
	} {
		if _, err := bad.Article(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

func TestStanceEvalValidate(t *testing.T) {
	e := NewStanceEval(newTestStance(t, ""))
	west, mars, other := "west", "mars", "other"
	ok := LabelledSentence{Camps: []string{"moscow", "west"}, Speaker: &west, Favour: map[string]float64{"moscow": -1, "west": 0}, Axis: "pro_west", Sentiment: -1}
	if err := e.Validate(ok); err != nil {
		t.Fatal(err)
	}
	if err := e.Validate(LabelledSentence{Speaker: &other, Favour: map[string]float64{}, Axis: "neutral"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		g    LabelledSentence
		want string
	}{
		{LabelledSentence{Camps: []string{"mars"}, Favour: map[string]float64{"mars": 0}, Axis: "neutral"}, `camps: "mars" is no configured camp`},
		{LabelledSentence{Camps: []string{"west", "moscow"}, Favour: map[string]float64{"west": 0, "moscow": 0}, Axis: "neutral"}, "camps: want each camp once, sorted"},
		{LabelledSentence{Camps: []string{"moscow"}, Favour: map[string]float64{"moscow": 0.5}, Axis: "neutral"}, "favour: moscow is 0.5"},
		{LabelledSentence{Camps: []string{"moscow"}, Favour: map[string]float64{"west": 0}, Axis: "neutral"}, `favour: "west" is not in camps`},
		{LabelledSentence{Camps: []string{"moscow"}, Favour: map[string]float64{}, Axis: "neutral"}, `favour: no entry for camp "moscow"`},
		{LabelledSentence{Speaker: &mars, Axis: "neutral"}, `speaker: "mars"`},
		{LabelledSentence{Axis: "pro_mars"}, `axis: "pro_mars"; want one of pro_moscow, neutral, pro_west`},
		{LabelledSentence{Axis: "neutral", Sentiment: 2}, "sentiment: 2"},
	} {
		if err := e.Validate(c.g); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.g, err, c.want)
		}
	}
}

// Figures, the report and the floors, on a tally of two sentences.
func TestStanceEvalFigures(t *testing.T) {
	st := newTestStance(t, "")
	e := NewStanceEval(st)
	if got := e.Figures(); !math.IsNaN(got[0]) || !math.IsNaN(got[2]) {
		t.Errorf("empty tally's figures %v, want NaN", got)
	}
	west := "west"
	g1 := LabelledSentence{Camps: []string{"moscow", "west"}, Speaker: &west, Favour: map[string]float64{"moscow": -1, "west": 0}, Axis: "pro_west"}
	g2 := LabelledSentence{Camps: []string{"moscow"}, Favour: map[string]float64{"moscow": 1}, Axis: "pro_moscow"}
	nan := math.NaN()
	s1 := Sentence{Stance: SentenceStance{Camps: []string{"moscow", "west"}, SpeakerCamp: "west", Favour: []float64{-0.6, 0.2, nan}, Label: "pro_west"}}
	s2 := Sentence{Stance: SentenceStance{Camps: []string{"moscow", "ukraine"}, Favour: []float64{0, nan, 0}, Label: "neutral", Score: 0.1}}
	if why := e.Add(g1, s1); len(why) != 0 {
		t.Errorf("agreeing sentence: %v", why)
	}
	why := e.Add(g2, s2)
	want := []string{"extra camp ukraine", "favour moscow 0 want 1", "axis neutral (0.10) want pro_moscow"}
	if strings.Join(why, "; ") != strings.Join(want, "; ") {
		t.Errorf("disagreements %q, want %q", why, want)
	}
	got := e.Figures()
	// camps: tp 3, fp 1, fn 0; speaker 2/2; favour 2/3; axis: pro_west
	// F1 1, pro_moscow F1 0.
	for i, w := range []float64{0.75, 1, 1, 2.0 / 3, 0.5} {
		if math.Abs(got[i]-w) > 1e-12 {
			t.Errorf("%s = %v, want %v", StanceEvalFigures[i], got[i], w)
		}
	}
	var b strings.Builder
	if err := e.Report(&b, map[string]float64{"camp_precision": 0.7}); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"  camp ukraine  P 0.000 R NaN (tp 0 fp 1 fn 0)", "    pro_moscow    0    1    0", "  camp_precision    0.750 (95% CI", "floor 0.700)", "  axis_macro_f1     0.500 (95% CI"} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("report lacks %q:\n%s", line, b.String())
		}
	}
	if err := e.BelowFloors(map[string]float64{"camp_precision": 0.7, "camp_recall": 1}); err != nil {
		t.Errorf("floors met: %v", err)
	}
	err := e.BelowFloors(map[string]float64{"axis_macro_f1": 0.6, "favour": 0.5})
	if err == nil || !strings.Contains(err.Error(), "axis_macro_f1 = 0.500, below its floor 0.600") || !strings.Contains(err.Error(), "favour: no such figure") {
		t.Errorf("floors missed: %v", err)
	}
}
