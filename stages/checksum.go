package stages

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"slices"

	"github.com/zeebo/xxh3"
)

// rowsDigest computes a checksum of a table's values that depends only on
// the rows, in order: not on batch sizes, row groups, compression or file
// format. Two runs whose tables have equal digests wrote the same rows.
//
// Each column is hashed on its own, value after value, in a canonical
// encoding (a null marker, then fixed-width numbers or length-prefixed
// strings; dictionary values as their strings) with XXH3-128, and the table
// digest is the XXH3-128 of the column names and column digests. XXH3 is not
// a cryptographic hash: it detects changes, it does not resist forgery; it
// is an order of magnitude cheaper than SHA-256, which cost 5% of a run.
type rowsDigest struct {
	names []string
	kinds []colKind
	cols  []*xxh3.Hasher128
	// Each column's pending bytes, so that columns can be hashed at once
	// by several goroutines (addColumn); the embedded one serves callers
	// that hash a column of their own.
	scratch []digestScratch
	digestScratch
}

// digestScratch holds the bytes a column's hash has pending.
type digestScratch struct{ buf []byte }

func newRowsDigest[R any](cols []Column[R]) *rowsDigest {
	d := &rowsDigest{scratch: make([]digestScratch, len(cols))}
	for _, c := range cols {
		d.names = append(d.names, c.Field.Name)
		d.kinds = append(d.kinds, c.kind)
		d.cols = append(d.cols, xxh3.New128())
	}
	return d
}

// add hashes every row of b.
func (d *rowsDigest) add(b *batch) {
	for i := range b.cols {
		d.addColumn(i, b)
	}
}

// addColumn hashes column i of every row of b. Calls for different
// columns may run at once.
func (d *rowsDigest) addColumn(i int, b *batch) {
	d.scratch[i].hashColumn(d.cols[i], d.kinds[i], &b.cols[i], b.rows)
}

// hashColumn hashes the rows of one column: for each row a 0 if it is null,
// else a 1 and the value: int64, timestamps (microseconds) and float64 bits
// as 8 little-endian bytes, booleans as one byte, strings as a uvarint
// length and their bytes, lists as a uvarint count and their strings.
func (d *digestScratch) hashColumn(h *xxh3.Hasher128, kind colKind, c *colData, rows int) {
	if c.defs == nil && (kind == colInt || kind == colFloat) {
		d.hashFixed(h, kind, c, rows)
		return
	}
	// One loop per kind and layout: a test of both per value cost a
	// quarter of the digest.
	const flushAt = 32 << 10 // pending bytes written to h at a time
	b := d.buf[:0]
	switch {
	case kind == colList:
		v, l := 0, 0 // next value, next level
		for range rows {
			if len(b) > flushAt {
				h.Write(b)
				b = b[:0]
			}
			first := l // a row is its levels up to the next repetition level 0
			for l++; l < len(c.defs) && c.reps[l] == 1; l++ {
			}
			n := 0
			if c.defs[first] == 2 { // else the list is empty
				n = l - first
			}
			b = append(b, 1)
			b = binary.AppendUvarint(b, uint64(n))
			for _, s := range c.strs[v : v+n] {
				b = hashStr(h, b, s)
			}
			v += n
		}
	case kind == colString && c.defs == nil:
		for _, s := range c.strs[:rows] {
			if len(b) > flushAt {
				h.Write(b)
				b = b[:0]
			}
			b = append(b, 1)
			b = hashStr(h, b, s)
		}
	case kind == colBool && c.defs == nil:
		for _, x := range c.bools[:rows] {
			if len(b) > flushAt {
				h.Write(b)
				b = b[:0]
			}
			if x {
				b = append(b, 1, 1)
			} else {
				b = append(b, 1, 0)
			}
		}
	default: // a column with nulls
		v := 0 // next value
		for _, def := range c.defs[:rows] {
			if len(b) > flushAt {
				h.Write(b)
				b = b[:0]
			}
			if def == 0 {
				b = append(b, 0)
				continue
			}
			b = append(b, 1)
			switch kind {
			case colString:
				b = hashStr(h, b, c.strs[v])
			case colInt, colTime:
				b = binary.LittleEndian.AppendUint64(b, uint64(c.ints[v]))
			case colFloat:
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.floats[v]))
			case colBool:
				b = append(b, boolByte(c.bools[v]))
			}
			v++
		}
	}
	h.Write(b)
	d.buf = b[:0]
}

func boolByte(x bool) byte {
	if x {
		return 1
	}
	return 0
}

// hashStr appends a string's length and bytes to b, the digest's pending
// bytes, and returns it. (A closure appending to hashColumn's b made b
// escape to the heap, so that every append went through a pointer.)
func hashStr(h *xxh3.Hasher128, b, s []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	if len(s) < 256 {
		return append(b, s...)
	}
	// The hash is of the stream, however it is cut: hash a long string
	// where it lies instead of copying it.
	h.Write(b)
	h.Write(s)
	return b[:0]
}

// hashFixed is hashColumn for a column of 8-byte values without nulls, the
// most common kind, writing the same stream a value at a fixed offset.
func (d *digestScratch) hashFixed(h *xxh3.Hasher128, kind colKind, c *colData, rows int) {
	const chunk = 4096 // rows per write
	for lo := 0; lo < rows; lo += chunk {
		n := min(chunk, rows-lo)
		b := slices.Grow(d.buf[:0], 9*n)[:9*n]
		for i := range n {
			var x uint64
			if kind == colInt {
				x = uint64(c.ints[lo+i])
			} else {
				x = math.Float64bits(c.floats[lo+i])
			}
			b[9*i] = 1
			binary.LittleEndian.PutUint64(b[9*i+1:], x)
		}
		h.Write(b)
		d.buf = b[:0]
	}
}

// sum returns the table digest in hex.
func (d *rowsDigest) sum() string {
	h := xxh3.New128()
	for i, name := range d.names {
		h.WriteString(name)
		h.Write([]byte{0})
		sum := d.cols[i].Sum128().Bytes()
		h.Write(sum[:])
	}
	sum := h.Sum128().Bytes()
	return hex.EncodeToString(sum[:])
}
