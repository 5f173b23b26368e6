package search_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search"
)

// significanceCorpus is ten articles whose counts are worked out by hand
// in TestSignificant: three mention the Peshmerga, nine the United States.
func significanceCorpus(t *testing.T) *search.Engine {
	t.Helper()
	words := []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"}
	art := func(i int, title string, places, orgs []string) *index.Article {
		return &index.Article{
			ID: fmt.Sprintf("s%d", i), Title: title, Source: "Desk",
			Body:   fmt.Sprintf("Report %s number %d on %s matters, told in words of its own: %s %s.", words[i], i, words[(i+3)%10], words[(i+5)%10], words[(i+7)%10]),
			Places: places, Organisations: orgs,
		}
	}
	us := "United States"
	articles := []*index.Article{
		art(0, "Peshmerga hold the line", []string{"Irbil", us}, []string{"Peshmerga", "KDP"}),
		art(1, "Peshmerga talks", []string{"Irbil", us}, []string{"KDP"}),
		art(2, "Peshmerga move south", []string{"Kirkuk", us}, []string{"Peshmerga"}),
		art(3, "Budget vote", []string{us}, []string{"KDP"}),
		art(4, "Carrier sails", []string{us}, nil),
		art(5, "Drone test", []string{us}, nil),
		art(6, "Tank order", []string{us}, nil),
		art(7, "Radar upgrade", []string{us}, nil),
		art(8, "Base opens", []string{us}, nil),
		art(9, "Oil field", []string{"Kirkuk"}, nil),
	}
	return engineOf(t, articles)
}

// TestSignificant checks the counts, lifts and G² scores against the
// hand computation, for N = 10 articles:
//
//	G² = 2 Σ O ln(O/E) over a, n−a, C−a, N−n−C+a
//
//	peshmerga (n = 3): Irbil a=2 C=2: lift (2/3)/(2/10) = 10/3,
//	  G² = 2(2 ln(2/0.6) + 1 ln(1/2.4) + 0 + 7 ln(7/5.6)) = 6.188963…;
//	  Peshmerga the same; KDP a=2 C=3: lift 20/9,
//	  G² = 2(2 ln(2/0.9) + 1 ln(1/2.1) + 1 ln(1/2.1) + 6 ln(6/4.9)) = 2.656572…
//	  and United States a=3 C=9: lift 10/9,
//	  G² = 2(3 ln(3/2.7) + 0 + 6 ln(6/6.3) + 1 ln(1/0.7)) = 0.760031…,
//	  both under 3.84; Kirkuk a=1 C=2: lift 5/3,
//	  G² = 2(1 ln(1/0.6) + 2 ln(2/2.4) + 1 ln(1/1.4) + 6 ln(6/5.6)) = 0.4473…
//	place Irbil (n = 2): KDP a=2 C=3: lift 10/3, G² = 6.188963…;
//	  United States a=2 C=9: lift 10/9, G² = 0.473336…, under 3.84; Irbil,
//	  filtered on, left out; Peshmerga a=1 C=2: lift 5, G² =
//	  2(1 ln(1/0.4) + 1 ln(1/1.6) + 1 ln(1/1.6) + 7 ln(7/6.4)) = 1.2071…
//	  under 3.84.
func TestSignificant(t *testing.T) {
	eng := significanceCorpus(t)
	ctx := context.Background()
	ent := func(facet, value string, a, c int, lift, score float64) search.Significant {
		kind := map[string]entity.Kind{search.FacetPeople: entity.Person, search.FacetPlaces: entity.Place, search.FacetOrganisations: entity.Organisation}[facet]
		return search.Significant{Facet: facet, Value: value, ID: entity.ID(kind, value), Count: a, Corpus: c, Lift: lift, Score: score}
	}
	tests := []struct {
		name     string
		req      search.Request
		k        int
		articles uint64
		want     []search.Significant
	}{
		{"peshmerga", search.Request{Query: "peshmerga"}, 10, 3, []search.Significant{
			ent(search.FacetOrganisations, "Peshmerga", 2, 2, 10.0/3, 6.188963460994882),
			ent(search.FacetPlaces, "Irbil", 2, 2, 10.0/3, 6.188963460994882),
		}},
		{"peshmerga, top 1", search.Request{Query: "peshmerga"}, 1, 3, []search.Significant{
			ent(search.FacetOrganisations, "Peshmerga", 2, 2, 10.0/3, 6.188963460994882),
		}},
		{"every article: nothing stands out", search.Request{}, 10, 10, []search.Significant{}},
		{"filtered on Irbil", search.Request{Places: []string{"Irbil"}}, 10, 2, []search.Significant{
			ent(search.FacetOrganisations, "KDP", 2, 3, 10.0/3, 6.188963460994882),
		}},
	}
	approx := cmpopts.EquateApprox(0, 1e-9)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := eng.Significant(ctx, tt.req, tt.k)
			if err != nil {
				t.Fatal(err)
			}
			if got.Articles != tt.articles || got.Corpus != 10 {
				t.Errorf("set of %d articles in %d, want %d in 10", got.Articles, got.Corpus, tt.articles)
			}
			if diff := cmp.Diff(tt.want, got.Entities, approx); diff != "" {
				t.Errorf("significant entities (-want +got):\n%s", diff)
			}
		})
	}

	// The search page's collapsed search, its facets counting articles
	// or stories, finds the same as Significant's search of every
	// article.
	for _, fc := range []search.FacetCount{search.CountArticles, search.CountStories} {
		res, err := eng.Search(ctx, search.Request{Query: "peshmerga", Significant: 10, FacetCount: fc})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tests[0].want, res.Significant.Entities, approx); diff != "" {
			t.Errorf("collapsed search counting %s: significant entities (-want +got):\n%s", fc, diff)
		}
		// Every article, collapsed: the set is the index's articles.
		every, err := eng.Search(ctx, search.Request{Significant: 10, FacetCount: fc})
		if err != nil {
			t.Fatal(err)
		}
		if s := every.Significant; s.Articles != 10 || s.Corpus != 10 || s.Entities == nil || len(s.Entities) != 0 {
			t.Errorf("every article, collapsed, counting %s: %+v, want 10 articles of 10 and no entity", fc, s)
		}
	}

	irbil, err := eng.Entity(ctx, entity.ID(entity.Place, "Irbil"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if co := irbil.CoMentioned; len(co) != 1 || co[0].Value != "KDP" {
		t.Errorf("co-mentioned with Irbil: %+v, want KDP", co)
	}
	// A source is no entity: its id is no id, and it has no co-mentions.
	if _, err := eng.Entity(ctx, "Desk", 0); err == nil {
		t.Error("co-mentions of a source: want an error")
	}
	for _, k := range []int{-1, search.MaxSignificant + 1} {
		if _, err := eng.Significant(ctx, search.Request{}, k); !errors.As(err, new(*search.QueryError)) {
			t.Errorf("k=%d: err %v, want a *QueryError", k, err)
		}
	}
}

func TestG2(t *testing.T) {
	tests := []struct {
		name    string
		a, c    int
		n, N    uint64
		want    float64
		epsilon float64
	}{
		{"as often as the index: nothing", 5, 50, 10, 100, 0, 1e-12},
		{"hand computed", 2, 2, 3, 10, 2 * (2*math.Log(2/0.6) + math.Log(1/2.4) + 7*math.Log(7/5.6)), 1e-12},
		// In 1% of the index, a name found twice and nowhere else: about
		// 2·2·ln(100), the rest of the table adding little.
		{"a twice-seen name", 2, 2, 1000, 100_000, 18.4246, 0.001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := search.G2(tt.a, tt.c, tt.n, tt.N); math.Abs(got-tt.want) > tt.epsilon {
				t.Errorf("G2(%d, %d, %d, %d) = %v, want %v", tt.a, tt.c, tt.n, tt.N, got, tt.want)
			}
		})
	}
	if fluke, frequent := search.G2(2, 2, 1000, 100_000), search.G2(200, 5000, 1000, 100_000); fluke >= frequent {
		t.Errorf("G² of a name twice in the set and nowhere else %v, of one 200 times against 50 expected %v: want the frequent one first", fluke, frequent)
	}
}

func TestPlaceCounts(t *testing.T) {
	eng := significanceCorpus(t)
	res, err := eng.Search(context.Background(), search.Request{Query: "peshmerga", PlaceCounts: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []search.FacetValue{{Value: "United States", Count: 3}, {Value: "Irbil", Count: 2}, {Value: "Kirkuk", Count: 1}}
	if diff := cmp.Diff(want, res.PlaceCounts); diff != "" {
		t.Errorf("place counts (-want +got):\n%s", diff)
	}
	res, err = eng.Search(context.Background(), search.Request{Query: "peshmerga"})
	if err != nil {
		t.Fatal(err)
	}
	if res.PlaceCounts != nil || res.Significant != nil {
		t.Errorf("not asked for: place counts %v, significant %v", res.PlaceCounts, res.Significant)
	}
}

// TestSignificantOnTheSampleCorpus: for peshmerga, what stands out is
// Kurdish and Iraqi, not the United States.
func TestSignificantOnTheSampleCorpus(t *testing.T) {
	got, err := mustEngine(t).Significant(context.Background(), search.Request{Query: "peshmerga"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	iraqi := 0
	for _, s := range got.Entities {
		t.Logf("%s %q a=%d C=%d lift %.2f G² %.1f", s.Facet, s.Value, s.Count, s.Corpus, s.Lift, s.Score)
		switch s.Value {
		case "United States":
			t.Errorf("the United States stands out for peshmerga: %+v", s)
		case "Irbil", "Kirkuk", "Mosul", "Baghdad", "Kurdistan Region":
			iraqi++
		}
	}
	if len(got.Entities) == 0 || got.Entities[0].Value != "Peshmerga" {
		t.Errorf("what stands out for peshmerga: %v, want the Peshmerga first", got.Entities)
	}
	if iraqi == 0 {
		t.Errorf("no Iraqi place stands out for peshmerga")
	}
}

// TestSignificantLeavesOutFilters: a value filtered on, by its name or by
// its entity ID, is left out of what stands out (every article of the set
// names it); other values are not, and the ID of an entity of another
// kind filters nothing: it is refused.
func TestSignificantLeavesOutFilters(t *testing.T) {
	eng := significanceCorpus(t)
	ctx := context.Background()
	pid := entity.ID(entity.Organisation, "Peshmerga")
	tests := []struct {
		name        string
		filter      []string
		left, stays []string
	}{
		{"by name", []string{"KDP", "Peshmerga"}, []string{"Peshmerga", "KDP"}, []string{"Irbil"}},
		{"by ID", []string{pid}, []string{"Peshmerga"}, nil},
		{"another entity", []string{pid, "KDP"}, []string{"Peshmerga", "KDP"}, []string{"Irbil"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := eng.Significant(ctx, search.Request{Organisations: tt.filter}, 10)
			if err != nil {
				t.Fatal(err)
			}
			var values []string
			for _, s := range got.Entities {
				values = append(values, s.Value)
			}
			for _, v := range tt.left {
				if slices.Contains(values, v) {
					t.Errorf("filtered on %q: %q stands out in %q, want it left out", tt.filter, v, values)
				}
			}
			for _, v := range tt.stays {
				if !slices.Contains(values, v) {
					t.Errorf("filtered on %q: %q does not stand out in %q, want it kept", tt.filter, v, values)
				}
			}
		})
	}
	// Unfiltered, Peshmerga stands out among its own articles' query: the
	// cases above test the leaving out, not its absence.
	res, err := eng.Significant(ctx, search.Request{Query: "peshmerga"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(res.Entities, func(s search.Significant) bool { return s.Value == "Peshmerga" }) {
		t.Errorf("peshmerga, unfiltered: %+v, want Peshmerga among them", res.Entities)
	}
	other := search.Request{Organisations: []string{entity.ID(entity.Place, "Peshmerga")}}
	if _, err := eng.Significant(ctx, other, 10); !errors.As(err, new(*search.QueryError)) {
		t.Errorf("filtered on the ID of a place named Peshmerga: err %v, want a *QueryError", err)
	}
}
