package search

import "testing"

// TestWordGate checks the bound on the prefix words of the searches
// running: searches fit while their words stay within the capacity, one
// search always fits, and words given back make room.
func TestWordGate(t *testing.T) {
	g := &wordGate{}
	steps := []struct {
		take, give int
		want       bool
	}{
		{take: 15_000, want: true}, // alone: fits even over the capacity
		{take: 6_000, want: false}, // 21,000 > 20,000
		{take: 5_000, want: true},  // 20,000
		{take: 0, want: true},      // no prefix: never turned away
		{take: 1, want: false},     // full
		{give: 15_000},             //
		{take: 10_000, want: true}, // 15,000
		{give: 5_000},              //
		{give: 10_000},             // empty
		{take: 25_000, want: true}, // alone again
	}
	for i, s := range steps {
		if s.give > 0 {
			g.give(s.give)
			continue
		}
		if got := g.take(s.take, 20_000); got != s.want {
			t.Errorf("step %d: take(%d) with %d in use = %v, want %v", i, s.take, g.used, got, s.want)
		}
	}
	if g.used != 25_000 {
		t.Errorf("in use at the end: %d, want 25000", g.used)
	}
}
