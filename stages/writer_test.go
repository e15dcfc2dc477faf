package stages

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

func testArticle(i int) *Article {
	a := &Article{
		Seq: int64(i), ID: "art-" + string(rune('a'+i)), Title: "Title", Source: "Wire", Input: "in.jsonl", Record: int64(i + 1),
		Text: "Moscow warned NATO. Kyiv replied.",
	}
	if i%2 == 0 {
		a.PublishedAt = time.Date(2022, 2, 24, 5, 0, 0, 0, time.UTC)
	}
	a.Sentences = []Sentence{
		{Index: 0, ByteStart: 0, ByteEnd: 19, CharStart: 0, CharEnd: 19, Text: "Moscow warned NATO.",
			Sentiment: SentimentScores{Neg: 0.5, Neu: 0.5, Compound: -0.3, Label: "negative"},
			Stance: SentenceStance{Actors: []string{"kremlin", "nato"}, Camps: []string{"moscow", "west"}, SpeakerActor: "kremlin", SpeakerCamp: "moscow",
				Favour: []float64{0, -1, math.NaN()}, Score: 0.5, Label: "pro_moscow"}},
		{Index: 1, ByteStart: 20, ByteEnd: 33, CharStart: 20, CharEnd: 33, Text: "Kyiv replied.",
			Sentiment: SentimentScores{Neu: 1, Label: "neutral"},
			Stance:    SentenceStance{Actors: []string{}, Camps: []string{}, Favour: []float64{math.NaN(), math.NaN(), math.NaN()}, Label: "neutral"}},
	}
	a.Mentions = []Mention{{SentenceIndex: 0, Actor: "kremlin", Camp: "moscow", Code: "RUSGOV", Surface: "Moscow", ByteEnd: 6, CharEnd: 6, IsSpeaker: true}}
	a.Tone = ArticleTone{MeanCompound: -0.15, Tone: -20, NegWords: 1, Words: 5}
	a.Stance = ArticleStance{Mentions: []int64{1, 1, 1}, VoiceShare: []float64{1, 0, 0}, MeanFavour: []float64{0, -1, math.NaN()}, MeanStance: 0.25, Label: "pro_moscow", Balance: 0}
	return a
}

func TestWriterTypesNullsAndRelease(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	layout := Layout{Sentiment: true, Stance: true, Camps: []Camp{{"moscow", "Moscow"}, {"west", "the West"}, {"ukraine", "Ukraine"}}}
	cfg := DefaultWriterConfig()
	cfg.BatchRows, cfg.RowGroupRows = 3, 4
	w, err := NewWriter(cfg, dir, layout, map[string]string{"stancepipe.version": "test"}, WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := w.Write(testArticle(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	stats := w.Stats()
	if len(stats) != 3 || stats[0].Rows != 5 || stats[1].Rows != 10 || stats[2].Rows != 5 || stats[1].Bytes == 0 {
		t.Fatalf("stats %+v", stats)
	}

	f, err := os.Open(filepath.Join(dir, SentencesFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pf, err := file.NewParquetReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	if pf.NumRowGroups() != 3 { // 10 rows in groups of at most 4
		t.Errorf("%d row groups, want 3", pf.NumRowGroups())
	}
	if v := pf.MetaData().KeyValueMetadata().FindValue("stancepipe.version"); v == nil || *v != "test" {
		t.Errorf("key-value metadata lacks stancepipe.version")
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	sc := tbl.Schema()
	wantTypes := map[string]arrow.DataType{
		"article_id": dictString, "byte_start": arrow.PrimitiveTypes.Int64, "text": arrow.BinaryTypes.String,
		"camps": stringList, "favour_ukraine": arrow.PrimitiveTypes.Float64, "stance_label": dictString,
	}
	for name, typ := range wantTypes {
		idx := sc.FieldIndices(name)
		if len(idx) != 1 || !arrow.TypeEqual(sc.Field(idx[0]).Type, typ) {
			t.Errorf("column %s: got %v, want %v", name, sc.Field(idx[0]).Type, typ)
		}
	}
	// NaN favour is stored as null; a real 0 is not.
	fav := tbl.Column(sc.FieldIndices("favour_moscow")[0]).Data().Chunk(0).(*array.Float64)
	if fav.IsNull(0) || fav.Value(0) != 0 || !fav.IsNull(1) {
		t.Errorf("favour_moscow: row0 null=%v value=%v, row1 null=%v", fav.IsNull(0), fav.Value(0), fav.IsNull(1))
	}
	// The empty speaker of narration is null.
	sp := tbl.Column(sc.FieldIndices("speaker_camp")[0]).Data().Chunk(0)
	if sp.IsNull(0) || !sp.IsNull(1) {
		t.Errorf("speaker_camp nulls: %v %v", sp.IsNull(0), sp.IsNull(1))
	}

	af, err := os.Open(filepath.Join(dir, ArticlesFile))
	if err != nil {
		t.Fatal(err)
	}
	defer af.Close()
	atbl, err := pqarrow.ReadTable(context.Background(), af, nil, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	defer atbl.Release()
	pi := atbl.Schema().FieldIndices("published_at")[0]
	if typ := atbl.Schema().Field(pi).Type; !arrow.TypeEqual(typ, timestampUTC) {
		t.Errorf("published_at type %v, want timestamp[us, UTC]", typ)
	}
	ts := atbl.Column(pi).Data().Chunk(0).(*array.Timestamp)
	if ts.IsNull(0) || ts.Value(0).ToTime(arrow.Microsecond) != time.Date(2022, 2, 24, 5, 0, 0, 0, time.UTC) || !ts.IsNull(1) {
		t.Errorf("published_at values wrong")
	}
}

func TestWriterWithoutStanceHasNoMentions(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(DefaultWriterConfig(), dir, Layout{Sentiment: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(testArticle(0)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, MentionsFile)); !os.IsNotExist(err) {
		t.Fatal("mentions.parquet written with stance off")
	}
	for _, f := range Fields(SentenceColumns(Layout{Sentiment: true})) {
		if f.Name == "stance" || f.Name == "camps" {
			t.Fatalf("stance column %s present with stance off", f.Name)
		}
	}
}

func TestWriterArrowIPC(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	cfg := DefaultWriterConfig()
	cfg.Format, cfg.BatchRows = FormatOutBoth, 2
	layout := Layout{Sentiment: true, Stance: true, Camps: []Camp{{"moscow", "Moscow"}, {"west", "the West"}, {"ukraine", "Ukraine"}}}
	w, err := NewWriter(cfg, dir, layout, nil, WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := w.Write(testArticle(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(w.Stats()); n != 6 {
		t.Fatalf("%d output files, want 6 (3 tables x 2 formats)", n)
	}
	f, err := os.Open(filepath.Join(dir, "sentences.arrow"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows := int64(0)
	for i := 0; i < r.NumRecords(); i++ {
		rec, err := r.RecordBatch(i)
		if err != nil {
			t.Fatal(err)
		}
		rows += rec.NumRows()
	}
	if rows != 6 {
		t.Errorf("%d rows in sentences.arrow, want 6", rows)
	}
	idx := r.Schema().FieldIndices("article_id")
	if len(idx) != 1 || r.Schema().Field(idx[0]).Type.ID() != arrow.STRING {
		t.Errorf("article_id in Arrow file: %v, want plain string", r.Schema())
	}
}

func TestRowsChecksum(t *testing.T) {
	sum := func(batch int, change bool) string {
		cfg := DefaultWriterConfig()
		cfg.BatchRows = batch
		var arts []*Article
		for i := range 4 {
			a := testArticle(i)
			if change && i == 3 {
				a.Sentences[1].Sentiment.Compound = 1e-9
			}
			arts = append(arts, a)
		}
		w := writeArticles(t, cfg, t.TempDir(), Layout{Sentiment: true}, arts)
		return w.Stats()[1].RowsChecksum
	}
	base := sum(8192, false)
	if got := sum(3, false); got != base {
		t.Errorf("checksum depends on batch size: %s vs %s", got, base)
	}
	if got := sum(8192, true); got == base {
		t.Error("checksum did not change when a value changed")
	}
}

// charCount takes the splitter's count up to the last sentence and counts
// the rest; it must equal counting the whole text.
func TestCharCount(t *testing.T) {
	sp, err := NewSplitter(DefaultSplitterConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"Ça va. Très bien, merci. ",
		"Київ відповів Москві. Переговори тривають…\n\n— Кінець —  ",
		"no sentence end at all",
		"   ",
		"",
	} {
		a := &Article{Text: text}
		a.Sentences = sp.Split(text, nil)
		if got, want := charCount(a), int64(utf8.RuneCountInString(text)); got != want {
			t.Errorf("charCount(%q) = %d, want %d", text, got, want)
		}
	}
	// Offsets that do not fit the text are not trusted.
	a := &Article{Text: "short", Sentences: []Sentence{{ByteEnd: 99, CharEnd: 99}}}
	if got := charCount(a); got != 5 {
		t.Errorf("charCount with bad offsets = %d, want 5", got)
	}
}
