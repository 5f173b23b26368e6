package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// BenchmarkScaleAPISearch times GET /api/search with no result cache, as
// the side-by-side harness (../shared/bench/lucene-side-by-side) asks it
// for each of its query classes on its 20,000-article corpus (size 10,
// page 1, the default facets), on the index SITREP_SCALE_INDEX names:
// the search, the result's JSON and the handler, with the CPU time and
// the allocations of each request (docs/PERFORMANCE.md).
func BenchmarkScaleAPISearch(b *testing.B) {
	ix := indextest.ScaleIndex(b, "to measure the search API")
	h, err := web.New(web.Config{}, search.New(ix).Uncached(), slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	// The first search on a snapshot builds its tables.
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/search?q=warm", nil))
	benchPages(b, h, []benchPage{
		{"word-0.1%", "/api/search?q=aquavit&size=10&page=1"},
		{"word-10%", "/api/search?q=artiste&size=10&page=1"},
		{"and-10%+1%", "/api/search?q=artiste%20acquired&size=10&page=1"},
		{"phrase-rare", "/api/search?q=%22nuclear%20strike%22&size=10&page=1"},
		{"place+word", "/api/search?q=artiste&place=Kyiv&size=10&page=1"},
		{"year", "/api/search?q=&from=2020-01-01&to=2020-12-31&size=10&page=1"},
		{"browse", "/api/search?q=&size=10&page=1"},
	})
}
