package search

import (
	"testing"

	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// TestFacetBits checks that a segment table's values have room for the
// number of every term facet.
func TestFacetBits(t *testing.T) {
	if len(termFacets) > scorchx.MaxFacets {
		t.Fatalf("%d term facets do not fit in the tables' %d: raise scorchx's facetBits", len(termFacets), scorchx.MaxFacets)
	}
}
