package search_test

import (
	"os"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// corpusEngine searches the sample corpus index that every read-only test
// shares; TestMain builds it. uncachedEngine searches it with no result
// cache, for benchmarks that repeat one request.
var corpusEngine, uncachedEngine *search.Engine

func TestMain(m *testing.M) {
	os.Exit(indextest.RunWithCorpus(m, func(ix *index.Index) error {
		corpusEngine = search.New(ix)
		uncachedEngine = corpusEngine.Uncached()
		return nil
	}))
}

// mustEngine returns the engine over the shared sample corpus index.
func mustEngine(tb testing.TB) *search.Engine { return shared(tb, corpusEngine) }

// mustUncachedEngine returns an engine over the shared sample corpus
// index that keeps no answers: each search is run.
func mustUncachedEngine(tb testing.TB) *search.Engine { return shared(tb, uncachedEngine) }

// shared returns e, an engine TestMain built, and fails the test when
// TestMain did not build it.
func shared(tb testing.TB, e *search.Engine) *search.Engine {
	tb.Helper()
	if e == nil {
		tb.Fatal("no corpus index: TestMain did not run")
	}
	return e
}
