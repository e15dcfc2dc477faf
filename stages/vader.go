package stages

import (
	"bytes"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"unicode/utf8"
)

// This file is a float64 port of SentimentIntensityAnalyzer.polarity_scores
// from github.com/cjhutto/vaderSentiment at commit 44fc044c, written to give
// the same numbers bit for bit, quirks included. Every product that is later
// added is wrapped in float64(...) so that the compiler may not fuse it into
// an FMA, which would change the last bit.

// VADER's empirically derived constants.
const (
	vaderBoostIncr   = 0.293 // booster word before a sentiment word
	vaderBoostDecr   = -0.293
	vaderCapsIncr    = 0.733 // ALL-CAPS word in a mixed-case text
	vaderNegScalar   = -0.74 // negated sentiment word
	vaderExclaimIncr = 0.292 // per '!', at most 4
	vaderQuestIncr   = 0.18  // per '?', when there are 2 or 3
	vaderQuestMax    = 0.96  // 4 or more '?'
	vaderAlpha       = 15    // normalisation constant of compound
)

// vaderWordID names the words VADER's rules compare by spelling.
type vaderWordID uint8

const (
	vwOther vaderWordID = iota
	vwNo
	vwBut
	vwLeast
	vwAt
	vwVery
	vwNever
	vwSo
	vwThis
	vwWithout
	vwDoubt
	vwOr
	vwNor
	vwKind
	vwOf
	// Words of the special-case idioms and multi-word boosters.
	vwThe
	vwShit
	vwBomb
	vwBad
	vwAss
	vwBus
	vwStop
	vwYeah
	vwRight
	vwKiss
	vwDeath
	vwTo
	vwDie
	vwFor
	vwBeating
	vwBroken
	vwHeart
	vwJust
	vwEnough
	vwSort
	vwCount // the number of word IDs
)

var vaderWordIDs = map[string]vaderWordID{
	"no": vwNo, "but": vwBut, "least": vwLeast, "at": vwAt, "very": vwVery,
	"never": vwNever, "so": vwSo, "this": vwThis, "without": vwWithout,
	"doubt": vwDoubt, "or": vwOr, "nor": vwNor, "kind": vwKind, "of": vwOf,
	"the": vwThe, "shit": vwShit, "bomb": vwBomb, "bad": vwBad, "ass": vwAss,
	"bus": vwBus, "stop": vwStop, "yeah": vwYeah, "right": vwRight,
	"kiss": vwKiss, "death": vwDeath, "to": vwTo, "die": vwDie, "for": vwFor,
	"beating": vwBeating, "broken": vwBroken, "heart": vwHeart,
	"just": vwJust, "enough": vwEnough, "sort": vwSort,
}

// vaderNegations are the words that negate a following sentiment word. Any
// word containing "n't" negates too.
var vaderNegations = []string{
	"aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
	"ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
	"dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
	"don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
	"neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
	"oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
	"oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
	"without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
}

// vaderBoosters are the one-word intensifiers (positive) and dampeners
// (negative). The reference also lists "kind of", "sort of" and "just
// enough"; those are handled as sequences in vaderSpecialIdioms.
var vaderBoosters = map[string]float64{
	"absolutely": vaderBoostIncr, "amazingly": vaderBoostIncr, "awfully": vaderBoostIncr,
	"completely": vaderBoostIncr, "considerable": vaderBoostIncr, "considerably": vaderBoostIncr,
	"decidedly": vaderBoostIncr, "deeply": vaderBoostIncr, "effing": vaderBoostIncr,
	"enormous": vaderBoostIncr, "enormously": vaderBoostIncr,
	"entirely": vaderBoostIncr, "especially": vaderBoostIncr, "exceptional": vaderBoostIncr,
	"exceptionally": vaderBoostIncr, "extreme": vaderBoostIncr, "extremely": vaderBoostIncr,
	"fabulously": vaderBoostIncr, "flipping": vaderBoostIncr, "flippin": vaderBoostIncr,
	"frackin": vaderBoostIncr, "fracking": vaderBoostIncr, "fricking": vaderBoostIncr,
	"frickin": vaderBoostIncr, "frigging": vaderBoostIncr, "friggin": vaderBoostIncr,
	"fully": vaderBoostIncr, "fuckin": vaderBoostIncr, "fucking": vaderBoostIncr,
	"fuggin": vaderBoostIncr, "fugging": vaderBoostIncr,
	"greatly": vaderBoostIncr, "hella": vaderBoostIncr, "highly": vaderBoostIncr,
	"hugely": vaderBoostIncr, "incredible": vaderBoostIncr, "incredibly": vaderBoostIncr,
	"intensely": vaderBoostIncr, "major": vaderBoostIncr, "majorly": vaderBoostIncr,
	"more": vaderBoostIncr, "most": vaderBoostIncr, "particularly": vaderBoostIncr,
	"purely": vaderBoostIncr, "quite": vaderBoostIncr, "really": vaderBoostIncr,
	"remarkably": vaderBoostIncr, "so": vaderBoostIncr, "substantially": vaderBoostIncr,
	"thoroughly": vaderBoostIncr, "total": vaderBoostIncr, "totally": vaderBoostIncr,
	"tremendous": vaderBoostIncr, "tremendously": vaderBoostIncr,
	"uber": vaderBoostIncr, "unbelievably": vaderBoostIncr, "unusually": vaderBoostIncr,
	"utter": vaderBoostIncr, "utterly": vaderBoostIncr, "very": vaderBoostIncr,
	"almost": vaderBoostDecr, "barely": vaderBoostDecr, "hardly": vaderBoostDecr,
	"kinda": vaderBoostDecr, "kindof": vaderBoostDecr, "kind-of": vaderBoostDecr,
	"less": vaderBoostDecr, "little": vaderBoostDecr, "marginal": vaderBoostDecr,
	"marginally": vaderBoostDecr, "occasional": vaderBoostDecr, "occasionally": vaderBoostDecr,
	"partly": vaderBoostDecr, "scarce": vaderBoostDecr, "scarcely": vaderBoostDecr,
	"slight": vaderBoostDecr, "slightly": vaderBoostDecr, "somewhat": vaderBoostDecr,
	"sorta": vaderBoostDecr, "sortof": vaderBoostDecr, "sort-of": vaderBoostDecr,
}

// vaderSpecialCase is an idiom whose valence replaces the computed one.
// The reference's single-word entry "badass" is left out: it is only ever
// compared with two- and three-word sequences, so it can never match.
type vaderSpecialCase struct {
	words   [3]vaderWordID
	n       int
	valence float64
}

var vaderSpecialCases = []vaderSpecialCase{
	{[3]vaderWordID{vwThe, vwShit}, 2, 3},
	{[3]vaderWordID{vwThe, vwBomb}, 2, 3},
	{[3]vaderWordID{vwBad, vwAss}, 2, 1.5},
	{[3]vaderWordID{vwBus, vwStop}, 2, 0.0},
	{[3]vaderWordID{vwYeah, vwRight}, 2, -2},
	{[3]vaderWordID{vwKiss, vwOf, vwDeath}, 3, -1.5},
	{[3]vaderWordID{vwTo, vwDie, vwFor}, 3, 3},
	{[3]vaderWordID{vwBeating, vwHeart}, 2, 3.1},
	{[3]vaderWordID{vwBroken, vwHeart}, 2, -2.9},
}

// vaderWord is everything the rules need to know about one lower-cased word,
// looked up once per token. It is 16 bytes, so that a table slot holds it
// with the first 16 bytes of its key in half a cache line.
type vaderWord struct {
	valence float64 // lexicon valence, when inLex
	n       uint32  // the length of the word's key in the table; 0 for a word not there
	id      vaderWordID
	flags   vaderFlags
}

// vaderFlags are the yes/no facts about a word. The table's entries have
// the first four; the tokenizer adds vfUpper and vfNT.
type vaderFlags uint8

const (
	vfLex      vaderFlags = 1 << iota // in the lexicon, with valence
	vfBooster                         // booster word, scalar vaderBoostIncr
	vfDampener                        // booster word, scalar vaderBoostDecr
	vfNegation                        // one of vaderNegations
	vfUpper                           // Python's isupper() of the word as written
	vfNT                              // the lower-cased word contains "n't"
)

func (w *vaderWord) inLex() bool     { return w.flags&vfLex != 0 }
func (w *vaderWord) isBooster() bool { return w.flags&(vfBooster|vfDampener) != 0 }

// booster is the scalar of a booster word.
func (w *vaderWord) booster() float64 {
	if w.flags&vfDampener != 0 {
		return vaderBoostDecr
	}
	return vaderBoostIncr
}

// vaderModel is an immutable scorer: the effective lexicon merged with the
// rule words, and the emoji table. Safe for concurrent use.
type vaderModel struct {
	words  vaderTable
	emojis map[rune]string
}

func newVaderModel(lexicon map[string]float64, emojis map[rune]string) *vaderModel {
	return &vaderModel{words: newVaderTable(vaderModelWords(lexicon)), emojis: emojis}
}

// vaderModelWords merges the lexicon with the booster, negation and rule
// words: everything the scorer looks up, by lower-cased word.
func vaderModelWords(lexicon map[string]float64) map[string]vaderWord {
	words := make(map[string]vaderWord, len(lexicon)+len(vaderBoosters)+len(vaderNegations)+len(vaderWordIDs))
	for k, v := range lexicon {
		w := words[k]
		w.valence = v
		w.flags |= vfLex
		words[k] = w
	}
	for k, v := range vaderBoosters {
		w := words[k]
		switch v {
		case vaderBoostIncr:
			w.flags |= vfBooster
		case vaderBoostDecr:
			w.flags |= vfDampener
		default:
			panic("vader: booster scalar is neither vaderBoostIncr nor vaderBoostDecr")
		}
		words[k] = w
	}
	for _, k := range vaderNegations {
		w := words[k]
		w.flags |= vfNegation
		words[k] = w
	}
	for k, id := range vaderWordIDs {
		w := words[k]
		w.id = id
		words[k] = w
	}
	return words
}

// vaderTable is a read-only open-addressing hash table from lower-cased word
// to vaderWord, laid out for lookups that mostly miss (three tokens in four
// of news text): a 16 KB filter, two bits per key, answers most misses
// without touching the slots, and a hit on a key of up to 16 bytes reads
// one 32-byte slot. Keys are compared as little-endian 8-byte words, zero
// padded, together with their length.
type vaderTable struct {
	filter []uint64    // power-of-two length; see vaderTable.mayHave
	slots  []vaderSlot // power-of-two length, at most half full
	shift  uint        // 64 - log2(len(slots)): a hash's top bits pick its slot
	tails  []uint32    // per slot: where in rest the key's bytes from 16 on start
	rest   []uint64    // the bytes from 16 on of the keys longer than 16, as words
}

// vaderSlot is one slot of a vaderTable; w.n == 0 marks it empty (there
// are no empty keys: a token is never empty).
type vaderSlot struct {
	k0, k1 uint64 // the key's bytes 0-7 and 8-15, zero padded
	w      vaderWord
}

// vaderMaxKey is the longest key a vaderTable holds: its length must fit
// in vaderWord.n. A longer lexicon token could never be matched by a word
// of a text short enough to score, so it is left out.
const vaderMaxKey = 1<<32 - 1

func newVaderTable(words map[string]vaderWord) vaderTable {
	size := 16
	for size < 2*len(words) {
		size *= 2
	}
	fsize := 16
	for fsize < len(words)/4 {
		fsize *= 2
	}
	t := vaderTable{
		filter: make([]uint64, fsize),
		slots:  make([]vaderSlot, size),
		shift:  uint(64 - bits.TrailingZeros(uint(size))),
		tails:  make([]uint32, size),
	}
	mask := uint64(size - 1)
	for k, w := range words {
		if len(k) == 0 || uint64(len(k)) > vaderMaxKey {
			continue
		}
		key := append([]byte(k), make([]byte, 8)...) // padded for vaderLoad
		n := len(k)
		k0, k1 := vaderLoad(key, 0, n), uint64(0)
		if n > 8 {
			k1 = vaderLoad(key, 8, n-8)
		}
		h := vaderHashKey(k0, k1, n)
		t.filter[h&uint64(fsize-1)] |= vaderFilterBits(h)
		i := h >> t.shift
		for t.slots[i].w.n != 0 {
			i = (i + 1) & mask
		}
		w.n = uint32(n)
		t.slots[i] = vaderSlot{k0: k0, k1: k1, w: w}
		if n > 16 {
			t.tails[i] = uint32(len(t.rest))
			for j := 16; j < n; j += 8 {
				t.rest = append(t.rest, vaderLoad(key, j, n-j))
			}
		}
	}
	return t
}

// vaderHashKey hashes a key given as its first two 8-byte words and its
// length. Longer keys that share their first 16 bytes collide, which costs
// a comparison, never a wrong answer.
func vaderHashKey(k0, k1 uint64, n int) uint64 {
	hi, lo := bits.Mul64(k0^0x9e3779b97f4a7c15, k1^uint64(n)*0xbf58476d1ce4e5b9^0x94d049bb133111eb)
	return hi ^ lo
}

// vaderFilterBits are the two bits of a filter word that a key of hash h
// sets; the word is filter[h & (len(filter)-1)].
func vaderFilterBits(h uint64) uint64 {
	return 1<<(h>>32&63) | 1<<(h>>40&63)
}

// lookup returns the entry of the key whose lower-cased first 16 bytes are
// k0 and k1 (see vaderLoad and vaderLowerWord) and whose length is n, or
// &vaderNoWord when there is none. The entry must not be modified. The key itself is buf[a:a+n], which
// must be followed by at least 8 readable bytes; its bytes from 16 on are
// lower-cased as ASCII when compared, so buf may hold the word as written
// or already lower-cased.
func (t *vaderTable) lookup(k0, k1 uint64, n int, buf []byte, a int) *vaderWord {
	h := vaderHashKey(k0, k1, n)
	fb := vaderFilterBits(h)
	if t.filter[h&uint64(len(t.filter)-1)]&fb != fb {
		return &vaderNoWord
	}
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.w.n == 0 {
			return &vaderNoWord
		}
		if int(s.w.n) == n && s.k0 == k0 && s.k1 == k1 && (n <= 16 || t.tailEqual(i, buf, a, n)) {
			return &s.w
		}
	}
}

// tailEqual compares the bytes from 16 on of the key in slot i with those
// of buf[a:a+n], lower-cased.
func (t *vaderTable) tailEqual(i uint64, buf []byte, a, n int) bool {
	rest := t.rest[t.tails[i]:]
	for j, k := 16, 0; j < n; j, k = j+8, k+1 {
		if rest[k] != vaderLowerWord(vaderLoad(buf, a+j, n-j)) {
			return false
		}
	}
	return true
}

// vaderNoWord is what a vaderTable returns for a word it does not have.
// It is never modified.
var vaderNoWord vaderWord

// get returns the entry of key, or &vaderNoWord when it has none; the
// entry must not be modified. key must be lower-case and followed by at
// least 8 readable bytes.
func (t *vaderTable) get(key []byte) *vaderWord {
	n := len(key)
	buf := key[:n+8]
	k0, k1 := vaderLoad(buf, 0, n), uint64(0)
	if n > 8 {
		k1 = vaderLoad(buf, 8, n-8)
	}
	return t.lookup(k0, k1, n, buf, 0)
}

// vaderToken is one word of the text being scored.
type vaderToken struct {
	w vaderWord // with vfUpper and vfNT set for this token
}

func (tk *vaderToken) upper() bool { return tk.w.flags&vfUpper != 0 }

// vaderScratch is the per-call working memory, reused through a pool so
// that scoring does not allocate in the steady state.
type vaderScratch struct {
	text  []byte // the text with emoji replaced, then vaderPad spaces
	wide  []byte // the current non-ASCII word, lower-cased, then vaderPad spaces
	toks  []vaderToken
	sents []float64
	nz    []int
}

// vaderResult is the unrounded outcome of scoring one text.
type vaderResult struct {
	neg, neu, pos, compound float64
	posWords, negWords      int // words whose lexicon valence is > 0, < 0
	words                   int
}

// polarity scores text like the reference's polarity_scores, without
// rounding. sc is overwritten.
func (m *vaderModel) polarity(text string, sc *vaderScratch) vaderResult {
	// The reference strips white space from the text before splitting
	// it; splitting alone drops the same white space, and the punctuation
	// count does not see it, so there is no need to.
	t := m.replaceEmoji(text, sc)
	toks, st := m.tokenize(t, sc)
	res := vaderResult{words: len(toks), posWords: st.pos, negWords: st.neg}
	if len(toks) == 0 {
		return res
	}
	capDiff := st.upper > 0 && st.upper < len(toks)

	// The sentiment of each word: 0 unless it is a lexicon word that is
	// not a booster nor the "kind" of "kind of".
	var acc vaderSums
	if !st.but {
		// Without "but" the sentiments are summed as they come. A word
		// without sentiment only counts as neutral: adding its 0 to the
		// sums would change nothing (they are never -0).
		for i := range toks {
			if vaderNoSentiment(toks, i) {
				acc.neu++
				continue
			}
			acc.add(vaderValence(toks, i, capDiff))
		}
	} else {
		sents := sc.sents[:0]
		for i := range toks {
			if vaderNoSentiment(toks, i) {
				sents = append(sents, 0)
				continue
			}
			sents = append(sents, vaderValence(toks, i, capDiff))
		}
		sc.sents = sents
		sc.nz = vaderButCheck(toks, sents, sc.nz[:0])
		for _, s := range sents {
			acc.add(s)
		}
	}

	sum := acc.sum
	punct := vaderPunctuation(t)
	if sum > 0 {
		sum += punct
	} else if sum < 0 {
		sum -= punct
	}
	res.compound = vaderNormalize(sum)

	posSum, negSum, neuCount := acc.pos, acc.neg, acc.neu
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

// vaderNoSentiment reports whether toks[i] has sentiment 0 whatever its
// neighbours: it is not in the lexicon, or it is a booster, or it is "kind"
// followed by "of".
func vaderNoSentiment(toks []vaderToken, i int) bool {
	tk := &toks[i]
	return !tk.w.inLex() || tk.w.isBooster() ||
		(tk.w.id == vwKind && i < len(toks)-1 && toks[i+1].w.id == vwOf)
}

// vaderSums accumulates the words' sentiments in text order, as the
// reference's sum over sentiments and its sift_sentiment_scores do.
type vaderSums struct {
	sum, pos, neg float64
	neu           int
}

func (a *vaderSums) add(s float64) {
	a.sum += s
	if s > 0 {
		a.pos += s + 1
	}
	if s < 0 {
		a.neg += s - 1
	}
	if s == 0 {
		a.neu++
	}
}

// replaceEmoji copies text into sc.text, replacing each code point found in
// the emoji table by its description. A space is put before a description
// unless the previous character was a plain space; none is put after. The
// result is followed by vaderPad spaces, beyond its length but within its
// capacity, for tokenize's 8-byte loads.
func (m *vaderModel) replaceEmoji(text string, sc *vaderScratch) []byte {
	b := append(sc.text[:0], text...)
	if !vaderASCII(b) {
		b = b[:0]
		prevSpace := true
		for i := 0; i < len(text); {
			r, size := utf8.DecodeRuneInString(text[i:])
			if r >= 0xa9 {
				if desc, ok := m.emojis[r]; ok && size > 1 {
					if !prevSpace {
						b = append(b, ' ')
					}
					b = append(b, desc...)
					prevSpace = false
					i += size
					continue
				}
			}
			b = append(b, text[i:i+size]...)
			prevSpace = r == ' '
			i += size
		}
	}
	n := len(b)
	b = append(b, vaderPadding...)
	sc.text = b
	return b[:n]
}

// vaderPadding follows the text and the current non-ASCII word in their
// scratch buffers, so that 8 bytes can be loaded from any of their
// positions.
const (
	vaderPadding = "        "
	vaderPad     = len(vaderPadding)
)

// tokenize splits t on white space, strips ASCII punctuation from both ends
// of each word unless that leaves two characters or fewer, and looks each
// lower-cased word up once. It also counts what polarity needs to know
// about the tokens as a whole. t must be followed by vaderPad spaces within
// its capacity (see replaceEmoji).
//
// ASCII is read 8 bytes at a time: one load finds the end of most words,
// and a word without non-ASCII bytes is lower-cased, classified and hashed
// in registers. A word with non-ASCII bytes goes through Python's lower()
// and isupper() (see vader_text.go) in sc.wide.
func (m *vaderModel) tokenize(t []byte, sc *vaderScratch) ([]vaderToken, vaderTokenStats) {
	var st vaderTokenStats
	toks := sc.toks[:0]
	end := len(t)
	b := t[:end+vaderPad]
	for i := 0; i < end; {
		if c := b[i]; c < utf8.RuneSelf {
			if vaderASCIISpace[c] {
				i++
				continue
			}
		} else if n := vaderNextSpace(b[i:end]); n > 0 {
			i += n
			continue
		}
		// b[i] starts a word: find its end, the first white space.
		start := i
		wide := false
		for {
			x := vaderLoad(b, i, 8)
			ev := vaderSpaceOrWide(x)
			if ev == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(ev) >> 3
			c := b[i]
			if c < utf8.RuneSelf {
				if vaderASCIISpace[c] {
					break
				}
				i++ // a control character, part of the word
				continue
			}
			if i >= end || vaderNextSpace(b[i:end]) > 0 {
				break
			}
			wide = true
			_, size := utf8.DecodeRune(b[i:end])
			i += size
		}
		a, z := start, i
		if vaderPunct[b[a]] || vaderPunct[b[z-1]] {
			for a < z && vaderPunct[b[a]] {
				a++
			}
			for z > a && vaderPunct[b[z-1]] {
				z--
			}
			if z-a <= 2 || (wide && utf8.RuneCount(b[a:z]) <= 2) {
				a, z = start, i
			}
		}
		// The token is written in place: building it in a local and
		// copying it costs more than the rest of a short word's work.
		if len(toks) == cap(toks) {
			toks = slices.Grow(toks, 1)
		}
		toks = toks[:len(toks)+1]
		tk := &toks[len(toks)-1]
		if !wide {
			m.asciiToken(tk, b, a, z-a)
		} else {
			sc.wide = vaderAppendLower(sc.wide[:0], b[a:z])
			n := len(sc.wide)
			sc.wide = append(sc.wide, vaderPadding...)
			key := sc.wide[:n]
			tk.w = *m.words.get(key)
			if vaderIsUpper(b[a:z]) {
				tk.w.flags |= vfUpper
			}
			if vaderContainsNT(key) {
				tk.w.flags |= vfNT
			}
		}
		st.count(&tk.w)
	}
	sc.toks = toks
	return toks, st
}

// vaderTokenStats are counts over the tokens of a text.
type vaderTokenStats struct {
	upper    int  // words in capitals (vfUpper)
	pos, neg int  // lexicon words of valence > 0, < 0
	but      bool // some word is "but"
}

func (st *vaderTokenStats) count(w *vaderWord) {
	if w.flags&vfUpper != 0 {
		st.upper++
	}
	if w.flags&vfLex != 0 {
		switch {
		case w.valence > 0:
			st.pos++
		case w.valence < 0:
			st.neg++
		}
	}
	if w.id == vwBut {
		st.but = true
	}
}

// asciiToken sets tk to the word b[a:a+n], which has no non-ASCII bytes
// and is followed by at least 8 readable bytes.
func (m *vaderModel) asciiToken(tk *vaderToken, b []byte, a, n int) {
	x0 := vaderLoad(b, a, n)
	up, low, apos := vaderUpperBytes(x0), vaderLowerBytes(x0), vaderHasByte(x0, '\'')
	k0, k1 := x0|up>>2, uint64(0)
	if n > 8 {
		x1 := vaderLoad(b, a+8, n-8)
		u := vaderUpperBytes(x1)
		k1 = x1 | u>>2
		up |= u
		low |= vaderLowerBytes(x1)
		apos = apos || vaderHasByte(x1, '\'')
		for j := 16; j < n; j += 8 {
			x := vaderLoad(b, a+j, n-j)
			up |= vaderUpperBytes(x)
			low |= vaderLowerBytes(x)
			apos = apos || vaderHasByte(x, '\'')
		}
	}
	var f vaderFlags
	if up != 0 && low == 0 {
		f = vfUpper
	}
	if apos && vaderContainsNTFold(b[a:a+n]) {
		f |= vfNT
	}
	tk.w = *m.words.lookup(k0, k1, n, b, a)
	tk.w.flags |= f
}

// vaderContainsNT reports whether w contains "n't", which makes any word a
// negation.
func vaderContainsNT(w []byte) bool {
	for i := 0; i+2 < len(w); i++ {
		if w[i] == 'n' && w[i+1] == '\'' && w[i+2] == 't' {
			return true
		}
	}
	return false
}

// vaderContainsNTFold is vaderContainsNT of w lower-cased (ASCII).
func vaderContainsNTFold(w []byte) bool {
	for i := 0; i+2 < len(w); i++ {
		if w[i]|0x20 == 'n' && w[i+1] == '\'' && w[i+2]|0x20 == 't' {
			return true
		}
	}
	return false
}

// vaderValence applies the rules to the lexicon word toks[i].
func vaderValence(toks []vaderToken, i int, capDiff bool) float64 {
	tk := &toks[i]
	n := len(toks)
	lex := tk.w.valence
	v := lex
	// "no" before another lexicon word is a negation, not a sentiment word.
	if tk.w.id == vwNo && i != n-1 && toks[i+1].w.inLex() {
		v = 0
	}
	if (i > 0 && toks[i-1].w.id == vwNo) || (i > 1 && toks[i-2].w.id == vwNo) ||
		(i > 2 && toks[i-3].w.id == vwNo && (toks[i-1].w.id == vwOr || toks[i-1].w.id == vwNor)) {
		v = float64(lex * vaderNegScalar)
	}
	if tk.upper() && capDiff {
		if v > 0 {
			v += vaderCapsIncr
		} else {
			v -= vaderCapsIncr
		}
	}
	for k := 0; k < 3; k++ {
		if i > k && !toks[i-k-1].w.inLex() {
			s := vaderScalar(&toks[i-k-1], v, capDiff)
			if k == 1 && s != 0 {
				s = float64(s * 0.95)
			}
			if k == 2 && s != 0 {
				s = float64(s * 0.9)
			}
			v += s
			v = vaderNegationCheck(v, toks, k, i)
			if k == 2 {
				v = vaderSpecialIdioms(v, toks, i)
			}
		}
	}
	return vaderLeastCheck(v, toks, i)
}

// vaderScalar is the booster or dampener effect of word tk on a sentiment
// word of valence v.
func vaderScalar(tk *vaderToken, v float64, capDiff bool) float64 {
	if !tk.w.isBooster() {
		return 0
	}
	s := tk.w.booster()
	if v < 0 {
		s = -s
	}
	if tk.upper() && capDiff {
		if v > 0 {
			s += vaderCapsIncr
		} else {
			s -= vaderCapsIncr
		}
	}
	return s
}

func vaderNegated(tk *vaderToken) bool { return tk.w.flags&(vfNegation|vfNT) != 0 }

func vaderSoThis(id vaderWordID) bool { return id == vwSo || id == vwThis }

// vaderNegationCheck looks k+1 words back from toks[i] for a negation, with
// the exceptions "never so/this" (which intensify) and "without doubt".
func vaderNegationCheck(v float64, toks []vaderToken, k, i int) float64 {
	switch k {
	case 0:
		if vaderNegated(&toks[i-1]) {
			v = float64(v * vaderNegScalar)
		}
	case 1:
		switch {
		case toks[i-2].w.id == vwNever && vaderSoThis(toks[i-1].w.id):
			v = float64(v * 1.25)
		case toks[i-2].w.id == vwWithout && toks[i-1].w.id == vwDoubt:
		case vaderNegated(&toks[i-2]):
			v = float64(v * vaderNegScalar)
		}
	case 2:
		// As in the reference, "so" or "this" right before the word
		// intensifies here even without a "never".
		switch {
		case (toks[i-3].w.id == vwNever && vaderSoThis(toks[i-2].w.id)) || vaderSoThis(toks[i-1].w.id):
			v = float64(v * 1.25)
		case toks[i-3].w.id == vwWithout && (toks[i-2].w.id == vwDoubt || toks[i-1].w.id == vwDoubt):
		case vaderNegated(&toks[i-3]):
			v = float64(v * vaderNegScalar)
		}
	}
	return v
}

// vaderCases2 and vaderCases3 index the two- and three-word cases of
// vaderSpecialCases by their first two words: 1 + the case's index, or 0.
var vaderCases2, vaderCases3 = func() (c2, c3 [vwCount][vwCount]uint8) {
	for k, c := range vaderSpecialCases {
		t := &c2
		if c.n == 3 {
			t = &c3
		}
		if t[c.words[0]][c.words[1]] != 0 {
			panic("vader: two special cases start with the same two words")
		}
		t[c.words[0]][c.words[1]] = uint8(k + 1)
	}
	return c2, c3
}()

// vaderCase2 returns the valence of the two-word special case a b.
func vaderCase2(a, b vaderWordID) (float64, bool) {
	if k := vaderCases2[a][b]; k != 0 {
		return vaderSpecialCases[k-1].valence, true
	}
	return 0, false
}

// vaderCase3 returns the valence of the three-word special case a b c.
func vaderCase3(a, b, c vaderWordID) (float64, bool) {
	if k := vaderCases3[a][b]; k != 0 && vaderSpecialCases[k-1].words[2] == c {
		return vaderSpecialCases[k-1].valence, true
	}
	return 0, false
}

// vaderSpecialIdioms replaces v by the valence of an idiom around toks[i]
// (i >= 3) and applies the two-word dampeners "kind of", "sort of" and "just
// enough" when they precede the word.
func vaderSpecialIdioms(v float64, toks []vaderToken, i int) float64 {
	a, b, c, d := toks[i-3].w.id, toks[i-2].w.id, toks[i-1].w.id, toks[i].w.id
	// The sequences ending at or before the word, in the reference's
	// order: the first that is a case wins.
	if x, ok := vaderCase2(c, d); ok {
		v = x
	} else if x, ok := vaderCase3(b, c, d); ok {
		v = x
	} else if x, ok := vaderCase2(b, c); ok {
		v = x
	} else if x, ok := vaderCase3(a, b, c); ok {
		v = x
	} else if x, ok := vaderCase2(a, b); ok {
		v = x
	}
	// Then those starting at the word, each replacing the last.
	if len(toks)-1 > i {
		if x, ok := vaderCase2(d, toks[i+1].w.id); ok {
			v = x
		}
	}
	if len(toks)-1 > i+1 {
		if x, ok := vaderCase3(d, toks[i+1].w.id, toks[i+2].w.id); ok {
			v = x
		}
	}
	if vaderDampenerPair(a, b) {
		v += vaderBoostDecr
	}
	if vaderDampenerPair(b, c) {
		v += vaderBoostDecr
	}
	return v
}

func vaderDampenerPair(a, b vaderWordID) bool {
	return (a == vwKind || a == vwSort) && b == vwOf || a == vwJust && b == vwEnough
}

// vaderLeastCheck negates a word after "least", unless "at least" or
// "very least".
func vaderLeastCheck(v float64, toks []vaderToken, i int) float64 {
	if i > 0 && !toks[i-1].w.inLex() && toks[i-1].w.id == vwLeast {
		if i == 1 || (toks[i-2].w.id != vwAt && toks[i-2].w.id != vwVery) {
			v = float64(v * vaderNegScalar)
		}
	}
	return v
}

// vaderButCheck halves the sentiments before the first "but" and raises
// those after it by half. It reproduces the reference exactly, including
// its quirk: each element is located by value (the first equal element is
// the one changed), so repeated values are scaled at their first position,
// possibly more than once. nz is scratch space; it is returned for reuse.
func vaderButCheck(toks []vaderToken, s []float64, nz []int) []int {
	bi := -1
	for i := range toks {
		if toks[i].w.id == vwBut {
			bi = i
			break
		}
	}
	if bi < 0 {
		return nz
	}
	// Zeros stay zero when scaled, so the first zero is tracked directly;
	// nonzero values are searched among the nonzero positions only, which
	// is quadratic in their number: long texts take another way.
	firstZero := len(s)
	for i, v := range s {
		if v == 0 {
			if firstZero == len(s) {
				firstZero = i
			}
		} else {
			nz = append(nz, i)
		}
	}
	if len(nz) > vaderButLinearMax {
		vaderButCheckLarge(s, bi)
		return nz
	}
	for k := range s {
		v := s[k]
		j := firstZero
		if v != 0 {
			for _, p := range nz {
				if s[p] == v {
					j = p
					break
				}
			}
		}
		switch {
		case j < bi:
			s[j] = float64(v * 0.5)
		case j > bi:
			s[j] = float64(v * 1.5)
		}
		if s[j] == 0 && j < firstZero {
			firstZero = j
		}
	}
	return nz
}

// vaderButLinearMax is the number of sentiment words up to which
// vaderButCheck searches by linear scan.
const vaderButLinearMax = 64

// vaderButCheckLarge does vaderButCheck's loop (after bi is found) in
// O(n log n): the positions holding each value are kept in a min-heap, so
// the first position of a value is the top of its heap. It allocates.
func vaderButCheckLarge(s []float64, bi int) {
	heaps := make(map[float64][]int)
	for i, v := range s {
		heaps[v] = append(heaps[v], i) // ascending, so already a heap
	}
	for k := range s {
		v := s[k]
		h := heaps[v]
		j := h[0]
		var w float64
		switch {
		case j < bi:
			w = float64(v * 0.5)
		case j > bi:
			w = float64(v * 1.5)
		default:
			continue
		}
		s[j] = w
		if w == v { // zeros stay zero: the same heap
			continue
		}
		heaps[v] = vaderHeapPop(h)
		heaps[w] = vaderHeapPush(heaps[w], j)
	}
}

// vaderHeapPush adds x to the min-heap h.
func vaderHeapPush(h []int, x int) []int {
	h = append(h, x)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[p] <= h[i] {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	return h
}

// vaderHeapPop removes the minimum of the min-heap h.
func vaderHeapPop(h []int) []int {
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < n && h[l] < h[m] {
			m = l
		}
		if r := l + 1; r < n && h[r] < h[m] {
			m = r
		}
		if m == i {
			return h
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// vaderPunctuation is the emphasis added by '!' (up to 4) and '?' (2 or more).
func vaderPunctuation(t []byte) float64 {
	ep := min(bytes.Count(t, []byte("!")), 4)
	qm := bytes.Count(t, []byte("?"))
	amp := float64(float64(ep) * vaderExclaimIncr)
	if qm > 1 {
		if qm <= 3 {
			amp += float64(float64(qm) * vaderQuestIncr)
		} else {
			amp += vaderQuestMax
		}
	}
	return amp
}

// vaderNormalize maps a sum of valences into [-1, 1].
func vaderNormalize(score float64) float64 {
	n := score / math.Sqrt(float64(score*score)+vaderAlpha)
	switch {
	case n < -1:
		return -1
	case n > 1:
		return 1
	}
	return n
}

// vaderRound rounds x to n (0 <= n <= 15) decimals exactly as Python's
// round(x, n) does: to the nearest multiple of 10^-n of x's exact binary
// value, ties to even, then to the nearest float64 (a zero keeps the sign
// of x). The integer k of k*10^-n is found from x*10^n and the exact error
// of that product (an FMA), so exact halves are told from near-halves; the
// final k/10^n is one correctly rounded division of exact operands.
func vaderRound(x float64, n int) float64 {
	m := vaderPow10[n]
	p := x * m
	if !(math.Abs(p) < 1<<52) {
		return vaderRoundString(x, n)
	}
	e := math.FMA(x, m, -p) // x*m == p+e exactly
	k := math.Round(p)      // ties away from zero
	switch d := p - k; {    // exact, and |d| <= 0.5
	case d == 0.5 && (e > 0 || e == 0 && math.Mod(k, 2) != 0):
		k++
	case d == -0.5 && (e < 0 || e == 0 && math.Mod(k, 2) != 0):
		k--
	}
	if k == 0 {
		return math.Copysign(0, x)
	}
	return k / m
}

var vaderPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// vaderRoundString is vaderRound by way of the shortest decimal string,
// for magnitudes where x*10^n is not far below 2^53.
func vaderRoundString(x float64, n int) float64 {
	var buf [32]byte
	b := strconv.AppendFloat(buf[:0], x, 'f', n, 64)
	r, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return x
	}
	return r
}
