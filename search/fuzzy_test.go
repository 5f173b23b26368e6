package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
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
		for _, h := range res.Hits {
			var marked []string
			for _, m := range []search.Marked{h.Title, h.Snippet} {
				for _, sp := range m.Spans {
					marked = append(marked, strings.ToLower(m.Text[sp.Start:sp.End]))
				}
			}
			if !slices.Contains(marked, "peshmerga") {
				t.Errorf("%q: %s marks %q, not peshmerga", q, h.ID, marked)
			}
		}
		if !strings.HasSuffix(q, "~") && !strings.Contains(q, "~2") && res.DidYouMean != "peshmerga" {
			t.Errorf("%q: did you mean %q, want peshmerga", q, res.DidYouMean)
		}
	}
	if res := search1("peshmerga"); res.DidYouMean != "" {
		t.Errorf("peshmerga, a word of the index found twice: did you mean %q, want none", res.DidYouMean)
	}
}

// TestForgivingRanks checks that a word's own matches rank above matches
// of a word one edit away, which rank above those of a word two edits
// away, and that words of 3 letters or fewer are never near-matched.
func TestForgivingRanks(t *testing.T) {
	ix := indextest.New(t)
	indextest.Add(t, ix,
		&index.Article{ID: "exact", Title: "Peshmerga forces advance", Body: "Peshmerga forces advance on the town.", URL: "https://x.mil/1"},
		&index.Article{ID: "one", Title: "Pashmerga forces advance", Body: "Pashmerga forces advance on the town.", URL: "https://x.mil/2"},
		&index.Article{ID: "two", Title: "Pashmarga forces advance", Body: "Pashmarga forces advance on the town.", URL: "https://x.mil/3"},
		&index.Article{ID: "ied", Title: "An IED found", Body: "An IED was found by the road.", URL: "https://x.mil/4"},
	)
	eng := search.New(ix)
	tests := []struct {
		q    string
		want []string // in this order
	}{
		{"peshmerga~", []string{"exact", "one", "two"}},
		{"peshmerga~1", []string{"exact", "one"}},
		{"pashmerga~2", []string{"one", "exact", "two"}},
		{"peshmergha", []string{"exact", "one"}}, // absent: forgiven within 2
		{"ieds", []string{"ied"}},                // stemmed, not near
		{"ide", nil},                             // 3 letters: never near-matched
		{"ide~", nil},
		{"ide~1", []string{"ied"}},
	}
	for _, tt := range tests {
		res, err := eng.Search(context.Background(), search.Request{Query: tt.q, NoCollapse: true})
		if err != nil {
			t.Fatalf("%q: %v", tt.q, err)
		}
		if got := hitIDs(res); !slices.Equal(got, tt.want) {
			t.Errorf("%q finds %v, want %v", tt.q, got, tt.want)
		}
	}
}

// TestTransliterations checks that spellings of a transliterated name
// find each other in the sample corpus.
func TestTransliterations(t *testing.T) {
	eng := mustUncachedEngine(t)
	ids := func(q string) []string {
		t.Helper()
		res, err := eng.Search(context.Background(), search.Request{Query: q, Size: 100, NoCollapse: true})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		return hitIDs(res)
	}
	want := ids(`"Dayr az Zawr" OR "Dayr az Zayr"`)
	if len(want) < 3 {
		t.Fatalf("the sample corpus has %d articles about Dayr az Zawr, want at least 3", len(want))
	}
	for _, q := range []string{"Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour", "Dayr Az Zayr"} {
		got := ids(q)
		for _, id := range want {
			if !slices.Contains(got, id) {
				t.Errorf("%q finds %d articles, not %s", q, len(got), id)
			}
		}
	}
	abadi := ids("abadi") // lower case: as written
	if len(abadi) == 0 {
		t.Fatal("abadi finds nothing in the sample corpus")
	}
	for _, q := range []string{"Abbadi", "abbadi", "Al-Abadi"} {
		got := ids(q)
		for _, id := range abadi {
			if !slices.Contains(got, id) {
				t.Errorf("%q finds %v, not %s, which abadi finds", q, got, id)
			}
		}
	}
}
