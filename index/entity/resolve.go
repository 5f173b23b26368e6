package entity

// Coreference inside an article and the making of the result: surnames,
// acronyms, short forms of units, mentions.

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// resolve reads the single words left over: surnames of people named in
// full, acronyms defined in the text, titled surnames.
func (s *state) resolve() {
	g := s.x.g
	// "Sanchez Vicario and Martina Hingis", read before the tagger named
	// Arantxa Sanchez Vicario: a name a pair made is the last words of a
	// person the article names in full.
	for _, b := range s.order {
		if b.e.Kind != Person || len(b.e.Mentions) == 0 || b.e.Mentions[0].Rule != "coordination" {
			continue
		}
		m := &b.e.Mentions[0]
		f := s.field(m.Field)
		if e := s.personEnding(f, tokenAt(f, m.Start), tokenAt(f, m.End-1)+1, false); e != nil && e != b {
			joinInto(b, e, "last words of "+e.e.Name+" in this article")
		}
	}
	for _, p := range s.pend {
		if p.done {
			continue
		}
		if p.upper {
			if e, ok := s.acronyms[p.key]; ok {
				s.addMention(e, p.f, p.start, p.end, "acronym")
			} else if b := s.shortOf(p.key); b != nil && !p.f.headline[p.f.toks[p.i].line] && firmTail(b.e.Name) {
				// "MCI's Bert Roberts" after "MCI Communications Corp": a
				// company by its first word, in capitals too; not the
				// parent of a unit ("VOA" of "VOA Persian Service").
				s.addMention(b, p.f, p.start, p.end, "coref")
				b.e.Mentions[len(b.e.Mentions)-1].Why = "short name of " + b.e.Name + " in this article"
			} else if (p.as == Organisation || s.bodyNounAfter(p.f, p.i, p.j)) && !p.f.headline[p.f.toks[p.i].line] {
				// An acronym alone is a run in capitals (p.headline), yet
				// on a line of running text; "the DGB trade union
				// federation" calls it a body.
				s.emit(p.f, Organisation, s.x.canonicalOrg(p.f.text[p.start:p.end]), -1, p.start, p.end, "tagger", p.i, p.j)
			}
			continue
		}
		var best *builder
		for e := s.byLast[p.key]; e != nil; e = e.sameLast {
			// Latest first: on a tie the one named first wins.
			if e.e.Kind == Person && e.words >= 2 && (best == nil || len(e.e.Mentions) >= len(best.e.Mentions)) {
				best = e
			}
		}
		if best != nil {
			s.addMention(best, p.f, p.start, p.end, "coref")
			continue
		}
		if p.gn == nil && !p.headline && !p.titled && bodyBefore(p.f, p.i) && !g.demonyms.has(strings.TrimSuffix(p.key, "s")) {
			// "regulator Oftel said": a body the text calls one, though
			// the word speaks.
			s.emit(p.f, Organisation, s.x.canonicalOrg(p.f.text[p.start:p.end]), -1, p.start, p.end, "apposition", p.i, p.j)
			continue
		}
		if p.gn == nil && !p.headline {
			// "Toshiba said" after "Toshiba Corp", "Wagner" after the
			// "Wagner Group": a company or a group by its first word.
			if b := s.shortOf(p.key); b != nil {
				s.addMention(b, p.f, p.start, p.end, "coref")
				b.e.Mentions[len(b.e.Mentions)-1].Why = "short name of " + b.e.Name + " in this article"
				continue
			}
			// "Sony said" where the article trades Sony's shares: a
			// company that speaks, not a person.
			if !p.caps && !g.english.has(p.key) && !g.first.has(p.key) && s.traded(p.key) {
				s.emit(p.f, Organisation, s.x.canonicalOrg(p.f.text[p.start:p.end]), -1, p.start, p.end, "company-cue", p.i, p.j)
				continue
			}
		}
		if p.gn == nil && !p.headline && !p.caps {
			// "Michèle made clear" and "Panetta lauded Flourney" beside
			// Michèle Flournoy: her given name, or her surname misspelt.
			if b, why := s.namedBy(p.key, p.tagged || p.speech || p.person); b != nil {
				s.addMention(b, p.f, p.start, p.end, "coref")
				m := &b.e.Mentions[len(b.e.Mentions)-1]
				m.Why = why + b.e.Name + " in this article"
				continue
			}
		}
		if p.gn != nil {
			if !s.notPlace(&p) {
				s.emitGaz(p.f, p.i, p.j, p.gn, "gazetteer")
			}
			continue
		}
		if p.as != 0 && !p.titled && !p.headline && !p.placed {
			s.emit(p.f, p.as, s.x.Canonical(p.as, p.f.text[p.start:p.end]), -1, p.start, p.end, "tagger", p.i, p.j)
			continue
		}
		if p.place && !p.titled && !p.headline && !p.caps && !g.english.has(p.key) && !g.first.has(p.key) && s.placeBeside(&p) {
			// "the camps at Mugunga and Kibumba": a word the tagger
			// reads as a place, though unsure, listed with a place.
			s.emit(p.f, Place, s.x.Canonical(Place, p.f.text[p.start:p.end]), -1, p.start, p.end, "coordination", p.i, p.j)
			continue
		}
		if (p.titled || p.speech) && !p.caps && !p.headline && !g.english.has(p.key) {
			// "Flournoy said" after "the Under Secretary of Defense for
			// Policy, Michele Flournoy, sat down": the surname names the
			// given name and surname no rule read.
			if f, i, j := s.fullName(p.key); f != nil {
				s.emit(f, Person, s.x.canonicalPerson(f.text[f.toks[i].start:f.toks[j-1].end]), -1, f.toks[i].start, f.toks[j-1].end, "coref", i, j)
				s.addMention(s.last(), p.f, p.start, p.end, "coref")
				continue
			}
		}
		if p.titled && !g.english.has(p.key) && !p.headline {
			text := p.f.text[p.start:p.end]
			if p.caps {
				text = titleCase(text, true)
			}
			s.emit(p.f, Person, s.x.canonicalPerson(text), -1, p.start, p.end, "title-cue", p.i, p.j)
			continue
		}
		// A plural acronym is a group, not a person: "MPs said".
		if (p.speech || p.tagged) && !p.headline && !g.english.has(p.key) && !g.notNames.has(p.key) && !pluralAcronym(p.f.text[p.start:p.end]) {
			s.emit(p.f, Person, s.x.canonicalPerson(p.f.text[p.start:p.end]), -1, p.start, p.end, ruleFor(p.speech, "speech-verb", "tagger"), p.i, p.j)
			continue
		}
		if !p.headline && !p.upper && g.first.has(p.key) && kinAfter(p.f, p.i, p.j) {
			// "his second wife, Karen, and", "her brother, Joseph,": a
			// given name in apposition to a kinsman is a person.
			s.emit(p.f, Person, s.x.canonicalPerson(p.f.text[p.start:p.end]), -1, p.start, p.end, "apposition", p.i, p.j)
		}
	}
}

// placeBeside reports whether the single word p and a place the article
// names stand either side of "and": the place a rule or the tagger read
// ("Mugunga and Kibumba", "Kibumba and Mugunga").
func (s *state) placeBeside(p *pending) bool {
	toks := p.f.toks
	after := p.j+1 < len(toks) && toks[p.j].key == "and" && toks[p.j+1].line == toks[p.i].line
	before := p.i >= 2 && toks[p.i-1].key == "and" && toks[p.i-2].line == toks[p.i].line
	if !after && !before {
		return false
	}
	if !s.placeRead {
		// Once an article, however many words ask: the places the rules
		// and the tagger read before coreference.
		s.placeRead = true
		for _, b := range s.order {
			if b.e.Kind == Place {
				for _, m := range b.e.Mentions {
					s.placeEdges[fieldOffset{m.Field, m.Start}] = true
					s.placeEdges[fieldOffset{m.Field, m.End}] = true
				}
			}
		}
		for k := range s.pend {
			if q := &s.pend[k]; q.as == Place {
				s.placeEdges[fieldOffset{q.f.name, q.start}] = true
				s.placeEdges[fieldOffset{q.f.name, q.end}] = true
			}
		}
	}
	return after && s.placeEdges[fieldOffset{p.f.name, toks[p.j+1].start}] || before && s.placeEdges[fieldOffset{p.f.name, toks[p.i-2].end}]
}

// fieldOffset is a place in the text of a field.
type fieldOffset struct {
	field string
	off   int
}

// placeNoun reports whether "<key> of X" names the place X: "the city of
// Mosul", "the State of California".
func placeNoun(key string) bool {
	return placeBefore[key] || key == "state" || key == "commonwealth"
}

// kinAfter reports whether tokens [i, j) stand in apposition after a
// word of kinship: "wife, Karen," "son, Phillip, and".
func kinAfter(f *field, i, j int) bool {
	toks := f.toks
	if i < 2 || toks[i-1].punct != ',' || !kinship[toks[i-2].key] || toks[i-2].capital {
		return false
	}
	return j == len(toks) || toks[j].punct == ',' || toks[j].punct == '.' || toks[j].key == "and" || toks[j].punct == ')'
}

// kinship are the words of family before a relative's name.
var kinship = map[string]bool{
	"wife": true, "husband": true, "son": true, "daughter": true, "brother": true, "sister": true,
	"mother": true, "father": true, "widow": true, "widower": true, "cousin": true, "uncle": true,
	"aunt": true, "nephew": true, "niece": true, "grandson": true, "granddaughter": true,
	"grandfather": true, "grandmother": true, "fiancée": true, "fiancee": true, "fiancé": true,
	"partner": true, "stepson": true, "stepdaughter": true, "sons": true, "daughters": true,
}

// namedBy finds the one person named in full in the article whom a single
// word that speaks or that the tagger reads as a person names: by the
// given name alone (as quotes name people), or by the surname misspelt
// by one letter (added, dropped or changed; words of six letters or more).
// Two candidates are no answer; a misspelling is read only of a word that
// reads as a person's (person: it speaks, or the tagger reads it so). why
// opens the mention's Why.
func (s *state) namedBy(key string, person bool) (b *builder, why string) {
	b, n := s.openedBy(Person, key)
	if n == 1 {
		return b, "given name of "
	}
	if n > 1 || len(key) < 6 || !person {
		return nil, ""
	}
	for _, e := range s.order {
		if e.e.Kind == Person && e.words >= 2 && len(e.lastKey) >= 6 && oneEdit(key, e.lastKey) {
			b, n = e, n+1
		}
	}
	if n == 1 {
		return b, "misspelt surname of "
	}
	return nil, ""
}

// shortOf returns the one organisation of the article whose name opens
// with the word key and has more words, when key is no ordinary word,
// given name or nationality; nil when none or two do.
func (s *state) shortOf(key string) *builder {
	g := s.x.g
	if g.english.has(key) || g.first.has(key) || g.demonyms.has(key) {
		return nil
	}
	if b, n := s.openedBy(Organisation, key); n == 1 {
		return b
	}
	return nil
}

// firmTail reports whether the words of a company's name after the first
// are its trade or legal form: "MCI Communications", "RMS International
// Inc".
func firmTail(name string) bool {
	_, rest, ok := strings.Cut(name, " ")
	for w := range strings.FieldsSeq(rest) {
		k := norm.Key(w)
		if !tradeHeads[k] && !isLegalForm(k) && !companyHeads[k] && !firmWords[k] {
			return false
		}
	}
	return ok
}

// firmWords end companies' names with their trade heads, legal forms and
// companyHeads (firmTail).
var firmWords = map[string]bool{
	"international": true, "communications": true, "group": true, "systems": true,
	"technologies": true, "technology": true, "enterprises": true,
}

// openedBy returns how many entities of kind k in the article have a name
// of two words or more whose first word is key, and one of them: the only
// one when there is one.
func (s *state) openedBy(k Kind, key string) (b *builder, n int) {
	for e := s.byFirst[key]; e != nil; e = e.sameFirst {
		if e.e.Kind == k && e.words >= 2 {
			b, n = e, n+1
		}
	}
	return b, n
}

// oneEdit reports whether a and b differ by one letter added, dropped or
// changed.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 || a == b {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}

// mergeUnits gives one name to an organisation the article names two
// ways: a numbered unit by its acronym and in full ("557th ERHS" and
// "557th Expeditionary Red Horse Squadron"), a unit alone and with its
// parents ("2nd Brigade Combat Team" and "2nd Brigade Combat Team, 3rd
// Infantry Division"), and a name with one word left out ("Nimitz Strike
// Group" and "Nimitz Carrier Strike Group"). The short form's mentions go
// to the full name, when only one full name fits.
func (s *state) mergeUnits() {
	var buf [32]*builder
	orgs := s.named(Organisation, buf[:0])
	if len(orgs) < 2 {
		return
	}
	// A short form shares its first word with the full name, or is the
	// full name without its first (withoutGivenName).
	s.joinWords[0] = wordIndex(s.joinWords[0][:0], orgs, firstWord)
	s.joinWords[1] = wordIndex(s.joinWords[1][:0], orgs, withoutFirstWord)
	first, rest := s.joinWords[0], s.joinWords[1]
	for _, short := range orgs {
		if short.fromGazetteer() && !short.club() || len(short.e.Mentions) == 0 {
			continue // "US Special Operations Command" is another command; a club's town is the club's
		}
		var into *builder
		n := 0
		s.joinCands = candidates(s.joinCands[:0], wordsOf(first, firstWord(short.e.Name)), wordsOf(rest, short.e.Name))
		for _, c := range s.joinCands {
			full := orgs[c]
			if full != short && len(full.e.Mentions) > 0 && (shortFormOf(short.e.Name, full.e.Name) || s.x.withoutGivenName(short.e.Name, full.e.Name) || s.x.clubWithoutTown(short, full)) {
				into = full
				n++
			}
		}
		if n != 1 {
			continue
		}
		joinInto(short, into, "short form of "+into.e.Name+" in this article")
	}
	s.chainUnits(orgs)
}

// maxJoinCandidates bounds the names a pairwise join of an article's
// entities (mergeUnits, mergePeople, placeParts) compares one name with
// by one shared word: an article of thousands of names that share a word
// costs linearly, and a word that more names share than this finds none
// (such a name is ambiguous anyway).
const maxJoinCandidates = 256

// wordAt is a word of the name of the builder at position at of a list.
type wordAt struct {
	word string
	at   int
}

// wordIndex appends to dst a word of each builder's name in bs, as word
// gives it, with the builder's position, sorted by word and then
// position: an index the pooled state reuses, which allocates nothing
// once grown.
func wordIndex(dst []wordAt, bs []*builder, word func(string) string) []wordAt {
	for i, b := range bs {
		if w := word(b.e.Name); w != "" {
			dst = append(dst, wordAt{w, i})
		}
	}
	slices.SortFunc(dst, func(x, y wordAt) int { return cmp.Or(strings.Compare(x.word, y.word), cmp.Compare(x.at, y.at)) })
	return dst
}

// wordsOf returns the entries of the index idx for the word w: two
// binary searches, however many names share it.
func wordsOf(idx []wordAt, w string) []wordAt {
	i := sort.Search(len(idx), func(k int) bool { return idx[k].word >= w })
	j := i + sort.Search(len(idx)-i, func(k int) bool { return idx[i+k].word > w })
	return idx[i:j]
}

// candidates appends to dst the positions of the entries a and b, each
// ascending, each position once and in order; a list longer than
// maxJoinCandidates adds none.
func candidates(dst []int, a, b []wordAt) []int {
	if len(a) > maxJoinCandidates {
		a = nil
	}
	if len(b) > maxJoinCandidates {
		b = nil
	}
	for len(a) > 0 || len(b) > 0 {
		switch {
		case len(b) == 0 || len(a) > 0 && a[0].at < b[0].at:
			dst, a = append(dst, a[0].at), a[1:]
		case len(a) == 0 || b[0].at < a[0].at:
			dst, b = append(dst, b[0].at), b[1:]
		default:
			dst, a, b = append(dst, a[0].at), a[1:], b[1:]
		}
	}
	return dst
}

// firstWord is a name's text before its first space or comma: "2nd" of
// "2nd Brigade Combat Team, 3rd Infantry Division".
func firstWord(name string) string {
	if i := strings.IndexAny(name, " ,"); i >= 0 {
		return name[:i]
	}
	return name
}

// withoutFirstWord is a name's text after its first space: "Reagan
// Carrier Strike Group" of "Ronald Reagan Carrier Strike Group".
func withoutFirstWord(name string) string {
	_, rest, _ := strings.Cut(name, " ")
	return rest
}

// lastWord is a name's text after its last space or hyphen: "Sirleaf" of
// "Johnson-Sirleaf" and of "Ellen Johnson Sirleaf".
func lastWord(name string) string {
	return name[strings.LastIndexAny(name, " -")+1:]
}

// clubWithoutTown reports whether the club short is the club full
// without the town that ends or opens its name: "Ajax" of "Ajax
// Amsterdam", "Feyenoord" of "Feyenoord Rotterdam", "the Eagles" of the
// "Philadelphia Eagles", two sides of one article.
func (x *Extractor) clubWithoutTown(short, full *builder) bool {
	n, name := len(short.e.Name), full.e.Name
	if len(name) <= n+1 || !short.club() || !full.club() {
		return false
	}
	var town string
	switch {
	case name[:n] == short.e.Name && name[n] == ' ':
		town = name[n+1:]
	case name[len(name)-n:] == short.e.Name && name[len(name)-n-1] == ' ':
		town = name[:len(name)-n-1]
	default:
		return false
	}
	p := x.lookupText(Place, town)
	return p != nil && !p.isCountry()
}

// club reports whether a rule read one of b's mentions as a club.
func (b *builder) club() bool {
	return slices.ContainsFunc(b.e.Mentions, func(m Mention) bool { return m.Rule == "club" })
}

// placeContext gives a place whose name places of several countries share
// to the one of the article's country: Tripoli is Lebanon's in an article
// whose other places are in Lebanon, Libya's otherwise. The gazetteer's
// choice (the place a reader expects: the larger, the curated) stays unless
// the other places of the article are more often in the other country.
func (s *state) placeContext() {
	g := s.x.g
	if len(g.alts) == 0 {
		return
	}
	for _, b := range s.order {
		if b.e.Kind != Place || b.ent < 0 || len(b.e.Mentions) == 0 || len(g.alts[b.ent]) == 0 {
			continue
		}
		evidence := func(cc string) int {
			n := 0
			for _, o := range s.order {
				if o != b && o.e.Kind == Place && len(o.e.Mentions) > 0 && o.e.Country == cc {
					n++
				}
			}
			return n
		}
		best, most, tie := int32(-1), evidence(b.e.Country), false
		for _, a := range g.alts[b.ent] {
			if n := evidence(g.ents[a].country); n > most {
				best, most, tie = a, n, false
			} else if n == most && best >= 0 {
				tie = true
			}
		}
		if best < 0 || tie {
			continue
		}
		alt := &g.ents[best]
		bare, _, _ := strings.Cut(alt.name, " (")
		key := norm.Key(bare)
		same := true
		for _, m := range b.e.Mentions {
			same = same && norm.Key(m.Text) == key
		}
		if !same {
			continue // "Tarabulus" is Libya's Tripoli only
		}
		b.ent = best
		b.e.Name, b.e.Country, b.e.Aliases = alt.name, alt.country, alt.aliasList()
		b.e.Lat, b.e.Lon, b.e.HasCoords = alt.lat, alt.lon, alt.coords
		for n := range b.e.Mentions {
			b.e.Mentions[n].Why = "the " + bare + " of " + alt.country + ", the country of the article's other places"
		}
	}
}

// named appends to buf the article's entities of kind k that have
// mentions.
func (s *state) named(k Kind, buf []*builder) []*builder {
	for _, b := range s.order {
		if b.e.Kind == k && len(b.e.Mentions) > 0 {
			buf = append(buf, b)
		}
	}
	return buf
}

// joinInto moves the mentions of short to into, saying why.
func joinInto(short, into *builder, why string) { joinExcept(short, into, why, nil) }

// joinExcept moves the mentions of short to into, saying why, but those
// keep reports (keep nil: all of them).
func joinExcept(short, into *builder, why string, keep func(Mention) bool) {
	kept := short.e.Mentions[:0]
	for _, m := range short.e.Mentions {
		if keep != nil && keep(m) {
			kept = append(kept, m)
			continue
		}
		if m.Why == "" {
			m.Why = why
		}
		into.e.Mentions = append(into.e.Mentions, m)
		if m.Field == FieldCaption {
			into.inCaptions++
			short.inCaptions--
		} else {
			into.body++
			short.body--
		}
	}
	if short.e.Name != into.e.Name && !slices.Contains(into.e.Aliases, short.e.Name) {
		into.e.Aliases = append(into.e.Aliases, short.e.Name)
	}
	if len(kept) == 0 {
		kept = nil
	}
	short.e.Mentions = kept
}

// chainUnits names a unit with its parents when the article gives them in
// another unit's name: "1st Space Battalion" is "1st Space Battalion, 1st
// Space Brigade" after "2nd Space Company, 1st Space Battalion, 1st Space
// Brigade", when only one chain of parents fits.
func (s *state) chainUnits(orgs []*builder) {
	// inner maps a part of a name between two commas to the units it is
	// a part of.
	inner := map[string][]int{}
	for n, o := range orgs {
		parts := strings.Split(o.e.Name, ", ")
		for k := 1; k < len(parts)-1; k++ {
			if at := inner[parts[k]]; len(at) == 0 || at[len(at)-1] != n {
				inner[parts[k]] = append(at, n)
			}
		}
	}
	for _, short := range orgs {
		name := short.e.Name
		if len(short.e.Mentions) == 0 || strings.Contains(name, ",") || short.fromGazetteer() {
			continue
		}
		tail := ""
		for _, n := range inner[name] {
			o := orgs[n]
			i := strings.Index(o.e.Name, ", "+name+", ")
			if i < 0 {
				continue
			}
			t := o.e.Name[i+2:]
			if tail != "" && tail != t {
				tail = ""
				break
			}
			tail = t
		}
		if tail == "" {
			continue
		}
		why := "unit named with its parents in this article"
		if into := s.ents[entKey{Organisation, norm.Key(tail)}]; into != nil {
			joinInto(short, into, why)
			continue
		}
		for n := range short.e.Mentions {
			short.e.Mentions[n].Why = why
		}
		short.e.Aliases = append(short.e.Aliases, name)
		short.e.Name = tail
	}
}

// mergePeople joins two names of one person in an article: a name and the
// same with a nisba after it ("Abu Jandal" and "Abu Jandal al-Kuwaiti"), a
// surname of two words and the full name ("De Fatta" and "Richard De
// Fatta"), and a short given name and the full one ("Jim Kirk" and "James
// Kirk"). Names with other given names stay apart ("John Smith" and "Jane
// Smith" are two people), and so does a short name that fits two.
func (s *state) mergePeople() {
	var buf [32]*builder
	people := s.named(Person, buf[:0])
	// A short form shares its first word with the full name (a nisba
	// after it) or its last (a surname, a given name shortened).
	s.joinWords[0] = wordIndex(s.joinWords[0][:0], people, firstWord)
	s.joinWords[1] = wordIndex(s.joinWords[1][:0], people, lastWord)
	first, last := s.joinWords[0], s.joinWords[1]
	for _, short := range people {
		if short.fromGazetteer() || len(short.e.Mentions) == 0 || !strings.ContainsAny(short.e.Name, " -") {
			continue // a name of one word is the short form of none (shortNameOf)
		}
		var into *builder
		why := ""
		n := 0
		s.joinCands = candidates(s.joinCands[:0], wordsOf(first, firstWord(short.e.Name)), wordsOf(last, lastWord(short.e.Name)))
		for _, c := range s.joinCands {
			full := people[c]
			if full == short || len(full.e.Mentions) == 0 {
				continue
			}
			if w := s.x.shortNameOf(short.e.Name, full.e.Name); w != "" {
				into, why = full, w
				n++
			}
		}
		switch n {
		case 0:
			into, why = s.initialsFull(short)
		case 1:
		default:
			into = nil // homonyms
		}
		if into != nil {
			joinInto(short, into, why+" "+into.e.Name+" in this article")
		}
	}
}

// initialsFull names in full the person short written with an initial
// ("S. Jayasuriya") where the article writes a given name of that
// initial before the surname that no rule read ("Sanath Jayasuriya hit
// 74"): one such name only, a capitalised word that is no ordinary word.
func (s *state) initialsFull(short *builder) (*builder, string) {
	initial, surname, ok := strings.Cut(short.e.Name, " ")
	if !ok || strings.Contains(surname, " ") || len(initial) != 2 || initial[1] != '.' {
		return nil, ""
	}
	g := s.x.g
	var buf [16]tokAt
	var f *field
	at := 0
	for _, c := range s.capitalised(norm.Key(surname), buf[:0]) {
		cf, k := &s.fields[c.f], int(c.k)
		if cf.caption || k == 0 || cf.headline[cf.toks[k].line] {
			continue
		}
		p := &cf.toks[k-1]
		if p.line != cf.toks[k].line || !p.capital || p.upper || p.glued || !initialOf(initial, cf.text[p.start:p.end]) ||
			g.english.has(p.key) && !g.first.has(p.key) || g.titles.has(p.key) || g.heads.has(p.key) {
			continue
		}
		if f != nil && f.text[f.toks[at].start:f.toks[at].end] != cf.text[p.start:p.end] {
			return nil, "" // two given names of that initial
		}
		f, at = cf, k-1
	}
	if f == nil {
		return nil, ""
	}
	toks := f.toks
	name := s.x.canonicalPerson(f.text[toks[at].start:toks[at+1].end])
	if b := s.ents[entKey{Person, norm.Key(name)}]; b != nil && len(b.e.Mentions) > 0 {
		return b, "initial of the given name of"
	}
	s.emit(f, Person, name, -1, toks[at].start, toks[at+1].end, "coref", at, at+2)
	return s.last(), "initial of the given name of"
}

// orgsNamedAsPeople gives a person the name the tagger read as a body's
// when the article names it as a person too: "CNN's Wolf Blitzer" (an
// organisation, by the tagger) and "Blitzer traveled to Brussels" (a
// surname), or "the death of Yasser Arafat" and "Arafat said" (which
// named the person in full from the body's words), are Wolf Blitzer and
// Yasser Arafat. ("S. Jayasuriya" names "Sanath Jayasuriya" a person
// before: initialsFull.) Only a name of two or three words, none known or
// ordinary and no head word, that the tagger alone made a body.
func (s *state) orgsNamedAsPeople() {
	g := s.x.g
	for _, org := range s.order {
		if org.e.Kind != Organisation || org.ent >= 0 || org.words < 2 || org.words > 3 || len(org.e.Mentions) == 0 ||
			slices.ContainsFunc(org.e.Mentions, func(m Mention) bool { return m.Rule != "tagger" }) {
			continue
		}
		plain := true
		for _, w := range strings.Fields(norm.Key(org.e.Name)) {
			_, known := g.names[w]
			plain = plain && !known && !g.heads.has(w) && !g.english.has(w) && !g.demonyms.has(w)
		}
		if !plain {
			continue
		}
		name := s.x.canonicalPerson(org.e.Name)
		if person := s.ents[entKey{Person, norm.Key(name)}]; person != nil && len(person.e.Mentions) > 0 {
			joinInto(org, person, "named as the person "+person.e.Name+" in this article")
			continue
		}
		var surname *builder
		for p := s.byLast[org.lastKey]; p != nil; p = p.sameLast {
			if p.e.Kind == Person && p.words == 1 && p.ent < 0 && len(p.e.Mentions) > 0 {
				surname = p
			}
		}
		if surname == nil {
			continue
		}
		person := s.entity(Person, name, -1)
		joinInto(org, person, "named alone as a person ("+surname.e.Name+") in this article")
		joinInto(surname, person, "surname of "+person.e.Name+" in this article")
	}
}

// shortNameOf says how the person's name short is a shorter form of full
// (see mergePeople), or "" when it is not. It allocates only to compare
// given names: it runs for every pair of an article's people.
func (x *Extractor) shortNameOf(short, full string) string {
	sFirst, sRest, ok := strings.Cut(short, " ")
	if !ok {
		sFirst, sRest, ok = strings.Cut(short, "-") // "Johnson-Sirleaf"
	}
	if !ok || len(full) < len(short) {
		return ""
	}
	switch {
	case len(full) > len(short)+1 && full[:len(short)] == short && full[len(short)] == ' ':
		// "Abu Jandal" and "Abu Jandal al-Kuwaiti".
		rest := full[len(short)+1:]
		if !strings.Contains(rest, " ") && len(rest) > 3 && (strings.EqualFold(rest[:3], "al-") || strings.EqualFold(rest[:3], "el-")) {
			return "name without the nisba of"
		}
	case len(full) > len(short)+1 && sameWords(full[len(full)-len(short):], short) && full[len(full)-len(short)-1] == ' ':
		// "De Fatta" and "Richard De Fatta"; "Lopez Obrador" and "Andres
		// Manuel Lopez Obrador", "Johnson-Sirleaf" and "Ellen Johnson
		// Sirleaf": given names of one or two capitalised words before
		// a surname of two.
		given := full[:len(full)-len(short)-1]
		if x.g.first.has(norm.Key(sFirst)) {
			return ""
		}
		g1, g2, two := strings.Cut(given, " ")
		if !two && x.g.first.has(norm.Key(given)) ||
			(two || strings.Contains(short, "-")) && capitalisedEnd(g1) && (!two || !strings.Contains(g2, " ") && capitalisedEnd(g2)) {
			return "surname of"
		}
	default:
		fFirst, fRest, _ := strings.Cut(full, " ")
		switch {
		case fRest != sRest || fFirst == sFirst:
		case slices.Contains(nicknames[norm.Key(sFirst)], norm.Key(fFirst)):
			return "short form of the given name of" // "Jim Kirk" and "James Kirk"
		case initialOf(sFirst, fFirst):
			return "initial of the given name of" // "A. Campbell" and "Alistair Campbell"
		}
	}
	return ""
}

// initialOf reports whether initial is a capital and a full stop that
// begin the given name given: "A." of "Alistair".
func initialOf(initial, given string) bool {
	return len(initial) == 2 && initial[1] == '.' && initial[0] >= 'A' && initial[0] <= 'Z' &&
		len(given) > 2 && given[0] == initial[0] && !strings.Contains(given, ".")
}

// sameWords reports whether a and b, of one length, are the same words,
// a hyphen and a space alike ("Johnson-Sirleaf", "Johnson Sirleaf").
func sameWords(a, b string) bool {
	for i := range len(a) {
		if a[i] != b[i] && !(a[i] == '-' && b[i] == ' ' || a[i] == ' ' && b[i] == '-') {
			return false
		}
	}
	return true
}

// nicknames are the short forms of English given names and the full
// names they stand for.
var nicknames = map[string][]string{
	"jim": {"james"}, "jimmy": {"james"}, "jamie": {"james"}, "bill": {"william"}, "billy": {"william"},
	"will": {"william"}, "willie": {"william"}, "bob": {"robert"}, "bobby": {"robert"}, "rob": {"robert"},
	"robbie": {"robert"}, "mike": {"michael"}, "mick": {"michael"}, "tom": {"thomas"}, "tommy": {"thomas"},
	"dave": {"david"}, "dan": {"daniel"}, "danny": {"daniel"}, "joe": {"joseph"}, "joey": {"joseph"},
	"chuck": {"charles"}, "charlie": {"charles"}, "tony": {"anthony", "antony"}, "steve": {"steven", "stephen"},
	"chris": {"christopher", "christian", "christine", "christina"}, "matt": {"matthew"}, "pat": {"patrick", "patricia"},
	"rick": {"richard", "eric", "frederick"}, "dick": {"richard"}, "rich": {"richard"}, "ed": {"edward", "edwin"},
	"ted": {"edward", "theodore"}, "ken": {"kenneth"}, "ron": {"ronald"}, "don": {"donald"}, "doug": {"douglas"},
	"greg": {"gregory"}, "jeff": {"jeffrey", "jeffery"}, "jerry": {"gerald", "jerome"}, "larry": {"lawrence", "laurence"},
	"andy": {"andrew"}, "drew": {"andrew"}, "ben": {"benjamin"}, "sam": {"samuel", "samantha"}, "max": {"maximilian", "maxwell"},
	"alex": {"alexander", "alexandra"}, "nick": {"nicholas"}, "pete": {"peter"}, "phil": {"philip", "phillip"},
	"fred": {"frederick"}, "hank": {"henry"}, "harry": {"henry", "harold"}, "jack": {"john"}, "johnny": {"john"},
	"jon": {"jonathan"}, "nate": {"nathan", "nathaniel"}, "tim": {"timothy"}, "ray": {"raymond"}, "kate": {"katherine", "catherine", "kathryn"},
	"kathy": {"katherine", "kathleen", "kathryn"}, "liz": {"elizabeth"}, "beth": {"elizabeth"}, "sue": {"susan"},
	"jen": {"jennifer"}, "jenny": {"jennifer"}, "becky": {"rebecca"}, "meg": {"margaret"}, "peggy": {"margaret"},
	"vlad": {"vladimir"}, "sergei": {"sergey"}, "sergey": {"sergei"}, "zach": {"zachary"}, "zack": {"zachary"},
	"josh": {"joshua"}, "gabe": {"gabriel"}, "abe": {"abraham"}, "walt": {"walter"}, "al": {"albert", "alan", "allen", "alfred"},
}

// withoutGivenName reports whether the organisation name short is full
// without the given name that opens it: "Reagan Carrier Strike Group" of
// "Ronald Reagan Carrier Strike Group", a ship named after a person.
func (x *Extractor) withoutGivenName(short, full string) bool {
	first, rest, ok := strings.Cut(full, " ")
	return ok && rest == short && strings.Count(short, " ") >= 2 && x.g.first.has(norm.Key(first))
}

// placeParts gives a place's mentions that are the end of a longer place
// the article names to that place: "Fort Carson's 4th Infantry Division",
// where "Fort" opened a sentence and was left out of the name, is Fort
// Carson when the article names Fort Carson, not Carson, California.
func (s *state) placeParts() {
	var buf [32]*builder
	places := s.named(Place, buf[:0])
	s.joinWords[0] = wordIndex(s.joinWords[0][:0], places, lastWord)
	last := s.joinWords[0]
	for _, part := range places {
		s.joinCands = candidates(s.joinCands[:0], wordsOf(last, lastWord(part.e.Name)), nil)
		for _, c := range s.joinCands {
			whole := places[c]
			if whole == part || len(whole.e.Mentions) == 0 || len(part.e.Mentions) == 0 || !strings.HasSuffix(whole.e.Name, " "+part.e.Name) {
				continue
			}
			prefix := whole.e.Name[:len(whole.e.Name)-len(part.e.Name)]
			kept := part.e.Mentions[:0]
			for _, m := range part.e.Mentions {
				f := s.field(m.Field)
				if f == nil || m.Start < len(prefix) || !strings.EqualFold(f.text[m.Start-len(prefix):m.Start], prefix) {
					kept = append(kept, m)
					continue
				}
				m.Start -= len(prefix)
				m.Text = f.text[m.Start:m.End]
				m.Rule, m.Why = "coref", "part of "+whole.e.Name+", named so in this article"
				whole.e.Mentions = append(whole.e.Mentions, m)
				if f.caption {
					part.inCaptions--
					whole.inCaptions++
				} else {
					part.body--
					whole.body++
				}
			}
			part.e.Mentions = kept
		}
	}
}

// field returns the article's field of that name.
func (s *state) field(name string) *field {
	for n := range s.fields {
		if s.fields[n].name == name {
			return &s.fields[n]
		}
	}
	return nil
}

// fromGazetteer reports whether a mention of the entity is a name the
// gazetteer knows.
func (b *builder) fromGazetteer() bool {
	for _, m := range b.e.Mentions {
		if m.Rule == "gazetteer" {
			return true
		}
	}
	return false
}

// shortFormOf reports whether the organisation name short is a short form
// of full (see mergeUnits). It does not allocate: it runs for every pair
// of an article's organisations.
func shortFormOf(short, full string) bool {
	// "2nd Brigade Combat Team" of "2nd Brigade Combat Team, 3rd Infantry
	// Division".
	if first, _, ok := strings.Cut(full, ", "); ok {
		return first == short && !strings.Contains(short, ",")
	}
	sFirst, sRest, ok := strings.Cut(short, " ")
	fFirst, fRest, _ := strings.Cut(full, " ")
	if !ok || sFirst != fFirst || len(full) <= len(short) {
		return false
	}
	// "557th ERHS": an ordinal and the initials of the rest.
	if !strings.Contains(sRest, " ") && isOrdinal(strings.ToLower(sFirst)) && isAcronym(sRest) {
		k := 0
		for w := range strings.FieldsSeq(fRest) {
			if w[0] < 'A' || w[0] > 'Z' {
				continue
			}
			if k >= len(sRest) || sRest[k] != w[0] {
				return false
			}
			k++
		}
		return k == len(sRest)
	}
	// "Nimitz Strike Group": one inner word left out, the head kept.
	sw, fw := strings.Count(short, " ")+1, strings.Count(full, " ")+1
	if sw < 3 || fw != sw+1 || short[strings.LastIndexByte(short, ' '):] != full[strings.LastIndexByte(full, ' '):] {
		return false
	}
	for ws := strings.IndexByte(full, ' ') + 1; ws > 0 && ws < len(full); {
		we := strings.IndexByte(full[ws:], ' ')
		if we < 0 {
			break // the head
		}
		we += ws
		// full without the word [ws, we] and its space.
		if len(short) == len(full)-(we+1-ws) && strings.HasPrefix(short, full[:ws]) && strings.HasSuffix(short, full[we+1:]) {
			return true
		}
		ws = we + 1
	}
	return false
}

// traded reports whether the article writes of the shares of the
// capitalised word key: "Sony shares", "Sony's stock", "shares in Sony",
// "a stake in Sony". Only a company is traded.
func (s *state) traded(key string) bool {
	var buf [16]tokAt
	for _, at := range s.capitalised(key, buf[:0]) {
		if tradedAt(&s.fields[at.f], int(at.k), int(at.k)+1) {
			return true
		}
	}
	return false
}

// tradedAt reports whether the name of tokens [i, j) of f is traded where
// it stands: "Sony shares", "Sony's stock", "shares in Sony", "a stake in
// Sony".
func tradedAt(f *field, i, j int) bool {
	toks := f.toks
	possessive := j < len(toks) && toks[j].punct == 's'
	if possessive {
		j++ // "Sony's shares"
	}
	if j < len(toks) && shareWords[toks[j].key] {
		// "Sony shares rose", not "Maria Lopez shares her story".
		return possessive || toks[j].key != "shares" && toks[j].key != "share" || j+1 < len(toks) && marketVerbs[toks[j+1].key]
	}
	return i > 1 && (toks[i-1].key == "in" || toks[i-1].key == "of") && (shareWords[toks[i-2].key] || toks[i-2].key == "stake")
}

// marketVerbs tell of shares traded: "Sony shares rose".
var marketVerbs = map[string]bool{
	"rose": true, "fell": true, "closed": true, "gained": true, "dropped": true, "jumped": true,
	"slipped": true, "climbed": true, "tumbled": true, "surged": true, "slid": true, "sank": true,
	"soared": true, "plunged": true, "edged": true, "were": true, "are": true, "traded": true,
	"rise": true, "fall": true, "have": true, "had": true, "ended": true, "lost": true, "added": true,
}

// companyAt reports whether the name of tokens [i, j) of f, which reads
// like a person's ("Goldman Sachs", "Deutsche Telekom"), is a company
// where it stands: it is traded there, or analysts work at it ("analysts
// at Goldman Sachs", "at Goldman Sachs and Merrill Lynch").
func companyAt(f *field, i, j int) bool {
	toks := f.toks
	if tradedAt(f, i, j) || i > 1 && toks[i-1].key == "at" && analystBefore(f, i-1) {
		return true
	}
	if isLegalForm(toks[j-1].key) && j-i >= 2 && (toks[j-1].capital || toks[j-1].upper) &&
		!(i > 1 && nameParticles[toks[i-1].key] && toks[i-2].capital && toks[i-2].line == toks[i].line) {
		// "Deutsche Lufthansa AG said"; not the end of "Petroleos de
		// Venezuela SA".
		return true
	}
	if i > 2 && toks[i-1].key == "and" {
		p := i - 1 // the name before "and"
		for p > 0 && i-1-p < 4 && (toks[p-1].capital || toks[p-1].upper) && toks[p-1].line == toks[i].line {
			p--
		}
		return p < i-1 && p > 1 && toks[p-1].key == "at" && analystBefore(f, p-1)
	}
	return false
}

// analystBefore reports whether an analyst stands before the "at" of
// token k: "analysts at", or an analyst and her name, "analyst Dale
// Gustafson at".
func analystBefore(f *field, k int) bool {
	toks := f.toks
	p := k - 1
	for p > 0 && k-1-p < 3 && toks[p].capital && !analysts[toks[p].key] && toks[p].line == toks[k].line {
		p--
	}
	return p >= 0 && analysts[toks[p].key]
}

// analysts work at companies: "analysts at Goldman Sachs".
var analysts = map[string]bool{
	"analyst": true, "analysts": true, "economist": true, "economists": true, "strategist": true,
	"strategists": true, "trader": true, "traders": true, "dealer": true, "dealers": true,
}

// shareWords name what is traded of a company.
var shareWords = map[string]bool{"shares": true, "share": true, "stock": true, "stocks": true, "shareholders": true}

// fullName finds the first capitalised given name and surname in the
// article that end in the surname key: one or two name words, each a given
// name or no ordinary word, before it on the same line.
func (s *state) fullName(key string) (*field, int, int) {
	g := s.x.g
	var buf [16]tokAt
	for _, at := range s.capitalised(key, buf[:0]) {
		f, k := &s.fields[at.f], int(at.k)
		t := &f.toks[k]
		if f.caption || t.upper || k == 0 || f.headline[t.line] {
			continue
		}
		m := k
		for m > 0 && k-m < 2 {
			p := &f.toks[m-1]
			if p.line != t.line || !p.capital || p.upper && !strings.HasSuffix(f.text[p.start:p.end], ".") || !s.nameToken(p) || g.english.has(p.key) && !g.first.has(p.key) || p.sentence && !g.first.has(p.key) {
				break
			}
			m--
		}
		if m > 0 && vesselPrefixes[f.toks[m-1].key] {
			continue // "USS Ronald Reagan" is a ship
		}
		if m < k && (g.first.has(f.toks[m].key) || !g.english.has(f.toks[m].key)) && len(f.toks[m].key) > 1 {
			return f, m, k + 1
		}
	}
	return nil, 0, 0
}

// tokAt is where a token stands: its field's index and its own.
type tokAt struct{ f, k int32 }

// capitalised appends to buf where the capitalised word key stands in the
// article, in reading order. An article of more than indexFrom tokens is
// indexed once, when first asked, so that resolving every word left over
// stays linear in its length; a shorter one is read again, which costs
// less than the index.
func (s *state) capitalised(key string, buf []tokAt) []tokAt {
	n := 0
	for i := range s.fields {
		n += len(s.fields[i].toks)
	}
	if n > indexFrom {
		if !s.capRead {
			s.capRead = true
			for i := range s.fields {
				for k := range s.fields[i].toks {
					if t := &s.fields[i].toks[k]; t.capital && t.word() {
						s.capAt[t.key] = append(s.capAt[t.key], tokAt{int32(i), int32(k)})
					}
				}
			}
		}
		return append(buf, s.capAt[key]...)
	}
	for i := range s.fields {
		for k := range s.fields[i].toks {
			if t := &s.fields[i].toks[k]; t.capital && t.key == key {
				buf = append(buf, tokAt{int32(i), int32(k)})
			}
		}
	}
	return buf
}

// indexFrom is the length in tokens from which an article's capitalised
// words are indexed (capitalised): about 30 KB of text.
const indexFrom = 5000

// notPlace reports whether a single word the gazetteer knows as a place,
// not a country, is no place here: the tagger read its field and does not
// read it as a place, and neither a preposition of place before it nor an
// address around it ("Tucson, AZ", "REDSTONE ARSENAL, Alabama"), nor
// "-based" after it, makes it one. GeoNames holds many small places named
// like words of the news (Olympic, a Hong Kong town, in "Olympic torch";
// Dalai of "Dalai Lama"; "Balkan states"), and cities name teams and
// governments; the tagger reads the words around, and reads a place where
// one is meant.
func (s *state) notPlace(p *pending) bool {
	e := &s.x.g.ents[p.gn.ent]
	if !p.read || p.place || e.kind != Place || e.isCountry() {
		return false
	}
	if !e.coords && !s.x.g.english.has(p.key) && !s.x.g.first.has(p.key) {
		// A country's region (a state, a province: the gazetteer gives
		// them no coordinates) named by no ordinary word, but for a word
		// before a noun it qualifies ("the Balkan conflict", "the Shan
		// ethnic group"): "Anbar province", "the Queensland seat of
		// Oxley", "Bavaria's premier".
		toks, j := p.f.toks, p.j
		if j >= len(toks) || toks[j].line != toks[p.i].line || !toks[j].word() || toks[j].capital || toks[j].upper ||
			placeNoun(toks[j].key) || toks[j].key == "seat" || functionWords[toks[j].key] {
			return false
		}
	}
	toks, i, j := p.f.toks, p.i, p.j
	line := toks[i].line
	named := func(k int) bool {
		return k >= 0 && k < len(toks) && toks[k].line == line && toks[k].word() && (toks[k].capital || toks[k].upper)
	}
	if i > 0 {
		// "near Al Amarah", "al-Amarah": the article of a place's name;
		// not "such as Sherman tanks".
		if a := &toks[i-1]; a.line == line && arabicArticle(a.key, toks[i].key) && (a.capital && !a.sentence || toks[i].glued) {
			return false
		}
	}
	switch {
	case i > 0 && toks[i-1].line == line && placePrepositions[toks[i-1].key]:
		return false // "in Tucson"
	case i > 0 && toks[i-1].key == "the" && toks[i-1].capital && strings.HasPrefix(e.name, "The "):
		return false // "The Hague", written as the place's own name
	case i > 1 && toks[i-1].key == "of" && placeNoun(toks[i-2].key):
		return false // "the State of California", "the city of Mosul"
	case i > 1 && toks[i-1].punct == ',' && named(i-2):
		return false // "REDSTONE ARSENAL, Alabama"
	case j+1 < len(toks) && toks[j].punct == ',' && named(j+1):
		return false // "Tucson, AZ"
	case j < len(toks) && toks[j].glued && toks[j].key == "based":
		return false // "Norfolk-based"
	}
	return true
}

// placePrepositions before a word make it a place: "in Tucson".
var placePrepositions = map[string]bool{
	"in": true, "at": true, "near": true, "from": true, "outside": true, "inside": true,
	"into": true, "across": true, "around": true, "toward": true, "towards": true,
	"through": true, "throughout": true,
}

func (s *state) last() *builder {
	if len(s.order) == 0 {
		return nil
	}
	return s.lastEmitted
}

// emitGaz records a gazetteer match of tokens [i, j).
func (s *state) emitGaz(f *field, i, j int, gn *gazName, rule string) {
	e := &s.x.g.ents[gn.ent]
	if e.kind == Place && gn.mode == modeExact && s.attributive(f, j) {
		// "U.S. forces", "US-led": a country's abbreviation used as an
		// adjective is a nationality, like "Iraqi forces", not a place.
		return
	}
	s.emit(f, e.kind, e.name, gn.ent, f.toks[i].start, f.toks[j-1].end, rule, i, j)
}

// emit records a mention of the entity (kind, name).
func (s *state) emit(f *field, kind Kind, name string, ent int32, start, end int, rule string, i, j int) {
	if name == "" {
		return
	}
	b := s.entity(kind, name, ent)
	s.lastEmitted = b
	s.emitted++
	s.addMention(b, f, start, end, rule)
}

// entity returns the article's entity of that kind and name, made with no
// mention if the article has none yet.
func (s *state) entity(kind Kind, name string, ent int32) *builder {
	k := entKey{kind, norm.Key(name)}
	b := s.ents[k]
	if b == nil {
		b = &builder{e: Entity{Name: name, Kind: kind}, ent: ent}
		if ent >= 0 {
			ge := &s.x.g.ents[ent]
			b.e.Lat, b.e.Lon, b.e.HasCoords, b.e.Country = ge.lat, ge.lon, ge.coords, ge.country
			b.e.Aliases = ge.aliasList()
		}
		words := strings.Fields(k.key)
		b.words = len(words)
		b.firstKey, b.lastKey = words[0], words[len(words)-1]
		if kind == Person {
			// The surname of "Charles Q. Brown Jr." is "brown".
			for len(words) > 1 && nameSuffixes[words[len(words)-1]] {
				words = words[:len(words)-1]
			}
			b.lastKey = words[len(words)-1]
		}
		s.ents[k] = b
		s.order = append(s.order, b)
		b.sameFirst, s.byFirst[b.firstKey] = s.byFirst[b.firstKey], b
		b.sameLast, s.byLast[b.lastKey] = s.byLast[b.lastKey], b
	}
	return b
}

func (s *state) addMention(b *builder, f *field, start, end int, rule string) {
	m := Mention{Field: f.name, Start: start, End: end, Text: f.text[start:end], Rule: rule}
	switch {
	case rule == "coref" && b.e.Kind == Person && len(b.e.Mentions) > 0:
		m.Why = "surname of " + b.e.Name + " in this article"
	case rule == "acronym":
		m.Why = "acronym of " + b.e.Name + " defined in this article"
	case b.ent >= 0 && !strings.EqualFold(m.Text, b.e.Name) && norm.Key(m.Text) != norm.Key(b.e.Name):
		m.Why = "alternate name of " + b.e.Name + " in the gazetteer"
	}
	b.e.Mentions = append(b.e.Mentions, m)
	if f.caption {
		b.inCaptions++
	} else {
		b.body++
	}
}

func (s *state) result() Result {
	var r Result
	for _, b := range s.order {
		e := b.e
		e.Count = b.body
		if b.inCaptions > 0 {
			e.Count++
		}
		if e.Count == 0 {
			continue
		}
		switch e.Kind {
		case Person:
			r.People = append(r.People, e)
		case Place:
			r.Places = append(r.Places, e)
		case Organisation:
			r.Organisations = append(r.Organisations, e)
		}
	}
	sortEntities(r.People)
	sortEntities(r.Places)
	sortEntities(r.Organisations)
	return r
}

// acronymDef is one definition of an acronym in an article: the name b
// and, at start in f, the acronym in the parentheses after it: its key
// and its text as written.
type acronymDef struct {
	acr   string
	text  string
	f     *field
	start int
	b     *builder
}

// mergeAcronyms joins the organisations one acronym defines in an article:
// "Office of the Security of Defense (OSD)", a slip of the source, where
// the gazetteer reads OSD as the Office of the Secretary of Defense, or
// two names each written before "(TRF)". The names become the one the
// gazetteer knows, else the one with most mentions, the first on a tie;
// a name joins it only when the two differ in one word ("Office of
// Strategic Development (OSD)" is another body than the gazetteer's OSD).
// Two names the gazetteer knows are two bodies and stay apart. Across
// articles an acronym joins nothing here: each article is read alone.
func (s *state) mergeAcronyms() {
	for i, d := range s.defs {
		if slices.ContainsFunc(s.defs[:i], func(e acronymDef) bool { return e.acr == d.acr }) {
			continue // the group was decided at its first definition
		}
		var buf [4]*builder
		group := buf[:0]
		for _, e := range s.defs[i:] {
			if e.acr != d.acr {
				continue
			}
			for _, b := range []*builder{e.b, s.holder(e.f, e.start)} {
				if b != nil && b.e.Kind == Organisation && len(b.e.Mentions) > 0 && !slices.Contains(group, b) {
					group = append(group, b)
				}
			}
		}
		if len(group) < 2 {
			continue
		}
		into, known := group[0], 0
		for _, b := range group {
			if b.ent >= 0 {
				known++
			}
			if (b.ent >= 0) != (into.ent >= 0) {
				if b.ent >= 0 {
					into = b
				}
			} else if len(b.e.Mentions) > len(into.e.Mentions) || len(b.e.Mentions) == len(into.e.Mentions) && slices.Index(s.order, b) < slices.Index(s.order, into) {
				into = b
			}
		}
		if known > 1 {
			continue
		}
		why := "defined by the same acronym " + d.text + " as " + into.e.Name + " in this article"
		for _, b := range group {
			if b != into && oneWordApart(b.e.Name, into.e.Name) {
				joinInto(b, into, why)
			}
		}
	}
}

// oneWordApart reports whether a and b have as many words and differ in
// exactly one of them.
func oneWordApart(a, b string) bool {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) != len(wb) {
		return false
	}
	n := 0
	for i := range wa {
		if !strings.EqualFold(wa[i], wb[i]) {
			n++
		}
	}
	return n == 1
}

// holder returns the entity with a mention starting at start in f, or nil.
func (s *state) holder(f *field, start int) *builder {
	for _, b := range s.order {
		for _, m := range b.e.Mentions {
			if m.Field == f.name && m.Start == start {
				return b
			}
		}
	}
	return nil
}
