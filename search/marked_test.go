package search_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// bracketed shows m's spans in brackets, for tests to compare.
func bracketed(m search.Marked) string {
	var b strings.Builder
	at := 0
	for _, sp := range m.Spans {
		b.WriteString(m.Text[at:sp.Start] + "[" + m.Text[sp.Start:sp.End] + "]")
		at = sp.End
	}
	b.WriteString(m.Text[at:])
	return b.String()
}

// TestMarkedTitles checks hit titles on a real index: the whole title,
// however long, with its matches marked where they are, and a title
// without a match unmarked.
func TestMarkedTitles(t *testing.T) {
	long := strings.Repeat("Convoys cross the plain at night. ", 12) + "Kirkuk holds é. " + strings.Repeat("Supplies arrive. ", 8)
	ix := indextest.New(t)
	indextest.Add(t, ix,
		&index.Article{ID: "long", Title: long, Body: "Body of the long one.", URL: "https://example.mil/long"},
		&index.Article{ID: "short", Title: "Kirkuk & <Mosul>", Body: "Body of the short one.", URL: "https://example.mil/short"},
		&index.Article{ID: "body", Title: "Untouched title", Body: "Kirkuk only in the body.", URL: "https://example.mil/body"},
	)
	want := map[string]string{
		"long":  strings.Replace(long, "Kirkuk", "[Kirkuk]", 1),
		"short": "[Kirkuk] & <Mosul>",
		"body":  "Untouched title",
	}
	res, err := search.New(ix).Search(context.Background(), search.Request{Query: "kirkuk"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != len(want) {
		t.Fatalf("got %d hits, want %d", len(res.Hits), len(want))
	}
	for _, h := range res.Hits {
		if got := bracketed(h.Title); got != want[h.ID] {
			t.Errorf("%s: title %q, want %q", h.ID, got, want[h.ID])
		}
	}
}
