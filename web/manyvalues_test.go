package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestManyValuesRefused checks that a URL piling up filter values or
// facet prefix words is refused with a 400 that says which limit: 3,000
// person values made a 300 MB search page (each chip's link repeats the
// others) and 1.2 GB of server memory, and 20,000 prefix words kept a
// facet listing running past the search timeout.
func TestManyValuesRefused(t *testing.T) {
	values := func(param string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "&%s=Name+%d", param, i)
		}
		return b.String()
	}
	words := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "w%d+", i)
		}
		return b.String()
	}
	for _, tt := range []struct{ target, want string }{
		{"/api/search?q=iraq" + values("person", 65), "65 filter values are more than the 64"},
		{"/?q=iraq" + values("place", 40) + values("source", 40), "80 filter values are more than the 64"},
		{"/api/facets/people?prefix=" + words(65), "65 prefix words are more than the 64"},
	} {
		rec := send(server, http.MethodGet, tt.target, "", "")
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("GET %.60s…: %d %.300s, want 400 saying %q", tt.target, rec.Code, rec.Body, tt.want)
		}
	}
	// Within the limits, the same shapes answer: 64 values, and a
	// prefix repeating its words (counted once), 64 prefix words.
	for _, target := range []string{
		"/api/search?q=iraq" + values("person", 64),
		"/api/facets/places?prefix=" + strings.Repeat("s+", 20_000),
		"/api/facets/people?prefix=" + words(64),
	} {
		if rec := send(server, http.MethodGet, target, "", ""); rec.Code != http.StatusOK {
			t.Errorf("GET %.60s…: %d %.300s, want 200", target, rec.Code, rec.Body)
		}
	}
}
