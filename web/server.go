package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search"
)

// Searcher is what the server reads through: *search.Engine.
type Searcher interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
	FacetValues(ctx context.Context, req search.FacetRequest) (*search.FacetValues, error)
	Article(ctx context.Context, id string) (*index.Article, error)
	Count(ctx context.Context) (uint64, error)
}

// Config tunes the server. The zero value is usable.
type Config struct {
	// RequestTimeout bounds the work done for one request; a search that
	// takes longer is answered with 503. Zero means 10 seconds.
	RequestTimeout time.Duration
}

// maxBody bounds request bodies: the read API takes none.
const maxBody = "1M"

// New returns the HTTP handler serving the HTML pages and the JSON API
// over s. It fails when a page template does not parse.
func New(cfg Config, s Searcher, logger *slog.Logger) (http.Handler, error) {
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	r, err := newRenderer(templateFiles, staticFiles)
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.Renderer = r
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = errorHandler(logger)

	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, DisablePrintStack: true}))
	e.Use(requestLogger(logger))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'",
	}))
	e.Use(middleware.BodyLimit(maxBody))
	e.Use(middleware.ContextTimeout(cfg.RequestTimeout))

	addRoutes(e, &api{s: s}, &pages{s: s, logger: logger}, r.assets)
	return e, nil
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
