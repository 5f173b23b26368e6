package search_test

import (
	"context"
	"testing"

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
