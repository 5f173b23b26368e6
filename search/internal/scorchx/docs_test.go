package scorchx

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/sitrep/sitrep/index/indextest"
)

// TestDocumentAtAsDocument checks that every article of the sample corpus
// (some deleted) reads the same at its document
// number (documentAt) as by its ID (document): the same fields, of the
// same types, in the same order, with the same values and array
// positions; and that shownDocs finds their numbers and leaves out IDs
// the index lacks.
func TestDocumentAtAsDocument(t *testing.T) {
	ctx := context.Background()
	ix := indextest.Corpus(t)
	b := ix.Bleve()
	all := idsOf(t, b, bleve.NewMatchAllQuery())
	for _, id := range []string{all[0], all[len(all)/2]} {
		if ok, err := ix.Delete(ctx, id); err != nil || !ok {
			t.Fatalf("delete %s: %v, %v", id, ok, err)
		}
	}
	snap := reader(t, b).(*scorch.IndexSnapshot)
	ids := idsOf(t, b, bleve.NewMatchAllQuery())
	if len(ids) < 50 {
		t.Fatalf("%d articles: the test checks too little", len(ids))
	}
	for _, id := range ids {
		want, err := document(snap, id)
		if err != nil {
			t.Fatal(err)
		}
		internal, err := snap.InternalID(id)
		if err != nil {
			t.Fatal(err)
		}
		got, err := documentAt(snap, id, internal.Value())
		if err != nil {
			t.Fatal(err)
		}
		if g, w := fieldsOf(got), fieldsOf(want); !slices.Equal(g, w) {
			t.Errorf("%s at %d:\n got %v\nwant %v", id, internal.Value(), g, w)
		}
	}
	docs := map[string]bindex.Document{}
	nums, err := shownDocs(snap, []string{ids[3], "no such article", ids[1]}, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(nums) != 2 || len(docs) != 2 || docs[ids[1]] == nil || docs[ids[3]] == nil || !slices.IsSorted(nums) {
		t.Errorf("shownDocs: numbers %v, documents of %d articles", nums, len(docs))
	}
}

// fieldsOf lists doc's fields as text: name, type, array positions and
// value.
func fieldsOf(doc bindex.Document) []string {
	if doc == nil {
		return nil
	}
	var out []string
	doc.VisitFields(func(f bindex.Field) {
		out = append(out, fmt.Sprintf("%s %T %v %q", f.Name(), f, f.ArrayPositions(), f.Value()))
	})
	return out
}

// reader returns a reader of b's index, closed when the test ends.
func reader(tb testing.TB, b bleve.Index) bindex.IndexReader {
	tb.Helper()
	adv, err := b.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}
