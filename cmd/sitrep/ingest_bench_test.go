package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
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

// BenchmarkIngestNoExtract measures `sitrep ingest --no-extract` of the
// JSON Lines file SITREP_INGEST_CORPUS (the side-by-side harness's corpus,
// docs/PERFORMANCE.md) into a fresh on-disk index, closed (its merges
// finished) within the timing, reporting the process's CPU time per
// article besides articles/s, as the machine is shared; with
// SITREP_INGEST_BATCH_SIZE, in batches of that many articles (as
// --batch-size). It is skipped without the file.
func BenchmarkIngestNoExtract(b *testing.B) {
	corpus := os.Getenv("SITREP_INGEST_CORPUS")
	if corpus == "" {
		b.Skip("set SITREP_INGEST_CORPUS to a JSON Lines file to measure ingest without extraction")
	}
	inputs, _, err := parse.Expand([]string{corpus})
	if err != nil {
		b.Fatal(err)
	}
	x, err := entity.New() // canonical names of the input's entities
	if err != nil {
		b.Fatal(err)
	}
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, logger: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	var articles int
	defer ingest.TuneGC()() // as the command does
	var batch int
	if n := os.Getenv("SITREP_INGEST_BATCH_SIZE"); n != "" {
		if batch, err = strconv.Atoi(n); err != nil {
			b.Fatalf("SITREP_INGEST_BATCH_SIZE: %v", err)
		}
	}
	b.ReportAllocs()
	cpu := indextest.CPUTime(b)
	for b.Loop() {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "ix")
		ix, err := index.Open(ctx, dir, index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := ingestWith(ctx, e, ix, inputs, ingest.Config{Extractor: x, BatchSize: batch}, &progress{})
		if err != nil || rep.Rejected > 0 {
			b.Fatalf("ingest: %v, %d rejected", err, rep.Rejected)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		articles += rep.Total()
	}
	b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(articles)/(indextest.CPUTime(b)-cpu).Seconds(), "articles/cpu-s")
}
