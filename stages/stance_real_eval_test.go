package stages

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zeebo/xxh3"
)

// The real-news evaluation: sentences of the shared Ukraine news corpus,
// labelled by us by the stance guide's rules. The corpus is copyrighted, so
// the file holds only where each sentence is (article id, sentence index as
// the default reader and splitter give it), a hash of its text and our
// labels; the text itself is read from ../shared.
const stanceRealEvalFile = "../testdata/stance/real/ukraine_news.jsonl"

// Floors for the real-news figures, set just under what the method reaches,
// as for the written set (stanceEvalFloors).
//
// Reached on 2026-11-30 (stop 32) with configs/actors.yaml (696 actors)
// and the file's 3,100 sentences: camp precision 0.976, recall 0.973,
// speaker accuracy 0.895, favour accuracy 0.776, axis macro-F1 0.725
// (stop 31's method on the same 3,100: 0.976, 0.971, 0.895, 0.776 and
// 0.724; stop 31 on the first 2,940: 0.976, 0.973, 0.897, 0.775 and
// 0.723, and stop 30's method on those: 0.976, 0.972, 0.897, 0.774 and
// 0.719; on the first 2,860 stop 31 reached 0.976, 0.972, 0.899, 0.774
// and 0.723; stop 30 on the first 2,740: 0.976, 0.973, 0.899, 0.774 and
// 0.722; stop 29's method on those 2,740: 0.974, 0.970, 0.895, 0.771 and
// 0.718; stop 29 on the first 2,660: 0.974, 0.971, 0.894, 0.771 and 0.721;
// stop 28 on the first 2,540: 0.975, 0.972, 0.891, 0.771 and 0.718;
// stop 27 on the first 2,460: 0.975, 0.972, 0.892, 0.770 and 0.717;
// on the first 2,101, stop 26's set: 0.979, 0.974, 0.893, 0.773 and
// 0.725). (The
// eighth and ninth batches, drawn uniformly, brought speaker accuracy down
// from 0.921 on the first 302; the tenth, held out, axis macro-F1 from
// 0.692 on the first 381; the eleventh, held out, favour accuracy from
// 0.775 on the first 421; the twelfth to fourteenth, held out, each
// figure a little; the fifteenth, held out, favour accuracy from 0.762
// on the first 581; the sixteenth and seventeenth, held out, axis
// macro-F1 from 0.703 on the first 621; the eighteenth, labelled before
// the next session's changes, speaker accuracy a little; the nineteenth,
// held out, camp recall from 0.967 on the first 741; the twentieth, held
// out, speaker accuracy from 0.894 and axis macro-F1 from 0.698 on the
// first 781; the twenty-first, held out, camp recall and axis macro-F1 a
// little; the twenty-second, labelled before the next session's changes,
// favour accuracy from 0.770 on the first 861 and axis macro-F1 a
// little; the twenty-third, held out, favour accuracy; the
// twenty-fourth, held out, speaker accuracy from 0.897 on the first
// 941; the twenty-fifth, labelled before the next session's changes,
// speaker accuracy from 0.892 and favour accuracy from 0.768 on the first
// 981; the twenty-sixth, held out, camp recall a little; the
// twenty-seventh, held out, camp precision a little; the twenty-eighth,
// labelled before the next session's changes, speaker accuracy from
// 0.899 on the first 1,101; the twenty-ninth, held out, speaker accuracy
// a little; the thirtieth, held out, favour accuracy and axis macro-F1
// up; the thirty-first, held out, axis macro-F1 from 0.734 on the first
// 1,221; the thirty-second to forty-first, labelled blind after the
// session's rules, camp precision from 0.983, speaker accuracy from
// 0.897 and axis macro-F1 from 0.727; the forty-second to forty-fourth,
// labelled blind before the next session's first change, axis macro-F1
// from 0.715; the forty-fifth to forty-seventh, labelled blind after that
// session's last change, camp recall from 0.976, speaker accuracy from
// 0.896 and axis macro-F1 from 0.723; the forty-eighth to fiftieth,
// labelled blind after all of that session's changes, favour accuracy
// from 0.778; the fifty-first and fifty-second, labelled the same way,
// speaker accuracy from 0.893; the sixty-second and sixty-third,
// labelled blind around stop 28's one change, speaker accuracy to 0.891,
// 0.001 above its floor; the sixty-fourth to sixty-sixth, labelled blind
// during stop 29, camp precision and recall a little, while that stop's
// speaker rules brought speaker accuracy back to 0.894; the sixty-seventh
// and sixty-eighth, labelled blind at stop 30 (one before and one after
// its changes), camp recall and axis macro-F1 from 0.975 and 0.725 on
// the first 2,660; the sixty-ninth to seventy-third, labelled blind at
// stop 31, speaker accuracy and axis macro-F1 a little.) The camp recall floor went to 0.97 at stop 30. The favour and axis floors rose with the rules
// the twelfth, fifteenth and eighteenth to twentieth batches led to; the axis floor
// again with the transcript rule of the twenty-fifth's session (0.707 to
// 0.716), and to 0.72 when the twenty-ninth batch brought the set to
// 0.728; it went back to 0.71 when batches 32-37, labelled after the
// method's last change and held out from all of it, brought the set to
// 0.718 (0.679 on those 240 sentences alone). The favour floor went to
// 0.77 with stop 26's changes (0.771 -> 0.774 on the 1,781 sentences
// before it, 0.778 on all 1,901, 0.773 on all 2,101), and back to 0.76
// when batches 53-58, labelled blind at stop 27 (53-55 before its first
// change, 56-58 after its last), brought the set to 0.769 (0.733 on
// those 239 sentences alone; the stop's changes left favour on the
// first 2,101 at 0.773). Batches 59-61, labelled after 56-58, brought
// axis macro-F1 from 0.721 to 0.717 (0.651 on their 120).
var stanceRealEvalFloors = map[string]float64{
	"camp_precision":   0.97,
	"camp_recall":      0.97,
	"speaker_accuracy": 0.89,
	"favour_accuracy":  0.76,
	"axis_macro_f1":    0.71,
}

type realLabel struct {
	Article  string `json:"article"`
	Sentence int    `json:"sentence"`
	TextHash string `json:"text_hash"` // XXH3-64 of the sentence's text, hex
	LabelledSentence
	line int // in the file, from 1
}

func loadRealLabels(t *testing.T) []realLabel {
	t.Helper()
	return loadLabelFile(t, stanceRealEvalFile)
}

// loadLabelFile reads a file of real-news label lines (the labels file,
// or a second labelling of some of its sentences).
func loadLabelFile(t *testing.T, path string) []realLabel {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []realLabel
	sc := bufio.NewScanner(f)
	seen := map[[2]any]bool{}
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var l realLabel
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		k := [2]any{l.Article, l.Sentence}
		if seen[k] {
			t.Fatalf("%s:%d: %s sentence %d labelled twice", path, n, l.Article, l.Sentence)
		}
		seen[k] = true
		l.line = n
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStanceRealEval measures the stance stage on real news sentences and
// fails when a figure falls under its floor, or when a labelled sentence is
// no longer where the labels say (the reader or splitter changed: relabel).
// STANCE_EVAL_DUMP=1 prints every disagreement with the sentence's text.
// STANCE_EVAL_LINES=FIRST-LAST (1-based, inclusive) measures the labels on
// those lines of the file alone, such as the batches held out from the
// method's latest changes (testdata/stance/README.md lists the batches by
// line), and reports their figures without checking the floors, which
// are for the whole file.
func TestStanceRealEval(t *testing.T) {
	labels := loadRealLabels(t)
	floors := stanceRealEvalFloors
	if r := os.Getenv("STANCE_EVAL_LINES"); r != "" {
		first, last, err := parseLineRange(r)
		if err != nil {
			t.Fatalf("STANCE_EVAL_LINES: %v", err)
		}
		labels = slices.DeleteFunc(labels, func(l realLabel) bool { return l.line < first || l.line > last })
		if len(labels) == 0 {
			t.Fatalf("STANCE_EVAL_LINES=%s: no labels on those lines", r)
		}
		t.Logf("lines %d-%d of %s only (%d labels); floors not checked", first, last, stanceRealEvalFile, len(labels))
		floors = nil
	}
	st, scored := scoreRealLabels(t, labels)
	tally := NewStanceEval(st)
	for _, l := range labels {
		if err := tally.Validate(l.LabelledSentence); err != nil {
			t.Fatalf("%s:%d: %v", stanceRealEvalFile, l.line, err)
		}
	}
	dump := os.Getenv("STANCE_EVAL_DUMP") != ""
	articles := map[string]bool{}
	for i, l := range labels {
		r := scored[i]
		if r.article == nil {
			continue // moved (reported)
		}
		articles[l.Article] = true
		if why := tally.Add(l.LabelledSentence, r.sentence); dump && len(why) > 0 {
			t.Logf("%s[%d] %s\n    %s\n    mentions=%v", l.Article, l.Sentence, r.text, strings.Join(why, "; "), mentionsOf(r.article, l.Sentence))
		}
	}
	t.Logf("real-news eval: %d articles, %d sentences", len(articles), tally.Sentences())
	reportEval(t, tally, floors)
}

// realScored is the stance stage's result for one labelled sentence.
type realScored struct {
	article  *Article // nil when the sentence moved
	sentence Sentence
	text     string
}

// scoreRealLabels reads the articles the labels name from the shared
// corpus (skipping without it, failing under CI), splits and scores them
// with the default configuration and lexicon, and returns the stage and
// each label's sentence, in the labels' order. A sentence whose text no
// longer has the labelled hash is reported (the reader or splitter
// changed: relabel it) and left with a nil article.
func scoreRealLabels(t *testing.T, labels []realLabel) (*Stance, []realScored) {
	t.Helper()
	want := map[string]bool{}
	for _, l := range labels {
		want[l.Article] = true
	}
	var arts []*Article
	byID := map[string]*Article{}
	for _, a := range stReadCorpus(t, "corpus/ukraine_news.jsonl.gz") {
		if want[a.ID] {
			arts = append(arts, a)
			byID[a.ID] = a
		}
	}
	splitScored(t, arts)
	st, err := NewStance(DefaultStanceConfig(), stanceEvalLexicon(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if err := st.ScoreArticle(a); err != nil {
			t.Fatal(err)
		}
	}
	out := make([]realScored, len(labels))
	for i, l := range labels {
		a := byID[l.Article]
		if a == nil {
			t.Fatalf("%s: no such article in the corpus", l.Article)
		}
		if l.Sentence >= len(a.Sentences) {
			t.Fatalf("%s: sentence %d of %d", l.Article, l.Sentence, len(a.Sentences))
		}
		s := a.Sentences[l.Sentence]
		text := a.Text[s.ByteStart:s.ByteEnd]
		if h := fmt.Sprintf("%016x", xxh3.HashString(text)); h != l.TextHash {
			t.Errorf("%s sentence %d: text hash %s, labelled %s: the sentence moved; relabel it", l.Article, l.Sentence, h, l.TextHash)
			continue
		}
		out[i] = realScored{article: a, sentence: s, text: text}
	}
	return st, out
}

// parseLineRange parses "FIRST-LAST" (or one line number) into an
// inclusive range of positive line numbers.
func parseLineRange(s string) (first, last int, err error) {
	a, b, found := strings.Cut(s, "-")
	if !found {
		b = a
	}
	if first, err = strconv.Atoi(strings.TrimSpace(a)); err == nil {
		last, err = strconv.Atoi(strings.TrimSpace(b))
	}
	if err != nil || first < 1 || last < first {
		return 0, 0, fmt.Errorf("%q is no range of lines FIRST-LAST", s)
	}
	return first, last, nil
}

func TestParseLineRange(t *testing.T) {
	for _, c := range []struct {
		in          string
		first, last int
		ok          bool
	}{
		{"2102-2220", 2102, 2220, true},
		{" 7 - 9 ", 7, 9, true},
		{"12", 12, 12, true},
		{"9-7", 0, 0, false},
		{"0-3", 0, 0, false},
		{"a-3", 0, 0, false},
		{"", 0, 0, false},
	} {
		first, last, err := parseLineRange(c.in)
		if (err == nil) != c.ok || first != c.first || last != c.last {
			t.Errorf("parseLineRange(%q) = %d, %d, %v; want %d, %d, ok %v", c.in, first, last, err, c.first, c.last, c.ok)
		}
	}
}

// The bootstrap intervals hold the figure, narrow to a point when every
// sentence agrees, and are the same on every run.
func TestEvalIntervals(t *testing.T) {
	e := &StanceEval{}
	for i := range 200 {
		r := evalRow{campTP: 1, favN: 1, speakerOK: true, gold: int8(i % 3), pred: int8(i % 3)}
		r.favOK = 1
		e.rows = append(e.rows, r)
	}
	for k, iv := range e.Intervals() {
		if iv != [2]float64{1, 1} {
			t.Errorf("%s: interval %v with every sentence right, want [1 1]", StanceEvalFigures[k], iv)
		}
	}
	for i := range e.rows {
		if i%4 == 0 {
			e.rows[i].speakerOK = false
			e.rows[i].pred = 1
		}
	}
	got := figuresOf(e.rows, func() []int {
		all := make([]int, len(e.rows))
		for i := range all {
			all[i] = i
		}
		return all
	}())
	a, b := e.Intervals(), e.Intervals()
	if a != b {
		t.Errorf("intervals differ between runs: %v and %v", a, b)
	}
	for k, iv := range a {
		if !(iv[0] <= got[k] && got[k] <= iv[1]) || iv[0] == iv[1] && (k == 2 || k == 4) { // (speaker and axis now vary)
			t.Errorf("%s: figure %.3f, interval %v", StanceEvalFigures[k], got[k], iv)
		}
	}
}
