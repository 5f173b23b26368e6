package search

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// ErrNotFound reports that no article has the ID asked for.
var ErrNotFound = errors.New("no article with that id")

// Engine runs searches against one index. It is safe for concurrent use.
type Engine struct {
	// ix is acquired for each search: it replaces its bleve index after a
	// failed write.
	ix      *index.Index
	mapping mapping.IndexMapping
	now     func() time.Time
	// tables keeps in-memory tables of the articles' facet values, dates,
	// IDs and stories, for counting facets and ranking stories.
	tables *scorchx.TableCache
	// slots keeps the story slots of matchCounters between searches.
	slots *sync.Pool
	// results caches answers for the current snapshot of the index.
	results *resultCache
	// limits bound the queries accepted.
	limits Limits
	// words counts the prefix words of the searches running.
	words *wordGate
	// ids finds the names of entity ids.
	ids *entityIDs
	// names keeps the terms of entity names, for explaining hits.
	names *nameTerms
	// canonical, when set, gives the canonical name of an entity's
	// name, for filters naming no article's entity (WithCanonical).
	canonical func(k entity.Kind, name string) string
	// unexplained leaves hits without their Matched and the names of
	// their entities unmarked, for measuring what explaining costs.
	unexplained bool
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
	return &Engine{ix: ix, mapping: ix.Bleve().Mapping(), now: time.Now, tables: scorchx.NewTableCache(facetFields()), slots: &sync.Pool{}, limits: lim,
		words: &wordGate{}, ids: newEntityIDs(), names: &nameTerms{}, results: &resultCache{max: max(lim.ResultCache, 0), maxBytes: maxResultCacheBytes}}
}

// Uncached returns an Engine over the same index, with e's limits and
// facet tables, that keeps no answers: every request is searched. It is
// for measuring searches by repeating them.
func (e *Engine) Uncached() *Engine {
	c := *e
	c.results = &resultCache{}
	return &c
}

// Article returns the whole stored article with the given ID, or an error
// wrapping ErrNotFound.
func (e *Engine) Article(ctx context.Context, id string) (*index.Article, error) {
	sr := bleve.NewSearchRequestOptions(index.IDsQuery([]string{id}), 1, 0, false)
	sr.Fields = index.StoredFields()
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
	return index.StoredArticle(res.Hits[0].Fields)
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
	scorchx.SetMaxClauses(n)
}

// ErrBusy turns a search away because searches expanding many prefix words
// are running: it may be sent again in a moment.
var ErrBusy = errors.New("too many searches of prefixes (word*) at once: try again in a moment, or type more letters before the *")

// wordGate bounds the prefix words (word*) the searches running expand to
// in all: bleve holds a searcher for each word, about 6 KB on 5,000
// articles, so eight searches at the bound of 10,000 words each held half
// a gigabyte. A search whose words do not fit is turned away (ErrBusy)
// rather than queued, as the server's concurrency limit turns away
// searches beyond it; one search alone always fits.
type wordGate struct {
	mu   sync.Mutex
	used int
}

// take reserves n words within capacity, reporting whether they fit;
// give returns them when the search ends.
func (g *wordGate) take(n, capacity int) bool {
	if n == 0 {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.used > 0 && g.used+n > capacity {
		return false
	}
	g.used += n
	return true
}

func (g *wordGate) give(n int) {
	if n == 0 {
		return
	}
	g.mu.Lock()
	g.used -= n
	g.mu.Unlock()
}

// enter reserves the n prefix words of a search, within twice the
// process's bound on one query's words, or returns ErrBusy; the returned
// function gives them back.
func (e *Engine) enter(n int) (func(), error) {
	if !e.words.take(n, 2*prefixLimit()) {
		return nil, ErrBusy
	}
	return func() { e.words.give(n) }, nil
}
