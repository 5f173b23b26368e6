package search_test

import (
	"context"
	"testing"

	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// BenchmarkScaleWhy times Search (with facets, collapsed by story, no
// result cache) of words, an alias (isis: the generated articles write
// Islamic State), a near word, a phrase and a prefix, with each hit's
// matches explained and its entities' names marked (explained) and
// without (plain), on the index SITREP_SCALE_INDEX names
// (docs/PERFORMANCE.md). The difference is what explaining costs. It is
// skipped without the index.
func BenchmarkScaleWhy(b *testing.B) {
	ix := scaleIndex(b, "to measure why hits matched")
	ctx := context.Background()
	explained := search.New(ix).Uncached()
	for _, q := range []string{"also", "isis", "soldiers~", `"pontoon bridge"`, "maint*"} {
		for _, mode := range []struct {
			name string
			eng  *search.Engine
		}{{"explained", explained}, {"plain", explained.Unexplained()}} {
			b.Run(q+"/"+mode.name, func(b *testing.B) {
				req := search.Request{Query: q}
				res, err := mode.eng.Search(ctx, req)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(res.Total), "matches")
				b.ReportAllocs()
				cpu := indextest.CPUTime(b)
				for b.Loop() {
					if _, err := mode.eng.Search(ctx, req); err != nil {
						b.Fatal(err)
					}
				}
				indextest.ReportCPU(b, cpu)
			})
		}
	}
}

// BenchmarkScaleAnnotate times Annotate, the marks of an article's page,
// of the first hit of isis, for isis and with no query (its entities'
// mentions alone), on the index SITREP_SCALE_INDEX names.
func BenchmarkScaleAnnotate(b *testing.B) {
	ix := scaleIndex(b, "to measure the article page's marks")
	ctx := context.Background()
	eng := search.New(ix).Uncached()
	res, err := eng.Search(ctx, search.Request{Query: "isis", Size: 1})
	if err != nil || len(res.Hits) == 0 {
		b.Fatalf("isis: %v, %d hits", err, len(res.Hits))
	}
	id := res.Hits[0].ID
	for _, q := range []string{"isis", ""} {
		b.Run("q="+q, func(b *testing.B) {
			b.ReportAllocs()
			cpu := indextest.CPUTime(b)
			for b.Loop() {
				if _, err := eng.Annotate(ctx, id, q); err != nil {
					b.Fatal(err)
				}
			}
			indextest.ReportCPU(b, cpu)
		})
	}
}

// BenchmarkWhy runs the query classes of BenchmarkSearch on the sample
// corpus (facets, collapsed by story, no result cache) with each hit's
// matches explained (explained) and without (plain): the difference is
// what explaining the page's hits costs a search (docs/PERFORMANCE.md).
func BenchmarkWhy(b *testing.B) {
	explained := mustUncachedEngine(b)
	ctx := context.Background()
	for _, bc := range benchRequests() {
		for _, mode := range []struct {
			name string
			eng  *search.Engine
		}{{"explained", explained}, {"plain", explained.Unexplained()}} {
			b.Run(bc.name+"/"+mode.name, func(b *testing.B) {
				b.ReportAllocs()
				cpu := indextest.CPUTime(b)
				for b.Loop() {
					if _, err := mode.eng.Search(ctx, bc.req); err != nil {
						b.Fatal(err)
					}
				}
				indextest.ReportCPU(b, cpu)
			})
		}
	}
}
