package entity

// Rules for people the gazetteer does not know: titles, speech verbs,
// appositions.

// person tries to read the chunk [a, b) as a person's name with its title
// ("Iraqi Defense Minister Jumah Inad Sadun"). The words before the name
// are the person's title and name nothing else.
func (s *state) person(f *field, a, b int, segs []segment) bool {
	g := s.x.g
	toks := f.toks
	if b < len(toks) && toks[b].line == toks[b-1].line && fighterNouns[toks[b].key] {
		return false // "said Tamil Tiger rebels": a group's member (tagged)
	}
	ns := b
	for j := b - 1; j >= a && b-j <= 5; j-- {
		t := &toks[j]
		if sg := segAt(segs, j); sg != nil {
			// A one-word place or organisation may be a surname ("Jeff
			// Davis", "President Obama"); longer known names end the name.
			if g.ents[sg.gn.ent].kind != Person && (sg.j-sg.i > 1 || !s.nameToken(t) || t.upper) {
				break
			}
			ns = j
			continue
		}
		if !s.nameToken(t) {
			break
		}
		if j > a && (s.isTitle(t) || rolesBefore[t.key]) && s.isTitle(&toks[j-1]) {
			break // "Chief Judge William Rehnquist": a title of two words
		}
		if g.english.has(t.key) && !g.first.has(t.key) && len(t.key) > 1 && j != b-1 && !(j > a && s.isTitle(&toks[j-1])) && !(peerTitles[t.key] && j == b-2) &&
			!(j > a && g.first.has(toks[j-1].key) && !g.english.has(toks[j+1].key)) {
			// An ordinary word ends the name, but for one after a title
			// ("Col. Burr Miller") and a maiden name between a given name
			// and a surname ("Sandra Day O'Connor").
			break
		}
		ns = j
	}
	// The name starts with a capitalised word, not a particle.
	for ns < b && !toks[ns].capital {
		ns++
	}
	if ns >= b {
		return false
	}
	// A known person's name inside a longer run.
	if sg := segAt(segs, ns); sg != nil && g.ents[sg.gn.ent].kind == Person && sg.j == b {
		s.emitGaz(f, ns, b, sg.gn, ruleFor(s.isTitle(&toks[max(ns-1, a)]) && ns > a, "title-cue", "gazetteer"))
		return true
	}
	if sg := segAt(segs, ns); sg != nil && sg.j-sg.i > 1 {
		return false
	}
	words := b - ns
	// "Press Briefing Room": ordinary words after a title that is also an
	// ordinary adjective name no one unless one of them is a given name
	// ("Col. Burr Miller" is someone).
	if words >= 2 && ns > a && weakTitles[toks[ns-1].key] {
		ordinary := true
		for k := ns; k < b; k++ {
			if !g.english.has(toks[k].key) || g.first.has(toks[k].key) || toks[k].glued || nameParticles[toks[k].key] {
				ordinary = false
				break
			}
		}
		if ordinary {
			return false
		}
	}
	// "Secretary of State Kerry": a title of the form "X of Y".
	titled := ns > a && (s.isTitle(&toks[ns-1]) || s.courtTitle(f, ns-1) || ns-3 >= a && toks[ns-2].key == "of" && s.isTitle(&toks[ns-3]) && toks[ns-1].capital) ||
		b == ns+1 && s.teamRoleBefore(f, a, ns)
	if !titled && ns > a && (toks[ns-1].key == "of" || toks[ns-1].key == "for") {
		// "the Alliance of Democratic Forces for the Liberation of
		// Congo-Zaire said": words after "of" that no given name opens end
		// a body's name. After a given name, the words before "of" are
		// read on their own ("the capture in Pakistan of Abu Zubaydah").
		if !g.first.has(toks[ns].key) && !g.given.has(toks[ns].key) {
			// "Analyst Georg Stuerzer of Bayerische Vereinsbank said": an
			// analyst's or a dealer's firm after his name, which no list
			// knows as a place.
			p := a // the person's first word, after the analyst's: "Analyst Georg Stuerzer of"
			if analysts[toks[a].key] {
				p++
			}
			if n := ns - 1 - p; n >= 2 && n <= 3 && (p > a || a > 0 && analysts[toks[a-1].key] && toks[a-1].line == toks[a].line) && s.firmAfter(f, ns, b, segs) {
				s.chunk(f, p, ns-1)
				if len(segs) == 0 || segs[len(segs)-1].j <= ns {
					s.emit(f, Organisation, s.x.canonicalOrg(tidy(f.text[toks[ns].start:toks[b-1].end])), -1, toks[ns].start, toks[b-1].end, "apposition", ns, b)
				} else {
					s.chunk(f, ns, b)
				}
				return true
			}
			// "Steffi Graf of Germany": a name opening with a given name
			// before "of" and a known place is someone from there.
			if sg := segAt(segs, ns); sg != nil && sg.j == b && g.ents[sg.gn.ent].kind == Place && ns-1-a >= 2 && ns-1-a <= 3 &&
				(g.first.has(toks[a].key) || g.given.has(toks[a].key)) && !g.heads.has(toks[ns-2].key) && !s.isTitle(&toks[a]) {
				s.chunk(f, a, ns-1)
				s.chunk(f, ns, b)
				return true
			}
			return false
		}
		if !s.person(f, ns, b, segs) {
			return false
		}
		s.chunk(f, a, ns-1)
		return true
	}
	rule := ""
	lastSeg := segAt(segs, b-1)
	switch {
	case titled:
		rule = "title-cue"
	case words >= 2 && s.speechAfter(f, b) && !(ns == a && a > 0 && prepositions[toks[a-1].key]):
		rule = "speech-verb"
	case words >= 2 && ns == a && a > 0 && toks[a-1].word() && speechBefore[toks[a-1].key]:
		rule = "speech-verb"
	case words >= 2 && s.appositionAfter(f, b):
		rule = "apposition"
	case words >= 2 && ns == a && a > 0 && rolesBefore[toks[a-1].key] && !toks[a-1].capital && !g.english.has(toks[b-1].key):
		rule = "title-cue" // "U.N. envoy Terje Roed-Larsen", "Liverpool manager Roy Evans"
	case words >= 2 && ns == a && roleComma(f, a) && b+1 < len(toks) && toks[b].punct == ',' && speechVerbs[toks[b+1].key] && !g.english.has(toks[b-1].key):
		rule = "apposition" // "Its chairman, Padam Bahadur Gurung, said"
	case words == 2 && peerTitles[toks[ns].key] && toks[ns].capital && !(ns > 0 && toks[ns-1].key == "the") && !toks[ns+1].upper && !s.isTitle(&toks[ns+1]) && !g.heads.has(toks[ns+1].key) &&
		!g.notNames.has(toks[ns+1].key) && !landforms[toks[ns+1].key]:
		rule = "title-cue" // "Lord Goldsmith", "Baroness Symons": a peer by the title and one name
	case words >= 2 && g.first.has(toks[ns].key) && (!g.english.has(toks[b-1].key) || ns == a && f.row[toks[ns].line] && !clubSuffixes[toks[b-1].key] && !g.heads.has(toks[b-1].key)) && !arabicPlacePrefixes[toks[ns].key]:
		rule = "first-name" // in a row of results, "Fred Couples", "Heath Streak"
	case words >= 2 && ns == a && g.given.has(toks[ns].key) && s.unknownName(f, ns, b, segs):
		rule = "first-name" // "Steffi Graf", "Kai Eide": a weaker given name
	case words >= 2 && ns == a && (lastSeg == nil || s.town(lastSeg) && (g.first.has(toks[ns].key) || g.given.has(toks[ns].key))) && !g.english.has(toks[b-1].key) && s.countryAfter(f, b) && s.sportsField(f):
		// "Vijay Singh (Fiji)", "Carla Sacramento (Portugal)": a player
		// and her country; in defence news a company or a base ("Nammo
		// Raufoss (Norway)").
		rule = "apposition"
	case words >= 2 && (ns == a || s.isTitle(&toks[ns-1])) && s.initialsName(f, ns, b):
		rule = "first-name" // "M. Atherton", "G. W. Bush": initials are given names
	}
	if rule == "" {
		return false
	}
	if words == 1 {
		if !titled || g.english.has(toks[ns].key) && !g.first.has(toks[ns].key) {
			// "Secretary Defense": not a name; let the other rules read it.
			return ns > a && titled
		}
		s.pend = append(s.pend, pending{f: f, i: ns, j: b, key: toks[ns].key, titled: true, start: toks[ns].start, end: s.nameEnd(f, b)})
		return true
	}
	if company := companyAt(f, ns, b); !titled && (company || ns == a && bodyBefore(f, ns) && !g.first.has(toks[ns].key)) {
		// "Deutsche Telekom shares rose", "the rights group Public
		// Interest Lawyers said".
		s.emit(f, Organisation, s.x.canonicalOrg(f.text[toks[ns].start:toks[b-1].end]), -1, toks[ns].start, toks[b-1].end, ruleFor(company, "company-cue", "apposition"), ns, b)
		return true
	}
	end := s.nameEnd(f, b)
	name := s.x.canonicalPerson(f.text[toks[ns].start:end])
	for o := s.byFirst[toks[ns].key]; o != nil && !titled; o = o.sameFirst {
		if o.e.Kind == Organisation && o.e.Name == name {
			// "Hadrian Automation said" after "Hadrian Automation Inc.":
			// the company the article named speaks.
			s.addMention(o, f, toks[ns].start, end, "coref")
			o.e.Mentions[len(o.e.Mentions)-1].Why = "named as the organisation " + o.e.Name + " in this article"
			return true
		}
	}
	s.emit(f, Person, name, -1, toks[ns].start, end, rule, ns, b)
	s.acronymAfter(f, b, s.last())
	if p := ns - 2; p >= 0 && p+1 >= a && toks[p+1].upper && partyMembers[toks[p+1].key] && toks[p].line == toks[ns].line {
		s.bareService(f, p) // "Labour MP Donald Anderson": his party
	}
	return true
}

// courtTitle reports whether token k is a court's title before a name:
// "Justice Rehnquist", "Chief Judge Ann Williams", not "Justice
// Ministry". The words are ordinary words elsewhere.
func (s *state) courtTitle(f *field, k int) bool {
	toks, g := f.toks, s.x.g
	return k+1 < len(toks) && toks[k].capital && (toks[k].key == "justice" || toks[k].key == "judge") &&
		toks[k+1].capital && !g.english.has(toks[k+1].key) && !g.heads.has(toks[k+1].key)
}

// unknownName reports whether tokens [i, b) are a name of unknown words
// only: no ordinary word, no name the gazetteer knows, no particle, and
// no word glued to the one before ("Al-Sadr" is no given name and a
// surname). A weaker given name opens a person's name only then. The
// given name itself may be a town's ("Regina Jacobs", "Florence
// Griffith"): a person is named like a town.
func (s *state) unknownName(f *field, i, b int, segs []segment) bool {
	g := s.x.g
	for k := i; k < b; k++ {
		t := &f.toks[k]
		sg := segAt(segs, k)
		if sg != nil && !(k == i && s.town(sg)) || g.english.has(t.key) || g.demonyms.has(t.key) || connectors[t.key] || nameParticles[t.key] || t.upper || k > i && t.glued {
			return false
		}
	}
	return true
}

// segAt returns the known name of segs that holds token i, or nil.
func segAt(segs []segment, i int) *segment {
	for k := range segs {
		if i >= segs[k].i && i < segs[k].j {
			return &segs[k]
		}
	}
	return nil
}

// town reports whether the known name sg is one word naming a place
// that is no country: a person may bear it.
func (s *state) town(sg *segment) bool {
	e := &s.x.g.ents[sg.gn.ent]
	return sg.j == sg.i+1 && e.kind == Place && !e.isCountry()
}

// countryAfter reports whether a country in brackets follows token b-1,
// as results name a player's: "Vijay Singh (Fiji)", "Tim Henman (Britain)".
func (s *state) countryAfter(f *field, b int) bool {
	toks := f.toks
	if b+2 >= len(toks) || toks[b].punct != '(' {
		return false
	}
	n, gn := s.match(f, b+1, min(len(toks), b+5), false)
	if n == 0 || b+1+n >= len(toks) || toks[b+1+n].punct != ')' {
		return false
	}
	e := &s.x.g.ents[gn.ent]
	return e.kind == Place && e.isCountry()
}

// teamRoleBefore reports whether a player's or a coach's role stands just
// before the one word at token ns, in a field about sport: "striker
// Ronaldo", "coach Capello", "Goalkeeper Taffarel saved". A player is
// named by his surname alone as often as not.
func (s *state) teamRoleBefore(f *field, a, ns int) bool {
	toks := f.toks
	if ns == 0 || !teamRoles[toks[ns-1].key] || toks[ns-1].line != toks[ns].line || toks[ns].upper {
		return false
	}
	return (ns == a+1 || ns == a && (!toks[ns-1].capital || toks[ns-1].sentence)) && s.sportsField(f)
}

// initialsName reports whether tokens [i, b) are initials and a surname
// of one or two words: "M. Atherton", "A. P. Moller". The surname may be
// a town's name: a person is named like a town.
func (s *state) initialsName(f *field, i, b int) bool {
	toks := f.toks
	k := i
	for k < b && k-i < 3 && toks[k].initial() {
		k++
	}
	if k == i || b-k < 1 || b-k > 2 {
		return false
	}
	for n := k; n < b; n++ {
		if t := &toks[n]; t.upper || s.x.g.english.has(t.key) {
			return false
		}
	}
	if b-k == 2 {
		return true
	}
	// "N. Korea", "S. Africa", "W. Bank": the initial of a point of the
	// compass before one word is no given name; "Group A. Germany" ends a
	// sentence with a label, and no one is named like a country.
	if p := s.x.lookup(Place, toks[k].key); p != nil && p.isCountry() {
		return false
	}
	switch f.text[toks[k-1].start] {
	case 'N', 'S', 'E', 'W':
		return false
	}
	return true
}

// rolesBefore are the roles news writes in lower case before a person's
// full name: "U.N. envoy Terje Roed-Larsen", "Israeli prime minister Ehud
// Barak", "England captain Michael Atherton".
var rolesBefore = map[string]bool{
	"envoy": true, "ambassador": true, "minister": true, "president": true, "premier": true,
	"secretary": true, "spokesman": true, "spokeswoman": true, "spokesperson": true,
	"chairman": true, "chairwoman": true, "governor": true, "mayor": true, "senator": true,
	"congressman": true, "congresswoman": true, "chancellor": true, "commander": true,
	"coordinator": true, "adviser": true, "advisor": true, "director": true, "captain": true,
	"coach": true, "manager": true, "striker": true, "midfielder": true, "goalkeeper": true,
	"defender": true, "batsman": true, "bowler": true, "pitcher": true, "quarterback": true,
	"candidate": true, "lawyer": true, "attorney": true, "judge": true, "justice": true, "prosecutor": true,
	"economist": true, "analyst": true, "correspondent": true, "novelist": true, "author": true,
	"actor": true, "actress": true, "singer": true, "guitarist": true, "drummer": true,
}

// firmAfter reports whether [i, b), after "of", may be a firm's name:
// capitalised words, no known place or person among them ("of
// Bayerische Vereinsbank", "of Salomon Brothers"; not "of Germany").
func (s *state) firmAfter(f *field, i, b int, segs []segment) bool {
	for _, sg := range segs {
		if sg.j > i && s.x.g.ents[sg.gn.ent].kind != Organisation {
			return false
		}
	}
	for k := i; k < b; k++ {
		if t := &f.toks[k]; !t.capital && !t.upper && !connectors[t.key] || t.number {
			return false
		}
	}
	return b-i > 1 || !s.x.g.english.has(f.toks[i].key) // "Paul Beaver of Reading": a town the gazetteer leaves out
}

// peerTitles open the names peers are known by: "Lord Goldsmith"; not
// after "the" ("the Lord Protector"), and not "Lady" or "Earl", which
// open as many things as people ("Lady Luck", "Earl Grey").
var peerTitles = map[string]bool{"lord": true, "baron": true, "baroness": true, "viscount": true}

// roleComma reports whether a role in lower case and a comma stand
// before token a: "Its chairman, Padam Bahadur Gurung, said".
func roleComma(f *field, a int) bool {
	toks := f.toks
	return a >= 2 && toks[a-1].punct == ',' && toks[a-2].line == toks[a].line && rolesBefore[toks[a-2].key] && !toks[a-2].capital
}

// nameEnd returns where a person's name that ends before token b ends in
// the text: after the syllable in lower case that a hyphen joins to its
// last word ("Roh Moo-hyun", "Ban Ki-moon", "Yu Woo-ik"), which is not a
// word of its own; otherwise at the end of token b-1. A short word of the
// dictionary after a longer name is a compound ("Obama-era"), not a
// syllable.
func (s *state) nameEnd(f *field, b int) int {
	toks := f.toks
	last := &toks[b-1]
	end := last.end
	if b >= len(toks) || !last.capital || last.upper || len(last.key) > 5 {
		return end
	}
	t := &toks[b]
	if t.glued && t.word() && !t.capital && !t.upper && !t.number && len(t.key) <= 4 && (len(last.key) <= 3 || !s.x.g.english.has(t.key)) {
		return t.end
	}
	return end
}

// postNominal reports whether t is letters after a person's name, in
// capitals: an office, an honour or a degree ("Nicholas Blake QC",
// "Julian Lewis MP", "Sir John Smith KCB").
func postNominal(t *token) bool {
	return t.upper && (postNominals[t.key] || memberTitles[t.key])
}

// postNominals are the letters of offices and honours; a member's are
// memberTitles.
var postNominals = map[string]bool{
	"qc": true, "kc": true, "obe": true, "mbe": true, "cbe": true,
	"kbe": true, "dbe": true, "gcb": true, "kcb": true, "dso": true, "vc": true, "frs": true,
}

func ruleFor(c bool, yes, no string) string {
	if c {
		return yes
	}
	return no
}

func (s *state) speechAfter(f *field, b int) bool {
	toks := f.toks
	if b < len(toks) && toks[b].word() && speechVerbs[toks[b].key] {
		return true
	}
	return false
}

// appositionAfter reports whether ", [a|an|the] ... role" follows token b.
func (s *state) appositionAfter(f *field, b int) bool {
	toks := f.toks
	if b+1 >= len(toks) || toks[b].punct != ',' {
		return false
	}
	for k := b + 1; k < len(toks) && k <= b+5; k++ {
		t := &toks[k]
		if !t.word() {
			return false
		}
		if roleNouns[t.key] || s.x.g.titles.has(t.key) && t.key != "first" && t.key != "general" {
			return true
		}
		if t.number {
			return false
		}
	}
	return false
}
