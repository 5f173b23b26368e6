package search_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// allHits pages through every hit of req with cursors: one per story, or
// with req.NoCollapse one per article.
func allHits(t *testing.T, eng *search.Engine, req search.Request) []search.Hit {
	t.Helper()
	req.Size = search.MaxSize
	var out []search.Hit
	for {
		res, err := eng.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res.Hits...)
		if res.NextCursor == "" {
			want, unit := res.Total, "articles"
			if res.Collapsed {
				want, unit = res.Stories, "stories"
			}
			if uint64(len(out)) != want {
				t.Fatalf("cursor paging returned %d hits, the result counts %d %s", len(out), want, unit)
			}
			return out
		}
		req.Cursor = res.NextCursor
	}
}

// TestFacetCountsMatchBruteForce checks every facet count and histogram
// bar against a count of the matching articles' own values, or of their
// distinct stories, collapsed or not.
// The filters of one facet OR (or AND, when asked) and exclude: the
// hits are checked against the articles' own values too.
func TestFacetCountsMatchBruteForce(t *testing.T) {
	eng := mustEngine(t)
	top := topValues(t, eng)
	people, places, orgs, sources := top[search.FacetPeople], top[search.FacetPlaces], top[search.FacetOrganisations], top[search.FacetSources]
	checkFacetCounts(t, eng, []search.Request{
		{},
		{Query: "isil"},
		{Query: "carrier strike group"},
		{Query: "iraq", Sources: []string{"CENTCOM"}},
		{Sources: []string{"dvids"}},
		{Query: "coalition -syria"},
		{Query: "cybersecurity"},
		{People: people[:2]},
		{People: people[:2], AllPeople: true},
		{NotPeople: people[:1]},
		{Places: places[:3], NotPlaces: places[3:4]},
		{Query: "iraq", Organisations: orgs[:2], NotSources: sources[:1]},
		{Sources: sources[:2], NotPeople: people[:1], Places: places[:2], AllPlaces: true},
		{Query: "coalition -syria", Sources: sources[:3], NotOrganisations: orgs[:2]},
	})
}

// topValues returns the most frequent values of each facet among every
// article, at least four of each.
func topValues(t *testing.T, eng *search.Engine) map[string][]string {
	t.Helper()
	res, err := eng.Search(context.Background(), search.Request{FacetSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, name := range search.FacetNames() {
		for _, v := range res.Facets[name].Values {
			out[name] = append(out[name], v.Value)
		}
		if len(out[name]) < 4 {
			t.Fatalf("facet %s has %d values; the test needs 4", name, len(out[name]))
		}
	}
	return out
}

// passes reports whether an article with the values of h passes the
// facet filters of req, as the API documents them: each facet's values
// OR (AND when its All field is set), no excluded value, facets AND.
func passes(req search.Request, h search.Hit) bool {
	var source []string
	if h.Source != "" {
		source = []string{h.Source}
	}
	for _, f := range []struct {
		has, keep, not []string
		all            bool
	}{
		{h.People, req.People, req.NotPeople, req.AllPeople},
		{h.Places, req.Places, req.NotPlaces, req.AllPlaces},
		{h.Organisations, req.Organisations, req.NotOrganisations, req.AllOrganisations},
		{source, req.Sources, req.NotSources, req.AllSources},
	} {
		in := func(v string) bool { return slices.Contains(f.has, v) }
		switch {
		case slices.ContainsFunc(f.not, in):
			return false
		case len(f.keep) == 0:
		case f.all && !slices.ContainsFunc(f.keep, func(v string) bool { return !in(v) }):
		case !f.all && slices.ContainsFunc(f.keep, in):
		default:
			return false
		}
	}
	return true
}

// TestFacetCountsMatchBruteForceAtScale is TestFacetCountsMatchBruteForce
// on the index SITREP_SCALE_INDEX names (a generated corpus of 100k
// articles takes about two minutes): the browse, a word in about a tenth
// of the articles, and filters by the most frequent person and source.
func TestFacetCountsMatchBruteForceAtScale(t *testing.T) {
	ix := scaleIndex(t, "to check its facet counts")
	ctx := context.Background()
	eng := search.New(ix).Uncached()
	browse, err := eng.Search(ctx, search.Request{})
	if err != nil {
		t.Fatal(err)
	}
	people, sources := browse.Facets[search.FacetPeople].Values, browse.Facets[search.FacetSources].Values
	person, source := people[0].Value, sources[0].Value
	checkFacetCounts(t, eng, []search.Request{
		{},
		{Query: "media"},
		{People: []string{person}},
		{Query: "also", Sources: []string{source}},
		{People: []string{person, people[1].Value}, NotSources: []string{source}},
	})
}

// checkFacetCounts checks the facet counts and histogram of each request
// against the hits, as TestFacetCountsMatchBruteForce says.
func checkFacetCounts(t *testing.T, eng *search.Engine, requests []search.Request) {
	t.Helper()
	for _, req := range requests {
		for _, mode := range []struct {
			count      search.FacetCount
			noCollapse bool
		}{{search.CountArticles, true}, {search.CountArticles, false}, {search.CountStories, true}, {search.CountStories, false}} {
			t.Run(fmt.Sprintf("%+v", req), func(t *testing.T) {
				req.FacetSize = search.MaxFacetSize
				req.FacetCount, req.NoCollapse = mode.count, mode.noCollapse
				res, err := eng.Search(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				all := req
				all.NoCollapse = true
				hits := allHits(t, eng, all)
				// The hits are the articles of the unfiltered search
				// that pass the filters.
				unfiltered := search.Request{Query: req.Query, From: req.From, To: req.To, Undated: req.Undated, NoCollapse: true}
				var wantIDs, gotIDs []string
				for _, h := range allHits(t, eng, unfiltered) {
					if passes(req, h) {
						wantIDs = append(wantIDs, h.ID)
					}
				}
				for _, h := range hits {
					gotIDs = append(gotIDs, h.ID)
				}
				slices.Sort(wantIDs)
				slices.Sort(gotIDs)
				if diff := cmp.Diff(wantIDs, gotIDs); diff != "" {
					t.Errorf("the hits are not the articles that pass the filters (-want +got):\n%s", diff)
				}
				// want[facet][value] holds the articles, or the stories,
				// with the value.
				want := map[string]map[string]map[string]bool{}
				unit := func(h search.Hit) string {
					if mode.count == search.CountStories {
						return h.Story
					}
					return h.ID
				}
				count := func(facet string, h search.Hit, values ...string) {
					if want[facet] == nil {
						want[facet] = map[string]map[string]bool{}
					}
					for _, v := range values {
						if want[facet][v] == nil {
							want[facet][v] = map[string]bool{}
						}
						want[facet][v][unit(h)] = true
					}
				}
				stories := map[string]bool{}
				for _, h := range hits {
					stories[h.Story] = true
				}
				// A facet whose selected values OR counts the matches
				// without its selection (what each value would add).
				for _, f := range []struct {
					name   string
					keep   func(*search.Request) *[]string
					all    bool
					values func(search.Hit) []string
				}{
					{search.FacetPeople, func(r *search.Request) *[]string { return &r.People }, req.AllPeople, func(h search.Hit) []string { return h.People }},
					{search.FacetPlaces, func(r *search.Request) *[]string { return &r.Places }, req.AllPlaces, func(h search.Hit) []string { return h.Places }},
					{search.FacetOrganisations, func(r *search.Request) *[]string { return &r.Organisations }, req.AllOrganisations, func(h search.Hit) []string { return h.Organisations }},
					{search.FacetSources, func(r *search.Request) *[]string { return &r.Sources }, req.AllSources, func(h search.Hit) []string {
						if h.Source == "" {
							return nil
						}
						return []string{h.Source}
					}},
				} {
					counted := hits
					if len(*f.keep(&all)) > 0 && !f.all {
						wider := all
						*f.keep(&wider) = nil
						counted = allHits(t, eng, wider)
					}
					for _, h := range counted {
						count(f.name, h, f.values(h)...)
					}
				}
				if res.Total != uint64(len(hits)) || res.Stories != uint64(len(stories)) {
					t.Errorf("total %d, stories %d; the hits are %d articles of %d stories", res.Total, res.Stories, len(hits), len(stories))
				}
				for _, name := range search.FacetNames() {
					f := res.Facets[name]
					listed := 0
					for _, v := range f.Values {
						if got, w := v.Count, len(want[name][v.Value]); got != w {
							t.Errorf("%s %q: count %d, but %d matching %s have it", name, v.Value, got, w, mode.count)
						}
						if w := len(want[name][v.Value]); w > 0 {
							listed++
						}
					}
					if !f.More && listed != len(want[name]) {
						t.Errorf("%s: %d values listed and more=false, but the hits have %d", name, len(f.Values), len(want[name]))
					}
				}
				for _, b := range res.Published.Buckets {
					in := map[string]bool{}
					for _, h := range hits {
						if h.Published != nil && !h.Published.Before(b.From) && h.Published.Before(b.To) {
							in[unit(h)] = true
						}
					}
					if b.Count != len(in) {
						t.Errorf("published %s: count %d, but %d matching %s are in it", b.Value, b.Count, len(in), mode.count)
					}
				}
			})
		}
	}
}

func TestSelectedValuesStayVisible(t *testing.T) {
	eng := mustEngine(t)
	// With one value per facet shown, a selected value with a lower count
	// than the top one must still be listed, marked, with its true count.
	res, err := eng.Search(context.Background(), search.Request{Sources: []string{"CENTCOM"}, FacetSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Facets[search.FacetSources].Values
	if i := slices.IndexFunc(got, func(v search.FacetValue) bool { return v.Value == "CENTCOM" }); i < 0 || len(got) > 2 || got[i] != (search.FacetValue{Value: "CENTCOM", Count: int(res.Total), Selected: true}) {
		t.Errorf("sources facet %+v: want the top value and CENTCOM, selected, counting the %d matches", got, res.Total)
	}
	var want []search.FacetValue

	// Two values ORed: each is listed with its own count, not the
	// total, and an excluded value is listed, marked, with count 0.
	top := topValues(t, eng)[search.FacetSources]
	res, err = eng.Search(context.Background(), search.Request{Sources: top[:2], NotSources: top[2:3], FacetSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	var counts []int
	for _, s := range top[:2] {
		one, err := eng.Search(context.Background(), search.Request{Sources: []string{s}})
		if err != nil {
			t.Fatal(err)
		}
		counts = append(counts, int(one.Total))
	}
	want = []search.FacetValue{{Value: top[0], Count: counts[0], Selected: true}, {Value: top[1], Count: counts[1], Selected: true}, {Value: top[2], Excluded: true}}
	if diff := cmp.Diff(want, res.Facets[search.FacetSources].Values); diff != "" {
		t.Errorf("sources facet of two sources ORed, one left out (-want +got):\n%s", diff)
	}
	if res.Total != uint64(counts[0]+counts[1]) {
		t.Errorf("two sources ORed match %d articles, want %d + %d", res.Total, counts[0], counts[1])
	}

	// A value both kept and left out is a mistake.
	_, err = eng.Search(context.Background(), search.Request{Sources: top[:1], NotSources: top[:1]})
	if qe, ok := errors.AsType[*search.QueryError](err); !ok || qe.Param != "not_source" || !strings.Contains(qe.Msg, "both kept and left out") {
		t.Errorf("a source kept and left out: %v, want a *QueryError for not_source", err)
	}

	// A selected value that matches nothing is listed with count 0.
	res, err = eng.Search(context.Background(), search.Request{Sources: []string{"Nowhere Times"}})
	if err != nil {
		t.Fatal(err)
	}
	v := res.Facets[search.FacetSources].Values
	if i := slices.IndexFunc(v, func(v search.FacetValue) bool { return v.Value == "Nowhere Times" }); i < 0 || v[i].Count != 0 || !v[i].Selected {
		t.Errorf("selected value without matches: %+v", v)
	}
}

func TestFacetMore(t *testing.T) {
	eng := mustEngine(t)
	res, err := eng.Search(context.Background(), search.Request{FacetSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Facets[search.FacetSources]; len(f.Values) != 1 || !f.More {
		t.Errorf("sources with facet_size 1 over %d sources: %+v, want one value and more", 5, f)
	}
	res, err = eng.Search(context.Background(), search.Request{FacetSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Facets[search.FacetSources]; len(f.Values) != 5 || f.More {
		t.Errorf("sources with room for all: %+v, want all 5 and no more", f)
	}
}

func TestFacetValuesPrefix(t *testing.T) {
	ix := indextest.New(t)
	indextest.Add(t, ix,
		&index.Article{Title: "One", Body: "b", URL: "https://x.mil/1", People: []string{"Celeste Wallander", "Lloyd Austin"}},
		&index.Article{Title: "Two", Body: "b", URL: "https://x.mil/2", People: []string{"Celeste Wallander"}},
		&index.Article{Title: "Three", Body: "b", URL: "https://x.mil/3", People: []string{"Wally Adeyemo", "Joseph Votel"}},
	)
	eng := search.New(ix)
	tests := []struct {
		prefix string
		want   []search.FacetValue
	}{
		{"wal", []search.FacetValue{{Value: "Celeste Wallander", Count: 2}, {Value: "Wally Adeyemo", Count: 1}}},
		{"WALLA", []search.FacetValue{{Value: "Celeste Wallander", Count: 2}}},
		{"cel wal", []search.FacetValue{{Value: "Celeste Wallander", Count: 2}}},
		{"llan", []search.FacetValue{}}, // not a word start
		{"", []search.FacetValue{{Value: "Celeste Wallander", Count: 2}, {Value: "Joseph Votel", Count: 1}, {Value: "Lloyd Austin", Count: 1}, {Value: "Wally Adeyemo", Count: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			got, err := eng.FacetValues(context.Background(), search.FacetRequest{Facet: search.FacetPeople, Prefix: tt.prefix})
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.want { // each person carries the id of its name
				tt.want[i].ID = entity.ID(entity.Person, tt.want[i].Value)
			}
			if diff := cmp.Diff(tt.want, got.Values); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("size cuts and says more", func(t *testing.T) {
		got, err := eng.FacetValues(context.Background(), search.FacetRequest{Facet: search.FacetPeople, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Values) != 1 || !got.More {
			t.Errorf("got %+v, want one value and more", got)
		}
	})
	t.Run("unknown facet", func(t *testing.T) {
		_, err := eng.FacetValues(context.Background(), search.FacetRequest{Facet: "weapons"})
		var qe *search.QueryError
		if !errors.As(err, &qe) {
			t.Errorf("err = %v, want a QueryError", err)
		}
	})
}

func TestPublishedHistogram(t *testing.T) {
	ix := indextest.New(t)
	day := func(s string) *time.Time {
		d, _ := time.Parse(time.DateOnly, s)
		return &d
	}
	var arts []*index.Article
	for i, d := range []string{"2021-12-06", "2022-01-10", "2022-01-20", "2022-03-02"} {
		arts = append(arts, &index.Article{Title: "Kirkuk report", Body: "b", URL: fmt.Sprintf("https://x.mil/%d", i), Published: day(d)})
	}
	arts = append(arts,
		&index.Article{Title: "Old Kirkuk report", Body: "b", URL: "https://x.mil/old", Published: day("2009-05-05")},
		&index.Article{Title: "Undated Kirkuk report", Body: "b", URL: "https://x.mil/undated"},
	)
	indextest.Add(t, ix, arts...)
	eng := search.New(ix)

	t.Run("by month within five years", func(t *testing.T) {
		res, err := eng.Search(context.Background(), search.Request{Query: "kirkuk", From: day("2015-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range res.Published.Buckets {
			got = append(got, fmt.Sprintf("%s=%d", b.Value, b.Count))
		}
		want := []string{"2021-12=1", "2022-01=2", "2022-02=0", "2022-03=1"}
		if res.Published.Interval != "month" || !slices.Equal(got, want) {
			t.Errorf("histogram %s %v, want month %v", res.Published.Interval, got, want)
		}
	})
	t.Run("by year over a longer span", func(t *testing.T) {
		res, err := eng.Search(context.Background(), search.Request{Query: "kirkuk"})
		if err != nil {
			t.Fatal(err)
		}
		h := res.Published
		if h.Interval != "year" || len(h.Buckets) != 14 || h.Buckets[0].Value != "2009" || h.Buckets[13].Value != "2022" {
			t.Fatalf("histogram %s with %d buckets %+v, want years 2009..2022", h.Interval, len(h.Buckets), h.Buckets)
		}
		sum := 0
		for _, b := range h.Buckets {
			sum += b.Count
		}
		if sum != 5 {
			t.Errorf("bars add up to %d, want the 5 dated articles (the undated one is left out)", sum)
		}
	})
}

func TestCursorPaging(t *testing.T) {
	eng := mustEngine(t)
	for _, sort := range []search.Sort{search.ByRelevance, search.Newest, search.Oldest} {
		t.Run(string(sort), func(t *testing.T) {
			req := search.Request{Query: "iraq", Sort: sort, NoCollapse: true}
			byCursor := allHits(t, eng, req)
			var byPage []search.Hit
			for page := 1; ; page++ {
				req.Page, req.Size = page, search.MaxSize
				res, err := eng.Search(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				byPage = append(byPage, res.Hits...)
				if len(res.Hits) < search.MaxSize {
					break
				}
			}
			ids := func(hs []search.Hit) []string {
				var out []string
				for _, h := range hs {
					out = append(out, h.ID)
				}
				return out
			}
			if diff := cmp.Diff(ids(byPage), ids(byCursor)); diff != "" {
				t.Errorf("cursor order differs from page order (-page +cursor):\n%s", diff)
			}
		})
	}
	t.Run("small pages", func(t *testing.T) {
		req := search.Request{Sort: search.Newest, Size: 7, NoCollapse: true}
		seen := map[string]bool{}
		for range 100 {
			res, err := eng.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				if seen[h.ID] {
					t.Fatalf("hit %s returned twice", h.ID)
				}
				seen[h.ID] = true
			}
			if res.NextCursor == "" {
				break
			}
			req.Cursor = res.NextCursor
		}
		if len(seen) != indextest.CorpusSize {
			t.Errorf("paged through %d articles, want %d", len(seen), indextest.CorpusSize)
		}
	})
	t.Run("bad cursors", func(t *testing.T) {
		res, err := eng.Search(context.Background(), search.Request{Sort: search.Newest, Size: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, req := range []search.Request{
			{Cursor: "not-a-cursor"},
			{Cursor: res.NextCursor, Sort: search.Oldest},
		} {
			_, err := eng.Search(context.Background(), req)
			var qe *search.QueryError
			if !errors.As(err, &qe) || qe.Param != "cursor" {
				t.Errorf("cursor %q with sort %q: err = %v, want a cursor QueryError", req.Cursor, req.Sort, err)
			}
		}
	})
}
