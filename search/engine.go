package search

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/highlight"
	bhtml "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/sitrep/sitrep/index"
)

// ErrNotFound reports that no article has the ID asked for.
var ErrNotFound = errors.New("no article with that id")

// snippetChars bounds a snippet made from the start of an article when no
// highlighted fragment matches.
const snippetChars = 240

// Engine runs searches against one index. It is safe for concurrent use.
type Engine struct {
	// ix is acquired for each search: it replaces its bleve index after a
	// failed write.
	ix      *index.Index
	mapping mapping.IndexMapping
	now     func() time.Time
	// facets counts facets from in-memory tables of the facet values.
	facets *facetCounter
	// results caches answers for the current snapshot of the index.
	results *resultCache
	// limits bound the queries accepted.
	limits Limits
}

// New returns an Engine over ix.
func New(ix *index.Index) *Engine {
	return NewWithLimits(ix, Limits{})
}

// NewWithLimits returns an Engine over ix that accepts queries within lim
// (zero fields take the defaults).
func NewWithLimits(ix *index.Index, lim Limits) *Engine {
	// The mapping is the index's own: opening it again reads the same.
	lim = lim.withDefaults()
	return &Engine{ix: ix, mapping: ix.Bleve().Mapping(), now: time.Now, facets: newFacetCounter(), limits: lim,
		results: &resultCache{max: max(lim.ResultCache, 0), maxBytes: maxResultCacheBytes}}
}

// Uncached returns an Engine over the same index, with e's limits and
// facet tables, that keeps no answers: every request is searched. It is
// for measuring searches by repeating them.
func (e *Engine) Uncached() *Engine {
	c := *e
	c.results = &resultCache{}
	return &c
}

// resultCache holds answers to requests, valid while the index's root
// snapshot (its epoch) is the one they were computed on: repeated
// searches, paging back, the browse page. Every write, and every merge,
// introduces a new snapshot and so empties it; so does opening the index
// again (a new owner), whose epochs start again from those on disk. When
// full (max answers, or maxResultCacheBytes), it forgets the answers it
// has held longest.
type resultCache struct {
	mu       sync.Mutex
	max      int // answers held at most; 0 caches none
	maxBytes int // their size at most (maxResultCacheBytes)
	owner    bleve.Index
	epoch    uint64
	results  map[string]cachedResult
	order    []string // the keys of results, oldest first
	bytes    int      // the sum of their sizes
}

// cachedResult is an answer the cache holds, with its size as
// Result.size estimates it.
type cachedResult struct {
	r    *Result
	size int
}

// maxResultCacheBytes bounds the memory the answers of a result cache
// hold, whatever their number: a page of 100 hits, each listing 20
// copies, is a few hundred KB.
const maxResultCacheBytes = 64 << 20

// cacheKey is what the answer to r depends on besides the index: every
// field of the normalized request, whether facets are counted, and the
// current year (which the histogram's span depends on).
func (r *Request) cacheKey(facets bool, year int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%t %d %q %q %d %d %q %d %t %q", facets, year, r.Query, r.Sort, r.Page, r.Size, r.Cursor, r.FacetSize, r.NoCollapse, r.FacetCount)
	for _, values := range [][]string{r.People, r.Places, r.Organisations, r.Sources} {
		fmt.Fprintf(&b, " %q", values)
	}
	for _, d := range []*time.Time{r.From, r.To} {
		b.WriteByte(' ')
		if d != nil {
			b.WriteString(d.UTC().Format(time.RFC3339Nano))
		}
	}
	return b.String()
}

// snapshotEpoch returns the epoch of the index's current root snapshot,
// and false when the index is not a scorch index.
func (e *Engine) snapshotEpoch(b bleve.Index) (uint64, bool) {
	adv, err := b.Advanced()
	if err != nil {
		return 0, false
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return 0, false
	}
	st, ok := s.Stats().(*scorch.Stats)
	if !ok {
		return 0, false
	}
	return atomic.LoadUint64(&st.CurRootEpoch), true
}

// get returns the cached answer for key at epoch of owner, a copy the
// caller may change.
func (c *resultCache) get(owner bleve.Index, epoch uint64, key string) (*Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.owner != owner || c.epoch != epoch {
		return nil, false
	}
	cr, ok := c.results[key]
	if !ok {
		return nil, false
	}
	return cr.r.clone(), true
}

// put caches r for key, computed at epoch or later: an answer is only
// ever filed under an epoch no newer than the snapshot it was computed on.
func (c *resultCache) put(owner bleve.Index, epoch uint64, key string, r *Result) {
	if c.max == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.owner == owner && epoch < c.epoch {
		return // a newer snapshot is cached already
	}
	if c.owner != owner || c.epoch != epoch || c.results == nil {
		c.owner, c.epoch, c.results, c.order, c.bytes = owner, epoch, make(map[string]cachedResult), c.order[:0], 0
	}
	if _, ok := c.results[key]; ok {
		return
	}
	size := r.size()
	if size > c.maxBytes {
		return
	}
	for len(c.order) > 0 && (len(c.order) >= c.max || c.bytes+size > c.maxBytes) {
		c.bytes -= c.results[c.order[0]].size
		delete(c.results, c.order[0])
		c.order = append(c.order[:0], c.order[1:]...)
	}
	c.results[key] = cachedResult{r.clone(), size}
	c.order = append(c.order, key)
	c.bytes += size
}

// size estimates the memory r holds, in bytes: its strings, and a fixed
// amount for each hit, member, facet value and bucket.
func (r *Result) size() int {
	n := 256 + len(r.NextCursor)
	for _, h := range r.Hits {
		n += 256 + len(h.ID) + h.Title.size() + len(h.URL) + len(h.Source) + h.Snippet.size() + len(h.Story)
		for _, values := range [][]string{h.People, h.Places, h.Organisations} {
			for _, v := range values {
				n += 16 + len(v)
			}
		}
		for _, m := range h.AlsoIn {
			n += 96 + len(m.ID) + len(m.Title) + len(m.URL) + len(m.Source)
		}
	}
	for name, f := range r.Facets {
		n += 64 + len(name)
		for _, v := range f.Values {
			n += 48 + len(v.Value)
		}
	}
	return n + 64*len(r.Published.Buckets)
}

// clone copies r deeply enough that changing the copy's hits, facets or
// buckets leaves r alone.
func (r *Result) clone() *Result {
	out := *r
	out.Hits = slices.Clone(r.Hits)
	for i := range out.Hits {
		h := &out.Hits[i]
		h.People, h.Places, h.Organisations = slices.Clone(h.People), slices.Clone(h.Places), slices.Clone(h.Organisations)
		h.AlsoIn = slices.Clone(h.AlsoIn)
		h.Title, h.Snippet = h.Title.clone(), h.Snippet.clone()
	}
	if r.Facets != nil {
		out.Facets = make(map[string]Facet, len(r.Facets))
		for k, f := range r.Facets {
			f.Values = slices.Clone(f.Values)
			out.Facets[k] = f
		}
	}
	out.Published.Buckets = slices.Clone(r.Published.Buckets)
	return &out
}

// Result is the answer to a Request.
type Result struct {
	// Total is the exact number of matching articles; Stories the exact
	// number of stories among them (syndicated copies of one story count
	// once).
	Total, Stories uint64
	// Collapsed is set when the hits are one per story (the default): the
	// pages, Page, Size and NextCursor then count stories.
	Collapsed  bool
	Took       time.Duration
	Page, Size int
	Hits       []Hit
	// NextCursor continues after the last hit; empty on the last page.
	NextCursor string
	// FacetCount is what the facet values and histogram bars count.
	FacetCount FacetCount
	// Facets maps each term facet name (FacetNames) to its most frequent
	// values among all matching articles (counting articles or stories, as
	// FacetCount says).
	Facets map[string]Facet
	// Published is the histogram of the matching articles' dates.
	Published Histogram
}

// Hit is one matching article as a result list shows it.
type Hit struct {
	ID, URL, Source string
	// Title is the whole title, its matches marked.
	Title     Marked
	Published *time.Time
	// Snippet is a passage of the article, its matches marked.
	Snippet                       Marked
	People, Places, Organisations []string
	Score                         float64
	// Story names the article's story (index.Article.Story).
	Story string
	// AlsoIn lists, in a collapsed search, the story's other matching
	// articles, best-ranked first, at most MaxAlsoIn of them; AlsoInTotal
	// is their number. Both are empty when the search is not collapsed.
	AlsoIn      []Member
	AlsoInTotal int
}

// hitFields are the stored fields loaded for each hit. The body is not
// among them: the highlighter reads it and hands back the passage shown.
var hitFields = []string{
	index.FieldTitle, index.FieldURL, index.FieldSource, index.FieldPublished,
	index.FieldPeople, index.FieldPlaces, index.FieldOrganisations,
	index.FieldSummary,
}

// sortOrders gives each Sort its bleve sort keys; the ID last makes every
// order total, as cursors need. The ID is read from the id field's doc
// values, not as bleve's "_id", which would load every matching article's
// stored ID while sorting.
var sortOrders = map[Sort][]string{
	ByRelevance: {"-_score", "-" + index.FieldPublished, index.FieldID},
	Newest:      {"-" + index.FieldPublished, "-_score", index.FieldID},
	Oldest:      {index.FieldPublished, "-_score", index.FieldID},
}

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
	if err := req.normalize(e.limits); err != nil {
		return nil, err
	}
	q, err := e.compile(&req)
	if err != nil {
		return nil, err
	}
	var after []string
	if req.Cursor != "" {
		if after, err = decodeCursor(req.Cursor, req.Sort); err != nil {
			return nil, err
		}
	}
	b, release, err := e.ix.Acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	now := e.now() // the histogram's span, and so the answer, depend on its year
	epoch, cacheable := e.snapshotEpoch(b)
	cacheable = cacheable && e.results.max > 0
	var key string
	if cacheable {
		key = req.cacheKey(facets, now.UTC().Year())
		if r, ok := e.results.get(b, epoch, key); ok {
			r.Took = time.Since(start)
			return r, nil
		}
	}

	snap, st, err := e.snapshot(b)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	ctx = e.scoringContext(ctx)
	var (
		out     *Result
		counter *matchCounter
	)
	if req.NoCollapse {
		out, counter, err = e.searchArticles(ctx, snap, st, q, &req, after, facets)
	} else {
		out, counter, err = e.searchStories(ctx, snap, st, q, &req, after, facets)
	}
	if err != nil {
		return nil, searchError(req.Query, err)
	}
	defer counter.release()
	counts := counter.result(req.FacetCount == CountStories)
	out.Total, out.Stories, out.Collapsed = counts.total, counts.stories, !req.NoCollapse
	out.Page, out.Size, out.FacetCount = req.Page, req.Size, req.FacetCount
	if facets {
		out.Facets = termFacetsFrom(counts, &req)
		out.Published = histogramFrom(histogramYears(now), counts.months, counts.spread)
	}
	out.Took = time.Since(start)
	if cacheable {
		e.results.put(b, epoch, key, out)
	}
	return out, nil
}

// searchArticles finds the page of a search that shows every matching
// article: one pass over the matches finds the page of hits (bleve's
// top-N collector) and counts the matches' facets and stories.
func (e *Engine) searchArticles(ctx context.Context, snap *scorch.IndexSnapshot, st *snapTables, q query.Query, req *Request, after []string, facets bool) (*Result, *matchCounter, error) {
	// One hit more than the page tells whether a next page exists.
	sr := hitRequest(q, req.Size+1, (req.Page-1)*req.Size, req.Sort)
	if after != nil {
		sr.From = 0
		sr.SetSearchAfter(after)
	}
	counter := newMatchCounter(st, facets, nil)
	res, err := e.collect(ctx, snap, st, sr, counter, false)
	if err != nil {
		return nil, nil, err
	}
	hits, out := res.Hits, &Result{}
	if len(hits) > req.Size {
		hits = hits[:req.Size]
		out.NextCursor = encodeCursor(req.Sort, hits[len(hits)-1])
	}
	out.Hits = make([]Hit, 0, len(hits))
	for _, h := range hits {
		seg, local := st.locate(h.IndexInternalID.Value(), 0)
		out.Hits = append(out.Hits, toHit(h, st.stories[st.tables[seg].story[local]]))
	}
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

// scoringContext returns ctx carrying what bleve's searchers expect of
// SearchInContext: the index's scoring model and a counter of term
// searchers.
func (e *Engine) scoringContext(ctx context.Context) context.Context {
	model := bindex.DefaultScoringModel
	if im, ok := e.mapping.(*mapping.IndexMappingImpl); ok && im.ScoringModel == bindex.BM25Scoring {
		model = bindex.BM25Scoring
	}
	ctx = context.WithValue(ctx, bsearch.GetScoringModelCallbackKey, bsearch.GetScoringModelCallbackFn(func() string { return model }))
	return bsearch.ContextWithTermSearchersCounter(ctx)
}

// collect runs sr (without facets of its own) on snap as bleve's
// SearchInContext does for Sitrep's requests: a top-N collector over the
// query's searcher, then stored fields and highlights for the hits. With a
// counter, the searcher is wrapped so that every match is also counted by
// the snapshot's tables st: one pass where bleve's facets would decode
// each match's doc values into maps. few says that the query matches
// only the articles to show, whose term locations are then read as they
// are found.
func (e *Engine) collect(ctx context.Context, snap *scorch.IndexSnapshot, st *snapTables, sr *bleve.SearchRequest, counter *matchCounter, few bool) (*bleve.SearchResult, error) {
	sr.Sort = tableSortOrder(sr.Sort, st)
	var coll *collector.TopNCollector
	if sr.SearchAfter != nil {
		coll = collector.NewTopNCollectorAfter(sr.Size, sr.Sort, sr.SearchAfter)
	} else {
		coll = collector.NewTopNCollector(sr.Size, sr.From, sr.Sort)
	}
	// Unless they are few, the matches are found without their term
	// locations: only the page's hits are highlighted, and locate finds
	// theirs afterwards.
	searcher, err := sr.Query.Searcher(ctx, snap, e.mapping, bsearch.SearcherOptions{IncludeTermVectors: few && sr.Highlight != nil})
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	if counter != nil {
		searcher = &countingSearcher{Searcher: searcher, counter: counter}
	}
	if err := coll.Collect(ctx, searcher, snap); err != nil {
		return nil, err
	}
	var highlighter highlight.Highlighter
	if sr.Highlight != nil {
		if highlighter, err = bleve.Config.Cache.HighlighterNamed(*sr.Highlight.Style); err != nil {
			return nil, err
		}
	}
	hits := coll.Results()
	r := loadedReader{IndexSnapshot: snap, docs: make(map[string]bindex.Document, len(hits))}
	switch {
	case sr.Highlight == nil:
	case few:
		for _, h := range hits {
			if err := e.displayLocations(snap, h, r.docs); err != nil {
				return nil, err
			}
		}
	default:
		if err := e.locate(ctx, snap, sr.Query, hits, r.docs); err != nil {
			return nil, err
		}
	}
	for _, hit := range hits {
		if err, _ := bleve.LoadAndHighlightAllFields(hit, sr, "", r, highlighter); err != nil {
			return nil, err
		}
	}
	return &bleve.SearchResult{Hits: hits, Total: coll.Total(), MaxScore: coll.MaxScore()}, nil
}

// loadedReader reads snap, except for the stored documents in docs, by
// ID, which were loaded already: bleve's field loading and highlighting
// ask for each hit's document again.
type loadedReader struct {
	*scorch.IndexSnapshot
	docs map[string]bindex.Document
}

// Document implements index.IndexReader.
func (r loadedReader) Document(id string) (bindex.Document, error) {
	if d, ok := r.docs[id]; ok {
		return d, nil
	}
	return r.IndexSnapshot.Document(id)
}

// locate gives hits the locations of the terms of q that match them, for
// the highlighter: q is searched again, with term vectors, among the hits
// alone, which costs a few postings lookups instead of reading the
// locations of every match of the first pass. The stored documents it
// loads are kept in docs.
func (e *Engine) locate(ctx context.Context, snap *scorch.IndexSnapshot, q query.Query, hits bsearch.DocumentMatchCollection, docs map[string]bindex.Document) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	among := bleve.NewConjunctionQuery(index.IDsQuery(ids), q)
	s, err := among.Searcher(ctx, snap, e.mapping, bsearch.SearcherOptions{IncludeTermVectors: true})
	if err != nil {
		return err
	}
	defer s.Close()
	coll := collector.NewTopNCollector(len(hits), 0, bsearch.SortOrder{&bsearch.SortDocID{}})
	if err := coll.Collect(ctx, s, snap); err != nil {
		return err
	}
	byID := make(map[string]*bsearch.DocumentMatch, len(hits))
	for _, m := range coll.Results() {
		byID[m.ID] = m
	}
	for _, h := range hits {
		m := byID[h.ID]
		if m == nil {
			continue
		}
		if err := e.displayLocations(snap, m, docs); err != nil {
			return err
		}
		h.Locations = m.Locations
	}
	return nil
}

// displayLocations moves the locations in m of the text field
// (index.SearchText: summary, captions, body) to the stored fields the
// highlighter reads, summary and body, with offsets into them; the
// captions' are dropped, and the other fields' stay as they are. The
// stored document it loads for that is kept in docs.
func (e *Engine) displayLocations(snap *scorch.IndexSnapshot, m *bsearch.DocumentMatch, docs map[string]bindex.Document) error {
	text, ok := m.Locations[index.FieldText]
	if !ok {
		return nil
	}
	delete(m.Locations, index.FieldText)
	doc, err := snap.Document(m.ID)
	if err != nil || doc == nil {
		return err
	}
	docs[m.ID] = doc
	var summary string
	var captions []string
	doc.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case index.FieldSummary:
			summary = string(f.Value())
		case index.FieldCaptions:
			captions = append(captions, string(f.Value()))
		}
	})
	summaryEnd, bodyStart := uint64(len(summary)), uint64(index.BodyStart(summary, captions))
	for term, ls := range text {
		for _, l := range ls {
			field, shift := index.FieldBody, bodyStart
			switch {
			case l.End <= summaryEnd:
				field, shift = index.FieldSummary, 0
			case l.Start < bodyStart:
				continue // a caption
			}
			if m.Locations[field] == nil {
				m.Locations[field] = bsearch.TermLocationMap{}
			}
			moved := *l
			moved.Start -= shift
			moved.End -= shift
			m.Locations[field][term] = append(m.Locations[field][term], &moved)
		}
	}
	return nil
}

// tableSortOrder returns order with its sorts on the published and id
// fields replaced by tableSorts reading st: the same values in the same
// order, without decoding every match's doc values.
func tableSortOrder(order bsearch.SortOrder, st *snapTables) bsearch.SortOrder {
	out := make(bsearch.SortOrder, len(order))
	for i, s := range order {
		out[i] = s
		if f, ok := s.(*bsearch.SortField); ok && (f.Field == index.FieldPublished || f.Field == index.FieldID) &&
			f.Missing == bsearch.SortFieldMissingLast && f.Mode == bsearch.SortFieldDefault {
			out[i] = &tableSort{field: f.Field, desc: f.Desc, st: st}
		}
	}
	return out
}

// tableSort sorts by the publication date or the ID held in a snapshot's
// tables. Its values are those bleve's field sort gives (the date's
// prefix-coded term, the ID; missing values last), so cursors made by
// either read the same.
type tableSort struct {
	field string
	desc  bool
	// missingFirst puts articles without a date first (Reverse sets it).
	missingFirst bool
	st           *snapTables
	seg          int
}

// UpdateVisitor does nothing: a tableSort reads no doc values.
func (s *tableSort) UpdateVisitor(string, []byte) {}

// Value returns the sort value of the match d.
func (s *tableSort) Value(d *bsearch.DocumentMatch) string {
	seg, local := s.st.locate(d.IndexInternalID.Value(), s.seg)
	s.seg = seg
	t := s.st.tables[seg]
	v := t.published[local]
	if s.field == index.FieldID {
		v = t.id[local]
	}
	if v != "" {
		return v
	}
	if s.desc != s.missingFirst {
		return bsearch.LowTerm
	}
	return bsearch.HighTerm
}

// DecodeValue returns value unchanged: bleve calls it for every match to
// fill DocumentMatch.DecodedSort, which Sitrep never reads, and decoding
// a date for each match costs more than the sort itself.
func (s *tableSort) DecodeValue(value string) string { return value }

// Descending reports whether the sort is in descending order.
func (s *tableSort) Descending() bool { return s.desc }

// RequiresDocID reports false: the ID comes from the tables.
func (s *tableSort) RequiresDocID() bool { return false }

// RequiresScoring reports false.
func (s *tableSort) RequiresScoring() bool { return false }

// RequiresFields reports none: no doc values are visited for the sort.
func (s *tableSort) RequiresFields() []string { return nil }

// Reverse turns the order around, missing dates included.
func (s *tableSort) Reverse() { s.desc, s.missingFirst = !s.desc, !s.missingFirst }

// Copy returns a copy of the sort.
func (s *tableSort) Copy() bsearch.SearchSort { c := *s; return &c }

// countingSearcher hands a searcher's matches on unchanged, counting
// each one's facets on the way.
type countingSearcher struct {
	bsearch.Searcher
	counter *matchCounter
}

// Next returns the searcher's next match, counted.
func (s *countingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if dm != nil {
		s.counter.add(dm.IndexInternalID.Value(), dm.Score)
	}
	return dm, err
}

// Advance moves the searcher to ID or beyond, counting the match it
// returns.
func (s *countingSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm != nil {
		s.counter.add(dm.IndexInternalID.Value(), dm.Score)
	}
	return dm, err
}

// snapshot returns the current scorch snapshot of b, which the caller
// must Close, and its facet tables. Sitrep's indexes are all scorch
// indexes (index.Open).
func (e *Engine) snapshot(b bleve.Index) (*scorch.IndexSnapshot, *snapTables, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, nil, fmt.Errorf("open index snapshot: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("open index snapshot: %w", err)
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, nil, fmt.Errorf("open index snapshot: the index is a %T, not a scorch index", r)
	}
	st, err := e.facets.prepare(snap)
	if err != nil {
		snap.Close()
		return nil, nil, err
	}
	return snap, st, nil
}

// cursor is what an opaque cursor holds: the sort it belongs to and the
// sort values of the last hit of the page before.
type cursor struct {
	Sort  Sort     `json:"s"`
	After []string `json:"a"`
}

// encodeCursor makes the cursor continuing after hit. bleve leaves the
// placeholder "_score" among a hit's sort values; the cursor needs the
// score itself.
func encodeCursor(s Sort, hit *bsearch.DocumentMatch) string {
	after := slices.Clone(hit.Sort)
	for i, key := range sortOrders[s] {
		if strings.TrimPrefix(key, "-") == "_score" && i < len(after) {
			after[i] = strconv.FormatFloat(hit.Score, 'g', -1, 64)
		}
	}
	return cursorString(s, after)
}

// cursorString encodes the cursor of sort s after the sort values after.
func cursorString(s Sort, after []string) string {
	b, _ := json.Marshal(cursor{Sort: s, After: after})
	return base64.RawURLEncoding.EncodeToString(b)
}

// badCursor is the mistake of a cursor Sitrep did not give.
func badCursor() error {
	return &QueryError{Param: "cursor", Msg: "the cursor is not one Sitrep gave: pass next_cursor from an earlier answer unchanged, or use page"}
}

func decodeCursor(raw string, s Sort) ([]string, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || len(c.After) != len(sortOrders[s]) {
		return nil, badCursor()
	}
	if c.Sort != s {
		return nil, &QueryError{Param: "cursor", Msg: fmt.Sprintf("the cursor belongs to sort=%s, not sort=%s: keep the sort when paging with a cursor", c.Sort, s)}
	}
	return c.After, nil
}

// compile turns a request into one bleve query: the query text, ANDed with
// every filter.
func (e *Engine) compile(req *Request) (query.Query, error) {
	var must []query.Query
	text, err := e.textQuery(req.Query)
	if err != nil {
		return nil, err
	}
	if text != nil {
		must = append(must, text)
	}
	for _, f := range termFacets {
		for _, v := range f.selected(req) {
			tq := bleve.NewTermQuery(v)
			tq.SetField(f.field)
			must = append(must, tq)
		}
	}
	if req.From != nil || req.To != nil {
		var from, to time.Time
		if req.From != nil {
			from = *req.From
		}
		if req.To != nil {
			to = *req.To
		}
		inclusive := true
		dq := bleve.NewDateRangeInclusiveQuery(from, to, &inclusive, &inclusive)
		dq.SetField(index.FieldPublished)
		must = append(must, dq)
	}
	switch len(must) {
	case 0:
		return bleve.NewMatchAllQuery(), nil
	case 1:
		return must[0], nil
	}
	return bleve.NewConjunctionQuery(must...), nil
}

// textQuery compiles the query text; nil means it constrains nothing.
func (e *Engine) textQuery(text string) (query.Query, error) {
	q, err := parseQuery(text, e.limits)
	if err != nil {
		return nil, err
	}
	if q.IsEmpty() {
		return nil, nil
	}
	return q.bleveQuery(e.analyze), nil
}

// analyze returns the number of tokens field's analyzer makes of text.
func (e *Engine) analyze(field, text string) int {
	a := e.mapping.AnalyzerNamed(e.mapping.AnalyzerNameForPath(field))
	if a == nil {
		return len(strings.Fields(text))
	}
	return len(a.Analyze([]byte(text)))
}

// toHit shapes a bleve hit of the story named story.
func toHit(h *bsearch.DocumentMatch, story string) Hit {
	a := index.ArticleFromFields(h.Fields)
	hit := Hit{
		ID: h.ID, Title: Marked{Text: a.Title}, URL: a.URL, Source: a.Source, Published: a.Published,
		People: a.People, Places: a.Places, Organisations: a.Organisations, Score: h.Score, Story: story,
	}
	if f := h.Fragments[index.FieldTitle]; len(f) > 0 {
		hit.Title = parseMarked(f[0]).within(a.Title)
	}
	hit.Snippet = snippet(h.Fragments, a)
	return hit
}

// snippet picks the text shown under a hit: a highlighted passage of the
// body, else of the summary, else the start of the summary, else the
// body's first passage. bleve returns a passage even when it holds no
// match, so its spans decide.
func snippet(fragments map[string][]string, a *index.Article) Marked {
	for _, field := range []string{index.FieldBody, index.FieldSummary} {
		if f := fragments[field]; len(f) > 0 {
			if m := parseMarked(f[0]); len(m.Spans) > 0 {
				return m
			}
		}
	}
	if a.Summary != "" {
		return Marked{Text: truncate(a.Summary, snippetChars)}
	}
	if f := fragments[index.FieldBody]; len(f) > 0 {
		return parseMarked(f[0])
	}
	return Marked{}
}

// truncate cuts s to at most n bytes at a word boundary, marking the cut.
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + " …"
}

// FacetValues returns the values of one facet among the articles matching
// req's query and filters, most frequent first; with a prefix, only values
// having a word that starts with each prefix word. Each value counts the
// matching articles that have it, or with req.FacetCount CountStories the
// matching stories. Mistakes in req come back as a *QueryError.
func (e *Engine) FacetValues(ctx context.Context, req FacetRequest) (*FacetValues, error) {
	f, err := lookupFacet(req.Facet)
	if err != nil {
		return nil, err
	}
	if req.Size == 0 {
		req.Size = DefaultFacetSize
	}
	if req.Size < 1 || req.Size > MaxFacetSize {
		return nil, &QueryError{Param: "size", Msg: fmt.Sprintf("size %d: choose between 1 and %d values", req.Size, MaxFacetSize)}
	}
	inner := req.Request
	inner.Page, inner.Size, inner.Cursor, inner.FacetSize = 0, 0, "", 0
	if err := inner.normalize(e.limits); err != nil {
		return nil, err
	}
	q, err := e.compile(&inner)
	if err != nil {
		return nil, err
	}
	prefix := prefixWords(req.Prefix)
	candidates := req.Size
	if len(prefix) > 0 {
		// Narrow to articles with a matching word, then keep the values
		// that match: the article may also have values that do not.
		must := []query.Query{q}
		for _, p := range prefix {
			pq := bleve.NewPrefixQuery(p)
			pq.SetField(index.WordsField(f.field))
			must = append(must, pq)
		}
		q = bleve.NewConjunctionQuery(must...)
		candidates = maxPrefixCandidates
	}
	b, release, err := e.ix.Acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	if inner.FacetCount == CountStories {
		return e.storyFacetValues(ctx, b, q, req.Query, f, prefix, req.Size, f.selected(&inner))
	}
	sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
	sr.AddFacet(f.name, bleve.NewFacetRequest(f.field, candidates))
	res, err := b.SearchInContext(ctx, sr)
	if err != nil {
		return nil, searchError(req.Query, err)
	}
	out := &FacetValues{Name: f.name, Values: []FacetValue{}}
	fr := res.Facets[f.name]
	if fr == nil || fr.Terms == nil {
		return out, nil
	}
	selected := f.selected(&inner)
	for _, t := range fr.Terms.Terms() {
		if len(prefix) == 0 || matchesPrefix(t.Term, prefix) {
			out.Values = append(out.Values, FacetValue{Value: t.Term, Count: t.Count, Selected: slices.Contains(selected, t.Term)})
		}
	}
	sortValues(out.Values)
	out.More = fr.Other > 0
	if len(out.Values) > req.Size {
		out.Values, out.More = out.Values[:req.Size], true
	}
	return out, nil
}

// storyFacetValues answers FacetValues counting stories: the matches of q
// (compiled from the query text) are counted with the snapshot's tables,
// as a search's facets are, and the values of f with a word starting with
// each prefix word kept.
func (e *Engine) storyFacetValues(ctx context.Context, b bleve.Index, q query.Query, text string, f termFacet, prefix []string, size int, selected []string) (*FacetValues, error) {
	snap, st, err := e.snapshot(b)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	counter := newMatchCounter(st, true, nil)
	defer counter.release()
	if err := e.eachMatch(e.scoringContext(ctx), snap, q, counter.add); err != nil {
		return nil, searchError(text, err)
	}
	var keep func(string) bool
	if len(prefix) > 0 {
		keep = func(v string) bool { return matchesPrefix(v, prefix) }
	}
	fi := slices.IndexFunc(termFacets, func(t termFacet) bool { return t.name == f.name })
	out := &FacetValues{Name: f.name}
	out.Values, out.More = counter.result(true).top(fi, size, keep)
	for i := range out.Values {
		out.Values[i].Selected = slices.Contains(selected, out.Values[i].Value)
	}
	if out.Values == nil {
		out.Values = []FacetValue{}
	}
	return out, nil
}

// Article returns the whole stored article with the given ID, or an error
// wrapping ErrNotFound.
func (e *Engine) Article(ctx context.Context, id string) (*index.Article, error) {
	sr := bleve.NewSearchRequestOptions(index.IDsQuery([]string{id}), 1, 0, false)
	sr.Fields = index.StoredFields
	b, release, err := e.ix.Acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	res, err := b.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("look up article %q: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, fmt.Errorf("article %q: %w", id, ErrNotFound)
	}
	return index.ArticleFromFields(res.Hits[0].Fields), nil
}

// Count returns the number of articles in the index.
func (e *Engine) Count(ctx context.Context) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return e.ix.Count()
}

// MaxPrefixTerms is how many index words one prefix of a query may expand
// to (see LimitPrefixTerms).
const MaxPrefixTerms = 10_000

// LimitPrefixTerms bounds, for the whole process, how many index words a
// prefix (word*) may expand to: a search whose prefix matches more fails
// with a *QueryError asking for more letters instead of running a search
// of thousands of terms. It sets bleve's process-wide clause limit, so call
// it once, at start-up; n <= 0 means MaxPrefixTerms.
func LimitPrefixTerms(n int) {
	if n <= 0 {
		n = MaxPrefixTerms
	}
	searcher.DisjunctionMaxClauseCount = n
}

// searchError turns bleve's refusal of a prefix with too many expansions
// into the user's mistake it is; other errors are wrapped as faults.
func searchError(query string, err error) error {
	if strings.Contains(err.Error(), "TooManyClauses") {
		return &QueryError{Param: "q", Msg: fmt.Sprintf("a prefix (word*) in %q matches more than %d words: type more letters before the *", query, searcher.DisjunctionMaxClauseCount)}
	}
	return fmt.Errorf("search %q: %w", query, err)
}
