package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/parse"
	"github.com/sitrep/sitrep/search"
)

// benchConfig is what the run command was asked to do.
type benchConfig struct {
	corpus, index string
	reuse         bool
	batchSize     int
	// querySeconds is the time spent on each query class (at least
	// minReps repetitions, at most maxReps).
	querySeconds     float64
	minReps, maxReps int
	httpSeconds      float64
	httpClients      []int
	// cpuProfile, when set, is the prefix of the CPU profiles written for
	// each phase (PREFIX-ingest.pprof, -query, -http).
	cpuProfile string
	// collapse is whether searches show one hit per story, as Sitrep
	// answers by default; off, every article (collapse=false).
	collapse bool
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", "run --corpus FILE.jsonl --index DIR [--reuse] [--http-seconds S] [--cpuprofile PREFIX]", stderr)
	var cfg benchConfig
	fs.StringVar(&cfg.corpus, "corpus", "", "corpus to ingest (JSON Lines, e.g. from sitrep-bench gen)")
	fs.StringVar(&cfg.index, "index", "", "index directory to build (must not exist unless --reuse)")
	fs.BoolVar(&cfg.reuse, "reuse", false, "search an index built by an earlier run instead of building it")
	fs.IntVar(&cfg.batchSize, "batch-size", 0, "articles per index batch (0: Sitrep's default)")
	fs.Float64Var(&cfg.querySeconds, "query-seconds", 2, "seconds spent repeating each query")
	fs.IntVar(&cfg.minReps, "min-reps", 10, "fewest repetitions of each query")
	fs.IntVar(&cfg.maxReps, "max-reps", 1000, "most repetitions of each query")
	fs.Float64Var(&cfg.httpSeconds, "http-seconds", 20, "seconds of HTTP load for each number of clients (0: no HTTP phase)")
	clients := fs.String("http-clients", "8,32", "numbers of concurrent HTTP clients, comma-separated")
	fs.BoolVar(&cfg.collapse, "collapse", true, "search as Sitrep answers by default, one hit per story; false: every article (collapse=false)")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write CPU profiles of each phase to PREFIX-ingest.pprof, PREFIX-query.pprof, PREFIX-http.pprof")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.corpus == "" || cfg.index == "" {
		return errors.New("run: --corpus FILE and --index DIR are required")
	}
	for _, c := range strings.Split(*clients, ",") {
		var n int
		if _, err := fmt.Sscan(strings.TrimSpace(c), &n); err != nil || n < 1 {
			return fmt.Errorf("run: --http-clients %q: give positive numbers separated by commas", *clients)
		}
		cfg.httpClients = append(cfg.httpClients, n)
	}
	return bench(ctx, cfg, stdout, stderr)
}

// bench runs every phase and prints its tables to stdout, progress to
// stderr.
func bench(ctx context.Context, cfg benchConfig, stdout, stderr io.Writer) error {
	info, err := os.Stat(cfg.corpus)
	if err != nil {
		return fmt.Errorf("run: corpus: %w", err)
	}
	rawBytes := info.Size()
	_, statErr := os.Stat(cfg.index)
	built := false
	var ing ingestResult
	switch {
	case statErr == nil && !cfg.reuse:
		return fmt.Errorf("run: %s exists: remove it to build afresh, or pass --reuse to search it", cfg.index)
	case statErr == nil:
		fmt.Fprintf(stderr, "reusing the index at %s\n", cfg.index)
	default:
		fmt.Fprintf(stderr, "ingesting %s into %s\n", cfg.corpus, cfg.index)
		stop, err := startProfile(cfg.cpuProfile, "ingest")
		if err != nil {
			return err
		}
		ing, err = ingestCorpus(ctx, cfg)
		stop()
		if err != nil {
			return err
		}
		built = true
	}

	ix, err := index.Open(ctx, cfg.index, index.Options{})
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	defer ix.Close()
	docs, err := ix.Count()
	if err != nil {
		return err
	}
	size, err := ix.SizeOnDisk()
	if err != nil {
		return err
	}
	distinct, err := distinctValues(ix)
	if err != nil {
		return err
	}
	rep := &report{
		docs: docs, rawBytes: rawBytes, indexBytes: size, built: built, ingest: ing, distinct: distinct,
		cpus: runtime.NumCPU(), goVersion: runtime.Version(), collapse: cfg.collapse,
	}

	eng := search.New(ix)
	fmt.Fprintf(stderr, "choosing queries from the index (%d articles)\n", docs)
	mix, err := chooseQueries(ctx, ix, eng, cfg.corpus)
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, "timing queries")
	stop, err := startProfile(cfg.cpuProfile, "query")
	if err != nil {
		return err
	}
	rep.queries, err = timeQueries(ctx, eng, eng.Uncached(), mix, writeOne(ix), cfg)
	stop()
	if err != nil {
		return err
	}
	if cfg.httpSeconds > 0 {
		fmt.Fprintln(stderr, "HTTP load")
		stop, err := startProfile(cfg.cpuProfile, "http")
		if err != nil {
			return err
		}
		// Once as served (the keywords repeat, so the result cache answers
		// after the first of each), once with no result cache: every
		// request searched.
		rep.http, err = loadHTTP(ctx, eng, "", mix.keywords(), cfg)
		if err == nil {
			var more []httpTiming
			more, err = loadHTTP(ctx, eng.Uncached(), "no result cache", mix.keywords(), cfg)
			rep.http = append(rep.http, more...)
		}
		stop()
		if err != nil {
			return err
		}
	}
	rep.rssBytes, rep.peakRSSBytes = memory()
	status := procStatus()
	rep.anonBytes, rep.fileBytes = status["RssAnon"], status["RssFile"]
	rep.write(stdout)
	return nil
}

// ingestResult is what the ingest phase measured.
type ingestResult struct {
	report  ingest.Report
	cpu     time.Duration
	peakRSS int64
}

// ingestCorpus builds the index through the real ingest path: parsing,
// entity extraction and batched writes.
func ingestCorpus(ctx context.Context, cfg benchConfig) (ingestResult, error) {
	inputs, _, err := parse.Expand([]string{cfg.corpus})
	if err != nil {
		return ingestResult{}, fmt.Errorf("run: %w", err)
	}
	x, err := entity.New()
	if err != nil {
		return ingestResult{}, err
	}
	ix, err := index.Open(ctx, cfg.index, index.Options{})
	if err != nil {
		return ingestResult{}, fmt.Errorf("run: %w", err)
	}
	restoreGC := ingest.TuneGC() // as sitrep ingest does
	cpu0 := cpuTime()
	rep, err := ingest.Run(ctx, ix, inputs, ingest.Config{Extractor: x, Extract: true, BatchSize: cfg.batchSize})
	cpu := cpuTime() - cpu0
	restoreGC()
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return ingestResult{}, fmt.Errorf("run: ingest: %w", err)
	}
	if rep.Interrupted {
		return ingestResult{}, errors.New("run: ingest interrupted")
	}
	_, peak := memory()
	return ingestResult{report: rep, cpu: cpu, peakRSS: peak}, nil
}

// distinctValues counts the values of each entity facet in the index.
func distinctValues(ix *index.Index) (map[string]int, error) {
	out := make(map[string]int)
	for _, field := range []string{index.FieldPeople, index.FieldPlaces, index.FieldOrganisations, index.FieldSource} {
		d, err := ix.Bleve().FieldDict(field)
		if err != nil {
			return nil, err
		}
		n := 0
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, err
			}
			if e == nil {
				break
			}
			n++
		}
		d.Close()
		out[field] = n
	}
	return out, nil
}
