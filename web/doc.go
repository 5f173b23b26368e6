// Package web owns Sitrep's HTTP side: the echo server, every route (listed
// in routes.go), the HTML pages (server-rendered html/template, templates
// and static files embedded), the JSON API handlers and their response
// types, the write API behind a bearer token, middleware (limits, timeouts,
// security headers), and the mapping of errors to status codes (errors.go).
//
//	h, err := web.New(web.Config{Writer: ingest.NewLive(ix, x), WriteToken: token}, search.New(ix), logger)
//	if err != nil { ... } // a template that does not parse
//	srv := &http.Server{Addr: "localhost:8080", Handler: h}
//
// The files, by job: server.go builds the server and its middleware
// (limits, timeouts, security headers); routes.go lists the routes;
// facets.go holds the one table of term facets (name, URL parameter,
// labels, request field) that everything else reads, so that a new facet
// is one row there; urlstate.go reads a search's URL parameters
// (searchRequest) and builds the links a page carries (pageState);
// views.go and searchview.go shape results into view models; pages.go,
// api.go and write.go hold the handlers; render.go owns the templates,
// the static files, and markedHTML, the one place a title or snippet
// becomes HTML.
//
// Handlers never build bleve queries: the pages and the API parse their
// parameters with one function (searchRequest) and make one call to the
// Searcher; they differ only in presentation.
package web
