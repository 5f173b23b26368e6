package entity

import (
	"cmp"
	"slices"
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
	// "coref" or "tagger" (found from its context by the sequence tagger).
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
	var list []Entity
	switch k {
	case Person:
		list = r.People
	case Place:
		list = r.Places
	case Organisation:
		list = r.Organisations
	}
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.Name
	}
	return out
}

func sortEntities(es []Entity) {
	slices.SortFunc(es, func(a, b Entity) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
}
