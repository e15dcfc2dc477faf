package stages

import (
	"bytes"
	"math"
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
// looked up once per token.
type vaderWord struct {
	valence   float64 // lexicon valence, when inLex
	booster   float64 // booster scalar, when isBooster
	inLex     bool
	isBooster bool
	negation  bool // one of vaderNegations
	id        vaderWordID
}

// vaderModel is an immutable scorer: the effective lexicon merged with the
// rule words, and the emoji table. Safe for concurrent use.
type vaderModel struct {
	words  vaderTable
	emojis map[rune]string
}

func newVaderModel(lexicon map[string]float64, emojis map[rune]string) *vaderModel {
	words := make(map[string]vaderWord, len(lexicon)+len(vaderBoosters)+len(vaderNegations)+len(vaderWordIDs))
	for k, v := range lexicon {
		w := words[k]
		w.valence, w.inLex = v, true
		words[k] = w
	}
	for k, v := range vaderBoosters {
		w := words[k]
		w.booster, w.isBooster = v, true
		words[k] = w
	}
	for _, k := range vaderNegations {
		w := words[k]
		w.negation = true
		words[k] = w
	}
	for k, id := range vaderWordIDs {
		w := words[k]
		w.id = id
		words[k] = w
	}
	return &vaderModel{words: newVaderTable(words), emojis: emojis}
}

// vaderTable is a read-only open-addressing hash table from lower-cased word
// to vaderWord. With short keys and most lookups missing, it is a good deal
// faster than a Go map: a miss usually ends at the first, empty, slot.
type vaderTable struct {
	slots   []vaderSlot // power-of-two length, at most 1/4 full
	entries []vaderEntry
	keys    []byte // all keys, end to end
}

// vaderSlot is one slot: tag 0 means empty.
type vaderSlot struct {
	tag uint32 // high half of the key's hash, with the low bit set
	idx uint32 // into entries
}

type vaderEntry struct {
	w      vaderWord
	off, n uint32 // the key is keys[off : off+n]
}

// vaderHash is 64-bit FNV-1a with a final mix, good enough to spread short
// words over the slots.
func vaderHash(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h ^ h>>29
}

func newVaderTable(words map[string]vaderWord) vaderTable {
	size := 16
	for size < 4*len(words) {
		size *= 2
	}
	t := vaderTable{slots: make([]vaderSlot, size), entries: make([]vaderEntry, 0, len(words))}
	mask := uint64(size - 1)
	for k, w := range words {
		h := vaderHash([]byte(k))
		i := h & mask
		for t.slots[i].tag != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = vaderSlot{tag: uint32(h>>32) | 1, idx: uint32(len(t.entries))}
		t.entries = append(t.entries, vaderEntry{w: w, off: uint32(len(t.keys)), n: uint32(len(k))})
		t.keys = append(t.keys, k...)
	}
	return t
}

// get returns the word's entry, or the zero vaderWord when it has none.
func (t *vaderTable) get(key []byte) vaderWord {
	h := vaderHash(key)
	tag := uint32(h>>32) | 1
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s.tag == 0 {
			return vaderWord{}
		}
		if s.tag == tag {
			e := &t.entries[s.idx]
			if int(e.n) == len(key) && string(t.keys[e.off:e.off+e.n]) == string(key) {
				return e.w
			}
		}
	}
}

// vaderToken is one word of the text being scored.
type vaderToken struct {
	w     vaderWord
	upper bool // Python's isupper() of the word as written
	nt    bool // the lower-cased word contains "n't"
}

// vaderScratch is the per-call working memory, reused through a pool so
// that scoring does not allocate in the steady state.
type vaderScratch struct {
	text  []byte
	lower []byte // lower-cased ASCII words, at their offsets in text
	wide  []byte // the current non-ASCII word, lower-cased
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
	t := m.replaceEmoji(text, sc)
	t = vaderTrimSpace(t)
	toks := m.tokenize(t, sc)
	var res vaderResult
	res.words = len(toks)
	if len(toks) == 0 {
		return res
	}
	upper := 0
	for i := range toks {
		if toks[i].upper {
			upper++
		}
		if toks[i].w.inLex {
			switch v := toks[i].w.valence; {
			case v > 0:
				res.posWords++
			case v < 0:
				res.negWords++
			}
		}
	}
	capDiff := upper > 0 && upper < len(toks)

	sents := sc.sents[:0]
	for i := range toks {
		tk := &toks[i]
		switch {
		case tk.w.isBooster:
			sents = append(sents, 0)
		case i < len(toks)-1 && tk.w.id == vwKind && toks[i+1].w.id == vwOf:
			sents = append(sents, 0)
		case !tk.w.inLex:
			sents = append(sents, 0)
		default:
			sents = append(sents, vaderValence(toks, i, capDiff))
		}
	}
	sc.sents = sents
	sc.nz = vaderButCheck(toks, sents, sc.nz[:0])

	sum := 0.0
	for _, s := range sents {
		sum += s
	}
	punct := vaderPunctuation(t)
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

// replaceEmoji copies text into sc.text, replacing each code point found in
// the emoji table by its description. A space is put before a description
// unless the previous character was a plain space; none is put after.
func (m *vaderModel) replaceEmoji(text string, sc *vaderScratch) []byte {
	b := append(sc.text[:0], text...)
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
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
	sc.text = b
	return b
}

// tokenize splits t on white space, strips ASCII punctuation from both ends
// of each word unless that leaves two characters or fewer, and looks each
// lower-cased word up once. ASCII words are lower-cased in the same pass
// that finds their end, into sc.lower at the same offsets as in t.
func (m *vaderModel) tokenize(t []byte, sc *vaderScratch) []vaderToken {
	toks := sc.toks[:0]
	if cap(sc.lower) < len(t) {
		sc.lower = make([]byte, len(t)+len(t)/2)
	}
	low := sc.lower[:len(t)]
	for i := 0; i < len(t); {
		if c := t[i]; c < utf8.RuneSelf {
			if vaderClass[c]&vcSpace != 0 {
				i++
				continue
			}
		} else if n := vaderNextSpace(t[i:]); n > 0 {
			i += n
			continue
		}
		start := i
		var cls uint8
		for i < len(t) {
			c := t[i]
			if c < utf8.RuneSelf {
				k := vaderClass[c]
				if k&vcSpace != 0 {
					break
				}
				cls |= k
				low[i] = vaderLowerASCII[c]
				i++
				continue
			}
			if vaderNextSpace(t[i:]) > 0 {
				break
			}
			cls |= vcWide
			_, size := utf8.DecodeRune(t[i:])
			i += size
		}
		a, b := start, i
		if cls&vcPunct != 0 {
			for a < b && vaderPunct[t[a]] {
				a++
			}
			for b > a && vaderPunct[t[b-1]] {
				b--
			}
			if b-a <= 2 || (cls&vcWide != 0 && utf8.RuneCount(t[a:b]) <= 2) {
				a, b = start, i
			}
		}
		var tk vaderToken
		var key []byte
		if cls&vcWide == 0 {
			key = low[a:b]
			// Punctuation has no case, so the flags of the whole word
			// are those of the stripped word.
			tk.upper = cls&vcUpper != 0 && cls&vcLower == 0
			tk.nt = cls&vcApos != 0 && vaderContainsNT(key)
		} else {
			sc.wide = vaderAppendLower(sc.wide[:0], t[a:b])
			key = sc.wide
			tk.upper = vaderIsUpper(t[a:b])
			tk.nt = vaderContainsNT(key)
		}
		tk.w = m.words.get(key)
		toks = append(toks, tk)
	}
	sc.toks = toks
	return toks
}

// Classes of ASCII bytes, for tokenize.
const (
	vcSpace = 1 << iota
	vcPunct
	vcUpper
	vcLower
	vcApos
	vcWide // not a class of a byte: the word has non-ASCII characters
)

var vaderClass, vaderLowerASCII = func() (cls, low [utf8.RuneSelf]uint8) {
	for c := range utf8.RuneSelf {
		low[c] = uint8(c)
		switch {
		case vaderASCIISpace[c]:
			cls[c] = vcSpace
		case vaderPunct[c]:
			cls[c] = vcPunct
		case 'A' <= c && c <= 'Z':
			cls[c] = vcUpper
			low[c] = uint8(c + 'a' - 'A')
		case 'a' <= c && c <= 'z':
			cls[c] = vcLower
		}
	}
	cls['\''] |= vcApos
	return cls, low
}()

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

// vaderValence applies the rules to the lexicon word toks[i].
func vaderValence(toks []vaderToken, i int, capDiff bool) float64 {
	tk := &toks[i]
	n := len(toks)
	lex := tk.w.valence
	v := lex
	// "no" before another lexicon word is a negation, not a sentiment word.
	if tk.w.id == vwNo && i != n-1 && toks[i+1].w.inLex {
		v = 0
	}
	if (i > 0 && toks[i-1].w.id == vwNo) || (i > 1 && toks[i-2].w.id == vwNo) ||
		(i > 2 && toks[i-3].w.id == vwNo && (toks[i-1].w.id == vwOr || toks[i-1].w.id == vwNor)) {
		v = float64(lex * vaderNegScalar)
	}
	if tk.upper && capDiff {
		if v > 0 {
			v += vaderCapsIncr
		} else {
			v -= vaderCapsIncr
		}
	}
	for k := 0; k < 3; k++ {
		if i > k && !toks[i-k-1].w.inLex {
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
	if !tk.w.isBooster {
		return 0
	}
	s := tk.w.booster
	if v < 0 {
		s = -s
	}
	if tk.upper && capDiff {
		if v > 0 {
			s += vaderCapsIncr
		} else {
			s -= vaderCapsIncr
		}
	}
	return s
}

func vaderNegated(tk *vaderToken) bool { return tk.w.negation || tk.nt }

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

// vaderMatchCase returns the valence of the special case spelled by ids.
func vaderMatchCase(ids [3]vaderWordID, n int) (float64, bool) {
	for _, c := range vaderSpecialCases {
		if c.n == n && c.words == ids {
			return c.valence, true
		}
	}
	return 0, false
}

// vaderSpecialIdioms replaces v by the valence of an idiom around toks[i]
// (i >= 3) and applies the two-word dampeners "kind of", "sort of" and "just
// enough" when they precede the word.
func vaderSpecialIdioms(v float64, toks []vaderToken, i int) float64 {
	id := func(j int) vaderWordID { return toks[j].w.id }
	seqs := [...]struct {
		ids [3]vaderWordID
		n   int
	}{
		{[3]vaderWordID{id(i - 1), id(i)}, 2},
		{[3]vaderWordID{id(i - 2), id(i - 1), id(i)}, 3},
		{[3]vaderWordID{id(i - 2), id(i - 1)}, 2},
		{[3]vaderWordID{id(i - 3), id(i - 2), id(i - 1)}, 3},
		{[3]vaderWordID{id(i - 3), id(i - 2)}, 2},
	}
	for _, s := range seqs {
		if c, ok := vaderMatchCase(s.ids, s.n); ok {
			v = c
			break
		}
	}
	if len(toks)-1 > i {
		if c, ok := vaderMatchCase([3]vaderWordID{id(i), id(i + 1)}, 2); ok {
			v = c
		}
	}
	if len(toks)-1 > i+1 {
		if c, ok := vaderMatchCase([3]vaderWordID{id(i), id(i + 1), id(i + 2)}, 3); ok {
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

func vaderDampenerPair(a, b vaderWordID) bool {
	return (a == vwKind || a == vwSort) && b == vwOf || a == vwJust && b == vwEnough
}

// vaderLeastCheck negates a word after "least", unless "at least" or
// "very least".
func vaderLeastCheck(v float64, toks []vaderToken, i int) float64 {
	if i > 0 && !toks[i-1].w.inLex && toks[i-1].w.id == vwLeast {
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
