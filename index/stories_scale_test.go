package index

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"
)

// TestStoryLookupRebuildAtScale measures what the first write after Open
// costs: rebuilding the story lookup from the doc values of an existing
// index, for docs/FEEDS.md. It runs only when SITREP_SCALE_INDEX names an
// index (sitrep ingest --index DIR /tmp/sb/scale-100k.jsonl).
func TestStoryLookupRebuildAtScale(t *testing.T) {
	dir := getenv(t, "SITREP_SCALE_INDEX")
	ctx := context.Background()
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	n, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	s, err := ix.loadStories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("%d articles, %d fingerprinted: lookup rebuilt in %v, holding %.1f MB", n, s.Len(), elapsed, float64(after.HeapAlloc-before.HeapAlloc)/1e6)
	runtime.KeepAlive(s)
}

// getenv returns the environment variable name, skipping the test when it
// is not set.
func getenv(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Skipf("set %s to measure", name)
	}
	return v
}
