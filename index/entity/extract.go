package entity

import (
	"strings"
	"sync"

	"github.com/sitrep/sitrep/index/entity/internal/tagger"
)

// Extractor finds entities in documents. It is immutable after New and safe
// for concurrent use.
type Extractor struct {
	g *gazetteer
	// tagger finds names from their context (nil: rules and gazetteer only).
	tagger *tagger.Model
	// clusters are the word classes the tagger reads (nil when its
	// features read none).
	clusters *tagger.Clusters
	pool     sync.Pool
}

// New loads the embedded gazetteer and tagger model and returns an
// Extractor. It returns an error only when the embedded data is corrupt.
func New() (*Extractor, error) {
	return NewWithModel(taggerData)
}

// NewWithModel is New with another tagger model (as written by
// internal/train), or with none when model is nil: the gazetteer and the
// rules alone. It is for measuring models.
func NewWithModel(model []byte) (*Extractor, error) {
	g, err := loadGazetteer(gazetteerData)
	if err != nil {
		return nil, err
	}
	x := &Extractor{g: g}
	if tagger.UsesClusters() {
		if x.clusters, err = tagger.LoadClusters(clustersData); err != nil {
			return nil, err
		}
	}
	if model != nil {
		if x.tagger, err = tagger.Load(model); err != nil {
			return nil, err
		}
	}
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
		"la": true, "le": true, "on": true, "&": true, "in": true, "at": true, "arap": true,
	}
	// gluedParticles stand in lower case between the hyphened words of a
	// place's name: the Persian ezafe ("Mazar-i-Sharif", "Pul-e-Khumri"),
	// "Port-au-Prince", "Rostov-na-Donu", "Châlons-sur-Marne".
	gluedParticles = map[string]bool{"i": true, "e": true, "au": true, "aux": true, "na": true, "sur": true, "ul": true, "ud": true, "ur": true, "ut": true}
	// nameParticles may stand inside a person's name.
	nameParticles = map[string]bool{
		"al": true, "el": true, "bin": true, "ibn": true, "de": true, "van": true, "von": true,
		"der": true, "da": true, "du": true, "la": true, "le": true, "abu": true, "bint": true,
		"arap": true,
	}
	nameSuffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}
	speechVerbs  = map[string]bool{
		"said": true, "says": true, "told": true, "added": true, "noted": true, "stated": true,
		"explained": true, "remarked": true, "announced": true, "wrote": true, "asked": true,
		"emphasized": true, "emphasised": true, "stressed": true, "continued": true,
		"concluded": true, "commented": true, "acknowledged": true, "confirmed": true,
		"declared": true, "warned": true, "insisted": true, "replied": true, "recalled": true,
		"urged": true, "briefed": true, "testified": true, "tweeted": true, "observed": true,
		"denied": true,
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
		"year": true, "time": true,
	}
	// facilityHeads end the names of bases, installations, grounds and
	// streets, which are places ("Cape Canaveral Space Force Station",
	// "Tiyas Military Airfield"), though a known person's name opens them
	// ("Gaddafi Stadium", "Ataturk Boulevard").
	facilityHeads = map[string]bool{
		"base": true, "airfield": true, "arsenal": true, "station": true, "airport": true,
		"shipyard": true, "dam": true, "museum": true, "gate": true, "palace": true,
		"mosque": true, "hospital": true, "prison": true, "bridge": true, "square": true,
		"stadium": true, "arena": true, "memorial": true, "cemetery": true,
		"street": true, "avenue": true, "boulevard": true, "highway": true, "barracks": true,
	}
	// facilityPrefixes open the names of installations ("Fort Carson",
	// "Camp Lemonnier").
	facilityPrefixes = map[string]bool{"fort": true, "camp": true}
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
	row      []bool // by line: a row of a table or a line of results
	// skip marks the tokens of credits and bylines (nil: none).
	skip    []bool
	caption bool
	// scored: the field holds the score of a match ("2-1", matchScore).
	scored bool
	// versus: the field holds the "v" of a fixture (versus).
	versus bool
	// sport: the field is about sport (sportsField): 1 yes, -1 no, 0 not
	// read yet.
	sport int8
	// scorerLists: the tokens that close a list of scorers in brackets
	// (scorers), so the side after one is a side (afterScorers).
	scorerLists map[int]bool
	// acronymUses caches commonAcronym's reading of each acronym's uses.
	acronymUses map[string]acronymUse
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
	// sameFirst and sameLast are the entity made before it whose name
	// opens, or ends, with the same word (state.byFirst, state.byLast).
	sameFirst, sameLast *builder
	// ent is the gazetteer entity, or -1.
	ent int32
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
	// tagged: the tagger reads the word as a person's name; done: as part
	// of a longer name it found, so the word is read.
	tagged, done bool
	// person: the tagger reads the word as a person's name, however
	// unsure (a misspelt surname may join the full name, namedBy).
	person bool
	// as: the kind of name the tagger reads the word as, an organisation
	// ("Gazprom said", "the NLD") or a place ("in Liverpool"), sure enough
	// to make it one when nothing else explains the word; 0 when none.
	as Kind
	// read: the tagger read the word's field; place: it reads the word as
	// a place, or part of one.
	read, place bool
	// placed: a cue made the word a place (placeCue), so the tagger's
	// reading of it as another kind (as) makes nothing.
	placed bool
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
	// defs are the article's definitions of acronyms, "Office of the
	// Secretary of Defense (OSD)", in the order read (mergeAcronyms).
	defs   []acronymDef
	pend   []pending
	fields [4]field
	toks   [4][]token
	// lastEmitted is the entity of the latest mention, and emitted the
	// number of mentions emitted so far.
	lastEmitted *builder
	emitted     int
	// sides: resultEntry read a side of a match, a club named by its town.
	sides bool
	// title is the article's title as given, for sportsField.
	title string
	// bare are the bodies the article names by a bare word ("the Army",
	// bareService), for nationalServices.
	bare []tokIn
	// countries counts the mentions of organisations by country, reused
	// from article to article (nationalServices).
	countries map[string]int
	// vessels are the keys of ship names given after a prefix ("USS"),
	// and of operations' names ("Operation Silent Sentry"): neither is an
	// entity, also when named alone later.
	vessels map[string]bool
	// byFirst and byLast are the latest entity whose name opens, or ends
	// (a person's surname), with a word, by its key; each links to the one
	// before (sameFirst, sameLast). Resolving every word left over reads
	// these, not all the entities, and the maps, reused from article to
	// article, allocate nothing once grown.
	byFirst, byLast map[string]*builder
	// capAt is where each capitalised word of a long article stands
	// (capitalised), read once, when first asked.
	capAt map[string][]tokAt
	// starts holds, while the tagger's names of a field are read
	// (tagNames), the entities with a mention in the field by where the
	// mention starts: release and retype read these, not every entity.
	starts []mentionStart
	// joinWords and joinCands are the word indexes and candidates of the
	// joins of an article's entities (mergeUnits, mergePeople,
	// placeParts).
	joinWords [2][]wordAt
	joinCands []int
	// listSpans are the mentions of the field whose lists are read
	// (listedPeople), reused from field to field.
	listSpans []listSpan
	capRead   bool
	// placeEdges are where the article's places start and end, by field
	// and offset (placeBeside), read once, when first asked.
	placeEdges map[fieldOffset]bool
	placeRead  bool
	// The tagger's working memory.
	tagToks  []tagger.Token
	tagMarks []bool
	tagSc    tagger.Scratch
	spans    []tagger.Span
	claimed  []claim
	// orgClaimed: an organisation's mention holds the token (claim).
	orgClaimed []bool
	// fieldPend indexes s.pend: the pending words of the field tagNames
	// reads, by their first token (indexPend).
	fieldPend []int
}

// MaxFieldBytes is how much of each field Extract reads: the first 1 MiB,
// ended at a line or a space. Resolving an article's names costs more than
// linear time in the number of its names, and a stored article is
// untrusted input; no news article or report comes near it.
const MaxFieldBytes = 1 << 20

// readable returns the part of text Extract reads (MaxFieldBytes).
func readable(text string) string {
	if len(text) <= MaxFieldBytes {
		return text
	}
	text = text[:MaxFieldBytes]
	if i := strings.LastIndexAny(text, "\n "); i > MaxFieldBytes/2 {
		return text[:i]
	}
	return strings.ToValidUTF8(text, "")
}

// Extract returns the entities of a document: of each field, the first
// MaxFieldBytes.
func (x *Extractor) Extract(d Document) Result {
	s := x.pool.Get().(*state)
	defer x.pool.Put(s)
	s.reset(x)
	s.title = d.Title
	s.read(0, FieldBody, d.Body, false)
	s.read(1, FieldSummary, d.Summary, false)
	s.read(2, FieldCaption, strings.Join(d.Captions, "\n"), true)
	s.read(3, FieldTitle, d.Title, false)
	s.tagNames()
	s.resolve()
	s.clubTowns()
	s.headlineOrgs()
	s.nationalServices()
	s.countryBodies()
	s.mergeUnits()
	s.mergeAcronyms()
	s.mergePeople()
	s.orgsNamedAsPeople()
	s.placeParts()
	s.placeContext()
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
		s.capAt = map[string][]tokAt{}
		s.byFirst = map[string]*builder{}
		s.byLast = map[string]*builder{}
		s.placeEdges = map[fieldOffset]bool{}
	}
	clear(s.capAt)
	clear(s.placeEdges)
	s.placeRead = false
	clear(s.byFirst)
	clear(s.byLast)
	s.capRead = false
	clear(s.ents)
	clear(s.acronyms)
	clear(s.partAcronyms)
	clear(s.vessels)
	s.order = s.order[:0]
	s.pend = s.pend[:0]
	s.defs = s.defs[:0]
	s.lastEmitted = nil
	s.sides = false
	s.bare = s.bare[:0]
}

func (s *state) read(n int, name, text string, caption bool) {
	f := &s.fields[n]
	text = readable(text)
	*f = field{name: name, text: text, caption: caption}
	if strings.TrimSpace(text) == "" {
		return
	}
	s.toks[n] = tokenize(text, s.toks[n])
	f.toks = s.toks[n]
	f.headline, f.row = headlines(f, name == FieldTitle)
	skip := credits(f)
	f.skip = skip
	f.scored = scoreIn(f, 0, len(f.toks)-1)
	f.versus = false
	for k := range f.toks {
		f.versus = f.versus || versusWord(f, &f.toks[k])
	}
	toks := f.toks
	for i := 0; i < len(toks); {
		if skip != nil && skip[i] {
			i++
			continue
		}
		t := &toks[i]
		if t.punct == '(' {
			if m := s.scorers(f, i); m > 0 {
				i = m
				continue
			}
		}
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
			if tickerExchange(f, i) {
				i += 3 // "(NYSE: LMT)": where the company is listed, not a body of the story
				continue
			}
			if m := s.resultEntry(f, i, skip); m > 0 {
				i = m
				continue
			}
			if m := s.coordinatedPlaces(f, i, skip); m > 0 {
				i = m
				continue
			}
			if m := s.jointVenture(f, i, skip); m > 0 {
				i = m
				continue
			}
			// A known name may run on past the capitalised words: over a
			// dash ("Combined Joint Task Force – Operation Inherent
			// Resolve") or, for organisations, into lower case ("Iraqi
			// security forces", "Kurdistan regional government").
			if n, gn := s.matchLong(f, i, skip); n > 0 {
				i = s.emitKnown(f, i, n, gn)
				continue
			}
			// "The Combined Joint Task Force – Inherent Resolve Commander".
			if t.key == "the" && i+1 < len(toks) && toks[i+1].line == t.line && (skip == nil || !skip[i+1]) {
				if n, gn := s.matchLong(f, i+1, skip); n > 0 {
					i = s.emitKnown(f, i+1, n, gn)
					continue
				}
			}
			j := s.runEnd(f, i, skip)
			// "Soldiers of the Queen's Dragoon Guards": a known name that
			// runs on over a possessive where the run stops.
			if a, n, gn := s.possessiveName(f, i, j, skip); n > 0 {
				if e := trimConnectors(toks, i, a); e > i {
					s.chunk(f, i, e)
				}
				i = s.emitKnown(f, a, n, gn)
				continue
			}
			// "Iraq and the Kurdistan regional government": a known name
			// that opens after "and" or "the" inside the run and runs on
			// into lower case past it.
			if a, n, gn := s.lowerTail(f, i, j, skip); n > 0 {
				if e := trimConnectors(toks, i, a); e > i {
					s.chunk(f, i, e)
				}
				i = s.emitKnown(f, a, n, gn)
				continue
			}
			j = trimConnectors(toks, i, j)
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
		// "Credit: Reuters" credits a photo; "Credit Suisse" is a bank.
		// Only a capitalised word that opens a known name of two words is
		// looked up: "he", "it" and "this" run through every article.
		if !t.capital || !s.x.g.starts[t.key] {
			return false
		}
		if n, _ := s.match(f, i, len(f.toks), false); n < 2 {
			return false
		}
	}
	if t.capital || t.upper || s.particleName(f, i) {
		return true
	}
	// "5th Fleet", "507th Air Refueling Wing".
	if t.number && i+1 < len(f.toks) && f.toks[i+1].capital && isOrdinal(t.key) {
		return true
	}
	return s.cardinalUnit(f, i)
}

// cardinalUnits are the unit words that British usage numbers with a
// cardinal: "3 Commando Brigade", "16 Air Assault Brigade", "2 Squadron".
var cardinalUnits = map[string]bool{
	"brigade": true, "regiment": true, "squadron": true, "battalion": true,
	"division": true, "commando": true, "flotilla": true, "wing": true,
}

// cardinalUnit reports whether token i is a cardinal of one to three
// digits that numbers a unit: capitalised words up to a unit word, on the
// line ("3 Commando Brigade"); not a count ("12 Royal Marines", "3
// Brigades", "about 200 Royal Irish Regiment soldiers").
func (s *state) cardinalUnit(f *field, i int) bool {
	toks := f.toks
	t := &toks[i]
	if !smallNumber(t, 3) {
		return false
	}
	if i > 0 && toks[i-1].line == t.line && countWords[toks[i-1].key] {
		return false
	}
	for k := i + 1; k < len(toks) && k <= i+4; k++ {
		n := &toks[k]
		if n.line != t.line || !n.capital || n.upper {
			return false
		}
		if cardinalUnits[n.key] {
			return k+1 >= len(toks) || toks[k+1].line != t.line || !memberNouns[toks[k+1].key]
		}
	}
	return false
}

// lowerTail returns the known name (its first token, length and name)
// that opens after a connector inside the run [i, j) and runs on into
// lower case past j, as matchLong reads one where a run opens; n is 0
// when there is none.
func (s *state) lowerTail(f *field, i, j int, skip []bool) (int, int, *gazName) {
	toks := f.toks
	for a := i + 1; a < j; a++ {
		if !connectors[toks[a-1].key] || !toks[a].capital && !toks[a].upper {
			continue
		}
		if n, gn := s.matchLong(f, a, skip); n > 0 && a+n > j {
			return a, n, gn
		}
	}
	return 0, 0, nil
}

// smallNumber reports whether t is a number of at most digits digits and
// nothing else ("16", not "16th" or "1.5").
func smallNumber(t *token, digits int) bool {
	return t.number && len(t.key) <= digits && strings.Trim(t.key, "0123456789") == ""
}

// countWords before a number make it a count: "about 200".
var countWords = map[string]bool{
	"about": true, "some": true, "nearly": true, "over": true, "than": true, "around": true,
	"approximately": true, "almost": true, "roughly": true,
}

// memberNouns after a unit's name make the number before it a count of
// its members: "200 Royal Irish Regiment soldiers".
var memberNouns = map[string]bool{
	"soldiers": true, "troops": true, "personnel": true, "men": true, "women": true,
	"members": true, "marines": true, "airmen": true, "sailors": true, "officers": true,
	"servicemen": true, "veterans": true, "staff": true, "paratroopers": true,
}

// particleName reports whether token i is a lower-case article joined to
// a capitalised word, as names are written in running text ("al-Qaida",
// "el-Sisi").
func (s *state) particleName(f *field, i int) bool {
	t := &f.toks[i]
	return (t.key == "al" || t.key == "el") && !t.capital && i+1 < len(f.toks) && f.toks[i+1].glued && f.toks[i+1].capital
}

func isOrdinal(k string) bool {
	if n := len(k); n >= 2 && k[n-1] == 'd' && (k[n-2] == '2' || k[n-2] == '3') && k[0] >= '0' && k[0] <= '9' {
		return true // "2d Cavalry Regiment", "82d Airborne Division": the US Army's own style
	}
	return len(k) > 2 && (strings.HasSuffix(k, "st") || strings.HasSuffix(k, "nd") || strings.HasSuffix(k, "rd") || strings.HasSuffix(k, "th")) && k[0] >= '0' && k[0] <= '9'
}

// trimConnectors returns the end of the run [i, j) without the
// connectors it ends on: a chunk does not end on one.
func trimConnectors(toks []token, i, j int) int {
	for j > i+1 && !toks[j-1].capital && !toks[j-1].upper && !toks[j-1].number {
		j--
	}
	return j
}

// emitKnown records the known name of tokens [a, a+n) that matchLong
// found, and an acronym given after it, and returns the token after them.
func (s *state) emitKnown(f *field, a, n int, gn *gazName) int {
	s.emitGaz(f, a, a+n, gn, "gazetteer")
	s.acronymAfter(f, a+n, s.last())
	return a + n
}

// possessiveName finds, in the run [i, j) that stops at a possessive, the
// first word after i (matchLong has read i) from which a known name runs
// on over it ("the Queen's Dragoon Guards", "the People's Republic of
// China"), and returns where the name starts and its tokens.
func (s *state) possessiveName(f *field, i, j int, skip []bool) (int, int, *gazName) {
	toks := f.toks
	if j >= len(toks) || toks[j].punct != 's' || toks[j].start != toks[j-1].end {
		return 0, 0, nil
	}
	for a := i + 1; a < j; a++ {
		if n, gn := s.matchLong(f, a, skip); a+n > j {
			return a, n, gn
		}
	}
	return 0, 0, nil
}

// tickerExchange reports whether token i is the acronym of an exchange
// before a company's ticker in brackets: "(NYSE: LMT)", "[Nasdaq: AVAV]".
func tickerExchange(f *field, i int) bool {
	toks := f.toks
	return i+2 < len(toks) && exchanges[toks[i].key] && toks[i+1].punct == ':' && toks[i+2].upper &&
		toks[i+2].line == toks[i].line && toks[i+1].start == toks[i].end && i > 0 && (toks[i-1].punct == '(' || toks[i-1].punct == '[')
}

// exchanges are the stock exchanges of tickers: "(NYSE: LMT)", not
// "(Source: NATO)".
var exchanges = map[string]bool{
	"nyse": true, "nasdaq": true, "amex": true, "lse": true, "tsx": true, "asx": true,
	"euronext": true, "hkex": true, "sgx": true, "krx": true, "tse": true, "jse": true,
	"bse": true, "nse": true, "six": true, "xetra": true, "otc": true, "otcqx": true,
}

// runEnd returns the end of the run of capitalised words (and the
// connectors and numbers between them) that starts at token i.
func (s *state) runEnd(f *field, i int, skip []bool) int {
	j := i + 1
	for j < len(f.toks) && (skip == nil || !skip[j]) && s.continuesChunk(f, i, j) {
		if j-i >= maxRunTokens && (connectors[f.toks[j].key] || j-i >= 4*maxRunTokens) {
			break // no name is so long: a list of names, read in pieces
		}
		j++
	}
	return j
}

// maxRunTokens bounds a run of capitalised words read as one chunk before
// it is cut at a connector: the longest names are a dozen words ("Alliance
// of Democratic Forces for the Liberation of Congo-Zaire"), and a chunk's
// rules read its run again for each name a connector parts, so a line of
// thousands of names joined by "and" would cost the square of its length.
const maxRunTokens = 24

func (s *state) continuesChunk(f *field, start, j int) bool {
	t := &f.toks[j]
	prev := &f.toks[j-1]
	if !t.word() {
		return false
	}
	if t.line != prev.line {
		return false
	}
	if t.glued && gluedParticles[t.key] && j+1 < len(f.toks) && f.toks[j+1].glued && f.toks[j+1].capital {
		return true // "Mazar-i-Sharif", "Pul-e-Khumri", "Port-au-Prince", "Rostov-na-Donu"
	}
	if t.key == "on" && inquiryHeads[prev.key] && prev.capital && j+1 < len(f.toks) {
		// "Commission on Decommissioning", not "the Commission on Monday".
		n := &f.toks[j+1]
		if n.line != t.line || !n.capital || n.upper || s.x.g.notNames.has(n.key) {
			return false
		}
		m, gn := s.match(f, j+1, len(f.toks), false)
		return m == 0 || s.x.g.ents[gn.ent].kind == Organisation // "the Council on Syria" is the council, and Syria
	}
	if s.x.g.notNames.has(t.key) && !t.upper {
		return false
	}
	if companyHeads[prev.key] && f.text[prev.end-1] == '.' {
		// "Sony Corp. Chairman Norio Ohga", "MCI Communications Corp. MCI's
		// Bert Roberts": a company's legal form with its full stop ends
		// its name.
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
	if afterPlural(f, j) {
		return false
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
