package scorchx

import (
	"fmt"
	"slices"

	bdoc "github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/sitrep/sitrep/index"
)

// document returns the stored document of the article id, as the
// highlighter reads it: its body and captions, which the index stores
// compressed together (index.FieldContent), as fields of their own. It
// returns nil when the snapshot does not hold the article.
func document(r bindex.IndexReader, id string) (bindex.Document, error) {
	d, err := r.Document(id)
	if err != nil || d == nil {
		return nil, err
	}
	doc, ok := d.(*bdoc.Document)
	if !ok {
		return nil, fmt.Errorf("article %s: stored document is a %T, not a bleve document", id, d)
	}
	at := slices.IndexFunc(doc.Fields, func(f bdoc.Field) bool { return f.Name() == index.FieldContent })
	if at < 0 {
		return doc, nil
	}
	body, captions, err := index.DecodeContentBytes(doc.Fields[at].Value())
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	doc.Fields = slices.Delete(doc.Fields, at, at+1)
	doc.AddField(bdoc.NewTextField(index.FieldBody, nil, body))
	for i, c := range captions {
		doc.AddField(bdoc.NewTextField(index.FieldCaptions, []uint64{uint64(i)}, c))
	}
	return doc, nil
}
