package index_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
)

// TestRebuiltWithoutWriting checks that a registry rebuilt by a process
// that never writes (sitrep entities, a read-only serve) still has the
// joins a write cut off before its settle called for made by the next
// process that writes, though that write touches none of their names.
func TestRebuiltWithoutWriting(t *testing.T) {
	ctx := context.Background()
	x, err := entity.New()
	if err != nil {
		t.Fatal(err)
	}
	article := func(url, title, body string) *index.Article {
		a := &index.Article{URL: url, Source: "Test", Title: title, Body: body}
		index.Entities(x, a, true)
		return a
	}
	full := article("https://example.mil/kirk-full", "Strike group leaves San Diego",
		"Rear Adm. James Kirk, commander of Carrier Strike Group 11, said the ships left San Diego on Monday for a seven-month deployment.\n\nThe carrier will train with Destroyer Squadron 9 on the way.")
	surname := article("https://example.mil/kirk-surname", "Strike group commander visits Bahrain",
		"The commander of Carrier Strike Group 11 met officials in Manama on Wednesday.\n\n\"We train together so that we can work together,\" Kirk said after the meeting.")
	other := article("https://example.com/smith-farmer", "Drought cuts the wheat harvest",
		"John Smith, a Kansas farmer, said the drought cut his wheat harvest by half this year.\n\nFarmers near Dodge City expect rain in the autumn.")

	dir := filepath.Join(t.TempDir(), "ix")
	open := func() *index.Index {
		t.Helper()
		ix, err := index.Open(ctx, dir, index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	people := func(ix *index.Index, id string) []string {
		t.Helper()
		req := bleve.NewSearchRequest(index.IDsQuery([]string{id}))
		req.Fields = []string{index.FieldPeople}
		res, err := ix.Bleve().Search(req)
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("article %s: %d hits, %v", id, len(res.Hits), err)
		}
		return index.ArticleFromFields(res.Hits[0].Fields).People
	}

	// A write of the surname's article, killed before its joins.
	ix := open()
	indextest.Add(t, ix, full)
	if err := index.WriteUnsettled(ctx, ix, surname); err != nil {
		t.Fatal(err)
	}
	if got := people(ix, surname.ID); !slices.Equal(got, []string{"Kirk"}) {
		t.Fatalf("before any settle the surname's article names %q, want [Kirk]", got)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// A process that rebuilds the registry and writes nothing.
	ix = open()
	if _, err := ix.Registry(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// The next write, of an article naming neither Kirk, makes the join.
	ix = open()
	defer ix.Close()
	indextest.Add(t, ix, other)
	if got := people(ix, surname.ID); !slices.Equal(got, []string{"James Kirk"}) {
		t.Errorf("after the next write the surname's article names %q, want [James Kirk]", got)
	}
}
