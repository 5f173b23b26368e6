package indextest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/parse"
)

// CorpusSize is the number of articles in testdata/corpus.
const CorpusSize = 108

// CorpusDir returns the absolute path of testdata/corpus.
func CorpusDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "corpus")
}

// New returns an empty index in a temporary directory, closed when the
// test ends.
func New(tb testing.TB) *index.Index {
	tb.Helper()
	ix, err := index.Open(context.Background(), filepath.Join(tb.TempDir(), "sitrep.bleve"), index.Options{})
	if err != nil {
		tb.Fatalf("open index: %v", err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// Corpus returns a temporary index holding the whole sample corpus, closed
// when the test ends.
func Corpus(tb testing.TB) *index.Index {
	tb.Helper()
	ix, err := OpenCorpus(context.Background(), filepath.Join(tb.TempDir(), "sitrep.bleve"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// OpenCorpus creates an index at dir holding the whole sample corpus, with
// its entities extracted as ingest does, for a TestMain that shares one
// index between tests. It fails if any record is rejected or the corpus is
// not all there.
func OpenCorpus(ctx context.Context, dir string) (*index.Index, error) {
	inputs, _, err := parse.Expand([]string{CorpusDir()})
	if err != nil {
		return nil, err
	}
	x, err := entity.New()
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		return nil, err
	}
	var rejected error
	_, err = ingest.Run(ctx, ix, inputs, ingest.Config{Extractor: x, Extract: true, OnReject: func(err error) { rejected = err }})
	if err == nil {
		err = rejected
	}
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	if n, err := ix.Count(); err != nil || n != CorpusSize {
		ix.Close()
		return nil, fmt.Errorf("corpus index holds %d articles (err %v), want %d", n, err, CorpusSize)
	}
	return ix, nil
}

// Add writes articles to ix and returns the writer's stats.
func Add(tb testing.TB, ix *index.Index, articles ...*index.Article) index.Stats {
	tb.Helper()
	ctx := context.Background()
	w := ix.NewWriter(0)
	for _, a := range articles {
		if err := w.Add(ctx, a); err != nil {
			tb.Fatalf("add %q: %v", a.Title, err)
		}
	}
	if err := w.Flush(ctx); err != nil {
		tb.Fatalf("flush: %v", err)
	}
	return w.Stats()
}

// RunWithCorpus is a TestMain's body for tests that share one index of
// the whole sample corpus: it builds the index (see OpenCorpus) in a
// temporary directory, hands it to share, which keeps what the tests read
// (an engine or a handler over it), runs the tests, then closes and
// removes the index. It returns the exit code for os.Exit: 1, with the
// reason on standard error, when the index cannot be built or share fails.
func RunWithCorpus(m *testing.M, share func(*index.Index) error) int {
	dir, err := os.MkdirTemp("", "sitrep-test-corpus-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "make the shared corpus index's directory:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	ix, err := OpenCorpus(context.Background(), filepath.Join(dir, "ix"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "build the shared corpus index:", err)
		return 1
	}
	defer ix.Close()
	if err := share(ix); err != nil {
		fmt.Fprintln(os.Stderr, "set up the tests over the shared corpus index:", err)
		return 1
	}
	return m.Run()
}

// ReopenAfterKill opens the index at dir that a writer killed with
// SIGKILL left behind, as the next process would, and checks that it
// holds at least as many articles as were acknowledged and each of them
// by ID (acked: the IDs the writer reported saved before the kill). It
// returns the open index, which the caller closes before anything else
// opens dir, and the number of articles it holds.
func ReopenAfterKill(tb testing.TB, dir string, acked []string) (*index.Index, int) {
	tb.Helper()
	ix, err := index.Open(context.Background(), dir, index.Options{LockTimeout: 5 * time.Second})
	if err != nil {
		tb.Fatalf("the index does not open after the kill: %v", err)
	}
	n, err := ix.Count()
	if err != nil {
		ix.Close()
		tb.Fatalf("count the articles after the kill: %v", err)
	}
	if int(n) < len(acked) {
		tb.Errorf("after the kill the index holds %d articles, but %d were acknowledged", n, len(acked))
	}
	if len(acked) > 0 {
		res, err := ix.Bleve().Search(bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(acked), 0, 0, false))
		if err != nil {
			ix.Close()
			tb.Fatalf("look up the acknowledged articles after the kill: %v", err)
		}
		if int(res.Total) != len(acked) {
			tb.Errorf("of the %d articles acknowledged before the kill, the index holds %d", len(acked), res.Total)
		}
	}
	return ix, int(n)
}

// ScaleIndex opens the index SITREP_SCALE_INDEX names (an index of a
// generated corpus: go run ./cmd/sitrep-bench gen, then sitrep ingest),
// closed when the test ends, or skips the test when it is not set, saying
// what to set it for (why).
func ScaleIndex(tb testing.TB, why string) *index.Index {
	tb.Helper()
	dir := os.Getenv("SITREP_SCALE_INDEX")
	if dir == "" {
		tb.Skip("set SITREP_SCALE_INDEX to an index of the generated corpus " + why)
	}
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// IngestCorpus ingests the sample corpus with entity extraction, as
// sitrep ingest does, through cfg (its Extractor set here) into ix, or
// into cfg.NewSink's sink when that is set. It fails the test when a
// record is rejected or the corpus is not all there.
func IngestCorpus(tb testing.TB, ix *index.Index, cfg ingest.Config) ingest.Report {
	tb.Helper()
	inputs, _, err := parse.Expand([]string{CorpusDir()})
	if err != nil {
		tb.Fatal(err)
	}
	if cfg.Extractor, err = entity.New(); err != nil {
		tb.Fatal(err)
	}
	cfg.Extract = true
	rep, err := ingest.Run(context.Background(), ix, inputs, cfg)
	if err != nil || rep.Total() != CorpusSize || rep.Rejected != 0 {
		tb.Fatalf("ingest the corpus: %v, %v; want its %d articles", rep, err, CorpusSize)
	}
	return rep
}
