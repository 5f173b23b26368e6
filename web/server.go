package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/watch"
	"github.com/sitrep/sitrep/search"
)

// Searcher is what the server reads through: *search.Engine.
type Searcher interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
	Hits(ctx context.Context, req search.Request) (*search.Result, error)
	FacetValues(ctx context.Context, req search.FacetRequest) (*search.FacetValues, error)
	Article(ctx context.Context, id string) (*index.Article, error)
	Annotate(ctx context.Context, id, query string) (*search.Annotation, error)
	SimilarTo(ctx context.Context, a *index.Article, n int) ([]search.Hit, error)
	Count(ctx context.Context) (uint64, error)
	Entity(ctx context.Context, id string, n int) (*search.Entity, error)
	Surging(ctx context.Context, now time.Time, k int) (*search.Surges, error)
	SurgeOf(ctx context.Context, now time.Time, id string) (*search.Surges, error)
	Exporter
}

// FeedStatus reports the watched feeds: *watch.Watcher.
type FeedStatus interface {
	Status() []watch.Status
}

// Config tunes the server. The zero value is usable: reads only, with the
// default limits.
type Config struct {
	// RequestTimeout bounds the work done for one read request; a search
	// that takes longer is answered with 503. Zero means 10 seconds.
	RequestTimeout time.Duration
	// Writer and WriteToken turn on the write API (POST /api/articles,
	// DELETE /api/articles/{id}); without both, writes answer 403.
	Writer     ArticleWriter
	WriteToken string
	// WriteTimeout bounds one write request. Zero means 5 minutes.
	WriteTimeout time.Duration
	// MaxWriteBytes bounds a write request's body. Zero means 32 MiB.
	MaxWriteBytes int64
	// Feeds, when set, reports the feeds the server watches, for /healthz
	// and the /feeds status page; FeedInterval is their polling interval.
	Feeds        FeedStatus
	FeedInterval time.Duration
	// MaxSearches is how many searches may run at once; more wait up to
	// SearchQueueWait, then get 429. Zero means 4 per CPU and one second.
	MaxSearches     int
	SearchQueueWait time.Duration
	// Gazetteer (entity.New's Extractor) gives the maps the positions of
	// places, and the entity pages and /api/entities/{id} the aliases,
	// coordinates and country it knows; without one no place is on a
	// map and an entity is what the index says of it.
	Gazetteer Gazetteer
	// EntitySources are what else the entity pages know of an entity
	// (aliases seen across the corpus), merged after the gazetteer, in
	// this order.
	EntitySources []EntitySource
	// MaxExports is how many exports (GET /api/export) may run at once,
	// beside the searches; more wait SearchQueueWait, then get 429. Zero
	// means 2. ExportTimeout bounds one export; zero means 10 minutes.
	MaxExports    int
	ExportTimeout time.Duration
	// PublicURL is the server's address as its users reach it
	// (https://sitrep.example.org), for the absolute links of feeds and
	// citations; empty, they are made from the address each request came
	// to.
	PublicURL string
	// Version is Sitrep's version, recorded in exports.
	Version string
	// Shard, in cluster mode, reports the node's shard and how far it has
	// applied the article log, for /healthz; Shards lists every shard and
	// its replicas, for /api/cluster.
	Shard  func() ShardStatus
	Shards func(context.Context) ([]ClusterShard, error)
}

// MinWriteTokenLength is the shortest write token New accepts without a
// warning in the log.
const MinWriteTokenLength = 16

// maxReadBody bounds request bodies of the read API, which takes none.
const maxReadBody = "64K"

// New returns the HTTP handler serving the HTML pages and the JSON API
// over s. It fails when a page template does not parse.
func New(cfg Config, s Searcher, logger *slog.Logger) (http.Handler, error) {
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = 5 * time.Minute
	}
	if cfg.MaxWriteBytes <= 0 {
		cfg.MaxWriteBytes = 32 << 20
	}
	if cfg.MaxSearches <= 0 {
		cfg.MaxSearches = 4 * runtime.GOMAXPROCS(0)
	}
	if cfg.SearchQueueWait <= 0 {
		cfg.SearchQueueWait = time.Second
	}
	if cfg.MaxExports <= 0 {
		cfg.MaxExports = DefaultMaxExports
	}
	if cfg.ExportTimeout <= 0 {
		cfg.ExportTimeout = DefaultExportTimeout
	}
	r, err := newRenderer(templateFiles, staticFiles)
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.Renderer = r
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = errorHandler(logger, cfg.MaxWriteBytes)
	e.JSONSerializer = newWholeJSON()

	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, DisablePrintStack: true}))
	e.Use(requestLogger(logger))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	}))
	e.Use(readableQuery)
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Skipper: isWrite, Limit: maxReadBody}))
	e.Use(middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{Skipper: isLong, Timeout: cfg.RequestTimeout}))

	w := newWriteAPI(cfg.Writer, cfg.WriteToken)
	if n := utf8.RuneCountInString(cfg.WriteToken); w.tokenSum != nil && n < MinWriteTokenLength {
		logger.Warn(fmt.Sprintf("the write token is shorter than %d characters (it has %d), easy to guess: use at least %d random characters (openssl rand -hex 16 gives 32)", MinWriteTokenLength, n, MinWriteTokenLength))
	}
	writes := []echo.MiddlewareFunc{
		w.authorize,
		decodeBody,
		middleware.BodyLimit(strconv.FormatInt(cfg.MaxWriteBytes, 10) + "B"),
		middleware.ContextTimeout(cfg.WriteTimeout),
	}
	limit := limitRequests(cfg.MaxSearches, cfg.SearchQueueWait, "too many searches at once: try again in a moment")
	exports := []echo.MiddlewareFunc{
		limitRequests(cfg.MaxExports, cfg.SearchQueueWait, fmt.Sprintf("%d exports are running, the most the server runs at once (--max-exports): try again when one has finished", cfg.MaxExports)),
		middleware.ContextTimeout(cfg.ExportTimeout),
	}
	g, err := newGeo(cfg.Gazetteer)
	if err != nil {
		return nil, err
	}
	sources := cfg.EntitySources
	if cfg.Gazetteer != nil {
		sources = append([]EntitySource{gazetteerFacts{cfg.Gazetteer}}, sources...)
	}
	entities := entityLookup{s: s, sources: sources}
	p := &pages{s: s, logger: logger, feedStatus: cfg.Feeds, feedInterval: cfg.FeedInterval, entities: entities, geo: g, publicURL: cfg.PublicURL}
	a := &api{s: s, feeds: cfg.Feeds, entities: entities, geo: g, publicURL: cfg.PublicURL, version: cfg.Version, shard: cfg.Shard, shards: cfg.Shards, exportTimeout: cfg.ExportTimeout, logger: logger}
	addRoutes(e, a, w, writes, limit, exports, p, r.assets)
	return e, nil
}

// Defaults of the exports' limits (Config).
const (
	DefaultMaxExports    = 2
	DefaultExportTimeout = 10 * time.Minute
)

// limitRequests lets at most n requests (searches, or exports) run at
// once. A request that finds no free slot waits for one while its context
// allows, up to wait; then it is refused with 429 and the message busy,
// so that a burst queues briefly or is turned away rather than exhausting
// memory.
func limitRequests(n int, wait time.Duration, busy string) echo.MiddlewareFunc {
	slots := make(chan struct{}, n)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			select {
			case slots <- struct{}{}:
			default:
				timer := time.NewTimer(wait)
				defer timer.Stop()
				select {
				case slots <- struct{}{}:
				case <-timer.C:
					return echo.NewHTTPError(http.StatusTooManyRequests, busy)
				case <-c.Request().Context().Done():
					return c.Request().Context().Err()
				}
			}
			defer func() { <-slots }()
			return next(c)
		}
	}
}

// maxQueryParams is the most parameters a URL's query may hold: Go's
// url.ParseQuery reads none of them beyond its limit of 10,000.
const maxQueryParams = 10000

// readableQuery refuses a request whose query parameters cannot all be
// read. echo's QueryParams ignores url.ParseQuery's error, and that error
// drops parameters: all of them past 10,000 parameters (a search then lost
// its words and filters and answered with the whole index), or each one
// with a bad escape or a semicolon.
func readableQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		raw := c.Request().URL.RawQuery
		if n := strings.Count(raw, "&") + 1; n > maxQueryParams {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf(
				"the URL holds %d query parameters, more than the %d the server reads: send fewer (each filter value is one)", n, maxQueryParams))
		}
		if _, err := url.ParseQuery(raw); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf(
				"the URL's query cannot be read (%v): percent-encode each parameter's name and value (%%25 for %%, %%3B for ;) and separate them with &", err))
		}
		return next(c)
	}
}

// isLong reports whether the request has a time limit of its own rather
// than the reads' (RequestTimeout): a write, or an export.
func isLong(c echo.Context) bool { return isWrite(c) || c.Path() == exportPath }

// isWrite reports whether the request is one of the write API's.
func isWrite(c echo.Context) bool {
	m := c.Request().Method
	return m != http.MethodGet && m != http.MethodHead && strings.HasPrefix(c.Path(), "/api/articles")
}

func requestLogger(logger *slog.Logger) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogMethod:   true,
		LogURI:      true,
		LogStatus:   true,
		LogLatency:  true,
		LogRemoteIP: true,
		LogError:    true,
		HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			logger.LogAttrs(c.Request().Context(), level, "request",
				slog.String("method", v.Method),
				slog.String("uri", v.URI),
				slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency),
				slog.String("remote_ip", v.RemoteIP),
			)
			return nil
		},
	})
}
