package entity_test

import (
	"testing"

	"github.com/sitrep/sitrep/index/entity"
)

func TestLookup(t *testing.T) {
	x := mustExtractor(t)
	cases := []struct {
		kind    entity.Kind
		name    string
		known   bool
		coords  bool
		country string
	}{
		{entity.Place, "Basra", true, true, "IQ"},
		{entity.Place, "Kyiv", true, true, "UA"},
		{entity.Place, "Tripoli (Lebanon)", true, true, "LB"},
		{entity.Organisation, "Islamic State", true, false, ""},
		{entity.Person, "Nobody Inparticular", false, false, ""},
		{entity.Place, "Basrah", false, false, ""}, // an alias, not the canonical name
	}
	for _, c := range cases {
		r, ok := x.Lookup(c.kind, c.name)
		if ok != c.known {
			t.Errorf("Lookup(%v, %q) known = %v, want %v", c.kind, c.name, ok, c.known)
			continue
		}
		if !ok {
			continue
		}
		if r.Name != c.name || r.Kind != c.kind || r.HasCoords != c.coords || r.Country != c.country {
			t.Errorf("Lookup(%v, %q) = %+v", c.kind, c.name, r)
		}
	}
	if r, _ := x.Lookup(entity.Organisation, "Islamic State"); len(r.Aliases) == 0 {
		t.Error("Islamic State has no aliases (ISIS, Daesh …)")
	}
}
