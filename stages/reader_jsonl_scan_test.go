package stages

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
)

// This file proves the single-pass JSON Lines decoder equal to the
// encoding/json path it replaced: jlRef* below is that path, kept verbatim
// as the reference.

// jlRefDecodeLine is the reference for Reader.decodeJSONLine: the same
// policy, with encoding/json doing the validation and the unquoting.
func jlRefDecodeLine(r *Reader, input string, num int64, line []byte, reject RejectFunc) *Article {
	if num == 1 {
		line = bytes.TrimPrefix(line, utf8BOM)
	}
	if !utf8.Valid(line) {
		if _, ok := r.checkUTF8(string(line), input, num, "", "", reject); !ok {
			return nil
		}
		line = bytes.ToValidUTF8(line, []byte("\uFFFD"))
	}
	obj, dup, err := jlRefDecodeObject(line)
	if err != nil {
		reject(Reject{Input: input, Record: num, Stage: "read", Action: ActionSkipRecord, Reason: err.Error()})
		return nil
	}
	if dup != "" && r.isField(dup) {
		reject(Reject{Input: input, Record: num, Field: dup, Stage: "read", Action: ActionSkipRecord,
			Reason: fmt.Sprintf("duplicate key %q", dup)})
		return nil
	}
	return r.toArticle(record{input: input, num: num, get: func(field string) (string, bool, error) {
		if raw, ok := obj[field]; ok {
			return jlRefJSONString(field, raw, field == r.cfg.Fields.ID)
		}
		return "", false, nil
	}}, reject)
}

// jlRefDecodeObject decodes a line with encoding/json: its members, and the
// first key that occurs twice.
func jlRefDecodeObject(line []byte) (obj map[string]json.RawMessage, dup string, err error) {
	trimmed := bytes.TrimSpace(line)
	if !json.Valid(trimmed) {
		var v any
		err := json.Unmarshal(trimmed, &v)
		if err == nil {
			err = errors.New("malformed")
		}
		return nil, "", fmt.Errorf("invalid JSON: %w", err)
	}
	if trimmed[0] != '{' {
		return nil, "", errors.New("not a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if _, err := dec.Token(); err != nil { // {
		return nil, "", err
	}
	obj = map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, "", err
		}
		key := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, "", err
		}
		if _, ok := obj[key]; ok && dup == "" {
			dup = key
		}
		obj[key] = raw // the last one wins, as in encoding/json
	}
	return obj, dup, nil
}

// jlRefJSONString is the reference for jsonString.
func jlRefJSONString(field string, raw json.RawMessage, numberOK bool) (string, bool, error) {
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

// jlCorpusLines returns the lines of a gzip'd JSON Lines file, split the way
// readJSONL splits them.
func jlCorpusLines(tb testing.TB, path string) [][]byte {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	br := bufio.NewReaderSize(zr, 1<<20)
	var lines [][]byte
	var long []byte
	for {
		line, tooLong, err := readLine(br, &long, DefaultReaderConfig().MaxLineBytes)
		if tooLong {
			tb.Fatalf("%s: line %d too long", path, len(lines)+1)
		}
		lines = append(lines, bytes.Clone(line))
		if err == io.EOF {
			return lines
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkDecodeJSONLine decodes the Ukraine corpus's lines, already in
// memory, into articles: the JSON work of BenchmarkRead without the gzip and
// line reading. MB/s is of JSON.
func BenchmarkDecodeJSONLine(b *testing.B) {
	lines := jlCorpusLines(b, sharedPath(b, "corpus/ukraine_news.jsonl.gz"))
	var n int64
	for _, l := range lines {
		n += int64(len(l))
	}
	r, err := NewReader(DefaultReaderConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		for i, l := range lines {
			if len(bytes.TrimSpace(l)) == 0 {
				continue
			}
			if r.decodeJSONLine("in.jsonl", int64(i+1), l, func(rj Reject) { b.Fatal(rj) }) == nil {
				b.Fatalf("line %d: no article", i+1)
			}
		}
	}
	jlReportCPU(b, cpu0)
}

// jlCompareWithJSON checks decodeObject on line against encoding/json,
// after the same trimming: it fails exactly when json.Valid does, with
// encoding/json's message at encoding/json's offset; a valid non-object is
// "not a JSON object"; an object has the members json.Decoder finds (keys,
// raw values, order), the last of each key is what json.Unmarshal into a
// map keeps, dup is the first repeated key, and every value decodes
// (jsonString) as the encoding/json reference does. Members are compared
// only for valid UTF-8, decodeObject's precondition.
func jlCompareWithJSON(t *testing.T, line []byte) {
	t.Helper()
	trimmed := bytes.TrimSpace(line)
	obj, dup, err := decodeObject(line)
	if !json.Valid(trimmed) {
		jerr := json.Unmarshal(trimmed, new(json.RawMessage))
		var want *json.SyntaxError
		if !errors.As(jerr, &want) {
			t.Fatalf("%.100q: encoding/json error %v is not a syntax error", line, jerr)
		}
		var got *jlSyntaxError
		if !errors.As(err, &got) {
			t.Fatalf("%.100q: error %v, want a syntax error like %q at offset %d", line, err, want, want.Offset)
		}
		if got.jsonMessage() != want.Error() || int64(got.off) != want.Offset {
			t.Fatalf("%.100q: error %q at offset %d, encoding/json has %q at %d", line, got.jsonMessage(), got.off, want, want.Offset)
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "invalid JSON: ") {
			t.Fatalf("%.100q: error %q does not start with \"invalid JSON: \"", line, msg)
		}
		return
	}
	if trimmed[0] != '{' {
		if err == nil || err.Error() != "not a JSON object" {
			t.Fatalf("%.100q: error %v, want not a JSON object", line, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%.100q: error %v for a valid object", line, err)
	}
	if !utf8.Valid(line) {
		return
	}
	// The members in order, as json.Decoder reads them.
	type kv struct {
		key string
		raw []byte
	}
	var want []kv
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		want = append(want, kv{tok.(string), raw})
	}
	if len(obj) != len(want) {
		t.Fatalf("%.100q: %d members, encoding/json has %d", line, len(obj), len(want))
	}
	wantDup := ""
	seen := map[string]bool{}
	for i, w := range want {
		m := obj[i]
		if string(m.key) != w.key || !bytes.Equal(m.raw, w.raw) {
			t.Fatalf("%.100q: member %d is %q: %q, encoding/json has %q: %q", line, i, m.key, m.raw, w.key, w.raw)
		}
		if seen[w.key] && wantDup == "" {
			wantDup = w.key
		}
		seen[w.key] = true
		if esc := m.raw[0] == '"' && bytes.IndexByte(m.raw, '\\') >= 0; m.esc != esc {
			t.Fatalf("%.100q: member %q: esc %v, want %v", line, m.key, m.esc, esc)
		}
		for _, numberOK := range []bool{false, true} {
			s, ok, err := jsonString(w.key, m, numberOK)
			ws, wok, werr := jlRefJSONString(w.key, w.raw, numberOK)
			if s != ws || ok != wok || fmt.Sprint(err) != fmt.Sprint(werr) {
				t.Fatalf("%.100q: member %q decodes to %q, %v, %v; encoding/json gives %q, %v, %v", line, w.key, s, ok, err, ws, wok, werr)
			}
		}
	}
	if dup != wantDup {
		t.Fatalf("%.100q: duplicate key %q, want %q", line, dup, wantDup)
	}
	var asMap map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &asMap); err != nil {
		t.Fatalf("%.100q: %v", line, err)
	}
	if len(asMap) != len(seen) {
		t.Fatalf("%.100q: %d distinct keys, json.Unmarshal has %d", line, len(seen), len(asMap))
	}
	for _, m := range obj {
		last := m.raw
		for _, m2 := range obj {
			if bytes.Equal(m2.key, m.key) {
				last = m2.raw
			}
		}
		if !bytes.Equal(asMap[string(m.key)], last) {
			t.Fatalf("%.100q: key %q: last value %q, json.Unmarshal has %q", line, m.key, last, asMap[string(m.key)])
		}
	}
}

func TestDecodeObjectMatchesEncodingJSON(t *testing.T) {
	lines := []string{
		// Valid objects.
		`{}`, ` { } `, "\t{\"a\" :\r\n1 }\n", `{"a":1,"b":"two","c":[3,{"d":null}],"e":true,"f":false}`,
		`{"a":"","b":"\"","c":"\\","d":"\/","e":"\b\f\n\r\t","f":"\u0000\u001f\u00e9\u20ac"}`,
		`{"smile":"\ud83d\ude00","lone":"\ud83d","low":"\ude00","then":"\ud83dx","bad pair":"\ud83d\u0041","hh":"\ud83d\ud83d\ude00"}`,
		`{"caf\u00e9":1,"k\"ey":2,"id":"x","id":"y"}`, `{"a":1,"b":2,"a":3,"b":4}`,
		`{"n":[0,-0,1,-1,10,0.5,-0.5e10,1E+2,1e-2,12345678901234567890123]}`,
		`{"id":12,"text":"t"}`, `{"id":1.5e3}`, `{"id":"é\u00e9 — ✓ 😀"}`,
		`{"a":[[],[[]],{},{"b":{}}]}`, `{"a":"` + strings.Repeat(`x\"`, 40) + `"}`,
		// Valid JSON that is not an object.
		`[]`, `[1,2]`, `"s"`, `12`, `-0.5`, `true`, `false`, `null`, ` [ {"a":1} ] `,
		// Invalid: every error of encoding/json's scanner.
		``, ` `, `{`, `{"a"`, `{"a":`, `{"a":1`, `{"a":1,`, `{"a":"x`, `[`, `[1,`, `"abc`,
		`{"a":"\`, `{"a":"\u`, `{"a":"\u12`, `{"a":-`, `{"a":1.`, `{"a":1e`, `{"a":1e+`, `{"a":t`, `{"a":fals`, `{"a":nu`,
		`-`, `1.`, `1e`, `t`, `nul`,
		`x`, `{x}`, `{"a" 1}`, `{"a":1 "b":2}`, `{"a":1,}`, `{,}`, `{"a":}`, `{"a"::1}`, `[1 2]`, `[1,]`, `[,]`,
		`{"a":1}x`, `{"a":1} {}`, `{"a":1}}`, `[1]]`, `1 2`, `"a" "b"`,
		"{\"a\":\"tab\there\"}", "{\"a\":\"nl\nhere\"}", "{\"a\":\"\x00\"}", "{\"a\":\"\x1f\"}",
		`{"a":"\x"}`, `{"a":"\'"}`, `{"a":"\U0041"}`, `{"a":"\u00g0"}`, `{"a":"\u 123"}`,
		`{"a":01}`, `{"a":-01}`, `{"a":+1}`, `{"a":.5}`, `{"a":1.e5}`, `{"a":1e.5}`, `{"a":--1}`, `{"a":0x1}`, `{"a":1.5.2}`,
		`{"a":tru}`, `{"a":True}`, `{"a":nulll}`, `{"a":falsee}`, `{"a":nil}`, `{"a":NaN}`, `{"a":Infinity}`,
		`{"a":[1}`, `{"a":{"b":1]}`, `{"a":{]}`, `{"a":[}`, `{'a':1}`, `{a:1}`,
		"{\"a\":1\v}", "\u00a0{\"a\":1}\u00a0", "{\"a\":1,\u00a0\"b\":2}", `{"a":é}`, `{"a":1é}`, `{"a":"ok"}é`,
		"{\"a\":\"\xff\"}", "{\"\xff\":1}", "{\"a\":\xff}",
	}
	// Nesting at encoding/json's limit and one past it, in objects and
	// arrays, at the top level and inside a member.
	for _, deep := range []int{9998, 9999, 10000, 10001} {
		lines = append(lines,
			strings.Repeat("[", deep)+strings.Repeat("]", deep),
			`{"a":`+strings.Repeat("[", deep-1)+strings.Repeat("]", deep-1)+`}`,
			`{"a":`+strings.Repeat(`{"b":`, deep-1)+"1"+strings.Repeat("}", deep-1)+`}`,
			`{"x":`+strings.Repeat("[", deep),
		)
	}
	// Many members: the duplicate key before, at and after the switch
	// from a linear search to a map.
	for _, n := range []int{31, 32, 33, 34, 200} {
		var sb strings.Builder
		sb.WriteString(`{"k0":0`)
		for k := 1; k < n; k++ {
			fmt.Fprintf(&sb, `,"k%d":%d`, k, k)
		}
		lines = append(lines, sb.String()+`}`, sb.String()+`,"k0":1}`, sb.String()+fmt.Sprintf(`,"k%d":1,"k1":2}`, n-1))
	}
	for _, l := range lines {
		jlCompareWithJSON(t, []byte(l))
	}
}

// TestDecodeObjectErrors checks the messages a reject gets: what was found,
// what was expected, and where in the line.
func TestDecodeObjectErrors(t *testing.T) {
	cases := []struct{ line, want string }{
		{`{"a":1 "b":2}`, `invalid JSON: invalid character '"' after object key:value pair at byte 7`},
		{`  {"a":1}x`, `invalid JSON: invalid character 'x' after top-level value at byte 9`},
		{`{"a":é}`, `invalid JSON: invalid character 'é' looking for beginning of value at byte 5`},
		{"{\"a\":\"x\ty\"}", `invalid JSON: invalid character '\t' in string literal at byte 7`},
		{`{"text": "unterminated`, `invalid JSON: unexpected end of JSON input`},
		{`{"a":"\u12`, `invalid JSON: unexpected end of JSON input in \u hexadecimal character escape`},
		{`{"a":tru}`, `invalid JSON: invalid character '}' in literal true (expecting 'e') at byte 8`},
		{`{"a":` + strings.Repeat("[", 10000), `invalid JSON: exceeded max depth (10000 nested objects and arrays) at byte 10004`},
		{`[1,2]`, `not a JSON object`},
	}
	for _, tc := range cases {
		_, _, err := decodeObject([]byte(tc.line))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%.40q: error %v, want %s", tc.line, err, tc.want)
		}
	}
}

// TestUnquoteMatchesEncodingJSON decodes every \u escape, and pairs of them
// around the surrogate ranges, with jlUnquote and encoding/json.
func TestUnquoteMatchesEncodingJSON(t *testing.T) {
	check := func(content string) {
		t.Helper()
		var want string
		if err := json.Unmarshal([]byte(`"`+content+`"`), &want); err != nil {
			t.Fatalf("%.100q: %v", content, err)
		}
		if got := jlUnquote([]byte(content)); got != want {
			t.Fatalf("%.100q: jlUnquote gives %q, encoding/json %q", content, got, want)
		}
	}
	for r := 0; r <= 0xFFFF; r++ {
		check(fmt.Sprintf(`\u%04x`, r))
		check(fmt.Sprintf(`a\u%04Xé`, r))
	}
	edges := []int{0, 0x41, 0xD7FF, 0xD800, 0xD83D, 0xDBFF, 0xDC00, 0xDE00, 0xDFFF, 0xE000, 0xFFFD, 0xFFFF}
	for _, hi := range edges {
		for _, lo := range edges {
			check(fmt.Sprintf(`\u%04x\u%04x`, hi, lo))
			check(fmt.Sprintf(`\u%04x\u%04x\u%04x`, hi, hi, lo))
			check(fmt.Sprintf(`\u%04x\n\u%04x`, hi, lo))
		}
	}
	for _, s := range []string{`\"\\\/\b\f\n\r\t`, `x\\u0041`, `\\\\`, `plain\n`, `\ud83d\` + `u0041`, `😀\ud83d😀`} {
		check(s)
	}
}

// jlDamage holds the bytes that replace a corpus byte: structural ones,
// the starts of numbers and literals, white space and a control character.
const jlDamage = `"\{}[]:,-0e.tn x` + "\t\x01"

// TestReadCorpusMatchesEncodingJSON reads every shared JSON Lines corpus
// through the Reader and through the encoding/json reference, and requires
// the same articles, field by field, and the same rejects. It then damages
// corpus lines (cuts, replaced bytes) and checks decodeObject against
// encoding/json on each.
func TestReadCorpusMatchesEncodingJSON(t *testing.T) {
	dir := sharedPath(t, "corpus")
	paths, err := filepath.Glob(filepath.Join(dir, "*.jsonl.gz"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus in %s (%v)", dir, err)
	}
	cfg := DefaultReaderConfig()
	cfg.DuplicateIDs = DuplicateKeep // the reference has no duplicate-id state
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			r, err := NewReader(cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got, want []*Article
			var gotRej, wantRej []Reject
			if err := r.Read(context.Background(), path, func(a *Article) error {
				got = append(got, a)
				return nil
			}, func(rj Reject) { gotRej = append(gotRej, rj) }); err != nil {
				t.Fatal(err)
			}
			lines := jlCorpusLines(t, path)
			for i, l := range lines {
				if len(bytes.TrimSpace(l)) == 0 {
					continue
				}
				if a := jlRefDecodeLine(r, path, int64(i+1), l, func(rj Reject) { wantRej = append(wantRej, rj) }); a != nil {
					want = append(want, a)
				}
			}
			if len(got) != len(want) || len(want) == 0 {
				t.Fatalf("%d articles, the reference has %d", len(got), len(want))
			}
			for i, a := range got {
				w := want[i]
				if a.ID != w.ID || a.Title != w.Title || a.Source != w.Source || a.URL != w.URL ||
					!a.PublishedAt.Equal(w.PublishedAt) || a.PublishedAt.Location() != w.PublishedAt.Location() ||
					a.Text != w.Text || a.Input != w.Input || a.Record != w.Record || a.Seq != w.Seq {
					// Not %+v: the corpus text stays out of logs.
					t.Fatalf("article %d (id %.40q, record %d) differs from the reference (id %.40q, record %d)", i, a.ID, a.Record, w.ID, w.Record)
				}
			}
			if fmt.Sprint(gotRej) != fmt.Sprint(wantRej) {
				t.Fatalf("rejects %+v, the reference has %+v", gotRej, wantRej)
			}
			t.Logf("%d articles, %d rejects identical", len(got), len(gotRej))

			rng := rand.New(rand.NewPCG(1, uint64(len(lines))))
			for _, l := range lines {
				if len(l) < 2 {
					continue
				}
				for range 3 {
					jlCompareWithJSON(t, l[:rng.IntN(len(l))])
					b := bytes.Clone(l)
					b[rng.IntN(len(b))] = jlDamage[rng.IntN(len(jlDamage))]
					jlCompareWithJSON(t, b)
				}
			}
		})
	}
}

// BenchmarkDecodeObject validates and splits the Ukraine corpus's lines,
// without unquoting or building articles. MB/s is of JSON.
func BenchmarkDecodeObject(b *testing.B) {
	lines := jlCorpusLines(b, sharedPath(b, "corpus/ukraine_news.jsonl.gz"))
	var n int64
	for _, l := range lines {
		n += int64(len(l))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		for i, l := range lines {
			if len(l) == 0 {
				continue
			}
			if _, _, err := decodeObject(l); err != nil {
				b.Fatalf("line %d: %v", i+1, err)
			}
		}
	}
	jlReportCPU(b, cpu0)
}

// jlReportCPU reports the process CPU time per iteration since cpu0, which
// a busy machine inflates less than the wall time.
func jlReportCPU(b *testing.B, cpu0 time.Duration) {
	if cpu := processCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
