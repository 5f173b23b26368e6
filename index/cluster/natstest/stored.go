package natstest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/sitrep/sitrep/index"
)

// Article is what an index stores of an article, for comparing indexes:
// a shard's with another's, or with one index of every article.
type Article struct {
	*index.Article
	// Names are the entities' names as extracted (kind and name), before
	// the index's registry resolved them across articles.
	Names []string
}

// Stored returns every article of ix by id, with its stored fields; the
// ingest time, which differs between indexes, is left out.
func Stored(tb testing.TB, ix *index.Index) map[string]Article {
	tb.Helper()
	n, err := ix.Count()
	if err != nil {
		tb.Fatal(err)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), int(n)+1, 0, false)
	req.Fields = append(index.StoredFields(), index.FieldContent, index.FieldEntities)
	res, err := ix.Bleve().Search(req)
	if err != nil {
		tb.Fatal(err)
	}
	out := make(map[string]Article, len(res.Hits))
	for _, h := range res.Hits {
		whole, err := index.StoredArticle(h.Fields)
		if err != nil {
			tb.Fatal(err)
		}
		a := Article{Article: whole}
		a.Ingested = time.Time{}
		packed, _ := h.Fields[index.FieldEntities].(string)
		named, err := index.DecodeNamed(h.ID, packed)
		if err != nil {
			tb.Fatal(err)
		}
		for _, n := range named {
			a.Names = append(a.Names, fmt.Sprintf("%d:%s", n.Kind, n.Name))
		}
		slices.Sort(a.Names)
		out[a.ID] = a
	}
	return out
}
