package scorchx

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// shownDocs looks the articles ids up in snap once each: their stored
// documents (as document returns them), read at their document numbers
// into docs (unless docs holds them already), and the numbers of those
// that keep accepts (all when it is nil), in order. An ID the snapshot
// lacks is left out. The numbers narrow the query that finds the
// articles' term locations (docsQuery) and tell its phrases where to
// look (withAmong), where each ID was looked up again for those.
func shownDocs(snap *scorch.IndexSnapshot, ids []string, docs map[string]bindex.Document, keep func(bindex.Document) bool) (among, error) {
	nums := make(among, 0, len(ids))
	for _, id := range ids {
		internal, err := snap.InternalID(id)
		if err != nil {
			return nil, err
		}
		if len(internal) != 8 {
			continue
		}
		n := internal.Value()
		if docs[id] == nil {
			doc, err := documentAt(snap, id, n)
			if err != nil {
				return nil, err
			}
			if doc == nil {
				continue
			}
			docs[id] = doc
		}
		if keep == nil || keep(docs[id]) {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	return slices.Compact(nums), nil
}

// narrowTo returns q narrowed to the articles at the document numbers
// docs (q nil or matching all: those articles).
func narrowTo(q query.Query, docs among) query.Query {
	if _, all := q.(*query.MatchAllQuery); q == nil || all {
		return docsQuery{docs}
	}
	return query.NewConjunctionQuery([]query.Query{q, docsQuery{docs}})
}

// docsQuery matches the articles at the document numbers docs (in order)
// of the snapshot it is searched on, adding 0 to the score, as
// index.IDsQuery of their IDs does without looking each up.
type docsQuery struct{ docs among }

// Searcher implements query.Query.
func (q docsQuery) Searcher(context.Context, bindex.IndexReader, mapping.IndexMapping, bsearch.SearcherOptions) (bsearch.Searcher, error) {
	return &docsSearcher{docs: q.docs}, nil
}

// docsSearcher is the searcher of a docsQuery: next is the place in docs
// of the next match.
type docsSearcher struct {
	docs among
	next int
}

// Next implements search.Searcher.
func (s *docsSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if s.next >= len(s.docs) {
		return nil, nil
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = bindex.NewIndexInternalID(dm.IndexInternalID, s.docs[s.next])
	s.next++
	return dm, nil
}

// Advance implements search.Searcher.
func (s *docsSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	i, _ := slices.BinarySearch(s.docs[s.next:], id.Value())
	s.next += i
	return s.Next(ctx)
}

// Close implements search.Searcher.
func (s *docsSearcher) Close() error { return nil }

// Weight implements search.Searcher: it scores nothing.
func (s *docsSearcher) Weight() float64 { return 0 }

// SetQueryNorm implements search.Searcher.
func (s *docsSearcher) SetQueryNorm(float64) {}

// Count implements search.Searcher.
func (s *docsSearcher) Count() uint64 { return uint64(len(s.docs)) }

// Min implements search.Searcher.
func (s *docsSearcher) Min() int { return 0 }

// Size implements search.Searcher.
func (s *docsSearcher) Size() int { return 48 + 8*cap(s.docs) }

// DocumentMatchPoolSize implements search.Searcher.
func (s *docsSearcher) DocumentMatchPoolSize() int { return 1 }
