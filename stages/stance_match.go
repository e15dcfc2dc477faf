package stages

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// stToken is one word (a maximal run of letters, digits and combining marks)
// or one punctuation character of a sentence. Offsets are bytes into the
// sentence text. The word-table fields (info, id) are filled by
// [stMatcher.scan] only. Helpers take tokens by pointer: the compiler keeps
// a struct of this many fields in memory, so a token passed by value is
// copied at every call, even an inlined one.
type stToken struct {
	start, end int32
	info       int32 // word classes ([stWordInfo]), 0 when unknown
	id         int32 // the token's exact text in the word table, 0 when absent
	punct      rune  // the character of a punctuation token, 0 for a word
	word       bool
	spaceAfter bool // whitespace (or the end of text) follows
	capital    bool // a word starting with an upper-case letter
	plain      bool // a word of ASCII lower-case letters and digits only
	upperRest  bool // a word with an upper-case letter or a non-ASCII byte after its first byte
	inQuote    bool // inside a quotation
	inMention  bool // part of an actor mention
}

func stIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// stWordRunes holds stIsWordRune for the runes below stWordRunesEnd
// (Latin, Greek, Cyrillic, the general punctuation of news text): the
// unicode tables cost several hundred instructions a rune.
var stWordRunes = func() (b [stWordRunesEnd / 64]uint64) {
	for r := rune(0); r < stWordRunesEnd; r++ {
		if stIsWordRune(r) {
			b[r/64] |= 1 << (r % 64)
		}
	}
	return b
}()

const stWordRunesEnd = 0x3000

// stIsWordRuneFast is stIsWordRune, from stWordRunes when it can.
func stIsWordRuneFast(r rune) bool {
	if uint32(r) < stWordRunesEnd {
		return stWordRunes[uint32(r)/64]&(1<<(uint32(r)%64)) != 0
	}
	return stIsWordRune(r)
}

// Byte classes for the tokenizer.
const (
	stCharWord  uint8 = 1 << iota // ASCII letter or digit
	stCharSpace                   // ASCII white space
	stCharUpper                   // ASCII upper-case letter
	stCharHigh                    // a byte of a multi-byte UTF-8 sequence (or invalid)
)

var stByteClass = func() (c [256]uint8) {
	for b := 0; b < 256; b++ {
		switch {
		case b >= utf8.RuneSelf:
			c[b] = stCharHigh
		case 'A' <= b && b <= 'Z':
			c[b] = stCharWord | stCharUpper
		case 'a' <= b && b <= 'z', '0' <= b && b <= '9':
			c[b] = stCharWord
		case b == ' ', b == '\t', b == '\n', b == '\r', b == '\v', b == '\f':
			c[b] = stCharSpace
		}
	}
	return c
}()

// stTokenize appends the tokens of s to dst. Whitespace separates tokens and
// is not one; every other non-word character is a token of its own.
func stTokenize(s string, dst []stToken) []stToken {
	// A token has at least one byte: with len(s) tokens of room, the loop
	// writes by index without growing the slice.
	if cap(dst) < len(s) {
		dst = make([]stToken, len(s))
	}
	toks := dst[:cap(dst)]
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		cl := stByteClass[c]
		switch {
		case cl&stCharSpace != 0:
			if n > 0 {
				toks[n-1].spaceAfter = true
			}
			i++
		case cl&stCharWord != 0:
			j, rest := stWordRun(s, i+1, 0)
			if j < len(s) && s[j] >= utf8.RuneSelf {
				j, rest = stWordTail(s, j, rest)
			}
			if c <= '9' && rest&stCharUpper != 0 {
				if p := stDigitsThenCapital(s, i, j); p > 0 {
					j, rest = p, 0 // "57Russian": see scan
				}
			}
			// Field by field: a composite literal is built on the stack and
			// copied, and the copy stalls on the narrow stores just made.
			tk := &toks[n]
			*tk = stToken{}
			tk.start, tk.end, tk.word, tk.capital = int32(i), int32(j), true, cl&stCharUpper != 0
			tk.plain, tk.upperRest = (cl|rest)&(stCharUpper|stCharHigh) == 0, rest&(stCharUpper|stCharHigh) != 0
			n++
			i = j
			if j < len(s) && s[j] == ' ' { // most words: the space here, not in a turn of the loop
				toks[n-1].spaceAfter = true
				i++
			}
		case cl == 0: // ASCII punctuation
			tk := &toks[n]
			*tk = stToken{}
			tk.start, tk.end, tk.punct = int32(i), int32(i+1), rune(c)
			n++
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case unicode.IsSpace(r):
				if n > 0 {
					toks[n-1].spaceAfter = true
				}
				i += size
			case stIsWordRuneFast(r):
				// The first rune's continuation bytes count for upperRest.
				j, _ := stWordTail(s, i+size, 0)
				toks[n] = stToken{start: int32(i), end: int32(j), word: true, capital: unicode.IsUpper(r), upperRest: true}
				n++
				i = j
			default:
				toks[n] = stToken{start: int32(i), end: int32(i + size), punct: r}
				n++
				i += size
			}
		}
	}
	if n > 0 {
		toks[n-1].spaceAfter = true
	}
	return toks[:n]
}

const (
	stLowBits  = 0x0101010101010101
	stHighBits = 0x8080808080808080
)

// stWordBytes returns, in the high bit of each byte of v, whether it is an
// ASCII letter or digit, and whether it is an ASCII upper-case letter.
//
// A byte b of v7 (v without its high bits) is >= lo when b + (0x80-lo)
// has the high bit set, and > hi when b + (0x7f-hi) has: no byte carries
// into the next. A letter is upper case when its bit 0x20, which v<<2
// moves to the high bit, is clear. The ranges are written out, not in a
// helper closure, so that the function stays cheap enough for the
// compiler to inline: a call in scan's loop costs the call and the
// spilling of every value live across it.
func stWordBytes(v uint64) (word, upper uint64) {
	ascii := ^v & stHighBits
	v7 := v &^ stHighBits
	lower := v7 | stLowBits*0x20 // letters in lower case
	letter := (lower + stLowBits*(0x80-'a')) &^ (lower + stLowBits*(0x7f-'z')) & ascii
	digit := (v7 + stLowBits*(0x80-'0')) &^ (v7 + stLowBits*(0x7f-'9'))
	word = letter | digit&ascii
	upper = letter &^ (v << 2)
	return word, upper
}

// stWordTail returns the end of the word continuing at byte j of s, and rest
// with the classes of the bytes up to there added.
func stWordTail(s string, j int, rest uint8) (int, uint8) {
	for j < len(s) {
		cl := stByteClass[s[j]]
		if cl&stCharWord != 0 {
			rest |= cl
			j++
			continue
		}
		if cl&stCharHigh == 0 {
			break
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !stIsWordRuneFast(r) {
			break
		}
		rest |= stCharHigh
		j += n
	}
	return j, rest
}

// stHashBytes returns the unfinished hash of w: its bytes, little-endian,
// when it has at most 8; else its first 8 and its last 8 bytes mixed. So
// for a word of at most 8 bytes the hash and the length are the word.
// [stHash64] finishes the hash.
func stHashBytes(w string) uint64 {
	if len(w) > 8 {
		return stPack(w[:8]) ^ bits.RotateLeft64(stPack(w[len(w)-8:]), 31)
	}
	return stPack(w)
}

func stPack(w string) uint64 {
	x := uint64(0)
	for i := len(w) - 1; i >= 0; i-- {
		x = x<<8 | uint64(w[i])
	}
	return x
}

// stLoad64 returns s[i:i+8] as a little-endian number (one load).
func stLoad64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// stHash64 finishes the hash of a word of n bytes whose unfinished hash
// is x.
func stHash64(x uint64, n int) uint64 {
	// n in the low bits: they reach every bit of the product, so the
	// slot (which depends on the low ones only) depends on it too.
	return (x ^ uint64(n)) * 0x9E3779B97F4A7C15
}

// stSentenceInfo sums up a scanned sentence.
type stSentenceInfo struct {
	all    stWordInfo // the union of the words' classes
	open   bool       // a quotation is open at the end
	quoted bool       // a word is inside a quotation
	ascii  bool       // every byte is ASCII: byte offsets are character offsets
}

// Word classes whose words scan lists: the favour cues and the reporting
// verbs.
const (
	stCueWords    = swBlame | swPraise | swHelp | swHarm | swEvalNeg | swEvalPos
	stReportWords = swReport | swWeakReport
)

// scan tokenizes s into dst, as [stTokenize] does, and classifies each token
// with one word-table lookup: its word classes, its surface-trie root and
// its word id. Words not found as written take the classes of their
// lower-case form when they have an upper-case letter after the first
// ("SAID", "NATO-led" parts). It marks the tokens inside quotation marks,
// starting in a quotation when open is true: curly and guillemet quotes
// open and close; a straight double quote toggles. Single quotes are
// ignored: they double as apostrophes.
//
// When sc is not nil, scan lists in sc.marks the indexes of the words that
// start a surface or have classes stCueWords or stReportWords (one list:
// each list costs the hot loop a store and a sum per word, and the few
// words in it are cheap to test again), and, when aliases is not nil, in
// sc.aliasRoots those that start one of its aliases.
//
// Tokenizing and classifying are one pass over the bytes: the load that
// finds the end of a short ASCII word is also its hash. [stMatcher.scanFast]
// takes the common tokens; the loop here, the others.
func (m *stMatcher) scan(s string, dst []stToken, open bool, sc *stScratch, aliases *stTrie) ([]stToken, stSentenceInfo) {
	if sc == nil {
		sc = new(stScratch)
	}
	// A token has at least one byte: with len(s) tokens of room, the loop
	// writes by index without growing the slice; so does the index list.
	if cap(dst) < len(s) {
		dst = make([]stToken, len(s))
	}
	toks := dst[:len(s)]
	marks := stGrow(sc.marks, len(s))[:len(s)]
	t := &m.words
	st := stScanState{open: open}
	rests := uint8(0) // the classes of the words' bytes after the first
	ascii := true     // no token started with a byte >= utf8.RuneSelf
	for {
		m.scanFast(s, toks, marks, &st)
		i, n := st.i, st.n
		if i >= len(s) {
			break
		}
		// The general code: one token that the fast loop left, a word or
		// a non-ASCII character.
		c := s[i]
		cl := stByteClass[c]
		var j int
		var x uint64
		var capital, plain, upperRest bool
		var next byte // s[j], or 0 when j is len(s)
		if cl&stCharWord != 0 {
			rest := uint8(0) // the classes of the bytes after the first
			if i+8 <= len(s) || len(s) >= 8 {
				var v uint64
				if i+8 <= len(s) {
					v = stLoad64(s, i)
				} else {
					// Near the end: the last 8 bytes, shifted so that
					// s[i] is the first and zeros (not word bytes)
					// follow the end.
					v = stLoad64(s, len(s)-8) >> (8 * uint(i+8-len(s)))
				}
				word, upper := stWordBytes(v)
				if end := ^word & stHighBits; end != 0 {
					k := uint(bits.TrailingZeros64(end)) &^ 7 // bit offset of the first non-word byte
					mask := uint64(1)<<k - 1
					if upper&mask&^0xff != 0 {
						rest = stCharUpper
					}
					j = i + int(k>>3)
					x = v & mask
					next = byte(v >> k) // the shifted load has zeros past the end
				} else {
					if upper&^0xff != 0 {
						rest = stCharUpper
					}
					j, rest = stWordRun(s, i+8, rest)
					x = v
					if j-i > 8 {
						x ^= bits.RotateLeft64(stLoad64(s, j-8), 31)
					}
					next = stByteAt(s, j)
				}
				if next >= utf8.RuneSelf {
					var more uint8
					if j, more = stWordTail(s, j, rest); more&stCharHigh != 0 {
						rest = more
						x = v & (^uint64(0) >> (64 - 8*uint(min(j-i, 8))))
						if j-i > 8 {
							x ^= bits.RotateLeft64(stLoad64(s, j-8), 31)
						}
					}
					next = stByteAt(s, j)
				}
			} else {
				j, rest = stWordRun(s, i+1, rest)
				if j < len(s) && s[j] >= utf8.RuneSelf {
					j, rest = stWordTail(s, j, rest)
				}
				x = stHashBytes(s[i:j])
				next = stByteAt(s, j)
			}
			if c <= '9' && rest&stCharUpper != 0 {
				if p := stDigitsThenCapital(s, i, j); p > 0 {
					// "Updated at 09.32 BST 6h ago08.57Russian forces are
					// …": a live blog's time glued to the word after it.
					// The digits are a token, the word the next one.
					j, rest, next = p, 0, s[p]
					x = stHashBytes(s[i:j])
				}
			}
			capital = cl&stCharUpper != 0
			plain, upperRest = (cl|rest)&(stCharUpper|stCharHigh) == 0, rest&(stCharUpper|stCharHigh) != 0
			rests |= rest
		} else {
			ascii = false
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case unicode.IsSpace(r):
				if n > 0 {
					toks[n-1].spaceAfter = true
				}
				st.i += size
				continue
			case !stIsWordRuneFast(r):
				tk := &toks[n]
				*tk = stToken{start: int32(i), end: int32(i + size), punct: r}
				switch r {
				case '“', '«', '„':
					st.open = true
					tk.inQuote = true
				case '”', '»':
					st.open = false
					tk.inQuote = true
				default:
					tk.inQuote = st.open
				}
				tk.id = t.id(s[i : i+size])
				st.n++
				st.i += size
				continue
			}
			// The first rune's continuation bytes count for upperRest.
			j, _ = stWordTail(s, i+size, 0)
			x = stHashBytes(s[i:j])
			next = stByteAt(s, j)
			capital, upperRest = unicode.IsUpper(r), true
		}
		// A word s[i:j] whose unfinished hash is x.
		wn := j - i
		meta := t.metaAt(x, wn)
		id := int32(meta & stMaxIDs)
		if wn > 8 && id != 0 && !t.longMatch(id, s, i, j) {
			id = t.collide[s[i:j]]
			meta = t.metaOf(id)
		}
		info := stWordInfo(meta >> stMetaInfo & stMaxIDs)
		if upperRest && id == 0 && wn > 1 {
			info = m.lowerInfo(s[i:j])
		}
		toks[n] = stToken{start: int32(i), end: int32(j), info: int32(info), id: id, word: true,
			spaceAfter: next == ' ', capital: capital, plain: plain, upperRest: upperRest, inQuote: st.open}
		st.quoted = st.quoted || st.open
		marks[st.nm] = int32(n)
		st.nm += int((meta>>stMetaMark | uint64(stB2i(info.has(stCueWords|stReportWords)))) & 1)
		st.all |= info
		st.n++
		st.i = j + stB2i(next == ' ')
	}
	n := st.n
	if n > 0 {
		toks[n-1].spaceAfter = true
	}
	sc.marks = marks[:st.nm]
	// The alias roots in a pass of their own: few sentences have aliases
	// to look for, and the list would cost the hot loop registers.
	aliasRoots := sc.aliasRoots[:0]
	if aliases != nil {
		aliasRoots = stGrow(sc.aliasRoots, n)
		na := 0
		for k := range toks[:n] {
			aliasRoots[na] = int32(k)
			if tk := &toks[k]; tk.word && aliases.isRoot(tk.id) {
				na++
			}
		}
		aliasRoots = aliasRoots[:na]
	}
	sc.aliasRoots = aliasRoots
	ascii = ascii && rests&stCharHigh == 0
	return toks[:n], stSentenceInfo{all: st.all, open: st.open, quoted: st.quoted, ascii: ascii}
}

// stDigitsThenCapital returns the end of the digits that open the word
// s[i:j] when an ASCII capital letter and another letter follow them
// ("57Russian", "8US"), else 0: not "4G", "3D" or "1990s".
func stDigitsThenCapital(s string, i, j int) int {
	k := i
	for k < j && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	if k == i || k+1 >= j || s[k] < 'A' || s[k] > 'Z' {
		return 0
	}
	if c := s[k+1] | 0x20; c < 'a' || c > 'z' {
		return 0
	}
	return k
}

// stScanState is the state of [stMatcher.scan] between tokens.
type stScanState struct {
	i      int // the next byte
	n, nm  int // the tokens and marks written
	all    stWordInfo
	open   bool
	quoted bool
	// openAt is, while scanFast runs, the first token of the open
	// quotation.
	openAt int
}

// scanFast is scan's loop for the common tokens: white space, ASCII
// punctuation, and ASCII words of at most 15 bytes followed by an ASCII
// byte, whose lookup needs no second look. It takes tokens from byte st.i
// of s, adding them to toks and their marks to marks as scan does, and
// returns at the end of s or at a token it leaves to scan, before writing
// anything for it.
//
// It calls no function: a call in a loop, even on a path rarely taken,
// makes the compiler keep the loop's values in memory. For the same
// reason it is not inlined into scan, whose general code calls several.
//
//go:noinline
func (m *stMatcher) scanFast(s string, toks []stToken, marks []int32, st *stScanState) {
	// Whether a word is quoted is settled when a quotation closes and on
	// return, not per word: the words since token st.openAt are quoted.
	// It is kept in *st, out of the registers the words need.
	st.openAt = st.n
	i, n, nm := st.i, st.n, st.nm
	// The classes of the words so far, and open as bit 63.
	acc := uint64(st.all) | uint64(stB2i(st.open))<<63
	// With the length of s, bounds checks compare with a register.
	toks, marks = toks[:len(s)], marks[:len(s)]
	t := &m.words
	slots, disp := t.slots, t.disp
	if len(slots) == 0 || len(disp) == 0 {
		// (Saying so lets the compiler prove the lookups' indexes in
		// range.)
		panic("stance: scan before the word table is built")
	}
	for i < len(s) {
		c := s[i]
		cl := stByteClass[c]
		if cl&stCharWord == 0 {
			if cl == stCharSpace {
				if n > 0 {
					toks[n-1].spaceAfter = true
				}
				i++
				continue
			}
			if cl != 0 {
				break // a byte of a multi-byte character
			}
			// ASCII punctuation
			tk := &toks[n]
			*tk = stToken{}
			tk.start, tk.end, tk.punct, tk.inQuote = int32(i), int32(i+1), rune(c), acc>>63 != 0
			tk.id = m.punctIDs[c]
			if c == '"' {
				tk.inQuote = true
				if acc>>63 != 0 {
					st.quoted = st.quoted || stHasWord(toks[st.openAt:n])
				}
				acc ^= 1 << 63
				st.openAt = n + 1
			}
			n++
			i++
			if i < len(s) && s[i] == ' ' { // ", ": the space here, as after a word
				tk.spaceAfter = true
				i++
			}
			continue
		}
		var v uint64
		if i+8 <= len(s) {
			v = stLoad64(s, i)
		} else if len(s) >= 8 {
			// Near the end: the last 8 bytes, shifted so that s[i] is
			// the first and zeros (not word bytes) follow the end.
			v = stLoad64(s, len(s)-8) >> (8 * uint(i+8-len(s)))
		} else {
			break
		}
		end, upper := stWordEnd(v)
		capital := upper&0x80 != 0
		up := upper &^ 0xff // the upper-case letters after the first
		var j int
		var x uint64
		var next byte
		if end != 0 {
			// The bytes before the first non-word one, without a shift by a
			// variable (which would tie up CX).
			mask := (end&-end)>>7 - 1
			up &= mask
			j = i + bits.TrailingZeros64(end)>>3
			x = v & mask
			next = stByteAt(s, j)
		} else {
			// v is 8 bytes from i (a load near the end has zeros)
			var v2 uint64
			if i+16 <= len(s) {
				v2 = stLoad64(s, i+8)
			} else {
				// as v near the end; a shift by 64 (i+8 is len(s))
				// leaves 0
				v2 = stLoad64(s, len(s)-8) >> (8 * uint(i+16-len(s)))
			}
			end2, upper2 := stWordEnd(v2)
			if end2 == 0 {
				break // 16 bytes or more
			}
			k := uint(bits.TrailingZeros64(end2)) &^ 7
			up |= upper2 & (uint64(1)<<k - 1)
			j = i + 8 + int(k>>3)
			x = v
			if k != 0 {
				x ^= bits.RotateLeft64(stLoad64(s, j-8), 31)
			}
			next = byte(v2 >> k)
		}
		if next >= utf8.RuneSelf {
			break // the word may go on in a non-ASCII letter
		}
		wn := j - i
		// t.metaAt(x, wn) on the local slices (so without bounds
		// checks), and without branches on whether the word is there.
		// It compares the unfinished hash, not the length: for a word
		// of at most 8 bytes that is enough (see stWordTable.place), and
		// a longer one is compared below.
		hh := stHash64(x, wn)
		sl := &slots[stSlotHash(hh, disp[stBucket(hh, len(disp))])&uint64(len(slots)-1)]
		meta := sl.meta & -uint64(stB2i(sl.x == x))
		id := int32(meta & stMaxIDs)
		if wn > 8 && id != 0 && (t.head[id] != v || uint8(meta>>stMetaLen) != uint8(wn)) {
			break // another key of the same hash: see t.longMatch
		}
		if up != 0 && id == 0 {
			break // it takes its lower-case form's classes
		}
		info := stWordInfo(meta >> stMetaInfo & stMaxIDs)
		sp := next == ' ' // most words: the space here, not in a turn of the loop
		tk := &toks[n]
		tk.start, tk.end, tk.info, tk.id, tk.punct = int32(i), int32(j), int32(info), id, 0
		tk.word, tk.spaceAfter, tk.capital, tk.plain, tk.upperRest, tk.inQuote, tk.inMention = true, sp, capital, !capital && up == 0, up != 0, acc>>63 != 0, false
		// The list grows without branches: each slot is written, and
		// kept when the word belongs there.
		marks[nm] = int32(n)
		nm += int(meta >> stMetaMark & 1)
		acc |= uint64(info)
		n++
		i = j + stB2i(sp)
	}
	st.i, st.n, st.nm, st.all, st.open = i, n, nm, stWordInfo(acc), acc>>63 != 0
	if st.open {
		st.quoted = st.quoted || stHasWord(toks[st.openAt:n])
	}
}

// stHasWord reports whether toks has a word.
func stHasWord(toks []stToken) bool {
	for k := range toks {
		if toks[k].word {
			return true
		}
	}
	return false
}

// stWordEnd returns, in the high bit of each byte of v up to the first
// that is not an ASCII letter or digit, whether it is not (so the lowest
// bit of end marks the first, and end is 0 when there is none), and
// whether it is an ASCII upper-case letter. It is [stWordBytes] in fewer
// operations: bytes are not cleared of their high bit first, so a byte
// from 0x80 up may carry into the next byte's sums, but only into bytes
// after the first non-word byte (itself, being non-ASCII, marked by the
// final |v), whose bits are not specified.
func stWordEnd(v uint64) (end, upper uint64) {
	lower := v | stLowBits*0x20 // letters in lower case
	letter := (lower + stLowBits*(0x80-'a')) &^ (lower + stLowBits*(0x7f-'z'))
	digit := (v + stLowBits*(0x80-'0')) &^ (v + stLowBits*(0x7f-'9'))
	end = (^(letter | digit) | v) & stHighBits
	upper = letter &^ (v << 2) & stHighBits
	return end, upper
}

// stByteAt returns s[j], or 0 when j is len(s).
func stByteAt(s string, j int) byte {
	if j < len(s) {
		return s[j]
	}
	return 0
}

func stB2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// stGrow returns x with room for n elements.
func stGrow(x []int32, n int) []int32 {
	if cap(x) < n {
		return make([]int32, n)
	}
	return x[:cap(x)]
}

// stWordRun returns the end of the ASCII letters and digits from byte j of
// s, and rest with their classes added: 8 bytes at a time while 8 remain.
func stWordRun(s string, j int, rest uint8) (int, uint8) {
	for j+8 <= len(s) {
		word, upper := stWordBytes(stLoad64(s, j))
		if end := ^word & stHighBits; end != 0 {
			k := uint(bits.TrailingZeros64(end)) &^ 7 // bit offset of the first non-word byte
			if upper&(1<<k-1) != 0 {
				rest |= stCharUpper
			}
			return j + int(k>>3), rest
		}
		if upper != 0 {
			rest |= stCharUpper
		}
		j += 8
	}
	for j < len(s) {
		cl := stByteClass[s[j]]
		if cl&stCharWord == 0 {
			break
		}
		rest |= cl
		j++
	}
	return j, rest
}

// lowerInfo returns the stance-word classes of the lower-case form of w.
func (m *stMatcher) lowerInfo(w string) stWordInfo {
	var buf [64]byte
	if id := m.words.id(string(stAppendLower(buf[:0], w))); id != 0 {
		return m.words.entries[id].baseInfo
	}
	return 0
}

// stWordTable maps the exact text of every token that matters to the
// matcher (stance words, trie edge labels, the words of the lower-case word
// sets) to a word id, an index into entries (entry 0 is unused: id 0 means
// absent). The key set is fixed when the matcher is built, so the table is
// a perfect hash (hash and displace): a key's bucket holds a displacement
// that sends each of the bucket's keys to a slot of its own. A lookup is
// one probe and one comparison, with no branch on whether the word is
// there: most words of a sentence are absent, and the rest are not
// predictable.
type stWordTable struct {
	disp  []uint16     // per bucket: the displacement of its keys (a power of two of them)
	slots []stWordSlot // a power of two of them
	// collide maps the keys of more than 8 bytes whose unfinished hash
	// and length equal another key's, which holds the slot.
	collide map[string]int32
	aliases []*stTrie // the tries whose roots meta marks
	rootOf  []int32   // per id: entries[id].root
	// head holds per id the first 8 bytes of the key (little-endian) when
	// it is longer than 8 bytes: see [stWordTable.longMatch].
	head    []uint64
	entries []stWordEntry
}

// stWordSlot holds one key by its unfinished hash and, in meta, its length
// (so, for keys of up to 8 bytes, by its bytes), with what scan needs to
// know about it: meta is 0 when the slot is free, else
//
//	bits  0-23  the word id
//	bits 24-47  the word classes (info)
//	bits 48-55  the key's length, modulo 256 (only words of more than 16
//	            bytes can be that long, and those are compared in full)
//	bit  56     scan lists the word in its marks: it starts a surface
//	            (its entry has a root) or has classes stCueWords or
//	            stReportWords
//	bits 57-63  the word starts an alias of the publishers' alias tries
//	            0-6 (see stTrie.metaBit)
type stWordSlot struct {
	x    uint64
	meta uint64
}

const (
	stMetaInfo  = 24
	stMetaLen   = 48
	stMetaMark  = 56
	stMetaAlias = 57
)

// stMaxIDs is the most word ids a table holds; word classes fit as well.
const stMaxIDs = 1<<24 - 1

// The word classes must fit the 24 bits of a slot's meta: a class beyond
// them makes this array's length negative.
var _ [stMaxIDs + 1 - swBodyNoun<<1]struct{}

// metaOf returns the slot meta of word id (0 for id 0).
func (t *stWordTable) metaOf(id int32) uint64 {
	if id == 0 {
		return 0
	}
	e := &t.entries[id]
	meta := uint64(id) | uint64(e.info)<<stMetaInfo | uint64(uint8(e.n))<<stMetaLen
	if e.root != 0 || e.info.has(stCueWords|stReportWords) {
		meta |= 1 << stMetaMark
	}
	for _, tr := range t.aliases {
		if tr.metaBit != 0 && tr.isRoot(id) {
			meta |= 1 << tr.metaBit
		}
	}
	return meta
}

// markAliases notes in the slots which words start an alias of the
// tries, already compiled against the table.
func (t *stWordTable) markAliases(aliases []*stTrie) {
	t.aliases = aliases
	for k, tr := range aliases {
		if k < 64-stMetaAlias {
			tr.metaBit = uint8(stMetaAlias + k)
		}
	}
	for p := range t.slots {
		if sl := &t.slots[p]; sl.meta != 0 {
			sl.meta = t.metaOf(int32(sl.meta & stMaxIDs))
		}
	}
}

// metaAt returns the meta of the slot of the key whose unfinished hash is
// x and length n when that slot holds it, else 0; for a key of more than 8
// bytes the slot may hold another of the same hash (see
// [stWordTable.longMatch]). It does not branch on whether the key is there.
func (t *stWordTable) metaAt(x uint64, n int) uint64 {
	sl := &t.slots[t.slotOf(stHash64(x, n))]
	return sl.meta & -uint64(stB2i(sl.x^x|uint64(uint8(sl.meta>>stMetaLen)^uint8(n)) == 0))
}

// slotOf returns the slot of the key whose finished hash is hh.
func (t *stWordTable) slotOf(hh uint64) uint64 {
	return stSlotHash(hh, t.disp[stBucket(hh, len(t.disp))]) & uint64(len(t.slots)-1)
}

// stBucket returns the bucket, of nb (a power of two), of the key whose
// finished hash is hh: its bits from 54 up, then from 0 when nb is more
// than 1024. A product's top bits mix all of its input, and the slot
// (see [stSlotHash]) depends only on the low ones: keys alike in those
// must differ here. (A rotation and a mask, not a shift by a variable:
// they need no register of their own, and the compiler proves the index
// in range.)
func stBucket(hh uint64, nb int) uint64 {
	return bits.RotateLeft64(hh, 10) & uint64(nb-1)
}

func stSlotHash(hh uint64, d uint16) uint64 {
	return ((hh ^ uint64(d)) * 0xD6E8FEB86659FD93) >> 32
}

// stWordEntry is what the word table tells about one token text.
type stWordEntry struct {
	// x and n are key's unfinished hash and length: for keys of up to 8
	// bytes x is the bytes themselves, so comparing x and n compares keys.
	x   uint64
	n   int
	key string
	// info is the classes of a token with this exact text; baseInfo those
	// of key in the stance-word table (what the lower-case fallback
	// finds). They differ for a trie label outside that table with an
	// upper-case letter after the first, which takes its lower-case
	// form's classes.
	info, baseInfo stWordInfo
	root           int32  // the surface trie's child of the root, 0 when none
	sets           uint16 // the word sets (stSet*) that hold key's lower-case form
	keySets        uint16 // the word sets that hold key itself
}

// find returns the id of w, whose unfinished hash is x, or 0.
func (t *stWordTable) find(w string, x uint64) int32 {
	sl := &t.slots[t.slotOf(stHash64(x, len(w)))]
	if sl.meta == 0 || sl.x != x || uint8(sl.meta>>stMetaLen) != uint8(len(w)) {
		return 0
	}
	id := int32(sl.meta & stMaxIDs)
	if len(w) > 8 && !t.longMatch(id, w, 0, len(w)) {
		return t.collide[w]
	}
	return id
}

// longMatch reports whether s[i:j], a word of more than 8 bytes whose
// unfinished hash and length are those of key id, is the key. For a word
// of at most 16 bytes comparing the first 8 bytes is enough: its
// unfinished hash is its first 8 bytes xor its last 8 rotated, so equal
// hashes and first 8 bytes mean equal last 8 bytes, and those two cover
// the word. That is one load from a compact array instead of the key's
// string from the much larger entries.
func (t *stWordTable) longMatch(id int32, s string, i, j int) bool {
	if j-i <= 16 {
		return t.head[id] == stLoad64(s, i)
	}
	return t.entries[id].key == s[i:j]
}

// build places entries[1:] in the table.
func (t *stWordTable) build() error {
	n := len(t.entries) - 1
	t.rootOf = make([]int32, len(t.entries))
	t.head = make([]uint64, len(t.entries))
	for id, e := range t.entries {
		t.rootOf[id] = e.root
		if len(e.key) > 8 {
			t.head[id] = stLoad64(e.key, 0)
		}
	}
	nb := 1
	for nb < n/4 {
		nb <<= 1
	}
	ns := 1
	for ns < n+n/4 {
		ns <<= 1
	}
	for ; ns <= 1<<26; ns <<= 1 {
		if t.place(nb, ns) {
			return nil
		}
	}
	return fmt.Errorf("lexicon: cannot place %d distinct words in the word table", n)
}

// place tries to place the keys with nb buckets (a power of two) in ns
// slots (a power of two, < 2^32).
func (t *stWordTable) place(nb, ns int) bool {
	t.disp = make([]uint16, nb)
	t.slots = make([]stWordSlot, ns)
	t.collide = nil
	type key struct {
		x uint64
		n int
	}
	owner := map[key]int32{}
	buckets := make([][]int32, nb)
	for id := 1; id < len(t.entries); id++ {
		e := &t.entries[id]
		k := key{e.x, e.n}
		if _, ok := owner[k]; ok {
			if t.collide == nil {
				t.collide = map[string]int32{}
			}
			t.collide[e.key] = int32(id)
			continue
		}
		owner[k] = int32(id)
		b := stBucket(stHash64(e.x, e.n), nb)
		buckets[b] = append(buckets[b], int32(id))
	}
	order := make([]int, nb)
	for b := range order {
		order[b] = b
	}
	// The fullest buckets first, while most slots are free.
	slices.SortStableFunc(order, func(a, b int) int { return len(buckets[b]) - len(buckets[a]) })
	pos := make([]uint64, 0, 16)
	for _, b := range order {
		ids := buckets[b]
		if len(ids) == 0 {
			break
		}
		found := false
		for d := uint32(0); d < 1<<16 && !found; d++ {
			pos = pos[:0]
			found = true
			for _, id := range ids {
				e := &t.entries[id]
				p := stSlotHash(stHash64(e.x, e.n), uint16(d)) & uint64(ns-1)
				if t.slots[p].meta != 0 || slices.Contains(pos, p) {
					found = false
					break
				}
				pos = append(pos, p)
			}
			if found {
				t.disp[b] = uint16(d)
				for k, id := range ids {
					e := &t.entries[id]
					t.slots[pos[k]] = stWordSlot{x: e.x, meta: t.metaOf(id)}
				}
			}
		}
		if !found {
			return false
		}
	}
	// scanFast compares a word of at most 8 bytes with a slot's key by
	// unfinished hash only: its hash is its bytes, which (none being 0)
	// also tell its length. That is exact unless a key's slot is also
	// where a word of another length with the key's hash would look,
	// which this placement must then avoid.
	for p := range t.slots {
		sl := &t.slots[p]
		if sl.meta == 0 {
			continue
		}
		n := t.entries[sl.meta&stMaxIDs].n
		if l := int(stNonZeroBytes(sl.x)); l != 0 && l != n && t.slotOf(stHash64(sl.x, l)) == uint64(p) {
			return false
		}
	}
	return true
}

// stNonZeroBytes returns the n such that the first n bytes of x
// (little-endian) are not 0 and the others are, or 0 when there is none:
// the length of the word of at most 8 bytes, with no NUL, whose unfinished
// hash is x.
func stNonZeroBytes(x uint64) uint8 {
	n := uint8(8 - bits.LeadingZeros64(x)/8)
	for k := uint8(0); k < n; k++ {
		if byte(x>>(8*k)) == 0 {
			return 0
		}
	}
	return n
}

// id returns the id of w, or 0.
func (t *stWordTable) id(w string) int32 { return t.find(w, stHashBytes(w)) }

// stTrie is a token trie: each edge is one token's exact text. Node 0 is the
// root. Matching walks it once from each token, so the cost of a sentence
// depends on its length and the depth of the matches, not on the number of
// surfaces. A trie is built with insert, keyed by strings, then compiled
// against the matcher's word table: edges are then keyed by word id, and
// node n's edges are ids[first[n]:first[n+1]] (sorted) leading to
// to[first[n]:first[n+1]].
type stTrie struct {
	next  []map[string]int32 // while building
	hits  [][]stTrieHit
	first []int32
	ids   []int32
	to    []int32
	roots []uint64 // bit set of the root's edge ids
	inner []uint64 // bit set of the other nodes' edge ids
	// metaBit, when not 0, is the bit of the word table's slot meta that
	// marks the root's edge ids.
	metaBit uint8
	hit     []bool // per node: len(hits[n]) > 0
	// text is per node the index in the matcher's texts of the first
	// surface inserted that ends there (see [stMatcher.addText]), 0 when
	// none.
	text []int32
}

type stTrieHit struct {
	actor     int32
	adjective bool
	// ours: a phrase in the publisher's own words ("our country"), which
	// names its country only when the sentence speaks for the publisher's
	// camp.
	ours bool
}

func stNewTrie() *stTrie {
	return &stTrie{next: []map[string]int32{nil}, hits: [][]stTrieHit{nil}, text: []int32{0}}
}

// insert adds the surface made of the tokens keys with hit h; text is the
// surface's [stMatcher.addText] index, 0 for none.
func (t *stTrie) insert(keys []string, text int32, h stTrieHit) {
	n := int32(0)
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
			t.text = append(t.text, 0)
			m[k] = c
		}
		n = c
	}
	if t.text[n] == 0 {
		t.text[n] = text
	}
	for _, x := range t.hits[n] {
		if x == h {
			return
		}
	}
	t.hits[n] = append(t.hits[n], h)
}

// labels calls f with every edge label of the trie.
func (t *stTrie) labels(f func(string)) {
	for _, m := range t.next {
		for k := range m {
			f(k)
		}
	}
}

// compile keys the trie's edges by word id; every label must be in words.
func (t *stTrie) compile(words *stWordTable) {
	t.hit = make([]bool, len(t.hits))
	for n, h := range t.hits {
		t.hit[n] = len(h) > 0
	}
	t.first = make([]int32, len(t.next)+1)
	t.roots = make([]uint64, (len(words.entries)+63)/64)
	t.inner = make([]uint64, (len(words.entries)+63)/64)
	for n, m := range t.next {
		for k := range m {
			id := words.id(k)
			if n == 0 {
				t.roots[id/64] |= 1 << (id % 64)
			} else {
				t.inner[id/64] |= 1 << (id % 64)
			}
		}
	}
	for n, m := range t.next {
		t.first[n+1] = t.first[n] + int32(len(m))
		i0 := len(t.ids)
		for k, c := range m {
			t.ids = append(t.ids, words.id(k))
			t.to = append(t.to, c)
		}
		ids, to := t.ids[i0:], t.to[i0:]
		for i := 1; i < len(ids); i++ { // insertion sort by id: nodes have few edges
			for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
				ids[j], ids[j-1] = ids[j-1], ids[j]
				to[j], to[j-1] = to[j-1], to[j]
			}
		}
	}
}

// isRoot reports whether word id labels an edge from the root.
func (t *stTrie) isRoot(id int32) bool { return t.roots[id/64]&(1<<(id%64)) != 0 }

// child returns node n's child along the edge labelled with word id, if any.
// The search halves the edges without branching on the comparisons: which
// way it goes is as unpredictable as the words of a sentence.
func (t *stTrie) child(n, id int32) (int32, bool) {
	lo, hi := t.first[n], t.first[n+1]
	if id == 0 || lo == hi {
		return 0, false
	}
	ids := t.ids[lo:hi]
	k := 0
	for size := len(ids); size > 1; {
		half := size >> 1
		k += half & -stB2i(ids[k+half] <= id)
		size -= half
	}
	if ids[k] != id {
		return 0, false
	}
	return t.to[int(lo)+k], true
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
	// The fields matching reads come first, to share a cache line.
	campK   int32 // index of Camp among the lexicon's camps, -1 for OtherCamp
	person  bool
	country bool // Kind "country"
	metonym bool // Metonym
	gender  stGender
	// initials has bit c-'a' for each ASCII letter c that begins one of a
	// person's given names: the first word of its name and of its
	// surfaces of more than one word (see [stMatcher.otherGivenName]).
	initials uint32
	// terms are the periods in office as Unix seconds, [from, to); to is
	// math.MaxInt64 while open. Term dates are midnights UTC, so comparing
	// a date's Unix seconds with them is exact.
	terms [][2]int64
	camp  string // Camp
	Actor
}

// stGender is a person's gender as the lexicon gives it, for resolving
// "he" and "she"; stGenderUnknown agrees with both.
type stGender uint8

const (
	stGenderUnknown stGender = iota
	stGenderFemale
	stGenderMale
)

func stGenderOf(s string) stGender {
	switch s {
	case "female":
		return stGenderFemale
	case "male":
		return stGenderMale
	}
	return stGenderUnknown
}

// agrees reports whether a person of gender g can be the referent of a
// pronoun of gender p.
func (g stGender) agrees(p stGender) bool {
	return g == stGenderUnknown || p == stGenderUnknown || g == p
}

// stDate is an article's date, ready for comparing with terms.
type stDate struct {
	unix int64
	zero bool // unknown
}

func stDateOf(t time.Time) stDate { return stDate{unix: t.Unix(), zero: t.IsZero()} }

// campAt returns the actor's camp for a document dated d.
func (a *stCompiledActor) campAt(d stDate) string {
	if len(a.terms) == 0 || d.zero {
		return a.camp
	}
	for _, p := range a.terms {
		if p[0] <= d.unix && d.unix < p[1] {
			return a.camp
		}
	}
	return OtherCamp
}

// campOf returns the camp of a mention of a: its camp, or OtherCamp when
// other (the mention falls outside a's terms).
func (a *stCompiledActor) campOf(other bool) string {
	if other {
		return OtherCamp
	}
	return a.camp
}

// stMatcher finds actor mentions in a sentence. It is immutable after
// construction and safe for concurrent use.
type stMatcher struct {
	// words gives a token's word classes, its child of the surface trie's
	// root and its word id, which keys every trie's edges: one lookup per
	// token, made while tokenizing, serves them all.
	words    stWordTable
	punctIDs [utf8.RuneSelf]int32 // word ids of ASCII punctuation
	actors   []stCompiledActor
	surfaces *stTrie // surfaces and adjectives
	titles   *stTrie // title words, reversed token order
	// stateNouns are the lexicon's state nouns, lower case; set
	// stSetStateNoun in the word table.
	stateNouns map[string]bool
	// texts are the surfaces and aliases as the lexicon and config spell
	// them (texts[0] is ""), indexed by the tries' text. A mention whose
	// text is one of them gets the lexicon's string as its Surface, not a
	// slice of the article: equal strings, and the writer's dictionary
	// recognises the same string by its address.
	texts []string
	// surnames are, by actor, the surname that names a person in an
	// article that named it in full (see [stSurnameOf]), or "".
	surnames []string
}

// addText adds surface k, made of the tokens keys, to the matcher's texts
// and returns its index, negated when k is its one token: a mention of
// just that token is spelled k without comparing. Only for construction.
func (m *stMatcher) addText(k string, keys []string) int32 {
	m.texts = append(m.texts, k)
	if len(keys) == 1 && keys[0] == k {
		return -int32(len(m.texts) - 1)
	}
	return int32(len(m.texts) - 1)
}

// stNewMatcher compiles a lexicon. The matcher is ready for use only after
// [stMatcher.compile].
func stNewMatcher(l *ActorLexicon) *stMatcher {
	m := &stMatcher{surfaces: stNewTrie(), titles: stNewTrie(), stateNouns: map[string]bool{}, texts: []string{""}}
	campIdx := map[string]int32{}
	for i, c := range l.Camps {
		campIdx[c.ID] = int32(i)
	}
	// Actors of a camp, and of a code, get one string for it: the writer's
	// dictionaries recognise a string they have seen by its address
	// before hashing it (see dictMirror.lookup).
	codes := map[string]string{}
	for i, a := range l.Actors {
		ps, _ := stParseTerms(a.Terms) // validated before
		k, ok := campIdx[a.Camp]
		if !ok {
			k, a.Camp = -1, OtherCamp // validated before
		} else {
			a.Camp = l.Camps[k].ID
		}
		if c, ok := codes[a.Code]; ok {
			a.Code = c
		} else {
			codes[a.Code] = a.Code
		}
		terms := make([][2]int64, len(ps))
		for j, p := range ps {
			terms[j] = [2]int64{p.from.Unix(), math.MaxInt64}
			if !p.to.IsZero() {
				terms[j][1] = p.to.Unix()
			}
		}
		m.actors = append(m.actors, stCompiledActor{
			campK: k, person: a.Kind == "person", country: a.Kind == "country", metonym: a.Metonym,
			gender: stGenderOf(a.Gender), terms: terms, camp: a.Camp, Actor: a, initials: stGivenInitials(a),
		})
		for _, s := range a.Surfaces {
			for _, k := range stSurfaceKeys(s) {
				keys := stTokenTexts(k)
				m.surfaces.insert(keys, m.addText(k, keys), stTrieHit{actor: int32(i)})
			}
		}
		for _, s := range a.Adjectives {
			for _, k := range stSurfaceKeys(s) {
				keys := stTokenTexts(k)
				m.surfaces.insert(keys, m.addText(k, keys), stTrieHit{actor: int32(i), adjective: true})
			}
		}
	}
	single := map[string]bool{}
	for _, a := range l.Actors {
		for _, s := range a.Surfaces {
			for _, k := range stSurfaceKeys(s) {
				if keys := stTokenTexts(k); len(keys) == 1 {
					single[keys[0]] = true
				}
			}
		}
	}
	m.surnames = make([]string, len(l.Actors))
	for i, a := range l.Actors {
		m.surnames[i] = stSurnameOf(a, single)
	}
	for _, t := range l.Titles {
		for _, k := range stSurfaceKeys(t) {
			toks := stTokenTexts(k)
			for i, j := 0, len(toks)-1; i < j; i, j = i+1, j-1 {
				toks[i], toks[j] = toks[j], toks[i]
			}
			m.titles.insert(toks, 0, stTrieHit{actor: -1})
		}
	}
	for _, n := range l.StateNouns {
		m.stateNouns[strings.ToLower(n)] = true
	}
	return m
}

// Word sets: lower-case words the rules test a token's lower-case form
// against, as bits of the word table's entries.
const (
	stSetLocative     uint16 = 1 << iota // stLocativeBefore
	stSetMovement                        // stMovementBeforeTo
	stSetPlaceNoun                       // stPlaceNouns
	stSetPlaceAfter                      // stPlaceAfter
	stSetNonStateHead                    // stNonStateHeads
	stSetPreposition                     // stPrepositions
	stSetStateNoun                       // the lexicon's state nouns
	stSetAction                          // stActionBefore
	stSetProcess                         // stProcessWordSet
	stSetProcessBlock                    // stProcessBlockSet
)

// compile builds the word table from the stance words, the word sets and
// the edge labels of the matcher's tries and of extra (the publishers'
// alias tries), then keys every trie's edges by word id.
func (m *stMatcher) compile(extra []*stTrie) error {
	sets := []struct {
		bit   uint16
		words map[string]bool
	}{
		{stSetLocative, stLocativeBefore}, {stSetMovement, stMovementBeforeTo},
		{stSetPlaceNoun, stPlaceNouns}, {stSetPlaceAfter, stPlaceAfter},
		{stSetNonStateHead, stNonStateHeads}, {stSetPreposition, stPrepositions},
		{stSetStateNoun, m.stateNouns}, {stSetAction, stActionBefore},
		{stSetProcess, stProcessWordSet}, {stSetProcessBlock, stProcessBlockSet},
	}
	// base is what a lookup found before trie edges were keyed by id: the
	// stance words (and their capitalised forms) and the surface trie's
	// root labels.
	base := map[string]stWordEntry{}
	for w, info := range stStanceWords {
		for _, k := range stSurfaceKeys(w) {
			e := base[k]
			e.info |= info
			base[k] = e
		}
	}
	for k, c := range m.surfaces.next[0] {
		e := base[k]
		e.root = c
		base[k] = e
	}
	keys := map[string]bool{}
	for k := range base {
		keys[k] = true
	}
	for _, set := range sets {
		for k := range set.words {
			keys[k] = true
		}
	}
	tries := append([]*stTrie{m.surfaces, m.titles}, extra...)
	for _, t := range tries {
		t.labels(func(k string) { keys[k] = true })
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted) // ids independent of map order
	if len(sorted) > stMaxIDs {
		return fmt.Errorf("lexicon: %d distinct words, more than the %d the matcher supports", len(sorted), stMaxIDs)
	}
	t := &m.words
	t.entries = make([]stWordEntry, 1, len(sorted)+1)
	for _, k := range sorted {
		e, inBase := base[k]
		e.key = k
		e.x, e.n = stHashBytes(k), len(k)
		e.baseInfo = e.info
		if !inBase && len(k) > 1 && stHasUpperAfterFirst(k) {
			e.info = base[string(stAppendLower(nil, k))].info
		}
		lower := stAppendLower(nil, k)
		for _, set := range sets {
			if set.words[string(lower)] {
				e.sets |= set.bit
			}
			if set.words[k] {
				e.keySets |= set.bit
			}
		}
		t.entries = append(t.entries, e)
	}
	if err := t.build(); err != nil {
		return err
	}
	for c := range m.punctIDs {
		if stByteClass[c] == 0 {
			m.punctIDs[c] = t.id(string(rune(c)))
		}
	}
	for _, tr := range tries {
		tr.compile(t)
		tr.next = nil
	}
	t.markAliases(extra)
	return nil
}

// inSet reports whether the lower-case form of word token t (text s[t.start:t.end])
// is in the word set bit.
func (m *stMatcher) inSet(bit uint16, s string, t *stToken) bool {
	if t.id != 0 {
		return m.words.entries[t.id].sets&bit != 0
	}
	if t.plain {
		return false // its own lower-case form, and every set word is in the table
	}
	var buf [64]byte
	lw := stAppendLower(buf[:0], s[t.start:t.end])
	id := m.words.id(string(lw))
	return id != 0 && m.words.entries[id].keySets&bit != 0
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
// (end exclusive) and bytes into the sentence. It holds no pointers: the
// matcher copies and appends mentions, and with a pointer in them each copy
// into the scratch space would pay the garbage collector's write barrier.
type stRawMention struct {
	actor      int32
	other      bool  // the camp is OtherCamp (see [stCompiledActor.campOf])
	ours       bool  // from a publisher's country alias (see [stTrieHit.ours])
	former     bool  // "the former US ambassador": the office holder speaks for no camp
	campK      int32 // index of the camp among the camps, -1 for OtherCamp
	tokStart   int32
	tokEnd     int32
	start, end int32 // bytes, including a leading title
	headTok    int32 // first token of the surface itself (after any title)
	// text is the [stMatcher.addText] index of the surface the mention
	// may spell (negative: does spell), 0 when none (a title or a state
	// noun is part of it).
	text int32
}

// match appends the mentions of sentence s (already scanned into toks,
// with the words that start a surface among sc.marks) to dst, longest
// match first, left to right, without overlaps. It leaves in sc.hints the
// actors of the adjectives it passed over, with no state noun after them
// ("Russian banks").
func (m *stMatcher) match(s string, toks []stToken, date stDate, sc *stScratch, dst []stRawMention) []stRawMention {
	cands := sc.cands[:0]
	sc.hints = sc.hints[:0]
	var rm stRawMention // what accept found
	floor := int32(0)   // a title may not reach into the previous mention
	i := 0              // the first token not in a mention
	for _, p := range sc.marks {
		if int(p) < i {
			continue
		}
		n := m.words.rootOf[toks[p].id]
		if n == 0 {
			continue // a favour cue or a reporting verb
		}
		i = int(p)
		if i > 0 && stIsNameJoin(toks, i-1) {
			continue
		}
		cands = cands[:0]
		if m.surfaces.hit[n] {
			cands = append(cands, stCandRef{end: int32(i + 1), node: n})
		}
		for j := i + 1; j < len(toks); j++ {
			t := &toks[j]
			if !t.word && toks[j-1].spaceAfter && !stIsOpenPunct(t) {
				// "U.S ." is not "U.S."; a surface's inner punctuation is tight.
				break
			}
			if m.surfaces.inner[t.id/64]&(1<<(t.id%64)) == 0 {
				break // no surface continues with this token
			}
			c, ok := m.surfaces.child(n, t.id)
			if !ok {
				break
			}
			n = c
			if m.surfaces.hit[n] {
				cands = append(cands, stCandRef{end: int32(j + 1), node: n})
			}
		}
		accepted := false
		for k := len(cands) - 1; k >= 0 && !accepted; k-- {
			c := cands[k]
			if m.accept(&rm, s, toks, int32(i), c.end, m.surfaces.hits[c.node], date, floor, &sc.shadowed) {
				if rm.tokStart == int32(i) && rm.tokEnd == c.end {
					rm.text = m.surfaces.text[c.node]
				}
				dst = append(dst, rm)
				i = int(rm.tokEnd)
				floor = rm.tokEnd
				accepted = true
			}
		}
		if !accepted {
			for k := len(cands) - 1; k >= 0; k-- {
				for _, h := range m.surfaces.hits[cands[k].node] {
					if h.adjective {
						sc.hints = append(sc.hints, h.actor)
					}
				}
			}
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
func stIsNameJoin(toks []stToken, i int) bool {
	t := &toks[i]
	if t.word || t.spaceAfter || i == 0 || toks[i-1].spaceAfter || !toks[i-1].word {
		return false
	}
	return t.punct == '\'' || t.punct == '’'
}

func stIsOpenPunct(t *stToken) bool {
	return t.punct == '(' || t.punct == '"' || t.punct == '“'
}

// accept decides whether the surface toks[i:end] with the given hits is a
// mention here, applying the adjective, metonym and name rules, and picks the
// actor whose term covers date. It reports whether it is, and then fills in
// *rm (leaving text 0); else *rm is unspecified. (Filled in place: returned,
// the mention was copied through the stack at every call.)
func (m *stMatcher) accept(rm *stRawMention, s string, toks []stToken, i, end int32, hits []stTrieHit, date stDate, floor int32, shadowed *[]int32) bool {
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
	*rm = stRawMention{tokStart: i, tokEnd: end, headTok: i}
	if best != nil {
		a := &m.actors[best.actor]
		if a.metonym && !m.metonymOK(s, toks, i, end) {
			best = nil
		} else if a.country && m.inNonStateName(s, toks, i) {
			best = nil
		} else if a.country && int(end) < len(toks) && !toks[end-1].spaceAfter && toks[end].punct == '$' {
			best = nil // "US$", "A$": a currency
		} else if stCompassOf(s, toks, end) {
			best = nil // "to the west of the key southern city": a direction
		}
	}
	if best != nil && m.actors[best.actor].person && !m.shadowedPerson(s, toks, i, end, floor, best.actor, shadowed) {
		return false
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
		return false
	}
	rm.actor = best.actor
	rm.other = bestCamp == OtherCamp
	rm.campK = m.actors[best.actor].campK
	if !m.actors[best.actor].person && stFormerBefore(s, toks, i) {
		// "the former Polish leader", "a former Russian diplomat": a
		// past office holder, no camp; "the former US ambassador": the
		// country still counts, but the ambassador speaks for no camp.
		if w := stWordInfo(toks[rm.tokEnd-1].info); rm.tokEnd-1 > i && w.has(swRoleNoun) {
			rm.other = true
		} else if int(rm.tokEnd) < len(toks) && stWordInfo(toks[rm.tokEnd].info).has(swRoleNoun) {
			rm.former = true
		}
	}
	if rm.other {
		rm.campK = -1
	}
	// A title word right before the surface belongs to the mention.
	if m.actors[best.actor].person {
		if ts := m.titleBefore(s, toks, i, floor); ts < i {
			rm.tokStart = ts
		}
	}
	rm.start = toks[rm.tokStart].start
	rm.end = toks[rm.tokEnd-1].end
	return true
}

// matchAliases adds the mentions of a publisher's aliases (trie t) to raw
// where no mention is yet, keeping raw in token order. starts are the
// indexes of the words that start an alias, in order.
func (m *stMatcher) matchAliases(s string, toks []stToken, t *stTrie, starts []int32, date stDate, raw []stRawMention) []stRawMention {
	n0 := len(raw)
	next := 0  // the first mention (of the main pass) not yet left behind
	after := 0 // the first token after the last alias found
	for _, p := range starts {
		i := int(p)
		if i < after {
			continue
		}
		for next < n0 && int(raw[next].tokEnd) <= i {
			next++
		}
		if next < n0 && int(raw[next].tokStart) <= i {
			continue
		}
		limit := len(toks)
		if next < n0 {
			limit = int(raw[next].tokStart)
		}
		n, end, endNode := int32(0), -1, int32(0)
		var hit stTrieHit
		for j := i; j < limit; j++ {
			id := toks[j].id
			if j > i && t.inner[id/64]&(1<<(id%64)) == 0 {
				break // no alias continues with this token
			}
			c, ok := t.child(n, id)
			if !ok {
				break
			}
			n = c
			if len(t.hits[n]) > 0 {
				end, hit, endNode = j+1, t.hits[n][0], n
			}
		}
		if end < 0 {
			continue
		}
		if end < len(toks) && stIsWord(s, &toks[end], "of") && !stOwnOffice(s, toks, raw[next:n0], end+1, m.actors[hit.actor].campK) {
			// "the President of Latvia", "the Head of State of Belarus":
			// another office, named by what follows, not the publisher's.
			continue
		}
		rm := stRawMention{
			actor: hit.actor, other: m.actors[hit.actor].campAt(date) == OtherCamp, campK: m.actors[hit.actor].campK, ours: hit.ours,
			tokStart: int32(i), tokEnd: int32(end), headTok: int32(i), text: t.text[endNode],
			start: toks[i].start, end: toks[end-1].end,
		}
		if rm.other {
			rm.campK = -1
		}
		raw = append(raw, rm)
		after = end
	}
	if len(raw) > n0 {
		slices.SortFunc(raw, func(a, b stRawMention) int { return int(a.tokStart - b.tokStart) })
	}
	return raw
}

// stOwnOffice reports whether the words from token j, after an alias's
// "of", are a mention of the alias's own camp campK among raw (those not
// before j): "the President of Ukraine", "the President of the Russian
// Federation" in their publishers' releases.
func stOwnOffice(s string, toks []stToken, raw []stRawMention, j int, campK int32) bool {
	if j < len(toks) && stIsWord(s, &toks[j], "the") {
		j++
	}
	return len(raw) > 0 && int(raw[0].tokStart) == j && raw[0].campK == campK && campK >= 0
}

// stPossessiveAt reports whether toks[j:] starts with a glued 's, ’s, ' or ’.
func stPossessiveAt(toks []stToken, j int) bool {
	if j <= 0 || j >= len(toks) || toks[j-1].spaceAfter || toks[j].word {
		return false
	}
	return toks[j].punct == '\'' || toks[j].punct == '’'
}

// stAfterPossessive returns the index of the first token after the surface
// ending at end and any possessive suffix.
func stAfterPossessive(s string, toks []stToken, end int) int {
	if stPossessiveAt(toks, end) {
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
		c, ok := m.titles.child(n, toks[j].id)
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

// stGivenInitials returns the initials of a person's given names, as
// [stCompiledActor.initials] holds them; 0 for other kinds.
func stGivenInitials(a Actor) uint32 {
	if a.Kind != "person" {
		return 0
	}
	var b uint32
	for _, s := range append([]string{a.Name}, a.Surfaces...) {
		first, _, ok := strings.Cut(s, " ")
		if !ok || first == "" {
			continue
		}
		if c := first[0] | 0x20; 'a' <= c && c <= 'z' {
			b |= 1 << (c - 'a')
		}
	}
	return b
}

// shadowedPerson reports whether a person's surface toks[i:end] names the
// actor, keeping the article's record of the actors whose surname it has
// given to someone else. A bare surname after another given name ("Simon
// Johnson", see [stMatcher.otherGivenName]) is not the actor, and records
// it: the same bare surname later in the article is that other person
// ("Johnson said", "Mr Johnson"), unless an office comes with it
// ("Prime Minister Johnson"). A surface of more than one word ("Boris
// Johnson") names the actor and lifts the record.
func (m *stMatcher) shadowedPerson(s string, toks []stToken, i, end, floor int32, actor int32, shadowed *[]int32) bool {
	a := &m.actors[actor]
	if !stBareSurname(toks, i, end) {
		if k := slices.Index(*shadowed, actor); k >= 0 {
			*shadowed = slices.Delete(*shadowed, k, k+1)
		}
		return true
	}
	if m.otherGivenName(s, toks, i, end, floor, a) {
		if !slices.Contains(*shadowed, actor) {
			*shadowed = append(*shadowed, actor)
		}
		return false
	}
	if !slices.Contains(*shadowed, actor) {
		return true
	}
	t := m.titleBefore(s, toks, i, floor)
	return t < i && !stIsAnyWord(s, &toks[t], "mr", "mrs", "ms", "dr", "sir")
}

// stBareSurname reports whether toks[i:end] is one word, or words joined
// without a space.
func stBareSurname(toks []stToken, i, end int32) bool {
	for k := i; k < end-1; k++ {
		if toks[k].spaceAfter {
			return false
		}
	}
	return true
}

// otherGivenName reports whether the person surface toks[i:end], a bare
// surname, follows a given name that none of the actor's own given names
// begins like: "Simon Johnson" is not Boris Johnson, "Heydar Aliyev" not
// Ilham Aliyev. Only the initial is compared, so that "Sergei" and
// "Valeriy" still find "Sergey" and "Valery"; a patronymic between them is
// passed over ("Pavlo Oleksandrovych Kyrylenko"). A word before the
// surname is taken for a given name when it is capitalised, of at least
// two letters the second of which is lower-case and no other upper-case
// ("AP", initials and words run together are not), one space away, not
// the first word of a sentence, a quotation or a clause (which a verb may
// be: "Discussing Putin's threat", "“Punish Putin”"), not in a headline
// in title case, and neither a title, a surface of its own ("French"), a
// word the stance method knows ("Could Putin be tried?" after a caption)
// nor one of stNotGivenNames ("But", "March"). "Volodymyr and Olena
// Zelenskyy" is the couple, and keeps him.
func (m *stMatcher) otherGivenName(s string, toks []stToken, i, end, floor int32, a *stCompiledActor) bool {
	if a.initials == 0 {
		return false
	}
	g := i - 1 // the given name
	if g >= floor && g > 0 && stTightWord(toks, g, i) && stPatronymic(s[toks[g].start:toks[g].end]) {
		g--
	}
	if g < floor || !stTightWord(toks, g, g+1) || !m.givenNameOutside(s, toks, g, a) {
		return false
	}
	if g == 0 || !toks[g-1].word && !stPunctIs(&toks[g-1], '.') && !stPunctIs(&toks[g-1], ',') {
		return false // the first word of a sentence, a quotation or a clause: "“Punish Putin”"
	}
	if j := stAfterPossessive(s, toks, int(end)); j < len(toks) && toks[j].word && toks[j].capital {
		return false // a headline in title case: "Topics of Interest Scholz Urges More Aid"
	}
	if m.titleBefore(s, toks, g+1, floor) <= g {
		return false
	}
	if g >= 2 && g-2 >= floor && stIsWord(s, &toks[g-1], "and") {
		if q := &toks[g-2]; q.word && q.capital && s[q.start] < utf8.RuneSelf && a.initials&(1<<(s[q.start]|0x20-'a')) != 0 {
			return false // "Volodymyr and Olena Zelenskyy"
		}
	}
	return true
}

// stTightWord reports whether token g is a word followed by one space and
// then token next.
func stTightWord(toks []stToken, g, next int32) bool {
	p := &toks[g]
	return p.word && p.spaceAfter && p.end+1 == toks[next].start
}

// givenNameOutside reports whether word token g has the shape of a given
// name (see [stMatcher.otherGivenName]) that begins with none of actor a's
// initials.
func (m *stMatcher) givenNameOutside(s string, toks []stToken, g int32, a *stCompiledActor) bool {
	p := &toks[g]
	w := s[p.start:p.end]
	if !p.capital || p.info != 0 || len(w) < 2 || w[0] >= utf8.RuneSelf || !('a' <= w[1] && w[1] <= 'z' || w[1] >= utf8.RuneSelf) {
		return false
	}
	if a.initials&(1<<(w[0]|0x20-'a')) != 0 || m.surfaces.hit[m.words.rootOf[p.id]] {
		return false
	}
	for k := 1; k < len(w); k++ {
		if 'A' <= w[k] && w[k] <= 'Z' {
			return false // "MacronBoris": two words run together
		}
	}
	return !stLowerLookup(stNotGivenNames, w)
}

// stPatronymic reports whether w ends like an East Slavic patronymic
// ("Oleksandrovych", "Vladimirovich", "Ivanovna").
func stPatronymic(w string) bool {
	for _, suf := range [...]string{"vych", "vich", "vna", "ych", "ich"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// stNotGivenNames are capitalised words that may stand right before a
// surname without being a given name: words that open a sentence or a
// clause, days and months.
var stNotGivenNames = stWordSet(`and but or nor so yet for if as when while after before since because
	although though unless until once whether where what who whom whose how why the an this that
	these those there here then now today yesterday tomorrow tonight meanwhile however still also
	even only just both either neither each every all some many most several no not never with
	without from into in on at by of to under over between against during through across about
	around among amid despite like unlike including following according later earlier instead
	otherwise alongside besides perhaps maybe indeed thus hence therefore furthermore moreover
	dear mr mrs ms dr sir lord lady madam says said asked told thanks thank congratulations
	monday tuesday wednesday thursday friday saturday sunday january february march april may
	june july august september october november december`)

// stateNounAfter reports whether a state noun follows the adjective ending at
// end, after at most two modifier words (a hyphenated word counts as one),
// and returns the token index just past the noun. An adjective glued to a
// hyphen on either side ("pro-Russian", "Russian-backed") is not the state.
func (m *stMatcher) stateNounAfter(s string, toks []stToken, i, end int32) (int32, bool) {
	if e, ok := stDemonymPair(s, toks, i, end); ok {
		return e, true
	}
	if end < int32(len(toks)) && !toks[end-1].spaceAfter && !toks[end].word {
		return 0, false
	}
	if i > 0 && !toks[i-1].spaceAfter && !toks[i-1].word {
		if toks[i-1].punct == '-' {
			return 0, false
		}
	}
	j := int(end)
	for words := 0; words < 3 && j < len(toks); words++ {
		if !toks[j].word {
			return 0, false
		}
		if words == 0 && stIsAnyWord(s, &toks[j], "and", "or") {
			// "Russian and Ukrainian forces": the adjective shares the
			// noun of the one after it, which is a mention of its own;
			// this one is the adjective alone.
			if _, ok := m.stateNounAfter(s, toks, int32(j+1), int32(j+2)); ok && j+1 < len(toks) && toks[j+1].capital {
				return end, true
			}
		}
		// the word, with glued hyphen parts
		k := j
		for k+2 < len(toks) && !toks[k].spaceAfter && !toks[k+1].word && s[toks[k+1].start:toks[k+1].end] == "-" && toks[k+2].word && !toks[k+1].spaceAfter {
			k += 2
		}
		if k == j && m.inSet(stSetStateNoun, s, &toks[j]) {
			return int32(j + 1), true
		}
		if k > j && m.stateNouns[strings.ToLower(s[toks[j].start:toks[k].end])] {
			// a hyphenated state noun of the lexicon ("build-up",
			// "cyber-attacks"); other hyphenated words are modifiers
			return int32(k + 1), true
		}
		j = k + 1
	}
	return 0, false
}

// stFormerBefore reports "former" or "ex-" right before token i ("the
// former Polish leader", "an ex-Soviet officer").
func stFormerBefore(s string, toks []stToken, i int32) bool {
	return stHyphenPrefix(s, toks, int(i), "ex") || i >= 1 && stIsWord(s, &toks[i-1], "former")
}

// stHyphenPrefix reports whether token k is joined by a hyphen, with no
// space either side, to the word prefix before it ("ex-Soviet",
// "anti-Russia", "de-escalation").
func stHyphenPrefix(s string, toks []stToken, k int, prefix string) bool {
	return k >= 2 && stPunctIs(&toks[k-1], '-') && !toks[k-1].spaceAfter && !toks[k-2].spaceAfter &&
		stIsWord(s, &toks[k-2], prefix)
}

// stRelationNouns are what two states have between them: after two
// demonyms joined by a hyphen they make both adjectives the states
// ("Russian-Turkish contacts", "German-Russian relations").
var stRelationNouns = stWordSet(`relations relationship ties contacts talks negotiations cooperation
	dialogue summit summits partnership border borders agreement agreements commission consultations
	trade friendship meeting meetings exchanges interaction crisis conflict`)

// stDemonymPair reports the adjective toks[i:end] as one of two capitalised
// words joined by a hyphen before a relation noun, and returns the token
// index just past the mention: the adjective alone for the first
// ("Russian" in "Russian-Turkish contacts"), up to the noun for the second.
func stDemonymPair(s string, toks []stToken, i, end int32) (int32, bool) {
	n := int32(len(toks))
	hyphen := func(k int32) bool { return !toks[k].word && toks[k].punct == '-' && !toks[k].spaceAfter }
	// relation returns the index of a relation noun at k, or at k+1 after
	// one modifier ("strategic partnership", "intergovernmental
	// commission"), or -1.
	relation := func(k int32) int32 {
		for j := k; j < n && j <= k+1; j++ {
			if !toks[j].word {
				return -1
			}
			w := s[toks[j].start:toks[j].end]
			if stLowerLookup(stRelationNouns, w) {
				return j
			}
			if !stLowerLookup(stRelationModifiers, w) {
				return -1
			}
		}
		return -1
	}
	if end+2 < n && !toks[end-1].spaceAfter && hyphen(end) && toks[end+1].word && toks[end+1].capital &&
		toks[end+1].spaceAfter && relation(end+2) >= 0 {
		return end, true
	}
	if i >= 2 && end < n && toks[i-2].word && toks[i-2].capital && !toks[i-2].spaceAfter && hyphen(i-1) &&
		toks[end-1].spaceAfter {
		if r := relation(end); r >= 0 {
			return r + 1, true
		}
	}
	return 0, false
}

// stRelationModifiers may stand between two joined demonyms and their
// relation noun: "the Russian-Venezuelan strategic partnership", "the
// Russian-Azerbaijani intergovernmental commission".
var stRelationModifiers = stWordSet(`strategic intergovernmental bilateral economic military political
	diplomatic comprehensive allied`)

// stPlaceNouns are nouns that make a capital a place when they follow it or
// its possessive, or precede "of" it ("Kyiv residents", "Moscow's
// streets", "the outskirts of Kyiv").
var stPlaceNouns = stWordSet(`streets street residents resident mayor metro subway suburbs suburb outskirts
	centre center city park parks airport airports region districts district neighbourhood
	neighbourhoods neighborhood neighborhoods skyline population citizens hospitals hospital schools
	university universities theatre theatres theater railway station stations square river
	north south east west northeast northwest southeast southwest heart edge outside inhabitants
	people streets buildings apartment apartments blocks skies sky air restaurants cafes museum museums
	zoo concert concerts cathedral churches church bars shops market markets marathon football club
	clubs team teams`)

// stRulersBeforeIn are the nouns of a government that make a capital after
// them and "in" the state, not a place ("the authorities in Kiev").
var stRulersBeforeIn = []string{"government", "authorities", "regime", "power", "leadership", "junta", "rulers", "ministry", "ministries"}

// stLocativeBefore are words that make a following capital a location.
var stLocativeBefore = stWordSet(`in at near outside around across inside into within throughout via
	arrived arriving landed visited visiting visit visits trip trips travelled traveled flew fled
	flee flees fleeing returned toured`)

// stPlaceAfter are words that make a capital right before them a place
// ("Kyiv region", "Moscow time").
var stPlaceAfter = stWordSet(`region regions oblast city time metro province governorate direction`)

var stMovementBeforeTo = stWordSet(`trip trips visit visits travel travelled traveled travelling flight flights
	flew returned return went came journey journeys arrived moved fled evacuated drive drove road
	route highway train trains way march marched advance advanced advancing heading headed head moving
	pushing pushed rolling rolled marching access`)

// stActionBefore are military actions whose object, after "on", "for",
// "of" and the like, is a city: a capital after them is the place ("the
// attack on Kyiv", "the battle for Kyiv", "the siege of Kyiv", forces
// "advancing on Kyiv" or "aiming for Kyiv"), not the government.
var stActionBefore = stWordSet(`attack attacks assault assaults strike strikes airstrike airstrikes shelling
	bombing bombings bombardment battle battles siege encirclement offensive push drive advance
	liberation capture fall defence defense approaches invasion advanced advancing converged converging
	aiming`)

func stWordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// stLowerLookup returns m's value for w's lower-case form, the zero value
// when w is longer than any word of the small sets it serves (32 bytes)
// or absent. The form is built on the stack, not allocated.
func stLowerLookup[V any](m map[string]V, w string) V {
	var buf [32]byte
	if len(w) > len(buf) {
		var zero V
		return zero
	}
	return m[string(stAppendLower(buf[:0], w))]
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

// stIsWord reports whether token t is the word w, ignoring case (as
// [strings.EqualFold]); w must be ASCII lower case.
func stIsWord(s string, t *stToken, w string) bool {
	if !t.word {
		return false
	}
	if t.plain {
		return s[t.start:t.end] == w // no other spelling folds to w
	}
	return strings.EqualFold(s[t.start:t.end], w)
}

// stIsAnyWord reports whether token t is one of the words ws, ignoring
// case (see [stIsWord]).
func stIsAnyWord(s string, t *stToken, ws ...string) bool {
	for _, w := range ws {
		if stIsWord(s, t, w) {
			return true
		}
	}
	return false
}

// stIsCapitalised reports whether a word token starts with an upper-case letter.
func stIsCapitalised(t *stToken) bool { return t.capital }

// metonymOK reports whether the capital or building name toks[i:end] stands
// for the government here rather than a place or part of a longer name.
func (m *stMatcher) metonymOK(s string, toks []stToken, i, end int32) bool {
	if i > 0 {
		prev := &toks[i-1]
		if prev.word {
			if m.inSet(stSetLocative, s, prev) {
				// "protesters in Moscow"; but "the government in Kyiv", "those
				// who hold power in Kiev" are the state.
				return stIsWord(s, prev, "in") && i > 1 && toks[i-2].word && stIsAnyWord(s, &toks[i-2], stRulersBeforeIn...)
			}
			if i > 1 && toks[i-2].word && stIsAnyWord(s, prev, "to", "towards", "toward") && m.inSet(stSetMovement, s, &toks[i-2]) {
				return false // "flew to Kyiv", "heading towards Kyiv"
			}
			if i > 1 && toks[i-2].word && stIsAnyWord(s, prev, "on", "for", "of", "upon", "against", "towards", "toward") &&
				m.inSet(stSetAction, s, &toks[i-2]) && stAfterPossessive(s, toks, int(end)) == int(end) {
				// "the attack on Kyiv", "the battle for Kyiv": the city; but
				// "a strike against Kyiv's decision-making centres" aims at
				// the government.
				return false
			}
			if stIsWord(s, prev, "of") && i > 1 {
				k := i - 2
				if stIsWord(s, &toks[k], "the") && k > 0 {
					k--
				}
				if toks[k].word && (m.inSet(stSetPlaceNoun, s, &toks[k]) || stIsWord(s, &toks[k], "capital")) {
					return false // "the city of Kyiv", "the Ukrainian capital of Kyiv"
				}
			}
			if stIsWord(s, prev, "capital") {
				return false // "the capital Kyiv"
			}
		} else if prev.punct == ',' && i > 1 && toks[i-2].word && stIsWord(s, &toks[i-2], "capital") {
			return false // "the capital, Kyiv, …"
		} else if prev.punct == '-' && !prev.spaceAfter && i > 1 && !toks[i-2].spaceAfter {
			return false // "Moscow-" compounds from the left: "pro-Moscow" is not the Kremlin speaking
		}
	}
	j := stAfterPossessive(s, toks, int(end))
	if j < len(toks) {
		if j == int(end) {
			t := &toks[j]
			if t.word && stIsCapitalised(t) {
				return false // "Moscow Times", "Kyiv Post", "Kremlin Palace"
			}
			if !t.word && !toks[j-1].spaceAfter {
				if t.punct == '-' {
					return false // "Moscow-based", "Kyiv-born"
				}
			}
			if t.word {
				if m.inSet(stSetPlaceAfter, s, t) || m.inSet(stSetPlaceNoun, s, t) {
					return false // "Kyiv region", "a Kyiv apartment block"
				}
			}
			if stRegionList(s, toks, j) {
				return false // "the Kyiv and Luhansk regions", "Sumy, Kyiv, Donetsk regions"
			}
		} else {
			// possessive: skip up to two modifiers to find a place noun,
			// but not past a state noun ("Kyiv's operation command
			// south" is the state's)
			for k := j; k < len(toks) && k < j+3; k++ {
				if !toks[k].word || m.inSet(stSetStateNoun, s, &toks[k]) {
					break
				}
				if m.inSet(stSetPlaceNoun, s, &toks[k]) {
					return false
				}
			}
		}
	}
	return true
}

// stCompassOf reports a surface ending in the lower-case word "west"
// before "of" and a place ("of the country", "of Kyiv"): "to the west of
// Mariupol" names a direction, not the West (whose lower-case spelling,
// "the west", the Guardian uses). "The west of late" and "accused the west
// of interfering" are the West.
func stCompassOf(s string, toks []stToken, end int32) bool {
	last := &toks[end-1]
	if int(end)+1 >= len(toks) || last.capital || !stIsWord(s, last, "west") || !stIsWord(s, &toks[end], "of") {
		return false
	}
	next := &toks[end+1]
	return next.word && (next.capital || stIsWord(s, next, "the"))
}

// stRegionList reports a list of places that a plural place noun closes,
// starting at token j right after a capital: ", Donetsk regions" and "and
// Luhansk regions" make "Kyiv" in "the Sumy, Kyiv, Donetsk regions" and
// "the Kyiv and Luhansk regions" a region, not the government. Only
// commas, "and" and capitalised words may come between, at most six
// tokens.
func stRegionList(s string, toks []stToken, j int) bool {
	for k := j; k < len(toks) && k < j+7; k++ {
		t := &toks[k]
		switch {
		case t.word && stIsAnyWord(s, t, "regions", "oblasts", "districts", "provinces"):
			return k > j
		case t.word && (stIsCapitalised(t) || stIsWord(s, t, "and")):
		case t.punct == ',':
		default:
			return false
		}
	}
	return false
}

// stNonStateHeads are heads of names of non-state bodies, awards and titles in
// which a country name does not count ("University of London", "Hero of
// Russia", "Patriarch of Moscow and all Russia").
var stNonStateHeads = stWordSet(`university universities award awards order medal hero patriarch patriarchate
	church museum academy institute newsletter library school festival cup championship league
	society foundation association orchestra ballet theatre theater olympiad contest competition
	prize college conservatory`)

// inNonStateName reports whether the country name starting at token i sits
// in a name such as "National Award of the Russian Federation".
func (m *stMatcher) inNonStateName(s string, toks []stToken, i int32) bool {
	k := i - 1
	if k >= 0 && stIsWord(s, &toks[k], "the") {
		k--
	}
	if k < 1 || !stIsWord(s, &toks[k], "of") {
		return false
	}
	h := &toks[k-1]
	return h.word && stIsCapitalised(h) && m.inSet(stSetNonStateHead, s, h)
}
