package stages

import (
	"os"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

// stTokenizeReference is the plain statement of the stance tokenizer's
// rules, rune by rune: whitespace separates tokens; a maximal run of
// letters, digits and marks is a word, except that digits opening it
// before an ASCII capital and another letter are a word of their own
// ("57Russian" is "57" and "Russian"); any other character is a token of
// its own. The fast tokenizer must agree with it on every input.
func stTokenizeReference(s string) []stToken {
	var dst []stToken
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			if len(dst) > 0 {
				dst[len(dst)-1].spaceAfter = true
			}
			i += n
		case stIsWordRune(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !stIsWordRune(r2) {
					break
				}
				j += n2
			}
			k := i
			for k < j && '0' <= s[k] && s[k] <= '9' {
				k++
			}
			if k > i && k+1 < j && 'A' <= s[k] && s[k] <= 'Z' && unicode.IsLetter(rune(s[k+1])) && s[k+1] < utf8.RuneSelf {
				j = k
			}
			w := s[i:j]
			dst = append(dst, stToken{start: int32(i), end: int32(j), word: true,
				capital: unicode.IsUpper(r), plain: stIsPlainWord(w), upperRest: stHasUpperAfterFirst(w)})
			i = j
		default:
			dst = append(dst, stToken{start: int32(i), end: int32(i + n), punct: r})
			i += n
		}
	}
	if len(dst) > 0 {
		dst[len(dst)-1].spaceAfter = true
	}
	return dst
}

func stIsPlainWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// stScanReference is [stMatcher.scan] stated plainly: the reference
// tokens, each looked up in the word table by its text, then the quotation
// marks.
func stScanReference(m *stMatcher, s string) []stToken {
	toks := stTokenizeReference(s)
	open := false
	for k := range toks {
		t := &toks[k]
		w := s[t.start:t.end]
		t.id = m.words.id(w)
		if t.word {
			e := m.words.entries[t.id]
			t.info = int32(e.info)
			if t.id == 0 && len(w) > 1 && stHasUpperAfterFirst(w) {
				t.info = int32(m.lowerInfo(w))
			}
		}
		switch t.punct {
		case '“', '«', '„':
			open = true
			t.inQuote = true
		case '”', '»':
			open = false
			t.inQuote = true
		case '"':
			open = !open
			t.inQuote = true
		default:
			t.inQuote = open
		}
	}
	return toks
}

var stTokenizeTestMatcher = sync.OnceValue(func() *stMatcher {
	data, err := os.ReadFile("testdata/stance/actors.yaml")
	if err != nil {
		panic(err)
	}
	s, err := NewStance(DefaultStanceConfig(), data)
	if err != nil {
		panic(err)
	}
	return s.m
})

func stCheckTokenize(t *testing.T, s string) {
	t.Helper()
	stCompareTokens(t, s, "stTokenize", stTokenize(s, nil), stTokenizeReference(s))
	m := stTokenizeTestMatcher()
	got, _ := m.scan(s, nil, false, nil, nil)
	stCompareTokens(t, s, "scan", got, stScanReference(m, s))
}

func stCompareTokens(t *testing.T, s, name string, got, want []stToken) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s(%q): %d tokens, want %d\ngot  %+v\nwant %+v", name, s, len(got), len(want), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s(%q): token %d (%q) = %+v, want %+v", name, s, i, s[want[i].start:want[i].end], got[i], want[i])
		}
	}
}

// TestStanceTokenize checks the 8-bytes-at-a-time tokenizer against the
// reference on words that end at every offset of a load, mixed case,
// digits, non-ASCII letters and spaces, and punctuation.
func TestStanceTokenize(t *testing.T) {
	cases := []string{
		"", " ", "a", "A", "ab", "Abcdefgh", "abcdefghi", "abcdefghijklmnopq", "ABCDEFGHIJKLMNOPQRST",
		"The Kremlin said on Tuesday that NATO-led forces were a threat.",
		"“We will not wait,” said Peskov. The U.S. and the alliance disagreed.",
		"Über\u00a0Russia\u200b-Ukraine\tUS us U.S 10:30 http://x.y/z?a=1",
		"Zelenskyy’s office: Kyïv, Dnipró and Lviv — 2022–2024 @ 5% «quoted» „low“",
		"abcdefgÉ abcdefghÉtat abcdefg\u0301x 12345678901234567890 a1B2c3D4e5F6g7H8",
		"\xff\xfe broken \xc3 utf8 abcdefgh\xff", "MiXeD CaSe WoRdS aNd `odd` [brackets] {braces} @at ^caret_",
		`"Lavrov SAID" the "Russian Foreign Ministry" accused Washington, "ACCORDING to TASS".`,
		"Russian President Vladimir Putin’s spokesman Dmitry Peskov told reporters in Moscow",
		"Kyiv’s forces: President Zelenskyy said the West’s «aid» is „slow“ — “very slow”.",
		"Updated at 09.32 BST 6h ago08.57Russian forces, 02.13Russia, 8US, 4G, 3D, 1990s, 7Éta, 12Abcdefghijklm 5Xy",
	}
	for _, c := range cases {
		stCheckTokenize(t, c)
		stCheckTokenize(t, strings.Repeat(c+" ", 3))
	}
	// every byte value at every position of an 8-byte load
	for b := 0; b < 256; b++ {
		for pos := 0; pos < 10; pos++ {
			w := []byte("abcdefghijk")
			w[pos] = byte(b)
			stCheckTokenize(t, string(w))
			stCheckTokenize(t, "x "+string(w)+" y")
		}
	}
}

func FuzzStanceTokenize(f *testing.F) {
	f.Add("The Kremlin said on Tuesday that NATO-led forces were a threat.")
	f.Add("Über\u00a0Russia\u200b-Ukraine\tUS us U.S abcdefghÉtat")
	f.Add("Updated at 09.32 BST 6h ago08.57Russian forces 8US 4G")
	f.Fuzz(func(t *testing.T, s string) { stCheckTokenize(t, s) })
}

// BenchmarkStanceScan measures [stMatcher.scan] alone, tokenizing and
// classifying the sentences of the articles BenchmarkStance scores, with
// the production lexicon when present: its share of the stage is too small
// for BenchmarkStance to show a change of a few percent in it on a shared
// machine.
func BenchmarkStanceScan(b *testing.B) {
	arts := corpusArticles(b, 400)
	sp, err := NewSplitter(DefaultSplitterConfig())
	if err != nil {
		b.Fatal(err)
	}
	st, err := NewStance(DefaultStanceConfig(), stanceBenchLexicon(b))
	if err != nil {
		b.Fatal(err)
	}
	var sents []string
	bytes := 0
	for _, a := range arts {
		for _, s := range sp.Split(a.Text, nil) {
			sents = append(sents, a.Text[s.ByteStart:s.ByteEnd])
			bytes += s.ByteEnd - s.ByteStart
		}
	}
	sc := new(stScratch)
	var toks []stToken
	b.ReportAllocs()
	b.SetBytes(int64(bytes))
	for b.Loop() {
		for _, s := range sents {
			toks, _ = st.m.scan(s, toks, false, sc, nil)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(sents)), "ns/sentence")
}
