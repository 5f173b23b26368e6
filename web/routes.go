package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// addRoutes lists every route the server answers. Searches go through
// limit; writes through the writes middleware (token, body size, timeout).
// Exports go through exports (their own limit and timeout).
func addRoutes(e *echo.Echo, a *api, w *writeAPI, writes []echo.MiddlewareFunc, limit echo.MiddlewareFunc, exports []echo.MiddlewareFunc, p *pages, static *assets) {
	// Every read route answers HEAD as it answers GET, with the same status
	// and headers and no body (net/http drops what a handler writes to a
	// HEAD request), so that uptime monitors may use it.
	reads := []string{http.MethodGet, http.MethodHead}
	e.Match(reads, "/", p.search, htmlPage, limit)
	e.Match(reads, "/articles/:id", p.article, htmlPage)
	e.Match(reads, "/facets/:facet", p.facet, htmlPage, limit)
	e.Match(reads, "/entities/:id", p.entity, htmlPage, limit)
	e.Match(reads, "/help", p.help, htmlPage)
	e.Match(reads, "/feeds", p.feeds, htmlPage)
	e.Match(reads, "/feeds/search.atom", a.searchFeed(feedAtom), corsGET(), limit)
	e.Match(reads, "/feeds/search.json", a.searchFeed(feedJSON), corsGET(), limit)
	e.Match(reads, "/static/:name", static.serve)

	e.Match(reads, "/healthz", a.health)

	g := e.Group("/api", corsGET())
	g.Match(reads, "/search", a.search, limit)
	g.Match(reads, "/articles/:id", a.article)
	g.Match(reads, "/articles/:id/similar", a.similar, limit)
	g.Match(reads, "/articles/:id/cite", a.cite)
	g.Match(reads, strings.TrimPrefix(exportPath, "/api"), a.export, exports...)
	g.Match(reads, "/facets/:facet", a.facet, limit)
	g.Match(reads, "/entities", a.surging, limit)
	g.Match(reads, "/entities/:id", a.entity, limit)
	g.Match(reads, "/places", a.places, limit)
	g.Match(reads, "/openapi.json", a.openapi)
	g.Match(reads, "/cluster", a.cluster)
	g.POST("/articles", w.post, writes...)
	g.DELETE("/articles/:id", w.delete, writes...)
}
