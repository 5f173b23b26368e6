package search

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bhtml "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
)

// ErrNotFound reports that no article has the ID asked for.
var ErrNotFound = errors.New("no article with that id")

// snippetChars bounds a snippet made from the start of an article when no
// highlighted fragment matches.
const snippetChars = 240

// Engine runs searches against one index. It is safe for concurrent use.
type Engine struct {
	ix      bleve.Index
	mapping mapping.IndexMapping
	now     func() time.Time
}

// New returns an Engine over ix.
func New(ix *index.Index) *Engine {
	b := ix.Bleve()
	return &Engine{ix: b, mapping: b.Mapping(), now: time.Now}
}

// Result is the answer to a Request.
type Result struct {
	// Total is the exact number of matching articles.
	Total      uint64
	Took       time.Duration
	Page, Size int
	Hits       []Hit
	// NextCursor continues after the last hit; empty on the last page.
	NextCursor string
	// Facets maps each term facet name (FacetNames) to its most frequent
	// values among all matching articles.
	Facets map[string]Facet
	// Published is the histogram of the matching articles' dates.
	Published Histogram
}

// Hit is one matching article as a result list shows it.
type Hit struct {
	ID, Title, URL, Source string
	// TitleHTML is the title, escaped, with matches wrapped in <mark>.
	TitleHTML string
	Published *time.Time
	// Snippet is HTML: article text escaped, matches wrapped in <mark>.
	Snippet                       string
	People, Places, Organisations []string
	Score                         float64
}

// hitFields are the stored fields loaded for each hit.
var hitFields = []string{
	index.FieldTitle, index.FieldURL, index.FieldSource, index.FieldPublished,
	index.FieldPeople, index.FieldPlaces, index.FieldOrganisations,
	index.FieldSummary, index.FieldBody,
}

// sortOrders gives each Sort its bleve sort keys; the ID last makes every
// order total, as cursors need.
var sortOrders = map[Sort][]string{
	ByRelevance: {"-_score", "-" + index.FieldPublished, "_id"},
	Newest:      {"-" + index.FieldPublished, "-_score", "_id"},
	Oldest:      {index.FieldPublished, "-_score", "_id"},
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
	if err := req.normalize(); err != nil {
		return nil, err
	}
	q, err := e.compile(&req)
	if err != nil {
		return nil, err
	}
	// One hit more than the page tells whether a next page exists.
	sr := bleve.NewSearchRequestOptions(q, req.Size+1, (req.Page-1)*req.Size, false)
	sr.Fields = hitFields
	sr.Highlight = bleve.NewHighlightWithStyle(bhtml.Name)
	sr.Highlight.AddField(index.FieldTitle)
	sr.Highlight.AddField(index.FieldBody)
	sr.Highlight.AddField(index.FieldSummary)
	sr.SortBy(sortOrders[req.Sort])
	if req.Cursor != "" {
		after, err := decodeCursor(req.Cursor, req.Sort)
		if err != nil {
			return nil, err
		}
		sr.From = 0
		sr.SetSearchAfter(after)
	}
	years := histogramYears(e.now())
	if facets {
		addTermFacets(sr, req.FacetSize)
		sr.AddFacet(FacetPublished, dateFacet(years, true))
	}

	res, err := e.ix.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", req.Query, err)
	}
	hits, next := res.Hits, ""
	if len(hits) > req.Size {
		hits = hits[:req.Size]
		next = encodeCursor(req.Sort, hits[len(hits)-1])
	}
	out := &Result{Total: res.Total, Page: req.Page, Size: req.Size, Hits: make([]Hit, 0, len(hits)), NextCursor: next}
	for _, h := range hits {
		out.Hits = append(out.Hits, toHit(h))
	}
	if facets {
		out.Facets = termFacetResults(res, &req)
		if out.Published, err = e.histogram(ctx, q, years, dateCounts(res.Facets[FacetPublished])); err != nil {
			return nil, err
		}
	}
	out.Took = time.Since(start)
	return out, nil
}

// histogram builds the date histogram from the yearly counts of the main
// search: by year when the dates span more than histogramMonthsYears years
// (or fall outside the yearly buckets), else by month, which takes a
// second, facet-only pass over the same query.
func (e *Engine) histogram(ctx context.Context, q query.Query, years []period, counts map[string]int) (Histogram, error) {
	first, last, ok := spanOf(years, counts)
	if !ok {
		return Histogram{Interval: "month", Buckets: []Bucket{}}, nil
	}
	if last-first+1 > histogramMonthsYears || counts[beforeBucket] > 0 || counts[afterBucket] > 0 {
		return Histogram{Interval: "year", Buckets: buckets(years, counts)}, nil
	}
	months := monthPeriods(first, last)
	sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
	sr.AddFacet(FacetPublished, dateFacet(months, false))
	res, err := e.ix.SearchInContext(ctx, sr)
	if err != nil {
		return Histogram{}, fmt.Errorf("date histogram: %w", err)
	}
	return Histogram{Interval: "month", Buckets: buckets(months, dateCounts(res.Facets[FacetPublished]))}, nil
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
	b, _ := json.Marshal(cursor{Sort: s, After: after})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(raw string, s Sort) ([]string, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || len(c.After) != len(sortOrders[s]) {
		return nil, &QueryError{Param: "cursor", Msg: "the cursor is not one Sitrep gave: pass next_cursor from an earlier answer unchanged, or use page"}
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
	q, err := ParseQuery(text)
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

func toHit(h *bsearch.DocumentMatch) Hit {
	a := index.ArticleFromFields(h.Fields)
	hit := Hit{
		ID: h.ID, Title: a.Title, URL: a.URL, Source: a.Source, Published: a.Published,
		People: a.People, Places: a.Places, Organisations: a.Organisations, Score: h.Score,
	}
	hit.TitleHTML = html.EscapeString(a.Title)
	if f := h.Fragments[index.FieldTitle]; len(f) > 0 && strings.Contains(f[0], "<mark>") {
		hit.TitleHTML = f[0]
	}
	hit.Snippet = snippet(h.Fragments, a)
	return hit
}

// snippet picks the text shown under a hit: a highlighted passage of the
// body, else of the summary, else the start of the summary or body. bleve
// returns a passage even when it holds no match, so "<mark>" decides.
func snippet(fragments map[string][]string, a *index.Article) string {
	for _, field := range []string{index.FieldBody, index.FieldSummary} {
		if f := fragments[field]; len(f) > 0 && strings.Contains(f[0], "<mark>") {
			return f[0]
		}
	}
	lead := a.Summary
	if lead == "" {
		lead = a.Body
	}
	return html.EscapeString(truncate(lead, snippetChars))
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
// having a word that starts with each prefix word.
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
	if err := inner.normalize(); err != nil {
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
	sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
	sr.AddFacet(f.name, bleve.NewFacetRequest(f.field, candidates))
	res, err := e.ix.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("facet %s: %w", f.name, err)
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

// Article returns the whole stored article with the given ID, or an error
// wrapping ErrNotFound.
func (e *Engine) Article(ctx context.Context, id string) (*index.Article, error) {
	sr := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery([]string{id}), 1, 0, false)
	sr.Fields = index.StoredFields
	res, err := e.ix.SearchInContext(ctx, sr)
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
	n, err := e.ix.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}
