package stages

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// The tests and benchmarks that need the shared benchmark data (the VADER
// and sentence-boundary sets, the news corpora, the seed article) find it
// here: $STANCEPIPE_SHARED, or ../shared beside the repository.

// sharedPath returns the path of rel inside the shared data folder. When it
// is absent the test skips, or fails when $CI is set: CI always has it.
func sharedPath(tb testing.TB, rel string) string {
	tb.Helper()
	dir := os.Getenv("STANCEPIPE_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared")
	}
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("shared data %s: %v (required under CI)", rel, err)
		}
		tb.Skipf("shared data %s absent: %v", rel, err)
	}
	return p
}

// corpusArticles reads up to limit (0: all) articles of the Ukraine news
// corpus with the package's own reader, so they are the articles a run sees.
func corpusArticles(tb testing.TB, limit int) []*Article {
	tb.Helper()
	path := sharedPath(tb, "corpus/ukraine_news.jsonl.gz")
	r, err := NewReader(DefaultReaderConfig(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	var arts []*Article
	errFull := context.Canceled // a sentinel to stop early
	err = r.Read(context.Background(), path, func(a *Article) error {
		arts = append(arts, a)
		if limit > 0 && len(arts) == limit {
			return errFull
		}
		return nil
	}, func(rj Reject) { tb.Fatalf("corpus reject: %+v", rj) })
	if err != nil && err != errFull {
		tb.Fatal(err)
	}
	if len(arts) == 0 {
		tb.Fatal("corpus: no articles")
	}
	return arts
}

// splitScored splits arts into sentences and scores their sentiment with
// the default configurations: what the pipeline does before stance.
func splitScored(tb testing.TB, arts []*Article) {
	tb.Helper()
	sp, err := NewSplitter(DefaultSplitterConfig())
	if err != nil {
		tb.Fatal(err)
	}
	se, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range arts {
		a.Sentences = sp.Split(a.Text, nil)
		if err := se.ScoreArticle(a); err != nil {
			tb.Fatal(err)
		}
	}
}
