package search

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bhtml "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
)

// ErrNotFound reports that no article has the ID asked for.
var ErrNotFound = errors.New("no article with that id")

// Field weights: a title match counts most, a caption match least.
const (
	titleBoost   = 3.0
	summaryBoost = 1.5
	bodyBoost    = 1.0
	captionBoost = 0.5
)

// facetSize is how many values each term facet returns.
const facetSize = 10

// snippetChars bounds a snippet made from the start of an article when no
// highlighted fragment matches.
const snippetChars = 240

// Engine runs searches against one index. It is safe for concurrent use.
type Engine struct {
	ix       bleve.Index
	analyzer analysis.Analyzer
}

// New returns an Engine over ix.
func New(ix *index.Index) *Engine {
	b := ix.Bleve()
	return &Engine{ix: b, analyzer: b.Mapping().AnalyzerNamed(en.AnalyzerName)}
}

// Result is the answer to a Request.
type Result struct {
	// Total is the exact number of matching articles.
	Total      uint64
	Took       time.Duration
	Page, Size int
	Hits       []Hit
	// Facets maps a facet name (people, places, organisations, sources) to
	// its most frequent values among all matching articles.
	Facets map[string][]FacetValue
}

// Hit is one matching article as a result list shows it.
type Hit struct {
	ID, Title, URL, Source string
	Published              *time.Time
	// Snippet is HTML: article text escaped, matches wrapped in <mark>.
	Snippet                       string
	People, Places, Organisations []string
	Score                         float64
}

// FacetValue is one value of a facet and the number of matching articles
// that have it.
type FacetValue struct {
	Value string
	Count int
}

// facetFields maps each facet name to its index field.
var facetFields = []struct{ name, field string }{
	{"people", index.FieldPeople},
	{"places", index.FieldPlaces},
	{"organisations", index.FieldOrganisations},
	{"sources", index.FieldSource},
}

// hitFields are the stored fields loaded for each hit.
var hitFields = []string{
	index.FieldTitle, index.FieldURL, index.FieldSource, index.FieldPublished,
	index.FieldPeople, index.FieldPlaces, index.FieldOrganisations,
	index.FieldSummary, index.FieldBody,
}

// Search runs req. Mistakes in the request come back as a *QueryError;
// other errors are faults of the index or a cancelled ctx.
func (e *Engine) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	if err := req.normalize(); err != nil {
		return nil, err
	}
	q, err := e.compile(req)
	if err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(q, req.Size, (req.Page-1)*req.Size, false)
	sr.Fields = hitFields
	sr.Highlight = bleve.NewHighlightWithStyle(bhtml.Name)
	sr.Highlight.AddField(index.FieldBody)
	sr.Highlight.AddField(index.FieldSummary)
	switch req.Sort {
	case Newest:
		sr.SortBy([]string{"-" + index.FieldPublished, "-_score", "_id"})
	case Oldest:
		sr.SortBy([]string{index.FieldPublished, "-_score", "_id"})
	default:
		sr.SortBy([]string{"-_score", "-" + index.FieldPublished, "_id"})
	}
	for _, f := range facetFields {
		sr.AddFacet(f.name, bleve.NewFacetRequest(f.field, facetSize))
	}
	res, err := e.ix.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", req.Query, err)
	}
	out := &Result{Total: res.Total, Page: req.Page, Size: req.Size, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, toHit(h))
	}
	out.Facets = make(map[string][]FacetValue, len(facetFields))
	for _, f := range facetFields {
		values := []FacetValue{}
		if fr := res.Facets[f.name]; fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				values = append(values, FacetValue{Value: t.Term, Count: t.Count})
			}
		}
		out.Facets[f.name] = values
	}
	out.Took = time.Since(start)
	return out, nil
}

// compile turns a request into one bleve query: the query text, ANDed with
// every filter.
func (e *Engine) compile(req Request) (query.Query, error) {
	var must []query.Query
	for _, word := range strings.Fields(req.Query) {
		word = strings.Trim(word, "\"'()")
		if len(e.analyzer.Analyze([]byte(word))) == 0 {
			continue // a stop word or punctuation: it would match nothing
		}
		must = append(must, e.wordQuery(word))
	}
	filters := []struct {
		field  string
		values []string
	}{
		{index.FieldPeople, req.People},
		{index.FieldPlaces, req.Places},
		{index.FieldOrganisations, req.Organisations},
		{index.FieldSource, req.Sources},
	}
	for _, f := range filters {
		for _, v := range f.values {
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
	if len(must) == 0 {
		if strings.TrimSpace(req.Query) != "" {
			return bleve.NewMatchNoneQuery(), nil
		}
		return bleve.NewMatchAllQuery(), nil
	}
	return bleve.NewConjunctionQuery(must...), nil
}

// wordQuery matches one word of the query in any text field, weighted by
// field. All the tokens the word analyzes to must be in the same field.
func (e *Engine) wordQuery(word string) query.Query {
	fields := []struct {
		name  string
		boost float64
	}{
		{index.FieldTitle, titleBoost},
		{index.FieldSummary, summaryBoost},
		{index.FieldBody, bodyBoost},
		{index.FieldCaptions, captionBoost},
	}
	anyField := make([]query.Query, 0, len(fields))
	for _, f := range fields {
		mq := bleve.NewMatchQuery(word)
		mq.SetField(f.name)
		mq.SetBoost(f.boost)
		mq.SetOperator(query.MatchQueryOperatorAnd)
		anyField = append(anyField, mq)
	}
	return bleve.NewDisjunctionQuery(anyField...)
}

func toHit(h *bsearch.DocumentMatch) Hit {
	a := index.ArticleFromFields(h.Fields)
	hit := Hit{
		ID: h.ID, Title: a.Title, URL: a.URL, Source: a.Source, Published: a.Published,
		People: a.People, Places: a.Places, Organisations: a.Organisations, Score: h.Score,
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
