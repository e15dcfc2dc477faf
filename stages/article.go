package stages

import "time"

// Article is one news article as read from an input, plus everything the
// later stages attach to it. Stages run one after another on the same
// *Article; each stage writes only the fields it owns.
type Article struct {
	// Seq is the article's 0-based position in the run's input order. The
	// writer emits rows in Seq order, which makes runs reproducible.
	Seq int64

	ID          string
	Title       string
	Source      string
	URL         string
	PublishedAt time.Time // zero when the input had no date
	Text        string

	// Input is where the article came from: a file path (or "-" for stdin).
	Input string
	// Record is the 1-based line (JSON Lines, text files: 1) or record
	// (CSV, Parquet) number within Input.
	Record int64

	// Sentences is filled by the splitter and enriched by later stages.
	Sentences []Sentence
	// Mentions is filled by the stance stage, in sentence then offset order.
	Mentions []Mention
	// Tone is filled by the sentiment stage.
	Tone ArticleTone
	// Stance is filled by the stance stage.
	Stance ArticleStance
}

// Sentence is one sentence of an article. Text is always
// Article.Text[ByteStart:ByteEnd].
type Sentence struct {
	Index     int // 0-based position within the article
	ByteStart int // UTF-8 byte offset into Article.Text, inclusive
	ByteEnd   int // exclusive
	CharStart int // Unicode code point offset, inclusive
	CharEnd   int // exclusive
	Text      string

	Sentiment SentimentScores
	Stance    SentenceStance
}
