package stages

import (
	"bytes"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

func readStanceTestActors(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/stance/actors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// stanceConfigFromYAML decodes a `stance:` section body over the defaults,
// strictly, as users write it.
func stanceConfigFromYAML(t testing.TB, snippet string) (StanceConfig, error) {
	t.Helper()
	cfg := DefaultStanceConfig()
	if strings.TrimSpace(snippet) == "" {
		return cfg, nil
	}
	dec := yaml.NewDecoder(strings.NewReader(snippet))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func newTestStance(t testing.TB, snippet string) *Stance {
	t.Helper()
	cfg, err := stanceConfigFromYAML(t, snippet)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewStance(cfg, readStanceTestActors(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// stanceArticle joins sentences with one space, with exact offsets.
func stanceArticle(date string, sentences ...string) *Article {
	a := &Article{ID: "t"}
	if date != "" {
		a.PublishedAt, _ = time.Parse(time.DateOnly, date)
	}
	var b strings.Builder
	for i, s := range sentences {
		if i > 0 {
			b.WriteByte(' ')
		}
		cs := utf8.RuneCountInString(b.String())
		a.Sentences = append(a.Sentences, Sentence{Index: i, ByteStart: b.Len(), ByteEnd: b.Len() + len(s),
			CharStart: cs, CharEnd: cs + utf8.RuneCountInString(s), Text: s})
		b.WriteString(s)
	}
	a.Text = b.String()
	return a
}

func TestStanceConfigValidate(t *testing.T) {
	cases := []struct {
		name, yaml, err string
	}{
		{"defaults", ``, ""},
		{"threshold zero", "axis: {positive: [moscow], negative: [west], threshold: 0}", "axis.threshold: must be in (0, 1] (got 0)"},
		{"threshold above one", "axis: {positive: [moscow], negative: [west], threshold: 1.5}", "axis.threshold"},
		{"no positive side", "axis: {positive: [], negative: [west], threshold: 0.2}", "axis.positive: at least one camp"},
		{"camp on both sides", "axis: {positive: [moscow], negative: [moscow], threshold: 0.2}", `axis: camp "moscow" is on both sides`},
		{"negative context", "context: -1", "context: must be in [0, 10] (got -1)"},
		{"voice weight", "voice_weight: 2", "voice_weight: must be in [0, 1]"},
		{"solo weight", "solo_weight: -0.1", "solo_weight: must be in [0, 1]"},
		{"publisher without match", "publishers: [{camp: moscow}]", "publishers[0]: source or host is required"},
		{"publisher without camp", "publishers: [{host: tass.com}]", "publishers[0].camp: is required"},
		{"publisher url as host", "publishers: [{host: 'https://tass.com/x', camp: moscow}]", "publishers[0].host: want a host name"},
		{"country aliases without country", "publishers: [{host: tass.com, camp: moscow, country_aliases: [our country]}]", "publishers[0].country: is required with country_aliases"},
		{"empty extra file", "extra_actors: ['']", "extra_actors[0]: empty file name"},
		{"unknown key", "treshold: 0.3", "field treshold not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := stanceConfigFromYAML(t, c.yaml)
			if err == nil {
				err = cfg.Validate()
			}
			if c.err == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("error %v, want it to contain %q", err, c.err)
			}
		})
	}
}

func TestNewStanceErrors(t *testing.T) {
	dir := t.TempDir()
	extraBad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(extraBad, []byte("version: 1\ncamps: [{id: east, name: East}]\nactors: []\n"), 0o644)
	extraDup := filepath.Join(dir, "dup.yaml")
	os.WriteFile(extraDup, []byte("version: 1\nactors:\n  - {id: putin2, name: P, camp: west, code: X, kind: person, surfaces: [Putin]}\n"), 0o644)
	cases := []struct {
		name, yaml, err string
	}{
		{"axis camp missing", "axis: {positive: [beijing], negative: [west], threshold: 0.2}", `axis.positive: "beijing" is not a camp of the lexicon`},
		{"publisher camp missing", "publishers: [{host: x.org, camp: east}]", `publishers[0].camp: "east" is not a camp`},
		{"publisher country missing", "publishers: [{host: x.org, camp: west}, {host: y.org, camp: west, country: atlantis, country_aliases: [our country]}]", `publishers[1].country: "atlantis" is not an actor of the lexicon`},
		{"missing actors file", "actors_file: /nonexistent/actors.yaml", "read actors_file"},
		{"extra with other camps", "extra_actors: [" + extraBad + "]", "differ from the base lexicon"},
		{"extra surface clash", "extra_actors: [" + extraDup + "]", `surfaces "Putin" is also a surface of "vladimir_putin"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := stanceConfigFromYAML(t, c.yaml)
			if err != nil {
				t.Fatal(err)
			}
			_, err = NewStance(cfg, readStanceTestActors(t))
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("error %v, want it to contain %q", err, c.err)
			}
		})
	}
	if _, err := NewStance(DefaultStanceConfig(), nil); err == nil {
		t.Fatal("no lexicon: want an error")
	}
}

func TestActorLexiconValidate(t *testing.T) {
	const head = "version: 1\ncamps: [{id: moscow, name: Moscow}, {id: west, name: the West}]\nactors:\n"
	cases := []struct {
		name, actors, err string
	}{
		{"valid", `
  - {id: russia, name: Russia, camp: moscow, code: RUS, kind: country, surfaces: [Russia], adjectives: [Russian]}
  - {id: biden, name: Joe Biden, camp: west, code: USAGOV, kind: person, surfaces: [President of the United States], terms: [{from: 2021-01-20, to: 2025-01-20}]}
  - {id: trump, name: Donald Trump, camp: west, code: USAGOV, kind: person, surfaces: [President of the United States], terms: [{from: 2025-01-20}, {from: 2017-01-20, to: 2021-01-20}]}`, ""},
		{"unknown camp", `
  - {id: x, name: X, camp: mosow, code: RUS, kind: country, surfaces: [X]}`, `test.yaml: actors[0] (id "x"): camp "mosow" is not a camp`},
		{"bad date", `
  - {id: a, name: A, camp: west, code: USA, kind: country, surfaces: [A]}
  - {id: p, name: P, camp: west, code: USAGOV, kind: person, surfaces: [P], terms: [{from: 2021-13-01}]}`, `test.yaml: actors[1] (id "p"): terms[0].from: want YYYY-MM-DD (got "2021-13-01")`},
		{"to before from", `
  - {id: p, name: P, camp: west, code: USAGOV, kind: person, surfaces: [P], terms: [{from: 2021-01-01, to: 2020-01-01}]}`, `actors[0] (id "p"): terms[0]: to 2020-01-01 is before from 2021-01-01`},
		{"surface in two camps", `
  - {id: a, name: A, camp: west, code: USA, kind: country, surfaces: [Georgia]}
  - {id: b, name: B, camp: moscow, code: RUS, kind: country, surfaces: [Georgia]}`, `actors[1] (id "b"): surfaces "Georgia" is also a surface of "a" (test.yaml: actors[0]) in camp "west"`},
		{"capitalised variant clash", `
  - {id: a, name: A, camp: west, code: NATO, kind: bloc, surfaces: [the alliance]}
  - {id: b, name: B, camp: moscow, code: CSTO, kind: bloc, surfaces: [The alliance]}`, `actors[1] (id "b"): surfaces "The alliance" is also a surface of "a"`},
		{"overlapping terms in one camp", `
  - {id: a, name: A, camp: west, code: USAGOV, kind: person, surfaces: [the President], terms: [{from: 2020-01-01}]}
  - {id: b, name: B, camp: west, code: USAGOV, kind: person, surfaces: [the President], terms: [{from: 2022-01-01, to: 2023-01-01}]}`, `actors[1] (id "b"): surfaces "the President" is also a surface of "a" (test.yaml: actors[0]) of the same camp with overlapping terms`},
		{"duplicate id", `
  - {id: a, name: A, camp: west, code: USA, kind: country, surfaces: [A]}
  - {id: a, name: B, camp: west, code: USA, kind: country, surfaces: [B]}`, `actors[1] (id "a"): duplicate id (first at test.yaml: actors[0])`},
		{"bad kind", `
  - {id: a, name: A, camp: west, code: USA, kind: nation, surfaces: [A]}`, `actors[0] (id "a"): kind "nation" is not one of`},
		{"no surfaces", `
  - {id: a, name: A, camp: west, code: USA, kind: country}`, `actors[0] (id "a"): no surfaces or adjectives`},
		{"padded surface", `
  - {id: a, name: A, camp: west, code: USA, kind: country, surfaces: [" A"]}`, `actors[0] (id "a"): surfaces[0]: blank or padded surface`},
		{"gender of a country", `
  - {id: a, name: A, camp: west, code: USA, kind: country, surfaces: [A], gender: female}`, `actors[0] (id "a"): gender "female" given for kind "country"`},
		{"unknown gender", `
  - {id: p, name: P, camp: west, code: USAGOV, kind: person, surfaces: [P], gender: f}`, `actors[0] (id "p"): gender "f" is not female or male`},
		{"id not snake case", `
  - {id: A-1, name: A, camp: west, code: USA, kind: country, surfaces: [A]}`, `actors[0] (id "A-1"): id is not snake_case`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := ParseActors([]byte(head+c.actors), "test.yaml")
			if err != nil {
				t.Fatal(err)
			}
			err = l.Validate()
			if c.err == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("error %v\nwant it to contain %q", err, c.err)
			}
		})
	}
	t.Run("unknown key", func(t *testing.T) {
		_, err := ParseActors([]byte(head+"  - {id: a, surface: [A]}\n"), "test.yaml")
		if err == nil || !strings.Contains(err.Error(), "test.yaml: parse actors") || !strings.Contains(err.Error(), "surface") {
			t.Fatalf("error %v, want a strict-decoding error naming the file and key", err)
		}
	})
	t.Run("test lexicon", func(t *testing.T) {
		l, err := ParseActors(readStanceTestActors(t), "actors.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Validate(); err != nil {
			t.Fatal(err)
		}
	})
}

// TestBuiltinActors validates the production lexicon when it exists.
func TestBuiltinActors(t *testing.T) {
	b, err := os.ReadFile("../configs/actors.yaml")
	if err != nil {
		t.Skipf("configs/actors.yaml: %v", err)
	}
	s, err := NewStance(DefaultStanceConfig(), b)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.Info()["actors"].(int); n < 200 {
		t.Errorf("built-in lexicon has %d actors, want >= 200", n)
	}
}

// TestStanceDefaultYAML checks that the `stance:` section of
// configs/default.yaml states exactly DefaultStanceConfig.
func TestStanceDefaultYAML(t *testing.T) {
	b, err := os.ReadFile("../configs/default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Stance yaml.Node `yaml:"stance"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var got struct {
		StanceConfig `yaml:",inline"`
		Workers      int `yaml:"workers"`
	}
	var buf bytes.Buffer
	if err := yaml.NewEncoder(&buf).Encode(&doc.Stance); err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(&buf)
	dec.KnownFields(true)
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("stance section: %v", err)
	}
	want := DefaultStanceConfig()
	for _, c := range []*StanceConfig{&got.StanceConfig, &want} {
		if len(c.ExtraActors) == 0 {
			c.ExtraActors = nil
		}
		if len(c.Axis.NegativeActors) == 0 {
			c.Axis.NegativeActors = nil
		}
	}
	if !reflect.DeepEqual(got.StanceConfig, want) {
		t.Errorf("configs/default.yaml stance section\n got %+v\nwant %+v", got.StanceConfig, want)
	}
}

type wantMention struct {
	surface, actor, camp string
}

func TestStanceMatch(t *testing.T) {
	s := newTestStance(t, "")
	cases := []struct {
		name, date, text string
		want             []wantMention
	}{
		{"country and US", "2022-03-01", "The US and Russia spoke, but none of us knew.",
			[]wantMention{{"US", "united_states", "west"}, {"Russia", "russia", "moscow"}}},
		{"adjective before state noun", "", "Russian troops crossed the border.",
			[]wantMention{{"Russian troops", "russia", "moscow"}}},
		{"a plural state noun", "", "The Russian militaries fired at the town.",
			[]wantMention{{"Russian militaries", "russia", "moscow"}}},
		{"adjective with modifiers", "", "The Russian armed forces and the Russian language.",
			[]wantMention{{"Russian armed forces", "russia", "moscow"}}},
		{"coordinated adjectives share the noun", "", "Fighting between Russian and Ukrainian forces went on; Russian and other forces held.",
			[]wantMention{{"Russian", "russia", "moscow"}, {"Ukrainian forces", "ukraine", "ukraine"}, {"Russian and other forces", "russia", "moscow"}}},
		{"the rulers in a capital are its government", "", "The authorities in Kyiv refused, and protesters in Moscow marched.",
			[]wantMention{{"Kyiv", "kyiv", "ukraine"}}},
		{"so is a ministry in it", "", "The defence ministry in Moscow said the airfield was taken.",
			[]wantMention{{"Moscow", "kremlin", "moscow"}}},
		{"hyphenated adjective", "", "Pro-Russian separatists and Russian-backed forces.", nil},
		{"a hyphenated state noun of the lexicon, not another hyphenated word", "",
			"A Russian cyber-attack and the Russian build-up worried Russian pro-government bloggers.",
			[]wantMention{{"Russian cyber-attack", "russia", "moscow"}, {"Russian build-up", "russia", "moscow"}}},
		{"a currency is no country", "", "Trade reached US$5 billion.", nil},
		{"a capital before a place noun is a place", "", "A Kyiv apartment block burned, and Kyiv residents fled.", nil},
		{"two demonyms joined by a hyphen before a relation noun", "", "Russian-Turkish contacts grew, but Russian-speaking families left.",
			[]wantMention{{"Russian", "russia", "moscow"}, {"Turkish contacts", "turkey", "west"}}},
		{"or before a modifier and a relation noun", "", "The Russian-Turkish strategic partnership grew.",
			[]wantMention{{"Russian", "russia", "moscow"}, {"Turkish strategic partnership", "turkey", "west"}}},
		{"or before a crisis or conflict between them", "", "We are not dealing with a Russian-Ukrainian crisis.",
			[]wantMention{{"Russian", "russia", "moscow"}, {"Ukrainian crisis", "ukraine", "ukraine"}}},
		{"a capital's state noun before a place noun", "", "A spokesman for Kyiv's army command south visited Kyiv's city centre.",
			[]wantMention{{"Kyiv", "kyiv", "ukraine"}}},
		{"possessive", "", "Putin's spokesman and NATO’s summit.",
			[]wantMention{{"Putin", "vladimir_putin", "moscow"}, {"NATO", "nato", "west"}}},
		{"title and term", "2022-03-01", "Prime Minister Boris Johnson met President Joe Biden.",
			[]wantMention{{"Prime Minister Boris Johnson", "boris_johnson", "west"}, {"President Joe Biden", "joe_biden", "west"}}},
		{"former official", "2023-06-01", "Boris Johnson said Kyiv must win.",
			[]wantMention{{"Boris Johnson", "boris_johnson", "other"}, {"Kyiv", "kyiv", "ukraine"}}},
		{"unknown date uses the camp", "", "Boris Johnson spoke.",
			[]wantMention{{"Boris Johnson", "boris_johnson", "west"}}},
		{"metonym as government", "", "Moscow warned Washington.",
			[]wantMention{{"Moscow", "kremlin", "moscow"}, {"Washington", "washington", "west"}}},
		{"metonym as place", "", "Protesters in Moscow filled Moscow's biggest park and read the Kyiv Post on a trip to Washington, with access to Kyiv.", nil},
		{"capital as the object of a military action", "", "The assault on Kyiv stalled, tanks kept heading towards Kyiv and the battle for Kyiv went on.", nil},
		{"a capital named as a capital, in a list of regions, or a place left", "",
			"Protests in the capital Kyiv, the embassy in the Ukrainian capital of Kyiv, the Sumy, Kyiv and Luhansk regions, the Kyiv direction, traffic fleeing Kyiv, the highway to Kyiv and the invasion of Kyiv.", nil},
		{"but not a capital before a list of governments", "", "Kyiv and Washington agreed.",
			[]wantMention{{"Kyiv", "kyiv", "ukraine"}, {"Washington", "washington", "west"}}},
		{"a capital that forces advance on or aim for is a place", "", "Russian troops advancing on Kyiv were aiming for Kyiv.",
			[]wantMention{{"Russian troops", "russia", "moscow"}}},
		{"the west of a place is a direction", "",
			"Troops landed to the west of Mariupol, in the west of the country; the west of late has been accused of meddling, and critics accused the west of interfering.",
			[]wantMention{{"the west", "the_west", "west"}, {"the west", "the_west", "west"}}},
		{"the Europeans are their governments, Europeans people", "", "The Europeans kept their sanctions; millions of Europeans travel.",
			[]wantMention{{"The Europeans", "european_states", "west"}}},
		{"capital's possessive after a military action", "", "Moscow threatened strikes against Kyiv's command centres.",
			[]wantMention{{"Moscow", "kremlin", "moscow"}, {"Kyiv", "kyiv", "ukraine"}}},
		{"lower-case surface capitalised", "", "The alliance met; the alliance agreed.",
			[]wantMention{{"The alliance", "nato", "west"}, {"the alliance", "nato", "west"}}},
		{"so is one with a capital after its first word", "", "The West agreed; the West waited.",
			[]wantMention{{"The West", "the_west", "west"}, {"the West", "the_west", "west"}}},
		{"longest match", "", "Vladimir Putin and the Russian Federation.",
			[]wantMention{{"Vladimir Putin", "vladimir_putin", "moscow"}, {"the Russian Federation", "russia", "moscow"}}},
		{"country in a name", "", "The University of Ukraine and the Hero of Russia medal.", nil},
		{"other camp", "", "China and Belarus abstained.",
			[]wantMention{{"China", "china", "other"}, {"Belarus", "belarus", "other"}}},
		{"word boundaries", "", "Russians, Ukrainian-born USAID staff and NATOs.", nil},
		{"dotted abbreviation", "", "The U.S. said.",
			[]wantMention{{"U.S.", "united_states", "west"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := scoredMentions(t, s, c.date, []string{c.text}); !reflect.DeepEqual(got, c.want) {
				t.Errorf("mentions\n got %v\nwant %v", got, c.want)
			}
		})
	}
}

// TestStanceOtherPersonOfASurname checks that a listed person's bare
// surname after another given name is someone else, in that sentence and in
// the article's later bare uses of the surname.
func TestStanceOtherPersonOfASurname(t *testing.T) {
	s := newTestStance(t, "")
	boris := func(surface string) wantMention { return wantMention{surface, "boris_johnson", "west"} }
	zelenskyy := func(surface string) wantMention { return wantMention{surface, "volodymyr_zelenskyy", "ukraine"} }
	cases := []struct {
		name      string
		sentences []string
		want      []wantMention
	}{
		{"another given name, then the bare surname", []string{
			"The economist Simon Johnson disagreed.", "Johnson said the plan would fail.", "Mr Johnson added more.",
			"Prime Minister Johnson replied."}, []wantMention{boris("Prime Minister Johnson")}},
		{"the full name lifts it", []string{"Then Alan Johnson spoke.", "Boris Johnson replied.", "Johnson said no."},
			[]wantMention{boris("Boris Johnson"), boris("Johnson")}},
		{"another spelling of the actor's given name", []string{"We met Volodimir Zelenskyy."},
			[]wantMention{zelenskyy("Zelenskyy")}},
		{"a patronymic is passed over", []string{"We met Volodymyr Oleksandrovych Zelenskyy and Ivan Petrovych Zelensky."},
			[]wantMention{zelenskyy("Zelenskyy")}},
		{"a couple", []string{"Then Volodymyr and Olena Zelenskyy laid flowers."}, []wantMention{zelenskyy("Zelenskyy")}},
		{"a surface of its own is no given name", []string{"We met the Ukrainian Zelenskyy."}, []wantMention{zelenskyy("Zelenskyy")}},
		{"words run together are no given name", []string{"A live blog read: before MacronBoris Johnson spoke."}, []wantMention{boris("Johnson")}},
		{"openers, known words and headlines are no given names", []string{
			"Punish Johnson now, the paper said.", "But Johnson said: “Ask Johnson.”", "News and Topics of Interest Johnson Urges Calm",
			"Ending Johnson's plan was hard.", "In March Johnson left.", "Photograph: Pool Images Could Johnson stay?"},
			[]wantMention{boris("Johnson"), boris("Johnson"), boris("Johnson"), boris("Johnson"), boris("Johnson"), boris("Johnson"), boris("Johnson")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := scoredMentions(t, s, "", c.sentences); !reflect.DeepEqual(got, c.want) {
				t.Errorf("mentions\n got %v\nwant %v", got, c.want)
			}
		})
	}
}

// scoredMentions scores an article of sentences dated date and returns its
// mentions, checking that each one's byte and character offsets give its
// surface.
func scoredMentions(t *testing.T, s *Stance, date string, sentences []string) []wantMention {
	t.Helper()
	a := stanceArticle(date, sentences...)
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	var got []wantMention
	r := []rune(a.Text)
	for _, m := range a.Mentions {
		got = append(got, wantMention{m.Surface, m.Actor, m.Camp})
		if a.Text[m.ByteStart:m.ByteEnd] != m.Surface {
			t.Errorf("byte offsets of %q give %q", m.Surface, a.Text[m.ByteStart:m.ByteEnd])
		}
		if string(r[m.CharStart:m.CharEnd]) != m.Surface {
			t.Errorf("char offsets of %q give %q", m.Surface, string(r[m.CharStart:m.CharEnd]))
		}
	}
	return got
}

// TestStanceSurnameAfterFullName checks that a person the lexicon names
// only in full is its bare surname after the article has named it in
// full, and only then.
func TestStanceSurnameAfterFullName(t *testing.T) {
	s := newTestStance(t, "")
	graham := func(surface string) wantMention { return wantMention{surface, "lindsey_graham", "west"} }
	cases := []struct {
		name      string
		sentences []string
		want      []wantMention
	}{
		{"after the full name, with a title", []string{"Sen. Lindsey Graham spoke.", "Graham said the war must end.", "Mr Graham's bill passed."},
			[]wantMention{graham("Lindsey Graham"), graham("Graham"), graham("Mr Graham")}},
		{"not before it", []string{"Graham said so.", "Lindsey Graham left."}, []wantMention{graham("Lindsey Graham")}},
		{"not after another given name or before a capitalised word", []string{"Lindsey Graham spoke.", "Billy Graham preached.", "Graham Greene wrote."},
			[]wantMention{graham("Lindsey Graham")}},
		{"not when two people named in full share it", []string{"Nikolai Patrushev met Dmitry Patrushev.", "Patrushev said no."},
			[]wantMention{{"Nikolai Patrushev", "nikolai_patrushev", "moscow"}, {"Dmitry Patrushev", "dmitry_patrushev", "moscow"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := scoredMentions(t, s, "2022-03-10", c.sentences); !reflect.DeepEqual(got, c.want) {
				t.Errorf("mentions\n got %v\nwant %v", got, c.want)
			}
		})
	}
}

func TestStanceMatchOffsetsNonASCII(t *testing.T) {
	s := newTestStance(t, "")
	a := stanceArticle("", "«Привіт» — said Zelenskyy’s aide.", "Über alles, Türkiye and Kyiv’s forces.")
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	runes := []rune(a.Text)
	if len(a.Mentions) != 3 {
		t.Fatalf("mentions %+v, want Zelenskyy, Türkiye, Kyiv", a.Mentions)
	}
	for _, m := range a.Mentions {
		if got := string(runes[m.CharStart:m.CharEnd]); got != m.Surface || a.Text[m.ByteStart:m.ByteEnd] != m.Surface {
			t.Errorf("%q: chars give %q, bytes give %q", m.Surface, got, a.Text[m.ByteStart:m.ByteEnd])
		}
	}
}

func TestStanceSpeakers(t *testing.T) {
	s := newTestStance(t, "")
	cases := []struct {
		name, source, url string
		sentences         []string
		want              []string // speaker camp per sentence
	}{
		{"subject before verb", "", "", []string{"Russian Foreign Minister Sergei Lavrov said on Tuesday that NATO had ignored Moscow."}, []string{"moscow"}},
		{"verb before subject", "", "", []string{"“We will not wait,” said Peskov."}, []string{"moscow"}},
		{"unnamed private sources", "", "", []string{"Reporters and independent monitors said the shelling went on.", "Observers said Russia would attack."}, []string{"other", "other"}},
		{"according to", "", "", []string{"According to the Kremlin, the talks failed."}, []string{"moscow"}},
		{"statement read", "", "", []string{"“Security matters,” a Kremlin statement read."}, []string{"moscow"}},
		{"multi-sentence quote", "", "", []string{"Blinken said: “We stand with Kyiv.", "We will not stop.”", "The talks ended."}, []string{"west", "west", ""}},
		{"he said", "", "", []string{"Stoltenberg met Kuleba in Brussels.", "Stoltenberg warned that Russia was massing troops.", "“This is serious,” he said."}, []string{"", "west", "west"}},
		{"unnamed source", "", "", []string{"Officials said the border was quiet.", "Reports said otherwise."}, []string{"other", "other"}},
		{"a pronoun opening a sentence continues the subject before", "", "", []string{
			"Britain’s prime minister, Boris Johnson, who had met Putin twice, spoke with Zelenskyy on Thursday.",
			"He said: “Russia must stop this war.”",
			"Responding to Lukashenko’s offer of talks, Putin met the Kremlin’s envoys.",
			"He added that nothing would change."}, []string{"", "west", "", "moscow"}},
		{"adds, and singular unnamed sources", "", "", []string{
			"Russia’s war is also a war of information, the journalist said.",
			"She adds that Moscow has lost the argument abroad.",
			"The arrest adds to the number of Americans held in Russia."}, []string{"other", "other", ""}},
		{"the office is the body last named with that noun", "", "", []string{
			"Ukraine's prosecutor general's office counted the dead.",
			"The Kremlin denied the count.",
			"More have died since, the office added."}, []string{"", "moscow", "ukraine"}},
		{"the ministry is an institution named, not a country in passing", "", "", []string{
			"The Kremlin said the talks had failed.",
			"A drone maker said it was pulling out of Russia and Ukraine.",
			"Exports will be restricted, the ministry said."}, []string{"moscow", "", "moscow"}},
		{"a description after the verb", "", "", []string{
			"Kuleba met his Polish counterpart in Warsaw.",
			"Russia must pay for what it has done, said the minister.",
			"The Kremlin denied the report.",
			"“No talks are planned,” said the statement, adding that none had been asked for.",
			"“The talks were useful,” said the foreign minister, Dmytro Kuleba.",
			"“The talks were useful,” said the country’s foreign minister, Jan Novak."}, []string{"", "ukraine", "moscow", "moscow", "ukraine", "other"}},
		{"named outside the camps", "", "", []string{"Lukashenko said Minsk would stay out."}, []string{"other"}},
		{"a progressive reports, a reply by saying too", "", "", []string{
			"The talks in Geneva ended without a date for the next round, Reuters is reporting.",
			"Ukraine's military is warning that Russia is moving troops north.",
			"Lavrov responded by saying that NATO had ignored every proposal.",
			"Russia responded by shelling Kharkiv.",
			"Listen to what Mr. Putin is saying.",
			"The Associated Press is reporting that Peskov said the talks would go on.",
			"In Russia, reporting of the war by independent media was banned."}, []string{"other", "ukraine", "moscow", "", "", "moscow", ""}},
		{"a plural source's present tense reports", "", "", []string{
			"Experts note that Ukraine could slow the advance.",
			"Others contend that caution hands Putin an advantage.",
			"Western officials warn that Russia is massing troops.",
			"Russia sent a note to the US."}, []string{"other", "other", "west", ""}},
		{"pushing back against a claim reports, against a force does not", "", "", []string{
			"Lavrov pushed back against allegations that Russia had shelled the port.",
			"Ukrainian forces pushed back against the Russian advance.",
			"Russian troops pushed into the town."}, []string{"moscow", "", ""}},
		{"downplayed, lamented and reminded report", "", "", []string{
			"The Kremlin downplayed the boycott of the event by western diplomats.",
			"Zelenskiy lamented the provision only of economic and limited military support.",
			"Biden reminded that the US had sent weapons to Ukraine."}, []string{"moscow", "ukraine", "west"}},
		{"an acronym in parentheses after the subject", "", "", []string{
			"The International Atomic Energy Agency (IAEA) said the readings remained low.",
			"The US Defense Intelligence Agency (DIA) said it had no reason to doubt the claim."}, []string{"other", "west"}},
		{"a long appositive after an unlisted name", "", "", []string{"Jan Novak, an emeritus professor at the University of Leeds and a former director of the Defence Intelligence Staff of the UK, said the Russian invasion of Ukraine had failed."}, []string{"other"}},
		{"a long clause after a place is no appositive", "", "", []string{"Ukraine will not give up land to the Russian Federation, whatever pressure comes and however long the war goes on in the east of the country, said Kuleba."}, []string{"ukraine"}},
		{"a relative clause's verb yields to a later according to", "", "", []string{
			"As for the demands, which Russia points out, according to Zelenskyy, they are absurd.",
			"The weapons, which the US says Russia has used, are banned.",
			"The guarantees, which the Kremlin demands from NATO, were discussed, Kuleba said."}, []string{"ukraine", "west", "ukraine"}},
		{"branding and deeming report", "", "", []string{"Russia branded the move a mistake.", "Biden deems him a war criminal."}, []string{"moscow", "west"}},
		{"repeating reports", "", "", []string{"Biden repeated his warning that Russia would pay a price."}, []string{"west"}},
		{"a name alone ending the sentence after said is its subject", "", "", []string{
			"With each new crime of Russian soldiers, the will to negotiate will decrease, said Kuleba.",
			"Jen Doe, an envoy, said Sergei Lavrov, the minister, had lied."}, []string{"ukraine", "other"}},
		{"pointing out and contending do, points do not", "", "", []string{
			"Kuleba points out that Russia lies.",
			"That move, Kuleba contended, was reckless.",
			"Russia points to the map."}, []string{"ukraine", "ukraine", ""}},
		{"an appeal reports, a plea in court does not", "", "", []string{
			"Kuleba appealed to NATO for more military aid.",
			"Two Russian soldiers pleaded guilty to shelling a town.",
			"Lavrov appealed against the ruling."}, []string{"ukraine", "", ""}},
		{"quoted as saying", "", "", []string{"Putin was quoted by news agencies as saying the talks were over.", "Lavrov has been quoted as saying so."}, []string{"moscow", "moscow"}},
		{"an embedded tweet's signature", "", "", []string{"Sanctions must follow.— Dmytro Kuleba (@DmytroKuleba) May 26, 2022"}, []string{"ukraine"}},
		{"a side and its allies", "", "", []string{"The US and its allies accuse Russia of lying, something Russia denied."}, []string{"west"}},
		{"a list before an inverted verb", "", "", []string{
			"There were strikes on hospitals, schools and bridges since the war began, said Kuleba.",
			"Other governments in the region, however, welcomed Helsinki's statement."}, []string{"ukraine", ""}},
		{"an office held before is a former one", "", "", []string{"Jan Novak, who was the US ambassador to NATO, said the alliance would hold."}, []string{"other"}},
		{"so is a former one's role", "", "", []string{
			"The former US ambassador said the talks failed.",
			"A former Russian diplomat said the war would end.",
			"The Russian diplomat said the war would end."}, []string{"other", "other", "moscow"}},
		{"nor is one with a name in it", "President of Russia", "http://en.kremlin.ru/events/president/news/1", []string{"At the request of Olaf Scholz, Vladimir Putin updated him on the situation in Donbass, explained the goals and tasks of the operation, and told his counterpart about the talks."}, []string{"moscow"}},
		{"unlisted name", "", "", []string{"Analyst John Smith said sanctions would bite."}, []string{"other"}},
		{"an unlisted name with a camp's role", "", "", []string{
			"Olena Petrenko, a spokeswoman for the Ukrainian army, said the line held.",
			"John Smith, a former official of the Ukrainian army, said it would not."}, []string{"ukraine", "other"}},
		{"an unlisted name's surname opening a sentence", "", "", []string{
			"Koffler said the front was quiet.",
			"Analyst Jane Koffler spoke on Monday.",
			"Koffler said sanctions would bite.",
			"Thank You, Mr Smith.",
			"You said the talks failed."}, []string{"", "", "other", "", ""}},
		{"declined to say", "", "", []string{"Peskov declined to say whether Putin would attend.", "Lavrov told reporters about the consultations."}, []string{"", ""}},
		{"narration", "", "", []string{"Russia and Ukraine exchanged prisoners on Friday."}, []string{""}},
		{"a coordinated verb takes its clause's subject", "", "", []string{"Truss avoided the question and said the talks failed.",
			"Serbia condemned Russian aggression and demanded a withdrawal."}, []string{"west", ""}},
		{"the verb's object is not its speaker", "", "", []string{"Some leaders – at the summit – expressed concerns about Russia's war.",
			"“NATO is preparing for a conflict,” said the spokeswoman for the Kremlin."}, []string{"", "moscow"}},
		{"the subject of a condition reports nothing", "", "", []string{"NATO will respond if Russia threatens an attack.",
			"NATO stays ready in case Moscow warns of strikes.", "NATO should respond as Stoltenberg says."}, []string{"", "", "west"}},
		{"a country's sources after an abbreviation's stop", "", "", []string{"Senior U.S. sources said the talks failed."}, []string{"west"}},
		{"voiced", "", "", []string{"Kuleba voiced his anger at the delay."}, []string{"ukraine"}},
		{"another person of a listed surname", "", "", []string{"The economist Simon Johnson said Moscow was right."}, []string{"other"}},
		{"private sources take no camp from a country before them", "", "", []string{"Yukos' US lawyers claim the auction was illegal.",
			"US economists warned that Russia would retaliate.", "The Kremlin's critics say Putin is weak.",
			"Ukraine's lawyers argued that Russia broke the treaty.", "Russian officials said the talks failed."},
			[]string{"other", "other", "other", "ukraine", "moscow"}},
		{"thanks to is no statement", "", "", []string{"Ukraine held the line thanks to the weapons from the United States.",
			"Thanks in part to Britain, the front held.", "Kyiv held, thanks largely to Britain.", "Zelensky thanks Biden for the aid."},
			[]string{"", "", "", "ukraine"}},
		{"a person named in a quotation is no antecedent", "", "", []string{
			"Kuleba met the press.", "The Ukrainian ministry said: “Putin's plans are clear.”", "He added that the talks were over."}, []string{"", "ukraine", "ukraine"}},
		{"a dash opens a quotation of the last speaker", "", "", []string{
			"Kuleba said the talks were over.", "- We will not give up our land.", "– Talks resume –"}, []string{"ukraine", "ukraine", ""}},
		{"a colon inside a running quotation is no turn", "", "", []string{
			"“We addressed the parliaments.", "But understand: we cannot wait,” Kuleba said."}, []string{"", "ukraine"}},
		{"fronted clause is background", "", "", []string{
			"After Moscow announced new drills, NATO said it was watching closely.",
			"When Lavrov claimed the talks had failed, prices fell.",
			"While Stoltenberg condemned the drills, he also seemed to hint at talks.",
			"Asked about Lavrov's remarks on the drills, Stoltenberg said the door stayed open."}, []string{"west", "", "west", "west"}},
		{"convinced that is a belief, spoke for or against a position", "", "", []string{
			"Stoltenberg is convinced that Russia must withdraw.",
			"Convinced that NATO will never close its door, Putin took his own steps.",
			"Russia is convinced of its impunity.",
			"Putin is still convinced that Russia can win, Stoltenberg added.",
			"Kuleba spoke in favour of new sanctions.",
			"Stoltenberg spoke to reporters in Brussels."}, []string{"west", "", "", "west", "ukraine", ""}},
		{"a second participle after and, and decried", "", "", []string{
			"Stoltenberg visited Kyiv, backing Ukraine's stance and warning that Russia would attack again.",
			"Kuleba decried the attacks."}, []string{"west", "ukraine"}},
		{"a bare present reports as its subject's verb only", "", "", []string{
			"Western officials believe Putin wants war.",
			"Experts warn the talks may fail.",
			"Putin could insist on new terms, Stoltenberg said.",
			"The Kremlin watches the West argue.",
			"Will Russia and NATO truly believe it?",
			"Western officials believe Russia will attack, Kuleba said."}, []string{"west", "other", "west", "", "", "ukraine"}},
		{"passive and nouns are no attribution", "", "", []string{"The reports could not be independently confirmed.", "Ukrainian officials declined to comment on the remarks."}, []string{"", ""}},
		{"a passive's agent speaks, not its subject", "", "", []string{
			"Kyiv was warned by Washington that an attack was imminent.",
			"The plan was rejected by the Chancellor of Germany.",
			"Germany was accused by Kyiv of stalling.",
			"Ukraine is threatened by a Russian attack.",
			"Their ties with Russia were ended by the war in Ukraine."}, []string{"west", "west", "ukraine", "", ""}},
		{"a participle with its agent qualifies a noun and reports nothing", "", "", []string{
			"The rumours, denied by Moscow, that Putin might visit Ankara were a signal.",
			"Biden was then asked by a reporter whether Russia would attack.",
			"The sanctions announced by London are a business attack, Peskov said."}, []string{"", "", "moscow"}},
		{"subject phrase", "", "", []string{"NATO leaders meeting in Brussels on Tuesday said the door stayed open.", "Russia's acting governor of the region said residents had left."}, []string{"west", "moscow"}},
		{"an unlisted name after a body's role holds its office", "", "", []string{
			"Britain's interior minister Jane Doe said Russia had attacked Ukraine.", "The talks ended.", "She said the attack was barbaric.",
			"Britain's former interior minister Jane Roe said Russia had attacked Ukraine.",
			"Former UK interior minister Jane Roe said Russia had attacked Ukraine."}, []string{"west", "", "west", "other", "other"}},
		{"she is not a man the lexicon knows as one", "", "", []string{
			"Liz Truss met Putin in Moscow.", "“The talks were hard,” she said.",
			"Lavrov and Truss spoke.", "“We will see,” he said."}, []string{"", "west", "", "moscow"}},
		{"a she after a man alone is an unnamed woman; a person of no known gender agrees with both", "", "", []string{
			"Putin spoke to reporters.", "“We will see,” she said.",
			"Lavrov spoke to reporters.", "“We will see,” she said."}, []string{"", "other", "", "moscow"}},
		{"a person the quotation names does not speak it", "", "", []string{
			"Stoltenberg met reporters in Brussels.", "“Putin started this war,” he said.",
			"“President Putin chose this war,” the secretary general said."}, []string{"", "west", "west"}},
		{"nor one a dash-quoted sentence names", "", "", []string{
			"Lavrov spoke in Jakarta.", "- America pushes Zelenskyy to continue the fighting - he added."}, []string{"", "moscow"}},
		{"a statement foreseen after a modal is none made", "President of Ukraine (president.gov.ua/en)", "https://www.president.gov.ua/en/news/x", []string{
			"We know what the representatives of Russia will say in response.", "Russia said it was not them."}, []string{"ukraine", "moscow"}},
		{"and the sentence reports nothing", "", "", []string{
			"Critics would say the demands corner Putin so that he threatens Kyiv."}, []string{""}},
		{"concluded and continued report only right after a quotation", "", "", []string{
			"“Russia must lose,” Stoltenberg concluded.", "Russia continued to shell Kyiv.", "The talks concluded on Friday.",
			"“We will help Ukraine,” continued Stoltenberg.", "Russia will fail - continued Stoltenberg.",
			"Stoltenberg continued his tour."}, []string{"west", "", "", "west", "west", ""}},
		{"a group of the persons named speaks for their camp when they share one", "", "", []string{
			"Joe Biden met Emmanuel Macron in Washington.", "The leaders said Russia would pay a price.",
			"Joe Biden met Vladimir Putin in Geneva.", "The two presidents said the talks were useful."}, []string{"", "west", "", ""}},
		{"description of a person named before", "", "", []string{"Putin signed a decree.", "In an address, the head of state said the decision was needed."}, []string{"", "moscow"}},
		{"kremlin voice", "Kremlin, President of Russia (en.kremlin.ru)", "http://en.kremlin.ru/events/president/news/1",
			[]string{"The President held a meeting.", "Joe Biden said the talks were useful.", "The parties discussed trade."}, []string{"moscow", "west", "moscow"}},
		{"a text a release digests speaks for its authors", "President of Ukraine (president.gov.ua/en)", "https://www.president.gov.ua/en/news/x", []string{
			"According to the authors, Russia will lose half of its oil revenue.",
			"“Europe will find other suppliers,” the article reads.",
			"According to the document, the flag of Ukraine will be raised on Tuesday."}, []string{"other", "other", "ukraine"}},
		{"president of ukraine voice", "President of Ukraine (president.gov.ua/en)", "https://www.president.gov.ua/en/news/x",
			[]string{"The Head of State thanked the partners.", "“Ukraine will win,” the President said."}, []string{"ukraine", "ukraine"}},
		{"he after the release's principal named a guest is the principal", "President of Ukraine (president.gov.ua/en)", "https://www.president.gov.ua/en/news/x",
			[]string{"Jens Stoltenberg visited Kyiv.", "The Head of State said that Jens Stoltenberg had come at the right time.", "“We are grateful,” he said."},
			[]string{"ukraine", "ukraine", "ukraine"}},
		{"transcript turn", "Kremlin", "",
			[]string{"Vladimir Putin: Good afternoon, friends.", "Joe Biden: Thank you.", "I agree."}, []string{"moscow", "west", "west"}},
		{"a turn's speaker says what it reports of others", "Kremlin", "",
			[]string{"Vladimir Putin: Good afternoon.", "Washington says we are a threat.", "Joe Biden said the talks went well."},
			[]string{"moscow", "moscow", "west"}},
		{"a colon inside a sentence is no turn", "Kremlin", "",
			[]string{"Vladimir Putin: Good afternoon, friends.", "Today we see where NATO is: in Poland and in Romania.", "We need to show this."},
			[]string{"moscow", "moscow", "moscow"}},
		{"headline naming its speaker", "", "", []string{"Estonia's PM: Russia must be stopped."}, []string{"west"}},
		{"openers and clauses before a colon are no turns", "President of Ukraine", "https://www.president.gov.ua/en/news/x",
			[]string{"Obviously: freedom and dignity.", "And this is the price for the Kremlin: isolation.", "We will win."},
			[]string{"ukraine", "ukraine", "ukraine"}},
		{"a long turn header", "Kremlin", "",
			[]string{"Vladimir Putin: Good afternoon.",
				"Federal Chancellor of Germany Olaf Scholz Scholz OlafFederal Chancellor of the Federal Republic of Germany(retranslated): Ladies and gentlemen, it is good to be here.",
				"We discussed the situation."},
			[]string{"moscow", "west", "west"}},
		{"a one-word label is a turn", "Kremlin", "",
			[]string{"Vladimir Putin: Good afternoon.", "Question: What about the talks?"},
			[]string{"moscow", "other"}},
		{"a caption credit names no speaker", "", "", []string{"Photograph: Jane Doe/Example Images The talks ended."}, []string{""}},
		{"state media narration stays narration", "TASS", "https://tass.com/politics/1",
			[]string{"Russia extended its ban on imports."}, []string{""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := scoreEach(t, s, "2022-02-10", c.source, c.url, c.sentences, func(ss SentenceStance) string { return ss.SpeakerCamp })
			if !slices.Equal(got, c.want) {
				t.Errorf("speaker camps %q, want %q", got, c.want)
			}
		})
	}
}

// TestStanceReleaseOwnSide checks what a release's narration about its own
// side bears: a side's praise of its own camp in words of justification
// takes its side against the other side in the window, but its thanks and
// its praise of a partner do not; its own side named with a negative word
// takes its side too, unless the word blames that side.
func TestStanceReleaseOwnSide(t *testing.T) {
	s := newTestStance(t, "")
	cases := []struct {
		name, source, url string
		sentences, want   []string
	}{
		{"justification", "President of Ukraine", testKyivURL, []string{
			"Russia attacked Ukraine.",
			"Ukraine's defenders are heroic.",
			"Britain's position was principled.",
			"Ukraine thanked Britain for its solidarity.",
		}, []string{"pro_west", "pro_west", "neutral", "neutral"}}, // (the attack: a release's narration of harm, TestStanceReleaseHarm)
		{"a negative word", "Kremlin, President of Russia (en.kremlin.ru)", testKremlinURL, []string{
			"NATO held drills.",
			"Russia's army is weak.",
			"Russia launched a pre-emptive strike at the aggression.",
			"Russia held a parade.",
		}, []string{"neutral", "neutral", "pro_moscow", "neutral"}},
		{"a measure against the other side", "President of Ukraine", testKyivURL, []string{
			"Russia attacked Ukraine.",
			"Ukraine held a parade.",
			"Ukraine held another parade.",
			"Much more pressure on Russia is needed.",
		}, []string{"pro_west", "neutral", "neutral", "pro_west"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := scoreEach(t, s, "2022-03-10", c.source, c.url, c.sentences, func(ss SentenceStance) string { return ss.Label })
			if !slices.Equal(got, c.want) {
				t.Errorf("labels %q, want %q", got, c.want)
			}
		})
	}
}

// scoreEach scores an article of sentences from source and url and returns
// field of each sentence's stance.
func scoreEach(t *testing.T, s *Stance, date, source, url string, sentences []string, field func(SentenceStance) string) []string {
	t.Helper()
	a := stanceArticle(date, sentences...)
	a.Source, a.URL = source, url
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, sen := range a.Sentences {
		out = append(out, field(sen.Stance))
	}
	return out
}

// "Our country" in a release names the publisher's country, in the
// publisher's voice only.
func TestStanceCountryAliases(t *testing.T) {
	s := newTestStance(t, "")
	cases := []struct {
		name, source, url string
		sentences         []string
		want              []string // mentions as surface=actor, per article
	}{
		{"president of ukraine", "President of Ukraine", "https://www.president.gov.ua/en/news/x",
			[]string{"Russia attacked our state.", "Our country's partners helped.", "Our defenders held the line."},
			[]string{"Russia=russia", "our state=ukraine", "Our country=ukraine", "Our defenders=ukraine"}},
		{"a foreign guest in a transcript", "Kremlin", "http://en.kremlin.ru/events/president/transcripts/1",
			[]string{"Vladimir Putin: Welcome to our country.", "Joe Biden: Our country stands firm."},
			[]string{"Vladimir Putin=vladimir_putin", "our country=russia", "Joe Biden=joe_biden"}},
		{"not in other publishers' articles", "Daily Example", "https://daily.example/x",
			[]string{"Our country will help."}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := stanceArticle("2022-03-10", c.sentences...)
			a.Source, a.URL = c.source, c.url
			if err := s.ScoreArticle(a); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range a.Mentions {
				got = append(got, m.Surface+"="+m.Actor)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("mentions %q, want %q", got, c.want)
			}
		})
	}
}

func TestStanceSpeakerActorAndFlag(t *testing.T) {
	s := newTestStance(t, "")
	a := stanceArticle("2022-02-10", "Lavrov said NATO was a threat.", "The President met students.")
	a.Source = "Kremlin"
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	if got := a.Sentences[0].Stance.SpeakerActor; got != "sergei_lavrov" {
		t.Errorf("speaker actor %q, want sergei_lavrov", got)
	}
	if !a.Mentions[0].IsSpeaker || a.Mentions[1].IsSpeaker {
		t.Errorf("IsSpeaker flags %+v", a.Mentions)
	}
	if got := a.Sentences[1].Stance.SpeakerActor; got != "kremlin" {
		t.Errorf("publisher voice actor %q, want kremlin", got)
	}
	if got := a.Sentences[1].Stance.Camps; !slices.Equal(got, []string{"moscow"}) {
		t.Errorf("publisher alias: camps %v, want [moscow] (\"The President\" in a Kremlin release)", got)
	}
	b := stanceArticle("2022-02-10", "The President met students.")
	if err := s.ScoreArticle(b); err != nil {
		t.Fatal(err)
	}
	if len(b.Mentions) != 0 {
		t.Errorf("alias outside its publisher's articles: %+v", b.Mentions)
	}
}

func TestStNamedBefore(t *testing.T) {
	for _, c := range []struct {
		text, name string
		want       bool
	}{
		{"Analyst Jane Koffler spoke.", "Koffler", true},
		{"“Rebekah Koffler, a former officer, spoke.", "Koffler", true},
		{"Koffler spoke.", "Koffler", false},             // not after a name
		{"the analyst Koffler spoke.", "Koffler", false}, // after a lower-case word
		{"Jane Kofflerova spoke.", "Koffler", false},     // part of a longer word
		{"Jane Kofflerova and Jane Koffler spoke.", "Koffler", true},
		{"", "Koffler", false},
		{"Jane Koffler spoke. " + strings.Repeat("x", stNameWindow), "Koffler", false}, // too far back
	} {
		if got := stNamedBefore(c.text, c.name); got != c.want {
			t.Errorf("stNamedBefore(%q, %q) = %v, want %v", c.text, c.name, got, c.want)
		}
	}
}

// A publisher's alias followed by "of" is another office: "the President
// of Latvia" in a Ukrainian release is not Ukraine's president, and it is
// Latvia's when it reports a statement.
func TestStanceAliasOfAnotherOffice(t *testing.T) {
	s, err := NewStance(DefaultStanceConfig(), stanceEvalLexicon(t))
	if err != nil {
		t.Fatal(err)
	}
	a := stanceArticle("2022-05-10",
		"The President met the President of Latvia.",
		"“We stand with you,” said the President of the European Council.",
		"The President of Ukraine thanked him.")
	a.URL = "https://www.president.gov.ua/en/news/x"
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range a.Mentions {
		got = append(got, fmt.Sprintf("%d:%s=%s", m.SentenceIndex, m.Surface, m.Actor))
	}
	want := []string{
		"0:The President=office_of_the_president_of_ukraine", "0:Latvia=latvia",
		"1:European Council=european_council",
		"2:The President=office_of_the_president_of_ukraine", "2:Ukraine=ukraine",
	}
	if !slices.Equal(got, want) {
		t.Errorf("mentions %q, want %q", got, want)
	}
	if sp := a.Sentences[1].Stance.SpeakerCamp; sp != "west" {
		t.Errorf("speaker of sentence 1 %q, want west (the President of the European Council)", sp)
	}
}

// The addresses of a Kremlin release and a President of Ukraine release,
// which make them speak in the publisher's voice.
const (
	testKremlinURL = "http://en.kremlin.ru/events/president/news/1"
	testKyivURL    = "https://www.president.gov.ua/en/news/x"
)

// stanceOfLast scores sentences as one article of 2022-04-10 from url ("" for
// none) and returns its last sentence's stance.
func stanceOfLast(t *testing.T, s *Stance, url string, sentences ...string) SentenceStance {
	t.Helper()
	a := stanceArticle("2022-04-10", sentences...)
	a.URL = url
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	return a.Sentences[len(a.Sentences)-1].Stance
}

// Position verbs count in every form: a release's "Kiev is refusing to
// talk" voices a position against the other side.
func TestStancePositionVerbForms(t *testing.T) {
	s := newTestStance(t, "")
	for _, c := range []struct{ text, label string }{
		{"Kiev is refusing to talk.", "pro_moscow"},
		{"Kiev refuses to talk.", "pro_moscow"},
		{"Kiev is ready to talk.", "neutral"},
	} {
		if got := stanceOfLast(t, s, testKremlinURL, c.text).Label; got != c.label {
			t.Errorf("%q in a Kremlin release: label %s, want %s", c.text, got, c.label)
		}
	}
}

// Thanks and fellowship among allies, said of the speaker's own side
// alone, take no position against the other side, which the previous
// sentence names; self-praise does. So does help among the partners of a
// coalition (the West and Ukraine) but for resolve to keep or raise it,
// while help is a position on Moscow's side, which has no partner camps.
func TestStanceAllianceWarmth(t *testing.T) {
	s := newTestStance(t, "")
	const attack = "Russia shelled Kharkiv."
	for _, c := range []struct{ before, text, label string }{
		{attack, "Volodymyr Zelenskyy thanked Estonia for its solidarity.", "neutral"},
		{attack, "Volodymyr Zelenskyy thanked the United States for its generous support and great friendship.", "neutral"},
		{attack, "Volodymyr Zelenskyy said the courage of the United States was a wonderful gift.", "pro_west"},
		{attack, "Volodymyr Zelenskyy said the Ukrainian army was heroic.", "pro_west"},
		{attack, "Volodymyr Zelenskyy said Estonia supported Ukraine.", "neutral"},
		{attack, "The Pentagon announced a new package of military aid for Ukraine.", "neutral"},
		{attack, "Volodymyr Zelenskyy said Estonia would keep supporting Ukraine.", "pro_west"},
		{attack, "Boris Johnson said the allies would “ramp up” lethal aid to Ukraine.", "pro_west"},
		{"Ukraine shelled Donetsk.", "Sergei Lavrov said Moscow had helped the people of Donbass.", "pro_moscow"},
	} {
		if got := stanceOfLast(t, s, "", c.before, c.text).Label; got != c.label {
			t.Errorf("%q after %q: label %s, want %s", c.text, c.before, got, c.label)
		}
	}
}

// The other side named only as a party to a war the speaker weighs ("a war
// with Russia", "a clash between Nato and Russia") is neither blamed by the
// sentence's negative tone nor enough for the voice to take a position;
// a charge against it still is.
func TestStanceConflictParty(t *testing.T) {
	s := newTestStance(t, "")
	for _, c := range []struct {
		text   string
		moscow float64
		label  string
	}{
		{"Boris Johnson said a no-fly zone risked a wider war with Russia.", 0, "neutral"},
		{"Boris Johnson said a direct clash between NATO and Russia must be avoided.", 0, "neutral"},
		{"Boris Johnson said a no-fly zone risked a wider war with Russia, whose aggression is brutal.", -1, "pro_west"},
		{"Boris Johnson said Russia risked a wider war.", 0, "pro_west"},
	} {
		st := stanceOfLast(t, s, "", c.text)
		if got := st.Favour[0]; got != c.moscow || st.Label != c.label {
			t.Errorf("%q: favour moscow %v, label %s; want %v, %s", c.text, got, st.Label, c.moscow, c.label)
		}
	}
}

// A warm word about Moscow's side is no praise in the voice of the West
// or Ukraine; in a Kremlin release a guest's praise of Russia still is.
func TestStanceNoPraiseOfTheOtherSide(t *testing.T) {
	s := newTestStance(t, "")
	const kremlin, kyiv = testKremlinURL, testKyivURL
	for _, c := range []struct {
		url, text string
		moscow    float64
		label     string
	}{
		{"", "Zelenskyy said Russia is losing strength.", 0, "pro_west"},
		{kyiv, "Russian troops kept shelling the town, helping nobody.", 0, "pro_west"},
		{kyiv, "Sanctions must be effective and strong and not allow Russia to circumvent them.", 0, "pro_west"},
		{"", "Peskov said Russia is gaining strength.", 1, "neutral"},
		{kremlin, "Jens Stoltenberg expressed appreciation for Russia's constructive stance.", 1, "pro_moscow"},
	} {
		st := stanceOfLast(t, s, c.url, c.text)
		if got := st.Favour[0]; got != c.moscow || st.Label != c.label {
			t.Errorf("%q (%s): favour moscow %v, label %s; want %v, %s", c.text, c.url, got, st.Label, c.moscow, c.label)
		}
	}
}

// A demand, condition or measure in a release's own voice that names the
// other side is a position against it; "not only" is none.
func TestStanceVoicedDemand(t *testing.T) {
	s := newTestStance(t, "")
	const kremlin, kyiv = testKremlinURL, testKyivURL
	for _, c := range []struct{ url, text, label string }{
		{kyiv, "There will be a new package of sanctions against Russia.", "pro_west"},
		{kyiv, "The Russian side must ensure a ceasefire on these routes.", "pro_west"},
		{kyiv, "Delegations of Ukraine and Russia held talks in Istanbul.", "neutral"},
		{kyiv, "The partners are working to block Russia's revenues and deprive it of funding.", "pro_west"},
		{kremlin, "Kiev must stop shelling Donbass.", "pro_moscow"},
		{kremlin, "Relations between Russia and Germany matter not only to our peoples.", "neutral"},
		// Attention drawn to something is a complaint; attention paid to
		// it is the agenda.
		{kremlin, "Vladimir Putin drew attention to the absence of a response from NATO.", "pro_moscow"},
		{kremlin, "Attention was drawn to the weapons sent to Kiev by NATO countries.", "pro_moscow"},
		{kremlin, "Special attention was paid to the situation in Ukraine.", "neutral"},
		// A quotation about the talks alone is no position, though it
		// names the other side; one with a sign of a position is.
		{"", "“We are ready to continue the talks with Russia,” Kuleba said.", "neutral"},
		{"", "“We will not hold talks with Russia,” Kuleba said.", "pro_west"},
		{kremlin, "Vladimir Putin assessed the negotiating process frozen by Kiev.", "pro_moscow"},
		// Moscow's praise of the West is diplomacy; its blame is not.
		{kremlin, "Vladimir Putin congratulated Jens Stoltenberg on his appointment.", "neutral"},
		{kremlin, "Vladimir Putin criticised Jens Stoltenberg for his statements.", "pro_moscow"},
		{kremlin, "NATO supported separatism in Russia.", "pro_moscow"},
		// A warm word of diplomacy about the talks alone is no position;
		// "protect" still is.
		{kremlin, "Vladimir Putin informed Emmanuel Macron of the progress in the talks with Kiev.", "neutral"},
		{"", "Vladimir Putin said he extends his greetings to Jens Stoltenberg.", "neutral"},
		{kremlin, "Vladimir Putin informed Emmanuel Macron of the operation to protect Donbass from Kiev.", "pro_moscow"},
		{kremlin, "The successful advance of the Russian troops towards Kiev continued.", "pro_moscow"},
		// A demand against the other side's banks or goods, named by an
		// adjective that names no state, is one against that side.
		{kyiv, "Every Russian bank must be cut off from SWIFT.", "pro_west"},
		{"", "Every Russian bank must be cut off from SWIFT, Kuleba said.", "pro_west"},
		{kyiv, "Russian banks opened branches in Kyiv.", "neutral"},
		{kyiv, "Ukrainian banks must be cut off from SWIFT.", "neutral"},
		{kremlin, "Western banks must stop freezing our assets.", "pro_moscow"},
		// A guest of the other side in a release, naming the host, takes
		// no side by that alone; elsewhere the voice does, and so does
		// the guest's blame.
		{kremlin, "Jens Stoltenberg said Ukraine, Russia and NATO sit at the table in this format.", "neutral"},
		{"", "Jens Stoltenberg said Ukraine, Russia and NATO sit at the table in this format.", "pro_west"},
		{kremlin, "Jens Stoltenberg said Russia's threats are unacceptable.", "pro_west"},
	} {
		if got := stanceOfLast(t, s, c.url, c.text).Label; got != c.label {
			t.Errorf("%q (%s): label %s, want %s", c.text, c.url, got, c.label)
		}
	}
	// Nor do a guest's warm words (the previous sentence names the host).
	for _, c := range []struct{ url, label string }{{kremlin, "neutral"}, {"", "pro_west"}} {
		if got := stanceOfLast(t, s, c.url, "Vladimir Putin met Jens Stoltenberg.", "Such courage is rare, Stoltenberg said.").Label; got != c.label {
			t.Errorf("a guest's warm words (%s): label %s, want %s", c.url, got, c.label)
		}
		// a warm sentence by VADER's compound, no listed word
		a := stanceArticle("2022-04-10", "Vladimir Putin met Jens Stoltenberg.", "It was a very good day, Stoltenberg said.")
		a.URL = c.url
		a.Sentences[1].Sentiment.Compound = 0.8
		if err := s.ScoreArticle(a); err != nil {
			t.Fatal(err)
		}
		if got := a.Sentences[1].Stance.Label; got != c.label {
			t.Errorf("a guest's warm sentence (%s): label %s, want %s", c.url, got, c.label)
		}
	}
}

func TestStanceScoring(t *testing.T) {
	s := newTestStance(t, "")
	type fav map[string]float64
	cases := []struct {
		name      string
		sentences []string
		favour    fav // expected sign per camp of the last sentence
		label     string
	}{
		{"background war mention", []string{"In response to Russia's invasion of Ukraine, the EU adopted a sanctions package."},
			fav{"moscow": 0, "ukraine": 0, "west": 0}, "neutral"},
		{"evaluative blame", []string{"Russia's brutal aggression against Ukraine has killed thousands of civilians."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"accusation by the West", []string{"The US accused Russia of planning an invasion of Ukraine."},
			fav{"moscow": -1, "west": 0, "ukraine": 0}, "pro_west"},
		{"voiced warning from Moscow", []string{"The Kremlin cautioned NATO against sending troops to Ukraine."},
			fav{"moscow": 0, "west": 0, "ukraine": 0}, "pro_moscow"},
		{"criticism within one side", []string{"Zelenskyy criticised NATO for refusing to close the sky."},
			fav{"ukraine": 0, "west": -1}, "neutral"},
		{"no opposition in context", []string{"Berlin praised Washington for its leadership."},
			fav{"west": 1}, "neutral"},
		{"opposition from the previous sentence", []string{"Russia massed troops near Ukraine.", "Lavrov said the West was lying."},
			fav{"moscow": 0, "west": -1}, "pro_moscow"},
		{"conditional attack", []string{"Biden said sanctions would follow should Russia invade Ukraine."},
			fav{"moscow": -1, "west": 0, "ukraine": 0}, "pro_west"},
		{"negated evaluation", []string{"Peskov said Russia's actions were not aggressive and blamed Kyiv."},
			fav{"moscow": 1, "ukraine": -1}, "pro_moscow"},
		{"a war of aggression is its doer's", []string{"Vladimir Putin launched a straightforward war of aggression."},
			fav{"moscow": -1}, "neutral"},
		{"no before an evaluative word cancels it", []string{"NATO posed no threat to Russia."},
			fav{"moscow": 0, "west": 0}, "neutral"},
		{"not before an evaluative word turns it", []string{"NATO was not a threat to Russia."},
			fav{"moscow": 0, "west": 1}, "pro_west"},
		{"a contracted not turns it too", []string{"NATO isn’t a threat to Russia."},
			fav{"moscow": 0, "west": 1}, "pro_west"},
		{"the diplomatic process alone is no position", []string{"Putin informed Biden of Russia's proposals for talks."},
			fav{"moscow": 0, "west": 0}, "neutral"},
		{"a condition keeps the voice's tilt", []string{"Lavrov said Moscow was ready for talks if NATO withdrew from Estonia."},
			fav{"moscow": 0, "west": 0}, "pro_moscow"},
		{"the victim of a negative word is not its target", []string{"Russia has for years been pursuing a policy of aggression against Ukraine."},
			fav{"moscow": 0, "ukraine": 0}, "neutral"},
		{"the object of a harmful verb is its victim", []string{"Kiev has for years been undermining the West."},
			fav{"ukraine": 0, "west": 0}, "neutral"},
		{"a quotation without a position does not tilt", []string{"NATO and Russia met in Brussels.", "“We will publish the schedule on Monday,” Lavrov said."},
			fav{"moscow": 0}, "neutral"},
		{"a negative quotation does", []string{"NATO and Russia met in Brussels.", "“This is a sad day for Europe,” Lavrov said."},
			fav{"moscow": 0}, "pro_moscow"},
		{"a quoted refusal does", []string{"Russia massed troops near Ukraine.", "“Don’t even think about crossing that line,” Biden said."},
			fav{"west": 0}, "pro_west"},
		{"a quoted warning of an invasion does", []string{"Russia massed troops near Ukraine.", "“An invasion could begin at any time,” Blinken said."},
			fav{"west": 0}, "pro_west"},
		{"a possessive pronoun gives a negative word its owner", []string{"Russia keeps drawing on every instrument of its ongoing aggression against Ukraine."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"his goes to the person named before", []string{"NATO leaders met in Madrid while Putin pressed on with his brutal campaign."},
			fav{"moscow": -1, "west": 0}, "pro_west"},
		{"blame before a trailing speaker is not the speaker's own", []string{"Morale among Russian troops is collapsing into brutal looting - the British ministry said."},
			fav{"moscow": -1, "west": 0}, "pro_west"},
		{"a warm word before it still is", []string{"Russia massed troops near Ukraine.", "“Our support is strong,” the British ministry said."},
			fav{"west": 1}, "pro_west"},
		{"a word after 'and the' is not about the mention before it", []string{"Ukraine asked for help.", "The summit will discuss the threat posed by Russia and the welcome commitment of more troops."},
			fav{"moscow": -1}, "pro_west"},
		{"a word in one noun phrase still is", []string{"Ukraine asked for help.", "The summit will discuss Russia and its aggressive moves."},
			fav{"moscow": -1}, "pro_west"},
		{"kidnapping journalists is harm to the innocent", []string{"Russia massed troops near Ukraine.", "Russian troops kidnapped journalists in Melitopol."},
			fav{"moscow": -1}, "pro_west"},
		{"nor on the side named in the trailing speaker's title", []string{"The shelling of the station was a cruel crime, the Kremlin’s spokesman, Dmitry Peskov, said."},
			fav{"moscow": 0}, "neutral"},
		{"a side named before the title is still blamed", []string{"Kyiv’s army committed a cruel crime, the Kremlin’s spokesman, Dmitry Peskov, said."},
			fav{"moscow": 0, "ukraine": -1}, "pro_moscow"},
		{"praise of what a side would do is no praise", []string{"Zelenskyy said talks could resume if Russia showed a constructive attitude."},
			fav{"moscow": 0, "ukraine": 0}, "pro_west"},
		{"nor is help it would give", []string{"Stoltenberg said the talks could go on if Moscow helped the relief convoys."},
			fav{"moscow": 0, "west": 0}, "pro_west"},
		{"a which-clause after the victim of against speaks of the act", []string{"Russia pressed on with its war against Ukraine, which is a blatant violation of law."},
			fav{"moscow": 0, "ukraine": 0}, "neutral"},
		{"holding to account is blame", []string{"Ukraine's allies vowed to hold Putin accountable."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"pretending is deceit", []string{"Russia pretends to be the victim of Ukraine."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"de- undoes a negative word", []string{"Russia and NATO discussed de-escalation in Geneva."},
			fav{"moscow": 0, "west": 0}, "neutral"},
		{"what is determined by someone is no resolve", []string{"How far Russia goes may be determined by the response of Ukraine."},
			fav{"moscow": 0, "ukraine": 0}, "neutral"},
		{"being determined to act is", []string{"Ukraine is determined to resist Russia."},
			fav{"moscow": 0, "ukraine": 1}, "pro_west"},
		{"the one helped is not praised by the help", []string{"Russia massed troops near Ukraine.", "A new package of military aid for Ukraine was approved."},
			fav{"ukraine": 0}, "neutral"},
		{"nor as the one provided with it", []string{"Russia massed troops near Ukraine.", "Britain decided to provide Ukraine with defence support."},
			fav{"ukraine": 0, "west": 1}, "pro_west"},
		{"nor by a help verb, whose subject is", []string{"Russia massed troops near Ukraine.", "Britain kept supporting Ukraine."},
			fav{"ukraine": 0, "west": 1}, "pro_west"},
		{"the actor of a conduct noun after of", []string{"Ukraine's allies met to discuss the reckless conduct of the Kremlin."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"withstanding is strength", []string{"Russia attacked again.", "Kyiv survived the night and withstood another strike."},
			fav{"ukraine": 1}, "pro_west"},
		{"a feared failure to withstand evaluates nobody", []string{"Observers feared that Ukraine would not withstand five days."},
			fav{"ukraine": 0}, "neutral"},
		{"and of a noun of effort", []string{"Observers admired the heroic spirit of the Ukrainian army."},
			fav{"ukraine": 1}, "neutral"},
		{"the victim of an action noun after of", []string{"Observers called it a brutal invasion of Ukraine."},
			fav{"ukraine": 0}, "neutral"},
		{"the one invaded, named before blame, is the victim; the invader is blamed", []string{"Observers condemned Russia's invasion of Ukraine as reckless and evil."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"also when the invader is an adjective", []string{"The Russian attack on Ukraine was reckless."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"the victim through a part of it, and the subject of launched", []string{"Observers said Russia launched a brazen attack on the people of Ukraine, in violation of international law."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"the victim of occupied territories", []string{"Observers condemned Russia's occupation of the territory of Ukraine as illegal."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"the victim of aggression on", []string{"Russia massed troops near Ukraine.", "Observers spoke of aggression on Ukraine."},
			fav{"ukraine": 0}, "neutral"},
		{"doing one's best is effort, praised", []string{"Russian troops are doing their best to evacuate foreigners."},
			fav{"moscow": 1}, "neutral"},
		{"the best of something is not", []string{"Russia offered the best terms in years."},
			fav{"moscow": 0}, "neutral"},
		{"doing everything possible is effort too", []string{"Russian troops are doing everything possible to evacuate foreigners."},
			fav{"moscow": 1}, "neutral"},
		{"a possible thing is not", []string{"Russian troops massed ahead of a possible offensive."},
			fav{"moscow": 0}, "neutral"},
		{"a legitimate target is a threat, not praise", []string{"Lavrov said any weapons shipment to Ukraine is a legitimate target."},
			fav{"moscow": 0, "ukraine": -1}, "pro_moscow"}, // -1: the voiced evaluation of a negative sentence
		{"impunity is blame", []string{"Russia massed troops near Ukraine.", "Russia is convinced of its impunity."},
			fav{"moscow": -1}, "pro_west"},
		{"devastation is blame", []string{"Russia massed troops near Ukraine.", "Kharkiv has been devastated by Russia."},
			fav{"moscow": -1}, "pro_west"},
		{"humanitarian describes, it does not praise", []string{"Russian troops created a humanitarian catastrophe in Ukraine."},
			fav{"moscow": 0, "ukraine": 0}, "neutral"},
		{"partners is a name, no praise", []string{"Putin said the drills were held by our Western partners near Russia."},
			fav{"moscow": 0, "west": 0}, "pro_moscow"},
		{"a place before the word is where, not who", []string{"Russia's war in Ukraine is illegal."},
			fav{"moscow": 0, "ukraine": 0}, "neutral"},
		{"a side's voice on its own side as a victim of attack bears a position", []string{"NATO met.", "Lavrov said a massive attack against Russia had been unleashed."},
			fav{"moscow": 0}, "pro_moscow"},
		{"but not on the war's background", []string{"Putin spoke.", "Zelenskyy said today was the 35th day of the invasion of Ukraine."},
			fav{"ukraine": 0}, "neutral"},
		{"ignoring blames the one who ignores, not what is ignored", []string{"The United States ignored Russia's concerns."},
			fav{"moscow": 0, "west": -1}, "pro_moscow"},
		{"responsible before its noun blames no one", []string{"Russia is a major and responsible participant in the grain market."},
			fav{"moscow": 0}, "neutral"},
		{"but those responsible are blamed", []string{"NATO met.", "Putin and those responsible will be held to account."},
			fav{"moscow": -1}, "pro_west"},
		{"the side after anti- is what the thing is against", []string{"NATO met.", "Lavrov said the claims were part of an anti-Russia disinformation campaign."},
			fav{"moscow": 0}, "pro_moscow"},
		{"to dismember a side is the dismemberer's blame", []string{"Putin said the West wanted to dismember Russia."},
			fav{"moscow": 0, "west": -1}, "pro_moscow"},
		{"a place after the word is where, not who", []string{"Thousands died in atrocities in Ukraine."},
			fav{"ukraine": 0}, "neutral"},
		{"but the regime in a capital is the power there", []string{"Lavrov spoke of the coup in Ukraine."},
			fav{"moscow": 0, "ukraine": -1}, "pro_moscow"},
		{"a country named after in is a place: a side's negative words blame nobody there", []string{"Lavrov said what is happening in Ukraine is a tragedy."},
			fav{"moscow": 0, "ukraine": 0}, "pro_moscow"},
		{"the one told is not what is told of", []string{"Lavrov informed Stoltenberg about the progress of the talks."},
			fav{"moscow": 0, "west": 0}, "neutral"},
		{"nor blamed by a side's negative words", []string{"Lavrov told Stoltenberg that the nationalists commit crimes."},
			fav{"moscow": 0, "west": 0}, "pro_moscow"},
		{"but the one thanked is praised", []string{"Lavrov thanked Stoltenberg for the progress of the talks."},
			fav{"moscow": 0, "west": 1}, "neutral"},
		{"a capital after in is a government, which they blame", []string{"Lavrov said the situation created by the regime in Kyiv is a tragedy."},
			fav{"moscow": 0, "ukraine": -1}, "pro_moscow"},
		{"a possessive after in is no place", []string{"Russia massed troops near Ukraine.", "The West is complicit in Putin's tyranny."},
			fav{"moscow": -1, "west": 0}, "pro_west"},
		{"the agent of a deed committed by", []string{"Kyiv documented the crimes committed by Russian troops in Bucha."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"committed is praise only before to", []string{"Russia committed atrocities in Ukraine."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"a negated negative word is no negative sentence for the voice", []string{"Putin said he saw no threat from NATO enlargement."},
			fav{"moscow": 0, "west": 0}, "pro_moscow"},
		{"a side named in a relative clause closed before the word is not what the word is about",
			[]string{"The British leader, who opposes sanctions on Russia, was warmly welcomed."},
			fav{"moscow": 0, "west": 0}, "neutral"},
		{"obstruction blames the obstructer", []string{"The Kremlin said Ukraine was obstructing the talks."},
			fav{"moscow": 0, "ukraine": -1}, "pro_moscow"},
		{"the target of a measure is not blamed by the voice", []string{"Zelenskyy said much more pressure on Russia is needed."},
			fav{"moscow": 0, "ukraine": 0}, "pro_west"},
		{"a boorish statement blames its author", []string{"The boorish statements of the US leadership continued."},
			fav{"west": -1}, "neutral"},
		{"help given by a side praises the giver", []string{"Zelenskyy praised the support provided by the US."},
			fav{"ukraine": 0, "west": 1}, "neutral"},
		{"and so does help a speaker announces", []string{"On Monday, the US announced a new military assistance package for Ukraine."},
			fav{"ukraine": 0, "west": 1}, "neutral"},
		{"but not the one helped after a giver in no camp", []string{"Kyiv thanked the UN for the humanitarian assistance provided by the UN to Ukraine."},
			fav{"ukraine": 0}, "neutral"},
		{"a passive harm with no agent blames no one, least its reporter", []string{"Ukraine said 198 children had been killed."},
			fav{"ukraine": 0}, "neutral"},
		{"nor does a harm its speaker reports", []string{"The Ukrainian authorities said the shelling had killed five civilians."},
			fav{"ukraine": 0}, "neutral"},
		{"but the doer of a reported harm is blamed", []string{"Kyiv said Russian troops had killed civilians in Bucha."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"a responsibility shared is a duty, not blame", []string{"Russia and the US share a special responsibility for ensuring stability in Europe."},
			fav{"moscow": 0, "west": 0}, "neutral"},
		{"a responsibility borne for a war is blame", []string{"Russia bears responsibility for the war in Ukraine."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"an including-clause after the victim of against speaks of the act", []string{"Moscow must answer for the crimes committed against Ukraine, including the crime of aggression."},
			fav{"moscow": 0, "ukraine": 0}, "neutral"},
		{"oppression blames the oppressor, not the oppressed", []string{"Russia oppresses Ukrainian communities in Crimea, Kyiv said."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"what is done against a side does not praise it", []string{"Kyiv said the struggle against Russia is heroic."},
			fav{"moscow": 0, "ukraine": 0}, "pro_west"},
		{"nor, said after it, blame it", []string{"Peskov said the sanctions against Russia were illegal and imposed by Washington."},
			fav{"moscow": 0, "west": -1}, "pro_moscow"},
		{"but an aggression named after the side is its own", []string{"The struggle against Kremlin brutality goes on in Ukraine."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"sovereign debt is finance, no praise", []string{"Britain will stop Russia from raising sovereign debt in London."},
			fav{"moscow": 0, "west": 0}, "neutral"},
		{"a side's right to act is its justification", []string{"Russia attacked Ukraine.", "Ukraine has every right to choose its alliances."},
			fav{"ukraine": 1}, "pro_west"},
		{"and having no right is the opposite", []string{"Russia attacked Ukraine.", "The EU has no right to lecture anyone."},
			fav{"west": -1}, "pro_moscow"},
		{"warm words about the talks are no position", []string{"Lavrov said the talks with Washington were warm, friendly and very pleasant."},
			fav{"moscow": 0, "west": 0}, "neutral"},
		{"a demand to bar the other side is one", []string{"Lavrov said Russia had handed the US draft agreements that would bar NATO from expanding."},
			fav{"moscow": 0, "west": 0}, "pro_moscow"},
		{"trade figures are no position", []string{"Putin said Russia's trade with Germany grew by 36 percent to 57 billion."},
			fav{"moscow": 0, "west": 0}, "neutral"},
		{"a warm word quoted alone is kept at a distance", []string{"Russia attacked Ukraine.", "That is how Russia came to \"defend\" Donbas."},
			fav{"moscow": 0}, "neutral"},
		{"a question asserts no praise", []string{"Russia attacked Ukraine.", "Why did the West support the coup?"},
			fav{"west": 0}, "neutral"},
		{"helping a harm is complicity", []string{"Russia attacked Ukraine.", "Russia keeps spending its reserves to support the war."},
			fav{"moscow": -1}, "pro_west"},
		{"but helping to end it is help", []string{"Russia attacked Ukraine.", "Turkey offered to help end the war."},
			fav{"west": 1}, "pro_west"},
		{"a ruler called a dictator", []string{"Russia's dictator ordered new strikes on Ukraine."},
			fav{"moscow": -1, "ukraine": 0}, "pro_west"},
		{"an evaluative noun of an evaluative adjective", []string{"Russia's recklessness strained its ties with the West."},
			fav{"moscow": -1, "west": 0}, "pro_west"},
	}
	sent, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		t.Fatal(err)
	}
	camps := s.Camps()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := stanceArticle("2022-02-10", c.sentences...)
			// The sentiment stage first, as in a run: stance reads its
			// scores.
			if err := sent.ScoreArticle(a); err != nil {
				t.Fatal(err)
			}
			if err := s.ScoreArticle(a); err != nil {
				t.Fatal(err)
			}
			ss := a.Sentences[len(a.Sentences)-1].Stance
			for k, cp := range camps {
				f := ss.Favour[k]
				want, ok := c.favour[cp.ID]
				if !ok {
					if !math.IsNaN(f) {
						t.Errorf("favour %s = %v, want NaN (not mentioned)", cp.ID, f)
					}
					continue
				}
				if math.IsNaN(f) || f < -1 || f > 1 || discreteFavour(f) != want {
					t.Errorf("favour %s = %v, want %v", cp.ID, f, want)
				}
			}
			if ss.Label != c.label {
				t.Errorf("label %s (score %.2f), want %s", ss.Label, ss.Score, c.label)
			}
			if ss.Score < -1 || ss.Score > 1 {
				t.Errorf("score %v outside [-1, 1]", ss.Score)
			}
		})
	}
}

// A sentence opening with a pronoun takes its referent's side only from
// the previous sentence, as the guide allows; a referent further back, or
// on the speaker's own side, does not count.
func TestStancePronounReferent(t *testing.T) {
	s := newTestStance(t, "")
	cases := []struct {
		name      string
		sentences []string
		labels    []string
	}{
		// (The shelling itself, narrated in a release, bears the
		// release's side: TestStanceReleaseHarm.)
		{"referent in the previous sentence", []string{"Russian troops shelled Kharkiv again.", "They are barbaric."},
			[]string{"pro_west", "pro_west"}},
		{"carried on by the pronoun", []string{"Russian troops shelled Kharkiv again.", "They lie.", "They are barbaric."},
			[]string{"pro_west", "pro_west", "pro_west"}},
		{"referent two sentences back", []string{"Russian troops shelled Kharkiv again.", "The city has no power.", "They are barbaric."},
			[]string{"pro_west", "neutral", "neutral"}},
		{"referent on the speaker's side", []string{"Ukrainian troops held the line.", "They are barbaric."},
			[]string{"neutral", "neutral"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := scoreEach(t, s, "2022-03-10", "President of Ukraine", "https://www.president.gov.ua/en/news/x",
				c.sentences, func(ss SentenceStance) string { return ss.Label })
			if !slices.Equal(got, c.labels) {
				t.Errorf("labels %q, want %q", got, c.labels)
			}
		})
	}
}

func TestStanceAxisConfig(t *testing.T) {
	s := newTestStance(t, "axis: {positive: [west, ukraine], negative: [moscow], threshold: 0.3}")
	a := stanceArticle("", "The US accused Russia of planning an invasion of Ukraine.")
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	if got := a.Sentences[0].Stance; got.Label != "pro_west" || got.Score <= 0 {
		t.Errorf("flipped axis: label %s score %v, want pro_west with a positive score", got.Label, got.Score)
	}
	if got := s.Info()["axis"].(map[string]any)["labels"]; !reflect.DeepEqual(got, []string{"pro_west", "neutral", "pro_moscow"}) {
		t.Errorf("labels %v", got)
	}
}

func TestStanceAggregates(t *testing.T) {
	s := newTestStance(t, "")
	a := stanceArticle("2022-02-10",
		"Lavrov said NATO was a threat to Russia.",
		"Blinken said Russia was lying.",
		"Blinken added that Ukraine deserved support.",
		"The weather was cold.")
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	as := a.Stance
	// camps: moscow, west, ukraine
	if !slices.Equal(as.Mentions, []int64{3, 3, 1}) {
		t.Errorf("mentions per camp %v, want [3 3 1]", as.Mentions)
	}
	if want := []float64{1.0 / 3, 2.0 / 3, 0}; !floatsNear(as.VoiceShare, want) {
		t.Errorf("voice share %v, want %v", as.VoiceShare, want)
	}
	// v+ = 1/3, v- = 2/3: balance 1 - (1/3)/(1) = 2/3
	if math.Abs(as.Balance-2.0/3) > 1e-9 {
		t.Errorf("balance %v, want 2/3", as.Balance)
	}
	var sum float64
	for _, sen := range a.Sentences {
		sum += sen.Stance.Score
	}
	if math.Abs(as.MeanStance-sum/4) > 1e-9 {
		t.Errorf("mean stance %v, want %v", as.MeanStance, sum/4)
	}
	if math.IsNaN(as.MeanFavour[0]) || !math.IsNaN(math.NaN()) {
		t.Errorf("mean favour %v", as.MeanFavour)
	}

	empty := stanceArticle("")
	empty.Sentences = nil
	if err := s.ScoreArticle(empty); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(empty.Stance.MeanStance) || !math.IsNaN(empty.Stance.Balance) || !math.IsNaN(empty.Stance.VoiceShare[0]) || !math.IsNaN(empty.Stance.MeanFavour[0]) {
		t.Errorf("empty article: want NaN aggregates, got %+v", empty.Stance)
	}
	if empty.Stance.Label != "neutral" {
		t.Errorf("empty article label %q", empty.Stance.Label)
	}
}

func floatsNear(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9 {
			return false
		}
	}
	return true
}

func TestStanceBadOffsets(t *testing.T) {
	s := newTestStance(t, "")
	a := stanceArticle("", "Short.")
	a.Sentences[0].ByteEnd = 99
	if err := s.ScoreArticle(a); err == nil {
		t.Fatal("want an error for offsets outside the text")
	}
}

func TestStancePublisherMatch(t *testing.T) {
	s := newTestStance(t, "")
	cases := []struct {
		source, url, want string
	}{
		{"Kremlin, President of Russia (en.kremlin.ru)", "http://en.kremlin.ru/events/president/news/66988", "kremlin"},
		{"President of Ukraine (president.gov.ua/en)", "https://www.president.gov.ua/en/news/abc", "office_of_the_president_of_ukraine"},
		{"", "https://tass.com/politics/1", "tass"},
		{"unknown RU outlet via GDELT (one of: themoscowtimes.com, rt.com, sputniknews.com)", "", ""},
		{"The Guardian", "https://www.theguardian.com/world/2022/x", ""},
		{"Daily Report", "https://notkremlin.ru.example/x", ""},
	}
	for _, c := range cases {
		got := ""
		if p := s.publisherFor(&Article{Source: c.source, URL: c.url}); p != nil {
			got = p.Actor
		}
		if got != c.want {
			t.Errorf("publisherFor(%q, %q) = %q, want %q", c.source, c.url, got, c.want)
		}
	}
}

// TestStanceCorpusPublishers checks that the default config gives the
// corpus's Kremlin and President-of-Ukraine items their publisher's voice.
func TestStanceCorpusPublishers(t *testing.T) {
	arts := corpusArticles(t, 0)
	s := newTestStance(t, "")
	seen := map[string]int{}
	for _, a := range arts {
		prefix, _, _ := strings.Cut(a.ID, "-")
		if prefix == "ua" {
			prefix = "ua-president"
		}
		if prefix != "kremlin" && prefix != "ua-president" {
			continue
		}
		p := s.publisherFor(a)
		want := map[string]string{"kremlin": "moscow", "ua-president": "ukraine"}[prefix]
		if p == nil || !p.Narration || p.Camp != want {
			t.Fatalf("%s (source %q, url %q): publisher %+v, want narration in camp %s", a.ID, a.Source, a.URL, p, want)
		}
		seen[prefix]++
	}
	if seen["kremlin"] == 0 || seen["ua-president"] == 0 {
		t.Fatalf("corpus lacks kremlin or ua-president items: %v", seen)
	}
}

func TestStanceConcurrent(t *testing.T) {
	s := newTestStance(t, "")
	texts := [][]string{
		{"Lavrov said NATO was a threat.", "“We will respond,” he said."},
		{"Blinken accused Russia of lying about Ukraine.", "Officials said talks would go on."},
		{"The Kremlin warned Washington.", "Kyiv’s forces advanced."},
	}
	want := make([]string, len(texts))
	for i, tx := range texts {
		a := stanceArticle("2022-02-10", tx...)
		if err := s.ScoreArticle(a); err != nil {
			t.Fatal(err)
		}
		want[i] = fmt.Sprintf("%+v %+v", a.Mentions, a.Sentences)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 50; r++ {
				i := (g + r) % len(texts)
				a := stanceArticle("2022-02-10", texts[i]...)
				if err := s.ScoreArticle(a); err != nil {
					t.Error(err)
					return
				}
				if got := fmt.Sprintf("%+v %+v", a.Mentions, a.Sentences); got != want[i] {
					t.Errorf("concurrent result differs for article %d", i)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestStanceInfo(t *testing.T) {
	s := newTestStance(t, "")
	info := s.Info()
	if len(info["lexicon_sha256"].(string)) != 64 {
		t.Errorf("lexicon_sha256 %v", info["lexicon_sha256"])
	}
	if info["actors"].(int) < 20 || !reflect.DeepEqual(info["camps"], []string{"moscow", "west", "ukraine"}) {
		t.Errorf("info %v", info)
	}
}

// FuzzMatch checks that matching never panics and that every mention lies
// within its sentence with consistent byte and character offsets.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{
		"Russian Foreign Minister Sergei Lavrov said NATO’s troops were a threat.",
		"“We will not wait,” said Peskov. The U.S. and the alliance disagreed.",
		"Pro-Russian forces in Moscow's biggest park near Kyiv’s outskirts",
		"President of Ukraine Volodymyr Zelenskyy: Thank you!",
		"Über\u00a0Russia\u200b-Ukraine\tUS us U.S",
		"'s ’ - Putin's Putin’ ' \"",
		"Jan Novak, a professor at the University of Leeds and a former director of the Defence Intelligence Staff of the UK, said Russia had lost.",
		"At the request of Olaf Scholz, Vladimir Putin told him, and said Kiev must stop; de-escalation, aid for Ukraine, who was the envoy, said",
		"Britain's former interior minister Jane Doe said what is happening in Ukraine is a tragedy, said Kuleba.",
		"Every Russian bank must be cut off; Russia's special military operation to protect Donbass from genocide, Former UK ex- minister",
		"Sen. Lindsey Graham spoke. Graham said, Mr Graham's Billy Graham Graham Greene; Nikolai Patrushev told Stoltenberg about the convinced spoke",
		"Russia lied, said the minister, Kuleba, said the mayor, Jan Novak. He adds to it; said the, Attention drawn, drew attention",
		"Putin is doing everything possible and the Kremlin and a, Ukraine's foreign minister, Dmytro Kuleba, said. According to the ministry",
		"Reuters is reporting what Mr. Putin is saying; Lavrov responded by saying, pushed back against the, pushed back against any “",
		"The Russians fled the capital, Kyiv, and the Sumy, Kyiv and Luhansk regions; the Russian-Turkish strategic partnership",
		"Russia is not our enemy, make no mistake, no crime that; a special responsibility for ensuring. According to the authors, the article reads",
		"Ukraine's prosecutor general's office said children had been killed. The office added; the support provided by the, assistance announced by",
		"to the west of, the west of the, the west of late; forces advancing on Kyiv, aiming for Kyiv; the Europeans, Orbán, who is blocking sanctions on Russia, was welcomed",
		"Experts note that; much more pressure on Russia is needed, sanctions against Russia's banks; Hundreds of villages have been destroyed",
	} {
		f.Add(s, true)
	}
	s := newTestStance(f, "")
	f.Fuzz(func(t *testing.T, text string, split bool) {
		if !utf8.ValidString(text) {
			return
		}
		var a *Article
		if split && len(text) > 4 {
			// two sentences at a rune boundary
			cut := len(text) / 2
			for cut < len(text) && !utf8.RuneStart(text[cut]) {
				cut++
			}
			a = &Article{Text: text, Sentences: []Sentence{
				{Index: 0, ByteStart: 0, ByteEnd: cut, CharStart: 0, CharEnd: utf8.RuneCountInString(text[:cut]), Text: text[:cut]},
				{Index: 1, ByteStart: cut, ByteEnd: len(text), CharStart: utf8.RuneCountInString(text[:cut]), CharEnd: utf8.RuneCountInString(text), Text: text[cut:]},
			}}
		} else {
			a = &Article{Text: text, Sentences: []Sentence{{ByteEnd: len(text), CharEnd: utf8.RuneCountInString(text), Text: text}}}
		}
		if err := s.ScoreArticle(a); err != nil {
			t.Fatal(err)
		}
		runes := []rune(text)
		for _, m := range a.Mentions {
			sen := a.Sentences[m.SentenceIndex]
			if m.ByteStart < sen.ByteStart || m.ByteEnd > sen.ByteEnd || m.ByteStart >= m.ByteEnd {
				t.Fatalf("mention %+v outside sentence [%d,%d)", m, sen.ByteStart, sen.ByteEnd)
			}
			if text[m.ByteStart:m.ByteEnd] != m.Surface || string(runes[m.CharStart:m.CharEnd]) != m.Surface {
				t.Fatalf("mention %+v: offsets do not give its surface", m)
			}
		}
		for _, sen := range a.Sentences {
			if sc := sen.Stance.Score; !(sc >= -1 && sc <= 1) {
				t.Fatalf("score %v", sc)
			}
			for _, fv := range sen.Stance.Favour {
				if !math.IsNaN(fv) && (fv < -1 || fv > 1) {
					t.Fatalf("favour %v", fv)
				}
			}
		}
	})
}

// TestStanceWorkedExample is the worked example of docs/stance.md.
func TestStanceWorkedExample(t *testing.T) {
	s := newTestStance(t, "")
	a := stanceArticle("2022-02-10", "Russia massed troops near Ukraine.", "Lavrov said the West was lying about an invasion.")
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	s0, s1 := a.Sentences[0].Stance, a.Sentences[1].Stance
	if s0.SpeakerCamp != "" || s0.Score != 0 || s0.Label != "neutral" || s0.Favour[0] != 0 || s0.Favour[2] != 0 || !math.IsNaN(s0.Favour[1]) {
		t.Errorf("sentence 0: %+v", s0)
	}
	if s1.SpeakerActor != "sergei_lavrov" || s1.SpeakerCamp != "moscow" {
		t.Errorf("sentence 1 speaker %s/%s", s1.SpeakerActor, s1.SpeakerCamp)
	}
	if s1.Favour[0] != 0 || s1.Favour[1] != -1 || !math.IsNaN(s1.Favour[2]) || s1.Score != 1 || s1.Label != "pro_moscow" {
		t.Errorf("sentence 1: favour %v score %v label %s", s1.Favour, s1.Score, s1.Label)
	}
	as := a.Stance
	if !slices.Equal(as.Mentions, []int64{2, 1, 1}) || !floatsNear(as.VoiceShare, []float64{1, 0, 0}) ||
		as.Balance != 0 || as.MeanStance != 0.5 || as.Label != "pro_moscow" {
		t.Errorf("article: %+v", as)
	}
}

// stURLHostReference is how publisherOf finds an article's host: url.Parse
// and Hostname, in lower case; "" when the URL does not parse.
func stURLHostReference(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

func stCheckURLHost(t *testing.T, s *Stance, raw string) {
	t.Helper()
	want := stURLHostReference(raw)
	if h, ok := stPlainURLHost(raw); ok && h != want {
		t.Fatalf("stPlainURLHost(%q) = %q, want %q", raw, h, want)
	}
	if !s.hostMayMatch(raw) {
		for _, p := range s.pubs {
			if p.Host != "" && want != "" && (want == p.host || strings.HasSuffix(want, p.dotHost)) {
				t.Fatalf("hostMayMatch(%q) = false, but host %q is publisher host %q", raw, want, p.host)
			}
		}
	}
}

// TestStanceURLHost holds the shortcuts publisherOf takes before parsing a
// URL to url.Parse's answers.
func TestStanceURLHost(t *testing.T) {
	s := newTestStance(t, "")
	for _, raw := range []string{
		"http://en.kremlin.ru/events/president/news/66988", "https://KREMLIN.ru", "https://www.President.gov.ua/news?x=1",
		"http://kremlin.ru:8080/x", "http://user@kremlin.ru/", "http://[::1]/kremlin.ru", "http:///kremlin.ru",
		"http://kremlin.ru#frag", "http://kremlin.ru?q", "HTTP://kremlin.ru/", "http://krem%6Cin.ru/", "http://kremlin.ru/a%zz",
		"http://k\u212Aremlin.ru/", "http://kremlin.ru/ spaced", "http://kremlin.ru/\x7f", "kremlin.ru/news", "//kremlin.ru/x",
		"https://tass.com/politics/1", "https://news.example.org/tass.com", "http://-/", "http://a..b/", "", "http://", "https://",
	} {
		stCheckURLHost(t, s, raw)
	}
}

func FuzzStanceURLHost(f *testing.F) {
	f.Add("http://en.kremlin.ru/events/president/news/66988")
	f.Add("https://www.president.gov.ua/news?x=1#y")
	f.Add("http://user@Kremlin.RU:80/")
	s := newTestStance(f, "")
	f.Fuzz(func(t *testing.T, raw string) { stCheckURLHost(t, s, raw) })
}

// TestStanceWordTableCollisions gives the lexicon two long surfaces with the
// same length, first 8 and last 8 bytes, so the same unfinished hash: the
// word table keeps one in its slot and the other aside, and each must still
// be found as itself, and a third such word as nothing.
func TestStanceWordTableCollisions(t *testing.T) {
	extra := filepath.Join(t.TempDir(), "extra.yaml")
	err := os.WriteFile(extra, []byte(`version: 1
actors:
  - {id: alpha_group, name: A, camp: west, code: X, kind: group, surfaces: [Abcdefgh1xyzwvuts]}
  - {id: beta_group, name: B, camp: moscow, code: X, kind: group, surfaces: [Abcdefgh2xyzwvuts]}
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	s := newTestStance(t, "extra_actors: ["+extra+"]")
	if len(s.m.words.collide) == 0 {
		t.Fatal("the two surfaces do not share a slot: the test no longer covers collisions")
	}
	a := stanceArticle("2022-02-10", "Abcdefgh2xyzwvuts met Abcdefgh1xyzwvuts and Abcdefgh3xyzwvuts.")
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range a.Mentions {
		got = append(got, m.Surface+"="+m.Actor)
	}
	want := []string{"Abcdefgh2xyzwvuts=beta_group", "Abcdefgh1xyzwvuts=alpha_group"}
	if !slices.Equal(got, want) {
		t.Errorf("mentions %v, want %v", got, want)
	}
}

// TestStanceManyAliasPublishers configures more publishers with aliases
// than the word table's slots have alias bits for: the last ones' aliases
// are found through their tries' root sets, the same as the first ones'.
func TestStanceManyAliasPublishers(t *testing.T) {
	var b strings.Builder
	b.WriteString("publishers:\n")
	for k := range 9 {
		fmt.Fprintf(&b, "  - {host: pub%d.example, camp: moscow, actor: kremlin, narration: true, aliases: [the Chief Speaker]}\n", k)
	}
	s := newTestStance(t, b.String())
	bits := 0
	for _, p := range s.pubs {
		if p.aliases != nil && p.aliases.metaBit != 0 {
			bits++
		}
	}
	if bits == 0 || bits == len(s.pubs) {
		t.Fatalf("%d of %d alias tries have a slot bit: the test needs some with and some without", bits, len(s.pubs))
	}
	for k := range 9 {
		a := stanceArticle("2022-02-10", "Later the Chief Speaker met NATO envoys.")
		a.URL = fmt.Sprintf("https://pub%d.example/news/1", k)
		if err := s.ScoreArticle(a); err != nil {
			t.Fatal(err)
		}
		if len(a.Mentions) == 0 || a.Mentions[0].Surface != "the Chief Speaker" || a.Mentions[0].Actor != "kremlin" {
			t.Errorf("publisher %d: mentions %+v, want \"the Chief Speaker\" as kremlin first", k, a.Mentions)
		}
	}
}

func TestStGivenInitials(t *testing.T) {
	cases := []struct {
		actor Actor
		want  uint32
	}{
		{Actor{Kind: "person", Name: "Boris Johnson", Surfaces: []string{"Boris Johnson", "Johnson"}}, 1 << ('b' - 'a')},
		{Actor{Kind: "person", Name: "Jake Sullivan", Surfaces: []string{"Jacob Sullivan", "sullivan", " Sullivan", "Édouard Sullivan"}}, 1 << ('j' - 'a')},
		{Actor{Kind: "person", Name: "Putin"}, 0},
		{Actor{Kind: "country", Name: "United States", Surfaces: []string{"United States"}}, 0},
	}
	for _, c := range cases {
		if got := stGivenInitials(c.actor); got != c.want {
			t.Errorf("stGivenInitials(%q, %q) = %b, want %b", c.actor.Name, c.actor.Surfaces, got, c.want)
		}
	}
}

// The operation "to protect" or "to defend" is its owner's, named before
// it, or else the side's in whose voice it is told (the guide's Kremlin
// formula, an operation "to protect Donbass", favours Moscow); a help verb
// whose object is protected "from" a harm is no complicity in it.
func TestStanceOperationToProtect(t *testing.T) {
	s := newTestStance(t, "")
	for _, c := range []struct {
		url, text, camp string
		want            float64
	}{
		{testKremlinURL, "Vladimir Putin informed his counterpart of the special military operation to protect Donbass.", "moscow", 1},
		// a guest in a Kremlin release speaks of the publisher's operation
		{testKremlinURL, "Jens Stoltenberg told Vladimir Putin his views on the special military operation to protect Donbass.", "moscow", 1},
		{testKremlinURL, "Jens Stoltenberg told Vladimir Putin his views on the special military operation to protect Donbass.", "west", 0},
		{"", "Observers said Russia's special military operation to defend Donbass was planned long ago.", "moscow", 1},
		// the owner named before the operation, not the voice's side
		{testKyivURL, "Russia's special military operation to protect Donbass began in Ukraine in February.", "ukraine", 0},
		{testKyivURL, "Ukraine protects civilians from aggression.", "ukraine", 1},
	} {
		st := stanceOfLast(t, s, c.url, c.text)
		got := math.NaN()
		for k, camp := range s.Camps() {
			if camp.ID == c.camp {
				got = st.Favour[k]
			}
		}
		if got != c.want {
			t.Errorf("%q (%s): favour %s %v, want %v", c.text, c.url, c.camp, got, c.want)
		}
	}
}

// stThanks passes over words without a thanks word's classes, so every
// thanks word must have them; and it finds them in any case.
func TestStanceThanksWords(t *testing.T) {
	for w := range stThanksWords {
		if !stStanceWords[w].has(stThanksClasses) {
			t.Errorf("thanks word %q has classes %b, none of stThanksClasses", w, stStanceWords[w])
		}
	}
	s := newTestStance(t, "")
	for text, want := range map[string]bool{
		"Thank you, Mr President.":              true,
		"THANKS to our partners.":               true,
		"We are grateful to Estonia.":           true,
		"The thankless task went on.":           false,
		"Russia praised the talks as friendly.": false,
	} {
		toks, info := s.m.scan(text, nil, false, nil, nil)
		if got := stThanks(text, toks, info.all); got != want {
			t.Errorf("stThanks(%q) = %v, want %v", text, got, want)
		}
	}
}

// A release's own narration of the war's harm bears its side's position
// within the opposition's window, with VADER run first as the pipeline
// runs it (the rule weighs the sentence's tone); its criticism of its own
// side does not.
func TestStanceReleaseHarm(t *testing.T) {
	s := newTestStance(t, "")
	sent, err := NewSentiment(DefaultSentimentConfig())
	if err != nil {
		t.Fatal(err)
	}
	a := stanceArticle("2022-03-10",
		"Moscow sent troops.",
		"Hundreds of villages have been destroyed.",
		"Our army is weak and its commanders are incompetent.",
		"The harvest was good.",
		"The festival went well.",
		"A storm destroyed a barn and killed two cows.",
	)
	a.Source, a.URL = "President of Ukraine", testKyivURL
	if err := sent.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	want := []string{"neutral", "pro_west", "neutral", "neutral", "neutral", "neutral"}
	for i, sen := range a.Sentences {
		if sen.Stance.Label != want[i] {
			t.Errorf("sentence %d %q: %s (score %.2f, compound %.2f), want %s", i, a.Text[sen.ByteStart:sen.ByteEnd], sen.Stance.Label, sen.Stance.Score, sen.Sentiment.Compound, want[i])
		}
	}
	// A harm that VADER has no word for (a tone of 0) bears it too; a
	// warm sentence does not.
	b := stanceArticle("2022-03-10",
		"Moscow sent troops.",
		"Troops shelled the town on Sunday.",
		"We evacuated the children safely.",
		"Russian missiles kept hitting the port, and the depots burned.",
	)
	b.Source, b.URL = "President of Ukraine", testKyivURL
	if err := sent.ScoreArticle(b); err != nil {
		t.Fatal(err)
	}
	if err := s.ScoreArticle(b); err != nil {
		t.Fatal(err)
	}
	want = []string{"neutral", "pro_west", "neutral", "pro_west"}
	for i, sen := range b.Sentences {
		if sen.Stance.Label != want[i] {
			t.Errorf("sentence %d %q: %s (score %.2f, compound %.2f), want %s", i, b.Text[sen.ByteStart:sen.ByteEnd], sen.Stance.Label, sen.Stance.Score, sen.Sentiment.Compound, want[i])
		}
	}
}

// mentionBodyBits looks at a word after a possessive only when its class
// is swBodyNoun, so every institution noun of stBodyNouns must have it.
func TestStanceBodyNounsHaveTheirClass(t *testing.T) {
	words := stBuildStanceWords()
	for _, n := range stBodyNouns {
		if !words[n].has(swBodyNoun) {
			t.Errorf("%q is in stBodyNouns but not of class swBodyNoun", n)
		}
	}
}
