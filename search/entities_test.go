package search_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// entityFilters sets the filter of the entity facet named facet on r.
var entityFilters = map[string]func(r *search.Request) *[]string{
	search.FacetPeople:        func(r *search.Request) *[]string { return &r.People },
	search.FacetPlaces:        func(r *search.Request) *[]string { return &r.Places },
	search.FacetOrganisations: func(r *search.Request) *[]string { return &r.Organisations },
}

// notFilters leave out values of the entity facet named facet on r.
var notFilters = map[string]func(r *search.Request) *[]string{
	search.FacetPeople:        func(r *search.Request) *[]string { return &r.NotPeople },
	search.FacetPlaces:        func(r *search.Request) *[]string { return &r.NotPlaces },
	search.FacetOrganisations: func(r *search.Request) *[]string { return &r.NotOrganisations },
}

// topEntity returns the most frequent value of an entity facet over the
// whole corpus, failing when it has none.
func topEntity(t *testing.T, eng *search.Engine, facet string) search.FacetValue {
	t.Helper()
	res, err := eng.Search(context.Background(), search.Request{})
	if err != nil {
		t.Fatal(err)
	}
	values := res.Facets[facet].Values
	if len(values) == 0 {
		t.Fatalf("the corpus has no %s", facet)
	}
	return values[0]
}

// resultShape is what filtering by id and by name must both give.
type resultShape struct {
	Total, Stories uint64
	IDs            []string
	Facets         map[string]search.Facet
}

func shape(r *search.Result) resultShape {
	s := resultShape{Total: r.Total, Stories: r.Stories, Facets: r.Facets}
	for _, h := range r.Hits {
		s.IDs = append(s.IDs, h.ID)
	}
	return s
}

func TestFilterByEntityID(t *testing.T) {
	eng := mustUncachedEngine(t)
	ctx := context.Background()
	for _, facet := range []string{search.FacetPeople, search.FacetPlaces, search.FacetOrganisations} {
		t.Run(facet, func(t *testing.T) {
			kind, ok := search.EntityKind(facet)
			if !ok {
				t.Fatalf("EntityKind(%q) is not an entity facet", facet)
			}
			top := topEntity(t, eng, facet)
			if want := entity.ID(kind, top.Value); top.ID != want {
				t.Fatalf("facet value %q has id %q, want entity.ID = %q", top.Value, top.ID, want)
			}
			byName, byID := search.Request{Size: 50}, search.Request{Size: 50}
			*entityFilters[facet](&byName) = []string{top.Value}
			*entityFilters[facet](&byID) = []string{top.ID}
			named, err := eng.Search(ctx, byName)
			if err != nil {
				t.Fatal(err)
			}
			ided, err := eng.Search(ctx, byID)
			if err != nil {
				t.Fatalf("filter by id %s: %v", top.ID, err)
			}
			if named.Total == 0 || named.Total != uint64(top.Count) {
				t.Errorf("filter by name %q: %d articles, want the facet's count %d", top.Value, named.Total, top.Count)
			}
			if diff := cmp.Diff(shape(named), shape(ided)); diff != "" {
				t.Errorf("filter by id differs from filter by name (-name +id):\n%s", diff)
			}
			if got := *entityFilters[facet](&byID); got[0] != top.ID {
				t.Errorf("the caller's request was changed: %q", got)
			}
			sel := ided.Facets[facet].Values
			if i := slices.IndexFunc(sel, func(v search.FacetValue) bool { return v.Selected }); i < 0 || sel[i].Value != top.Value {
				t.Errorf("selected values of a search by id: %+v, want %q selected by name", sel, top.Value)
			}

			// FacetValues takes ids too.
			fv, err := eng.FacetValues(ctx, search.FacetRequest{Request: byID, Facet: facet})
			if err != nil {
				t.Fatal(err)
			}
			fn, err := eng.FacetValues(ctx, search.FacetRequest{Request: byName, Facet: facet})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(fn, fv); diff != "" {
				t.Errorf("facet values under a filter by id (-name +id):\n%s", diff)
			}
		})
	}
}

// TestFilterByIDsOfTwoKinds filters on a person's and a place's ids at
// once: the same as their names, and the caller's request unchanged.
func TestFilterByIDsOfTwoKinds(t *testing.T) {
	eng := mustUncachedEngine(t)
	ctx := context.Background()
	named, err := eng.Search(ctx, search.Request{Places: []string{"Irbil"}})
	if err != nil || len(named.Hits) == 0 || len(named.Hits[0].People) == 0 {
		t.Fatalf("no article of Irbil with a person: %v", err)
	}
	person := named.Hits[0].People[0]
	other := topEntity(t, eng, search.FacetPlaces).Value
	if other == "Irbil" {
		t.Fatal("Irbil is the top place: pick another place for the test")
	}
	pid, irbil, oid := entity.ID(entity.Person, person), entity.ID(entity.Place, "Irbil"), entity.ID(entity.Place, other)
	for _, tt := range []struct {
		name         string
		byName, byID search.Request
	}{
		{"kept", search.Request{People: []string{person}, Places: []string{"Irbil"}},
			search.Request{People: []string{pid}, Places: []string{irbil}}},
		{"ORed, one by name", search.Request{Places: []string{"Irbil", other}},
			search.Request{Places: []string{irbil, other}}},
		{"left out", search.Request{NotPeople: []string{person}, Places: []string{other}},
			search.Request{NotPeople: []string{pid}, Places: []string{oid}}},
		{"ANDed and left out", search.Request{Places: []string{"Irbil", other}, AllPlaces: true, NotPeople: []string{person}},
			search.Request{Places: []string{irbil, oid}, AllPlaces: true, NotPeople: []string{pid}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			given := fmt.Sprint(tt.byID)
			want, err := eng.Search(ctx, tt.byName)
			if err != nil {
				t.Fatal(err)
			}
			got, err := eng.Search(ctx, tt.byID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(shape(want), shape(got)); diff != "" {
				t.Errorf("filter by ids differs from by names (-names +ids):\n%s", diff)
			}
			if fmt.Sprint(tt.byID) != given {
				t.Errorf("the caller's request changed from %s to %s", given, fmt.Sprint(tt.byID))
			}
		})
	}
}

func TestFilterByBadEntityID(t *testing.T) {
	eng := mustUncachedEngine(t)
	place := topEntity(t, eng, search.FacetPlaces)
	unknown := entity.ID(entity.Person, "Nobody Anybody-Nowhere")
	tests := []struct {
		name      string
		req       search.Request
		wantParam string
		wantMsg   []string
	}{
		{"a place's id as a person", search.Request{People: []string{place.ID}}, "person",
			[]string{"person=" + place.ID, "id of a place (" + place.Value + ")", "place=" + place.ID}},
		{"an id nobody has", search.Request{People: []string{unknown}}, "person",
			[]string{"person=" + unknown, "no person in the index has that id", "name"}},
		{"an id nothing has, as an organisation", search.Request{Organisations: []string{"o000000000000"}}, "organisation",
			[]string{"organisation=o000000000000", "no organisation"}},
		{"a place's id left out as a person", search.Request{NotPeople: []string{place.ID}}, "not_person",
			[]string{"not_person=" + place.ID, "id of a place (" + place.Value + ")", "not_place=" + place.ID}},
		{"an id nobody has, left out", search.Request{NotPeople: []string{unknown}}, "not_person",
			[]string{"not_person=" + unknown, "no person in the index has that id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eng.Search(context.Background(), tt.req)
			qe, ok := errors.AsType[*search.QueryError](err)
			if !ok {
				t.Fatalf("Search = %v, want a *QueryError", err)
			}
			if qe.Param != tt.wantParam {
				t.Errorf("param %q, want %q", qe.Param, tt.wantParam)
			}
			for _, w := range tt.wantMsg {
				if !strings.Contains(qe.Msg, w) {
					t.Errorf("message %q lacks %q", qe.Msg, w)
				}
			}
			_, err = eng.FacetValues(context.Background(), search.FacetRequest{Request: tt.req, Facet: search.FacetPeople})
			if _, ok := errors.AsType[*search.QueryError](err); !ok {
				t.Errorf("FacetValues = %v, want a *QueryError", err)
			}
		})
	}
}

// TestNameLikeAnID checks that a name with the form of an id, held by an
// article, still filters as a name.
func TestNameLikeAnID(t *testing.T) {
	ix := indextest.New(t)
	odd := "p0123456789ab"
	indextest.Add(t, ix,
		&index.Article{Title: "One", Body: "b", URL: "https://x.mil/1", People: []string{odd}},
		&index.Article{Title: "Two", Body: "b", URL: "https://x.mil/2", People: []string{"Celeste Wallander"}},
	)
	res, err := search.New(ix).Search(context.Background(), search.Request{People: []string{odd}})
	if err != nil || res.Total != 1 {
		t.Fatalf("filter on the name %q = %v, %v; want its one article", odd, res, err)
	}
}

func TestEntity(t *testing.T) {
	eng := mustUncachedEngine(t)
	ctx := context.Background()
	for _, facet := range []string{search.FacetPeople, search.FacetPlaces, search.FacetOrganisations} {
		t.Run(facet, func(t *testing.T) {
			top := topEntity(t, eng, facet)
			got, err := eng.Entity(ctx, top.ID, 3)
			if err != nil {
				t.Fatal(err)
			}
			kind, _ := search.EntityKind(facet)
			if got.ID != top.ID || got.Name != top.Value || got.Kind != kind || got.Facet != facet {
				t.Errorf("Entity(%s) = %s %q %v %s, want %q, a %v of %s", top.ID, got.ID, got.Name, got.Kind, got.Facet, top.Value, kind, facet)
			}
			if got.Articles != uint64(top.Count) {
				t.Errorf("articles %d, want the facet's count %d", got.Articles, top.Count)
			}
			if len(got.Recent) == 0 || len(got.Recent) > 3 || len(got.Relevant) == 0 || len(got.Relevant) > 3 {
				t.Errorf("%d recent and %d relevant articles, want 1 to 3 of each", len(got.Recent), len(got.Relevant))
			}
			for _, h := range append(slices.Clone(got.Recent), got.Relevant...) {
				values := map[string][]string{search.FacetPeople: h.People, search.FacetPlaces: h.Places, search.FacetOrganisations: h.Organisations}[facet]
				if !slices.Contains(values, top.Value) {
					t.Errorf("article %s of %q lists %q", h.ID, top.Value, values)
				}
			}
			// Dates: the first and last seen bound every dated article,
			// and the timeline counts the dated ones.
			var bars int
			for _, b := range got.Timeline.Buckets {
				bars += b.Count
			}
			all := search.Request{Size: 100, NoCollapse: true}
			*entityFilters[facet](&all) = []string{top.Value}
			res, err := eng.Hits(ctx, all)
			if err != nil {
				t.Fatal(err)
			}
			dated := 0
			for _, h := range res.Hits {
				if h.Published == nil {
					continue
				}
				dated++
				if got.FirstSeen == nil || got.LastSeen == nil || h.Published.Before(*got.FirstSeen) || h.Published.After(*got.LastSeen) {
					t.Errorf("article %s published %v outside first/last seen %v–%v", h.ID, h.Published, got.FirstSeen, got.LastSeen)
				}
			}
			if bars != dated {
				t.Errorf("timeline counts %d articles, want the %d dated ones", bars, dated)
			}
		})
	}
}

func TestEntityErrors(t *testing.T) {
	eng := mustEngine(t)
	_, err := eng.Entity(context.Background(), "John Kirby", 0)
	if qe, ok := errors.AsType[*search.QueryError](err); !ok || qe.Param != "id" {
		t.Errorf("Entity of a malformed id = %v, want a *QueryError on id", err)
	}
	_, err = eng.Entity(context.Background(), "p000000000000", 0)
	if !errors.Is(err, search.ErrNotFound) || !strings.Contains(err.Error(), "no person in the index has the id p000000000000") {
		t.Errorf("Entity of an unknown id = %v, want ErrNotFound saying so", err)
	}
	top := topEntity(t, eng, search.FacetPeople)
	if _, err = eng.Entity(context.Background(), top.ID, search.MaxSize+1); err == nil {
		t.Errorf("Entity with %d articles: no error", search.MaxSize+1)
	}
}

// TestEntityIDAfterDelete checks that an entity whose every article was
// deleted is no longer found, though the tables met its name.
func TestEntityIDAfterDelete(t *testing.T) {
	ix := indextest.New(t)
	a := &index.Article{Title: "One", Body: "b", URL: "https://x.mil/1", People: []string{"Celeste Wallander"}}
	indextest.Add(t, ix, a, &index.Article{Title: "Two", Body: "b", URL: "https://x.mil/2", People: []string{"Lloyd Austin"}})
	eng := search.New(ix)
	id := entity.ID(entity.Person, "Celeste Wallander")
	ctx := context.Background()
	if _, err := eng.Entity(ctx, id, 0); err != nil {
		t.Fatal(err)
	}
	if ok, err := ix.Delete(ctx, a.ID); err != nil || !ok {
		t.Fatalf("delete %q: %v, %v", a.ID, ok, err)
	}
	if _, err := eng.Entity(ctx, id, 0); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("Entity after its article was deleted = %v, want ErrNotFound", err)
	}
	if _, err := eng.Search(ctx, search.Request{People: []string{id}}); err == nil {
		t.Error("filter on the id of an entity no article holds: no error")
	}
}

// TestEntityIDOfNewName checks that a name first indexed after ids were
// looked up is found by its id: the values met since are hashed then.
func TestEntityIDOfNewName(t *testing.T) {
	ix := indextest.New(t)
	indextest.Add(t, ix, &index.Article{Title: "One", Body: "b", URL: "https://x.mil/1", People: []string{"Celeste Wallander"}})
	eng := search.New(ix)
	ctx := context.Background()
	if _, err := eng.Entity(ctx, entity.ID(entity.Person, "Celeste Wallander"), 0); err != nil {
		t.Fatal(err)
	}
	indextest.Add(t, ix, &index.Article{Title: "Two", Body: "b", URL: "https://x.mil/2", Places: []string{"Irbil"}})
	res, err := eng.Search(ctx, search.Request{Places: []string{entity.ID(entity.Place, "Irbil")}})
	if err != nil || res.Total != 1 {
		t.Fatalf("filter on the id of a place indexed after the first lookup = %v, %v; want its article", res, err)
	}
}

// TestFilterByFormerOrOtherName filters on a name no article holds but
// the gazetteer gives as another name of an entity articles hold (an
// alias, or a canonical name since changed): with WithCanonical the
// filter, kept or left out, finds that entity's articles; without it,
// nothing.
func TestFilterByFormerOrOtherName(t *testing.T) {
	x, err := entity.New()
	if err != nil {
		t.Fatal(err)
	}
	plain := mustUncachedEngine(t)
	eng := plain.WithCanonical(x.Canonical)
	ctx := context.Background()
	all, err := plain.Search(ctx, search.Request{FacetSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, facet := range []string{search.FacetPeople, search.FacetPlaces, search.FacetOrganisations} {
		t.Run(facet, func(t *testing.T) {
			kind, _ := search.EntityKind(facet)
			// The most frequent value with an alias that no article holds
			// as a value and that the gazetteer reads as that value.
			var value search.FacetValue
			var alias string
			held := map[string]bool{}
			for _, v := range all.Facets[facet].Values {
				held[v.Value] = true
			}
			for _, v := range all.Facets[facet].Values {
				r, ok := x.Lookup(kind, v.Value)
				if !ok {
					continue
				}
				if i := slices.IndexFunc(r.Aliases, func(a string) bool { return !held[a] && x.Canonical(kind, a) == v.Value }); i >= 0 {
					value, alias = v, r.Aliases[i]
					break
				}
			}
			if alias == "" {
				t.Fatalf("no %s of the sample corpus has a gazetteer alias to filter by", facet)
			}
			byName, byAlias := search.Request{Size: 50}, search.Request{Size: 50}
			*entityFilters[facet](&byName) = []string{value.Value}
			*entityFilters[facet](&byAlias) = []string{alias}
			named, err := eng.Search(ctx, byName)
			if err != nil {
				t.Fatal(err)
			}
			aliased, err := eng.Search(ctx, byAlias)
			if err != nil {
				t.Fatal(err)
			}
			if named.Total == 0 || aliased.Total != named.Total {
				t.Errorf("filter %q (an alias of %q): %d articles, want %q's %d", alias, value.Value, aliased.Total, value.Value, named.Total)
			}
			if diff := cmp.Diff(shape(named), shape(aliased)); diff != "" {
				t.Errorf("filter by alias %q differs from filter by %q (-name +alias):\n%s", alias, value.Value, diff)
			}
			if got := *entityFilters[facet](&byAlias); got[0] != alias {
				t.Errorf("the caller's request was changed: %q", got)
			}
			if res, err := plain.Search(ctx, byAlias); err != nil || res.Total != 0 {
				t.Errorf("without WithCanonical, filter %q: %v articles, err %v; want none", alias, res.Total, err)
			}

			// Left out, the alias leaves out the entity's articles.
			notName, notAlias := search.Request{Size: 50}, search.Request{Size: 50}
			*notFilters[facet](&notName) = []string{value.Value}
			*notFilters[facet](&notAlias) = []string{alias}
			a, err := eng.Search(ctx, notName)
			if err != nil {
				t.Fatal(err)
			}
			b, err := eng.Search(ctx, notAlias)
			if err != nil {
				t.Fatal(err)
			}
			if a.Total != all.Total-named.Total || b.Total != a.Total {
				t.Errorf("leaving out %q: %d articles, %q: %d; want %d", value.Value, a.Total, alias, b.Total, all.Total-named.Total)
			}
		})
	}
}
