package stages

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"sync"
)

// SentimentScores are VADER's scores of one sentence.
//
// From [Sentiment.Score] they are exactly what the reference
// polarity_scores returns: Neg, Neu and Pos rounded to 3 decimals and
// Compound to 4, the way Python's round does it. From
// [Sentiment.ScoreUnrounded] they are the same values before rounding.
type SentimentScores struct {
	Neg, Neu, Pos float64 // proportions of the text; sum to about 1, or all 0 for a text without words
	Compound      float64 // normalised sum of valences, in [-1, 1]
	Label         string  // positive (Compound >= the label threshold, 0.05 by default), negative (<= minus it) or neutral
}

// Sentiment labels.
const (
	SentimentPositive = "positive"
	SentimentNeutral  = "neutral"
	SentimentNegative = "negative"
)

// DefaultLabelThreshold is the threshold VADER's authors recommend for
// classifying a compound score.
const DefaultLabelThreshold = 0.05

// SentimentLabel classifies a compound score with the VADER paper's
// thresholds: >= 0.05 is positive, <= -0.05 negative, anything else neutral.
func SentimentLabel(compound float64) string {
	return SentimentLabelAt(compound, DefaultLabelThreshold)
}

// SentimentLabelAt classifies a compound score: >= threshold is positive,
// <= -threshold negative, anything else neutral.
func SentimentLabelAt(compound, threshold float64) string {
	switch {
	case compound >= threshold:
		return SentimentPositive
	case compound <= -threshold:
		return SentimentNegative
	}
	return SentimentNeutral
}

// ArticleTone sums up the sentiment of a whole article.
//
// Words, PosWords and NegWords count VADER's own tokens over all sentences:
// the sentence with emoji replaced by their description, split on white
// space, each word stripped of leading and trailing ASCII punctuation unless
// that would leave two characters or fewer (so ":)" stays a word and "--" is
// still counted). A word is positive (negative) when its lower-cased form has
// a lexicon valence > 0 (< 0); booster words, negations and VADER's rules do
// not count.
type ArticleTone struct {
	MeanCompound float64 // mean of the sentences' (rounded) Compound; NaN when there are no sentences
	Tone         float64 // GDELT-style: 100*(PosWords-NegWords)/Words; NaN when Words is 0
	PosWords     int
	NegWords     int
	Words        int
}

// SentimentConfig is the `sentiment` section of the YAML config.
//
// The effective lexicon is the embedded VADER lexicon, then each file of
// LexiconFiles in order, then Lexicon; a later entry for a token replaces an
// earlier one.
type SentimentConfig struct {
	// Enabled adds the sentiment columns when true. (The section's
	// `workers` key belongs to package pipeline, which runs the workers.)
	Enabled bool `mapstructure:"enabled" yaml:"enabled"`
	// Lexicon adds or overrides entries: lower-case token -> mean valence
	// (VADER's scale is -4..+4).
	Lexicon map[string]float64 `mapstructure:"lexicon" yaml:"lexicon"`
	// LexiconFiles are extra lexicons in VADER's TAB format,
	// `token<TAB>mean[<TAB>...]`, one entry per line. Relative paths are
	// relative to the working directory.
	LexiconFiles []string `mapstructure:"lexicon_files" yaml:"lexicon_files"`
	// LabelThreshold classifies the compound score into sentiment_label:
	// >= LabelThreshold positive, <= -LabelThreshold negative, otherwise
	// neutral. In (0, 1].
	LabelThreshold float64 `mapstructure:"label_threshold" yaml:"label_threshold"`
}

// DefaultSentimentConfig returns the defaults: enabled, with the embedded
// lexicon unchanged.
func DefaultSentimentConfig() SentimentConfig {
	return SentimentConfig{Enabled: true, Lexicon: map[string]float64{}, LexiconFiles: []string{}, LabelThreshold: DefaultLabelThreshold}
}

// Validate checks the config, reading and parsing the lexicon files. Each
// problem is reported with the key relative to the section, e.g.
// `lexicon_files[0]: domain.tsv:12: valence "x": not a number`; several are
// joined with [errors.Join]. Lexicon problems match [ErrLexiconLine].
func (c SentimentConfig) Validate() error {
	_, err := c.overrides()
	return errors.Join(err, c.checkThreshold())
}

func (c SentimentConfig) checkThreshold() error {
	if !(c.LabelThreshold > 0 && c.LabelThreshold <= 1) {
		return fmt.Errorf("label_threshold: must be in (0, 1] (got %v)", c.LabelThreshold)
	}
	return nil
}

// overrides reads and checks LexiconFiles and Lexicon and merges them, in
// that order, into one map of entries to apply to the embedded lexicon.
func (c SentimentConfig) overrides() (map[string]float64, error) {
	base, err := vaderLoadBase()
	if err != nil {
		return nil, err
	}
	var errs []error
	values := make(map[string]float64)
	for i, path := range c.LexiconFiles {
		if path == "" {
			errs = append(errs, fmt.Errorf("lexicon_files[%d]: empty path", i))
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("lexicon_files[%d]: %w", i, err))
			continue
		}
		lex, lexErrs := vaderParseUserLexicon(path, data, base.emojis)
		for _, err := range lexErrs {
			errs = append(errs, fmt.Errorf("lexicon_files[%d]: %w", i, err))
		}
		maps.Copy(values, lex)
	}
	for _, tok := range slices.Sorted(maps.Keys(c.Lexicon)) {
		v := c.Lexicon[tok]
		if why := vaderCheckValence(v); why != "" {
			errs = append(errs, vaderLexErrorf("lexicon[%q]: %s", tok, why))
			continue
		}
		if why := vaderCheckToken(tok, base.emojis); why != "" {
			errs = append(errs, vaderLexErrorf("lexicon[%q]: %s", tok, why))
			continue
		}
		values[tok] = v
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return values, nil
}

// Sentiment is the sentiment stage: a VADER scorer that reproduces the
// reference Python implementation (github.com/cjhutto/vaderSentiment at
// commit 44fc044c) bit for bit. It is immutable after construction and safe
// for concurrent use; scoring does not allocate in the steady state.
type Sentiment struct {
	model     *vaderModel
	threshold float64   // SentimentConfig.LabelThreshold
	pool      sync.Pool // of *vaderScratch
	info      sentimentInfo
}

type sentimentInfo struct {
	lexiconSHA, embeddedSHA, emojiSHA string
	entries, embeddedEntries, emojis  int
	embeddedRows                      int
	files                             []string
	overrides                         map[string]float64
	added, changed                    int
}

// NewSentiment validates cfg (see [SentimentConfig.Validate]), reads its
// lexicon files and builds the scorer. Its errors are those of Validate.
func NewSentiment(cfg SentimentConfig) (*Sentiment, error) {
	ov, err := cfg.overrides()
	if err = errors.Join(err, cfg.checkThreshold()); err != nil {
		return nil, err
	}
	base, err := vaderLoadBase()
	if err != nil {
		return nil, err
	}
	lex := maps.Clone(base.lexicon)
	info := sentimentInfo{
		embeddedSHA:     base.lexiconSHA,
		emojiSHA:        base.emojiSHA,
		embeddedEntries: len(base.lexicon),
		embeddedRows:    base.lexiconLines,
		emojis:          len(base.emojis),
		files:           slices.Clone(cfg.LexiconFiles),
		overrides:       ov,
	}
	for tok, v := range ov {
		old, ok := lex[tok]
		switch {
		case !ok:
			info.added++
		case old != v:
			info.changed++
		}
		lex[tok] = v
	}
	info.entries = len(lex)
	info.lexiconSHA = vaderLexiconSHA256(lex)
	s := &Sentiment{model: newVaderModel(lex, base.emojis), threshold: cfg.LabelThreshold, info: info}
	s.pool.New = func() any { return new(vaderScratch) }
	return s, nil
}

// sentimentMaxScratch bounds the buffers kept for reuse, so that one huge
// text does not pin its memory.
const sentimentMaxScratch = 1 << 20

func (s *Sentiment) score(text string) vaderResult {
	sc := s.pool.Get().(*vaderScratch)
	r := s.model.polarity(text, sc)
	s.putScratch(sc)
	return r
}

// putScratch returns sc to the pool unless it has grown too big.
func (s *Sentiment) putScratch(sc *vaderScratch) {
	if cap(sc.text) <= sentimentMaxScratch && cap(sc.wide) <= sentimentMaxScratch && cap(sc.toks) <= sentimentMaxScratch/16 {
		s.pool.Put(sc)
	}
}

// Score returns VADER's scores of one sentence, rounded as the reference
// returns them, with Label taken from the rounded Compound. Safe for
// concurrent use; it does not allocate in the steady state.
func (s *Sentiment) Score(text string) SentimentScores {
	return s.roundedScores(s.score(text))
}

func (s *Sentiment) roundedScores(r vaderResult) SentimentScores {
	sc := SentimentScores{
		Neg:      vaderRound(r.neg, 3),
		Neu:      vaderRound(r.neu, 3),
		Pos:      vaderRound(r.pos, 3),
		Compound: vaderRound(r.compound, 4),
	}
	sc.Label = SentimentLabelAt(sc.Compound, s.threshold)
	return sc
}

// ScoreUnrounded returns the scores before the reference's final rounding,
// with Label taken from the unrounded Compound. It is what the conformance
// test compares bit for bit. Safe for concurrent use.
func (s *Sentiment) ScoreUnrounded(text string) SentimentScores {
	r := s.score(text)
	return SentimentScores{Neg: r.neg, Neu: r.neu, Pos: r.pos, Compound: r.compound, Label: SentimentLabelAt(r.compound, s.threshold)}
}

// ScoreArticle fills a.Sentences[i].Sentiment with [Sentiment.Score] of
// each sentence's Text and a.Tone with the article's tone (see
// [ArticleTone]). It writes no other field. Scoring cannot fail; the only
// error is for a nil article. Safe for concurrent use on different
// articles.
func (s *Sentiment) ScoreArticle(a *Article) error {
	if a == nil {
		return errors.New("score sentiment: nil article")
	}
	var tone ArticleTone
	sum := 0.0
	sc := s.pool.Get().(*vaderScratch)
	defer s.putScratch(sc)
	for i := range a.Sentences {
		r := s.model.polarity(a.Sentences[i].Text, sc)
		a.Sentences[i].Sentiment = s.roundedScores(r)
		sum += a.Sentences[i].Sentiment.Compound
		tone.PosWords += r.posWords
		tone.NegWords += r.negWords
		tone.Words += r.words
	}
	tone.MeanCompound, tone.Tone = math.NaN(), math.NaN()
	if n := len(a.Sentences); n > 0 {
		tone.MeanCompound = sum / float64(n)
	}
	if tone.Words > 0 {
		tone.Tone = 100 * float64(tone.PosWords-tone.NegWords) / float64(tone.Words)
	}
	a.Tone = tone
	return nil
}

// Info describes the scorer for the run manifest: the reference it
// reproduces, the SHA-256 of the effective lexicon (entries sorted by token,
// one `token<TAB>valence` line each, valences in shortest round-trip form),
// the entry counts, and the overrides from lexicon_files and lexicon with
// their final values. The map is new on each call.
func (s *Sentiment) Info() map[string]any {
	in := s.info
	return map[string]any{
		"model":                   "vader",
		"reference":               "github.com/cjhutto/vaderSentiment@44fc044cd877310ee8278a0eadf34bcd50d41d06",
		"lexicon_sha256":          in.lexiconSHA,
		"lexicon_entries":         in.entries,
		"embedded_lexicon_sha256": in.embeddedSHA,
		"embedded_lexicon_tokens": in.embeddedEntries,
		"embedded_lexicon_rows":   in.embeddedRows,
		"emoji_lexicon_sha256":    in.emojiSHA,
		"emoji_code_points":       in.emojis,
		"lexicon_files":           slices.Clone(in.files),
		"overrides":               maps.Clone(in.overrides),
		"overrides_added":         in.added,
		"overrides_changed":       in.changed,
	}
}
