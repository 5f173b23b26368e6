package scorchx

import (
	"errors"
	"slices"
	"testing"
)

// TestNearWordsFoundOnce checks that a snapshot's nearWords finds the
// near words of a fuzzy word of a query once, keeps them apart from those
// of another query or word, keeps no failure, and that a nil one finds
// them every time.
func TestNearWordsFoundOnce(t *testing.T) {
	finds := 0
	find := func(words ...string) func() ([]NearTerm, error) {
		return func() ([]NearTerm, error) {
			finds++
			var out []NearTerm
			for _, w := range words {
				out = append(out, NearTerm{Term: w, Distance: 1})
			}
			return out, nil
		}
	}
	q1, q2 := &FuzzyQuery{Text: "irak"}, &FuzzyQuery{Text: "irak"}
	w := &nearWords{}
	for range 2 {
		got, err := w.of(q1, "irak", find("iraq"))
		if err != nil || len(got) != 1 || got[0].Term != "iraq" {
			t.Fatalf("q1: %v, %v", got, err)
		}
	}
	if got, _ := w.of(q2, "irak", find("iran")); len(got) != 1 || got[0].Term != "iran" {
		t.Errorf("another query: %v, want its own words", got)
	}
	if got, _ := w.of(q1, "syra", find("syria")); len(got) != 1 || got[0].Term != "syria" {
		t.Errorf("another word: %v, want its own words", got)
	}
	if finds != 3 {
		t.Errorf("%d finds, want 3", finds)
	}
	failed := errors.New("index fault")
	if _, err := w.of(q1, "kurd", func() ([]NearTerm, error) { return nil, failed }); !errors.Is(err, failed) {
		t.Errorf("failure: %v", err)
	}
	if got, err := w.of(q1, "kurd", find("kurds")); err != nil || !slices.Equal(got, []NearTerm{{Term: "kurds", Distance: 1}}) {
		t.Errorf("after a failure: %v, %v, want the words found again", got, err)
	}
	var none *nearWords
	none.of(q1, "irak", find("iraq"))
	none.of(q1, "irak", find("iraq"))
	if finds != 6 {
		t.Errorf("%d finds with no nearWords, want 6 in all", finds)
	}
}
