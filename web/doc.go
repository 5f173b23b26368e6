// Package web owns Sitrep's HTTP side: the echo server, every route (listed
// in routes.go), the JSON API handlers and their response types, middleware,
// and the mapping of errors to status codes.
//
//	h, err := web.New(web.Config{}, search.New(ix), logger)
//	if err != nil { ... }
//	srv := &http.Server{Addr: "localhost:8080", Handler: h}
//
// Handlers never build bleve queries: each parses its request into a
// search.Request with one pure function and makes one call to the Searcher.
package web
