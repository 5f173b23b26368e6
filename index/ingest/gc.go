package ingest

import (
	"os"
	"runtime/debug"
)

// GCPercent is the garbage collector's target (GOGC) for a bulk ingest.
// An ingest allocates heavily and keeps little: with Go's default of 100
// the collector took about a sixth of the CPU of a 10k-article ingest;
// at 200 the ingest needs about 18 % less CPU for about 45 % more peak
// memory (docs/PERFORMANCE.md).
const GCPercent = 200

// TuneGC sets the collector's target to GCPercent for a bulk ingest,
// unless the GOGC environment variable sets one, and returns the func that
// restores the previous target.
func TuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	prev := debug.SetGCPercent(GCPercent)
	return func() { debug.SetGCPercent(prev) }
}
