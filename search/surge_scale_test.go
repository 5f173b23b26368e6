package search_test

import (
	"context"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// BenchmarkScaleSurging times Engine.Surging (the home page's "Rising
// this week" and /api/entities?surging=1) and SurgeOf (an entity page's
// flag) on the generated corpus SITREP_SCALE_INDEX names, with the
// process's CPU time per call beside the time, which other load on the
// machine inflates (docs/PERFORMANCE.md). It is skipped without the
// index.
func BenchmarkScaleSurging(b *testing.B) {
	ix := scaleIndex(b, "to measure")
	ctx := context.Background()
	eng := search.New(ix)
	now := time.Now()
	s, err := eng.Surging(ctx, now, search.MaxSurging) // builds the tables
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("window %s–%s: %d articles; baseline %s–%s: %d articles; %d surging",
		s.Window.From.Format(time.DateOnly), s.Window.To.Format(time.DateOnly), s.WindowArticles,
		s.Baseline.From.Format(time.DateOnly), s.Baseline.To.Format(time.DateOnly), s.BaselineArticles, len(s.Entities))
	for i, e := range s.Entities[:min(5, len(s.Entities))] {
		b.Logf("%d. %s %s: r=%d b=%d lift=%.1f G²=%.1f", i+1, e.Facet, e.Value, e.Recent, e.Baseline, e.Lift, e.Score)
	}
	id := "p000000000000"
	if len(s.Entities) > 0 {
		id = s.Entities[0].ID
	}
	for _, bc := range []struct {
		name string
		run  func() error
	}{
		{"Surging-10", func() error { _, err := eng.Surging(ctx, now, 10); return err }},
		{"SurgeOf", func() error { _, err := eng.SurgeOf(ctx, now, id); return err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := indextest.CPUTime(b)
			for b.Loop() {
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
			}
			indextest.ReportCPU(b, cpu)
		})
	}
}
