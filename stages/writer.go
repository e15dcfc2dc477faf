package stages

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/compress"
)

// WriterConfig configures a [Writer]; it is the `output` section of the
// YAML config.
type WriterConfig struct {
	// BatchRows is the number of rows a table buffers before encoding them,
	// and so the number of rows in one Arrow IPC record batch (fewer at
	// the end of a Parquet row group, and at most 1,024 for articles).
	BatchRows int `mapstructure:"batch_rows" yaml:"batch_rows"`
	// RowGroupRows is the number of rows in one Parquet row group (the last
	// may have fewer). A table holds the compressed pages of its open row
	// group in memory until the group is full.
	RowGroupRows int64 `mapstructure:"row_group_rows" yaml:"row_group_rows"`
	// Compression is the Parquet codec: zstd, snappy or none.
	Compression string `mapstructure:"compression" yaml:"compression"`
	// CompressionLevel is the codec's level; for zstd 1 is fastest and the
	// default, 3 to 9 trade speed for smaller files. Ignored by snappy.
	CompressionLevel int `mapstructure:"compression_level" yaml:"compression_level"`
	// Format is parquet, arrow (Arrow IPC file format, Feather v2) or both.
	Format string `mapstructure:"format" yaml:"format"`
	// EncodeWorkers is how many goroutines encode one Parquet table's
	// columns at once (1, the default, is the table's encoding goroutine
	// alone); 0 is one per CPU. The number changes no page or footer of
	// the files; arrow-go's listing of a column's encodings after a
	// fallback to plain follows map order, which varies between any two
	// runs alike.
	EncodeWorkers int `mapstructure:"encode_workers" yaml:"encode_workers"`
}

// encodeWorkers resolves EncodeWorkers: 0 is one per CPU.
func (c WriterConfig) encodeWorkers() int {
	if c.EncodeWorkers > 0 {
		return c.EncodeWorkers
	}
	return runtime.GOMAXPROCS(0)
}

// Output formats of [WriterConfig].
const (
	FormatOutParquet = "parquet"
	FormatOutArrow   = "arrow"
	FormatOutBoth    = "both"
)

func (c WriterConfig) parquet() bool {
	return c.Format == FormatOutParquet || c.Format == FormatOutBoth
}
func (c WriterConfig) arrow() bool { return c.Format == FormatOutArrow || c.Format == FormatOutBoth }

// DefaultWriterConfig returns the defaults documented in configs/default.yaml.
func DefaultWriterConfig() WriterConfig {
	return WriterConfig{BatchRows: 8192, RowGroupRows: 64 * 1024, Compression: "zstd", CompressionLevel: 1, Format: FormatOutParquet,
		EncodeWorkers: 1}
}

var codecs = map[string]compress.Compression{
	"zstd":   compress.Codecs.Zstd,
	"snappy": compress.Codecs.Snappy,
	"none":   compress.Codecs.Uncompressed,
}

// Validate checks the config. Messages name the key relative to the section.
func (c WriterConfig) Validate() error {
	var errs []error
	if c.BatchRows < 1 {
		errs = append(errs, fmt.Errorf("batch_rows: must be >= 1 (got %d)", c.BatchRows))
	}
	if c.EncodeWorkers < 0 {
		errs = append(errs, fmt.Errorf("encode_workers: must be >= 0, 0 for one per CPU (got %d)", c.EncodeWorkers))
	}
	if c.RowGroupRows < 1 {
		errs = append(errs, fmt.Errorf("row_group_rows: must be >= 1 (got %d)", c.RowGroupRows))
	}
	if !c.parquet() && !c.arrow() {
		errs = append(errs, fmt.Errorf("format: must be one of parquet, arrow, both (got %q)", c.Format))
	}
	if c.CompressionLevel < 1 || c.CompressionLevel > 22 {
		errs = append(errs, fmt.Errorf("compression_level: must be between 1 and 22 (got %d)", c.CompressionLevel))
	}
	if _, ok := codecs[c.Compression]; !ok {
		errs = append(errs, fmt.Errorf("compression: must be one of zstd, snappy, none (got %q)", c.Compression))
	}
	return errors.Join(errs...)
}

// Layout says which columns the output tables have: the sentiment and stance
// columns exist only when their stage runs, and there is one column per
// camp.
type Layout struct {
	Sentiment bool
	Stance    bool
	Camps     []Camp
}

// The output tables; each is written as <name>.parquet and/or <name>.arrow.
const (
	ArticlesTable  = "articles"
	SentencesTable = "sentences"
	MentionsTable  = "mentions"
)

// The Parquet output files, relative to the output directory.
const (
	ArticlesFile  = ArticlesTable + ".parquet"
	SentencesFile = SentencesTable + ".parquet"
	MentionsFile  = MentionsTable + ".parquet"
)

// TableStats describes one written table.
type TableStats struct {
	File  string `json:"file"`
	Rows  int64  `json:"rows"`
	Bytes int64  `json:"bytes"`
	// RowsChecksum is an XXH3-128 checksum (hex) of the table's values, row
	// by row, that does not depend on batching, compression or format:
	// equal checksums mean equal rows.
	RowsChecksum string `json:"rows_checksum"`
}

// Writer writes the dataset's Parquet tables. It owns every Arrow and
// Parquet object it creates; callers pass plain [Article] values. It is not
// safe for concurrent use: one goroutine (the pipeline's sink) calls Write
// and then Close.
type Writer struct {
	articles  *table[*Article]
	sentences *table[sentenceRow]
	mentions  *table[mentionRow] // nil when stance is off
	closed    bool
}

type sentenceRow struct {
	a *Article
	s *Sentence
}

type mentionRow struct {
	a *Article
	m *Mention
}

// WriterOption sets an optional knob of [NewWriter].
type WriterOption func(*writerOptions)

type writerOptions struct {
	mem memory.Allocator
}

// WithAllocator makes the Writer allocate Arrow and Parquet buffers from mem
// (tests use a checked allocator to prove every buffer is released).
func WithAllocator(mem memory.Allocator) WriterOption {
	return func(o *writerOptions) { o.mem = mem }
}

// NewWriter creates the tables in dir, which must exist. meta is stored as
// key-value metadata in every file (stancepipe version, schema version,
// config hash, creation time).
func NewWriter(cfg WriterConfig, dir string, layout Layout, meta map[string]string, opts ...WriterOption) (*Writer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	o := writerOptions{mem: memory.DefaultAllocator}
	for _, opt := range opts {
		opt(&o)
	}
	w := &Writer{}
	var err error
	if w.articles, err = newTable(cfg, o.mem, dir, ArticlesTable, wideRows, ArticleColumns(layout), meta, articleRows); err != nil {
		return nil, err
	}
	if w.sentences, err = newTable(cfg, o.mem, dir, SentencesTable, narrowRows, SentenceColumns(layout), meta, sentenceRows); err != nil {
		w.abort()
		return nil, err
	}
	if layout.Stance {
		if w.mentions, err = newTable(cfg, o.mem, dir, MentionsTable, narrowRows, MentionColumns(layout), meta, mentionRows); err != nil {
			w.abort()
			return nil, err
		}
	}
	return w, nil
}

// The rows each table makes of an article, appended to dst.
func articleRows(a *Article, dst []*Article) []*Article { return append(dst, a) }

func sentenceRows(a *Article, dst []sentenceRow) []sentenceRow {
	for i := range a.Sentences {
		dst = append(dst, sentenceRow{a, &a.Sentences[i]})
	}
	return dst
}

func mentionRows(a *Article, dst []mentionRow) []mentionRow {
	for i := range a.Mentions {
		dst = append(dst, mentionRow{a, &a.Mentions[i]})
	}
	return dst
}

// Write queues an article's row, its sentences' rows and its mentions'
// rows; each table appends and encodes them in its own goroutines, in the
// order Write was called. a must not be changed afterwards. Write returns
// the first error any table has met so far; after an error the Writer is
// unusable and Close returns the error too.
func (w *Writer) Write(a *Article) error {
	if w.closed {
		return errors.New("write: writer is closed")
	}
	for _, t := range w.tables() {
		if err := t.push(a); err != nil {
			return err
		}
	}
	return nil
}

// Close flushes buffered rows, writes the Parquet footers and closes the
// files. It is safe to call more than once; only the first call does work.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	// Each table drains its queue and writes its last row group and
	// footer: work of its own, done for all tables at once. The articles
	// table writes all its pages here when the corpus fits one row group.
	ts := w.tables()
	errs := make([]error, len(ts))
	var wg sync.WaitGroup
	for i, t := range ts {
		wg.Go(func() {
			pprof.Do(context.Background(), tableLabels(t.tableName()),
				func(context.Context) { errs[i] = t.close() })
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// abort releases everything without caring for errors; the files are left
// for the caller to remove with their directory.
func (w *Writer) abort() { _ = w.Close() }

// Stats returns each table's file, row count, size and row checksum. Call
// it only after Close.
func (w *Writer) Stats() []TableStats {
	var out []TableStats
	for _, t := range w.tables() {
		out = append(out, t.stats()...)
	}
	return out
}

// tableWriter is what the Writer needs of each of its tables.
type tableWriter interface {
	tableName() string
	push(a *Article) error
	close() error
	stats() []TableStats
}

func (w *Writer) tables() []tableWriter {
	var ts []tableWriter
	if w.articles != nil {
		ts = append(ts, w.articles)
	}
	if w.sentences != nil {
		ts = append(ts, w.sentences)
	}
	if w.mentions != nil {
		ts = append(ts, w.mentions)
	}
	return ts
}

// Arrow types of the output columns.
var (
	dictString   = &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}
	timestampUTC = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	stringList   = arrow.ListOf(arrow.BinaryTypes.String)
)

// Column is one column of an output table: its Arrow field and how a row
// fills it. The tables' schemas are made from these lists, and so is the
// schema check of docs/schema.md.
type Column[R any] struct {
	Field arrow.Field
	kind  colKind
	str   func(R) string    // colString
	num   func(R) int64     // colInt
	time  func(R) time.Time // colTime
	flt   func(R) float64   // colFloat
	bln   func(R) bool      // colBool
	list  func(R) []string  // colList

	// dictPages dictionary-encodes a utf8 column's Parquet pages (its
	// values repeat, but readers should get plain strings).
	dictPages bool
}

// colKind says how a column's values are held in a batch and which Parquet
// column writer takes them.
type colKind uint8

const (
	colString colKind = iota // utf8 or dictionary<int32, utf8>; "" is null where nullable
	colInt                   // int64
	colTime                  // timestamp[us, UTC]; the zero time is null
	colFloat                 // float64; NaN is null where nullable
	colBool                  // bool
	colList                  // list<utf8>; never null, may be empty
)

// dictCol is a string column whose values repeat (ids, labels): Arrow
// readers get a dictionary array, and Parquet stores a dictionary page.
func dictCol[R any](name string, nullable bool, get func(R) string) Column[R] {
	return Column[R]{Field: arrow.Field{Name: name, Type: dictString, Nullable: nullable}, kind: colString, str: get}
}

// strCol is a string column; where nullable, the empty string is null.
func strCol[R any](name string, nullable bool, get func(R) string) Column[R] {
	return Column[R]{Field: arrow.Field{Name: name, Type: arrow.BinaryTypes.String, Nullable: nullable}, kind: colString, str: get}
}

// withDictPages returns c with dictionary-encoded Parquet pages.
func withDictPages[R any](c Column[R]) Column[R] {
	c.dictPages = true
	return c
}

func intCol[R any](name string, get func(R) int64) Column[R] {
	return Column[R]{Field: arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Int64}, kind: colInt, num: get}
}

// timeCol is a UTC timestamp column in microseconds; the zero time is null.
func timeCol[R any](name string, get func(R) time.Time) Column[R] {
	return Column[R]{Field: arrow.Field{Name: name, Type: timestampUTC, Nullable: true}, kind: colTime, time: get}
}

// floatCol is a float64 column; where nullable, NaN is stored as null.
func floatCol[R any](name string, nullable bool, get func(R) float64) Column[R] {
	return Column[R]{Field: arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Float64, Nullable: nullable}, kind: colFloat, flt: get}
}

func boolCol[R any](name string, get func(R) bool) Column[R] {
	return Column[R]{Field: arrow.Field{Name: name, Type: arrow.FixedWidthTypes.Boolean}, kind: colBool, bln: get}
}

func listCol[R any](name string, get func(R) []string) Column[R] {
	return Column[R]{Field: arrow.Field{Name: name, Type: stringList}, kind: colList, list: get}
}

// ArticleColumns returns the columns of articles.parquet for a layout.
func ArticleColumns(l Layout) []Column[*Article] {
	cols := []Column[*Article]{
		dictCol("article_id", false, func(a *Article) string { return a.ID }),
		strCol("title", true, func(a *Article) string { return a.Title }),
		dictCol("source", true, func(a *Article) string { return a.Source }),
		strCol("url", true, func(a *Article) string { return a.URL }),
		timeCol("published_at", func(a *Article) time.Time { return a.PublishedAt }),
		dictCol("input", false, func(a *Article) string { return a.Input }),
		intCol("input_record", func(a *Article) int64 { return a.Record }),
		intCol("char_count", charCount),
		intCol("byte_count", func(a *Article) int64 { return int64(len(a.Text)) }),
		intCol("sentence_count", func(a *Article) int64 { return int64(len(a.Sentences)) }),
	}
	if l.Sentiment {
		cols = append(cols,
			floatCol("sentiment_mean_compound", true, func(a *Article) float64 { return a.Tone.MeanCompound }),
			floatCol("tone", true, func(a *Article) float64 { return a.Tone.Tone }),
			intCol("tone_positive_words", func(a *Article) int64 { return int64(a.Tone.PosWords) }),
			intCol("tone_negative_words", func(a *Article) int64 { return int64(a.Tone.NegWords) }),
			intCol("tone_words", func(a *Article) int64 { return int64(a.Tone.Words) }),
		)
	}
	if l.Stance {
		for i, c := range l.Camps {
			cols = append(cols, intCol("mentions_"+c.ID, func(a *Article) int64 { return at(a.Stance.Mentions, i, 0) }))
		}
		for i, c := range l.Camps {
			cols = append(cols, floatCol("voice_share_"+c.ID, true, func(a *Article) float64 { return at(a.Stance.VoiceShare, i, math.NaN()) }))
		}
		for i, c := range l.Camps {
			cols = append(cols, floatCol("mean_favour_"+c.ID, true, func(a *Article) float64 { return at(a.Stance.MeanFavour, i, math.NaN()) }))
		}
		cols = append(cols,
			floatCol("stance_mean", true, func(a *Article) float64 { return a.Stance.MeanStance }),
			dictCol("stance_label", false, func(a *Article) string { return a.Stance.Label }),
			floatCol("balance", true, func(a *Article) float64 { return a.Stance.Balance }),
		)
	}
	return cols
}

// SentenceColumns returns the columns of sentences.parquet for a layout.
func SentenceColumns(l Layout) []Column[sentenceRow] {
	cols := []Column[sentenceRow]{
		dictCol("article_id", false, func(r sentenceRow) string { return r.a.ID }),
		intCol("sentence_index", func(r sentenceRow) int64 { return int64(r.s.Index) }),
		intCol("byte_start", func(r sentenceRow) int64 { return int64(r.s.ByteStart) }),
		intCol("byte_end", func(r sentenceRow) int64 { return int64(r.s.ByteEnd) }),
		intCol("char_start", func(r sentenceRow) int64 { return int64(r.s.CharStart) }),
		intCol("char_end", func(r sentenceRow) int64 { return int64(r.s.CharEnd) }),
		strCol("text", false, func(r sentenceRow) string { return r.s.Text }),
	}
	if l.Sentiment {
		cols = append(cols,
			floatCol("sentiment_neg", false, func(r sentenceRow) float64 { return r.s.Sentiment.Neg }),
			floatCol("sentiment_neu", false, func(r sentenceRow) float64 { return r.s.Sentiment.Neu }),
			floatCol("sentiment_pos", false, func(r sentenceRow) float64 { return r.s.Sentiment.Pos }),
			floatCol("sentiment_compound", false, func(r sentenceRow) float64 { return r.s.Sentiment.Compound }),
			dictCol("sentiment_label", false, func(r sentenceRow) string { return r.s.Sentiment.Label }),
		)
	}
	if l.Stance {
		cols = append(cols,
			listCol("actors", func(r sentenceRow) []string { return r.s.Stance.Actors }),
			listCol("camps", func(r sentenceRow) []string { return r.s.Stance.Camps }),
			dictCol("speaker_actor", true, func(r sentenceRow) string { return r.s.Stance.SpeakerActor }),
			dictCol("speaker_camp", true, func(r sentenceRow) string { return r.s.Stance.SpeakerCamp }),
		)
		for i, c := range l.Camps {
			cols = append(cols, floatCol("favour_"+c.ID, true, func(r sentenceRow) float64 { return at(r.s.Stance.Favour, i, math.NaN()) }))
		}
		cols = append(cols,
			floatCol("stance", false, func(r sentenceRow) float64 { return r.s.Stance.Score }),
			dictCol("stance_label", false, func(r sentenceRow) string { return r.s.Stance.Label }),
		)
	}
	return cols
}

// MentionColumns returns the columns of mentions.parquet.
func MentionColumns(Layout) []Column[mentionRow] {
	return []Column[mentionRow]{
		dictCol("article_id", false, func(r mentionRow) string { return r.a.ID }),
		intCol("sentence_index", func(r mentionRow) int64 { return int64(r.m.SentenceIndex) }),
		dictCol("actor", false, func(r mentionRow) string { return r.m.Actor }),
		dictCol("camp", false, func(r mentionRow) string { return r.m.Camp }),
		dictCol("code", true, func(r mentionRow) string { return r.m.Code }),
		// Surfaces repeat ("Putin", "the Kremlin"): dictionary pages make
		// the table 8% smaller at no cost in speed.
		withDictPages(strCol("surface", false, func(r mentionRow) string { return r.m.Surface })),
		intCol("byte_start", func(r mentionRow) int64 { return int64(r.m.ByteStart) }),
		intCol("byte_end", func(r mentionRow) int64 { return int64(r.m.ByteEnd) }),
		intCol("char_start", func(r mentionRow) int64 { return int64(r.m.CharStart) }),
		intCol("char_end", func(r mentionRow) int64 { return int64(r.m.CharEnd) }),
		boolCol("is_speaker", func(r mentionRow) bool { return r.m.IsSpeaker }),
	}
}

// Fields returns the Arrow fields of columns, for documentation and tests.
func Fields[R any](cols []Column[R]) []arrow.Field {
	out := make([]arrow.Field, len(cols))
	for i, c := range cols {
		out[i] = c.Field
	}
	return out
}

// charCount is the number of code points in a's text. The splitter has
// counted them up to the end of the last sentence (its char_end), so only
// the rest is counted here; counting whole articles again was 1.5% of a
// run's CPU.
func charCount(a *Article) int64 {
	if n := len(a.Sentences); n > 0 {
		if s := a.Sentences[n-1]; s.ByteEnd <= len(a.Text) && s.CharEnd <= s.ByteEnd {
			return int64(s.CharEnd + utf8.RuneCountInString(a.Text[s.ByteEnd:]))
		}
	}
	return int64(utf8.RuneCountInString(a.Text))
}

func at[T any](s []T, i int, def T) T {
	if i < len(s) {
		return s[i]
	}
	return def
}
