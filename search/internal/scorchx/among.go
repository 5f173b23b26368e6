package scorchx

import (
	"context"
	"slices"

	bindex "github.com/blevesearch/bleve_index_api"
)

// amongKey is the context key of the articles a query is narrowed to
// (withAmong).
type amongKey struct{}

// withAmong returns ctx saying that the searchers built with it serve a
// query narrowed to the articles at the document numbers docs alone
// (docsQuery): a phrase searcher then checks the positions of those
// articles only. Without it, a phrase's searcher asked to advance to one
// of them read the positions of every candidate up to its next match,
// though the narrowing discarded them: a rare phrase of common words
// spent a quarter of its search loading its page's hits so
// (docs/PERFORMANCE.md, fifth round).
func withAmong(ctx context.Context, docs among) context.Context {
	return context.WithValue(ctx, amongKey{}, docs)
}

// among lists the document numbers a query is narrowed to, in order.
type among []uint64

// amongOf returns the documents ctx narrows its searchers to (withAmong),
// nil for none.
func amongOf(ctx context.Context) among {
	a, _ := ctx.Value(amongKey{}).(among)
	return a
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
