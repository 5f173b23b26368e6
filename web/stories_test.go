package web_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// storyFixture is a server over 8 wire stories of the sample corpus, all
// about Kirkuk, and syndicated copies of two: story 0 by Reuters and AP
// (a day and two days later), story 1 by AP.
type storyFixture struct {
	h        http.Handler
	wire     []*index.Article
	copies   [][]*index.Article // by story
	articles int
}

func newStoryFixture(t *testing.T) *storyFixture {
	t.Helper()
	fx := &storyFixture{wire: indextest.WireStories(t, 8)}
	for _, a := range fx.wire {
		a.Places = []string{"Kirkuk"}
	}
	all := slices.Clone(fx.wire)
	for story, outlets := range [][]string{{"Reuters", "AP"}, {"AP"}} {
		var copies []*index.Article
		for i, outlet := range outlets {
			c := indextest.Syndicated(fx.wire[story], outlet, i+1)
			copies = append(copies, c)
		}
		fx.copies = append(fx.copies, copies)
		all = append(all, copies...)
	}
	ix := indextest.New(t)
	if st := indextest.Add(t, ix, all...); st.Indexed != len(all) {
		t.Fatalf("indexed %d articles, want %d", st.Indexed, len(all))
	}
	for _, c := range append(slices.Clone(fx.copies[0]), fx.copies[1]...) {
		if c.Story == c.ID {
			t.Fatalf("the copy %s (%s) was not recognised as one", c.ID, c.Source)
		}
	}
	fx.articles = len(all)
	h, err := web.New(web.Config{}, search.New(ix), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	fx.h = h
	return fx
}

// storyAnswer is the part of a search answer about stories.
type storyAnswer struct {
	Total      int        `json:"total"`
	Stories    int        `json:"stories"`
	Collapsed  bool       `json:"collapsed"`
	FacetCount string     `json:"facet_count"`
	NextCursor string     `json:"next_cursor"`
	Hits       []storyHit `json:"hits"`
	Facets     map[string][]struct {
		Value string
		Count int
	} `json:"facets"`
}

// storyHit is the part of a hit about its story.
type storyHit struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Story  string `json:"story"`
	AlsoIn []struct {
		ID, Title, URL, Source string
		Published              *time.Time
	} `json:"also_in"`
	AlsoInTotal int `json:"also_in_total"`
}

// getJSON sends a GET to h and decodes the JSON answer into v.
func getJSON(t *testing.T, h http.Handler, target string, v any) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: Content-Type %q, want JSON", target, ct)
	}
	if err := json.NewDecoder(rec.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: decode: %v", target, err)
	}
	return rec.Code
}

func TestCollapseAPI(t *testing.T) {
	fx := newStoryFixture(t)
	story0 := fx.wire[0].ID
	tests := []struct {
		name, target string
		wantHits     int
		wantCollapse bool
		// wantAlsoIn is the sources story 0's hit lists, wantHit its id.
		wantHit    string
		wantAlsoIn []string
	}{
		{"collapsed by default", "/api/search?size=100&sort=newest", len(fx.wire), true, fx.copies[0][1].ID, []string{"Reuters", fx.wire[0].Source}},
		{"collapse=true", "/api/search?size=100&sort=oldest&collapse=true", len(fx.wire), true, story0, []string{"Reuters", "AP"}},
		{"collapse=false", "/api/search?size=100&sort=oldest&collapse=false", fx.articles, false, story0, []string{}},
		{"a filter keeps one copy", "/api/search?source=AP", 2, true, fx.copies[0][1].ID, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got storyAnswer
			if code := getJSON(t, fx.h, tt.target, &got); code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			if len(got.Hits) != tt.wantHits || got.Collapsed != tt.wantCollapse {
				t.Errorf("%d hits, collapsed %v; want %d, %v", len(got.Hits), got.Collapsed, tt.wantHits, tt.wantCollapse)
			}
			if wantTotal := len(got.Hits); tt.wantCollapse && got.Stories != wantTotal || !tt.wantCollapse && got.Total != wantTotal {
				t.Errorf("total %d, stories %d for %d hits", got.Total, got.Stories, len(got.Hits))
			}
			i := slices.IndexFunc(got.Hits, func(h storyHit) bool { return h.ID == tt.wantHit })
			if i < 0 {
				t.Fatalf("no hit %s", tt.wantHit)
			}
			h := got.Hits[i]
			if h.Story != story0 {
				t.Errorf("hit %s is in story %q, want %q", h.ID, h.Story, story0)
			}
			if h.AlsoIn == nil {
				t.Fatal("also_in is null, want a list")
			}
			sources := []string{}
			for _, m := range h.AlsoIn {
				sources = append(sources, m.Source)
				if m.ID == "" || m.Title == "" || m.URL == "" || m.Published == nil {
					t.Errorf("also_in member lacks id, title, url or published: %+v", m)
				}
			}
			if diff := cmp.Diff(tt.wantAlsoIn, sources); diff != "" {
				t.Errorf("also_in sources (-want +got):\n%s", diff)
			}
			if h.AlsoInTotal != len(tt.wantAlsoIn) {
				t.Errorf("also_in_total %d, want %d", h.AlsoInTotal, len(tt.wantAlsoIn))
			}
		})
	}
}

func TestFacetCountAPI(t *testing.T) {
	fx := newStoryFixture(t)
	tests := []struct {
		target      string
		wantKirkuk  int
		wantCounted string
	}{
		{"/api/search", fx.articles, "articles"},
		{"/api/search?facet_count=articles", fx.articles, "articles"},
		{"/api/search?facet_count=stories", len(fx.wire), "stories"},
		{"/api/search?facet_count=stories&collapse=false", len(fx.wire), "stories"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			var got storyAnswer
			if code := getJSON(t, fx.h, tt.target, &got); code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			places := got.Facets["places"]
			if got.FacetCount != tt.wantCounted || len(places) != 1 || places[0].Count != tt.wantKirkuk {
				t.Errorf("facet_count %q, places %+v; want %q and Kirkuk %d", got.FacetCount, places, tt.wantCounted, tt.wantKirkuk)
			}
		})
	}
	for _, tt := range []struct {
		target string
		want   int
	}{
		{"/api/facets/sources?prefix=ap", 2},
		{"/api/facets/places?prefix=kir&facet_count=stories", len(fx.wire)},
		{"/api/facets/places?prefix=kir", fx.articles},
	} {
		var got struct {
			Values []struct {
				Value string `json:"value"`
				Count int    `json:"count"`
			} `json:"values"`
		}
		if code := getJSON(t, fx.h, tt.target, &got); code != http.StatusOK || len(got.Values) != 1 || got.Values[0].Count != tt.want {
			t.Errorf("GET %s = %d %+v, want one value counting %d", tt.target, code, got.Values, tt.want)
		}
	}
}

// TestCollapsedPagingAPI pages through the fixture's stories over the API
// by page number and by cursor, with every page size from 1 to 3: each
// story once, none lost.
func TestCollapsedPagingAPI(t *testing.T) {
	fx := newStoryFixture(t)
	for _, sort := range []string{"relevance", "newest", "oldest"} {
		for size := 1; size <= 3; size++ {
			for _, byCursor := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/size %d/cursor %v", sort, size, byCursor), func(t *testing.T) {
					seen := map[string]bool{}
					cursor := ""
					for page := 1; page <= 20; page++ {
						target := fmt.Sprintf("/api/search?q=said&sort=%s&size=%d&page=%d", sort, size, page)
						if byCursor {
							target = fmt.Sprintf("/api/search?q=said&sort=%s&size=%d&cursor=%s", sort, size, cursor)
						}
						var got storyAnswer
						if code := getJSON(t, fx.h, target, &got); code != http.StatusOK {
							t.Fatalf("GET %s: status %d", target, code)
						}
						for _, h := range got.Hits {
							if seen[h.Story] {
								t.Errorf("page %d repeats story %s", page, h.Story)
							}
							seen[h.Story] = true
						}
						if got.NextCursor == "" {
							if len(seen) != got.Stories {
								t.Errorf("paged through %d stories, the answer counts %d", len(seen), got.Stories)
							}
							return
						}
						cursor = got.NextCursor
					}
					t.Fatal("more than 20 pages")
				})
			}
		}
	}
}

func TestCollapsePages(t *testing.T) {
	fx := newStoryFixture(t)
	reuters := fx.copies[0][0]
	tests := []pageCase{
		{
			name: "one hit per story, the copies linked", target: "/?sort=oldest", wantStatus: 200,
			want: []string{
				fmt.Sprintf("1–%d of %d stories (%d articles)", len(fx.wire), len(fx.wire), fx.articles),
				`<p class="also">Also in: <a href="/articles/` + reuters.ID + `?sort=oldest" title="` + reuters.Title + `"><bdi>Reuters</bdi></a> (<time datetime="` +
					reuters.Published.Format(time.DateOnly) + `">` + reuters.Published.Format("2 Jan 2006") + `</time>), <a href="/articles/` + fx.copies[0][1].ID + `?sort=oldest"`,
				fmt.Sprintf(`<a href="/?collapse=false&amp;sort=oldest">Show all %d articles</a>`, fx.articles),
				`<a href="/?facet_count=stories&amp;sort=oldest">stories</a>`,
			},
		},
		{
			name: "every article", target: "/?collapse=false&sort=oldest", wantStatus: 200,
			want:    []string{fmt.Sprintf("1–10 of %d articles", fx.articles), `<a href="/?sort=oldest">One hit per story</a>`, `href="/articles/` + reuters.ID + `?collapse=false&amp;sort=oldest">`},
			notWant: []string{`class="also"`},
		},
		{
			name: "collapse=true is the default and drops from links", target: "/?collapse=true&sort=newest", wantStatus: 200,
			want:    []string{`<a href="/?sort=oldest">Oldest</a>`, `class="also"`},
			notWant: []string{"collapse=true"},
		},
		{
			name: "facets counting stories", target: "/?facet_count=stories", wantStatus: 200,
			want: []string{
				`<a href="/?facet_count=stories" aria-current="true">stories</a>`,
				fmt.Sprintf(`<span class="n">%d<span class="vh"> stories</span>`, len(fx.wire)),
				`data-unit="stories"`, `<input type="hidden" name="facet_count" value="stories">`,
				"Stories by ",
			},
		},
		{
			name: "facet page counting stories", target: "/facets/places?prefix=kir&facet_count=stories", wantStatus: 200,
			want: []string{fmt.Sprintf(`<span class="n">%d<span class="vh"> stories</span>`, len(fx.wire))},
		},
		{
			name: "a bad collapse", target: "/?collapse=maybe", wantStatus: 400,
			want: []string{"collapse=&#34;maybe&#34;: want true", `<a href="/">search without the other parameters</a>`},
		},
		{
			name: "a bad facet_count", target: "/?facet_count=words", wantStatus: 400,
			want: []string{"unknown facet_count &#34;words&#34;: use articles or stories"},
		},
		{
			name: "more like this leaves out the article's copies", target: "/articles/" + fx.wire[0].ID, wantStatus: 200,
			want:    []string{`class="similar"`},
			notWant: []string{"/articles/" + reuters.ID, "/articles/" + fx.copies[0][1].ID},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, fx.h) })
	}
}
