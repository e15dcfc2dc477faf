package stages

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// WriterConfig configures a [Writer]; it is the `output` section of the
// YAML config.
type WriterConfig struct {
	// BatchRows is the number of rows in one Arrow IPC record batch, and
	// the number of rows buffered when only Arrow files are written.
	BatchRows int `mapstructure:"batch_rows" yaml:"batch_rows"`
	// RowGroupRows is the number of rows in one Parquet row group (the last
	// may have fewer). A table buffers one row group's rows, then writes
	// them as one record, so that each column chunk has one dictionary.
	RowGroupRows int64 `mapstructure:"row_group_rows" yaml:"row_group_rows"`
	// Compression is the Parquet codec: zstd, snappy or none.
	Compression string `mapstructure:"compression" yaml:"compression"`
	// CompressionLevel is the codec's level; for zstd 1 is fastest and the
	// default, 3 to 9 trade speed for smaller files. Ignored by snappy.
	CompressionLevel int `mapstructure:"compression_level" yaml:"compression_level"`
	// Format is parquet, arrow (Arrow IPC file format, Feather v2) or both.
	Format string `mapstructure:"format" yaml:"format"`
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
	return WriterConfig{BatchRows: 8192, RowGroupRows: 64 * 1024, Compression: "zstd", CompressionLevel: 1, Format: FormatOutParquet}
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
	if w.articles, err = newTable(cfg, o.mem, dir, ArticlesTable, ArticleColumns(layout), meta, articleRows); err != nil {
		return nil, err
	}
	if w.sentences, err = newTable(cfg, o.mem, dir, SentencesTable, SentenceColumns(layout), meta, sentenceRows); err != nil {
		w.abort()
		return nil, err
	}
	if layout.Stance {
		if w.mentions, err = newTable(cfg, o.mem, dir, MentionsTable, MentionColumns(layout), meta, mentionRows); err != nil {
			w.abort()
			return nil, err
		}
	}
	return w, nil
}

// The rows each table makes of an article.
func articleRows(a *Article, add func(*Article) error) error { return add(a) }

func sentenceRows(a *Article, add func(sentenceRow) error) error {
	for i := range a.Sentences {
		if err := add(sentenceRow{a, &a.Sentences[i]}); err != nil {
			return err
		}
	}
	return nil
}

func mentionRows(a *Article, add func(mentionRow) error) error {
	for i := range a.Mentions {
		if err := add(mentionRow{a, &a.Mentions[i]}); err != nil {
			return err
		}
	}
	return nil
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
	var errs []error
	for _, t := range w.tables() {
		errs = append(errs, t.close())
	}
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

// Column is one column of an output table: its Arrow field and how a row
// fills it. The tables' schemas are made from these lists, and so is the
// schema check of docs/schema.md.
type Column[R any] struct {
	Field arrow.Field
	add   func(b array.Builder, r R)
}

// table streams rows of one type into a Parquet file, an Arrow IPC file, or
// both.
type table[R any] struct {
	name    string
	dir     string
	cols    []Column[R]
	mem     memory.Allocator
	rb      *array.RecordBuilder
	pq      *pqarrow.FileWriter // nil unless Parquet is written
	ipcW    *ipc.FileWriter     // nil unless Arrow IPC is written
	ipcF    *os.File
	ipcSc   *arrow.Schema
	batch   int // rows per IPC record batch
	flushAt int // rows buffered before a flush
	pending int
	rows    int64
	sizes   map[string]int64
	digest  *rowsDigest
	closed  bool

	// Encoding a row group is the writer's largest piece of work; a
	// goroutine per table does it while the next row group's rows are
	// appended. recs carries full records to it, unbuffered, so that at
	// most two row groups per table are in memory; encDone is closed when
	// it has returned.
	recs    chan arrow.RecordBatch
	encDone chan struct{}

	// Appending rows is the writer's other large piece of work; a second
	// goroutine per table does it, so the three tables fill in parallel.
	// arts carries articles to it; addDone is closed when it has returned.
	expand  func(a *Article, add func(R) error) error
	arts    chan *Article
	addDone chan struct{}

	mu  sync.Mutex
	err error // the first error of either goroutine
}

func newTable[R any](cfg WriterConfig, mem memory.Allocator, dir, name string, cols []Column[R], meta map[string]string,
	expand func(*Article, func(R) error) error) (t *table[R], err error) {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = c.Field
	}
	keys, vals := make([]string, 0, len(meta)), make([]string, 0, len(meta))
	for _, k := range slices.Sorted(maps.Keys(meta)) {
		keys, vals = append(keys, k), append(vals, meta[k])
	}
	md := arrow.NewMetadata(keys, vals)
	schema := arrow.NewSchema(fields, &md)
	flushAt := cfg.BatchRows
	if cfg.parquet() {
		flushAt = int(cfg.RowGroupRows)
	}
	t = &table[R]{name: name, dir: dir, cols: cols, mem: mem, batch: cfg.BatchRows, flushAt: flushAt, sizes: map[string]int64{},
		rb: array.NewRecordBuilder(mem, schema), digest: newRowsDigest(schema)}
	// Start with room for a modest batch; later row groups reserve what the
	// previous one used (see flush).
	t.rb.Reserve(min(flushAt, 4096))
	t.expand = expand
	t.recs, t.encDone = make(chan arrow.RecordBatch), make(chan struct{})
	t.arts, t.addDone = make(chan *Article, 64), make(chan struct{})
	go t.encode()
	go t.append()
	defer func() {
		if err != nil {
			t.close()
		}
	}()
	if cfg.parquet() {
		f, err := os.Create(filepath.Join(dir, name+".parquet"))
		if err != nil {
			return t, fmt.Errorf("create %s.parquet: %w", name, err)
		}
		opts := []parquet.WriterProperty{
			parquet.WithCompression(codecs[cfg.Compression]),
			parquet.WithCompressionLevel(cfg.CompressionLevel),
			parquet.WithMaxRowGroupLength(cfg.RowGroupRows),
			parquet.WithStats(true),
			// Dictionary pages only where values repeat (the dictionary
			// columns): trying them on sentence text, offsets and scores
			// costs a hash per value and falls back to plain anyway.
			parquet.WithDictionaryDefault(false),
			parquet.WithCreatedBy("stancepipe"),
			parquet.WithAllocator(mem),
		}
		for _, f := range fields {
			if f.Type.ID() == arrow.DICTIONARY {
				opts = append(opts, parquet.WithDictionaryFor(f.Name, true))
			}
		}
		props := parquet.NewWriterProperties(opts...)
		t.pq, err = pqarrow.NewFileWriter(schema, f, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(mem)))
		if err != nil {
			f.Close()
			return t, fmt.Errorf("create %s.parquet: %w", name, err)
		}
	}
	if cfg.arrow() {
		// Arrow files hold plain strings where Parquet holds dictionaries:
		// the IPC file format cannot replace a dictionary between batches,
		// and every reader opens plain strings.
		plain := make([]arrow.Field, len(fields))
		for i, f := range fields {
			if f.Type.ID() == arrow.DICTIONARY {
				f.Type = arrow.BinaryTypes.String
			}
			plain[i] = f
		}
		t.ipcSc = arrow.NewSchema(plain, &md)
		if t.ipcF, err = os.Create(filepath.Join(dir, name+".arrow")); err != nil {
			return t, fmt.Errorf("create %s.arrow: %w", name, err)
		}
		if t.ipcW, err = ipc.NewFileWriter(t.ipcF, ipc.WithSchema(t.ipcSc), ipc.WithAllocator(mem)); err != nil {
			return t, fmt.Errorf("create %s.arrow: %w", name, err)
		}
	}
	return t, nil
}

func (t *table[R]) add(r R) error {
	for i, c := range t.cols {
		c.add(t.rb.Field(i), r)
	}
	t.pending++
	t.rows++
	if t.pending >= t.flushAt {
		return t.flush()
	}
	return nil
}

// push queues an article for the appending goroutine.
func (t *table[R]) push(a *Article) error {
	if err := t.failed(); err != nil {
		return err
	}
	t.arts <- a
	return nil
}

// append runs in its own goroutine: it turns each queued article into rows
// and appends them, flushing full row groups to the encoder. After an error
// it drains the queue so that push never blocks.
func (t *table[R]) append() {
	defer close(t.addDone)
	for a := range t.arts {
		if t.failed() != nil {
			continue
		}
		if err := t.expand(a, t.add); err != nil {
			t.fail(err)
		}
	}
}

func (t *table[R]) fail(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err == nil {
		t.err = err
	}
}

// failed returns the first error either goroutine met, or nil.
func (t *table[R]) failed() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// flush hands the buffered rows, as one record, to the table's encoder.
// It returns the encoder's error, if it has failed.
func (t *table[R]) flush() error {
	if t.pending == 0 {
		return t.failed()
	}
	rows := t.pending
	data := make([]int, len(t.cols)) // string bytes per column, to reserve
	for i, b := range t.rb.Fields() {
		if sb, ok := b.(*array.StringBuilder); ok {
			data[i] = sb.DataLen()
		}
	}
	rec := t.rb.NewRecordBatch()
	t.pending = 0
	// Dictionary builders keep their values across records; start each
	// row group afresh so its dictionaries hold only its own values.
	for _, b := range t.rb.Fields() {
		if db, ok := b.(array.DictionaryBuilder); ok {
			db.ResetFull()
		}
	}
	// The next row group will be about as large: allocate once instead of
	// growing by doubling, which copied and zeroed every buffer ~17 times.
	t.rb.Reserve(rows)
	for i, b := range t.rb.Fields() {
		if sb, ok := b.(*array.StringBuilder); ok {
			sb.ReserveData(data[i])
		}
	}
	select {
	case t.recs <- rec: // the encoder releases it
	case <-t.encDone:
		rec.Release()
	}
	return t.failed()
}

// encode runs in the table's own goroutine: it writes each record it
// receives to the Parquet and Arrow files, in order, until recs is closed
// or a write fails. It owns pq and ipcW while it runs.
func (t *table[R]) encode() {
	defer close(t.encDone)
	for rec := range t.recs {
		err := t.write(rec)
		rec.Release()
		if err != nil {
			t.fail(err)
			for rec := range t.recs { // let flush and close return
				rec.Release()
			}
			return
		}
	}
}

func (t *table[R]) write(rec arrow.RecordBatch) error {
	t.digest.add(rec)
	if t.pq != nil {
		// One record, one row group: pqarrow keeps a column chunk
		// dictionary-encoded only while the Arrow dictionary does not
		// change, and a record has one dictionary per column.
		if err := t.pq.Write(rec); err != nil {
			return fmt.Errorf("write %s.parquet: %w", t.name, err)
		}
	}
	if t.ipcW != nil {
		n := rec.NumRows()
		for off := int64(0); off < n; off += int64(t.batch) {
			part := rec.NewSlice(off, min(off+int64(t.batch), n))
			plain := plainStrings(t.mem, t.ipcSc, part)
			err := t.ipcW.Write(plain)
			plain.Release()
			part.Release()
			if err != nil {
				return fmt.Errorf("write %s.arrow: %w", t.name, err)
			}
		}
	}
	return nil
}

// plainStrings returns rec with its dictionary columns decoded to strings,
// in the schema sc.
func plainStrings(mem memory.Allocator, sc *arrow.Schema, rec arrow.RecordBatch) arrow.RecordBatch {
	cols := make([]arrow.Array, rec.NumCols())
	for i, c := range rec.Columns() {
		d, ok := c.(*array.Dictionary)
		if !ok {
			c.Retain()
			cols[i] = c
			continue
		}
		vals := d.Dictionary().(*array.String)
		b := array.NewStringBuilder(mem)
		b.Reserve(d.Len())
		for j := 0; j < d.Len(); j++ {
			if d.IsNull(j) {
				b.AppendNull()
			} else {
				b.Append(vals.Value(d.GetValueIndex(j)))
			}
		}
		cols[i] = b.NewArray()
		b.Release()
	}
	out := array.NewRecordBatch(sc, cols, rec.NumRows())
	for _, c := range cols {
		c.Release()
	}
	return out
}

func (t *table[R]) close() error {
	if t.closed {
		return nil
	}
	t.closed = true
	close(t.arts)
	<-t.addDone // the builders are ours again
	err := t.flush()
	t.rb.Release()
	close(t.recs)
	<-t.encDone
	if ferr := t.failed(); err == nil {
		err = ferr
	}
	// FileWriter.Close also closes the file it wraps.
	if t.pq != nil {
		if cerr := t.pq.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close %s.parquet: %w", t.name, cerr)
		}
	}
	if t.ipcW != nil {
		if cerr := t.ipcW.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close %s.arrow: %w", t.name, cerr)
		}
	}
	if t.ipcF != nil {
		if cerr := t.ipcF.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close %s.arrow: %w", t.name, cerr)
		}
	}
	for _, ext := range []string{".parquet", ".arrow"} {
		if st, serr := os.Stat(filepath.Join(t.dir, t.name+ext)); serr == nil {
			t.sizes[t.name+ext] = st.Size()
		}
	}
	return err
}

func (t *table[R]) stats() []TableStats {
	var out []TableStats
	for _, ext := range []string{".parquet", ".arrow"} {
		if (ext == ".parquet" && t.pq == nil) || (ext == ".arrow" && t.ipcW == nil) {
			continue
		}
		out = append(out, TableStats{File: t.name + ext, Rows: t.rows, Bytes: t.sizes[t.name+ext], RowsChecksum: t.digest.sum()})
	}
	return out
}

// Arrow types of the output columns.
var (
	dictString   = &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}
	timestampUTC = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	stringList   = arrow.ListOf(arrow.BinaryTypes.String)
)

func col[R any](name string, typ arrow.DataType, nullable bool, add func(b array.Builder, r R)) Column[R] {
	return Column[R]{Field: arrow.Field{Name: name, Type: typ, Nullable: nullable}, add: add}
}

func dictCol[R any](name string, nullable bool, get func(R) string) Column[R] {
	return col(name, dictString, nullable, func(b array.Builder, r R) {
		v := get(r)
		db := b.(*array.BinaryDictionaryBuilder)
		if nullable && v == "" {
			db.AppendNull()
			return
		}
		// The only error is a full int32 index, impossible within a batch.
		_ = db.Append(bytesOf(v))
	})
}

func strCol[R any](name string, nullable bool, get func(R) string) Column[R] {
	return col(name, arrow.BinaryTypes.String, nullable, func(b array.Builder, r R) {
		v := get(r)
		if nullable && v == "" {
			b.AppendNull()
			return
		}
		b.(*array.StringBuilder).BinaryBuilder.Append(bytesOf(v))
	})
}

func intCol[R any](name string, get func(R) int64) Column[R] {
	return col(name, arrow.PrimitiveTypes.Int64, false, func(b array.Builder, r R) {
		b.(*array.Int64Builder).Append(get(r))
	})
}

// floatCol makes a float64 column in which NaN is stored as null.
func floatCol[R any](name string, nullable bool, get func(R) float64) Column[R] {
	return col(name, arrow.PrimitiveTypes.Float64, nullable, func(b array.Builder, r R) {
		v := get(r)
		if math.IsNaN(v) {
			b.AppendNull()
			return
		}
		b.(*array.Float64Builder).Append(v)
	})
}

func listCol[R any](name string, get func(R) []string) Column[R] {
	return col(name, stringList, false, func(b array.Builder, r R) {
		lb := b.(*array.ListBuilder)
		lb.Append(true)
		vb := lb.ValueBuilder().(*array.StringBuilder)
		for _, v := range get(r) {
			vb.BinaryBuilder.Append(bytesOf(v))
		}
	})
}

// ArticleColumns returns the columns of articles.parquet for a layout.
func ArticleColumns(l Layout) []Column[*Article] {
	cols := []Column[*Article]{
		dictCol("article_id", false, func(a *Article) string { return a.ID }),
		strCol("title", true, func(a *Article) string { return a.Title }),
		dictCol("source", true, func(a *Article) string { return a.Source }),
		strCol("url", true, func(a *Article) string { return a.URL }),
		col("published_at", timestampUTC, true, func(b array.Builder, a *Article) {
			if a.PublishedAt.IsZero() {
				b.AppendNull()
				return
			}
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(a.PublishedAt.UnixMicro()))
		}),
		dictCol("input", false, func(a *Article) string { return a.Input }),
		intCol("input_record", func(a *Article) int64 { return a.Record }),
		intCol("char_count", func(a *Article) int64 { return int64(utf8.RuneCountInString(a.Text)) }),
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
		strCol("surface", false, func(r mentionRow) string { return r.m.Surface }),
		intCol("byte_start", func(r mentionRow) int64 { return int64(r.m.ByteStart) }),
		intCol("byte_end", func(r mentionRow) int64 { return int64(r.m.ByteEnd) }),
		intCol("char_start", func(r mentionRow) int64 { return int64(r.m.CharStart) }),
		intCol("char_end", func(r mentionRow) int64 { return int64(r.m.CharEnd) }),
		col("is_speaker", arrow.FixedWidthTypes.Boolean, false, func(b array.Builder, r mentionRow) {
			b.(*array.BooleanBuilder).Append(r.m.IsSpeaker)
		}),
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

func at[T any](s []T, i int, def T) T {
	if i < len(s) {
		return s[i]
	}
	return def
}

// bytesOf returns the bytes of s without copying them. Arrow's string
// builders copy what they append into their own buffers and keep no
// reference, and their string-taking methods convert with []byte(s), which
// allocates and copies every sentence's text a second time.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
