package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/fetch"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/parse"
	"github.com/sitrep/sitrep/index/watch"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// sampleCorpus is the corpus loaded into an empty index by serve.
const sampleCorpus = "testdata/corpus"

// shutdownGrace bounds how long in-flight requests may finish on shutdown.
const shutdownGrace = 10 * time.Second

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", "serve [--index DIR] [--addr HOST:PORT] [--corpus DIR] [--write-token-file FILE] [--feeds FILE]\n\n"+
		"Serve the search pages (/) and the JSON API (/api/…, described at /api/openapi.json).\n"+
		"When the index is empty or missing, the sample corpus is ingested first so that\n"+
		"search works at once. The write API (POST /api/articles, DELETE /api/articles/{id})\n"+
		"is on when a token is set ($"+writeTokenEnv+" or --write-token-file); reads are open.\n"+
		"With --feeds, the listed feeds are polled and their items indexed; /feeds shows\n"+
		"when each was last fetched and what failed.")
	indexDir := indexFlag(fs)
	addr := fs.String("addr", "localhost:8080", "address to listen on (use :8080 to listen on every interface)")
	corpus := fs.String("corpus", sampleCorpus, "corpus to load when the index is empty (\"\" to load nothing)")
	tokenFile := fs.String("write-token-file", "", "file holding the bearer token that turns on the write API (default: $"+writeTokenEnv+"; neither: writes are off)")
	maxSearches := fs.Int("max-searches", 0, "searches run at once; more wait a second, then get 429 (default 4 per CPU)")
	timeout := fs.Duration("search-timeout", 10*time.Second, "longest a search may run before it is stopped with 503")
	maxQueryLength := fs.Int("max-query-length", search.MaxQueryLength, "most characters in a query (white space aside)")
	maxQueryTerms := fs.Int("max-query-terms", search.MaxQueryTerms, "most words, phrases and prefixes in a query")
	maxPageWindow := fs.Int("max-page-window", search.MaxWindow, "deepest hit reachable by page × size (a cursor goes further)")
	feedsFile := fs.String("feeds", "", "file listing news feeds to watch, one URL per line (# comments): new and changed items are indexed")
	feedInterval := fs.Duration("feed-interval", watch.DefaultInterval, "time between two polls of one feed (with ±10% jitter)")
	fetchPages := fs.Bool("fetch-pages", false, "with --feeds, fetch each new or changed item's page and index its full text")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError(fs, "serve: unexpected argument %q (flags only)", rest[0])
	}

	token, err := writeToken(*tokenFile)
	if err != nil {
		return err
	}
	x, err := entity.New()
	if err != nil {
		return err
	}
	ix, err := index.Open(ctx, *indexDir, index.Options{})
	if err != nil {
		return err
	}
	defer ix.Close()
	if err := loadSample(ctx, e, ix, x, *corpus); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return nil
	}

	live := ingest.NewLive(ix, x)
	cfg := web.Config{
		RequestTimeout: *timeout,
		Writer:         live,
		WriteToken:     token,
		MaxSearches:    *maxSearches,
	}
	watching := make(chan struct{})
	if *feedsFile == "" {
		close(watching)
	} else {
		urls, err := readFeedList(*feedsFile)
		if err != nil {
			return err
		}
		w := watch.New(urls, live, fetch.New(fetch.Options{}), watch.Options{Interval: *feedInterval, FetchPages: *fetchPages}, e.logger)
		cfg.Feeds, cfg.FeedInterval = w, *feedInterval
		wctx, stopWatching := context.WithCancel(ctx)
		defer func() { stopWatching(); <-watching }() // no write after the index closes
		go func() { w.Run(wctx); close(watching) }()
		e.logger.Info("watching feeds", slog.Int("feeds", len(urls)), slog.Duration("interval", *feedInterval))
	}
	eng := search.NewWithLimits(ix, search.Limits{QueryLength: *maxQueryLength, QueryTerms: *maxQueryTerms, PageWindow: *maxPageWindow})
	h, err := web.New(cfg, eng, e.logger)
	if err != nil {
		return err
	}
	if token == "" {
		e.logger.Info("the write API is off: set " + writeTokenEnv + " or --write-token-file to turn it on")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w (is another server running? choose another --addr)", *addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(e.logger.Handler(), slog.LevelWarn),
	}
	n, _ := ix.Count()
	e.logger.Info("serving", slog.String("url", "http://"+displayAddr(ln.Addr())), slog.String("index", ix.Path()), slog.Uint64("articles", n))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	e.logger.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shut down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// writeTokenEnv names the environment variable holding the write token.
const writeTokenEnv = "SITREP_WRITE_TOKEN"

// writeToken returns the write API's token: from file when one is named,
// else from the environment; "" turns writes off.
func writeToken(file string) (string, error) {
	if file == "" {
		return strings.TrimSpace(os.Getenv(writeTokenEnv)), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("serve: read --write-token-file: %w", err)
	}
	token := strings.TrimSpace(string(b))
	if token == "" {
		return "", fmt.Errorf("serve: --write-token-file %s is empty: put the token in it", file)
	}
	return token, nil
}

// readFeedList reads the --feeds file.
func readFeedList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("serve: --feeds: %w", err)
	}
	defer f.Close()
	urls, err := watch.ReadList(f)
	if err != nil {
		return nil, fmt.Errorf("serve: --feeds %s: %w", path, err)
	}
	if len(urls) == 0 {
		return nil, fmt.Errorf("serve: --feeds %s lists no feed: put one http(s) URL per line", path)
	}
	return urls, nil
}

// loadSample ingests corpus into ix when ix is empty.
func loadSample(ctx context.Context, e *env, ix *index.Index, x *entity.Extractor, corpus string) error {
	n, err := ix.Count()
	if err != nil || n > 0 || corpus == "" {
		return err
	}
	inputs, _, err := parse.Expand([]string{corpus})
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(inputs) == 0) {
		e.logger.Warn("the index is empty and there is no sample corpus to load: add articles with sitrep ingest",
			slog.String("corpus", corpus))
		return nil
	}
	if err != nil {
		return fmt.Errorf("serve: load sample corpus: %w", err)
	}
	e.logger.Info("the index is empty: loading the sample corpus", slog.String("corpus", corpus))
	rep, err := ingestWith(ctx, e, ix, inputs, ingest.Config{Extractor: x, Extract: true}, &progress{})
	if err != nil {
		return fmt.Errorf("serve: load sample corpus: %w", err)
	}
	e.logger.Info("sample corpus loaded", slog.String("result", rep.String()))
	return nil
}

// displayAddr turns a listening address into one a browser can open.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() || ip.IsLoopback() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
