package web

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/sitrep/sitrep/search"
)

// TestHitJSONBytes pins the bytes of hits as GET /api/search answers
// them: every key in its place, the entity facets after also_in_total
// (people, places, organisations), then "entities" with the same keys in
// byte order, each list [] when empty, HTML escaped as encoding/json
// escapes it.
func TestHitJSONBytes(t *testing.T) {
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	hits := []search.Hit{
		{
			ID: "a1", URL: "https://example.com/a?x=1&y=<2>", Source: "Defense News", Published: &day,
			Title:   search.Marked{Text: "Strikes on Kyiv", Spans: []search.Span{{Start: 11, End: 15}}},
			Snippet: search.Marked{Text: "Drones & missiles hit Kyiv…", Spans: []search.Span{{Start: 22, End: 26}}},
			People:  []string{"Hans Ivanov", "Kenji Smith"}, Places: []string{"Kyiv"},
			Score: 1.25, Story: "s1", AlsoInTotal: 1,
			AlsoIn:  []search.Member{{ID: "a2", Title: "Kyiv", Source: "AP", Published: &day}},
			Matched: []search.Match{{Kind: search.MatchWord, Text: "Kyiv"}},
		},
		{ID: "a3", Title: search.Marked{Text: "Plain"}, Organisations: []string{"NATO"}},
	}
	got, err := json.Marshal(hitsJSON(hits))
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"id":"a1","title":"Strikes on Kyiv","title_html":"Strikes on \u003cmark\u003eKyiv\u003c/mark\u003e","url":"https://example.com/a?x=1\u0026y=\u003c2\u003e","source":"Defense News","published":"2024-05-01T00:00:00Z","snippet":"Drones \u0026amp; missiles hit \u003cmark\u003eKyiv\u003c/mark\u003e…","title_spans":[[11,15]],"snippet_text":"Drones \u0026 missiles hit Kyiv…","snippet_spans":[[22,26]],"matched":[{"kind":"word","text":"Kyiv"}],"score":1.25,"story":"s1","also_in":[{"id":"a2","title":"Kyiv","source":"AP","published":"2024-05-01T00:00:00Z"}],"also_in_total":1,"people":["Hans Ivanov","Kenji Smith"],"places":["Kyiv"],"organisations":[],"entities":{"organisations":[],"people":[{"id":"pc8c3200c33d7","name":"Hans Ivanov"},{"id":"p16a53fbd942a","name":"Kenji Smith"}],"places":[{"id":"l3e2652ae166d","name":"Kyiv"}]}},{"id":"a3","title":"Plain","title_html":"Plain","snippet":"","title_spans":[],"snippet_text":"","snippet_spans":[],"matched":[],"score":0,"story":"","also_in":[],"also_in_total":0,"people":[],"places":[],"organisations":["NATO"],"entities":{"organisations":[{"id":"obc265a839214","name":"NATO"}],"people":[],"places":[]}}]`
	if string(got) != want {
		t.Errorf("hits as JSON:\n got %s\nwant %s", got, want)
	}
}

// TestHitEntitiesHoldEveryEntityFacet checks that a hit's JSON has lists
// for each facet of facetSpecs that is an article's entities.
func TestHitEntitiesHoldEveryEntityFacet(t *testing.T) {
	var e hitEntities
	for _, f := range facetSpecs {
		names, refs := e.lists(f.Name)
		if (f.hit != nil) != (names != nil && refs != nil) {
			t.Errorf("facet %s: entity of a hit %v, but hitEntities.lists gives %v, %v", f.Name, f.hit != nil, names, refs)
		}
	}
}
