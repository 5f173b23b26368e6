package entity

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// Extractor finds entities in documents. It is immutable after New and safe
// for concurrent use.
type Extractor struct {
	g    *gazetteer
	pool sync.Pool
}

// New loads the embedded gazetteer and returns an Extractor. It returns an
// error only when the embedded data is corrupt.
func New() (*Extractor, error) {
	g, err := loadGazetteer(gazetteerData)
	if err != nil {
		return nil, err
	}
	x := &Extractor{g: g}
	x.pool.New = func() any { return new(state) }
	return x, nil
}

// Words that steer the rules.
var (
	// connectors may stand inside a name between capitalised words.
	connectors = map[string]bool{
		"of": true, "the": true, "and": true, "for": true, "de": true, "du": true, "da": true,
		"al": true, "el": true, "bin": true, "ibn": true, "ez": true, "az": true, "ad": true,
		"ar": true, "as": true, "ash": true, "van": true, "von": true, "der": true, "y": true,
		"la": true, "le": true, "on": true, "&": true, "in": true, "at": true,
	}
	// nameParticles may stand inside a person's name.
	nameParticles = map[string]bool{
		"al": true, "el": true, "bin": true, "ibn": true, "de": true, "van": true, "von": true,
		"der": true, "da": true, "du": true, "la": true, "le": true, "abu": true, "bint": true,
	}
	nameSuffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}
	speechVerbs  = map[string]bool{
		"said": true, "says": true, "told": true, "added": true, "noted": true, "stated": true,
		"explained": true, "remarked": true, "announced": true, "wrote": true, "asked": true,
		"emphasized": true, "emphasised": true, "stressed": true, "continued": true,
		"concluded": true, "commented": true, "acknowledged": true, "confirmed": true,
		"declared": true, "warned": true, "insisted": true, "replied": true, "recalled": true,
		"urged": true, "briefed": true, "testified": true, "tweeted": true, "observed": true,
	}
	// speechBefore precede a speaker's name ("said Rear Adm. ...").
	speechBefore = map[string]bool{"said": true, "says": true, "added": true, "noted": true, "explained": true, "according": true}
	// roleNouns in an apposition after a name mark it as a person's
	// ("Albert Connelly, an artillery crew chief").
	roleNouns = map[string]bool{
		"commander": true, "chief": true, "spokesman": true, "spokeswoman": true, "spokesperson": true,
		"director": true, "secretary": true, "minister": true, "president": true, "officer": true,
		"specialist": true, "sergeant": true, "captain": true, "general": true, "admiral": true,
		"colonel": true, "lieutenant": true, "major": true, "leader": true, "head": true,
		"ambassador": true, "envoy": true, "adviser": true, "advisor": true, "manager": true,
		"engineer": true, "pilot": true, "analyst": true, "deputy": true, "chairman": true,
		"executive": true, "founder": true, "governor": true, "senator": true, "representative": true,
		"soldier": true, "sailor": true, "airman": true, "marine": true, "operator": true,
		"technician": true, "instructor": true, "coordinator": true, "professor": true, "son": true,
		"daughter": true, "wife": true, "husband": true, "mother": true, "father": true, "native": true,
		"member": true, "crew": true, "assigned": true, "aged": true, "who": true, "ceo": true,
		"official": true, "administrator": true, "emir": true, "king": true, "prince": true,
	}
	// placeBefore are the nouns of "the town of X".
	placeBefore = map[string]bool{
		"town": true, "city": true, "village": true, "villages": true, "province": true,
		"district": true, "governorate": true, "region": true, "suburb": true, "outskirts": true,
		"port": true, "capital": true, "island": true, "neighborhood": true, "neighbourhood": true,
	}
	// placeAfter follow a place's name ("Luhaiban village").
	placeAfter = map[string]bool{
		"village": true, "town": true, "city": true, "province": true, "governorate": true,
		"district": true, "region": true, "neighborhood": true, "neighbourhood": true,
		"area": true, "countryside": true, "subdistrict": true, "oblast": true,
	}
	// eventHeads end the names of treaties and events.
	eventHeads = map[string]bool{
		"convention": true, "treaty": true, "accord": true, "accords": true, "agreement": true,
		"protocol": true, "summit": true, "conference": true, "dialogue": true, "forum": true,
		"exercise": true, "declaration": true, "initiative": true, "act": true, "strategy": true,
		"review": true, "games": true, "day": true, "communique": true, "communiqué": true,
	}
	// facilityHeads end the names of bases and installations, which are
	// places ("Cape Canaveral Space Force Station", "Tiyas Military
	// Airfield").
	facilityHeads = map[string]bool{
		"base": true, "airfield": true, "arsenal": true, "station": true, "airport": true,
		"shipyard": true, "dam": true, "museum": true, "gate": true, "palace": true,
		"mosque": true, "hospital": true, "prison": true, "bridge": true, "square": true,
	}
	// placeHeads end a capitalised place name ("Idlib Province").
	placeHeads = map[string]bool{
		"province": true, "governorate": true, "district": true, "region": true, "oblast": true,
		"prefecture": true, "county": true,
	}
	// vesselPrefixes and vesselNouns name ships, which are not entities here.
	vesselPrefixes = map[string]bool{
		"uss": true, "usns": true, "hms": true, "hmas": true, "hmcs": true, "hmnzs": true,
		"js": true, "ins": true, "roks": true, "fs": true, "its": true, "tcg": true, "rfs": true,
		"pns": true, "brp": true, "usc": true, "uscgc": true, "rss": true, "kd": true,
	}
	vesselNouns = map[string]bool{
		"carrier": true, "ship": true, "cruiser": true, "destroyer": true, "frigate": true,
		"submarine": true, "vessel": true, "oiler": true, "corvette": true, "warship": true,
		"tanker": true, "aboard": true, "onboard": true, "flagship": true,
	}
	// arabicPlacePrefixes open place names ("Ayn Isa", "Tal Afar").
	arabicPlacePrefixes = map[string]bool{
		"al": true, "ar": true, "as": true, "ad": true, "an": true, "az": true, "ash": true, "at": true,
		"ayn": true, "ain": true, "tal": true, "tall": true, "tell": true, "dayr": true, "deir": true,
		"kafr": true, "jabal": true, "jebel": true, "wadi": true, "ras": true, "bir": true, "qasr": true,
	}
)

// usStates maps the abbreviations of US states used after a town's name
// ("Brandon, Fla.", "Tucson, AZ", "FALLS CHURCH, Va.") to the state: AP
// style and postal codes, by key.
var usStates = func() map[string]string {
	m := map[string]string{}
	for _, r := range []struct{ name, abbr string }{
		{"Alabama", "al ala"}, {"Alaska", "ak"}, {"Arizona", "az ariz"}, {"Arkansas", "ar ark"},
		{"California", "ca calif cal"}, {"Colorado", "co colo"}, {"Connecticut", "ct conn"},
		{"Delaware", "de del"}, {"Florida", "fl fla"}, {"Georgia", "ga"}, {"Hawaii", "hi"},
		{"Idaho", "id"}, {"Illinois", "il ill"}, {"Indiana", "in ind"}, {"Iowa", "ia"},
		{"Kansas", "ks kan kans"}, {"Kentucky", "ky"}, {"Louisiana", "la"}, {"Maine", "me"},
		{"Maryland", "md"}, {"Massachusetts", "ma mass"}, {"Michigan", "mi mich"},
		{"Minnesota", "mn minn"}, {"Mississippi", "ms miss"}, {"Missouri", "mo"},
		{"Montana", "mt mont"}, {"Nebraska", "ne neb nebr"}, {"Nevada", "nv nev"},
		{"New Hampshire", "nh"}, {"New Jersey", "nj"}, {"New Mexico", "nm"}, {"New York", "ny"},
		{"North Carolina", "nc"}, {"North Dakota", "nd"}, {"Ohio", "oh"}, {"Oklahoma", "ok okla"},
		{"Oregon", "or ore"}, {"Pennsylvania", "pa penn"}, {"Rhode Island", "ri"},
		{"South Carolina", "sc"}, {"South Dakota", "sd"}, {"Tennessee", "tn tenn"},
		{"Texas", "tx tex"}, {"Utah", "ut"}, {"Vermont", "vt"}, {"Virginia", "va"},
		{"Washington", "wa wash"}, {"West Virginia", "wv wva"}, {"Wisconsin", "wi wis wisc"},
		{"Wyoming", "wy wyo"},
	} {
		for _, a := range strings.Fields(r.abbr) {
			m[a] = r.name
		}
	}
	return m
}()

// field is one field of a document being read.
type field struct {
	name     string
	text     string
	toks     []token
	headline []bool // by line
	caption  bool
}

type entKey struct {
	kind Kind
	key  string
}

type builder struct {
	e                 Entity
	body, inCaptions  int
	lastKey, firstKey string
	words             int
}

type pending struct {
	f          *field
	i, j       int // tokens
	key        string
	titled     bool
	upper      bool
	headline   bool
	start, end int
	// gn is the gazetteer name the word is when it is nobody's surname.
	gn *gazName
	// speech: the word is the whole run and speaks ("Russell said", "said
	// Russell."): a surname alone.
	speech bool
	// caps: the word is written in capitals and is a name ("MR KIRBY:").
	caps bool
}

// state is the working memory of one extraction.
type state struct {
	x        *Extractor
	ents     map[entKey]*builder
	order    []*builder
	acronyms map[string]*builder
	// partAcronyms are acronyms of two words defined for a part of a known
	// organisation ("NAVSUP WSS"), by the keys of the two words.
	partAcronyms map[string]*builder
	pend         []pending
	fields       [4]field
	toks         [4][]token
	// lastEmitted is the entity of the latest mention.
	lastEmitted *builder
	// vessels are the keys of ship names given after a prefix ("USS").
	vessels map[string]bool
}

// Extract returns the entities of a document.
func (x *Extractor) Extract(d Document) Result {
	s := x.pool.Get().(*state)
	defer x.pool.Put(s)
	s.reset(x)
	s.read(0, FieldBody, d.Body, false)
	s.read(1, FieldSummary, d.Summary, false)
	s.read(2, FieldCaption, strings.Join(d.Captions, "\n"), true)
	s.read(3, FieldTitle, d.Title, false)
	s.resolve()
	s.mergeUnits()
	return s.result()
}

func (s *state) reset(x *Extractor) {
	s.x = x
	if s.ents == nil {
		s.ents = map[entKey]*builder{}
		s.acronyms = map[string]*builder{}
		s.partAcronyms = map[string]*builder{}
	}
	if s.vessels == nil {
		s.vessels = map[string]bool{}
	}
	clear(s.ents)
	clear(s.acronyms)
	clear(s.partAcronyms)
	clear(s.vessels)
	s.order = s.order[:0]
	s.pend = s.pend[:0]
	s.lastEmitted = nil
}

func (s *state) read(n int, name, text string, caption bool) {
	f := &s.fields[n]
	*f = field{name: name, text: text, caption: caption}
	if strings.TrimSpace(text) == "" {
		return
	}
	s.toks[n] = tokenize(text, s.toks[n])
	f.toks = s.toks[n]
	f.headline = headlines(f, name == FieldTitle)
	skip := credits(f)
	toks := f.toks
	for i := 0; i < len(toks); {
		if skip != nil && skip[i] {
			i++
			continue
		}
		t := &toks[i]
		if !t.word() {
			i++
			continue
		}
		if len(s.partAcronyms) > 0 && t.upper && i+1 < len(toks) && toks[i+1].upper && toks[i+1].line == t.line {
			if e := s.partAcronyms[t.key+" "+toks[i+1].key]; e != nil {
				s.addMention(e, f, t.start, toks[i+1].end, "acronym")
				i += 2
				continue
			}
		}
		if s.startsChunk(f, i) {
			if m := s.jointVenture(f, i, skip); m > 0 {
				i = m
				continue
			}
			// A known name may run on past the capitalised words: over a
			// dash ("Combined Joint Task Force – Operation Inherent
			// Resolve") or, for organisations, into lower case ("Iraqi
			// security forces", "Kurdistan regional government").
			if n, gn := s.matchLong(f, i, skip); n > 0 {
				s.emitGaz(f, i, i+n, gn, "gazetteer")
				s.acronymAfter(f, i+n, s.last())
				i += n
				continue
			}
			// "The Combined Joint Task Force – Inherent Resolve Commander".
			if t.key == "the" && i+1 < len(toks) && toks[i+1].line == t.line && (skip == nil || !skip[i+1]) {
				if n, gn := s.matchLong(f, i+1, skip); n > 0 {
					s.emitGaz(f, i+1, i+1+n, gn, "gazetteer")
					s.acronymAfter(f, i+1+n, s.last())
					i += 1 + n
					continue
				}
			}
			j := i + 1
			for j < len(toks) && (skip == nil || !skip[j]) && s.continuesChunk(f, i, j) {
				j++
			}
			// A chunk does not end on a connector.
			for j > i+1 && !toks[j-1].capital && !toks[j-1].upper && !toks[j-1].number {
				j--
			}
			if m := s.nickname(f, i, j, skip); m > 0 {
				i = m
				continue
			}
			if m := s.numberedUnit(f, i, j); m > 0 {
				i = m
				continue
			}
			if j == i+1 {
				if m := s.abbreviatedUnit(f, i); m > 0 {
					i = m
					continue
				}
			}
			if a, m := s.unitChain(f, i, j, skip); m > 0 {
				if a > i {
					s.chunk(f, i, a)
				}
				toks := f.toks
				text := tidy(f.text[toks[a].start:toks[m-1].end])
				s.emit(f, Organisation, s.x.canonicalOrg(text), -1, toks[a].start, toks[m-1].end, "head-word", a, m)
				s.acronymAfter(f, m, s.last())
				i = m
				continue
			}
			s.chunk(f, i, j)
			i = j
			continue
		}
		// Names that match in lower case ("peshmerga").
		if n, gn := s.match(f, i, len(toks), true); n > 0 {
			s.emitGaz(f, i, i+n, gn, "gazetteer")
			i += n
			continue
		}
		i++
	}
}

func (s *state) startsChunk(f *field, i int) bool {
	t := &f.toks[i]
	if s.x.g.notNames.has(t.key) && !t.upper {
		return false
	}
	if t.capital || t.upper || s.particleName(f, i) {
		return true
	}
	// "5th Fleet", "507th Air Refueling Wing".
	if t.number && i+1 < len(f.toks) && f.toks[i+1].capital && isOrdinal(t.key) {
		return true
	}
	return false
}

// particleName reports whether token i is a lower-case article joined to
// a capitalised word, as names are written in running text ("al-Qaida",
// "el-Sisi").
func (s *state) particleName(f *field, i int) bool {
	t := &f.toks[i]
	return (t.key == "al" || t.key == "el") && !t.capital && i+1 < len(f.toks) && f.toks[i+1].glued && f.toks[i+1].capital
}

func isOrdinal(k string) bool {
	return len(k) > 2 && (strings.HasSuffix(k, "st") || strings.HasSuffix(k, "nd") || strings.HasSuffix(k, "rd") || strings.HasSuffix(k, "th")) && k[0] >= '0' && k[0] <= '9'
}

func (s *state) continuesChunk(f *field, start, j int) bool {
	t := &f.toks[j]
	prev := &f.toks[j-1]
	if !t.word() {
		return false
	}
	if t.line != prev.line {
		return false
	}
	if s.x.g.notNames.has(t.key) && !t.upper {
		return false
	}
	if t.capital || t.upper {
		return !t.number || isOrdinal(t.key)
	}
	if t.number {
		// "Task Force 70", "Carrier Strike Group 5".
		return s.x.g.heads.has(prev.key) && !isOrdinal(t.key) && len(t.key) <= 4
	}
	if t.key == "as" && (j+1 >= len(f.toks) || !f.toks[j+1].glued) {
		return false // "Center as the Advanced ...", but "Jisr as-Sughur"
	}
	if connectors[t.key] {
		// Only between capitalised words: look ahead over connectors.
		for k := j + 1; k < len(f.toks) && k < j+3; k++ {
			n := &f.toks[k]
			if !n.word() || n.line != t.line {
				return false
			}
			if n.capital || n.upper {
				return !s.x.g.notNames.has(n.key)
			}
			if !connectors[n.key] {
				return false
			}
		}
	}
	return false
}

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
		key := buf[:0]
		ok := true
		for k := i; k < i+n; k++ {
			if !toks[k].word() {
				ok = false
				break
			}
			if k > i {
				key = append(key, ' ')
			}
			key = append(key, toks[k].key...)
		}
		if !ok {
			continue
		}
		gn, ok := g.names[string(key)]
		if !ok {
			continue
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
	words := strings.Fields(tidy(f.text[toks[a].start:toks[b-1].end]))
	for i, w := range words {
		words[i] = titleCase(w, i == 0)
	}
	s.emit(f, Place, strings.Join(words, " "), -1, toks[a].start, toks[b-1].end, "place-cue", a, b)
	return true
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
		key := buf[:0]
		for w, k := range pos[:n] {
			if w > 0 {
				key = append(key, ' ')
			}
			key = append(key, toks[k].key...)
		}
		gn, ok := g.names[string(key)]
		if !ok || gn.mode == modeExact {
			continue
		}
		last := &toks[pos[n-1]]
		if !last.capital && !last.upper && g.ents[gn.ent].kind != Organisation {
			continue // "Kansas city": only organisations run into lower case
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

// segment is a gazetteer match inside a chunk.
type segment struct {
	i, j int
	gn   *gazName
}

func (s *state) isTitle(t *token) bool {
	return s.x.g.titles.has(t.key) && (t.capital || t.upper)
}

// chunk reads one run of capitalised words, tokens [a, b).
func (s *state) chunk(f *field, a, b int) {
	g := s.x.g
	toks := f.toks
	headline := f.headline[toks[a].line]
	// Drop a leading "The" and, at the start of a sentence, ordinary words.
	for a < b {
		t := &toks[a]
		if connectors[t.key] {
			if t.key == "al" || t.key == "el" {
				// "Al-Qaida", "al-Nusra Front": the article is part of a
				// known name, and of an unknown one written "Al-Sinek".
				if n, _ := s.match(f, a, b, false); n > 1 || t.capital && a+1 < b && toks[a+1].glued && toks[a+1].capital {
					break
				}
			}
			a++
			continue
		}
		if (t.sentence || headline) && !t.upper && g.english.has(t.key) && !g.first.has(t.key) && !g.titles.has(t.key) && !g.demonyms.has(t.key) {
			if n, _ := s.match(f, a, b, false); n == 0 && !(t.sentence && !headline && s.unitName(f, a, b)) {
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
		if !inside && toks[k].key != "in" && toks[k].key != "at" && toks[k].key != "on" && !s.knownFrom(f, k+1, b, segs) {
			if h := s.headOf(f, a, k); h >= 0 && !inSegs(h, segs) {
				inside = true
			}
			// "Combined Air and Space Operations Center", "Space and
			// Missile Defense Command": words that name nothing before
			// "and" and a name ending in a head word after it.
			if (toks[k].key == "and" || toks[k].key == "&") && g.heads.has(toks[b-1].key) && !memberHeads[toks[b-1].key] && b-k > 2 && !s.hasOf(f, k+1, b) {
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
			s.chunk(f, a, k)
			s.chunk(f, k+1, b)
			return
		}
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
	allUpper := true
	for k := a; k < b; k++ {
		if !toks[k].upper && !connectors[toks[k].key] {
			allUpper = false
		}
	}
	if allUpper && s.speaker(f, a, b) {
		return
	}
	// Rules read names in mixed case only: a run in capitals is a heading
	// or a dateline.
	headline = headline || allUpper
	if !headline && s.person(f, a, b, segs) {
		return
	}
	if !headline && s.headWordOrg(f, a, b, segs) {
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

// nameToken reports whether token i may be part of a person's name.
func (s *state) nameToken(t *token) bool {
	g := s.x.g
	if !t.capital && !nameParticles[t.key] {
		return false
	}
	if t.upper && !strings.HasSuffix(t.key, ".") && len(t.key) > 1 && !nameSuffixes[t.key] {
		// An initial is "J." (key "j"); other capitals are acronyms.
		return utf8.RuneCountInString(t.key) == 1
	}
	if t.glued && t.capital && !t.upper {
		return true // "al-Kuwaiti"
	}
	if g.titles.has(t.key) || g.heads.has(t.key) || g.demonyms.has(t.key) || g.notNames.has(t.key) || t.number {
		return false
	}
	return true
}

// person tries to read the chunk [a, b) as a person's name with its title
// ("Iraqi Defense Minister Jumah Inad Sadun"). The words before the name
// are the person's title and name nothing else.
func (s *state) person(f *field, a, b int, segs []segment) bool {
	g := s.x.g
	toks := f.toks
	inSeg := func(i int) *segment {
		for k := range segs {
			if i >= segs[k].i && i < segs[k].j {
				return &segs[k]
			}
		}
		return nil
	}
	ns := b
	for j := b - 1; j >= a && b-j <= 5; j-- {
		t := &toks[j]
		if sg := inSeg(j); sg != nil {
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
		if g.english.has(t.key) && !g.first.has(t.key) && len(t.key) > 1 && j != b-1 && !(j > a && s.isTitle(&toks[j-1])) {
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
	if sg := inSeg(ns); sg != nil && g.ents[sg.gn.ent].kind == Person && sg.j == b {
		s.emitGaz(f, ns, b, sg.gn, ruleFor(s.isTitle(&toks[max(ns-1, a)]) && ns > a, "title-cue", "gazetteer"))
		return true
	}
	if sg := inSeg(ns); sg != nil && sg.j-sg.i > 1 {
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
	titled := ns > a && (s.isTitle(&toks[ns-1]) || ns-3 >= a && toks[ns-2].key == "of" && s.isTitle(&toks[ns-3]) && toks[ns-1].capital)
	rule := ""
	switch {
	case titled:
		rule = "title-cue"
	case words >= 2 && s.speechAfter(f, b) && !(ns == a && a > 0 && prepositions[toks[a-1].key]):
		rule = "speech-verb"
	case words >= 2 && ns == a && a > 0 && toks[a-1].word() && speechBefore[toks[a-1].key]:
		rule = "speech-verb"
	case words >= 2 && s.appositionAfter(f, b):
		rule = "apposition"
	case words >= 2 && g.first.has(toks[ns].key) && !g.english.has(toks[b-1].key) && !arabicPlacePrefixes[toks[ns].key]:
		rule = "first-name"
	}
	if rule == "" {
		return false
	}
	if words == 1 {
		if !titled || g.english.has(toks[ns].key) && !g.first.has(toks[ns].key) {
			// "Secretary Defense": not a name; let the other rules read it.
			return ns > a && titled
		}
		s.pend = append(s.pend, pending{f: f, i: ns, j: b, key: toks[ns].key, titled: true, start: toks[ns].start, end: toks[ns].end})
		return true
	}
	text := f.text[toks[ns].start:toks[b-1].end]
	s.emit(f, Person, s.x.canonicalPerson(text), -1, toks[ns].start, toks[b-1].end, rule, ns, b)
	s.acronymAfter(f, b, s.last())
	return true
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
	if facilityHeads[head] && last == b-1 {
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
		if t.number || !g.english.has(t.key) && !g.demonyms.has(t.key) {
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
	for _, sg := range segs {
		if s.x.g.ents[sg.gn.ent].kind == Organisation && sg.j <= last {
			text := tidy(f.text[toks[a].start:toks[b-1].end])
			s.emit(f, Organisation, s.x.canonicalOrg(text), -1, toks[a].start, toks[b-1].end, "head-word", a, b)
			return true
		}
	}
	text := f.text[toks[a].start:toks[last-1].end]
	if n, gn := s.match(f, a, last, false); n == last-a && s.x.g.ents[gn.ent].kind == Place {
		s.emitGaz(f, a, b, gn, "place-cue")
		return true
	}
	s.emit(f, Place, tidy(text), -1, toks[a].start, toks[b-1].end, "place-cue", a, b)
	return true
}

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
		if !headline && t.capital && !t.upper {
			s.placeCue(f, i, j, a, b)
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
// "near X", "X village", "X, Syria".
func (s *state) placeCue(f *field, i, j, a, b int) {
	g := s.x.g
	toks := f.toks
	// "Brandon, Fla.": a state abbreviation is cue enough even for a
	// word that is also a given name.
	state := j == b && s.stateAfter(f, b)
	for k := i; k < j; k++ {
		if toks[k].upper || g.first.has(toks[k].key) && k == i && !arabicPlacePrefixes[toks[k].key] && !state {
			return
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
		return
	}
	text := f.text[toks[i].start:toks[j-1].end]
	s.emit(f, Place, tidy(text), -1, toks[i].start, toks[j-1].end, "place-cue", i, j)
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

// resolve reads the single words left over: surnames of people named in
// full, acronyms defined in the text, titled surnames.
func (s *state) resolve() {
	g := s.x.g
	for _, p := range s.pend {
		if p.upper {
			if e, ok := s.acronyms[p.key]; ok {
				s.addMention(e, p.f, p.start, p.end, "acronym")
			}
			continue
		}
		var best *builder
		for _, e := range s.order {
			if e.e.Kind != Person || e.words < 2 {
				continue
			}
			if e.lastKey == p.key || strings.TrimPrefix(strings.TrimPrefix(e.lastKey, "al "), "el ") == p.key {
				if best == nil || len(e.e.Mentions) > len(best.e.Mentions) {
					best = e
				}
			}
		}
		if best != nil {
			s.addMention(best, p.f, p.start, p.end, "coref")
			continue
		}
		if p.gn != nil {
			s.emitGaz(p.f, p.i, p.j, p.gn, "gazetteer")
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
		if p.speech && !p.headline && !g.english.has(p.key) && !g.notNames.has(p.key) {
			s.emit(p.f, Person, s.x.canonicalPerson(p.f.text[p.start:p.end]), -1, p.start, p.end, "speech-verb", p.i, p.j)
		}
	}
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
	orgs := buf[:0]
	for _, b := range s.order {
		if b.e.Kind == Organisation && len(b.e.Mentions) > 0 {
			orgs = append(orgs, b)
		}
	}
	if len(orgs) < 2 {
		return
	}
	for _, short := range orgs {
		if short.fromGazetteer() {
			continue // "US Special Operations Command" is another command
		}
		var into *builder
		n := 0
		for _, full := range orgs {
			if full != short && len(full.e.Mentions) > 0 && shortFormOf(short.e.Name, full.e.Name) {
				into = full
				n++
			}
		}
		if n != 1 {
			continue
		}
		into.e.Mentions = append(into.e.Mentions, short.e.Mentions...)
		into.body += short.body
		into.inCaptions += short.inCaptions
		if !slices.Contains(into.e.Aliases, short.e.Name) {
			into.e.Aliases = append(into.e.Aliases, short.e.Name)
		}
		short.e.Mentions = nil
		short.body, short.inCaptions = 0, 0
	}
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

// fullName finds the first capitalised given name and surname in the
// article that end in the surname key: one or two name words, each a given
// name or no ordinary word, before it on the same line.
func (s *state) fullName(key string) (*field, int, int) {
	g := s.x.g
	for n := range s.fields {
		f := &s.fields[n]
		if f.caption {
			continue
		}
		for k, t := range f.toks {
			if t.key != key || !t.capital || t.upper || k == 0 || f.headline[t.line] {
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
	}
	return nil, 0, 0
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
	k := entKey{kind, norm.Key(name)}
	b := s.ents[k]
	if b == nil {
		b = &builder{e: Entity{Name: name, Kind: kind}}
		if ent >= 0 {
			ge := &s.x.g.ents[ent]
			b.e.Lat, b.e.Lon, b.e.HasCoords, b.e.Country = ge.lat, ge.lon, ge.coords, ge.country
			b.e.Aliases = ge.aliasList()
		}
		words := strings.Fields(k.key)
		b.words = len(words)
		b.lastKey = words[len(words)-1]
		if kind == Person {
			// The surname of "Charles Q. Brown Jr." is "brown".
			for len(words) > 1 && nameSuffixes[words[len(words)-1]] {
				words = words[:len(words)-1]
			}
			b.lastKey = words[len(words)-1]
		}
		s.ents[k] = b
		s.order = append(s.order, b)
	}
	s.lastEmitted = b
	s.addMention(b, f, start, end, rule)
}

func (s *state) addMention(b *builder, f *field, start, end int, rule string) {
	b.e.Mentions = append(b.e.Mentions, Mention{Field: f.name, Start: start, End: end, Text: f.text[start:end], Rule: rule})
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

// headlines marks the lines of a field written in headline case: most
// words capitalised and no full stop at the end. A title is always one.
func headlines(f *field, title bool) []bool {
	lines := 1
	if n := len(f.toks); n > 0 {
		lines = f.toks[n-1].line + 1
	}
	out := make([]bool, lines)
	if title {
		for i := range out {
			out[i] = true
		}
		return out
	}
	words := make([]int, lines)
	caps := make([]int, lines)
	lastPunct := make([]rune, lines)
	for _, t := range f.toks {
		if !t.word() {
			lastPunct[t.line] = t.punct
			continue
		}
		lastPunct[t.line] = 0
		if len(t.key) <= 3 && !t.capital && !t.upper {
			continue // short function words are lower case in headlines
		}
		words[t.line]++
		if t.capital || t.upper || t.number {
			caps[t.line]++
		}
	}
	for l := range out {
		out[l] = words[l] >= 3 && caps[l]*5 >= words[l]*4 && lastPunct[l] != '.' && lastPunct[l] != '"' && lastPunct[l] != '”'
	}
	return out
}

func allCapsLine(f *field, line int) bool {
	for _, t := range f.toks {
		if t.line == line && t.word() && t.capital && !t.upper {
			return false
		}
	}
	return true
}

// creditMarkers open a photo credit; the credit runs to the closing bracket
// or the end of the line.
var creditMarkers = []string{"credit:", "story by", "written by", "\nby ", "photo by", "photos by", "photo courtesy", "courtesy photo", "courtesy of", "photo:", "photo illustration by", "graphic by", "video by", "image by", "illustration by", "(photo", "/ reuters", "via wikimedia"}

// credits marks the tokens of photo credits, which name no entity of the
// story.
func credits(f *field) []bool {
	// A byline on the first line ("By Mass Communication Specialist ...")
	// is a credit too: the newline makes it match like the others.
	lower := "\n" + strings.ToLower(f.text)
	var skip []bool
	for _, m := range creditMarkers {
		for off := 0; ; {
			p := strings.Index(lower[off:], m)
			if p < 0 {
				break
			}
			p += off
			start, end := p, len(lower)
			if m == "\nby " {
				start++ // the line itself, not the newline before it
			}
			if nl := strings.IndexByte(lower[p:], '\n'); nl >= 0 {
				end = p + nl
			}
			if open := strings.LastIndexByte(lower[:p+1], '('); open >= 0 && !strings.ContainsAny(lower[open:p], ")\n") {
				start = open
				if close := strings.IndexByte(lower[p:end], ')'); close >= 0 {
					end = p + close + 1
				}
			}
			if skip == nil {
				skip = make([]bool, len(f.toks))
			}
			for i, t := range f.toks {
				// Offsets in lower are one more than in the text.
				if t.start+1 >= start && t.end+1 <= end {
					skip[i] = true
				}
			}
			off = p + len(m)
		}
	}
	return skip
}

// tidy collapses white space, drops format characters and straightens
// apostrophes in a name.
func tidy(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }), " ")
	if !strings.ContainsAny(s, "’‘") {
		return s
	}
	return strings.NewReplacer("’", "'", "‘", "'").Replace(s)
}
