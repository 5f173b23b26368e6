package search_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// storyFixture is an index of 12 wire stories, of which the first three
// were syndicated: story 0 by Reuters and AP, story 1 by AP, story 2 by 24
// outlets. Story i is about the place "Place i%3", as are its copies.
type storyFixture struct {
	ix       *index.Index
	eng      *search.Engine
	wire     []*index.Article
	copies   map[int][]*index.Article // by story
	articles int
}

func newStoryFixture(t *testing.T) *storyFixture {
	t.Helper()
	fx := &storyFixture{ix: indextest.New(t), wire: indextest.WireStories(t, 12), copies: map[int][]*index.Article{}}
	for i, a := range fx.wire {
		a.Places = []string{fmt.Sprint("Place ", i%3)}
	}
	outlets := map[int][]string{0: {"Reuters", "AP"}, 1: {"AP"}}
	for i := range 24 {
		outlets[2] = append(outlets[2], fmt.Sprint("Outlet ", i+1))
	}
	all := slices.Clone(fx.wire)
	for story, names := range outlets {
		for i, name := range names {
			c := indextest.Syndicated(fx.wire[story], name, i+1)
			fx.copies[story] = append(fx.copies[story], c)
			all = append(all, c)
		}
	}
	if st := indextest.Add(t, fx.ix, all...); st.Indexed != len(all) {
		t.Fatalf("indexed %d articles, want %d", st.Indexed, len(all))
	}
	fx.eng, fx.articles = search.New(fx.ix), len(all)
	return fx
}

func TestCollapseFixtureStories(t *testing.T) {
	fx := newStoryFixture(t)
	for story, copies := range fx.copies {
		for _, c := range copies {
			if c.Story != fx.wire[story].ID {
				t.Errorf("%s's copy of story %d is in story %q, want %q", c.Source, story, c.Story, fx.wire[story].ID)
			}
		}
	}
	for i, a := range fx.wire {
		if a.Story != a.ID {
			t.Errorf("wire story %d is in story %q, want its own %q", i, a.Story, a.ID)
		}
	}
}

// TestCollapse checks the hits of collapsed searches: one per story, the
// story's best-ranked matching article in the request's order, the others
// listed in it.
func TestCollapse(t *testing.T) {
	fx := newStoryFixture(t)
	ctx := context.Background()
	wire0 := fx.wire[0]
	tests := []struct {
		name string
		req  search.Request
		// wantHit is the hit of story 0, wantAlsoIn the sources listed
		// in it.
		wantHit    string
		wantAlsoIn []string
	}{
		{"newest first: the last copy", search.Request{Query: firstWords(wire0.Title), Sort: search.Newest}, fx.copies[0][1].ID, []string{"Reuters", wire0.Source}},
		{"oldest first: the wire", search.Request{Query: firstWords(wire0.Title), Sort: search.Oldest}, wire0.ID, []string{"Reuters", "AP"}},
		{"filtered to one outlet", search.Request{Query: firstWords(wire0.Title), Sources: []string{"AP"}}, fx.copies[0][1].ID, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := fx.eng.Search(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Collapsed {
				t.Error("a search is collapsed by default")
			}
			var hit *search.Hit
			stories := map[string]bool{}
			for i := range res.Hits {
				h := &res.Hits[i]
				if stories[h.Story] {
					t.Errorf("story %s has two hits", h.Story)
				}
				stories[h.Story] = true
				if h.Story == wire0.ID {
					hit = h
				}
			}
			if hit == nil {
				t.Fatalf("no hit of story 0 among %d", len(res.Hits))
			}
			if hit.ID != tt.wantHit {
				t.Errorf("story 0's hit is %s (%s), want %s", hit.ID, hit.Source, tt.wantHit)
			}
			var sources []string
			for _, m := range hit.AlsoIn {
				sources = append(sources, m.Source)
				if m.ID == "" || m.Title == "" || m.URL == "" || m.Published == nil {
					t.Errorf("also-in member without id, title, url or date: %+v", m)
				}
			}
			if diff := cmp.Diff(tt.wantAlsoIn, sources); diff != "" {
				t.Errorf("also in (-want +got):\n%s", diff)
			}
			if hit.AlsoInTotal != len(tt.wantAlsoIn) {
				t.Errorf("AlsoInTotal %d, want %d", hit.AlsoInTotal, len(tt.wantAlsoIn))
			}
		})
	}

	t.Run("totals count articles and stories", func(t *testing.T) {
		res, err := fx.eng.Search(ctx, search.Request{Size: search.MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != uint64(fx.articles) || res.Stories != uint64(len(fx.wire)) || len(res.Hits) != len(fx.wire) {
			t.Errorf("total %d, stories %d, %d hits; want %d articles of %d stories, a hit each", res.Total, res.Stories, len(res.Hits), fx.articles, len(fx.wire))
		}
	})
	t.Run("a long story lists MaxAlsoIn copies and counts them all", func(t *testing.T) {
		res, err := fx.eng.Search(ctx, search.Request{Query: firstWords(fx.wire[2].Title), Sort: search.Oldest})
		if err != nil {
			t.Fatal(err)
		}
		h := res.Hits[slices.IndexFunc(res.Hits, func(h search.Hit) bool { return h.Story == fx.wire[2].ID })]
		if len(h.AlsoIn) != search.MaxAlsoIn || h.AlsoInTotal != 24 {
			t.Errorf("%d listed, %d in all; want %d listed of 24", len(h.AlsoIn), h.AlsoInTotal, search.MaxAlsoIn)
		}
		if h.AlsoIn[0].Source != "Outlet 1" || h.AlsoIn[search.MaxAlsoIn-1].Source != fmt.Sprint("Outlet ", search.MaxAlsoIn) {
			t.Errorf("also in %s … %s, want the oldest copies first", h.AlsoIn[0].Source, h.AlsoIn[search.MaxAlsoIn-1].Source)
		}
	})
	t.Run("collapse off shows every article", func(t *testing.T) {
		res, err := fx.eng.Search(ctx, search.Request{Size: search.MaxSize, NoCollapse: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Collapsed || len(res.Hits) != fx.articles || res.Stories != uint64(len(fx.wire)) {
			t.Errorf("collapsed %v, %d hits, %d stories; want every one of %d articles, of %d stories", res.Collapsed, len(res.Hits), res.Stories, fx.articles, len(fx.wire))
		}
		for _, h := range res.Hits {
			if len(h.AlsoIn) != 0 || h.Story == "" {
				t.Errorf("uncollapsed hit %s: story %q, also in %d", h.ID, h.Story, len(h.AlsoIn))
			}
		}
	})
}

// firstWords returns the first three words of a title, as a query.
func firstWords(title string) string {
	w := strings.Fields(title)
	return strings.Join(w[:min(3, len(w))], " ")
}

// TestCollapseMatchesUncollapsedOrder checks, on the fixture and on the
// sample corpus, that the collapsed hits are the uncollapsed ones without
// the later articles of each story, in the same order: the first pass
// ranks as bleve's sort does.
func TestCollapseMatchesUncollapsedOrder(t *testing.T) {
	engines := map[string]*search.Engine{"fixture": newStoryFixture(t).eng, "corpus": mustEngine(t)}
	for name, eng := range engines {
		for _, q := range []string{"", "navy", "cybersecurity", "carrier strike group", "iraq OR syria"} {
			for _, sort := range []search.Sort{search.ByRelevance, search.Newest, search.Oldest} {
				t.Run(fmt.Sprintf("%s/%q/%s", name, q, sort), func(t *testing.T) {
					req := search.Request{Query: q, Sort: sort}
					collapsed := allHits(t, eng, req)
					req.NoCollapse = true
					var want, got []string
					seen := map[string]bool{}
					for _, h := range allHits(t, eng, req) {
						if !seen[h.Story] {
							seen[h.Story] = true
							want = append(want, h.ID)
						}
					}
					for _, h := range collapsed {
						got = append(got, h.ID)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("collapsed hits (-first of each story uncollapsed +collapsed):\n%s", diff)
					}
				})
			}
		}
	}
}

// TestCollapsedPaging pages through collapsed results by page number and
// by cursor, with pages of every size from 1 to 4: no story twice, none
// lost, every article shown once as a hit or in one.
func TestCollapsedPaging(t *testing.T) {
	fx := newStoryFixture(t)
	ctx := context.Background()
	for _, sort := range []search.Sort{search.ByRelevance, search.Newest, search.Oldest} {
		for size := 1; size <= 4; size++ {
			for _, byCursor := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/size %d/cursor %v", sort, size, byCursor), func(t *testing.T) {
					req := search.Request{Sort: sort, Size: size}
					stories, articles := map[string]bool{}, map[string]bool{}
					var order []string
					for n := 1; n <= 100; n++ {
						if !byCursor {
							req.Page = n
						}
						res, err := fx.eng.Search(ctx, req)
						if err != nil {
							t.Fatal(err)
						}
						if res.Stories != uint64(len(fx.wire)) {
							t.Fatalf("page %d: %d stories, want %d", n, res.Stories, len(fx.wire))
						}
						for _, h := range res.Hits {
							if stories[h.Story] {
								t.Fatalf("page %d: story %s shown again", n, h.Story)
							}
							stories[h.Story] = true
							order = append(order, h.ID)
							for _, id := range append([]string{h.ID}, alsoInIDs(h)...) {
								if articles[id] {
									t.Errorf("article %s shown twice", id)
								}
								articles[id] = true
							}
						}
						if res.NextCursor == "" || len(res.Hits) < size {
							break
						}
						req.Cursor = ""
						if byCursor {
							req.Cursor = res.NextCursor
						}
					}
					if len(stories) != len(fx.wire) {
						t.Errorf("paged through %d stories, want %d", len(stories), len(fx.wire))
					}
					if len(articles) != fx.articles-4 { // story 2's 24 copies list 20
						t.Errorf("%d articles shown as hits or in them, want %d", len(articles), fx.articles-4)
					}
					whole, err := fx.eng.Search(ctx, search.Request{Sort: sort, Size: search.MaxSize})
					if err != nil {
						t.Fatal(err)
					}
					var want []string
					for _, h := range whole.Hits {
						want = append(want, h.ID)
					}
					if diff := cmp.Diff(want, order); diff != "" {
						t.Errorf("paged order differs from one page (-one page +paged):\n%s", diff)
					}
				})
			}
		}
	}
}

func alsoInIDs(h search.Hit) []string {
	var out []string
	for _, m := range h.AlsoIn {
		out = append(out, m.ID)
	}
	return out
}

// TestCollapseBrowseCache checks that the cached browse answer (no query,
// no filter) is kept apart for collapse on and off and for each facet
// count, and follows writes that form stories.
func TestCollapseBrowseCache(t *testing.T) {
	fx := newStoryFixture(t)
	ctx := context.Background()
	browse := func(req search.Request) *search.Result {
		t.Helper()
		req.Size = search.MaxSize
		res, err := fx.eng.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for range 2 { // the second round is answered from the cache
		if n := len(browse(search.Request{}).Hits); n != len(fx.wire) {
			t.Errorf("collapsed browse: %d hits, want %d", n, len(fx.wire))
		}
		if n := len(browse(search.Request{NoCollapse: true}).Hits); n != fx.articles {
			t.Errorf("uncollapsed browse: %d hits, want %d", n, fx.articles)
		}
		place0 := func(res *search.Result) int {
			for _, v := range res.Facets[search.FacetPlaces].Values {
				if v.Value == "Place 0" {
					return v.Count
				}
			}
			return 0
		}
		if n := place0(browse(search.Request{FacetCount: search.CountStories})); n != 4 {
			t.Errorf("Place 0 counts %d stories, want 4", n)
		}
		if n := place0(browse(search.Request{})); n != 6 {
			t.Errorf("Place 0 counts %d articles, want 6", n)
		}
	}
	// A copy of story 3 arrives: story 3 keeps one hit, now listing it.
	indextest.Add(t, fx.ix, indextest.Syndicated(fx.wire[3], "AFP", 1))
	res := browse(search.Request{})
	if len(res.Hits) != len(fx.wire) || res.Total != uint64(fx.articles+1) {
		t.Errorf("after a new copy: %d hits of %d articles, want %d of %d", len(res.Hits), res.Total, len(fx.wire), fx.articles+1)
	}
	for _, h := range res.Hits {
		if h.Story == fx.wire[3].ID && h.AlsoInTotal != 1 {
			t.Errorf("story 3 lists %d copies, want the new one", h.AlsoInTotal)
		}
	}
}

// TestFacetValuesCountingStories checks the faceted-browse endpoint's
// story counts against its article counts.
func TestFacetValuesCountingStories(t *testing.T) {
	fx := newStoryFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		req    search.FacetRequest
		counts search.FacetCount
		want   map[string]int
	}{
		{"articles", search.FacetRequest{Facet: search.FacetSources, Prefix: "a"}, search.CountArticles, map[string]int{"AP": 2}},
		{"stories", search.FacetRequest{Facet: search.FacetSources, Prefix: "a"}, search.CountStories, map[string]int{"AP": 2}},
		{"outlets as stories", search.FacetRequest{Facet: search.FacetSources, Prefix: "outlet", Size: 1}, search.CountStories, map[string]int{"Outlet 1": 1}},
		{"places as articles", search.FacetRequest{Facet: search.FacetPlaces}, search.CountArticles, map[string]int{"Place 0": 6, "Place 1": 5, "Place 2": 28}},
		{"places as stories", search.FacetRequest{Facet: search.FacetPlaces}, search.CountStories, map[string]int{"Place 0": 4, "Place 1": 4, "Place 2": 4}},
		{"places as stories, by prefix", search.FacetRequest{Facet: search.FacetPlaces, Prefix: "pla"}, search.CountStories, map[string]int{"Place 0": 4, "Place 1": 4, "Place 2": 4}},
		{"places of one outlet's stories", search.FacetRequest{Request: search.Request{Sources: []string{"AP"}}, Facet: search.FacetPlaces}, search.CountStories, map[string]int{"Place 0": 1, "Place 1": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.FacetCount = tt.counts
			res, err := fx.eng.FacetValues(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, v := range res.Values {
				got[v.Value] = v.Count
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
		})
	}
}

// TestConcurrentCollapsedSearches runs different searches at once, which
// share the engine's pooled story slots, and checks each answer against
// the same search run alone.
func TestConcurrentCollapsedSearches(t *testing.T) {
	eng := mustEngine(t)
	ctx := context.Background()
	reqs := []search.Request{
		{Query: "cybersecurity"}, {Query: "iraq"}, {Query: "navy", Sort: search.Newest},
		{FacetCount: search.CountStories, Query: "forces"}, {Query: "carrier", NoCollapse: true},
	}
	summary := func(res *search.Result) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%d/%d:", res.Total, res.Stories)
		for _, h := range res.Hits {
			fmt.Fprintf(&b, " %s+%d", h.ID, h.AlsoInTotal)
		}
		for _, name := range search.FacetNames() {
			for _, v := range res.Facets[name].Values {
				fmt.Fprintf(&b, " %s=%d", v.Value, v.Count)
			}
		}
		return b.String()
	}
	want := make([]string, len(reqs))
	for i, req := range reqs {
		res, err := eng.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = summary(res)
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			for n := range 20 {
				i := (g + n) % len(reqs)
				res, err := eng.Search(ctx, reqs[i])
				if err == nil && summary(res) != want[i] {
					err = fmt.Errorf("%+v: got %s, alone %s", reqs[i], summary(res), want[i])
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
