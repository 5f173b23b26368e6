package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/sitrep/sitrep/index"
)

// Limits of "more like this".
const (
	// DefaultSimilar is how many articles Similar returns when asked for
	// zero; MaxSimilar the most it returns.
	DefaultSimilar = 5
	MaxSimilar     = 50
	// similarTerms bounds the entities the query ORs, well under
	// MaxQueryTerms.
	similarTerms = 24
)

// Similar returns up to n articles like the article id, most alike first:
// those sharing the most of its people, organisations and places, ranked
// by relevance. The article itself and the other articles of its story
// (its syndicated copies) are left out, and each story counts once. An
// article without entities has none like it. n zero means
// DefaultSimilar; an n outside 1 to MaxSimilar is a *QueryError on
// "size"; an unknown id an error wrapping ErrNotFound.
func (e *Engine) Similar(ctx context.Context, id string, n int) ([]Hit, error) {
	a, err := e.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	return e.SimilarTo(ctx, a, n)
}

// SimilarTo is Similar for an article the caller has loaded already (the
// article page), which is not read again.
func (e *Engine) SimilarTo(ctx context.Context, a *index.Article, n int) ([]Hit, error) {
	return similarTo(ctx, e, e.limits, a, n)
}

// similarTo returns the articles most like a (Engine.SimilarTo),
// searching through s within lim.
func similarTo(ctx context.Context, s searcher, lim Limits, a *index.Article, n int) ([]Hit, error) {
	if n == 0 {
		n = DefaultSimilar
	}
	if n < 1 || n > MaxSimilar {
		return nil, &QueryError{Param: "size", Msg: fmt.Sprintf("size %d: choose between 1 and %d similar articles", n, MaxSimilar)}
	}
	q := similarQuery(a, lim)
	if q == "" {
		return []Hit{}, nil
	}
	// Stories are collapsed, so the article's own story takes at most
	// one hit: one more than n is enough.
	res, err := s.Search(ctx, Request{Query: q, Size: min(n+1, lim.PageSize), FacetSize: 1})
	if err != nil {
		return nil, fmt.Errorf("articles like %q: %w", a.ID, err)
	}
	out := make([]Hit, 0, n)
	for _, h := range res.Hits {
		if h.ID == a.ID || a.Story != "" && h.Story == a.Story || len(out) == n {
			continue
		}
		out = append(out, h)
	}
	return out, nil
}

// similarQuery returns a query for articles sharing entities with a: its
// people, organisations and places ORed as scoped phrases, at most
// similarTerms of them, and within lim's query terms and length (the
// server's limits apply to the query it builds too). Relevance then ranks
// first the articles matching the most of them. It returns "" for an
// article without entities.
func similarQuery(a *index.Article, lim Limits) string {
	var terms []string
	length := 0
	for _, g := range []struct {
		scope  string
		values []string
	}{{"person", a.People}, {"organisation", a.Organisations}, {"place", a.Places}} {
		for _, val := range g.values {
			val = strings.Join(strings.Fields(val), " ")
			term := g.scope + `:"` + val + `"`
			if val == "" || strings.Contains(val, `"`) || len(terms) == min(similarTerms, lim.QueryTerms) ||
				length+len(term)+len(" OR ") > lim.QueryLength {
				continue
			}
			terms = append(terms, term)
			length += len(term) + len(" OR ")
		}
	}
	return strings.Join(terms, " OR ")
}
