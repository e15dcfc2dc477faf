package stages

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// table streams rows of one type into a Parquet file, an Arrow IPC file, or
// both.
//
// Rows are appended, in a goroutine of the table's own, to a batch: plain
// Go slices of values and Parquet definition and repetition levels, which
// is the form Parquet's column writers take. A full batch goes to a second
// goroutine, which hands each column to its Parquet column writer (and, for
// Arrow files, builds a record batch), while the next batch fills. Two
// batches per table exist, reused for the whole run, so a table's memory is
// two batches plus the pages of its open row group (output.row_group_rows),
// whatever the size of the corpus.
type table[R any] struct {
	name  string
	dir   string
	cols  []Column[R]
	mem   memory.Allocator
	batch int // rows per batch (and per Arrow record batch)
	group int // rows per Parquet row group

	// Owned by the appending goroutine.
	cur      *batch
	groupLen int // rows handed on in the current row group

	// Owned by the encoding goroutine.
	pw     *file.Writer                // nil unless Parquet is written
	rg     file.BufferedRowGroupWriter // the open row group, or nil
	rgRows int
	dicts  []*dictMirror // per column: the dictionary columns' mirrors, else nil
	// workers is how many goroutines encode the batch's columns at once;
	// order is the columns in the order they are handed out, the costly
	// first (plain strings, lists), so that the longest does not start
	// last.
	workers int
	order   []int
	ipcW    *ipc.FileWriter // nil unless Arrow IPC is written
	ipcF    *os.File
	ipcSc   *arrow.Schema
	digest  *rowsDigest

	rows   int64 // rows appended; read after close
	sizes  map[string]int64
	closed bool

	// full carries filled batches to the encoder and free brings them back
	// empty; encDone is closed when the encoder has returned.
	full, free chan *batch
	encDone    chan struct{}

	// expand appends an article's rows to a slice; artRows holds the
	// article at hand's; arts carries articles to the appending goroutine;
	// addDone is closed when it has returned.
	expand  func(a *Article, dst []R) []R
	artRows []R
	arts    chan *Article
	addDone chan struct{}

	mu  sync.Mutex
	err error // the first error of either goroutine
}

// wideBatchRows bounds the batches of wideRows tables.
const wideBatchRows = 1024

// batch holds rows of a table column by column.
type batch struct {
	rows  int
	cols  []colData
	copy  bool   // strings are copied into arena (see str)
	arena []byte // the bytes of string values, when copied
}

// colData is one column of a batch: the values of its non-null rows and,
// for optional and list columns, a definition level per row (or per list
// element) and, for lists, a repetition level.
type colData struct {
	ints   []int64 // colInt, colTime
	floats []float64
	bools  []bool
	strs   []parquet.ByteArray // colString, colList; slices of the batch's arena
	defs   []int16             // nil for required scalar columns
	reps   []int16             // colList only
}

// newBatch returns a batch whose columns have room for rows rows (lists for
// as many elements), so that they do not grow value by value at first.
func newBatch[R any](cols []Column[R], rows int, copy bool) *batch {
	b := &batch{cols: make([]colData, len(cols)), copy: copy}
	for i, c := range cols {
		d := &b.cols[i]
		switch c.kind {
		case colString, colList:
			d.strs = make([]parquet.ByteArray, 0, rows)
		case colInt, colTime:
			d.ints = make([]int64, 0, rows)
		case colFloat:
			d.floats = make([]float64, 0, rows)
		case colBool:
			d.bools = make([]bool, 0, rows)
		}
		if c.Field.Nullable || c.kind == colList || c.kind == colTime {
			d.defs = make([]int16, 0, rows)
		}
		if c.kind == colList {
			d.reps = make([]int16, 0, rows)
		}
	}
	return b
}

func (b *batch) reset() {
	b.rows = 0
	b.arena = b.arena[:0]
	for i := range b.cols {
		c := &b.cols[i]
		clear(c.strs) // let the strings go: they would keep articles' texts alive
		c.ints, c.floats, c.bools, c.strs = c.ints[:0], c.floats[:0], c.bools[:0], c.strs[:0]
		c.defs, c.reps = c.defs[:0], c.reps[:0]
	}
}

// str returns the bytes of s for a column writer, which only reads them:
// a copy in the batch's arena for wideRows tables, else s in place (see
// tableKind).
func (b *batch) str(s string) parquet.ByteArray {
	if !b.copy {
		return unsafe.Slice(unsafe.StringData(s), len(s))
	}
	if len(b.arena)+len(s) > cap(b.arena) {
		// Values already appended keep the old arena alive until the
		// batch is encoded; the new one is reused from then on.
		b.arena = make([]byte, 0, max(2*cap(b.arena), len(s), 64<<10))
	}
	start := len(b.arena)
	b.arena = append(b.arena, s...)
	return b.arena[start:len(b.arena):len(b.arena)]
}

// tableKind says how a table holds its rows' strings.
type tableKind int

const (
	// narrowRows are rows whose strings are slices of a few articles per
	// batch (sentences, mentions): batches refer to them in place.
	narrowRows tableKind = iota
	// wideRows are rows of some 30 columns whose strings may be slices of
	// whole article texts (articles, whose title can be the text's first
	// line): batches copy their strings and hold at most wideBatchRows
	// rows, since 8,192 of them took 8 MB a batch.
	wideRows
)

func newTable[R any](cfg WriterConfig, mem memory.Allocator, dir, name string, kind tableKind, cols []Column[R],
	meta map[string]string, expand func(*Article, []R) []R) (t *table[R], err error) {
	keys, vals := make([]string, 0, len(meta)), make([]string, 0, len(meta))
	for _, k := range slices.Sorted(maps.Keys(meta)) {
		keys, vals = append(keys, k), append(vals, meta[k])
	}
	md := arrow.NewMetadata(keys, vals)
	fields := Fields(cols)
	schema := arrow.NewSchema(fields, &md)
	t = &table[R]{name: name, dir: dir, cols: cols, mem: mem, batch: cfg.BatchRows, group: math.MaxInt,
		sizes: map[string]int64{}, digest: newRowsDigest(cols), expand: expand,
		workers: min(cfg.encodeWorkers(), len(cols)), order: encodeOrder(cols)}
	if kind == wideRows {
		t.batch = min(t.batch, wideBatchRows)
	}
	if cfg.parquet() {
		t.group = int(cfg.RowGroupRows)
		t.batch = min(t.batch, t.group)
	}
	t.full, t.free = make(chan *batch, 1), make(chan *batch, 1)
	t.cur = newBatch(cols, t.batch, kind == wideRows)
	t.free <- newBatch(cols, t.batch, kind == wideRows)
	t.encDone = make(chan struct{})
	t.arts, t.addDone = make(chan *Article, 64), make(chan struct{})
	// Labelled for CPU profiles, as the pipeline labels its stages: the
	// table's two goroutines are the write stage's work.
	labels := tableLabels(name)
	go pprof.Do(context.Background(), labels, func(context.Context) { t.encode() })
	go pprof.Do(context.Background(), labels, func(context.Context) { t.append() })
	defer func() {
		if err != nil {
			t.close()
		}
	}()
	if cfg.parquet() {
		var dictPages []string // utf8 columns whose Parquet pages are dictionary-encoded
		for _, c := range cols {
			if c.dictPages {
				dictPages = append(dictPages, c.Field.Name)
			}
		}
		if t.pw, err = newParquetFile(cfg, mem, filepath.Join(dir, name+".parquet"), schema, dictPages); err != nil {
			return t, fmt.Errorf("create %s.parquet: %w", name, err)
		}
		t.dicts = make([]*dictMirror, len(cols))
		for i, c := range cols {
			if mirrorDicts && (c.kind == colString && (c.Field.Type.ID() == arrow.DICTIONARY || c.dictPages) || c.kind == colList) {
				t.dicts[i] = newDictMirror()
			}
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

// newParquetFile creates a Parquet file for rows of schema, dictionary-
// encoding the pages of the dictionary, float64 and list columns and those
// named in dictPages, with the Arrow
// schema stored in its metadata as pqarrow does (ARROW:schema), so that
// Arrow readers restore dictionary columns, time zones and list names.
func newParquetFile(cfg WriterConfig, mem memory.Allocator, path string, schema *arrow.Schema, dictPages []string) (*file.Writer, error) {
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
	for _, name := range dictPages {
		opts = append(opts, parquet.WithDictionaryFor(name, true))
	}
	for _, f := range schema.Fields() {
		switch f.Type.ID() {
		case arrow.DICTIONARY:
			opts = append(opts, parquet.WithDictionaryFor(f.Name, true))
		case arrow.LIST:
			// Lists of ids (actors, camps) repeat as much as the ids
			// of the dictionary columns.
			opts = append(opts, parquet.WithDictionaryFor(f.Name+".list.element", true))
		case arrow.FLOAT64:
			// Scores are rounded (VADER to 4 places) or means of few
			// values: a dictionary page of their distinct values and
			// small indices beat 8 bytes each, 5% smaller files for 3%
			// less CPU; a column with too many distinct values falls
			// back to plain within its row group.
			opts = append(opts, parquet.WithDictionaryFor(f.Name, true))
		case arrow.INT64:
			// Offsets, indexes and counts grow by small steps: delta
			// encoding stores them in a few bits each, which leaves zstd
			// a tenth of the bytes and cut a run's CPU by 9%.
			opts = append(opts, parquet.WithEncodingFor(f.Name, parquet.Encodings.DeltaBinaryPacked))
		}
	}
	props := parquet.NewWriterProperties(opts...)
	pqSchema, err := pqarrow.ToParquet(schema, props, pqarrow.DefaultWriterProps())
	if err != nil {
		return nil, err
	}
	stored, err := serializeSchema(mem, parquetArrowSchema(schema))
	if err != nil {
		return nil, err
	}
	kv := metadata.KeyValueMetadata{}
	md := schema.Metadata()
	for i, k := range md.Keys() {
		kv.Append(k, md.Values()[i])
	}
	kv.Append("ARROW:schema", base64.StdEncoding.EncodeToString(stored))
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	pw, err := file.NewParquetWriterWithError(f, pqSchema.Root(), file.WithWriterProps(props), file.WithWriteMetadata(kv))
	if err != nil {
		f.Close()
		return nil, err
	}
	return pw, nil
}

// parquetArrowSchema names list elements "element", as the Parquet LIST
// layout does, so that readers mapping the stored Arrow schema onto Parquet
// column paths find them (pqarrow stores the same).
func parquetArrowSchema(sc *arrow.Schema) *arrow.Schema {
	fields := slices.Clone(sc.Fields())
	for i, f := range fields {
		if lt, ok := f.Type.(*arrow.ListType); ok {
			elem := lt.ElemField()
			elem.Name = "element"
			fields[i].Type = arrow.ListOfField(elem)
		}
	}
	md := sc.Metadata()
	return arrow.NewSchema(fields, &md)
}

// serializeSchema encodes sc as an Arrow IPC stream holding only the
// schema, the form of the ARROW:schema key.
func serializeSchema(mem memory.Allocator, sc *arrow.Schema) ([]byte, error) {
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(sc), ipc.WithAllocator(mem))
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// addRows appends an article's rows to the current batch, handing batches
// on as they fill. Each column appends its values of a run of rows in one
// call, so that its kind is dispatched once per run, not once per value.
func (t *table[R]) addRows(rows []R) {
	for len(rows) > 0 {
		b := t.cur
		full := min(t.batch, t.group-t.groupLen) // rows at which b is handed on
		n := min(full-b.rows, len(rows))
		for i := range t.cols {
			t.cols[i].appendTo(&b.cols[i], b, rows[:n])
		}
		b.rows += n
		t.rows += int64(n)
		rows = rows[n:]
		if b.rows == full {
			t.send()
		}
	}
}

// appendTo appends the column's values of rows to d, a column of batch b.
func (c *Column[R]) appendTo(d *colData, b *batch, rows []R) {
	nullable := c.Field.Nullable
	switch c.kind {
	case colString:
		for _, r := range rows {
			v := c.str(r)
			if nullable {
				if v == "" {
					d.defs = append(d.defs, 0)
					continue
				}
				d.defs = append(d.defs, 1)
			}
			d.strs = append(d.strs, b.str(v))
		}
	case colInt:
		for _, r := range rows {
			d.ints = append(d.ints, c.num(r))
		}
	case colTime:
		for _, r := range rows {
			v := c.time(r)
			if v.IsZero() {
				d.defs = append(d.defs, 0)
				continue
			}
			d.defs = append(d.defs, 1)
			d.ints = append(d.ints, v.UnixMicro())
		}
	case colFloat:
		for _, r := range rows {
			v := c.flt(r)
			if nullable {
				if math.IsNaN(v) {
					d.defs = append(d.defs, 0)
					continue
				}
				d.defs = append(d.defs, 1)
			}
			d.floats = append(d.floats, v)
		}
	case colBool:
		for _, r := range rows {
			d.bools = append(d.bools, c.bln(r))
		}
	case colList:
		for _, r := range rows {
			vs := c.list(r)
			if len(vs) == 0 {
				d.defs, d.reps = append(d.defs, 0), append(d.reps, 0)
				continue
			}
			for j, v := range vs {
				d.defs = append(d.defs, 2) // a present element of a present list
				d.reps = append(d.reps, min(int16(j), 1))
				d.strs = append(d.strs, b.str(v))
			}
		}
	}
}

// send hands the current batch to the encoder and takes the other one.
func (t *table[R]) send() {
	if t.cur.rows == 0 {
		return
	}
	t.groupLen = (t.groupLen + t.cur.rows) % t.group
	t.full <- t.cur
	t.cur = <-t.free
}

func (t *table[R]) tableName() string { return t.name }

// tableLabels are the pprof labels of a table's goroutines.
func tableLabels(name string) pprof.LabelSet {
	return pprof.Labels("stage", "write", "table", name)
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
// and appends them, handing full batches to the encoder. After an error it
// drains the queue so that push never blocks. When the queue is closed it
// hands on the last, partial batch and closes full.
func (t *table[R]) append() {
	defer close(t.addDone)
	for a := range t.arts {
		if t.failed() != nil {
			continue
		}
		t.artRows = t.expand(a, t.artRows[:0])
		t.addRows(t.artRows)
		clear(t.artRows) // drop the references to a
	}
	t.send()
	close(t.full)
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

// encode runs in the table's own goroutine: it writes each batch it
// receives to the Parquet and Arrow files, in order, and gives it back
// empty. After an error it only gives batches back.
func (t *table[R]) encode() {
	defer close(t.encDone)
	for b := range t.full {
		if t.failed() == nil {
			if err := t.write(b); err != nil {
				t.fail(err)
			}
		}
		b.reset()
		t.free <- b
	}
}

func (t *table[R]) write(b *batch) (err error) {
	defer func() {
		// The Parquet and IPC writers report bad states by panicking in
		// places; one would otherwise end the process from this goroutine
		// with the output half written.
		if r := recover(); r != nil {
			err = fmt.Errorf("write %s: %v", t.name, r)
		}
	}()
	if t.pw != nil {
		if err := t.writeParquet(b); err != nil {
			return fmt.Errorf("write %s.parquet: %w", t.name, err)
		}
	} else {
		t.digest.add(b)
	}
	if t.ipcW != nil {
		rec := t.record(b)
		err := t.ipcW.Write(rec)
		rec.Release()
		if err != nil {
			return fmt.Errorf("write %s.arrow: %w", t.name, err)
		}
	}
	return nil
}

// writeParquet hashes a batch into the digest and writes it to the open
// row group, opening one if need be, and closes the row group when it is
// full. A batch never spans two row groups (see addRows).
func (t *table[R]) writeParquet(b *batch) error {
	if t.rg == nil {
		rg, err := t.pw.AppendBufferedRowGroupChecked()
		if err != nil {
			return err
		}
		t.rg = rg
	}
	err := t.eachColumn(func(i int) error {
		t.digest.addColumn(i, b)
		return t.writeColumn(i, &b.cols[i])
	})
	if err != nil {
		return err
	}
	t.rgRows += b.rows
	if t.rgRows >= t.group {
		return t.closeRowGroup()
	}
	return nil
}

// writeColumn writes one column of a batch to its column writer in the
// open row group. Each column has writers, pages and a dictionary mirror of
// its own, so different columns may be written at once.
func (t *table[R]) writeColumn(i int, d *colData) error {
	cw, err := t.rg.Column(i)
	if err != nil {
		return err
	}
	switch w := cw.(type) {
	case *file.ByteArrayColumnChunkWriter:
		if m := t.dicts[i]; m != nil {
			err = m.write(w, d.strs, d.defs, d.reps)
		} else {
			_, err = w.WriteBatch(d.strs, d.defs, d.reps)
		}
	case *file.Int64ColumnChunkWriter:
		_, err = w.WriteBatch(d.ints, d.defs, nil)
	case *file.Float64ColumnChunkWriter:
		_, err = w.WriteBatch(d.floats, d.defs, nil)
	case *file.BooleanColumnChunkWriter:
		_, err = w.WriteBatch(d.bools, d.defs, nil)
	default:
		err = fmt.Errorf("unexpected Parquet column writer %T", cw)
	}
	if err != nil {
		return fmt.Errorf("column %s: %w", t.cols[i].Field.Name, err)
	}
	return nil
}

// eachColumn calls fn for every column, on t.workers goroutines at once
// (the calling one alone when it is 1), and returns the error of the first
// column, in column order, that failed. A panic in fn is that column's
// error, as write's recover would make it.
func (t *table[R]) eachColumn(fn func(i int) error) error {
	if t.workers <= 1 {
		for i := range t.cols {
			if err := fn(i); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, len(t.cols))
	var next atomic.Int32
	var wg sync.WaitGroup
	for range t.workers {
		wg.Go(func() {
			for {
				k := int(next.Add(1)) - 1
				if k >= len(t.order) {
					return
				}
				i := t.order[k]
				func() {
					defer func() {
						if r := recover(); r != nil {
							errs[i] = fmt.Errorf("column %s: %v", t.cols[i].Field.Name, r)
						}
					}()
					errs[i] = fn(i)
				}()
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// encodeOrder returns the columns' indexes with the costliest to encode
// first: plain strings (the sentence text), then lists, then the rest, each
// group in column order.
func encodeOrder[R any](cols []Column[R]) []int {
	rank := func(c Column[R]) int {
		switch {
		case c.kind == colString && c.Field.Type.ID() != arrow.DICTIONARY && !c.dictPages:
			return 0
		case c.kind == colList:
			return 1
		}
		return 2
	}
	order := make([]int, len(cols))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rank(cols[a]) - rank(cols[b]) })
	return order
}

func (t *table[R]) closeRowGroup() error {
	if t.rg == nil {
		return nil
	}
	// The mirrors write their recorded row groups (see dictMirror.record),
	// each to its own column; the row group's close then writes the
	// columns to the file in order.
	err := t.eachColumn(func(i int) error {
		m := t.dicts[i]
		if m == nil {
			return nil
		}
		cw, err := t.rg.Column(i)
		if err == nil {
			err = m.finish(cw.(*file.ByteArrayColumnChunkWriter))
		}
		if err != nil {
			return fmt.Errorf("column %s: %w", t.cols[i].Field.Name, err)
		}
		return nil
	})
	if err != nil {
		t.rg = nil
		return err
	}
	err = t.rg.Close()
	t.rg, t.rgRows = nil, 0
	for _, m := range t.dicts {
		if m != nil {
			m.reset()
		}
	}
	return err
}

// record builds the Arrow record batch of a batch, in the IPC schema.
func (t *table[R]) record(b *batch) arrow.RecordBatch {
	arrs := make([]arrow.Array, len(t.cols))
	for i := range t.cols {
		arrs[i] = t.array(t.cols[i], &b.cols[i], b.rows)
	}
	rec := array.NewRecordBatch(t.ipcSc, arrs, int64(b.rows))
	for _, a := range arrs {
		a.Release()
	}
	return rec
}

func (t *table[R]) array(c Column[R], d *colData, rows int) arrow.Array {
	switch c.kind {
	case colString:
		sb := array.NewStringBuilder(t.mem)
		defer sb.Release()
		sb.Reserve(rows)
		appendSpaced(rows, d.defs, d.strs, sb.AppendNull, func(v parquet.ByteArray) { sb.BinaryBuilder.Append(v) })
		return sb.NewArray()
	case colInt:
		ib := array.NewInt64Builder(t.mem)
		defer ib.Release()
		ib.AppendValues(d.ints, nil)
		return ib.NewArray()
	case colTime:
		tb := array.NewTimestampBuilder(t.mem, timestampUTC)
		defer tb.Release()
		tb.Reserve(rows)
		appendSpaced(rows, d.defs, d.ints, tb.AppendNull, func(v int64) { tb.Append(arrow.Timestamp(v)) })
		return tb.NewArray()
	case colFloat:
		fb := array.NewFloat64Builder(t.mem)
		defer fb.Release()
		fb.Reserve(rows)
		appendSpaced(rows, d.defs, d.floats, fb.AppendNull, fb.Append)
		return fb.NewArray()
	case colBool:
		bb := array.NewBooleanBuilder(t.mem)
		defer bb.Release()
		bb.AppendValues(d.bools, nil)
		return bb.NewArray()
	default: // colList
		lb := array.NewListBuilder(t.mem, arrow.BinaryTypes.String)
		defer lb.Release()
		vb := lb.ValueBuilder().(*array.StringBuilder)
		v := 0
		for l := range d.defs {
			if d.reps[l] == 0 {
				lb.Append(true)
			}
			if d.defs[l] == 2 {
				vb.BinaryBuilder.Append(d.strs[v])
				v++
			}
		}
		return lb.NewArray()
	}
}

// appendSpaced appends rows of a scalar column to an Arrow builder: a null
// where the row's definition level is 0, else the column's next value
// (vals holds the non-null values only, as Parquet's column writers take
// them). defs is nil for a required column.
func appendSpaced[T any](rows int, defs []int16, vals []T, appendNull func(), appendVal func(T)) {
	for row, v := 0, 0; row < rows; row++ {
		if defs != nil && defs[row] == 0 {
			appendNull()
			continue
		}
		appendVal(vals[v])
		v++
	}
}

// close stops the table's goroutines once every queued article is written,
// then writes the footers and closes the files.
func (t *table[R]) close() error {
	if t.closed {
		return nil
	}
	t.closed = true
	close(t.arts)
	<-t.addDone
	<-t.encDone
	err := t.failed()
	if t.pw != nil {
		if cerr := t.closeRowGroup(); cerr != nil && err == nil {
			err = fmt.Errorf("write %s.parquet: %w", t.name, cerr)
		}
		// Close also closes the file.
		if cerr := t.pw.Close(); cerr != nil && err == nil {
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
		if (ext == ".parquet" && t.pw == nil) || (ext == ".arrow" && t.ipcW == nil) {
			continue
		}
		out = append(out, TableStats{File: t.name + ext, Rows: t.rows, Bytes: t.sizes[t.name+ext], RowsChecksum: t.digest.sum()})
	}
	return out
}
