package entity

// Rules for organisations the gazetteer does not know: head words, products,
// the words before and after a head.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// headWordOrg reads [a, b) as an organisation named by its head word
// ("Rapid Support Forces", "Space Development Agency").
func (s *state) headWordOrg(f *field, a, b int, segs []segment) bool {
	g := s.x.g
	toks := f.toks
	if b-a < 2 || s.isTitle(&toks[a]) {
		return false
	}
	last := b - 1
	for last > a && toks[last].number {
		last--
	}
	head := toks[last].key
	// "Army Contracting Command-Redstone Arsenal": a known organisation's
	// office at a place is the organisation.
	if len(segs) > 0 && segs[0].i == a && segs[0].j < b && toks[segs[0].j].glued && g.ents[segs[0].gn.ent].kind == Organisation && facilityHeads[head] {
		s.emitGaz(f, a, segs[0].j, segs[0].gn, "gazetteer")
		return true
	}
	// "Fort Carson", "Camp Lemonnier": an installation named by its
	// prefix, also at the start of a sentence.
	// "Bulford Camp", "Catterick Camp": a camp after a name, not after an
	// ordinary word ("Boot Camp").
	campAfter := head == "camp" && last == b-1 && b == a+2 && toks[a].capital && !toks[a].upper && !g.english.has(toks[a].key)
	if facilityHeads[head] && last == b-1 || campAfter || b == a+2 && facilityPrefixes[toks[a].key] && toks[a].capital && toks[a+1].capital && !toks[a+1].number {
		text := f.text[toks[a].start:toks[b-1].end]
		if n, gn := s.match(f, a, b, false); n == b-a {
			s.emitGaz(f, a, b, gn, "gazetteer")
		} else {
			s.emit(f, Place, s.x.Canonical(Place, text), -1, toks[a].start, toks[b-1].end, "head-word", a, b)
		}
		return true
	}
	if !g.heads.has(head) && !(last > a && g.heads.has(toks[last-1].key+" "+head)) {
		if placeHeads[head] && last > a {
			return s.placeHead(f, a, b, last, segs)
		}
		// "Iraqi Ministry of Culture", "Office of Foreign Assets Control":
		// a head word followed by "of" or "for" and the name of what it
		// serves.
		h := s.headOf(f, a, b)
		if h < 0 {
			return false
		}
		for _, sg := range segs {
			if sg.i <= h && h < sg.j || sg.i == a && sg.j > h {
				return false // "Government of Iraq" is known
			}
			if (toks[h].key == "federation" || toks[h].key == "confederation") && sg.i == h+2 && sg.j == b && g.ents[sg.gn.ent].kind == Place {
				return false // "the Federation of Bosnia and Herzegovina" is a land
			}
		}
		text := f.text[toks[a].start:toks[b-1].end]
		s.emit(f, Organisation, s.x.canonicalOrg(text), -1, toks[a].start, toks[b-1].end, "head-word", a, b)
		s.acronymAfter(f, b, s.last())
		return true
	}
	// "the 2nd Royal Tank Regiment": a numbered unit of a known one is a
	// unit of its own.
	if len(segs) == 1 && segs[0].i == a+1 && segs[0].j == b && last == b-1 && toks[a].number && isOrdinal(toks[a].key) &&
		cardinalUnits[head] && g.ents[segs[0].gn.ent].kind == Organisation {
		s.emit(f, Organisation, s.x.canonicalOrg(tidy(f.text[toks[a].start:toks[b-1].end])), -1, toks[a].start, toks[b-1].end, "head-word", a, b)
		s.acronymAfter(f, b, s.last())
		return true
	}
	for _, sg := range segs {
		if sg.j > last {
			return false // the head is part of a known name ("U.S. Army")
		}
	}
	// "TOW Weapon Systems", "Unmanned Aircraft Systems": a product, not
	// its maker. The known names inside are still named ("Raytheon TOW
	// Weapon System").
	if last == b-1 && s.product(f, a, b, segs) {
		for _, sg := range segs {
			s.emitGaz(f, sg.i, sg.j, sg.gn, "gazetteer")
		}
		return true
	}
	// "Small Group", "War Council", "Arab Army": one ordinary or
	// nationality word before the head is a description, not a name.
	mods := 0
	distinct := false
	for i := a; i < last; i++ {
		t := &toks[i]
		if connectors[t.key] || i == last-1 && !inSegs(i, segs) && (g.heads.has(t.key) || g.heads.has(t.key+" "+head)) {
			continue // "Air" of "Air Force" is the head's
		}
		mods++
		if t.number || !g.english.has(t.key) && !g.demonyms.has(t.key) || t.upper && romanNumeral(f.text[t.start:t.end]) ||
			spelledOrdinals[t.key] && (cardinalUnits[head] || formationHeads[head] || head == "force" && toks[last-1].key == "air") {
			// "VI Corps", "IV Corps": numbered in Roman numerals; "Eighth
			// Air Force", "First Army": in words.
			distinct = true
		}
		for _, sg := range segs {
			if sg.i <= i && i < sg.j && g.ents[sg.gn.ent].kind != Person && !memberHeads[head] {
				// "U.S. Embassy", "Syria Recovery Trust Fund", "Space
				// Force Association"; but "Iraqi Army Brigades" are the
				// Iraqi Army's.
				distinct = true
			}
		}
	}
	if mods == 1 && last == a+1 && (head == "department" || head == "ministry") && stateModifiers[toks[a].key] && toks[a].capital {
		// "a Labor Department report", "the Interior Ministry": a
		// portfolio names its department.
		distinct = true
	}
	if !distinct && mods < 2 && last == b-1 && (!legalForms[head] || a > 0 && (toks[a-1].punct == 's' || toks[a-1].punct == '\'')) &&
		!(head == "party" && mods == 1 && toks[a].capital && !g.demonyms.has(toks[a].key) && !partyDescriptions[toks[a].key] && !s.cutFromName(f, a)) {
		// But "Acme Corp", "Oracle Inc": a registered company ("Kevin's
		// Music LLC" is Kevin's, "Dunkin' Donuts Inc." Dunkin's); "Reform
		// Party", "Green Party": a party's one word is its name.
		return false
	}
	// "Iraqi Army Brigades" are the Iraqi Army's.
	if memberHeads[head] && len(segs) > 0 && segs[len(segs)-1].j == last && g.ents[segs[len(segs)-1].gn.ent].kind == Organisation {
		return false
	}
	text := f.text[toks[a].start:toks[b-1].end]
	if head == "brigades" && last == b-1 && toks[a].number && isOrdinal(toks[a].key) {
		// "the 101st and 82nd Combat Aviation Brigades": each is a
		// brigade.
		text = strings.TrimSuffix(tidy(text), "s")
	}
	name := s.x.canonicalOrg(text)
	s.emit(f, Organisation, name, -1, toks[a].start, toks[b-1].end, "head-word", a, b)
	s.acronymAfter(f, b, s.last())
	return true
}

// spelledOrdinals number formations in words: "Eighth Air Force".
var spelledOrdinals = map[string]bool{
	"first": true, "second": true, "third": true, "fourth": true, "fifth": true, "sixth": true,
	"seventh": true, "eighth": true, "ninth": true, "tenth": true, "eleventh": true, "twelfth": true,
	"thirteenth": true, "fourteenth": true, "fifteenth": true, "sixteenth": true, "seventeenth": true,
	"eighteenth": true, "nineteenth": true, "twentieth": true,
}

// formationHeads are the heads of the largest formations, numbered like
// units: "Sixth Fleet", "Third Army"; and "Air Force" ("Eighth Air
// Force"), not any force ("A Third Force emerged").
var formationHeads = map[string]bool{"fleet": true, "army": true, "corps": true}

// partyDescriptions describe a party rather than name it: "the Ruling
// Party", "Third Party candidates", "Search Party".
var partyDescriptions = map[string]bool{
	"ruling": true, "governing": true, "opposition": true, "third": true, "search": true,
	"main": true, "rival": true, "other": true, "new": true, "coalition": true, "junior": true,
	"senior": true, "largest": true, "biggest": true, "smaller": true, "dinner": true, "birthday": true,
}

// partyRoles are the people of a party written after its name.
var partyRoles = map[string]bool{
	"candidate": true, "candidates": true, "leader": true, "leaders": true, "chairman": true,
	"chairwoman": true, "spokesman": true, "spokeswoman": true, "founder": true, "nominee": true,
	"lawmaker": true, "lawmakers": true, "deputy": true, "secretary": true, "official": true,
	"officials": true, "member": true, "members": true, "activists": true, "supporters": true,
}

// partyOpening reports whether a sentence opens with a party's one word
// and "Party" before its people: "Reform Party candidate Ross Perot",
// "Democratic Party officials say"; not "Ruling Party officials",
// "Search Party found".
func (s *state) partyOpening(f *field, a, b int) bool {
	toks := f.toks
	return b == a+2 && toks[a+1].key == "party" && !partyDescriptions[toks[a].key] && b < len(toks) && partyRoles[toks[b].key] && !toks[b].capital
}

// cutFromName reports whether the run from token a follows a connector
// or a possessive after a capitalised word, on its line: the end of a
// longer name ("Union Solidarity and Development Party", "People's Power
// Party").
func (s *state) cutFromName(f *field, a int) bool {
	toks := f.toks
	if a < 2 || toks[a-2].line != toks[a].line || !toks[a-2].capital && !toks[a-2].upper {
		return false
	}
	p := &toks[a-1]
	if p.punct == 's' || p.punct == '\'' {
		// "People's Power Party"; but a country's possessive owns the
		// party, "Turkey's Welfare Party".
		return s.x.lookup(Place, toks[a-2].key) == nil
	}
	return p.key == "and" || p.key == "&" || p.key == "of"
}

// bodyBeforeRole reads the run [a, b) of unknown words before the role of
// one of a body's people and that person's name as the body: "Communist
// Refoundation leader Fausto Bertinotti", "Herri Batasuna spokesman Jon
// Idigoras" (ownerBeforeRole).
func (s *state) bodyBeforeRole(f *field, a, b int, segs []segment) bool {
	if len(segs) > 0 || !s.ownerBeforeRole(f, a, b) {
		return false
	}
	toks := f.toks
	s.emit(f, Organisation, s.x.canonicalOrg(tidy(f.text[toks[a].start:toks[b-1].end])), -1, toks[a].start, toks[b-1].end, "role-cue", a, b)
	return true
}

// ownerBeforeRole reports whether the capitalised words [a, b) name the
// body whose leader, chief or spokesman follows with his name: two words
// at least, the last no ordinary word nor a nationality's ("Bosnian Serb
// commander", "Former Haitian leader", "Chechen Separatist leader" are
// descriptions), none a nationality word, a given name ("George Bush
// spokesman Ari Fleischer"), a title or a head word.
func (s *state) ownerBeforeRole(f *field, a, b int) bool {
	toks := f.toks
	if b-a < 2 || b+1 >= len(toks) || !bodyRoles[toks[b].key] || toks[b].capital || toks[b].upper ||
		!toks[b+1].capital || toks[b+1].line != toks[a].line || toks[b].line != toks[a].line {
		return false
	}
	g := s.x.g
	for k := a; k < b; k++ {
		t := &toks[k]
		if !t.word() || t.number || t.upper || g.first.has(t.key) || g.given.has(t.key) || s.isTitle(t) || g.heads.has(t.key) ||
			g.demonyms.has(t.key) || g.demonyms.has(strings.TrimSuffix(t.key, "s")) || nationalityShaped(t.key) {
			return false
		}
	}
	return !g.english.has(toks[b-1].key)
}

// nationalityShaped reports whether a word ends like the adjective of a
// nation or a people the demonyms do not list ("Bosnian", "Haitian",
// "Sudanese", "Kurdish"; those in -i, "Iraqi", they list).
func nationalityShaped(key string) bool {
	for _, suffix := range []string{"an", "ese", "ish"} {
		if strings.HasSuffix(key, suffix) {
			return true
		}
	}
	return false
}

// bodyRoles are the roles of a body's people that name the body before
// them.
var bodyRoles = map[string]bool{
	"leader": true, "leaders": true, "chief": true, "chairman": true, "chairwoman": true,
	"spokesman": true, "spokeswoman": true, "spokesperson": true, "commander": true, "founder": true,
}

// clubPrefixes open the names of sports clubs before the name of their
// town ("Real Madrid", "FC Basel", "Dynamo Kiev"); clubSuffixes close
// them after it ("Sunderland A.F.C.", "Manchester United", "Blackburn
// Rovers").
var (
	clubPrefixes = map[string]bool{
		"fc": true, "ac": true, "real": true, "atletico": true, "dynamo": true,
		"dinamo": true, "spartak": true, "lokomotiv": true, "cska": true, "sporting": true,
		"olympique": true, "borussia": true, "partizan": true, "inter": true, "hertha": true,
		"werder": true, "bayer": true, "bayern": true, "steaua": true, "slavia": true,
		"deportivo": true, "racing": true, "ajax": true, "rapid": true, "sparta": true, "torpedo": true,
		"legia": true, "hajduk": true, "zenit": true, "hansa": true, "fortuna": true, "eintracht": true,
		"vfb": true, "vfl": true, "psv": true, "standard": true, "sturm": true, "slovan": true,
		"maccabi": true, "hapoel": true, "beitar": true, "athletic": true, "celta": true,
	}
	clubSuffixes = map[string]bool{
		"fc": true, "afc": true, "united": true, "rovers": true, "wanderers": true,
		"hotspur": true, "albion": true, "athletic": true,
	}
)

// club reports whether [a, b) is a sports club named by its town and a
// word of clubs, and if so emits it: the town inside is no place the
// article is about.
func (s *state) club(f *field, a, b int, segs []segment) bool {
	if b-a < 2 || !s.clubPrefix(f, a, b) && !s.clubSuffix(f, a, b, segs) && !s.teamName(f, a, b, segs) {
		return false
	}
	s.emitClub(f, a, b)
	return true
}

// emitClub emits the run [a, b) as a club.
func (s *state) emitClub(f *field, a, b int) {
	toks := f.toks
	s.emit(f, Organisation, s.x.canonicalOrg(tidy(f.text[toks[a].start:toks[b-1].end])), -1, toks[a].start, toks[b-1].end, "club", a, b)
}

// nameWord reports whether t may be a word of a club's or a ground's name
// the gazetteer does not know: capitalised, not in capitals, and no head
// word, title, nationality word or word that is never a name.
func (s *state) nameWord(t *token) bool {
	g := s.x.g
	return t.capital && !t.upper && !g.heads.has(t.key) && !s.isTitle(t) && !g.demonyms.has(t.key) && !g.notNames.has(t.key)
}

// teamRoles are the roles of a club's people that sports desks write
// between the club and the name: "Juventus coach Marcello Lippi",
// "Ajax striker Patrick Kluivert".
var teamRoles = map[string]bool{
	"coach": true, "manager": true, "striker": true, "midfielder": true, "goalkeeper": true,
	"defender": true, "keeper": true, "forward": true, "winger": true, "captain": true,
	"skipper": true, "playmaker": true, "quarterback": true, "pitcher": true, "batsman": true,
	"driver": true, "rider": true, "teammate": true, "team-mate": true,
}

// sideBeforeRole reports whether [a, b) names a club by the role of one
// of its people after it, in an article about sport: "Juventus coach
// Marcello Lippi", "Liverpool manager Roy Evans" (the club, not the
// town). A country stays a place ("England captain Michael Atherton":
// national sides are the country's), and a known body or person stays
// what it is.
func (s *state) sideBeforeRole(f *field, a, b int, segs []segment) bool {
	toks := f.toks
	r := b // the role's last word: "team mate" is two
	if r+2 < len(toks) && toks[r].key == "team" && toks[r+1].key == "mate" {
		r++
	}
	if r+1 >= len(toks) || !teamRoles[toks[r].key] && r == b || toks[b].capital || toks[b].upper || toks[b].line != toks[a].line ||
		!toks[r+1].capital || toks[r+1].line != toks[b].line || b-a > 3 {
		return false
	}
	if p := a - 1; p >= 0 && toks[p].line == toks[a].line && (toks[p].capital || toks[p].upper) && !quantifiers[toks[p].key] && !functionWords[toks[p].key] {
		return false // "West Indies captain Courtney Walsh": the end of a longer name ("His Williams team mate" opens one)
	}
	g := s.x.g
	for k := a; k < b; k++ {
		if t := &toks[k]; !s.nameWord(t) || connectors[t.key] {
			return false
		}
	}
	for _, sg := range segs {
		if e := &g.ents[sg.gn.ent]; e.kind != Place || e.isCountry() || sg.j-sg.i != b-a {
			return false
		}
	}
	if b-a > 1 && g.first.has(toks[a].key) || prefixed(toks, a, b) || !s.sportsField(f) {
		return false // "All-Star pitcher Roger Clemens", "Pro-Bowl quarterback"
	}
	s.emitClub(f, a, b)
	s.sides = true
	return true
}

// nicknameSide reports whether [a, b) is a team by its nickname alone,
// and if so emits it: in an article about sport, one or two capitalised
// words after "the", the last a plural that names no people of a nation,
// party or force, no land and no event ("for the Bulls", "the Blue
// Jays"; not "the Americans", "the Democrats", "the Marines", "the
// Olympics"). The gazetteer knows none of the words as a name.
func (s *state) nicknameSide(f *field, a, b int, segs []segment) bool {
	toks := f.toks
	if b-a > 2 || len(segs) > 0 || a == 0 || toks[a-1].key != "the" || toks[a-1].line != toks[a].line {
		return false
	}
	g := s.x.g
	if !nicknamePlural(toks[b-1].key) {
		return false
	}
	for k := a; k < b; k++ {
		if t := &toks[k]; !s.nameWord(t) || t.glued || g.demonyms.has(strings.TrimSuffix(t.key, "s")) || g.first.has(t.key) {
			return false
		}
	}
	if !s.sportsField(f) {
		return false
	}
	s.emitClub(f, a, b)
	return true
}

// teamPlural reports whether the word w may end a team's name: a plural
// ("Sox" is the plural of baseball's socks: "Chicago White Sox") that
// names no members, land, places or events ("Fort Hood Soldiers",
// "Falkland Islands", "Gulf States", "Pentagon Papers").
func teamPlural(w string) bool {
	if w == "sox" {
		return true
	}
	if len(w) < 4 || w[len(w)-1] != 's' || strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") {
		return false
	}
	return !memberNouns[w] && !members[w] && !notTeams[w] && !landforms[w] && !eventHeads[w]
}

// nicknamePlural reports whether the word w alone may be a team's
// nickname (nicknameSide): a team's plural (teamPlural) that names no
// people of a nation, party or movement and no feast, which a town
// before it would tell from a team ("Washington Wizards", "Sacramento
// Kings"), and which alone it is more often ("the Canadians", "the
// Spaniards", "the Maoists", "Christmas", "the Three Kings").
func nicknamePlural(w string) bool {
	return teamPlural(w) && !nonTeamPlurals[w] && !strings.HasSuffix(w, "ians") && !strings.HasSuffix(w, "ards") &&
		!strings.HasSuffix(w, "mas") && !strings.HasSuffix(w, "ists")
}

// nonTeamPlurals name groups of people that sports news writes with
// "the" and a capital, not teams: parties' members, believers, peoples
// (and nicknames of peoples: "the Aussies"), lands and feasts. Plurals
// of peoples ending "-ians" or "-ards", of members of movements ("-ists")
// and feasts ("Christmas") are left out by their endings.
var nonTeamPlurals = map[string]bool{
	"democrats": true, "republicans": true, "conservatives": true, "liberals": true, "socialists": true,
	"communists": true, "greens": true, "tories": true, "nationalists": true, "unionists": true,
	"muslims": true, "christians": true, "jews": true, "catholics": true, "protestants": true,
	"sunnis": true, "shiites": true, "kurds": true, "serbs": true, "croats": true, "arabs": true,
	"palestinians": true, "israelis": true, "allies": true, "beatles": true, "games": true,
	"nations": true, "netherlands": true, "philippines": true, "bahamas": true, "maldives": true,
	"seychelles": true, "comoros": true, "americas": true, "balkans": true, "alps": true, "andes": true,
	"pyrenees": true, "himalayas": true, "rockies": true, "midlands": true, "tropics": true,
	"aussies": true, "kiwis": true, "brits": true, "swedes": true, "danes": true, "finns": true,
	"scots": true, "poles": true, "czechs": true, "slovaks": true, "turks": true, "greeks": true,
	"indies": true, "champions": true, "coaches": true, "sports": true, "gras": true, "kings": true,
}

// groundBefore reports whether [a, b) names a ground by the word in
// lower case after it, in an article about sport, and if so emits the
// place: "at the Delle Alpi stadium". Only a name the gazetteer does not
// know (a known town or club stays what it is: "the Ajax stadium") and
// no ordinary word, body's or person's ("the Cyber arena" is none).
func (s *state) groundBefore(f *field, a, b int, segs []segment) bool {
	toks := f.toks
	if b >= len(toks) || !grounds[toks[b].key] || toks[b].capital || toks[b].upper || len(segs) > 0 || a == 0 || toks[a-1].key != "the" {
		return false
	}
	g := s.x.g
	for k := a; k < b; k++ {
		if t := &toks[k]; !s.nameWord(t) || g.first.has(t.key) || g.english.has(t.key) {
			return false
		}
	}
	if !s.sportsField(f) {
		return false
	}
	s.emit(f, Place, tidy(f.text[toks[a].start:toks[b-1].end]), -1, toks[a].start, toks[b-1].end, "place-cue", a, b)
	return true
}

// grounds are the words of sports grounds news writes in lower case
// after their names.
var grounds = map[string]bool{"stadium": true, "arena": true, "racecourse": true, "velodrome": true}

// clubSuffix reports whether [a, b) is a town and a word of clubs after
// it. "United" names a club only after a town the gazetteer knows
// ("Manchester United"; "United Arab Emirates" is none); the other words
// after capitalised words the gazetteer does not know, of which one at
// least is no ordinary word ("Blackburn Rovers", "Sunderland AFC").
func (s *state) clubSuffix(f *field, a, b int, segs []segment) bool {
	g := s.x.g
	t := &f.toks[b-1]
	if !clubSuffixes[t.key] || !t.capital && !t.upper {
		return false
	}
	if len(segs) == 1 && segs[0].i == a && segs[0].j == b-1 && g.ents[segs[0].gn.ent].kind == Place {
		return true
	}
	if t.key == "united" || len(segs) > 0 {
		return false
	}
	own := false
	for k := a; k < b-1; k++ {
		w := &f.toks[k]
		if !w.capital || w.number {
			return false
		}
		own = own || !g.english.has(w.key)
	}
	return own
}

// teamName reports whether [a, b) is a team named by its town and a
// nickname in the plural ("Toronto Blue Jays", "Boston Bruins", "Perth
// Glory Eagles"), in an article about sport (sportsField): a town the
// gazetteer knows and one or two capitalised words after it, the last a
// plural that names no members, land, places or events ("Fort Hood
// Soldiers", "Falkland Islands", "Gulf States", "Pentagon Papers").
func (s *state) teamName(f *field, a, b int, segs []segment) bool {
	g := s.x.g
	toks := f.toks
	if len(segs) != 1 || segs[0].i != a || b-segs[0].j < 1 || b-segs[0].j > 2 {
		return false
	}
	if p := &g.ents[segs[0].gn.ent]; p.kind != Place || p.nation {
		return false
	}
	if !teamPlural(toks[b-1].key) {
		return false
	}
	for k := segs[0].j; k < b; k++ {
		if !s.nameWord(&toks[k]) {
			return false
		}
	}
	if !s.sportsField(f) {
		return false
	}
	// People are named like towns too ("Serena Williams", La Serena's
	// other name): the town by its own name, or "the" before the team.
	the := a > 0 && toks[a-1].key == "the" && toks[a-1].line == toks[a].line
	town := f.text[toks[a].start:toks[segs[0].j-1].end]
	return the || !g.first.has(toks[a].key) && norm.Key(town) == norm.Key(g.ents[segs[0].gn.ent].name)
}

// notTeams are plurals that follow a town's name in other names than a
// team's.
var notTeams = map[string]bool{
	"states": true, "territories": true, "provinces": true, "regions": true, "republics": true,
	"emirates": true, "heights": true, "falls": true, "hills": true, "springs": true, "keys": true,
	"isles": true, "plains": true, "highlands": true, "lowlands": true, "marshes": true, "woods": true,
	"sands": true, "gardens": true, "fields": true, "papers": true, "files": true, "talks": true,
	"protocols": true, "agreements": true, "riots": true, "elections": true, "olympics": true,
	"championships": true, "awards": true, "trials": true, "hearings": true, "residents": true,
	"citizens": true, "civilians": true, "officials": true, "leaders": true, "refugees": true,
	"students": true, "families": true, "fighters": true, "militants": true, "rebels": true,
	"workers": true, "police": true, "affairs": true, "operations": true, "studies": true,
	"masters": true, "opens": true, "internationals": true, "classics": true,
}

// sportsWords tell a field about sport, two different ones at least (a
// word and its plural are one): words defence news seldom writes, not
// "team", "game", "season", "match" or "defeat", which it writes daily.
var sportsWords = func() map[string]int {
	m := map[string]int{}
	for i, forms := range [][]string{
		{"league", "leagues"}, {"playoff", "playoffs"}, {"championship", "championships"},
		{"tournament", "tournaments"}, {"stadium", "stadiums"}, {"innings", "inning"},
		{"wicket", "wickets"}, {"pitcher", "pitchers"}, {"quarterback", "quarterbacks"},
		{"striker", "strikers"}, {"midfielder", "midfielders"}, {"goalkeeper", "goalkeepers"},
		{"referee", "referees"}, {"football"}, {"soccer"}, {"baseball"}, {"basketball"},
		{"cricket"}, {"rugby"}, {"hockey"}, {"tennis"}, {"golf"}, {"touchdown", "touchdowns"},
		{"scored"}, {"fans"}, {"coach", "coaches"}, {"club", "clubs"}, {"season", "seasons"},
		{"standings"}, {"halftime"}, {"equaliser", "equalizer"}, {"goalless"},
		{"relegation"}, {"unbeaten"}, {"premier"}, {"cup"}, {"nba"}, {"nfl"}, {"nhl"}, {"mlb"},
		{"athletics"}, {"marathon", "marathons"}, {"sprinter", "sprinters"}, {"hurdles"},
		{"cycling", "cyclist", "cyclists"}, {"skiing", "skier", "skiers"}, {"prix"},
		{"qualifying"}, {"lap", "laps"}, {"podium"}, {"jersey", "jerseys"}, {"peloton"},
	} {
		for _, w := range forms {
			m[w] = i
		}
	}
	return m
}()

// sportsField reports whether field f is about sport: two different words
// of sport in it and the article's title ("Soccer: Leicester win at
// Derby"). Read once per field, when a rule first asks.
func (s *state) sportsField(f *field) bool {
	if f.sport == 0 {
		f.sport = -1
		first := -1
		seen := func(key string, capital bool) bool {
			if capital && (key == "jersey" || key == "jerseys") {
				return false // "New Jersey"
			}
			w, ok := sportsWords[key]
			if ok && first >= 0 && w != first {
				return true
			}
			if ok {
				first = w
			}
			return false
		}
		for k := range f.toks {
			if f.toks[k].key == "qualifying" && k+1 < len(f.toks) && f.toks[k+1].key == "for" {
				continue // "units qualifying for the bonus": a verb
			}
			if seen(f.toks[k].key, f.toks[k].capital) {
				f.sport = 1
				return true
			}
		}
		if sport, _, ok := strings.Cut(s.title, " - "); ok && strings.Count(sport, " ") < 2 {
			// "GOLF - LEADING SCORES", "MOTOR RACING - …": a news wire's
			// sports desk names its sport first.
			for _, w := range strings.Fields(strings.ToLower(sport)) {
				if _, known := sportsWords[w]; known || w == "racing" {
					f.sport = 1
					return true
				}
			}
		}
		for _, w := range strings.FieldsFunc(s.title, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if r, _ := utf8.DecodeRuneInString(w); seen(strings.ToLower(w), unicode.IsUpper(r)) {
				f.sport = 1
				break
			}
		}
	}
	return f.sport > 0
}

// clubPrefix reports whether [a, b) is a word of clubs and one town the
// gazetteer knows: "Real Madrid" opening a sentence is a club, though
// "real" is an ordinary word.
func (s *state) clubPrefix(f *field, a, b int) bool {
	if t := &f.toks[a]; !clubPrefixes[t.key] || !t.capital && !t.upper || b < a+2 {
		return false
	}
	n, gn := s.match(f, a+1, b, false)
	return n == b-a-1 && s.x.g.ents[gn.ent].kind == Place
}

// product reports whether the run [a, b) names a kind of equipment rather
// than a company: a weapon system ("TOW Weapon System", "Patriot Weapons
// Systems"), or "Systems" after nothing but ordinary words and acronyms
// ("Unmanned Aircraft Systems", "Joint Autonomous Aerial Resupply
// Systems"). Companies so named carry a name of their own ("BAE Systems",
// "York Space Systems", "General Dynamics Land Systems") or a company's
// suffix ("Sun Test Systems, Inc.").
func (s *state) product(f *field, a, b int, segs []segment) bool {
	g := s.x.g
	toks := f.toks
	head := toks[b-1].key
	if head != "systems" && head != "system" || b-a < 2 {
		return false
	}
	if w := toks[b-2].key; w == "weapon" || w == "weapons" {
		return true
	}
	for _, sg := range segs {
		if sg.i < b-1 && g.ents[sg.gn.ent].kind != Person {
			return false
		}
	}
	for k := a; k < b-1; k++ {
		t := &toks[k]
		if connectors[t.key] || t.upper || t.number {
			continue
		}
		// "Uncrewed" is "un" and an ordinary word.
		if !g.english.has(t.key) && !(strings.HasPrefix(t.key, "un") && g.english.has(t.key[2:])) {
			return false
		}
	}
	// "Sun Test Systems, Inc.", "Acme Systems LLC".
	n := b
	if n < len(toks) && toks[n].punct == ',' {
		n++
	}
	if n < len(toks) && toks[n].word() && companyHeads[toks[n].key] && toks[n].capital {
		return false
	}
	return true
}

// headOf returns the token of a head word inside [a, b) that is followed
// by "of" or "for" ("on" for inquiryHeads) and capitalised words up to b
// ("Ministry of Culture", "Commission on Decommissioning"), or -1. The run must not open with a title ("Secretary of Defense").
func (s *state) headOf(f *field, a, b int) int {
	g := s.x.g
	toks := f.toks
	if s.isTitle(&toks[a]) {
		return -1
	}
	// "assistant secretary of the Air Force for Acquisition" is a title.
	p := a - 1
	for p >= 0 && toks[p].key == "the" {
		p--
	}
	if p > 0 && toks[p].key == "of" && (toks[p-1].key == "secretary" || toks[p-1].key == "undersecretary") {
		return -1
	}
	for h := a; h+2 < b; h++ {
		t := &toks[h]
		if !t.capital || !g.heads.has(t.key) || toks[h+1].key != "of" && toks[h+1].key != "for" && !(toks[h+1].key == "on" && inquiryHeads[t.key]) {
			continue
		}
		k := h + 2
		for k < b && connectors[toks[k].key] {
			k++
		}
		if k >= b || !toks[k].capital && !toks[k].upper {
			continue
		}
		// "Garco Construction Co. of Spokane": a company's town is not
		// part of its name.
		if companyHeads[t.key] {
			if n, gn := s.match(f, k, b, false); n == b-k && g.ents[gn.ent].kind == Place {
				continue
			}
		}
		return h
	}
	return -1
}

// bareWords reports whether the words [a, k) are capitalised words that
// name nothing themselves: no known name, head word, title, nationality or
// acronym among them.
func (s *state) bareWords(f *field, a, k int, segs []segment) bool {
	g := s.x.g
	for i := a; i < k; i++ {
		t := &f.toks[i]
		if inSegs(i, segs) || g.heads.has(t.key) || g.titles.has(t.key) || g.demonyms.has(t.key) || t.upper || t.number || !t.capital {
			return false
		}
	}
	return k > a
}

// orgBefore returns the end of the last known organisation's name among
// segs that ends before token k and starts at a or later, or -1.
func (s *state) orgBefore(a, k int, segs []segment) int {
	p := -1
	for _, sg := range segs {
		if sg.i >= a && sg.j < k && s.x.g.ents[sg.gn.ent].kind == Organisation {
			p = sg.j
		}
	}
	return p
}

// hasOf reports whether "of" is among the tokens [i, j).
func (s *state) hasOf(f *field, i, j int) bool {
	for k := i; k < j; k++ {
		if f.toks[k].key == "of" {
			return true
		}
	}
	return false
}

// inSegs reports whether token i is inside a known name.
func inSegs(i int, segs []segment) bool { return segAt(segs, i) != nil }

// knownFrom reports whether a known name starts at token i and ends at b.
func (s *state) knownFrom(f *field, i, b int, segs []segment) bool {
	for _, sg := range segs {
		if sg.i == i && sg.j == b {
			return true
		}
	}
	return false
}

// prepositions before a name make it a place or a thing ("officials in
// Zawra said").
var prepositions = map[string]bool{
	"in": true, "at": true, "from": true, "near": true, "of": true, "to": true, "for": true,
	"with": true, "into": true, "outside": true, "inside": true, "around": true, "across": true,
	"by": true, "on": true, "over": true, "toward": true, "towards": true, "against": true,
}

// weakTitles are title words that are also ordinary adjectives or nouns
// ("Press Secretary", "Staff Sgt.", "Senior Airman").
var weakTitles = map[string]bool{
	"press": true, "staff": true, "senior": true, "special": true, "first": true, "foreign": true,
	"master": true, "private": true, "executive": true, "principal": true, "acting": true,
	"deputy": true, "assistant": true, "associate": true, "vice": true, "under": true,
	"class": true, "technical": true, "tech": true, "petty": true, "warrant": true, "rear": true,
	"mass": true, "communication": true, "head": true, "chief": true, "leader": true,
	"operator": true, "honorable": true, "retired": true, "ret": true, "officer": true,
}

// companyHeads end the names of companies.
var companyHeads = map[string]bool{
	"co": true, "company": true, "corp": true, "corporation": true, "inc": true,
	"incorporated": true, "llc": true, "ltd": true, "limited": true, "plc": true,
}

// legalForms close the names of companies as registered ("Intel Inc",
// "Siemens AG", "Acme Holdings, LLC"): no part of the company's name in
// the news. Those marked false are also the abbreviations of other
// words ("Texas AG", an attorney general) and count only after a comma
// or a known company.
var legalForms = map[string]bool{
	"inc": true, "corp": true, "ltd": true, "llc": true, "plc": true, "gmbh": true, "oyj": true,
	"spa": true, "asa": true, "bv": true, "kk": true, "incorporated": true, "limited": true,
	"ag": false, "sa": false, "nv": false, "se": false, "ab": false,
}

// isLegalForm reports whether key is a legal form of companies, sure or
// not.
func isLegalForm(key string) bool {
	_, ok := legalForms[key]
	return ok
}

// legalFormAfter reports whether token n is a company's legal form after
// the name [i, n): a sure one ("Inc", "GmbH"), or one that abbreviates
// other words too after a name that is no place ("Deutsche Lufthansa
// AG", not "Texas AG", an attorney general).
func (s *state) legalFormAfter(f *field, i, n int) bool {
	sure, ok := legalForms[f.toks[n].key]
	return ok && (sure || s.x.lookupText(Place, f.text[f.toks[i].start:f.toks[n-1].end]) == nil)
}

// companyForm reads a known organisation and the legal form of a company
// after it as the organisation ("Intel Inc", "Siemens AG", "Sony
// Corporation"): one company, one facet value, however the article
// registers it; not "Company", a unit's word too.
func (s *state) companyForm(f *field, a, b int, segs []segment) bool {
	if len(segs) == 0 || segs[0].i != a || segs[0].j >= b || s.x.g.ents[segs[0].gn.ent].kind != Organisation {
		return false
	}
	for k := segs[0].j; k < b; k++ {
		if t := &f.toks[k]; !isLegalForm(t.key) && t.key != "corporation" || !t.capital && !t.upper {
			return false // "Hezbollah Company" is a unit
		}
	}
	s.emitGaz(f, a, b, segs[0].gn, "gazetteer")
	return true
}

// paperWords end the names of newspapers after their town ("Houston
// Chronicle", "Boston Globe") or their day ("Daily Telegraph",
// "Financial Times"); paperDays are those days. Not "Post", "Star",
// "Sun" or "News", which follow towns in other names too ("Kandahar
// Post", the ship "Morning Star").
var (
	paperWords = map[string]bool{
		"times": true, "herald": true, "tribune": true, "chronicle": true, "gazette": true,
		"telegraph": true, "observer": true, "inquirer": true, "examiner": true, "courier": true,
		"dispatch": true, "journal": true, "globe": true, "statesman": true, "telegram": true,
	}
	paperDays = map[string]bool{
		"daily": true, "sunday": true, "morning": true, "evening": true, "weekly": true,
		"financial": true,
	}
	// carrierWords end the names of a country's or a town's broadcasters
	// and airlines, after the place or its nationality word ("Israel
	// Radio", "Kenya Television", "British Airways", "Turkish Airlines").
	carrierWords = map[string]bool{
		"radio": true, "television": true, "tv": true, "broadcasting": true, "airways": true,
		"airlines": true,
	}
)

// newspaper reports whether [a, b) names a newspaper, a broadcaster or an
// airline, and if so emits it: a paper's word after a town the gazetteer
// knows, or after a day ("Houston Chronicle", "Dallas Morning Herald",
// "Daily Telegraph"); a carrier's word after a place the gazetteer knows
// or a nationality word ("Israel Radio", "British Airways"), and "Air"
// after one name word ("Lauda Air", "Iran Air"). The town is no place of
// the story.
func (s *state) newspaper(f *field, a, b int, segs []segment) bool {
	toks := f.toks
	last := &toks[b-1]
	if b-a < 2 || !last.capital {
		return false
	}
	if carrierWords[last.key] || last.key == "air" && b-a == 2 {
		place := len(segs) > 0 && segs[0].i == a && segs[0].j == b-1 && s.x.g.ents[segs[0].gn.ent].kind == Place
		// "Lauda Air", "Kam Air": one name word and "Air" is an airline,
		// whoever or wherever the name is.
		airline := last.key == "air" && len(segs) <= 1 && !toks[a].upper && !s.x.g.english.has(toks[a].key) && !s.isTitle(&toks[a])
		if !place && !airline && !(b-a == 2 && s.x.g.demonyms.has(toks[a].key)) {
			return false
		}
		s.emit(f, Organisation, s.x.canonicalOrg(f.text[toks[a].start:last.end]), -1, toks[a].start, last.end, "head-word", a, b)
		return true
	}
	if !paperWords[last.key] || last.upper {
		return false
	}
	k := b - 1
	if last.glued && k-1 > a && toks[k-1].capital {
		k-- // "Star-Telegram", "Post-Dispatch", "American-Statesman"
	}
	for k > a && paperDays[toks[k-1].key] && toks[k-1].capital {
		k--
	}
	if k > a {
		town := len(segs) > 0 && segs[0].i == a && segs[0].j == k && s.x.g.ents[segs[0].gn.ent].kind == Place
		if !town {
			return false
		}
	} else if !paperDays[toks[a].key] {
		return false
	}
	s.emit(f, Organisation, s.x.canonicalOrg(f.text[toks[a].start:last.end]), -1, toks[a].start, last.end, "head-word", a, b)
	return true
}

// placeHead reads "Idlib Province" as the place Idlib, and "U.S. Army
// Corps of Engineers Buffalo District" as the organisation's district.
func (s *state) placeHead(f *field, a, b, last int, segs []segment) bool {
	toks := f.toks
	// "Coronado Unified School District", "Metropolitan Police District":
	// a body's district, named by its head word before "District", is the
	// body ("Union County", the head word alone, is a county).
	body := last-1 > a && s.x.g.heads.has(toks[last-1].key)
	for _, sg := range segs {
		body = body || s.x.g.ents[sg.gn.ent].kind == Organisation && sg.j <= last
	}
	if body {
		text := tidy(f.text[toks[a].start:toks[b-1].end])
		s.emit(f, Organisation, s.x.canonicalOrg(text), -1, toks[a].start, toks[b-1].end, "head-word", a, b)
		return true
	}
	text := f.text[toks[a].start:toks[last-1].end]
	if n, gn := s.match(f, a, last, false); n == last-a && s.x.g.ents[gn.ent].kind == Place {
		s.emitGaz(f, a, b, gn, "place-cue")
		return true
	}
	s.emit(f, Place, tidy(text), -1, toks[a].start, toks[b-1].end, "place-cue", a, b)
	return true
}

// score reports whether token k of f is a bare score on the line of token
// i: a number of one to three digits, not a part of a larger figure
// ("2-1", "1.5", "3,000") or a year.
func score(f *field, k, i int) bool {
	toks := f.toks
	if k < 0 || k >= len(toks) {
		return false
	}
	t := &toks[k]
	if !smallNumber(t, 3) || t.line != toks[i].line {
		return false
	}
	if t.glued || k+1 < len(toks) && toks[k+1].glued {
		return false // "2-1", "F-16"
	}
	if k+1 < len(toks) && toks[k+1].start == t.end {
		switch toks[k+1].punct {
		case '/', ':':
			return false
		case '.', ',':
			if k+2 < len(toks) && toks[k+2].number && toks[k+2].start == toks[k+1].end {
				return false // "1.5", "3,000"
			}
		}
	}
	return k == 0 || toks[k-1].end < t.start || toks[k-1].punct != '.' && toks[k-1].punct != ','
}

// resultEntry reads the capitalised run from token a as a side of a
// match: when it is one and names no country or person, it emits it as a
// club and returns the token after it, else 0. Sports desks name clubs by
// their towns ("Arsenal 2 West Ham 0", "Cleveland 5 Baltimore 3", a
// table's "Leicester 4 2 1 1 7 5 7", "Leicester beat Derby 2-1"); a
// country stays a place, since national sides are the country's.
func (s *state) resultEntry(f *field, a int, skip []bool) int {
	toks := f.toks
	// Most runs have no score or verb of a match beside them, and most
	// fields are no sport: look for those before reading the run.
	if b := s.teamAfterCountry(f, a); b > 0 {
		return b
	}
	near := false
	for k := a + 1; k < len(toks) && k <= a+6 && !near; k++ {
		near = score(f, k, a)
	}
	verb := f.scored && s.afterMatchVerb(f, a)
	if !near && !verb && !f.versus && !f.scored || !s.sportsField(f) {
		return 0
	}
	b, town := 0, false
	e := s.sideEnd(f, a, skip)
	vs := 0
	if f.versus {
		vs = versusSide(f, a, e)
	}
	switch {
	case near && s.resultSide(f, a, e):
		b = e
	case vs > 0:
		// A fixture, "Arsenal v Chelsea": only a town the gazetteer knows
		// or a name ending in a club's word, as in running text (players
		// meet too: "Sampras v Agassi"). But sides that bat are teams:
		// "Essex 356-7 (N. Hussain 128) v Surrey".
		b, town = e, vs == 1
	case near && toks[a].sentence && score(f, e, a) && score(f, e+1, a):
		// A row of a table of fewer numbers: won, lost and a percentage
		// ("NEW YORK 74 58 .561"), or a player's rounds ("Els 65 70"):
		// only a town the gazetteer knows.
		b, town = e, true
	case f.scored && (verb || e < len(toks) && matchVerbs[toks[e].key]) && matchScore(f, a):
		// In running text, a town beside a verb of a match in a sentence
		// with a score ("beat Derby 2-1", "Leicester lost 2-0"): players
		// beat each other too, so only a town the gazetteer knows or a
		// name ending in a club's word ("Blackburn Rovers").
		b, town = e, true
	default:
		return 0
	}
	g := s.x.g
	for k := a; k < b; k++ {
		if t := &toks[k]; g.heads.has(t.key) || g.notNames.has(t.key) || s.isTitle(t) || g.demonyms.has(t.key) ||
			t.number || connectors[t.key] && t.key != "&" && !t.upper || strings.ContainsAny(t.key, "0123456789") {
			return 0
		}
	}
	if g.first.has(toks[a].key) && b-a > 1 {
		return 0 // a player
	}
	text := tidy(f.text[toks[a].start:toks[b-1].end])
	// Countries stay places: national sides are the country's.
	p := s.x.lookupText(Place, text)
	if p != nil && p.isCountry() || town && p == nil && (b-a == 1 && !s.sideWord(f, a) || b-a > 1 && !clubSuffixes[toks[b-1].key]) ||
		s.x.lookupText(Person, text) != nil {
		return 0
	}
	if upper(toks[a:b]) {
		text = titleWords(text) // "NEW YORK 74 58": a table in capitals
	}
	s.emit(f, Organisation, s.x.canonicalOrg(text), -1, toks[a].start, toks[b-1].end, "club", a, b)
	s.sides = true
	return b
}

// clubTowns gives the clubs of an article the other mentions of their
// towns: in a match report that names Liverpool a side once, "drew with
// Liverpool" is the club too.
func (s *state) clubTowns() {
	if !s.sides {
		return
	}
	for _, b := range s.order {
		if b.e.Kind != Place || len(b.e.Mentions) == 0 {
			continue
		}
		club := s.ents[entKey{Organisation, norm.Key(b.e.Name)}]
		if club == nil || !club.club() {
			continue
		}
		// The dateline ("NEW YORK, Aug 25 -") is where the story was
		// filed: that mention stays the place.
		joinExcept(b, club, "a side in this article's results", func(m Mention) bool {
			return m.Start == 0 && m.Field != FieldCaption && m.Field != FieldTitle && m.Text == strings.ToUpper(m.Text)
		})
	}
}

// headlineOrgs gives an organisation the article names the mentions of a
// known place that open its name in a headline or a run in capitals:
// "MANCHESTER UNITED SIGN STRIKER" above "Manchester United have signed".
// Headlines only confirm names, so the gazetteer had read the town alone.
func (s *state) headlineOrgs() {
	for _, b := range s.order {
		if b.e.Kind != Place {
			continue
		}
		// One pass that keeps the place's other mentions: an article of
		// many headlines stays linear.
		kept := b.e.Mentions[:0]
		for _, m := range b.e.Mentions {
			if org, end, f := s.headlineOrg(m); org != nil {
				b.body--
				s.addMention(org, f, m.Start, end, "coref")
				org.e.Mentions[len(org.e.Mentions)-1].Why = "named as the organisation " + org.e.Name + " in this article"
				continue
			}
			kept = append(kept, m)
		}
		b.e.Mentions = kept
	}
}

// headlineOrg returns the organisation the article names that a place's
// mention opens in a headline or a run in capitals, where its name ends,
// and the mention's field; nil when there is none.
func (s *state) headlineOrg(m Mention) (*builder, int, *field) {
	f := s.field(m.Field)
	if f == nil || f.caption {
		return nil, 0, nil
	}
	i := tokenAt(f, m.Start)
	j := i
	for j < len(f.toks) && f.toks[j].start < m.End {
		j++
	}
	if i == j || !f.headline[f.toks[i].line] && !upper(f.toks[i:j]) {
		return nil, 0, nil
	}
	org, end := s.orgFrom(f, i, j)
	return org, end, f
}

// stateHeads end the names of bodies that every country has, and
// stateModifiers name them before the head: "Foreign Ministry", "Supreme
// Court", "National Assembly", "Central Election Commission", "National
// Police", and the parties many countries have ("Communist Party",
// "Democratic Party", "Social Democratic Party").
var (
	stateHeads = map[string]bool{
		"ministry": true, "department": true, "court": true, "parliament": true, "cabinet": true, "assembly": true,
		"commission": true, "police": true, "party": true,
	}
	stateModifiers = map[string]bool{
		"foreign": true, "interior": true, "defense": true, "health": true,
		"finance": true, "justice": true, "agriculture": true, "education": true, "information": true,
		"economy": true, "trade": true, "commerce": true, "energy": true, "oil": true,
		"environment": true, "labor": true, "labour": true, "transport": true, "industry": true,
		"culture": true, "tourism": true, "housing": true, "supreme": true, "constitutional": true,
		"high": true, "national": true, "central": true, "election": true, "electoral": true,
		"independent": true, "federal": true, "military": true, "affairs": true,
		"communist": true, "socialist": true, "democratic": true, "republican": true, "liberal": true,
		"conservative": true, "green": true, "social": true,
	}
)

// countryBodies names a body that every country has by its country, so
// that one facet value is one body: "Iran's Foreign Ministry" is the
// "Foreign Ministry (Iran)", and so is "the Foreign Ministry" in an
// article whose places (two at least) are all Iran's; the gazetteer's
// name of that body where it knows one ("Russia's Defence Ministry" is
// the Russian Ministry of Defence). A body named otherwise, or in an
// article of no one country, keeps its name.
func (s *state) countryBodies() {
	g := s.x.g
	var countries map[mentionEnd]*builder
	for _, b := range s.order {
		if b.e.Kind != Organisation || len(b.e.Mentions) == 0 || b.ent < 0 && !genericBody(b.e.Name) || b.ent >= 0 && !s.otherCountrys(b) {
			continue
		}
		if q := s.qualifiedBody(b); q != nil {
			// "Democratic Party officials" after "U.S. Democratic Party
			// officials": the one body of that name the article qualifies.
			joinInto(b, q, q.e.Name+": the article's one "+b.e.Name)
			continue
		}
		if countries == nil {
			countries = s.countryEnds()
		}
		cc, why := s.possessiveCountry(b, countries)
		fromPlaces := cc == ""
		if fromPlaces {
			if cc = s.placesCountry(); cc == "" {
				continue
			}
		}
		q := cc
		switch cc {
		case "GB":
			q = "UK"
		case "US":
		default:
			n, ok := g.nations[cc]
			if !ok {
				continue
			}
			q = g.ents[n].name
		}
		if fromPlaces {
			why = "all the article's places are of " + q
		}
		name := b.e.Name + " (" + q + ")"
		k, _ := bodyKey(strings.Fields(norm.Key(b.e.Name)))
		known, isKnown := g.bodies[cc+" "+k]
		if isKnown {
			name = g.ents[known].name // "Russian Ministry of Defence"
		}
		if into := s.ents[entKey{Organisation, norm.Key(name)}]; into != nil && into != b {
			joinInto(b, into, name+": "+why)
			continue
		}
		if isKnown {
			e := &g.ents[known]
			b.ent, b.e.Country, b.e.Aliases = known, e.country, e.aliasList()
		}
		b.e.Name = name
		// Another spelling of the same body ("Defense Ministry" beside
		// "Defence Ministry") joins this one, not a second of its name.
		s.ents[entKey{Organisation, norm.Key(name)}] = b
		for n := range b.e.Mentions {
			if b.e.Mentions[n].Why == "" {
				b.e.Mentions[n].Why = name + ": " + why
			}
		}
	}
}

// otherCountrys reports whether the known body b, a country's body the
// gazetteer qualifies ("House of Representatives (US)"), is named by its
// bare name only in an article whose places are all another country's
// and whose other bodies are none of the gazetteer's country ("the House
// of Representatives" in Canberra; not "the Ministry of Defence" beside
// the British Army in Basra): then it is that country's, and b is made
// the bare body countryBodies qualifies.
func (s *state) otherCountrys(b *builder) bool {
	e := &s.x.g.ents[b.ent]
	bare, _, ok := strings.Cut(e.name, " (")
	if !ok || e.country == "" || !strings.HasSuffix(e.name, ")") {
		return false
	}
	key := norm.Key(bare)
	for _, m := range b.e.Mentions {
		if norm.Key(m.Text) != key {
			return false // "the U.S. House of Representatives"
		}
	}
	if cc := s.placesCountry(); cc == "" || cc == e.country {
		return false
	}
	for _, o := range s.order {
		if o != b && o.e.Kind == Organisation && o.e.Country == e.country && len(o.e.Mentions) > 0 {
			return false
		}
	}
	b.ent, b.e.Name, b.e.Country, b.e.Aliases = -1, bare, "", nil
	for n := range b.e.Mentions {
		b.e.Mentions[n].Why = "" // no more the gazetteer's
	}
	return true
}

// qualifiedBody returns the article's one organisation named as b with a
// qualifier in brackets ("Democratic Party (US)" for "Democratic Party"),
// or nil when there is none or more than one.
func (s *state) qualifiedBody(b *builder) *builder {
	var q *builder
	for _, o := range s.order {
		n := o.e.Name
		if o == b || o.e.Kind != Organisation || len(o.e.Mentions) == 0 || len(n) <= len(b.e.Name)+3 ||
			!strings.HasPrefix(n, b.e.Name) || n[len(b.e.Name):len(b.e.Name)+2] != " (" || n[len(n)-1] != ')' {
			continue
		}
		if q != nil {
			return nil
		}
		q = o
	}
	return q
}

// genericBody reports whether an organisation's name is a body that every
// country has: a state's modifiers and head ("Foreign Ministry", "Supreme
// Court", "Ministry of Defence"), and nothing else.
func genericBody(name string) bool {
	_, ok := bodyKey(strings.Fields(norm.Key(name)))
	return ok
}

// bodyKey returns the one key of the names of a body that every country
// has, the words of its name as keys: its modifiers, then its head, in
// American spelling and without "affairs" ("Ministry of Foreign Affairs"
// and "Foreign Ministry" are "foreign ministry"; "Defence Ministry" is
// "defense ministry"); false for any other name.
func bodyKey(words []string) (string, bool) {
	if len(words) < 2 {
		return "", false
	}
	head, mods := words[len(words)-1], words[:len(words)-1]
	if len(words) >= 3 && words[1] == "of" {
		head, mods = words[0], words[2:] // "ministry of defence"
	}
	if !stateHeads[head] {
		return "", false
	}
	var b strings.Builder
	for _, w := range mods {
		if !stateModifiers[w] {
			return "", false
		}
		switch w {
		case "affairs":
			continue
		case "labour": // keys spell "defence" the American way already (norm)
			w = "labor"
		}
		b.WriteString(w)
		b.WriteByte(' ')
	}
	if b.Len() == 0 {
		return "", false
	}
	b.WriteString(head)
	return b.String(), true
}

// possessiveCountry returns the one country whose possessive stands
// before b's mentions ("Iran's Foreign Ministry") and the reason, or "".
// countries holds where the article's mentions of countries end.
func (s *state) possessiveCountry(b *builder, countries map[mentionEnd]*builder) (string, string) {
	cc, why := "", ""
	for _, m := range b.e.Mentions {
		f := s.field(m.Field)
		if f == nil || f.caption {
			continue
		}
		i := tokenAt(f, m.Start)
		if i < 2 || f.toks[i-1].punct != 's' || f.toks[i-1].start != f.toks[i-2].end {
			continue
		}
		p := countries[mentionEnd{m.Field, f.toks[i-2].end}]
		if p == nil {
			continue
		}
		if cc != "" && cc != p.e.Country {
			return "", "" // two countries' bodies under one name
		}
		cc, why = p.e.Country, "\""+p.e.Mentions[0].Text+"'s\" before it"
	}
	return cc, why
}

// mentionEnd is where a mention ends: its field and offset.
type mentionEnd struct {
	field string
	end   int
}

// countryEnds returns the article's countries by where their mentions end.
func (s *state) countryEnds() map[mentionEnd]*builder {
	out := map[mentionEnd]*builder{}
	for _, p := range s.order {
		if p.e.Kind != Place || p.ent < 0 || !s.x.g.ents[p.ent].isCountry() {
			continue
		}
		for _, m := range p.e.Mentions {
			out[mentionEnd{m.Field, m.End}] = p
		}
	}
	return out
}

// placesCountry returns the one country of all the article's places
// (two at least), or "": an article that names places of two countries
// does not say whose "Foreign Ministry" it quotes.
func (s *state) placesCountry() string {
	cc, n := "", 0
	for _, p := range s.order {
		if p.e.Kind != Place || p.e.Country == "" || len(p.e.Mentions) == 0 {
			continue
		}
		if cc != "" && p.e.Country != cc {
			return ""
		}
		cc = p.e.Country
		n++
	}
	if n < 2 {
		return ""
	}
	return cc
}

// orgFrom returns the organisation the article names whose name tokens
// [i, k) of f spell, for a k up to three words past j on one line, and
// where its name ends in the text.
func (s *state) orgFrom(f *field, i, j int) (*builder, int) {
	toks := f.toks
	for k := j + 1; k <= j+3 && k <= len(toks) && toks[k-1].line == toks[i].line && toks[k-1].word(); k++ {
		if b := s.ents[entKey{Organisation, s.keyOf(f, i, k)}]; b != nil && len(b.e.Mentions) > 0 {
			return b, toks[k-1].end
		}
	}
	return nil, 0
}

// sideEnd returns the end of the capitalised words from token a: a side's
// name, which stops at a word in lower case ("Liverpool at Anfield").
func (s *state) sideEnd(f *field, a int, skip []bool) int {
	e := s.runEnd(f, a, skip)
	for k := a + 1; k < e; k++ {
		if t := &f.toks[k]; !t.capital && !t.upper && t.key != "&" {
			return k
		}
	}
	return e
}

// resultSide reports whether the run [a, b) is a side in a line of
// results or a row of a table: a score after it and either a score and a
// name before it, or another side and its score after that, or (where a
// sentence or line opens) four more numbers after it.
func (s *state) resultSide(f *field, a, b int) bool {
	toks := f.toks
	if !score(f, b, a) {
		return false
	}
	// A side opens a sentence or follows a mark or another side's score:
	// "the Line 6 amplifier" is none.
	if a > 0 && !toks[a].sentence {
		if p := toks[a-1].punct; !toks[a-1].number && p != ',' && p != ';' && p != ':' && p != '(' && !afterScorers(f, a) {
			return false
		}
	}
	if score(f, a-1, a) && a > 1 && (toks[a-2].capital || toks[a-2].upper) && toks[a-2].line == toks[a].line || afterScorers(f, a) {
		return true
	}
	if toks[a].sentence && score(f, b+1, a) && score(f, b+2, a) && score(f, b+3, a) && score(f, b+4, a) {
		return true // a row of a table: played, won, drawn, lost, ...
	}
	// The first side: another side's name, in capitalised words, and its
	// score follow ("Arsenal 2 West Ham 0"), after this side's scorers in
	// brackets if the line lists them.
	from := b + 1
	if from < len(toks) && toks[from].punct == '(' {
		// Skipped only if it holds a minute or a count, as scorers do: "Els
		// 65 (South Africa) Frost 68" are players and their countries.
		open, minutes := from, false
		for from++; from < len(toks) && from-open <= maxScorersTokens && toks[from].line == toks[a].line && toks[from].punct != ')'; from++ {
			minutes = minutes || smallNumber(&toks[from], 3)
		}
		if from++; !minutes {
			from = open
		}
	}
	for k := from; k < len(toks) && k <= from+4 && toks[k].line == toks[a].line; k++ {
		t := &toks[k]
		if k > from && score(f, k, a) {
			return true
		}
		if k == from && t.number && len(t.key) == 4 && k+1 < len(toks) && toks[k+1].capital {
			continue // "St Pauli 1 1860 Munich 1": a club's year opens the other side
		}
		if !t.capital && !t.upper && t.key != "&" || t.number {
			return false
		}
	}
	return false
}

// teamAfterCountry reads, in a field about sport, the team a rider or a
// driver rides for, written after his country in brackets and before his
// time or points: "3. Richard Virenque (France) Festina 4:37", "Michael
// Schumacher (Germany) Ferrari 78 points". It emits the team and returns
// the token after it, or 0. A person, a place or an ordinary word is no
// team.
func (s *state) teamAfterCountry(f *field, a int) int {
	toks := f.toks
	if a < 4 || toks[a-1].punct != ')' || toks[a-1].line != toks[a].line {
		return 0
	}
	open := a - 2
	for open > 0 && a-open <= 4 && toks[open].punct != '(' {
		open--
	}
	if toks[open].punct != '(' || open == 0 || !toks[open-1].capital || !s.countryAfter(f, open) {
		return 0
	}
	b := a
	for b < len(toks) && b-a < 3 && toks[b].line == toks[a].line && toks[b].capital && !toks[b].number {
		b++
	}
	if b == a || b < len(toks) && toks[b].line == toks[a].line && !toks[b].number {
		return 0 // a time, points or the line's end follows a team
	}
	g := s.x.g
	for k := a; k < b; k++ {
		if g.english.has(toks[k].key) && !g.starts[toks[k].key] || g.heads.has(toks[k].key) {
			return 0
		}
	}
	text := tidy(f.text[toks[a].start:toks[b-1].end])
	if s.x.lookupText(Person, text) != nil || s.x.lookupText(Place, text) != nil || !s.sportsField(f) {
		return 0
	}
	s.emit(f, Organisation, s.x.canonicalOrg(text), -1, toks[a].start, toks[b-1].end, "club", a, b)
	return b
}

// versus reports whether token k, on the line of token i, is the "v" or
// "vs" between the two sides of a fixture or a match ("Essex v Surrey",
// "Yankees vs. Red Sox").
func versus(f *field, k, i int) bool {
	return k >= 0 && k < len(f.toks) && f.toks[k].line == f.toks[i].line && versusWord(f, &f.toks[k])
}

// versusWord reports whether t is "v" or "vs" in lower case.
func versusWord(f *field, t *token) bool {
	return (t.key == "v" || t.key == "vs") && f.text[t.start] == 'v'
}

// versusSide reports whether the run [a, b) is a side of a fixture: after
// "v" ("v Surrey"), or before it, past its innings and its batsmen in
// brackets ("Essex 356-7 (N. Hussain 128) v Surrey"). Something must
// stand on the other side of "v". It returns 0 when the run is none, 2
// when the side before "v" has batted (its innings or its batsmen in
// brackets stand before "v"), else 1.
func versusSide(f *field, a, b int) int {
	toks := f.toks
	if a > 1 && versus(f, a-1, a) && toks[a-2].line == toks[a].line {
		if toks[a-2].number || toks[a-2].punct == ')' && bracketHoldsNumber(f, a-2) {
			return 2
		}
		return 1
	}
	n := innings(f, b, a)
	batted, k := n > 0, b+n
	if k < len(toks) && toks[k].punct == '(' && toks[k].line == toks[a].line {
		// Past a bracket: its batsmen and their runs ("(N. Hussain 128)"),
		// or a country or a seeding ("(U.S.)", "(3)"), which tell of no
		// innings: players stand in the draws of tennis.
		open := k
		for k++; k < len(toks) && k-open <= maxScorersTokens && toks[k].line == toks[a].line && toks[k].punct != ')'; k++ {
		}
		if k >= len(toks) || toks[k].punct != ')' {
			return 0
		}
		batted = batted || bracketHoldsNumber(f, k)
		k++
	}
	if !versus(f, k, a) || k+1 >= len(toks) || toks[k+1].line != toks[a].line || !toks[k+1].capital && !toks[k+1].upper {
		return 0
	}
	if batted {
		return 2
	}
	return 1
}

// bracketHoldsNumber reports whether the bracket that closes at token k
// holds a name and a number after it, as a list of batsmen and their runs
// does ("(B. Lara 0)"); not a seeding alone ("(3)").
func bracketHoldsNumber(f *field, k int) bool {
	toks := f.toks
	for p := k - 1; p > 0 && k-p <= maxScorersTokens && toks[p].line == toks[k].line && toks[p].punct != '('; p-- {
		if toks[p].number && toks[p-1].capital && !toks[p-1].number {
			return true
		}
	}
	return false
}

// innings returns how many tokens from token k, on the line of token i,
// are a side's innings: runs ("241", one) or runs and wickets ("356-7",
// two); 0 when there is none.
func innings(f *field, k, i int) int {
	toks := f.toks
	if k < 0 || k >= len(toks) || !smallNumber(&toks[k], 3) || toks[k].line != toks[i].line {
		return 0
	}
	if k+1 < len(toks) && toks[k+1].glued && smallNumber(&toks[k+1], 2) && f.text[toks[k].end] == '-' {
		return 2
	}
	if score(f, k, i) {
		return 1
	}
	return 0
}

// afterScorers reports whether token a follows a list of a side's
// scorers that scorers read, closing at token a-1: "Ajax 3 (Kluivert 12,
// Litmanen 40) NAC Breda 0"; not "Els 65 (South Africa) Frost 68".
func afterScorers(f *field, a int) bool {
	return a > 0 && f.scorerLists[a-1]
}

// maxScorersTokens bounds the tokens of a list of scorers in brackets, so
// that a line of brackets that never close costs no more than its length.
const maxScorersTokens = 60

// scorerWords are capitalised words of a match's brackets that name no
// player: "(HT 1-0)", "(Att 38,000)", "(Extras 20)".
var scorerWords = map[string]bool{
	"ht": true, "ft": true, "att": true, "halftime": true, "extras": true, "penalty": true,
	"penalties": true, "pen": true, "pens": true, "og": true, "attendance": true, "total": true,
	"aet": true, "agg": true,
}

// scorers reads, at the bracket of token k after a side's score, the
// players whose goals, tries or runs it lists, and returns the token after
// the bracket closes, or 0 when it holds no such list: "Ajax Amsterdam 3
// (Kluivert 12, Litmanen 40 pen) NAC Breda 0", "Pakistan 250 (Saeed Anwar
// 88, Ijaz Ahmed 53)". Each entry is a name of capitalised words, then
// numbers (minutes, runs, "3-40") and at most two words in lower case
// ("pen", "not out"). Only in a field about sport, and only when every
// entry reads so ("Own goal 60" does not: the list is left to the other
// rules). An entry whose words are none of a player's ("HT 1-0", "Att
// 38,000", "Extras 20") or a name the gazetteer knows as a body or a place
// ("Reuters 12") names nobody.
func (s *state) scorers(f *field, k int) int {
	toks := f.toks
	side := k - 2 // the side's last word, before its score
	if k >= 3 && innings(f, k-2, k) == 2 {
		side = k - 3 // "Essex 356-7 (N. Hussain 128)"
	} else if !score(f, k-1, k) {
		return 0
	}
	if side < 0 || toks[k].punct != '(' || !toks[side].capital && !toks[side].upper || !s.sportsField(f) {
		return 0
	}
	var names [][2]int
	i := k + 1
	for {
		if i-k > maxScorersTokens {
			return 0
		}
		a := i
		for i < len(toks) && toks[i].line == toks[k].line && i-a < 4 && (toks[i].capital && !toks[i].number || i > a && nameParticles[toks[i].key] || i > a && toks[i].glued && toks[i].capital) {
			i++
		}
		if i == a || i >= len(toks) || !smallNumber(&toks[i], 3) || toks[i].line != toks[k].line {
			return 0
		}
		names = append(names, [2]int{a, i})
		// The numbers and words of the entry: "12", "20 pen", "3-40",
		// "12, 40" (two goals), "88 not out".
		for words := 0; i < len(toks) && toks[i].line == toks[k].line; i++ {
			t := &toks[i]
			switch {
			case t.number || t.glued || t.punct == '-':
			case t.punct == ',' && i+1 < len(toks) && toks[i+1].number:
			case t.word() && !t.capital && !t.upper && words < 2:
				words++
			default:
				goto sep
			}
		}
	sep:
		if i >= len(toks) || toks[i].line != toks[k].line {
			return 0
		}
		switch toks[i].punct {
		case ',', ';':
			i++
			continue
		case ')':
		default:
			return 0
		}
		break
	}
	g := s.x.g
	for _, n := range names {
		player := false
		for q := n[0]; q < n[1]; q++ {
			t := &toks[q]
			player = player || !nameParticles[t.key] && !scorerWords[t.key] && !g.titles.has(t.key) &&
				!g.notNames.has(t.key) && !g.heads.has(t.key) && !(t.upper && len(t.key) <= 3)
		}
		text := tidy(f.text[toks[n[0]].start:toks[n[1]-1].end])
		// A town's name is a player's there ("Karlsruhe 2 (Dundee 31)");
		// a country's is none.
		if p := s.x.lookupText(Place, text); !player || s.x.lookupText(Organisation, text) != nil || p != nil && p.isCountry() {
			continue
		}
		s.emit(f, Person, s.x.canonicalPerson(text), -1, toks[n[0]].start, toks[n[1]-1].end, "scorer", n[0], n[1])
	}
	if f.scorerLists == nil {
		f.scorerLists = map[int]bool{}
	}
	f.scorerLists[i] = true
	return i + 1
}

// matchVerbs tell of a match between two sides; matchParticles join the
// second side to some of them ("drew with Everton", "lost to Ajax").
var (
	matchVerbs = map[string]bool{
		"beat": true, "beats": true, "defeated": true, "thrashed": true, "routed": true,
		"edged": true, "drew": true, "lost": true, "held": true, "hammered": true,
		"outplayed": true, "trounced": true, "overcame": true, "eliminated": true,
	}
	matchParticles = map[string]bool{
		"with": true, "to": true, "by": true, "against": true, "at": true,
	}
)

// afterMatchVerb reports whether token a follows a verb of a match, with
// only a particle or a score between ("beat Derby", "drew 1-1 with
// Liverpool", "lost 2-0 to Everton").
func (s *state) afterMatchVerb(f *field, a int) bool {
	toks := f.toks
	for k := a - 1; k >= 0 && k >= a-4 && toks[k].line == toks[a].line; k-- {
		t := &toks[k]
		switch {
		case matchVerbs[t.key]:
			return true
		case t.number && len(t.key) <= 2, matchParticles[t.key] && k == a-1:
		default:
			return false
		}
	}
	return false
}

// sideWord reports whether token a, a run of its own beside a verb of a
// match in a sentence with one score ("Fenerbahce beat Rapid Vienna
// 1-0"), is a side no town names: a word no list knows (no ordinary word,
// given name, people or name in the gazetteer) and no surname of the
// article's people. Players beat each other in sets ("6-4 6-4"), by their
// surnames after their full names, and in sports of people ("TENNIS -
// …", a sentence about golf).
func (s *state) sideWord(f *field, a int) bool {
	g, t := s.x.g, &f.toks[a]
	if !t.capital || g.english.has(t.key) || g.first.has(t.key) || g.demonyms.has(t.key) || peoples[t.key] || g.notNames.has(t.key) {
		return false
	}
	if _, known := g.names[t.key]; known || s.surnameOf(t.key) {
		return false
	}
	lo, hi := sentenceAround(f, a)
	n := 0
	for k := lo; k < hi; k++ {
		if isScore(f, k) {
			n++
		}
		if individualSports[f.toks[k].key] {
			return false
		}
	}
	for w := range strings.FieldsSeq(s.title) {
		for sport := range individualSports {
			if strings.EqualFold(w, sport) {
				return false // "TENNIS - …": "Stich beat Krajicek 7-6" are players
			}
		}
	}
	return n == 1
}

// individualSports are played by people, not clubs.
var individualSports = map[string]bool{
	"tennis": true, "golf": true, "boxing": true, "snooker": true, "squash": true, "badminton": true,
	"chess": true, "judo": true, "wrestling": true, "fencing": true,
}

// matchScore reports whether the sentence of token a holds the score of a
// match (isScore).
func matchScore(f *field, a int) bool {
	lo, hi := sentenceAround(f, a)
	return scoreIn(f, lo, hi)
}

// sentenceAround returns the first and last tokens of the sentence of
// token a, at most 30 tokens either side.
func sentenceAround(f *field, a int) (lo, hi int) {
	toks := f.toks
	lo, hi = a, a
	for lo > 0 && a-lo < 30 && !toks[lo].sentence {
		lo--
	}
	for hi+1 < len(toks) && hi-a < 30 && !toks[hi+1].sentence {
		hi++
	}
	return lo, hi
}

// scoreIn reports whether tokens [lo, hi] hold the score of a match.
func scoreIn(f *field, lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if isScore(f, k) {
			return true
		}
	}
	return false
}

// isScore reports whether tokens k and k+1 are the score of a match: two
// numbers of one or two digits joined by a dash ("2-1").
func isScore(f *field, k int) bool {
	x, y := &f.toks[k], &f.toks[k+1]
	return y.glued && smallNumber(x, 2) && smallNumber(y, 2) && f.text[x.end] == '-'
}

// tokIn is a token of a field.
type tokIn struct {
	f *field
	k int
}

// services are the armed services, parliaments and parties that national
// news names by a bare word, and each country's ("the Army" is the
// British Army in British news, the US Army in American).
var services = map[string]service{
	"army":       {the: true, by: map[string]string{"GB": "British Army", "US": "US Army"}},
	"navy":       {the: true, by: map[string]string{"GB": "Royal Navy", "US": "US Navy"}},
	"commons":    {the: true, by: map[string]string{"GB": "House of Commons"}, sole: "GB"},
	"parliament": {by: map[string]string{"GB": "Parliament (UK)"}},
	"labour":     {by: map[string]string{"GB": "Labour Party (UK)"}, sole: "GB"},
}

// service is a body named by a bare word: the: only after "the"; by: its
// name by country; sole: the country whose body the word names where the
// article's bodies are no country's (English writes "Labour" and "the
// Commons" for Britain's, "Labor" and other names elsewhere).
type service struct {
	the  bool
	by   map[string]string
	sole string
}

// bareService reports whether token a, a run of its own, names a body by
// its bare word in running text ("the Army was overstretched", "misled
// Parliament", "Labour backbenchers"), not opening a sentence unless a
// party's cue follows ("Labour said", not "Labour costs rose") nor joined
// to another word ("Liberal-Labour"), and if so keeps it for
// nationalServices.
func (s *state) bareService(f *field, a int) bool {
	toks := f.toks
	t := &toks[a]
	sv, ok := services[t.key]
	if !ok || !t.capital || t.upper || t.glued || a == 0 || toks[a-1].line != t.line || f.headline[t.line] ||
		a+1 < len(toks) && toks[a+1].glued {
		return false
	}
	if the := toks[a-1].key == "the"; sv.the && !the || !sv.the && t.sentence && !partyCue(f, a+1) {
		return false
	}
	if toks[a-1].punct == 's' {
		return false // "Ukraine's Parliament", "Norway's Labour government"
	}
	s.bare = append(s.bare, tokIn{f, a})
	return true
}

// partyCue reports whether token k, after a word opening a sentence,
// makes the word a party's name: "Labour said", "Labour's leader",
// "Labour MPs".
func partyCue(f *field, k int) bool {
	if k >= len(f.toks) {
		return false
	}
	t := &f.toks[k]
	return t.punct == 's' || speechVerbs[t.key] || partyMembers[t.key]
}

// partyMembers follow a party's name: "Labour MPs", "Labour leader".
var partyMembers = map[string]bool{
	"mp": true, "mps": true, "leader": true, "leaders": true, "backbenchers": true, "backbencher": true,
	"peer": true, "peers": true, "minister": true, "ministers": true, "candidate": true,
	"candidates": true, "councillors": true, "activists": true, "government": true, "party": true,
}

// nationalServices names the armed services the article named by a bare
// word after the country its organisations belong to: the country whose
// organisations the article mentions most, at least twice and more than
// any other's. Without one, a bare "the Army" stays nobody's.
func (s *state) nationalServices() {
	if len(s.bare) == 0 {
		return
	}
	if s.countries == nil {
		s.countries = map[string]int{}
	}
	byCountry := s.countries
	clear(byCountry)
	for _, b := range s.order {
		if b.e.Kind == Organisation && b.e.Country != "" && len(b.e.Mentions) > 0 {
			byCountry[b.e.Country] += len(b.e.Mentions)
		}
	}
	best, most, next := "", 0, 0
	for cc, n := range byCountry {
		if n > most {
			best, most, next = cc, n, most
		} else if n > next {
			next = n
		}
	}
	none := most < 2 || most == next
	for _, at := range s.bare {
		t := &at.f.toks[at.k]
		cc := best
		if none {
			// Too little to tell a country by, but a word that names one
			// country's body names it unless another country's body
			// stands in the article ("the Pentagon said … Labour said").
			cc = services[t.key].sole
			if most > 0 && (next > 0 || best != cc) {
				continue
			}
		}
		name := services[t.key].by[cc]
		if name == "" {
			continue
		}
		gn, ok := s.x.g.names[norm.Key(name)]
		if !ok {
			continue
		}
		s.emitGaz(at.f, at.k, at.k+1, &gn, "national")
		if b := s.last(); b != nil && b.e.Name == name {
			why := name + ": the article's organisations are mostly of " + best
			if none {
				why = name + ": the word names no other country's body, and no other country's body stands in the article"
			}
			b.e.Mentions[len(b.e.Mentions)-1].Why = why
		}
	}
}
