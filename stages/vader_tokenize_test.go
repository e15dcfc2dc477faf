package stages

import (
	"encoding/binary"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The tokenizer reads text 8 bytes at a time and looks words up in a
// purpose-built hash table. These tests hold it to a plain transcription of
// the reference's steps, written for clarity and not speed: emoji replaced
// code point by code point, str.split(), strip(string.punctuation) unless
// that leaves two characters or fewer, str.lower() and a Go map lookup.

// vaderRefTokenize is that plain transcription. words is the model's
// vocabulary (vaderModelWords of its lexicon).
func vaderRefTokenize(emojis map[rune]string, words map[string]vaderWord, text string) []vaderToken {
	var sb strings.Builder
	prevSpace := true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if desc, ok := emojis[r]; ok && size > 1 {
			if !prevSpace {
				sb.WriteByte(' ')
			}
			sb.WriteString(desc)
			prevSpace = false
		} else {
			sb.WriteString(text[i : i+size])
			prevSpace = r == ' '
		}
		i += size
	}
	var toks []vaderToken
	for _, word := range strings.FieldsFunc(sb.String(), vaderIsSpaceRune) {
		if s := strings.Trim(word, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"); utf8.RuneCountInString(s) > 2 {
			word = s
		}
		key := string(vaderAppendLower(nil, []byte(word)))
		var tk vaderToken
		if w, ok := words[key]; ok {
			tk.w = w
			tk.w.n = uint32(len(key))
		}
		if vaderIsUpper([]byte(word)) {
			tk.w.flags |= vfUpper
		}
		if strings.Contains(key, "n't") {
			tk.w.flags |= vfNT
		}
		toks = append(toks, tk)
	}
	return toks
}

// vaderTokenizeChecker compares the tokenizer of one model with
// vaderRefTokenize.
type vaderTokenizeChecker struct {
	m     *vaderModel
	words map[string]vaderWord
	sc    vaderScratch
}

func newVaderTokenizeChecker(t testing.TB, lexicon map[string]float64) *vaderTokenizeChecker {
	t.Helper()
	base, err := vaderLoadBase()
	if err != nil {
		t.Fatal(err)
	}
	lex := maps.Clone(base.lexicon)
	maps.Copy(lex, lexicon)
	return &vaderTokenizeChecker{m: newVaderModel(lex, base.emojis), words: vaderModelWords(lex)}
}

func (c *vaderTokenizeChecker) check(t testing.TB, text string) {
	t.Helper()
	got, st := c.m.tokenize(c.m.replaceEmoji(text, &c.sc), &c.sc)
	want := vaderRefTokenize(c.m.emojis, c.words, text)
	var wantSt vaderTokenStats
	for _, tk := range want {
		if tk.upper() {
			wantSt.upper++
		}
		if tk.w.inLex() && tk.w.valence > 0 {
			wantSt.pos++
		}
		if tk.w.inLex() && tk.w.valence < 0 {
			wantSt.neg++
		}
		wantSt.but = wantSt.but || tk.w.id == vwBut
	}
	if st != wantSt {
		t.Fatalf("%q: token stats %+v, want %+v", text, st, wantSt)
	}
	if slices.Equal(got, want) {
		return
	}
	if len(got) != len(want) {
		t.Fatalf("%q: %d tokens, want %d", text, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%q: token %d = %+v, want %+v", text, i, got[i], want[i])
		}
	}
}

// vaderTestLexicon adds keys the embedded lexicon lacks: long ones (the
// table compares bytes 16 on separately), ones of exactly 8, 16 and 24
// bytes, non-ASCII ones and ones with control characters.
var vaderTestLexicon = map[string]float64{
	"wonderfulnesses":                               2, // 15 bytes
	"marvellousnesses":                              2.1,
	"extraordinarinesses":                           2.2,
	"incomprehensibilities":                         -1.3,
	"antidisestablishmentarianism":                  -0.7,
	"counterrevolutionaries-in-exile":               -1.1,
	"pneumonoultramicroscopicsilicovolcanoconiosis": -2,
	"abcdefgh":                 0.5, // 8 bytes
	"abcdefghijklmnop":         0.6, // 16
	"abcdefghijklmnopqrstuvwx": 0.7, // 24
	"abcdefghijklmnopqrstuvwy": 0.8, // differs in byte 24 only
	"abcdefghijklmnopqrstuvw":  0.9,
	"schön":                    1.5,
	"überwältigend":            2.5,
	"ελπίδα":                   1.2,
	"καλός":                    1.4, // final sigma
	"i\u0307stanbul":           0.3, // what İstanbul lowers to
	"надежда-и-вера-навсегда": 1.7,
	"a\x01b":     -0.4,
	"tab\x00nul": 0.2,
	"won't-stop": -0.5,
}

// vaderTestWords are words a random text is built from.
func vaderTestWords(lexicon map[string]float64) []string {
	ws := slices.Sorted(maps.Keys(lexicon))
	ws = append(ws, slices.Sorted(maps.Keys(vaderBoosters))...)
	ws = append(ws, vaderNegations...)
	ws = append(ws, slices.Sorted(maps.Keys(vaderWordIDs))...)
	ws = append(ws, "good", "bad", "the", "of", "don't", "DON'T", "can'T", "N'T", "a", "I",
		"Ukraine", "Москва", "İstanbul", "ΚΑΛΟΣ", "naïve", "x", "--", ":)", ":-(", "!!!", "?",
		"\xff", "\xc3", "ab\xffcd", "\x00", "\x07bell", "Ǆ", "ǅungla", "ﬁne", "ẞ", "K")
	return ws
}

var (
	vaderTestSeps   = []string{" ", " ", " ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\x1c", "\x1f", "\u00a0", "\u0085", "\u1680", "\u2000", "\u200a", "\u2028", "\u202f", "\u3000", "\u200b"}
	vaderTestPuncts = []string{"", "", "", ".", ",", "!", "?", "'", "\"", "(", ")", "...", "!?", "--", "«", "»", "“", "”", "’", "…", "#", "@", "\\"}
)

// vaderRandomText builds a text of random words, each maybe re-cased,
// wrapped in punctuation, glued to an emoji, and joined by varied white
// space.
func vaderRandomText(r *rand.Rand, words []string, emojis []rune) string {
	var sb strings.Builder
	n := r.IntN(30)
	for range n {
		if r.IntN(3) == 0 {
			sb.WriteString(vaderTestSeps[r.IntN(len(vaderTestSeps))])
		}
		w := words[r.IntN(len(words))]
		switch r.IntN(6) {
		case 0:
			w = strings.ToUpper(w)
		case 1:
			if w != "" {
				rr, size := utf8.DecodeRuneInString(w)
				w = strings.ToUpper(string(rr)) + w[size:]
			}
		case 2:
			bs := []byte(w)
			for i, c := range bs {
				if 'a' <= c && c <= 'z' && r.IntN(2) == 0 {
					bs[i] = c - 'a' + 'A'
				}
			}
			w = string(bs)
		}
		sb.WriteString(vaderTestPuncts[r.IntN(len(vaderTestPuncts))])
		if r.IntN(20) == 0 {
			sb.WriteRune(emojis[r.IntN(len(emojis))])
		}
		sb.WriteString(w)
		if r.IntN(20) == 0 {
			sb.WriteRune(emojis[r.IntN(len(emojis))])
		}
		sb.WriteString(vaderTestPuncts[r.IntN(len(vaderTestPuncts))])
		sb.WriteString(vaderTestSeps[r.IntN(len(vaderTestSeps))])
	}
	return sb.String()
}

// TestVaderTokenizeReference checks the tokenizer against the plain
// transcription on texts written to reach its corner cases, on random
// texts, and on every sentence of the VADER benchmark and of the news
// corpus when the shared data is there.
func TestVaderTokenizeReference(t *testing.T) {
	c := newVaderTokenizeChecker(t, vaderTestLexicon)
	for _, text := range []string{
		"", " ", "\u00a0\u3000", "a", "ab", "abc", "good", "GOOD", "Good!", "good.\u00a0Bad",
		"abcdefg abcdefgh abcdefghi ABCDEFGH abcdefghijklmnop abcdefghijklmnopq",
		"abcdefghijklmnopqrstuvwx abcdefghijklmnopqrstuvwy ABCDEFGHIJKLMNOPQRSTUVWX abcdefghijklmnopqrstuvw",
		"Antidisestablishmentarianism!! (pneumonoultramicroscopicsilicovolcanoconiosis)",
		"COUNTERREVOLUTIONARIES-IN-EXILE, counterrevolutionaries-in-exile.",
		"I DON'T like it; it WON'T-STOP and can't, CAN'T, Can'T.",
		"«ok» (ok) 'hi' ...  --- ?! :) :-( <3 </3",
		"SCHÖN Schön schön ÜBERWÄLTIGEND ΚΑΛΟΣ καλός ΕΛΠΊΔΑ İstanbul",
		"надежда-и-вера-навсегда НАДЕЖДА-И-ВЕРА-НАВСЕГДА",
		"a\x01b A\x01B tab\x00nul TAB\x00NUL \x00 \x07",
		"bad\xffgood \xff \xc3\xa9 \xe2\x80",
		"Dinner\U0001F601tonight \U0001F601 good\u2764\ufe0f",
		"very\u2028good\u2029not\u0085bad\u001cnice\u001fok",
		strings.Repeat("x", 100) + " " + strings.Repeat("Y", 33),
		"no no good but very bad, kind of sort of just enough, the bomb, to die for, yeah right",
	} {
		c.check(t, text)
	}

	r := rand.New(rand.NewPCG(1, 2))
	words := vaderTestWords(vaderTestLexicon)
	emojis := slices.Sorted(maps.Keys(c.m.emojis))
	for range 20000 {
		c.check(t, vaderRandomText(r, words, emojis))
	}
}

// TestVaderTokenizeShared compares the tokenizer with the plain
// transcription on every sentence of the VADER benchmark and of the Ukraine
// news corpus.
func TestVaderTokenizeShared(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the whole corpus")
	}
	c := newVaderTokenizeChecker(t, nil)
	dir := sharedPath(t, "bench/sentiment")
	for _, set := range sentimentBenchSets {
		for _, it := range sentimentLoadItems(t, dir, set) {
			c.check(t, it.text)
		}
	}
	sp, err := NewSplitter(DefaultSplitterConfig())
	if err != nil {
		t.Fatal(err)
	}
	var sents []Sentence
	for _, a := range corpusArticles(t, 0) {
		sents = sp.Split(a.Text, sents[:0])
		for _, s := range sents {
			c.check(t, s.Text)
		}
	}
}

// FuzzVaderTokenize checks the tokenizer against the plain transcription
// on any text.
func FuzzVaderTokenize(f *testing.F) {
	for _, seed := range []string{
		"", "good", "DON'T stop", "abcdefghijklmnopqrstuvwx!", "schön\u00a0ΚΑΛΟΣ", "a\x01b\xff",
		"Dinner\U0001F601tonight", "«ok» :) --", "antidisestablishmentarianism",
	} {
		f.Add(seed)
	}
	c := newVaderTokenizeChecker(f, vaderTestLexicon)
	f.Fuzz(func(t *testing.T, text string) {
		c.check(t, text)
	})
}

// TestVaderSWAR checks the word-at-a-time primitives against their
// byte-by-byte definitions, for every byte value at every position among
// random neighbours.
func TestVaderSWAR(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var buf [8]byte
	for pos := range 8 {
		for v := range 256 {
			for range 16 {
				for i := range buf {
					buf[i] = byte(r.Uint32())
				}
				buf[pos] = byte(v)
				x := binary.LittleEndian.Uint64(buf[:])
				var up, low uint64
				lowest := -1
				for i, c := range buf {
					if 'A' <= c && c <= 'Z' {
						up |= 0x80 << (8 * i)
					}
					if 'a' <= c && c <= 'z' {
						low |= 0x80 << (8 * i)
					}
					if lowest < 0 && (c < 0x21 || c >= 0x80) {
						lowest = i
					}
				}
				if got := vaderUpperBytes(x); got != up {
					t.Fatalf("vaderUpperBytes(%x) = %x, want %x", buf, got, up)
				}
				if got := vaderLowerBytes(x); got != low {
					t.Fatalf("vaderLowerBytes(%x) = %x, want %x", buf, got, low)
				}
				if got, want := vaderLowerWord(x), binary.LittleEndian.Uint64(vaderAppendLowerASCII(buf)); got != want {
					t.Fatalf("vaderLowerWord(%x) = %x, want %x", buf, got, want)
				}
				ev := vaderSpaceOrWide(x)
				if got := vaderLowestByte(ev); got != lowest {
					t.Fatalf("vaderSpaceOrWide(%x): lowest byte %d, want %d", buf, got, lowest)
				}
				if got, want := vaderHasByte(x, '\''), slices.Contains(buf[:], '\''); got != want {
					t.Fatalf("vaderHasByte(%x, ') = %v, want %v", buf, got, want)
				}
				for n := 1; n <= 8; n++ {
					want := make([]byte, 8)
					copy(want, buf[:n])
					if got := vaderLoad(buf[:], 0, n); got != binary.LittleEndian.Uint64(want) {
						t.Fatalf("vaderLoad(%x, 0, %d) = %x", buf, n, got)
					}
				}
				if got, want := vaderASCII(buf[:pos+1]), !slices.ContainsFunc(buf[:pos+1], func(c byte) bool { return c >= 0x80 }); got != want {
					t.Fatalf("vaderASCII(%x) = %v, want %v", buf[:pos+1], got, want)
				}
			}
		}
	}
}

func vaderAppendLowerASCII(b [8]byte) []byte {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b[:]
}

func vaderLowestByte(mask uint64) int {
	for i := range 8 {
		if mask>>(8*i)&0x80 != 0 {
			return i
		}
	}
	return -1
}

// TestVaderTableLookup looks up every word of the vocabulary and near
// misses of each: one byte changed, one byte more, one byte fewer.
func TestVaderTableLookup(t *testing.T) {
	base, err := vaderLoadBase()
	if err != nil {
		t.Fatal(err)
	}
	lex := maps.Clone(base.lexicon)
	maps.Copy(lex, vaderTestLexicon)
	words := vaderModelWords(lex)
	tab := newVaderTable(words)
	get := func(key string) vaderWord {
		buf := append([]byte(key), "        "...)
		return *tab.get(buf[:len(key)])
	}
	for key, w := range words {
		w.n = uint32(len(key))
		if got := get(key); got != w {
			t.Fatalf("get(%q) = %+v, want %+v", key, got, w)
		}
		for _, k := range []string{key + "x", key[:len(key)-1], "x" + key} {
			want, ok := words[k]
			if ok {
				want.n = uint32(len(k))
			}
			if got := get(k); got != want {
				t.Fatalf("get(%q) = %+v, want %+v", k, got, want)
			}
		}
		b := []byte(key)
		for i := range b {
			b[i] ^= 1
			k := string(b)
			want, ok := words[k]
			if ok {
				want.n = uint32(len(k))
			}
			if got := get(k); got != want {
				t.Fatalf("get(%q) = %+v, want %+v", k, got, want)
			}
			b[i] ^= 1
		}
	}
	if n := len(words); n < 7500 {
		t.Fatalf("vocabulary of %d words; want the whole lexicon", n)
	}
}

// vaderRefPolarity is polarity as the reference computes it once the words
// are known: a sentiment per word, the "but" rule over all of them, then
// the sums, each in its own pass.
func vaderRefPolarity(toks []vaderToken, text []byte) vaderResult {
	var res vaderResult
	res.words = len(toks)
	if len(toks) == 0 {
		return res
	}
	upper := 0
	for i := range toks {
		if toks[i].upper() {
			upper++
		}
		if toks[i].w.inLex() && toks[i].w.valence > 0 {
			res.posWords++
		}
		if toks[i].w.inLex() && toks[i].w.valence < 0 {
			res.negWords++
		}
	}
	capDiff := upper > 0 && upper < len(toks)
	sents := make([]float64, len(toks))
	for i := range toks {
		tk := &toks[i]
		switch {
		case tk.w.isBooster():
		case i < len(toks)-1 && tk.w.id == vwKind && toks[i+1].w.id == vwOf:
		case !tk.w.inLex():
		default:
			sents[i] = vaderValence(toks, i, capDiff)
		}
	}
	vaderButCheck(toks, sents, nil)
	sum := 0.0
	for _, s := range sents {
		sum += s
	}
	punct := vaderPunctuation(text)
	if sum > 0 {
		sum += punct
	} else if sum < 0 {
		sum -= punct
	}
	res.compound = vaderNormalize(sum)
	posSum, negSum, neuCount := 0.0, 0.0, 0
	for _, s := range sents {
		if s > 0 {
			posSum += s + 1
		}
		if s < 0 {
			negSum += s - 1
		}
		if s == 0 {
			neuCount++
		}
	}
	if posSum > math.Abs(negSum) {
		posSum += punct
	} else if posSum < math.Abs(negSum) {
		negSum -= punct
	}
	total := posSum + math.Abs(negSum) + float64(neuCount)
	res.pos = math.Abs(posSum / total)
	res.neg = math.Abs(negSum / total)
	res.neu = math.Abs(float64(neuCount) / total)
	return res
}

// TestVaderPolarityReference scores random texts rich in rule words
// ("but", negations, boosters, idioms) and compares every result, bit for
// bit, with vaderRefPolarity of the plain transcription's tokens.
func TestVaderPolarityReference(t *testing.T) {
	c := newVaderTokenizeChecker(t, vaderTestLexicon)
	r := rand.New(rand.NewPCG(5, 6))
	words := vaderTestWords(vaderTestLexicon)
	var rules []string
	rules = append(rules, slices.Sorted(maps.Keys(vaderWordIDs))...)
	rules = append(rules, slices.Sorted(maps.Keys(vaderBoosters))...)
	rules = append(rules, vaderNegations...)
	rules = append(rules, "good", "bad", "GREAT", "terrible", "love", "hate", "kiss", "death", "heart", "least")
	emojis := slices.Sorted(maps.Keys(c.m.emojis))
	for k := range 30000 {
		ws := words
		if k%2 == 0 {
			ws = rules
		}
		text := vaderRandomText(r, ws, emojis)
		got := c.m.polarity(text, &c.sc)
		want := vaderRefPolarity(vaderRefTokenize(c.m.emojis, c.words, text), c.m.replaceEmoji(text, &c.sc))
		if !vaderSameBits(got, want) {
			t.Fatalf("%q: polarity %+v, want %+v", text, got, want)
		}
	}
}

// vaderSameBits compares results float by float bit pattern (NaN included).
func vaderSameBits(a, b vaderResult) bool {
	f := math.Float64bits
	return f(a.neg) == f(b.neg) && f(a.neu) == f(b.neu) && f(a.pos) == f(b.pos) &&
		f(a.compound) == f(b.compound) && a.posWords == b.posWords && a.negWords == b.negWords && a.words == b.words
}

// vaderRefSpecialIdioms is the reference's special-idiom check as written:
// each sequence compared with each case in turn.
func vaderRefSpecialIdioms(v float64, toks []vaderToken, i int) float64 {
	match := func(ids [3]vaderWordID, n int) (float64, bool) {
		for _, c := range vaderSpecialCases {
			if c.n == n && c.words == ids {
				return c.valence, true
			}
		}
		return 0, false
	}
	id := func(j int) vaderWordID { return toks[j].w.id }
	for _, s := range []struct {
		ids [3]vaderWordID
		n   int
	}{
		{[3]vaderWordID{id(i - 1), id(i)}, 2},
		{[3]vaderWordID{id(i - 2), id(i - 1), id(i)}, 3},
		{[3]vaderWordID{id(i - 2), id(i - 1)}, 2},
		{[3]vaderWordID{id(i - 3), id(i - 2), id(i - 1)}, 3},
		{[3]vaderWordID{id(i - 3), id(i - 2)}, 2},
	} {
		if c, ok := match(s.ids, s.n); ok {
			v = c
			break
		}
	}
	if len(toks)-1 > i {
		if c, ok := match([3]vaderWordID{id(i), id(i + 1)}, 2); ok {
			v = c
		}
	}
	if len(toks)-1 > i+1 {
		if c, ok := match([3]vaderWordID{id(i), id(i + 1), id(i + 2)}, 3); ok {
			v = c
		}
	}
	for _, pair := range [2][2]vaderWordID{{id(i - 3), id(i - 2)}, {id(i - 2), id(i - 1)}} {
		if vaderDampenerPair(pair[0], pair[1]) {
			v += vaderBoostDecr
		}
	}
	return v
}

// TestVaderSpecialIdioms compares the table-driven idiom check with the
// reference's loop on random windows of rule words, and on every window
// that spells a case.
func TestVaderSpecialIdioms(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	check := func(ids []vaderWordID, i int) {
		toks := make([]vaderToken, len(ids))
		for j, id := range ids {
			toks[j].w.id = id
		}
		for _, v := range []float64{0, 1.5, -2.25} {
			if got, want := vaderSpecialIdioms(v, toks, i), vaderRefSpecialIdioms(v, toks, i); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("ids %v, i %d, v %v: %v, want %v", ids, i, v, got, want)
			}
		}
	}
	for range 200000 {
		n := 4 + r.IntN(3)
		ids := make([]vaderWordID, n)
		for j := range ids {
			if r.IntN(4) > 0 {
				ids[j] = vaderWordID(r.IntN(int(vwCount)))
			}
		}
		check(ids, 3+r.IntN(n-3))
	}
	for _, c := range vaderSpecialCases {
		for pos := range 6 - c.n + 1 {
			ids := make([]vaderWordID, 6)
			copy(ids[pos:], c.words[:c.n])
			for i := 3; i < 6; i++ {
				check(ids, i)
			}
		}
	}
}
