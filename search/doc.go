// Package search owns Sitrep's read side: a Request (query text, filters,
// sort, page) becomes a bleve search, and the answer becomes a Result of
// Hits with HTML-safe snippets and facet counts. The JSON API, the HTML
// pages and the CLI all search through one Engine.Search call.
//
//	eng := search.New(ix)
//	res, err := eng.Search(ctx, search.Request{Query: "peshmerga kirkuk"})
//	var qe *search.QueryError
//	if errors.As(err, &qe) { ... } // the user's mistake: show qe.Error()
//	for _, h := range res.Hits { fmt.Println(h.Title, h.Snippet) }
//
// Query text: every word must match (in the title, summary, body or
// captions, with English stemming); a title match weighs more than a body
// match, a caption match less. An empty query matches every article.
package search
