package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/parse"
)

// BenchmarkIngestSampleCorpus measures the whole ingest path (parse,
// extract entities, batch, write, persist) of testdata/corpus into a fresh on-disk index, reporting
// articles/s and the index size.
func BenchmarkIngestSampleCorpus(b *testing.B) {
	inputs, _, err := parse.Expand([]string{indextest.CorpusDir()})
	if err != nil {
		b.Fatal(err)
	}
	x, err := entity.New()
	if err != nil {
		b.Fatal(err)
	}
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, logger: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	var articles int
	var size int64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		ix, err := index.Open(ctx, filepath.Join(b.TempDir(), "ix"), index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := ingestWith(ctx, e, ix, inputs, ingest.Config{Extractor: x, Extract: true}, &progress{})
		if err != nil || rep.Rejected > 0 {
			b.Fatalf("ingest: %v, %d rejected", err, rep.Rejected)
		}
		b.StopTimer()
		articles += rep.Total()
		if size, err = ix.SizeOnDisk(); err != nil {
			b.Fatal(err)
		}
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(size)/(1<<20), "index-MB")
}
