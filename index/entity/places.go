package entity

// The unknown words of a run: place cues, acronyms defined in the text,
// attributive country names.

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// gap reads the unknown words [i, j) of the chunk [a, b).
func (s *state) gap(f *field, i, j, a, b int, headline bool) {
	g := s.x.g
	toks := f.toks
	// Titles, nationality words and ordinary words at the edges are not
	// names.
	for i < j && (g.titles.has(toks[i].key) || g.demonyms.has(toks[i].key) || connectors[toks[i].key] || g.english.has(toks[i].key) && !toks[i].upper) {
		if (toks[i].key == "al" || toks[i].key == "el") && toks[i].capital && i+1 < j && toks[i+1].glued && toks[i+1].capital {
			break // "Al-Sinek"
		}
		i++
	}
	for j > i && (g.titles.has(toks[j-1].key) || g.demonyms.has(toks[j-1].key) || connectors[toks[j-1].key] || g.english.has(toks[j-1].key) && !toks[j-1].upper) {
		j--
	}
	if i >= j {
		return
	}
	if j-i == 1 {
		t := &toks[i]
		speech := i == a && j == b && !t.upper && (s.speechAfter(f, b) && !(a > 0 && prepositions[toks[a-1].key]) || a > 0 && toks[a-1].word() && speechBefore[toks[a-1].key] && (b == len(toks) || toks[b].punct == '.' || toks[b].punct == ','))
		s.pend = append(s.pend, pending{f: f, i: i, j: j, key: t.key, upper: t.upper, headline: headline, start: t.start, end: t.end, speech: speech})
		if !headline && t.capital && !t.upper && s.placeCue(f, i, j, a, b) {
			// A place by its cue: the tagger's reading of the word as
			// another kind makes no second entity of it ("Point Mugu,
			// California-based"); a person named in full whose surname it
			// is still takes a mention of it, as before ("loyal to Dostum,
			// Afghanistan's vice president", where the place stays too).
			s.pend[len(s.pend)-1].placed = true
		}
		return
	}
	if headline {
		return
	}
	// An acronym defined right after: "Syrian Arab Coalition (SAC)".
	if j == b && s.acronymAfter(f, b, nil) {
		return
	}
	s.placeCue(f, i, j, a, b)
}

// placeCue reads [i, j) as a place when a cue says so: "the town of X",
// "near X", "X village", "X, Syria", and reports whether it did.
func (s *state) placeCue(f *field, i, j, a, b int) bool {
	g := s.x.g
	toks := f.toks
	// "Brandon, Fla.": a state abbreviation is cue enough even for a
	// word that is also a given name.
	state := j == b && s.stateAfter(f, b)
	for k := i; k < j; k++ {
		if toks[k].upper || g.first.has(toks[k].key) && k == i && !arabicPlacePrefixes[toks[k].key] && !state {
			return false
		}
	}
	cue := false
	if i == a && a > 0 {
		p := &toks[a-1]
		switch {
		case p.key == "near":
			cue = true
		case p.key == "of" && a > 1 && placeBefore[toks[a-2].key]:
			cue = true
		case (p.key == "in" || p.key == "from" || p.key == "at") && arabicPlacePrefixes[toks[i].key]:
			cue = true
		}
	}
	if !cue && j == b && b < len(toks) {
		n := &toks[b]
		switch {
		case n.word() && placeAfter[n.key] && !n.capital:
			cue = true
		case n.punct == ',' && s.stateAfter(f, b):
			cue = true // "Brandon, Fla."
		case n.punct == ',' && b+1 < len(toks) && toks[b+1].capital:
			// "Sarmada, Syria": followed by a country or region.
			if m, gn := s.match(f, b+1, len(toks), false); m > 0 && g.ents[gn.ent].kind == Place {
				e := &g.ents[gn.ent]
				cue = e.country != "" && (!e.coords || strings.Count(e.name, " ") < 3)
			}
		}
	}
	if !cue {
		return false
	}
	text := f.text[toks[i].start:toks[j-1].end]
	s.emit(f, Place, tidy(text), -1, toks[i].start, toks[j-1].end, "place-cue", i, j)
	return true
}

// acronymAfter reads "(ACR)" after token b as the acronym of e, or of the
// chunk before it when e is nil and its initials fit. It reports whether
// it defined one.
func (s *state) acronymAfter(f *field, b int, e *builder) bool {
	toks := f.toks
	if b+2 >= len(toks) || toks[b].punct != '(' || toks[b+2].punct != ')' || !toks[b+1].upper {
		return false
	}
	acr := toks[b+1].key
	if len(acr) < 2 {
		return false
	}
	if e == nil {
		// Find the chunk's start: the capitalised words before b.
		a := b
		for a > 0 && toks[a-1].word() && (toks[a-1].capital || toks[a-1].upper || connectors[toks[a-1].key]) && toks[a-1].line == toks[b].line {
			a--
		}
		for a < b && (connectors[toks[a].key] || toks[a].sentence && s.x.g.english.has(toks[a].key) && !initialsFit(acr, toks[a:b])) {
			a++
		}
		if b-a < 2 || !initialsFit(acr, toks[a:b]) || s.product(f, a, b, nil) {
			return false
		}
		text := f.text[toks[a].start:toks[b-1].end]
		s.emit(f, Organisation, s.x.canonicalOrg(text), -1, toks[a].start, toks[b-1].end, "acronym", a, b)
		e = s.last()
	}
	s.defs = append(s.defs, acronymDef{acr: acr, text: f.text[toks[b+1].start:toks[b+1].end], f: f, start: toks[b+1].start, b: e})
	if _, ok := s.acronyms[acr]; !ok {
		s.acronyms[acr] = e
		if !slices.Contains(e.e.Aliases, f.text[toks[b+1].start:toks[b+1].end]) {
			e.e.Aliases = append(e.e.Aliases, f.text[toks[b+1].start:toks[b+1].end])
		}
	}
	return true
}

// acronymFollows reports whether "(ACR)" follows token b.
func (s *state) acronymFollows(f *field, b int) bool {
	toks := f.toks
	return b+2 < len(toks) && toks[b].punct == '(' && toks[b+2].punct == ')' && toks[b+1].upper
}

// initialsFit reports whether the acronym is made of the initials of the
// capitalised words, in order, allowing skipped words.
func initialsFit(acr string, toks []token) bool {
	var initials []rune
	for _, t := range toks {
		if t.capital || t.upper {
			r, _ := utf8.DecodeRuneInString(t.key)
			initials = append(initials, r)
		}
	}
	k := 0
	for _, r := range acr {
		for k < len(initials) && initials[k] != r {
			k++
		}
		if k == len(initials) {
			return false
		}
		k++
	}
	r, _ := utf8.DecodeRuneInString(acr)
	return len(initials) > 0 && initials[0] == r
}

// functionWords may follow a country's name without making it an
// adjective ("the US will", "the US and Iraq").
var functionWords = map[string]bool{
	"is": true, "was": true, "are": true, "were": true, "has": true, "have": true, "had": true,
	"will": true, "would": true, "can": true, "could": true, "should": true, "may": true,
	"might": true, "must": true, "shall": true, "does": true, "did": true, "do": true,
	"and": true, "or": true, "but": true, "nor": true, "to": true, "in": true, "on": true,
	"at": true, "for": true, "from": true, "with": true, "by": true, "of": true, "as": true,
	"that": true, "which": true, "who": true, "also": true, "not": true, "said": true,
	"says": true, "remains": true, "continues": true, "since": true, "than": true, "into": true,
	"against": true, "after": true, "before": true, "during": true, "over": true, "under": true,
	"until": true, "about": true, "toward": true, "towards": true, "through": true, "while": true,
	"if": true, "because": true, "so": true, "yet": true, "now": true, "then": true, "again": true,
	"alone": true, "itself": true, "too": true, "only": true, "already": true, "still": true,
	"unless": true, "although": true, "though": true, "when": true, "where": true, "whose": true,
	"amid": true, "among": true, "within": true, "without": true, "across": true, "beyond": true,
	// Verbs of statements whose subject is a country ("The U.S. reaffirms
	// its commitment").
	"reaffirms": true, "condemns": true, "welcomes": true, "urges": true, "stands": true,
	"commends": true, "applauds": true, "appreciates": true, "encourages": true,
	"recognizes": true, "recognises": true, "believes": true, "hopes": true, "expects": true,
	"intends": true, "seeks": true, "wants": true, "rejects": true, "opposes": true,
	"mourns": true, "extends": true, "joins": true, "shares": true, "calls": true,
	"supports": true, "provides": true, "looks": true, "regrets": true, "deplores": true,
	"considers": true, "agrees": true, "plans": true,
}

// alliedWords after "U.S. and" make the pair an adjective.
var alliedWords = map[string]bool{"allied": true, "coalition": true, "partner": true, "international": true, "foreign": true, "nato": true}

// attributive reports whether the word at token j makes the name before it
// an adjective: a lower-case content word, or a word joined by a hyphen.
func (s *state) attributive(f *field, j int) bool {
	if j >= len(f.toks) {
		return false
	}
	t := &f.toks[j]
	if t.glued {
		return true
	}
	if t.punct == ',' && j+1 < len(f.toks) && s.x.g.demonyms.has(f.toks[j+1].key) && f.toks[j+1].capital {
		return true // "U.S., German and Canadian companies"
	}
	if !t.word() || t.line != f.toks[j-1].line {
		return false
	}
	if t.capital && s.x.g.titles.has(t.key) && !functionWords[t.key] {
		return true // "the U.S. Secretary of State", "U.S. Ambassador"
	}
	if t.number && isOrdinal(t.key) {
		return true // "U.S. 5th Fleet"
	}
	if t.key == "and" && j+1 < len(f.toks) && (alliedWords[f.toks[j+1].key] || s.x.g.demonyms.has(f.toks[j+1].key)) {
		return true // "U.S. and allied forces", "U.S. and Iraqi troops"
	}
	return !t.capital && !t.upper && !t.number && !functionWords[t.key] && !strings.HasSuffix(t.key, "ed") && !strings.HasSuffix(t.key, "ly")
}

// pluralPlaceHeads open a list of places of one kind: "Lakes Superior,
// Huron and Erie" names Lake Superior, Lake Huron and Lake Erie.
var pluralPlaceHeads = map[string]string{"lakes": "Lake", "mounts": "Mount"}

// coordinatedPlaces reads a list of places after a plural head at token i
// ("Lakes Superior, Michigan, Huron, St. Clair and Erie"): each name of
// the list, separated by commas and a final "and", is the head's place in
// the singular. It returns the token after the list, or 0 when i opens
// none (fewer than two names).
func (s *state) coordinatedPlaces(f *field, i int, skip []bool) int {
	toks := f.toks
	head, ok := pluralPlaceHeads[toks[i].key]
	if !ok || !toks[i].capital {
		return 0
	}
	type item struct{ a, b int }
	var items []item
	k := i + 1
	for final := false; ; {
		b := k
		for b < len(toks) && toks[b].line == toks[i].line && (skip == nil || !skip[b]) && toks[b].word() && toks[b].capital && !toks[b].number {
			b++
		}
		if b == k {
			return 0
		}
		items = append(items, item{k, b})
		if final {
			k = b
			break
		}
		switch {
		case b+1 < len(toks) && toks[b].punct == ',' && toks[b+1].key == "and":
			k, final = b+2, true
		case b < len(toks) && toks[b].punct == ',':
			k = b + 1
		case b < len(toks) && toks[b].key == "and":
			k, final = b+1, true
		default:
			return 0
		}
	}
	for _, it := range items {
		name := head + " " + tidy(f.text[toks[it.a].start:toks[it.b-1].end])
		ent := int32(-1)
		if gn, ok := s.x.g.names[norm.Key(name)]; ok && s.x.g.ents[gn.ent].kind == Place {
			ent = gn.ent
		}
		s.emit(f, Place, s.x.Canonical(Place, name), ent, toks[it.a].start, toks[it.b-1].end, "coordination", it.a, it.b)
		s.last().e.Mentions[len(s.last().e.Mentions)-1].Why = "one of a list after \"" + f.text[toks[i].start:toks[i].end] + "\": " + name
	}
	return k
}
