package stages

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// TestDictMirrorSameBytes writes the same articles with and without the
// dictionary mirrors and requires identical Parquet files: the mirrors
// must change how fast the dictionary columns are written, never what is
// written (dictionary, indices, page cuts, statistics). The articles have
// skewed vocabularies, nulls, empty and long lists, batches that do and do
// not divide the column writer's 1,024-level chunks and the row groups, and
// ids long enough that a row group's dictionary outgrows its page limit and
// the column falls back to plain encoding mid-group.
func TestDictMirrorSameBytes(t *testing.T) {
	camps := []Camp{{"moscow", "Moscow"}, {"west", "the West"}, {"ukraine", "Ukraine"}}
	layout := Layout{Sentiment: true, Stance: true, Camps: camps}
	var actors []string
	for i := range 300 {
		actors = append(actors, fmt.Sprintf("actor_%03d_%s", i, strings.Repeat("x", i%17)))
	}
	labels := []string{"pro_moscow", "neutral", "pro_west"}
	r := rand.New(rand.NewPCG(3, 5))
	actor := func() string { return actors[min(int(r.ExpFloat64()*20), len(actors)-1)] }
	var arts []*Article
	for i := range 2500 {
		// Long ids: 2,500 of them make a dictionary page of over 1 MB.
		a := &Article{ID: fmt.Sprintf("%04d-%s", i, strings.Repeat("id", 250)), Input: "in.jsonl", Record: int64(i + 1), Text: "t",
			Source: []string{"", "wire", "state media", "op-ed"}[r.IntN(4)]}
		for j := range 1 + r.IntN(40) {
			s := Sentence{Index: j, ByteEnd: 1, CharEnd: 1, Text: "s"}
			s.Sentiment.Label = labels[r.IntN(3)]
			for k := range r.IntN(5) {
				if k%3 == 0 && r.IntN(4) == 0 {
					continue
				}
				s.Stance.Actors = append(s.Stance.Actors, actor())
				s.Stance.Camps = append(s.Stance.Camps, camps[r.IntN(3)].ID)
			}
			if r.IntN(3) > 0 {
				s.Stance.SpeakerActor, s.Stance.SpeakerCamp = actor(), camps[r.IntN(3)].ID
			}
			s.Stance.Label = labels[r.IntN(3)]
			s.Stance.Favour = []float64{0, 0, 0}
			a.Sentences = append(a.Sentences, s)
			for range r.IntN(3) {
				a.Mentions = append(a.Mentions, Mention{SentenceIndex: j, Actor: actor(), Camp: camps[r.IntN(3)].ID,
					Code: []string{"", "RUSGOV", "UKRGOV", "USAGOV"}[r.IntN(4)], Surface: actor()})
			}
		}
		a.Stance.Label = labels[r.IntN(3)]
		arts = append(arts, a)
	}
	for _, sizes := range [][2]int{{8192, 65536}, {1000, 7000}, {300, 100000}} {
		cfg := DefaultWriterConfig()
		cfg.BatchRows, cfg.RowGroupRows = sizes[0], int64(sizes[1])
		write := func(mirror bool) (string, *Writer) {
			mirrorDicts = mirror
			defer func() { mirrorDicts = true }()
			dir := t.TempDir()
			return dir, writeArticles(t, cfg, dir, layout, arts)
		}
		plainDir, _ := write(false)
		dir, w := write(true)
		var indexed, fallbacks, seeded, cuts, replays int
		for _, ms := range [][]*dictMirror{w.articles.dicts, w.sentences.dicts, w.mentions.dicts} {
			for _, m := range ms {
				if m != nil {
					indexed, fallbacks = indexed+m.indexed, fallbacks+m.fallbacks
					seeded, cuts, replays = seeded+m.seeded, cuts+m.cutGroups, replays+m.partial+m.replays
				}
			}
		}
		if indexed == 0 || fallbacks == 0 || seeded == 0 || replays == 0 {
			t.Fatalf("batch %d, row group %d: %d chunks written as indices, %d fallbacks to plain, %d row groups seeded, %d replayed in whole or part; the test needs each",
				sizes[0], sizes[1], indexed, fallbacks, seeded, replays)
		}
		if sizes[1] == 65536 && cuts == 0 {
			t.Fatalf("batch %d, row group %d: no page cut in a recorded row group; the test needs one", sizes[0], sizes[1])
		}
		for _, table := range []string{ArticlesTable, SentencesTable, MentionsTable} {
			want, err := os.ReadFile(filepath.Join(plainDir, table+".parquet"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, table+".parquet"))
			if err != nil {
				t.Fatal(err)
			}
			// The pages must be the same bytes. The footers may not be:
			// arrow-go lists a chunk's page encodings in map order, which
			// varies from run to run when a column fell back to plain; so
			// they are compared as what they say, in a fixed order.
			if !bytes.Equal(pages(t, got), pages(t, want)) || footer(t, got) != footer(t, want) {
				t.Errorf("batch %d, row group %d: %s.parquet differs with the mirrors (%d bytes, %d without)",
					sizes[0], sizes[1], table, len(got), len(want))
			}
		}
	}
}

// pages returns a Parquet file's bytes before its footer.
func pages(t *testing.T, f []byte) []byte {
	t.Helper()
	if len(f) < 12 || string(f[len(f)-4:]) != "PAR1" {
		t.Fatalf("not a Parquet file")
	}
	n := int(binary.LittleEndian.Uint32(f[len(f)-8:]))
	return f[:len(f)-8-n]
}

// footer renders what a Parquet file's footer says of each column chunk:
// offsets, sizes, encodings, page encoding counts (sorted) and statistics.
func footer(t *testing.T, f []byte) string {
	t.Helper()
	r, err := file.NewParquetReader(bytes.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var b strings.Builder
	md := r.MetaData()
	for g := range md.NumRowGroups() {
		rg := md.RowGroup(g)
		for c := range rg.NumColumns() {
			cc, err := rg.ColumnChunk(c)
			if err != nil {
				t.Fatal(err)
			}
			es := cc.EncodingStats()
			slices.SortFunc(es, func(a, b metadata.PageEncodingStats) int {
				return cmp.Or(cmp.Compare(a.PageType, b.PageType), cmp.Compare(a.Encoding, b.Encoding))
			})
			enc := slices.Clone(cc.Encodings())
			slices.Sort(enc)
			fmt.Fprintf(&b, "%d %s %d %d %d %d %d %v %v", g, cc.PathInSchema(), cc.NumValues(), cc.TotalCompressedSize(),
				cc.TotalUncompressedSize(), cc.DictionaryPageOffset(), cc.DataPageOffset(), enc, es)
			if st, err := cc.Statistics(); err != nil {
				t.Fatal(err)
			} else if st != nil {
				e, err := st.Encode()
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, " %d %d %q %q", e.NullCount, st.NumValues(), e.Min, e.Max)
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestDictMirrorSplits drives one mirror directly with small page and
// dictionary limits, so that pages are cut and the dictionary overflows
// inside chunks that the mirror splits at new values: the file must be
// the bytes writing strings gives.
func TestDictMirrorSplits(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	var common []string
	for i := range 60 {
		common = append(common, fmt.Sprintf("common-%02d-%s", i, strings.Repeat("c", 20)))
	}
	const rows = 120_000
	var vals []parquet.ByteArray
	var defs []int16
	for i := range rows {
		switch {
		case r.IntN(5) == 0:
			defs = append(defs, 0)
			continue
		case r.IntN(500) == 0: // a few new values in most chunks
			vals = append(vals, parquet.ByteArray(fmt.Sprintf("new-%06d-%s", i, strings.Repeat("n", 800))))
		default:
			vals = append(vals, parquet.ByteArray(common[min(int(r.ExpFloat64()*10), len(common)-1)]))
		}
		defs = append(defs, 1)
	}
	props := func(codec compress.Compression) *parquet.WriterProperties {
		return parquet.NewWriterProperties(parquet.WithDictionaryDefault(true), parquet.WithStats(true),
			parquet.WithDataPageSize(64<<10), parquet.WithDictionaryPageSizeLimit(48<<10), parquet.WithCompression(codec))
	}
	write := func(mirror bool, codec compress.Compression) ([]byte, *dictMirror) {
		return writeColumn(t, vals, defs, props(codec), 50_000, 7_000, mirror) // a batch spans chunks; groups end mid-batch
	}
	// Uncompressed pages turn on arrow-go's size-based fallback, under
	// which the mirror writes strings only.
	for _, codec := range []compress.Compression{compress.Codecs.Snappy, compress.Codecs.Uncompressed} {
		want, _ := write(false, codec)
		got, m := write(true, codec)
		if codec != compress.Codecs.Uncompressed && (m.indexed == 0 || m.fallbacks == 0 || m.splits == 0) {
			t.Fatalf("%v: %d writes of indices, %d chunks split, %d fallbacks to plain; the test needs each",
				codec, m.indexed, m.splits, m.fallbacks)
		}
		if !bytes.Equal(pages(t, got), pages(t, want)) || footer(t, got) != footer(t, want) {
			t.Errorf("%v: the mirror wrote %d bytes, strings %d, not the same", codec, len(got), len(want))
		}
	}
}

// writeColumn writes one nullable string column of values (the present
// ones) and definition levels to Parquet, in row groups of group levels
// and writes of batch levels, through a mirror or as strings; it returns
// the file and the mirror.
func writeColumn(t *testing.T, vals []parquet.ByteArray, defs []int16, props *parquet.WriterProperties, group, batch int, mirror bool) ([]byte, *dictMirror) {
	t.Helper()
	sc := arrow.NewSchema([]arrow.Field{{Name: "v", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	pq, err := pqarrow.ToParquet(sc, props, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	pw := file.NewParquetWriter(&buf, pq.Root(), file.WithWriterProps(props))
	m := newDictMirror()
	rows := len(defs)
	v := 0
	for lo := 0; lo < rows; lo += group {
		rg, err := pw.AppendBufferedRowGroupChecked()
		if err != nil {
			t.Fatal(err)
		}
		cw, err := rg.Column(0)
		if err != nil {
			t.Fatal(err)
		}
		w := cw.(*file.ByteArrayColumnChunkWriter)
		for b := lo; b < min(lo+group, rows); b += batch {
			d := defs[b:min(b+batch, lo+group, rows)]
			n := 0
			for _, x := range d {
				n += int(x)
			}
			if mirror {
				err = m.write(w, vals[v:v+n], d, nil)
			} else {
				_, err = w.WriteBatch(vals[v:v+n], d, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			v += n
		}
		if mirror {
			if err := m.finish(w); err != nil {
				t.Fatal(err)
			}
		}
		if err := rg.Close(); err != nil {
			t.Fatal(err)
		}
		m.reset()
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), m
}

// TestDictMirrorSeeding covers the recorded row group's outcomes, each of
// which must give the bytes writing strings gives: seeded whole, with
// pages cut where the dictionary already needs its final bits per index;
// seeded in part, because a page is cut while it needs fewer (its
// vocabulary keeps growing past a power of two), then replayed; replayed
// without a seed, as soon as the dictionary outgrows its page limit.
func TestDictMirrorSeeding(t *testing.T) {
	const rows = 60_000
	column := func(vocab func(row int) int) ([]parquet.ByteArray, []int16) {
		var vals []parquet.ByteArray
		var defs []int16
		for i := range rows {
			if i%7 == 3 {
				defs = append(defs, 0)
				continue
			}
			vals = append(vals, parquet.ByteArray(fmt.Sprintf("value-%05d", vocab(i))))
			defs = append(defs, 1)
		}
		return vals, defs
	}
	for _, c := range []struct {
		name                            string
		vocab                           func(row int) int
		dictLimit                       int64
		seeded, partial, replays, early int
		cut                             bool
	}{
		// 200 values from the start: 8 bits per index throughout.
		{"steady", func(i int) int { return (i * 7919) % 200 }, 1 << 20, 1, 0, 0, 0, true},
		// 100 values, then 300: 7 bits at the first cut, 9 at the end.
		{"growing", func(i int) int { return (i * 7919) % (100 + 200*min(1, i/40_000)) }, 1 << 20, 0, 1, 0, 0, true},
		// 200 values of 15 bytes outgrow a 2 KB dictionary page within
		// the first batch.
		{"overflow", func(i int) int { return (i * 7919) % 200 }, 2 << 10, 0, 0, 1, 1, false},
	} {
		vals, defs := column(c.vocab)
		props := parquet.NewWriterProperties(parquet.WithDictionaryDefault(true), parquet.WithStats(true),
			parquet.WithDataPageSize(64<<10), parquet.WithDictionaryPageSizeLimit(c.dictLimit), parquet.WithCompression(compress.Codecs.Snappy))
		want, _ := writeColumn(t, vals, defs, props, rows, 5_000, false)
		got, m := writeColumn(t, vals, defs, props, rows, 5_000, true)
		if m.seeded != c.seeded || m.partial != c.partial || m.replays != c.replays || m.playedEarly != c.early || (m.cutGroups > 0) != c.cut {
			t.Errorf("%s: %d row groups seeded, %d seeded in part, %d replayed, %d written early, %d with a page cut; want %d, %d, %d, %d, cut %v",
				c.name, m.seeded, m.partial, m.replays, m.playedEarly, m.cutGroups, c.seeded, c.partial, c.replays, c.early, c.cut)
		}
		if !bytes.Equal(pages(t, got), pages(t, want)) || footer(t, got) != footer(t, want) {
			t.Errorf("%s: the mirror wrote %d bytes, strings %d, not the same", c.name, len(got), len(want))
		}
	}
}
