package stages

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"
	"testing"
)

// sentimentCorpusSHA256 is the hash (see sentimentHashArticle) of every
// Sentence.Sentiment and Article.Tone, and of the unrounded scores, of the
// Ukraine news corpus split with the default splitter. It was recorded with
// the scorer of commit 3943676, before the tokenizer and lookup were made
// faster, so this test proves that they changed no result. The hash also
// covers the reader's and the splitter's output (the articles and the
// sentences scored): a change there changes it too, and the counts below
// tell which.
const (
	sentimentCorpusSHA256    = "19edab8f7562f5d2a8c91258b0f0b522f44114b80007050f5120929cebee05f3"
	sentimentCorpusArticles  = 2588
	sentimentCorpusSentences = 89669
)

// TestSentimentCorpusUnchanged scores the whole Ukraine news corpus and
// compares a hash of every score, floats by their bits, with the value
// recorded before the scorer was optimised.
func TestSentimentCorpusUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("scores the whole corpus")
	}
	arts := corpusArticles(t, 0)
	sp, err := NewSplitter(DefaultSplitterConfig())
	if err != nil {
		t.Fatal(err)
	}
	s := sentimentDefault(t)
	h := sha256.New()
	sentences := 0
	for _, a := range arts {
		a.Sentences = sp.Split(a.Text, a.Sentences[:0])
		if err := s.ScoreArticle(a); err != nil {
			t.Fatal(err)
		}
		sentimentHashArticle(h, s, a)
		sentences += len(a.Sentences)
	}
	got := hex.EncodeToString(h.Sum(nil))
	t.Logf("%d articles, %d sentences, sha256 %s", len(arts), sentences, got)
	if len(arts) != sentimentCorpusArticles || sentences != sentimentCorpusSentences {
		t.Fatalf("corpus has %d articles and %d sentences, want %d and %d: the hash below is not comparable",
			len(arts), sentences, sentimentCorpusArticles, sentimentCorpusSentences)
	}
	if got != sentimentCorpusSHA256 {
		t.Errorf("sentiment of the corpus changed: sha256 %s, want %s", got, sentimentCorpusSHA256)
	}
}

// sentimentHashArticle writes to h, for each sentence, its index, the bits
// of its rounded scores, its label and the bits of its unrounded scores,
// then the bits and counts of the article's tone.
func sentimentHashArticle(h hash.Hash, s *Sentiment, a *Article) {
	var buf []byte
	f := func(v float64) { buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v)) }
	n := func(v int) { buf = binary.LittleEndian.AppendUint64(buf, uint64(v)) }
	str := func(v string) { n(len(v)); buf = append(buf, v...) }
	for _, sen := range a.Sentences {
		n(sen.Index)
		sc := sen.Sentiment
		f(sc.Neg)
		f(sc.Neu)
		f(sc.Pos)
		f(sc.Compound)
		str(sc.Label)
		u := s.ScoreUnrounded(sen.Text)
		f(u.Neg)
		f(u.Neu)
		f(u.Pos)
		f(u.Compound)
		str(u.Label)
	}
	tn := a.Tone
	f(tn.MeanCompound)
	f(tn.Tone)
	n(tn.PosWords)
	n(tn.NegWords)
	n(tn.Words)
	h.Write(buf)
}
