package search

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bhtml "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// Search runs req. Mistakes in the request come back as a *QueryError;
// other errors are faults of the index or a cancelled ctx.
func (e *Engine) Search(ctx context.Context, req Request) (*Result, error) {
	return e.search(ctx, req, true)
}

// Hits runs req as Search does but counts no facets and no histogram: the
// Result has hits, Total and NextCursor only, for callers that show no
// facets. Its errors are those of Search.
func (e *Engine) Hits(ctx context.Context, req Request) (*Result, error) {
	return e.search(ctx, req, false)
}

// search runs req, with its facets and histogram when facets is set.
func (e *Engine) search(ctx context.Context, req Request, facets bool) (*Result, error) {
	start := time.Now()
	p, err := e.prepare(ctx, &req, nil)
	if err != nil {
		return nil, err
	}
	defer p.close()
	var after []string
	if req.Cursor != "" {
		if after, err = decodeCursor(req.Cursor, req.Sort); err != nil {
			return nil, err
		}
	}
	now := e.now() // the histogram's span, and so the answer, depend on its year
	epoch, cacheable := scorchx.Epoch(p.b)
	cacheable = cacheable && e.results.max > 0
	var key string
	if cacheable {
		key = req.cacheKey(facets, now.UTC().Year())
		if r, ok := e.results.get(p.b, epoch, key); ok {
			r.Took = time.Since(start)
			return r, nil
		}
	}

	// A cached answer is one of a query within the limits: only a search
	// lists its prefixes' words, to bound them.
	if err := p.admit(ctx, req.Query); err != nil {
		return nil, err
	}
	snap, err := p.snapshot()
	if err != nil {
		return nil, err
	}
	q := p.q
	var x *explainer
	if !e.unexplained {
		x = e.newExplainer(p.parsed)
	}
	var (
		out     *Result
		counter *matchCounter
	)
	switch {
	case req.NoHits:
		out, counter, err = e.countMatches(ctx, snap, q, facets)
	case req.NoCollapse:
		out, counter, err = e.searchArticles(ctx, snap, q, &req, after, facets, x)
	default:
		out, counter, err = e.searchStories(ctx, snap, q, p.text, &req, after, facets, x)
	}
	if err != nil {
		return nil, searchError(req.Query, err)
	}
	defer counter.release()
	if facets && req.Significant > 0 {
		// The counts are of articles until result turns them into stories.
		set := counter.counts
		if _, all := q.(*query.MatchAllQuery); all {
			// The set is the whole index: every lift is 1, nothing
			// stands out, and no pass over the index need say so.
			out.Significant = &Significance{Articles: set.total, Corpus: set.total, Entities: []Significant{}}
		} else if out.Significant, err = significance(ctx, snap, set, &req); err != nil {
			return nil, searchError(req.Query, err)
		}
	}
	counts := counter.result(req.FacetCount == CountStories)
	out.Total, out.Stories, out.Collapsed = counts.total, counts.stories, !req.NoCollapse
	out.Page, out.Size, out.Sort, out.FacetCount = req.Page, req.Size, req.Sort, req.FacetCount
	if facets {
		out.Facets = termFacetsFrom(counts, &req)
		if err := e.orFacets(ctx, snap, &req, out.Facets); err != nil {
			return nil, searchError(req.Query, err)
		}
		out.Published = histogramFrom(histogramYears(now), counts.months, counts.spread)
		if req.PlaceCounts {
			out.PlaceCounts = counts.all(facetNumber(FacetPlaces))
		}
		out.Published.Undated = counts.undated
		out.Undated = uint64(counts.undatedArticles)
	}
	if out.DidYouMean, err = e.didYouMean(ctx, snap, req.Query, out.Total < FewResults); err != nil {
		return nil, searchError(req.Query, err)
	}
	out.Took = time.Since(start)
	if cacheable {
		e.results.put(p.b, epoch, key, out)
	}
	return out, nil
}

// prepared is a request made ready to run on one hold of the index: its
// entity ids resolved to names and its query compiled. What it runs
// reads one snapshot of the index, opened at most once (snapshot);
// close gives back the snapshot, the words admit took and the index.
type prepared struct {
	e       *Engine
	b       bleve.Index
	release func()
	snap    *scorchx.Snapshot
	leave   func()
	compiled
}

// prepare normalizes req, holds the index, resolves the entity ids among
// req's filters to names (in req) and compiles req, or the request widen
// returns of it when widen is not nil. Mistakes in req come back as a
// *QueryError. The caller closes what it returns.
func (e *Engine) prepare(ctx context.Context, req *Request, widen func(Request) Request) (*prepared, error) {
	if err := req.normalize(e.limits); err != nil {
		return nil, err
	}
	b, release, err := e.ix.Acquire()
	if err != nil {
		return nil, err
	}
	p := &prepared{e: e, b: b, release: release}
	if err := e.resolveEntities(ctx, p.snapshot, req); err != nil {
		p.close()
		return nil, err
	}
	full := *req
	if widen != nil {
		full = widen(full)
	}
	if p.compiled, err = e.compile(&full); err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

// snapshot returns the snapshot of the index p reads, opening it the
// first time.
func (p *prepared) snapshot() (*scorchx.Snapshot, error) {
	if p.snap == nil {
		snap, err := scorchx.Open(p.b, p.e.mapping, p.e.tables)
		if err != nil {
			return nil, err
		}
		p.snap = snap
	}
	return p.snap, nil
}

// admit bounds the words the prefixes of the query text and more expand
// to (checkExpansion) and takes them from the engine's budget (enter):
// the search may then run.
func (p *prepared) admit(ctx context.Context, text string, more ...scorchx.FieldPrefix) error {
	words, err := checkExpansion(ctx, p.b, text, append(slices.Clip(p.prefixes), more...))
	if err != nil {
		return err
	}
	p.leave, err = p.e.enter(words)
	return err
}

// close closes the snapshot, gives back the words admit took and lets go
// of the index.
func (p *prepared) close() {
	if p.snap != nil {
		p.snap.Close()
	}
	if p.leave != nil {
		p.leave()
	}
	p.release()
}

// orFacets recounts each facet whose selected values OR over the matches
// of req without that facet's own selection (its exclusions and every
// other filter kept): the counts say how many articles each value adds,
// and the values not yet selected stay listed to be added, where counts
// of the matches would list only the selected ones. One more pass over
// the matches per such facet, counting that facet alone.
func (e *Engine) orFacets(ctx context.Context, snap *scorchx.Snapshot, req *Request, facets map[string]Facet) error {
	for fi, f := range termFacets {
		if len(f.selected(req)) == 0 || *f.all(req) {
			continue
		}
		wider := *req
		*f.filter(&wider) = nil
		c, err := e.compile(&wider)
		if err != nil {
			return err
		}
		counter := newFacetCounter(snap.Tables(), e.slots, fi)
		if err := snap.EachMatchUnscored(ctx, c.q, counter.add); err != nil {
			counter.release()
			return err
		}
		facets[f.name] = counter.result(req.FacetCount == CountStories).facet(fi, req)
		counter.release()
	}
	return nil
}

// countMatches counts the matches of a search that shows no hits: their
// number, stories and, when asked, facets; no match is scored.
func (e *Engine) countMatches(ctx context.Context, snap *scorchx.Snapshot, q query.Query, facets bool) (*Result, *matchCounter, error) {
	counter := newMatchCounter(snap.Tables(), e.slots, facets, nil)
	if err := snap.EachMatchUnscored(ctx, q, counter.add); err != nil {
		return nil, nil, err
	}
	return &Result{Hits: []Hit{}}, counter, nil
}

// searchArticles finds the page of a search that shows every matching
// article: one pass over the matches finds the page of hits (bleve's
// top-N collector) and counts the matches' facets and stories; x, when
// not nil, explains the hits.
func (e *Engine) searchArticles(ctx context.Context, snap *scorchx.Snapshot, q query.Query, req *Request, after []string, facets bool, x *explainer) (*Result, *matchCounter, error) {
	// One hit more than the page tells whether a next page exists.
	sr := hitRequest(q, req.Size+1, (req.Page-1)*req.Size, req.Sort)
	if after != nil {
		sr.From = 0
		sr.SetSearchAfter(after)
	}
	st := snap.Tables()
	counter := newMatchCounter(st, e.slots, facets, nil)
	hits, err := snap.Collect(ctx, sr, counter.add, nil, x.explainFunc())
	if err != nil {
		return nil, nil, err
	}
	out := &Result{}
	if len(hits) > req.Size {
		hits = hits[:req.Size]
		out.NextCursor = encodeCursor(req.Sort, hits[len(hits)-1].DocumentMatch)
	}
	out.Hits = make([]Hit, 0, len(hits))
	for _, h := range hits {
		seg, local := st.Locate(h.Doc, 0)
		out.Hits = append(out.Hits, toHit(h.DocumentMatch, st.Stories[st.Table(seg).Story[local]], x.hitMatches(h.ID)))
	}
	return out, counter, nil
}

// searchStories finds the page of a collapsed search: one pass over the
// matches of q keeps each story's best-ranked article (and counts the
// facets), the page's stories are chosen from those, and a second search
// of text (the query text's part of q, nil for none), narrowed to the
// chosen articles, loads and highlights them (x, when not nil, explaining
// them): q's filters would find them again and mark nothing.
func (e *Engine) searchStories(ctx context.Context, snap *scorchx.Snapshot, q, text query.Query, req *Request, after []string, facets bool, x *explainer) (*Result, *matchCounter, error) {
	st := snap.Tables()
	counter := newMatchCounter(st, e.slots, facets, &ranker{st: st, sort: req.Sort})
	if err := snap.EachMatch(ctx, q, counter.add); err != nil {
		return nil, nil, err
	}
	from := (req.Page - 1) * req.Size
	var afterKey *rankKey
	if after != nil {
		k, err := cursorKey(after, req.Sort)
		if err != nil {
			return nil, nil, err
		}
		from, afterKey = 0, &k
	}
	page := counter.topStories(from, req.Size+1, afterKey)
	out := &Result{}
	if len(page) > req.Size {
		page = page[:req.Size]
		out.NextCursor = keyCursor(req.Sort, page[len(page)-1].k)
	}
	hits, err := e.fetchHits(ctx, snap, text, req.Sort, page, x)
	if err != nil {
		return nil, nil, err
	}
	for i, p := range page {
		if hits[i].AlsoIn, hits[i].AlsoInTotal, err = alsoIn(snap, counter.others(p.m.story)); err != nil {
			return nil, nil, err
		}
	}
	out.Hits = hits
	return out, counter, nil
}

// hitRequest returns the bleve request for size hits from from in the
// order s, with the stored fields and highlights a Hit shows.
func hitRequest(q query.Query, size, from int, s Sort) *bleve.SearchRequest {
	sr := bleve.NewSearchRequestOptions(q, size, from, false)
	sr.Fields = hitFields
	sr.Highlight = bleve.NewHighlightWithStyle(bhtml.Name)
	sr.Highlight.AddField(index.FieldTitle)
	sr.Highlight.AddField(index.FieldBody)
	sr.Highlight.AddField(index.FieldSummary)
	sr.SortBy(sortOrders[s])
	return sr
}

// fetchHits loads and highlights the articles of page, which matched q on
// snap, in their order, with the scores the first pass gave them
// (loadHits); q may be any query they all match that finds the terms to
// mark (nil: none). x, when not nil, explains them.
func (e *Engine) fetchHits(ctx context.Context, snap *scorchx.Snapshot, q query.Query, s Sort, page []ranked, x *explainer) ([]Hit, error) {
	if len(page) == 0 {
		return []Hit{}, nil
	}
	ids := make([]string, len(page))
	for i, p := range page {
		ids[i] = p.k.id
	}
	byID, err := e.loadHits(ctx, snap, q, s, ids, x)
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, len(page))
	for i, p := range page {
		h, ok := byID[p.k.id]
		if !ok {
			return nil, fmt.Errorf("article %s matched the query, then did not on the same snapshot", p.k.id)
		}
		h.Score = p.m.score
		hits[i] = toHit(h, snap.Tables().Stories[p.m.story], x.hitMatches(h.ID))
	}
	return hits, nil
}

// loadHits loads and highlights the articles ids that match q (nil: any
// article), by ID: the query narrowed to their IDs finds their matched
// terms for highlighting, and x, when not nil, explains them.
func (e *Engine) loadHits(ctx context.Context, snap *scorchx.Snapshot, q query.Query, s Sort, ids []string, x *explainer) (map[string]*bsearch.DocumentMatch, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if q == nil {
		q = bleve.NewMatchAllQuery()
	}
	sr := hitRequest(q, len(ids), 0, s) // narrowed to ids by Collect
	found, err := snap.Collect(ctx, sr, nil, ids, x.explainFunc())
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*bsearch.DocumentMatch, len(found))
	for _, h := range found {
		byID[h.ID] = h.DocumentMatch
	}
	return byID, nil
}

// searchError turns bleve's refusal of a prefix with too many expansions
// into the user's mistake it is; other errors are wrapped as faults.
func searchError(query string, err error) error {
	if scorchx.TooManyClauses(err) {
		return &QueryError{Param: "q", Code: CodeTooManyTerms, Msg: fmt.Sprintf("a prefix (word*) in %q matches more than %d words: type more letters before the *", query, scorchx.MaxClauses())}
	}
	return fmt.Errorf("search %q: %w", query, err)
}
