package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// server is the handler over the sample corpus that every test shares.
var server http.Handler

// extractor loads the entity extractor once for every test of the
// package: loading takes seconds under the race detector, and an
// Extractor is immutable.
var extractor = sync.OnceValues(entity.New)

// corpus is the sample corpus's index that TestMain builds once, shared by
// server and by the tests that only read it.
var corpus *index.Index

func TestMain(m *testing.M) {
	os.Exit(indextest.RunWithCorpus(m, func(ix *index.Index) (err error) {
		corpus = ix
		x, err := extractor()
		if err != nil {
			return err
		}
		cfg := web.Config{Gazetteer: x, EntitySources: []web.EntitySource{web.RegistrySource(ix.Registry)}}
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

// emptyNode returns a handler with cfg over an empty index: a node of a
// cluster whose shard holds nothing yet.
func emptyNode(t *testing.T, cfg web.Config) http.Handler {
	t.Helper()
	h, err := web.New(cfg, search.New(indextest.New(t)), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHealth(t *testing.T) {
	shard := web.ShardStatus{Shard: 1, Shards: 2, Replica: "a", Applied: 42, Lag: 3}
	clusterNode := emptyNode(t, web.Config{Shard: func() web.ShardStatus { return shard }})
	tests := []struct {
		name         string
		handler      http.Handler
		wantArticles int
		wantCluster  *web.ShardStatus
	}{
		{"single node: no cluster", server, indextest.CorpusSize, nil},
		{"cluster node: its shard and how far it read the log", clusterNode, 0, &shard},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				Status   string           `json:"status"`
				Articles int              `json:"articles"`
				Cluster  *web.ShardStatus `json:"cluster"`
			}
			rec := httptest.NewRecorder()
			tt.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			if err := json.NewDecoder(rec.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if rec.Code != http.StatusOK || got.Status != "ok" || got.Articles != tt.wantArticles {
				t.Errorf("GET /healthz = %d %+v, want 200 ok with %d articles", rec.Code, got, tt.wantArticles)
			}
			if diff := cmp.Diff(tt.wantCluster, got.Cluster); diff != "" {
				t.Errorf("cluster (-want +got):\n%s", diff)
			}
		})
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

// TestBadRequests checks the status, message and code of the API's error
// answers.
func TestBadRequests(t *testing.T) {
	tests := []struct {
		target     string
		wantStatus int
		wantInMsg  string
		wantCode   string
	}{
		{"/api/search?size=abc", 400, "size", "bad_parameter"},
		{"/api/search?size=1000", 400, "size", "bad_parameter"},
		{"/api/search?size=-1", 400, "size", "bad_parameter"},
		{"/api/search?page=0", 400, "page", "bad_parameter"},
		{"/api/search?from=2022-13-01", 400, "YYYY-MM-DD", "bad_parameter"},
		{"/api/search?to=yesterday", 400, "to=", "bad_parameter"},
		{"/api/search?sort=random", 400, "newest", "bad_parameter"},
		{"/api/search?facet_size=0", 400, "facet_size", "bad_parameter"},
		{"/api/search?cursor=garbage", 400, "cursor", "bad_parameter"},
		{"/api/search?collapse=maybe", 400, "want true (one hit per story, the default) or false", "bad_parameter"},
		{"/api/search?facet_count=words", 400, "use articles or stories", "bad_parameter"},
		{"/api/search?q=%28iraq", 400, `unclosed "("`, "bad_query"},
		{"/api/search?q=" + strings.Repeat("a+", 65), 400, "too many terms", "too_many_terms"},
		{"/api/search?q=" + strings.Repeat("x", 1001), 400, "too long", "query_too_long"},
		{"/api/search?person=" + strings.Repeat("a&person=", 64) + "b", 400, "filter values", "too_many_terms"},
		{"/api/facets/people?facet_count=words", 400, "facet_count", "bad_parameter"},
		{"/api/search?page=5000&size=100", 400, "next_cursor", "page_too_deep"},
		{"/api/facets/weapons", 404, "unknown facet", "unknown_facet"},
		{"/api/facets/people?size=500", 400, "size", "bad_parameter"},
		{"/api/articles/does-not-exist", 404, "does-not-exist", "not_found"},
		{"/no/such/route", 404, "/no/such/route", "not_found"},
		{"/api/search?a=%zz", 400, "cannot be read", "bad_request"},
		{"/api/search?undated=yes", 400, "undated", "bad_parameter"},
		{"/api/search?undated=1&from=2016", 400, "leave out one or the other", "bad_parameter"},
		{"/api/search?q=date:2016-13", 400, "is not a date", "bad_query"},
	}
	for _, tt := range tests {
		t.Run(tt.target[:min(len(tt.target), 60)], func(t *testing.T) {
			var got struct {
				Error string `json:"error"`
				Code  string `json:"code"`
			}
			res := get(t, tt.target, &got)
			if res.StatusCode != tt.wantStatus || !strings.Contains(got.Error, tt.wantInMsg) || got.Code != tt.wantCode {
				t.Errorf("GET %s = %d %q (code %q), want %d, a message about %q and code %q", tt.target, res.StatusCode, got.Error, got.Code, tt.wantStatus, tt.wantInMsg, tt.wantCode)
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

// TestFacetsOnly checks that size=0 answers the counts, facets and
// histogram of a search with no hits, and that the answer names the
// order of its hits: relevance for words, newest first without.
func TestFacetsOnly(t *testing.T) {
	type answer struct {
		Total  int                          `json:"total"`
		Size   int                          `json:"size"`
		Sort   string                       `json:"sort"`
		Hits   []json.RawMessage            `json:"hits"`
		Facets map[string][]json.RawMessage `json:"facets"`
	}
	var full, counts answer
	get(t, "/api/search?q=isis", &full)
	res := get(t, "/api/search?q=isis&size=0", &counts)
	if res.StatusCode != http.StatusOK || counts.Hits == nil || len(counts.Hits) != 0 || counts.Size != 0 {
		t.Errorf("size=0: status %d, hits %v, size %d: want 200, [] and 0", res.StatusCode, counts.Hits, counts.Size)
	}
	if counts.Total != full.Total || full.Total == 0 || len(counts.Facets["sources"]) != len(full.Facets["sources"]) || len(counts.Facets["published"]) != len(full.Facets["published"]) {
		t.Errorf("size=0 counts %d articles and facets %v; with hits %d and %v", counts.Total, counts.Facets, full.Total, full.Facets)
	}
	if full.Sort != "relevance" {
		t.Errorf("q=isis sorted by %q, want relevance", full.Sort)
	}
	var all answer
	if get(t, "/api/search", &all); all.Sort != "newest" {
		t.Errorf("no query sorted by %q, want newest", all.Sort)
	}
}

// TestUndatedAPI checks the counts of undated matches and the filter on
// them.
func TestUndatedAPI(t *testing.T) {
	type answer struct {
		Total            int `json:"total"`
		Undated          int `json:"undated"`
		PublishedUndated int `json:"published_undated"`
		Hits             []struct {
			Published *string `json:"published"`
		} `json:"hits"`
	}
	var all, only answer
	get(t, "/api/search?q=isis&size=0", &all)
	if all.Undated == 0 || all.Undated >= all.Total || all.PublishedUndated != all.Undated {
		t.Fatalf("q=isis: %d undated of %d (bar %d): want some, not all", all.Undated, all.Total, all.PublishedUndated)
	}
	res := get(t, "/api/search?q=isis&undated=1&size=100&collapse=false", &only)
	if res.StatusCode != http.StatusOK || only.Total != all.Undated || len(only.Hits) != all.Undated {
		t.Errorf("q=isis&undated=1: status %d, %d matches and %d hits, want the %d undated", res.StatusCode, only.Total, len(only.Hits), all.Undated)
	}
	for _, h := range only.Hits {
		if h.Published != nil {
			t.Errorf("undated=1 returned an article published %s", *h.Published)
		}
	}
	var dated answer
	get(t, "/api/search?q=isis+date:2016&size=0", &dated)
	if dated.Total == 0 || dated.Undated != 0 || dated.Total >= all.Total {
		t.Errorf("q=isis date:2016: %d matches, %d undated: want some, all dated", dated.Total, dated.Undated)
	}
}

// TestDidYouMean checks did_you_mean: the correction of a misspelt word,
// in the API and as one link on the search page, and nothing for a query
// whose words the index holds.
func TestDidYouMean(t *testing.T) {
	tests := []struct {
		q, want string
	}{
		{"pesmerga", "peshmerga"},
		{"millitary iraq", "military iraq"},
		{"peshmerga", ""},
		{"", ""},
	}
	for _, tt := range tests {
		var got struct {
			Total      int     `json:"total"`
			DidYouMean *string `json:"did_you_mean"`
		}
		get(t, "/api/search?q="+url.QueryEscape(tt.q), &got)
		switch {
		case tt.want == "" && got.DidYouMean != nil:
			t.Errorf("%q: did_you_mean %q, want none", tt.q, *got.DidYouMean)
		case tt.want != "" && (got.DidYouMean == nil || *got.DidYouMean != tt.want):
			t.Errorf("%q: did_you_mean %v, want %q", tt.q, got.DidYouMean, tt.want)
		}
		if tt.q == "" {
			continue
		}
		_, body := getPage(t, server, "/?q="+url.QueryEscape(tt.q))
		link := `">` + tt.want + `</a>?</p>`
		if tt.want != "" && (!strings.Contains(body, link) || !strings.Contains(body, `Did you mean <a href="/?q=`)) {
			t.Errorf("%q: the search page lacks %s", tt.q, link)
		}
		if tt.want == "" && strings.Contains(body, "Did you mean") {
			t.Errorf("%q: the search page offers a correction", tt.q)
		}
	}
}

func TestClusterAPI(t *testing.T) {
	delivered := time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC)
	shards := []web.ClusterShard{
		{Shard: 0, LastSequence: 9, Replicas: []web.ClusterReplica{{Replica: "a", Applied: 9, LastDelivery: &delivered}, {Replica: "b", Applied: 4, Lag: 2}}},
		{Shard: 1, LastSequence: 8, Replicas: []web.ClusterReplica{}},
	}
	clusterNode := emptyNode(t, web.Config{Shards: func(context.Context) ([]web.ClusterShard, error) { return shards, nil }})
	tests := []struct {
		name       string
		handler    http.Handler
		wantStatus int
		want       string // in the body
	}{
		{"single node: none", server, http.StatusNotFound, "not a node of a cluster"},
		{"cluster node: its shards and replicas", clusterNode, http.StatusOK,
			`{"shards":[{"shard":0,"last_sequence":9,"replicas":[{"replica":"a","applied":9,"lag":0,"last_delivery":"2026-12-06T17:00:00Z"},{"replica":"b","applied":4,"lag":2}]},{"shard":1,"last_sequence":8,"replicas":[]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			tt.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/cluster", nil))
			if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("GET /api/cluster = %d %s, want %d with %s", rec.Code, rec.Body, tt.wantStatus, tt.want)
			}
		})
	}
}
