package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/cluster"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/parse"
	"github.com/sitrep/sitrep/index/watch"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "ingest", "ingest [--index DIR | --cluster NATS-URL] [--batch-size N] [--no-extract] [--quiet] PATH|URL…\n\n"+
		"Index articles from PATHs: .txt/.md files (one article each), .json (an article or an\n"+
		"array), .jsonl/.ndjson (one per line), .html/.htm saved pages, .rss/.atom/.xml feeds\n"+
		"(one article per item), directories (recursively), or - for stdin; and from http(s)\n"+
		"URLs of a web page or a feed (fetched politely, at most 10 MiB).\n"+
		"People, places and organisations are extracted from each article and merged with\n"+
		"those the input gives. Re-ingesting an article updates it in place (and re-extracts\n"+
		"its entities: run the same ingest again after upgrading sitrep). A bad record is\n"+
		"reported with its file and line and skipped. Exit status: 0 all indexed, 3 some\n"+
		"records rejected, 1 failure, 2 usage mistake, 130 interrupted (what was read\n"+
		"before is saved).\n"+
		"The garbage collector runs at GOGC=200 during an ingest, for less CPU and more\n"+
		"memory; set the GOGC environment variable to choose otherwise.\n"+
		"With --cluster, the articles go to the article log on NATS JetStream, from which\n"+
		"the shards index them (docs/CLUSTER.md), and no --index is written; an article is\n"+
		"counted once JetStream has stored it.")
	indexDir := indexFlag(fs)
	batchSize := fs.Int("batch-size", index.DefaultBatchSize, "articles per index batch")
	noExtract := fs.Bool("no-extract", false, "do not extract entities: index only the people, places and organisations the input gives")
	fetchPages := fs.Bool("fetch-pages", false, "for feeds, fetch each item's page and index its full text (politely: one request per second per host)")
	fetchPrivate := fs.Bool("fetch-private", false, fetchPrivateUsage)
	maxPageFetches := fs.Int("max-page-fetches", watch.DefaultMaxPageFetches, "with --fetch-pages, most item pages fetched for one feed; the other items keep the feed's text")
	quiet := fs.Bool("quiet", false, "print no progress, only rejections and the summary")
	interval := fs.Duration("progress-interval", 0, "time between progress lines when not on a terminal (default 5s; 100ms bar on a terminal)")
	natsURL := fs.String("cluster", "", "write to the article log on the NATS servers at this URL (nats://host:4222, several comma-separated)\n"+
		"instead of an index")
	var stream string
	streamFlag(fs, &stream)
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError(fs, "ingest: name at least one file, directory or URL to read (or - for stdin)")
	}
	if *batchSize < 1 {
		return usageError(fs, "ingest: --batch-size must be at least 1")
	}
	if *maxPageFetches < 1 {
		return usageError(fs, "ingest: --max-page-fetches must be at least 1")
	}
	if *interval < 0 {
		return usageError(fs, "ingest: --progress-interval must not be negative")
	}
	if *natsURL != "" && flagSet(fs, "index") {
		return usageError(fs, "ingest: --cluster writes to the article log, not to an --index: give one of them")
	}
	defer ingest.TuneGC()()
	// The index before the gazetteer, so that a locked or unusable index
	// fails first; before the inputs with --fetch-pages, whose items
	// already indexed keep their text when their page is not read.
	var ix *index.Index
	openIndex := func() error {
		var err error
		ix, err = index.Open(ctx, *indexDir, index.Options{})
		return err
	}
	var indexed watch.Indexed
	var articleLog *cluster.Log
	if *natsURL != "" {
		if articleLog, err = openLog(ctx, e, *natsURL, stream, 0, 0, "sitrep ingest"); err != nil {
			return err
		}
		defer articleLog.Close()
		indexed = articleLog.Indexed
	} else if *fetchPages {
		if err := openIndex(); err != nil {
			return err
		}
		defer ix.Close()
		indexed = ix.Stored
	}
	preRejected := 0
	inputs, skipped, err := expandInputs(ctx, paths, inputOptions{
		fetchPages:     *fetchPages,
		fetchPrivate:   *fetchPrivate,
		maxPageFetches: *maxPageFetches,
		indexed:        indexed,
		rejected: func(err error) {
			preRejected++
			fmt.Fprintln(e.stderr, "rejected:", err)
		},
		logger: e.logger,
	})
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if ix == nil && articleLog == nil {
		if err := openIndex(); err != nil {
			return err
		}
		defer ix.Close()
	}
	x, err := e.process.extractor()
	if err != nil {
		return err
	}

	var p progress
	if !*quiet {
		p = newProgress(e.stderr, totalSize(inputs), *interval)
		if articleLog != nil {
			p.savedIn = "the article log"
		}
	}
	cfg := ingest.Config{BatchSize: *batchSize, Extractor: x, Extract: !*noExtract}
	if articleLog != nil {
		cfg.NewSink = articleLog.NewSink
	}
	rep, err := ingestWith(ctx, e, ix, inputs, cfg, &p)
	if err != nil {
		return explainDiskFull(err)
	}
	rep.Rejected += preRejected // feed items refused while fetching their pages
	if skipped > 0 {
		fmt.Fprintf(e.stderr, "skipped %s with extensions sitrep does not read\n", plural(skipped, "file"))
	}
	if articleLog != nil {
		fmt.Fprintf(e.stdout, "article log: stored %d, stored before %d, rejected %d (%d records in %.2fs, %.0f/s)\n",
			rep.Indexed, rep.Unchanged, rep.Rejected, rep.Records(), rep.Elapsed.Seconds(), float64(rep.Records())/max(rep.Elapsed.Seconds(), 1e-9))
	} else {
		fmt.Fprintln(e.stdout, rep)
	}
	switch {
	case rep.Interrupted:
		return &exitError{code: exitSignal, err: errors.New("ingest interrupted: the articles counted above are saved; run the same ingest again to finish")}
	case rep.Rejected > 0:
		return &exitError{code: exitRejected, err: fmt.Errorf("%s rejected (see above)", plural(rep.Rejected, "record"))}
	}
	return nil
}

// ingestWith runs the ingest pipeline, printing rejections on stderr
// (clearing the progress bar first) and reporting progress.
func ingestWith(ctx context.Context, e *env, ix *index.Index, inputs []parse.Input, cfg ingest.Config, p *progress) (ingest.Report, error) {
	cfg.Stdin = e.stdin
	cfg.OnReject = func(err error) {
		p.clear()
		fmt.Fprintln(e.stderr, "rejected:", err)
	}
	cfg.OnProgress = p.update
	rep, err := ingest.Run(ctx, ix, inputs, cfg)
	p.done()
	return rep, err
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
