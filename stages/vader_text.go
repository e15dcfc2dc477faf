package stages

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"
)

// This file holds the string primitives VADER's reference implementation
// takes from Python's str type (split, strip, isupper, lower), rewritten to
// work on bytes without allocating. Invalid UTF-8 bytes, which a Python str
// cannot hold, are treated as one opaque non-space, uncased code point each.

// vaderIsSpaceRune reports whether Python's str.isspace is true for r: the
// separators str.split() uses. Unlike unicode.IsSpace it includes the four
// ASCII information separators U+001C..U+001F.
func vaderIsSpaceRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return vaderASCIISpace[r]
	case r == 0x85, r == 0xa0, r == 0x1680, r >= 0x2000 && r <= 0x200a,
		r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

var vaderASCIISpace = [utf8.RuneSelf]bool{
	'\t': true, '\n': true, '\v': true, '\f': true, '\r': true,
	0x1c: true, 0x1d: true, 0x1e: true, 0x1f: true, ' ': true,
}

// vaderPunct marks the bytes of Python's string.punctuation, the ASCII
// characters VADER strips from both ends of a word.
var vaderPunct = func() (t [256]bool) {
	for _, c := range "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" {
		t[c] = true
	}
	return t
}()

// vaderNextSpace returns the byte length of the white-space rune at the
// start of b, or 0 when b does not start with white space.
func vaderNextSpace(b []byte) int {
	c := b[0]
	if c < utf8.RuneSelf {
		if vaderASCIISpace[c] {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeRune(b)
	if r == utf8.RuneError && size <= 1 {
		return 0
	}
	if vaderIsSpaceRune(r) {
		return size
	}
	return 0
}

// vaderTrimSpace trims Python white space from both ends of b, as
// str.strip() with no argument does.
func vaderTrimSpace(b []byte) []byte {
	for len(b) > 0 {
		n := vaderNextSpace(b)
		if n == 0 {
			break
		}
		b = b[n:]
	}
	for len(b) > 0 {
		c := b[len(b)-1]
		if c < utf8.RuneSelf {
			if !vaderASCIISpace[c] {
				break
			}
			b = b[:len(b)-1]
			continue
		}
		r, size := utf8.DecodeLastRune(b)
		if (r == utf8.RuneError && size <= 1) || !vaderIsSpaceRune(r) {
			break
		}
		b = b[:len(b)-size]
	}
	return b
}

// vaderPyLower reports whether Python's str.islower is true for the single
// code point r, i.e. whether r has the Unicode Lowercase property.
func vaderPyLower(r rune) bool {
	return unicode.IsLower(r) || unicode.Is(unicode.Other_Lowercase, r)
}

// vaderPyUpper reports whether r has the Unicode Uppercase property.
func vaderPyUpper(r rune) bool {
	return unicode.IsUpper(r) || unicode.Is(unicode.Other_Uppercase, r)
}

// vaderIsCased reports whether r has the Unicode Cased property.
func vaderIsCased(r rune) bool {
	return vaderPyLower(r) || vaderPyUpper(r) || unicode.IsTitle(r)
}

// vaderIsCaseIgnorable reports whether r has the Unicode Case_Ignorable
// property (used by the final-sigma rule of str.lower).
func vaderIsCaseIgnorable(r rune) bool {
	switch r {
	// Word_Break MidLetter, MidNumLet and Single_Quote.
	case '\'', '.', ':', 0xb7, 0x387, 0x55f, 0x5f4, 0x2018, 0x2019, 0x2024,
		0x2027, 0xfe13, 0xfe52, 0xfe55, 0xff07, 0xff0e, 0xff1a:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// vaderIsUpper reports what Python's str.isupper returns for w: true when w
// has at least one cased code point and none that is lower or title case.
func vaderIsUpper(w []byte) bool {
	cased := false
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				return false
			}
			if 'A' <= c && c <= 'Z' {
				cased = true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(w[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			continue
		}
		if vaderPyLower(r) || unicode.IsTitle(r) {
			return false
		}
		if vaderPyUpper(r) {
			cased = true
		}
	}
	return cased
}

// vaderAppendLower appends Python's w.lower() to dst. Beyond the simple
// Unicode case mapping this applies the two rules str.lower adds: U+0130
// becomes "i\u0307", and a capital sigma at the end of a word becomes ς.
func vaderAppendLower(dst, w []byte) []byte {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(w[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, c)
		case r == 0x130:
			dst = append(dst, "i\u0307"...)
		case r == 0x3a3:
			if vaderFinalSigma(w, i, i+size) {
				dst = utf8.AppendRune(dst, 0x3c2)
			} else {
				dst = utf8.AppendRune(dst, 0x3c3)
			}
		default:
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		i += size
	}
	return dst
}

// vaderFinalSigma reports whether the capital sigma at w[start:end] is in
// the Final_Sigma context: a cased letter before it and none after it, when
// case-ignorable code points are skipped.
func vaderFinalSigma(w []byte, start, end int) bool {
	before := false
	for j := start; j > 0; {
		r, size := utf8.DecodeLastRune(w[:j])
		j -= size
		if !vaderIsCaseIgnorable(r) {
			before = vaderIsCased(r)
			break
		}
	}
	if !before {
		return false
	}
	for j := end; j < len(w); {
		r, size := utf8.DecodeRune(w[j:])
		j += size
		if !vaderIsCaseIgnorable(r) {
			return !vaderIsCased(r)
		}
	}
	return true
}

// Word-at-a-time ("SWAR") primitives: a uint64 holds 8 bytes of text,
// little-endian, and a mask has 0x80 in each byte it selects.
const (
	vaderOnes  = 0x0101010101010101
	vaderHighs = 0x8080808080808080
)

// vaderLoad returns b[i:i+8] as a little-endian word, with the bytes from
// n on (when n < 8) cleared. b must hold the 8 bytes even when n < 8.
func vaderLoad(b []byte, i, n int) uint64 {
	x := binary.LittleEndian.Uint64(b[i : i+8])
	if n < 8 {
		x &= 1<<(8*uint(n)) - 1
	}
	return x
}

// vaderASCII reports whether b has no byte >= 0x80.
func vaderASCII(b []byte) bool {
	var acc uint64
	i := 0
	for ; i+8 <= len(b); i += 8 {
		acc |= binary.LittleEndian.Uint64(b[i : i+8])
	}
	for ; i < len(b); i++ {
		acc |= uint64(b[i])
	}
	return acc&vaderHighs == 0
}

// vaderSpaceOrWide selects the bytes of x that are below 0x21 (ASCII white
// space and control characters) or non-ASCII. Only its lowest selected
// byte is exact: a borrow may select bytes above it.
func vaderSpaceOrWide(x uint64) uint64 {
	return ((x-0x21*vaderOnes)&^x | x) & vaderHighs
}

// vaderUpperBytes selects the bytes of x that are 'A' to 'Z'. (The sums
// are of 7-bit values, so no carry crosses a byte.)
func vaderUpperBytes(x uint64) uint64 {
	h := x &^ vaderHighs
	return (h + (0x80-'A')*vaderOnes) &^ (h + (0x7f-'Z')*vaderOnes) &^ x & vaderHighs
}

// vaderLowerBytes selects the bytes of x that are 'a' to 'z'.
func vaderLowerBytes(x uint64) uint64 {
	h := x &^ vaderHighs
	return (h + (0x80-'a')*vaderOnes) &^ (h + (0x7f-'z')*vaderOnes) &^ x & vaderHighs
}

// vaderLowerWord lower-cases the ASCII letters of x.
func vaderLowerWord(x uint64) uint64 { return x | vaderUpperBytes(x)>>2 }

// vaderHasByte reports whether some byte of x is c.
func vaderHasByte(x uint64, c byte) bool {
	v := x ^ uint64(c)*vaderOnes
	return (v-vaderOnes)&^v&vaderHighs != 0
}
