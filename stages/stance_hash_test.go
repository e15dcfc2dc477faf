package stages

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"
	"runtime"
	"sync"
	"testing"
)

// TestStanceCorpusHash pins every stance result over the shared news corpora:
// it splits, scores sentiment and scores stance for each article, then hashes
// every field the stance stage writes (mentions, sentence and article stance;
// floats by their bits, nil slices apart from empty ones). A change to any
// result changes the hash, so optimisations must keep the output identical.
// Articles are scored by several goroutines sharing one *Stance, as in a run.
func TestStanceCorpusHash(t *testing.T) {
	cases := []struct {
		name, corpus string
		lexicon      func(testing.TB) []byte
		want         string
	}{
		{"ukraine/production", "corpus/ukraine_news.jsonl.gz", stanceBenchLexicon,
			"1272d0ab9b2a5de74523fed1522887459c4cbf9362162f1cd87b08e328d40303"},
		{"ukraine/testlexicon", "corpus/ukraine_news.jsonl.gz", readStanceTestActors,
			"c86a24b9989d03ad7ef7dbf77a7ef71019a0f4764e32aaea23fe80d0602817fb"},
		{"general/production", "corpus/general_news.jsonl.gz", stanceBenchLexicon,
			"f7f277eda71b2d170b52aea3be5dde818ed413bb5779ecccb7a76cfed61304ee"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			arts := stReadCorpus(t, c.corpus)
			st, err := NewStance(DefaultStanceConfig(), c.lexicon(t))
			if err != nil {
				t.Fatal(err)
			}
			splitScored(t, arts)
			stScoreParallel(t, st, arts)
			h := sha256.New()
			mentions, sentences := 0, 0
			for _, a := range arts {
				stHashArticle(h, a)
				mentions += len(a.Mentions)
				sentences += len(a.Sentences)
			}
			got := hex.EncodeToString(h.Sum(nil))
			t.Logf("%d articles, %d sentences, %d mentions: %s", len(arts), sentences, mentions, got)
			if mentions == 0 {
				t.Fatal("no mentions at all")
			}
			if got != c.want {
				t.Errorf("stance results changed: hash %s, want %s", got, c.want)
			}
		})
	}
}

// stReadCorpus reads every article of a shared corpus file with the
// package's reader.
func stReadCorpus(tb testing.TB, rel string) []*Article {
	tb.Helper()
	path := sharedPath(tb, rel)
	r, err := NewReader(DefaultReaderConfig(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	var arts []*Article
	err = r.Read(context.Background(), path, func(a *Article) error {
		arts = append(arts, a)
		return nil
	}, func(rj Reject) { tb.Fatalf("corpus reject: %+v", rj) })
	if err != nil {
		tb.Fatal(err)
	}
	if len(arts) == 0 {
		tb.Fatalf("%s: no articles", rel)
	}
	return arts
}

// stScoreParallel scores arts with st from several goroutines.
func stScoreParallel(tb testing.TB, st *Stance, arts []*Article) {
	tb.Helper()
	workers := max(2, runtime.GOMAXPROCS(0))
	next := make(chan *Article)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for a := range next {
				if err := st.ScoreArticle(a); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for _, a := range arts {
		next <- a
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
}

// stHashArticle writes every stance field of a to h.
func stHashArticle(h hash.Hash, a *Article) {
	var b [8]byte
	u := func(x uint64) {
		binary.LittleEndian.PutUint64(b[:], x)
		h.Write(b[:])
	}
	i := func(x int) { u(uint64(int64(x))) }
	f := func(x float64) { u(math.Float64bits(x)) }
	s := func(x string) {
		i(len(x))
		h.Write([]byte(x))
	}
	boolean := func(x bool) {
		if x {
			u(1)
		} else {
			u(0)
		}
	}
	nilLen := func(isNil bool, n int) {
		boolean(isNil)
		i(n)
	}
	s(a.ID)
	nilLen(a.Mentions == nil, len(a.Mentions))
	for _, m := range a.Mentions {
		i(m.SentenceIndex)
		s(m.Actor)
		s(m.Camp)
		s(m.Code)
		s(m.Surface)
		i(m.ByteStart)
		i(m.ByteEnd)
		i(m.CharStart)
		i(m.CharEnd)
		boolean(m.IsSpeaker)
	}
	i(len(a.Sentences))
	for _, sen := range a.Sentences {
		ss := sen.Stance
		nilLen(ss.Actors == nil, len(ss.Actors))
		for _, x := range ss.Actors {
			s(x)
		}
		nilLen(ss.Camps == nil, len(ss.Camps))
		for _, x := range ss.Camps {
			s(x)
		}
		s(ss.SpeakerActor)
		s(ss.SpeakerCamp)
		nilLen(ss.Favour == nil, len(ss.Favour))
		for _, x := range ss.Favour {
			f(x)
		}
		f(ss.Score)
		s(ss.Label)
	}
	as := a.Stance
	nilLen(as.Mentions == nil, len(as.Mentions))
	for _, x := range as.Mentions {
		u(uint64(x))
	}
	nilLen(as.VoiceShare == nil, len(as.VoiceShare))
	for _, x := range as.VoiceShare {
		f(x)
	}
	nilLen(as.MeanFavour == nil, len(as.MeanFavour))
	for _, x := range as.MeanFavour {
		f(x)
	}
	f(as.MeanStance)
	s(as.Label)
	f(as.Balance)
}
