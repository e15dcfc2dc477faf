package stages

import (
	"math"
	"strings"
)

// stSideSet is a set of axis sides present in a sentence.
type stSideSet uint8

const (
	stSidePos stSideSet = 1 << iota
	stSideNeg
)

func stSideBit(side int8) stSideSet {
	switch side {
	case 1:
		return stSidePos
	case -1:
		return stSideNeg
	}
	return 0
}

// sidesOf returns the axis sides of a sentence's mentions.
func (s *Stance) sidesOf(raw []stRawMention) stSideSet {
	set := stSideSet(0)
	for _, rm := range raw {
		if rm.campK < 0 && s.m.actors[rm.actor].campK >= 0 {
			continue
		}
		set |= stSideBit(s.actorSide[rm.actor])
	}
	return set
}

// Favour cue weights. Each cue adds its weight to one camp; the camp's
// favour is the clamped sum.
const (
	stCueEval  = 1.0 // an evaluative word next to a camp's mention
	stCueVerb  = 1.0 // the object of a blame or praise verb, the subject of a help verb
	stCueHarm  = 1.0 // the agent of harm to civilians, or of a conditional attack
	stEvalSpan = 6   // how many tokens away an evaluative word may be from its camp
	stVerbSpan = 8   // how many tokens away a verb's subject or object may be
)

// favour adds to fav (one entry per camp: on entry NaN for the camps not
// mentioned, 0 for the others) the cues aimed at each camp mentioned, and
// clamps the sums. all is the union of the tokens' word classes; cues the
// indexes of (at least) the words with classes stCueWords, in order. The
// caller skips it for a sentence without a camp or a cue word: it would
// leave fav as it is. spk is the index in raw of the speaker's mention, -1
// when the speaker is none of them; own is the speaker's side (the
// publisher's for a guest in a release), whose the operation "to protect"
// is when no owner is named; voice is the side the sentence speaks for (0
// for none): in the West's and Ukraine's voice no cue raises a camp of
// Moscow's side.
func (s *Stance) favour(text string, toks []stToken, all stWordInfo, cues []int32, raw []stRawMention, spk int, own, voice int8, fav []float64) {
	harmful := all.has(swHarmNoun)
	add := func(m int, w float64) {
		if m < 0 {
			return
		}
		if k := raw[m].campK; k >= 0 {
			if w > 0 && voice < 0 && s.campSide[k] == -voice {
				// No praise or help of Moscow's side in the voice of the
				// West or Ukraine: "Russia is losing strength",
				// "sanctions must be effective, strong and not allow
				// Russia to circumvent them", "Russia has not simply
				// violated all norms", "thanks to even greater pressure
				// on Russia".
				return
			}
			fav[k] += w
		}
	}
	question := len(toks) > 0 && stPunctIs(&toks[len(toks)-1], '?')
	for _, c := range cues { // the words that are cues, in order
		w := stWordInfo(toks[c].info)
		if !w.has(stCueWords) {
			continue // another kind of word in the list
		}
		v, t := int(c), &toks[c]
		if !t.word || w == 0 || (t.inMention && stIsCapitalised(t)) {
			continue // "United" in "the United States" evaluates nothing
		}
		if w.has(swHelp|swPraise|swEvalPos) && stWarmWordVoid(text, toks, v, question) || w.has(swEvalNeg) && stNegWordVoid(text, toks, v) {
			continue
		}
		neg, no := stNegation(text, toks, v)
		sign := 1.0
		switch {
		case no:
			// "no threat", "no expansion", "make no mistake": the
			// absence of the thing evaluates nobody, either way.
			sign = 0
		case neg && stIsAnyWord(text, t, "withstand", "withstood", "withstands", "withstanding"):
			// "if our army had not withstood", "Russia hoped that we would
			// not withstand": a feared or hoped-for failure, said of the
			// side that did withstand, evaluates nobody.
			sign = 0
		case neg:
			sign = -1 // "not aggressive", "never helped"
		}
		switch {
		case w.has(swBlame):
			if stPassive(text, toks, v) {
				add(s.campBefore(raw, v, stVerbSpan), -stCueVerb*sign)
			} else {
				add(s.campAfter(raw, v, stVerbSpan), -stCueVerb*sign)
			}
		case w.has(swPraise):
			if stPassive(text, toks, v) {
				add(s.campBefore(raw, v, stVerbSpan), stCueVerb*sign)
			} else {
				add(s.campAfter(raw, v, stVerbSpan), stCueVerb*sign)
			}
		case w.has(swHelp):
			if stBadObject(text, toks, v) {
				sign = -sign // "supporting the war", "helping the occupiers": complicity
			}
			m := s.agentBefore(text, toks, raw, v, stVerbSpan)
			if stIsAnyWord(text, t, "support", "help") {
				if by := stGivenBy(text, toks, v); by > 0 {
					if g, ok := stGiver(text, toks, raw, by); ok {
						m = g // the noun: "the support provided by the Netherlands"
					}
				}
			}
			if m >= 0 && stProvidedWith(text, toks, int(raw[m].tokStart), int(raw[m].tokEnd), v) {
				// "Britain decided to provide Ukraine with support": a
				// noun, given to Ukraine by the giver's subject.
				m = s.agentBefore(text, toks, raw, int(raw[m].tokStart)-1, stVerbSpan)
			}
			if v >= 2 && stIsWord(text, &toks[v-1], "to") && stIsAnyWord(text, &toks[v-2], "operation", "operations") {
				// "the special military operation to protect Donbass": the
				// operation's owner helps, named before it ("Russia's
				// special military operation"), or else, in a side's own
				// voice, that side (the guide's Kremlin formula).
				if o := s.ownerOf(text, toks, raw, v-2); o >= 0 {
					m = o
				} else if own != 0 {
					m = s.ownMention(raw, spk, own)
				}
			}
			if sign <= 0 || !stHypothetical(toks, raw, m) {
				add(m, stCueVerb*sign)
			}
		case w.has(swHarm):
			agent := -1
			// (a passive: "had been killed"; "was targeting" is no passive
			// but, as before, looks for an agent after "by" first)
			aux := stPassive(text, toks, v)
			passive := aux && !strings.HasSuffix(text[t.start:t.end], "ing")
			if aux || (v+1 < len(toks) && stIsWord(text, &toks[v+1], "by")) {
				for q := v + 1; q < len(toks) && q < v+4; q++ {
					if stIsWord(text, &toks[q], "by") {
						agent = s.campAfter(raw, q, 4)
						break
					}
				}
			} else {
				agent = s.agentBefore(text, toks, raw, v, stVerbSpan)
			}
			if agent < 0 && harmful && !passive {
				// the subject of a long clause: "Russia launched waves of
				// missiles at cities across Ukraine …, killing 14 people";
				// not for a passive with no agent, whose subject is the
				// victim ("Ukraine said 198 children had been killed")
				agent = s.agentBefore(text, toks, raw, v, 3*stVerbSpan)
			}
			if agent >= 0 && agent == spk && !passive {
				// the speaker reporting a harm names no doer ("The
				// Ukrainian authorities said the shelling killed five
				// civilians"); its own deeds come with "we" or "its"
				agent = -1
			}
			if agent >= 0 && (harmful || stConditional(toks, int(raw[agent].tokStart))) && !neg {
				add(agent, -stCueHarm)
			}
		case w.has(swEvalNeg | swEvalPos):
			self := -1 // the speaker's mention, which blame does not reach (see campNear)
			if w.has(swEvalNeg) && sign > 0 {
				self = spk
			}
			m := -1
			helpNoun := w.has(swEvalPos) && stLowerLookup(stHelpWords, text[t.start:t.end])
			if by := stDoneBy(text, toks, v); by > 0 {
				m = s.campAfter(raw, by, 4) // "the crimes committed by Russian troops"
			}
			given := false // the giver after "by" is named, in a camp or not
			if m < 0 && helpNoun {
				if by := stGivenBy(text, toks, v); by > 0 {
					m, given = stGiver(text, toks, raw, by) // "the assistance provided by Luxembourg"
				}
			}
			if m < 0 && !given {
				m = s.campNear(text, toks, raw, v, stEvalSpan, w.has(swEvalNeg), self)
			}
			if m < 0 && !given && helpNoun && spk >= 0 && stGivenBySpeaker(text, toks, int(raw[spk].tokEnd), v) {
				// "the Pentagon announced a new military assistance
				// package for Ukraine": the speaker gives it
				m = spk
			}
			if m < 0 && w.has(swEvalNeg) {
				m = s.possessor(text, toks, raw, v)
			}
			if w.has(swEvalNeg) {
				add(m, -stCueEval*sign)
			} else if sign <= 0 || !stHypothetical(toks, raw, m) {
				add(m, stCueEval*sign)
			}
		}
	}
	for k, f := range fav {
		if !math.IsNaN(f) {
			fav[k] = stClamp(f)
		}
	}
}

// ownerOf returns the camp mention whose possessive opens the noun phrase
// ending at token n, at most two words before the noun ("Russia's special
// military operation"); -1 if none.
func (s *Stance) ownerOf(text string, toks []stToken, raw []stRawMention, n int) int {
	for k := range raw {
		rm := &raw[k]
		if rm.campK < 0 || int(rm.tokEnd) > n || !stPossessiveAt(toks, int(rm.tokEnd)) {
			continue
		}
		if a := stAfterPossessive(text, toks, int(rm.tokEnd)); a <= n && n-a <= 2 {
			return k
		}
	}
	return -1
}

// ownMention returns the speaker's mention when it is of a camp on side,
// else the first camp mention on side; -1 if none.
func (s *Stance) ownMention(raw []stRawMention, spk int, side int8) int {
	if spk >= 0 && raw[spk].campK >= 0 && s.campSide[raw[spk].campK] == side {
		return spk
	}
	for k := range raw {
		if raw[k].campK >= 0 && s.campSide[raw[k].campK] == side {
			return k
		}
	}
	return -1
}

// stBadObject reports a help verb at token v whose object, within the
// next three words and before any punctuation, is a negative evaluative
// word or "war": "supporting the far-right nationalists", "support the
// war", "help the occupiers". Helping such a thing is complicity. Not a
// noun ("control support for terrorism": the bare form counts only after
// "to", a modal or a subject pronoun), and not helping to end it ("help
// end the war").
func stBadObject(text string, toks []stToken, v int) bool {
	w := text[toks[v].start:toks[v].end]
	if !strings.HasSuffix(w, "ing") && !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "s") &&
		(v == 0 || !stIsAnyWord(text, &toks[v-1], "to", "who", "that", "will", "would", "can", "could", "must", "they", "we")) {
		return false
	}
	for q := v + 1; q < len(toks) && q <= v+3; q++ {
		t := &toks[q]
		if !t.word || stIsAnyWord(text, t, "end", "stop", "halt", "prevent", "counter", "resist", "fight", "defeat", "against", "from") {
			return false
		}
		if stWordInfo(t.info).has(swEvalNeg) || stIsWord(text, t, "war") {
			return true
		}
	}
	return false
}

// stWarmWordVoid reports a help verb, praise verb or positive word at
// token v that praises nobody where it stands: in a question ("Why did the
// West support the coup?"), quoted alone, another's term kept at a
// distance (Russia came to "defend" Donbas; a harsh word so quoted is
// mostly the speaker's own charge and still counts), "committed" not
// before "to" ("crimes committed by"), "determined" settled or found
// ("may be determined by", "has determined that"), "best" and "utmost"
// but after "do their" and the like (effort: "doing their best to
// evacuate"), "legitimate" before "target(s)" (a threat), "sovereign"
// before a word of finance ("sovereign debt").
func stWarmWordVoid(text string, toks []stToken, v int, question bool) bool {
	switch {
	case question:
		return true
	case v > 0 && v+1 < len(toks) && stIsQuoteTok(&toks[v-1]) && stIsQuoteTok(&toks[v+1]):
		return true
	}
	return stWordVoid(text, toks, v)
}

// stWordVoid reports the cases of stWarmWordVoid that the word and its
// neighbours settle: "committed", "determined", "best", "utmost",
// "legitimate" and "sovereign" where they praise nobody.
func stWordVoid(text string, toks []stToken, v int) bool {
	t := &toks[v]
	switch {
	case stIsWord(text, t, "committed"):
		return v+1 >= len(toks) || !stIsWord(text, &toks[v+1], "to")
	case stIsWord(text, t, "determined"):
		// "may be determined in part by", "has determined that":
		// settled or found, not resolute ("is determined to resist")
		return v+1 < len(toks) && stIsAnyWord(text, &toks[v+1], "by", "that", "whether") ||
			v > 0 && stIsAnyWord(text, &toks[v-1], "be", "been", "being")
	case stIsAnyWord(text, t, "best", "utmost", "possible"):
		// only effort: "doing their best to evacuate", "did its utmost",
		// "is doing everything possible to ensure", not "a possible
		// invasion"
		if v < 2 || !stIsAnyWord(text, &toks[v-2], "do", "does", "did", "doing", "done") {
			return true
		}
		if stIsWord(text, t, "possible") {
			return !stIsWord(text, &toks[v-1], "everything")
		}
		return !stIsAnyWord(text, &toks[v-1], "their", "its", "our", "his", "her", "my")
	case stIsWord(text, t, "legitimate"):
		// "a legitimate target", "legitimate military targets": a threat
		for q := v + 1; q < len(toks) && q <= v+2 && toks[q].word; q++ {
			if stIsAnyWord(text, &toks[q], "target", "targets") {
				return true
			}
		}
		return false
	case stIsWord(text, t, "sovereign"):
		return v+1 < len(toks) && stIsAnyWord(text, &toks[v+1], "debt", "assets", "wealth", "bonds", "bond", "fund",
			"funds", "reserves", "rating", "default")
	}
	return false
}

// stNegWordVoid reports the uses of a negative word that blame no one:
// "responsible" as an adjective before its noun, after a determiner,
// possessive, "most" or "and" ("a responsible position", "its responsible
// policy", "a major and responsible participant"), which praises; blame is
// "responsible for", "those responsible", "as responsible as Putin". Nor
// does a responsibility shared or held as a duty ("Russia and the US
// shared a special responsibility for ensuring stability", "a great
// responsibility awaits him"), which is not "Russia bears responsibility
// for the war".
func stNegWordVoid(text string, toks []stToken, v int) bool {
	t := &toks[v]
	switch {
	case stIsWord(text, t, "responsible"):
		return v > 0 && v+1 < len(toks) && toks[v+1].word &&
			!stIsAnyWord(text, &toks[v+1], "for", "and", "or", "as") &&
			stIsAnyWord(text, &toks[v-1], "a", "an", "the", "its", "their", "his", "her", "our", "your", "most", "more", "and", "very")
	case stIsWord(text, t, "responsibility"):
		if k := v - 1; k >= 0 && toks[k].word && stLowerLookup(stDutyBefore, text[toks[k].start:toks[k].end]) {
			return true
		}
		return v+2 < len(toks) && stIsWord(text, &toks[v+1], "for") && stLowerLookup(stDutyAfter, text[toks[v+2].start:toks[v+2].end])
	}
	return false
}

// stDutyBefore and stDutyAfter mark a responsibility that is a duty, not
// blame: "a special responsibility", "shared responsibility",
// "responsibility for ensuring stability".
var (
	stDutyBefore = stWordSet(`shared share shares special common joint collective mutual particular great huge
		enormous`)
	stDutyAfter = stWordSet(`ensuring maintaining guaranteeing protecting preserving securing keeping
		strengthening upholding safeguarding`)
)

// stUnprefixNegative clears the negative evaluative class of a word joined
// by a hyphen to "de" ("de-escalation", "de-escalate": the prefix undoes
// the word) and returns the classes of toks again. (Not "non", "anti" or
// "counter": the Kremlin's demand of "NATO's non-expansion" and its
// "so-called anti-terrorist operation" speak against the side named.)
func stUnprefixNegative(text string, toks []stToken, all stWordInfo) stWordInfo {
	changed := false
	for k := 2; k < len(toks); k++ {
		t := &toks[k]
		if !t.word || !stWordInfo(t.info).has(swEvalNeg) {
			continue
		}
		if stHyphenPrefix(text, toks, k, "de") {
			t.info &^= int32(swEvalNeg)
			changed = true
		}
	}
	if !changed {
		return all
	}
	all = 0
	for k := range toks {
		all |= stWordInfo(toks[k].info)
	}
	return all
}

// voicedFavour applies the guide's voiced evaluation: when a side speaks
// about the other side in a negative sentence (VADER compound <= -0.05, or
// a negative evaluative word or blame verb), the other side's
// camps that no cue reached get -1 ("Lavrov said Western capitals had
// brushed aside Moscow's proposals"), but for a camp named only as a
// country's place or as the one told (see bystander).
func (s *Stance) voicedFavour(text string, toks []stToken, raw []stRawMention, all stWordInfo, sp stSpeaker, compound float64, fav []float64) {
	if sp.side == 0 {
		return
	}
	if negative := compound <= -0.05 || all.has(swBlame) || all.has(swEvalNeg) && stLiveNegative(text, toks); !negative {
		return
	}
	for k, f := range fav {
		if f == 0 && s.campSide[k] == -sp.side && !s.bystander(text, toks, raw, k) {
			fav[k] = -1
		}
	}
}

// stLiveNegative reports a negative evaluative word neither voided (see
// stNegWordVoid) nor denied: "you are not our enemy", "no threat to
// Russia" and "a special responsibility for ensuring stability" have
// none. A negation that intensifies denies nothing: "make no mistake",
// "has not simply violated all norms", "not only", and "no crime that
// Russian soldiers have not committed" (a relative clause after the word).
func stLiveNegative(text string, toks []stToken) bool {
	for k := range toks {
		if !toks[k].word || !stWordInfo(toks[k].info).has(swEvalNeg) || stNegWordVoid(text, toks, k) {
			continue
		}
		neg, _ := stNegation(text, toks, k)
		if !neg || k+1 < len(toks) && stIsAnyWord(text, &toks[k+1], "that", "which", "who") {
			return true
		}
		for q := k - 1; q >= 0 && q >= k-2 && toks[q].word; q-- {
			if stIsAnyWord(text, &toks[q], "only", "simply", "just", "merely") ||
				stIsWord(text, &toks[q], "no") && q > 0 && stIsAnyWord(text, &toks[q-1], "make", "makes") {
				return true
			}
		}
	}
	return false
}

// bystander reports whether every mention of camp k is a place, the one
// a statement is made to (see stAddressee: "Putin informed his French
// counterpart about the nationalists' crimes") or a party to a war the
// speaker weighs (see stConflictParty: "it risked starting a general war
// with Russia"). A place is a country
// named after "in", not a possessive ("what is happening in Ukraine is a
// tragedy" blames nobody in Ukraine; "in Russia's war" is no place, and
// "those who hold power in Kiev" are a government).
func (s *Stance) bystander(text string, toks []stToken, raw []stRawMention, k int) bool {
	for i := range raw {
		rm := &raw[i]
		if int(rm.campK) != k {
			continue
		}
		place := stAfterWord(text, toks, int(rm.tokStart), "in") && s.m.actors[rm.actor].country && !stPossessiveAt(toks, int(rm.tokEnd))
		if !place && !stAddressee(text, toks, int(rm.tokStart), int(rm.tokEnd)) && !stConflictParty(text, toks, int(rm.tokStart)) &&
			!stMeasureTarget(text, toks, int(rm.tokStart), int(rm.tokEnd)) {
			return false
		}
	}
	return true
}

// stNegation reports a negation within the two words before token v, and
// whether it is the determiner "no".
func stNegation(text string, toks []stToken, v int) (neg, no bool) {
	for k := v - 1; k >= 0 && k >= v-2; k-- {
		if stNotContraction(text, toks, k) {
			return true, false // "didn't help"
		}
		if !toks[k].word {
			return false, false
		}
		if stWordInfo(toks[k].info).has(swNeg) {
			return true, stIsWord(text, &toks[k], "no")
		}
	}
	return false, false
}

// stNotContraction reports that token k is the "t" of a contracted "not"
// ("didn't", "isn’t": the tokens "didn", an apostrophe, "t").
func stNotContraction(text string, toks []stToken, k int) bool {
	if k < 2 || !toks[k].word || !stIsWord(text, &toks[k], "t") || toks[k-1].word || !toks[k-2].word {
		return false
	}
	if !stPunctIs(&toks[k-1], '\'') && !stPunctIs(&toks[k-1], '’') {
		return false
	}
	w := &toks[k-2]
	return w.end > w.start && (text[w.end-1] == 'n' || text[w.end-1] == 'N')
}

// stPassive reports "was accused", "were killed", "has been praised".
func stPassive(text string, toks []stToken, v int) bool {
	for k := v - 1; k >= 0 && k >= v-2; k-- {
		t := &toks[k]
		if !t.word {
			return false
		}
		if stIsPassiveAux(text, t, true) {
			return true
		}
	}
	return false
}

// stConditional reports "if"/"should"/"unless" within three tokens before a
// mention starting at token i: "should Russia attack".
func stConditional(toks []stToken, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if toks[k].word && stWordInfo(toks[k].info).has(swCond) {
			return true
		}
	}
	return false
}

// stHypothetical reports whether mention m (-1 for none) is the subject of
// a condition ("if Russia demonstrates its commitment", "should Moscow
// help"): praise of what it would do presents it as not doing it, so it
// earns no favour.
func stHypothetical(toks []stToken, raw []stRawMention, m int) bool {
	return m >= 0 && stConditional(toks, int(raw[m].tokStart))
}

// rightFavour applies "X has the right to …": X is presented as
// justified ("Ukraine has every right to defend itself"), or, with "no",
// as not ("the EU has no right to lecture us"). "right" is in no word
// class (it would be a cue in "all right" and "right now"), so the tokens
// are looked at here, a length and a byte first.
func (s *Stance) rightFavour(text string, toks []stToken, raw []stRawMention, fav []float64) {
	for v := 2; v+1 < len(toks); v++ {
		t := &toks[v]
		if n := t.end - t.start; n != 5 && n != 6 || text[t.start] != 'r' || !stIsAnyWord(text, t, "right", "rights") {
			continue
		}
		if has, sg := stRightTo(text, toks, v); has > 0 {
			if m := stMentionEndingAt(raw, has); m >= 0 {
				if k := raw[m].campK; k >= 0 {
					fav[k] = stClamp(fav[k] + stCueEval*sg)
				}
			}
		}
	}
}

// stRightTo finds "has/have/had (every|the|a|the full|no) right(s) to"
// around "right" at token v: the index of "has", whose subject the phrase
// presents as justified, and the sign, -1 with "no" ("Europe has no right
// to lecture us"). 0 when the phrase is not there.
func stRightTo(text string, toks []stToken, v int) (int, float64) {
	if v+1 >= len(toks) || !stIsWord(text, &toks[v+1], "to") {
		return 0, 0
	}
	sign := 1.0
	for k := v - 1; k > 0 && k >= v-3 && toks[k].word; k-- {
		switch {
		case stIsAnyWord(text, &toks[k], "has", "have", "had"):
			return k, sign
		case stIsWord(text, &toks[k], "no"):
			sign = -1
		case !stIsAnyWord(text, &toks[k], "every", "the", "a", "an", "full", "legitimate", "sovereign", "its", "their"):
			return 0, 0
		}
	}
	return 0, 0
}

// stDoneBy returns the index of "by" in "committed by", "perpetrated by"
// or "carried out by" right after token v, or 0: the agent of the deed
// the word at v names follows it.
func stDoneBy(text string, toks []stToken, v int) int {
	q := v + 1
	if q >= len(toks) || !toks[q].word {
		return 0
	}
	switch {
	case stIsAnyWord(text, &toks[q], "committed", "perpetrated"):
		q++
	case stIsWord(text, &toks[q], "carried") && q+1 < len(toks) && stIsWord(text, &toks[q+1], "out"):
		q += 2
	default:
		return 0
	}
	if q < len(toks) && stIsWord(text, &toks[q], "by") {
		return q
	}
	return 0
}

// stGivenBy returns the index of "by" after a verb of giving that follows
// the help noun at token v within six words ("the support provided by
// the Netherlands", "assistance to our citizens provided by Luxembourg"),
// or 0.
func stGivenBy(text string, toks []stToken, v int) int {
	for q := v + 1; q+1 < len(toks) && q <= v+6; q++ {
		if !toks[q].word {
			return 0
		}
		if stLowerLookup(stGiveVerbs, text[toks[q].start:toks[q].end]) && stIsWord(text, &toks[q+1], "by") {
			return q + 1
		}
	}
	return 0
}

// stGiver returns the mention right after "by" at token by (or after
// "by the") and whether there is one: the giver of help, which a camp's
// mention further on is not ("the assistance provided by Switzerland to
// our country" praises no camp). The mention is -1 when the giver is in
// no camp.
func stGiver(text string, toks []stToken, raw []stRawMention, by int) (int, bool) {
	q := by + 1
	if q < len(toks) && stIsWord(text, &toks[q], "the") {
		q++
	}
	g := stMentionStartingAt(raw, q)
	if g < 0 {
		return -1, false
	}
	if raw[g].campK < 0 {
		return -1, true
	}
	return g, true
}

// stGivenBySpeaker reports a verb of giving or announcing among the words
// between the speaker's mention (ending at token end) and the help noun at
// token v, at most six, none of them a mention's: the speaker gives the
// help ("the Pentagon announced a new military assistance package").
func stGivenBySpeaker(text string, toks []stToken, end, v int) bool {
	if end > v || v-end > 6 {
		return false
	}
	for q := end; q < v; q++ {
		if !toks[q].word || toks[q].inMention {
			return false
		}
		if stLowerLookup(stGiveVerbs, text[toks[q].start:toks[q].end]) {
			return true
		}
	}
	return false
}

// stGiveVerbs give or announce help: "provided by", "announced a new
// package of aid".
var stGiveVerbs = stWordSet(`provided provides given gives offered offers delivered delivers supplied
	supplies sent sends granted grants extended extends announced announces pledged pledges promised
	promises approved approves authorized authorised unveiled unveils allocated allocates`)

// campBefore returns the camp mention ending nearest before token v, within
// span tokens, or -1.
func (s *Stance) campBefore(raw []stRawMention, v, span int) int {
	best, bestD := -1, span+1
	for k, rm := range raw {
		if rm.campK < 0 || int(rm.tokEnd) > v {
			continue
		}
		if d := v - int(rm.tokEnd); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// campAfter returns the camp mention starting nearest after token v, within
// span tokens, or -1.
func (s *Stance) campAfter(raw []stRawMention, v, span int) int {
	for k, rm := range raw {
		if rm.campK < 0 || int(rm.tokStart) <= v {
			continue
		}
		if int(rm.headTok)-v-1 <= span {
			return k
		}
		return -1
	}
	return -1
}

// campNear returns the camp mention an evaluative word at token v is about:
// the nearest within span tokens (inside a mention counts as 0), where a
// mention after the word counts one token further, a preposition between
// them adds three ("aggression against Ukraine" is about the aggressor
// before it), and a verb or semicolon between them blocks it ("not
// aggressive and blamed Kyiv"), as does, for a negative word, "against" or
// "towards" before a mention after it: that is the victim ("Russia's war of
// aggression against Ukraine"), as is the object of a harmful verb
// ("undermining Ukraine's sovereignty"). The mention spk (the speaker's,
// or -1) is passed over when it follows the word past a comma, a dash or a
// quotation mark: a trailing "…, the ministry said". Ties go to the
// mention before. -1 if none.
func (s *Stance) campNear(text string, toks []stToken, raw []stRawMention, v, span int, negative bool, spk int) int {
	best, bestD := -1, span+1
	victimVerb := negative && stVictimVerb(text, &toks[v])
	helpWord := !negative && stLowerLookup(stHelpWords, text[toks[v].start:toks[v].end])
	for k, rm := range raw {
		if rm.campK < 0 {
			continue
		}
		if spk >= 0 && v < int(rm.tokStart) && stPunctBetween(toks, v+1, int(rm.tokStart)) &&
			(k == spk || s.describesSpeaker(text, toks, raw, k, spk)) {
			// "… a growing number of murders - the British ministry
			// said", "…, Ukraine's foreign minister, Dmytro Kuleba,
			// said": the statement's blame does not fall on its speaker,
			// named after it, nor on the side named in the speaker's
			// title. (The caller passes spk only for blame; a warm word
			// there still goes to the speaker, the statement's own side
			// more often than not.)
			continue
		}
		lo, hi, d := 0, 0, 0
		switch {
		case v < int(rm.tokStart):
			lo, hi = v+1, int(rm.tokStart)
			d = hi - v + 1
		case v >= int(rm.tokEnd):
			lo, hi = int(rm.tokEnd), v
			d = v - lo + 1
		}
		if d > span {
			continue
		}
		if v >= int(rm.tokEnd) && stAfterWord(text, toks, int(rm.tokStart), "in") &&
			!s.m.actors[rm.actor].person && !stPossessiveAt(toks, int(rm.tokEnd)) {
			// "Russia's war in Ukraine is illegal": a place named
			// before the word is where, not who ("in Putin's tyranny",
			// "in Russia's aggression" are no places).
			continue
		}
		if v >= int(rm.tokEnd) && stInRelative(text, toks, int(rm.tokStart), int(rm.tokEnd), v) {
			// "Viktor Orbán, who is blocking oil sanctions on Russia,
			// was warmly welcomed": a side named inside a relative
			// clause closed before the word is not what the word is
			// about.
			continue
		}
		if stHyphenPrefix(text, toks, int(rm.tokStart), "anti") {
			// "the anti-Russia disinformation campaign": the side after
			// "anti-" is the one the thing is against, not what the word
			// says of it.
			continue
		}
		if negative && v < int(rm.tokStart) && stAfterWord(text, toks, int(rm.tokStart), "in") &&
			!s.m.actors[rm.actor].person && !stLowerLookup(stRuleNouns, text[toks[v].start:toks[v].end]) {
			// "war crimes in Ukraine", "disinformation in Ukraine",
			// "meddling in Ukraine": a place named after the word is
			// where, not who; but "the regime in Moscow", "the coup in
			// Ukraine" name who rules there.
			continue
		}
		if v >= int(rm.tokEnd) && stAddressee(text, toks, int(rm.tokStart), int(rm.tokEnd)) {
			// "Putin informed his French counterpart about the progress
			// of the operation": the one told is not what is told of.
			continue
		}
		if stAfterWord(text, toks, int(rm.tokStart), "against") && (!negative || v > int(rm.tokEnd) && !stPossessiveAt(toks, int(rm.tokEnd))) {
			// What is done against a side neither praises it ("the
			// fight against Russia is heroic") nor, said after it,
			// blames it ("sanctions against Russia are illegal"); but
			// "against Russia's aggression" and "against Kremlin
			// aggression" are Russia's.
			continue
		}
		if negative && v >= int(rm.tokEnd) && !stPossessiveAt(toks, int(rm.tokEnd)) {
			if h := stHarmObject(text, toks, int(rm.tokStart)); h >= 0 {
				// "condemning Russia's invasion of Ukraine as reckless
				// and evil": the one invaded, named before the word, is
				// the victim; the word blames the invader, if named
				// right before the noun, at the victim's distance.
				if a := s.harmAgent(text, toks, raw, h); a >= 0 && d < bestD {
					best, bestD = a, d
				}
				continue
			}
		}
		if helpWord && (v < int(rm.tokStart) && stHelpObject(text, toks, v, int(rm.tokStart)) ||
			v >= int(rm.tokEnd) && stProvidedWith(text, toks, int(rm.tokStart), int(rm.tokEnd), v)) {
			// "aid for Ukraine", "supporting Ukraine": the one helped is
			// not praised by the help (the helper is, before the word).
			continue
		}
		if victimVerb && v < int(rm.tokStart) {
			// "undermining Ukraine's sovereignty", "threatening Nato planes":
			// the object of a harmful verb is its victim.
			q := v + 1
			for q < int(rm.tokStart) && toks[q].word && stWordInfo(toks[q].info).has(swDet) {
				q++
			}
			if q == int(rm.tokStart) {
				continue
			}
		}
		blocked := false
		for q := lo; q < hi && !blocked; q++ {
			t := &toks[q]
			switch {
			case !t.word:
				blocked = stPunctIs(t, ';')
			case v >= int(rm.tokEnd) && stIsAnyWord(text, t, "and", "or") && q+1 < v && stIsAnyWord(text, &toks[q+1], "the", "a", "an"):
				// "the threat posed by Russia and the anticipated
				// commitment of British troops": a new noun phrase after
				// the mention, whose words are not about it
				blocked = true
			case negative && v < int(rm.tokStart) && (stIsAnyWord(text, t, "against", "towards", "toward") ||
				q == v+1 && stIsWord(text, t, "on") && stIsAnyWord(text, &toks[v], "aggression", "terror", "war")):
				// "its ongoing aggression against Ukraine", "Russia's war of
				// aggression on Ukraine": the object of "against", or of
				// "on" right after a word of attack, is its victim.
				blocked = true
			case stWordInfo(t.info).has(swBlame|swPraise|swHelp|swHarm|swReport) &&
				(!stIsWord(text, t, "convinced") || q+1 < len(toks) && stIsWord(text, &toks[q+1], "that")):
				// ("convinced" is a verb of belief only before "that":
				// "Russia is convinced of its impunity" blames Russia.)
				blocked = true
			case s.m.inSet(stSetPreposition, text, t):
				if q == v-1 && stWarOf(text, toks, v) {
					break // "launched a war of aggression": one noun phrase
				}
				if q != v+2 || !stConductOf(text, toks, v) {
					d += 3
				}
			}
		}
		if !blocked && d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// stInRelative reports whether the mention toks[i:e] sits in a relative
// clause (", who …", ", which …", ", whose …") that a comma closes before
// token v.
func stInRelative(text string, toks []stToken, i, e, v int) bool {
	closed := false
	for q := e; q < v && !closed; q++ {
		closed = stPunctIs(&toks[q], ',')
	}
	if !closed {
		return false
	}
	for q := i - 1; q >= 1; q-- {
		if t := &toks[q]; !t.word {
			return stPunctIs(t, ',') && stIsAnyWord(text, &toks[q+1], "who", "which", "whose")
		}
	}
	return false
}

// stWarOf reports "of" right before token v after a noun of war or
// conduct that the word at v qualifies ("a war of aggression", "acts of
// terror", "a campaign of threats"): the two name one thing, done by its
// doer, so the preposition puts no distance between them.
func stWarOf(text string, toks []stToken, v int) bool {
	return v >= 2 && stIsWord(text, &toks[v-1], "of") && toks[v-2].word &&
		stIsAnyWord(text, &toks[v-2], "war", "wars", "act", "acts", "campaign", "campaigns")
}

// stNegativeWordOutside reports a negative word outside the mentions and
// quotations, not capitalised after the sentence's first word (a name's:
// "the International Criminal Court").
func stNegativeWordOutside(text string, toks []stToken) bool {
	for k := range toks {
		t := &toks[k]
		if t.word && !t.inMention && !t.inQuote && !(k > 0 && t.capital) && stWordInfo(t.info).has(swEvalNeg) && !stNegWordVoid(text, toks, k) {
			return true
		}
	}
	return false
}

// stVictimNouns are the nouns of attack and pressure whose object, after
// "against", "on", "towards" or "to", is their victim.
var stVictimNouns = stWordSet(`attack attacks aggression war assault pressure sanctions threat threats
	campaign provocation provocations hostility blackmail strike strikes`)

// stVictimOf reports whether the mention toks[i:e] is the victim of one
// of stVictimNouns: the object of "against", "on", "towards" or "to" after
// the noun (stNounObject: "the war against Ukraine", "pressure on
// Russia"). The objects of "invasion of", "occupation of" are left out:
// "the 35th day of Russia's full-scale invasion of Ukraine", "the
// Temporarily Occupied Territories of Ukraine" in a title are the war's
// background.
func stVictimOf(text string, toks []stToken, i, _ int) bool {
	return stNounObject(text, toks, i, stVictimNouns, "against", "on", "towards", "to")
}

// sideMentionWhere reports whether some mention of a camp on side, with
// tokens [i, e), satisfies is: the speaker's own side as a victim
// (stVictimOf), the other side as the target of a measure
// (stMeasureTarget).
func (s *Stance) sideMentionWhere(text string, toks []stToken, raw []stRawMention, side int8, is func(text string, toks []stToken, i, e int) bool) bool {
	for k := range raw {
		rm := &raw[k]
		if rm.campK >= 0 && s.campSide[rm.campK] == side && is(text, toks, int(rm.tokStart), int(rm.tokEnd)) {
			return true
		}
	}
	return false
}

// stNounObject reports whether the mention starting at token i is the
// object of one of preps ("the" apart) that follows a noun of nouns within
// three words: "the war against Ukraine", "a general war with Russia".
func stNounObject(text string, toks []stToken, i int, nouns map[string]bool, preps ...string) bool {
	p := i - 1
	if p > 0 && stIsWord(text, &toks[p], "the") {
		p--
	}
	if p < 1 || !stIsAnyWord(text, &toks[p], preps...) {
		return false
	}
	for q := p - 1; q >= 0 && q >= p-3 && toks[q].word; q-- {
		if stLowerLookup(nouns, text[toks[q].start:toks[q].end]) {
			return true
		}
	}
	return false
}

// stHarmObject returns the index of the noun of harm whose object is the
// mention at token i ("invasion of", "occupation of", "annexation of",
// "attack(s) on", "war on", "assault on", "aggression on", "bombing of",
// "shelling of", "blockade of", an article may come between), also
// through a part of it ("attack on the people of Ukraine", "the
// occupation of the territory of Ukraine"), or of "occupied" before such
// a part ("the occupied territories of Ukraine"); -1 if none.
func stHarmObject(text string, toks []stToken, i int) int {
	k := i - 1
	skipThe := func() {
		if k > 0 && stIsWord(text, &toks[k], "the") {
			k--
		}
	}
	skipThe()
	if k >= 2 && stIsWord(text, &toks[k], "of") && stIsAnyWord(text, &toks[k-1], "people", "territory", "territories",
		"land", "lands", "cities", "population", "citizens", "sovereignty", "part", "parts", "regions") {
		if stIsWord(text, &toks[k-2], "occupied") {
			return k - 2
		}
		k -= 2
		skipThe()
	}
	if k < 1 || !toks[k-1].word {
		return -1
	}
	n := &toks[k-1]
	switch {
	case stIsWord(text, &toks[k], "of") && stIsAnyWord(text, n, "invasion", "occupation", "annexation", "bombing", "shelling", "blockade"),
		stIsWord(text, &toks[k], "on") && stIsAnyWord(text, n, "attack", "attacks", "war", "assault", "assaults", "aggression"):
		return k - 1
	}
	return -1
}

// harmAgent returns the camp mention that does the harm the noun at token
// h names: one ending right before it ("the Russian invasion" with the
// noun in the mention or after it), its possessor ("Putin's invasion"),
// the same for "war" before "of aggression" ("Russia's war of
// aggression"), or the subject of a verb that starts it, with at most
// three words between ("Russia launched a brazen attack"). -1 when there
// is none.
func (s *Stance) harmAgent(text string, toks []stToken, raw []stRawMention, h int) int {
	if h >= 2 && stIsWord(text, &toks[h], "aggression") && stIsWord(text, &toks[h-1], "of") && stIsWord(text, &toks[h-2], "war") {
		h -= 2
	}
	for q := h - 1; q >= 0 && q >= h-4 && toks[q].word; q-- {
		if stIsAnyWord(text, &toks[q], "launched", "launch", "launches", "launching", "waged", "wages", "waging",
			"started", "starts", "began", "begins", "unleashed", "unleashes") {
			h = q
			break
		}
	}
	for k := range raw {
		rm := &raw[k]
		if rm.campK < 0 {
			continue
		}
		if e := int(rm.tokEnd); e == h+1 && int(rm.tokStart) < h || stAfterPossessive(text, toks, e) == h {
			return k
		}
	}
	return -1
}

// stHelpWords are the positive evaluative words that give help; see
// stHelpObject.
var stHelpWords = stWordSet(`support supports supported supporting help helps helped helping
	assistance aid`)

// stHelpObject reports whether the object of the help word at token v
// (one of stHelpWords: support, aid, assistance, helping, ...) begins at
// token m: right after it, or after "for", "to" or a determiner and at
// most one more word ("supporting Ukraine", "military aid to Kyiv",
// "support for the Ukrainian army").
func stHelpObject(text string, toks []stToken, v, m int) bool {
	if m-v > 3 {
		return false
	}
	for q := v + 1; q < m; q++ {
		t := &toks[q]
		if !t.word || q == v+1 && !stIsAnyWord(text, t, "for", "to") && !stWordInfo(t.info).has(swDet) {
			return false
		}
	}
	return true
}

// stProvidedWith reports the mention toks[i:e] as the one given the help
// word at token v: "provide Ukraine with defence support", "supplied Kyiv
// with military aid" (a verb of giving right before the mention, "with"
// right after it, at most one word between "with" and the help word).
func stProvidedWith(text string, toks []stToken, i, e, v int) bool {
	if i == 0 || e >= v || v-e > 2 || !stIsWord(text, &toks[e], "with") {
		return false
	}
	for q := e + 1; q < v; q++ {
		if !toks[q].word {
			return false
		}
	}
	return stIsAnyWord(text, &toks[i-1], "provide", "provides", "provided", "providing", "supply", "supplies",
		"supplied", "supplying", "equip", "equips", "equipped", "equipping")
}

// stConductNouns name a way of acting; after an evaluative word and
// before "of", the mention after "of" is the actor: "the aggressive
// behaviour of its neighbours", "the reckless course of the alliance",
// "the heroic spirit of the Ukrainian people".
// (After an action noun it is the victim instead: "the brutal invasion of
// a country".)
var stConductNouns = stWordSet(`behaviour behavior actions action policy policies conduct rhetoric
	course stance statements statement moves move steps step plan plans activity activities
	intentions ambitions attitude spirit resistance struggle fight effort efforts work`)

// stConductOf reports an evaluative word at token v followed by a conduct
// noun and "of".
func stConductOf(text string, toks []stToken, v int) bool {
	if v+2 >= len(toks) || !toks[v+1].word || !stIsWord(text, &toks[v+2], "of") {
		return false
	}
	return stLowerLookup(stConductNouns, text[toks[v+1].start:toks[v+1].end])
}

// stAfterWord reports the word w (or w and "the") right before token i.
func stAfterWord(text string, toks []stToken, i int, w string) bool {
	k := i - 1
	if k > 0 && stIsWord(text, &toks[k], "the") {
		k--
	}
	return k >= 0 && stIsWord(text, &toks[k], w)
}

// partyOnly reports whether every mention of a camp on side is a party
// to a war named before it (stConflictParty).
func (s *Stance) partyOnly(text string, toks []stToken, raw []stRawMention, side int8) bool {
	seen := false
	for i := range raw {
		rm := &raw[i]
		if rm.campK < 0 || s.campSide[rm.campK] != side {
			continue
		}
		if !stConflictParty(text, toks, int(rm.tokStart)) {
			return false
		}
		seen = true
	}
	return seen
}

// stConflictNouns name a war or a clash between two parties.
var stConflictNouns = stWordSet(`war wars conflict conflicts confrontation confrontations clash clashes
	hostilities`)

// stConflictParty reports whether the mention starting at token i is a
// party to a war or clash named just before it, as the speaker's side's
// opponent in it: after "with" ("the" apart) that follows a conflict
// noun within three words ("risked starting a general war with Russia",
// "a conflict with the Russian Federation"), or after "between" right
// after the noun, within four words ("direct confrontation between Nato
// and Russia"). Such a war is a risk weighed, not a charge against the
// other party.
func stConflictParty(text string, toks []stToken, i int) bool {
	if stAfterWord(text, toks, i, "with") {
		return stNounObject(text, toks, i, stConflictNouns, "with")
	}
	for q := i - 1; q >= 1 && q >= i-4 && toks[q].word; q-- {
		if stIsWord(text, &toks[q], "between") {
			return stLowerLookup(stConflictNouns, text[toks[q-1].start:toks[q-1].end])
		}
	}
	return false
}

// stMeasureNouns are measures one side takes against the other.
var stMeasureNouns = stWordSet(`sanctions sanction penalties restrictions measures embargo embargoes
	tariffs curbs ban bans pressure`)

// stMeasureTarget reports whether the mention toks[i:e] is only the
// target of a measure: after "on", "against" or "upon" (and "the") that
// follow a measure noun within three words ("tougher sanctions on
// Russia", "the pressure on the Russian Federation"), and no possessive
// ("sanctions on Russia's banks" name the banks). The guide reads a
// sanctions package against Russia as no evaluation of Russia.
func stMeasureTarget(text string, toks []stToken, i, e int) bool {
	return !stPossessiveAt(toks, e) && stNounObject(text, toks, i, stMeasureNouns, "on", "against", "upon")
}

// stAddressee reports whether the mention toks[i:e] is the one a
// statement is made to: the object of a verb of telling, after at most a
// determiner ("informed his French counterpart", "told Macron", "briefed
// the Chancellor"), followed by what is told ("about", "on", "of",
// "regarding", "concerning", "that").
func stAddressee(text string, toks []stToken, i, e int) bool {
	if e >= len(toks) || !stIsAnyWord(text, &toks[e], "about", "on", "of", "regarding", "concerning", "that") {
		return false
	}
	k := i - 1
	if k > 0 && stWordInfo(toks[k].info).has(swDet) {
		k--
	}
	return k >= 0 && stIsAnyWord(text, &toks[k], "informed", "informs", "told", "tells", "briefed", "briefs",
		"assured", "assures", "reminded", "reminds", "notified", "updated")
}

// describesSpeaker reports that camp mention k is part of the title of
// the speaker's mention spk, which follows it within five tokens with only
// words of the title, a possessive mark or a comma between: "Ukraine's
// foreign minister, Dmytro Kuleba", "the Kremlin's spokesman Dmitry
// Peskov". A person named before the speaker is someone else, and a
// reporting verb between them ends the title ("Russia denied it, Peskov
// said").
func (s *Stance) describesSpeaker(text string, toks []stToken, raw []stRawMention, k, spk int) bool {
	rm, sp := &raw[k], &raw[spk]
	lo, hi := int(rm.tokEnd), int(sp.tokStart)
	if lo > hi || hi-lo > 5 || s.m.actors[rm.actor].person {
		return false
	}
	for q := lo; q < hi; q++ {
		t := &toks[q]
		if t.word {
			if stWordInfo(t.info).has(swReport) {
				return false
			}
			continue
		}
		if !stPunctIs(t, ',') && !stPunctIs(t, '\'') && !stPunctIs(t, '’') {
			return false
		}
	}
	return true
}

// stPunctBetween reports a comma, a dash or a quotation mark among
// toks[lo:hi].
func stPunctBetween(toks []stToken, lo, hi int) bool {
	for q := lo; q < hi; q++ {
		if t := &toks[q]; !t.word && (stPunctIs(t, ',') || stIsDash(t) || stIsQuoteTok(t)) {
			return true
		}
	}
	return false
}

// possessor returns the camp mention a negative evaluative word at token
// v belongs to through a possessive pronoun at most one word before it
// ("Russia keeps using every tool of its ongoing aggression"): for "his"
// the nearest person's mention before the pronoun, for "its" the nearest
// other mention, within the clause (after the last semicolon). -1 when
// there is none, or when that mention is outside the camps.
func (s *Stance) possessor(text string, toks []stToken, raw []stRawMention, v int) int {
	p := v - 1
	if p >= 0 && toks[p].word && !stIsAnyWord(text, &toks[p], "its", "his") {
		p-- // "its ongoing aggression"
	}
	if p < 0 || !toks[p].word || !stIsAnyWord(text, &toks[p], "its", "his") {
		return -1
	}
	clause := p // the clause's first token
	for clause > 0 && !stPunctIs(&toks[clause-1], ';') {
		clause--
	}
	person := stIsWord(text, &toks[p], "his")
	for k := len(raw) - 1; k >= 0; k-- {
		rm := &raw[k]
		if int(rm.tokEnd) > p {
			continue
		}
		if int(rm.tokStart) < clause {
			return -1
		}
		if s.m.actors[rm.actor].person != person {
			continue
		}
		if rm.campK < 0 {
			return -1
		}
		return k
	}
	return -1
}

// stVictimVerb reports a negative evaluative word that is a harmful verb,
// whose object is its victim.
func stVictimVerb(text string, t *stToken) bool {
	return stIsAnyWord(text, t, "blackmail", "threatening", "undermine", "undermined", "undermining", "sabotage",
		"sabotaged", "violated", "violating", "destabilising", "destabilizing", "destabilise", "destabilize", "escalating",
		"oppress", "oppresses", "persecutes", "persecuting", "ignored", "ignoring", "ignores", "disregarded", "disregarding", "disregards", "dismember", "enslave",
		"terrorize", "terrorise", "terrorizing", "terrorising", "coerce")
}

// stRuleNouns are the negative words of rule and regime, whose place ("the
// regime in Moscow", "the 2014 coup in Ukraine", "neo-Nazism in Ukraine")
// is the power they blame, not a bystander. (A hyphen splits tokens:
// "neo-Nazism" is looked up as "Nazism".)
var stRuleNouns = stWordSet(`regime regimes dictatorship dictatorships dictator coup coups junta
	nazism nazis nationalism nationalists fascism fascists authoritarianism tyranny`)

// stPrepositions mark a mention as the object of a phrase, not the subject.
var stPrepositions = stWordSet(`against on in into onto to towards toward with from at over
	near inside across for of upon`)

// agentBefore returns the subject-like camp mention before token v: the
// nearest within span that is not the object of a preposition. -1 if none.
func (s *Stance) agentBefore(text string, toks []stToken, raw []stRawMention, v, span int) int {
	best := -1
	for k, rm := range raw {
		if rm.campK < 0 || int(rm.tokEnd) > v || v-int(rm.tokEnd) > span {
			continue
		}
		p := int(rm.tokStart) - 1
		if p >= 0 && stIsWord(text, &toks[p], "the") {
			p--
		}
		if p >= 0 && toks[p].word && s.m.inSet(stSetPreposition, text, &toks[p]) {
			continue
		}
		best = k
	}
	return best
}

// stAxisCues are what the sentence's scan and mentions tell the voice rule
// of axisScore besides its favours.
type stAxisCues struct {
	quoted    bool // a word inside a quotation
	victim    bool // the speaker's own side named as the victim of an attack, a war or pressure (stVictimOf)
	ownNamed  bool // a camp of the speaker's own side mentioned
	partyOnly bool // the other side named only as a party to a war (stConflictParty)
	measured  bool // the other side named as the target of a measure (stMeasureTarget)
}

// axisScore places a sentence on the axis from its camps' favour and its
// stSpeaker's voice; see docs/stance.md for the rules.
// all is the union of the tokens' word classes.
func (s *Stance) axisScore(text string, toks []stToken, all stWordInfo, cues stAxisCues, fav []float64, sides stSideSet, sp stSpeaker, compound, negShare float64) float64 {
	score := 0.0
	bearing := false
	ownPraise, otherFavour, ownBlame := false, false, false // (for the voice rule below)
	crossPraise, negative := false, false
	for k, f := range fav {
		if math.IsNaN(f) || f == 0 {
			continue
		}
		side := s.campSide[k]
		if side == 0 {
			continue
		}
		ownPraise = ownPraise || side == sp.side && f > 0
		ownBlame = ownBlame || side == sp.side && f < 0
		otherFavour = otherFavour || side == -sp.side
		if sp.side > 0 && side < 0 && f > 0 {
			// Moscow's voice praising the West or Ukraine is diplomacy,
			// no side taken ("Vladimir Putin congratulated Olaf Scholz on
			// the start of his work", "Finland is our reliable partner").
			crossPraise = true
			continue
		}
		negative = negative || f < 0
		opp := sides&stSideBit(-side) != 0
		if sp.side == side && (f < 0 || !opp) {
			// Criticism or praise within one side, but for a side's
			// justification of its own camp.
			justifies := f > 0 && !opp && !sp.guest && int32(k) == sp.camp-stSpeakerCamp0 && stJustification(text, toks)
			if !justifies {
				continue
			}
		}
		wt := s.cfg.SoloWeight
		if opp {
			wt = 1
		}
		score += float64(side) * f * wt
		bearing = true
	}
	// The other side named only as a party to a war the speaker weighs,
	// with no favour counted, is no position against it ("Nato warned that
	// a no-fly zone could provoke full-fledged war in Europe with Russia").
	if sp.side != 0 && !(crossPraise && !negative) && !(cues.partyOnly && !bearing) {
		// Whether the sentence speaks of the diplomatic process alone,
		// worked out once, when first asked.
		process := -1
		processOnly := func() bool {
			if process < 0 {
				process = stB2i(s.m.processOnly(text, toks, all, compound, negShare))
			}
			return process == 1
		}
		// Thanks that name only the speaker's side (see stThanks), worked
		// out once, when first asked.
		thanked := -1
		thanks := func() bool {
			if thanked < 0 {
				thanked = stB2i(sides&stSideBit(-sp.side) == 0 && stThanks(text, toks, all))
			}
			return thanked == 1
		}
		// A side's voice tilts the axis when the sentence bears a position:
		// a counted favour, the other side named, or the speaker's own
		// words quoted (a statement of resolve).
		if !bearing && sides&stSideBit(-sp.side) != 0 && !sp.voice && !sp.guest && !processOnly() {
			bearing = true
		}
		// The speaker's own side as the victim of an attack, a war,
		// pressure or a threat: "a massive attack against Russia has
		// been unleashed in cyberspace" (Putin), "the ideological
		// successors of the Nazis, who started a war against us on our
		// land" (Zelenskyy).
		if !bearing && cues.victim {
			bearing = true
		}
		// A word inside a quotation, when the quotation is against the
		// other side: it names it, or has a negative word or another sign
		// of a position ("“We will publish the schedule on Monday,” Lavrov
		// said" has none).
		if !bearing && !sp.voice && cues.quoted && (sides&stSideBit(-sp.side) != 0 && !processOnly() || negShare > 0 || s.m.positionSign(text, toks)) {
			bearing = true
		}
		// The publisher's own narration bears a position when it names
		// its own side with a negative word outside the mentions that
		// blames none of that side: a release's "Russia launched a
		// pre-emptive strike at the aggression", "We do not know
		// everything about the murders and other crimes they commit
		// there, in the occupied part of Ukraine".
		if !bearing && sp.voice && cues.ownNamed && !ownBlame && all.has(swEvalNeg) && stNegativeWordOutside(text, toks) {
			bearing = true
		}
		// The publisher's own narration of the war's harm, crimes or
		// blame, in a negative sentence, bears a position too, though
		// neither side be named in it: "Hundreds of cities and villages
		// in Ukraine have been destroyed", "Children are separated from
		// their parents and there are attempts of their illegal adoption
		// in Russian families" (a Ukrainian release), "The numerous war
		// crimes committed each day by Ukrainian security and nationalist
		// forces … was brought to notice" (a Kremlin one); so does a harm
		// verb in a sentence of no tone, since VADER has no word for most
		// of war's ("On April 9, Russian troops shelled Vuhledar"); not
		// when it blames its own side, nor in a warm sentence ("We
		// evacuated the children safely"). Without the opposition in the
		// sentence or the two before it, the score is cleared as every
		// score is.
		if !bearing && sp.voice && !sp.guest && !ownBlame && (compound <= -0.05 && all.has(swHarm|swHarmNoun|swEvalNeg) ||
			compound < 0.05 && all.has(swHarm)) {
			bearing = true
		}
		// Otherwise it needs the other side in the sentence to voice a
		// position (a release thanking partners is not one).
		open := !sp.voice || sides&stSideBit(-sp.side) != 0
		if !bearing && sp.voice && sides&stSideBit(-sp.side) != 0 && (cues.measured || s.m.voicedDemand(text, toks)) {
			bearing = true
		}
		if !bearing && open && all.has(swPosition|swEvalNeg|swEvalPos) {
			for k := range toks {
				t := &toks[k]
				if !t.inQuote && stWordInfo(t.info).has(swPosition) || t.word && !t.inMention && stWordInfo(t.info).has(swEvalNeg) && !stNegWordVoid(text, toks, k) {
					bearing = true
					break
				}
				if !t.word || t.inMention || !stWordInfo(t.info).has(swEvalPos) || stWordVoid(text, toks, k) {
					continue // ("the best in many years" bears nothing; a quoted "defend" does)
				}
				if sp.guest {
					continue // a guest's warm words to the host are diplomacy
				}
				if s.coalition[sp.side+1] && sides&stSideBit(-sp.side) == 0 && stLowerLookup(stHelpWords, text[t.start:t.end]) && !stResolveBefore(text, toks, k) {
					// Help among the partners of a coalition, with the
					// other side unnamed, is no position against it ("the
					// Pentagon announced a new military assistance
					// package for Ukraine", "Your people supported us"),
					// but resolve to keep or raise it is ("Estonia would
					// keep supporting Ukraine").
					continue
				}
				if ownPraise && !otherFavour && (stLowerLookup(stAllianceWarmth, text[t.start:t.end]) || thanks()) {
					// Fellowship and thanks for the speaker's own side
					// alone are no position against the other
					// ("Zelenskyy thanked Estonia for its solidarity",
					// "… for its generous support").
					continue
				}
				if stLowerLookup(stDiplomaticWarmth, text[t.start:t.end]) {
					// A warm word of diplomacy about the talks alone is
					// no position ("Putin informed him of the progress
					// in the negotiations").
					if processOnly() {
						continue
					}
				}
				bearing = true
				break
			}
		}
		// A warm tone alone, in thanks that name only the speaker's
		// side, bears none.
		if bearing || (open && !sp.guest && math.Abs(compound) >= 0.5 && !(compound > 0 && thanks()) && !processOnly()) {
			score += float64(sp.side) * s.cfg.VoiceWeight
		}
	}
	return stClamp(score)
}

// stThanksWords thank: "Zelenskyy thanked Norway for its support". Each
// is a praise verb or a positive word (stThanksClasses), which lets
// stThanks pass over the other words without a lookup.
var stThanksWords = stWordSet(`thank thanks thanked thanking grateful gratitude`)

const stThanksClasses = swPraise | swEvalPos

// stThanks reports a word of thanks in the sentence, whose words' classes
// are all. A side's warm sentence of thanks that names only its own side
// is no position against the other, however warm its tone (the guide: a
// Ukrainian sentence thanking partners is neutral): "The President
// thanked the NATO member states that help Ukraine", "Vladimir Putin:
// Fine, thank you".
func stThanks(text string, toks []stToken, all stWordInfo) bool {
	if !all.has(stThanksClasses) {
		return false
	}
	for k := range toks {
		t := &toks[k]
		if t.word && stWordInfo(t.info).has(stThanksClasses) && stLowerLookup(stThanksWords, text[t.start:t.end]) {
			return true
		}
	}
	return false
}

// stResolveWords keep help going or make it grow: "keep supporting",
// "continue to provide military aid", "ramp up lethal aid".
var stResolveWords = stWordSet(`keep keeps kept keeping continue continues continued continuing
	ramp step boost boosted boosting increase increased increasing intensify intensified`)

// stResolveBefore reports a word of stResolveWords among the four words
// before token k ("continue to provide full support", "will “ramp up”
// lethal aid").
func stResolveBefore(text string, toks []stToken, k int) bool {
	for q, n := k-1, 0; q >= 0 && n < 4; q-- {
		t := &toks[q]
		if !t.word {
			continue
		}
		if stLowerLookup(stResolveWords, text[t.start:t.end]) {
			return true
		}
		n++
	}
	return false
}

// stJustification reports a positive evaluative word outside the
// mentions, not capitalised past the first word, that is no word of
// fellowship, diplomacy, help or congratulation (stAllianceWarmth,
// stDiplomaticWarmth, stHelpWords, stCongratulations): a side's praise of
// itself in such words ("the special military operation to protect
// Donbass", "our heroic defenders") justifies it against the other side,
// where thanks, cooperation or support among partners does not.
func stJustification(text string, toks []stToken) bool {
	for k := range toks {
		t := &toks[k]
		if !t.word || t.inMention || k > 0 && t.capital || !stWordInfo(t.info).has(swEvalPos) || stWordVoid(text, toks, k) {
			continue // (a capitalised word is a name's: "Environmental Protection", "Heroes of Ukraine")
		}
		w := text[t.start:t.end]
		if !stLowerLookup(stAllianceWarmth, w) && !stLowerLookup(stDiplomaticWarmth, w) && !stLowerLookup(stHelpWords, w) &&
			!stLowerLookup(stCongratulations, w) {
			return true
		}
	}
	return false
}

// stCongratulations are the positive words of congratulation, a courtesy.
var stCongratulations = stWordSet(`congratulated congratulate congratulations`)

// stAllianceWarmth are the positive words of fellowship and thanks between
// allies: said of the speaker's own side alone they take no position
// against the other (a Ukrainian release thanking partners is neutral),
// where "heroic", "liberated" or "victory" do, and so does help ("Canada
// would keep sending lethal aid to Ukraine's armed forces").
var stAllianceWarmth = stWordSet(`solidarity unity united friendship partnership cooperation grateful
	gratitude thanked welcomed`)

// voicedDemand reports a demand, condition, refusal or measure in a
// sentence (a stProcessBlockSet word outside the mentions: must, need,
// never, not, if, against, sanctions, prevent, ...): in a publisher's
// voice that names the other side, a position taken against it ("there
// will be a new package of sanctions against Russia", "the Russian side
// must ensure silence on these routes"). "Not only" and "not just" add to
// what they follow and are none.
func (m *stMatcher) voicedDemand(text string, toks []stToken) bool {
	for k := range toks {
		t := &toks[k]
		if !t.word || t.inMention {
			continue
		}
		if stDrawsAttention(text, toks, k) {
			return true
		}
		if m.processClass(text, t) != stProcessBlock {
			continue
		}
		if stIsWord(text, t, "not") && k+1 < len(toks) && stIsAnyWord(text, &toks[k+1], "only", "just") {
			continue
		}
		if stIsWord(text, t, "only") && k > 0 && stIsWord(text, &toks[k-1], "not") {
			continue
		}
		return true
	}
	return false
}

// stDrawForms draw attention: "Vladimir Putin drew attention to the
// absence of a substantive response", "Attention was drawn to the modern
// weapons being sent to Ukraine".
var stDrawForms = stWordSet(`draw draws drew drawn drawing directed`)

// stDrawsAttention reports "attention" at token k drawn to something: a
// form of draw (or "directed") at most three words before it, or "drawn"
// at most two words after it. In a side's voice that is a complaint or a
// demand, where "special attention was paid to" is the agenda.
func stDrawsAttention(text string, toks []stToken, k int) bool {
	if !stIsWord(text, &toks[k], "attention") {
		return false
	}
	for q := k - 1; q >= 0 && q >= k-3 && toks[q].word; q-- {
		if stLowerLookup(stDrawForms, text[toks[q].start:toks[q].end]) {
			return true
		}
	}
	for q := k + 1; q < len(toks) && q <= k+2 && toks[q].word; q++ {
		if stIsWord(text, &toks[q], "drawn") {
			return true
		}
	}
	return false
}

// processOnly reports a sentence that speaks of the diplomatic process
// alone: it has a process word (talks, proposals, informed, ...) and no
// sign of a position, no negative word (VADER's negative share negShare is
// 0, so no word of the sentence has a negative valence, and no negative
// evaluative word), no blame, position or harm verb, and no demand or
// condition (must, only, if, against, sanctions, ...). "Putin informed his
// French counterpart of Russia's diplomatic efforts" names the other side
// without taking a position against it.
func (m *stMatcher) processOnly(text string, toks []stToken, all stWordInfo, compound, negShare float64) bool {
	if negShare > 0 || compound <= -0.05 || all.has(swEvalNeg|swBlame|swPosition|swHarm) {
		return false
	}
	process := false
	for k := range toks {
		t := &toks[k]
		if !t.word || t.inMention {
			continue
		}
		switch m.processClass(text, t) {
		case stProcessWord:
			process = true
		case stProcessBlock:
			return false
		}
	}
	return process
}

// processClass returns the class (stProcessWord, stProcessBlock) of word token t's
// lower-case form, 0 when it has none: two bits of its word-table entry.
func (m *stMatcher) processClass(text string, t *stToken) uint8 {
	switch {
	case m.inSet(stSetProcessBlock, text, t):
		return stProcessBlock
	case m.inSet(stSetProcess, text, t):
		return stProcessWord
	}
	return 0
}

// positionSign reports a word outside the mentions that marks a
// position: a negation (not, no, never, don't), a demand or condition
// (must, need, only, if, nobody, ...; see stProcessBlockSet), an attack verb,
// a negative evaluative word, "war" or "invasion".
func (m *stMatcher) positionSign(text string, toks []stToken) bool {
	for k := range toks {
		t := &toks[k]
		if !t.word || t.inMention {
			continue
		}
		if stWordInfo(t.info).has(swNeg|swHarm|swEvalNeg) || stNotContraction(text, toks, k) {
			return true // a negation ("not", "don't"), an attack, a negative evaluation
		}
		if m.processClass(text, t) == stProcessBlock || stIsAnyWord(text, t, "invasion", "war") {
			return true
		}
	}
	return false
}

// stClamp returns x clamped to [-1, 1], as max(-1, min(1, x)) does (NaN
// stays NaN, a zero keeps its sign) in fewer instructions: the built-ins
// test for NaN and signed zeros on every call.
func stClamp(x float64) float64 {
	if x > 1 {
		return 1
	}
	if x < -1 {
		return -1
	}
	return x
}

// stFavourTableMax is the most camps [Stance.favours] is built for: 4^5
// favours of 5 camps take 40 KB.
const stFavourTableMax = 5

// The bits of the favour values [Stance.favours] holds, by code.
var stFavourBits = [4]uint64{math.Float64bits(math.NaN()), math.Float64bits(0), math.Float64bits(1), math.Float64bits(-1)}

// stFavourCode returns the index in [Stance.favours] of the favour with
// the bits of fav, and ok false when a value is not one of stFavourBits or
// fav is longer than stFavourTableMax.
func stFavourCode(fav []float64) (code int, ok bool) {
	if len(fav) > stFavourTableMax {
		return 0, false
	}
	for k := len(fav) - 1; k >= 0; k-- {
		d := 0
		switch math.Float64bits(fav[k]) {
		case stFavourBits[0]:
		case stFavourBits[1]:
			d = 1
		case stFavourBits[2]:
			d = 2
		case stFavourBits[3]:
			d = 3
		default:
			return 0, false
		}
		code = code*4 + d
	}
	return code, true
}

// stFavourTable returns every favour of nc camps made of the values
// stFavourBits, each at its [stFavourCode], or nil for more than
// stFavourTableMax camps.
func stFavourTable(nc int) [][]float64 {
	if nc > stFavourTableMax {
		return nil
	}
	n := 1 << (2 * nc)
	vals := make([]float64, n*nc)
	table := make([][]float64, n)
	for code := range table {
		f := vals[code*nc : (code+1)*nc : (code+1)*nc]
		for k, c := 0, code; k < nc; k, c = k+1, c/4 {
			f[k] = math.Float64frombits(stFavourBits[c%4])
		}
		table[code] = f
	}
	return table
}
