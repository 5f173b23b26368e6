package search

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// compiled is a request compiled to bleve queries.
type compiled struct {
	// q is the query text ANDed with every filter: what the request
	// matches.
	q query.Query
	// text is the query text's part of q, nil when the text constrains
	// nothing: what the term locations of a hit that q matched come from
	// (the filters match fields no hit highlights or explains).
	text query.Query
	// prefixes are the prefixes (word*) the query expands, each once, for
	// checkExpansion.
	prefixes []scorchx.FieldPrefix
	// parsed is the query text as parsed for q, for the explainer
	// (newExplainer) to read, not change.
	parsed *Query
}

// compile turns a request into one bleve query: the query text, ANDed with
// every filter (the values of one facet ORed, or ANDed when its All field
// is set) and with no excluded value.
func (e *Engine) compile(req *Request) (compiled, error) {
	var must, mustNot []query.Query
	parsed, text, prefixes, err := e.textQuery(req.Query)
	if err != nil {
		return compiled{}, err
	}
	c := compiled{text: text, prefixes: prefixes, parsed: parsed}
	if text != nil {
		must = append(must, text)
	}
	for _, f := range termFacets {
		selected := f.terms(f.selected(req))
		if len(selected) > 1 && !*f.all(req) {
			must = append(must, bleve.NewDisjunctionQuery(selected...))
		} else {
			must = append(must, selected...)
		}
		mustNot = append(mustNot, f.terms(f.excluded(req))...)
	}
	if req.From != nil || req.To != nil {
		var from, to time.Time
		if req.From != nil {
			from = *req.From
		}
		if req.To != nil {
			to = req.To.Add(time.Nanosecond) // To is the last instant
		}
		dates := dateQuery(from, to)
		if req.AlsoUndated {
			dates = bleve.NewDisjunctionQuery(dates, undatedQuery())
		}
		must = append(must, dates)
	} else if req.DatedOnly {
		must = append(must, datedQuery())
	}
	if req.Undated {
		must = append(must, undatedQuery())
	}
	switch {
	case len(mustNot) > 0:
		// With no must, bleve matches every article but the mustNot ones.
		c.q = query.NewBooleanQuery(must, nil, mustNot)
	case len(must) == 0:
		c.q = bleve.NewMatchAllQuery()
	case len(must) == 1:
		c.q = must[0]
	default:
		c.q = bleve.NewConjunctionQuery(must...)
	}
	return c, nil
}

// terms returns a term query on f's field for each of values.
func (f termFacet) terms(values []string) []query.Query {
	out := make([]query.Query, len(values))
	for i, v := range values {
		tq := bleve.NewTermQuery(v)
		tq.SetField(f.field)
		out[i] = tq
	}
	return out
}

// textQuery parses and compiles the query text; a nil query means it
// constrains nothing.
func (e *Engine) textQuery(text string) (*Query, query.Query, []scorchx.FieldPrefix, error) {
	q, err := parseQuery(text, e.limits)
	if err != nil {
		return nil, nil, nil, err
	}
	if q.IsEmpty() {
		return q, nil, nil, nil
	}
	return q, q.bleveQuery(e.analyze), q.prefixes(), nil
}

// checkExpansion returns how many index words the prefixes of a query
// expand to, and refuses a query whose prefixes (word*) expand to more
// index words in all than the process's clause limit allows
// (--max-prefix-terms; MaxPrefixTerms before LimitPrefixTerms is called):
// bleve bounds each prefix alone, and a query of 64 prefixes each within
// that bound (co* OR-ed 64 times) searched 64 times as many terms, for
// seconds and hundreds of megabytes. text is the query, for the message.
func checkExpansion(ctx context.Context, b bleve.Index, text string, prefixes []scorchx.FieldPrefix) (int, error) {
	limit := prefixLimit()
	n, err := scorchx.CountPrefixTerms(ctx, b, prefixes, limit)
	if err != nil || n <= limit {
		return n, err
	}
	texts := map[string]bool{}
	for _, p := range prefixes {
		texts[p.Prefix] = true
	}
	if len(texts) == 1 {
		return 0, &QueryError{Param: "q", Code: CodeTooManyTerms, Msg: fmt.Sprintf("a prefix (word*) in %q matches more than %d words: type more letters before the *", text, limit)}
	}
	return 0, &QueryError{Param: "q", Code: CodeTooManyTerms, Msg: fmt.Sprintf("the %d prefixes (word*) in %q match more than %d words in all, the most one query may search: type more letters before each *, or use fewer prefixes", len(texts), text, limit)}
}

// prefixLimit is the most index words the prefixes of one query may
// expand to: the process's clause limit, MaxPrefixTerms while
// LimitPrefixTerms has not set it (bleve's limit is then off).
func prefixLimit() int {
	if n := scorchx.MaxClauses(); n > 0 {
		return n
	}
	return MaxPrefixTerms
}

// prefixes returns each prefix of q with each field it is searched in,
// once: those left out (-word*) too, as they are expanded all the same.
func (q *Query) prefixes() []scorchx.FieldPrefix {
	var out []scorchx.FieldPrefix
	seen := map[scorchx.FieldPrefix]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		if n.kind != prefixNode {
			for _, k := range n.kids {
				walk(k)
			}
			return
		}
		for _, f := range n.fields() {
			p := scorchx.FieldPrefix{Field: f.name, Prefix: strings.ToLower(n.text)}
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	walk(q.root)
	return out
}

// fields returns the fields a term is searched in: its scope's, or every
// text field.
func (n *node) fields() []searchField {
	if n.field != "" {
		return scopes[n.field]
	}
	return textFields
}

// distinct returns nodes without repeats (in any case, as every field's
// analyzer folds case): a term or group given twice to an AND or an OR
// matches nothing more, but was searched twice.
func distinct(nodes []*node) []*node {
	seen := make(map[string]bool, len(nodes))
	out := make([]*node, 0, len(nodes))
	for _, n := range nodes {
		var b strings.Builder
		n.write(&b)
		key := strings.ToLower(b.String())
		if !seen[key] {
			seen[key] = true
			out = append(out, n)
		}
	}
	return out
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
	markForgiving(q.root, true)
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
		for _, k := range distinct(n.kids) {
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
	case dateNode:
		from, to, _ := dateBounds(n.field, n.text) // checked by the parser
		return dateQuery(from, to)
	case orNode:
		var should []query.Query
		for _, k := range distinct(n.kids) {
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
	var anyField []query.Query
	counts := false
	for _, f := range n.fields() {
		tokens := analyze(f.name, n.text)
		if n.kind == prefixNode {
			anyField = append(anyField, &scorchx.PrefixQuery{Prefix: strings.ToLower(n.text), Field: f.name, Boost: f.boost})
			counts = true
		}
		if tokens == 0 {
			continue
		}
		counts = counts || f.decides
		anyField = append(anyField, termMatch(n, f))
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
// its parts anywhere), looked up in the field's pairs where it has them.
func fieldMatch(f searchField, text string) query.Query {
	return &scorchx.PhraseQuery{Text: text, Field: f.name, Analyzer: f.analyzer, Boost: f.boost, Pairs: index.PairField(f.name)}
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
