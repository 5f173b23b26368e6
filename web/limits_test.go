package web_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/indextest"
)

// TestPageBeyondTheWindow checks that a page number whose product with the
// page size overflows an int is refused like any page past the window, on
// the API and the search page: it used to pass the check and end in a 500
// (makeslice: cap out of range).
func TestPageBeyondTheWindow(t *testing.T) {
	for _, target := range []string{
		"/api/search?page=9223372036854775807",
		"/api/search?q=iraq&page=9223372036854775807&size=100",
		"/api/search?page=922337203685477581&size=10",
		"/api/search?page=1001&size=10",
	} {
		var got struct {
			Error string `json:"error"`
		}
		res := get(t, target, &got)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(got.Error, "10000 hits (the page window limit)") {
			t.Errorf("GET %s = %d %q, want 400 naming the page window", target, res.StatusCode, got.Error)
		}
	}
	pageCase{
		name:       "search page",
		target:     "/?q=iraq&page=9223372036854775807",
		wantStatus: http.StatusBadRequest,
		want:       []string{"10000 hits (the page window limit)"},
	}.check(t, server)

	var ok searchAnswer
	if res := get(t, "/api/search?page=1000&size=10", &ok); res.StatusCode != http.StatusOK {
		t.Errorf("the last page of the window: status %d, want 200", res.StatusCode)
	}
}

// TestTooManyQueryParameters checks that a query whose parameters cannot
// all be read is refused rather than read in part: past 10,000 parameters
// Go's URL parser drops every one, and a search answered with the whole
// index; a bad escape dropped its parameter alone.
func TestTooManyQueryParameters(t *testing.T) {
	var base searchAnswer
	get(t, "/api/search?q=wallander", &base)
	if base.Total == 0 || base.Total == indextest.CorpusSize {
		t.Fatalf("wallander finds %d articles: the test needs a word finding some", base.Total)
	}
	padding := func(n int) string { return strings.Repeat("&x=1", n) }
	for _, tt := range []struct {
		target    string
		wantInMsg string
	}{
		{"/api/search?q=wallander" + padding(10000), "the URL holds 10001 query parameters, more than the 10000 the server reads"},
		{"/api/facets/people?prefix=z" + padding(20000), "20001 query parameters"},
		{"/api/search?q=wallander&source=%zz", "percent-encode"},
		{"/api/search?q=wallander;source=x", "semicolon"},
	} {
		var got struct {
			Error string `json:"error"`
		}
		res := get(t, tt.target, &got)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(got.Error, tt.wantInMsg) {
			t.Errorf("GET %.60s… = %d %q, want 400 and %q", tt.target, res.StatusCode, got.Error, tt.wantInMsg)
		}
	}
	if res, body := getPage(t, server, "/?q=wallander"+padding(10000)); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "10001 query parameters") {
		t.Errorf("the search page with 10,001 parameters: status %d, want 400 and a page naming their number", res.StatusCode)
	}

	var at searchAnswer
	if res := get(t, "/api/search?q=wallander"+padding(9999), &at); res.StatusCode != http.StatusOK || at.Total != base.Total {
		t.Errorf("10,000 parameters: status %d, %d hits; want 200 and the %d of wallander", res.StatusCode, at.Total, base.Total)
	}
}

// TestErrorsEchoLittle checks that a refused request's answer repeats a
// bounded part of what was sent: the search page of a 1 MB query, a 1 MB
// parameter quoted in a 400, used to come back whole.
func TestErrorsEchoLittle(t *testing.T) {
	huge := strings.Repeat("é", 1<<19) // 1 MiB
	for _, tt := range []struct {
		target    string
		page      bool
		wantInMsg string
	}{
		{"/?q=" + huge, true, "the query is too long"},
		{"/?q=iraq&size=" + huge + "&source=" + huge, true, "want a whole number from 1"},
		{"/api/search?size=" + huge, false, "want a whole number from 1"},
		{"/api/search?sort=" + huge, false, "use relevance, newest or oldest"},
		{"/api/facets/people?from=" + huge, false, "want a date as YYYY, YYYY-MM or YYYY-MM-DD"},
	} {
		var res *http.Response
		var body string
		if tt.page {
			res, body = getPage(t, server, tt.target)
		} else {
			rec := httptest.NewRecorder()
			server.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.target, nil))
			res, body = rec.Result(), rec.Body.String()
		}
		t.Logf("GET %.30s…: %d bytes", tt.target, len(body))
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.wantInMsg) || len(body) > 32<<10 || !utf8.ValidString(body) {
			t.Errorf("GET %.40s…: %d, %d bytes (valid UTF-8: %v); want 400 saying %q in at most 32 KiB",
				tt.target, res.StatusCode, len(body), utf8.ValidString(body), tt.wantInMsg)
		}
	}
	// A query within the limits comes back whole in the box.
	q := strings.Repeat("é", 900) + ` "`
	if _, body := getPage(t, server, "/?q="+url.QueryEscape(q)); !strings.Contains(body, html.EscapeString(q)) {
		t.Errorf("the search page of a 900-character query that cannot be parsed lacks the query")
	}
}
