package web_test

import (
	"net/http"
	"strings"
	"testing"
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
