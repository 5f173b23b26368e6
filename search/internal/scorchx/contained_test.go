package scorchx

import (
	"slices"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
)

// TestDropContainedMarksTheUnion: bleve's highlighter, given locations
// one inside another, marks a span that depends on the order its
// unstable sort leaves them in; without the inner ones it marks their
// union, every time.
func TestDropContainedMarksTheUnion(t *testing.T) {
	loc := func(start, end uint64, ap ...uint64) *bsearch.Location {
		return &bsearch.Location{Start: start, End: end, ArrayPositions: ap}
	}
	tests := []struct {
		name  string
		terms bsearch.TermLocationMap
		want  [][2]int // the merged marks
	}{
		{"a name and a longer name it begins", bsearch.TermLocationMap{
			"isil": {loc(10, 14), loc(10, 27)},
		}, [][2]int{{10, 27}}},
		{"a word inside a phrase of another term", bsearch.TermLocationMap{
			"daesh":     {loc(8, 13)},
			"coalition": {loc(0, 23)},
		}, [][2]int{{0, 23}}},
		{"overlapping, neither inside the other", bsearch.TermLocationMap{
			"a": {loc(0, 5)},
			"b": {loc(3, 8)},
		}, [][2]int{{0, 8}}},
		{"the same span twice", bsearch.TermLocationMap{
			"a": {loc(4, 9)},
			"b": {loc(4, 9)},
		}, [][2]int{{4, 9}}},
		{"apart", bsearch.TermLocationMap{
			"a": {loc(0, 3), loc(20, 23)},
		}, [][2]int{{0, 3}, {20, 23}}},
		{"inside, but in another value of the field", bsearch.TermLocationMap{
			"a": {loc(0, 10, 0)},
			"b": {loc(2, 5, 1)},
		}, [][2]int{{0, 10}, {2, 5}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Many rounds: the highlighter's order varies with the map's.
			for range 50 {
				terms := bsearch.TermLocationMap{}
				for term, ls := range tc.terms {
					for _, l := range ls {
						c := *l
						terms[term] = append(terms[term], &c)
					}
				}
				locs := bsearch.FieldTermLocationMap{"body": terms}
				dropContained(locs)
				tls := highlight.OrderTermLocations(locs["body"])
				tls.MergeOverlapping()
				var got [][2]int
				for _, tl := range tls {
					if tl != nil {
						got = append(got, [2]int{tl.Start, tl.End})
					}
				}
				slices.SortFunc(got, func(a, b [2]int) int { return a[0] - b[0] })
				if !slices.Equal(got, tc.want) {
					t.Fatalf("marks %v, want %v", got, tc.want)
				}
			}
		})
	}
}
