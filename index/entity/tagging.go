package entity

// Names found from their context: the sequence tagger (internal/tagger)
// reads the body and summary, and a name it finds that no gazetteer name
// or rule claimed becomes an entity, when the tagger is sure enough of it.

import (
	_ "embed"
	"strings"

	"github.com/sitrep/sitrep/index/entity/internal/tagger"
)

// taggerData is the tagger's model, written by internal/train (make
// train-entities).
//
//go:embed data/tagger.bin.gz
var taggerData []byte

// minMargin is, by kind, how far the tagger's score for a name's tags must
// stand above the next best tag on every word of the name.
var minMargin = [...]float32{tagger.Per: 3, tagger.Org: 3, tagger.Loc: 3}

// minPlainMargin is the margin a name made only of ordinary words needs.
const minPlainMargin = 10

// tagNames adds the names the tagger finds in the body and summary that no
// gazetteer name or rule claimed. It runs before resolve, so that a
// surname alone later in the article joins the full name the tagger found.
func (s *state) tagNames() {
	if s.x.tagger == nil {
		return
	}
	for n := range s.fields {
		f := &s.fields[n]
		if f.caption || f.name == FieldTitle || len(f.toks) == 0 {
			continue
		}
		s.claim(f)
		s.tagToks = s.x.taggerTokens(f.text, f.toks, s.tagToks)
		s.spans = s.x.tagger.Tag(s.tagToks, &s.tagSc, s.spans)
		for _, sp := range s.spans {
			s.tagged(f, sp)
		}
	}
}

// claim marks the tokens of f that a mention or a pending word holds, or
// that are credits or on a headline line.
func (s *state) claim(f *field) {
	s.claimed = s.claimed[:0]
	for i := range f.toks {
		s.claimed = append(s.claimed, f.headline[f.toks[i].line] || f.skip != nil && f.skip[i])
	}
	mark := func(start, end int) {
		for i := range f.toks {
			if f.toks[i].start < end && f.toks[i].end > start {
				s.claimed[i] = true
			}
		}
	}
	for _, b := range s.order {
		for _, m := range b.e.Mentions {
			if m.Field == f.name {
				mark(m.Start, m.End)
			}
		}
	}
	for _, p := range s.pend {
		if p.f == f {
			for i := p.i; i < p.j; i++ {
				s.claimed[i] = true
			}
		}
	}
}

// tagged reads one name the tagger found.
func (s *state) tagged(f *field, sp tagger.Span) {
	var kind Kind
	switch sp.Kind {
	case tagger.Per:
		kind = Person
	case tagger.Org:
		kind = Organisation
	case tagger.Loc:
		kind = Place
	default:
		return
	}
	if sp.Margin < minMargin[sp.Kind] {
		return
	}
	g := s.x.g
	toks := f.toks
	i, j := sp.I, sp.J
	// Not the words around a name: "the", titles, punctuation.
	for i < j && (!toks[i].word() || toks[i].key == "the" || kind == Person && (s.isTitle(&toks[i]) || g.demonyms.has(toks[i].key))) {
		i++
	}
	for j > i && (!toks[j-1].word() || connectors[toks[j-1].key]) {
		j--
	}
	if i >= j {
		return
	}
	if j-i == 1 && kind == Person {
		// A surname alone: coreference reads it (resolve), as a person's
		// when nothing else names it.
		for k := range s.pend {
			if p := &s.pend[k]; p.f == f && p.i == i && p.j == j {
				p.tagged = true
			}
		}
		return
	}
	if !s.plausible(f, i, j, kind, sp.Margin) {
		return
	}
	start, end := toks[i].start, toks[j-1].end
	name := s.x.Canonical(kind, f.text[start:end])
	s.emit(f, kind, name, -1, start, end, "tagger", i, j)
}

// plausible reports whether tokens [i, j) can be a name of kind k that the
// tagger found with the given margin. The tagger knows words, not Sitrep's
// decisions: a name the gazetteer knows but the rules left out was left
// out on purpose (a country as an adjective, "U.S. forces"); nationality
// words, titles, ships, events and operations are not people, places or
// organisations; capitalised ordinary words ("Small Group", "Briefing
// Room") are descriptions more often than names, so the tagger must be
// sure of them.
func (s *state) plausible(f *field, i, j int, k Kind, margin float32) bool {
	g := s.x.g
	toks := f.toks
	if i > 0 && (vesselPrefixes[toks[i-1].key] || vesselNouns[toks[i-1].key]) {
		return false
	}
	if toks[i].key == "operation" || eventHeads[toks[j-1].key] {
		return false
	}
	names, plain := 0, 0
	for n := i; n < j; n++ {
		t := &toks[n]
		if s.claimed[n] || t.line != toks[i].line || g.notNames.has(t.key) && !t.upper || vesselPrefixes[t.key] {
			return false
		}
		if !t.word() || connectors[t.key] {
			continue
		}
		key := t.key
		switch {
		case k == Person && (t.number || s.isTitle(t) || abbreviations[key]):
			return false
		case g.demonyms.has(key) || g.demonyms.has(strings.TrimSuffix(key, "s")) || s.isTitle(t) || t.number:
			// not a name word
		case g.english.has(key) && !g.first.has(key) || g.heads.has(key):
			plain++
		case t.capital || t.upper:
			names++
		}
	}
	if names == 0 && (plain == 0 || margin < minPlainMargin) {
		return false
	}
	// Known to the gazetteer, yet no rule took it.
	return s.x.lookupText(Person, f.text[toks[i].start:toks[j-1].end]) == nil &&
		s.x.lookupText(Place, f.text[toks[i].start:toks[j-1].end]) == nil &&
		s.x.lookupText(Organisation, f.text[toks[i].start:toks[j-1].end]) == nil
}
