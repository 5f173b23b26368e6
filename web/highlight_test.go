package web_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// TestHugeArticleHighlightedInTime checks that an article whose body
// repeats the word searched for 100,000 times (1 MB) is found and shown
// well within the search timeout, and that the other articles are still
// highlighted: highlighting used to grow with the square of the matches
// (2.9 s for such an article, 55 s at 3 MB, 30 s and a 503 under the race
// detector), and reading every match's location held 700 MB for one of
// 10 MB. An article that large is shown with the start of its text.
func TestHugeArticleHighlightedInTime(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes a 1 MB article")
	}
	huge := &index.Article{
		Title: "A page of one word", URL: "https://example.com/deltafour", Source: "Test",
		Body: strings.Repeat("deltafour ", 100_000),
	}
	plain := &index.Article{Title: "Deltafour exercise ends", URL: "https://example.com/plain", Source: "Test",
		Body: "The deltafour exercise ended on Friday after two weeks at sea."}
	h := serveArticles(t, web.Config{RequestTimeout: 10 * time.Second}, huge, plain)
	rec := send(h, http.MethodGet, "/api/search?q=deltafour&collapse=false", "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/search?q=deltafour: %d %s, want 200", rec.Code, rec.Body)
	}
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			Title   string `json:"title"`
			Snippet string `json:"snippet"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 || len(res.Hits) != 2 {
		t.Fatalf("total %d with %d hits, want both articles", res.Total, len(res.Hits))
	}
	for _, hit := range res.Hits {
		if len(hit.Snippet) > 2000 {
			t.Errorf("the snippet of %q is %d bytes long", hit.Title, len(hit.Snippet))
		}
		switch hit.Title {
		case plain.Title:
			if !strings.Contains(hit.Snippet, "<mark>deltafour</mark>") {
				t.Errorf("the snippet of %q has no highlighted match: %q", hit.Title, hit.Snippet)
			}
		case huge.Title:
			if !strings.HasPrefix(hit.Snippet, "deltafour deltafour") {
				t.Errorf("the snippet of %q is not the start of its text: %.200q", hit.Title, hit.Snippet)
			}
		}
	}
	if rec := send(h, http.MethodGet, "/?q=deltafour", "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<mark>deltafour</mark>") {
		t.Errorf("GET /?q=deltafour: %d, want 200 with a highlighted match", rec.Code)
	}
}

// serveArticles returns a server, without a result cache, over a new
// index of articles, with cfg.
func serveArticles(t *testing.T, cfg web.Config, articles ...*index.Article) http.Handler {
	t.Helper()
	ix := indextest.New(t)
	if st := indextest.Add(t, ix, articles...); st.Indexed != len(articles) {
		t.Fatalf("indexed %d articles, want %d", st.Indexed, len(articles))
	}
	h, err := web.New(cfg, search.New(ix).Uncached(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return h
}
