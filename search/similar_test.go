package search_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// TestSimilar checks "more like this" on a real index: articles sharing
// more entities first, none sharing nothing, and never the article itself
// or a copy of its story.
func TestSimilar(t *testing.T) {
	article := func(id string, people, places []string) *index.Article {
		return &index.Article{ID: id, Title: "Report " + id, Body: "Text of " + id + ".", URL: "https://example.mil/" + id, People: people, Places: places}
	}
	wire := indextest.WireStories(t, 1)[0]
	wire.People = []string{"Wire Person"}
	wireCopy := indextest.Syndicated(wire, "AP", 1)
	all := []*index.Article{
		article("self", []string{"Anna Ames", "Bo Berg"}, []string{"Irbil"}),
		article("two", []string{"Anna Ames"}, []string{"Irbil"}),
		article("one", []string{"Bo Berg"}, nil),
		article("none", []string{"Zed Zane"}, nil),
		article("bare", nil, nil),
		article("about-wire", []string{"Wire Person"}, nil),
		wire, wireCopy,
	}
	ix := indextest.New(t)
	if st := indextest.Add(t, ix, all...); st.Indexed != len(all) {
		t.Fatalf("indexed %d articles, want %d", st.Indexed, len(all))
	}
	if wireCopy.Story != wire.Story {
		t.Fatalf("the copy's story %q is not the wire's %q", wireCopy.Story, wire.Story)
	}
	eng := search.New(ix)
	tests := []struct {
		name string
		id   string
		n    int
		want []string
	}{
		{"most shared entities first", "self", 0, []string{"two", "one"}},
		{"at most n", "self", 1, []string{"two"}},
		{"sharing one", "one", 5, []string{"self"}},
		{"no entities, no neighbours", "bare", 5, []string{}},
		{"no copy of its own story", wire.ID, 5, []string{"about-wire"}},
		{"from a copy, neither the wire nor itself", wireCopy.ID, 5, []string{"about-wire"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := eng.Similar(context.Background(), tt.id, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, h := range hits {
				got = append(got, h.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Similar(%s, %d) = %v, want %v", tt.id, tt.n, got, tt.want)
			}
		})
	}

	if _, err := eng.Similar(context.Background(), "no-such-id", 5); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("unknown id: err %v, want ErrNotFound", err)
	}
	for _, n := range []int{-1, search.MaxSimilar + 1} {
		_, err := eng.Similar(context.Background(), "self", n)
		if qe, ok := errors.AsType[*search.QueryError](err); !ok || qe.Param != "size" {
			t.Errorf("n %d: err %v, want a *QueryError on size", n, err)
		}
	}
}
