package web

import "github.com/labstack/echo/v4"

// addRoutes lists every route the server answers.
func addRoutes(e *echo.Echo, a *api) {
	e.GET("/healthz", a.health)

	g := e.Group("/api", corsGET())
	g.GET("/search", a.search)
	g.GET("/articles/:id", a.article)
}
