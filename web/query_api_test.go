package web_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

const seedTitle = "US reaffirms commitment to assist Iraq and Kurdistan in fight against ISIS"

// TestQueryLanguageOverAPI runs the query forms analysts rely on through
// GET /api/search and checks every hit, not only the first page.
func TestQueryLanguageOverAPI(t *testing.T) {
	tests := []struct {
		name  string
		query string // the URL query
		// check is called for every hit (fetched 100 per page).
		check func(t *testing.T, h fullHit)
		// mustHave are titles that must be among the hits.
		mustHave []string
		minTotal int
	}{
		{name: "isil finds the seed, which says ISIS", query: "q=isil", mustHave: []string{seedTitle}, minTotal: 2},
		{name: "daesh finds the seed", query: "q=daesh", mustHave: []string{seedTitle}, minTotal: 2},
		{name: "person filter", query: "q=&person=Celeste+Wallander", mustHave: []string{seedTitle}, minTotal: 1,
			check: func(t *testing.T, h fullHit) {
				if !slices.Contains(h.People, "Celeste Wallander") {
					t.Errorf("%q lacks Celeste Wallander in people %q", h.Title, h.People)
				}
			}},
		{name: "exclusion", query: "q=" + url.QueryEscape("carrier -nimitz"), minTotal: 5,
			check: func(t *testing.T, h fullHit) {
				if strings.Contains(strings.ToLower(h.Title+" "+h.body), "nimitz") {
					t.Errorf("%q mentions Nimitz", h.Title)
				}
			}},
		{name: "phrase", query: "q=" + url.QueryEscape(`"strike group"`), minTotal: 10,
			check: func(t *testing.T, h fullHit) {
				if !strings.Contains(strings.ToLower(h.Title+" "+h.summary+" "+h.body+" "+strings.Join(h.captions, " ")), "strike group") {
					t.Errorf("%q does not hold the phrase \"strike group\"", h.Title)
				}
			}},
		{name: "title scope", query: "q=title:hypersonic", minTotal: 5,
			check: func(t *testing.T, h fullHit) {
				if !strings.Contains(strings.ToLower(h.Title), "hypersonic") {
					t.Errorf("%q: title scope matched outside the title", h.Title)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := allAPIHits(t, "/api/search?size=100&"+tt.query)
			if len(hits) < tt.minTotal {
				t.Errorf("%d hits, want at least %d", len(hits), tt.minTotal)
			}
			var titles []string
			for _, h := range hits {
				titles = append(titles, h.Title)
				if tt.check != nil {
					tt.check(t, h)
				}
			}
			for _, want := range tt.mustHave {
				if !slices.Contains(titles, want) {
					t.Errorf("hits lack %q", want)
				}
			}
		})
	}
}

// fullHit is a hit with the text of its article, fetched from
// /api/articles/{id}.
type fullHit struct {
	hit
	summary, body string
	captions      []string
}

// allAPIHits follows next_cursor through every page of target.
func allAPIHits(t *testing.T, target string) []fullHit {
	t.Helper()
	var out []fullHit
	next := target
	for {
		var page searchAnswer
		if res := get(t, next, &page); res.StatusCode != 200 {
			t.Fatalf("GET %s: %d", next, res.StatusCode)
		}
		for _, h := range page.Hits {
			var a struct {
				Summary  string   `json:"summary"`
				Body     string   `json:"body"`
				Captions []string `json:"captions"`
			}
			get(t, "/api/articles/"+h.ID, &a)
			out = append(out, fullHit{hit: h, summary: a.Summary, body: a.Body, captions: a.Captions})
		}
		if page.NextCursor == "" {
			if len(out) != page.Total {
				t.Fatalf("%s: paged through %d hits, total %d", target, len(out), page.Total)
			}
			return out
		}
		next = target + "&cursor=" + url.QueryEscape(page.NextCursor)
	}
}
