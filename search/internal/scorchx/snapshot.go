package scorchx

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Snapshot is one unchanging view of an index, searched with its
// mapping, and the tables of its segments. It is safe for concurrent use;
// Close releases it.
type Snapshot struct {
	snap    *scorch.IndexSnapshot
	mapping mapping.IndexMapping
	tables  *Tables
	// near keeps the near words each fuzzy word of a query was found to
	// have on the snapshot (with its stats), for the query's next pass.
	near *nearWords
	// global, when set, are the stats of the collection the snapshot is
	// a shard of, which its searches score and expand with (WithStats).
	global *Stats
}

// Open returns the current snapshot of b, searched with the mapping m,
// with its tables from cache (which builds those of segments it has not
// met). Sitrep's indexes are all scorch indexes (index.Open): any other
// is an error, as are failures to read the index.
func Open(b bleve.Index, m mapping.IndexMapping, cache *TableCache) (*Snapshot, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, fmt.Errorf("open index snapshot: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("open index snapshot: %w", err)
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("open index snapshot: the index is a %T, not a scorch index", r)
	}
	st, err := cache.prepare(snap)
	if err != nil {
		snap.Close()
		return nil, err
	}
	return &Snapshot{snap: snap, mapping: m, tables: st, near: &nearWords{}}, nil
}

// Close releases the snapshot.
func (s *Snapshot) Close() error { return s.snap.Close() }

// Tables returns the tables of the snapshot's articles.
func (s *Snapshot) Tables() *Tables { return s.tables }

// Stored returns the stored fields named of the article with the given
// ID, as bleve loads a hit's (DocumentMatch.Fields), or an error reading
// them.
func (s *Snapshot) Stored(id string, fields []string) (map[string]any, error) {
	dm := &bsearch.DocumentMatch{ID: id}
	if err, _ := bleve.LoadAndHighlightFields(dm, &bleve.SearchRequest{Fields: fields}, "", s.snap, nil); err != nil {
		return nil, err
	}
	return dm.Fields, nil
}

// scoring returns ctx carrying what bleve's searchers expect of
// SearchInContext: the index's scoring model and a counter of term
// searchers; and the near words of fuzzy words the snapshot keeps.
func (s *Snapshot) scoring(ctx context.Context) context.Context {
	model := bindex.DefaultScoringModel
	if im, ok := s.mapping.(*mapping.IndexMappingImpl); ok && im.ScoringModel == bindex.BM25Scoring {
		model = bindex.BM25Scoring
	}
	ctx = context.WithValue(ctx, bsearch.GetScoringModelCallbackKey, bsearch.GetScoringModelCallbackFn(func() string { return model }))
	ctx = context.WithValue(ctx, nearKey{}, s.near)
	return bsearch.ContextWithTermSearchersCounter(ctx)
}

// Epoch returns the epoch of the index's current snapshot, which every
// write and merge changes, and false when the index is not a scorch index.
func Epoch(b bleve.Index) (uint64, bool) {
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

// SetMaxClauses sets, for the whole process, how many clauses bleve lets
// one disjunction have: the words a prefix (word*) expands to.
func SetMaxClauses(n int) { searcher.DisjunctionMaxClauseCount = n }

// MaxClauses returns the limit SetMaxClauses set.
func MaxClauses() int { return searcher.DisjunctionMaxClauseCount }

// TooManyClauses reports whether err is bleve's refusal of a query with
// more clauses than MaxClauses.
func TooManyClauses(err error) bool { return strings.Contains(err.Error(), "TooManyClauses") }

// FieldPrefix is a prefix (word*) searched in one field.
type FieldPrefix struct{ Field, Prefix string }

// CountPrefixTerms returns how many index words the prefixes ps expand to
// in b, each in its field, in all: the terms their searchers would OR.
// It stops counting past limit, returning limit+1, so that counting costs
// at most what the limit allows.
func CountPrefixTerms(ctx context.Context, b bleve.Index, ps []FieldPrefix, limit int) (int, error) {
	if len(ps) == 0 {
		return 0, nil
	}
	ix, err := b.Advanced()
	if err != nil {
		return 0, err
	}
	r, err := ix.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	for _, p := range ps {
		err := eachPrefixTerm(ctx, r, p.Field, p.Prefix, func(string) bool {
			n++
			return n <= limit
		})
		if err != nil {
			return 0, err
		}
		if n > limit {
			return limit + 1, nil
		}
	}
	return n, nil
}
