package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/parse"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "ingest", "ingest [--index DIR] [--batch-size N] [--quiet] PATH…\n\n"+
		"Index articles from PATHs: .txt/.md files (one article each), .json (an article or an\n"+
		"array), .jsonl/.ndjson (one per line), directories (recursively), or - for stdin.\n"+
		"Re-ingesting an article updates it in place. A bad record is reported with its file\n"+
		"and line and skipped. Exit status: 0 all indexed, 3 some records rejected, 1 failure,\n"+
		"130 interrupted (what was read before the interrupt is saved).")
	indexDir := indexFlag(fs)
	batchSize := fs.Int("batch-size", index.DefaultBatchSize, "articles per index batch")
	quiet := fs.Bool("quiet", false, "print no progress, only rejections and the summary")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError(fs, "ingest: name at least one file or directory to read (or - for stdin)")
	}
	if *batchSize < 1 {
		return usageError(fs, "ingest: --batch-size must be at least 1")
	}
	inputs, skipped, err := parse.Expand(paths)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	ix, err := index.Open(ctx, *indexDir, index.Options{})
	if err != nil {
		return err
	}
	defer ix.Close()

	var p progress
	if !*quiet {
		p = newProgress(e.stderr, totalSize(inputs))
	}
	rep, err := ingest(ctx, e, ix, inputs, *batchSize, p)
	if err != nil {
		return err
	}
	if skipped > 0 {
		fmt.Fprintf(e.stderr, "skipped %s with extensions sitrep does not read\n", plural(skipped, "file"))
	}
	fmt.Fprintln(e.stdout, rep)
	switch {
	case rep.interrupted:
		return &exitError{code: exitSignal, err: errors.New("ingest interrupted: the articles counted above are saved; run the same ingest again to finish")}
	case rep.rejected > 0:
		return &exitError{code: exitRejected, err: fmt.Errorf("%s rejected (see above)", plural(rep.rejected, "record"))}
	}
	return nil
}

// report sums up one ingest.
type report struct {
	index.Stats
	rejected    int
	elapsed     time.Duration
	interrupted bool
}

func (r report) String() string {
	n := r.Total() + r.rejected
	rate := float64(n) / max(r.elapsed.Seconds(), 1e-9)
	return fmt.Sprintf("indexed %d, updated %d, unchanged %d, rejected %d (%s in %.2fs, %.0f/s)",
		r.Indexed, r.Updated, r.Unchanged, r.rejected, plural(n, "record"), r.elapsed.Seconds(), rate)
}

// ingest reads inputs into ix, reporting each rejected record on stderr.
// When ctx is cancelled it stops reading, saves what it has read, and
// returns a report marked interrupted; err is for failures of the index.
func ingest(ctx context.Context, e *env, ix *index.Index, inputs []parse.Input, batchSize int, p progress) (report, error) {
	start := time.Now()
	w := ix.NewWriter(batchSize)
	var rep report
	for rec, err := range parse.Read(ctx, inputs, e.stdin) {
		if err != nil {
			rep.rejected++
			p.clear()
			fmt.Fprintln(e.stderr, "rejected:", err)
			continue
		}
		if err := w.Add(ctx, rec.Article); err != nil {
			if ctx.Err() != nil {
				break
			}
			return rep, fmt.Errorf("ingest %s:%d: %w", rec.File, rec.Line, err)
		}
		p.update(w.Stats().Total()+rep.rejected, rec.Read)
	}
	// Save what was read even when interrupted: the flush must not be
	// cancelled with the reading.
	if err := w.Flush(context.WithoutCancel(ctx)); err != nil {
		return rep, fmt.Errorf("ingest: %w", err)
	}
	p.done()
	rep.Stats = w.Stats()
	rep.elapsed = time.Since(start)
	rep.interrupted = ctx.Err() != nil
	return rep, nil
}

func totalSize(inputs []parse.Input) int64 {
	var n int64
	for _, in := range inputs {
		n += in.Size
	}
	return n
}

// isTerminal reports whether f is an interactive terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	info, err := file.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
