package scorchx

import (
	"fmt"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

// TestBoundLocations checks what the highlighter is offered: at most 64
// locations of a term, and of a field matching 9,000 words (a prefix)
// the first 256 of the text, so that highlighting one hit stays cheap
// (9,000 words took 8.4 s of CPU when each word kept one location).
func TestBoundLocations(t *testing.T) {
	many := bsearch.TermLocationMap{}
	for i := range 9000 {
		many[fmt.Sprintf("zq%05d", i)] = bsearch.Locations{{Start: uint64(i * 10), End: uint64(i*10 + 7)}}
	}
	repeated := bsearch.TermLocationMap{}
	for i := range 500 {
		repeated["convoy"] = append(repeated["convoy"], &bsearch.Location{Start: uint64(i * 7), End: uint64(i*7 + 6)})
	}
	repeated["escort"] = bsearch.Locations{{Start: 5000, End: 5006}}
	locs := bsearch.FieldTermLocationMap{"body": many, "title": repeated}
	boundLocations(locs)

	var n int
	var last uint64
	for term, ls := range locs["body"] {
		n += len(ls)
		for _, l := range ls {
			if l.Start >= 256*10 {
				t.Errorf("body keeps %s at %d, past the first 256 locations of the text", term, l.Start)
			}
			last = max(last, l.Start)
		}
	}
	if n != maxFieldHighlights || last != 255*10 {
		t.Errorf("body keeps %d locations up to %d, want the first %d", n, last, maxFieldHighlights)
	}
	if got := len(locs["title"]["convoy"]); got != maxTermHighlights {
		t.Errorf("title keeps %d locations of convoy, want %d", got, maxTermHighlights)
	}
	if got := len(locs["title"]["escort"]); got != 1 {
		t.Errorf("title keeps %d locations of escort, want 1", got)
	}
}
