package scorchx

import (
	"context"
	"slices"
	"sync"

	bindex "github.com/blevesearch/bleve_index_api"
)

// amongKey is the context key of the articles a query is narrowed to
// (withAmong).
type amongKey struct{}

// withAmong returns ctx saying that the searchers built with it serve a
// query ANDed with the articles ids of r alone: a phrase searcher then
// checks the positions of those articles only. Without it, a phrase's
// searcher asked to advance to one of them read the positions of every
// candidate up to its next match, though the IDs' conjunction discarded
// them: a rare phrase of common words spent a quarter of its search
// loading its page's hits so (docs/PERFORMANCE.md, fifth round).
func withAmong(ctx context.Context, r bindex.IndexReader, ids []string) context.Context {
	return context.WithValue(ctx, amongKey{}, &lazyAmong{r: r, ids: ids})
}

// lazyAmong finds the document numbers of the articles ids of r when
// first asked: a query without a phrase never looks them up.
type lazyAmong struct {
	r    bindex.IndexReader
	ids  []string
	once sync.Once
	docs among
	err  error
}

// among lists the document numbers a query is narrowed to, in order.
type among []uint64

// amongOf returns the documents ctx narrows its searchers to (withAmong),
// nil for none or when no article has one of its IDs.
func amongOf(ctx context.Context) (among, error) {
	l, _ := ctx.Value(amongKey{}).(*lazyAmong)
	if l == nil {
		return nil, nil
	}
	l.once.Do(func() {
		docs := make(among, 0, len(l.ids))
		for _, id := range l.ids {
			internal, err := l.r.InternalID(id)
			if err != nil {
				l.err = err
				return
			}
			if len(internal) == 8 {
				docs = append(docs, internal.Value())
			}
		}
		if len(docs) > 0 {
			slices.Sort(docs)
			l.docs = slices.Compact(docs)
		}
	})
	return l.docs, l.err
}

// from returns the first of the documents at or after doc, and false when
// none is.
func (a among) from(doc bindex.IndexInternalID) (bindex.IndexInternalID, bool) {
	v := doc.Value()
	i, _ := slices.BinarySearch(a, v)
	if i == len(a) {
		return nil, false
	}
	if a[i] == v {
		return doc, true
	}
	return bindex.NewIndexInternalID(nil, a[i]), true
}
