package stages

import "slices"

// Surnames named in full first. The lexicon gives many people only in full
// ("Lindsey Graham", "Nikolai Patrushev", "Kamala Harris"): their bare
// surname is too common a word, or another person's, to count in every
// article. Once an article has named such a person in full, though, its
// later bare surname is that person ("Graham said", "Patrushev's
// remarks"), as a reader takes it.

// stSurnameOf returns the surname that names person a in an article that
// has named it in full: the last word of its first surface of two or more
// words, when that word is a capital letter and at least two lower-case
// ASCII letters, follows a capitalised word, and is no actor's surface of
// its own (single is the set of one-word surfaces: a bare "Johnson" is
// Boris Johnson). "" otherwise.
func stSurnameOf(a Actor, single map[string]bool) string {
	if a.Kind != "person" {
		return ""
	}
	for _, s := range a.Surfaces {
		words := stTokenTexts(s)
		if len(words) < 2 {
			continue
		}
		w, before := words[len(words)-1], words[len(words)-2]
		if single[w] || !stCapitalisedWord(w) || !stCapitalisedWord(before) {
			return ""
		}
		return w
	}
	return ""
}

// stCapitalisedWord reports an upper-case ASCII letter followed by at least
// two lower-case ones and nothing else.
func stCapitalisedWord(w string) bool {
	if len(w) < 3 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for i := 1; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// stSurnameRef is a surname an article has given its person: the mention
// that named the person in full, whose actor and camp the bare surname
// takes. ambiguous: two actors named in full share it ("Nikolai
// Patrushev" and "Dmitry Patrushev"), so it names neither.
type stSurnameRef struct {
	word      string
	mention   stRawMention
	ambiguous bool
}

// noteSurnames records the surnames of the persons the sentence's mentions
// raw name in full (the last token of the surface, after a word on the same
// side of a space), in refs.
func (m *stMatcher) noteSurnames(text string, toks []stToken, raw []stRawMention, refs []stSurnameRef) []stSurnameRef {
	for k := range raw {
		rm := &raw[k]
		w := m.surnames[rm.actor]
		if w == "" || rm.tokEnd-rm.headTok < 2 {
			continue
		}
		if last := &toks[rm.tokEnd-1]; text[last.start:last.end] != w || !toks[rm.tokEnd-2].spaceAfter {
			continue
		}
		i := slices.IndexFunc(refs, func(r stSurnameRef) bool { return r.word == w })
		switch {
		case i < 0:
			refs = append(refs, stSurnameRef{word: w, mention: *rm})
		case refs[i].mention.actor != rm.actor:
			refs[i].ambiguous = true
		default:
			refs[i].mention = *rm // the latest naming decides the camp
		}
	}
	return refs
}

// matchSurnames adds to raw, in token order, a mention for each capitalised
// word of the sentence outside the mentions that is a surname refs records:
// not after another given name ("Billy Graham", see
// [stMatcher.givenNameOutside]; unlike a surface's, also at the start of a
// sentence) nor before a capitalised word ("Graham Greene"). A title
// before it is part of the mention ("Senator Graham").
func (m *stMatcher) matchSurnames(text string, toks []stToken, refs []stSurnameRef, raw []stRawMention) []stRawMention {
	for k := range toks {
		t := &toks[k]
		if !t.word || !t.capital || t.inMention {
			continue
		}
		w := text[t.start:t.end]
		i := slices.IndexFunc(refs, func(r stSurnameRef) bool { return r.word == w })
		if i < 0 || refs[i].ambiguous {
			continue
		}
		if k+1 < len(toks) && t.spaceAfter && toks[k+1].word && toks[k+1].capital {
			continue
		}
		ref := &refs[i].mention
		tb := m.titleBefore(text, toks, int32(k), 0)
		if tb == int32(k) && k > 0 && stTightWord(toks, int32(k-1), int32(k)) && m.givenNameOutside(text, toks, int32(k-1), &m.actors[ref.actor]) {
			continue // another given name, also opening the sentence: "Billy Graham preached"
		}
		rm := stRawMention{actor: ref.actor, other: ref.other, former: ref.former, campK: ref.campK,
			tokStart: int32(k), tokEnd: int32(k + 1), headTok: int32(k), start: t.start, end: t.end}
		if tb < int32(k) && !stAnyInMention(toks[tb:k]) {
			rm.tokStart, rm.start = tb, toks[tb].start // "Senator Graham"
		}
		at, _ := slices.BinarySearchFunc(raw, rm.tokStart, func(r stRawMention, s int32) int { return int(r.tokStart - s) })
		raw = slices.Insert(raw, at, rm)
		for j := rm.tokStart; j < rm.tokEnd; j++ {
			toks[j].inMention = true
		}
	}
	return raw
}

// stAnyInMention reports whether a token of toks is in a mention.
func stAnyInMention(toks []stToken) bool {
	for k := range toks {
		if toks[k].inMention {
			return true
		}
	}
	return false
}
