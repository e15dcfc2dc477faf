package stages

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/zeebo/xxh3"
)

// digestCase is one column of random values and the batches it is cut
// into, with the canonical stream that rowsDigest documents written out
// value by value: the reference the fast paths are held to.
type digestCase struct {
	kind    colKind
	batches []colData
	rows    []int // rows per batch
	stream  []byte
}

// randString returns a string of 0 to max bytes, sometimes with multi-byte
// runes, sometimes one of a few repeated values.
func randString(r *rand.Rand, max int) string {
	if r.IntN(3) == 0 {
		return []string{"moscow", "west", "ukraine", "vladimir_putin", ""}[r.IntN(5)]
	}
	var sb strings.Builder
	n := r.IntN(max + 1)
	for sb.Len() < n {
		if r.IntN(10) == 0 {
			sb.WriteString("ї")
		} else {
			sb.WriteByte(byte('a' + r.IntN(26)))
		}
	}
	return sb.String()
}

func newDigestCase(r *rand.Rand, kind colKind, nullable bool, maxLen int) digestCase {
	c := digestCase{kind: kind}
	for range 1 + r.IntN(4) {
		var d colData
		rows := r.IntN(300)
		if nullable || kind == colList {
			d.defs = []int16{}
		}
		for range rows {
			if kind == colList {
				n := r.IntN(4)
				c.stream = append(c.stream, 1)
				c.stream = binary.AppendUvarint(c.stream, uint64(n))
				if n == 0 {
					d.defs, d.reps = append(d.defs, 1), append(d.reps, 0)
				}
				for k := range n {
					s := randString(r, maxLen)
					d.strs = append(d.strs, parquet.ByteArray(s))
					d.defs, d.reps = append(d.defs, 2), append(d.reps, int16(min(k, 1)))
					c.stream = binary.AppendUvarint(c.stream, uint64(len(s)))
					c.stream = append(c.stream, s...)
				}
				continue
			}
			if nullable && r.IntN(4) == 0 {
				d.defs = append(d.defs, 0)
				c.stream = append(c.stream, 0)
				continue
			}
			if nullable {
				d.defs = append(d.defs, 1)
			}
			c.stream = append(c.stream, 1)
			switch kind {
			case colString:
				s := randString(r, maxLen)
				d.strs = append(d.strs, parquet.ByteArray(s))
				c.stream = binary.AppendUvarint(c.stream, uint64(len(s)))
				c.stream = append(c.stream, s...)
			case colInt, colTime:
				x := r.Int64()
				d.ints = append(d.ints, x)
				c.stream = binary.LittleEndian.AppendUint64(c.stream, uint64(x))
			case colFloat:
				x := r.NormFloat64()
				d.floats = append(d.floats, x)
				c.stream = binary.LittleEndian.AppendUint64(c.stream, math.Float64bits(x))
			case colBool:
				x := r.IntN(2) == 0
				d.bools = append(d.bools, x)
				c.stream = append(c.stream, boolByte(x))
			}
		}
		c.batches = append(c.batches, d)
		c.rows = append(c.rows, rows)
	}
	return c
}

// TestRowsDigestStream holds every kind and layout of column to the
// documented stream: a value's encoding must not depend on which path
// hashes it, nor on where batches are cut.
func TestRowsDigestStream(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	kinds := []struct {
		kind     colKind
		nullable bool
	}{
		{colString, false}, {colString, true}, {colList, false},
		{colInt, false}, {colInt, true}, {colTime, true},
		{colFloat, false}, {colFloat, true}, {colBool, false}, {colBool, true},
	}
	for i := range 200 {
		k := kinds[i%len(kinds)]
		maxLen := []int{3, 9, 17, 40, 130, 300, 3000}[i%7]
		c := newDigestCase(r, k.kind, k.nullable, maxLen)
		d := &rowsDigest{}
		h := xxh3.New128()
		for j := range c.batches {
			d.hashColumn(h, c.kind, &c.batches[j], c.rows[j])
		}
		if got, want := h.Sum128(), xxh3.Hash128(c.stream); got != want {
			t.Fatalf("case %d (kind %d, nullable %v, strings up to %d bytes): digest differs from the documented stream",
				i, k.kind, k.nullable, maxLen)
		}
	}
}

// BenchmarkRowsDigest hashes a batch shaped like the mentions table's
// string columns: short ids and surfaces, many of them repeated.
func BenchmarkRowsDigest(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	const rows = 8192
	var ids, camps, surfaces colData
	actors := make([]string, 300)
	for i := range actors {
		actors[i] = randString(r, 24) + "_x"
	}
	for range rows {
		ids.strs = append(ids.strs, parquet.ByteArray(actors[r.IntN(len(actors))]))
		camps.strs = append(camps.strs, parquet.ByteArray([]string{"moscow", "west", "ukraine", "other"}[r.IntN(4)]))
		surfaces.strs = append(surfaces.strs, parquet.ByteArray(randString(r, 20)))
	}
	d := &rowsDigest{}
	h := xxh3.New128()
	b.ReportAllocs()
	b.SetBytes(3 * rows)
	for b.Loop() {
		d.hashColumn(h, colString, &ids, rows)
		d.hashColumn(h, colString, &camps, rows)
		d.hashColumn(h, colString, &surfaces, rows)
	}
}
