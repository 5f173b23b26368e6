package web_test

import (
	"net/http"
	"strings"
	"testing"

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
