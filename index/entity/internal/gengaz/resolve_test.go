package main

import (
	"fmt"
	"slices"
	"testing"
)

// TestResolvePlaces: a governorate named after its city is one place with
// it, and a place of another country that shares a name is kept as an
// alternative, told apart by its country when the names are the same.
func TestResolvePlaces(t *testing.T) {
	entries := func() []*entry {
		return []*entry{
			{kind: kindPlace, name: "Iraq", country: "IQ", prio: prioCountry, nation: true},
			{kind: kindPlace, name: "Lebanon", country: "LB", prio: prioCountry, nation: true},
			{kind: kindPlace, name: "Karbala'", country: "IQ", prio: prioAdmin1, admin1: "12"},
			{kind: kindPlace, name: "Karbala", country: "IQ", prio: prioCity, pop: 434000, admin1: "12", coords: true, lat: 32.6, lon: 44.0, aliases: []string{"Kerbala", "Karbala'"}},
			{kind: kindPlace, name: "Tripoli", country: "LY", prio: prioCity, pop: 1302947},
			{kind: kindPlace, name: "Tripoli", country: "LB", prio: prioCity, pop: 229398},
			{kind: kindPlace, name: "Tripoli", country: "LB", prio: prioCity, pop: 20000},
			{kind: kindPlace, name: "Paris", country: "FR", prio: prioCity, pop: 2138551},
			{kind: kindPlace, name: "Paris", country: "US", prio: prioCity, pop: 25171},
			{kind: kindPlace, name: "New York", country: "US", prio: prioAdmin1, admin1: "NY"},
			{kind: kindPlace, name: "New York City", country: "US", prio: prioCity, pop: 8804190, admin1: "NY", aliases: []string{"New York"}},
			{kind: kindPlace, name: "Delhi", country: "IN", prio: prioAdmin1, admin1: "07"},
			{kind: kindPlace, name: "Delhi", country: "IN", prio: prioCity, pop: 10927986, admin1: "07", aliases: []string{"Dilli", "New Delhi"}},
			{kind: kindPlace, name: "New Delhi", country: "IN", prio: prioCity, pop: 317797, admin1: "07", aliases: []string{"Neu-Delhi", "Dilli"}},
		}
	}
	var got []string
	for _, e := range resolve(entries()) {
		s := fmt.Sprintf("%s/%s", e.name, e.country)
		if e.alt {
			s += " alt of " + e.altOf.name
		}
		if len(e.aliases) > 0 {
			s += fmt.Sprintf(" %v", e.aliases)
		}
		got = append(got, s)
	}
	slices.Sort(got)
	want := []string{
		"Delhi/IN [Dilli]", // the territory and its city
		"Iraq/IQ",
		"Karbala/IQ [Kerbala Karbala']", // the governorate and its city, named as the city
		"Lebanon/LB",
		"New Delhi/IN [Neu-Delhi]", // a city's own name, though Delhi lists it
		"New York City/US",
		"New York/US", // a state is not its city
		"Paris/FR",    // Paris, Texas is too small to be France's alternative, and neither is at war
		"Tripoli (Lebanon)/LB alt of Tripoli [Tripoli]", // one alternative a country
		"Tripoli/LY",
	}
	if !slices.Equal(got, want) {
		t.Errorf("resolve:\n got %q\nwant %q", got, want)
	}
}
