package web_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// TestTakeOutControls checks that the search page links its feeds (in
// its head, and as a visible Follow link) and its downloads, that each
// hit links its citation, and that the article page holds a Cite box that
// works without JavaScript.
func TestTakeOutControls(t *testing.T) {
	h := fixtureServer(t)
	for _, tt := range []pageCase{
		{
			name: "results", target: "/?q=kirkuk&person=Celeste+Wallander&sort=newest", wantStatus: 200,
			want: []string{
				`<link rel="alternate" type="application/atom+xml" title="Sitrep: “kirkuk” · person: Celeste Wallander (Atom)" href="/feeds/search.atom?person=Celeste&#43;Wallander&amp;q=kirkuk">`,
				`<link rel="alternate" type="application/feed+json"`,
				`<a class="follow" href="/feeds/search.atom?person=Celeste&#43;Wallander&amp;q=kirkuk" type="application/atom+xml"`,
				`<a href="/api/export?format=csv&amp;person=Celeste&#43;Wallander&amp;q=kirkuk&amp;sort=newest" download>CSV</a>`,
				`<a href="/api/export?format=jsonl&amp;person=Celeste&#43;Wallander&amp;q=kirkuk&amp;sort=newest" download>JSONL</a>`,
				`<a class="cite" href="/api/articles/fx-patrol/cite"`,
			},
		},
		{
			name: "no results: Follow, to hear of the first", target: "/?q=zzyzxqwv", wantStatus: 200,
			want:    []string{`<a class="follow" href="/feeds/search.atom?q=zzyzxqwv"`},
			notWant: []string{"/api/export?"},
		},
		{
			name: "article", target: "/articles/fx-patrol", wantStatus: 200,
			want: []string{
				`<details class="cite-box" id="cite">`,
				`<pre id="cite-text">“Peshmerga patrol near Kirkuk.” Field Wire, 10 February 2023. https://example.com/patrol. Sitrep id fx-patrol. Accessed `,
				`@misc{sitrep-fx-patrol,`,
				`<a href="/api/articles/fx-patrol/cite?format=csl">CSL-JSON</a>`,
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, h) })
	}
}

// TestBrowserTakeOut drives the Follow, Download and Cite controls in
// headless Chromium: a download answers CSV, the feed Atom, and the Copy
// button appears with JavaScript.
func TestBrowserTakeOut(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	ix := indextest.New(t)
	indextest.Add(t, ix, fixtureArticles()...)
	h, err := web.New(web.Config{}, search.New(ix), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, h)
	tb := b.newTab(t, 1280, 900)
	tb.open(t, "/?q=irbil")
	follow := run(t, tb, chromedp.Evaluate[string](`document.querySelector("a.follow").href`))
	if !strings.HasSuffix(follow, "/feeds/search.atom?q=irbil") {
		t.Errorf("Follow links to %q", follow)
	}
	got := run(t, tb, chromedp.Evaluate[string](`(async () => {
		const r = await fetch(document.querySelector(".download a[href*='format=csv']").href);
		return r.headers.get("Content-Type") + "|" + r.headers.get("Content-Disposition") + "|" + (await r.text());
	})()`, chromedp.EvalAwaitPromise))
	parts := strings.SplitN(got, "|", 3)
	if len(parts) != 3 || parts[0] != "text/csv; charset=utf-8; header=present" || !strings.HasPrefix(parts[1], "attachment;") ||
		!strings.Contains(parts[2], "# Sitrep export; query=irbil;") || !strings.Contains(parts[2], "\r\nid,url,source,") || !strings.Contains(parts[2], "fx-talks") {
		t.Errorf("Download answered %q", got)
	}
	feed := run(t, tb, chromedp.Evaluate[string](`fetch(document.querySelector("a.follow").href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if !strings.Contains(feed, `<feed xmlns="http://www.w3.org/2005/Atom">`) || !strings.Contains(feed, "Talks in Irbil") {
		t.Errorf("Follow answered %.200q", feed)
	}
	tb.open(t, "/articles/fx-talks")
	hidden := run(t, tb, chromedp.Evaluate[bool](`document.querySelector("button[data-copy]").hidden`))
	if hidden {
		t.Errorf("the Copy button stays hidden with JavaScript")
	}
}
