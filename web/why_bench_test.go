package web_test

import (
	"context"
	"log/slog"
	"net/url"
	"testing"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// BenchmarkScaleArticlePage times, on an index of the generated corpus
// named by SITREP_SCALE_INDEX, with no result cache, the page of the
// first article isis finds: opened alone (its entities marked) and from
// the search (its matches marked too, the way back), the whole page with
// "more like this" (docs/PERFORMANCE.md).
func BenchmarkScaleArticlePage(b *testing.B) {
	ix := indextest.ScaleIndex(b, "to measure the article page")
	x, err := entity.New()
	if err != nil {
		b.Fatal(err)
	}
	eng := search.New(ix).Uncached()
	res, err := eng.Search(context.Background(), search.Request{Query: "isis", Size: 1})
	if err != nil || len(res.Hits) == 0 {
		b.Fatalf("isis: %v, %d hits", err, len(res.Hits))
	}
	h, err := web.New(web.Config{Gazetteer: x}, eng, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	path := "/articles/" + url.PathEscape(res.Hits[0].ID)
	benchPages(b, h, []benchPage{
		{"alone", path},
		{"from-search", path + "?q=isis&page=2&sort=newest"},
	})
}
