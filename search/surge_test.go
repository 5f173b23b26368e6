package search_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// SurgeNow is the moment TestSurging asks at.
var surgeNow = time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)

// SurgeCorpus is the corpus TestSurging works out by hand: its newest
// article no later than surgeNow is of 15 June 2024, so the window is 9 to
// 15 June and the baseline the 84 days before, 17 March to 8 June.
//
//	window (nW = 4): Wagner in 3, Kraken Unit in 3, Ukraine in 4, Jane Doe in 1
//	baseline (nB = 8): Wagner in 1, Ukraine in 8
//
// and, in neither, articles naming Wagner dated before the baseline,
// after now, and not at all.
func surgeCorpus(t *testing.T) *search.Engine {
	t.Helper()
	day := func(y int, m time.Month, d int) *time.Time {
		v := time.Date(y, m, d, 9, 30, 0, 0, time.UTC)
		return &v
	}
	n := 0
	art := func(published *time.Time, people, places, orgs []string) *index.Article {
		n++
		return &index.Article{
			ID: fmt.Sprintf("g%d", n), Title: fmt.Sprintf("Dispatch %d", n), Source: "Desk", Published: published,
			Body:   fmt.Sprintf("Dispatch number %d, about matter %d and its own turn %d of events.", n, n*7, n*13),
			People: people, Places: places, Organisations: orgs,
		}
	}
	later := surgeNow.Add(6 * time.Hour)
	ua, wagner, kraken := []string{"Ukraine"}, "Wagner", "Kraken Unit"
	articles := []*index.Article{
		art(day(2024, 6, 15), nil, ua, []string{wagner, kraken}),
		art(day(2024, 6, 12), nil, ua, []string{wagner, kraken}),
		art(day(2024, 6, 9), nil, ua, []string{wagner, kraken}),
		art(day(2024, 6, 10), []string{"Jane Doe"}, ua, nil),
		art(day(2024, 6, 8), nil, ua, []string{wagner}),
		art(day(2024, 3, 17), nil, ua, nil),
	}
	for d := 1; d <= 6; d++ {
		articles = append(articles, art(day(2024, 4, d*5), nil, ua, nil))
	}
	articles = append(articles,
		art(day(2024, 3, 16), nil, nil, []string{wagner}),    // before the baseline
		art(&later, nil, nil, []string{wagner}),              // today, after now
		art(day(2024, 6, 25), nil, nil, []string{wagner}),    // after now
		art(nil, nil, nil, []string{wagner, wagner + " II"}), // undated
	)
	return engineOf(t, articles)
}

// engineOf returns an engine over a new index of articles.
func engineOf(t *testing.T, articles []*index.Article) *search.Engine {
	t.Helper()
	ix := indextest.New(t)
	if st := indextest.Add(t, ix, articles...); st.Indexed != len(articles) {
		t.Fatalf("indexed %d articles, want %d", st.Indexed, len(articles))
	}
	return search.New(ix)
}

// TestSurging checks the window, counts, lifts and scores against the
// hand computation (G² = 2 Σ O ln(O/E), as in TestSignificant, over the
// table window or baseline × naming or not, N = nW + nB = 12):
//
//	Kraken Unit r=3 b=0: lift +Inf; cells 3, 1, 0, 8 with E 1, 3, 2, 6:
//	  G² = 2(3 ln 3 + ln(1/3) + 8 ln(8/6)) = 8.997362…
//	Wagner r=3 b=1: lift (3/4)/(1/8) = 6; cells 3, 1, 1, 7 with E 4/3,
//	  8/3, 8/3, 16/3: G² = 2(3 ln(9/4) + 2 ln(3/8) + 7 ln(21/16)) = 4.749336…
//	Ukraine r=4 b=8: lift 1, under MinSurgeLift; Jane Doe r=1, under
//	  MinSurgeCount.
func TestSurging(t *testing.T) {
	eng := surgeCorpus(t)
	ctx := context.Background()
	date := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 0, 0, 0, 0, time.UTC) }
	kraken := search.Surge{Facet: search.FacetOrganisations, Value: "Kraken Unit", ID: entity.ID(entity.Organisation, "Kraken Unit"),
		Kind: entity.Organisation, Recent: 3, Baseline: 0, Lift: math.Inf(1), Score: 8.997362312}
	wagner := search.Surge{Facet: search.FacetOrganisations, Value: "Wagner", ID: entity.ID(entity.Organisation, "Wagner"),
		Kind: entity.Organisation, Recent: 3, Baseline: 1, Lift: 6, Score: 4.749336296}
	window := search.DaySpan{From: date(6, 9), To: date(6, 15)}
	baseline := search.DaySpan{From: date(3, 17), To: date(6, 8)}
	tests := []struct {
		name string
		get  func() (*search.Surges, error)
		want []search.Surge
	}{
		{"all", func() (*search.Surges, error) { return eng.Surging(ctx, surgeNow, 10) }, []search.Surge{kraken, wagner}},
		{"top one", func() (*search.Surges, error) { return eng.Surging(ctx, surgeNow, 1) }, []search.Surge{kraken}},
		{"of Wagner", func() (*search.Surges, error) { return eng.SurgeOf(ctx, surgeNow, wagner.ID) }, []search.Surge{wagner}},
		{"of Ukraine, not surging", func() (*search.Surges, error) {
			return eng.SurgeOf(ctx, surgeNow, entity.ID(entity.Place, "Ukraine"))
		}, []search.Surge{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.get()
			if err != nil {
				t.Fatal(err)
			}
			want := &search.Surges{Window: window, Baseline: baseline, WindowArticles: 4, BaselineArticles: 8, Entities: tt.want}
			if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-8)); diff != "" {
				t.Errorf("surges (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSurgingEdges checks what surges when the index cannot say: no
// dated article, no baseline, and the bounds of k.
func TestSurgingEdges(t *testing.T) {
	ctx := context.Background()
	eng := surgeCorpus(t)
	// Before every dated article: nothing is dated, no window.
	got, err := eng.Surging(ctx, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), 5)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Window.From.IsZero() || len(got.Entities) != 0 {
		t.Errorf("with no article dated before now: window %+v, entities %+v; want none", got.Window, got.Entities)
	}
	// At 16 March the window is 10-16 March and its baseline holds no
	// article: nothing to compare with.
	got, err = eng.Surging(ctx, time.Date(2024, 3, 16, 23, 0, 0, 0, time.UTC), 5)
	if err != nil {
		t.Fatal(err)
	}
	if got.WindowArticles != 1 || got.BaselineArticles != 0 || len(got.Entities) != 0 {
		t.Errorf("with an empty baseline: %d and %d articles, entities %+v; want 1, 0 and none", got.WindowArticles, got.BaselineArticles, got.Entities)
	}
	for _, k := range []int{0, -1, search.MaxSurging + 1} {
		var qe *search.QueryError
		if _, err := eng.Surging(ctx, surgeNow, k); !errors.As(err, &qe) || qe.Param != "size" {
			t.Errorf("Surging(k=%d) = %v, want a QueryError on size", k, err)
		}
	}
}
