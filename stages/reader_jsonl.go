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
		raw, ok := obj[field]
		if !ok {
			return "", false, nil
		}
		return jsonString(field, raw, field == r.cfg.Fields.ID)
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

// decodeObject decodes one JSON object into its top-level members, keeping
// each value raw. dup is the first key that occurs twice. Trailing data after
// the object is an error.
func decodeObject(line []byte) (obj map[string]json.RawMessage, dup string, err error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	tok, err := dec.Token()
	if err != nil {
		return nil, "", fmt.Errorf("invalid JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, "", errors.New("not a JSON object")
	}
	obj = make(map[string]json.RawMessage, 8)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, "", fmt.Errorf("invalid JSON: %w", err)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, "", fmt.Errorf("invalid JSON: value of %q: %w", key, err)
		}
		if _, seen := obj[key]; seen && dup == "" {
			dup = key
		}
		obj[key] = raw
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, "", fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, "", errors.New("invalid JSON: data after the object")
	}
	return obj, dup, nil
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
