package scorchx

import (
	"context"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// EachMatch runs q on s and calls fn with the document number and
// score of every match, in document order. It computes no term vectors and
// keeps no match: the pass that finds the stories of a collapsed search,
// or counts stories for facets. Its errors are those of bleve's searchers
// (a cancelled ctx among them).
func (s *Snapshot) EachMatch(ctx context.Context, q query.Query, fn func(doc uint64, score float64)) error {
	return s.eachMatch(ctx, q, bsearch.SearcherOptions{}, fn)
}

// EachMatchUnscored is EachMatch for a caller that reads no score: fn's
// score is 0. The searchers read no frequencies or norms, and scorch
// merges the postings of a disjunction of terms (a date range's, a
// word's in several fields) in place (bleve's "unadorned" searchers),
// where scoring them walks each term's list in a heap: the same matches
// (TestEachMatchUnscored).
func (s *Snapshot) EachMatchUnscored(ctx context.Context, q query.Query, fn func(doc uint64, score float64)) error {
	return s.eachMatch(ctx, q, bsearch.SearcherOptions{Score: "none"}, fn)
}

// eachMatch is EachMatch with the searchers built with options.
func (s *Snapshot) eachMatch(ctx context.Context, q query.Query, options bsearch.SearcherOptions, fn func(doc uint64, score float64)) error {
	ctx = s.scoring(ctx)
	snap := s.snap
	searcher, err := q.Searcher(ctx, s.reader(), s.mapping, options)
	if err != nil {
		return err
	}
	defer searcher.Close()
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(searcher.DocumentMatchPoolSize()+1, 0),
		IndexReader:       snap,
	}
	for {
		// At every match: one match of a query of thousands of words
		// may take milliseconds.
		if err := done(ctx); err != nil {
			return err
		}
		dm, err := searcher.Next(sctx)
		if err != nil {
			return err
		}
		if dm == nil {
			return nil
		}
		if _, all := q.(*query.MatchAllQuery); all {
			// Every article matches, with the score of the first: read
			// them from the snapshot's deletions rather than one by one
			// from the searcher.
			return eachLive(ctx, snap, dm.Score, fn)
		}
		fn(dm.IndexInternalID.Value(), dm.Score)
		sctx.DocumentMatchPool.Put(dm)
	}
}

// done returns ctx's error once it is done. It takes no lock, so that it
// may be asked at every match.
func done(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return nil
	}
}

// deadlineSearcher hands a searcher's matches on until ctx is done:
// bleve's collector looks at the deadline only every 1,024 matches
// (collector.CheckDoneEvery), and on a few hundred articles a query of
// thousands of words ran on seconds past it.
type deadlineSearcher struct {
	bsearch.Searcher
	ctx context.Context
}

func (s *deadlineSearcher) Next(sctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if err := done(s.ctx); err != nil {
		return nil, err
	}
	return s.Searcher.Next(sctx)
}

func (s *deadlineSearcher) Advance(sctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if err := done(s.ctx); err != nil {
		return nil, err
	}
	return s.Searcher.Advance(sctx, id)
}

// eachLive calls fn with the document number of every live article of
// snap, in order, and score.
func eachLive(ctx context.Context, snap *scorch.IndexSnapshot, score float64, fn func(doc uint64, score float64)) error {
	var base uint64
	for _, ss := range snap.Segments() {
		n := ss.Segment().Count()
		next, deleted := n, ss.Deleted() // next: the next deleted article
		var it interface {
			HasNext() bool
			Next() uint32
		}
		if deleted != nil && !deleted.IsEmpty() {
			it = deleted.Iterator()
			next = uint64(it.Next())
		}
		for local := range n {
			if local%collector.CheckDoneEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if local == next {
				next = n
				if it.HasNext() {
					next = uint64(it.Next())
				}
				continue
			}
			fn(base+local, score)
		}
		base += n
	}
	return nil
}
