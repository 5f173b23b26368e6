package entity

// Gazetteer matching inside a capitalised run: names, nicknames, joint
// ventures, numbered and abbreviated units, unit chains, datelines.

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// match returns the longest gazetteer name starting at token i and ending
// before limit. lower asks for names that match in lower case only.
func (s *state) match(f *field, i, limit int, lower bool) (int, *gazName) {
	var found gazName
	g := s.x.g
	toks := f.toks
	words := g.maxWords
	if lower {
		words = g.maxWordsAnyCase
	}
	max := words[toks[i].key]
	if max == 0 {
		return 0, nil
	}
	if limit-i < max {
		max = limit - i
	}
	var buf [128]byte
	for n := max; n >= 1; n-- {
		key, ok := joinKey(buf[:0], n, func(k int) string { return nameKey(toks, i+k) }, true)
		if !ok {
			continue
		}
		gn, ok := g.names[string(key)]
		if !ok {
			continue
		}
		if n > 1 && g.ents[gn.ent].kind == Organisation && describes(toks[i:i+n]) {
			continue // "the Iraqi government", "the government of Iraq": descriptions
		}
		found = gn
		switch gn.mode {
		case modeAnyCase:
			return n, &found
		case modeName:
			// A surname the gazetteer knows ("Xi") is written in mixed
			// case; "XI" is a number.
			if n == 1 && toks[i].upper && g.ents[gn.ent].kind == Person {
				continue
			}
			if !lower && (toks[i].capital || toks[i].upper || s.particleName(f, i)) {
				return n, &found
			}
		case modeExact:
			if lower {
				continue
			}
			// "AV-8B", "MQ-9": an acronym joined to a number is a model's
			// designation, not the organisation of that acronym.
			if i+n < len(toks) && toks[i+n].glued && toks[i+n].number && g.ents[gn.ent].kind == Organisation {
				continue
			}
			form := norm.Exact(f.text[toks[i].start:toks[i+n-1].end])
			if found.accepts(form) && !(len(form) <= 3 && f.headline[toks[i].line] && allCapsLine(f, toks[i].line)) {
				return n, &found
			}
		}
	}
	return 0, nil
}

// describes reports whether a known organisation's name, as written in
// toks, describes it: a nationality or a country and "government" in
// lower case ("the Iraqi government", "the U.S. government"), or "the
// government of Iraq", where "the Government of Iraq" names it. A name
// in lower case in full stays one ("Kurdistan regional government").
func describes(toks []token) bool {
	lowerGov := func(t *token) bool { return t.key == "government" && !t.capital && !t.upper }
	switch {
	case len(toks) == 2:
		return lowerGov(&toks[1])
	case len(toks) == 3:
		return lowerGov(&toks[0]) && toks[1].key == "of"
	}
	return false
}

// nickname reads a person named with a quoted nickname, `Brig. Gen.
// Richard "Tex" Coe`: the run [i, j) ends in the given name, the nickname
// follows in quotes, then the surname. The person is named without the
// nickname and the words before the given name are a title. It returns the
// token after the name, or 0.
func (s *state) nickname(f *field, i, j int, skip []bool) int {
	toks := f.toks
	g := s.x.g
	if j+3 >= len(toks) || !isQuote(toks[j].punct) || !s.nameToken(&toks[j-1]) || toks[j-1].upper || !g.first.has(toks[j-1].key) {
		return 0
	}
	k := j + 1
	for k < len(toks) && k <= j+3 && toks[k].word() && (toks[k].capital || toks[k].upper) {
		k++
	}
	if k == j+1 || k+1 >= len(toks) || !isQuote(toks[k].punct) || toks[k].line != toks[j].line {
		return 0
	}
	m := k + 1
	for m < len(toks) && m < k+4 && (skip == nil || !skip[m]) && toks[m].line == toks[k].line && s.nameToken(&toks[m]) && toks[m].capital && !toks[m].upper {
		m++
	}
	if m == k+1 {
		return 0
	}
	name := f.text[toks[j-1].start:toks[j-1].end] + " " + f.text[toks[k+1].start:toks[m-1].end]
	s.emit(f, Person, s.x.canonicalPerson(name), -1, toks[j-1].start, toks[m-1].end, "nickname", j-1, m)
	return m
}

// partOf reads a part of a known organisation named after it and defined
// by the organisation's acronym and the initials of the part: "Naval
// Supply Systems Command Weapon Systems Support (NAVSUP WSS)" is one
// organisation, and "NAVSUP WSS" later in the article is that part, not
// the whole command. It reports whether it read [a, b) so.
func (s *state) partOf(f *field, a, b int, segs []segment) bool {
	toks := f.toks
	g := s.x.g
	if len(segs) == 0 || segs[0].i != a || segs[0].j >= b || g.ents[segs[0].gn.ent].kind != Organisation {
		return false
	}
	if b+3 >= len(toks) || toks[b].punct != '(' || !toks[b+1].upper || !toks[b+2].upper || toks[b+3].punct != ')' {
		return false
	}
	gn, ok := g.names[toks[b+1].key]
	if !ok || gn.ent != segs[0].gn.ent || !initialsFit(toks[b+2].key, toks[segs[0].j:b]) {
		return false
	}
	text := tidy(f.text[toks[a].start:toks[b-1].end])
	s.emit(f, Organisation, text, -1, toks[a].start, toks[b-1].end, "acronym", a, b)
	e := s.last()
	s.partAcronyms[toks[b+1].key+" "+toks[b+2].key] = e
	if acr := f.text[toks[b+1].start:toks[b+2].end]; !slices.Contains(e.e.Aliases, acr) {
		e.e.Aliases = append(e.e.Aliases, acr)
	}
	return true
}

// jointVenture reads a joint venture named by its partners joined with a
// slash, "Raytheon/Lockheed Martin Javelin Joint Venture", as one
// organisation: the partners are not named on their own there. It returns
// the token after the name, or 0.
func (s *state) jointVenture(f *field, i int, skip []bool) int {
	toks := f.toks
	slash := false
	for k := i + 1; k < len(toks) && k < i+12; k++ {
		t := &toks[k]
		if t.line != toks[i].line || skip != nil && skip[k] {
			return 0
		}
		if t.punct == '/' && !slash && k+1 < len(toks) && (toks[k+1].capital || toks[k+1].upper) {
			slash = true
			continue
		}
		if !t.word() || !t.capital && !t.upper && !connectors[t.key] && !t.number {
			return 0
		}
		if slash && t.key == "venture" && toks[k-1].key == "joint" && k-1 > i {
			text := tidy(f.text[toks[i].start:t.end])
			s.emit(f, Organisation, text, -1, toks[i].start, t.end, "head-word", i, k+1)
			s.acronymAfter(f, k+1, s.last())
			return k + 1
		}
	}
	return 0
}

// numberedUnit reads a unit whose acronym stands before its number,
// "Carrier Air Wing (CVW) 5", "Destroyer Squadron (DESRON) 21", as the
// unit "Carrier Air Wing 5". The run [i, j) must end in a head word. It
// returns the token after the number, or 0.
func (s *state) numberedUnit(f *field, i, j int) int {
	toks := f.toks
	if j+3 >= len(toks) || toks[j].punct != '(' || !toks[j+1].upper || toks[j+2].punct != ')' || !toks[j+3].number || isOrdinal(toks[j+3].key) || len(toks[j+3].key) > 4 || toks[j+3].line != toks[i].line {
		return 0
	}
	if !s.x.g.heads.has(toks[j-1].key) || f.headline[toks[i].line] {
		return 0
	}
	a := i
	for a < j-1 && connectors[toks[a].key] {
		a++
	}
	// "Jets of Carrier Air Wing (CVW) 5": ordinary words before "of"
	// describe members of the unit.
	for k := a + 1; k < j-1; k++ {
		if toks[k].key == "of" && s.x.g.english.has(toks[a].key) && !s.x.g.heads.has(toks[a].key) && !s.x.g.titles.has(toks[a].key) {
			if a < k {
				s.chunk(f, a, k)
			}
			a = k + 1
			for a < j-1 && connectors[toks[a].key] {
				a++
			}
			break
		}
	}
	// A numbered unit is named by ordinary words before its head:
	// "Carrier Air Wing" of "USS Carl Vinson Carrier Air Wing (CVW) 2";
	// "Task Force 70 and" is another unit.
	u := j - 1
	for u > a && toks[u-1].capital && s.x.g.english.has(toks[u-1].key) && !connectors[toks[u-1].key] {
		u--
	}
	if u > a && u < j-1 {
		e := u
		for e > a && !toks[e-1].capital && !toks[e-1].upper && !toks[e-1].number {
			e--
		}
		if e > a {
			s.chunk(f, a, e)
		}
		a = u
	}
	if j-a < 2 {
		return 0
	}
	name := tidy(f.text[toks[a].start:toks[j-1].end]) + " (" + f.text[toks[j+1].start:toks[j+1].end] + ") " + f.text[toks[j+3].start:toks[j+3].end]
	canon := s.x.canonicalOrg(name)
	if canon == name {
		canon = tidy(f.text[toks[a].start:toks[j-1].end]) + " " + f.text[toks[j+3].start:toks[j+3].end]
	}
	s.emit(f, Organisation, canon, -1, toks[a].start, toks[j+3].end, "head-word", a, j+4)
	return j + 4
}

// abbreviatedUnit reads a unit named by its kind's abbreviation and its
// number, "CVW 5", "TF 70", "VFA-102", as the unit in full. It returns
// the token after the number, or 0.
func (s *state) abbreviatedUnit(f *field, i int) int {
	toks := f.toks
	t := &toks[i]
	if !t.upper || i+1 >= len(toks) || f.headline[t.line] {
		return 0
	}
	n := &toks[i+1]
	if !n.number || isOrdinal(n.key) || n.line != t.line || unitAbbreviations[f.text[t.start:t.end]] == "" {
		return 0
	}
	text := f.text[t.start:t.end] + " " + f.text[n.start:n.end]
	name := unitFullName(strings.Fields(text))
	if name == "" {
		return 0
	}
	s.emit(f, Organisation, name, -1, t.start, n.end, "head-word", i, i+2)
	return i + 2
}

// unitRanks are the echelons of the head words of military units, smallest
// first. A numbered unit after a comma that ranks above the unit before it
// is its parent, and the two are one name: "3rd Battalion, 321st Field
// Artillery Regiment", "Abel Battery, 3rd Battalion", "2nd Brigade Combat
// Team, 3rd Infantry Division".
var unitRanks = map[string]int{
	"team": 1, "section": 1, "platoon": 1, "detachment": 1, "flight": 1,
	"company": 2, "battery": 2, "troop": 2,
	"battalion": 3, "squadron": 3,
	"regiment": 4, "group": 4, "marines": 4,
	"brigade": 5, "wing": 5,
	"division": 6,
	"corps":    7, "fleet": 7,
}

// unitRank returns the echelon of a unit name ending before token j: its
// last word, or the word before a designator ("Company A", "Team 5").
func (s *state) unitRank(f *field, j int) (rank, head int) {
	toks := f.toks
	h := j - 1
	if h > 0 && (toks[h].number && !isOrdinal(toks[h].key) || toks[h].upper && len(toks[h].key) == 1) {
		h--
	}
	if h < 0 || !toks[h].word() || !toks[h].capital {
		return 0, 0
	}
	r := unitRanks[toks[h].key]
	if toks[h].key == "team" && h > 0 && toks[h-1].key == "combat" {
		r = unitRanks["brigade"] // "Brigade Combat Team"
	}
	return r, h
}

// unitChain finds a unit named with its parents, "3rd Battalion, 321st
// Field Artillery Regiment", at the end of the run [i, j). It returns the
// first and the end token of the whole name, or 0, 0.
func (s *state) unitChain(f *field, i, j int, skip []bool) (int, int) {
	toks := f.toks
	if f.headline[toks[i].line] {
		return 0, 0
	}
	rank, h := s.unitRank(f, j)
	if rank == 0 || h == i && !toks[h].number {
		return 0, 0
	}
	// The unit starts at its number ("the 3rd Battalion") or at the
	// capitalised words before its head ("Abel Battery").
	a := h
	for a > i {
		p := &toks[a-1]
		if !p.word() || connectors[p.key] || p.upper || s.x.g.titles.has(p.key) || s.x.g.demonyms.has(p.key) || !p.capital && !p.number {
			break
		}
		a--
		if p.number {
			break
		}
	}
	if a == h {
		return 0, 0 // a head word alone names no unit
	}
	end := j
	for end+1 < len(toks) && toks[end].punct == ',' && toks[end+1].number && isOrdinal(toks[end+1].key) && toks[end+1].line == toks[end].line && (skip == nil || !skip[end+1]) {
		e := end + 2
		for e < len(toks) && (skip == nil || !skip[e]) && s.continuesChunk(f, end+1, e) {
			e++
		}
		for e > end+2 && !toks[e-1].capital && !toks[e-1].upper && !toks[e-1].number {
			e--
		}
		// A battalion's name takes its regiment or group, a brigade's its
		// division; the brigade a regiment serves in is another unit.
		r, _ := s.unitRank(f, e)
		if r <= rank || rank == unitRanks["regiment"] && r > rank {
			break
		}
		rank, end = r, e
	}
	if end == j {
		return 0, 0
	}
	return a, end
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' }

// stateAbbr reads token a as a US state abbreviation when it follows a
// town's name and a comma ("Brandon, Fla."), and reports whether it did.
func (s *state) stateAbbr(f *field, a int) bool {
	toks := f.toks
	st, ok := usStates[toks[a].key]
	if !ok || a < 2 || toks[a-1].punct != ',' || !toks[a-2].word() || !toks[a-2].capital || toks[a-2].line != toks[a].line {
		return false
	}
	if len(toks[a].key) == 2 && !toks[a].upper && !strings.Contains(f.text[toks[a].start:toks[a].end], ".") {
		// "Tucson, AZ" or "Middleton, Tenn."; "Kabul, Al" is no state.
		if a+1 >= len(toks) || toks[a+1].punct != '.' {
			return false
		}
	}
	if a+1 < len(toks) && toks[a+1].word() && (toks[a+1].capital || toks[a+1].upper) && toks[a+1].line == toks[a].line {
		return false // "Paris, IN Brief"
	}
	gn, ok := s.x.g.names[norm.Key(st)]
	if !ok || s.x.g.ents[gn.ent].kind != Place {
		return false
	}
	s.emit(f, Place, s.x.g.ents[gn.ent].name, gn.ent, toks[a].start, toks[a].end, "place-cue", a, a+1)
	return true
}

// stateAfter reports whether ", <state abbreviation>" follows token b.
func (s *state) stateAfter(f *field, b int) bool {
	toks := f.toks
	if b+1 >= len(toks) || toks[b].punct != ',' || !toks[b+1].word() || !toks[b+1].capital {
		return false
	}
	_, ok := usStates[toks[b+1].key]
	return ok && (b+2 >= len(toks) || !toks[b+2].word() || toks[b+2].line != toks[b+1].line || !toks[b+2].capital)
}

// dateline reads a run in capitals followed by a comma and a state
// abbreviation or a known place as a place, and reports whether it did.
func (s *state) dateline(f *field, a, b int) bool {
	toks := f.toks
	for k := a; k < b; k++ {
		if !toks[k].upper && !connectors[toks[k].key] {
			return false
		}
	}
	if b-a == 1 && len(toks[a].key) <= 3 {
		return false // an acronym
	}
	cue := s.stateAfter(f, b)
	if !cue && b+1 < len(toks) && toks[b].punct == ',' && toks[b+1].capital && !toks[b+1].upper && (a == 0 || toks[a-1].line != toks[a].line) {
		if m, gn := s.match(f, b+1, len(toks), false); m > 0 && s.x.g.ents[gn.ent].kind == Place {
			cue = true
		}
	}
	if !cue {
		return false
	}
	if n, gn := s.match(f, a, b, false); n == b-a {
		if s.x.g.ents[gn.ent].kind == Place {
			s.emitGaz(f, a, b, gn, "gazetteer")
			return true
		}
		return false
	}
	for k := a; k < b; k++ {
		if n, gn := s.match(f, k, b, false); n > 0 && s.x.g.ents[gn.ent].kind != Place {
			return false // "ARMY CONTRACTING COMMAND, ..."
		}
	}
	s.emit(f, Place, titleWords(tidy(f.text[toks[a].start:toks[b-1].end])), -1, toks[a].start, toks[b-1].end, "place-cue", a, b)
	return true
}

// titleWords writes a name in capitals as a name: "CHURCH OF ST MARY" ->
// "Church of St Mary".
func titleWords(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		words[i] = titleCase(w, i == 0)
	}
	return strings.Join(words, " ")
}

// titleCase writes a word in capitals as a name: "CHURCH" -> "Church",
// "OF" -> "of" inside a name.
func titleCase(w string, first bool) string {
	lw := strings.ToLower(w)
	if !first && connectors[lw] {
		return lw
	}
	r, n := utf8.DecodeRuneInString(lw)
	return string(unicode.ToUpper(r)) + lw[n:]
}

// isDash reports whether t is a dash that may stand inside a name.
func isDash(t *token) bool { return t.punct == '-' || t.punct == '–' || t.punct == '—' }

// matchLong returns the longest gazetteer name starting at token i that
// reaches past the run of capitalised words there: across a dash between
// capitalised words, or into lower-case words when the name is an
// organisation's. It returns 0 when no such name is longer than the run.
func (s *state) matchLong(f *field, i int, skip []bool) (int, *gazName) {
	g := s.x.g
	toks := f.toks
	if !toks[i].capital && !toks[i].upper && !s.particleName(f, i) {
		return 0, nil
	}
	max := g.maxWords[toks[i].key]
	if max < 2 {
		return 0, nil
	}
	// The words of the candidate, as token indexes.
	var posBuf [16]int
	pos := append(posBuf[:0], i)
	run := 1 // words of the capitalised run at i
	inRun := true
	for k := i + 1; k < len(toks) && len(pos) < max && len(pos) < len(posBuf); k++ {
		t := &toks[k]
		if t.line != toks[i].line || skip != nil && skip[k] {
			break
		}
		if (isDash(t) || t.punct == '/') && k+1 < len(toks) && toks[k+1].word() && (toks[k+1].capital || toks[k+1].upper) && toks[k+1].line == t.line {
			inRun = false
			continue
		}
		if t.punct == '&' {
			// "Standard & Poor's": the run stops at the ampersand,
			// the known name does not.
			inRun = false
			pos = append(pos, k)
			continue
		}
		if t.punct == 's' && t.start == toks[k-1].end {
			// "Queen's Dragoon Guards": the run stops at the possessive,
			// the known name does not.
			inRun = false
			pos = append(pos, k)
			continue
		}
		if !t.word() {
			break
		}
		if inRun && (t.capital || t.upper || t.number || connectors[t.key]) {
			run++
		} else {
			inRun = false
		}
		pos = append(pos, k)
	}
	var buf [160]byte
	for n := len(pos); n >= 2; n-- {
		end := pos[n-1] + 1
		if n <= run && end-i == n {
			return 0, nil // within the run: the chunk reads it
		}
		key, ok := joinKey(buf[:0], n, func(k int) string { return nameKey(toks, pos[k]) }, true)
		if !ok {
			continue
		}
		gn, ok := g.names[string(key)]
		if !ok || gn.mode == modeExact {
			continue
		}
		last := &toks[pos[n-1]]
		if !last.capital && !last.upper && g.ents[gn.ent].kind != Organisation || describes(toks[i:end]) {
			continue // "Kansas city": only organisations run into lower case; "Iraqi government" describes one
		}
		if gn.mode == modeName && !toks[i].capital && !toks[i].upper && !s.particleName(f, i) {
			continue
		}
		found := gn
		return end - i, &found
	}
	return 0, nil
}

// keyOf returns the lookup key of tokens [i, j).
func (s *state) keyOf(f *field, i, j int) string {
	var b strings.Builder
	for k := i; k < j; k++ {
		if k > i {
			b.WriteByte(' ')
		}
		b.WriteString(f.toks[k].key)
	}
	return b.String()
}

// arabicArticle reports whether a word is the Arabic article of the word
// after it: "al" and "el", and the forms it takes before a sun letter
// ("Az Zubayr", "As Samawah", "Ash Shatrah", "An Nasiriyah").
func arabicArticle(key, next string) bool {
	switch key {
	case "al", "el":
		return true
	case "az", "as", "ad", "an", "ar", "at", "ash", "adh", "ath":
		return len(next) > len(key) && strings.HasPrefix(next, key[1:])
	}
	return false
}
