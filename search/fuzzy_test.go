package search_test

import (
	"context"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/search"
)

// ids returns the IDs of res's hits and of the copies shown in them.
func hitIDs(res *search.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
		for _, m := range h.AlsoIn {
			out = append(out, m.ID)
		}
	}
	return out
}

// TestForgivingWords checks that misspellings of a word of the sample
// corpus find the articles holding it, as word~ does, with the word's
// own matches first, and that a correction is offered.
func TestForgivingWords(t *testing.T) {
	eng := mustUncachedEngine(t)
	ctx := context.Background()
	search1 := func(q string) *search.Result {
		t.Helper()
		res, err := eng.Search(ctx, search.Request{Query: q, Size: 50, NoCollapse: true})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		return res
	}
	want := hitIDs(search1("peshmerga"))
	if len(want) == 0 {
		t.Fatal("peshmerga finds nothing in the sample corpus")
	}
	for _, q := range []string{"peshmerg", "pesmerga", "peshmarga", "peshmerga~", "peshmerga~2", "pishmerga~1"} {
		res := search1(q)
		got := hitIDs(res)
		for _, id := range want {
			if !slices.Contains(got, id) {
				t.Errorf("%q finds %v, not %s, which peshmerga finds", q, got, id)
			}
		}
		t.Logf("%q: %d, did you mean %q", q, res.Total, res.DidYouMean)
	}
}
