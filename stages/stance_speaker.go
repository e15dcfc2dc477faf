package stages

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stIsAdverb reports a lower-case word ending in -ly ("strongly",
// "repeatedly"), skipped between a subject and its verb.
func stIsAdverb(s string, t *stToken) bool {
	w := s[t.start:t.end]
	return len(w) > 4 && strings.HasSuffix(w, "ly") && w[0] >= 'a' && w[0] <= 'z'
}

// stSpeaker is who a sentence's statement is attributed to. It holds no
// strings: the speaker is copied into the article state for each sentence,
// and copies free of pointers skip the garbage collector's write barriers.
type stSpeaker struct {
	actor   int32 // index of the actor id in [Stance.speakerActors]; 0 ("") for an unnamed or unlisted speaker
	camp    int32 // stSpeakerNoCamp for narration, stSpeakerOther, or stSpeakerCamp0 + the camp's index
	mention int32 // index of the speaker's mention in the sentence, -1 when none
	side    int8  // axis side: +1, -1 or 0
	person  bool  // a named person (the antecedent of "he"/"she")
	voice   bool  // the publisher's voice, not an attribution
	guest   bool  // of the side opposed to the publisher's (a visiting leader in a Kremlin transcript)
	office  bool  // an unlisted person named after a body's role ("Germany's interior minister Nancy Faeser")
	gender  stGender
}

// The values of stSpeaker.camp; [Stance.speakerCamps] has their ids.
const (
	stSpeakerNoCamp int32 = iota // "": narration
	stSpeakerOther               // [OtherCamp]
	stSpeakerCamp0               // the first camp
)

var stNoSpeaker = stSpeaker{mention: -1}

// stOtherSpeaker is a speaker outside the camps with no name the lexicon
// lists: "the article reads", "according to the authors".
var stOtherSpeaker = stSpeaker{camp: stSpeakerOther, mention: -1}

// stArticleState carries speaker context from one sentence to the next.
type stArticleState struct {
	pub        *stPublisher
	inQuote    bool      // a quotation is open at the end of the previous sentence
	prev       stSpeaker // the previous sentence's speaker
	transcript stSpeaker // "Name: ..." speaker of a transcript, in publisher articles
	lastBody   stSpeaker // the last institution speaker or mention, for "the ministry said"
	lastInst   stSpeaker // the same, not counting countries named (see bodySpeaker)
	// bodies are the last few institutions and countries named or
	// speaking, the latest first, each with the institution nouns
	// (stBodyBits) its name or mention carries, so that "the office
	// added" finds "Ukraine's prosecutor general's office" named before.
	bodies [4]stBody
	// persons are the last few persons named, the latest first, for "he
	// said" and "she said" (see personFor).
	persons [4]stNamed
	// n counts the sentences attributed so far; lastBodyAt (and each
	// persons' at) is n when lastBody was last named or referred to, so
	// that a pronoun opening a sentence can tell whether its referent is
	// in the previous sentence.
	n, lastBodyAt int
	// subject is the person whose name opens the last sentence that had
	// one (see attribute), and subjectAt that sentence's n.
	subject   stSpeaker
	subjectAt int
	// before is the article's text before the sentence at hand.
	before string
}

// stBody is an institution or country named or speaking, with the bits
// (stBodyBits) of the institution nouns in its name, its surfaces or its
// mention ("Russia's defence ministry" has "ministry").
type stBody struct {
	sp   stSpeaker
	bits uint16
	at   int // the number of the sentence it was last named in (stArticleState.n)
}

// stBodyRecent is how many sentences back a body named with the noun of a
// description may be: further back, in a live blog's other item, "the
// ministry" is more likely another's (bodySpeaker falls back then).
const stBodyRecent = 6

// stBodyNouns are the institution nouns a definite description names
// ("the ministry said", "according to the office"), each with its bit;
// "the statement", "the government" and the like name no kind of body and
// have none.
var stBodyNouns = []string{"ministry", "office", "council", "agency", "department", "embassy", "committee",
	"service", "command", "mission", "delegation", "headquarters", "cabinet"}

// stBodyBits returns the bits of the institution nouns (stBodyNouns) among
// the words of s, compared ignoring case.
func stBodyBits(s string) uint16 {
	var bits uint16
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && (s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z') {
			j++
		}
		if w := s[i:j]; len(w) >= 6 { // the shortest noun, "office", has 6 letters
			for b, n := range stBodyNouns {
				if strings.EqualFold(w, n) {
					bits |= 1 << b
				}
			}
		}
		i = j + 1
	}
	return bits
}

// noteBody puts b first among the bodies, merging it with an earlier
// entry of the same actor.
func (st *stArticleState) noteBody(b stBody) {
	i := len(st.bodies) - 1
	for j, q := range st.bodies {
		if q.sp.actor == b.sp.actor && q.sp.camp == b.sp.camp {
			b.bits |= q.bits
			i = j
			break
		}
	}
	copy(st.bodies[1:i+1], st.bodies[:i])
	st.bodies[0] = b
}

// speakerBodyBits returns the institution-noun bits of a speaker's actor
// (stance.actorBodyBits), none for an unnamed speaker or a publisher's
// actor, whose index lies past the lexicon's.
func (s *Stance) speakerBodyBits(sp stSpeaker) uint16 {
	if i := int(sp.actor) - 1; i >= 0 && i < len(s.actorBodyBits) {
		return s.actorBodyBits[i]
	}
	return 0
}

// mentionBodyBits returns the institution-noun bits of mention k: its
// actor's (name and surfaces, worked out with the lexicon), its text's,
// and, for a possessive, those of the three words after it ("Russia's
// defence ministry", "Ukraine's prosecutor general's office").
func (s *Stance) mentionBodyBits(text string, toks []stToken, raw []stRawMention, k int) uint16 {
	rm := &raw[k]
	bits := s.actorBodyBits[rm.actor]
	if rm.text == 0 {
		bits |= stBodyBits(text[rm.start:rm.end]) // "the Russian Defence Ministry": a state noun or a title
	}
	if j := stAfterPossessive(text, toks, int(rm.tokEnd)); j != int(rm.tokEnd) {
		for q, words := j, 0; q < len(toks) && words < 3; q++ {
			t := &toks[q]
			if !t.word {
				if stPunctIs(t, '\'') || stPunctIs(t, '’') {
					continue // "prosecutor general's office"
				}
				break
			}
			if len(text[t.start:t.end]) > 1 { // not the "s" of a possessive
				words++
			}
			if stWordInfo(t.info).has(swBodyNoun) { // (every one of stBodyNouns is)
				bits |= stBodyBits(text[t.start:t.end])
			}
		}
	}
	return bits
}

// stNamed is a person named in the article and the number of the
// sentence it was last named or referred to in.
type stNamed struct {
	sp stSpeaker
	at int
}

// stNameWindow is how far back, in bytes, stNamedBefore looks for a name:
// without a bound, a long transcript of such sentences would take time
// quadratic in its length.
const stNameWindow = 64 << 10

// stNamedBefore reports whether name is in text, or in its last
// stNameWindow bytes, as the last word of a name: after a capitalised word
// and a space ("Rebekah Koffler"), and before a character that is not a
// letter.
func stNamedBefore(text, name string) bool {
	if len(text) > stNameWindow {
		text = text[len(text)-stNameWindow:]
	}
	for i := 0; ; {
		k := strings.Index(text[i:], name)
		if k < 0 {
			return false
		}
		k += i
		i = k + len(name)
		if i < len(text) {
			if r, _ := utf8.DecodeRuneInString(text[i:]); unicode.IsLetter(r) {
				continue
			}
		}
		if k < 2 || text[k-1] != ' ' {
			continue
		}
		prev := text[strings.LastIndexAny(text[:k-1], " \n\t")+1 : k-1]
		if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(prev, "\"“‘'(")); unicode.IsUpper(r) {
			return true
		}
	}
}

// stDashQuote reports a sentence opening with a dash and a space, the
// way some outlets (and translations from Polish or Russian) set a
// quotation: "- We will not give up our land."
func stDashQuote(toks []stToken) bool {
	// "– Gas prices at six-month high –" is a subheading.
	return len(toks) > 1 && stIsDash(&toks[0]) && toks[0].spaceAfter && toks[1].word && !stIsDash(&toks[len(toks)-1])
}

func stIsQuoteTok(t *stToken) bool {
	if t.word {
		return false
	}
	switch t.punct {
	case '“', '”', '"', '«', '»', '„':
		return true
	}
	return false
}

// stPunctIs reports whether t is the punctuation character r (not 0).
func stPunctIs(t *stToken, r rune) bool { return t.punct == r }

func (s *Stance) speakerOf(raw []stRawMention, k int) stSpeaker {
	rm := &raw[k]
	a := &s.m.actors[rm.actor]
	side, camp := s.actorSide[rm.actor], s.actorCamp[rm.actor]
	if rm.former {
		return stSpeaker{camp: stSpeakerOther, person: true, mention: int32(k), gender: a.gender}
	}
	if rm.other {
		if a.Camp != OtherCamp {
			side = 0 // an office holder outside their term
		}
		camp = stSpeakerOther
	}
	return stSpeaker{actor: rm.actor + 1, camp: camp, side: side, person: a.person, mention: int32(k), gender: a.gender}
}

// unnamed is a speaker outside the lexicon: an unnamed source or an
// unlisted name. In a publisher's article it is the publisher's voice when
// it is not a name ("the President said" in a presidential release).
func (s *Stance) unnamed(st *stArticleState, named bool) stSpeaker {
	if st.pub != nil && !named {
		return s.publisherSpeaker(st.pub)
	}
	return stSpeaker{camp: stSpeakerOther, person: named, mention: -1}
}

func (s *Stance) publisherSpeaker(p *stPublisher) stSpeaker {
	return stSpeaker{actor: p.speakerActor, camp: p.speakerCamp, side: p.side, mention: -1, voice: true}
}

func stMentionEndingAt(raw []stRawMention, end int) int {
	for k := range raw {
		if int(raw[k].tokEnd) == end {
			return k
		}
	}
	return -1
}

func stMentionStartingAt(raw []stRawMention, start int) int {
	for k := range raw {
		if int(raw[k].tokStart) == start || int(raw[k].headTok) == start {
			return k
		}
	}
	return -1
}

// attribute finds the sentence's speaker and updates the article state.
// reports are the indexes of (at least) the reporting verbs among the
// tokens, in order; all is the union of the tokens' word classes.
func (s *Stance) attribute(text string, toks []stToken, reports []int32, all stWordInfo, raw []stRawMention, st *stArticleState, startsInQuote bool) stSpeaker {
	// An attribution in the sentence itself. "Name: ..." at the start is a
	// headline or a transcript turn; most sentences have no colon among
	// those tokens, and one byte search rules it out. Most have no
	// reporting verb either: the calls are made only when needed.
	sp, ok := stSpeaker{}, false
	if lim := min(len(toks)-1, 24); lim >= 1 {
		if c := strings.IndexByte(text[toks[1].start:], ':'); c >= 0 && int(toks[1].start)+c < int(toks[lim].end) {
			sp, ok = s.colonSpeaker(text, toks, raw, st, lim)
		}
	}
	if !ok && len(raw) > 0 && strings.IndexByte(text, '@') >= 0 {
		sp, ok = s.tweetSpeaker(toks, raw)
	}
	turn := ok
	if !ok && all.has(stReportWords) {
		sp, ok = s.reportSpeaker(text, toks, reports, raw, st)
	}
	if !turn && st.transcript.camp != stSpeakerNoCamp && !(ok && sp.person && sp.mention >= 0) {
		// Inside a transcript's turn the turn's speaker says what it
		// reports of a country, a body or "they" ("One day Kiev says
		// that they will comply", in Putin's turn); a person named as
		// saying something ("Vladimir Putin said that …") may be the
		// release's narration after the turn.
		sp, ok = st.transcript, true
		sp.mention = -1
	}
	if !ok {
		// A quotation that continues from the previous sentence, or a
		// sentence that is only a quotation right after an attributed
		// one, keeps the previous speaker.
		quoteOnly := len(toks) > 0 && (startsInQuote || stIsQuoteTok(&toks[0]) || stDashQuote(toks))
		switch {
		case quoteOnly && st.prev.camp != stSpeakerNoCamp:
			sp = st.prev
			sp.mention = -1
		case st.transcript.camp != stSpeakerNoCamp:
			sp = st.transcript
			sp.mention = -1
		case st.pub != nil:
			sp = s.publisherSpeaker(st.pub)
		default:
			sp = stNoSpeaker
		}
	}
	// Remember antecedents for pronouns: each person named, in order; a
	// person named inside a quotation ("The ministry said: 'Putin's plans
	// are clear.'") is seldom the next "he" or "she". The first of them
	// within the sentence's first eight tokens, not a possessive, is its
	// subject, which a pronoun opening the next sentence refers to
	// ("France's president, Emmanuel Macron, who …"; not "Responding to
	// Charles Michel's call, the President of Russia …").
	subject := false
	for k := range raw {
		rm := &raw[k]
		if !s.m.actors[rm.actor].person || toks[rm.headTok].inQuote {
			continue
		}
		p := s.speakerOf(raw, k)
		p.mention = -1
		st.notePerson(p)
		if !subject && rm.tokStart <= 8 && !stPossessiveAt(toks, int(rm.tokEnd)) {
			st.subject, st.subjectAt, subject = p, st.n, true
		}
	}
	// And, in the order named so that the latest wins, the last thing
	// named, for "it" and "the ministry said", the last that is no
	// country, and the bodies named with an institution noun (see
	// bodySpeaker).
	for k := range raw {
		a := &s.m.actors[raw[k].actor]
		if a.person || raw[k].other || raw[k].ours { // "they" is not "our country"
			continue
		}
		b := s.speakerOf(raw, k)
		b.mention = -1
		st.lastBody, st.lastBodyAt = b, st.n
		if !a.country {
			st.lastInst = b
		}
		if bits := s.mentionBodyBits(text, toks, raw, k); bits != 0 {
			st.noteBody(stBody{b, bits, st.n})
		}
	}
	if sp.person && (sp.actor == 0 || sp.office) {
		p := sp
		p.mention = -1
		st.notePerson(p)
	}
	if !sp.person && !sp.voice && sp.actor != 0 && sp.camp != stSpeakerNoCamp {
		st.lastBody, st.lastBodyAt = sp, st.n
		st.lastBody.mention = -1
		st.lastInst = st.lastBody
		if bits := s.speakerBodyBits(sp); bits != 0 {
			st.noteBody(stBody{st.lastBody, bits, st.n})
		}
	}
	st.n++
	st.prev = sp
	return sp
}

// colonSpeaker looks for the speaker of "Name: ..." with the colon among
// tokens 1 to lim, a headline or a transcript turn.
func (s *Stance) colonSpeaker(text string, toks []stToken, raw []stRawMention, st *stArticleState, lim int) (stSpeaker, bool) {
	for c := 1; c <= lim; c++ {
		if !stPunctIs(&toks[c], ':') {
			continue
		}
		if c+1 < len(toks) && toks[c+1].word && !toks[c].spaceAfter {
			break // 10:30, http://
		}
		if stLowerWords(text, toks[:c]) > 2 {
			break // a clause, not a name: "And we repeat to each of the invaders: …"
		}
		best := -1
		for k := range raw {
			if int(raw[k].tokEnd) <= c && stLowerWords(text, toks[raw[k].tokEnd:c]) == 0 {
				if best < 0 || s.m.actors[raw[k].actor].person || !s.m.actors[raw[best].actor].person {
					best = k
				}
			}
		}
		verb := false
		for j := 0; j < c; j++ {
			if stWordInfo(toks[j].info).has(swReport) {
				verb = true
			}
		}
		if verb {
			break
		}
		if best >= 0 {
			sp := s.speakerOf(raw, best)
			if st.pub != nil {
				st.transcript = sp
			}
			return sp, true
		}
		// "Prime Minister of India Narendra Modi (retranslated):" — a name
		// outside the lexicon is a speaker outside the camps. One word is a
		// name only as a transcript's label ("Question:"), not as an
		// opener ("Obviously: …", "Listen: …").
		if c == 1 && !stIsAnyWord(text, &toks[0], stTurnLabels...) {
			break
		}
		// A lower-case word may stand in a quotation the label opens (a
		// nickname), not in one that began before the sentence ("… But
		// understand: we cannot wait,” Kuleba said").
		name := true
		for j := 0; j < c; j++ {
			t := &toks[j]
			if t.word && !stIsCapitalised(t) && !stIsWord(text, t, "of") && !(t.inQuote && !toks[0].inQuote) && !(j > 0 && stPunctIs(&toks[j-1], '(')) {
				name = false
				break
			}
		}
		if name && toks[0].word {
			sp := stSpeaker{camp: stSpeakerOther, person: true, mention: -1}
			if st.pub != nil {
				st.transcript = sp
			}
			return sp, true
		}
		break
	}
	return stSpeaker{}, false
}

// tweetSpeaker finds the signature of an embedded tweet, "— Dmytro Kuleba
// (@DmytroKuleba) May 26, 2022": a dash, a mention, and the handle in
// brackets. The tweet's author speaks.
func (s *Stance) tweetSpeaker(toks []stToken, raw []stRawMention) (stSpeaker, bool) {
	for k := range raw {
		i, e := int(raw[k].tokStart), int(raw[k].tokEnd)
		if i == 0 || e+1 >= len(toks) || toks[e].punct != '(' || toks[e+1].punct != '@' {
			continue
		}
		if stIsDash(&toks[i-1]) {
			return s.speakerOf(raw, k), true
		}
	}
	return stSpeaker{}, false
}

// reportSpeaker looks for the subject or object of a reporting verb, or
// the source after "according to". reports are the indexes of (at least)
// the reporting verbs among the tokens, in order.
func (s *Stance) reportSpeaker(text string, toks []stToken, reports []int32, raw []stRawMention, st *stArticleState) (stSpeaker, bool) {
	front := stFrontClauseEnd(text, toks)
	for _, r := range reports { // the reporting verbs, in order
		v := int(r)
		if v < front {
			continue // "After Russia announced …, the US said …": the main clause speaks
		}
		w := stWordInfo(toks[v].info)
		if !w.has(swReport | swWeakReport) {
			continue // another kind of word in the list
		}
		t := &toks[v]
		if !t.word || t.inQuote || t.inMention {
			continue
		}
		quoteReport := w.has(swWeakReport) && stLowerLookup(stQuoteReports, text[t.start:t.end])
		if quoteReport && stQuoteClose(toks, v) < 0 {
			continue // "Russia continued to shell Kyiv", "the talks concluded"
		}
		if v > 0 && !toks[v-1].word && !toks[v-1].spaceAfter && stPunctIs(&toks[v-1], '-') {
			continue // "so-called", "long-awaited"
		}
		if stIsWord(text, t, "according") {
			if v+1 < len(toks) && stIsWord(text, &toks[v+1], "to") {
				if sp, ok := s.lookRight(text, toks, raw, v+2, st); ok {
					return sp, true
				}
				return s.unnamed(st, false), true
			}
			continue
		}
		if v > 0 {
			p := &toks[v-1]
			pw := stWordInfo(p.info)
			if p.word && (pw.has(swNeg|swBlockBefore|swDet) || stIsWord(text, p, "n") || stIsWord(text, p, "t")) {
				continue // "declined to say", "did not say", "didn't say", "the remarks"
			}
		}
		if stPassiveReport(text, toks, v) {
			continue // "could not be independently confirmed", "was reported"
		}
		if stLowerLookup(stModalReports, text[t.start:t.end]) && stModalJustBefore(text, toks, v) {
			// "what the representatives of Russia will say", "Critics
			// would say …", "Biden can say: …": a statement foreseen or
			// imagined is none made, and the sentence reports nothing
			// (not "he threatens" in what the critics would say).
			return stSpeaker{}, false
		}
		if stIsAnyWord(text, t, "convinced", "believe") && stLaterReport(text, toks, reports, v) {
			// "Putin is still convinced that …, added the US intelligence
			// director"; "Western officials believe …, the minister said"
			continue
		}
		if stRelativeBeforeAccording(text, toks, raw, reports, v) {
			continue // "which Russia points out among the demands, according to Zelenskyy"
		}
		if stThanksTo(text, toks, v) {
			continue // "the line held thanks to Western arms": because of, not a statement
		}
		if stNoContent(text, toks, v) {
			continue
		}
		if stConditionalSubject(text, toks, v) {
			continue // "if Russia threatens an attack": no statement is reported
		}
		if v+1 < len(toks) && stIsWord(text, &toks[v+1], "by") && !stBySaying(text, toks, v) {
			switch {
			case !stPassiveAuxBefore(text, toks, v):
				// A participle with its agent and no auxiliary qualifies
				// a noun ("the sanctions announced by London are …",
				// "Peskov, quoted by Kommersant, said …"): the agent is
				// not the sentence's speaker.
				continue
			case !stIsWord(text, t, "asked"):
				// "Kyiv was warned by Washington that …": the agent
				// speaks, not the subject; "Ukraine is threatened by a
				// Russian attack" reports no statement at all. (One
				// "asked by reporters" still answers in the sentences
				// after.)
				if sp, ok := s.passiveAgent(text, toks, raw, v, st); ok {
					return sp, true
				}
				continue
			}
		}
		// Subject on the left: skip fillers and a comma-delimited appositive.
		j := v - 1
		skipFill := func() {
			for j >= 0 && toks[j].word && (stWordInfo(toks[j].info).has(swFiller) || stIsAdverb(text, &toks[j])) && stMentionEndingAt(raw, j+1) < 0 {
				j--
			}
		}
		ing := strings.HasSuffix(text[t.start:t.end], "ing")
		skipFill()
		if ing && v > 0 && stIsWord(text, &toks[v-1], "as") {
			if sp, ok := s.quotedAs(text, toks, raw, v-1); ok {
				return sp, true // "Putin was quoted by Russian news agencies as saying"
			}
		}
		if ing && stProgressive(text, toks, v) {
			// "Reuters is reporting", "Kyiv was warning": a finite verb,
			// whose subject is on the left as for "said". A news outlet
			// reporting another's statement ("AP is reporting that
			// Medinsky said …") passes the sentence on to that speaker.
			if stIsWord(text, t, "reporting") && stLaterReport(text, toks, reports, v) {
				continue
			}
			ing = false
		} else if stIsWord(text, t, "reporting") {
			continue // "reporting of the war", "additional reporting by"
		}
		if ing {
			// "…, warning that …": the participle's subject is the main
			// clause's, when the sentence starts with a mention; so is a
			// second participle's after "and" ("…, backing Ukraine's
			// stance and warning that …").
			if j >= 0 && (stPunctIs(&toks[j], ',') || stIsWord(text, &toks[j], "and") && stCommaParticiple(text, toks, j)) &&
				len(raw) > 0 && raw[0].tokStart <= 3 && int(raw[0].tokEnd) <= j {
				return s.speakerOf(raw, 0), true
			}
			continue
		}
		if j >= 1 && stPunctIs(&toks[j], ',') && !toks[j].inQuote {
			// "The U.S. envoy to the UN, Nikki Haley, called …": the name in
			// apposition is the speaker.
			if m := stMentionEndingAt(raw, j); m >= 0 && s.m.actors[raw[m].actor].person {
				return s.speakerOf(raw, m), true
			}
		}
		commaBefore := j >= 0 && stPunctIs(&toks[j], ',') && !toks[j].inQuote
		if commaBefore && stIsAnyWord(text, t, "said", "says", "added", "noted", "stressed", "emphasised", "emphasized", "explained", "insisted", "concluded", "wrote") &&
			stNameEndsSentence(text, toks, v) {
			// "…, the willingness to negotiate will decrease, said
			// Volodymyr Zelenskyy.": a verb that takes no object, with a
			// name alone after it, is the inverted order, whatever the
			// comma before it might close.
			if sp, ok := s.lookRight(text, toks, raw, v+1, st); ok {
				return sp, true
			}
		}
		if commaBefore {
			// An appositive of up to 14 tokens; a longer one (up to 24)
			// only after a person's name ("Prof Paul Dibb, an emeritus
			// professor at … and former director of …, said"), else
			// "…, said X" is the inverted order.
			for k := j - 1; k >= 0 && k >= j-24; k-- {
				if stPunctIs(&toks[k], ',') {
					if k < j-14 && !s.longAppositive(toks, raw, k) || s.personOpens(raw, k+1, j) {
						break
					}
					if k > 0 && toks[k-1].word {
						if sp, ok := s.appositiveSpeaker(text, toks, raw, k, j); ok {
							return sp, true
						}
						j = k - 1
						skipFill()
					}
					break
				}
				if stIsQuoteTok(&toks[k]) {
					break
				}
			}
		}
		if j >= 2 && stPunctIs(&toks[j], ')') {
			// "The International Atomic Energy Agency (IAEA) said": an
			// acronym or a gloss in parentheses after the subject.
			for k := j - 1; k >= 1 && k >= j-4; k-- {
				if stPunctIs(&toks[k], '(') {
					if toks[k-1].word {
						j = k - 1
					}
					break
				}
				if !toks[k].word {
					break
				}
			}
		}
		if j >= 0 && toks[j].word {
			weak := w.has(swWeakReport) && !w.has(swReport) && !quoteReport
			if sp, ok := s.subjectAt(text, toks, raw, j, st, weak); ok {
				return sp, true
			}
			if weak {
				continue
			}
		}
		// Inverted order: `"...," said Putin`, `..., the Kremlin said.`
		// A comma before the verb, taken above for an appositive's end,
		// may end the statement instead ("…, infrastructure and workers,
		// said WHO chief Dr Tedros."): the inverted order, when a name
		// alone follows the verb.
		if j < 0 || !toks[j].word || commaBefore && stNameAloneAfter(text, toks, v) {
			if sp, ok := s.lookRight(text, toks, raw, v+1, st); ok {
				return sp, true
			}
		}
	}
	return stSpeaker{}, false
}

// stProgressive reports a reporting verb in -ing after a form of "be",
// with adverbs between: "Reuters is reporting", "officials are now
// warning". The participle alone ("…, warning that …") is not one.
func stProgressive(text string, toks []stToken, v int) bool {
	k := v - 1
	for k >= 0 && toks[k].word && (stIsAdverb(text, &toks[k]) || stIsAnyWord(text, &toks[k], "also", "now", "still", "already")) {
		k--
	}
	if k < 1 || !toks[k].word || !stIsAnyWord(text, &toks[k], "is", "are", "was", "were") {
		return false
	}
	// "Listen to what Mr. Putin is saying": the object of another verb.
	for i := k - 1; i >= 0 && i >= k-5; i-- {
		if stIsAnyWord(text, &toks[i], "what", "whatever") {
			return false
		}
		if !toks[i].word && !stPunctIs(&toks[i], '.') {
			break
		}
	}
	return true
}

// stBySaying reports a reply given "by saying": "Putin responded by
// saying that …", "Starmer replied by telling MPs …". The verb reports
// what follows; "by" names no agent.
func stBySaying(text string, toks []stToken, v int) bool {
	return v+2 < len(toks) && stIsAnyWord(text, &toks[v], "responded", "replied", "answered", "reacted") &&
		stIsAnyWord(text, &toks[v+2], "saying", "telling", "stating", "warning", "insisting", "arguing", "noting", "claiming")
}

// stQuoteClose returns the index of the token that closes a quotation
// right before token v, with at most three words (a verb's subject)
// between, or -1: a closing quotation mark after punctuation ("…,” he
// concluded", "…,” the report concluded") or a spaced dash, which closes
// a quotation in some outlets' style ("… in the future - continued
// Kwasniewski").
func stQuoteClose(toks []stToken, v int) int {
	for k := v - 1; k > 0 && k >= v-4; k-- {
		t := &toks[k]
		if t.word {
			continue
		}
		if stIsQuoteTok(t) && !toks[k-1].word || stIsDash(t) && t.spaceAfter && toks[k-1].spaceAfter {
			return k
		}
		return -1
	}
	return -1
}

// stIsDash reports whether t is a hyphen or a dash (a word token's punct
// is 0).
func stIsDash(t *stToken) bool { return t.punct == '-' || t.punct == '–' || t.punct == '—' }

// stRelativeBeforeAccording reports a reporting verb at token v whose subject,
// the mention right before it, opens a relative clause ("which Russia
// points out"), when "according to" follows later in the sentence: the
// attribution that carries the claim is that one ("…, which Russia
// points out among the demands on Ukraine, according to Volodymyr
// Zelenskyy, it is aimed at …"). Without one the relative clause speaks
// ("which the US says Russia has used").
func stRelativeBeforeAccording(text string, toks []stToken, raw []stRawMention, reports []int32, v int) bool {
	k := stMentionEndingAt(raw, v)
	if k < 0 {
		return false
	}
	p := int(raw[k].tokStart) - 1
	if p > 0 && stIsWord(text, &toks[p], "the") {
		p-- // "which the Kremlin demands"
	}
	if p < 0 || !stIsAnyWord(text, &toks[p], "which", "that") {
		return false
	}
	for _, r := range reports {
		q := int(r)
		if q <= v {
			continue
		}
		if q+1 < len(toks) && stIsWord(text, &toks[q], "according") && stIsWord(text, &toks[q+1], "to") {
			return true
		}
		if t := &toks[q]; t.word && !t.inQuote && stWordInfo(t.info).has(swReport) && stPunctBetween(toks, v+1, q) {
			return true // "…, which the Kremlin demands from the west, the minister stated"
		}
	}
	return false
}

// stNameEndsSentence reports whether the words after token v are a name
// and its title alone, as for stNameAloneAfter, that end the sentence:
// nothing but a full stop (or "!", "?", a closing quote) follows them
// ("…, said Volodymyr Zelenskyy."; not "said Yevgeny Prigozhin, the
// leader of …, had implicated", nor "said Florida Gov. Ron DeSantis was").
func stNameEndsSentence(text string, toks []stToken, v int) bool {
	if !stNameAloneAfter(text, toks, v) {
		return false
	}
	k := v + 1
	for k < len(toks) && toks[k].word {
		k++
	}
	for ; k < len(toks); k++ {
		t := &toks[k]
		if t.word || !(stPunctIs(t, '.') || stPunctIs(t, '!') || stPunctIs(t, '?') || stIsQuoteTok(t)) {
			return false
		}
	}
	return true
}

// stNameAloneAfter reports whether the words after token v up to a comma,
// a semicolon or the sentence's end are a name and its title alone:
// capitalised words, articles and role nouns, at least one of them
// capitalised ("said WHO chief Dr Tedros.", "said the Ukrainian
// President."). A verb or an object after the name ("said Johnson had
// broken", "welcomed Helsinki's statement") makes it no inverted subject.
func stNameAloneAfter(text string, toks []stToken, v int) bool {
	named := false
	for k := v + 1; k < len(toks); k++ {
		t := &toks[k]
		if !t.word {
			return named && (stPunctIs(t, ',') || stPunctIs(t, '.') || stPunctIs(t, ';'))
		}
		if !t.capital && !stWordInfo(t.info).has(swRoleNoun) && !stIsAnyWord(text, t, "the", "a", "an") {
			return false // "suggested that the Kremlin …" is no name
		}
		named = named || t.capital
	}
	return named
}

// quotedAs returns the subject of "X was quoted (by …) as" or "X was
// cited as", the "as" at token a: the mention right before the passive
// auxiliary, within ten words before "as" and no punctuation between.
func (s *Stance) quotedAs(text string, toks []stToken, raw []stRawMention, a int) (stSpeaker, bool) {
	for q := a - 1; q >= 1 && q >= a-10 && toks[q].word; q-- {
		if !stIsAnyWord(text, &toks[q], "quoted", "cited") {
			continue
		}
		aux := q - 1
		if !stIsAnyWord(text, &toks[aux], "was", "were", "is", "are", "been") {
			break
		}
		if stIsWord(text, &toks[aux], "been") && aux > 0 && stIsAnyWord(text, &toks[aux-1], "has", "have", "had") {
			aux--
		}
		if k := stMentionEndingAt(raw, aux); k >= 0 {
			return s.speakerOf(raw, k), true
		}
		break
	}
	return stSpeaker{}, false
}

// stConditionalSubject reports "if", "unless" or "in case" before the
// subject of the verb at token v, within five words and with no
// punctuation between ("in case Russia threatens"), or "should" so placed
// at the clause's start ("Should Moscow warn …"; "Russia should be told"
// is no condition).
func stConditionalSubject(text string, toks []stToken, v int) bool {
	for k := v - 1; k >= 0 && k >= v-6; k-- {
		t := &toks[k]
		if !t.word {
			return false
		}
		if k == v-1 {
			continue // the subject comes between
		}
		if stIsAnyWord(text, t, "if", "unless") || stIsWord(text, t, "case") && k > 0 && stIsWord(text, &toks[k-1], "in") {
			return true
		}
		if stIsWord(text, t, "should") && (k == 0 || !toks[k-1].word || stIsAnyWord(text, &toks[k-1], "and", "but", "or")) {
			return true
		}
	}
	return false
}

// stThanksTo reports "thanks to", possibly with an adverb or "in part"
// between ("thanks largely to", "thanks in part to"): a preposition, not
// the verb.
func stThanksTo(text string, toks []stToken, v int) bool {
	if !stIsWord(text, &toks[v], "thanks") {
		return false
	}
	k := v + 1
	if k+1 < len(toks) && stIsWord(text, &toks[k], "in") && stIsWord(text, &toks[k+1], "part") {
		k += 2
	} else if k < len(toks) && toks[k].word && stIsAdverb(text, &toks[k]) {
		k++
	}
	return k < len(toks) && stIsWord(text, &toks[k], "to")
}

// stPassiveReport reports a reporting verb in the passive, not followed by
// "by": "was reported", "could not be independently confirmed".
func stPassiveReport(text string, toks []stToken, v int) bool {
	if v+1 < len(toks) && stIsWord(text, &toks[v+1], "by") || stIsWord(text, &toks[v], "convinced") {
		return false // "is convinced that" is the subject's belief
	}
	if strings.HasSuffix(text[toks[v].start:toks[v].end], "ing") {
		return false // "Reuters is reporting": progressive, not passive
	}
	return stPassiveAuxBefore(text, toks, v)
}

// stPassiveAuxBefore reports a passive auxiliary ("was", "been", ...)
// within the three words before token v, with only adverbs between
// ("could not be independently confirmed").
func stPassiveAuxBefore(text string, toks []stToken, v int) bool {
	for k := v - 1; k >= 0 && k >= v-3; k-- {
		t := &toks[k]
		if !t.word {
			return false
		}
		if stIsPassiveAux(text, t, false) {
			return true
		}
		if !stIsAdverb(text, t) {
			return false
		}
	}
	return false
}

// passiveAgent returns the speaker named as the agent of the passive
// reporting verb at token v, after "by": a mention, a name or an unnamed
// source heading the phrase ("by Washington", "by the Chancellor of
// Germany", "by analysts"), not one inside it ("by the war in Ukraine",
// "by the current energy crisis in Europe"). A threat in the passive is
// harm, not speech ("is threatened by a Russian attack").
func (s *Stance) passiveAgent(text string, toks []stToken, raw []stRawMention, v int, st *stArticleState) (stSpeaker, bool) {
	if stIsAnyWord(text, &toks[v], "threatened", "threatens", "threaten") {
		return stSpeaker{}, false
	}
	k := v + 2
	det := k < len(toks) && stWordInfo(toks[k].info).has(swDet)
	if det {
		k++
	}
	if k >= len(toks) || !toks[k].word ||
		!stIsCapitalised(&toks[k]) && !stWordInfo(toks[k].info).has(swUnnamed|swRoleNoun) && stMentionStartingAt(raw, k) < 0 {
		return stSpeaker{}, false
	}
	sp, ok := s.lookRight(text, toks, raw, k, st)
	if !ok || sp.mention >= 0 && s.m.prepositionIn(text, toks, k, int(raw[sp.mention].tokStart)) {
		return stSpeaker{}, false
	}
	if det && sp.mention < 0 && sp.person {
		// "by the President": a description, as before a reporting
		// verb (the publisher in a release, see nameAt)
		return s.unnamed(st, false), true
	}
	return sp, true
}

// prepositionIn reports a preposition among toks[lo:hi] that ends the
// phrase's head: "the war in Ukraine", "the invasion of Ukraine", but not
// "the Chancellor of Germany" or "the leaders of the EU".
func (m *stMatcher) prepositionIn(text string, toks []stToken, lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if stIsWord(text, &toks[k], "of") {
			if k == lo || !stIsCapitalised(&toks[k-1]) && !stWordInfo(toks[k-1].info).has(swRoleNoun|swSpeechNoun|swUnnamed) && !stIsAnyWord(text, &toks[k-1], "leaders", "members") {
				return true
			}
			continue
		}
		if toks[k].word && m.inSet(stSetPreposition, text, &toks[k]) {
			return true
		}
	}
	return false
}

// stIsPassiveAux reports whether token t is "be", "been", "being", "was",
// "were", "is" or "are", or with got "got", as [stIsWord] reports it for
// each: a plain word is compared as it is (no other spelling folds to
// these), other words ignoring case. One switch replaces a call per word.
func stIsPassiveAux(text string, t *stToken, got bool) bool {
	if !t.word {
		return false
	}
	w := text[t.start:t.end]
	if t.plain {
		switch w {
		case "be", "been", "being", "was", "were", "is", "are":
			return true
		case "got":
			return got
		}
		return false
	}
	for _, aux := range [...]string{"be", "been", "being", "was", "were", "is", "are"} {
		if strings.EqualFold(w, aux) {
			return true
		}
	}
	return got && strings.EqualFold(w, "got")
}

// stNoContent reports verbs that report no content: "told reporters about the
// talks" (no "that", quote or colon before "about"), "pleaded guilty",
// "appealed against" (a court's words), "points" but in "points out",
// "convinced" but before "that" ("is convinced that Russia must be held
// accountable", not "convinced of its impunity" or "convinced them"),
// "spoke" and "speaks" but before a position ("spoke in favour of",
// "spoke out", "spoke against"; not "spoke to reporters", "spoke about
// the talks"), and a bare present (warn, urge, insist, argue, believe,
// ...) after a modal or in a question (see stModalBefore).
func stNoContent(text string, toks []stToken, v int) bool {
	// The verb is compared as [stIsWord] compares it, once for all
	// four verbs: a plain word as it is, others ignoring case.
	t := &toks[v]
	if !t.word {
		return false
	}
	w := text[t.start:t.end]
	var responded, told bool
	if t.plain {
		switch w {
		case "responded", "replied", "reacted":
			responded = true
		case "told":
			told = true
		}
	} else {
		responded = strings.EqualFold(w, "responded") || strings.EqualFold(w, "replied") || strings.EqualFold(w, "reacted")
		told = strings.EqualFold(w, "told")
	}
	if v+1 < len(toks) && (stIsWord(text, t, "pleaded") && stIsAnyWord(text, &toks[v+1], "guilty", "not", "innocent") ||
		stIsWord(text, t, "appealed") && stIsWord(text, &toks[v+1], "against")) {
		return true // a plea in court, an appeal against a sentence
	}
	if stIsAnyWord(text, t, "pushed", "pushes") {
		// Only a rebuttal pushes back: "Putin pushed back against
		// allegations that …", not "Ukrainian forces pushed back
		// against Russia's incursion" or "pushed into the city".
		if v+3 >= len(toks) || !stIsWord(text, &toks[v+1], "back") || !stIsAnyWord(text, &toks[v+2], "against", "on") {
			return true
		}
		k := v + 3
		if k+1 < len(toks) && stIsAnyWord(text, &toks[k], "the", "any", "these", "those", "such") {
			k++ // "against the notion", "against any “false peace”"
			if stIsQuoteTok(&toks[k]) {
				return false
			}
		}
		return !toks[k].word || !stLowerLookup(stRebutted, text[toks[k].start:toks[k].end])
	}
	if stIsWord(text, t, "points") && (v+1 >= len(toks) || !stIsWord(text, &toks[v+1], "out")) {
		return true // "the hottest points", "points to": only "points out" reports
	}
	if stIsAnyWord(text, t, "adds", "added", "adding") && v+1 < len(toks) && stIsAnyWord(text, &toks[v+1], "to", "maximum", "fuel", "weight", "pressure") {
		// "the soldier adds to the number of Americans held", "the
		// violation adds maximum cynicism to this picture": no report
		return true
	}
	if stIsWord(text, t, "convinced") {
		return !stConvincedThat(text, toks, v)
	}
	if stLowerLookup(stBareReports, text[t.start:t.end]) {
		return stModalBefore(text, toks, v) || len(toks) > 0 && stPunctIs(&toks[len(toks)-1], '?')
	}
	if stIsAnyWord(text, t, "spoke", "speaks") {
		return !stSpokeForOrAgainst(text, toks, v)
	}
	if responded && v+1 < len(toks) {
		n := &toks[v+1]
		if stIsWord(text, n, "with") || stIsWord(text, n, "by") && !stBySaying(text, toks, v) || stIsWord(text, n, "to") {
			return true // "Russia responded by shelling …", but "… by saying that …" reports
		}
	}
	if !told {
		return false
	}
	for k := v + 1; k < len(toks) && k <= v+5; k++ {
		if !toks[k].word {
			return false
		}
		if stWordInfo(toks[k].info).has(swNoContent) {
			return true
		}
		if stIsWord(text, &toks[k], "that") {
			return false
		}
	}
	return false
}

// stOutsideTexts are a text, or its authors, that a sentence cites after
// "the": a publication outside the camps, whose words a release digests
// ("According to the authors, Russia …", "… , the article reads" in a
// President-of-Ukraine release) and which is not the publisher's voice,
// as "according to experts" in Putin's speeches is his. Only after "the"
// and at most one lower-case word (stDefiniteBefore): "the Pravda
// article", "the Kremlin's statement" are left to the other rules.
var stOutsideTexts = stWordSet(`authors author article publication study survey poll newspaper magazine
	journal`)

// stDefiniteBefore reports "the" right before token j, with at most one
// lower-case word between ("the new study").
func stDefiniteBefore(text string, toks []stToken, j int) bool {
	for k := j - 1; k >= 0 && k >= j-2; k-- {
		t := &toks[k]
		if !t.word {
			return false
		}
		if stIsWord(text, t, "the") {
			return true
		}
		if stIsCapitalised(t) {
			return false
		}
	}
	return false
}

// stRebutted are what a speaker pushes back against, the word after
// "pushed back against" (and "the", "any", ...): a statement, not a force.
var stRebutted = stWordSet(`allegations allegation claims claim accusations accusation criticism
	suggestions suggestion reports report notion notions idea ideas calls what that`)

// stCommaParticiple reports a comma followed by a word ending in "ing"
// before token j, with no other punctuation between but apostrophes
// ("…, backing Ukraine's stance and"): the participial clause that an
// "and" at j continues.
func stCommaParticiple(text string, toks []stToken, j int) bool {
	for k := j - 1; k > 0; k-- {
		t, p := &toks[k], &toks[k-1]
		if stPunctIs(p, ',') {
			return t.word && strings.HasSuffix(text[t.start:t.end], "ing")
		}
		if !t.word && !stPunctIs(t, '\'') && !stPunctIs(t, '’') {
			return false
		}
	}
	return false
}

// stLaterReport reports a word of swReport after token v, outside
// quotations, among the listed words.
func stLaterReport(text string, toks []stToken, reports []int32, v int) bool {
	for _, r := range reports {
		if t := &toks[r]; int(r) > v && t.word && !t.inQuote && stWordInfo(t.info).has(swReport) {
			return true
		}
	}
	return false
}

// stModalReports are the bare reporting verbs that report nothing after a
// modal (stModalJustBefore). "tell" is not one: "Boris Johnson will tell
// world leaders that …" announces a speech briefed in advance.
var stModalReports = stWordSet(`say claim deny argue accuse blame condemn answer respond reply`)

// stModalJustBefore reports whether a modal verb (will, would, could, can,
// must, should, may, might, shall) comes right before token v, adverbs
// apart.
func stModalJustBefore(text string, toks []stToken, v int) bool {
	k := stSkipAdverbsBack(text, toks, v)
	return k >= 0 && toks[k].word && stIsModal(text, &toks[k])
}

// stIsModal reports whether word token t is a modal verb: will, would,
// could, can, must, should, may, might or shall.
func stIsModal(text string, t *stToken) bool {
	return stIsAnyWord(text, t, "will", "would", "could", "can", "must", "should", "may", "might", "shall")
}

// stSkipAdverbsBack returns the index of the last token before v that is
// not an adverb (nor also, still, now, just, even), or -1.
func stSkipAdverbsBack(text string, toks []stToken, v int) int {
	k := v - 1
	for k >= 0 && toks[k].word && (stIsAdverb(text, &toks[k]) || stIsAnyWord(text, &toks[k], "also", "still", "now", "just", "even")) {
		k--
	}
	return k
}

// stModalBefore reports a modal or auxiliary verb, "to" or a negation
// right before the bare verb at token v, adverbs passed over ("could
// warn", "will insist", "did not urge"), or a verb of seeing or making
// whose object it follows ("letting Putin believe"). The bare present
// reports only as a subject's own verb ("Western officials believe",
// "experts warn").
func stModalBefore(text string, toks []stToken, v int) bool {
	k := stSkipAdverbsBack(text, toks, v)
	if k >= 0 && toks[k].word && (stIsModal(text, &toks[k]) || stIsAnyWord(text, &toks[k], "to", "not", "never", "did", "do", "does") ||
		stNotContraction(text, toks, k)) {
		return true
	}
	// The object of a verb of seeing or making, three words back at most
	// and no punctuation between: "the Kremlin, which watches the West
	// argue", "letting Putin believe".
	for q := k; q >= 0 && q >= k-3 && toks[q].word; q-- {
		if stIsAnyWord(text, &toks[q], "watch", "watches", "watched", "watching", "see", "sees", "saw", "seeing",
			"hear", "hears", "heard", "let", "lets", "letting", "make", "makes", "made", "making") {
			return true
		}
	}
	return false
}

// stConvincedThat reports "convinced" at token v as a verb of belief: a
// form of "be" or "remain" before it (an adverb may come between) and
// "that" after it ("Podolyak is convinced that ..."). Not a sentence's
// opening participle ("Convinced that Nato will never ..., Putin has
// ..."), whose subject follows.
func stConvincedThat(text string, toks []stToken, v int) bool {
	if v+1 >= len(toks) || !stIsWord(text, &toks[v+1], "that") {
		return false
	}
	k := v - 1
	if k >= 0 && toks[k].word && (stIsAdverb(text, &toks[k]) || stIsAnyWord(text, &toks[k], "also", "still")) {
		k--
	}
	return k >= 0 && (stIsPassiveAux(text, &toks[k], false) || stIsAnyWord(text, &toks[k], "am", "remains", "remain", "remained"))
}

// stSpokeForOrAgainst reports a position after "spoke" at token v: "in
// favour of" (or "favor"), "out" or "against".
func stSpokeForOrAgainst(text string, toks []stToken, v int) bool {
	if v+1 >= len(toks) {
		return false
	}
	n := &toks[v+1]
	if stIsAnyWord(text, n, "out", "against") {
		return true
	}
	return v+3 < len(toks) && stIsWord(text, n, "in") && stIsAnyWord(text, &toks[v+2], "favour", "favor") && stIsWord(text, &toks[v+3], "of")
}

// stPrivateSource reports whether word token t is one of stPrivateSources.
func stPrivateSource(text string, t *stToken) bool {
	return stLowerLookup(stPrivateSources, text[t.start:t.end])
}

// subjectAt interprets word token j, the last word before a reporting verb.
// weak verbs ("read") need a statement noun there.
func (s *Stance) subjectAt(text string, toks []stToken, raw []stRawMention, j int, st *stArticleState, weak bool) (stSpeaker, bool) {
	if stIsAnyWord(text, &toks[j], "and", "or", "but") {
		// "Truss avoided the question and said …": the subject is the
		// clause's, not the object before "and" ("Serbia condemned
		// Russian aggression and demanded …" is not Russia speaking)
		return s.clauseSubject(text, toks, raw, j, st)
	}
	if j >= 3 && stIsAnyWord(text, &toks[j], "allies", "partners") && stIsAnyWord(text, &toks[j-1], "its", "their") &&
		stIsWord(text, &toks[j-2], "and") {
		// "The US and its allies accuse Russia …": the side named first
		// speaks for them.
		if k := stMentionEndingAt(raw, j-2); k >= 0 {
			return s.speakerOf(raw, k), true
		}
	}
	w := stWordInfo(toks[j].info)
	if w.has(swRel) && j > 0 {
		// "Putin, who says ...", "which the US says"
		if k := stMentionEndingAt(raw, j); k >= 0 {
			return s.speakerOf(raw, k), true
		}
		if j > 1 && stPunctIs(&toks[j-1], ',') {
			if k := stMentionEndingAt(raw, j-1); k >= 0 {
				return s.speakerOf(raw, k), true
			}
		}
		return stSpeaker{}, false
	}
	if k := stMentionEndingAt(raw, j+1); k >= 0 && !weak {
		return s.speakerOf(raw, k), true
	}
	if stLowerLookup(stOutsideTexts, text[toks[j].start:toks[j].end]) && stDefiniteBefore(text, toks, j) {
		// "the article reads", "the authors note": a text the release
		// digests speaks, not the publisher.
		return stOtherSpeaker, true
	}
	if w.has(swSpeechNoun) || (!weak && w.has(swUnnamed)) {
		// "a Kremlin statement read", "Putin's spokesman said",
		// "Russian officials said" (when not already a mention).
		for k := j - 1; k >= 0 && k >= j-5; k-- {
			t := &toks[k]
			m := stMentionEndingAt(raw, k+1) // "U.S. officials": a mention may end in a stop
			if m < 0 && !t.word && !stPunctIs(t, '\'') && !stPunctIs(t, '’') && !stPunctIs(t, '-') {
				break
			}
			if m >= 0 {
				if stIsAnyWord(text, &toks[j], "critics", "critic") || (k+1 == j || toks[k+1].word) && stPrivateSource(text, &toks[j]) {
					// "Yukos' US lawyers claim", "British experts
					// believe", "the Kremlin's critics say": people of
					// a country or around a side, not its state; but
					// "Ukraine's lawyers argued" at a court speak for it.
					break
				}
				return s.speakerOf(raw, m), true
			}
			if t.word && stWordInfo(t.info).has(swReport) {
				break
			}
		}
		if weak && !w.has(swSpeechNoun) {
			return stSpeaker{}, false
		}
		if st.pub != nil {
			return s.publisherSpeaker(st.pub), true
		}
		// "the diplomat stressed", "the head of state said", "the
		// ministry said": a description of someone named before.
		role, body, def := w.has(swRoleNoun), w.has(swBodyNoun), false
		for k := j - 1; k >= 0 && k >= j-4; k-- {
			t := &toks[k]
			if !t.word {
				break
			}
			if stIsWord(text, t, "the") || stIsWord(text, t, "this") {
				def = true
				break
			}
			tw := stWordInfo(t.info)
			role = role || tw.has(swRoleNoun)
			body = body || tw.has(swBodyNoun)
		}
		if def {
			if sp, ok := s.describedSpeaker(text, toks, raw, j, role, body, st); ok {
				return sp, true
			}
		}
		return stOtherSpeaker, true
	}
	if weak {
		return stSpeaker{}, false
	}
	if sp, ok := s.groupSpeaker(text, toks, j, st); ok {
		return sp, true
	}
	switch {
	case w.has(swPersonPron):
		return s.resolvePerson(text, toks, raw, j, st), true
	case w.has(swThingPron):
		if st.prev.camp != stSpeakerNoCamp && !st.prev.person {
			sp := st.prev
			sp.mention = -1
			return sp, true
		}
		return stSpeaker{}, false
	case w.has(swSelfPron):
		return stSpeaker{}, false
	case toks[j].word && !stIsCapitalised(&toks[j]) && !w.has(swDet|swFiller|swRel|swNeg|swCond):
		return s.leftScan(text, toks, raw, j, st)
	case stIsCapitalised(&toks[j]) && j > 0 && !w.has(swDet|swFiller):
		if sp, ok := s.nameAt(text, toks, raw, j, st); ok {
			return sp, true
		}
		return s.leftScan(text, toks, raw, j, st)
	case j == 0 && stIsCapitalised(&toks[0]) && w == 0 && !stIsWord(text, &toks[0], "you") && stNamedBefore(st.before, text[toks[0].start:toks[0].end]):
		// "Koffler said": a sentence's first word is capitalised anyway,
		// so it is a name only when the article has given it as one
		// before ("Rebekah Koffler"; "Thank You" does not make "You" one);
		// unlisted, the speaker is other.
		return s.unnamed(st, true), true
	}
	return stSpeaker{}, false
}

// clauseSubject returns the speaker of a verb coordinated with an
// earlier one by the conjunction at token j: the mention (or "he", "she")
// that opens the clause, after the last comma before j and any
// determiner; nothing when the clause opens otherwise.
func (s *Stance) clauseSubject(text string, toks []stToken, raw []stRawMention, j int, st *stArticleState) (stSpeaker, bool) {
	k := j - 1
	for k >= 0 && !stPunctIs(&toks[k], ',') && !stPunctIs(&toks[k], ';') {
		k--
	}
	k++
	for k < j && toks[k].word && stWordInfo(toks[k].info).has(swDet) {
		k++
	}
	if k >= j {
		return stSpeaker{}, false
	}
	if m := stMentionStartingAt(raw, k); m >= 0 {
		return s.speakerOf(raw, m), true
	}
	if toks[k].word && stWordInfo(toks[k].info).has(swPersonPron) {
		return s.resolvePerson(text, toks, raw, k, st), true
	}
	return stSpeaker{}, false
}

// leftScan looks left of a subject's last word, within its phrase (up to
// eight tokens, not across punctuation or a verb), for the mention or
// unnamed source it belongs to: "Russia's acting governor of the region
// said", "NATO leaders meeting in Vilnius on Tuesday said", "Analysts at a
// Moscow-based consultancy said".
func (s *Stance) leftScan(text string, toks []stToken, raw []stRawMention, j int, st *stArticleState) (stSpeaker, bool) {
	for k := j; k >= 0 && k >= j-8; k-- {
		t := &toks[k]
		if !t.word {
			if stPunctIs(t, '-') || stPunctIs(t, '\'') || stPunctIs(t, '’') {
				continue
			}
			break
		}
		if m := stMentionEndingAt(raw, k+1); m >= 0 {
			return s.speakerOf(raw, m), true
		}
		w := stWordInfo(t.info)
		if w.has(swUnnamed) {
			return s.unnamed(st, false), true
		}
		if k < j && w.has(swReport|swHarm|swHelp|swBlame|swPraise|swRel) {
			break
		}
	}
	return stSpeaker{}, false
}

// nameAt interprets a capitalised word before a reporting verb, the end of
// a run of capitalised words: "Deputy Foreign Minister Sergei Ryabkov",
// "the Head of State". A camp mention right before the run gives its camp
// ("Russian Foreign Ministry Spokeswoman Maria Zakharova"); a run after a
// determiner is a description (an unnamed source, the publisher in a
// release); after a locative preposition it is a place, not a speaker;
// otherwise it is an unlisted name, speaker "other".
func (s *Stance) nameAt(text string, toks []stToken, raw []stRawMention, j int, st *stArticleState) (stSpeaker, bool) {
	k := j
	for k > 0 {
		t := &toks[k-1]
		if t.word && (stIsCapitalised(t) || stIsWord(text, t, "of")) && !t.inMention && !stWordInfo(t.info).has(swDet) {
			k--
			continue
		}
		if !t.word && (stPunctIs(t, '.') || stPunctIs(t, '-')) && !t.spaceAfter {
			k--
			continue
		}
		break
	}
	if m := stMentionEndingAt(raw, k); m >= 0 {
		return s.speakerOf(raw, m), true
	}
	if k > 0 {
		p := &toks[k-1]
		if p.word && s.m.inSet(stSetLocative, text, p) || stIsWord(text, p, "of") || stIsWord(text, p, "to") {
			return stSpeaker{}, false
		}
		if p.word && stWordInfo(p.info).has(swDet) {
			return s.unnamed(st, false), true
		}
		if p.word && !stIsCapitalised(p) && stWordInfo(p.info).has(swRoleNoun) && !stFormerRole(text, toks, k-1) {
			// "Germany's interior minister Nancy Faeser said": an unlisted
			// name after a role holds the office of the mention before it
			// (not a former one: "Finland's former prime minister Esko
			// Aho" speaks for no camp).
			if sp, ok := s.leftScan(text, toks, raw, k-1, st); ok {
				sp.person, sp.office = true, true // "he" after it is the office holder
				return sp, true
			}
		}
	}
	return s.unnamed(st, true), true
}

// stFormerRole reports "former" or "ex-" among the six words up to token
// j, the end of a role ("Finland's former prime minister", "Former UK
// foreign secretary", "ex-defence minister").
func stFormerRole(text string, toks []stToken, j int) bool {
	for k := j; k >= 0 && k > j-6; k-- {
		t := &toks[k]
		if !t.word {
			if stPunctIs(t, '-') || stPunctIs(t, '\'') || stPunctIs(t, '’') {
				continue
			}
			return false
		}
		if stIsAnyWord(text, t, "former", "ex", "retired", "onetime") {
			return true // also "Former UK foreign secretary ..."
		}
	}
	return false
}

// notePerson records p, a person named in the sentence at hand, as the
// latest of persons, moving it up if it is there already.
func (st *stArticleState) notePerson(p stSpeaker) {
	i := len(st.persons) - 1
	for j, q := range st.persons {
		if q.sp == p {
			i = j
			break
		}
	}
	copy(st.persons[1:i+1], st.persons[:i])
	st.persons[0] = stNamed{p, st.n}
}

// bodySpeaker resolves "the ministry said", the noun's bits (stBodyBits)
// given: the last institution or country named or speaking with that noun
// in its name or mention ("Ukraine's prosecutor general's office … the
// office added"), else the last institution that spoke or was named, not
// counting countries named (a country named in passing is seldom the
// ministry's), or else the last country.
func (st *stArticleState) bodySpeaker(bits uint16) (stSpeaker, bool) {
	if bits != 0 {
		for _, b := range st.bodies {
			if b.bits&bits != 0 && b.sp.camp != stSpeakerNoCamp && st.n-b.at <= stBodyRecent {
				return b.sp, true
			}
		}
	}
	if st.lastInst.camp != stSpeakerNoCamp {
		return st.lastInst, true
	}
	return st.lastBody, st.lastBody.camp != stSpeakerNoCamp
}

// stPronounGender is the gender of the pronoun at token t: female for
// "she" and "her", male for "he" and "him", else unknown.
func stPronounGender(text string, t *stToken) stGender {
	switch {
	case stIsAnyWord(text, t, "she", "her"):
		return stGenderFemale
	case stIsAnyWord(text, t, "he", "him"):
		return stGenderMale
	}
	return stGenderUnknown
}

// personFor returns the latest of the persons named that a pronoun of
// gender g can refer to, and the number of the sentence it was last named
// or referred to in (none: a zero stSpeaker and nil).
func (st *stArticleState) personFor(g stGender) (stSpeaker, *int) {
	for i := range st.persons {
		if q := &st.persons[i]; q.sp.camp != stSpeakerNoCamp && q.sp.gender.agrees(g) {
			return q.sp, &q.at
		}
	}
	return stSpeaker{}, nil
}

// stGroupNouns name the persons of a meeting together: "the leaders
// said", "both presidents stressed".
var stGroupNouns = stWordSet(`leaders presidents ministers premiers`)

// groupSpeaker resolves a group of persons named before, the subject at
// token j: "the leaders", "the two presidents", "both ministers" after
// "Joe Biden met Olaf Scholz" speak for the camp of the persons named
// (outside quotations) in the sentence before, when they share one;
// otherwise, and in a publisher's article (whose narration speaks in its
// voice), it does not resolve.
func (s *Stance) groupSpeaker(text string, toks []stToken, j int, st *stArticleState) (stSpeaker, bool) {
	if st.pub != nil || j < 1 || !stLowerLookup(stGroupNouns, text[toks[j].start:toks[j].end]) {
		return stSpeaker{}, false
	}
	d := j - 1
	if d >= 1 && stIsAnyWord(text, &toks[d], "two") && stIsWord(text, &toks[d-1], "the") {
		d--
	}
	if !stIsAnyWord(text, &toks[d], "the", "both", "two") {
		return stSpeaker{}, false
	}
	var sp stSpeaker
	for i := range st.persons {
		q := &st.persons[i]
		if q.sp.camp == stSpeakerNoCamp || q.at < st.n-1 {
			break
		}
		if i > 0 && q.sp.camp != sp.camp {
			return stSpeaker{}, false
		}
		sp = q.sp
	}
	if sp.camp == stSpeakerNoCamp {
		return stSpeaker{}, false
	}
	return stSpeaker{camp: sp.camp, mention: -1, side: sp.side, guest: sp.guest}, true
}

// resolvePerson resolves "he"/"she" at token j: the previous speaker when it
// was a person, else the last person named before it, of a gender the
// pronoun agrees with ("she" is never a man the lexicon knows as one).
func (s *Stance) resolvePerson(text string, toks []stToken, raw []stRawMention, j int, st *stArticleState) stSpeaker {
	g := stPronounGender(text, &toks[j])
	if st.prev.voice && st.pub != nil {
		return s.publisherSpeaker(st.pub) // "He said" after the release's own narration
	}
	if st.pub != nil && st.prev.camp == st.pub.speakerCamp && s.speakerActors[st.prev.actor] == s.speakerActors[st.pub.speakerActor] {
		// "He said" after the release's principal spoke ("The Head of
		// State said that Putin …"), who goes on speaking.
		sp := st.prev
		sp.mention = -1
		return sp
	}
	if st.prev.person && st.prev.gender.agrees(g) {
		sp := st.prev
		sp.mention = -1
		return sp
	}
	// `"Putin started this war," he said`, `"…," the foreign minister
	// said`: the subject right after a quotation is not a person the
	// quotation names.
	// In some outlets' style a dash opens the sentence's quotation and
	// another closes it ("- … push Vladimir Zełanski to continue the
	// fighting - he added"): every mention before the closing dash is
	// inside it.
	closed, dashed := -1, false
	if !toks[j].inQuote {
		closed = stQuoteClose(toks, j+1)
		dashed = closed > 0 && stIsDash(&toks[closed]) && stIsDash(&toks[0])
	}
	for k := len(raw) - 1; k >= 0; k-- {
		if closed >= 0 && toks[raw[k].tokStart].inQuote || dashed && int(raw[k].tokEnd) <= closed {
			continue
		}
		if a := &s.m.actors[raw[k].actor]; int(raw[k].tokEnd) <= j && a.person && a.gender.agrees(g) {
			sp := s.speakerOf(raw, k)
			sp.mention = -1
			return sp
		}
	}
	if j == stFirstWord(toks) && st.subjectAt == st.n-1 && st.subject.camp != stSpeakerNoCamp && st.subject.gender.agrees(g) {
		// "France's president, Emmanuel Macron, … was in contact with
		// Zelenskiy. He said: …": a pronoun opening a sentence continues
		// the subject of the sentence before, not its last name.
		return st.subject
	}
	if p, _ := st.personFor(g); p.camp != stSpeakerNoCamp {
		return p
	}
	return s.unnamed(st, true)
}

// appositiveSpeaker returns the speaker of "Olena Petrenko, a spokeswoman
// for the Ukrainian army, said": a name outside the lexicon before
// the comma at token a, and between it and the comma at token b a role
// (spokesperson, minister, member, ...) and a camp's mention, whose actor
// then speaks. A former office holder ("a former defence secretary") is
// not one; nor is a name the lexicon has, which speaks for itself.
func (s *Stance) appositiveSpeaker(text string, toks []stToken, raw []stRawMention, a, b int) (stSpeaker, bool) {
	if a < 1 || !stIsCapitalised(&toks[a-1]) || stMentionEndingAt(raw, a) >= 0 {
		return stSpeaker{}, false
	}
	if a+2 < b && stIsWord(text, &toks[a+1], "who") && stIsAnyWord(text, &toks[a+2], "was", "were") {
		return stSpeaker{}, false // "Kelly Craft, who was the US ambassador …": a former office
	}
	role := false
	for k := a + 1; k < b; k++ {
		t := &toks[k]
		if !t.word {
			continue
		}
		if stIsAnyWord(text, t, "former", "ex", "once", "retired", "shadow", "opposition") {
			return stSpeaker{}, false
		}
		role = role || stWordInfo(t.info).has(swRoleNoun|swSpeechNoun) || stIsAnyWord(text, t, "member", "deputy")
	}
	if !role {
		return stSpeaker{}, false
	}
	for m := range raw {
		if int(raw[m].tokStart) > a && int(raw[m].tokEnd) <= b && raw[m].campK >= 0 {
			sp := s.speakerOf(raw, m)
			sp.person = true
			return sp, true
		}
	}
	return stSpeaker{}, false
}

// longAppositive reports whether the tokens after the comma at a can be an
// appositive of more than 14 tokens: a person's name ends just before a (a
// listed person's mention, or a capitalised word that ends no mention:
// "the Russian Federation, whatever … goes on, said Kuleba" is no
// appositive).
func (s *Stance) longAppositive(toks []stToken, raw []stRawMention, a int) bool {
	if a == 0 || !stIsCapitalised(&toks[a-1]) {
		return false
	}
	m := stMentionEndingAt(raw, a)
	return m < 0 || s.m.actors[raw[m].actor].person
}

// personOpens reports a person's mention starting at token a and ending
// before token b-1: the subject of a clause ("At the request of Olaf
// Scholz, Vladimir Putin briefed him on the situation, and told"), where an
// appositive names its person alone ("…, Nikki Haley, called").
func (s *Stance) personOpens(raw []stRawMention, a, b int) bool {
	m := stMentionStartingAt(raw, a)
	return m >= 0 && s.m.actors[raw[m].actor].person && int(raw[m].tokEnd) < b-1
}

// lookRight finds the speaker named right after a reporting verb or
// "according to", starting at token v: `said Kremlin spokesman Dmitry
// Peskov`, `according to the Russian defence ministry`.
func (s *Stance) lookRight(text string, toks []stToken, raw []stRawMention, v int, st *stArticleState) (stSpeaker, bool) {
	// def, role and body describe a phrase with no name: "said the
	// minister", "said the ministry", resolved as before a verb
	// (subjectAt) when nothing else follows.
	def, role, body, noun := false, false, false, -1
	k := v
	for ; k < len(toks) && k < v+7; k++ {
		t := &toks[k]
		if m := stMentionStartingAt(raw, k); m >= 0 {
			return s.speakerOf(raw, m), true
		}
		if !t.word {
			if stPunctIs(t, '\'') || stPunctIs(t, '’') || stPunctIs(t, '-') || stPunctIs(t, '.') {
				continue
			}
			if stPunctIs(t, ',') && noun == k-1 {
				// "said the mayor, Ihor Terekhov": the name in
				// apposition; else the description alone.
				if m := stMentionStartingAt(raw, k+1); m >= 0 {
					return s.speakerOf(raw, m), true
				}
				if stNameAloneAfter(text, toks, k) {
					return s.unnamed(st, true), true // a name the lexicon lacks
				}
				break
			}
			return stSpeaker{}, false
		}
		w := stWordInfo(t.info)
		if w.has(swRoleNoun | swBodyNoun) {
			role, body, noun = role || w.has(swRoleNoun), body || w.has(swBodyNoun), k
		}
		if k == v && (stIsWord(text, t, "the") || stIsWord(text, t, "this")) {
			def = true
		}
		if def && k == v+1 && stLowerLookup(stOutsideTexts, text[t.start:t.end]) {
			// "according to the authors", "according to the article"
			return stOtherSpeaker, true
		}
		switch {
		case w.has(swPersonPron):
			return s.resolvePerson(text, toks, raw, k, st), true
		case w.has(swThingPron), w.has(swSelfPron):
			return stSpeaker{}, false
		case w.has(swUnnamed):
			// "according to officials" unless a camp's mention follows:
			// "officials in Moscow" is rare enough to ignore.
			if m := stMentionStartingAt(raw, k+1); m >= 0 && k+1 < v+7 {
				return s.speakerOf(raw, m), true
			}
			return s.unnamed(st, false), true
		case w.has(swDet), w.has(swSpeechNoun), w.has(swFiller):
			continue
		case stIsAnyWord(text, t, "about", "over", "regarding", "concerning", "against", "with", "towards", "toward", "into", "from", "at", "for", "upon") &&
			(k == v || !stWordInfo(toks[k-1].info).has(swSpeechNoun)):
			// the verb's object has begun: "expressed concerns about
			// Russia's war" is not Russia speaking ("said the spokeswoman
			// for the ministry" goes on)
			return stSpeaker{}, false
		case stIsCapitalised(t):
			// an unlisted name, unless a mention follows ("said US
			// Secretary of State Antony Blinken")
			for q := k + 1; q < len(toks) && q < k+5; q++ {
				if m := stMentionStartingAt(raw, q); m >= 0 {
					return s.speakerOf(raw, m), true
				}
				if !toks[q].word {
					break
				}
			}
			return s.unnamed(st, true), true
		}
	}
	if def && noun >= 0 && (k == len(toks) || stPunctIs(&toks[k], ',')) {
		return s.describedSpeaker(text, toks, raw, noun, role, body, st)
	}
	return stSpeaker{}, false
}

// describedSpeaker resolves a definite description with no name, its noun
// at token noun ("the minister said", "…, said the ministry"): a role noun
// refers to a person named before (resolvePerson), a body noun to the last
// institution (bodySpeaker).
func (s *Stance) describedSpeaker(text string, toks []stToken, raw []stRawMention, noun int, role, body bool, st *stArticleState) (stSpeaker, bool) {
	switch {
	case role:
		return s.resolvePerson(text, toks, raw, noun, st), true
	case body:
		return st.bodySpeaker(stBodyBits(text[toks[noun].start:toks[noun].end]))
	}
	return stSpeaker{}, false
}

// stFrontSubordinators open a clause that, put before the main clause,
// sets the scene: a statement reported in it is background, not the
// sentence's claim. "asked" is the participle of "Asked about …, Truss
// said".
var stFrontSubordinators = []string{"after", "before", "when", "whenever", "since", "although", "though",
	"while", "whereas", "once", "until", "unless", "because", "asked"}

// stFrontClauseEnd returns the index of the comma that ends a fronted
// subordinate clause ("After Russia announced it would …, the US said …"),
// or -1 when the sentence does not open with one or its main clause goes
// on with "he" or "she".
func stFrontClauseEnd(text string, toks []stToken) int {
	i := stFirstWord(toks)
	if i >= len(toks) || !stIsAnyWord(text, &toks[i], stFrontSubordinators...) {
		return -1
	}
	for j := i + 1; j < len(toks); j++ {
		t := &toks[j]
		if t.inQuote && !toks[i].inQuote {
			continue
		}
		if stPunctIs(t, ',') {
			if j+1 < len(toks) && stIsAnyWord(text, &toks[j+1], "he", "she") {
				// "While Merkel condemned …, she also seemed to suggest …":
				// the main clause goes on with the same speaker.
				return -1
			}
			return j
		}
	}
	return -1
}

// stFirstWord returns the index of the sentence's first token after its
// opening quotation marks.
func stFirstWord(toks []stToken) int {
	i := 0
	for i < len(toks) && !toks[i].word && stIsQuoteTok(&toks[i]) {
		i++
	}
	return i
}

// stPronounAntecedent returns the axis side of what a sentence-opening
// "They" (the last body named) or "He"/"She" (the last person) refers to,
// when that was named or referred to in the previous sentence, else 0
// (also before anything is named: the zero lastBody has no side). It must
// be called before the sentence is attributed; a referent found is carried
// on, so that "Russia shelled the city. They hit a school. They fired
// again." refers each time.
func stPronounAntecedent(text string, toks []stToken, st *stArticleState) int8 {
	i := stFirstWord(toks)
	switch {
	case i >= len(toks) || !toks[i].capital:
		return 0
	case stIsWord(text, &toks[i], "they"):
		if st.lastBodyAt == st.n-1 {
			st.lastBodyAt = st.n
			return st.lastBody.side
		}
	case stIsAnyWord(text, &toks[i], "he", "she"):
		if p, at := st.personFor(stPronounGender(text, &toks[i])); at != nil && *at == st.n-1 {
			*at = st.n
			return p.side
		}
	}
	return 0
}

// stDropOurs removes from raw, in place, the mentions found by a
// publisher's country aliases ("our country") and returns it with the
// speaker's mention index moved to match (-1 if it was one of them).
func stDropOurs(raw []stRawMention, speaker int32) ([]stRawMention, int32) {
	n, sp := 0, int32(-1)
	for k := range raw {
		if raw[k].ours {
			continue
		}
		if int32(k) == speaker {
			sp = int32(n)
		}
		raw[n] = raw[k]
		n++
	}
	return raw[:n], sp
}

// stTurnLabels are the one-word labels of a transcript's turns.
var stTurnLabels = []string{"question", "questions", "answer", "remark", "remarks", "reply", "response",
	"comment", "moderator", "interviewer", "host", "journalist", "correspondent", "participant", "voice", "voices"}

// stLowerWords counts the lower-case words of toks outside parentheses, but
// for "of", "the", "and" and a glued possessive "s": the words a speaker's
// name and title do not have ("Kremlin spokesman Dmitry Peskov" has one,
// "Estonia's PM" and "Putin (retranslated)" none; "Now the attitude to
// everyone in Russia will be simple" is no name).
func stLowerWords(text string, toks []stToken) int {
	n, paren := 0, false
	for j := range toks {
		t := &toks[j]
		switch {
		case stPunctIs(t, '('):
			paren = true
		case stPunctIs(t, ')'):
			paren = false
		case !t.word || paren || stIsCapitalised(t):
		case j > 0 && !toks[j-1].word && !toks[j-1].spaceAfter: // 's
		case stIsAnyWord(text, t, "of", "the", "and"):
		default:
			n++
		}
	}
	return n
}
