// Package search owns Sitrep's read side: a Request (query text, filters,
// sort, page or cursor) becomes a bleve search, and the answer becomes a
// Result of Hits (titles and snippets as plain text with the spans that
// matched: Marked), term facets and a date histogram. Engine.Similar
// finds the articles most like one ("more like this"). The JSON API, the
// HTML pages and the CLI all search through one Engine.Search call.
//
//	eng := search.New(ix)
//	res, err := eng.Search(ctx, search.Request{Query: `peshmerga "kirkuk province" -syria`})
//	var qe *search.QueryError
//	if errors.As(err, &qe) { ... } // the user's mistake: show qe.Error()
//	for _, h := range res.Hits { fmt.Println(h.Title, h.Snippet) }
//
// The query language (ParseQuery) is Google-like: every word must match,
// "phrases", -exclusions, OR, field scopes (title:, person:, place:,
// organisation:, source:) and word* prefixes, parsed by our own parser
// into bleve queries. Words also match the names and aliases of each
// article's entities, so daesh finds articles about the Islamic State.
//
// Stories: syndicated copies of one wire story (index.Article.Story)
// collapse by default into one hit, the story's best-ranked matching
// article in the request's order, whose Hit.AlsoIn lists the others;
// pages and cursors then count stories, so no story appears on two pages.
// Result.Total counts matching articles and Result.Stories matching
// stories; Request.NoCollapse shows every article.
//
// Facets: people, places, organisations and sources count the matching
// articles with each value (or, with Request.FacetCount CountStories, the
// matching stories); a value the request filters on is always
// listed with its true count, and Facet.More says when a list was cut.
// The published histogram is by month, or by year when the matching dates
// span more than five years. Deep pages use an opaque cursor (bleve's
// SearchAfter) whose cost does not grow with depth.
//
// Entities: the values of people, places and organisations carry their
// id (FacetValue.ID, entity.ID of the kind and name), and those filters
// take an id or a name: an id is resolved to the name the index holds
// before the search (entities.go), and one of another kind or that no
// entity has is a *QueryError. Engine.Entity returns what the index knows
// of one entity: its count, first and last dates, timeline and articles.
//
// Follow one request: Engine.Search (run.go) normalises the Request
// within the Engine's Limits (request.go); compiles the query text,
// parsed by ParseQuery (query.go), and the filters into one bleve query
// and its sort keys (compile.go); reads the cursor (cursor.go); answers
// from the cache when the index has not changed since (cache.go);
// otherwise opens a snapshot of the index and runs the search on it,
// showing every article (searchArticles) or one per story
// (searchStories, ranking the stories in stories.go), while a
// matchCounter (count.go) counts every match: the totals, the stories,
// the facet values and the months. The page's matches become Hits
// (result.go), the counts become the facets and the histogram
// (facets.go). FacetValues (facets.go) browses one facet. Everything that
// reaches inside bleve — the snapshot and its per-segment tables, the
// collector, the walk over matches, the phrase query — is in
// internal/scorchx, and nowhere else.
//
// Export: Engine.Export runs a Request to the end — every matching
// article, or one per story naming all its other matching copies — on one
// snapshot taken when it starts (writes made while it runs are not
// seen), handing rows one at a time so that memory does not grow with
// them: the export of the web API and of "sitrep search --all".
//
// Performance: a search is one pass over its matches on one index
// snapshot (a collapsed one adds a second search of the query text,
// narrowed to the page's articles by their document numbers, to
// highlight them). bleve's top-N collector finds the page of hits while each
// match's facet values, month and sort keys are read from tables kept in
// memory for every immutable index segment (built on the first search
// that meets the segment, dropped when it is merged away), not decoded
// from doc values per match; so is each match's story. Answers are cached (256 by default,
// Limits.ResultCache) until the index's snapshot changes (any write or
// merge): the browse page, repeated searches, paging back. See
// docs/PERFORMANCE.md.
package search
