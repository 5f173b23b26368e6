package search_test

import (
	"context"
	"testing"
	"time"

	"github.com/sitrep/sitrep/search"
)

// benchRequests are the query classes of the scale benchmark
// (cmd/sitrep-bench), on the sample corpus.
func benchRequests() []struct {
	name string
	req  search.Request
} {
	from := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)
	return []struct {
		name string
		req  search.Request
	}{
		{"browse", search.Request{}},
		{"term-common", search.Request{Query: "forces"}},
		{"term-rare", search.Request{Query: "kirkuk"}},
		{"and", search.Request{Query: "coalition iraq"}},
		{"phrase", search.Request{Query: `"strike group"`}},
		{"entity-filter", search.Request{Query: "iraq", Places: []string{"Syria"}}},
		{"two-filters", search.Request{Query: "iraq", Places: []string{"Syria"}, Sources: []string{"CENTCOM"}}},
		{"date-range", search.Request{From: &from, To: &to}},
		{"newest", search.Request{Query: "forces", Sort: search.Newest}},
	}
}

// BenchmarkSearch runs each query class with its facets and histogram
// (Search) and without (Hits), showing every article (collapse=false), as
// docs/PERFORMANCE.md measured it. The engine keeps no answers, so every
// repetition searches (BenchmarkSearchCached times a kept answer).
func BenchmarkSearch(b *testing.B) {
	eng := mustUncachedEngine(b)
	ctx := context.Background()
	for _, bc := range benchRequests() {
		for _, mode := range []struct {
			name string
			run  func(context.Context, search.Request) (*search.Result, error)
		}{{"facets", eng.Search}, {"hits", eng.Hits}} {
			b.Run(bc.name+"/"+mode.name, func(b *testing.B) {
				req := bc.req
				req.NoCollapse = true
				b.ReportAllocs()
				for b.Loop() {
					if _, err := mode.run(ctx, req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkSearchCollapsed runs each query class as a search answers by
// default, one hit per story, with its facets counting articles or
// stories, and without facets; and a third page reached by cursor. Every
// repetition searches.
func BenchmarkSearchCollapsed(b *testing.B) {
	eng := mustUncachedEngine(b)
	ctx := context.Background()
	for _, bc := range benchRequests() {
		for _, mode := range []struct {
			name  string
			count search.FacetCount
			run   func(context.Context, search.Request) (*search.Result, error)
		}{{"facets", search.CountArticles, eng.Search}, {"story-facets", search.CountStories, eng.Search}, {"hits", search.CountArticles, eng.Hits}} {
			b.Run(bc.name+"/"+mode.name, func(b *testing.B) {
				req := bc.req
				req.FacetCount = mode.count
				b.ReportAllocs()
				for b.Loop() {
					if _, err := mode.run(ctx, req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
	b.Run("cursor-page-3", func(b *testing.B) { benchThirdPage(b, eng, false) })
}

// BenchmarkSearchCursor fetches the third page of a broad query through a
// cursor.
func BenchmarkSearchCursor(b *testing.B) { benchThirdPage(b, mustUncachedEngine(b), true) }

// BenchmarkSearchCached repeats one search that the engine answers from
// its result cache after the first time: the cost of a repeated search.
func BenchmarkSearchCached(b *testing.B) {
	eng := mustEngine(b)
	ctx := context.Background()
	req := search.Request{Query: "forces"}
	if _, err := eng.Search(ctx, req); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eng.Search(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// benchThirdPage times the search of the third page of a broad query,
// newest first, reached by following cursors; all articles shown when
// noCollapse is set, one per story otherwise.
func benchThirdPage(b *testing.B, eng *search.Engine, noCollapse bool) {
	ctx := context.Background()
	req := search.Request{Query: "forces", Sort: search.Newest, NoCollapse: noCollapse}
	for range 2 {
		res, err := eng.Hits(ctx, req)
		if err != nil || res.NextCursor == "" {
			b.Fatalf("no next page: %v", err)
		}
		req.Cursor = res.NextCursor
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eng.Search(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFacetValues counts one facet's values over every article, with
// and without a prefix, as the faceted-browse endpoint does.
func BenchmarkFacetValues(b *testing.B) {
	eng := mustEngine(b)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		req  search.FacetRequest
	}{
		{"people", search.FacetRequest{Facet: search.FacetPeople, Size: search.MaxFacetSize}},
		{"places-prefix", search.FacetRequest{Facet: search.FacetPlaces, Prefix: "ir"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := eng.FacetValues(ctx, bc.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
