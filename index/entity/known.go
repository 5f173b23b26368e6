package entity

import (
	"slices"
	"strings"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// Record is what the gazetteer knows of one entity, found by its
// canonical name.
type Record struct {
	Name string
	Kind Kind
	// Lat and Lon are a place's coordinates when HasCoords is set.
	Lat, Lon  float64
	HasCoords bool
	// Country is the ISO 3166 alpha-2 code of the entity's country, when
	// known; Nation says that the place is itself a country.
	Country string
	Nation  bool
	// Aliases are the gazetteer's other names for it, sorted.
	Aliases []string
}

// Lookup returns the gazetteer's record of the entity of kind k whose
// canonical name (as Extract and Canonical write it) is name, and false
// when the gazetteer does not know it (a name found from its context).
// A place told apart by its country ("Tripoli (Lebanon)") is found too.
func (x *Extractor) Lookup(k Kind, name string) (Record, bool) {
	e := x.lookup(k, norm.Key(name))
	if e == nil || e.name != name {
		e = x.alternative(k, name)
	}
	if e == nil {
		return Record{}, false
	}
	r := Record{Name: e.name, Kind: k, Lat: e.lat, Lon: e.lon, HasCoords: e.coords,
		Country: e.country, Nation: e.nation, Aliases: e.aliasList()}
	slices.Sort(r.Aliases)
	return r, true
}

// alternative returns the place of another country that shares its bare
// name with a gazetteer place and is named like "Tripoli (Lebanon)".
func (x *Extractor) alternative(k Kind, name string) *gazEntity {
	bare, _, ok := strings.Cut(name, " (")
	if k != Place || !ok {
		return nil
	}
	owner, ok := x.g.names[norm.Key(bare)]
	if !ok {
		return nil
	}
	for _, a := range x.g.alts[owner.ent] {
		if x.g.ents[a].name == name {
			return &x.g.ents[a]
		}
	}
	return nil
}
