package web

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search"
)

// facetSpec is one term facet as the web side reads and shows it. The
// search page, the facet page, the article page, the help page and the
// JSON API all read facetSpecs; TestFacetSpecsAreWired checks that each
// row is parsed from the URL, rendered, answered by the API and described
// in openapi.json.
type facetSpec struct {
	// Name is the search facet (search.FacetPeople): the key of its
	// values in the API's facets and its /facets/{name} route.
	Name string
	// Param filters on one value (person=); Alias is a second spelling
	// of it the URL accepts (org=), or "".
	Param, Alias string
	// Label heads the facet ("People"), Kind names one value ("person")
	// and Noun the values in running text ("people").
	Label, Kind, Noun string
	// Help says on the help page what the values are.
	Help string
	// filter is the field of search.Request that Param fills, not the
	// one NotParam fills, and all the switch OpParam sets.
	filter, not func(*search.Request) *[]string
	all         func(*search.Request) *bool
	// hit and article point at the values of a hit and of an article,
	// for the facets that are an article's entities: linked on the search
	// and article pages, listed by the API's hits and articles under
	// Name. nil for the others.
	hit     func(*search.Hit) *[]string
	article func(*index.Article) *[]string
}

// facetSpecs are the term facets, in the order the pages show them.
var facetSpecs = []facetSpec{
	{
		Name: search.FacetPeople, Param: "person", Label: "People", Kind: "person", Noun: "people",
		Help:    "the people the articles are about",
		filter:  func(r *search.Request) *[]string { return &r.People },
		not:     func(r *search.Request) *[]string { return &r.NotPeople },
		all:     func(r *search.Request) *bool { return &r.AllPeople },
		hit:     func(h *search.Hit) *[]string { return &h.People },
		article: func(a *index.Article) *[]string { return &a.People },
	},
	{
		Name: search.FacetPlaces, Param: "place", Label: "Places", Kind: "place", Noun: "places",
		Help:    "the places the articles are about",
		filter:  func(r *search.Request) *[]string { return &r.Places },
		not:     func(r *search.Request) *[]string { return &r.NotPlaces },
		all:     func(r *search.Request) *bool { return &r.AllPlaces },
		hit:     func(h *search.Hit) *[]string { return &h.Places },
		article: func(a *index.Article) *[]string { return &a.Places },
	},
	{
		Name: search.FacetOrganisations, Param: "organisation", Alias: "org", Label: "Organisations", Kind: "organisation", Noun: "organisations",
		Help:    "the organisations the articles are about",
		filter:  func(r *search.Request) *[]string { return &r.Organisations },
		not:     func(r *search.Request) *[]string { return &r.NotOrganisations },
		all:     func(r *search.Request) *bool { return &r.AllOrganisations },
		hit:     func(h *search.Hit) *[]string { return &h.Organisations },
		article: func(a *index.Article) *[]string { return &a.Organisations },
	},
	{
		Name: search.FacetSources, Param: "source", Label: "Sources", Kind: "source", Noun: "sources",
		Help:   "the publication an article comes from",
		filter: func(r *search.Request) *[]string { return &r.Sources },
		not:    func(r *search.Request) *[]string { return &r.NotSources },
		all:    func(r *search.Request) *bool { return &r.AllSources },
	},
}

// NotParam leaves a value out (not_person=); OpParam=and makes the
// values of Param AND (person_op=and), where they OR by default.
func (f facetSpec) NotParam() string { return "not_" + f.Param }
func (f facetSpec) OpParam() string  { return f.Param + "_op" }

// findFacet returns the first facet for which is reports true.
func findFacet(is func(facetSpec) bool) (facetSpec, bool) {
	i := slices.IndexFunc(facetSpecs, is)
	if i < 0 {
		return facetSpec{}, false
	}
	return facetSpecs[i], true
}

// values reads the URL's values of the facet's parameter and its alias.
func (f facetSpec) values(q map[string][]string) []string {
	if f.Alias == "" || len(q[f.Alias]) == 0 {
		return q[f.Param]
	}
	return append(slices.Clone(q[f.Param]), q[f.Alias]...)
}

// facetNames lists the facets in running text: "people, places,
// organisations and sources".
func facetNames() string {
	names := make([]string, len(facetSpecs))
	for i, f := range facetSpecs {
		names[i] = f.Name
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return fmt.Sprintf("%s and %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}
