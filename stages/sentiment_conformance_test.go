package stages

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The conformance and accuracy tests read the VADER benchmark in
// <shared>/bench/sentiment: the human-rated sentences of the VADER paper and
// the reference Python VADER's scores of each of them.

// sentimentBenchSet is one human-rated sentence set of the benchmark.
type sentimentBenchSet struct {
	name        string // prefix of the reference files
	groundTruth string // file name of the ratings
	refCorr     float64
}

var sentimentBenchSets = []sentimentBenchSet{
	{"tweets", "tweets_GroundTruth.txt", 0.872},
	{"nyt", "nytEditorialSnippets_GroundTruth.txt", 0.503},
	{"movies", "movieReviewSnippets_GroundTruth.txt", 0.428},
	{"amazon", "amazonReviewSnippets_GroundTruth.txt", 0.590},
}

// sentimentItem is one rated sentence.
type sentimentItem struct {
	id   string
	mean float64
	text string
}

// sentimentCheckSum verifies path against the benchmark's SHA256SUMS, so a
// changed data file fails loudly rather than as a conformance mismatch.
func sentimentCheckSum(t testing.TB, dir, name string, data []byte) {
	t.Helper()
	sums, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		t.Fatalf("read SHA256SUMS: %v", err)
	}
	got := sha256.Sum256(data)
	for line := range strings.SplitSeq(string(sums), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 2 && strings.TrimPrefix(fields[1], "*") == name {
			if fields[0] != hex.EncodeToString(got[:]) {
				t.Fatalf("%s: sha256 does not match SHA256SUMS", name)
			}
			return
		}
	}
	t.Fatalf("%s: not listed in SHA256SUMS", name)
}

// sentimentLoadItems reads a ground-truth file the way the reference outputs
// were made: split on CRLF, drop empty lines, split on the first two TABs
// into id, mean and text, and keep the text unchanged.
func sentimentLoadItems(t testing.TB, dir string, set sentimentBenchSet) []sentimentItem {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, set.groundTruth))
	if err != nil {
		t.Fatalf("read ground truth: %v", err)
	}
	sentimentCheckSum(t, dir, set.groundTruth, data)
	var items []sentimentItem
	for i, line := range strings.Split(string(data), "\r\n") {
		if line == "" {
			continue
		}
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 {
			t.Fatalf("%s:%d: want 3 TAB-separated fields, got %d", set.groundTruth, i+1, len(f))
		}
		mean, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			t.Fatalf("%s:%d: mean: %v", set.groundTruth, i+1, err)
		}
		items = append(items, sentimentItem{id: f[0], mean: mean, text: f[2]})
	}
	return items
}

// sentimentRefRow is one row of a reference output file.
type sentimentRefRow struct {
	id     string
	scores [4]float64 // neg, neu, pos, compound
}

func sentimentLoadRef(t testing.TB, path string) []sentimentRefRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open reference: %v", err)
	}
	defer f.Close()
	var rows []sentimentRefRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			if sc.Text() != "id\tneg\tneu\tpos\tcompound" {
				t.Fatalf("%s: unexpected header %q", path, sc.Text())
			}
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 5 {
			t.Fatalf("%s:%d: want 5 fields, got %d", path, n, len(fields))
		}
		row := sentimentRefRow{id: fields[0]}
		for k := range 4 {
			if row.scores[k], err = strconv.ParseFloat(fields[k+1], 64); err != nil {
				t.Fatalf("%s:%d: %v", path, n, err)
			}
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return rows
}

// TestSentimentConformance checks every sentence of the four benchmark sets
// against the reference implementation: the unrounded scores bit for bit
// and the rounded ones as numbers (the reference prints -0.0 for some).
func TestSentimentConformance(t *testing.T) {
	dir := sharedPath(t, "bench/sentiment")
	s, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, set := range sentimentBenchSets {
		t.Run(set.name, func(t *testing.T) {
			items := sentimentLoadItems(t, dir, set)
			raw := sentimentLoadRef(t, filepath.Join(dir, "reference", set.name+"_vader_raw.tsv"))
			rounded := sentimentLoadRef(t, filepath.Join(dir, "reference", set.name+"_vader.tsv"))
			if len(raw) != len(items) || len(rounded) != len(items) {
				t.Fatalf("%d items, %d raw rows, %d rounded rows", len(items), len(raw), len(rounded))
			}
			names := [4]string{"neg", "neu", "pos", "compound"}
			var rawOK, roundOK int
			var diffs bytes.Buffer
			shown := 0
			for i, it := range items {
				if raw[i].id != it.id || rounded[i].id != it.id {
					t.Fatalf("row %d: id %q, reference ids %q, %q", i+1, it.id, raw[i].id, rounded[i].id)
				}
				u, r := s.ScoreUnrounded(it.text), s.Score(it.text)
				gotRaw := [4]float64{u.Neg, u.Neu, u.Pos, u.Compound}
				gotRound := [4]float64{r.Neg, r.Neu, r.Pos, r.Compound}
				okRaw, okRound := true, true
				for k := range 4 {
					if math.Float64bits(gotRaw[k]) != math.Float64bits(raw[i].scores[k]) {
						okRaw = false
						if shown < 10 {
							shown++
							fmt.Fprintf(&diffs, "\n  id %s raw %s: got %v, want %v", it.id, names[k], gotRaw[k], raw[i].scores[k])
						}
					}
					if gotRound[k] != rounded[i].scores[k] {
						okRound = false
						if shown < 10 {
							shown++
							fmt.Fprintf(&diffs, "\n  id %s rounded %s: got %v, want %v", it.id, names[k], gotRound[k], rounded[i].scores[k])
						}
					}
				}
				if okRaw {
					rawOK++
				}
				if okRound {
					roundOK++
				}
			}
			t.Logf("%s: %d sentences; unrounded identical (all 4 scores, bit for bit): %d; rounded equal: %d",
				set.name, len(items), rawOK, roundOK)
			if rawOK != len(items) || roundOK != len(items) {
				t.Errorf("%s: %d unrounded and %d rounded mismatches; first ones:%s",
					set.name, len(items)-rawOK, len(items)-roundOK, diffs.String())
			}
			total += len(items)
		})
	}
	t.Logf("total: %d sentences", total)
}

// TestSentimentEmbeddedLexicons checks that the embedded lexicons are the
// benchmark's files, byte for byte, and that the reference's reading of
// the VADER lexicon (later duplicate rows win) is the one in use.
func TestSentimentEmbeddedLexicons(t *testing.T) {
	dir := sharedPath(t, "bench/sentiment")
	sentimentCheckSum(t, dir, "vader_lexicon.txt", vaderLexiconFile)
	sentimentCheckSum(t, dir, "emoji_utf8_lexicon.txt", vaderEmojiFile)
	info := sentimentDefault(t).Info()
	if info["embedded_lexicon_rows"] != 7520 || info["embedded_lexicon_tokens"] != 7506 {
		t.Errorf("embedded lexicon: %v rows, %v tokens; want 7520, 7506", info["embedded_lexicon_rows"], info["embedded_lexicon_tokens"])
	}
	base, err := vaderLoadBase()
	if err != nil {
		t.Fatal(err)
	}
	for tok, want := range map[string]float64{"lol": 1.8, "d:": 1.2, "ok": 1.2, "heart": 3.2, "hearts": 3.3} {
		if got := base.lexicon[tok]; got != want {
			t.Errorf("lexicon[%q] = %v, want %v", tok, got, want)
		}
	}
}

// sentimentPearson is the Pearson correlation of x and y.
func sentimentPearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}

// sentimentHumanClass classifies a human mean rating: > 0.05 positive,
// < -0.05 negative, anything else neutral.
func sentimentHumanClass(mean float64) string {
	switch {
	case mean > 0.05:
		return SentimentPositive
	case mean < -0.05:
		return SentimentNegative
	}
	return SentimentNeutral
}

// TestSentimentAccuracy reports, per benchmark set, the Pearson correlation
// of the (rounded) compound score with the human mean rating and the
// three-class accuracy, and fails when the correlation drifts more than
// 0.001 from the reference VADER's figure. Classes: VADER's label
// (compound >= 0.05 positive, <= -0.05 negative) against the human mean
// (> 0.05 positive, < -0.05 negative, otherwise neutral).
func TestSentimentAccuracy(t *testing.T) {
	dir := sharedPath(t, "bench/sentiment")
	s, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%-7s %6s %8s %8s %9s", "set", "n", "pearson", "ref", "accuracy")
	for _, set := range sentimentBenchSets {
		items := sentimentLoadItems(t, dir, set)
		human := make([]float64, len(items))
		vader := make([]float64, len(items))
		correct := 0
		for i, it := range items {
			sc := s.Score(it.text)
			human[i], vader[i] = it.mean, sc.Compound
			if sc.Label == sentimentHumanClass(it.mean) {
				correct++
			}
		}
		r := sentimentPearson(vader, human)
		acc := float64(correct) / float64(len(items))
		t.Logf("%-7s %6d %8.4f %8.3f %9.4f", set.name, len(items), r, set.refCorr, acc)
		if math.Abs(r-set.refCorr) > 0.001 {
			t.Errorf("%s: correlation %.4f drifted from the reference %.3f by more than 0.001", set.name, r, set.refCorr)
		}
	}
}
