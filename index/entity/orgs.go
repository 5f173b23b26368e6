package entity

// Rules for organisations the gazetteer does not know: head words, products,
// the words before and after a head.

import (
	"strings"
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
	if facilityHeads[head] && last == b-1 || b == a+2 && facilityPrefixes[toks[a].key] && toks[a].capital && toks[a+1].capital && !toks[a+1].number {
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
		}
		text := f.text[toks[a].start:toks[b-1].end]
		s.emit(f, Organisation, s.x.canonicalOrg(text), -1, toks[a].start, toks[b-1].end, "head-word", a, b)
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
		if t.number || !g.english.has(t.key) && !g.demonyms.has(t.key) || t.upper && romanNumeral(f.text[t.start:t.end]) {
			// "VI Corps", "IV Corps": numbered in Roman numerals.
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
	if !distinct && mods < 2 && last == b-1 {
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
		"deportivo": true, "racing": true, "ajax": true,
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
	if b-a < 2 || !s.clubPrefix(f, a, b) && !s.clubSuffix(f, a, b, segs) {
		return false
	}
	toks := f.toks
	text := tidy(f.text[toks[a].start:toks[b-1].end])
	s.emit(f, Organisation, s.x.canonicalOrg(text), -1, toks[a].start, toks[b-1].end, "club", a, b)
	return true
}

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
// by "of" or "for" and capitalised words up to b ("Ministry of Culture"),
// or -1. The run must not open with a title ("Secretary of Defense").
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
		if !t.capital || !g.heads.has(t.key) || toks[h+1].key != "of" && toks[h+1].key != "for" {
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
func inSegs(i int, segs []segment) bool {
	for _, sg := range segs {
		if sg.i <= i && i < sg.j {
			return true
		}
	}
	return false
}

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
