package stages

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// readJSONL reads one JSON object per line. Blank lines are skipped; a line
// that is not a JSON object, or is longer than read.max_line_bytes, is
// rejected and reading goes on with the next line. A read error (such as a
// truncated gzip stream) rejects the rest of the input; the records before
// it are kept.
func (r *Reader) readJSONL(ctx context.Context, input string, src io.Reader, emit Emit, reject RejectFunc) error {
	br := bufio.NewReaderSize(src, 1<<20)
	var long []byte
	for num := int64(1); ; num++ {
		if num&255 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		line, tooLong, rerr := readLine(br, &long, r.cfg.MaxLineBytes)
		if tooLong {
			reject(Reject{Input: input, Record: num, Stage: "read", Action: ActionSkipRecord,
				Reason: fmt.Sprintf("line longer than read.max_line_bytes (%d)", r.cfg.MaxLineBytes)})
		} else if len(bytes.TrimSpace(line)) > 0 {
			if rerr != nil && rerr != io.EOF {
				// The line was cut short by the read error: it is not a
				// record, and the error below says why.
			} else if a := r.decodeJSONLine(input, num, line, reject); a != nil {
				if err := emit(a); err != nil {
					return err
				}
			}
		}
		if rerr == io.EOF {
			return nil
		}
		if rerr != nil {
			if err := ctx.Err(); err != nil {
				return err
			}
			reject(Reject{Input: input, Record: num, Stage: "read", Action: ActionSkipInput,
				Reason: "read error, rest of input skipped: " + rerr.Error()})
			return nil
		}
	}
}

// readLine returns the next line without its line ending. A line longer than
// max is consumed and reported with tooLong, without being kept in memory.
// long is scratch space for lines longer than the bufio buffer.
func readLine(br *bufio.Reader, long *[]byte, max int64) (line []byte, tooLong bool, err error) {
	buf := (*long)[:0]
	first := true
	for {
		chunk, rerr := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(chunk)) > max+2 { // +2: the line ending
				tooLong, buf = true, buf[:0]
			} else if first && rerr != bufio.ErrBufferFull {
				line = chunk // the whole line is in the bufio buffer: no copy
			} else {
				buf = append(buf, chunk...)
				line = buf
			}
		}
		first = false
		if rerr == bufio.ErrBufferFull {
			continue
		}
		*long = buf
		if tooLong {
			line = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\n'})
		line = bytes.TrimSuffix(line, []byte{'\r'})
		return line, tooLong, rerr
	}
}

// decodeJSONLine decodes one line into an Article, or records why not.
func (r *Reader) decodeJSONLine(input string, num int64, line []byte, reject RejectFunc) *Article {
	if num == 1 {
		line = bytes.TrimPrefix(line, utf8BOM)
	}
	if !utf8.Valid(line) {
		// encoding/json would silently replace invalid bytes; apply the
		// configured policy first, naming the whole record.
		if _, ok := r.checkUTF8(string(line), input, num, "", "", reject); !ok {
			return nil
		}
		line = bytes.ToValidUTF8(line, []byte("\uFFFD"))
	}
	obj, dup, err := decodeObject(line)
	if err != nil {
		reject(Reject{Input: input, Record: num, Stage: "read", Action: ActionSkipRecord, Reason: err.Error()})
		return nil
	}
	if dup != "" && r.isField(dup) {
		// encoding/json would keep the last value silently; which one the
		// author meant is unknowable, so the record is not used.
		reject(Reject{Input: input, Record: num, Field: dup, Stage: "read", Action: ActionSkipRecord,
			Reason: fmt.Sprintf("duplicate key %q", dup)})
		return nil
	}
	return r.toArticle(record{input: input, num: num, get: func(field string) (string, bool, error) {
		for _, m := range obj {
			if string(m.key) == field {
				return jsonString(field, m, field == r.cfg.Fields.ID)
			}
		}
		return "", false, nil
	}, validUTF8: true}, reject)
}

// jsonString decodes a member value that should be a string, exactly as
// encoding/json.Unmarshal into a string would. null counts as absent.
// Numbers are accepted where numeric (ids), as written.
func jsonString(field string, m member, numberOK bool) (string, bool, error) {
	raw := m.raw
	switch raw[0] {
	case '"':
		if !m.esc {
			return string(raw[1 : len(raw)-1]), true, nil // nothing to unescape
		}
		return jlUnquote(raw[1 : len(raw)-1]), true, nil
	case 'n':
		return "", false, nil // null
	case '{':
		return "", false, fmt.Errorf("field %s: expected a string, got an object", field)
	case '[':
		return "", false, fmt.Errorf("field %s: expected a string, got an array", field)
	case 't', 'f':
		return "", false, fmt.Errorf("field %s: expected a string, got a boolean", field)
	default:
		if numberOK {
			if _, err := strconv.ParseFloat(string(raw), 64); err == nil {
				return string(raw), true, nil
			}
		}
		return "", false, fmt.Errorf("field %s: expected a string, got a number", field)
	}
}

// member is one top-level member of a JSON object: its key (unescaped) and
// the raw bytes of its value, which [decodeObject] has validated. esc
// reports a string value with at least one escape sequence.
type member struct {
	key []byte
	raw []byte
	esc bool
}

// decodeObject splits one JSON object into its top-level members, keeping
// each value raw; dup is the first key that occurs twice. line must be valid
// UTF-8 (readJSONL applies the invalid UTF-8 policy first); surrounding
// white space (as bytes.TrimSpace has it) is ignored.
//
// It validates the line in the same pass, accepting exactly what
// encoding/json.Valid accepts, nesting limit (10000) included, without
// recursion. A line that is not JSON gets an error that wraps a
// *jlSyntaxError, saying what was found where, in encoding/json's terms;
// valid JSON that is not an object gets "not a JSON object".
func decodeObject(line []byte) (obj []member, dup string, err error) {
	b := bytes.TrimSpace(line)
	lead := 0
	if len(b) > 0 {
		lead = cap(line) - cap(b)
	}
	obj, dup, serr := jlSplitObject(b)
	if serr != nil {
		serr.lead = lead
		return nil, "", fmt.Errorf("invalid JSON: %w", serr)
	}
	if obj == nil {
		return nil, "", errors.New("not a JSON object")
	}
	return obj, dup, nil
}

// jlSplitObject does the work of [decodeObject] on a trimmed line. obj is
// nil, with no error, for valid JSON that is not an object.
func jlSplitObject(b []byte) (obj []member, dup string, serr *jlSyntaxError) {
	if len(b) == 0 || b[0] != '{' {
		end, serr := jlSkipValue(b, 0, 0)
		if end = jlSkipSpace(b, end); serr == nil && end < len(b) {
			serr = jlErrAt(b, end, "after top-level value")
		}
		return nil, "", serr
	}
	obj = make([]member, 0, 16)
	var keys map[string]struct{} // for objects of many members
	i := jlSkipSpace(b, 1)
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			kEnd, kEsc, serr := jlScanKey(b, i)
			if serr != nil {
				return nil, "", serr
			}
			key := b[i+1 : kEnd-1]
			if kEsc {
				key = []byte(jlUnquote(key))
			}
			if i = jlSkipSpace(b, kEnd); i >= len(b) {
				return nil, "", jlErrEOF(b, "")
			}
			if b[i] != ':' {
				return nil, "", jlErrAt(b, i, "after object key")
			}
			i = jlSkipSpace(b, i+1)
			start, esc := i, false
			if i < len(b) && b[i] == '"' {
				i, esc, serr = jlScanString(b, i)
			} else {
				i, serr = jlSkipValue(b, i, 1)
			}
			if serr != nil {
				return nil, "", serr
			}
			if dup == "" && jlSeen(obj, &keys, key) {
				dup = string(key)
			}
			obj = append(obj, member{key: key, raw: b[start:i], esc: esc})
			if i = jlSkipSpace(b, i); i >= len(b) {
				return nil, "", jlErrEOF(b, "")
			}
			if b[i] == '}' {
				i++
				break
			}
			if b[i] != ',' {
				return nil, "", jlErrAt(b, i, "after object key:value pair")
			}
			i = jlSkipSpace(b, i+1)
		}
	}
	if i = jlSkipSpace(b, i); i < len(b) {
		return nil, "", jlErrAt(b, i, "after top-level value")
	}
	return obj, dup, nil
}

// jlSeen reports whether key is the key of a member of obj. Past a few
// members it keeps the keys in *keys, so that an object of many members
// costs linear time, not quadratic.
func jlSeen(obj []member, keys *map[string]struct{}, key []byte) bool {
	const few = 32
	if len(obj) <= few {
		for _, m := range obj {
			if bytes.Equal(m.key, key) {
				return true
			}
		}
		return false
	}
	if *keys == nil {
		*keys = make(map[string]struct{}, 2*len(obj))
		for _, m := range obj {
			(*keys)[string(m.key)] = struct{}{}
		}
	}
	if _, ok := (*keys)[string(key)]; ok {
		return true
	}
	(*keys)[string(key)] = struct{}{}
	return false
}

// jlMaxDepth is the deepest nesting of objects and arrays accepted, the
// limit of encoding/json.
const jlMaxDepth = 10000

// jlSkipValue validates the JSON value that starts at b[i] (white space
// already skipped) and returns the index just past it. depth is the number
// of objects and arrays the value is in. Nesting is tracked on an explicit
// stack, not by recursion.
func jlSkipValue(b []byte, i, depth int) (int, *jlSyntaxError) {
	var stackBuf [32]byte
	stack := stackBuf[:0] // '{' or '[' of each open object or array
	var serr *jlSyntaxError
	for {
		// A value starts at i.
		if i >= len(b) {
			return 0, jlErrEOF(b, "")
		}
		switch c := b[i]; {
		case c == '"':
			i, _, serr = jlScanString(b, i)
		case c == '-' || '0' <= c && c <= '9':
			i, serr = jlScanNumber(b, i)
		case c == 't':
			i, serr = jlScanLiteral(b, i, "true")
		case c == 'f':
			i, serr = jlScanLiteral(b, i, "false")
		case c == 'n':
			i, serr = jlScanLiteral(b, i, "null")
		case c == '{' || c == '[':
			if depth+len(stack)+1 > jlMaxDepth {
				e := jlErrAt(b, i, "exceeded max depth")
				e.depth = true
				return 0, e
			}
			stack = append(stack, c)
			if i = jlSkipSpace(b, i+1); i >= len(b) {
				return 0, jlErrEOF(b, "")
			}
			if b[i] == c+2 { // '}' is '{'+2, ']' is '['+2
				stack = stack[:len(stack)-1]
				i++
			} else if c == '[' {
				continue // the first element
			} else if i, serr = jlSkipKey(b, i); serr == nil {
				continue // the first member's value
			}
		default:
			return 0, jlErrAt(b, i, "looking for beginning of value")
		}
		if serr != nil {
			return 0, serr
		}
		// After a value: a comma, or the end of the object or array it is
		// in (perhaps several).
		for {
			if len(stack) == 0 {
				return i, nil
			}
			if i = jlSkipSpace(b, i); i >= len(b) {
				return 0, jlErrEOF(b, "")
			}
			top := stack[len(stack)-1]
			if b[i] == top+2 {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if b[i] != ',' {
				if top == '{' {
					return 0, jlErrAt(b, i, "after object key:value pair")
				}
				return 0, jlErrAt(b, i, "after array element")
			}
			i = jlSkipSpace(b, i+1)
			if top == '{' {
				if i, serr = jlSkipKey(b, i); serr != nil {
					return 0, serr
				}
			}
			break // the next value
		}
	}
}

// jlScanKey validates the object key that should start at b[i] and returns
// the index just past it, and whether it has escapes.
func jlScanKey(b []byte, i int) (int, bool, *jlSyntaxError) {
	if i >= len(b) {
		return 0, false, jlErrEOF(b, "")
	}
	if b[i] != '"' {
		return 0, false, jlErrAt(b, i, "looking for beginning of object key string")
	}
	return jlScanString(b, i)
}

// jlSkipKey validates an object key that should start at b[i] and the colon
// after it, and returns the index where the member's value starts.
func jlSkipKey(b []byte, i int) (int, *jlSyntaxError) {
	i, _, serr := jlScanKey(b, i)
	if serr != nil {
		return 0, serr
	}
	if i = jlSkipSpace(b, i); i >= len(b) {
		return 0, jlErrEOF(b, "")
	}
	if b[i] != ':' {
		return 0, jlErrAt(b, i, "after object key")
	}
	return jlSkipSpace(b, i+1), nil
}

// jlSkipSpace returns the index of the first byte at or after i that is not
// JSON white space (space, tab, CR, LF), or len(b).
func jlSkipSpace(b []byte, i int) int {
	for i < len(b) && b[i] <= ' ' && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// SWAR constants: a byte value in every byte of a word.
const (
	jlOnes  = 0x0101010101010101
	jlHighs = 0x8080808080808080
)

// jlStopBytes has the high bit set in the bytes of the little-endian word x
// that end a plain run of string content (a quote, a backslash, a control
// character), and possibly in bytes after the first of them, never before:
// bits.TrailingZeros64 of it finds the first. Bytes >= 0x80 never stop.
func jlStopBytes(x uint64) uint64 {
	q := x ^ (jlOnes * '"')
	s := x ^ (jlOnes * '\\')
	return ((x - jlOnes*0x20) | (q - jlOnes) | (s - jlOnes)) &^ x & jlHighs
}

// jlScanString validates the string that starts with the quote at b[i] and
// returns the index just past its closing quote, and whether it has escape
// sequences. It looks at eight bytes at a time.
func jlScanString(b []byte, i int) (end int, esc bool, serr *jlSyntaxError) {
	j := i + 1
	for {
		for j+8 <= len(b) {
			if m := jlStopBytes(binary.LittleEndian.Uint64(b[j:])); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
			j += 8
		}
		if j >= len(b) {
			return 0, false, jlErrEOF(b, "")
		}
		switch c := b[j]; {
		case c == '"':
			return j + 1, esc, nil
		case c == '\\':
			esc = true
			if j++; j >= len(b) {
				return 0, false, jlErrEOF(b, "in string escape code")
			}
			switch b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j++
			case 'u':
				j++
				for k := 0; k < 4; k, j = k+1, j+1 {
					if j >= len(b) {
						return 0, false, jlErrEOF(b, `in \u hexadecimal character escape`)
					}
					if jlHexVal[b[j]] < 0 {
						return 0, false, jlErrAt(b, j, `in \u hexadecimal character escape`)
					}
				}
			default:
				return 0, false, jlErrAt(b, j, "in string escape code")
			}
		case c < 0x20:
			return 0, false, jlErrAt(b, j, "in string literal")
		default: // the last few bytes, looked at one by one
			j++
		}
	}
}

// jlHexVal is the value of each hexadecimal digit, -1 for other bytes.
var jlHexVal = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i, c := range "0123456789abcdef" {
		t[c] = int8(i)
	}
	for i, c := range "ABCDEF" {
		t[c] = int8(10 + i)
	}
	return t
}()

// jlScanNumber validates the number that starts at b[i] ('-' or a digit) and
// returns the index just past it. What follows is for the caller to check.
func jlScanNumber(b []byte, i int) (int, *jlSyntaxError) {
	j := i
	if b[j] == '-' {
		if j++; j >= len(b) {
			return 0, jlErrEOF(b, "in numeric literal")
		}
		if !jlIsDigit(b[j]) {
			return 0, jlErrAt(b, j, "in numeric literal")
		}
	}
	if b[j] == '0' {
		j++
	} else {
		j = jlSkipDigits(b, j+1)
	}
	if j < len(b) && b[j] == '.' {
		if j++; j >= len(b) {
			return 0, jlErrEOF(b, "after decimal point in numeric literal")
		}
		if !jlIsDigit(b[j]) {
			return 0, jlErrAt(b, j, "after decimal point in numeric literal")
		}
		j = jlSkipDigits(b, j+1)
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if j >= len(b) {
			return 0, jlErrEOF(b, "in exponent of numeric literal")
		}
		if !jlIsDigit(b[j]) {
			return 0, jlErrAt(b, j, "in exponent of numeric literal")
		}
		j = jlSkipDigits(b, j+1)
	}
	return j, nil
}

func jlIsDigit(c byte) bool { return '0' <= c && c <= '9' }

func jlSkipDigits(b []byte, j int) int {
	for j < len(b) && jlIsDigit(b[j]) {
		j++
	}
	return j
}

// jlScanLiteral validates the literal lit (true, false or null) whose first
// byte is at b[i] and returns the index just past it.
func jlScanLiteral(b []byte, i int, lit string) (int, *jlSyntaxError) {
	for k := 1; k < len(lit); k++ {
		j := i + k
		if j >= len(b) || b[j] != lit[k] {
			context := "in literal " + lit + " (expecting " + jlQuoteChar(rune(lit[k])) + ")"
			if j >= len(b) {
				return 0, jlErrEOF(b, context)
			}
			return 0, jlErrAt(b, j, context)
		}
	}
	return i + len(lit), nil
}

// jlUnquote returns the string content s (between the quotes, validated,
// with at least one escape) unescaped exactly as encoding/json does it: a
// \u escape of a lone or mismatched UTF-16 surrogate becomes U+FFFD, and
// the escape after it is decoded on its own. s must be valid UTF-8, which
// is copied as is.
func jlUnquote(s []byte) string {
	var sb strings.Builder
	sb.Grow(len(s)) // unescaping never lengthens
	for {
		k := bytes.IndexByte(s, '\\')
		if k < 0 {
			sb.Write(s)
			return sb.String()
		}
		sb.Write(s[:k])
		if c := s[k+1]; c != 'u' {
			sb.WriteByte(jlUnescaped[c])
			s = s[k+2:]
			continue
		}
		r := jlHex4(s[k+2:])
		s = s[k+6:]
		if utf16.IsSurrogate(r) {
			if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
				if pair := utf16.DecodeRune(r, jlHex4(s[2:])); pair != unicode.ReplacementChar {
					sb.WriteRune(pair)
					s = s[6:]
					continue
				}
			}
			r = unicode.ReplacementChar
		}
		sb.WriteRune(r)
	}
}

// jlHex4 is the value of the four hexadecimal digits at the start of s.
func jlHex4(s []byte) rune {
	_ = s[3]
	return rune(jlHexVal[s[0]])<<12 | rune(jlHexVal[s[1]])<<8 | rune(jlHexVal[s[2]])<<4 | rune(jlHexVal[s[3]])
}

// jlUnescaped maps the byte after a backslash (other than u) to the byte it
// stands for.
var jlUnescaped = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// jlSyntaxError is a line that is not valid JSON: what was found where, and
// what the scanner was looking for.
type jlSyntaxError struct {
	// off is encoding/json's SyntaxError.Offset for the trimmed line: the
	// index of the offending byte plus one, or the length at the end of
	// input.
	off int
	// c is the offending byte; r the character it starts (for messages).
	c byte
	r rune
	// context is what the scanner was doing, in encoding/json's words
	// ("after object key", "in string escape code").
	context string
	eof     bool // the line ended early
	depth   bool // nesting deeper than jlMaxDepth
	lead    int  // white space trimmed from the start of the line
}

// jlErrAt is the error for the unexpected byte b[i].
func jlErrAt(b []byte, i int, context string) *jlSyntaxError {
	r, _ := utf8.DecodeRune(b[i:])
	return &jlSyntaxError{off: i + 1, c: b[i], r: r, context: context}
}

// jlErrEOF is the error for a line that ends early. context is empty
// between tokens, or says which token was cut short.
func jlErrEOF(b []byte, context string) *jlSyntaxError {
	return &jlSyntaxError{off: len(b), c: ' ', r: ' ', context: context, eof: true}
}

// Error says what is wrong and where: the 0-based byte offset in the line
// as read (after a byte order mark, if any), or nothing at its end.
func (e *jlSyntaxError) Error() string {
	switch {
	case e.eof && e.context == "":
		return "unexpected end of JSON input"
	case e.eof:
		return "unexpected end of JSON input " + e.context
	case e.depth:
		return fmt.Sprintf("exceeded max depth (%d nested objects and arrays) at byte %d", jlMaxDepth, e.lead+e.off-1)
	}
	return fmt.Sprintf("invalid character %s %s at byte %d", jlQuoteChar(e.r), e.context, e.lead+e.off-1)
}

// jsonMessage is the message encoding/json gives for the same error.
func (e *jlSyntaxError) jsonMessage() string {
	if e.eof && e.context == "" {
		return "unexpected end of JSON input"
	}
	return "invalid character " + jlQuoteChar(rune(e.c)) + " " + e.context
}

// jlQuoteChar quotes a character the way encoding/json's messages do.
func jlQuoteChar(r rune) string {
	switch r {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	s := strconv.QuoteRune(r)
	return "'" + s[1:len(s)-1] + "'"
}

// isField reports whether name is one of the configured field names.
func (r *Reader) isField(name string) bool {
	f := r.cfg.Fields
	switch name {
	case f.ID, f.Title, f.Text, f.Date, f.Source, f.URL:
		return true
	}
	return false
}
