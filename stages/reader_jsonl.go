package stages

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
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
			if m.key == field {
				return jsonString(field, m.raw, field == r.cfg.Fields.ID)
			}
		}
		return "", false, nil
	}}, reject)
}

// jsonString decodes a JSON value that should be a string. null counts as
// absent. Numbers are accepted where numeric (ids), as written.
func jsonString(field string, raw json.RawMessage, numberOK bool) (string, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false, nil
	}
	switch raw[0] {
	case '"':
		if bytes.IndexByte(raw, '\\') < 0 {
			return string(raw[1 : len(raw)-1]), true, nil // nothing to unescape
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, fmt.Errorf("field %s: %w", field, err)
		}
		return s, true, nil
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

// member is one top-level member of a JSON object: its key and the raw
// bytes of its value.
type member struct {
	key string
	raw []byte
}

// decodeObject splits one JSON object into its top-level members, keeping
// each value raw; dup is the first key that occurs twice. line must be valid
// UTF-8 (readJSONL applies the invalid UTF-8 policy first). The whole line is
// validated first (encoding/json.Valid), so the scan below only has to find
// where members start and end. This is several times faster than
// json.Decoder's token API, which the reader's single goroutine cannot
// afford.
func decodeObject(line []byte) (obj []member, dup string, err error) {
	trimmed := bytes.TrimSpace(line)
	if !json.Valid(trimmed) {
		var v any
		err := json.Unmarshal(trimmed, &v) // for a precise message
		if err == nil {
			err = errors.New("malformed")
		}
		return nil, "", fmt.Errorf("invalid JSON: %w", err)
	}
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, "", errors.New("not a JSON object")
	}
	i := 1
	for {
		i = skipSpace(trimmed, i)
		if trimmed[i] == '}' {
			return obj, dup, nil
		}
		if trimmed[i] == ',' {
			i = skipSpace(trimmed, i+1)
		}
		kEnd := endOfString(trimmed, i)
		key := trimmed[i:kEnd]
		var k string
		if bytes.IndexByte(key, '\\') < 0 {
			k = string(key[1 : len(key)-1])
		} else if err := json.Unmarshal(key, &k); err != nil {
			return nil, "", fmt.Errorf("invalid JSON: %w", err)
		}
		i = skipSpace(trimmed, kEnd)
		i = skipSpace(trimmed, i+1) // the colon
		vEnd := endOfValue(trimmed, i)
		if dup == "" {
			for _, m := range obj {
				if m.key == k {
					dup = k
					break
				}
			}
		}
		obj = append(obj, member{key: k, raw: trimmed[i:vEnd]})
		i = vEnd
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// endOfString returns the index just past the JSON string starting at i.
func endOfString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

// endOfValue returns the index just past the JSON value starting at i,
// which json.Valid has already checked.
func endOfValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		return endOfString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = endOfString(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	default: // number, true, false, null
		j := i
		for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
			j++
		}
		return j
	}
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
