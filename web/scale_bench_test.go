package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// BenchmarkScaleMap times, on an index of the generated corpus named by
// SITREP_SCALE_INDEX (go run ./cmd/sitrep-bench gen --n 100000 --seed 1,
// then sitrep ingest), with no result cache, the search page of "also"
// (half the articles: the search, what stands out, the map and the
// template) and the GeoJSON of its places (docs/PERFORMANCE.md).
func BenchmarkScaleMap(b *testing.B) {
	dir := os.Getenv("SITREP_SCALE_INDEX")
	if dir == "" {
		b.Skip("set SITREP_SCALE_INDEX to an index of the generated corpus to measure")
	}
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	x, err := entity.New()
	if err != nil {
		b.Fatal(err)
	}
	h, err := web.New(web.Config{Gazetteer: x}, search.New(ix).Uncached(), slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	// The first search on a snapshot builds its tables.
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/?q=also", nil))
	benchPages(b, h, []benchPage{
		{"page", "/?q=also"},
		{"geojson", "/api/places?q=also"},
	})
}

// benchPage is a page a benchmark GETs, named for b.Run.
type benchPage struct{ name, target string }

// benchPages times GETs of each page of h in a sub-benchmark, failing on
// any answer but 200, with the CPU time per GET and the answer's size.
func benchPages(b *testing.B, h http.Handler, pages []benchPage) {
	for _, bc := range pages {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var size int
			cpu := indextest.CPUTime(b)
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, bc.target, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d %s", bc.target, rec.Code, rec.Body)
				}
				size = rec.Body.Len()
			}
			indextest.ReportCPU(b, cpu)
			b.ReportMetric(float64(size), "bytes")
		})
	}
}
