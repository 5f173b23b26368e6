package web

import "github.com/labstack/echo/v4"

// addRoutes lists every route the server answers. Searches go through
// limit; writes through the writes middleware (token, body size, timeout).
func addRoutes(e *echo.Echo, a *api, w *writeAPI, writes []echo.MiddlewareFunc, limit echo.MiddlewareFunc, p *pages, static *assets) {
	e.GET("/", p.search, htmlPage, limit)
	e.GET("/articles/:id", p.article, htmlPage)
	e.GET("/facets/:facet", p.facet, htmlPage, limit)
	e.GET("/help", p.help, htmlPage)
	e.GET("/feeds", p.feeds, htmlPage)
	e.GET("/static/:name", static.serve)
	e.HEAD("/static/:name", static.serve)

	e.GET("/healthz", a.health)

	g := e.Group("/api", corsGET())
	g.GET("/search", a.search, limit)
	g.GET("/articles/:id", a.article)
	g.GET("/articles/:id/similar", a.similar, limit)
	g.GET("/facets/:facet", a.facet, limit)
	g.GET("/openapi.json", a.openapi)
	g.POST("/articles", w.post, writes...)
	g.DELETE("/articles/:id", w.delete, writes...)
}
