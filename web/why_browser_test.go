package web_test

import (
	"log/slog"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// TestBrowserArticleFromResults drives headless Chromium over the sample
// corpus: a click on a hit of page 2 of a filtered, sorted search opens
// the article with the query's matches marked and the query in the box,
// and Back to results lands on that same page 2 with its filters.
func TestBrowserArticleFromResults(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	ix := corpus
	h, err := web.New(web.Config{}, search.New(ix), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, h)
	tb := b.newTab(t, 1280, 900)
	results := "/?" + url.Values{"q": {"isis"}, "place": {"Syria"}, "page": {"2"}, "size": {"5"}, "sort": {"newest"}}.Encode()
	tb.open(t, results)
	first := `ol.hits li.hit:first-child h2 a`
	title := run(t, tb, chromedp.Text(chromedp.CSS(first)))
	tb.do(t,
		chromedp.Click(chromedp.CSS(first)),
		chromedp.WaitVisible(chromedp.CSS("article.article h1")),
	)
	if h1 := run(t, tb, chromedp.Text(chromedp.CSS("article.article h1"))); h1 != title {
		t.Errorf("the article's heading reads %q, the hit's title %q", h1, title)
	}
	if n := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll("article.article .body mark").length`)); n == 0 {
		t.Error("the article marks no match of isis in its text")
	}
	if n := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll("article.article .body a.mention.m-organisation[href^='/entities/o']").length`)); n == 0 {
		t.Error("the article marks no organisation")
	}
	if v := run(t, tb, chromedp.Value(chromedp.ID("q"))); v != "isis" {
		t.Errorf("the search box holds %q, want isis", v)
	}
	tb.do(t,
		chromedp.Click(chromedp.ID("back-to-results")),
		chromedp.WaitVisible(chromedp.CSS("ol.hits")),
	)
	if loc := tb.location(t); loc != results {
		t.Errorf("Back to results went to %s, want %s", loc, results)
	}
	if again := run(t, tb, chromedp.Text(chromedp.CSS(first))); again != title {
		t.Errorf("back on the results, the first hit is %q, was %q", again, title)
	}
	if n := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll(".chips .chip").length`)); n == 0 {
		t.Error("back on the results, the place filter is gone")
	}
}
