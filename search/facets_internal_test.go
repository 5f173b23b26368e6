package search

import "testing"

// TestFacetBits checks that a segment table's values have room for the
// number of every term facet.
func TestFacetBits(t *testing.T) {
	if len(termFacets) > 1<<facetBits {
		t.Fatalf("%d term facets do not fit in %d bits: raise facetBits", len(termFacets), facetBits)
	}
}
