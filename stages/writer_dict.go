package stages

import (
	"math/bits"
	"slices"
	"strings"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
)

// dictMirror writes one dictionary-encoded string column (actor ids, camps,
// labels) faster than arrow-go's column writer does on its own, to the same
// bytes.
//
// Given strings, the column writer hashes every value into its dictionary
// and compares every value with the page's minimum and maximum; for a
// column of a few hundred distinct values that is most of its cost. The
// mirror keeps the dictionary the encoder builds for the open row group (the
// same values in the same first-seen order) and splits a batch into the
// chunks the column writer would cut it into itself (WriteBatchSize
// levels). Values are written as the dictionary indices their strings
// have, with the page statistics updated from their distinct values (see
// flushIndices). The encoder must hold the same dictionary: a row group is
// recorded, and written when it is closed, from its whole dictionary
// seeded at once where that gives the same pages (see record); otherwise a
// value new to the row group is written as a string, so that the encoder
// adds it exactly as before (see writeChunk). Pages, dictionary and
// statistics, and so the file, are what writing strings gives.
//
// A mirror belongs to its table's encoding goroutine. Chunks are cut as
// the column writer cuts them when no page index is written (with one, it
// would align them on rows): a fixed number of levels.
type dictMirror struct {
	// For tests: writes of indices, chunks split at new values, and row
	// groups in which the encoder fell back to plain; of the recorded row
	// groups, those written from a seeded dictionary, those seeded in part
	// and replayed, those replayed, those with a page cut before their end,
	// and those written before their end (their dictionary too large).
	indexed, splits, fallbacks int
	seeded, partial, replays   int
	cutGroups, playedEarly     int

	idx map[string]int32 // value -> index in the row group's dictionary
	n   int32            // entries in the dictionary
	// vals are the dictionary's values by index (the keys of idx), and
	// size their plain size (4 bytes of length each), as the encoder
	// counts the dictionary page.
	vals  []parquet.ByteArray
	size  int
	off   bool   // the encoder fell back to plain: write strings
	last  string // the previous value and its index: ids come in runs
	lastI int32
	lastP *byte // last's bytes and length, nil when there is none
	lastN int
	cache [1 << ptrCacheBits]ptrEntry

	// Per chunk: each level's dictionary index (-1 without a value) and
	// the levels of values new to the row group.
	lidx []int32
	news []int
	runs [][2]int // levels [lo, hi) to write as strings

	// Per write of indices: the spaced indices, their validity, the
	// distinct values, and, per dictionary index, the stamp of the last
	// write that used it.
	ind       []int32
	base      [2]arrow.Array // over ind's backing store, without and with valid
	baseValid *byte          // valid's backing store when base was made
	distinct  []parquet.ByteArray
	valid     []byte
	slots     int // nulls' slots in ind
	stamps    []uint32
	stamp     uint32

	// The open row group, as recorded (see record): whether it is, the
	// levels of each write, and per level the dictionary index (-1
	// without a value) and the definition and repetition levels (none
	// for a column without them).
	rec          bool
	recWrites    []int
	recIdx       []int32
	recDefs      []int16
	recReps      []int16
	replayValues []parquet.ByteArray
}

// mirrorDicts turns the mirrors on; tests turn them off to compare files.
var mirrorDicts = true

func newDictMirror() *dictMirror { return &dictMirror{idx: map[string]int32{}, lastI: -1} }

// reset forgets the dictionary: a new row group starts a new one.
func (m *dictMirror) reset() {
	clear(m.vals) // the clones are the map's; let them go with it
	m.vals = m.vals[:0]
	m.resetDict()
	m.off = false
	m.rec, m.recWrites, m.recIdx, m.recDefs, m.recReps = false, m.recWrites[:0], m.recIdx[:0], m.recDefs[:0], m.recReps[:0]
}

// resetDict forgets the dictionary's index of values, leaving m.vals as it
// is.
func (m *dictMirror) resetDict() {
	clear(m.idx)
	clear(m.cache[:])
	m.n, m.size, m.last, m.lastI, m.lastP = 0, 0, "", -1, nil
}

// lookup returns v's dictionary index, adding v if it is new (isNew reports
// that). Its callers first test the common case themselves, cheaply and
// inline: the previous value at the same address (ids and labels come in
// runs, and are the same strings row after row); see sameAsLast.
func (m *dictMirror) lookup(v parquet.ByteArray) (i int32, isNew bool) {
	p := unsafe.SliceData(v)
	s := unsafe.String(p, len(v))
	if m.lastI >= 0 && s == m.last {
		return m.lastI, false
	}
	// Ids, camps and labels are the same strings of the lexicon and the
	// config row after row: the same bytes at the same address, which a
	// small cache finds without hashing them.
	e := &m.cache[(uintptr(unsafe.Pointer(p))*0x9E3779B97F4A7C15)>>(64-ptrCacheBits)]
	if e.p == p && e.n == len(v) && p != nil {
		m.last, m.lastI, m.lastP, m.lastN = s, e.i, p, len(v)
		return e.i, false
	}
	i, ok := m.idx[s]
	if !ok {
		// The key is copied: v may point into an article's text, which
		// the map must not keep alive for a whole row group.
		i = m.n
		m.n++
		k := strings.Clone(s)
		m.idx[k] = i
		m.vals = append(m.vals, unsafe.Slice(unsafe.StringData(k), len(k)))
		m.size += len(k) + 4
		isNew = true
	}
	*e = ptrEntry{p, len(v), i}
	m.last, m.lastI, m.lastP, m.lastN = s, i, p, len(v)
	return i, isNew
}

// sameAsLast reports whether v is the previous value looked up, at the
// same address.
func (m *dictMirror) sameAsLast(v parquet.ByteArray) bool {
	p := unsafe.SliceData(v)
	return p == m.lastP && len(v) == m.lastN && p != nil
}

const ptrCacheBits = 8

// ptrEntry maps the address and length of a value of the current batch to
// its dictionary index. Equal addresses and lengths are equal bytes only
// while the memory is not reused, so the cache is cleared with every batch
// (whose strings keep theirs alive) and row group.
type ptrEntry struct {
	p *byte
	n int
	i int32
}

// write writes a batch's column, or records it (see record): values are
// the present values, defs and reps the definition and repetition levels
// (nil where the column has none).
func (m *dictMirror) write(w *file.ByteArrayColumnChunkWriter, values []parquet.ByteArray, defs, reps []int16) error {
	if m.rec || m.recordable(w) {
		m.record(w.LevelInfo(), values, defs, reps)
		if int64(m.size) >= w.Properties().DictionaryPageSizeLimit() {
			// The dictionary cannot be seeded whole: what is recorded is
			// written now, not at the group's end, and the rest as it
			// comes.
			m.playedEarly++
			return m.play(w)
		}
		return nil
	}
	return m.writeNow(w, values, defs, reps)
}

// writeNow writes a batch's column to the column writer at once.
func (m *dictMirror) writeNow(w *file.ByteArrayColumnChunkWriter, values []parquet.ByteArray, defs, reps []int16) error {
	n := levelCount(values, defs)
	li := w.LevelInfo()
	chunk := int(w.Properties().WriteBatchSize())
	// Where pages are not compressed, arrow-go may fall back to plain
	// encoding after any write, by comparing sizes, until a first page is
	// cut: only writing strings is sure to do what writing strings does.
	costCheck := w.Properties().DictionaryCostFallbackEnabledFor(w.Descr().Path())
	m.lastI, m.lastP = -1, nil // the previous batch's memory may hold other values now
	clear(m.cache[:])
	v := 0 // first value of the chunk
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		var cdefs, creps []int16
		nv := hi - lo
		if defs != nil {
			cdefs = defs[lo:hi]
			nv = 0
			for _, d := range cdefs {
				if d == li.DefLevel {
					nv++
				}
			}
		}
		if reps != nil {
			creps = reps[lo:hi]
		}
		vals := values[v : v+nv]
		v += nv
		if err := m.writeChunk(w, li, costCheck, vals, cdefs, creps); err != nil {
			return err
		}
	}
	return nil
}

// writeChunk writes one chunk. Its values are looked up in order, so that
// the mirror adds those new to the row group in the order the encoder will.
// A chunk without new values is written as indices. In one with new values
// spread thinly enough (see minRun), the levels of new values are written
// as strings and the levels between them as indices, when that cannot
// change where pages are cut or when the dictionary outgrows its limit
// (both are checked after every write, not only at the chunk's end);
// otherwise the chunk is written as strings.
func (m *dictMirror) writeChunk(w *file.ByteArrayColumnChunkWriter, li file.LevelInfo, costCheck bool, vals []parquet.ByteArray, defs, reps []int16) error {
	enc, ok := w.CurrentEncoder().(dictEncoderSizes)
	if m.off || !ok || w.CurrentEncoder().Encoding() != parquet.Encodings.PlainDict || costCheck {
		return m.writeStrings(w, vals, defs, reps)
	}
	levels := levelCount(vals, defs)
	m.lidx, m.news = m.lidx[:0], m.news[:0]
	// The one pass that looks the values up also builds the indices and
	// the distinct values that writing them needs, for the common chunk
	// without new values; a chunk with some is written from lidx.
	m.startIndices(levels)
	raw, newBytes, k := 0, 0, 0
	for l := range levels {
		if defs != nil && defs[l] < li.DefLevel {
			m.lidx = append(m.lidx, -1)
			if defs[l] >= li.RepeatedAncestorDefLevel {
				m.nullSlot() // a null's slot
			}
			continue
		}
		v := vals[k]
		i, isNew := m.lastI, false
		if !m.sameAsLast(v) {
			i, isNew = m.lookup(v)
		}
		if isNew {
			m.news = append(m.news, l)
			newBytes += len(v) + 4
		}
		m.lidx = append(m.lidx, i)
		m.addIndex(i, v)
		raw += len(v) + 4
		k++
	}
	props := w.Properties()
	switch {
	case len(m.news) == 0:
		return m.flushIndices(w, levels, len(vals), raw, defs, reps)
	case enc.ObservedRawSize()+int64(raw) >= props.DataPageSize() ||
		int64(enc.DictEncodedSize()+newBytes) >= props.DictionaryPageSizeLimit():
		return m.writeStrings(w, vals, defs, reps)
	}
	// The runs of levels to write as strings: each new value's level,
	// merged with the next when only levels without a value lie between.
	m.runs = m.runs[:0]
	for _, l := range m.news {
		if n := len(m.runs); n > 0 && m.runs[n-1][1] == l {
			m.runs[n-1][1] = l + 1
			continue
		}
		hi := l + 1
		for hi < levels && m.lidx[hi] < 0 {
			hi++ // nulls and empty lists go with the string run
		}
		m.runs = append(m.runs, [2]int{l, hi})
	}
	if len(m.runs)*minRun > levels {
		return m.writeStrings(w, vals, defs, reps)
	}
	m.splits++
	lo, v := 0, 0                   // the next level to write and its first value
	count := func(lo, hi int) int { // values in levels [lo, hi)
		n := 0
		for _, i := range m.lidx[lo:hi] {
			if i >= 0 {
				n++
			}
		}
		return n
	}
	for _, r := range append(m.runs, [2]int{levels, levels}) {
		if r[0] > lo {
			nv := count(lo, r[0])
			if err := m.writeIndices(w, li, vals[v:v+nv], m.lidx[lo:r[0]], sub(defs, lo, r[0]), sub(reps, lo, r[0])); err != nil {
				return err
			}
			v += nv
		}
		if r[0] == levels {
			break
		}
		nv := count(r[0], r[1])
		if err := m.writeStrings(w, vals[v:v+nv], sub(defs, r[0], r[1]), sub(reps, r[0], r[1])); err != nil {
			return err
		}
		lo, v = r[1], v+nv
	}
	return nil
}

// minRun is the fewest levels per run of new values at which a chunk is
// split rather than written as strings: each run costs two writes of
// some microseconds, against a fraction of a microsecond per string
// hashed. Article ids (a run per article, some thirty rows) are split;
// a chunk of mostly new values is not.
const minRun = 16

// levelCount is the number of levels of a write: its definition levels,
// or its values where the column has none.
func levelCount(vals []parquet.ByteArray, defs []int16) int {
	if defs != nil {
		return len(defs)
	}
	return len(vals)
}

func sub(levels []int16, lo, hi int) []int16 {
	if levels == nil {
		return nil
	}
	return levels[lo:hi]
}

// writeStrings writes levels and values as the column writer is given them
// without a mirror.
func (m *dictMirror) writeStrings(w *file.ByteArrayColumnChunkWriter, vals []parquet.ByteArray, defs, reps []int16) error {
	if _, err := w.WriteBatch(vals, defs, reps); err != nil {
		return err
	}
	if !m.off && w.CurrentEncoder().Encoding() != parquet.Encodings.PlainDict {
		m.off = true
		m.fallbacks++
	}
	return nil
}

// writeIndices writes levels whose values are all in the dictionary as
// their indices (lidx, per level), updating what writing them as strings
// updates: the page statistics and the encoder's count of raw bytes, by
// which the column writer cuts pages (as parquet-mr does).
func (m *dictMirror) writeIndices(w *file.ByteArrayColumnChunkWriter, li file.LevelInfo, vals []parquet.ByteArray, lidx []int32, defs, reps []int16) error {
	levels := levelCount(vals, defs)
	m.startIndices(levels)
	raw, k := 0, 0
	for l := range levels {
		if defs != nil && defs[l] < li.DefLevel {
			if defs[l] >= li.RepeatedAncestorDefLevel {
				m.nullSlot()
			}
			continue
		}
		v := vals[k]
		m.addIndex(lidx[l], v)
		raw += len(v) + 4
		k++
	}
	return m.flushIndices(w, levels, len(vals), raw, defs, reps)
}

// startIndices starts a write of indices of up to levels levels: addIndex
// and nullSlot then build m.ind (a dictionary index per value, a slot per
// null), m.distinct and, from the first null on, m.valid.
func (m *dictMirror) startIndices(levels int) {
	m.stamp++
	if m.stamp == 0 { // wrapped: old stamps could match
		clear(m.stamps)
		m.stamp = 1
	}
	m.ind, m.distinct, m.slots = m.ind[:0], m.distinct[:0], 0
	if need := (levels + 7) / 8; cap(m.valid) < need {
		m.valid = make([]byte, 0, need)
	}
}

// addIndex adds value v, at dictionary index i, to the write.
func (m *dictMirror) addIndex(i int32, v parquet.ByteArray) {
	if int(i) >= len(m.stamps) {
		m.stamps = append(m.stamps, make([]uint32, int(i)+1-len(m.stamps))...)
	}
	if m.stamps[i] != m.stamp {
		m.stamps[i] = m.stamp
		m.distinct = append(m.distinct, v)
	}
	if m.slots > 0 {
		m.valid[len(m.ind)/8] |= 1 << (len(m.ind) % 8)
	}
	m.ind = append(m.ind, i)
}

// nullSlot adds a null's slot to the write. The validity bitmap is built
// from the first null on: a write without nulls needs none.
func (m *dictMirror) nullSlot() {
	if m.slots == 0 {
		n := len(m.ind)
		m.valid = m.valid[:cap(m.valid)]
		clear(m.valid)
		for j := range n / 8 {
			m.valid[j] = 0xff
		}
		if n%8 != 0 {
			m.valid[n/8] = 1<<(n%8) - 1
		}
	}
	m.slots++
	m.ind = append(m.ind, 0)
}

// flushIndices writes the indices built since startIndices: levels levels
// with the present values vals (raw bytes as plain-encoded).
func (m *dictMirror) flushIndices(w *file.ByteArrayColumnChunkWriter, levels, nv, raw int, defs, reps []int16) error {
	if st, ok := w.PageStatistics().(*metadata.ByteArrayStatistics); ok && st != nil {
		// Levels without a value count as nulls, then the values, with
		// the minimum and maximum of their distinct values.
		st.Update(m.distinct, int64(levels-nv))
		st.IncNumValues(int64(nv - len(m.distinct)))
	}
	w.CurrentEncoder().(dictEncoderSizes).AddRawSize(int64(raw))
	m.indexed++
	ind := m.indexArray(m.slots > 0)
	defer ind.Release()
	return w.WriteDictIndices(ind, defs, reps)
}

// indexArray returns m.ind as an Arrow array, with m.valid as its validity
// bitmap if withNulls. It is a slice of an array over the whole backing
// store of m.ind (and m.valid), made again only when they grow: making
// one per write was a third of the writer's allocations.
func (m *dictMirror) indexArray(withNulls bool) arrow.Array {
	if need := (cap(m.ind) + 7) / 8; cap(m.valid) < need {
		m.valid = slices.Grow(m.valid, need-len(m.valid))
	}
	if m.base[0] == nil || m.base[0].Len() != cap(m.ind) || unsafe.SliceData(m.valid) != m.baseValid {
		for _, a := range m.base {
			if a != nil {
				a.Release()
			}
		}
		ind := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(m.ind))), 4*cap(m.ind))
		valid := m.valid[:cap(m.valid)]
		m.base[0] = int32Array(ind, nil, cap(m.ind))
		m.base[1] = int32Array(ind, valid, cap(m.ind))
		m.baseValid = unsafe.SliceData(m.valid)
	}
	base := m.base[0]
	if withNulls {
		base = m.base[1]
	}
	return array.NewSlice(base, 0, int64(len(m.ind)))
}

// dictEncoderSizes are methods of arrow-go's dictionary encoders: the
// plain size of the values put, by which the column writer cuts pages, and
// the dictionary's size, by which it falls back to plain encoding.
type dictEncoderSizes interface {
	AddRawSize(int64)
	ObservedRawSize() int64
	DictEncodedSize() int
	NumEntries() int
	// PutDictionary seeds an empty encoder's dictionary.
	PutDictionary(arrow.Array) error
}

// int32Array wraps n int32 values and their validity bitmap (nil when
// nothing is null), without copying, as an Arrow array; its null count is
// left to be counted.
func int32Array(values, valid []byte, n int) *array.Int32 {
	var vb *memory.Buffer
	nulls := 0
	if valid != nil {
		vb, nulls = memory.NewBufferBytes(valid), array.UnknownNullCount
	}
	d := array.NewData(arrow.PrimitiveTypes.Int32, n, []*memory.Buffer{vb, memory.NewBufferBytes(values)}, nil, nulls, 0)
	defer d.Release()
	return array.NewInt32Data(d)
}

// A row group's dictionary is known in full only at its end, but arrow-go
// adds a value to it only when the value is written as a string: writing
// a batch as indices had to split each chunk at the values new to the row
// group (every article id is) into a write of indices and a write of a
// string apiece, and those writes' fixed costs were most of a dictionary
// column's. So the mirror records a row group instead (record: an index
// per level, and the levels), and writes it when the group is closed
// (finish): its dictionary seeds the empty encoder in one call, and each
// chunk is written as indices. Where that would not give the bytes
// writing strings gives (see seedSize), a first part of the dictionary is
// seeded, or none, and the recorded batches are written as before, their
// remaining new values as strings (replay).

// recordable reports whether the row group about to start can be
// recorded: nothing of it is written yet, and the encoder is a dictionary
// encoder whose choices do not depend on encoded sizes (see writeNow).
func (m *dictMirror) recordable(w *file.ByteArrayColumnChunkWriter) bool {
	enc, ok := w.CurrentEncoder().(dictEncoderSizes)
	return ok && !m.off && m.n == 0 && enc.NumEntries() == 0 &&
		w.CurrentEncoder().Encoding() == parquet.Encodings.PlainDict &&
		!w.Properties().DictionaryCostFallbackEnabledFor(w.Descr().Path())
}

// record adds a batch's column to the recorded row group: its values'
// dictionary indices, which adds the new ones to the dictionary in the
// order the encoder would add them, and copies of its levels.
func (m *dictMirror) record(li file.LevelInfo, values []parquet.ByteArray, defs, reps []int16) {
	levels := levelCount(values, defs)
	m.rec = true
	m.recWrites = append(m.recWrites, levels)
	m.recDefs = append(m.recDefs, defs...)
	m.recReps = append(m.recReps, reps...)
	m.lastI, m.lastP = -1, nil // the previous batch's memory may hold other values now
	clear(m.cache[:])
	idx := slices.Grow(m.recIdx, levels)
	k := 0
	for l := range levels {
		if defs != nil && defs[l] < li.DefLevel {
			idx = append(idx, -1)
			continue
		}
		v := values[k]
		k++
		i := m.lastI
		if !m.sameAsLast(v) {
			i, _ = m.lookup(v)
		}
		idx = append(idx, i)
	}
	m.recIdx = idx
}

// finish writes the recorded row group, if there is one, to w. The table
// calls it before closing the row group.
func (m *dictMirror) finish(w *file.ByteArrayColumnChunkWriter) error {
	if !m.rec {
		return nil
	}
	return m.play(w)
}

// play writes the recorded batches and ends the recording.
func (m *dictMirror) play(w *file.ByteArrayColumnChunkWriter) error {
	m.rec = false
	defer func() {
		m.recWrites, m.recIdx, m.recDefs, m.recReps = m.recWrites[:0], m.recIdx[:0], m.recDefs[:0], m.recReps[:0]
	}()
	chunk := int(w.Properties().WriteBatchSize())
	if n := m.seedSize(w.Properties(), chunk); n < int(m.n) {
		return m.replay(w, n)
	}
	return m.writeSeeded(w, chunk)
}

// seedSize returns how many of the recorded row group's dictionary values,
// from the first, can seed the encoder so that the file is the bytes
// writing strings gives. Writing strings, the column writer adds each
// value's plain size to a count after each chunk, cuts a page when the
// count reaches the page size, and encodes the page's indices in as many
// bits as the dictionary then needs; it falls back to plain encoding once
// the dictionary reaches its limit. Seeded, the dictionary is as large as
// the seed from the start. So the seed must stay under the limit, and at
// the first page cut (and so at every later one) it must need no more
// bits than the values seen so far. The chunks are the column writer's:
// each write's levels cut every WriteBatchSize.
func (m *dictMirror) seedSize(props *parquet.WriterProperties, chunk int) int {
	n := int(m.n)
	raw, seen, pos := int64(0), int32(0), 0
cut:
	for _, levels := range m.recWrites {
		for lo := 0; lo < levels; lo += chunk {
			for _, i := range m.recIdx[pos+lo : pos+min(lo+chunk, levels)] {
				if i >= 0 {
					raw += int64(len(m.vals[i]) + 4)
					seen = max(seen, i+1) // indices are given in order
				}
			}
			if raw >= props.DataPageSize() {
				m.cutGroups++
				n = min(n, indexCapacity(indexBitWidth(int(seen))))
				break cut
			}
		}
		pos += levels
	}
	size := 0
	for _, v := range m.vals[:n] {
		size += len(v) + 4
	}
	if int64(size) >= props.DictionaryPageSizeLimit() {
		return 0
	}
	return n
}

// indexCapacity is the most values a dictionary can hold at bits bits per
// index (see indexBitWidth).
func indexCapacity(bits int) int {
	if bits == 0 {
		return 0
	}
	return 1 << bits
}

// indexBitWidth is the bits per index of a dictionary of n values, as
// arrow-go's encoder counts them.
func indexBitWidth(n int) int {
	if n <= 1 {
		return n
	}
	return bits.Len32(uint32(n - 1))
}

// writeSeeded seeds the encoder with the row group's dictionary and writes
// the recorded levels as indices, chunk by chunk, so that page statistics
// cover each page's values only.
func (m *dictMirror) writeSeeded(w *file.ByteArrayColumnChunkWriter, chunk int) error {
	if err := seed(w, m.vals); err != nil {
		return err
	}
	m.seeded++
	li := w.LevelInfo()
	pos := 0
	for _, n := range m.recWrites {
		for lo := 0; lo < n; lo += chunk {
			l0, l1 := pos+lo, pos+min(lo+chunk, n)
			m.startIndices(l1 - l0)
			raw, nv := 0, 0
			for l := l0; l < l1; l++ {
				i := m.recIdx[l]
				if i < 0 {
					if m.recDefs[l] >= li.RepeatedAncestorDefLevel {
						m.nullSlot()
					}
					continue
				}
				v := m.vals[i]
				m.addIndex(i, v)
				raw += len(v) + 4
				nv++
			}
			defs, reps := m.recLevels(l0, l1)
			if err := m.flushIndices(w, l1-l0, nv, raw, defs, reps); err != nil {
				return err
			}
		}
		pos += n
	}
	return nil
}

// recLevels returns the recorded definition and repetition levels
// [l0, l1), nil for a column recorded without them.
func (m *dictMirror) recLevels(l0, l1 int) (defs, reps []int16) {
	if len(m.recDefs) > 0 {
		defs = m.recDefs[l0:l1]
	}
	if len(m.recReps) > 0 {
		reps = m.recReps[l0:l1]
	}
	return defs, reps
}

// seed seeds w's empty dictionary encoder with vals.
func seed(w *file.ByteArrayColumnChunkWriter, vals []parquet.ByteArray) error {
	b := array.NewBinaryBuilder(memory.DefaultAllocator, arrow.BinaryTypes.String)
	defer b.Release()
	for _, v := range vals {
		b.Append(v)
	}
	dict := b.NewArray()
	defer dict.Release()
	return w.CurrentEncoder().(dictEncoderSizes).PutDictionary(dict)
}

// replay seeds the encoder with the first n of the recorded row group's
// dictionary values, then writes the recorded batches as they came,
// through writeNow, which writes the values new to the encoder as strings.
func (m *dictMirror) replay(w *file.ByteArrayColumnChunkWriter, n int) error {
	vals := m.vals
	m.vals = nil // the recorded indices refer to vals; lookup starts a new list
	m.resetDict()
	if n > 0 {
		if err := seed(w, vals[:n]); err != nil {
			return err
		}
		for i, v := range vals[:n] {
			m.idx[unsafe.String(unsafe.SliceData(v), len(v))] = int32(i) // lookup's clones
			m.size += len(v) + 4
		}
		m.vals, m.n = append(m.vals, vals[:n]...), int32(n)
		m.partial++
	} else {
		m.replays++
	}
	pos := 0
	for _, n := range m.recWrites {
		values := m.replayValues[:0]
		for _, i := range m.recIdx[pos : pos+n] {
			if i >= 0 {
				values = append(values, vals[i])
			}
		}
		m.replayValues = values
		defs, reps := m.recLevels(pos, pos+n)
		if err := m.writeNow(w, values, defs, reps); err != nil {
			return err
		}
		pos += n
	}
	clear(m.replayValues[:cap(m.replayValues)])
	return nil
}
