package stages

import (
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
// levels). A chunk holding a value new to the row group is written as
// strings, so the encoder adds the value exactly as before; any other chunk
// is written as the dictionary indices its strings have, with the page
// statistics updated from its distinct values. Chunks, pages, dictionary
// and statistics, and so the file, are what writing strings gives.
//
// A mirror belongs to its table's encoding goroutine. Chunks are cut as
// the column writer cuts them when no page index is written (with one, it
// would align them on rows): a fixed number of levels.
type dictMirror struct {
	// For tests: chunks written as indices, and row groups in which the
	// encoder fell back to plain.
	indexed, fallbacks int

	idx   map[string]int32 // value -> index in the row group's dictionary
	n     int32            // entries in the dictionary
	off   bool             // the encoder fell back to plain: write strings
	last  string           // the previous value and its index: ids come in runs
	lastI int32

	// Per chunk: its spaced indices, its distinct values, and, per
	// dictionary index, the stamp of the last chunk that used it.
	ind      []int32
	distinct []parquet.ByteArray
	valid    []byte
	stamps   []uint32
	stamp    uint32
}

// mirrorDicts turns the mirrors on; tests turn them off to compare files.
var mirrorDicts = true

func newDictMirror() *dictMirror { return &dictMirror{idx: map[string]int32{}, lastI: -1} }

// reset forgets the dictionary: a new row group starts a new one.
func (m *dictMirror) reset() {
	clear(m.idx)
	m.n, m.off, m.last, m.lastI = 0, false, "", -1
}

// lookup returns v's dictionary index, adding v if it is new (new reports
// that).
func (m *dictMirror) lookup(v parquet.ByteArray) (i int32, isNew bool) {
	s := unsafe.String(unsafe.SliceData(v), len(v))
	if m.lastI >= 0 && s == m.last {
		return m.lastI, false
	}
	i, ok := m.idx[s]
	if !ok {
		// The key is copied: v may point into an article's text, which
		// the map must not keep alive for a whole row group.
		i = m.n
		m.n++
		m.idx[strings.Clone(s)] = i
		isNew = true
	}
	m.last, m.lastI = s, i
	return i, isNew
}

// write writes a batch's column: values are the present values, defs and
// reps the definition and repetition levels (nil where the column has
// none).
func (m *dictMirror) write(w *file.ByteArrayColumnChunkWriter, values []parquet.ByteArray, defs, reps []int16) error {
	n := len(values)
	if defs != nil {
		n = len(defs)
	}
	li := w.LevelInfo()
	chunk := int(w.Properties().WriteBatchSize())
	m.lastI = -1 // the previous batch's memory may hold other values now
	v := 0       // first value of the chunk
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
		if err := m.writeChunk(w, li, vals, cdefs, creps); err != nil {
			return err
		}
	}
	return nil
}

// writeChunk writes one chunk: as strings if it holds a value new to the
// row group, else as indices.
func (m *dictMirror) writeChunk(w *file.ByteArrayColumnChunkWriter, li file.LevelInfo, vals []parquet.ByteArray, defs, reps []int16) error {
	rs, ok := w.CurrentEncoder().(rawSizer)
	dense := m.off || !ok || !isDictEncoder(w)
	levels := len(vals)
	if defs != nil {
		levels = len(defs)
	}
	raw, slots := 0, 0
	if !dense {
		m.stamp++
		if m.stamp == 0 { // wrapped: old stamps could match
			clear(m.stamps)
			m.stamp = 1
		}
		m.ind, m.distinct = m.ind[:0], m.distinct[:0]
		m.valid = append(m.valid[:0], make([]byte, (levels+7)/8)...)
		k := 0
		for l := range levels {
			if defs != nil && defs[l] < li.DefLevel {
				if defs[l] >= li.RepeatedAncestorDefLevel {
					m.ind = append(m.ind, 0) // a null's slot
					slots++
				}
				continue
			}
			i, isNew := m.lookup(vals[k])
			if isNew {
				dense = true
			}
			if !dense {
				if int(i) >= len(m.stamps) {
					m.stamps = append(m.stamps, make([]uint32, int(i)+1-len(m.stamps))...)
				}
				if m.stamps[i] != m.stamp {
					m.stamps[i] = m.stamp
					m.distinct = append(m.distinct, vals[k])
				}
			}
			m.valid[len(m.ind)/8] |= 1 << (len(m.ind) % 8)
			m.ind = append(m.ind, i)
			raw += len(vals[k]) + 4
			k++
		}
		// The values after a new one were looked up too (and those new
		// to the row group added in order), so the mirror stays in step
		// with the encoder, which takes the chunk as strings below.
	}
	if dense {
		if _, err := w.WriteBatch(vals, defs, reps); err != nil {
			return err
		}
		if !isDictEncoder(w) {
			m.off = true
			m.fallbacks++
		}
		return nil
	}
	if st, ok := w.PageStatistics().(*metadata.ByteArrayStatistics); ok && st != nil {
		// What writing strings does: levels without a value count as
		// nulls, then the values, with the minimum and maximum of their
		// distinct values.
		st.Update(m.distinct, int64(levels-len(vals)))
		st.IncNumValues(int64(len(vals) - len(m.distinct)))
	}
	// The encoder cuts pages by the bytes of the values it was given
	// (as parquet-mr does), which indices alone would not add.
	rs.AddRawSize(int64(raw))
	var valid []byte // the indices' validity bitmap, where a slot is null
	if slots > 0 {
		valid = m.valid
	}
	m.indexed++
	ind := int32Array(m.ind, valid, slots)
	defer ind.Release()
	return w.WriteDictIndices(ind, defs, reps)
}

// isDictEncoder reports whether w still writes dictionary indices (it falls
// back to plain when the dictionary outgrows its page limit), as pqarrow
// decides it.
// rawSizer is the method of arrow-go's dictionary encoders that counts the
// plain size of the values put, by which the column writer cuts pages.
type rawSizer interface{ AddRawSize(int64) }

func isDictEncoder(w *file.ByteArrayColumnChunkWriter) bool {
	return w.CurrentEncoder().Encoding() == parquet.Encodings.PlainDict
}

// int32Array wraps v and its validity bitmap (nil when nothing is null),
// without copying, as an Arrow array.
func int32Array(v []int32, valid []byte, nulls int) *array.Int32 {
	var vb *memory.Buffer
	if valid != nil {
		vb = memory.NewBufferBytes(valid)
	}
	b := memory.NewBufferBytes(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), 4*len(v)))
	d := array.NewData(arrow.PrimitiveTypes.Int32, len(v), []*memory.Buffer{vb, b}, nil, nulls, 0)
	defer d.Release()
	return array.NewInt32Data(d)
}
