package stages

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Newline policies of [SplitterConfig].Newlines.
const (
	// NewlinesAuto decides per document whether single newlines are hard
	// wraps inside sentences or sentence boundaries.
	NewlinesAuto = "auto"
	// NewlinesBoundary makes every newline end a sentence.
	NewlinesBoundary = "boundary"
	// NewlinesWrap treats single newlines as spaces (hard-wrapped text).
	NewlinesWrap = "wrap"
)

// SplitterConfig configures a [Splitter]; it is the `split` section of the
// YAML config (the pipeline adds `workers`).
type SplitterConfig struct {
	// Abbreviations are extra abbreviations, written without their final
	// full stop ("Dep", "Lt.Col"), matched case-insensitively. A full stop
	// after one of them ends a sentence only when the next word is a typical
	// sentence opener such as "The" or "He". Built-in abbreviations keep
	// their own rules (titles such as "Gen" never end a sentence).
	Abbreviations []string `mapstructure:"abbreviations" yaml:"abbreviations"`
	// Newlines is how single newlines are read: auto, boundary or wrap. A
	// blank line always ends a sentence.
	Newlines string `mapstructure:"newlines" yaml:"newlines"`
}

// DefaultSplitterConfig returns the defaults: no extra abbreviations and
// newlines decided per document.
func DefaultSplitterConfig() SplitterConfig {
	return SplitterConfig{Abbreviations: []string{}, Newlines: NewlinesAuto}
}

// Validate checks the config. Its messages name the key relative to the
// section (`newlines: ...`); several problems are joined with errors.Join.
func (c SplitterConfig) Validate() error {
	var errs []error
	switch c.Newlines {
	case NewlinesAuto, NewlinesBoundary, NewlinesWrap:
	default:
		errs = append(errs, fmt.Errorf("newlines: must be one of auto, boundary, wrap (got %q)", c.Newlines))
	}
	for i, a := range c.Abbreviations {
		if err := checkAbbreviation(a); err != nil {
			errs = append(errs, fmt.Errorf("abbreviations[%d]: %w", i, err))
		}
	}
	return errors.Join(errs...)
}

// maxAbbrevLen bounds the length of an abbreviation in bytes; longer
// entries cannot be matched by the scanner.
const maxAbbrevLen = 32

func checkAbbreviation(a string) error {
	b := strings.TrimSuffix(a, ".")
	switch {
	case b == "":
		return errors.New("must not be empty")
	case len(b) > maxAbbrevLen:
		return fmt.Errorf("must be at most %d bytes (got %q)", maxAbbrevLen, a)
	case !utf8.ValidString(b):
		return fmt.Errorf("must be valid UTF-8 (got %q)", a)
	}
	for _, r := range b {
		if r != '.' && !isWordRune(r) {
			return fmt.Errorf("must hold only letters and full stops (got %q)", a)
		}
	}
	return nil
}

// abbrevKind classifies a word followed by a full stop.
type abbrevKind uint8

const (
	abbrevNone abbrevKind = iota
	// abbrevTitle precedes a name (Mr., Gen., Mt.): never ends a sentence.
	abbrevTitle
	// abbrevNumber precedes a number (No. 5, p. 12, Art. 51): no sentence
	// end before a digit; otherwise ambiguous.
	abbrevNumber
	// abbrevAmbiguous may end a sentence (U.S., Inc., a.m., Dec.): it does
	// when the next word is a typical sentence opener.
	abbrevAmbiguous
)

var titleAbbrevs = []string{
	"mr", "mrs", "ms", "messrs", "mme", "mmes", "mlle", "dr", "drs", "prof", "profs",
	"gen", "gens", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt", "adm", "cmdr", "cdr",
	"brig", "gov", "govs", "sen", "sens", "rep", "reps", "pres", "amb", "hon", "rev", "fr",
	"supt", "insp", "det", "mt", "st", "ft", "msgr", "sra", "sr", "sta", "ste",
}

var numberAbbrevs = []string{
	"no", "nos", "n°", "nº", "art", "arts", "fig", "figs", "vol", "vols", "p", "pp",
	"rs", "para", "paras", "ch", "chap", "sec", "secs", "sect", "pt", "pts", "ed", "eds", "op", "tel",
}

var ambiguousAbbrevs = []string{
	"inc", "ltd", "co", "corp", "plc", "llc", "bros", "jr", "esq", "etc", "approx", "vs", "v",
	"esp", "dept", "est", "govt", "min", "max", "cf", "al", "ave", "blvd", "rd", "hwy", "mins",
	"hrs", "yrs", "mo", "mos", "sq", "km", "bn", "mln", "tn", "jan", "feb", "mar", "apr", "jun",
	"jul", "aug", "sep", "sept", "oct", "nov", "dec", "intl", "natl", "assn", "univ", "dist",
	"div", "mfg", "misc", "ref", "resp", "incl", "excl", "abbr", "ca", "viz", "wk",
}

// sentenceOpeners are capitalised words that usually start a sentence; after
// an ambiguous abbreviation ("in the U.S. How ...") they signal a boundary.
var sentenceOpeners = map[string]struct{}{}

func init() {
	for _, w := range strings.Fields(`A An The This That These Those There Here It Its He She They We I
		You His Her Their Our My Your But And Or Nor Yet So However Meanwhile Moreover Furthermore
		Still Also Then Now Thus Hence Instead Indeed Nevertheless Nonetheless Although Though While
		When Whenever Where Whereas Why What Which Who Whom Whose How If In On At After Before Since
		As Because Until Unless Once During Despite For From With Without By To Under Over Among
		Between Against Some Many Most Several Few All Both Each Every No None Neither Either Other
		Another Such Last Earlier Later Today Yesterday Tomorrow Tonight Asked According Speaking
		Is Are Was Were Be Been Do Does Did Will Would Can Could Shall Should May Might Must Has Have
		Had Let Please Not Only Even Just First Second Third Finally One Two Three Officials`) {
		sentenceOpeners[w] = struct{}{}
	}
}

// sentenceAdverbs open a sentence when followed by a comma.
var sentenceAdverbs = map[string]struct{}{}

func init() {
	for _, w := range strings.Fields(`Meanwhile However Moreover Furthermore Nevertheless Nonetheless
		Additionally Separately Instead Indeed Still Also Therefore Consequently Earlier Later
		Yesterday Today Finally Previously Similarly Likewise Otherwise Overall`) {
		sentenceAdverbs[w] = struct{}{}
	}
}

// speechVerbs follow a quoted question or exclamation as attribution
// ("Why now?" Lavrov asked), which does not end the sentence.
var speechVerbs = map[string]struct{}{}

func init() {
	for _, w := range strings.Fields(`said says asked asks told tells added adds wrote writes replied
		replies declared declares insisted insists stressed stresses noted notes warned warns
		exclaimed shouted cried continued explained argued claimed recalled retorted wondered quipped
		demanded demands urged urges shouts cries`) {
		speechVerbs[w] = struct{}{}
	}
}

// Splitter splits article text into sentences with exact byte and code point
// spans. It is immutable after [NewSplitter] and safe for concurrent use.
type Splitter struct {
	abbrevs  map[string]abbrevKind // lower-case, without the final full stop
	newlines string
	scratch  sync.Pool // *[]Sentence, for SplitArticle
}

// NewSplitter builds a Splitter from cfg. It returns the error of
// [SplitterConfig.Validate] if cfg is invalid.
func NewSplitter(cfg SplitterConfig) (*Splitter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("split config: %w", err)
	}
	s := &Splitter{abbrevs: make(map[string]abbrevKind, 256), newlines: cfg.Newlines}
	for _, a := range ambiguousAbbrevs {
		s.abbrevs[a] = abbrevAmbiguous
	}
	for _, a := range numberAbbrevs {
		s.abbrevs[a] = abbrevNumber
	}
	for _, a := range titleAbbrevs {
		s.abbrevs[a] = abbrevTitle
	}
	for _, a := range cfg.Abbreviations {
		key := strings.ToLower(strings.TrimSuffix(a, "."))
		if _, ok := s.abbrevs[key]; !ok {
			s.abbrevs[key] = abbrevAmbiguous
		}
	}
	return s, nil
}

// SplitArticle sets a.Sentences to the sentences of a.Text, in a slice of
// exactly their number. (A slice sized by guess, grown as need be, was a
// quarter of a run's allocation: a sentence takes some 230 bytes, and an
// article's count varies with its style.) Sentences are found in a scratch
// slice reused across calls, then copied.
func (s *Splitter) SplitArticle(a *Article) {
	sc, _ := s.scratch.Get().(*[]Sentence)
	if sc == nil {
		sc = new([]Sentence)
	}
	found := s.Split(a.Text, (*sc)[:0])
	a.Sentences = make([]Sentence, len(found))
	copy(a.Sentences, found)
	clear(found) // the scratch must not keep the article's text alive
	*sc = found[:0]
	s.scratch.Put(sc)
}

// Split appends the sentences of text to dst and returns the extended slice.
// Callers pass dst[:0] to reuse its storage. Index is the sentence's
// position in text, starting at 0 whatever len(dst) is.
//
// For every sentence, Text == text[ByteStart:ByteEnd]; CharStart and CharEnd
// count Unicode code points (what Python and pandas slice by), where each
// byte of an invalid UTF-8 sequence counts as one code point, as
// [utf8.DecodeRuneInString] reports it. No sentence is empty or starts or
// ends with white space (including U+00A0 and the zero-width characters
// U+200B, U+200C, U+200D, U+2060 and U+FEFF), and every other character of
// text lies in exactly one sentence. Split never fails and does not retain
// text beyond the returned sentences' Text fields.
func (s *Splitter) Split(text string, dst []Sentence) []Sentence {
	sc := scanner{s: s, text: text, dst: dst, base: len(dst), start: -1, cut: -1, quote: -1}
	sc.mode = s.newlines
	if sc.mode == NewlinesAuto || sc.mode == NewlinesWrap {
		if strings.IndexByte(text, '\n') >= 0 || strings.IndexByte(text, '\r') >= 0 {
			sc.width, sc.wrapped = lineStats(text)
		}
		if sc.mode == NewlinesWrap {
			sc.wrapped = true
		}
	}
	sc.run()
	return sc.dst
}

// scanner is the state of one Split call.
type scanner struct {
	s       *Splitter
	text    string
	dst     []Sentence
	base    int
	mode    string
	wrapped bool // single newlines are wraps
	width   int  // typical line width in code points when wrapped was detected

	start, startChar     int // current sentence; start < 0 when none is open
	lastEnd, lastEndChar int // end of the last non-space rune seen
	lineStartChar        int // code point offset of the current line
	cut                  int // pending boundary: close before this byte offset
	skipUntil            int // no boundary decisions before this byte offset
	marker               listMarker
	quote                int  // byte offset of the open double quote, or -1
	quoteStraight        bool // the open quote is a straight one
	prevSpace            bool // the previous rune was white space
}

// run is the single forward scan.
func (sc *scanner) run() {
	text := sc.text
	n := len(text)
	ch := 0
	sc.prevSpace = true
	for i := 0; i < n; {
		if i == sc.cut {
			sc.emit()
			sc.cut = -1
		}
		if sc.start >= 0 && asciiPlain[text[i]] && (!sc.prevSpace || sc.marker.kind == markNone) {
			// Fast path: a run of ASCII bytes that need no decision, with
			// single spaces between words unless a list item may start.
			lim := n
			if sc.cut > i {
				lim = sc.cut
			}
			spaces := sc.marker.kind == markNone
			j := i + 1
			for j < lim {
				if asciiPlain[text[j]] {
					j++
				} else if spaces && text[j] == ' ' && j+1 < lim && asciiPlain[text[j+1]] {
					j += 2
				} else {
					break
				}
			}
			ch += j - i
			i = j
			sc.lastEnd, sc.lastEndChar = i, ch
			sc.prevSpace = false
			continue
		}
		c := text[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if isSpaceRune(r) {
			switch {
			case c == '\n' || (c == '\r' && (i+1 >= n || text[i+1] != '\n')) || r == '\u2028' || r == '\u0085':
				sc.newline(i+size, ch)
				sc.lineStartChar = ch + 1
			case r == '\u2029':
				sc.emit()
				sc.lineStartChar = ch + 1
			}
			sc.prevSpace = true
			i += size
			ch++
			continue
		}
		if sc.prevSpace && sc.start >= 0 && sc.marker.kind != markNone && sc.nextMarker(i) {
			sc.emit()
		}
		if sc.start < 0 {
			sc.start, sc.startChar = i, ch
			sc.marker = parseMarker(text, i)
		}
		switch r {
		case '"':
			if sc.quote < 0 {
				if sc.prevSpace || opensQuote(text, i) {
					sc.quote, sc.quoteStraight = i, true
				}
			} else if sc.quoteStraight {
				sc.quote = -1
			}
		case '“':
			sc.quote, sc.quoteStraight = i, false
		case '”':
			sc.quote = -1
		}
		sc.prevSpace = false
		sc.lastEnd, sc.lastEndChar = i+size, ch+1
		if i >= sc.skipUntil && isTerminator(r) {
			sc.cut, sc.skipUntil = sc.decide(i)
		}
		i += size
		ch++
	}
	sc.emit()
}

// asciiPlain marks the ASCII bytes the scanner passes over without a
// decision inside a word: printable characters other than sentence
// terminators and the double quote.
var asciiPlain = func() (t [256]bool) {
	for c := '!'; c <= '~'; c++ {
		t[c] = true
	}
	for _, c := range `.!?"` {
		t[c] = false
	}
	return t
}()

// emit closes the open sentence, if any, at the last non-space rune.
func (sc *scanner) emit() {
	if sc.start < 0 {
		return
	}
	sc.dst = append(sc.dst, Sentence{
		Index:     len(sc.dst) - sc.base,
		ByteStart: sc.start,
		ByteEnd:   sc.lastEnd,
		CharStart: sc.startChar,
		CharEnd:   sc.lastEndChar,
		Text:      sc.text[sc.start:sc.lastEnd],
	})
	sc.start = -1
	sc.marker = listMarker{}
	sc.quote = -1
}

// Quotations kept in one sentence with their attribution: any quotation of
// at most quoteShort bytes, and dialogue (a quotation holding a question or
// exclamation mark) of at most quoteDialogue bytes.
const (
	quoteShort    = 150
	quoteDialogue = 600
)

// keepQuote reports whether the terminator cluster text[i:j], inside the
// open double quotation, stays inside the sentence because the quotation
// closes soon.
func (sc *scanner) keepQuote(j int, marks bool) bool {
	e := sc.quoteEnd(j)
	switch {
	case e < 0:
		return false
	case e-sc.quote <= quoteShort:
		return true
	}
	return marks || strings.ContainsAny(sc.text[sc.quote:e], "!?")
}

// quoteEnd returns the byte offset of the quote closing the open double
// quotation, searching from byte offset j, or -1 when it does not close
// within quoteDialogue bytes of its opening, before a line break (a single
// one is allowed in wrapped text) and before another quotation opens.
func (sc *scanner) quoteEnd(j int) int {
	text := sc.text
	end := min(len(text), sc.quote+quoteDialogue)
	for k := j; k < end; k++ {
		switch text[k] {
		case '"':
			if sc.quoteStraight {
				return k
			}
			return -1
		case '\n':
			if !sc.wrapped || k+1 >= len(text) || text[k+1] == '\n' || text[k+1] == '\r' {
				return -1
			}
		case 0xe2: // “ and ” are E2 80 9C and E2 80 9D
			if k+2 < len(text) && text[k+1] == 0x80 {
				if text[k+2] == 0x9d && !sc.quoteStraight {
					return k
				}
				if text[k+2] == 0x9c || text[k+2] == 0x9d {
					return -1
				}
			}
		}
	}
	return -1
}

// opensQuote reports whether a straight double quote at byte offset i
// follows an opening bracket or a dash or colon, so that it opens a quote.
func opensQuote(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	switch r {
	case '(', '[', '{', ':', '—', '–', '-', '/':
		return true
	}
	return false
}

// newline handles a line break ending just before byte offset next; ch is
// the code point offset of the break.
func (sc *scanner) newline(next, ch int) {
	text := sc.text
	// A blank line (only white space up to the next line break) always ends
	// the sentence.
	k := next
	for k < len(text) {
		c := text[k]
		if c == '\n' || c == '\r' {
			sc.emit()
			return
		}
		if c == ' ' || c == '\t' || c == '\v' || c == '\f' {
			k++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[k:])
		if r == '\u2029' || r == '\u2028' || r == '\u0085' {
			sc.emit()
			return
		}
		if !isSpaceRune(r) {
			break
		}
		k += size
	}
	if sc.start < 0 || k >= len(text) {
		return
	}
	if sc.mode == NewlinesBoundary {
		sc.emit()
		return
	}
	nextR, _ := utf8.DecodeRuneInString(text[k:])
	prevR, _ := utf8.DecodeLastRuneInString(text[:sc.lastEnd])
	if isTerminator(nextR) && !isTerminator(prevR) {
		return // a stray full stop on its own line belongs to the sentence
	}
	if sc.wrapped {
		// A list item on its own line starts a sentence even in wrapped text.
		if m := parseMarker(text, k); m.kind != markNone {
			sc.emit()
			return
		}
		// A line opening with "Meanwhile," or "However," starts a sentence
		// even when the previous line lacks its full stop.
		if !isTerminator(prevR) && unicode.IsUpper(nextR) {
			if w, e := wordAt(text, k); e < len(text) && text[e] == ',' {
				if _, ok := sentenceAdverbs[w]; ok {
					sc.emit()
					return
				}
			}
		}
		// In detected wrapped text, a clearly short line without end
		// punctuation before a capitalised line is a heading or byline.
		if sc.mode == NewlinesAuto && sc.width > 0 {
			lineLen := sc.lastEndChar - sc.lineStartChar
			if lineLen*10 < sc.width*6 && !isTerminator(prevR) && !isCloser(prevR) &&
				prevR != ',' && prevR != ':' && unicode.IsUpper(nextR) {
				sc.emit()
			}
		}
		return
	}
	// Unwrapped text: a newline ends the sentence unless the line was cut
	// mid-sentence, which shows as a capitalised sentence without end
	// punctuation continued by a lower-case word.
	startR, _ := utf8.DecodeRuneInString(text[sc.start:])
	if unicode.IsLower(nextR) && !isTerminator(prevR) && prevR != ':' &&
		(sc.lastEnd < next-1 && text[sc.lastEnd] == ' ' || // "a cold \nnight": trailing space
			sc.startChar >= sc.lineStartChar && unicode.IsUpper(startR)) {
		return
	}
	// Letters stacked one or two per line ("W\nA\nRN") form one word.
	if sc.lastEndChar-sc.lineStartChar <= 2 && isWordRune(prevR) && isWordRune(nextR) &&
		shortLine(text, k) {
		return
	}
	sc.emit()
}

// shortLine reports whether the line starting at byte offset k holds at
// most two word runes.
func shortLine(text string, k int) bool {
	for n := 0; k < len(text); n++ {
		r, size := utf8.DecodeRuneInString(text[k:])
		if r == '\n' || r == '\r' || r == ' ' {
			return true
		}
		if n == 2 || !isWordRune(r) {
			return false
		}
		k += size
	}
	return true
}

// citationEnd returns the byte offset after a run of reference marks such
// as "[1]" or "[7][8]" starting at byte offset j, or j if there is none.
func citationEnd(text string, j int) int {
	end := j
	for k := j; k < len(text) && text[k] == '[' && k-j < 40; {
		m := k + 1
		for m < len(text) && m-k <= 4 && isDigit(rune(text[m])) {
			m++
		}
		if m == k+1 || m >= len(text) || text[m] != ']' {
			break
		}
		k = m + 1
		end = k
	}
	return end
}

// lineStats reports whether the text looks hard-wrapped: many lines followed
// by a single line break, of similar length close to a maximum, mostly
// ending without sentence punctuation. width is that maximum in code points.
func lineStats(text string) (width int, wrapped bool) {
	var lens [64]int
	var buf []int = lens[:0]
	unpunct := 0
	prevLen := -1
	prevUnpunct := false
	for len(text) > 0 {
		line := text
		rest := ""
		if j := strings.IndexByte(text, '\n'); j >= 0 {
			line, rest = text[:j], text[j+1:]
		}
		line = strings.TrimRight(line, " \t\r\u00a0")
		ll := 0
		if line != "" {
			ll = utf8.RuneCountInString(line)
		}
		if ll > 0 && prevLen > 0 {
			buf = append(buf, prevLen)
			if prevUnpunct {
				unpunct++
			}
		}
		prevLen = ll
		if ll > 0 {
			r, _ := utf8.DecodeLastRuneInString(line)
			prevUnpunct = !isTerminator(r) && !isCloser(r) && r != ':'
		}
		text = rest
	}
	if len(buf) < 3 {
		return 0, false
	}
	for _, l := range buf {
		width = max(width, l)
	}
	if width < 30 || width > 200 {
		return width, false
	}
	near := 0
	for _, l := range buf {
		if l*10 >= width*7 {
			near++
		}
	}
	return width, near*10 >= len(buf)*6 && unpunct*2 >= len(buf)
}

// decide looks at the terminator cluster starting at byte offset i (". ",
// "?!", "...", ". . .", with closing quotes and brackets) and its context.
// It returns the byte offset before which the sentence ends (-1 for none)
// and the offset up to which no further decisions are made.
func (sc *scanner) decide(i int) (cut, skip int) {
	text := sc.text
	n := len(text)
	// List markers at the start of a sentence ("1.", "a.", "2.)").
	if sc.marker.kind != markNone && i < sc.marker.end {
		return -1, sc.marker.end
	}
	j := i
	dots, marks, ellipses, closers, hard := 0, 0, 0, 0, 0
	quoteClosed := false
	spaced := false
	lastDot := false
cluster:
	for j < n {
		c := text[j]
		if c == '.' {
			dots++
			j++
			lastDot = true
			continue
		}
		if c == '!' || c == '?' {
			marks++
			j++
			lastDot = false
			continue
		}
		if c == '[' && j > i {
			// Reference marks after the stop: "martyr.[1] The".
			if e := citationEnd(text, j); e > j {
				j = e
				continue
			}
		}
		if c == ' ' && marks > 0 && dots == 0 && j+1 < n && (text[j+1] == '!' || text[j+1] == '?') {
			j++ // "! ! !"
			continue
		}
		if c == ' ' && lastDot && j+1 < n && text[j+1] == '.' &&
			(j+2 >= n || text[j+2] == ' ' || text[j+2] == '.' || text[j+2] == '"' || text[j+2] == '\'' ||
				text[j+2] == ')' || text[j+2] == ']' || text[j+2] >= utf8.RuneSelf) {
			spaced = true
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[j:])
		switch {
		case r == '…':
			ellipses++
			lastDot = false
		case r == '‼' || r == '⁇' || r == '⁈' || r == '⁉':
			marks++
			lastDot = false
		case r == '。' || r == '．' || r == '！' || r == '？':
			hard++
			lastDot = false
		case isCloser(r) && (r != '\'' && r != '’' || !nextIsWordRune(text, j+size)):
			closers++
			lastDot = false
			if r == '"' || r == '”' {
				quoteClosed = true
			}
		default:
			break cluster
		}
		j += size
	}
	if j >= n {
		return -1, j
	}
	if hard > 0 {
		return j, j // full-width and ideographic stops need no space
	}
	if i > 0 {
		switch text[i-1] {
		case '<', '[', '(':
			return -1, j // omission marks: "<…>", "[...]"
		}
	}
	// Inside a quotation that closes soon, sentences stay together: the
	// quote belongs to its attribution.
	if sc.quote >= 0 && !quoteClosed && sc.keepQuote(j, marks > 0) {
		return -1, j
	}
	// Text continues without white space after the cluster.
	nr, _ := utf8.DecodeRuneInString(text[j:])
	if !isSpaceRune(nr) {
		if unicode.IsUpper(nr) && nextIsLowerAfter(text, j) && !inURLToken(text, i, j) {
			if marks > 0 || ellipses > 0 || dots > 1 {
				return -1, j // Yahoo!News, "!Kung", wait...Now
			}
			if closers > 0 {
				return j, j
			}
			word, _, wstart := wordBefore(text, i)
			if wstart > 0 {
				if p, _ := utf8.DecodeLastRuneInString(text[:wstart]); p == '.' {
					return -1, j // a.m.It, U.S.Army: dotted abbreviations
				}
			}
			if len(word) >= 2 && sc.s.lookup(word) == abbrevNone || word == "" && prevIsDigit(text, i) {
				return j, j
			}
		}
		return -1, j
	}
	// Find the next word.
	k := j
	for k < n {
		r, size := utf8.DecodeRuneInString(text[k:])
		if !isSpaceRune(r) {
			break
		}
		if r == '\n' && sc.mode == NewlinesBoundary {
			return -1, j // the newline decides
		}
		k += size
	}
	if k >= n {
		return -1, j
	}
	nr, _ = utf8.DecodeRuneInString(text[k:])
	if nr == ',' || nr == ';' || nr == ':' {
		return -1, j
	}
	// Question and exclamation marks.
	if marks > 0 {
		if isLowerStart(nr) || nr == '-' || nr == '–' || nr == '—' {
			return -1, j // "voila! -- you have cake"
		}
		if closers > 0 && unicode.IsUpper(nr) {
			// "Why now?" Lavrov asked.
			_, after := wordAt(text, k)
			w2, _ := wordAt(text, skipSpaces(text, after))
			if _, ok := speechVerbs[w2]; ok {
				return -1, j
			}
		}
		return j, j
	}
	// Ellipses.
	if dots >= 2 || ellipses > 0 {
		if !unicode.IsUpper(nr) && !isQuoteOpen(nr) {
			return -1, j
		}
		attached := i > 0 && !prevIsSpace(text, i)
		if spaced && attached && dots >= 4 && closers == 0 && unicode.IsUpper(nr) {
			// "compounds. . . . The": the first full stop ends the
			// sentence, the ellipsis opens the next one.
			return i + 1, j
		}
		if !attached && dots+ellipses*3 <= 3 {
			return -1, j // "is . . . I" marks an omission inside a sentence
		}
		return j, j
	}
	// A single full stop.
	if closers > 0 {
		if isLowerStart(nr) {
			return -1, j
		}
		return j, j
	}
	word, kind, _ := sc.wordKind(i)
	if isLowerStart(nr) {
		if kind == abbrevNone && parseMarker(text, k).kind == markLetter {
			return j, j // "... Smith. a. the first item"
		}
		return -1, j
	}
	switch kind {
	case abbrevTitle:
		return -1, j
	case abbrevNumber:
		if isDigit(nr) {
			return -1, j
		}
		if strings.EqualFold(word, "no") {
			return j, j // "said no." is the word no
		}
		fallthrough
	case abbrevAmbiguous:
		if isQuoteOpen(nr) {
			return j, j
		}
		if unicode.IsUpper(nr) {
			w, _ := wordAt(text, k)
			if _, ok := sentenceOpeners[w]; ok {
				return j, j
			}
		}
		return -1, j
	}
	return j, j
}

// wordKind classifies the word before the full stop at byte offset i.
func (sc *scanner) wordKind(i int) (string, abbrevKind, int) {
	text := sc.text
	word, dotted, wstart := wordBefore(text, i)
	if word == "" {
		return "", abbrevNone, wstart
	}
	if wstart > 0 {
		p, _ := utf8.DecodeLastRuneInString(text[:wstart])
		if isDigit(p) {
			return word, abbrevNone, wstart // 1st., 5km.
		}
	}
	if k := sc.s.lookup(dotted); k != abbrevNone {
		return word, k, wstart
	}
	if dotted != word {
		// U.S, e.g, a.m, Ph.D: short letter groups joined by full stops.
		if isDottedAbbrev(dotted) {
			return word, abbrevAmbiguous, wstart
		}
	}
	if k := sc.s.lookup(word); k != abbrevNone {
		return word, k, wstart
	}
	if utf8.RuneCountInString(word) == 1 {
		if wstart == sc.start {
			return word, abbrevTitle, wstart // "Q. What ...", "A. It is ..."
		}
		return word, abbrevAmbiguous, wstart // initials, p., a.
	}
	return word, abbrevNone, wstart
}

// lookup finds word case-insensitively without allocating.
func (s *Splitter) lookup(word string) abbrevKind {
	if len(word) == 0 || len(word) > maxAbbrevLen {
		return abbrevNone
	}
	var buf [maxAbbrevLen]byte
	ascii := true
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	if ascii {
		return s.abbrevs[string(buf[:len(word)])]
	}
	return s.abbrevs[strings.ToLower(word)]
}

// isDottedAbbrev reports whether s is letter groups of at most two letters
// joined by full stops ("U.S", "e.g", "Ph.D").
func isDottedAbbrev(s string) bool {
	groups, run := 0, 0
	for _, r := range s {
		if r == '.' {
			if run == 0 {
				return false
			}
			groups++
			run = 0
			continue
		}
		run++
		if run > 2 {
			return false
		}
	}
	return run > 0 && groups >= 1
}

// wordBefore returns the run of word runes ending at byte offset i, that run
// extended back over full stops and further word runes (dotted, e.g. "U.S"
// for "U.S."), and the byte offset where the word starts.
func wordBefore(text string, i int) (word, dotted string, start int) {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !isWordRune(r) {
			break
		}
		j -= size
	}
	word = text[j:i]
	start = j
	d := j
	for d > 0 && word != "" && i-d <= maxAbbrevLen {
		r, size := utf8.DecodeLastRuneInString(text[:d])
		if r == '.' || isWordRune(r) {
			d -= size
			continue
		}
		break
	}
	for d < j && text[d] == '.' {
		d++
	}
	return word, text[d:i], start
}

// wordAt returns the run of word runes starting at byte offset k and the
// offset after it.
func wordAt(text string, k int) (string, int) {
	j := k
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !isWordRune(r) {
			break
		}
		j += size
	}
	return text[k:j], j
}

func skipSpaces(text string, k int) int {
	for k < len(text) {
		r, size := utf8.DecodeRuneInString(text[k:])
		if !isSpaceRune(r) {
			break
		}
		k += size
	}
	return k
}

// inURLToken reports whether the white-space-delimited token around the
// cluster text[i:j] is a URL or an e-mail address.
func inURLToken(text string, i, j int) bool {
	a := i
	for a > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:a])
		if isSpaceRune(r) {
			break
		}
		a -= size
	}
	b := j
	for b < len(text) {
		r, size := utf8.DecodeRuneInString(text[b:])
		if isSpaceRune(r) {
			break
		}
		b += size
	}
	tok := text[a:b]
	return strings.Contains(tok, "@") || strings.Contains(tok, "://") || strings.Contains(tok, "www.")
}

// listMarker is a list item marker opening a sentence: "1.", "2)", "3.)",
// "a.", "•", "• 9.", "⁃9.".
type listMarker struct {
	kind   markKind
	num    int  // item number, or the letter for markLetter
	bullet rune // bullet character, if any
	end    int  // byte offset after the marker
}

type markKind uint8

const (
	markNone markKind = iota
	markNumber
	markLetter
	markBullet
)

// parseMarker parses a list marker at byte offset i followed by white space.
func parseMarker(text string, i int) listMarker {
	var m listMarker
	j := i
	if j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isBullet(r) {
			m.kind, m.bullet = markBullet, r
			j += size
			m.end = j
			// Optional number after the bullet.
			k := j
			for k < len(text) && text[k] == ' ' {
				k++
			}
			if nm := parseEnumerator(text, k); nm.kind != markNone {
				m.num, m.end = nm.num, nm.end
			} else if j < len(text) && !isSpaceRune(nextRune(text, j)) {
				return listMarker{} // "-based", "*note"
			}
			return m
		}
	}
	return parseEnumerator(text, i)
}

// parseEnumerator parses "12.", "12)", "12.)", "a.", "a)", "(a)" at byte
// offset i, followed by white space.
func parseEnumerator(text string, i int) listMarker {
	var m listMarker
	j := i
	for j < len(text) && j-i < 3 && isDigit(rune(text[j])) {
		m.num = m.num*10 + int(text[j]-'0')
		j++
	}
	switch {
	case j > i && j-i <= 2:
		m.kind = markNumber
	case j == i && j < len(text) && 'a' <= text[j] && text[j] <= 'z':
		m.kind, m.num = markLetter, int(text[j])
		j++
	default:
		return listMarker{}
	}
	switch {
	case strings.HasPrefix(text[j:], ".)"):
		j += 2
	case j < len(text) && (text[j] == '.' || text[j] == ')'):
		j++
	default:
		return listMarker{}
	}
	if j < len(text) && !isSpaceRune(nextRune(text, j)) {
		return listMarker{}
	}
	m.end = j
	return m
}

// nextMarker reports whether a list marker at byte offset i continues the
// list whose marker opened the current sentence ("1. ... 2. ...").
func (sc *scanner) nextMarker(i int) bool {
	cur := sc.marker
	m := parseMarker(sc.text, i)
	switch m.kind {
	case markBullet:
		// Dashes and asterisks are common inside sentences.
		return m.bullet != '-' && m.bullet != '*' && m.bullet != '–' && m.bullet != '—'
	case markNumber:
		return m.num == 1 || cur.kind == markNumber && m.num == cur.num+1
	case markLetter:
		return m.num == 'a' || cur.kind == markLetter && m.num == cur.num+1
	}
	return false
}

func nextRune(text string, i int) rune {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return r
}

func isBullet(r rune) bool {
	switch r {
	case '•', '◦', '▪', '‣', '⁃', '∙', '●', '○', '■', '□', '►', '-', '*', '–', '—':
		return true
	}
	return false
}

func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '‼', '⁇', '⁈', '⁉', '。', '．', '！', '？':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '}', '”', '’', '»', '›', '」', '』':
		return true
	}
	return false
}

// isWordRune reports whether r belongs to a word for abbreviation lookup.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return r == '°' || r == 'º' || unicode.IsLetter(r)
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isLowerStart(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z'
	}
	return unicode.IsLower(r)
}

func nextIsWordRune(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r := nextRune(text, i)
	return isWordRune(r) || isDigit(r)
}

// nextIsLowerAfter reports whether the rune after the one at i is lower case.
func nextIsLowerAfter(text string, i int) bool {
	_, size := utf8.DecodeRuneInString(text[i:])
	if i+size >= len(text) {
		return false
	}
	return isLowerStart(nextRune(text, i+size))
}

func prevIsDigit(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return isDigit(r)
}

func prevIsSpace(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return isSpaceRune(r)
}

// isSpaceRune reports white space as the splitter sees it: Unicode white
// space plus the zero-width characters U+200B, U+200C, U+200D, U+2060 and
// U+FEFF.
func isSpaceRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	switch r {
	case '\u0085', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
		'\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return '\u2000' <= r && r <= '\u200a'
}

func isQuoteOpen(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '‹', '„':
		return true
	}
	return false
}
