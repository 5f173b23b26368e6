package search_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/search"
)

// TestNoHits checks that a request for no hits counts what a search for
// hits counts, facets and histogram included, and loads no hit.
func TestNoHits(t *testing.T) {
	eng := mustEngine(t)
	for _, req := range []search.Request{
		{},
		{Query: "isis"},
		{Query: "peshmerga", NoCollapse: true},
		{Query: "iraq", FacetCount: search.CountStories},
	} {
		full, err := eng.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		req.NoHits, req.Page, req.Size = true, 7, 3 // page and size are ignored
		counts, err := eng.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if len(counts.Hits) != 0 || counts.Hits == nil || counts.Size != 0 || counts.NextCursor != "" {
			t.Errorf("%q: %d hits, size %d, cursor %q: want none, 0 and none", req.Query, len(counts.Hits), counts.Size, counts.NextCursor)
		}
		if counts.Total != full.Total || counts.Stories != full.Stories {
			t.Errorf("%q: %d articles in %d stories, want %d in %d", req.Query, counts.Total, counts.Stories, full.Total, full.Stories)
		}
		if diff := cmp.Diff(full.Facets, counts.Facets); diff != "" {
			t.Errorf("%q: facets (-with hits +without):\n%s", req.Query, diff)
		}
		if diff := cmp.Diff(full.Published, counts.Published); diff != "" {
			t.Errorf("%q: histogram (-with hits +without):\n%s", req.Query, diff)
		}
	}
}

// TestDefaultSort checks that a search that names no order ranks by
// relevance when its query has words, and shows the newest first when it
// has none to rank by.
func TestDefaultSort(t *testing.T) {
	eng := mustEngine(t)
	tests := []struct {
		query string
		want  search.Sort
	}{
		{"", search.Newest},
		{"   ", search.Newest},
		{"-drone", search.Newest},
		{"isis", search.ByRelevance},
		{"isis -drone", search.ByRelevance},
		{"title:mosul", search.ByRelevance},
		{"(unclosed", search.ByRelevance}, // the search refuses it
	}
	for _, tt := range tests {
		if got := search.DefaultSort(tt.query); got != tt.want {
			t.Errorf("DefaultSort(%q) = %s, want %s", tt.query, got, tt.want)
		}
	}
	res, err := eng.Search(context.Background(), search.Request{Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	if res.Sort != search.Newest {
		t.Fatalf("an empty query sorted by %s, want newest", res.Sort)
	}
	newest, err := eng.Search(context.Background(), search.Request{Size: 100, Sort: search.Newest})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(titles(newest), titles(res)); diff != "" {
		t.Errorf("an empty query's order is not newest first (-newest +got):\n%s", diff)
	}
	if res.Hits[0].Published == nil {
		t.Errorf("the first hit of the newest first has no date")
	}
	if res, err := eng.Search(context.Background(), search.Request{Query: "isis"}); err != nil || res.Sort != search.ByRelevance {
		t.Errorf("a query of words sorted by %v (%v), want relevance", res.Sort, err)
	}
}

// TestUndated checks the count of matches without a date, the histogram's
// undated bar and the filter on it, against the hits themselves.
func TestUndated(t *testing.T) {
	eng := mustEngine(t)
	ctx := context.Background()
	for _, q := range []string{"kirkuk", "isis", "peshmerga", "date:2016", "-date:2016 iraq"} {
		all, err := eng.Search(ctx, search.Request{Query: q, Size: 100, NoCollapse: true})
		if err != nil {
			t.Fatal(err)
		}
		var undated uint64
		for _, h := range all.Hits {
			if h.Published == nil {
				undated++
			}
		}
		if all.Total > 100 {
			t.Fatalf("%q: %d matches, more than a page", q, all.Total)
		}
		bars := 0
		for _, b := range all.Published.Buckets {
			bars += b.Count
		}
		if all.Undated != undated || all.Published.Undated != int(undated) || uint64(bars)+undated != all.Total {
			t.Errorf("%q: %d undated, bar %d, %d in dated bars; the hits hold %d undated of %d", q, all.Undated, all.Published.Undated, bars, undated, all.Total)
		}
		only, err := eng.Search(ctx, search.Request{Query: q, Size: 100, NoCollapse: true, Undated: true})
		if err != nil {
			t.Fatal(err)
		}
		if only.Total != undated || only.Undated != undated || len(only.Published.Buckets) != 0 && only.Published.Buckets[0].Count != 0 {
			t.Errorf("%q with undated: %d matches (%d undated), want the %d undated", q, only.Total, only.Undated, undated)
		}
		for _, h := range only.Hits {
			if h.Published != nil {
				t.Errorf("%q with undated: %s has a date", q, h.Title.Text)
			}
		}
		dated, err := eng.Search(ctx, search.Request{Query: q, Size: 100, NoCollapse: true, DatedOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if dated.Total != all.Total-undated || dated.Undated != 0 {
			t.Errorf("%q dated only: %d matches (%d undated), want the %d dated", q, dated.Total, dated.Undated, all.Total-undated)
		}
		// A range of 2016 keeps its own; with AlsoUndated, the undated too.
		from, to := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 12, 31, 23, 59, 59, 999999999, time.UTC)
		in2016 := 0
		for _, h := range all.Hits {
			if h.Published != nil && h.Published.Year() == 2016 {
				in2016++
			}
		}
		for _, also := range []bool{false, true} {
			ranged, err := eng.Search(ctx, search.Request{Query: q, Size: 100, NoCollapse: true, From: &from, To: &to, AlsoUndated: also})
			if err != nil {
				t.Fatal(err)
			}
			want, wantUndated := uint64(in2016), uint64(0)
			if also {
				want, wantUndated = want+undated, undated
			}
			if ranged.Total != want || ranged.Undated != wantUndated {
				t.Errorf("%q in 2016, also undated %t: %d matches (%d undated), want %d (%d undated)", q, also, ranged.Total, ranged.Undated, want, wantUndated)
			}
		}
		stories, err := eng.Search(ctx, search.Request{Query: q, FacetCount: search.CountStories})
		if err != nil {
			t.Fatal(err)
		}
		if stories.Undated != undated || stories.Published.Undated > int(undated) {
			t.Errorf("%q counting stories: %d undated articles, bar %d; want %d articles and no more stories", q, stories.Undated, stories.Published.Undated, undated)
		}
	}
	res, err := eng.Search(ctx, search.Request{Query: "isis"})
	if err != nil || res.Undated == 0 || res.Undated == res.Total {
		t.Errorf("isis: %d of %d matches undated (%v): want some, not all, with the dates read from URLs", res.Undated, res.Total, err)
	}
	from := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	var qe *search.QueryError
	if _, err := eng.Search(ctx, search.Request{Undated: true, From: &from}); !errors.As(err, &qe) || qe.Param != "undated" {
		t.Errorf("undated with from: %v, want a QueryError on undated", err)
	}
	if _, err := eng.Search(ctx, search.Request{AlsoUndated: true, DatedOnly: true}); !errors.As(err, &qe) || qe.Param != "undated" {
		t.Errorf("also undated and dated only: %v, want a QueryError on undated", err)
	}
}

// TestDateBounds checks the span the date terms of a query keep, as the
// search page's date boxes show it.
func TestDateBounds(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	var zero time.Time
	for _, c := range []struct {
		q        string
		from, to time.Time
		ok       bool
	}{
		{"iraq", zero, zero, false},
		{"", zero, zero, false},
		{"date:2024", day(2024, 1, 1), day(2025, 1, 1), true},
		{"iraq date:2024-03..2024-06", day(2024, 3, 1), day(2024, 7, 1), true},
		{"after:2024-03-05 iraq", day(2024, 3, 5), zero, true},
		{"before:2024-03-05", zero, day(2024, 3, 5), true},
		{"date:2024 after:2024-05 before:2024-09-10", day(2024, 5, 1), day(2024, 9, 10), true},
		{"iraq OR date:2024", zero, zero, false},
		{"-date:2024 iraq", zero, zero, false},
	} {
		q, err := search.ParseQuery(c.q)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		from, to, ok := q.DateBounds()
		if !from.Equal(c.from) || !to.Equal(c.to) || ok != c.ok {
			t.Errorf("%q: %v to %v (%t), want %v to %v (%t)", c.q, from, to, ok, c.from, c.to, c.ok)
		}
	}
}
