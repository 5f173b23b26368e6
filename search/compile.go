package search

import (
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

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

// bleveQuery compiles q to a bleve query. analyze returns the number of
// tokens the analyzer of a field makes of a text; terms
// that make none are left out. An empty q matches every article; a q whose
// terms are all left out matches none.
func (q *Query) bleveQuery(analyze func(field, text string) int) query.Query {
	if q.IsEmpty() {
		return bleve.NewMatchAllQuery()
	}
	if bq := compileNode(q.root, analyze); bq != nil {
		return bq
	}
	return bleve.NewMatchNoneQuery()
}

// compileNode returns the bleve query of n, or nil when n is left out.
func compileNode(n *node, analyze func(field, text string) int) query.Query {
	switch n.kind {
	case notNode:
		inner := compileNode(n.kids[0], analyze)
		if inner == nil {
			return nil
		}
		return query.NewBooleanQuery(nil, nil, []query.Query{inner})
	case andNode:
		var must, mustNot []query.Query
		for _, k := range n.kids {
			if k.kind == notNode {
				if bq := compileNode(k.kids[0], analyze); bq != nil {
					mustNot = append(mustNot, bq)
				}
			} else if bq := compileNode(k, analyze); bq != nil {
				must = append(must, bq)
			}
		}
		switch {
		case len(must) == 0 && len(mustNot) == 0:
			return nil
		case len(mustNot) == 0 && len(must) == 1:
			return must[0]
		case len(mustNot) == 0:
			return bleve.NewConjunctionQuery(must...)
		}
		// With no must, bleve matches every article but the mustNot ones.
		return query.NewBooleanQuery(must, nil, mustNot)
	case orNode:
		var should []query.Query
		for _, k := range n.kids {
			if bq := compileNode(k, analyze); bq != nil {
				should = append(should, bq)
			}
		}
		switch len(should) {
		case 0:
			return nil
		case 1:
			return should[0]
		}
		return bleve.NewDisjunctionQuery(should...)
	}
	fields := textFields
	if n.field != "" {
		fields = scopes[n.field]
	}
	var anyField []query.Query
	counts := false
	for _, f := range fields {
		tokens := analyze(f.name, n.text)
		if n.kind == prefixNode {
			pq := bleve.NewPrefixQuery(strings.ToLower(n.text))
			pq.SetField(f.name)
			pq.SetBoost(f.boost)
			anyField = append(anyField, pq)
			counts = true
		}
		if tokens == 0 {
			continue
		}
		counts = counts || f.decides
		anyField = append(anyField, fieldMatch(f, n.text))
	}
	switch {
	case !counts:
		return nil
	case len(anyField) == 1:
		return anyField[0]
	}
	return bleve.NewDisjunctionQuery(anyField...)
}

// fieldMatch matches text in f: the analyzer's one token as a term, several
// as a phrase (so that a word such as F-35 or 10:30 matches as written, not
// its parts anywhere).
func fieldMatch(f searchField, text string) query.Query {
	return &scorchx.PhraseQuery{Text: text, Field: f.name, Analyzer: f.analyzer, Boost: f.boost}
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
