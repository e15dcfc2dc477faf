package stages

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Camp is one side in the configured confrontation.
type Camp struct {
	ID   string
	Name string
}

// Mention is one occurrence of an actor in an article.
type Mention struct {
	SentenceIndex int
	Actor         string // actor id
	Camp          string // camp id, or "other" (also for office holders outside their terms)
	Code          string // CAMEO-style code
	Surface       string // the text as it appears, including a leading title word
	ByteStart     int    // offsets into Article.Text, end exclusive
	ByteEnd       int
	CharStart     int // Unicode code point offsets into Article.Text, end exclusive
	CharEnd       int
	IsSpeaker     bool // this mention is the sentence's speaker
}

// SentenceStance is the stance stage's result for one sentence.
//
// Actors, Camps and Favour are read-only: their arrays may be shared with
// other sentences and articles.
type SentenceStance struct {
	Actors       []string  // actor ids mentioned, sorted, unique
	Camps        []string  // configured camp ids mentioned, sorted, unique
	SpeakerActor string    // actor id of the speaker; "" for narration or an unnamed/unlisted speaker
	SpeakerCamp  string    // camp id, "other", or "" when narration
	Favour       []float64 // per configured camp (Stance.Camps order), in [-1, 1]; NaN when the camp is not mentioned
	Score        float64   // position on the axis, [-1, 1], + favours the positive side; 0 without the opposition in context
	Label        string    // e.g. pro_moscow, neutral, pro_west (from the axis config)
}

// ArticleStance sums up stance over an article. Slices are per configured
// camp, in [Stance.Camps] order.
type ArticleStance struct {
	Mentions   []int64   // mentions of each camp
	VoiceShare []float64 // share of attributed sentences each camp speaks; NaN when no sentence is attributed
	MeanFavour []float64 // mean favour over the sentences that mention the camp; NaN when never mentioned
	MeanStance float64   // mean sentence Score; NaN when the article has no sentences
	Label      string    // the article's axis label (see docs/stance.md)
	Balance    float64   // 1 - |v+ - v-| / (v+ + v-) over the two sides' voice shares; NaN when no side speaks
}

// StanceConfig is the `stance` section of the YAML config (the pipeline adds
// `workers`).
type StanceConfig struct {
	Enabled bool `mapstructure:"enabled" yaml:"enabled"`
	// ActorsFile replaces the built-in actor lexicon when set.
	ActorsFile string `mapstructure:"actors_file" yaml:"actors_file"`
	// ExtraActors are lexicon files whose actors are added to the lexicon.
	ExtraActors []string `mapstructure:"extra_actors" yaml:"extra_actors"`
	// Axis defines the two sides and the label threshold.
	Axis AxisConfig `mapstructure:"axis" yaml:"axis"`
	// Context is how many previous sentences count when looking for the
	// opposition that a non-neutral label needs.
	Context int `mapstructure:"context" yaml:"context"`
	// VoiceWeight is how far a side's own voiced position moves the score.
	VoiceWeight float64 `mapstructure:"voice_weight" yaml:"voice_weight"`
	// SoloWeight scales favour for a camp whose opposing side is absent
	// from the sentence (no mention, no speaker).
	SoloWeight float64 `mapstructure:"solo_weight" yaml:"solo_weight"`
	// Publishers map article sources to a camp's voice.
	Publishers []PublisherConfig `mapstructure:"publishers" yaml:"publishers"`
}

// AxisConfig is `stance.axis`: Score is +1 at the positive side.
type AxisConfig struct {
	Positive  []string `mapstructure:"positive" yaml:"positive"`
	Negative  []string `mapstructure:"negative" yaml:"negative"`
	Threshold float64  `mapstructure:"threshold" yaml:"threshold"`
	// PositiveActors and NegativeActors are actor ids outside the camps that
	// count for a side on the axis (e.g. Belarus for Moscow's side).
	PositiveActors []string `mapstructure:"positive_actors" yaml:"positive_actors"`
	NegativeActors []string `mapstructure:"negative_actors" yaml:"negative_actors"`
}

// PublisherConfig maps articles to a publisher's voice: an article matches
// when Source occurs in its source name as whole words (case-sensitive), or
// when its URL host is Host or a subdomain of it.
type PublisherConfig struct {
	Source string `mapstructure:"source" yaml:"source"`
	Host   string `mapstructure:"host" yaml:"host"`
	Camp   string `mapstructure:"camp" yaml:"camp"`
	Actor  string `mapstructure:"actor" yaml:"actor"`
	// Aliases are phrases that in this publisher's articles name its actor
	// ("the President", "the Head of State" in a presidential release). A
	// lower-case first letter also matches capitalised. Ignored when Actor
	// is not in the lexicon.
	Aliases []string `mapstructure:"aliases" yaml:"aliases"`
	// CountryAliases are phrases that in this publisher's articles name
	// its country, the lexicon actor Country ("our country", "our state"
	// in a presidential release). Matched as Aliases are.
	Country        string   `mapstructure:"country" yaml:"country"`
	CountryAliases []string `mapstructure:"country_aliases" yaml:"country_aliases"`
	// Narration makes the article's unattributed sentences, and unnamed
	// subjects such as "the President said", speak in the publisher's
	// voice. Without it the entry only names the publisher's camp for
	// unnamed in-house sources; news narration stays narration.
	Narration bool `mapstructure:"narration" yaml:"narration"`
}

// stPresidentialCountryAliases are the phrases of a presidential release
// that name its country: "our country", its land and the state's own
// institutions and forces, which the guide counts as descriptive references
// (a country's name counts also as a place).
func stPresidentialCountryAliases() []string {
	return []string{"our country", "our state", "our government", "our army", "our armed forces", "our Armed Forces",
		"our troops", "our soldiers", "our servicemen", "our military", "our defenders", "our warriors",
		"our diplomats", "our delegation", "our negotiators", "our land", "our lands", "our territory",
		"our territories", "our soil", "our Motherland"}
}

// DefaultStanceConfig returns the defaults: Moscow against the West and
// Ukraine, the Kremlin, the President of Ukraine and Russian state media as
// publishers with a voice.
func DefaultStanceConfig() StanceConfig {
	return StanceConfig{
		Enabled: true,
		Axis: AxisConfig{
			Positive:       []string{"moscow"},
			Negative:       []string{"west", "ukraine"},
			Threshold:      0.2,
			PositiveActors: []string{"belarus", "alexander_lukashenko", "belta", "dpr", "lpr", "denis_pushilin", "leonid_pasechnik"},
		},
		Context:     2,
		VoiceWeight: 0.5,
		SoloWeight:  0.5,
		Publishers: []PublisherConfig{
			{Source: "Kremlin", Host: "kremlin.ru", Camp: "moscow", Actor: "kremlin", Narration: true,
				Aliases: []string{"the President", "the President of Russia", "the Head of State", "the head of state"},
				Country: "russia", CountryAliases: stPresidentialCountryAliases()},
			{Source: "President of Ukraine", Host: "president.gov.ua", Camp: "ukraine", Actor: "office_of_the_president_of_ukraine", Narration: true,
				Aliases: []string{"the President", "the President of Ukraine", "the Head of State", "the head of state"},
				Country: "ukraine", CountryAliases: stPresidentialCountryAliases()},
			{Source: "TASS", Host: "tass.com", Camp: "moscow", Actor: "tass"},
			{Host: "tass.ru", Camp: "moscow", Actor: "tass"},
			{Source: "RIA Novosti", Host: "ria.ru", Camp: "moscow", Actor: "ria_novosti"},
			{Source: "RT", Host: "rt.com", Camp: "moscow", Actor: "rt"},
			{Source: "Sputnik", Host: "sputniknews.com", Camp: "moscow", Actor: "sputnik"},
		},
	}
}

// Validate checks the config; messages name keys relative to the section
// (`axis.threshold: ...`). Camp and actor ids are checked against the lexicon
// by [NewStance].
func (c StanceConfig) Validate() error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if len(c.Axis.Positive) == 0 {
		fail("axis.positive: at least one camp is required")
	}
	if len(c.Axis.Negative) == 0 {
		fail("axis.negative: at least one camp is required")
	}
	for _, p := range c.Axis.Positive {
		if slices.Contains(c.Axis.Negative, p) {
			fail("axis: camp %q is on both sides", p)
		}
	}
	if !(c.Axis.Threshold > 0 && c.Axis.Threshold <= 1) {
		fail("axis.threshold: must be in (0, 1] (got %v)", c.Axis.Threshold)
	}
	if c.Context < 0 || c.Context > 10 {
		fail("context: must be in [0, 10] (got %d)", c.Context)
	}
	if !(c.VoiceWeight >= 0 && c.VoiceWeight <= 1) {
		fail("voice_weight: must be in [0, 1] (got %v)", c.VoiceWeight)
	}
	if !(c.SoloWeight >= 0 && c.SoloWeight <= 1) {
		fail("solo_weight: must be in [0, 1] (got %v)", c.SoloWeight)
	}
	for i, p := range c.Publishers {
		if p.Source == "" && p.Host == "" {
			fail("publishers[%d]: source or host is required", i)
		}
		if p.Camp == "" {
			fail("publishers[%d].camp: is required", i)
		}
		if strings.Contains(p.Host, "/") {
			fail("publishers[%d].host: want a host name, not a URL (got %q)", i, p.Host)
		}
		if len(p.CountryAliases) > 0 && p.Country == "" {
			fail("publishers[%d].country: is required with country_aliases", i)
		}
	}
	for i, f := range c.ExtraActors {
		if f == "" {
			fail("extra_actors[%d]: empty file name", i)
		}
	}
	return errors.Join(errs...)
}

// Stance finds actor mentions, attributes speakers and scores stance. It is
// immutable after [NewStance] and safe for concurrent use.
type Stance struct {
	cfg      StanceConfig
	lex      *ActorLexicon
	m        *stMatcher
	camps    []Camp
	campIdx  map[string]int
	side     map[string]int // camp id -> +1, -1
	campSide []int8         // per camp: side on the axis, +1, -1 or 0
	// coalition tells, per side (index side+1), whether the side has two
	// or more camps (the West and Ukraine by default): partners whose
	// help to each other is no position against the other side.
	coalition [3]bool
	actorSide []int8 // per actor: side on the axis from camp or *_actors
	// actorBodyBits are, per actor, the institution nouns (stBodyBits) of
	// its name and surfaces: "Ministry of Defence" has "ministry".
	actorBodyBits []uint16
	// actorByRank lists the actors in the order of their ids, and
	// actorRank is each actor's position in it: sorting ranks sorts ids.
	actorByRank []int32
	actorRank   []int32
	campByRank  []int32 // the same for camps
	campRank    []int32
	// actorIDs and campIDs are the ids in rank order: a sentence
	// mentioning one actor or camp shares the one-element slice of it.
	actorIDs []string
	campIDs  []string
	// nanFavour is the favour of a sentence that mentions no camp: NaN
	// for each camp. The sentences share it.
	nanFavour []float64
	// speakerActors are the speakers' actor ids by [stSpeaker] actor: ""
	// first, then the lexicon's actors, then the publishers' actors;
	// speakerCamps the speakers' camp ids by [stSpeaker] camp, and
	// actorCamp each actor's camp there.
	speakerActors []string
	speakerCamps  []string
	actorCamp     []int32
	// favours holds, when there are at most stFavourTableMax camps, every
	// favour made of NaN, 0, +1 and -1 (the values the cues' unit weights
	// give), indexed by [stFavourCode]: sentences share these instead of
	// an array per article.
	favours [][]float64
	// campSets holds, when there are at most stCampSetMax camps, the
	// sorted camp ids of each set of camps, indexed by the bit mask of
	// the camps' ranks.
	campSets [][]string
	labelPos string
	labelNeg string
	pubs     []stPublisher
	sha      string
	files    []string
	pool     sync.Pool
}

type stPublisher struct {
	PublisherConfig
	source  []string // Source as tokens
	aliases *stTrie  // Aliases, when Actor is in the lexicon
	actor   int32    // lexicon index of Actor, -1 when absent
	side    int8     // the axis side of Camp
	// speakerActor and speakerCamp are Actor and Camp as a [stSpeaker]
	// holds them.
	speakerActor, speakerCamp int32
	host                      string // Host in lower case
	dotHost                   string // "." + host
}

// stScratch holds per-call buffers; Stance keeps them in a pool.
type stScratch struct {
	toks    []stToken
	srcToks []stToken // the article's source name
	cands   []stCandRef
	// marks are the indexes of the sentence's words that start a
	// surface, are favour cues or are reporting verbs; aliasRoots those
	// that start a publisher's alias.
	marks      []int32
	aliasRoots []int32
	raw        []stRawMention
	hints      []int32        // actors of the sentence's adjectives that named no state ("Russian banks")
	fbuf       []float64      // the article's voice shares and favour sums, and a sentence's favour
	ments      []stRawMention // the article's mentions, as the matcher found them
	groups     []stMentionGroup
	ranks      []int32     // per sentence with mentions, sorted: actor ranks, then any camp ranks
	lists      []stListRef // the sentences whose lists take ids from the article's array
	favOver    []float64   // the favours not in [Stance.favours], in sentence order
	favOverAt  []int32     // their sentences
	campN      []int64     // mentions per camp
	favN       []int       // sentences with a favour per camp
	// shadowed are the article's person actors whose surname it has given
	// to another person (see [stMatcher.shadowedPerson]).
	shadowed []int32
	// surnames are the surnames the article has given its persons named
	// in full (see [stMatcher.matchSurnames]).
	surnames []stSurnameRef
}

// NewStance builds the stance stage. builtinActors is the default lexicon
// (the embedded configs/actors.yaml); cfg.ActorsFile replaces it and
// cfg.ExtraActors extend it. It fails when the config or the lexicon is
// invalid, a file cannot be read, or the axis or a publisher names a camp the
// lexicon lacks.
func NewStance(cfg StanceConfig, builtinActors []byte) (*Stance, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("stance config: %w", err)
	}
	h := sha256.New()
	data, name := builtinActors, "actors.yaml (built in)"
	if cfg.ActorsFile != "" {
		b, err := os.ReadFile(cfg.ActorsFile)
		if err != nil {
			return nil, fmt.Errorf("read actors_file: %w", err)
		}
		data, name = b, cfg.ActorsFile
	}
	if len(data) == 0 {
		return nil, errors.New("stance: no actor lexicon (built-in lexicon empty and no actors_file)")
	}
	h.Write(data)
	lex, err := ParseActors(data, name)
	if err != nil {
		return nil, err
	}
	files := []string{name}
	for _, f := range cfg.ExtraActors {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read extra_actors: %w", err)
		}
		h.Write(b)
		x, err := ParseActors(b, f)
		if err != nil {
			return nil, err
		}
		if err := lex.Extend(x); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		files = append(files, f)
	}
	if err := lex.Validate(); err != nil {
		return nil, err
	}
	s := &Stance{
		cfg: cfg, lex: lex, m: stNewMatcher(lex), camps: lex.Camps,
		campIdx: map[string]int{}, side: map[string]int{},
		labelPos: "pro_" + cfg.Axis.Positive[0], labelNeg: "pro_" + cfg.Axis.Negative[0],
		sha: hex.EncodeToString(h.Sum(nil)), files: files,
	}
	for i, c := range s.camps {
		s.campIdx[c.ID] = i
	}
	var errs []error
	for _, p := range cfg.Axis.Positive {
		if _, ok := s.campIdx[p]; !ok {
			errs = append(errs, fmt.Errorf("axis.positive: %q is not a camp of the lexicon", p))
		}
		s.side[p] = 1
	}
	for _, n := range cfg.Axis.Negative {
		if _, ok := s.campIdx[n]; !ok {
			errs = append(errs, fmt.Errorf("axis.negative: %q is not a camp of the lexicon", n))
		}
		s.side[n] = -1
	}
	s.actorSide = make([]int8, len(s.m.actors))
	s.actorBodyBits = make([]uint16, len(s.m.actors))
	ids := map[string]int{}
	for i, a := range s.m.actors {
		ids[a.ID] = i
		s.actorSide[i] = int8(s.side[a.Camp])
		if !a.person {
			bits := stBodyBits(a.Name)
			for _, f := range a.Surfaces {
				bits |= stBodyBits(f)
			}
			s.actorBodyBits[i] = bits
		}
	}
	// Axis allies are optional: an id the lexicon lacks is ignored, so the
	// defaults work with smaller lexicons.
	for _, id := range cfg.Axis.PositiveActors {
		if i, ok := ids[id]; ok && s.actorSide[i] == 0 {
			s.actorSide[i] = 1
		}
	}
	for _, id := range cfg.Axis.NegativeActors {
		if i, ok := ids[id]; ok && s.actorSide[i] == 0 {
			s.actorSide[i] = -1
		}
	}
	for i, p := range cfg.Publishers {
		if _, ok := s.campIdx[p.Camp]; !ok && p.Camp != OtherCamp {
			errs = append(errs, fmt.Errorf("publishers[%d].camp: %q is not a camp of the lexicon", i, p.Camp))
		}
		pub := stPublisher{PublisherConfig: p, actor: -1, host: strings.ToLower(p.Host)}
		pub.dotHost = "." + pub.host
		for _, t := range stTokenize(p.Source, nil) {
			pub.source = append(pub.source, p.Source[t.start:t.end])
		}
		addAliases := func(actor int, aliases []string, ours bool) {
			if pub.aliases == nil {
				pub.aliases = stNewTrie()
			}
			for _, al := range aliases {
				keys := []string{al}
				if r, n := utf8.DecodeRuneInString(al); unicode.IsLower(r) {
					keys = append(keys, string(unicode.ToUpper(r))+al[n:])
				}
				for _, k := range keys {
					keys := stTokenTexts(k)
					pub.aliases.insert(keys, s.m.addText(k, keys), stTrieHit{actor: int32(actor), ours: ours})
				}
			}
		}
		if i, ok := ids[p.Actor]; ok {
			pub.actor = int32(i)
			if len(p.Aliases) > 0 {
				addAliases(i, p.Aliases, false)
			}
		}
		if len(p.CountryAliases) > 0 {
			if a, ok := ids[p.Country]; ok {
				addAliases(a, p.CountryAliases, true)
			} else {
				errs = append(errs, fmt.Errorf("publishers[%d].country: %q is not an actor of the lexicon", i, p.Country))
			}
		}
		s.pubs = append(s.pubs, pub)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("stance config: %w", err)
	}
	s.campSide = make([]int8, len(s.camps))
	var perSide [3]int
	for k, c := range s.camps {
		s.campSide[k] = int8(s.side[c.ID])
		perSide[s.campSide[k]+1]++
	}
	s.coalition = [3]bool{perSide[0] >= 2, false, perSide[2] >= 2}
	s.actorByRank = make([]int32, len(s.m.actors))
	for i := range s.actorByRank {
		s.actorByRank[i] = int32(i)
	}
	slices.SortFunc(s.actorByRank, func(x, y int32) int { return strings.Compare(s.m.actors[x].ID, s.m.actors[y].ID) })
	s.actorRank = make([]int32, len(s.m.actors))
	for r, i := range s.actorByRank {
		s.actorRank[i] = int32(r)
	}
	s.campByRank = make([]int32, len(s.camps))
	for i := range s.campByRank {
		s.campByRank[i] = int32(i)
	}
	slices.SortFunc(s.campByRank, func(x, y int32) int { return strings.Compare(s.camps[x].ID, s.camps[y].ID) })
	s.campRank = make([]int32, len(s.camps))
	for r, i := range s.campByRank {
		s.campRank[i] = int32(r)
	}
	s.actorIDs = make([]string, len(s.actorByRank))
	for r, i := range s.actorByRank {
		s.actorIDs[r] = s.m.actors[i].ID
	}
	s.campIDs = make([]string, len(s.campByRank))
	for r, i := range s.campByRank {
		s.campIDs[r] = s.camps[i].ID
	}
	s.nanFavour = make([]float64, len(s.camps))
	for k := range s.nanFavour {
		s.nanFavour[k] = math.NaN()
	}
	s.favours = stFavourTable(len(s.camps))
	s.speakerCamps = []string{"", OtherCamp}
	for _, c := range s.camps {
		s.speakerCamps = append(s.speakerCamps, c.ID)
	}
	s.speakerActors = []string{""}
	s.actorCamp = make([]int32, len(s.m.actors))
	for i, a := range s.m.actors {
		s.speakerActors = append(s.speakerActors, a.ID)
		s.actorCamp[i] = stSpeakerOther
		if a.campK >= 0 {
			s.actorCamp[i] = stSpeakerCamp0 + a.campK
		}
	}
	s.campSets = stCampSets(s.campIDs)
	var aliases []*stTrie
	for i := range s.pubs {
		p := &s.pubs[i]
		p.side = int8(s.side[p.Camp])
		if p.Actor != "" {
			p.speakerActor = int32(len(s.speakerActors))
			s.speakerActors = append(s.speakerActors, p.Actor)
		}
		p.speakerCamp = stSpeakerOther
		if k, ok := s.campIdx[p.Camp]; ok {
			p.speakerCamp = stSpeakerCamp0 + int32(k)
		}
		if p.aliases != nil {
			aliases = append(aliases, p.aliases)
		}
	}
	if err := s.m.compile(aliases); err != nil {
		return nil, err
	}
	s.pool.New = func() any { return new(stScratch) }
	return s, nil
}

// Camps returns the configured camps in column order.
func (s *Stance) Camps() []Camp { return slices.Clone(s.camps) }

// Info describes the effective lexicon and axis for the manifest.
func (s *Stance) Info() map[string]any {
	camps := make([]string, len(s.camps))
	for i, c := range s.camps {
		camps[i] = c.ID
	}
	pubs := make([]map[string]string, len(s.cfg.Publishers))
	for i, p := range s.cfg.Publishers {
		pubs[i] = map[string]string{"source": p.Source, "host": p.Host, "camp": p.Camp, "actor": p.Actor}
	}
	return map[string]any{
		"lexicon_sha256": s.sha,
		"lexicon_files":  slices.Clone(s.files),
		"actors":         len(s.lex.Actors),
		"camps":          camps,
		"axis": map[string]any{
			"positive":  slices.Clone(s.cfg.Axis.Positive),
			"negative":  slices.Clone(s.cfg.Axis.Negative),
			"threshold": s.cfg.Axis.Threshold,
			"labels":    []string{s.labelPos, "neutral", s.labelNeg},
		},
		"publishers": pubs,
	}
}

// publisherFor returns the publisher whose voice the article speaks in, or nil.
func (s *Stance) publisherFor(a *Article) *stPublisher {
	var toks []stToken
	return s.publisherOf(a, &toks)
}

// publisherOf is publisherFor with a buffer for the source's tokens.
func (s *Stance) publisherOf(a *Article, srcToks *[]stToken) *stPublisher {
	host := ""
	if a.URL != "" {
		if h, ok := stPlainURLHost(a.URL); ok {
			host = h
		} else if s.hostMayMatch(a.URL) { // else no host matches: leave it ""
			if u, err := url.Parse(a.URL); err == nil {
				host = strings.ToLower(u.Hostname())
			}
		}
	}
	tokenized := false
	for i := range s.pubs {
		p := &s.pubs[i]
		if p.Host != "" && host != "" && (host == p.host || strings.HasSuffix(host, p.dotHost)) {
			return p
		}
		// The first word of the publisher's source must occur in the
		// article's: that one search spares most articles tokenizing
		// their source name.
		if len(p.source) > 0 && a.Source != "" && strings.Contains(a.Source, p.source[0]) {
			if !tokenized {
				*srcToks = stTokenize(a.Source, *srcToks)
				tokenized = true
			}
			toks := *srcToks
			for j := 0; j+len(p.source) <= len(toks); j++ {
				ok := true
				for k, w := range p.source {
					t := &toks[j+k]
					if a.Source[t.start:t.end] != w {
						ok = false
						break
					}
				}
				if ok {
					return p
				}
			}
		}
	}
	return nil
}

// hostMayMatch reports whether the host of rawURL may be a publisher's
// host or a subdomain of one. It is false only when no publisher host
// occurs in the URL, ignoring ASCII case, and the URL is plain ASCII
// without escapes: then the URL's host, a substring of it, matches none,
// and parsing the URL can be skipped.
func (s *Stance) hostMayMatch(rawURL string) bool {
	var buf [256]byte
	if len(rawURL) > len(buf) {
		return true
	}
	for i := 0; i < len(rawURL); i++ {
		c := rawURL[i]
		if c >= utf8.RuneSelf || c == '%' {
			return true
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	lower := buf[:len(rawURL)]
	for i := range s.pubs {
		if p := &s.pubs[i]; p.Host != "" && bytes.Contains(lower, []byte(p.host)) {
			return true
		}
	}
	return false
}

// stPlainURLHost returns, for a URL of the plain form
// http[s]://host[/?#...] whose host is made of ASCII letters, digits, dots
// and hyphens and whose every byte is printable ASCII other than '%', the
// host in lower case, which is what url.Parse and Hostname give for it.
// ok is false for any other URL.
func stPlainURLHost(raw string) (host string, ok bool) {
	rest, found := strings.CutPrefix(raw, "http://")
	if !found {
		if rest, found = strings.CutPrefix(raw, "https://"); !found {
			return "", false
		}
	}
	if !stPrintableNoPercent(raw) {
		return "", false
	}
	end := len(rest)
	upper := false
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if c == '/' || c == '?' || c == '#' {
			end = i
			break
		}
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '.', c == '-':
		case 'A' <= c && c <= 'Z':
			upper = true
		default:
			return "", false
		}
	}
	if end == 0 {
		return "", false
	}
	host = rest[:end]
	if upper {
		host = strings.ToLower(host)
	}
	return host, true
}

// stPrintableNoPercent reports whether every byte of s is printable ASCII
// (0x21 to 0x7e) other than '%'. It tests eight bytes at a time: a URL is
// checked for every article.
func stPrintableNoPercent(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; len(s) >= 8; s = s[8:] {
		x := stLoad64(s, 0)
		p := x ^ '%'*ones
		// The high bit of a byte is set, in the first term, for a byte
		// below 0x21 (or, with borrows, after one); in the second for a
		// byte above 0x7e; in the third for a '%' (a zero byte in p). A
		// borrow or carry only follows a byte that sets a bit itself.
		if ((x-0x21*ones)&^x|(x+ones)|x|(p-ones)&^p)&highs != 0 {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '%' {
			return false
		}
	}
	return true
}

// stIDList returns the ids of ranks (sorted), given the ids in rank order:
// nil for none, for one the one-element slice of byRank (shared, read-only),
// else a slice appended to *ids.
func stIDList(byRank []string, ranks []int32, ids *[]string) []string {
	switch len(ranks) {
	case 0:
		return nil
	case 1:
		r := ranks[0]
		return byRank[r : r+1 : r+1]
	}
	k0 := len(*ids)
	for _, r := range ranks {
		*ids = append(*ids, byRank[r])
	}
	return (*ids)[k0:len(*ids):len(*ids)]
}

// ScoreArticle fills a.Mentions, a.Sentences[i].Stance and a.Stance. It
// fails, leaving the article's stance fields unspecified, only when a
// sentence's offsets do not lie within a.Text. Safe for concurrent use on
// different articles.
func (s *Stance) ScoreArticle(a *Article) error {
	sc := s.pool.Get().(*stScratch)
	defer s.pool.Put(sc)
	st := stArticleState{}
	var aliases *stTrie // the publisher's aliases
	if p := s.publisherOf(a, &sc.srcToks); p != nil && p.Narration {
		st.pub = p
		aliases = p.aliases
	}
	nc := len(s.camps)
	date := stDateOf(a.PublishedAt)
	// fbuf holds the attributed sentences per speaking camp (shares) and
	// the sum of each camp's favour (favSum, counted in favN), which
	// become the article's voice shares and mean favour, and the favour
	// of the sentence at hand (fav).
	fbuf := stResize(sc.fbuf, 3*nc)
	sc.fbuf = fbuf
	shares, favSum, fav := fbuf[:nc:nc], fbuf[nc:2*nc:2*nc], fbuf[2*nc:3*nc:3*nc]
	favN := stResize(sc.favN, nc)
	sc.favN = favN
	campN := stResize(sc.campN, nc)
	sc.campN = campN
	sc.ments, sc.groups, sc.ranks, sc.lists = sc.ments[:0], sc.groups[:0], sc.ranks[:0], sc.lists[:0]
	sc.shadowed, sc.surnames = sc.shadowed[:0], sc.surnames[:0]
	sc.favOver, sc.favOverAt = sc.favOver[:0], sc.favOverAt[:0]
	long := 0 // the ids of the lists of two or more, which the article keeps in one array
	prevEnd := 0
	// The article's sums, in sentence order: the scores of sentences with
	// the opposition in context (ctx), all scores and the attributed
	// sentences.
	var ctxSum, sum float64
	ctxN, attributed := 0, 0
	// The last sentences with each side present: a side is in a
	// sentence's context when it is present within s.cfg.Context
	// sentences before it.
	lastPos, lastNeg := math.MinInt, math.MinInt
	for i := range a.Sentences {
		sen := &a.Sentences[i]
		if sen.ByteStart < 0 || sen.ByteEnd < sen.ByteStart || sen.ByteEnd > len(a.Text) {
			return fmt.Errorf("stance: article %q sentence %d: offsets [%d,%d) outside text of %d bytes", a.ID, i, sen.ByteStart, sen.ByteEnd, len(a.Text))
		}
		text := a.Text[sen.ByteStart:sen.ByteEnd]
		st.before = a.Text[:sen.ByteStart]
		if sen.ByteStart-prevEnd >= 2 && strings.Contains(a.Text[prevEnd:sen.ByteStart], "\n\n") {
			st.inQuote = false // quotations do not run over a blank line unmarked
			st.transcript = stSpeaker{}
		}
		prevEnd = sen.ByteEnd
		startsInQuote := st.inQuote
		var info stSentenceInfo
		sc.toks, info = s.m.scan(text, sc.toks, st.inQuote, sc, aliases)
		toks, all := sc.toks, info.all
		if all.has(swEvalNeg) {
			all = stUnprefixNegative(text, toks, all)
		}
		st.inQuote = info.open
		sc.raw = s.m.match(text, toks, date, sc, sc.raw[:0])
		if len(sc.aliasRoots) > 0 {
			sc.raw = s.m.matchAliases(text, toks, aliases, sc.aliasRoots, date, sc.raw)
		}
		raw := sc.raw
		for k := range raw {
			for j := raw[k].tokStart; j < raw[k].tokEnd; j++ {
				toks[j].inMention = true
			}
		}
		if len(sc.surnames) > 0 {
			raw = s.m.matchSurnames(text, toks, sc.surnames, raw)
			sc.raw = raw
		}
		sc.surnames = s.m.noteSurnames(text, toks, raw, sc.surnames)

		// A sentence opening with "They", "He" or "She" speaks of the
		// last body or person named before it (the guide's pronoun whose
		// referent the previous sentence makes clear); it counts when a
		// side's voice says it of the other side.
		ante := stPronounAntecedent(text, toks, &st)
		sp := s.attribute(text, toks, sc.marks, all, raw, &st, startsInQuote)
		if len(sc.aliasRoots) > 0 && st.pub != nil && sp.camp != st.pub.speakerCamp {
			// "Our country" is the publisher's country only in its own
			// camp's voice, not a foreign guest's in a transcript.
			raw, sp.mention = stDropOurs(raw, sp.mention)
			sc.raw = raw
		}
		sp.guest = st.pub != nil && sp.side != 0 && sp.side == -st.pub.side
		ss := &sen.Stance
		ss.SpeakerActor, ss.SpeakerCamp = s.speakerActors[sp.actor], s.speakerCamps[sp.camp]
		if sp.camp != stSpeakerNoCamp {
			attributed++
			if sp.camp >= stSpeakerCamp0 {
				shares[sp.camp-stSpeakerCamp0]++
			}
		}
		sides := stSideBit(sp.side)
		if len(sc.hints) > 0 && sp.side != 0 {
			// A side's demand or measure against the other side's banks,
			// goods or oligarchs, named by an adjective that names no
			// state, is a position against that side: "Every Russian bank
			// must be cut off from SWIFT".
			for _, h := range sc.hints {
				if s.actorSide[h] == -sp.side {
					if s.m.voicedDemand(text, toks) {
						sides |= stSideBit(-sp.side)
					}
					break
				}
			}
		}
		if ante != 0 && ante == -sp.side {
			sides |= stSideBit(ante) // a side's voice on the other side
		}
		score := 0.0
		if len(raw) == 0 {
			// No mention: no actor, no camp, all favour NaN, and the
			// sides and score are the speaker's alone.
			ss.Actors, ss.Camps, ss.Favour = nil, nil, s.nanFavour
			if sp.side != 0 {
				score = s.axisScore(text, toks, all, stAxisCues{quoted: info.quoted}, nil, sides, sp, sen.Sentiment.Compound, sen.Sentiment.Neg)
			}
		} else {
			named := s.sidesOf(raw) // the sides the sentence's mentions name
			sides |= named
			var camps uint64 // the ranks of the camps mentioned, with campSets
			a0 := len(sc.ranks)
			withCamp := false
			for k := range fav {
				fav[k] = math.NaN()
			}
			for k := range raw {
				rm := &raw[k]
				sc.ranks = stInsertUnique(sc.ranks, a0, s.actorRank[rm.actor])
				if k := rm.campK; k >= 0 {
					withCamp = true
					campN[k]++
					fav[k] = 0
					camps |= 1 << (s.campRank[k] & 63)
				}
			}
			a1 := len(sc.ranks)
			c0 := a1 // camp ranks follow without campSets
			if withCamp && s.campSets == nil {
				for k := range raw {
					if k := raw[k].campK; k >= 0 {
						sc.ranks = stInsertUnique(sc.ranks, c0, s.campRank[k])
					}
				}
			}
			sc.groups = append(sc.groups, stMentionGroup{sentence: int32(i), m0: int32(len(sc.ments)), speaker: sp.mention, ascii: info.ascii})
			sc.ments = append(sc.ments, raw...)

			list := false
			if a1-a0 == 1 {
				ss.Actors = s.actorIDs[sc.ranks[a0] : sc.ranks[a0]+1 : sc.ranks[a0]+1]
			} else {
				list = true
				long += a1 - a0
			}
			switch {
			case !withCamp:
				ss.Camps = nil
			case s.campSets != nil:
				ss.Camps = s.campSets[camps]
			case len(sc.ranks)-c0 == 1:
				ss.Camps = s.campIDs[sc.ranks[c0] : sc.ranks[c0]+1 : sc.ranks[c0]+1]
			default:
				list = true
				long += len(sc.ranks) - c0
			}
			if list {
				sc.lists = append(sc.lists, stListRef{sentence: int32(i), a0: int32(a0), a1: int32(a1), c0: int32(c0), c1: int32(len(sc.ranks))})
			}

			if !withCamp {
				ss.Favour = s.nanFavour
				if sp.side != 0 {
					score = s.axisScore(text, toks, all, stAxisCues{quoted: info.quoted}, nil, sides, sp, sen.Sentiment.Compound, sen.Sentiment.Neg)
				}
			} else {
				if all.has(stCueWords) {
					// No cue raises Moscow's side in the voice of the West
					// or Ukraine, except in a release of Moscow's side,
					// which prints its guests' praise of Russia.
					voice := sp.side
					if st.pub != nil && st.pub.side > 0 {
						voice = 0
					}
					own := sp.side // whose operation "the operation to protect" is
					if sp.guest {
						own = st.pub.side
					}
					s.favour(text, toks, all, sc.marks, raw, int(sp.mention), own, voice, fav)
				}
				s.rightFavour(text, toks, raw, fav)
				s.voicedFavour(text, toks, raw, all, sp, sen.Sentiment.Compound, fav)
				cues := stAxisCues{quoted: info.quoted}
				if sp.side != 0 && !sp.guest {
					cues.victim = s.sideMentionWhere(text, toks, raw, sp.side, stVictimOf)
					cues.ownNamed = named&stSideBit(sp.side) != 0
					cues.partyOnly = s.partyOnly(text, toks, raw, -sp.side)
					// a publisher's "much more pressure on Russia is
					// needed" takes a position against it, though it
					// blames it for nothing
					cues.measured = sp.voice && s.sideMentionWhere(text, toks, raw, -sp.side, stMeasureTarget)
				}
				score = s.axisScore(text, toks, all, cues, fav, sides, sp, sen.Sentiment.Compound, sen.Sentiment.Neg)
				if c, ok := stFavourCode(fav); ok && s.favours != nil {
					ss.Favour = s.favours[c]
				} else {
					ss.Favour = nil // a slice of the article's array, at the end
					sc.favOverAt = append(sc.favOverAt, int32(i))
					sc.favOver = append(sc.favOver, fav...)
				}
				for k, f := range fav {
					if !math.IsNaN(f) {
						favSum[k] += f
						favN[k]++
					}
				}
			}
		}
		if sides&stSidePos != 0 {
			lastPos = i
		}
		if sides&stSideNeg != 0 {
			lastNeg = i
		}
		if lastPos < i-s.cfg.Context || lastNeg < i-s.cfg.Context {
			score = 0
		} else {
			ctxSum += score
			ctxN++
		}
		ss.Score = score
		switch {
		case score >= s.cfg.Axis.Threshold:
			ss.Label = s.labelPos
		case score <= -s.cfg.Axis.Threshold:
			ss.Label = s.labelNeg
		default:
			ss.Label = "neutral"
		}
		sum += score
	}
	s.fillMentions(a, sc)
	// A list of one id, and a set of camps, is the Stance's own (shared,
	// read-only); the longer lists of the article share one array, and
	// the favours that are not the Stance's, with the voice shares and
	// mean favour, another.
	if long > 0 {
		ids := make([]string, 0, long)
		for _, l := range sc.lists {
			ss := &a.Sentences[l.sentence].Stance
			if l.a1-l.a0 > 1 {
				ss.Actors = stIDList(s.actorIDs, sc.ranks[l.a0:l.a1], &ids)
			}
			if l.c1-l.c0 > 1 {
				ss.Camps = stIDList(s.campIDs, sc.ranks[l.c0:l.c1], &ids)
			}
		}
	}
	favs := make([]float64, len(sc.favOver)+2*nc)
	copy(favs, sc.favOver)
	for j, i := range sc.favOverAt {
		a.Sentences[i].Stance.Favour = favs[j*nc : (j+1)*nc : (j+1)*nc]
	}
	copy(favs[len(sc.favOver):], fbuf[:2*nc])
	s.aggregate(a, sc, favs[len(sc.favOver):], attributed, sum, ctxSum, ctxN)
	return nil
}

// fillMentions makes a.Mentions from the mentions sc.ments found in the
// sentences sc.groups.
func (s *Stance) fillMentions(a *Article, sc *stScratch) {
	if a.Mentions == nil || cap(a.Mentions) < len(sc.ments) {
		a.Mentions = make([]Mention, len(sc.ments))
	} else {
		a.Mentions = a.Mentions[:len(sc.ments)]
	}
	ments := a.Mentions
	for g, grp := range sc.groups {
		m1 := len(sc.ments)
		if g+1 < len(sc.groups) {
			m1 = int(sc.groups[g+1].m0)
		}
		sen := &a.Sentences[grp.sentence]
		text := a.Text[sen.ByteStart:sen.ByteEnd]
		cursorB, cursorC := 0, sen.CharStart
		for k := int(grp.m0); k < m1; k++ {
			rm := &sc.ments[k]
			var cs, ce int
			if grp.ascii {
				cs, ce = sen.CharStart+int(rm.start), sen.CharStart+int(rm.end)
			} else {
				// Counting from the previous mention's end counts each
				// byte once.
				cs = cursorC + stRuneCount(text[cursorB:rm.start])
				ce = cs + stRuneCount(text[rm.start:rm.end])
				cursorB, cursorC = int(rm.end), ce
			}
			act := &s.m.actors[rm.actor]
			surface := text[rm.start:rm.end]
			if t := rm.text; t < 0 {
				surface = s.m.texts[-t] // the same bytes, in the lexicon's string
			} else if t > 0 && s.m.texts[t] == surface {
				surface = s.m.texts[t]
			}
			// Field by field: a composite literal is built on the stack and
			// then copied, through the garbage collector's bulk write barrier
			// while it marks.
			mn := &ments[k]
			mn.SentenceIndex, mn.Actor, mn.Camp, mn.Code = int(grp.sentence), act.ID, act.campOf(rm.other), act.Code
			mn.Surface, mn.ByteStart, mn.ByteEnd = surface, sen.ByteStart+int(rm.start), sen.ByteStart+int(rm.end)
			mn.CharStart, mn.CharEnd, mn.IsSpeaker = cs, ce, int32(k)-grp.m0 == grp.speaker
		}
	}
}

// stRuneCount returns utf8.RuneCountInString(s), counting the ASCII bytes
// eight at a time: a sentence with a curly quote or a dash is mostly ASCII.
func stRuneCount(s string) (n int) {
	const highs = 0x8080808080808080
	for len(s) >= 8 {
		if h := stLoad64(s, 0) & highs; h != 0 {
			// The ASCII bytes before the first other one, then one rune
			// as a range loop steps over it (an invalid byte is one).
			k := bits.TrailingZeros64(h) / 8
			_, size := utf8.DecodeRuneInString(s[k:])
			n += k + 1
			s = s[k+size:]
			continue
		}
		n += 8
		s = s[8:]
	}
	return n + utf8.RuneCountInString(s)
}

// stMentionGroup is a sentence with mentions: its index, the index of
// its first mention in stScratch.ments (the next group's starts after its
// last), its speaker's mention among them (-1 for none) and whether it
// is ASCII only (byte offsets are character offsets).
type stMentionGroup struct {
	sentence, m0, speaker int32
	ascii                 bool
}

// stListRef is a sentence with two or more actors, or camps without
// [Stance.campSets]: the ranks sc.ranks[a0:a1] and sc.ranks[c0:c1]
// (c0 == c1 with campSets).
type stListRef struct {
	sentence, a0, a1, c0, c1 int32
}

// stCampSetMax is the most camps [Stance.campSets] is built for.
const stCampSetMax = 8

// stCampSets returns the sorted ids of every set of camps, indexed by the
// bit mask of their ranks, given the ids in rank order; nil for more than
// stCampSetMax camps. A set of one is the one-element slice of byRank, as
// [stIDList] gives it; the empty set is nil.
func stCampSets(byRank []string) [][]string {
	if len(byRank) > stCampSetMax {
		return nil
	}
	sets := make([][]string, 1<<len(byRank))
	for m := 1; m < len(sets); m++ {
		var ranks []int32
		for r := range byRank {
			if m&(1<<r) != 0 {
				ranks = append(ranks, int32(r))
			}
		}
		var ids []string
		sets[m] = stIDList(byRank, ranks, &ids)
	}
	return sets
}

// stInsertUnique inserts x into the sorted tail buf[from:] unless present.
func stInsertUnique(buf []int32, from int, x int32) []int32 {
	k := len(buf)
	for k > from && buf[k-1] > x {
		k--
	}
	if k > from && buf[k-1] == x {
		return buf
	}
	buf = append(buf, 0)
	copy(buf[k+1:], buf[k:])
	buf[k] = x
	return buf
}

// aggregate fills a.Stance from the sums ScoreArticle made over the
// sentences: sc holds the mentions per camp (campN) and the sentences with
// a favour per camp (favN); fbuf holds 2*len(s.camps) floats, the
// attributed sentences per speaking camp and the sum of each camp's favour,
// which become the voice shares and mean favour. attributed is the number
// of attributed sentences, sum the sum of all scores, and ctxSum and ctxN
// the sum and number of the scores of sentences with the opposition in
// context.
func (s *Stance) aggregate(a *Article, sc *stScratch, fbuf []float64, attributed int, sum, ctxSum float64, ctxN int) {
	nc := len(s.camps)
	as := &a.Stance
	as.Mentions = stResize(as.Mentions, nc)
	copy(as.Mentions, sc.campN)
	as.VoiceShare = fbuf[:nc:nc]
	as.MeanFavour = fbuf[nc : 2*nc : 2*nc]
	favN := sc.favN
	var vPos, vNeg float64
	for k := range nc {
		if attributed == 0 {
			as.VoiceShare[k] = math.NaN()
		} else {
			as.VoiceShare[k] /= float64(attributed)
			switch s.campSide[k] {
			case 1:
				vPos += as.VoiceShare[k]
			case -1:
				vNeg += as.VoiceShare[k]
			}
		}
		if favN[k] == 0 {
			as.MeanFavour[k] = math.NaN()
		} else {
			as.MeanFavour[k] /= float64(favN[k])
		}
	}
	if len(a.Sentences) == 0 {
		as.MeanStance = math.NaN()
	} else {
		as.MeanStance = sum / float64(len(a.Sentences))
	}
	as.Label = "neutral"
	if ctxN > 0 {
		switch m := ctxSum / float64(ctxN); {
		case m >= s.cfg.Axis.Threshold:
			as.Label = s.labelPos
		case m <= -s.cfg.Axis.Threshold:
			as.Label = s.labelNeg
		}
	}
	if vPos+vNeg == 0 {
		as.Balance = math.NaN()
	} else {
		as.Balance = 1 - math.Abs(vPos-vNeg)/(vPos+vNeg)
	}
}

func stResize[T any](x []T, n int) []T {
	if cap(x) < n {
		return make([]T, n)
	}
	x = x[:n]
	clear(x)
	return x
}
