package stages

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// splitterFromYAML builds a Splitter from a `split:` section body the way a
// user writes it, decoding strictly over the defaults.
func splitterFromYAML(t testing.TB, snippet string) *Splitter {
	t.Helper()
	cfg := DefaultSplitterConfig()
	if snippet != "" {
		dec := yaml.NewDecoder(strings.NewReader(snippet))
		dec.KnownFields(true)
		if err := dec.Decode(&cfg); err != nil {
			t.Fatalf("decode config %q: %v", snippet, err)
		}
	}
	sp, err := NewSplitter(cfg)
	if err != nil {
		t.Fatalf("NewSplitter: %v", err)
	}
	return sp
}

// checkSplitInvariants asserts the span contract of [Splitter.Split].
func checkSplitInvariants(t testing.TB, text string, ss []Sentence) {
	t.Helper()
	prev := 0
	for i, s := range ss {
		if s.Index != i {
			t.Fatalf("sentence %d: Index = %d", i, s.Index)
		}
		if s.ByteStart < prev || s.ByteEnd <= s.ByteStart || s.ByteEnd > len(text) {
			t.Fatalf("sentence %d: bad span [%d,%d) after %d in %d bytes", i, s.ByteStart, s.ByteEnd, prev, len(text))
		}
		if s.Text != text[s.ByteStart:s.ByteEnd] {
			t.Fatalf("sentence %d: Text %q is not text[%d:%d]", i, s.Text, s.ByteStart, s.ByteEnd)
		}
		if gap := text[prev:s.ByteStart]; strings.TrimFunc(gap, isSpaceRune) != "" {
			t.Fatalf("sentence %d: non-space text %q left out before it", i, gap)
		}
		if want := utf8.RuneCountInString(text[:s.ByteStart]); s.CharStart != want {
			t.Fatalf("sentence %d: CharStart = %d, want %d", i, s.CharStart, want)
		}
		if want := utf8.RuneCountInString(text[:s.ByteEnd]); s.CharEnd != want {
			t.Fatalf("sentence %d: CharEnd = %d, want %d", i, s.CharEnd, want)
		}
		first, _ := utf8.DecodeRuneInString(s.Text)
		last, _ := utf8.DecodeLastRuneInString(s.Text)
		if isSpaceRune(first) || isSpaceRune(last) {
			t.Fatalf("sentence %d: %q starts or ends with white space", i, s.Text)
		}
		prev = s.ByteEnd
	}
	if rest := text[prev:]; strings.TrimFunc(rest, isSpaceRune) != "" {
		t.Fatalf("non-space text %q left out at the end", rest)
	}
}

func splitTexts(t testing.TB, sp *Splitter, text string) []string {
	t.Helper()
	ss := sp.Split(text, nil)
	checkSplitInvariants(t, text, ss)
	return splitSentenceTexts(ss)
}

func TestSplitPhenomena(t *testing.T) {
	tests := []struct {
		name   string
		config string // body of the split: section
		text   string
		want   []string
	}{
		{
			name: "title abbreviations before names",
			text: "Sen. Ruth Mallory met Gen. Oleh Danylenko and Dr. Ines Varga in Kyiv. Mr. Danylenko spoke first.",
			want: []string{"Sen. Ruth Mallory met Gen. Oleh Danylenko and Dr. Ines Varga in Kyiv.", "Mr. Danylenko spoke first."},
		},
		{
			name: "U.S. inside a sentence before a capitalised word",
			text: "The package was approved by the U.S. Congress on Tuesday. It now goes to the White House.",
			want: []string{"The package was approved by the U.S. Congress on Tuesday.", "It now goes to the White House."},
		},
		{
			name: "U.S. ending a sentence",
			text: "Envoys from Kyiv flew to the U.S. They met officials there for three days.",
			want: []string{"Envoys from Kyiv flew to the U.S.", "They met officials there for three days."},
		},
		{
			name: "U.K. and U.N. before lower case",
			text: "The U.K. and the U.N. issued a joint statement on grain exports.",
			want: []string{"The U.K. and the U.N. issued a joint statement on grain exports."},
		},
		{
			name: "month abbreviation and No. before numbers",
			text: "The summit is set for Dec. 9 at No. 10 Downing Street. Leaders will attend.",
			want: []string{"The summit is set for Dec. 9 at No. 10 Downing Street.", "Leaders will attend."},
		},
		{
			name: "a.m. and p.m. inside and at the end",
			text: "The convoy left at 6 a.m. and covered approx. 40 km by 2 p.m. on Monday. Talks resumed at 9 p.m. They ended before dawn.",
			want: []string{"The convoy left at 6 a.m. and covered approx. 40 km by 2 p.m. on Monday.", "Talks resumed at 9 p.m.", "They ended before dawn."},
		},
		{
			name: "Inc. inside and at the end",
			text: "The contract went to Northwind Inc. on Friday. The tender was won by Eastgate Inc. The company declined to comment.",
			want: []string{"The contract went to Northwind Inc. on Friday.", "The tender was won by Eastgate Inc.", "The company declined to comment."},
		},
		{
			name: "initials",
			text: "The letter was signed by J. R. Hollis and T. Brandt of the commission.",
			want: []string{"The letter was signed by J. R. Hollis and T. Brandt of the commission."},
		},
		{
			name: "decimals, ranges and money",
			text: "Gas prices rose 3.5% to $12.40 per unit while 75,000-100,000 troops stayed near the border. Donors pledged €1.2bn. Kyiv welcomed the $5.6 million grant.",
			want: []string{"Gas prices rose 3.5% to $12.40 per unit while 75,000-100,000 troops stayed near the border.", "Donors pledged €1.2bn.", "Kyiv welcomed the $5.6 million grant."},
		},
		{
			name: "straight quotes with attribution",
			text: `"We will not back down," the minister said. "Talks must go on."`,
			want: []string{`"We will not back down," the minister said.`, `"Talks must go on."`},
		},
		{
			name: "curly quote closing after the full stop",
			text: "The envoy called the offer “unacceptable.” Moscow has not replied.",
			want: []string{"The envoy called the offer “unacceptable.”", "Moscow has not replied."},
		},
		{
			name: "question inside quotes followed by attribution",
			text: "“Why now?” he asked. “Is this the end?” Peskov asked reporters on Friday.",
			want: []string{"“Why now?” he asked.", "“Is this the end?” Peskov asked reporters on Friday."},
		},
		{
			name: "exclamation inside quotes ending the sentence",
			text: `"Enough!" The crowd fell silent after the shout.`,
			want: []string{`"Enough!"`, "The crowd fell silent after the shout."},
		},
		{
			name: "short quotation kept with its attribution",
			text: `"We are ready. The ball is in their court," the spokesman said on Monday.`,
			want: []string{`"We are ready. The ball is in their court," the spokesman said on Monday.`},
		},
		{
			name: "ellipses",
			text: "The statement ended abruptly… Officials later clarified it. He paused ... and then went on.",
			want: []string{"The statement ended abruptly…", "Officials later clarified it.", "He paused ... and then went on."},
		},
		{
			name: "dashes and parentheses",
			text: "The truce — agreed last week — held overnight (monitors reported no shelling). It broke down at dawn.",
			want: []string{"The truce — agreed last week — held overnight (monitors reported no shelling).", "It broke down at dawn."},
		},
		{
			name: "question and exclamation marks",
			text: "Will the talks resume? Nobody knows! Officials declined to comment.",
			want: []string{"Will the talks resume?", "Nobody knows!", "Officials declined to comment."},
		},
		{
			name: "headline and byline separated by blank lines",
			text: "Talks Stall in Geneva\n\nBy Anna Weiss, Staff Reporter\n\nNegotiators left Geneva on Friday without a deal. A new round is planned.",
			want: []string{"Talks Stall in Geneva", "By Anna Weiss, Staff Reporter", "Negotiators left Geneva on Friday without a deal.", "A new round is planned."},
		},
		{
			name: "headline on its own line",
			text: "Kremlin Rejects Ceasefire Plan\nThe Kremlin on Monday rejected the plan put forward by Ankara.",
			want: []string{"Kremlin Rejects Ceasefire Plan", "The Kremlin on Monday rejected the plan put forward by Ankara."},
		},
		{
			name: "dateline",
			text: "KYIV, March 3 (Wire) - Air raid sirens sounded across the capital on Tuesday. Residents took shelter.",
			want: []string{"KYIV, March 3 (Wire) - Air raid sirens sounded across the capital on Tuesday.", "Residents took shelter."},
		},
		{
			name: "bullet list",
			text: "Key points:\n• Sanctions extended\n• Aid package approved\n• Talks to resume in May",
			want: []string{"Key points:", "• Sanctions extended", "• Aid package approved", "• Talks to resume in May"},
		},
		{
			name: "numbered list on lines",
			text: "The plan has three parts:\n1. A ceasefire\n2. Prisoner exchanges\n3. Local elections",
			want: []string{"The plan has three parts:", "1. A ceasefire", "2. Prisoner exchanges", "3. Local elections"},
		},
		{
			name: "numbered list inline",
			text: "1. Withdraw heavy weapons 2. Exchange prisoners 3. Reopen the corridors",
			want: []string{"1. Withdraw heavy weapons", "2. Exchange prisoners", "3. Reopen the corridors"},
		},
		{
			name: "URL and e-mail address",
			text: "The text is at https://www.example.org/docs/plan.v2.html. Questions go to press.office@example.org. Replies are slow.",
			want: []string{"The text is at https://www.example.org/docs/plan.v2.html.", "Questions go to press.office@example.org.", "Replies are slow."},
		},
		{
			name: "missing space after a full stop",
			text: "Talks ended in Vienna.The delegations flew home on Mr.Klein's plane.",
			want: []string{"Talks ended in Vienna.", "The delegations flew home on Mr.Klein's plane."},
		},
		{
			name: "no-break and zero-width spaces",
			text: "\u200bThe vote passed.\u00a0\u200bTurnout was low.\ufeff\u2060 Observers\u00a0were satisfied.\u200d",
			want: []string{"The vote passed.", "Turnout was low.", "Observers\u00a0were satisfied."},
		},
		{
			name: "CRLF line ends",
			text: "Ministers Meet in Brussels\r\n\r\nThe ministers met on Thursday. They agreed on a statement.\r\n",
			want: []string{"Ministers Meet in Brussels", "The ministers met on Thursday.", "They agreed on a statement."},
		},
		{
			name:   "newlines: wrap joins lines",
			config: "newlines: wrap\n",
			text:   "The minister said the\nAlliance would respond. Nobody\nknew how.",
			want:   []string{"The minister said the\nAlliance would respond.", "Nobody\nknew how."},
		},
		{
			name:   "newlines: boundary splits at every line",
			config: "newlines: boundary\n",
			text:   "Sanctions list\nupdated on Monday",
			want:   []string{"Sanctions list", "updated on Monday"},
		},
		{
			name: "newlines: auto joins a line cut before a lower-case word",
			text: "Sanctions list\nupdated on Monday",
			want: []string{"Sanctions list\nupdated on Monday"},
		},
		{
			name: "hard-wrapped paragraph detected",
			text: "Foreign ministers of the alliance met in Riga on Thursday and\n" +
				"Agreed to send more air defence systems to the region before\n" +
				"Winter, diplomats said after the session ended late at night.\n" +
				"The decision still needs approval by national parliaments and\n" +
				"Several members have asked for more time to study the costs.\n",
			want: []string{
				"Foreign ministers of the alliance met in Riga on Thursday and\nAgreed to send more air defence systems to the region before\nWinter, diplomats said after the session ended late at night.",
				"The decision still needs approval by national parliaments and\nSeveral members have asked for more time to study the costs.",
			},
		},
		{
			name: "extra abbreviation unknown by default",
			text: "Dep. Minister Kozak spoke.",
			want: []string{"Dep.", "Minister Kozak spoke."},
		},
		{
			name:   "extra abbreviation from the config",
			config: "abbreviations: [Dep]\n",
			text:   "Dep. Minister Kozak spoke. The talks began.",
			want:   []string{"Dep. Minister Kozak spoke.", "The talks began."},
		},
		{
			name: "empty and blank input",
			text: " \n\t\u00a0\u200b ",
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := splitterFromYAML(t, tt.config)
			got := splitTexts(t, sp, tt.text)
			if strings.Join(got, "\x00") != strings.Join(tt.want, "\x00") {
				t.Errorf("Split(%q):\n got  %q\n want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSplitSpans(t *testing.T) {
	sp := splitterFromYAML(t, "")
	// Cyrillic takes two bytes per code point, curly quotes three, and the
	// invalid byte \xff counts as one code point.
	text := "Ціни зросли. “Це не кінець,” сказав він\xff. Далі буде!"
	ss := sp.Split(text, nil)
	checkSplitInvariants(t, text, ss)
	want := []struct {
		text           string
		bs, be, cs, ce int
	}{
		{"Ціни зросли.", 0, 22, 0, 12},
		{"“Це не кінець,” сказав він\xff.", 23, 74, 13, 41},
		{"Далі буде!", 75, 93, 42, 52},
	}
	if len(ss) != len(want) {
		t.Fatalf("got %d sentences %q, want %d", len(ss), splitSentenceTexts(ss), len(want))
	}
	for i, w := range want {
		s := ss[i]
		if s.Text != w.text || s.ByteStart != w.bs || s.ByteEnd != w.be || s.CharStart != w.cs || s.CharEnd != w.ce {
			t.Errorf("sentence %d %q: bytes [%d,%d) chars [%d,%d), want %q [%d,%d) [%d,%d)",
				i, s.Text, s.ByteStart, s.ByteEnd, s.CharStart, s.CharEnd, w.text, w.bs, w.be, w.cs, w.ce)
		}
	}
}

func TestSplitReusesDst(t *testing.T) {
	sp := splitterFromYAML(t, "")
	dst := make([]Sentence, 0, 16)
	dst = sp.Split("One. Two. Three.", dst[:0])
	if len(dst) != 3 {
		t.Fatalf("got %d sentences, want 3", len(dst))
	}
	base := &dst[0]
	dst = sp.Split("Four. Five.", dst[:0])
	if len(dst) != 2 || &dst[0] != base {
		t.Fatalf("dst storage not reused: %d sentences", len(dst))
	}
	// Appending after existing sentences still numbers from 0.
	dst = sp.Split("Six. Seven.", dst)
	if len(dst) != 4 || dst[2].Index != 0 || dst[3].Index != 1 || dst[2].Text != "Six." {
		t.Fatalf("appended sentences = %+v", dst[2:])
	}
	if allocs := testing.AllocsPerRun(100, func() { dst = sp.Split("Four. Five.", dst[:0]) }); allocs != 0 {
		t.Errorf("Split with a large enough dst allocates %.0f times, want 0", allocs)
	}
}

func TestSplitArticle(t *testing.T) {
	sp := splitterFromYAML(t, "")
	texts := []string{
		"One. Two. Three.",
		"",
		"A single sentence without an end",
		strings.Repeat("Short. ", 300), // more than any earlier call
	}
	var prev *Article
	for _, text := range texts {
		a := &Article{Text: text}
		sp.SplitArticle(a)
		want := sp.Split(text, nil)
		if len(a.Sentences) != len(want) || len(want) > 0 && !reflect.DeepEqual(a.Sentences, want) {
			t.Fatalf("SplitArticle(%.20q) = %+v, want %+v", text, a.Sentences, want)
		}
		if cap(a.Sentences) != len(a.Sentences) {
			t.Errorf("SplitArticle(%.20q): cap %d for %d sentences", text, cap(a.Sentences), len(a.Sentences))
		}
		if prev != nil && len(prev.Sentences) > 0 && len(a.Sentences) > 0 && &prev.Sentences[0] == &a.Sentences[0] {
			t.Fatalf("two articles share their sentences' storage")
		}
		if prev != nil && prev.Text != "" {
			if got := splitSentenceTexts(prev.Sentences); !slices.Equal(got, splitSentenceTexts(sp.Split(prev.Text, nil))) {
				t.Fatalf("the next call changed the previous article's sentences: %q", got)
			}
		}
		prev = a
	}
}

func TestSplitConcurrent(t *testing.T) {
	sp := splitterFromYAML(t, "abbreviations: [Dep]\n")
	texts := []string{
		"Dep. Minister Kozak spoke. The talks began.",
		"Talks Stall\n\nBy A. Writer\n\nThe U.S. said no. It left.",
		"“Why now?” he asked. Nobody answered!",
	}
	want := make([][]string, len(texts))
	for i, s := range texts {
		want[i] = splitSentenceTexts(sp.Split(s, nil))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			var dst []Sentence
			for n := range 200 {
				i := (g + n) % len(texts)
				dst = sp.Split(texts[i], dst[:0])
				if got := splitSentenceTexts(dst); strings.Join(got, "\x00") != strings.Join(want[i], "\x00") {
					errs <- fmt.Errorf("goroutine %d: got %q, want %q", g, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestSplitterConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr []string // substrings; none means valid
	}{
		{name: "defaults"},
		{name: "all keys", yaml: "newlines: boundary\nabbreviations: [Amb, Lt.Col, Dep.]\n"},
		{name: "wrap", yaml: "newlines: wrap\n"},
		{name: "bad newlines", yaml: "newlines: lines\n",
			wantErr: []string{`newlines: must be one of auto, boundary, wrap (got "lines")`}},
		{name: "empty newlines", yaml: "newlines: ''\n",
			wantErr: []string{`newlines: must be one of auto, boundary, wrap (got "")`}},
		{name: "bad abbreviations", yaml: "newlines: x\nabbreviations: ['', 'two words', 'ok']\n",
			wantErr: []string{"newlines: must be one of", "abbreviations[0]: must not be empty",
				`abbreviations[1]: must hold only letters and full stops (got "two words")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultSplitterConfig()
			if tt.yaml != "" {
				dec := yaml.NewDecoder(strings.NewReader(tt.yaml))
				dec.KnownFields(true)
				if err := dec.Decode(&cfg); err != nil {
					t.Fatalf("decode: %v", err)
				}
			}
			err := cfg.Validate()
			_, nerr := NewSplitter(cfg)
			if len(tt.wantErr) == 0 {
				if err != nil || nerr != nil {
					t.Fatalf("Validate() = %v, NewSplitter error %v; want nil", err, nerr)
				}
				return
			}
			if err == nil || nerr == nil {
				t.Fatalf("Validate() = %v, NewSplitter error %v; want errors", err, nerr)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestSplitterConfigUnknownKey(t *testing.T) {
	cfg := DefaultSplitterConfig()
	dec := yaml.NewDecoder(strings.NewReader("newline: wrap\n"))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err == nil || !strings.Contains(err.Error(), "newline") {
		t.Fatalf("decode with a misspelt key: err = %v, want one naming it", err)
	}
}

// TestSplitSeedArticle splits the hard-wrapped founding article: headline
// and byline come out alone, and no sentence is cut at a wrap.
func TestSplitSeedArticle(t *testing.T) {
	path := sharedPath(t, "seed/000_7833a452b3925789.txt")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if width, wrapped := lineStats(text); !wrapped {
		t.Fatalf("seed article not detected as hard-wrapped (width %d)", width)
	}
	sp := splitterFromYAML(t, "")
	ss := sp.Split(text, nil)
	checkSplitInvariants(t, text, ss)
	if len(ss) < 15 {
		t.Fatalf("got %d sentences, want at least 15", len(ss))
	}
	lines := strings.Split(text, "\n")
	if ss[0].Text != strings.TrimSpace(lines[0]) {
		t.Errorf("first sentence %q is not the headline %q", ss[0].Text, lines[0])
	}
	if !strings.HasPrefix(ss[1].Text, "Written by") || strings.Contains(ss[1].Text, "\n") {
		t.Errorf("second sentence %q is not the byline alone", ss[1].Text)
	}
	wraps := 0
	for i := 1; i < len(ss); i++ {
		gap := text[ss[i-1].ByteEnd:ss[i].ByteStart]
		if strings.Count(gap, "\n") != 1 {
			continue // blank line or same line
		}
		prevLast, _ := utf8.DecodeLastRuneInString(ss[i-1].Text)
		if isTerminator(prevLast) || isCloser(prevLast) {
			continue
		}
		// The source drops the end of one sentence before a line opening
		// with "Meanwhile,"; anything else is a cut at a wrap.
		if w, e := wordAt(ss[i].Text, 0); e < len(ss[i].Text) && ss[i].Text[e] == ',' {
			if _, ok := sentenceAdverbs[w]; ok {
				continue
			}
		}
		wraps++
		t.Errorf("sentence %d cut at a wrap: %q | %q", i, ss[i-1].Text, ss[i].Text)
	}
	inner := 0
	for _, s := range ss {
		inner += strings.Count(s.Text, "\n")
	}
	if inner < 20 {
		t.Errorf("only %d line breaks inside sentences; the wrapped body was split at wraps", inner)
	}
	t.Logf("seed article: %d sentences, %d wraps kept inside sentences", len(ss), inner)
	for i := 0; i < 5 && i < len(ss); i++ {
		s := strings.ReplaceAll(ss[i].Text, "\n", " ")
		if n := 60; len([]rune(s)) > n {
			s = string([]rune(s)[:n])
		}
		t.Logf("  %d: %s", i, s)
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"",
		"Hello World. My name is Jonas.",
		"At 5 a.m. Mr. Smith went to the U.S. He left.",
		"“Why now?” he asked.\n\nBy A. Writer\r\n",
		"1. First item 2. Second item",
		"compounds. . . . The practice\u00a0\u200bwas",
		"bad \xff\xfe utf8. Next\xe2\x80 sentence…",
		"wrapped line of text here\nand the next line of text\nand a third one of text\n",
		"<…> [...] (Smith 55). martyr.[1] The end",
	} {
		f.Add(s, uint8(0))
	}
	splitters := map[string]*Splitter{}
	for _, mode := range []string{NewlinesAuto, NewlinesBoundary, NewlinesWrap} {
		sp, err := NewSplitter(SplitterConfig{Newlines: mode, Abbreviations: []string{"Dep", "Lt.Col"}})
		if err != nil {
			f.Fatal(err)
		}
		splitters[mode] = sp
	}
	modes := []string{NewlinesAuto, NewlinesBoundary, NewlinesWrap}
	f.Fuzz(func(t *testing.T, text string, mode uint8) {
		sp := splitters[modes[int(mode)%len(modes)]]
		checkSplitInvariants(t, text, sp.Split(text, nil))
	})
}

func ExampleSplitter_Split() {
	sp, err := NewSplitter(DefaultSplitterConfig())
	if err != nil {
		panic(err)
	}
	text := "Talks Resume\n\nEnvoys met in the U.S. capital on Dec. 9. “Why now?” one asked. Nobody replied."
	for _, s := range sp.Split(text, nil) {
		fmt.Printf("%d [%d:%d] %s\n", s.Index, s.CharStart, s.CharEnd, s.Text)
	}
	// Output:
	// 0 [0:12] Talks Resume
	// 1 [14:55] Envoys met in the U.S. capital on Dec. 9.
	// 2 [56:77] “Why now?” one asked.
	// 3 [78:93] Nobody replied.
}
