package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// BenchmarkScaleEntityPage times the page /entities/{id} and
// /api/entities/{id}, rendered whole, of the most frequent person, place
// and organisation, on the index SITREP_SCALE_INDEX names, with no result
// cache (docs/PERFORMANCE.md). It is skipped without the index.
func BenchmarkScaleEntityPage(b *testing.B) {
	h, res := scaleServer(b)
	for _, facet := range []string{search.FacetPeople, search.FacetPlaces, search.FacetOrganisations} {
		top := res.Facets[facet].Values[0]
		for _, route := range []string{"/entities/", "/api/entities/"} {
			b.Run(facet+route, func(b *testing.B) {
				benchGet(b, h, route+top.ID)
				b.ReportMetric(float64(top.Count), "articles")
			})
		}
	}
}

// benchGet times GET target on h, reporting its median time and the
// process's CPU time per request.
func benchGet(b *testing.B, h http.Handler, target string) {
	b.Helper()
	var took []time.Duration
	cpu := indextest.CPUTime(b)
	for b.Loop() {
		start := time.Now()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", target, rec.Code)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64((indextest.CPUTime(b)-cpu).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
}

// scaleServer returns the handler, with the gazetteer and no result
// cache, over the index SITREP_SCALE_INDEX names, and the search of all
// its articles, which built its tables; it skips b without the index.
func scaleServer(b *testing.B) (http.Handler, *search.Result) {
	b.Helper()
	ix := indextest.ScaleIndex(b, "to measure")
	x, err := entity.New()
	if err != nil {
		b.Fatal(err)
	}
	eng := search.NewWithLimits(ix, search.Limits{ResultCache: -1})
	h, err := web.New(web.Config{Gazetteer: x}, eng, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	res, err := eng.Search(context.Background(), search.Request{})
	if err != nil {
		b.Fatal(err)
	}
	return h, res
}
