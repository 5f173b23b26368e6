package web

import "github.com/labstack/echo/v4"

// addRoutes lists every route the server answers.
func addRoutes(e *echo.Echo, a *api, p *pages, static *assets) {
	e.GET("/", p.search, htmlPage)
	e.GET("/articles/:id", p.article, htmlPage)
	e.GET("/facets/:facet", p.facet, htmlPage)
	e.GET("/help", p.help, htmlPage)
	e.GET("/static/:name", static.serve)
	e.HEAD("/static/:name", static.serve)

	e.GET("/healthz", a.health)

	g := e.Group("/api", corsGET())
	g.GET("/search", a.search)
	g.GET("/articles/:id", a.article)
	g.GET("/facets/:facet", a.facet)
	g.GET("/openapi.json", a.openapi)
}
