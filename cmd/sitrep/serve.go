package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
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
	o, err := parseServeFlags(e, args)
	if err != nil {
		return err
	}
	// Process-wide, so set once, before the index is searched, and only
	// through what main passed.
	e.process.setPrefixTerms(o.maxPrefixTerms)

	token, err := writeToken(e.process, o.tokenFile)
	if err != nil {
		return err
	}
	x, err := e.process.extractor()
	if err != nil {
		return err
	}
	ix, err := index.Open(ctx, o.index, index.Options{})
	if err != nil {
		return err
	}
	defer ix.Close()
	live := ingest.NewLive(ix, x)
	eng := search.NewWithLimits(ix, o.query).WithCanonical(x.Canonical)
	var searcher web.Searcher = eng
	var shard func() web.ShardStatus
	var shards func(context.Context) ([]web.ClusterShard, error)
	if o.cluster.url != "" {
		// A node of a cluster: its index holds its shard of the article
		// log, and its writes go to the log. No sample corpus.
		articleLog, replica, err := joinCluster(ctx, e, o.cluster, ix)
		if err != nil {
			return err
		}
		defer articleLog.Close()
		rctx, stopReplica := context.WithCancel(ctx)
		replicaDone := make(chan struct{})
		go func() { replica.Run(rctx); close(replicaDone) }()
		defer func() { stopReplica(); <-replicaDone }() // before the index closes
		live, shard, shards = ingest.NewLiveTo(ix, x, articleLog), shardStatus(replica), clusterShards(articleLog)
		// Every node answers its shard's searches for the coordinators.
		stopAnswering, err := answerSearches(articleLog, o.cluster.shard, eng, o.searchTimeout, func() uint64 { return replica.Status().Applied })
		if err != nil {
			return err
		}
		defer stopAnswering()
		if o.cluster.coordinator {
			searcher = coordinator{Gather: newGather(articleLog, o.query), local: eng}
		}
	} else if err := loadSample(ctx, e, ix, x, o.corpus); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return nil
	}

	cfg := web.Config{
		RequestTimeout:  o.searchTimeout,
		Writer:          live,
		WriteToken:      token,
		WriteTimeout:    o.writeAPITimeout,
		MaxWriteBytes:   int64(o.maxWriteBytes),
		MaxSearches:     o.maxSearches,
		SearchQueueWait: o.searchQueueWait,
		Gazetteer:       x,
		EntitySources:   []web.EntitySource{web.RegistrySource(ix.Registry)},
		MaxExports:      o.maxExports,
		ExportTimeout:   o.exportTimeout,
		PublicURL:       o.publicURL,
		Version:         sitrepVersion(),
		Shard:           shard,
		Shards:          shards,
	}
	watching := make(chan struct{})
	if o.feedsFile == "" {
		close(watching)
	} else {
		urls, err := readFeedList(o.feedsFile)
		if err != nil {
			return err
		}
		w := watch.New(urls, live, fetch.New(fetch.Options{AllowPrivate: o.fetchPrivate}), watch.Options{Interval: o.feedInterval, FetchPages: o.fetchPages, MaxPageFetches: o.maxPageFetches}, e.logger)
		cfg.Feeds, cfg.FeedInterval = w, o.feedInterval
		wctx, stopWatching := context.WithCancel(ctx)
		defer func() { stopWatching(); <-watching }() // no write after the index closes
		go func() { w.Run(wctx); close(watching) }()
		e.logger.Info("watching feeds", slog.Int("feeds", len(urls)), slog.Duration("interval", o.feedInterval))
	}
	h, err := web.New(cfg, searcher, e.logger)
	if err != nil {
		return err
	}
	if token == "" {
		e.logger.Info("the write API is off: set " + writeTokenEnv + " or --write-token-file to turn it on")
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w (is another server running? choose another --addr)", o.addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: o.readHeaderTimeout,
		ReadTimeout:       o.readTimeout,
		WriteTimeout:      o.writeTimeout,
		IdleTimeout:       o.idleTimeout,
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
		// Requests still running (a long export) are cut off: their
		// connections closed, their contexts end, and they let go of the
		// index before it is closed.
		srv.Close()
		return fmt.Errorf("serve: shut down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// serveOptions are the flags of sitrep serve.
type serveOptions struct {
	index, addr, corpus, tokenFile, feedsFile string
	feedInterval                              time.Duration
	maxPageFetches                            int
	fetchPages, fetchPrivate                  bool

	// Limits on requests, and the answers kept for repeated ones.
	query           search.Limits
	resultCache     int
	maxPrefixTerms  int
	maxSearches     int
	searchTimeout   time.Duration
	searchQueueWait time.Duration
	maxWriteBytes   byteSize
	writeAPITimeout time.Duration
	maxExports      int
	exportTimeout   time.Duration
	// publicURL is the server's address as users reach it, for feeds and
	// citations.
	publicURL string
	// The http.Server's timeouts.
	readHeaderTimeout, readTimeout, writeTimeout, idleTimeout time.Duration
	// cluster holds the flags of cluster mode.
	cluster clusterOptions
}

// Defaults of serve's limits that the packages below do not define.
const (
	defaultSearchTimeout     = 10 * time.Second
	defaultSearchQueueWait   = time.Second
	defaultMaxWriteBytes     = 32 << 20
	defaultWriteAPITimeout   = 2 * time.Minute
	defaultReadHeaderTimeout = 10 * time.Second
	defaultReadTimeout       = 30 * time.Second
	defaultWriteTimeout      = defaultWriteAPITimeout + 30*time.Second
	defaultIdleTimeout       = 2 * time.Minute
)

// Bounds of serve's limits.
const (
	// minPrefixTerms is the least --max-prefix-terms: the bound applies to
	// every OR bleve runs, and a word of a query is already an OR of the
	// fields it is looked for in.
	minPrefixTerms     = 100
	writeBytesLeast    = 1 << 10
	writeBytesMost     = 1 << 30
	writeTimeoutMargin = time.Second
	// pageSizeMost bounds --max-page-size: each hit of a page is loaded,
	// highlighted and ranked within its story.
	pageSizeMost = 1000
)

// parseServeFlags parses and checks the flags of sitrep serve. A bad value
// is a usage error naming the flag and what it may be.
func parseServeFlags(e *env, args []string) (*serveOptions, error) {
	fs := newFlagSet(e, "serve", "serve [--index DIR] [--addr HOST:PORT] [--corpus DIR] [--write-token-file FILE] [--feeds FILE] [LIMIT FLAGS]\n\n"+
		"Serve the search pages (/) and the JSON API (/api/…, described at /api/openapi.json).\n"+
		"When the index is empty or missing, the sample corpus is ingested first so that\n"+
		"search works at once. The write API (POST /api/articles, DELETE /api/articles/{id})\n"+
		"is on when a token is set ($"+writeTokenEnv+" or --write-token-file); reads are open.\n"+
		"With --feeds, the listed feeds are polled and their items indexed; /feeds shows\n"+
		"when each was last fetched and what failed.\n\n"+
		"Every limit has a flag (--max-…, …-timeout, --search-queue-wait); sizes take a unit:\n"+
		"32MiB, 512KiB, 1GiB (KB, MB, GB are read as KiB, MiB, GiB), or a number of bytes.\n"+
		"--write-timeout must exceed --search-timeout and --write-api-timeout by a second or\n"+
		"more, so that a request they stop still gets its answer.\n"+
		"With --cluster, the server is a node of a cluster (docs/CLUSTER.md): its index holds\n"+
		"its --shard of the article log on NATS JetStream, its writes go to the log, and it answers\n"+
		"its shard's searches for coordinators; with --coordinator its pages and API search every shard.")
	o := &serveOptions{maxWriteBytes: defaultMaxWriteBytes}
	fs.StringVar(&o.index, "index", defaultIndex, "index directory (created when missing)")
	fs.StringVar(&o.addr, "addr", "localhost:8080", "address to listen on (use :8080 to listen on every interface)")
	fs.StringVar(&o.corpus, "corpus", sampleCorpus, "corpus to load when the index is empty (\"\" to load nothing)")
	fs.StringVar(&o.tokenFile, "write-token-file", "", "file holding the bearer token that turns on the write API (default: $"+writeTokenEnv+"; neither: writes are off)")
	fs.StringVar(&o.feedsFile, "feeds", "", "file listing news feeds to watch, one URL per line (# comments): new and changed items are indexed")
	fs.DurationVar(&o.feedInterval, "feed-interval", watch.DefaultInterval, "time between two polls of one feed (with ±10% jitter)")
	fs.BoolVar(&o.fetchPages, "fetch-pages", false, "with --feeds, fetch each new or changed item's page and index its full text")
	fs.BoolVar(&o.fetchPrivate, "fetch-private", false, fetchPrivateUsage)
	fs.IntVar(&o.maxPageFetches, "max-page-fetches", watch.DefaultMaxPageFetches, "with --fetch-pages, most item pages fetched in one poll of a feed; the other items keep the feed's text; at least 1")

	fs.IntVar(&o.query.QueryLength, "max-query-length", search.MaxQueryLength, "most characters in a query (white space aside); at least 1")
	fs.IntVar(&o.query.QueryTerms, "max-query-terms", search.MaxQueryTerms, "most words, phrases and prefixes in a query; at least 1")
	fs.IntVar(&o.query.PageSize, "max-page-size", search.MaxSize, fmt.Sprintf("most hits one page may hold (size); more gets 400; from 1 to %d, and at most --max-page-window", pageSizeMost))
	fs.IntVar(&o.query.PageWindow, "max-page-window", search.MaxWindow, "deepest hit reachable by page × size (a cursor goes further); at least --max-page-size")
	fs.IntVar(&o.resultCache, "result-cache", search.DefaultResultCache, "answers kept for searches repeated before the next write (at most 64 MiB of them; 0: none)")
	fs.IntVar(&o.maxPrefixTerms, "max-prefix-terms", search.MaxPrefixTerms, fmt.Sprintf("most index words the prefixes (word*) of a query may expand to in all; beyond, a 400 asks for more letters.\n"+
		"Process-wide: it is bleve's bound on every OR a search runs (a query's a OR b …, facet prefix\n"+
		"lookups), so at least %d and at least --max-query-terms", minPrefixTerms))
	fs.IntVar(&o.maxSearches, "max-searches", 0, "searches run at once; more wait --search-queue-wait, then get 429 (0: 4 per CPU)")
	fs.DurationVar(&o.searchTimeout, "search-timeout", defaultSearchTimeout, "longest a search or page may take before it is stopped with 503")
	fs.DurationVar(&o.searchQueueWait, "search-queue-wait", defaultSearchQueueWait, "longest a search waits for one of the --max-searches slots before it gets 429")
	fs.Var(&o.maxWriteBytes, "max-write-bytes", fmt.Sprintf("most a write's body (POST /api/articles) may hold, a `SIZE` such as 32MiB; more gets 413; from %v to %v", byteSize(writeBytesLeast), byteSize(writeBytesMost)))
	fs.DurationVar(&o.writeAPITimeout, "write-api-timeout", defaultWriteAPITimeout, "longest a write request may take, reading its body included, before it is stopped with 503\n"+
		"(the articles of the batches already written stay saved)")
	fs.DurationVar(&o.readHeaderTimeout, "read-header-timeout", defaultReadHeaderTimeout, "longest a client may take to send a request's headers (at most --read-timeout)")
	fs.DurationVar(&o.readTimeout, "read-timeout", defaultReadTimeout, "longest a client may take to send a whole request, body included")
	fs.DurationVar(&o.writeTimeout, "write-timeout", defaultWriteTimeout, "longest from the end of a request's headers to the end of its answer; longer than\n"+
		"--search-timeout and --write-api-timeout by at least "+writeTimeoutMargin.String())
	fs.DurationVar(&o.idleTimeout, "idle-timeout", defaultIdleTimeout, "longest a kept-alive connection may wait for its next request")
	fs.IntVar(&o.maxExports, "max-exports", web.DefaultMaxExports, "exports (GET /api/export: every hit of a search) run at once, beside the searches; more wait\n"+
		"--search-queue-wait, then get 429; at least 1")
	fs.DurationVar(&o.exportTimeout, "export-timeout", web.DefaultExportTimeout, "longest an export may stream; one stopped ends with a line saying so (it is not bound by --write-timeout)")
	fs.StringVar(&o.publicURL, "public-url", "", "the server's address as its users reach it, such as https://sitrep.example.org, for the absolute links\n"+
		"of feeds and citations (default: the scheme and Host of each request)")
	clusterFlags(fs, &o.cluster)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, usageError(fs, "serve: unexpected argument %q (flags only)", rest[0])
	}
	if msg := o.check(); msg != "" {
		return nil, usageError(fs, "serve: %s", msg)
	}
	o.query.ResultCache = o.resultCache
	if o.resultCache == 0 {
		o.query.ResultCache = -1 // none; 0 would take the default
	}
	return o, nil
}

// check returns what is wrong with the limits of o, or "".
func (o *serveOptions) check() string {
	for _, f := range []struct {
		name  string
		value int
		least int
		what  string
	}{
		{"max-query-length", o.query.QueryLength, 1, ""},
		{"max-query-terms", o.query.QueryTerms, 1, ""},
		{"max-page-size", o.query.PageSize, 1, ""},
		{"max-page-window", o.query.PageWindow, o.query.PageSize, " (--max-page-size: a page must fit in the window)"},
		{"max-prefix-terms", o.maxPrefixTerms, max(minPrefixTerms, o.query.QueryTerms), fmt.Sprintf(
			": it bounds every OR a search runs, so it must be at least %d and at least --max-query-terms (%d)", minPrefixTerms, o.query.QueryTerms)},
		{"max-searches", o.maxSearches, 0, " (0 means 4 per CPU)"},
		{"max-page-fetches", o.maxPageFetches, 1, ""},
		{"result-cache", o.resultCache, 0, " (0 keeps none)"},
		{"max-exports", o.maxExports, 1, ""},
	} {
		if f.value < f.least {
			return fmt.Sprintf("--%s %d is too small: give %d or more%s", f.name, f.value, f.least, f.what)
		}
	}
	if o.query.PageSize > pageSizeMost {
		return fmt.Sprintf("--max-page-size %d is too large: give %d or fewer hits per page", o.query.PageSize, pageSizeMost)
	}
	if o.maxWriteBytes < writeBytesLeast || o.maxWriteBytes > writeBytesMost {
		return fmt.Sprintf("--max-write-bytes %v is out of range: give a size from %v to %v", o.maxWriteBytes, byteSize(writeBytesLeast), byteSize(writeBytesMost))
	}
	for _, f := range []struct {
		name  string
		value time.Duration
	}{
		{"search-timeout", o.searchTimeout},
		{"search-queue-wait", o.searchQueueWait},
		{"write-api-timeout", o.writeAPITimeout},
		{"read-header-timeout", o.readHeaderTimeout},
		{"read-timeout", o.readTimeout},
		{"write-timeout", o.writeTimeout},
		{"idle-timeout", o.idleTimeout},
		{"export-timeout", o.exportTimeout},
	} {
		if f.value <= 0 {
			return fmt.Sprintf("--%s %v: give a duration above zero, such as 10s or 2m", f.name, f.value)
		}
	}
	if o.publicURL != "" {
		if u, err := url.Parse(o.publicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Sprintf("--public-url %q: give the address users reach the server at, such as https://sitrep.example.org (a path is allowed, a query is not)", o.publicURL)
		}
	}
	if o.readHeaderTimeout > o.readTimeout {
		return fmt.Sprintf("--read-header-timeout %v is longer than --read-timeout %v: the headers are part of the request it bounds", o.readHeaderTimeout, o.readTimeout)
	}
	if least := max(o.searchTimeout, o.writeAPITimeout) + writeTimeoutMargin; o.writeTimeout < least {
		return fmt.Sprintf("--write-timeout %v is too short for --search-timeout %v and --write-api-timeout %v: "+
			"give at least %v (a request they stop must still get its answer), or lower them", o.writeTimeout, o.searchTimeout, o.writeAPITimeout, least)
	}
	return o.cluster.check()
}

// byteSize is a flag holding a number of bytes: a whole number with an
// optional unit B, KiB, MiB or GiB (KB, MB and GB, or K, M and G, are read
// as the same binary units; case does not matter).
type byteSize int64

// byteUnits are the units of a byteSize, largest first.
var byteUnits = []struct {
	name  string
	size  int64
	alias []string
}{
	{"GiB", 1 << 30, []string{"gb", "g"}},
	{"MiB", 1 << 20, []string{"mb", "m"}},
	{"KiB", 1 << 10, []string{"kb", "k"}},
	{"B", 1, []string{""}},
}

// String writes b in the largest unit that divides it.
func (b byteSize) String() string {
	for _, u := range byteUnits {
		if b != 0 && int64(b)%u.size == 0 {
			return fmt.Sprintf("%d%s", int64(b)/u.size, u.name)
		}
	}
	return "0B"
}

// Set parses a size such as 32MiB.
func (b *byteSize) Set(s string) error {
	text := strings.TrimSpace(s)
	digits := strings.TrimLeft(text, "0123456789")
	number, unit := text[:len(text)-len(digits)], strings.ToLower(strings.TrimSpace(digits))
	n, err := strconv.ParseInt(number, 10, 64)
	for _, u := range byteUnits {
		if err == nil && (unit == strings.ToLower(u.name) || slices.Contains(u.alias, unit)) {
			if n > math.MaxInt64/u.size {
				return errors.New("more bytes than can be counted")
			}
			*b = byteSize(n * u.size)
			return nil
		}
	}
	return errors.New("write a whole number of bytes with an optional unit B, KiB, MiB or GiB, such as 32MiB")
}

// writeTokenEnv names the environment variable holding the write token.
const writeTokenEnv = "SITREP_WRITE_TOKEN"

// writeToken returns the write API's token: from file when one is named,
// else from the process's environment; "" turns writes off.
func writeToken(p process, file string) (string, error) {
	if file == "" {
		return strings.TrimSpace(p.env(writeTokenEnv)), nil
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

// fetchPrivateUsage documents --fetch-private, a flag of ingest and serve.
const fetchPrivateUsage = "let item pages (--fetch-pages) and redirects reach loopback, private and link-local addresses\n" +
	"beyond the feed's own origin (off: only public addresses; the URLs you give are always fetched)"

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
