package entity

// Reading one capitalised run: splitting it into known names and the
// gaps between them, speakers and unit names.

import (
	"slices"
	"strings"
)

// segment is a gazetteer match inside a chunk.
type segment struct {
	i, j int
	gn   *gazName
}

func (s *state) isTitle(t *token) bool {
	return s.x.g.titles.has(t.key) && (t.capital || t.upper) || t.upper && memberTitles[t.key]
}

// memberTitles are a member's letters, which stand before a name as a
// title ("Labour MP Tam Dalyell", "independent MP Pauline Hanson"),
// after it as letters (postNominal: "Julian Lewis MP") and before the
// seat the member holds (seatHolder: "the MP for Hull North").
var memberTitles = map[string]bool{"mp": true, "mep": true, "msp": true, "mla": true, "td": true}

// headFirstPlaces open the names of squares, streets and palaces in
// Romance languages: "Plaza de Mayo", "Piazza del Popolo", "Praça do
// Comércio", "Palacio de la Moneda".
var headFirstPlaces = map[string]bool{
	"plaza": true, "piazza": true, "praca": true, "praça": true, "place": true, "avenida": true, "calle": true,
	"rua": true, "palacio": true, "palazzo": true, "palais": true, "puerta": true, "paseo": true, "rue": true,
}

// romanceParticles join the words of such a name: "Plaza de las Tres
// Culturas", "Piazza della Signoria".
var romanceParticles = map[string]bool{
	"de": true, "del": true, "della": true, "delle": true, "dei": true, "di": true, "du": true, "des": true,
	"do": true, "da": true, "dos": true, "das": true, "la": true, "las": true, "los": true, "le": true, "les": true,
}

// chunk reads one run of capitalised words, tokens [a, b).
func (s *state) chunk(f *field, a, b int) {
	g := s.x.g
	toks := f.toks
	headline := f.headline[toks[a].line]
	// Drop a leading "The" and, at the start of a sentence, ordinary words
	// (but the one word of a party's name, "Reform Party said", and the
	// words before a body's role, "Communist Refoundation leader").
	for a < b {
		t := &toks[a]
		if article := a+1 < b && arabicArticle(t.key, toks[a+1].key); connectors[t.key] || article {
			if article {
				// "Al-Qaida", "al-Nusra Front", "As Samawah": the article is
				// part of a known name, and of an unknown one written
				// "Al-Sinek".
				if n, _ := s.match(f, a, b, false); n > 1 || t.capital && toks[a+1].glued && toks[a+1].capital {
					break
				}
			}
			a++
			continue
		}
		if (t.sentence || headline) && !t.upper && g.english.has(t.key) && !g.first.has(t.key) && !g.titles.has(t.key) && !g.demonyms.has(t.key) && !s.courtTitle(f, a) &&
			!(peerTitles[t.key] && !headline && b == a+2) && !(headFirstPlaces[t.key] && a+1 < b && romanceParticles[toks[a+1].key]) {
			if n, _ := s.match(f, a, b, false); n == 0 && !(t.sentence && !headline && (s.unitName(f, a, b) || facilityPrefixes[t.key] && b == a+2 || s.clubPrefix(f, a, b) || s.partyOpening(f, a, b) || s.ownerBeforeRole(f, a, b))) {
				a++
				continue
			}
		}
		break
	}
	if a >= b {
		return
	}
	if b == a+1 && s.stateAbbr(f, a) {
		return
	}
	// "the Labour MP for Hull North": a member's seat is a place.
	for k := a; !headline && k+2 < b; k++ {
		if seatHolder(toks[k].key) && toks[k+1].key == "for" && seatName(f, k+2, b) {
			if k > a {
				s.chunk(f, a, k+1) // "Labour MP"
			}
			s.seat(f, k+2, b)
			return
		}
	}
	if !headline && a >= 2 && toks[a-1].key == "for" && seatHolder(toks[a-2].key) && toks[a-2].line == toks[a].line && seatName(f, a, b) {
		s.seat(f, a, b)
		return
	}
	// "All-American", "Pan-Arab": a prefix before a name makes a word of
	// it, not the name.
	if s.bareCompound(f, a, b) {
		return
	}
	if b == a+1 && s.bareService(f, a) {
		return
	}
	if b == a+2 && partyMembers[toks[a+1].key] && toks[a+1].upper && s.bareService(f, a) {
		return // "the Labour MP for Hull North"
	}
	// "Plaza de la Constitucion", "Piazza del Popolo", "Place de la
	// Concorde": a square or a street whose head comes first and whose
	// name follows after "de", is one place.
	if b-a >= 3 && headFirstPlaces[toks[a].key] && toks[a].capital && romanceParticles[toks[a+1].key] && !headline {
		e := a + 1
		for e < b && (romanceParticles[toks[e].key] || toks[e].capital && !connectors[toks[e].key]) {
			e++
		}
		for e > a+1 && !toks[e-1].capital {
			e-- // the name ends on a word of its own
		}
		if e > a+2 {
			s.emit(f, Place, tidy(f.text[toks[a].start:toks[e-1].end]), -1, toks[a].start, toks[e-1].end, "head-word", a, e)
			if e < b {
				s.chunk(f, e, b) // "… in Buenos Aires"
			}
			return
		}
	}
	// "407th AEG", "507th ARW": a numbered unit by its acronym.
	if b == a+2 && toks[a].number && isOrdinal(toks[a].key) && toks[a+1].upper && len(toks[a+1].key) >= 2 && !f.headline[toks[a].line] {
		s.emit(f, Organisation, s.x.canonicalOrg(tidy(f.text[toks[a].start:toks[a+1].end])), -1, toks[a].start, toks[a+1].end, "head-word", a, b)
		return
	}
	// "Hyuga-class", "Arleigh Burke-class": a ship class names no place.
	if b < len(toks) && toks[b].glued && toks[b].key == "class" {
		return
	}
	// "FALLS CHURCH, Va.", "FORWARD OPERATING BASE KALSU, Iraq": a dateline
	// in capitals names the place the story was filed from.
	if s.dateline(f, a, b) {
		return
	}
	// Ships: "USS Ronald Reagan", "aircraft carrier Ronald Reagan", and
	// "George Washington" once the article has named the USS George
	// Washington.
	// "Operation Silent Sentry": an operation's name, later alone ("the
	// Silent Sentry team"), names nothing either.
	if toks[a].key == "operation" && toks[a].capital && a+1 < b {
		s.vessels[s.keyOf(f, a+1, b)] = true
	}
	if vesselPrefixes[toks[a].key] && toks[a].upper {
		if a+1 < b {
			s.vessels[s.keyOf(f, a+1, b)] = true
		}
		return
	}
	if len(s.vessels) > 0 && s.vessels[s.keyOf(f, a, b)] {
		return
	}
	if a > 0 && toks[a-1].word() && vesselNouns[toks[a-1].key] {
		if n, gn := s.match(f, a, b, false); n != b-a || g.ents[gn.ent].kind == Person {
			return
		}
	}
	var segs []segment
	var segBuf [8]segment
	segs = segBuf[:0]
	for i := a; i < b; {
		if n, gn := s.match(f, i, b, false); n > 0 {
			segs = append(segs, segment{i, i + n, gn})
			i += n
			continue
		}
		i++
	}
	if !headline && s.partOf(f, a, b, segs) {
		return
	}
	// "Joint All-Domain Command and Control" is a capability, not a
	// command; the names before it are still read ("Army Command and
	// Control" names the Army).
	if b-a >= 4 && toks[b-1].key == "control" && toks[b-2].key == "and" && toks[b-3].key == "command" {
		s.chunk(f, a, b-3)
		return
	}
	// "York Space Systems and Lockheed Martin", "Tel Tamer in Hasaka": an
	// "and", "in", "at" or "on" outside any known name joins two names.
	for k := a + 1; k < b-1; k++ {
		if toks[k].key != "and" && toks[k].key != "&" && toks[k].key != "in" && toks[k].key != "at" && toks[k].key != "on" {
			continue
		}
		inside := false
		for _, sg := range segs {
			if k >= sg.i && k < sg.j {
				inside = true
			}
		}
		// "State Board of Antiquities and Heritage", "Program Executive
		// Office for Missiles and Space": after a head word and "of" or
		// "for", an "and" is inside the name.
		if !inside && toks[k].key == "on" && inquiryHeads[toks[k-1].key] && !inSegs(k-1, segs) {
			// "the Independent International Commission on
			// Decommissioning", "the Conference on Disarmament".
			inside = true
		}
		if !inside && toks[k].key != "in" && toks[k].key != "at" && toks[k].key != "on" && !s.knownFrom(f, k+1, b, segs) {
			// Not before "the" and another body's head ("the American
			// Society of Civil Engineers and the University of
			// California"; but "the Ministry for the Propagation of Virtue
			// and the Prevention of Vice").
			if h := s.headOf(f, a, k); h >= 0 && !inSegs(h, segs) && !(toks[k+1].key == "the" && k+2 < b && s.headOf(f, k+2, b) >= 0) {
				inside = true
			}
			// "Combined Air and Space Operations Center", "Space and
			// Missile Defense Command": words that name nothing before
			// "and" and a name ending in a head word after it; not before
			// "the", which opens another name ("Liberty and the Stop the
			// War Coalition").
			if (toks[k].key == "and" || toks[k].key == "&") && toks[k+1].key != "the" && g.heads.has(toks[b-1].key) && !memberHeads[toks[b-1].key] && b-k > 2 && !s.hasOf(f, k+1, b) {
				if s.bareWords(f, a, k, segs) {
					inside = true
				} else if p := s.orgBefore(a, k, segs); p > a && s.bareWords(f, p, k, segs) {
					// "U.S. Air Forces Central Command Combined Air and
					// Space Operations Center": a known organisation and the
					// full name of its part, two names.
					s.chunk(f, a, p)
					s.chunk(f, p, b)
					return
				}
			}
		}
		if !inside {
			if toks[k].key == "and" && !headline {
				s.pair(f, a, k, b)
				return
			}
			s.chunk(f, a, k)
			s.chunk(f, k+1, b)
			return
		}
	}
	// "Nicholas Blake QC": letters after a person's name are no part of it.
	if b-a >= 3 && postNominal(&toks[b-1]) && toks[b-2].capital && !toks[b-2].upper {
		s.chunk(f, a, b-1)
		return
	}
	// "Nawaz Sharif of the Pakistan Muslim League": a person the gazetteer
	// knows in full, then "of", is someone of a body or a place, not the
	// first words of its name.
	if len(segs) > 0 && segs[0].i == a && segs[0].j-a >= 2 && segs[0].j+1 < b && toks[segs[0].j].key == "of" && g.ents[segs[0].gn.ent].kind == Person {
		s.emitGaz(f, a, segs[0].j, segs[0].gn, "gazetteer")
		k := segs[0].j + 1
		if toks[k].key == "the" {
			k++
		}
		if k < b {
			s.chunk(f, k, b)
		}
		return
	}
	// "Japan Coast Guard", "Vermont Air National Guard": a generic name
	// after a place or nationality word names that place's own body.
	for k, sg := range segs {
		if !sg.gn.generic || sg.i == a || g.ents[sg.gn.ent].kind != Organisation {
			continue
		}
		if sg.j < b && (facilityHeads[toks[sg.j].key] || g.heads.has(toks[sg.j].key)) {
			continue // "Cape Canaveral Space Force Station" is a place
		}
		start := -1
		if k > 0 && segs[k-1].j == sg.i {
			if p := &g.ents[segs[k-1].gn.ent]; p.kind == Place && !(p.nation && p.country == g.ents[sg.gn.ent].country) {
				start = segs[k-1].i
			}
		} else {
			// A nationality word or unknown words: "Philippine Coast Guard",
			// "Hellenic Coast Guard".
			for p := sg.i - 1; p >= a && (k == 0 || p >= segs[k-1].j); p-- {
				t := &toks[p]
				if !t.capital || t.upper || connectors[t.key] || g.titles.has(t.key) || g.heads.has(t.key) || t.sentence && g.english.has(t.key) {
					break
				}
				start = p
			}
		}
		if start < 0 {
			continue
		}
		if start > a {
			s.chunk(f, a, start)
		}
		text := tidy(f.text[toks[start].start:toks[sg.j-1].end])
		s.emit(f, Organisation, s.x.canonicalOrg(text), -1, toks[start].start, toks[sg.j-1].end, "head-word", start, sg.j)
		if sg.j < b {
			s.chunk(f, sg.j, b)
		} else {
			s.acronymAfter(f, b, s.last())
		}
		return
	}
	if !headline && (s.sideBeforeRole(f, a, b, segs) || s.groundBefore(f, a, b, segs) || s.nicknameSide(f, a, b, segs) || s.bodyBeforeRole(f, a, b, segs)) {
		return
	}
	// The whole chunk is one known name. One word may be the surname of
	// someone named in full elsewhere in the article ("Davis", "Assad").
	if len(segs) == 1 && segs[0].i == a && segs[0].j == b && b-a == 1 && toks[a].capital && !toks[a].upper && !s.acronymFollows(f, b) {
		t := &toks[a]
		s.pend = append(s.pend, pending{f: f, i: a, j: b, key: t.key, headline: headline, start: t.start, end: t.end, gn: segs[0].gn})
		return
	}
	if len(segs) == 1 && segs[0].i == a && segs[0].j == b {
		s.emitGaz(f, a, b, segs[0].gn, "gazetteer")
		s.acronymAfter(f, b, s.last())
		return
	}
	if k := s.twoBodies(f, a, b, segs); k > 0 {
		s.chunk(f, a, k)
		s.chunk(f, k+2, b)
		return
	}
	// "Sailors and Marines of Nimitz Strike Group": an ordinary plural
	// before "of" describes members, not the name.
	if a+2 < b && toks[a+1].key == "of" && g.english.has(toks[a].key) && (!g.heads.has(toks[a].key) || memberHeads[toks[a].key]) && !g.titles.has(toks[a].key) {
		s.chunk(f, a+2, b)
		return
	}
	// "Ottawa Convention", "Manama Dialogue": treaties and events are not
	// entities, nor the places that name them.
	if eventHeads[toks[b-1].key] {
		// ... but the organisation that holds one is named ("G7 Ise-Shima
		// Summit", "NATO summit").
		for _, sg := range segs {
			if g.ents[sg.gn.ent].kind == Organisation {
				s.emitGaz(f, sg.i, sg.j, sg.gn, "gazetteer")
			}
		}
		return
	}
	allUpper := upper(toks[a:b])
	if allUpper && s.speaker(f, a, b) {
		return
	}
	// Rules read names in mixed case only: a run in capitals is a heading
	// or a dateline.
	headline = headline || allUpper
	if s.companyForm(f, a, b, segs) {
		return
	}
	if s.newspaper(f, a, b, segs) {
		return
	}
	if !headline && s.person(f, a, b, segs) {
		return
	}
	if !headline && s.club(f, a, b, segs) {
		return
	}
	if !headline && s.headWordOrg(f, a, b, segs) {
		return
	}
	// "the human rights group Liberty", "the rights group Public Interest
	// Lawyers": words no list knows, ordinary or not, after a body's noun
	// name that body; so do unknown names before one ("the Zajedno
	// coalition").
	c := a
	if b-a >= 2 && s.x.g.demonyms.has(toks[a].key) {
		c = a + 1 // "the Spanish ONCE team": the nationality is no part of the name
	}
	if !headline && len(segs) == 0 && s.namedBody(f, c, b) {
		s.emit(f, Organisation, s.x.canonicalOrg(tidy(f.text[toks[c].start:toks[b-1].end])), -1, toks[c].start, toks[b-1].end, "apposition", c, b)
		s.acronymAfter(f, b, s.last())
		return
	}
	// Known names inside, and what is left.
	i := a
	for k, sg := range segs {
		if i < sg.i {
			s.gap(f, i, sg.i, a, b, headline)
		}
		if sg.j-sg.i == 1 && (s.unknownNeighbour(f, sg, a, b, k, segs) || g.ents[sg.gn.ent].kind == Person && sg.i > a && toks[sg.i].glued) {
			// "Jordan Smith": a one-word name beside an unknown capitalised
			// word is part of a longer unknown name.
			s.gap(f, sg.i, sg.j, a, b, headline)
		} else if sg.j-sg.i == 1 && f.toks[sg.i].capital && !f.toks[sg.i].upper && g.ents[sg.gn.ent].kind != Person && (sg.j == b || !g.heads.has(f.toks[sg.j].key)) {
			// "Davis said": a surname of someone named in full wins over a
			// town of that name; decided once the whole article is read.
			t := &f.toks[sg.i]
			s.pend = append(s.pend, pending{f: f, i: sg.i, j: sg.j, key: t.key, headline: headline, start: t.start, end: t.end, gn: sg.gn})
		} else {
			s.emitGaz(f, sg.i, sg.j, sg.gn, "gazetteer")
			if sg.j == b {
				s.acronymAfter(f, b, s.last())
			}
		}
		i = sg.j
	}
	if i < b {
		s.gap(f, i, b, a, b, headline)
	}
}

// pair reads the two names of the run [a, b) that "and" at token k joins,
// and where a rule makes one of them a person and nothing reads the
// other, a name of a person's shape, the other is one too: "Vuk Draskovic
// and Zoran Djindjic" (the given name "Zoran" is known, "Vuk" is not).
func (s *state) pair(f *field, a, k, b int) {
	n0 := s.emitted
	s.chunk(f, a, k)
	left, n1 := s.lastEmitted, s.emitted
	s.chunk(f, k+1, b)
	right, n2 := s.lastEmitted, s.emitted
	// The one name each side reads, standing next to "and": not a name
	// further on ("Zubar Khotal and Iran and President Hassan Rouhani").
	person := func(e *builder, i, j int) bool {
		if e == nil || e.e.Kind != Person {
			return false
		}
		m := &e.e.Mentions[len(e.e.Mentions)-1]
		return m.Field == f.name && m.Start == f.toks[i].start && m.End <= f.toks[j-1].end
	}
	switch {
	case n1 == n0 && n2 == n1+1 && person(right, k+1, b):
		s.personShaped(f, a, k)
	case n2 == n1 && n1 == n0+1 && person(left, a, k):
		s.personShaped(f, k+1, b)
	}
}

// personShaped emits [i, j) as a person's name when it has the shape of
// one: two or three capitalised words, none an ordinary word (but a given
// name), a head, a title, a nationality or a word of a date, and no name
// the gazetteer knows in it. Where it is the last words of a person the
// article names in full ("Sanchez Vicario and Martina Hingis"), resolve
// joins it to that person.
func (s *state) personShaped(f *field, i, j int) {
	g, toks := s.x.g, f.toks
	if j-i < 2 || j-i > 3 || i > 0 && placePrepositions[toks[i-1].key] {
		return // "Troops moved from Zubar Khotal and Gen. John Smith": a place
	}
	for k := i; k < j; k++ {
		t := &toks[k]
		if !t.capital || t.upper || t.number || !t.word() || g.english.has(t.key) && !g.first.has(t.key) || g.heads.has(t.key) ||
			s.isTitle(t) || g.demonyms.has(t.key) || g.notNames.has(t.key) {
			return
		}
		if n, _ := s.match(f, k, j, false); n > 0 {
			return
		}
	}
	start, end := toks[i].start, s.nameEnd(f, j)
	s.emit(f, Person, s.x.canonicalPerson(f.text[start:end]), -1, start, end, "coordination", i, j)
}

// twoBodies returns the "and" of "A and the B" in the run [a, b) when it
// joins two bodies, else 0: A names a body by a head word, and B ends in
// one or is a name the gazetteer knows ("the Court of Appeal and the
// Supreme Court"). A known name that holds "and the" stays whole ("the
// Ministry for the Propagation of Virtue and the Prevention of Vice").
func (s *state) twoBodies(f *field, a, b int, segs []segment) int {
	g := s.x.g
	toks := f.toks
	for k, head := a+1, g.heads.has(toks[a].key); k+2 < b; k++ {
		if head && toks[k].key == "and" && toks[k+1].key == "the" && toks[k+2].capital && !inSegs(k, segs) {
			if g.heads.has(toks[b-1].key) || slices.ContainsFunc(segs, func(sg segment) bool { return sg.i == k+2 && sg.j == b }) {
				return k
			}
			return 0
		}
		head = head || g.heads.has(toks[k].key)
	}
	return 0
}

// speaker reads a transcript's speaker label in capitals, a title and a
// surname at the start of a line before a colon ("MR KIRBY:", "SECRETARY
// CARTER:"), as that person, and reports whether it did.
func (s *state) speaker(f *field, a, b int) bool {
	toks := f.toks
	if b-a < 2 || b-a > 4 || b >= len(toks) || toks[b].punct != ':' || toks[b].line != toks[a].line || a > 0 && toks[a-1].line == toks[a].line {
		return false
	}
	if !s.x.g.titles.has(toks[a].key) {
		return false
	}
	n := a + 1
	for n < b && s.x.g.titles.has(toks[n].key) {
		n++
	}
	if n != b-1 || s.x.g.english.has(toks[n].key) || s.x.g.notNames.has(toks[n].key) || len(toks[n].key) < 3 {
		return false // "MR" alone, "GENERAL COUNSEL:"
	}
	t := &toks[n]
	s.pend = append(s.pend, pending{f: f, i: n, j: b, key: t.key, titled: true, caps: true, start: t.start, end: t.end})
	return true
}

// unitName reports whether the run [a, b), at the start of a sentence,
// reads as an organisation's name from its first word: three words or more
// ending in a head word (and a number), the first a noun, not a word like
// "When" or "Several" ("Carrier Air Wing 5", "Naval Supply Systems
// Command").
func (s *state) unitName(f *field, a, b int) bool {
	toks := f.toks
	last := b - 1
	for last > a && toks[last].number {
		last--
	}
	if last-a < 2 || !s.x.g.heads.has(toks[last].key) {
		return false
	}
	k := toks[a].key
	return !functionWords[k] && !prepositions[k] && !quantifiers[k] && !connectors[k] && !strings.HasSuffix(k, "ly") && !strings.HasSuffix(k, "s")
}

// bareCompound reports whether the run [a, b) is a word made of a
// capitalised prefix hyphened to a name and nothing more ("All-American",
// "All-America", "Pan-Arab"; "-American" alone where "All" opened no run).
// In lower case, or opening a sentence, the prefix only qualifies the
// name, which still names its entity ("anti-Taliban forces", "Pro-Moscow
// rebels said"); a longer run is a name of its own ("Trans-Pacific
// Partnership", "All-Russia People's Front").
func (s *state) bareCompound(f *field, a, b int) bool {
	toks := f.toks
	switch {
	case b == a+2 && namePrefixes[toks[a].key] && toks[a].capital && !toks[a].sentence && toks[a+1].glued:
		n, _ := s.match(f, a, b, false)
		return n == 0 // "Non-Aligned" may be known
	case b == a+1 && toks[a].glued && a > 0 && namePrefixes[toks[a-1].key] && toks[a-1].capital && !toks[a-1].sentence:
		return true
	}
	return false
}

// prefixed reports whether the run [a, b) opens with a word made with a
// prefix, in any case: "All-Star", "Pro-Bowl" (or "-Star" where "All"
// opened no run).
func prefixed(toks []token, a, b int) bool {
	return a+1 < b && namePrefixes[toks[a].key] && toks[a+1].glued || toks[a].glued && a > 0 && namePrefixes[toks[a-1].key]
}

// namePrefixes make an adjective or another word of the name they are
// hyphened to: "All-America", "Pan-Arab", "Anti-American".
var namePrefixes = map[string]bool{
	"all": true, "pan": true, "anti": true, "pro": true, "trans": true, "non": true,
	"post": true, "pre": true, "neo": true, "ex": true,
}

// namedBody reports whether the run [a, b), of words no list knows, is a
// body a noun beside it names (bodyBefore, bodyNounAfter): not a surname
// of the article's people, a given name, a title, a nationality or a word
// of a date.
func (s *state) namedBody(f *field, a, b int) bool {
	g, t := s.x.g, &f.toks[a]
	if b == a+1 && s.surnameOf(t.key) || g.first.has(t.key) || g.given.has(t.key) {
		return false
	}
	return bodyBefore(f, a) && !g.notNames.has(t.key) && !s.isTitle(t) && !g.demonyms.has(strings.TrimSuffix(t.key, "s")) || s.bodyNounAfter(f, a, b)
}

// surnameOf reports whether key is the surname of a person the article
// named: "the carrier group Smith commands" after "Gen. John Smith".
func (s *state) surnameOf(key string) bool {
	for e := s.byLast[key]; e != nil; e = e.sameLast {
		if e.e.Kind == Person {
			return true
		}
	}
	return false
}

// seat emits [a, b), the seat a member holds, as a place: the gazetteer's
// when it knows the whole ("the MP for Sedgefield"), else as written
// ("Hull North"); a known name of another kind opening it is read as the
// rest of a run is.
func (s *state) seat(f *field, a, b int) {
	toks := f.toks
	switch n, gn := s.match(f, a, b, false); {
	case n == b-a && s.x.g.ents[gn.ent].kind == Place:
		s.emitGaz(f, a, b, gn, "place-cue")
	case n == 0 || s.x.g.ents[gn.ent].kind == Place:
		s.emit(f, Place, tidy(f.text[toks[a].start:toks[b-1].end]), -1, toks[a].start, toks[b-1].end, "place-cue", a, b)
	default:
		s.chunk(f, a, b)
	}
}

// seatName reports whether [a, b) may name a seat: one to four
// capitalised words and nothing between them ("Hull North"; not "Member
// for Life of the Society").
func seatName(f *field, a, b int) bool {
	if b-a > 4 {
		return false
	}
	for k := a; k < b; k++ {
		if t := &f.toks[k]; !t.capital || t.upper || t.number {
			return false
		}
	}
	return true
}

// seatHolder reports whether key holds a seat named after "for": "the
// MP for Hull North", "the member for Sedgefield".
func seatHolder(key string) bool { return memberTitles[key] || key == "member" }

// inquiryHeads are the heads of bodies named for what they study or
// settle, with "on": "Commission on Human Rights", "Council on Foreign
// Relations".
var inquiryHeads = map[string]bool{
	"commission": true, "committee": true, "conference": true, "council": true, "panel": true,
	"convention": true, "forum": true, "institute": true, "center": true, "centre": true,
}

// memberHeads are plural heads that after a known organisation name its
// parts, not another organisation ("Iraqi Army Brigades").
var memberHeads = map[string]bool{"forces": true, "brigades": true, "marines": true, "troops": true, "units": true, "guards": true}

// quantifiers open noun phrases without naming anything ("Several Army
// Units").
var quantifiers = map[string]bool{
	"several": true, "many": true, "some": true, "all": true, "both": true, "most": true,
	"few": true, "other": true, "another": true, "each": true, "every": true, "any": true,
	"no": true, "two": true, "three": true, "four": true, "five": true, "when": true,
	"where": true, "what": true, "how": true, "why": true, "once": true, "our": true,
	"your": true, "their": true, "his": true, "her": true, "its": true, "my": true,
	"during": true, "despite": true, "because": true, "although": true, "if": true,
	"unlike": true, "like": true, "until": true, "following": true, "including": true,
	"current": true, "former": true, "new": true, "local": true, "senior": true,
	"a": true, "an": true, "the": true, "this": true, "that": true, "these": true, "those": true,
}

// unknownNeighbour reports whether segment k has an unknown capitalised
// word right beside it that could be part of the same name.
func (s *state) unknownNeighbour(f *field, sg segment, a, b, k int, segs []segment) bool {
	g := s.x.g
	check := func(i int) bool {
		t := &f.toks[i]
		if connectors[t.key] || t.upper || t.number || g.titles.has(t.key) || g.heads.has(t.key) || g.demonyms.has(t.key) || g.english.has(t.key) {
			return false
		}
		for _, o := range segs {
			if i >= o.i && i < o.j {
				return false
			}
		}
		return true
	}
	return (sg.i > a && check(sg.i-1)) || (sg.j < b && check(sg.j))
}

// upper reports whether the words of toks are in capitals; connectors
// may be in any case ("BANK of ENGLAND").
func upper(toks []token) bool {
	for k := range toks {
		if !toks[k].upper && !connectors[toks[k].key] {
			return false
		}
	}
	return true
}

// nameToken reports whether token i may be part of a person's name.
func (s *state) nameToken(t *token) bool {
	g := s.x.g
	if !t.capital && !nameParticles[t.key] {
		return t.glued && gluedParticles[t.key] // "Inzamam-ul-Haq"
	}
	if t.upper && !strings.HasSuffix(t.key, ".") && len(t.key) > 1 && !nameSuffixes[t.key] {
		return t.initial() // other capitals are acronyms
	}
	if t.glued && t.capital && !t.upper {
		return true // "al-Kuwaiti"
	}
	if g.titles.has(t.key) || g.heads.has(t.key) || g.demonyms.has(t.key) || g.notNames.has(t.key) || t.number {
		return false
	}
	return true
}
