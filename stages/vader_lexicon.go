package stages

import (
	"bytes"
	"crypto/sha256"
	_ "embed" // for the lexicons
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

// The lexicons are byte-identical copies of the files of
// github.com/cjhutto/vaderSentiment at commit 44fc044c (MIT licence, see
// lexicon/LICENSE.txt).
var (
	//go:embed lexicon/vader_lexicon.txt
	vaderLexiconFile []byte
	//go:embed lexicon/emoji_utf8_lexicon.txt
	vaderEmojiFile []byte
)

// ErrLexiconLine matches (with [errors.Is]) every error about a malformed
// lexicon entry, whether it comes from a file or from the inline `lexicon`
// map. Its text does not appear in those errors' messages.
var ErrLexiconLine = errors.New("bad lexicon entry")

// vaderLexiconError is a malformed-entry error: it reads as its message
// alone and matches [ErrLexiconLine].
type vaderLexiconError struct{ msg string }

func (e *vaderLexiconError) Error() string        { return e.msg }
func (e *vaderLexiconError) Is(target error) bool { return target == ErrLexiconLine }

func vaderLexErrorf(format string, args ...any) error {
	return &vaderLexiconError{msg: fmt.Sprintf(format, args...)}
}

// vaderBase is the parsed embedded lexicon and emoji table, built once.
type vaderBase struct {
	lexicon      map[string]float64
	emojis       map[rune]string
	lexiconSHA   string // of the embedded file's bytes
	emojiSHA     string
	lexiconLines int
}

var vaderLoadBase = sync.OnceValues(func() (*vaderBase, error) {
	lex, lines, err := vaderParseReferenceLexicon(vaderLexiconFile)
	if err != nil {
		return nil, fmt.Errorf("embedded vader_lexicon.txt: %w", err)
	}
	emo, err := vaderParseEmoji(vaderEmojiFile)
	if err != nil {
		return nil, fmt.Errorf("embedded emoji_utf8_lexicon.txt: %w", err)
	}
	ls, es := sha256.Sum256(vaderLexiconFile), sha256.Sum256(vaderEmojiFile)
	return &vaderBase{
		lexicon:      lex,
		emojis:       emo,
		lexiconSHA:   hex.EncodeToString(ls[:]),
		emojiSHA:     hex.EncodeToString(es[:]),
		lexiconLines: lines,
	}, nil
})

// vaderSplitLines splits data the way the reference reads its lexicons:
// trailing newlines are dropped, then the text is split on "\n".
func vaderSplitLines(data []byte) [][]byte {
	return bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
}

// vaderParseReferenceLexicon reads the embedded lexicon with the
// reference's rules: blank lines are skipped, each line is trimmed, the
// first two TAB-separated fields are token and mean, and a later row for the
// same token replaces an earlier one (14 tokens are listed twice).
func vaderParseReferenceLexicon(data []byte) (map[string]float64, int, error) {
	lines := vaderSplitLines(data)
	lex := make(map[string]float64, len(lines))
	n := 0
	for i, line := range lines {
		if len(line) == 0 {
			continue
		}
		n++
		fields := bytes.SplitN(vaderTrimSpace(line), []byte("\t"), 3)
		if len(fields) < 2 {
			return nil, 0, vaderLexErrorf("line %d: no TAB after the token", i+1)
		}
		v, err := strconv.ParseFloat(string(fields[1]), 64)
		if err != nil {
			return nil, 0, fmt.Errorf("line %d: %w", i+1, err)
		}
		lex[string(fields[0])] = v
	}
	return lex, n, nil
}

// vaderParseEmoji reads the emoji table: EMOJI<TAB>DESCRIPTION per line.
// Only keys of one code point can ever match (the reference compares code
// point by code point), so longer keys are dropped here.
func vaderParseEmoji(data []byte) (map[rune]string, error) {
	lines := vaderSplitLines(data)
	emo := make(map[rune]string, len(lines))
	for i, line := range lines {
		fields := bytes.SplitN(vaderTrimSpace(line), []byte("\t"), 3)
		if len(fields) < 2 {
			return nil, vaderLexErrorf("line %d: no TAB after the emoji", i+1)
		}
		r, size := utf8.DecodeRune(fields[0])
		if size == len(fields[0]) && r != utf8.RuneError {
			emo[r] = string(fields[1])
		}
	}
	return emo, nil
}

// vaderCheckToken returns why a user lexicon token could never be looked
// up, or "" when it can. The scorer lower-cases words, splits on white
// space, strips punctuation from words longer than two characters, and
// replaces emoji by their description before any of that.
func vaderCheckToken(tok string, emojis map[rune]string) string {
	b := []byte(tok)
	switch {
	case tok == "":
		return "empty token"
	case !utf8.ValidString(tok):
		return "token is not valid UTF-8"
	case !bytes.Equal(vaderAppendLower(nil, b), b):
		return "token has upper-case letters; words are lower-cased before lookup, so it would never match"
	}
	for i := 0; i < len(b); {
		if vaderNextSpace(b[i:]) > 0 {
			return "token contains white space; text is split on white space, so it would never match"
		}
		r, size := utf8.DecodeRune(b[i:])
		if _, ok := emojis[r]; ok {
			return fmt.Sprintf("token contains the emoji %q, which is replaced by its description before lookup", r)
		}
		i += size
	}
	if s := vaderStripPunct(b); len(s) != len(b) && utf8.RuneCount(s) > 2 {
		return "token starts or ends with punctuation, which is stripped from words before lookup, so it would never match"
	}
	return ""
}

// vaderStripPunct strips ASCII punctuation from both ends of w.
func vaderStripPunct(w []byte) []byte {
	for len(w) > 0 && vaderPunct[w[0]] {
		w = w[1:]
	}
	for len(w) > 0 && vaderPunct[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	return w
}

// vaderCheckValence rejects valences that are not finite numbers.
func vaderCheckValence(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "not a finite number"
	}
	return ""
}

// vaderParseUserLexicon reads a user lexicon file in VADER's format: one
// entry per line, `token<TAB>mean`, optionally followed by more
// TAB-separated fields that are ignored. Lines are trimmed; blank lines are
// skipped; there is no comment syntax (VADER tokens may start with '#').
// Within a file a later line for the same token wins. Each error names the
// file (as given), the 1-based line and the reason, and matches
// [ErrLexiconLine]; after 20 errors the file is abandoned.
func vaderParseUserLexicon(name string, data []byte, emojis map[rune]string) (map[string]float64, []error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	out := make(map[string]float64)
	var errs []error
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(errs) == 20 {
			errs = append(errs, vaderLexErrorf("%s: too many errors, stopped at line %d", name, i+1))
			break
		}
		line = vaderTrimSpace(line)
		if len(line) == 0 {
			continue
		}
		bad := func(format string, args ...any) {
			errs = append(errs, vaderLexErrorf("%s:%d: %s", name, i+1, fmt.Sprintf(format, args...)))
		}
		tok, rest, ok := bytes.Cut(line, []byte("\t"))
		if !ok {
			bad("no TAB between token and valence")
			continue
		}
		field, _, _ := bytes.Cut(rest, []byte("\t"))
		field = vaderTrimSpace(field)
		v, err := strconv.ParseFloat(string(field), 64)
		if err != nil {
			bad("valence %q: not a number", field)
			continue
		}
		if why := vaderCheckValence(v); why != "" {
			bad("valence %q: %s", field, why)
			continue
		}
		if why := vaderCheckToken(string(tok), emojis); why != "" {
			bad("token %q: %s", tok, why)
			continue
		}
		out[string(tok)] = v
	}
	return out, errs
}

// vaderLexiconSHA256 hashes an effective lexicon: its entries sorted by
// token (byte order), each written as token, TAB, the shortest decimal that
// parses back to the valence, and a newline.
func vaderLexiconSHA256(lex map[string]float64) string {
	keys := make([]string, 0, len(lex))
	for k := range lex {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	h := sha256.New()
	var buf []byte
	for _, k := range keys {
		buf = append(buf[:0], k...)
		buf = append(buf, '\t')
		buf = strconv.AppendFloat(buf, lex[k], 'g', -1, 64)
		buf = append(buf, '\n')
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil))
}
