package watch_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/fetch"
	"github.com/sitrep/sitrep/index/parse"
	"github.com/sitrep/sitrep/index/watch"
)

func TestFetchPages(t *testing.T) {
	page, err := os.ReadFile("../../testdata/parse/pages/news-article.html")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/story/1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(page)
	})
	mux.HandleFunc("/story/2", http.NotFound)
	mux.HandleFunc("/story/3", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path, http.StatusFound) })
	mux.HandleFunc("/story/4", func(w http.ResponseWriter, r *http.Request) { // over parse.MaxItemSize of text
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><article><h1>Endless</h1>")
		for i := range 20_000 {
			fmt.Fprintf(w, "<p>Paragraph %d of the report goes on about the convoy at the border.</p>", i)
		}
		fmt.Fprint(w, "</article></body></html>")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	var items strings.Builder
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&items, `<item><title>Story %d</title><link>%s/story/%d</link><pubDate>Tue, 18 Oct 2016 0%d:00:00 +0000</pubDate><description>Teaser %d.</description></item>`, i, srv.URL, i, i, i)
	}
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>` + items.String() + `</channel></rss>`
	articles, errs, err := parse.FeedArticles([]byte(feed))
	if err != nil || len(articles) != 4 || errs[0] != nil {
		t.Fatalf("feed: %v %v", err, errs)
	}
	c := fetch.New(fetch.Options{HostInterval: time.Millisecond, Timeout: 5 * time.Second})
	if n, _ := watch.FetchPages(context.Background(), c, fetch.OriginOf(srv.URL, netip.MustParseAddr("127.0.0.1")), articles, nil, 0, slog.New(slog.DiscardHandler)); n != 1 {
		t.Errorf("%d pages taken, want 1 (the others fail: a 404, a redirect loop, a page of 1.2 MB of text)", n)
	}
	a := articles[0]
	if a.Title != "Story 1" || a.Summary != "Coalition aircraft struck Islamic State positions around Mosul as Iraqi forces advanced." || !strings.Contains(a.Body, "Coalition aircraft struck Islamic State fighting positions") ||
		strings.Contains(a.Body, "Related stories") || len(a.Captions) != 1 {
		t.Errorf("item 1 after its page: %+v", a)
	}
	for _, a := range articles[1:] {
		if !strings.HasPrefix(a.Body, "Teaser") {
			t.Errorf("%s: a failed page must keep the feed's text, got %.60q", a.Title, a.Body)
		}
	}
}
