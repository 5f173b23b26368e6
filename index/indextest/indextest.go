package indextest

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

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
