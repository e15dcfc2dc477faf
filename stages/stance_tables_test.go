package stages

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestStanceFavourTable checks that every favour of the shared table sits
// at its own code, and that values outside the table have none.
func TestStanceFavourTable(t *testing.T) {
	for nc := 1; nc <= stFavourTableMax; nc++ {
		table := stFavourTable(nc)
		if len(table) != 1<<(2*nc) {
			t.Fatalf("%d camps: %d favours, want %d", nc, len(table), 1<<(2*nc))
		}
		for code, f := range table {
			if got, ok := stFavourCode(f); !ok || got != code {
				t.Fatalf("%d camps: favour %v at %d has code %d, %v", nc, f, code, got, ok)
			}
		}
	}
	if stFavourTable(stFavourTableMax+1) != nil {
		t.Error("a table past stFavourTableMax camps")
	}
	for _, f := range [][]float64{{0.5}, {math.Copysign(0, -1)}, {0, 0, 0, 0, 0, 0}} {
		if _, ok := stFavourCode(f); ok {
			t.Errorf("stFavourCode(%v) ok, want a favour outside the table", f)
		}
	}
}

// TestStanceWithoutTables checks that the shared favours and camp sets give
// the results that per-article arrays give, as for lexicons with more
// camps than the tables are built for.
func TestStanceWithoutTables(t *testing.T) {
	arts := corpusArticles(t, 300)
	splitScored(t, arts)
	hash := func(st *Stance) string {
		h := sha256.New()
		for _, a := range arts {
			if err := st.ScoreArticle(a); err != nil {
				t.Fatal(err)
			}
			stHashArticle(h, a)
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	st, err := NewStance(DefaultStanceConfig(), stanceBenchLexicon(t))
	if err != nil {
		t.Fatal(err)
	}
	if st.favours == nil || st.campSets == nil {
		t.Fatal("no tables for the default lexicon")
	}
	want := hash(st)
	st.favours, st.campSets = nil, nil
	if got := hash(st); got != want {
		t.Errorf("without tables: hash %s, want %s", got, want)
	}
}

// TestStancePrintableNoPercent checks the eight-bytes-at-a-time test
// against the byte-by-byte one, for each byte value at each position of
// words and tails, and next to each other byte value.
func TestStancePrintableNoPercent(t *testing.T) {
	slow := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c <= ' ' || c >= 0x7f || c == '%' {
				return false
			}
		}
		return true
	}
	base := []byte("http://example.org/a")
	for n := 1; n <= len(base); n++ {
		for pos := 0; pos < n; pos++ {
			for c := 0; c < 256; c++ {
				b := append([]byte(nil), base[:n]...)
				b[pos] = byte(c)
				if pos+1 < n {
					for d := 0; d < 256; d += 17 {
						b[pos+1] = byte(d)
						if got, want := stPrintableNoPercent(string(b)), slow(string(b)); got != want {
							t.Fatalf("stPrintableNoPercent(%q) = %v, want %v", b, got, want)
						}
					}
					b[pos+1] = base[pos+1]
				}
				if got, want := stPrintableNoPercent(string(b)), slow(string(b)); got != want {
					t.Fatalf("stPrintableNoPercent(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

// TestStanceWordSwitches checks the one-switch word tests against
// [stIsWord] called for each word, on plain, capitalised, upper-case and
// non-ASCII spellings (the long s folds to "s").
func TestStanceWordSwitches(t *testing.T) {
	st, err := NewStance(DefaultStanceConfig(), readStanceTestActors(t))
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"be", "Be", "BE", "been", "Been", "being", "BEING", "was", "Was", "WAS", "waſ", "were", "is", "Is", "iſ",
		"are", "Are", "got", "Got", "GOT", "gotten", "bee", "wa", "i", "responded", "Responded", "replied", "REPLIED", "reacted",
		"told", "Told", "ſpoke", "spoke", "SPOKE", "Speaks", "said", "with", "to", ",", "-"}
	isAny := func(text string, tk *stToken, ws ...string) bool {
		for _, w := range ws {
			if stIsWord(text, tk, w) {
				return true
			}
		}
		return false
	}
	for _, w := range words {
		for _, next := range []string{"with", "By", "to", "that", "reporters about", "x", "out", "in favour of"} {
			text := "x " + w + " " + next + " him about the talks"
			toks, _ := st.m.scan(text, nil, false, nil, nil)
			tk := &toks[1]
			for _, got := range []bool{false, true} {
				want := isAny(text, tk, "be", "been", "being", "was", "were", "is", "are") || got && stIsWord(text, tk, "got")
				if stIsPassiveAux(text, tk, got) != want {
					t.Errorf("stIsPassiveAux(%q, %v) = %v, want %v", w, got, !want, want)
				}
			}
			// stNoContent as it was written with stIsWord.
			want := func() bool {
				v := 1
				if v+1 < len(toks) && isAny(text, &toks[v], "responded", "replied", "reacted") && isAny(text, &toks[v+1], "with", "by", "to") {
					return true
				}
				if isAny(text, &toks[v], "spoke", "speaks") {
					return !stSpokeForOrAgainst(text, toks, v)
				}
				if !isAny(text, &toks[v], "told") {
					return false
				}
				for k := v + 1; k < len(toks) && k <= v+5; k++ {
					if !toks[k].word {
						return false
					}
					if stWordInfo(toks[k].info).has(swNoContent) {
						return true
					}
					if stIsWord(text, &toks[k], "that") {
						return false
					}
				}
				return false
			}()
			if got := stNoContent(text, toks, 1); got != want {
				t.Errorf("stNoContent(%q) = %v, want %v", text, got, want)
			}
		}
	}
}

// TestStanceRuneCount checks stRuneCount against utf8.RuneCountInString
// on ASCII runs around multi-byte, truncated and invalid sequences at
// every alignment.
func TestStanceRuneCount(t *testing.T) {
	pieces := []string{"a", "plain ascii text", "’", "“", "—", "é", "Привет", "😀", "\xff", "\xe2\x80", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "\x80\x80"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		for i := range min(len(s), 9) {
			if got, want := stRuneCount(s[i:]), utf8.RuneCountInString(s[i:]); got != want {
				t.Fatalf("stRuneCount(%q) = %d, want %d", s[i:], got, want)
			}
		}
	}
}
