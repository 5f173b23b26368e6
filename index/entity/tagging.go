package entity

// Names found from their context: the sequence tagger (internal/tagger)
// reads the body and summary, and a name it finds that no gazetteer name
// or rule claimed becomes an entity, when the tagger is sure enough of it.

import (
	"cmp"
	_ "embed"
	"slices"
	"sort"
	"strings"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
	"github.com/sitrep/sitrep/index/entity/internal/tagger"
)

// taggerData is the tagger's model, written by internal/train (make
// train-entities).
//
//go:embed data/tagger.bin.gz
var taggerData []byte

// TaggerModel returns the embedded tagger model, for tools that measure it.
func TaggerModel() []byte { return taggerData }

// minMargin is, by kind, how far the tagger's score for a name's tags must
// stand above the next best tag on every word of the name.
var minMargin = [...]float32{tagger.Per: 3, tagger.Org: 3, tagger.Loc: 3}

// minPlainMargin is the margin a name made only of ordinary words needs.
const minPlainMargin = 20

// minCivicMargin is the margin of a name of ordinary words ending in a
// head word of public life ("Liberal Party").
const minCivicMargin = 10

// minSurnameMargin is the margin of a surname alone that no full name in
// the article explains ("Rumsfeld said").
const minSurnameMargin = 25

// minOpeningSurnameMargin is the margin of such a surname when it opens a
// sentence, where ordinary words are capitalised too ("Groundwater wells
// will be sampled").
const minOpeningSurnameMargin = 35

// minWordMargin is the margin of one word the tagger reads as an
// organisation ("Gazprom said", "the NLD") or a place ("in Liverpool")
// for it to be one when nothing else in the article explains the word.
const minWordMargin = 15

// minSureAcronymMargin is the margin of an acronym the tagger reads as an
// organisation ("the KGB", "AHAC champions") for it to be one though the
// text never names it as a body ("the NLD", "NASA says"), when the text
// never uses it as a qualifier either ("DDR funds", "adjusted EPS").
const minSureAcronymMargin = 50

// minOverrule is the margin of a person the tagger finds at the start of
// an organisation's name a rule made, for the person to win.
const minOverrule = 20

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
		s.tagToks, s.tagMarks = s.x.taggerTokens(f.text, f.toks, s.tagToks, s.tagMarks)
		s.spans = s.x.tagger.Tag(s.tagToks, &s.tagSc, s.spans)
		s.indexPend(f)
		s.trimOpeners(f)
		s.readPlaces(f)
		s.indexStarts(f)
		for _, sp := range s.spans {
			s.release(f, sp)
		}
		s.claim(f)
		for _, sp := range s.spans {
			s.tagged(f, sp)
		}
		s.listedPeople(f)
	}
}

// listedPeople reads as people the names of two or three capitalised
// words that no rule or tagger read, in a list of names joined by commas
// and "and" whose other members are people, two at least and more than
// those left: "Andy Flower, Grant Flower, Heath Streak, Paul Strang". A
// list's members are of one kind, and given names and surnames that are
// ordinary words ("Grant", "Heath", "Streak") are read so there.
func (s *state) listedPeople(f *field) {
	g, toks := s.x.g, f.toks
	s.listSpans = s.listSpans[:0]
	for _, b := range s.order {
		for _, m := range b.e.Mentions {
			if m.Field == f.name {
				s.listSpans = append(s.listSpans, listSpan{tokenAt(f, m.Start), tokenAt(f, m.End-1) + 1, b.e.Kind})
			}
		}
	}
	if len(s.listSpans) < 2 {
		return
	}
	slices.SortFunc(s.listSpans, func(x, y listSpan) int { return cmp.Compare(x.i, y.i) })
	// member returns the member of a list that starts at token k: a
	// mention, or a run of one to three words of a name's shape no
	// mention covers (kind -1).
	n := 0 // the first mention that does not end before k
	member := func(k int) listSpan {
		for n < len(s.listSpans) && s.listSpans[n].j <= k {
			n++
		}
		if n < len(s.listSpans) && s.listSpans[n].i <= k {
			if s.listSpans[n].i == k {
				return s.listSpans[n]
			}
			return listSpan{}
		}
		if k > 0 && toks[k-1].line == toks[k].line && (toks[k-1].capital || toks[k-1].upper) {
			return listSpan{} // "the USS Carl Vinson": the end of a longer run
		}
		j := k
		for j < len(toks) && j-k < 3 && toks[j].line == toks[k].line && toks[j].capital && !toks[j].upper && !toks[j].number && toks[j].word() &&
			!g.heads.has(toks[j].key) && !s.isTitle(&toks[j]) && !g.demonyms.has(toks[j].key) && !g.notNames.has(toks[j].key) && !connectors[toks[j].key] &&
			(n == len(s.listSpans) || j < s.listSpans[n].i) {
			j++
		}
		if j == k || j < len(toks) && toks[j].line == toks[k].line && (toks[j].capital || toks[j].upper) {
			return listSpan{} // a longer run: no name of a list
		}
		return listSpan{k, j, -1}
	}
	var buf [16]listSpan
	list := buf[:0]
	for k := 0; k < len(toks); {
		m := member(k)
		if m.j == 0 {
			k++
			continue
		}
		list = append(list[:0], m)
		for e := m.j; e+1 < len(toks) && toks[e].line == toks[m.i].line; {
			next := e + 1
			if toks[e].punct == ',' && toks[next].key == "and" {
				next++
			} else if toks[e].punct != ',' && toks[e].key != "and" {
				break
			}
			if next >= len(toks) || toks[next].line != toks[e].line {
				break
			}
			m = member(next)
			if m.j == 0 {
				break
			}
			list = append(list, m)
			e = m.j
		}
		k = list[len(list)-1].j
		s.readList(f, list)
	}
}

// readList emits as people the unread names of two or three words of a
// list whose other members are all people, two at least and more than
// the unread names (listedPeople).
func (s *state) readList(f *field, list []listSpan) {
	people, unread := 0, 0
	for _, m := range list {
		switch m.kind {
		case Person:
			people++
		case -1:
			unread++
		default:
			return // "Britain, France and Germany"
		}
	}
	if people < 2 || unread == 0 || unread >= people {
		return
	}
	g, toks := s.x.g, f.toks
	for _, m := range list {
		if m.kind != -1 || m.j-m.i < 2 {
			continue
		}
		// The tagger reads a person there, or the name opens with a given
		// name the tagger reads as nothing else: "Vertical Horizon,
		// Carlos Santana, John Popper" lists a band too.
		read, sure := tagger.None, false
		for _, sp := range s.spans {
			if sp.I == m.i && sp.J == m.j {
				read, sure = sp.Kind, sp.Margin >= minMargin[sp.Kind]
			}
		}
		given := g.first.has(toks[m.i].key) || g.given.has(toks[m.i].key)
		if !(read == tagger.Per && sure) && !(given && (read == tagger.Per || !sure)) {
			continue
		}
		start, end := toks[m.i].start, toks[m.j-1].end
		s.emit(f, Person, s.x.canonicalPerson(f.text[start:end]), -1, start, end, "coordination", m.i, m.j)
		s.pendingRead(m.i, m.j)
	}
}

// listSpan is the tokens [i, j) of a member of a list and its kind: a
// mention's, or -1 for a name no mention covers (listedPeople).
type listSpan struct {
	i, j int
	kind Kind
}

// trimOpeners takes off the ordinary word that opens a sentence and the
// name of a body a head word made, where the tagger reads the word as no
// part of any name: "Rival Mitsubishi Electric Corp" is Mitsubishi
// Electric. "General Electric Co", whose first word the tagger reads in
// the name, stays whole.
func (s *state) trimOpeners(f *field) {
	g := s.x.g
	toks := f.toks
	for _, b := range s.order[:len(s.order):len(s.order)] {
		if b.e.Kind != Organisation {
			continue
		}
		for n := 0; n < len(b.e.Mentions); n++ {
			m := b.e.Mentions[n]
			if m.Field != f.name || m.Rule != "head-word" {
				continue
			}
			i := tokenAt(f, m.Start)
			if t := &toks[i]; !t.sentence || !t.capital || t.upper || !g.english.has(t.key) || g.first.has(t.key) || g.heads.has(t.key) || s.isTitle(t) ||
				i+2 >= len(toks) || !toks[i+1].capital || toks[i+1].upper || toks[i+1].glued || !toks[i+2].word() || toks[i+2].start >= m.End ||
				s.spanHolds(i) {
				continue
			}
			b.e.Mentions = slices.Delete(b.e.Mentions, n, n+1)
			b.body--
			n--
			start := toks[i+1].start
			s.emit(f, Organisation, s.x.canonicalOrg(tidy(f.text[start:m.End])), -1, start, m.End, "head-word", i+1, tokenAt(f, m.End-1)+1)
		}
	}
}

// spanHolds reports whether a name the tagger found holds token i.
func (s *state) spanHolds(i int) bool {
	for _, sp := range s.spans {
		if sp.I <= i && i < sp.J {
			return true
		}
	}
	return false
}

// readPlaces records, for the single words of f left for coreference,
// that the tagger read f and whether it reads the word as a place (resolve,
// notPlace).
func (s *state) readPlaces(f *field) {
	for _, k := range s.fieldPend {
		s.pend[k].read = true
	}
	for _, sp := range s.spans {
		if sp.Kind != tagger.Loc || sp.Margin < minMargin[tagger.Loc] {
			continue
		}
		for n := s.pendFrom(sp.I); n < len(s.fieldPend) && s.pend[s.fieldPend[n]].i < sp.J; n++ {
			if p := &s.pend[s.fieldPend[n]]; p.j <= sp.J {
				p.place = true
			}
		}
	}
}

// indexPend lists the pending words of field f (tagNames reads one field
// at a time) in s.fieldPend, by their first token: each span the tagger
// finds looks up the words it holds, not every word of the article, so a
// long article of many names stays linear.
func (s *state) indexPend(f *field) {
	s.fieldPend = s.fieldPend[:0]
	for k := range s.pend {
		if s.pend[k].f == f {
			s.fieldPend = append(s.fieldPend, k)
		}
	}
	slices.SortStableFunc(s.fieldPend, func(a, b int) int { return cmp.Compare(s.pend[a].i, s.pend[b].i) })
}

// pendFrom returns the position in s.fieldPend of the first pending word
// that starts at token i or after it.
func (s *state) pendFrom(i int) int {
	n, _ := slices.BinarySearchFunc(s.fieldPend, i, func(k, i int) int { return cmp.Compare(s.pend[k].i, i) })
	return n
}

// claim says what holds a token already.
type claim uint8

const (
	free claim = iota
	// pendingWord: a single word the rules left for coreference (resolve),
	// which a longer name the tagger finds may take.
	pendingWord
	// taken: a mention, a credit or a headline line.
	taken
)

// claim marks the tokens of f that a mention or a pending word holds, or
// that are credits or on a headline line.
func (s *state) claim(f *field) {
	s.claimed, s.orgClaimed = s.claimed[:0], s.orgClaimed[:0]
	for i := range f.toks {
		c := free
		if f.headline[f.toks[i].line] || f.skip != nil && f.skip[i] {
			c = taken
		}
		s.claimed = append(s.claimed, c)
		s.orgClaimed = append(s.orgClaimed, false)
	}
	for _, b := range s.order {
		for _, m := range b.e.Mentions {
			if m.Field != f.name {
				continue
			}
			for i := tokenAt(f, m.Start); i < len(f.toks) && f.toks[i].start < m.End; i++ {
				s.claimed[i] = taken
				s.orgClaimed[i] = s.orgClaimed[i] || b.e.Kind == Organisation
			}
		}
	}
	for _, p := range s.pend {
		if p.f == f && !p.done {
			for i := p.i; i < p.j; i++ {
				s.claimed[i] = max(s.claimed[i], pendingWord)
			}
		}
	}
}

// mentionStart is an entity with a mention that starts at offset at.
type mentionStart struct {
	at int
	b  *builder
}

// indexStarts records in starts the entities with a mention in f, by
// where the mention starts and, for one offset, in the article's order.
// The tagger's names do not overlap, so what release and retype make
// at one name's start is never looked up again.
func (s *state) indexStarts(f *field) {
	s.starts = s.starts[:0]
	for _, b := range s.order {
		for _, m := range b.e.Mentions {
			if m.Field == f.name {
				s.starts = append(s.starts, mentionStart{m.Start, b})
			}
		}
	}
	slices.SortStableFunc(s.starts, func(x, y mentionStart) int { return cmp.Compare(x.at, y.at) })
}

// startingAt returns the entities of starts with a mention that starts at
// offset at.
func (s *state) startingAt(at int) []mentionStart {
	i := sort.Search(len(s.starts), func(k int) bool { return s.starts[k].at >= at })
	j := i + sort.Search(len(s.starts)-i, func(k int) bool { return s.starts[i+k].at > at })
	return s.starts[i:j]
}

// release gives up a mention the tagger reads as part of a longer name,
// when it is sure enough (minOverrule):
//
//   - an organisation a rule (not the gazetteer) made that opens with a
//     person followed by "of": "Mike Krzyzewski of Duke University" is a
//     person of a university, not one organisation;
//   - a known place that opens an organisation's name the tagger reads on
//     past it: "Toronto Blue Jays", "New York Times";
//   - a person a rule guessed from a verb or a given name where the tagger
//     reads an organisation: "Kabul Bank said".
func (s *state) release(f *field, sp tagger.Span) {
	if sp.J-sp.I < 2 || sp.Margin < minOverrule {
		return
	}
	toks := f.toks
	start, end := toks[sp.I].start, toks[sp.J-1].end
	if sp.Kind == tagger.Per && s.retype(f, sp, start, end) {
		return
	}
	var gone func(b *builder, m Mention) bool
	switch sp.Kind {
	case tagger.Per:
		if sp.J >= len(toks) || toks[sp.J].key != "of" {
			return
		}
		for k := sp.I; k < sp.J; k++ {
			if s.x.g.heads.has(toks[k].key) {
				return // "Abel Battery, 3rd Battalion" is a unit
			}
		}
		gone = func(b *builder, m Mention) bool {
			return b.e.Kind == Organisation && m.Start == start && m.End > end && m.Rule == "head-word"
		}
	case tagger.Org:
		last := toks[sp.J-1]
		if !last.capital || last.upper {
			return
		}
		gone = func(b *builder, m Mention) bool {
			return b.e.Kind == Place && m.Rule == "gazetteer" && m.Start == start && m.End < last.start ||
				b.e.Kind == Person && m.Start == start && m.End == end && (m.Rule == "speech-verb" || m.Rule == "first-name")
		}
	default:
		return
	}
	for _, st := range s.startingAt(start) {
		b := st.b
		b.e.Mentions = slices.DeleteFunc(b.e.Mentions, func(m Mention) bool {
			g := m.Field == f.name && gone(b, m)
			if g {
				b.body--
			}
			return g
		})
	}
}

// retype makes a person of a name the gazetteer lists as an organisation
// where the tagger is sure (minOverrule) it is a person's: the Phoenix
// dictionary of armed groups lists leaders as groups ("Osama bin Laden",
// "Ayman al-Zawahiri"); the curated list does not. Only names of two words or more with no head word
// of an organisation's ("Abu Sayyaf Group").
func (s *state) retype(f *field, sp tagger.Span, start, end int) bool {
	toks := f.toks
	if sp.J-sp.I < 2 || connectors[toks[sp.I].key] {
		return false // "Al Jazeera"
	}
	for k := sp.I; k < sp.J; k++ {
		if toks[k].upper || s.x.g.heads.has(toks[k].key) || s.isTitle(&toks[k]) {
			return false
		}
	}
	for _, st := range s.startingAt(start) {
		b := st.b
		if b.e.Kind != Organisation || b.ent >= 0 && s.x.g.ents[b.ent].curated {
			continue // "Goldman Sachs" is a company, however the tagger reads it
		}
		at := -1
		for n := range b.e.Mentions {
			if m := &b.e.Mentions[n]; m.Start == start && m.End == end && m.Field == f.name && m.Rule == "gazetteer" {
				at = n
				break
			}
		}
		if at < 0 {
			continue
		}
		b.e.Mentions = slices.Delete(b.e.Mentions, at, at+1)
		b.body--
		s.emit(f, Person, s.x.canonicalPerson(f.text[start:end]), -1, start, end, "tagger", sp.I, sp.J)
		// Its other mentions in the article that write the name or its
		// last words ("Bin Laden") are the person's; others stay the
		// organisation's (the Phoenix dictionary lists "Joseph Kony" as
		// a name of the Lord's Resistance Army).
		p := s.last()
		name := norm.Key(f.text[start:end])
		b.e.Mentions = slices.DeleteFunc(b.e.Mentions, func(m Mention) bool {
			if k := norm.Key(m.Text); k != name && !strings.HasSuffix(name, " "+k) {
				return false
			}
			m.Why = "read as " + p.e.Name + ", a person, in this article"
			p.e.Mentions = append(p.e.Mentions, m)
			if m.Field == FieldCaption {
				p.inCaptions++
				b.inCaptions = max(b.inCaptions-1, 0)
			} else {
				p.body++
				b.body--
			}
			return true
		})
		return true
	}
	return false
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
	g := s.x.g
	toks := f.toks
	i, j := sp.I, sp.J
	// "the Tittabawassee and Shiawassee Rivers", "Hancock Pond": a name
	// that ends in a word of waters or lands is a place at any margin:
	// the word says what the name is, the tagger only where it ends (its
	// margins for such names swing between 0.3 and 2 from one training
	// to the next).
	if sp.Margin < minMargin[sp.Kind] && !s.landName(f, i, j, kind) && !(kind == Place && placeBeforeNoun(f, i, j)) {
		return
	}
	if kind == Place && i > 1 && toks[i-1].key == "at" && analystBefore(f, i-1) {
		kind = Organisation // "a dealer at Bancomer": a firm, where analysts work
	}
	// Not the words around a name: "the", titles, punctuation.
	for i < j && (!toks[i].word() || toks[i].key == "the" || kind == Person && (s.isTitle(&toks[i]) || g.demonyms.has(toks[i].key))) {
		i++
	}
	for j > i && (!toks[j-1].word() || connectors[toks[j-1].key] || kind == Person && (smallNumber(&toks[j-1], 3) || j-i > 2 && postNominal(&toks[j-1]))) {
		j-- // "Mushtaq Ahmed 44": a batsman's runs are no part of his name; nor "QC" of "Nicholas Blake QC"
	}
	if i < j && s.bareCompound(f, i, j) {
		return // "All-American" is no name
	}
	if i >= j || kind != Person && s.courtTitle(f, i) && !g.heads.has(toks[j-1].key) {
		return // "Justice Rehnquist" is a judge, not a body (courtTitle)
	}
	// "A. Stewart b Cork 44", "N. Hussain": initials before a surname
	// the tagger reads as a person's are his given names.
	for n := 0; kind == Person && n < 3 && i > 0 && toks[i-1].initial() && toks[i-1].line == toks[i].line; n++ {
		i--
	}
	if j-i >= 2 && kind == Person && !slices.Contains(s.claimed[i:j], taken) {
		// "Sanchez Vicario's coach" after "Arantxa Sanchez Vicario": the
		// last words of a person the article named in full are that
		// person.
		if b := s.personEnding(f, i, j, false); b != nil {
			s.addMention(b, f, toks[i].start, toks[j-1].end, "coref")
			s.pendingRead(i, j)
			return
		}
	}
	if j-i >= 2 && kind != Person && sp.Margin < minOverrule && !slices.Contains(s.claimed[i:j], taken) {
		// "De Fatta said" after "Richard De Fatta": the end of the name of
		// a person the article named in full is that person, though the
		// tagger barely read it as another kind; so is the whole name the
		// tagger reads as a place ("Denmark's Bjarne Riis won" after
		// "Bjarne Riis (Denmark)").
		if b := s.personEnding(f, i, j, kind == Place); b != nil {
			s.addMention(b, f, toks[i].start, toks[j-1].end, "coref")
			s.pendingRead(i, j)
			return
		}
	}
	// Single words of the span left for coreference: one the tagger reads
	// alone, sure enough, is of its kind ("Gazprom said", "the NLD");
	// "Deutsche Bank and Commerzbank", "Siemens, Daimler-Benz and BASF":
	// a word the tagger reads as part of a body, listed with a body the
	// article names there, is one too, however unsure the tagger is of the
	// word alone; an acronym as though the tagger were sure ("GPS
	// receivers" stays kit).
	for n := s.pendFrom(i); kind != Person && n < len(s.fieldPend) && s.pend[s.fieldPend[n]].i < j; n++ {
		p := &s.pend[s.fieldPend[n]]
		if p.j > j || g.english.has(p.key) && !(kind == Organisation && s.namedAcronym(f, p.i, p.j)) || g.first.has(p.key) || g.notNames.has(p.key) || peoples[p.key] {
			continue
		}
		switch {
		case p.i == i && p.j == j && j-i == 1 && (sp.Margin >= minWordMargin || kind == Place && placeBeforeNoun(f, i, j)) &&
			!(kind == Organisation && toks[i].upper && s.commonAcronym(f, i, sp.Margin)) && !pluralAcronym(f.text[toks[i].start:toks[i].end]):
			p.as = kind
		case kind == Organisation && p.gn == nil && !p.titled && !f.headline[toks[p.i].line] && !strings.ContainsAny(p.key, "0123456789") &&
			s.listedWithOrg(f, p.i, p.j) && !(toks[p.i].upper && s.commonAcronym(f, p.i, minSureAcronymMargin)):
			p.as = Organisation
		}
	}
	if j-i == 1 && kind == Person {
		// A surname alone: coreference reads it (resolve), as a person's
		// when nothing else names it.
		for n := s.pendFrom(i); n < len(s.fieldPend) && s.pend[s.fieldPend[n]].i == i; n++ {
			if p := &s.pend[s.fieldPend[n]]; p.j == j {
				// A given name alone is nobody ("Michèle"), and a word next to
				// another capitalised one is part of a longer name
				// ("Stryker Anti-Tank Guided Missile", "Religious
				// Minorities").
				next := j < len(f.toks) && f.toks[j].line == f.toks[i].line && (f.toks[j].capital || f.toks[j].upper)
				prev := i > 0 && f.toks[i-1].line == f.toks[i].line && (f.toks[i-1].capital || f.toks[i-1].upper) && !f.toks[i].sentence
				p.tagged = sp.Margin >= minSurnameMargin && !s.x.g.first.has(p.key) && !next && !prev &&
					(!f.toks[i].sentence || sp.Margin >= minOpeningSurnameMargin)
				p.person = true
			}
		}
		return
	}
	if kind != Place && s.landName(f, i, j, kind) || kind == Organisation && j-i >= 2 && facilityHeads[toks[j-1].key] {
		kind = Place // "Kiel Canal", "Kuril Islands", "Hancock Pond"; "the Princess Royal Barracks", as the rules read an installation
	}
	if kind != Place && j < len(toks) && toks[j].line == toks[j-1].line && fighterNouns[toks[j].key] {
		// "Tamil Tiger rebels": a member of a group named in the singular,
		// not a person; the group when the gazetteer knows its plural
		// ("Tamil Tigers").
		text := f.text[toks[i].start:toks[j-1].end] + "s"
		if gn, ok := g.names[norm.Key(text)]; ok && s.x.lookupText(Organisation, text) != nil {
			s.emitGaz(f, i, j, &gn, "gazetteer")
			s.pendingRead(i, j)
			return
		}
		if kind == Person {
			return
		}
	}
	rule := "tagger"
	if kind == Person && j-i >= 2 && companyAt(f, i, j) {
		kind, rule = Organisation, "company-cue" // "Deutsche Telekom shares rose"
	}
	if kind == Person && (s.ownedByPerson(f, i) || bodyApposition(f, j) || bodyBefore(f, i) && !g.first.has(toks[i].key)) {
		// "Silvio Berlusconi's Forza Italia", "Herri Batasuna, the
		// group's political wing,", "the rights group Public Interest
		// Lawyers": a body, though named like a person.
		kind, rule = Organisation, "apposition"
	}
	if !s.plausible(f, i, j, kind, sp.Margin) || s.joinsKnown(f, i, j) {
		return
	}
	start, end := toks[i].start, toks[j-1].end
	if kind == Person {
		end = s.nameEnd(f, j)
	}
	name := s.x.Canonical(kind, f.text[start:end])
	s.emit(f, kind, name, -1, start, end, rule, i, j)
	s.pendingRead(i, j)
}

// fighterNouns after a name make it a group's: "Tamil Tiger rebels",
// "Khmer Rouge guerrillas".
var fighterNouns = map[string]bool{
	"rebels": true, "guerrillas": true, "militants": true, "fighters": true, "insurgents": true,
	"militiamen": true, "gunmen": true, "separatists": true, "commandos": true, "guerrilla": true, "rebel": true,
}

// ownedByPerson reports whether the name at token i follows the
// possessive of a person the article names there ("Silvio Berlusconi's
// Forza Italia"): people own parties and firms, and the news writes
// their kin with a word between ("Bush's wife Laura").
func (s *state) ownedByPerson(f *field, i int) bool {
	toks := f.toks
	if i < 2 || toks[i-1].punct != 's' || toks[i-1].start != toks[i-2].end || toks[i-2].line != toks[i].line {
		return false
	}
	end := toks[i-2].end
	for _, b := range s.order {
		if b.e.Kind != Person {
			continue
		}
		for _, m := range b.e.Mentions {
			if m.Field == f.name && m.End == end {
				return true
			}
		}
	}
	return false
}

// bodyApposition reports whether an apposition after token b calls the
// name before it a body: ", the" and a few words that end in a body's
// noun before a comma or a full stop ("Herri Batasuna, the group's
// political wing, refused"); not a person's role ("Smith, the party's
// leader,").
func bodyApposition(f *field, b int) bool {
	toks := f.toks
	if b+2 >= len(toks) || toks[b].punct != ',' || toks[b+1].key != "the" {
		return false
	}
	for k := b + 2; k < len(toks) && k <= b+7 && toks[k].line == toks[b].line; k++ {
		t := &toks[k]
		if t.punct == ',' || t.punct == '.' || t.punct == ';' {
			return k > b+2 && (appositionBodies[toks[k-1].key] || bodyNouns[toks[k-1].key])
		}
		if !t.word() && t.punct != 's' || t.capital || t.upper || t.number {
			return false
		}
	}
	return false
}

// appositionBodies end an apposition that calls a name a body, with the
// body nouns that call an acronym one (bodyNouns).
var appositionBodies = map[string]bool{
	"wing": true, "organisation": true, "organization": true, "alliance": true, "front": true,
	"coalition": true, "faction": true, "militia": true, "club": true, "council": true,
	"committee": true, "association": true, "federation": true, "league": true,
}

// joinsKnown reports whether the tagger's name [i, j) is two words the
// gazetteer knows as places or bodies, which the rules left for
// coreference, joined by "and": "the Pentagon and Congress agreed" names
// two bodies, not one; "the Texas and Pacific Railway" runs on past them
// and is one.
func (s *state) joinsKnown(f *field, i, j int) bool {
	if j-i != 3 || f.toks[i+1].key != "and" {
		return false
	}
	g := s.x.g
	known := 0
	for n := s.pendFrom(i); n < len(s.fieldPend) && s.pend[s.fieldPend[n]].i < j; n++ {
		p := &s.pend[s.fieldPend[n]]
		if p.gn != nil && g.ents[p.gn.ent].kind != Person && (p.i == i || p.i == j-1) && p.j == p.i+1 {
			known++
		}
	}
	return known == 2
}

// listedWithOrg reports whether the word [i, j) stands in a list of names
// ("A, B and C", up to four before it and after it on its line) one of
// which holds an organisation the article names there (claim marked its
// tokens: a look at a few tokens, whatever the article's length).
func (s *state) listedWithOrg(f *field, i, j int) bool {
	toks := f.toks
	separator := func(k int) bool {
		return k >= 0 && k < len(toks) && toks[k].line == toks[i].line && (toks[k].punct == ',' || toks[k].key == "and" || toks[k].key == "or")
	}
	named := func(t *token) bool { return t.capital || t.upper || t.glued && t.word() || t.punct == '-' }
	holdsOrg := func(a, b int) bool { // tokens [a, b]
		return slices.Contains(s.orgClaimed[a:b+1], true)
	}
	// Up to four names before the word, then up to four after it.
	for _, dir := range [2]int{-1, 1} {
		k := i - 1
		if dir > 0 {
			k = j
		}
		for n := 0; n < 4 && separator(k); n++ {
			a, b := k+dir, k+dir // the name's tokens, a the near end and b the far
			if a < 0 || a >= len(toks) {
				break
			}
			for b+dir >= 0 && b+dir < len(toks) && toks[b+dir].line == toks[i].line && named(&toks[b+dir]) && !separator(b+dir) {
				b += dir
			}
			if !named(&toks[a]) || separator(a) || toks[a].line != toks[i].line {
				break
			}
			if holdsOrg(min(a, b), max(a, b)) {
				return true
			}
			k = b + dir
		}
	}
	return false
}

// landName reports whether tokens [i, j), which the tagger reads as a
// name of kind k, end in a word of waters or lands and so name a place:
// "Kiel Canal", "Hancock Pond"; not a person with a given name, "Amy
// Pond".
func (s *state) landName(f *field, i, j int, k Kind) bool {
	return j-i >= 2 && landforms[f.toks[j-1].key] && (k != Person || !s.x.g.first.has(f.toks[i].key))
}

// pendingRead marks the single words left for coreference inside tokens
// [i, j) of the field tagNames reads as read: a name the tagger found
// holds them.
func (s *state) pendingRead(i, j int) {
	for n := s.pendFrom(i); n < len(s.fieldPend) && s.pend[s.fieldPend[n]].i < j; n++ {
		if p := &s.pend[s.fieldPend[n]]; p.j <= j {
			p.done = true
		}
	}
}

// personEnding returns the one person the article names (its rules read
// every field before the tagger) whose name ends with the words of tokens
// [i, j) and has more words than they do, or with whole also is them;
// nil when none does, or two do. A place the tagger reads is seldom named
// like the article's person ("Denmark's Bjarne Riis"); a body often is,
// where a rule read a firm's name as a person's ("Tata Motors").
func (s *state) personEnding(f *field, i, j int, whole bool) *builder {
	var tail string
	var found *builder
	for e := s.byLast[f.toks[j-1].key]; e != nil; e = e.sameLast {
		if e.e.Kind != Person || e.words < j-i || e.words == j-i && !whole || e.lastKey != f.toks[j-1].key {
			continue
		}
		if tail == "" {
			tail = " " + s.keyOf(f, i, j)
		}
		if k := norm.Key(e.e.Name); !strings.HasSuffix(k, tail) && k != tail[1:] {
			continue
		}
		if found != nil && found != e {
			return nil
		}
		found = e
	}
	return found
}

// plausible reports whether tokens [i, j) can be a name of kind k that the
// tagger found with the given margin. The tagger knows words, not Sitrep's
// decisions, and defence writing capitalises much that is no name:
//
//   - a name the gazetteer knows but the rules left out was left out on
//     purpose (a country as an adjective, "U.S. forces", a bare "Army");
//   - nationality words, titles, ships ("USS Abraham Lincoln", "Abraham
//     Lincoln Carrier Strike Group"), events, operations and products
//     ("Target Acquisition System", "PAC-3") are none of the three kinds;
//   - capitalised ordinary words are descriptions ("Small Group", "Fiscal
//     Year", "Firm-Fixed-Price") more often than names: a name of ordinary
//     words only needs two words or more, no head word (the rules judged
//     those), "the" before it and a margin of minPlainMargin ("the Black
//     Watch");
//   - a person's name has no acronym or number, and is followed by no
//     other capitalised word.
func (s *state) plausible(f *field, i, j int, k Kind, margin float32) bool {
	g := s.x.g
	toks := f.toks
	if i > 0 && (vesselPrefixes[toks[i-1].key] || vesselNouns[toks[i-1].key]) {
		return false
	}
	if toks[i].key == "operation" || eventHeads[toks[j-1].key] || productWords[toks[j-1].key] || s.vessels[s.keyOf(f, i, j)] {
		return false
	}
	if i > 0 && toks[i-1].capital && (toks[i-1].key == "exercise" || toks[i-1].key == "operation") {
		return false // "Exercise Cyber Shield", "Operation Desert Storm": events
	}
	if k == Person && landforms[toks[i].key] {
		return false // "Lake Huron froze"
	}
	if j-i >= 3 && toks[j-2].key == "and" && g.demonyms.has(toks[j-1].key) {
		return false // "U.S., U.K. and French maritime operations": adjectives
	}
	if j < len(toks) && toks[j].line == toks[i].line && (toks[j].capital || toks[j].upper || toks[j].punct == '-' || strings.HasPrefix(f.text[toks[j-1].end:], "-class")) {
		return false // part of a longer name, or a ship's class
	}
	if k == Organisation && j-i == 2 && s.isTitle(&toks[i]) && !g.english.has(toks[i+1].key) && !g.heads.has(toks[i+1].key) {
		return false // "Baroness Symons told MPs": a titled surname, not "General Dynamics"
	}
	if k != Place && j-i >= 2 && s.x.countryDemonym(f.text[toks[i].start:toks[j-1].end]) {
		return false // "a Sri Lankan army camp": a nationality of two words
	}
	if k == Organisation && j-i == 2 && toks[i+1].key == "party" && partyDescriptions[toks[i].key] {
		return false // "Third Party candidates", "the Ruling Party": what a party is, not its name
	}
	if k == Organisation && j-i == 3 && toks[i+1].key == "of" && placeNoun(toks[i].key) && s.x.lookup(Place, toks[i+2].key) != nil {
		return false // "the State of California" is California
	}
	if k == Person && i > 0 && !toks[i].sentence && toks[i-1].line == toks[i].line && (toks[i-1].capital || toks[i-1].upper) &&
		!s.isTitle(&toks[i-1]) && !g.demonyms.has(toks[i-1].key) && !s.endsRole(f, i-1) {
		return false // "DPAA Fern Sumpter Winbush", "Asif Ali Zardari": the name runs on before
	}
	if last := strings.TrimPrefix(strings.TrimPrefix(toks[j-1].key, "al "), "el "); k == Place && j-i >= 2 && !g.english.has(last) &&
		(g.first.has(toks[i].key) || s.x.lookup(Person, last) != nil) {
		return false // "Bashir al-Assad's government": a person's name
	}
	names, plain, heads := 0, 0, 0
	for n := i; n < j; n++ {
		t := &toks[n]
		if s.claimed[n] == taken || s.claimed[n] == pendingWord && j-i < 2 || t.line != toks[i].line ||
			g.notNames.has(t.key) && !t.upper && !(k == Person && n < j-1 && (margin >= minCivicMargin || s.monthGiven(f, n, i))) || vesselPrefixes[t.key] {
			return false
		}
		if k == Person && personBreaks[t.key] {
			return false // "Saperstein for Religious Minorities" is a title
		}
		if n > i && afterPlural(f, n) {
			return false // "told MPs the Army"
		}
		if !t.word() || connectors[t.key] {
			continue
		}
		key := t.key
		if t.glued && n > i && s.x.lookup(Place, key) != nil && s.x.lookup(Place, toks[n-1].key) != nil {
			return false // "U.S.-Japan": two countries, an adjective
		}
		if t.number || strings.ContainsAny(key, "0123456789") {
			return false
		}
		acronym := t.upper && len(key) > 1 && !strings.HasSuffix(f.text[t.start:t.end], ".") &&
			!(k == Person && n == j-1 && n > i && romanNumeral(f.text[t.start:t.end])) && // "John Paul II"
			!(k == Organisation && n == j-1 && n > i && s.legalFormAfter(f, i, n)) // "Deutsche Lufthansa AG"
		if k == Person && (s.isTitle(t) || abbreviations[key] || acronym) || acronym && k == Organisation {
			return false // acronyms the article defines are read by the rules
		}
		switch {
		case (g.demonyms.has(key) || g.demonyms.has(strings.TrimSuffix(key, "s"))) && k == Organisation && j-i > 1:
			plain++ // "the Royal Scots", "the Irish Guards"
		case g.demonyms.has(key) || g.demonyms.has(strings.TrimSuffix(key, "s")) || s.isTitle(t) && !(k == Organisation && n+1 < j && g.heads.has(toks[n+1].key)):
			// not a name word; but a title's word before a head word
			// qualifies a body: "the Foreign Ministry", "Interior Ministry"
		case g.heads.has(key):
			heads++
		case g.english.has(key) && !g.first.has(key) || t.glued:
			plain++
		case t.capital || t.upper:
			names++
		}
	}
	if names == 0 && k == Place && s.placeWord(f, i, j, margin) {
		return s.x.lookupText(Person, f.text[toks[i].start:toks[i].end]) == nil && s.x.lookupText(Organisation, f.text[toks[i].start:toks[i].end]) == nil
	}
	if names == 0 && plain+heads == 2 && j-i == 2 && k == Organisation && margin >= minPlainMargin && tradeHeads[toks[j-1].key] &&
		!stateModifiers[toks[i].key] && !notPlaceWords[toks[i].key] {
		// "Saga Petroleum", "Shell Oil": a firm's one word and its trade,
		// which the tagger reads as a name, sure enough.
		return s.x.lookupText(Organisation, f.text[toks[i].start:toks[j-1].end]) == nil
	}
	if names == 0 && k == Organisation && j-i >= 2 && partyHeads[toks[j-1].key] && leaningBefore(f, i) {
		// "the centre-right Democratic Convention", "the leftist Popular
		// Front": a party its politics describe, however unsure the
		// tagger is of its ordinary words.
		text := f.text[toks[i].start:toks[j-1].end]
		return s.x.lookupText(Place, text) == nil && s.x.lookupText(Organisation, text) == nil
	}
	if names == 0 && plain+heads < 2 {
		return false
	}
	if names == 0 && i > 1 && toks[i-2].line == toks[i].line && (toks[i-2].capital || toks[i-2].upper || toks[i-2].punct == ')') &&
		(toks[i-1].key == "and" || toks[i-1].key == "&" || toks[i-1].punct == ')') {
		// "3rd Advise and Assist Brigade", "Aircraft Systems (UAS) Project
		// Office": ordinary words cut from a longer name.
		return false
	}
	if names == 0 && members[toks[i].key] {
		return false // "our Airmen and University", "the Men and Women of": members, not a body
	}
	if names == 0 && k == Organisation && civicHeads[toks[j-1].key] {
		// "the Liberal Party", "the Supreme Court", "Interior Ministry".
		if margin < minCivicMargin {
			return false
		}
	} else if names == 0 && (heads > 0 || margin < minPlainMargin || i == 0 || toks[i-1].key != "the") {
		return false
	}
	// Known to the gazetteer, yet no rule took it.
	text := f.text[toks[i].start:toks[j-1].end]
	return s.x.lookupText(Person, text) == nil && s.x.lookupText(Place, text) == nil && s.x.lookupText(Organisation, text) == nil
}

// partyHeads end the names of parties and their alliances.
var partyHeads = map[string]bool{
	"party": true, "alliance": true, "front": true, "union": true, "movement": true,
	"coalition": true, "bloc": true, "congress": true, "league": true, "forum": true, "rally": true,
}

// leaningBefore reports whether the word before token i, in lower case,
// places a party on the left or the right: "centre-right", "right-wing",
// "leftist", "nationalist".
func leaningBefore(f *field, i int) bool {
	if i == 0 {
		return false
	}
	t := &f.toks[i-1]
	if t.capital || t.upper || t.line != f.toks[i].line {
		return false
	}
	return t.glued && (t.key == "right" || t.key == "left" || t.key == "wing" || t.key == "centre" || t.key == "center") || leanings[t.key]
}

// leanings are the words of a party's politics (leaningBefore).
var leanings = map[string]bool{
	"conservative": true, "leftist": true, "rightist": true, "nationalist": true, "socialist": true,
	"centrist": true, "communist": true, "liberal": true, "reformist": true, "ultranationalist": true,
}

// placeWord reports whether [i, j) is one capitalised ordinary word
// inside a sentence that the tagger reads as a place, sure enough
// (minPlainMargin), after a preposition of place: "the coroner in
// Oxford", "barracks in Surrey". The gazetteer leaves out places named
// by English words (Oxford, Reading, Bath), which the tagger reads from
// their context.
//
// Not a word glued to the next ("Port-au-Prince"), before a possessive
// ("in Earth's atmosphere"), a word of a quarter or of the sky
// (notPlaceWords), nor the end of a title ("Shakespeare in Love", "the Nobel
// Prize in Chemistry").
func (s *state) placeWord(f *field, i, j int, margin float32) bool {
	g, toks := s.x.g, f.toks
	t := &toks[i]
	if j != i+1 || margin < minPlainMargin || !t.capital || t.upper || t.sentence || t.glued || i < 2 || toks[i-1].line != t.line ||
		!placePrepositions[toks[i-1].key] || j < len(toks) && (toks[j].glued || toks[j].punct == 's') {
		return false
	}
	if p := &toks[i-2]; p.line == t.line && (p.capital || p.upper) && !g.notNames.has(p.key) && !p.sentence {
		return false
	}
	return !notPlaceWords[t.key] && !facilityHeads[t.key] && !landforms[t.key] && !placeHeads[t.key] && !g.notNames.has(t.key) && !g.heads.has(t.key) && !g.demonyms.has(t.key) && !s.isTitle(t)
}

// notPlaceWords are the words of a quarter, which name a place only with
// another word ("North Korea", "Central America"), the bodies of the sky
// ("toward Earth", "in Orbit"), and words soldiers capitalise.
var notPlaceWords = map[string]bool{
	"earth": true, "moon": true, "sun": true, "orbit": true, "space": true, "heaven": true, "hell": true,
	// and the words of service life: "three weeks in Garrison", "in Camp".
	"garrison": true, "camp": true, "town": true, "port": true, "station": true, "field": true,
	"range": true, "dock": true, "transit": true, "action": true, "support": true, "strength": true,
	"north": true, "south": true, "east": true, "west": true, "central": true, "northern": true,
	"southern": true, "eastern": true, "western": true, "northeast": true, "northwest": true,
	"southeast": true, "southwest": true, "middle": true, "upper": true, "lower": true,
}

// monthGiven reports whether token n, the first of a person's name the
// tagger reads from token i, is a given name that also writes a month
// ("Jan Ullrich", "June Carter"), where no word of a date stands before
// it ("in June Carter said" is a date).
func (s *state) monthGiven(f *field, n, i int) bool {
	toks := f.toks
	return n == i && s.x.g.given.has(toks[n].key) && !(n > 0 && toks[n-1].line == toks[n].line && dateBefore[toks[n-1].key])
}

// dateBefore are the words before a month in a date.
var dateBefore = map[string]bool{
	"in": true, "on": true, "since": true, "by": true, "until": true, "till": true, "of": true,
	"from": true, "last": true, "next": true, "early": true, "late": true, "mid": true, "through": true,
	"during": true, "before": true, "after": true, "this": true, "to": true, "between": true, "and": true,
}

// romanNumeral reports whether w is a regnal number, I to XXXIX ("Louis
// XVI", "Benedict XVI").
func romanNumeral(w string) bool {
	if w == "" || len(w) > 6 {
		return false
	}
	w = strings.TrimLeft(w, "X")
	for _, ones := range []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"} {
		if w == ones {
			return true
		}
	}
	return false
}

// endsRole reports whether token k, a capitalised word before a person's
// name, ends the words of a role rather than a name that runs on: an
// ordinary word that is no given name ("Secretary of State Condoleezza
// Rice", "Author Betty Friedan", "Republican John McCain") or a known
// place ("Ambassador to Japan Howard Baker"), itself after no acronym or
// other name. An acronym or a given name ("Asif Ali Zardari" read from
// "Ali"), or a word after one ("NGA Fern Sumpter Winbush"), is not.
func (s *state) endsRole(f *field, k int) bool {
	g := s.x.g
	name := func(t *token) bool { return t.upper || g.first.has(t.key) }
	t := &f.toks[k]
	if name(t) || !g.english.has(t.key) && s.x.lookup(Place, t.key) == nil {
		return false
	}
	if k > 0 && f.toks[k-1].line == t.line && !t.sentence {
		p := &f.toks[k-1]
		if p.word() && (p.capital || p.upper) && !s.isTitle(p) && (name(p) || !g.english.has(p.key) && s.x.lookup(Place, p.key) == nil) {
			return false
		}
	}
	return true
}

// commonAcronym reports whether the acronym at token i, which the tagger
// reads as an organisation, is used as a common noun or a designation
// rather than an organisation's name: after an article or a demonstrative
// ("an IED", "this MOU"), before a number ("DDG 51") or joined by a hyphen
// ("CJTF-OIR"), written in the plural elsewhere in the text ("UAVs"), a
// company's suffix or a title ("LLC", "MPP"), or never named as a body:
// with "the" ("the NLD," "the MDC's"), before a speech verb or one who
// speaks for it ("NASA says", "FIFA officials"), or after "told". Defence
// writing is full of acronyms of kit and jargon that read like names
// ("GPS", "EMI": with "the" only as attributes, "the GPS signal"); news
// names parties and agencies with "the". An acronym the tagger is sure of
// (minSureAcronymMargin) needs no such naming unless the text uses it as
// a qualifier.
func (s *state) commonAcronym(f *field, i int, margin float32) bool {
	toks := f.toks
	if i > 0 && determiners[toks[i-1].key] || toks[i].glued {
		return true
	}
	if i+1 < len(toks) && (toks[i+1].number || toks[i+1].glued) {
		return true
	}
	if companyHeads[toks[i].key] || s.isTitle(&toks[i]) {
		return true // "LLC", "MPP"
	}
	// An acronym the tagger is not sure of needs naming whatever its
	// uses: its qualifiers are not read.
	sure := margin >= minSureAcronymMargin
	u := s.acronymUses(f, i)
	return u.common || !u.named && (!sure || u.attribute)
}

// acronymUses returns how f uses the acronym at token i, read once a
// field for each acronym, however many spans the tagger finds it in.
func (s *state) acronymUses(f *field, i int) acronymUse {
	w := f.text[f.toks[i].start:f.toks[i].end]
	u, ok := f.acronymUses[w]
	if !ok {
		u = s.acronymUsesOf(f, w)
		if f.acronymUses == nil {
			f.acronymUses = map[string]acronymUse{}
		}
		f.acronymUses[w] = u
	}
	return u
}

// acronymUse is how a field uses an acronym (commonAcronym): defined in
// brackets or in lower case before it, or written in the plural (common);
// named as a body, by "the" or its possessive or by a word of the text
// (named), by a word of the text alone (namedByWord: "the group ETA",
// "ETA said"); or used as a qualifier.
type acronymUse struct{ common, named, namedByWord, attribute bool }

// acronymUsesOf reads every use of the acronym w in f.
func (s *state) acronymUsesOf(f *field, w string) acronymUse {
	toks := f.toks
	var u acronymUse
	if strings.Contains(f.text, "("+w+")") {
		u.common = true // defined in the text, and the rules made no organisation of its definition
		return u
	}
	for k := range toks {
		t := &toks[k]
		u.attribute = u.attribute || f.text[t.start:t.end] == w && qualifies(f, k)
		if f.text[t.start:t.end] == w && spelledBefore(f, k, w) {
			u.common = true // "electromagnetic interference, or EMI": a thing, defined in lower case
			return u
		}
		if t.end-t.start == len(w)+1 && f.text[t.start:t.end-1] == w && f.text[t.end-1] == 's' {
			u.common = true
			return u
		}
		// "the NLD," "the MDC's": named with "the", not as an attribute
		// ("the GPS signal").
		// A function word after it is no noun it qualifies ("the RIAA in
		// January"), though "and" may join titles and kit ("the SECDEF
		// and the FAA").
		u.named = u.named || k > 0 && toks[k-1].key == "the" && f.text[t.start:t.end] == w && !(k+1 < len(toks) && toks[k+1].word() && !toks[k+1].capital && !toks[k+1].upper &&
			!(functionWords[toks[k+1].key] && toks[k+1].key != "and" && toks[k+1].key != "or") && !forceAfter(f, k))
		// "VOA's correspondent", "the IMF's": a body that owns; not a
		// part of a longer name ("ENT CSG's deployment").
		u.named = u.named || f.text[t.start:t.end] == w && k+1 < len(toks) && toks[k+1].punct == 's' &&
			!(k > 0 && toks[k-1].line == t.line && (toks[k-1].capital || toks[k-1].upper) && !t.sentence)

		// "NASA says", "FIFA officials", "told VOA": a body that speaks
		// or is spoken to, which kit does not; "state broadcaster RAI",
		// "rival BT": a body the text calls one.
		u.namedByWord = u.namedByWord || f.text[t.start:t.end] == w &&
			(k+1 < len(toks) && (speechVerbs[toks[k+1].key] || spokenFor[toks[k+1].key]) || k > 0 && toks[k-1].key == "told" ||
				k > 0 && bodyNouns[toks[k-1].key] && !toks[k-1].capital && !toks[k-1].upper)
	}
	u.named = u.named || u.namedByWord
	return u
}

// forceAfter reports whether a noun of a force ends the phrase after the
// acronym at token k: "the ECOMOG force, led by Nigeria", "the UNAMIR
// mission in Rwanda"; not "the MWT mission set".
func forceAfter(f *field, k int) bool {
	toks := f.toks
	return k+1 < len(toks) && forceNouns[toks[k+1].key] && (k+2 >= len(toks) || !toks[k+2].word() || functionWords[toks[k+2].key])
}

// forceNouns after "the" and an acronym call it a body, not a thing it
// qualifies (forceAfter).
var forceNouns = map[string]bool{
	"force": true, "forces": true, "mission": true, "peacekeepers": true, "contingent": true, "militia": true,
}

// namedAcronym reports whether [i, j) is one word in capitals that spells
// an ordinary word ("ETA", "CARE") in a line not written in capitals, and
// the text names it as a body ("the group ETA", "ETA said";
// commonAcronym): an acronym, not the word.
func (s *state) namedAcronym(f *field, i, j int) bool {
	toks := f.toks
	if j != i+1 || !toks[i].upper || len(toks[i].key) < 3 || f.headline[toks[i].line] {
		return false
	}
	for _, k := range []int{i - 1, i + 1} {
		if k >= 0 && k < len(toks) && toks[k].line == toks[i].line && toks[k].upper && toks[k].word() {
			return false // "SHARES RISE": a run in capitals
		}
	}
	// Named so by a word of the text, not by "the" alone ("the ETA of the
	// convoy" is a time of arrival).
	return !s.commonAcronym(f, i, 0) && s.acronymUses(f, i).namedByWord
}

// qualifies reports whether the word at token k qualifies a noun or is
// qualified in lower case, as kit and jargon are and a name alone seldom
// is: "DDR funds", "the MWT mission set", "adjusted EPS", and the
// ticker of "(NYSE: NOC)".
func qualifies(f *field, k int) bool {
	toks := f.toks
	plain := func(n int) bool {
		t := &toks[n]
		return t.line == toks[k].line && t.word() && !t.capital && !t.upper && !functionWords[t.key] && !prepositions[t.key]
	}
	if k > 0 && plain(k-1) && toks[k-1].key != "the" {
		return true
	}
	if k > 1 && toks[k-1].punct == ':' && toks[k-2].upper && toks[k-2].line == toks[k].line {
		return true // "NYSE: NOC", not "Source: NASA"
	}
	return k+1 < len(toks) && plain(k+1) && !speechVerbs[toks[k+1].key]
}

// spelledBefore reports whether the acronym w at token k follows, within
// a few tokens ("(", ", or"), words whose initials it spells: "Air-Launched
// Rapid Response Weapon, or ARRW", "electromagnetic interference, or
// EMI". Two words at least, the first opening the acronym, each word's
// initial in it in order. A definition the rules read as an organisation's
// made the acronym that organisation before this is asked (resolve); what
// is left is a thing.
func spelledBefore(f *field, k int, w string) bool {
	toks := f.toks
	var lw [16]byte // w in lower case
	if len(w) > len(lw) {
		return false
	}
	for q := range len(w) {
		c := w[q]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lw[q] = c
	}
	acr := lw[:len(w)]
	var buf [40]byte // the initials of the words before, nearest first
	initials := buf[:0]
	for p := k - 1; p >= 0 && p >= k-3-2*len(w) && len(initials) < len(buf); p-- {
		t := &toks[p]
		switch {
		case t.glued:
			// "Air-Launched": the initial is the compound's first word's
		case t.word() && t.key != "" && (len(initials) > 0 || t.key != "or"):
			initials = append(initials, t.key[0])
		case len(initials) > 0 && t.punct != '-':
			p = -1 // the definition ends at other punctuation
		}
	}
	for m := 2; m <= len(acr) && m <= len(initials); m++ {
		if initials[m-1] != acr[0] {
			continue
		}
		q, ok := 0, true
		for n := m - 1; n >= 0 && ok; n-- {
			for q < len(acr) && acr[q] != initials[n] {
				q++
			}
			ok = q < len(acr)
			q++
		}
		if ok {
			return true
		}
	}
	return false
}

// spokenFor are the people who speak for a body, named after its acronym
// ("NASA officials", "FIFA spokesman").
// bodyNouns call what follows them a body: "state broadcaster RAI",
// "news agency KCNA", "rival BT".
var bodyNouns = map[string]bool{
	"broadcaster": true, "network": true, "agency": true, "company": true, "firm": true,
	"carrier": true, "airline": true, "bank": true, "insurer": true, "carmaker": true,
	"automaker": true, "group": true, "party": true, "movement": true, "rival": true,
	"giant": true, "subsidiary": true, "newspaper": true, "daily": true, "utility": true,
	"conglomerate": true, "retailer": true, "publisher": true, "channel": true, "union": true,
}

// bodyBefore reports whether the name at token i follows a body's noun
// in lower case that calls it one: "the human rights group Liberty",
// "regulator Oftel said", "defence manufacturer BAE Systems". Not the
// nouns that also stand before people or ships ("rival Bhutto", "the
// carrier Ronald Reagan", "newspaper publisher Gibran Tueni").
func bodyBefore(f *field, i int) bool {
	if i == 0 || len(f.toks[i].key) == 1 && f.toks[i-1].key == "group" && (i+1 == len(f.toks) || !f.toks[i+1].glued) {
		return false // "a group C match": a letter labels a group ("the company X", "the organization G-CAPP" are names)
	}
	t := &f.toks[i-1]
	if t.line != f.toks[i].line || t.capital || t.upper || !t.word() {
		return false
	}
	if t.key == "daily" || t.key == "weekly" {
		// "the Russian daily Izvestia", not "the weekly Cabinet meeting":
		// an adjective as often as a newspaper.
		j := i + 1
		for j < len(f.toks) && (f.toks[j].capital || f.toks[j].upper) && f.toks[j].line == t.line {
			j++
		}
		return j == len(f.toks) || !f.toks[j].word() || speechVerbs[f.toks[j].key]
	}
	if t.key == "group" && i >= 2 && navalGroups[f.toks[i-2].key] {
		return false // "the carrier group Ronald Reagan", "strike group Nimitz": ships
	}
	if t.key == "station" {
		// "the independent radio station B92", not "Naval Station Norfolk".
		return i >= 2 && (f.toks[i-2].key == "radio" || f.toks[i-2].key == "television" || f.toks[i-2].key == "tv")
	}
	return bodyNouns[t.key] && !peopleNouns[t.key] || appositionBodies[t.key] && !roleBodies[t.key] || namingBodies[t.key]
}

// bodyNounAfter reports whether the run [a, b), after "the", a
// possessive or a party's description, is the name of a body that the
// noun in lower case after it calls one: "the Zajedno coalition", "the
// Rot-Weiss club", "Indonesia's ruling Golkar party", "the DGB trade
// union federation". Its words are unknown names or an acronym: no
// ordinary word, nationality, title or head ("the Iraqi army", "the
// Islamist group" describe).
func (s *state) bodyNounAfter(f *field, a, b int) bool {
	g, toks := s.x.g, f.toks
	if a == 0 || b-a > 3 {
		return false
	}
	// "the Zajedno coalition", "the Spanish ONCE team".
	the := toks[a-1].key == "the" || a >= 2 && g.demonyms.has(toks[a-1].key) && toks[a-2].key == "the"
	if !the && toks[a-1].punct != 's' && !partyDescriptions[toks[a-1].key] {
		return false
	}
	// The noun, after at most two other nouns of the body: "the DGB trade
	// union federation".
	n := b
	for n < len(toks) && n < b+3 && toks[n].line == toks[a].line && toks[n].word() && !toks[n].capital && !toks[n].upper && !toks[n].number &&
		!namedBefore[toks[n].key] && !functionWords[toks[n].key] {
		n++
	}
	if n >= len(toks) || toks[n].line != toks[a].line || toks[n].capital || toks[n].upper || !namedBefore[toks[n].key] ||
		toks[n].key == "team" && !s.sportsField(f) {
		return false // "the Clinton team": a team is a club's or a firm's in sport only
	}
	if m := n + 1; m < len(toks) && toks[m].line == toks[n].line {
		if toks[m].punct == ',' && m+1 < len(toks) && toks[m+1].upper {
			m++ // "group, ETA,"; not "the Zajedno coalition, Vuk Draskovic and", its leaders
		}
		if toks[m].capital || toks[m].upper {
			return false // "the Basque separatist group ETA": the name follows the noun
		}
	}
	words := 0
	for k := a; k < b; k++ {
		t := &toks[k]
		compound := t.glued || k+1 < b && toks[k+1].glued        // "Rot-Weiss": "rot" alone is a word
		acronym := t.upper && b-a == 1 && len(t.key) >= 2 && the // "the DGB trade union federation"
		if !t.capital && !acronym || t.upper && !acronym && !compound || g.english.has(t.key) && !compound && !(acronym && toks[n].key == "team") || g.demonyms.has(t.key) || g.heads.has(t.key) || s.isTitle(t) || g.first.has(t.key) ||
			creedShaped(t.key) || peoples[t.key] {
			return false // "the Islamist group", "the Shi'ite militia", "the Rwandan Hutu militia": creeds and peoples
		}
		if s.surnameOf(t.key) {
			return false // "the Berlusconi coalition" after "Silvio Berlusconi": his
		}
		words++
	}
	return words <= 2
}

// tradeHeads end the names of firms by their trade: "Saga Petroleum",
// "Eagle Industries", "Pacific Electric".
var tradeHeads = map[string]bool{
	"petroleum": true, "oil": true, "industries": true, "electric": true, "electronics": true,
	"motors": true, "steel": true, "chemicals": true, "airlines": true, "airways": true,
	"mining": true, "resources": true, "holdings": true, "securities": true, "insurance": true,
	"shipping": true, "foods": true, "breweries": true, "textiles": true, "cement": true,
	"pharmaceuticals": true, "telecom": true,
}

// creedShaped reports whether a word ends as the adjectives of creeds and
// peoples do ("Islamist", "Islamic", "Jewish", "Shi'ite", "Rwandan",
// "Sudanese"), which the gazetteer's nationalities may not list.
func creedShaped(w string) bool {
	for _, end := range []string{"ist", "ic", "ish", "ite", "an", "ese"} {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// peoples are the names of peoples and sects the gazetteer's
// nationalities leave out: "the Serb militia", "the Tamil party".
var peoples = map[string]bool{
	"serb": true, "croat": true, "bosniak": true, "tamil": true, "sikh": true, "hindu": true, "hutu": true,
	"tutsi": true, "pashtun": true, "baloch": true, "druze": true, "hazara": true, "chechen": true,
	"salafi": true, "sufi": true, "wahhabi": true, "mujahideen": true, "rohingya": true, "tory": true,
	"basque": true, "zulu": true, "uighur": true, "uyghur": true, "maori": true, "jew": true, "catholic": true,
}

// namedBefore are the nouns of bodies written after their names: "the
// Zajedno coalition", "the Rot-Weiss club".
var namedBefore = map[string]bool{
	"coalition": true, "club": true, "party": true, "movement": true, "faction": true, "alliance": true,
	"militia": true, "bloc": true, "organisation": true, "organization": true, "group": true,
	"federation": true, "union": true, "front": true, "team": true,
}

// roleBodies end an apposition that calls a name a body but stand before
// a member's name as a role: "provincial council Hussein al-Tamimi".
var roleBodies = map[string]bool{"wing": true, "front": true, "council": true, "committee": true}

// navalGroups stand before "group" in the names of ships' groups.
var navalGroups = map[string]bool{"carrier": true, "strike": true, "battle": true, "task": true, "amphibious": true, "ready": true, "surface": true}

// peopleNouns are body nouns that also stand before a person's or a
// ship's name.
var peopleNouns = map[string]bool{"rival": true, "carrier": true, "party": true, "giant": true, "publisher": true}

// namingBodies call the name after them a body, besides bodyNouns:
// "regulator Oftel", "charity Oxfam", "shipbuilder Navantia". Not the
// nouns of trades that are also people's ("contractor Roy Hallums",
// "producer Joseph Mok", "power broker").
var namingBodies = map[string]bool{
	"watchdog": true, "regulator": true, "charity": true, "brokerage": true, "lender": true,
	"manufacturer": true, "supplier": true, "shipbuilder": true, "shipyard": true, "refiner": true,
	"exporter": true, "importer": true, "distributor": true, "consultancy": true, "magazine": true,
	"tabloid": true, "organisation": true, "organization": true, "thinktank": true,
	"think-tank": true, "chipmaker": true, "drugmaker": true, "planemaker": true, "insurer": true,
	"exchange": true, "consortium": true,
}

var spokenFor = map[string]bool{
	"official": true, "officials": true, "spokesman": true, "spokeswoman": true, "spokesperson": true,
	"chief": true, "administrator": true, "director": true, "president": true, "chairman": true,
}

// afterPlural reports whether token k is a connector after a plural
// acronym: "told MPs the Army would", where a plural names no one body
// and the connector joins no name.
func afterPlural(f *field, k int) bool {
	return k > 0 && connectors[f.toks[k].key] && pluralAcronym(f.text[f.toks[k-1].start:f.toks[k-1].end])
}

// pluralAcronym reports whether w is an acronym in the plural ("BCUs",
// "UAVs"): a common noun.
func pluralAcronym(w string) bool {
	n := len(w)
	if n < 3 || w[n-1] != 's' {
		return false
	}
	for k := 0; k < n-1; k++ {
		if w[k] < 'A' || w[k] > 'Z' {
			return false
		}
	}
	return true
}

// determiners before an acronym make it a common noun.
var determiners = map[string]bool{
	"a": true, "an": true, "this": true, "that": true, "these": true, "those": true,
	"each": true, "every": true, "another": true, "any": true, "per": true,
}

// civicHeads end the names of parties, courts, parliaments and other
// bodies of public life, which general news names with ordinary words
// ("Liberal Party", "High Court", "Interior Ministry"). Military heads
// ("Force", "Group", "Command") are not among them: capitalised, they are
// descriptions in defence writing as often as names ("Joint Force",
// "Small Group"); "Regiment", "Brigade", "Corps" and "Guards" are, which
// name units and services ("Fire Brigade", "the Welsh Guards").
var civicHeads = map[string]bool{
	"party": true, "court": true, "ministry": true, "parliament": true, "assembly": true,
	"congress": true, "senate": true, "council": true, "committee": true, "commission": true,
	"union": true, "league": true, "bank": true, "university": true, "college": true,
	"church": true, "club": true, "association": true, "federation": true, "foundation": true,
	"institute": true, "society": true, "movement": true, "front": true, "tribunal": true,
	"cabinet": true, "government": true, "agency": true, "organization": true,
	"police": true, "regiment": true, "brigade": true, "corporation": true, "company": true,
	"authority": true, "bureau": true, "board": true, "department": true, "office": true,
	"corps": true, "guards": true, "service": true,
}

// personBreaks are connectors of organisations' and places' names that no
// person's name holds (unlike "al", "bin", "de", "van").
var personBreaks = map[string]bool{"of": true, "the": true, "and": true, "for": true, "on": true, "in": true, "at": true, "&": true}

// members are the people of a force or a body; a name of ordinary words
// that opens with them names no organisation ("the Men and Women of the
// 507th", "our Airmen and University"; but "Veterans of Foreign Wars").
var members = map[string]bool{
	"men": true, "women": true, "airmen": true, "soldiers": true, "sailors": true, "troops": true,
	"guardians": true, "members": true, "personnel": true,
}

// placeBeforeNoun reports whether the one capitalised word [i, j) stands
// between "the" and a word of lands, waters or crossings in lower case,
// which makes it the place's name at any margin of the tagger: "the Erez
// crossing", "the Kodori gorge", "the Shawal mountains"; not an adjective
// ("the Arabian peninsula", "the Crimean peninsula").
func placeBeforeNoun(f *field, i, j int) bool {
	toks := f.toks
	k := toks[i].key
	return j == i+1 && i > 0 && toks[i-1].key == "the" && j < len(toks) && toks[j].line == toks[i].line &&
		!toks[j].capital && !toks[j].upper && (landforms[toks[j].key] || passages[toks[j].key]) &&
		!strings.HasSuffix(k, "ian") && !strings.HasSuffix(k, "ean")
}

// passages are the ways through or across a place, named by it in lower
// case ("the Rafah crossing"); not the roads, bridges, tunnels and
// checkpoints that bear people's and weapons' names ("the Jones highway",
// "the Harris checkpoint", "the Merkava tunnel").
var passages = map[string]bool{"crossing": true, "gorge": true}

// landforms end the names of waters and lands ("Kiel Canal", "the
// Tittabawassee and Shiawassee Rivers"): a place the tagger reads as an
// organisation. Not "Channel": "Disney Channel" broadcasts.
var landforms = map[string]bool{
	"river": true, "rivers": true, "canal": true, "creek": true, "lake": true,
	"lakes": true, "bay": true, "gulf": true, "sea": true, "strait": true, "straits": true,
	"island": true, "islands": true, "mountain": true, "mountains": true, "valley": true,
	"peninsula": true, "desert": true, "plateau": true, "coast": true, "reef": true,
	"harbor": true, "harbour": true, "ocean": true, "lagoon": true, "glacier": true,
	"pond": true, "reservoir": true, "dam": true, "dock": true, "docks": true, "inlet": true,
	"fjord": true, "swamp": true, "coulee": true,
}

// productWords end the names of equipment, contracts and rooms ("Press
// Briefing Room"), not of organisations or places.
var productWords = map[string]bool{
	"room": true, "rooms": true,
	"system": true, "systems": true, "missile": true, "missiles": true, "rocket": true, "rockets": true,
	"vehicle": true, "vehicles": true, "aircraft": true, "program": true,
	"contract": true, "munition": true, "munitions": true, "launcher": true, "radar": true,
}
