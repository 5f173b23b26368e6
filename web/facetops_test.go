package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index/entity"
)

// filterHit is what a hit of /api/search says of its facet values.
type filterHit struct {
	ID            string   `json:"id"`
	Source        string   `json:"source"`
	People        []string `json:"people"`
	Places        []string `json:"places"`
	Organisations []string `json:"organisations"`
}

// apiArticles returns the ids of every article /api/search finds for
// params (every page, one hit per article), and the hits.
func apiArticles(t *testing.T, params url.Values) []filterHit {
	t.Helper()
	var out []filterHit
	for page := 1; ; page++ {
		p := url.Values{}
		for k, v := range params {
			p[k] = v
		}
		p.Set("collapse", "false")
		p.Set("size", "100")
		p.Set("page", fmt.Sprint(page))
		var ans struct {
			Total int         `json:"total"`
			Hits  []filterHit `json:"hits"`
		}
		if res := get(t, "/api/search?"+p.Encode(), &ans); res.StatusCode != http.StatusOK {
			t.Fatalf("GET /api/search?%s = %d", p.Encode(), res.StatusCode)
		}
		out = append(out, ans.Hits...)
		if len(out) >= ans.Total || len(ans.Hits) == 0 {
			return out
		}
	}
}

// TestFacetOrAndNotAPI checks that /api/search finds, for the filters of
// each case, the articles of the unfiltered search that have any of a
// facet's values (all of them with _op=and) and none of those left out,
// whether the values are names or entity ids.
func TestFacetOrAndNotAPI(t *testing.T) {
	var browse struct {
		Facets map[string][]struct{ Value string } `json:"facets"`
	}
	get(t, "/api/search?facet_size=10", &browse)
	top := func(facet string, i int) string { return browse.Facets[facet][i].Value }
	p0, p1, p2 := top("people", 0), top("people", 1), top("people", 2)
	l0, l1 := top("places", 0), top("places", 1)
	o0, o1 := top("organisations", 0), top("organisations", 1)
	s0, s1 := top("sources", 0), top("sources", 1)
	pid := func(name string) string { return entity.ID(entity.Person, name) }
	// with names the person most often named with p0, for a pair that
	// ANDs to some articles.
	var withP0 struct {
		Facets map[string][]struct{ Value string } `json:"facets"`
	}
	get(t, "/api/search?person_op=and&person="+url.QueryEscape(p0), &withP0) // and: counts of its articles
	i := slices.IndexFunc(withP0.Facets["people"], func(v struct{ Value string }) bool { return v.Value != p0 })
	if i < 0 {
		t.Fatalf("no person is named with %s", p0)
	}
	with := withP0.Facets["people"][i].Value

	type rule struct {
		values func(filterHit) []string
		keep   []string
		and    bool
		not    []string
	}
	people := func(h filterHit) []string { return h.People }
	places := func(h filterHit) []string { return h.Places }
	orgs := func(h filterHit) []string { return h.Organisations }
	sources := func(h filterHit) []string { return []string{h.Source} }
	tests := []struct {
		name   string
		params url.Values
		rules  []rule
	}{
		{"two people OR", url.Values{"person": {p0, p1}}, []rule{{values: people, keep: []string{p0, p1}}}},
		{"two people AND", url.Values{"person": {p0, with}, "person_op": {"and"}}, []rule{{values: people, keep: []string{p0, with}, and: true}}},
		{"person_op=or is the default", url.Values{"person": {p0, p1}, "person_op": {"or"}}, []rule{{values: people, keep: []string{p0, p1}}}},
		{"a person left out", url.Values{"not_person": {p0}}, []rule{{values: people, not: []string{p0}}}},
		{"ids and names mixed, OR and NOT", url.Values{"person": {pid(p0), p1}, "not_person": {pid(p2)}}, []rule{{values: people, keep: []string{p0, p1}, not: []string{p2}}}},
		{"with a query, places OR, a source left out", url.Values{"q": {"iraq"}, "place": {l0, l1}, "not_source": {s0}},
			[]rule{{values: places, keep: []string{l0, l1}}, {values: sources, not: []string{s0}}}},
		{"organisations AND, sources OR, a person left out", url.Values{"org": {o0, o1}, "organisation_op": {"and"}, "source": {s0, s1}, "not_person": {p0}},
			[]rule{{values: orgs, keep: []string{o0, o1}, and: true}, {values: sources, keep: []string{s0, s1}}, {values: people, not: []string{p0}}}},
		{"an organisation left out with a query", url.Values{"q": {"coalition"}, "not_organisation": {o0, o1}}, []rule{{values: orgs, not: []string{o0, o1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for _, h := range apiArticles(t, url.Values{"q": tt.params["q"]}) {
				pass := true
				for _, r := range tt.rules {
					has := func(v string) bool { return slices.Contains(r.values(h), v) }
					switch {
					case slices.ContainsFunc(r.not, has):
						pass = false
					case len(r.keep) == 0:
					case r.and:
						pass = pass && !slices.ContainsFunc(r.keep, func(v string) bool { return !has(v) })
					default:
						pass = pass && slices.ContainsFunc(r.keep, has)
					}
				}
				if pass {
					want = append(want, h.ID)
				}
			}
			var got []string
			for _, h := range apiArticles(t, tt.params) {
				got = append(got, h.ID)
			}
			slices.Sort(want)
			slices.Sort(got)
			if len(want) == 0 {
				t.Fatal("no article passes the filters: the case tests nothing")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: articles (-want +got):\n%s", tt.params.Encode(), diff)
			}
		})
	}
}

// TestFacetExcludedValueListed checks that a value left out is listed in
// its facet, marked excluded, with count 0, under its name when given
// by id.
func TestFacetExcludedValueListed(t *testing.T) {
	var browse searchAnswer
	get(t, "/api/search", &browse)
	person := browse.Facets["people"][0].Value
	var got struct {
		Facets map[string][]struct {
			Value    string
			Count    int
			Selected bool
			Excluded bool
		} `json:"facets"`
	}
	get(t, "/api/search?not_person="+entity.ID(entity.Person, person), &got)
	i := slices.IndexFunc(got.Facets["people"], func(v struct {
		Value    string
		Count    int
		Selected bool
		Excluded bool
	}) bool {
		return v.Value == person
	})
	if i < 0 {
		t.Fatalf("the person left out, %s, is not listed: %+v", person, got.Facets["people"])
	}
	if v := got.Facets["people"][i]; !v.Excluded || v.Selected || v.Count != 0 {
		t.Errorf("the person left out is listed as %+v, want excluded with count 0", v)
	}
}

// TestFacetOpErrors checks the mistakes of the OR/AND/NOT parameters.
func TestFacetOpErrors(t *testing.T) {
	tests := []struct {
		target, wantParam, wantInMsg string
	}{
		{"/api/search?person=A&person_op=xor", "person_op", "want or"},
		{"/api/search?source=CENTCOM&not_source=CENTCOM", "not_source", "both kept and left out"},
		{"/api/search?not_place=p000000000000", "not_place", "no place in the index has that id"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			var got struct {
				Error string `json:"error"`
				Code  string `json:"code"`
			}
			res := get(t, tt.target, &got)
			if res.StatusCode != http.StatusBadRequest || got.Code != "bad_parameter" || !strings.Contains(got.Error, tt.wantInMsg) || !strings.Contains(got.Error, tt.wantParam) {
				t.Errorf("GET %s = %d %q (code %q), want 400 bad_parameter about %s: %q", tt.target, res.StatusCode, got.Error, got.Code, tt.wantParam, tt.wantInMsg)
			}
		})
	}
}
