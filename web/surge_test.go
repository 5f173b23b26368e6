package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
)

// surgeServer serves a corpus whose newest article is of 15 June 2024:
// its window is 9–15 June (4 articles), its baseline 17 March – 8 June
// (8 articles). Kraken Unit, in 3 of the window's articles and none of
// the baseline's, and Wagner, in 3 and 1, surge (search.TestSurging works
// out their scores); Ukraine, in every article, does not.
func surgeServer(t *testing.T) http.Handler {
	t.Helper()
	n := 0
	art := func(m time.Month, d int, places, orgs []string) *index.Article {
		n++
		published := time.Date(2024, m, d, 9, 30, 0, 0, time.UTC)
		return &index.Article{
			ID: fmt.Sprintf("g%d", n), Title: fmt.Sprintf("Dispatch %d", n), Source: "Desk", Published: &published,
			Body:   fmt.Sprintf("Dispatch number %d, about matter %d and its own turn %d of events.", n, n*7, n*13),
			Places: places, Organisations: orgs,
		}
	}
	ua, both := []string{"Ukraine"}, []string{"Wagner", "Kraken Unit"}
	articles := []*index.Article{
		art(6, 15, ua, both), art(6, 12, ua, both), art(6, 9, ua, both), art(6, 10, ua, nil),
		art(6, 8, ua, []string{"Wagner"}), art(3, 17, ua, nil),
		art(3, 16, nil, []string{"Wagner"}), // before the baseline
	}
	for d := 1; d <= 6; d++ {
		articles = append(articles, art(4, d*5, ua, nil))
	}
	return serverOf(t, articles)
}

type surgeSpan struct{ From, To string }

type surgeEntity struct {
	ID, Name, Type, Facet string
	Recent, Baseline      int
	Lift                  *float64
	Score                 float64
	Page, Search          string
}

// TestSurgingAPI checks GET /api/entities?surging=1 and its mistakes.
func TestSurgingAPI(t *testing.T) {
	h := surgeServer(t)
	six := 6.0
	kraken, wagner := entity.ID(entity.Organisation, "Kraken Unit"), entity.ID(entity.Organisation, "Wagner")
	search := func(name string) string { return "/api/search?from=2024-06-09&organisation=" + name + "&to=2024-06-15" }
	tests := []struct {
		target string
		want   []surgeEntity
	}{
		{"/api/entities?surging=1", []surgeEntity{
			{ID: kraken, Name: "Kraken Unit", Type: "organisation", Facet: "organisations", Recent: 3, Score: 8.997362312,
				Page: "/entities/" + kraken, Search: search("Kraken+Unit")},
			{ID: wagner, Name: "Wagner", Type: "organisation", Facet: "organisations", Recent: 3, Baseline: 1, Lift: &six, Score: 4.749336296,
				Page: "/entities/" + wagner, Search: search("Wagner")},
		}},
		{"/api/entities?surging=true&size=1", []surgeEntity{
			{ID: kraken, Name: "Kraken Unit", Type: "organisation", Facet: "organisations", Recent: 3, Score: 8.997362312,
				Page: "/entities/" + kraken, Search: search("Kraken+Unit")},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			res, body := getPage(t, h, tt.target)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			var got struct {
				Window, Baseline *surgeSpan
				NW               int `json:"window_articles"`
				NB               int `json:"baseline_articles"`
				Entities         []surgeEntity
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&surgeSpan{"2024-06-09", "2024-06-15"}, got.Window); diff != "" {
				t.Errorf("window (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(&surgeSpan{"2024-03-17", "2024-06-08"}, got.Baseline); diff != "" {
				t.Errorf("baseline (-want +got):\n%s", diff)
			}
			if got.NW != 4 || got.NB != 8 {
				t.Errorf("window_articles %d, baseline_articles %d; want 4 and 8", got.NW, got.NB)
			}
			if diff := cmp.Diff(tt.want, got.Entities, cmpopts.EquateApprox(0, 1e-8)); diff != "" {
				t.Errorf("entities (-want +got):\n%s", diff)
			}
			if !strings.Contains(body, `"lift":null`) {
				t.Errorf("a new name's lift is not null: %s", body)
			}
		})
	}
	for _, target := range []string{"/api/entities", "/api/entities?surging=0", "/api/entities?surging=1&size=0", "/api/entities?surging=1&size=101"} {
		res, body := getPage(t, h, target)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "size") && !strings.Contains(body, "surging=1") {
			t.Errorf("GET %s: %d %s; want a 400 saying how to ask", target, res.StatusCode, body)
		}
	}
}

// TestEntitySurge checks the flag of a surging entity in its JSON and on
// its page, and its absence for one that does not surge.
func TestEntitySurge(t *testing.T) {
	h := surgeServer(t)
	wagner, ukraine := entity.ID(entity.Organisation, "Wagner"), entity.ID(entity.Place, "Ukraine")
	var got struct {
		Surge *struct {
			Recent, Baseline int
			Lift             *float64
			Score            float64
			Window           surgeSpan
			BaselineWindow   surgeSpan `json:"baseline_window"`
		}
	}
	_, body := getPage(t, h, "/api/entities/"+wagner)
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if s := got.Surge; s == nil || s.Recent != 3 || s.Baseline != 1 || s.Lift == nil || *s.Lift != 6 ||
		s.Window != (surgeSpan{"2024-06-09", "2024-06-15"}) || s.BaselineWindow != (surgeSpan{"2024-03-17", "2024-06-08"}) {
		t.Errorf("Wagner's surge: %s", body)
	}
	if _, body := getPage(t, h, "/api/entities/"+ukraine); !strings.Contains(body, `"surge":null`) {
		t.Errorf("Ukraine does not surge, but its JSON says: %s", body)
	}
	_, page := getPage(t, h, "/entities/"+wagner)
	if want := "Rising this week: 3 articles, ×6 its usual share"; !strings.Contains(page, want) {
		t.Errorf("Wagner's page lacks %q", want)
	}
	if want := `href="/?from=2024-06-09&amp;organisation=Wagner&amp;to=2024-06-15"`; !strings.Contains(page, want) {
		t.Errorf("Wagner's page lacks the link to its week's articles %s", want)
	}
	if _, page := getPage(t, h, "/entities/"+ukraine); strings.Contains(page, "Rising this week") {
		t.Error("Ukraine's page says it is rising")
	}
}

// TestHomeRising checks the home page's "Rising this week", and that a
// search page has none.
func TestHomeRising(t *testing.T) {
	h := surgeServer(t)
	_, home := getPage(t, h, "/")
	i := strings.Index(home, `<h2 id="rising-h">Rising this week</h2>`)
	if i < 0 {
		t.Fatal("the home page has no Rising this week")
	}
	panel := home[i : strings.Index(home[i:], "</section>")+i]
	for _, want := range []string{
		`href="/entities/` + entity.ID(entity.Organisation, "Kraken Unit") + `"`, "Kraken Unit", "3 articles, none in the 12 weeks before",
		`href="/entities/` + entity.ID(entity.Organisation, "Wagner") + `"`, "3 articles, ×6 its usual share",
		`href="/?from=2024-06-09&amp;organisation=Wagner&amp;to=2024-06-15"`, "9–15 Jun 2024",
	} {
		if !strings.Contains(panel, want) {
			t.Errorf("Rising this week lacks %q:\n%s", want, panel)
		}
	}
	if strings.Index(panel, "Kraken Unit") > strings.Index(panel, "Wagner") {
		t.Error("Wagner is listed before Kraken Unit, whose score is higher")
	}
	if strings.Contains(panel, "Ukraine") {
		t.Error("Ukraine, named as often as ever, is rising")
	}
	if _, page := getPage(t, h, "/?q=dispatch"); strings.Contains(page, "Rising this week") {
		t.Error("a search page shows Rising this week")
	}

	// A week where nothing rises says so, and why.
	day := func(m time.Month, d int) *time.Time { v := time.Date(2024, m, d, 8, 0, 0, 0, time.UTC); return &v }
	quiet := serverOf(t, []*index.Article{
		{ID: "q1", Title: "Quiet week", Body: "A quiet week on the front.", Published: day(6, 15), Places: []string{"Ukraine"}},
		{ID: "q2", Title: "Quiet spring", Body: "A quiet spring, the desk wrote.", Published: day(5, 1), Places: []string{"Ukraine"}},
	})
	_, page := getPage(t, quiet, "/")
	if want := "Nothing is rising in the week of 9–15 Jun 2024 (1 article that week, 1 in the 12 weeks before)"; !strings.Contains(page, want) {
		t.Errorf("a quiet home page lacks %q", want)
	}
	// Without a dated article there is no week, and no panel.
	_, page = getPage(t, serverOf(t, []*index.Article{{ID: "u1", Title: "Undated", Body: "No date here."}}), "/")
	if strings.Contains(page, "Rising this week") {
		t.Error("the home page of undated articles shows Rising this week")
	}
}
