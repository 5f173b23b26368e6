package entity

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the kind of an entity: Person, Place or Organisation.
type Kind int

// The kinds of entity.
const (
	Person Kind = iota
	Place
	Organisation
)

// String returns "person", "place" or "organisation".
func (k Kind) String() string {
	switch k {
	case Person:
		return "person"
	case Place:
		return "place"
	case Organisation:
		return "organisation"
	}
	return "unknown"
}

// Document is the text of one article, field by field.
type Document struct {
	Title   string `json:"title"`
	Summary string `json:"summary,omitempty"`
	Body    string `json:"body"`
	// Captions are photo captions and credits: their mentions count less,
	// and credits are ignored.
	Captions []string `json:"captions,omitempty"`
}

// Field names used in Mention.Field.
const (
	FieldTitle   = "title"
	FieldSummary = "summary"
	FieldBody    = "body"
	FieldCaption = "captions"
)

// Mention is one place in the text where an entity is named.
type Mention struct {
	// Field is "title", "summary", "body" or "captions" (then Start and End
	// are offsets in the captions joined with "\n").
	Field string
	// Start and End are byte offsets of the mention in its field.
	Start, End int
	// Text is the text of the mention.
	Text string
	// Rule names what found it: "gazetteer", "title-cue", "speech-verb",
	// "apposition", "first-name", "acronym", "head-word", "place-cue",
	// "club" (a sports club named by its town, or a side in a line of
	// results or a match report), "nickname" (a team by its plural
	// nickname), "scorer" (a player in a bracket of scorers or
	// batsmen), "company-cue" (a name whose shares the article trades,
	// or where analysts work), "role-cue" (a body named before the role
	// of one of its people: "Communist Refoundation leader Fausto
	// Bertinotti"), "national" (a body
	// named by a bare word, "the Army", "Parliament", given the
	// article's country), "coordination" (a person's name listed with
	// people's: "Vuk Draskovic and Zoran Djindjic", "Andy Flower, Grant
	// Flower, Paul Strang"), "coref" or "tagger" (found from its context
	// by the sequence tagger).
	Rule string
	// Why says, when the mention is written otherwise than the entity's
	// name, why it names the entity: "surname of Haider al-Abadi in this
	// article", "alternate name of Basra in the gazetteer".
	Why string `json:",omitempty"`
}

// Entity is one person, place or organisation of an article.
type Entity struct {
	// Name is the canonical name, the same in every article.
	Name string
	Kind Kind
	// Count is the number of mentions in the title, summary and body, plus
	// one when the entity is also named in captions.
	Count    int
	Mentions []Mention
	// Lat and Lon are the coordinates of a place when HasCoords is set.
	Lat, Lon  float64
	HasCoords bool
	// Country is the ISO 3166 alpha-2 code of the entity's country, when the
	// gazetteer knows it.
	Country string
	// Aliases are the other names of the entity the gazetteer knows, and an
	// acronym the article defined for it: for matching at search time.
	Aliases []string
}

// Result is what Extract finds in one document. Each list is sorted by
// Count, highest first, then by Name.
type Result struct {
	People, Places, Organisations []Entity
}

// Names returns the canonical names of the entities of kind k.
func (r Result) Names(k Kind) []string {
	list := r.of(k)
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.Name
	}
	return out
}

// of returns the entities of kind k.
func (r Result) of(k Kind) []Entity {
	switch k {
	case Person:
		return r.People
	case Place:
		return r.Places
	case Organisation:
		return r.Organisations
	}
	return nil
}

func sortEntities(es []Entity) {
	slices.SortFunc(es, func(a, b Entity) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
}

// Written returns the entity e of an article as the article writes it: of
// its names (Name and Aliases), one that a mention writes, in the spelling of
// that name ("BASRAH" of a dateline is "Basrah"). A name written in full
// (with lower-case letters: "Tony Blinken", "Al Huwayjah", "Congress")
// goes before an acronym ("SDF", "U.S."), the longest first, then the most
// written; a person's name with a title ("President Bush", "Secretary of
// State Colin Powell") is none. A mention's lower-case words after the name are wording, not
// name ("Islamic State militants" writes Islamic State; "Iraqi
// security forces" writes no name of the Iraqi Security Forces). It returns Name
// when no mention writes one of its names but one is capitalised (a
// person named by surname only; a name the input gave), and "" for an
// organisation the article only describes in lower case ("the Iraqi
// army", "Iraqi security forces"): it names it by no
// name.
func (x *Extractor) Written(e Entity) string {
	counts := make(map[string]int, len(e.Mentions))
	// Only organisations' names run into lower case ("Iraqi army").
	named := len(e.Mentions) == 0 || e.Kind != Organisation
	for _, m := range e.Mentions {
		words := strings.Fields(m.Text)
		end := len(words)
		for end > 0 && !capitalisedEnd(words[end-1]) {
			end--
		}
		if end == 0 || !capitalisedEnd(words[0]) && (end == 1 || !nameParticles[strings.ToLower(words[0])]) {
			continue // "government of Iraq"; but "al Qaeda"
		}
		key := NameKey(strings.Join(words[:end], " "))
		if end == len(words) || e.hasName(key) {
			named = true
			counts[key]++
		}
	}
	if !named {
		return ""
	}
	best, bestKey, bestN := e.Name, "", 0
	seen := make(map[string]bool, len(e.Aliases)+1)
	for i := -1; i < len(e.Aliases); i++ {
		name := e.Name
		if i >= 0 {
			name = e.Aliases[i]
		}
		key := NameKey(name)
		if key == "" || seen[key] || !capitalisedEnd(name) || e.Kind == Person && x.titled(name) {
			continue
		}
		seen[key] = true
		if n := counts[key]; n > 0 && (bestN == 0 || writtenBefore(name, key, n, best, bestKey, bestN)) {
			best, bestKey, bestN = name, key, n
		}
	}
	return best
}

// titled reports whether a person's name opens with a title.
func (x *Extractor) titled(name string) bool {
	first, _, _ := strings.Cut(name, " ")
	return x.g.titles.has(NameKey(first))
}

// hasName reports whether key is the key of the entity's name or of one
// of its aliases.
func (e Entity) hasName(key string) bool {
	return NameKey(e.Name) == key || slices.ContainsFunc(e.Aliases, func(a string) bool { return NameKey(a) == key })
}

// capitalisedEnd reports whether the last word of name starts with a
// capital letter or a digit: "Islamic State militants" and "Kurdistan
// region", which the gazetteer knows as a name run into lower case, are
// the article's wording of the name, not a name.
func capitalisedEnd(name string) bool {
	last := name[strings.LastIndexAny(name, " -–")+1:]
	r, _ := utf8.DecodeRuneInString(last)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// writtenBefore reports whether the name a (key ka, written na times) is
// a better name as written than b: in full before an acronym, then longer,
// then more often written.
func writtenBefore(a, ka string, na int, b, kb string, nb int) bool {
	if fa, fb := strings.ContainsFunc(a, unicode.IsLower), strings.ContainsFunc(b, unicode.IsLower); fa != fb {
		return fa
	}
	if fa := strings.ContainsFunc(a, unicode.IsLower); fa && len(ka) != len(kb) {
		return len(ka) > len(kb)
	}
	return na > nb
}

// WrittenNames returns names, values of kind k as Names or the facets
// give them, each as the article of r writes it (Written): the one entity
// of r a value names is written so, "" when the article names it by no
// name; a value r has no entity of (a name the input gave) is kept.
func (x *Extractor) WrittenNames(r Result, k Kind, names []string) []string {
	list := r.of(k)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		key := NameKey(n)
		for _, e := range list {
			if NameKey(e.Name) == key {
				out[i] = x.Written(e)
				break
			}
		}
	}
	return out
}
