package ingest

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/parse"
)

// Config says how Run reads and writes.
type Config struct {
	// BatchSize is the number of articles per index batch
	// (index.DefaultBatchSize when 0).
	BatchSize int
	// Extractor canonicalises and extracts entities; it must be set.
	Extractor *entity.Extractor
	// Extract turns entity extraction on; off, only the input's own
	// people, places and organisations are indexed (canonicalised).
	Extract bool
	// Workers is the number of goroutines extracting entities
	// (GOMAXPROCS when 0).
	Workers int
	// Stdin is read for the input "-".
	Stdin io.Reader
	// OnReject, when set, is told of each rejected record.
	OnReject func(err error)
	// OnProgress, when set, is called after each article given to the
	// index writer.
	OnProgress func(Progress)
	// NewSink, when set, gives the Sink Run writes to instead of a Writer
	// of its index (which may then be nil): in cluster mode, the article
	// log (package cluster). Run asks it for one Sink.
	NewSink func(batchSize int) Sink
}

// Sink is what Run writes articles to: an *index.Writer, or in cluster
// mode the article log. An article counts as saved (Stats, Progress.Saved)
// once the Flush, or the Add that flushed it, returned.
type Sink interface {
	Add(ctx context.Context, a *index.Article) error
	Flush(ctx context.Context) error
	Stats() index.Stats
}

// Progress is how far a Run has come.
type Progress struct {
	// Records counts the records handled so far, good and rejected.
	Records int
	// Saved counts the articles whose batch the writer has flushed: they
	// are persisted and searchable, and survive a crash of the process.
	// Articles still waiting in the current batch are not counted.
	Saved int
	// Read is the number of input bytes consumed.
	Read int64
}

// Report sums up one Run.
type Report struct {
	index.Stats
	Rejected    int
	Elapsed     time.Duration
	Interrupted bool
	// Sequence is, in cluster mode, the article log's sequence of the
	// last write it acknowledged (a Sink's Sequence); 0 otherwise.
	Sequence uint64
}

// sequenced is a Sink that reports the log sequence of its last write.
type sequenced interface{ Sequence() uint64 }

// Records returns the number of records read, good and bad.
func (r Report) Records() int { return r.Total() + r.Rejected }

func (r Report) String() string {
	n := r.Records()
	unit := "records"
	if n == 1 {
		unit = "record"
	}
	rate := float64(n) / max(r.Elapsed.Seconds(), 1e-9)
	return fmt.Sprintf("indexed %d, updated %d, unchanged %d, rejected %d (%d %s in %.2fs, %.0f/s)",
		r.Indexed, r.Updated, r.Unchanged, r.Rejected, n, unit, r.Elapsed.Seconds(), rate)
}

// Run reads inputs into ix. A rejected record is reported to OnReject and
// skipped. When ctx is cancelled Run stops reading, saves what it has read,
// and returns a Report marked Interrupted; the error is for failures of
// the index.
//
// Entities are extracted by Workers goroutines while one goroutine reads
// and the calling goroutine writes; the articles reach the Writer, and the
// callbacks are called, in input order, from the calling goroutine.
func Run(ctx context.Context, ix *index.Index, inputs []parse.Input, cfg Config) (Report, error) {
	start := time.Now()
	var w Sink
	if cfg.NewSink != nil {
		w = cfg.NewSink(cfg.BatchSize)
	} else {
		w = ix.NewWriter(cfg.BatchSize)
	}
	var rep Report
	added := 0 // articles given to the writer; its stats count only the flushed ones

	// Stop reading and extracting when Run returns, for whatever reason.
	pctx, stop := context.WithCancel(ctx)
	results, wait := extractAll(pctx, inputs, cfg)
	defer func() {
		stop()
		for range results { // let the reader and the workers finish
		}
		wait()
	}()
	for pending := range results {
		r := <-pending
		if r.err != nil {
			rep.Rejected++
			if cfg.OnReject != nil {
				cfg.OnReject(r.err)
			}
			continue
		}
		if err := w.Add(ctx, r.rec.Article); err != nil {
			if ctx.Err() != nil {
				break
			}
			return rep, fmt.Errorf("ingest %s:%d: %w", r.rec.File, r.rec.Line, err)
		}
		added++
		if cfg.OnProgress != nil {
			cfg.OnProgress(Progress{Records: added + rep.Rejected, Saved: w.Stats().Total(), Read: r.rec.Read})
		}
	}
	// Save what was read even when interrupted: the flush must not be
	// cancelled with the reading.
	if err := w.Flush(context.WithoutCancel(ctx)); err != nil {
		return rep, fmt.Errorf("ingest: %w", err)
	}
	rep.Stats = w.Stats()
	if s, ok := w.(sequenced); ok {
		rep.Sequence = s.Sequence()
	}
	rep.Elapsed = time.Since(start)
	rep.Interrupted = ctx.Err() != nil
	return rep, nil
}

// result is one record read, with its entities, or the reason it was
// rejected.
type result struct {
	rec parse.Record
	err error
}

// extractAll reads inputs in a goroutine and extracts each article's
// entities on cfg.Workers goroutines. It returns, in input order, one
// channel per record that delivers its result, and a function that waits
// for every goroutine to end (after ctx is cancelled or the input is
// exhausted, and the returned channel drained).
func extractAll(ctx context.Context, inputs []parse.Input, cfg Config) (<-chan chan result, func()) {
	workers := cfg.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	batch := cfg.BatchSize
	if batch < 1 {
		batch = index.DefaultBatchSize
	}
	type job struct {
		rec parse.Record
		out chan result
	}
	// Room for a batch in flight, so that extraction goes on while the
	// writer flushes.
	ordered := make(chan chan result, batch)
	jobs := make(chan job, workers*4)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				index.Entities(cfg.Extractor, j.rec.Article, cfg.Extract)
				j.out <- result{rec: j.rec}
			}
		})
	}
	wg.Go(func() {
		defer close(ordered)
		defer close(jobs)
		for rec, err := range parse.Read(ctx, inputs, cfg.Stdin) {
			out := make(chan result, 1)
			if err != nil {
				out <- result{err: err}
			} else {
				select {
				case jobs <- job{rec: rec, out: out}:
				case <-ctx.Done():
					return
				}
			}
			select {
			case ordered <- out:
			case <-ctx.Done():
				return
			}
		}
	})
	return ordered, wg.Wait
}
