package web_test

import "testing"

// BenchmarkScaleRising times the home page (the search of every article,
// its map and Rising this week) and GET /api/entities?surging=1 on the
// index SITREP_SCALE_INDEX names, with no result cache
// (docs/PERFORMANCE.md). It is skipped without the index.
func BenchmarkScaleRising(b *testing.B) {
	h, _ := scaleServer(b)
	for _, target := range []string{"/", "/api/entities?surging=1"} {
		b.Run(target, func(b *testing.B) { benchGet(b, h, target) })
	}
}
