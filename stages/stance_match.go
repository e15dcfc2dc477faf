package stages

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// stToken is one word (a maximal run of letters, digits and combining marks)
// or one punctuation character of a sentence. Offsets are bytes into the
// sentence text.
type stToken struct {
	start, end int32
	word       bool
	spaceAfter bool  // whitespace (or the end of text) follows
	info       int32 // index into the word table + 1, 0 when unknown
	inQuote    bool  // inside a quotation
	inMention  bool  // part of an actor mention
	root       int32 // the surface trie's child of the root for this token, 0 when none
}

func stIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// stASCIIClass classifies ASCII bytes for the tokenizer: 1 word, 2 space.
var stASCIIClass = func() (c [128]uint8) {
	for b := 0; b < 128; b++ {
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
			c[b] = 1
		case b == ' ', b == '\t', b == '\n', b == '\r', b == '\v', b == '\f':
			c[b] = 2
		}
	}
	return c
}()

// stTokenize appends the tokens of s to dst. Whitespace separates tokens and
// is not one; every other non-word character is a token of its own.
func stTokenize(s string, dst []stToken) []stToken {
	dst = dst[:0]
	i := 0
	for i < len(s) {
		var r rune
		n := 1
		class := uint8(0)
		if c := s[i]; c < utf8.RuneSelf {
			class = stASCIIClass[c]
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
			switch {
			case unicode.IsSpace(r):
				class = 2
			case stIsWordRune(r):
				class = 1
			}
		}
		switch class {
		case 2:
			if len(dst) > 0 {
				dst[len(dst)-1].spaceAfter = true
			}
			i += n
		case 1:
			j := i + n
			for j < len(s) {
				if c := s[j]; c < utf8.RuneSelf {
					if stASCIIClass[c] != 1 {
						break
					}
					j++
					continue
				}
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !stIsWordRune(r2) {
					break
				}
				j += n2
			}
			dst = append(dst, stToken{start: int32(i), end: int32(j), word: true})
			i = j
		default:
			dst = append(dst, stToken{start: int32(i), end: int32(i + n)})
			i += n
		}
	}
	if len(dst) > 0 {
		dst[len(dst)-1].spaceAfter = true
	}
	return dst
}

// stTrie is a token trie: each edge is one token's exact text. Node 0 is the
// root. Matching walks it once from each token, so the cost of a sentence
// depends on its length and the depth of the matches, not on the number of
// surfaces.
type stTrie struct {
	next []map[string]int32
	hits [][]stTrieHit
	// first marks the first bytes of the root's keys, to skip lookups.
	first [256]bool
	// roots lists the root's keys (for small tries, a cheaper test than
	// the map).
	roots []string
}

type stTrieHit struct {
	actor     int32
	adjective bool
}

func stNewTrie() *stTrie {
	return &stTrie{next: []map[string]int32{nil}, hits: [][]stTrieHit{nil}}
}

func (t *stTrie) insert(keys []string, h stTrieHit) {
	n := int32(0)
	if len(keys) > 0 && keys[0] != "" {
		t.first[keys[0][0]] = true
		if !slices.Contains(t.roots, keys[0]) {
			t.roots = append(t.roots, keys[0])
		}
	}
	for _, k := range keys {
		m := t.next[n]
		if m == nil {
			m = map[string]int32{}
			t.next[n] = m
		}
		c, ok := m[k]
		if !ok {
			c = int32(len(t.next))
			t.next = append(t.next, nil)
			t.hits = append(t.hits, nil)
			m[k] = c
		}
		n = c
	}
	for _, x := range t.hits[n] {
		if x == h {
			return
		}
	}
	t.hits[n] = append(t.hits[n], h)
}

func (t *stTrie) child(n int32, k string) (int32, bool) {
	m := t.next[n]
	if m == nil {
		return 0, false
	}
	c, ok := m[k]
	return c, ok
}

// stTokenTexts splits a surface into its token strings.
func stTokenTexts(s string) []string {
	toks := stTokenize(s, nil)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = s[t.start:t.end]
	}
	return out
}

// stCompiledActor is an [Actor] ready for matching.
type stCompiledActor struct {
	Actor
	periods []stPeriod
	person  bool
}

// campAt returns the actor's camp for a document dated d (zero: unknown).
func (a *stCompiledActor) campAt(d time.Time) string {
	if len(a.periods) == 0 || d.IsZero() {
		return a.Camp
	}
	for _, p := range a.periods {
		if p.contains(d) {
			return a.Camp
		}
	}
	return OtherCamp
}

// stMatcher finds actor mentions in a sentence. It is immutable after
// construction and safe for concurrent use.
type stMatcher struct {
	// words maps a token's exact text to its word classes and its child of
	// the surface trie's root: one lookup per token serves both. It is an
	// open-addressing table (FNV-1a, linear probing, load <= 1/4), cheaper
	// than a map for the short, mostly absent words of a sentence.
	words      []stSlot
	wordsMask  uint32
	actors     []stCompiledActor
	surfaces   *stTrie // surfaces and adjectives
	titles     *stTrie // title words, reversed token order
	stateNouns map[string]bool
}

func stNewMatcher(l *ActorLexicon) *stMatcher {
	m := &stMatcher{surfaces: stNewTrie(), titles: stNewTrie(), stateNouns: map[string]bool{}}
	for i, a := range l.Actors {
		ps, _ := stParseTerms(a.Terms) // validated before
		m.actors = append(m.actors, stCompiledActor{Actor: a, periods: ps, person: a.Kind == "person"})
		for _, s := range a.Surfaces {
			for _, k := range stSurfaceKeys(s) {
				m.surfaces.insert(stTokenTexts(k), stTrieHit{actor: int32(i)})
			}
		}
		for _, s := range a.Adjectives {
			for _, k := range stSurfaceKeys(s) {
				m.surfaces.insert(stTokenTexts(k), stTrieHit{actor: int32(i), adjective: true})
			}
		}
	}
	for _, t := range l.Titles {
		for _, k := range stSurfaceKeys(t) {
			toks := stTokenTexts(k)
			for i, j := 0, len(toks)-1; i < j; i, j = i+1, j-1 {
				toks[i], toks[j] = toks[j], toks[i]
			}
			m.titles.insert(toks, stTrieHit{actor: -1})
		}
	}
	for _, n := range l.StateNouns {
		m.stateNouns[strings.ToLower(n)] = true
	}
	words := map[string]stLexEntry{}
	for w, info := range stStanceWords {
		for _, k := range stSurfaceKeys(w) {
			e := words[k]
			e.info |= info
			words[k] = e
		}
	}
	for k, c := range m.surfaces.next[0] {
		e := words[k]
		e.root = c
		words[k] = e
	}
	size := 1
	for size < 4*len(words) {
		size <<= 1
	}
	m.words, m.wordsMask = make([]stSlot, size), uint32(size-1)
	for k, e := range words {
		h := stFNV(k) & m.wordsMask
		for m.words[h].key != "" {
			h = (h + 1) & m.wordsMask
		}
		m.words[h] = stSlot{key: k, e: e}
	}
	return m
}

// stSlot is one entry of the matcher's word table; an empty key is free.
type stSlot struct {
	key string
	e   stLexEntry
}

// stFNV is the 32-bit FNV-1a hash of w.
func stFNV(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h
}

// lookup returns the table entry of the exact word w.
func (m *stMatcher) lookup(w string) (stLexEntry, bool) {
	for h := stFNV(w) & m.wordsMask; ; h = (h + 1) & m.wordsMask {
		sl := &m.words[h]
		if sl.key == "" {
			return stLexEntry{}, false
		}
		if sl.key == w {
			return sl.e, true
		}
	}
}

// stLexEntry is what one lookup tells about a token.
type stLexEntry struct {
	info stWordInfo
	root int32
}

// classify fills the word classes and trie roots of a sentence's tokens.
// Words not found as written are looked up in lower case when they have an
// upper-case letter after the first ("SAID", "NATO-led" parts).
func (m *stMatcher) classify(s string, toks []stToken) {
	for k := range toks {
		t := &toks[k]
		if !t.word {
			continue
		}
		w := s[t.start:t.end]
		e, ok := m.lookup(w)
		if !ok && len(w) > 1 && stHasUpperAfterFirst(w) {
			var buf [64]byte
			l, _ := m.lookup(string(stAppendLower(buf[:0], w)))
			e.info = l.info
		}
		t.info = int32(e.info)
		t.root = e.root
	}
}

func stHasUpperAfterFirst(w string) bool {
	for i := 1; i < len(w); i++ {
		if c := w[i]; 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// stRawMention is a mention found in one sentence; offsets are token indexes
// (end exclusive) and bytes into the sentence.
type stRawMention struct {
	actor      int32
	camp       string
	tokStart   int32
	tokEnd     int32
	start, end int32 // bytes, including a leading title
	headTok    int32 // first token of the surface itself (after any title)
}

// match appends the mentions of sentence s (already tokenized into toks) to
// dst, longest match first, left to right, without overlaps.
func (m *stMatcher) match(s string, toks []stToken, date time.Time, sc *stScratch, dst []stRawMention) []stRawMention {
	cands := sc.cands[:0]
	floor := int32(0) // a title may not reach into the previous mention
	for i := 0; i < len(toks); {
		if toks[i].root == 0 || (i > 0 && stIsNameJoin(s, toks, i-1)) {
			i++
			continue
		}
		cands = cands[:0]
		n := int32(0)
		for j := i; j < len(toks); j++ {
			if j > i && toks[j-1].spaceAfter && !toks[j].word && !stIsOpenPunct(s, toks[j]) {
				// "U.S ." is not "U.S."; a surface's inner punctuation is tight.
				break
			}
			c, ok := toks[j].root, true
			if j > i {
				c, ok = m.surfaces.child(n, s[toks[j].start:toks[j].end])
			}
			if !ok {
				break
			}
			n = c
			if len(m.surfaces.hits[n]) > 0 {
				cands = append(cands, stCandRef{end: int32(j + 1), node: n})
			}
		}
		accepted := false
		for k := len(cands) - 1; k >= 0 && !accepted; k-- {
			c := cands[k]
			if rm, ok := m.accept(s, toks, int32(i), c.end, m.surfaces.hits[c.node], date, floor); ok {
				dst = append(dst, rm)
				i = int(rm.tokEnd)
				floor = rm.tokEnd
				accepted = true
			}
		}
		if !accepted {
			i++
		}
	}
	sc.cands = cands
	return dst
}

type stCandRef struct {
	end  int32
	node int32
}

// stIsNameJoin reports whether token i is glued punctuation that joins the
// previous word to the next one in a way that makes the next word part of a
// larger word ("pro-Russian", "o'Ukraine" -> no match for the second part
// when the joiner is an apostrophe).
func stIsNameJoin(s string, toks []stToken, i int) bool {
	t := toks[i]
	if t.word || t.spaceAfter || i == 0 || toks[i-1].spaceAfter || !toks[i-1].word {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[t.start:])
	return r == '\'' || r == '’'
}

func stIsOpenPunct(s string, t stToken) bool {
	r, _ := utf8.DecodeRuneInString(s[t.start:])
	return r == '(' || r == '"' || r == '“'
}

// accept decides whether the surface toks[i:end] with the given hits is a
// mention here, applying the adjective, metonym and name rules, and picks the
// actor whose term covers date.
func (m *stMatcher) accept(s string, toks []stToken, i, end int32, hits []stTrieHit, date time.Time, floor int32) (stRawMention, bool) {
	var best *stTrieHit
	bestCamp := ""
	for k := range hits {
		h := &hits[k]
		a := &m.actors[h.actor]
		if h.adjective {
			continue
		}
		camp := a.campAt(date)
		if best == nil || (bestCamp == OtherCamp && camp != OtherCamp) {
			best, bestCamp = h, camp
		}
	}
	rm := stRawMention{tokStart: i, tokEnd: end, headTok: i}
	if best != nil {
		a := &m.actors[best.actor]
		if a.Metonym && !m.metonymOK(s, toks, i, end) {
			best = nil
		} else if a.Kind == "country" && stInNonStateName(s, toks, i) {
			best = nil
		}
	}
	if best == nil {
		// An adjective: only before a state noun, possibly after up to two
		// modifier words; the mention runs to the noun.
		for k := range hits {
			h := &hits[k]
			if !h.adjective {
				continue
			}
			if nounEnd, ok := m.stateNounAfter(s, toks, i, end); ok {
				best, bestCamp = h, m.actors[h.actor].campAt(date)
				rm.tokEnd = nounEnd
				break
			}
		}
	}
	if best == nil {
		return stRawMention{}, false
	}
	rm.actor = best.actor
	rm.camp = bestCamp
	// A title word right before the surface belongs to the mention.
	if m.actors[best.actor].person {
		if ts := m.titleBefore(s, toks, i, floor); ts < i {
			rm.tokStart = ts
		}
	}
	rm.start = toks[rm.tokStart].start
	rm.end = toks[rm.tokEnd-1].end
	return rm, true
}

// matchAliases adds the mentions of a publisher's aliases (trie t) to raw
// where no mention is yet, keeping raw in token order.
func (m *stMatcher) matchAliases(s string, toks []stToken, t *stTrie, date time.Time, raw []stRawMention) []stRawMention {
	n0 := len(raw)
	next := 0 // the first mention (of the main pass) not yet left behind
	for i := 0; i < len(toks); i++ {
		for next < n0 && int(raw[next].tokEnd) <= i {
			next++
		}
		if !toks[i].word || !t.first[s[toks[i].start]] || next < n0 && int(raw[next].tokStart) <= i ||
			len(t.roots) <= 8 && !slices.Contains(t.roots, s[toks[i].start:toks[i].end]) {
			continue
		}
		limit := len(toks)
		if next < n0 {
			limit = int(raw[next].tokStart)
		}
		n, end := int32(0), -1
		var hit stTrieHit
		for j := i; j < limit; j++ {
			c, ok := t.child(n, s[toks[j].start:toks[j].end])
			if !ok {
				break
			}
			n = c
			if len(t.hits[n]) > 0 {
				end, hit = j+1, t.hits[n][0]
			}
		}
		if end < 0 {
			continue
		}
		raw = append(raw, stRawMention{
			actor: hit.actor, camp: m.actors[hit.actor].campAt(date),
			tokStart: int32(i), tokEnd: int32(end), headTok: int32(i),
			start: toks[i].start, end: toks[end-1].end,
		})
		i = end - 1
	}
	if len(raw) > n0 {
		slices.SortFunc(raw, func(a, b stRawMention) int { return int(a.tokStart - b.tokStart) })
	}
	return raw
}

// stPossessiveAt reports whether toks[j:] starts with a glued 's, ’s, ' or ’.
func stPossessiveAt(s string, toks []stToken, j int) bool {
	if j <= 0 || j >= len(toks) || toks[j-1].spaceAfter || toks[j].word {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[toks[j].start:])
	return r == '\'' || r == '’'
}

// stAfterPossessive returns the index of the first token after the surface
// ending at end and any possessive suffix.
func stAfterPossessive(s string, toks []stToken, end int) int {
	if stPossessiveAt(s, toks, end) {
		end++
		if end < len(toks) && toks[end].word && !toks[end-1].spaceAfter && s[toks[end].start:toks[end].end] == "s" {
			end++
		}
	}
	return end
}

// titleBefore returns the first token of the longest title that ends right
// before token i, or i when none does.
func (m *stMatcher) titleBefore(s string, toks []stToken, i, floor int32) int32 {
	best := i
	n := int32(0)
	for j := i - 1; j >= floor; j-- {
		c, ok := m.titles.child(n, s[toks[j].start:toks[j].end])
		if !ok {
			break
		}
		n = c
		if len(m.titles.hits[n]) > 0 {
			best = j
		}
	}
	return best
}

// stateNounAfter reports whether a state noun follows the adjective ending at
// end, after at most two modifier words (a hyphenated word counts as one),
// and returns the token index just past the noun. An adjective glued to a
// hyphen on either side ("pro-Russian", "Russian-backed") is not the state.
func (m *stMatcher) stateNounAfter(s string, toks []stToken, i, end int32) (int32, bool) {
	if end < int32(len(toks)) && !toks[end-1].spaceAfter && !toks[end].word {
		return 0, false
	}
	if i > 0 && !toks[i-1].spaceAfter && !toks[i-1].word {
		if r, _ := utf8.DecodeRuneInString(s[toks[i-1].start:]); r == '-' {
			return 0, false
		}
	}
	j := int(end)
	for words := 0; words < 3 && j < len(toks); words++ {
		if !toks[j].word {
			return 0, false
		}
		// the word, with glued hyphen parts
		k := j
		for k+2 < len(toks) && !toks[k].spaceAfter && !toks[k+1].word && s[toks[k+1].start:toks[k+1].end] == "-" && toks[k+2].word && !toks[k+1].spaceAfter {
			k += 2
		}
		if k == j && stInSet(m.stateNouns, s, toks[j]) {
			return int32(j + 1), true
		}
		j = k + 1
	}
	return 0, false
}

// stPlaceNouns are nouns that make a capital a place when they follow its
// possessive or precede "of" it ("Moscow's streets", "the outskirts of Kyiv").
var stPlaceNouns = stWordSet(`streets street residents resident mayor metro subway suburbs suburb outskirts
	centre center city park parks airport airports region districts district neighbourhood
	neighbourhoods neighborhood neighborhoods skyline population citizens hospitals hospital schools
	university universities theatre theatres theater railway station stations square river
	north south east west northeast northwest southeast southwest heart edge outside inhabitants
	people streets buildings apartment apartments blocks skies sky air restaurants cafes museum museums
	zoo concert concerts cathedral churches church bars shops market markets marathon football club
	clubs team teams`)

// stLocativeBefore are words that make a following capital a location.
var stLocativeBefore = stWordSet(`in at near outside around across inside into within throughout via
	arrived arriving landed visited visiting visit visits trip trips travelled traveled flew fled
	returned toured`)

// stPlaceAfter are words that make a capital right before them a place
// ("Kyiv region", "Moscow time").
var stPlaceAfter = stWordSet(`region oblast city time metro province governorate`)

var stMovementBeforeTo = stWordSet(`trip trips visit visits travel travelled traveled travelling flight flights
	flew returned return went came journey journeys arrived moved fled evacuated drive drove road
	route train trains way march marched advance advanced advancing`)

func stWordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// stInSet reports whether the lower-case form of word token t is in set,
// without allocating.
func stInSet(set map[string]bool, s string, t stToken) bool {
	var buf [64]byte
	return set[string(stAppendLower(buf[:0], s[t.start:t.end]))]
}

// stAppendLower appends the lower-case form of w to b.
func stAppendLower(b []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			for _, r := range w[i:] {
				b = utf8.AppendRune(b, unicode.ToLower(r))
			}
			return b
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// stIsWord reports whether token t is the word w, ignoring case.
func stIsWord(s string, t stToken, w string) bool {
	return t.word && strings.EqualFold(s[t.start:t.end], w)
}

// stIsCapitalised reports whether a word token starts with an upper-case letter.
func stIsCapitalised(s string, t stToken) bool {
	r, _ := utf8.DecodeRuneInString(s[t.start:])
	return unicode.IsUpper(r)
}

// metonymOK reports whether the capital or building name toks[i:end] stands
// for the government here rather than a place or part of a longer name.
func (m *stMatcher) metonymOK(s string, toks []stToken, i, end int32) bool {
	if i > 0 {
		prev := toks[i-1]
		if prev.word {
			if stInSet(stLocativeBefore, s, prev) {
				return false
			}
			if stIsWord(s, prev, "to") && i > 1 && toks[i-2].word && stInSet(stMovementBeforeTo, s, toks[i-2]) {
				return false
			}
			if stIsWord(s, prev, "of") && i > 1 {
				k := i - 2
				if stIsWord(s, toks[k], "the") && k > 0 {
					k--
				}
				if toks[k].word && stInSet(stPlaceNouns, s, toks[k]) {
					return false
				}
			}
		} else if r, _ := utf8.DecodeRuneInString(s[prev.start:]); r == '-' && !prev.spaceAfter && i > 1 && !toks[i-2].spaceAfter {
			return false // "Moscow-" compounds from the left: "pro-Moscow" is not the Kremlin speaking
		}
	}
	j := stAfterPossessive(s, toks, int(end))
	if j < len(toks) {
		if j == int(end) {
			t := toks[j]
			if t.word && stIsCapitalised(s, t) {
				return false // "Moscow Times", "Kyiv Post", "Kremlin Palace"
			}
			if !t.word && !toks[j-1].spaceAfter {
				if r, _ := utf8.DecodeRuneInString(s[t.start:]); r == '-' {
					return false // "Moscow-based", "Kyiv-born"
				}
			}
			if t.word {
				if stInSet(stPlaceAfter, s, t) {
					return false
				}
			}
		} else {
			// possessive: skip up to two modifiers to find a place noun
			for k := j; k < len(toks) && k < j+3; k++ {
				if !toks[k].word {
					break
				}
				if stInSet(stPlaceNouns, s, toks[k]) {
					return false
				}
			}
		}
	}
	return true
}

// stNonStateHeads are heads of names of non-state bodies, awards and titles in
// which a country name does not count ("University of London", "Hero of
// Russia", "Patriarch of Moscow and all Russia").
var stNonStateHeads = stWordSet(`university universities award awards order medal hero patriarch patriarchate
	church museum academy institute newsletter library school festival cup championship league
	society foundation association orchestra ballet theatre theater olympiad contest competition
	prize college conservatory`)

// stInNonStateName reports whether the country name starting at token i sits
// in a name such as "National Award of the Russian Federation".
func stInNonStateName(s string, toks []stToken, i int32) bool {
	k := i - 1
	if k >= 0 && stIsWord(s, toks[k], "the") {
		k--
	}
	if k < 1 || !stIsWord(s, toks[k], "of") {
		return false
	}
	h := toks[k-1]
	return h.word && stIsCapitalised(s, h) && stInSet(stNonStateHeads, s, h)
}
