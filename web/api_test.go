package web_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// server is the handler over the sample corpus that every test shares.
var server http.Handler

func TestMain(m *testing.M) {
	os.Exit(indextest.RunWithCorpus(m, func(ix *index.Index) (err error) {
		x, err := entity.New()
		if err != nil {
			return err
		}
		cfg := web.Config{EntitySources: []web.EntitySource{web.Gazetteer(x)}}
		server, err = web.New(cfg, search.New(ix), slog.New(slog.DiscardHandler))
		return err
	}))
}

// get sends a GET to the shared server and decodes its JSON answer into v.
func get(t *testing.T, target string, v any) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	server.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	res := rec.Result()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: Content-Type %q, want JSON", target, ct)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: decode: %v", target, err)
	}
	return res
}

type hit struct {
	ID, Title, Source, Snippet string
	People                     []string
}

type searchAnswer struct {
	Total      int      `json:"total"`
	TookMS     *float64 `json:"took_ms"`
	Page       int      `json:"page"`
	Size       int      `json:"size"`
	NextCursor string   `json:"next_cursor"`
	Hits       []hit    `json:"hits"`
	Facets     map[string][]struct {
		Value string
		Count int
	} `json:"facets"`
}

func TestHealth(t *testing.T) {
	var got struct {
		Status   string `json:"status"`
		Articles int    `json:"articles"`
	}
	res := get(t, "/healthz", &got)
	if res.StatusCode != http.StatusOK || got.Status != "ok" || got.Articles != indextest.CorpusSize {
		t.Errorf("GET /healthz = %d %+v, want 200 ok with %d articles", res.StatusCode, got, indextest.CorpusSize)
	}
}

func TestSearchAPI(t *testing.T) {
	tests := []struct {
		name       string
		target     string
		wantTotal  int
		wantTitles []string
	}{
		{"wallander finds the seed", "/api/search?q=wallander", 1,
			[]string{"US reaffirms commitment to assist Iraq and Kurdistan in fight against ISIS"}},
		{"peshmerga finds the seed and the re3d article", "/api/search?q=peshmerga", 2,
			[]string{"Coalition provides ISF, Peshmerga with over 24K gasmasks", "US reaffirms commitment to assist Iraq and Kurdistan in fight against ISIS"}},
		{"source filter", "/api/search?source=The+Jerusalem+Post", 1,
			[]string{"US reaffirms commitment to assist Iraq and Kurdistan in fight against ISIS"}},
		{"year filter", "/api/search?q=peshmerga&from=2030", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got searchAnswer
			res := get(t, tt.target, &got)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			var gotTitles []string
			for _, h := range got.Hits {
				gotTitles = append(gotTitles, h.Title)
			}
			if got.Total != tt.wantTotal {
				t.Errorf("total = %d, want %d", got.Total, tt.wantTotal)
			}
			if diff := cmp.Diff(tt.wantTitles, gotTitles); diff != "" {
				t.Errorf("titles (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSearchAPIShape(t *testing.T) {
	var got searchAnswer
	get(t, "/api/search?q=wallander", &got)
	if got.TookMS == nil || got.Page != 1 || got.Size != 10 {
		t.Errorf("took_ms %v, page %d, size %d: want took_ms, page 1, size 10", got.TookMS, got.Page, got.Size)
	}
	h := got.Hits[0]
	if h.ID == "" || h.Source != "The Jerusalem Post" || !strings.Contains(h.Snippet, "<mark>") || h.People == nil {
		t.Errorf("hit = %+v: want id, source, a marked snippet and a people list", h)
	}
	for _, f := range []string{"people", "places", "organisations", "sources"} {
		if _, ok := got.Facets[f]; !ok {
			t.Errorf("facets lack %q", f)
		}
	}
	if len(got.Facets["sources"]) != 1 || got.Facets["sources"][0].Value != "The Jerusalem Post" {
		t.Errorf("sources facet = %+v", got.Facets["sources"])
	}
}

func TestBadRequests(t *testing.T) {
	tests := []struct {
		target     string
		wantStatus int
		wantInMsg  string
	}{
		{"/api/search?size=abc", 400, "size"},
		{"/api/search?size=1000", 400, "size"},
		{"/api/search?page=0", 400, "page"},
		{"/api/search?from=2022-13-01", 400, "YYYY-MM-DD"},
		{"/api/search?to=yesterday", 400, "to="},
		{"/api/search?sort=random", 400, "newest"},
		{"/api/search?facet_size=0", 400, "facet_size"},
		{"/api/search?cursor=garbage", 400, "cursor"},
		{"/api/search?collapse=maybe", 400, "want true (one hit per story, the default) or false"},
		{"/api/search?facet_count=words", 400, "use articles or stories"},
		{"/api/facets/people?facet_count=words", 400, "facet_count"},
		{"/api/search?page=5000&size=100", 400, "next_cursor"},
		{"/api/facets/weapons", 400, "unknown facet"},
		{"/api/facets/people?size=500", 400, "size"},
		{"/api/articles/does-not-exist", 404, "does-not-exist"},
		{"/no/such/route", 404, "/no/such/route"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			var got struct {
				Error string `json:"error"`
			}
			res := get(t, tt.target, &got)
			if res.StatusCode != tt.wantStatus || !strings.Contains(got.Error, tt.wantInMsg) {
				t.Errorf("GET %s = %d %q, want %d and a message about %q", tt.target, res.StatusCode, got.Error, tt.wantStatus, tt.wantInMsg)
			}
		})
	}
}

func TestArticleAPI(t *testing.T) {
	var found searchAnswer
	get(t, "/api/search?q=wallander", &found)
	var got struct {
		ID         string   `json:"id"`
		Title      string   `json:"title"`
		Summary    string   `json:"summary"`
		Paragraphs []string `json:"paragraphs"`
		Captions   []string `json:"captions"`
	}
	res := get(t, "/api/articles/"+found.Hits[0].ID, &got)
	if res.StatusCode != http.StatusOK || got.ID != found.Hits[0].ID || len(got.Paragraphs) < 5 || len(got.Captions) != 2 || got.Summary == "" {
		t.Errorf("GET article = %d, %q with %d paragraphs, %d captions", res.StatusCode, got.Title, len(got.Paragraphs), len(got.Captions))
	}
}

func TestSecurityHeaders(t *testing.T) {
	var v any
	res := get(t, "/api/search?q=iraq", &v)
	for header, want := range map[string]string{
		"X-Content-Type-Options":      "nosniff",
		"X-Frame-Options":             "DENY",
		"Access-Control-Allow-Origin": "",
		"Content-Security-Policy":     "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	} {
		if got := res.Header.Get(header); want != "" && got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/api/search?q=iraq", nil)
	req.Header.Set("Origin", "https://analyst.example")
	server.ServeHTTP(rec, req)
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("CORS: Access-Control-Allow-Origin = %q, want *", got)
	}
}

func TestFacetAPI(t *testing.T) {
	var got struct {
		Facet  string `json:"facet"`
		Values []struct {
			Value string `json:"value"`
			Count int    `json:"count"`
		} `json:"values"`
		More bool `json:"more"`
	}
	res := get(t, "/api/facets/sources?prefix=jeru", &got)
	if res.StatusCode != http.StatusOK || got.Facet != "sources" || len(got.Values) != 1 || got.Values[0].Value != "The Jerusalem Post" || got.More {
		t.Errorf("GET /api/facets/sources?prefix=jeru = %d %+v", res.StatusCode, got)
	}
	res = get(t, "/api/facets/sources?size=1", &got)
	if res.StatusCode != http.StatusOK || len(got.Values) != 1 || !got.More {
		t.Errorf("GET /api/facets/sources?size=1 = %d %+v, want one value and more", res.StatusCode, got)
	}
}

func TestCursorAPI(t *testing.T) {
	var first, second searchAnswer
	get(t, "/api/search?sort=newest&size=5", &first)
	if first.NextCursor == "" {
		t.Fatal("no next_cursor on the first page of 108 articles")
	}
	get(t, "/api/search?sort=newest&size=5&cursor="+first.NextCursor, &second)
	var third searchAnswer
	get(t, "/api/search?sort=newest&size=5&page=2", &third)
	if len(second.Hits) != 5 || second.Hits[0].ID != third.Hits[0].ID {
		t.Errorf("the cursor page starts with %v, page 2 with %v", second.Hits, third.Hits)
	}
}
