package stages

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// TestWriterRoundTrip writes random articles (nulls, empty and long lists,
// empty and multi-byte strings, NaN scores) under random batch and row
// group sizes, reads every table back from both formats, and compares each
// cell with what the columns' definitions say the row holds.
func TestWriterRoundTrip(t *testing.T) {
	camps := []Camp{{"moscow", "Moscow"}, {"west", "the West"}, {"ukraine", "Ukraine"}}
	layout := Layout{Sentiment: true, Stance: true, Camps: camps}
	words := []string{"", "Kremlin", "NATO", "Київ", "Zelenskyy’s", "“quoted”", "x"}
	pick := func(r *rand.Rand) string { return words[r.IntN(len(words))] }
	score := func(r *rand.Rand) float64 {
		if r.IntN(3) == 0 {
			return math.NaN()
		}
		return math.Round((r.Float64()*2-1)*1e4) / 1e4
	}
	for seed := range uint64(16) {
		r := rand.New(rand.NewPCG(seed, 7))
		var arts []*Article
		for i := range r.IntN(40) {
			a := &Article{ID: fmt.Sprintf("a%d-%s", i, pick(r)), Title: pick(r), Source: pick(r), URL: pick(r),
				Input: "in.jsonl", Record: int64(i + 1), Text: "t"}
			if r.IntN(2) == 0 {
				a.PublishedAt = time.Unix(r.Int64N(2e9), 0).UTC()
			}
			for j := range r.IntN(6) {
				s := Sentence{Index: j, ByteStart: j, ByteEnd: j + 1, CharStart: j, CharEnd: j + 1, Text: pick(r) + " " + pick(r)}
				s.Sentiment = SentimentScores{Neg: score(r), Neu: 0.5, Pos: 0, Compound: score(r), Label: []string{"negative", "neutral", "positive"}[r.IntN(3)]}
				for range r.IntN(4) {
					s.Stance.Actors = append(s.Stance.Actors, pick(r))
					s.Stance.Camps = append(s.Stance.Camps, camps[r.IntN(3)].ID)
				}
				s.Stance.SpeakerActor, s.Stance.SpeakerCamp = pick(r), pick(r)
				s.Stance.Favour = []float64{score(r), score(r), score(r)}
				s.Stance.Score, s.Stance.Label = score(r), "neutral"
				a.Sentences = append(a.Sentences, s)
				for range r.IntN(3) {
					a.Mentions = append(a.Mentions, Mention{SentenceIndex: j, Actor: pick(r), Camp: "west", Code: pick(r),
						Surface: pick(r), ByteStart: 1, ByteEnd: 2, CharStart: 1, CharEnd: 2, IsSpeaker: r.IntN(2) == 0})
				}
			}
			a.Stance = ArticleStance{Mentions: []int64{1, 2, 3}, VoiceShare: []float64{score(r), score(r), score(r)},
				MeanFavour: []float64{score(r), score(r), score(r)}, MeanStance: score(r), Label: "pro_west", Balance: score(r)}
			a.Tone = ArticleTone{MeanCompound: score(r), Tone: score(r)}
			arts = append(arts, a)
		}
		cfg := DefaultWriterConfig()
		cfg.Format = FormatOutBoth
		// Batches that do not divide row groups, and the reverse.
		sizes := [][2]int{{1, 1}, {3, 4}, {7, 5}, {2, 5}, {8192, 5}, {3, 65536}, {8192, 65536}, {4, 3}}[seed%8]
		cfg.BatchRows, cfg.RowGroupRows = sizes[0], int64(sizes[1])
		// Columns encoded by four goroutines at once here, and by one
		// below: the files must be the same byte for byte.
		cfg.EncodeWorkers = 4
		dir := t.TempDir()
		writeArticles(t, cfg, dir, layout, arts)
		what := fmt.Sprintf("seed %d (batch %d, row group %d)", seed, cfg.BatchRows, cfg.RowGroupRows)
		cfg.EncodeWorkers = 1
		dir1 := t.TempDir()
		writeArticles(t, cfg, dir1, layout, arts)
		for _, table := range []string{ArticlesTable, SentencesTable, MentionsTable} {
			for _, ext := range []string{".parquet", ".arrow"} {
				a, errA := os.ReadFile(filepath.Join(dir, table+ext))
				b, errB := os.ReadFile(filepath.Join(dir1, table+ext))
				if errA != nil || errB != nil {
					t.Fatal(errA, errB)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s: %s%s with 4 encoding goroutines differs from the file with 1 (%d and %d bytes)", what, table, ext, len(a), len(b))
				}
			}
		}
		checkRoundTrip(t, what, dir, ArticlesTable, ArticleColumns(layout), arts, articleRows)
		checkRoundTrip(t, what, dir, SentencesTable, SentenceColumns(layout), arts, sentenceRows)
		checkRoundTrip(t, what, dir, MentionsTable, MentionColumns(layout), arts, mentionRows)
		for _, table := range []string{ArticlesTable, SentencesTable, MentionsTable} {
			checkRowGroups(t, what, filepath.Join(dir, table+".parquet"), cfg.RowGroupRows)
		}
	}
}

// writeArticles writes arts into dir with a new Writer and returns it,
// closed.
func writeArticles(t *testing.T, cfg WriterConfig, dir string, layout Layout, arts []*Article) *Writer {
	t.Helper()
	w, err := NewWriter(cfg, dir, layout, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if err := w.Write(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w
}

func checkRoundTrip[R any](t *testing.T, what, dir, table string, cols []Column[R], arts []*Article, expand func(*Article, []R) []R) {
	t.Helper()
	var want [][]any
	for _, a := range arts {
		for _, r := range expand(a, nil) {
			row := make([]any, len(cols))
			for i, c := range cols {
				row[i] = wantCell(c, r)
			}
			want = append(want, row)
		}
	}
	for _, ext := range []string{".parquet", ".arrow"} {
		got := readCells(t, filepath.Join(dir, table+ext))
		if len(got) != len(want) {
			t.Fatalf("%s: %s%s has %d rows, want %d", what, table, ext, len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("%s: %s%s row %d\n got %v\nwant %v", what, table, ext, i, got[i], want[i])
			}
		}
	}
}

// checkRowGroups checks that every row group but the last has exactly
// size rows.
func checkRowGroups(t *testing.T, what, path string, size int64) {
	t.Helper()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	n := pf.NumRowGroups()
	for i := range n {
		rows := pf.MetaData().RowGroup(i).NumRows()
		if rows > size || (i < n-1 && rows != size) {
			t.Fatalf("%s: %s row group %d of %d has %d rows, want %d", what, filepath.Base(path), i, n, rows, size)
		}
	}
}

// wantCell is what a column holds for a row, by the rules Column documents.
func wantCell[R any](c Column[R], r R) any {
	switch c.kind {
	case colString:
		if v := c.str(r); v != "" || !c.Field.Nullable {
			return v
		}
	case colInt:
		return c.num(r)
	case colTime:
		if v := c.time(r); !v.IsZero() {
			return v.UnixMicro()
		}
	case colFloat:
		v := c.flt(r)
		if !math.IsNaN(v) {
			return v
		}
		if !c.Field.Nullable {
			return "NaN" // a required column keeps NaN; DeepEqual cannot compare it
		}
	case colBool:
		return c.bln(r)
	case colList:
		return append([]string{}, c.list(r)...)
	}
	return nil
}

// readCells reads a Parquet or Arrow IPC file into rows of Go values.
func readCells(t *testing.T, path string) [][]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []arrow.RecordBatch
	if filepath.Ext(path) == ".parquet" {
		tbl, err := pqarrow.ReadTable(context.Background(), f, nil, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		defer tbl.Release()
		tr := array.NewTableReader(tbl, 1000)
		defer tr.Release()
		for tr.Next() {
			rec := tr.RecordBatch()
			rec.Retain()
			recs = append(recs, rec)
		}
	} else {
		fr, err := ipc.NewFileReader(f)
		if err != nil {
			t.Fatal(err)
		}
		defer fr.Close()
		for i := range fr.NumRecords() {
			rec, err := fr.RecordBatch(i)
			if err != nil {
				t.Fatal(err)
			}
			rec.Retain()
			recs = append(recs, rec)
		}
	}
	var rows [][]any
	for _, rec := range recs {
		for i := range int(rec.NumRows()) {
			row := make([]any, rec.NumCols())
			for j, col := range rec.Columns() {
				row[j] = cell(t, col, i)
			}
			rows = append(rows, row)
		}
		rec.Release()
	}
	return rows
}

func cell(t *testing.T, a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.String:
		return a.Value(i)
	case *array.Dictionary:
		return a.Dictionary().(*array.String).Value(a.GetValueIndex(i))
	case *array.Int64:
		return a.Value(i)
	case *array.Timestamp:
		return int64(a.Value(i))
	case *array.Float64:
		if math.IsNaN(a.Value(i)) {
			return "NaN"
		}
		return a.Value(i)
	case *array.Boolean:
		return a.Value(i)
	case *array.List:
		vals := a.ListValues().(*array.String)
		start, end := a.ValueOffsets(i)
		out := []string{}
		for j := start; j < end; j++ {
			out = append(out, vals.Value(int(j)))
		}
		return out
	}
	t.Fatalf("unexpected column type %T", a)
	return nil
}
