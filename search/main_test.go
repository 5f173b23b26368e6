package search_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// corpusEngine searches the sample corpus index that every read-only test
// shares; TestMain builds it. uncachedEngine searches it with no result
// cache, for benchmarks that repeat one request.
var corpusEngine, uncachedEngine *search.Engine

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "sitrep-search-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	ix, err := indextest.OpenCorpus(context.Background(), filepath.Join(dir, "ix"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer ix.Close()
	corpusEngine = search.New(ix)
	uncachedEngine = corpusEngine.Uncached()
	return m.Run()
}

// mustEngine returns the engine over the shared sample corpus index.
func mustEngine(tb testing.TB) *search.Engine {
	tb.Helper()
	if corpusEngine == nil {
		tb.Fatal("no corpus index: TestMain did not run")
	}
	return corpusEngine
}

// mustUncachedEngine returns an engine over the shared sample corpus
// index that keeps no answers: each search is run.
func mustUncachedEngine(tb testing.TB) *search.Engine {
	tb.Helper()
	if uncachedEngine == nil {
		tb.Fatal("no corpus index: TestMain did not run")
	}
	return uncachedEngine
}
