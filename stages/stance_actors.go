package stages

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// OtherCamp is the camp of actors outside the configured camps, and of
// office holders named outside their terms.
const OtherCamp = "other"

// stActorKinds are the values an actor's `kind` may take.
var stActorKinds = []string{"person", "country", "government", "institution", "forces", "media", "bloc", "group"}

// ActorLexicon is a parsed actor lexicon (the format of configs/actors.yaml):
// the camps, the head nouns that turn a demonym into the state, the title
// words accepted before any surface, and the actors. A lexicon is plain data;
// [ActorLexicon.Validate] checks it and [NewStance] compiles it into a matcher.
type ActorLexicon struct {
	Version    int
	Camps      []Camp
	StateNouns []string
	Titles     []string
	Actors     []Actor
}

// Actor is one entry of an [ActorLexicon].
type Actor struct {
	ID         string
	Name       string
	Camp       string // a camp id or [OtherCamp]
	Code       string // CAMEO-style actor code
	Kind       string // person, country, government, institution, forces, media, bloc, group
	Surfaces   []string
	Adjectives []string // demonyms that count only before a state noun
	Metonym    bool     // a capital or building name: counts only as the government
	Terms      []Term   // office holders: when the actor counts for its camp
	Gender     string   // persons: "female", "male" or "" (unknown), for "she"/"he"

	// Where the entry came from, for error messages.
	Source string // file name given to ParseActors
	Index  int    // position in that file's actors list
}

// Term is a period in office, as written in the YAML (YYYY-MM-DD). From is
// the first day in office; To, the day office passed to the successor
// (exclusive), is empty while the actor is still in office.
type Term struct {
	From string
	To   string
}

type stYamlLexicon struct {
	Version    int           `yaml:"version"`
	Camps      []stYamlCamp  `yaml:"camps"`
	StateNouns []string      `yaml:"state_nouns"`
	Titles     []string      `yaml:"titles"`
	Actors     []stYamlActor `yaml:"actors"`
}

type stYamlCamp struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

type stYamlActor struct {
	ID         string       `yaml:"id"`
	Name       string       `yaml:"name"`
	Camp       string       `yaml:"camp"`
	Code       string       `yaml:"code"`
	Kind       string       `yaml:"kind"`
	Surfaces   []string     `yaml:"surfaces"`
	Adjectives []string     `yaml:"adjectives"`
	Metonym    bool         `yaml:"metonym"`
	Terms      []stYamlTerm `yaml:"terms"`
	Gender     string       `yaml:"gender"`
}

type stYamlTerm struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

// ParseActors decodes an actor lexicon. name (usually the file name) prefixes
// every error message and is recorded in each actor's Source. Decoding is
// strict: unknown keys and wrongly typed values are errors. ParseActors checks
// syntax only; call [ActorLexicon.Validate] for the semantic rules.
func ParseActors(data []byte, name string) (*ActorLexicon, error) {
	var y stYamlLexicon
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&y); err != nil {
		return nil, fmt.Errorf("%s: parse actors: %w", name, err)
	}
	l := &ActorLexicon{
		Version:    y.Version,
		StateNouns: y.StateNouns,
		Titles:     y.Titles,
	}
	for _, c := range y.Camps {
		l.Camps = append(l.Camps, Camp(c))
	}
	for i, a := range y.Actors {
		act := Actor{
			ID: a.ID, Name: a.Name, Camp: a.Camp, Code: a.Code, Kind: a.Kind,
			Surfaces: a.Surfaces, Adjectives: a.Adjectives, Metonym: a.Metonym,
			Gender: a.Gender, Source: name, Index: i,
		}
		for _, t := range a.Terms {
			act.Terms = append(act.Terms, Term(t))
		}
		l.Actors = append(l.Actors, act)
	}
	return l, nil
}

// Extend adds the actors, state nouns and titles of x to l. If x lists camps
// they must be exactly l's camps (same ids, same order): an extension adds
// actors, it cannot redefine the columns. Extend does not validate; call
// [ActorLexicon.Validate] on the result.
func (l *ActorLexicon) Extend(x *ActorLexicon) error {
	if len(x.Camps) > 0 && !slices.Equal(stCampIDs(x.Camps), stCampIDs(l.Camps)) {
		return fmt.Errorf("camps %v differ from the base lexicon's %v", stCampIDs(x.Camps), stCampIDs(l.Camps))
	}
	l.StateNouns = append(l.StateNouns, x.StateNouns...)
	l.Titles = append(l.Titles, x.Titles...)
	l.Actors = append(l.Actors, x.Actors...)
	return nil
}

func stCampIDs(cs []Camp) []string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// stPeriod is a parsed [Term]: in office from `from` (inclusive) to `to`
// (exclusive: the day the successor takes over, so a handover date may end
// one term and start the next); to is the zero time while open.
type stPeriod struct{ from, to time.Time }

func (p stPeriod) overlaps(q stPeriod) bool {
	return (p.to.IsZero() || q.from.Before(p.to)) && (q.to.IsZero() || p.from.Before(q.to))
}

func stParseTerms(ts []Term) ([]stPeriod, error) {
	var ps []stPeriod
	for i, t := range ts {
		var p stPeriod
		var err error
		if p.from, err = time.Parse(time.DateOnly, t.From); err != nil {
			return nil, fmt.Errorf("terms[%d].from: want YYYY-MM-DD (got %q)", i, t.From)
		}
		if t.To != "" {
			if p.to, err = time.Parse(time.DateOnly, t.To); err != nil {
				return nil, fmt.Errorf("terms[%d].to: want YYYY-MM-DD (got %q)", i, t.To)
			}
			if p.to.Before(p.from) {
				return nil, fmt.Errorf("terms[%d]: to %s is before from %s", i, t.To, t.From)
			}
		}
		ps = append(ps, p)
	}
	return ps, nil
}

func stIsSnake(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// stSurfaceKeys returns the spellings a surface matches: itself and, for a
// surface that starts with a lower-case letter, the variant with that
// letter capitalised, as at the start of a sentence ("the aggressor" and
// "The aggressor", "the Russians" and "The Russians").
func stSurfaceKeys(s string) []string {
	keys := []string{s}
	if r, n := utf8.DecodeRuneInString(s); n > 0 && unicode.IsLower(r) {
		keys = append(keys, string(unicode.ToUpper(r))+s[n:])
	}
	return keys
}

// Validate checks the lexicon's rules: version 1; unique snake_case camp and
// actor ids; every actor's camp is a camp or "other"; a known kind; at least
// one surface or adjective, none blank or padded; well-formed terms (`to` not
// before `from`); and no surface (or its capitalised variant) shared by
// actors of two camps, or by two actors of one camp whose terms overlap.
// All problems are reported, joined; each names its entry, e.g.
// `actors.yaml: actors[12] (id "x"): camp "mosow" is not a camp`.
func (l *ActorLexicon) Validate() error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	src := "actors"
	if len(l.Actors) > 0 {
		src = l.Actors[0].Source
	}
	if l.Version != 1 {
		fail("%s: version: want 1 (got %d)", src, l.Version)
	}
	if len(l.Camps) == 0 {
		fail("%s: camps: at least one camp is required", src)
	}
	camps := map[string]bool{}
	for i, c := range l.Camps {
		switch {
		case !stIsSnake(c.ID):
			fail("%s: camps[%d]: id %q is not snake_case", src, i, c.ID)
		case c.ID == OtherCamp:
			fail("%s: camps[%d]: id %q is reserved", src, i, c.ID)
		case camps[c.ID]:
			fail("%s: camps[%d]: duplicate id %q", src, i, c.ID)
		}
		if strings.TrimSpace(c.Name) == "" {
			fail("%s: camps[%d] (id %q): name is empty", src, i, c.ID)
		}
		camps[c.ID] = true
	}
	for i, n := range l.StateNouns {
		if strings.TrimSpace(n) == "" || strings.ContainsAny(n, " \t") {
			fail("%s: state_nouns[%d]: want one word (got %q)", src, i, n)
		}
	}
	for i, t := range l.Titles {
		if strings.TrimSpace(t) != t || t == "" {
			fail("%s: titles[%d]: blank or padded title %q", src, i, t)
		}
	}

	type owner struct {
		actor   int
		periods []stPeriod
	}
	seenID := map[string]string{}
	surfaces := map[string][]owner{}
	periods := make([][]stPeriod, len(l.Actors))
	for i, a := range l.Actors {
		where := fmt.Sprintf("%s: actors[%d] (id %q)", a.Source, a.Index, a.ID)
		if !stIsSnake(a.ID) {
			fail("%s: id is not snake_case", where)
		} else if prev, ok := seenID[a.ID]; ok {
			fail("%s: duplicate id (first at %s)", where, prev)
		} else {
			seenID[a.ID] = fmt.Sprintf("%s: actors[%d]", a.Source, a.Index)
		}
		if strings.TrimSpace(a.Name) == "" {
			fail("%s: name is empty", where)
		}
		if a.Camp != OtherCamp && !camps[a.Camp] {
			fail("%s: camp %q is not a camp (want one of %s, %s)", where, a.Camp, strings.Join(stCampIDs(l.Camps), ", "), OtherCamp)
		}
		if !slices.Contains(stActorKinds, a.Kind) {
			fail("%s: kind %q is not one of %s", where, a.Kind, strings.Join(stActorKinds, ", "))
		}
		if len(a.Surfaces)+len(a.Adjectives) == 0 {
			fail("%s: no surfaces or adjectives", where)
		}
		switch {
		case a.Gender == "":
		case a.Kind != "person":
			fail("%s: gender %q given for kind %q (only persons have one)", where, a.Gender, a.Kind)
		case a.Gender != "female" && a.Gender != "male":
			fail("%s: gender %q is not female or male", where, a.Gender)
		}
		ps, err := stParseTerms(a.Terms)
		if err != nil {
			fail("%s: %w", where, err)
		}
		periods[i] = ps
		check := func(key, field string, j int, s string) {
			if strings.TrimSpace(s) != s || s == "" {
				fail("%s: %s[%d]: blank or padded surface %q", where, field, j, s)
				return
			}
			if len(stTokenize(s, nil)) == 0 {
				fail("%s: %s[%d]: %q has no word", where, field, j, s)
				return
			}
			for _, k := range stSurfaceKeys(s) {
				k = key + k
				for _, o := range surfaces[k] {
					if o.actor == i {
						continue
					}
					b := l.Actors[o.actor]
					if b.Camp != a.Camp {
						fail("%s: %s %q is also a surface of %q (%s: actors[%d]) in camp %q", where, field, s, b.ID, b.Source, b.Index, b.Camp)
						return
					}
					if stOverlapping(ps, o.periods) {
						fail("%s: %s %q is also a surface of %q (%s: actors[%d]) of the same camp with overlapping terms", where, field, s, b.ID, b.Source, b.Index)
						return
					}
				}
				if !slices.ContainsFunc(surfaces[k], func(o owner) bool { return o.actor == i }) {
					surfaces[k] = append(surfaces[k], owner{i, ps})
				}
			}
		}
		for j, s := range a.Surfaces {
			check("", "surfaces", j, s)
		}
		for j, s := range a.Adjectives {
			check("", "adjectives", j, s)
		}
	}
	return errors.Join(errs...)
}

// stOverlapping reports whether two actors' terms overlap; an actor without
// terms holds its surfaces at all times.
func stOverlapping(a, b []stPeriod) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	for _, p := range a {
		for _, q := range b {
			if p.overlaps(q) {
				return true
			}
		}
	}
	return false
}
