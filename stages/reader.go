package stages

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
)

// FieldNames maps the article fields to the names they have in JSON Lines,
// CSV and Parquet inputs.
type FieldNames struct {
	ID     string `mapstructure:"id" yaml:"id"`
	Title  string `mapstructure:"title" yaml:"title"`
	Text   string `mapstructure:"text" yaml:"text"`
	Date   string `mapstructure:"date" yaml:"date"`
	Source string `mapstructure:"source" yaml:"source"`
	URL    string `mapstructure:"url" yaml:"url"`
}

// Invalid UTF-8 policies of [ReaderConfig].
const (
	InvalidUTF8Reject  = "reject"
	InvalidUTF8Replace = "replace"
)

// ReaderConfig configures a [Reader]; it is the `read` section of the YAML
// config.
type ReaderConfig struct {
	Fields FieldNames `mapstructure:"fields" yaml:"fields"`
	// InvalidUTF8 says what happens to a record whose text fields are not
	// valid UTF-8: "reject" skips it, "replace" replaces each invalid byte
	// with U+FFFD and keeps it.
	InvalidUTF8 string `mapstructure:"invalid_utf8" yaml:"invalid_utf8"`
	// MaxArticleBytes is the largest article text accepted; longer ones are
	// rejected.
	MaxArticleBytes int64 `mapstructure:"max_article_bytes" yaml:"max_article_bytes"`
	// MaxLineBytes is the longest line read from a JSON Lines input (and the
	// largest CSV record); longer ones are rejected without being held in
	// memory.
	MaxLineBytes int64 `mapstructure:"max_line_bytes" yaml:"max_line_bytes"`
	// DuplicateIDs says what happens to an article whose id was already
	// read in this run: "reject" keeps the first and rejects the others,
	// "fail" stops the run, "keep" keeps them all (ids are then not unique).
	DuplicateIDs string `mapstructure:"duplicate_ids" yaml:"duplicate_ids"`
}

// Duplicate id policies of [ReaderConfig].
const (
	DuplicateReject = "reject"
	DuplicateFail   = "fail"
	DuplicateKeep   = "keep"
)

// ErrDuplicateID is returned by [Reader.Read] when an article id repeats and
// the policy is "fail".
var ErrDuplicateID = errors.New("duplicate article id")

// DefaultReaderConfig returns the defaults documented in configs/default.yaml.
func DefaultReaderConfig() ReaderConfig {
	return ReaderConfig{
		Fields:          FieldNames{ID: "id", Title: "title", Text: "text", Date: "date", Source: "source", URL: "url"},
		InvalidUTF8:     InvalidUTF8Reject,
		MaxArticleBytes: 64 << 20,
		MaxLineBytes:    80 << 20,
		DuplicateIDs:    DuplicateReject,
	}
}

// Validate checks the config. Messages name the key relative to the section.
func (c ReaderConfig) Validate() error {
	var errs []error
	for _, f := range []struct{ key, val string }{
		{"fields.id", c.Fields.ID}, {"fields.title", c.Fields.Title}, {"fields.text", c.Fields.Text},
		{"fields.date", c.Fields.Date}, {"fields.source", c.Fields.Source}, {"fields.url", c.Fields.URL},
	} {
		if strings.TrimSpace(f.val) == "" {
			errs = append(errs, fmt.Errorf("%s: must be a field name (got %q)", f.key, f.val))
		}
	}
	if c.InvalidUTF8 != InvalidUTF8Reject && c.InvalidUTF8 != InvalidUTF8Replace {
		errs = append(errs, fmt.Errorf("invalid_utf8: must be one of reject, replace (got %q)", c.InvalidUTF8))
	}
	switch c.DuplicateIDs {
	case DuplicateReject, DuplicateFail, DuplicateKeep:
	default:
		errs = append(errs, fmt.Errorf("duplicate_ids: must be one of reject, fail, keep (got %q)", c.DuplicateIDs))
	}
	if c.MaxArticleBytes < 1 {
		errs = append(errs, fmt.Errorf("max_article_bytes: must be >= 1 (got %d)", c.MaxArticleBytes))
	}
	if c.MaxLineBytes < 1024 {
		errs = append(errs, fmt.Errorf("max_line_bytes: must be >= 1024 (got %d)", c.MaxLineBytes))
	}
	return errors.Join(errs...)
}

// Reject actions: what happened to the rejected thing.
const (
	ActionSkipRecord = "skipped_record" // the record (article) is not in the output
	ActionSkipInput  = "skipped_input"  // the rest of the input, or all of it, is not in the output
	ActionDropField  = "dropped_field"  // the record is kept, without this field's value
)

// Reject describes one piece of input the pipeline could not use. It is one
// line of rejects.jsonl.
type Reject struct {
	Input  string `json:"input"`
	Record int64  `json:"record,omitempty"` // 1-based line or record number; 0 for the whole input
	ID     string `json:"article_id,omitempty"`
	Field  string `json:"field,omitempty"`
	Stage  string `json:"stage"`
	Action string `json:"action"`
	Reason string `json:"reason"`
}

// Emit receives each article a [Reader] decodes. An error stops the reading
// and is returned by [Reader.Read].
type Emit func(*Article) error

// RejectFunc receives each reject a [Reader] records. It must be safe to call
// from the reading goroutine.
type RejectFunc func(Reject)

// Reader decodes articles from files, directories and standard input. One
// Reader reads inputs one after another; it is not safe for concurrent use,
// except for [Reader.BytesRead].
//
// Bad records are never fatal: each is passed to the reject function with
// the input, the line or record number, the field and the reason, and
// reading goes on. Only a cancelled context or an error from Emit stops a
// Read.
type Reader struct {
	cfg   ReaderConfig
	stdin io.Reader
	read  atomic.Int64
	// seen holds a 64-bit hash of every id read, for the duplicate policy:
	// 8 bytes an article rather than the id itself. Two different ids
	// collide with probability about n²/2⁶⁵ (3e-8 for a million articles).
	seen idSet
}

// idSet is a set of 64-bit hashes split into 256 maps by the top byte.
// One map of every id doubles its whole table at once as the corpus grows,
// with the old and the new table both live while it copies (some 30 MB at
// two million articles); shards grow one at a time, each 1/256 of the set,
// so the set's peak is its size.
type idSet [256]map[uint64]struct{}

// add inserts k and reports whether it was absent.
func (s *idSet) add(k uint64) bool {
	m := s[k>>56]
	if m == nil {
		m = map[uint64]struct{}{}
		s[k>>56] = m
	}
	if _, ok := m[k]; ok {
		return false
	}
	m[k] = struct{}{}
	return true
}

// NewReader returns a Reader. stdin is what the input "-" reads (JSON Lines);
// it may be nil when "-" is not used.
func NewReader(cfg ReaderConfig, stdin io.Reader) (*Reader, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Reader{cfg: cfg, stdin: stdin}, nil
}

// BytesRead returns the number of raw (possibly compressed) input bytes read
// so far. It is safe to call from any goroutine.
func (r *Reader) BytesRead() int64 { return r.read.Load() }

// Format names an input format.
type Format string

// The input formats.
const (
	FormatText    Format = "text"
	FormatJSONL   Format = "jsonl"
	FormatCSV     Format = "csv"
	FormatParquet Format = "parquet"
)

// DetectFormat returns the format of a file from its name and whether it is
// gzip-compressed. ok is false for a name no reader handles.
func DetectFormat(name string) (f Format, gz bool, ok bool) {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".gz") {
		gz = true
		lower = strings.TrimSuffix(lower, ".gz")
	}
	switch filepath.Ext(lower) {
	case ".txt", ".md":
		return FormatText, gz, true
	case ".jsonl", ".ndjson":
		return FormatJSONL, gz, true
	case ".csv":
		return FormatCSV, gz, true
	case ".parquet":
		return FormatParquet, gz, true
	}
	return "", false, false
}

// CheckInput reports whether input can be read at all: "-", an existing
// directory, or an existing file of a supported format. The pipeline calls it
// for every input before it starts, so that a typo is a usage error.
func CheckInput(input string) error {
	if input == "-" {
		return nil
	}
	st, err := os.Stat(input)
	if err != nil {
		return fmt.Errorf("input %s: %w", input, err)
	}
	if st.IsDir() {
		return nil
	}
	if _, _, ok := DetectFormat(input); !ok {
		return fmt.Errorf("input %s: unsupported file type (want .txt, .md, .jsonl, .ndjson, .csv or .parquet, optionally .gz)", input)
	}
	return nil
}

// Read decodes every article of input and passes it to emit, in input
// order. Article.Seq is left for the caller to set. Ids are checked for
// duplicates across every input one Reader reads.
func (r *Reader) Read(ctx context.Context, input string, emit Emit, reject RejectFunc) error {
	if r.cfg.DuplicateIDs != DuplicateKeep {
		emit = r.dedup(emit, reject)
	}
	if input == "-" {
		if r.stdin == nil {
			reject(Reject{Input: "-", Stage: "read", Action: ActionSkipInput, Reason: "standard input is not available"})
			return nil
		}
		cr := newCtxReader(ctx, r.stdin)
		defer cr.stop()
		return r.readJSONL(ctx, "-", &countingReader{r: cr, n: &r.read}, emit, reject)
	}
	st, err := os.Stat(input)
	if err != nil {
		reject(Reject{Input: input, Stage: "read", Action: ActionSkipInput, Reason: err.Error()})
		return nil
	}
	if st.IsDir() {
		return r.readDir(ctx, input, emit, reject)
	}
	return r.readFile(ctx, input, filepath.Base(input), emit, reject)
}

func (r *Reader) readDir(ctx context.Context, root string, emit Emit, reject RejectFunc) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			// An unreadable directory or file: record it and go on.
			reject(Reject{Input: path, Stage: "read", Action: ActionSkipInput, Reason: err.Error()})
			if d != nil && d.IsDir() && path != root {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if path != root && strings.HasPrefix(name, ".") {
			// Hidden files and folders (.git, .DS_Store) are not articles.
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			if d.Type()&fs.ModeSymlink != 0 {
				st, serr := os.Stat(path)
				if serr != nil || !st.Mode().IsRegular() {
					reason := "symbolic link to something that is not a regular file; skipped"
					if serr != nil {
						reason = "broken symbolic link: " + serr.Error()
					}
					reject(Reject{Input: path, Stage: "read", Action: ActionSkipInput, Reason: reason})
					return nil
				}
			} else {
				reject(Reject{Input: path, Stage: "read", Action: ActionSkipInput, Reason: "not a regular file; skipped"})
				return nil
			}
		}
		if _, _, ok := DetectFormat(name); !ok {
			reject(Reject{Input: path, Stage: "read", Action: ActionSkipInput, Reason: "unsupported file type; skipped"})
			return nil
		}
		rel, rerr := filepath.Rel(root, path)
		if rerr != nil {
			rel = path
		}
		return r.readFile(ctx, path, filepath.ToSlash(rel), emit, reject)
	})
}

// readFile reads one file; rel is its id for text files. An input that
// yields no record at all, good or bad, is recorded as a reject, so that an
// empty or mis-named file does not pass unnoticed.
func (r *Reader) readFile(ctx context.Context, path, rel string, emit Emit, reject RejectFunc) error {
	seen := false
	countEmit := func(a *Article) error { seen = true; return emit(a) }
	countReject := func(rj Reject) { seen = true; reject(rj) }
	err := r.readFormat(ctx, path, rel, countEmit, countReject)
	if err == nil && !seen {
		reject(Reject{Input: path, Stage: "read", Action: ActionSkipInput, Reason: "no records: the input is empty"})
	}
	return err
}

func (r *Reader) readFormat(ctx context.Context, path, rel string, emit Emit, reject RejectFunc) error {
	format, gz, ok := DetectFormat(path)
	if !ok {
		reject(Reject{Input: path, Stage: "read", Action: ActionSkipInput, Reason: "unsupported file type; skipped"})
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		reject(Reject{Input: path, Stage: "read", Action: ActionSkipInput, Reason: err.Error()})
		return nil
	}
	defer f.Close()
	var src io.Reader = &countingReader{r: f, n: &r.read}
	if gz {
		zr, err := gzip.NewReader(bufio.NewReaderSize(src, 256<<10))
		if err != nil {
			reject(Reject{Input: path, Stage: "read", Action: ActionSkipInput, Reason: "gzip: " + err.Error()})
			return nil
		}
		defer zr.Close()
		src = zr
	}
	switch format {
	case FormatText:
		return r.readText(path, rel, src, emit, reject)
	case FormatJSONL:
		return r.readJSONL(ctx, path, src, emit, reject)
	case FormatCSV:
		return r.readCSV(ctx, path, src, emit, reject)
	default: // FormatParquet
		if gz {
			return r.readParquetStream(ctx, path, src, emit, reject)
		}
		return r.readParquet(ctx, path, f, emit, reject)
	}
}

// readText reads a .txt or .md file: one article. The first line is the
// title when a blank line follows it.
func (r *Reader) readText(path, rel string, src io.Reader, emit Emit, reject RejectFunc) error {
	data, err := io.ReadAll(io.LimitReader(src, r.cfg.MaxArticleBytes+1))
	if err != nil {
		reject(Reject{Input: path, Stage: "read", Action: ActionSkipInput, Reason: "read: " + err.Error()})
		return nil
	}
	if int64(len(data)) > r.cfg.MaxArticleBytes {
		reject(Reject{Input: path, Record: 1, ID: rel, Field: "text", Stage: "read", Action: ActionSkipRecord,
			Reason: fmt.Sprintf("article longer than read.max_article_bytes (%d)", r.cfg.MaxArticleBytes)})
		return nil
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	s, ok := r.checkUTF8(string(data), path, 1, rel, "text", reject)
	if !ok {
		return nil
	}
	a := &Article{ID: rel, Input: path, Record: 1}
	a.Title, a.Text = splitTitle(s, strings.HasSuffix(strings.ToLower(strings.TrimSuffix(strings.ToLower(path), ".gz")), ".md"))
	if strings.TrimSpace(a.Text) == "" {
		reject(Reject{Input: path, Record: 1, ID: rel, Field: "text", Stage: "read", Action: ActionSkipRecord, Reason: "no text"})
		return nil
	}
	if i := strings.IndexByte(a.Text, 0); i >= 0 {
		reject(Reject{Input: path, Record: 1, ID: rel, Field: "text", Stage: "read", Action: ActionSkipRecord,
			Reason: fmt.Sprintf("text contains a NUL byte at %d: binary data, not an article", i)})
		return nil
	}
	return emit(a)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// splitTitle separates a leading title line from the body. The first line is
// the title when a blank line follows it; in Markdown a leading "# " is
// removed from it.
func splitTitle(s string, markdown bool) (title, body string) {
	nl := strings.IndexByte(s, '\n')
	if nl < 0 {
		return "", s
	}
	first := strings.TrimRight(s[:nl], "\r")
	rest := s[nl+1:]
	// A blank line: only spaces or tabs before the next newline (or end).
	blank := rest
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		blank = rest[:i]
	} else {
		return "", s // no second newline: no blank line follows
	}
	if strings.TrimSpace(blank) != "" || strings.TrimSpace(first) == "" {
		return "", s
	}
	title = strings.TrimSpace(first)
	if markdown {
		title = strings.TrimSpace(strings.TrimLeft(title, "#"))
	}
	// The body starts after the blank lines; the text is kept as read.
	body = strings.TrimLeft(rest, " \t\r\n")
	return title, body
}

// checkUTF8 applies the invalid UTF-8 policy to one field value. It returns
// the value to use and false when the record is rejected.
func (r *Reader) checkUTF8(s, input string, rec int64, id, field string, reject RejectFunc) (string, bool) {
	if utf8.ValidString(s) {
		return s, true
	}
	off := firstInvalidUTF8(s)
	if r.cfg.InvalidUTF8 == InvalidUTF8Replace {
		reject(Reject{Input: input, Record: rec, ID: id, Field: field, Stage: "read", Action: "replaced_invalid_utf8",
			Reason: fmt.Sprintf("invalid UTF-8 at byte %d; invalid bytes replaced with U+FFFD", off)})
		return strings.ToValidUTF8(s, "\uFFFD"), true
	}
	reject(Reject{Input: input, Record: rec, ID: id, Field: field, Stage: "read", Action: ActionSkipRecord,
		Reason: fmt.Sprintf("invalid UTF-8 at byte %d (read.invalid_utf8: reject)", off)})
	return "", false
}

func firstInvalidUTF8(s string) int {
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// parseDate accepts RFC 3339 timestamps, plain ISO dates and ISO date-times
// without a zone (read as UTC), and returns them in UTC.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q: want RFC 3339 (2022-02-24T05:00:00Z) or an ISO date (2022-02-24)", truncate(s, 40))
}

// derivedID is the id of a record that has none: the input's base name and
// the line or record number.
func derivedID(input string, rec int64) string {
	base := input
	if input != "-" {
		base = filepath.Base(input)
	}
	return base + ":" + strconv.FormatInt(rec, 10)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// record is one decoded input record before it becomes an Article: the raw
// field values by name, as strings, with presence.
type record struct {
	input string
	num   int64
	get   func(field string) (value string, present bool, err error)
	// validUTF8 says every value get returns is valid UTF-8 already (the
	// JSON Lines reader applies the policy to the whole line), so
	// toArticle need not check each field again.
	validUTF8 bool
}

// toArticle turns a record into an Article, applying the field names, the
// date parser, the size limit and the UTF-8 policy. It returns nil when the
// record is rejected.
func (r *Reader) toArticle(rec record, reject RejectFunc) *Article {
	f := r.cfg.Fields
	a := &Article{Input: rec.input, Record: rec.num}
	checkUTF8 := r.checkUTF8
	if rec.validUTF8 {
		checkUTF8 = func(s, _ string, _ int64, _, _ string, _ RejectFunc) (string, bool) { return s, true }
	}
	skip := func(field, reason string) *Article {
		reject(Reject{Input: rec.input, Record: rec.num, ID: a.ID, Field: field, Stage: "read", Action: ActionSkipRecord, Reason: reason})
		return nil
	}
	id, ok, err := rec.get(f.ID)
	if err != nil {
		return skip(f.ID, err.Error())
	}
	if !ok || strings.TrimSpace(id) == "" {
		id = derivedID(rec.input, rec.num)
	}
	if id, ok = checkUTF8(id, rec.input, rec.num, "", f.ID, reject); !ok {
		return nil
	}
	a.ID = id
	text, ok, err := rec.get(f.Text)
	switch {
	case err != nil:
		return skip(f.Text, err.Error())
	case !ok:
		return skip(f.Text, "missing text field")
	case int64(len(text)) > r.cfg.MaxArticleBytes:
		return skip(f.Text, fmt.Sprintf("article longer than read.max_article_bytes (%d)", r.cfg.MaxArticleBytes))
	case strings.TrimSpace(text) == "":
		return skip(f.Text, "no text")
	case strings.IndexByte(text, 0) >= 0:
		return skip(f.Text, fmt.Sprintf("text contains a NUL byte at %d: binary data, not an article", strings.IndexByte(text, 0)))
	}
	if text, ok = checkUTF8(text, rec.input, rec.num, id, f.Text, reject); !ok {
		return nil
	}
	a.Text = text
	for _, opt := range []struct {
		name string
		dst  *string
	}{{f.Title, &a.Title}, {f.Source, &a.Source}, {f.URL, &a.URL}} {
		v, ok, err := rec.get(opt.name)
		if err != nil {
			reject(Reject{Input: rec.input, Record: rec.num, ID: id, Field: opt.name, Stage: "read", Action: ActionDropField, Reason: err.Error()})
			continue
		}
		if !ok {
			continue
		}
		if v, ok = checkUTF8(v, rec.input, rec.num, id, opt.name, reject); !ok {
			return nil
		}
		*opt.dst = v
	}
	if d, ok, err := rec.get(f.Date); err != nil {
		reject(Reject{Input: rec.input, Record: rec.num, ID: id, Field: f.Date, Stage: "read", Action: ActionDropField, Reason: err.Error()})
	} else if ok && strings.TrimSpace(d) != "" {
		t, err := parseDate(d)
		if err != nil {
			reject(Reject{Input: rec.input, Record: rec.num, ID: id, Field: f.Date, Stage: "read", Action: ActionDropField, Reason: err.Error()})
		} else {
			a.PublishedAt = t
		}
	}
	return a
}

// ctxReader reads a possibly blocking stream (a pipe, a terminal) in its own
// goroutine so that a cancelled context ends a Read at once. The goroutine
// ends after its pending Read returns.
type ctxReader struct {
	ctx    context.Context
	chunks chan []byte
	errc   chan error
	done   chan struct{}
	buf    []byte
	err    error
}

func newCtxReader(ctx context.Context, r io.Reader) *ctxReader {
	c := &ctxReader{ctx: ctx, chunks: make(chan []byte), errc: make(chan error, 1), done: make(chan struct{})}
	go func() {
		for {
			b := make([]byte, 256<<10)
			n, err := r.Read(b)
			if n > 0 {
				select {
				case c.chunks <- b[:n]:
				case <-c.done:
					return
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				c.errc <- err
				return
			}
		}
	}()
	return c
}

func (c *ctxReader) Read(p []byte) (int, error) {
	for len(c.buf) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		select {
		case b := <-c.chunks:
			c.buf = b
		case c.err = <-c.errc:
		case <-c.ctx.Done():
			return 0, c.ctx.Err()
		}
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}

// stop lets the reading goroutine end once its pending Read returns.
func (c *ctxReader) stop() { close(c.done) }

// dedup wraps emit with the duplicate id policy.
func (r *Reader) dedup(emit Emit, reject RejectFunc) Emit {
	return func(a *Article) error {
		h := fnv.New64a()
		h.Write([]byte(a.ID))
		key := h.Sum64()
		if !r.seen.add(key) {
			if r.cfg.DuplicateIDs == DuplicateFail {
				return fmt.Errorf("%s record %d: %w %q (read.duplicate_ids: fail)", a.Input, a.Record, ErrDuplicateID, a.ID)
			}
			reject(Reject{Input: a.Input, Record: a.Record, ID: a.ID, Field: "id", Stage: "read", Action: ActionSkipRecord,
				Reason: fmt.Sprintf("duplicate article id %q; the first one read was kept (read.duplicate_ids: reject)", a.ID)})
			return nil
		}
		return emit(a)
	}
}
