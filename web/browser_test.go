package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// chromiumPath finds the browser the UI tests drive, failing the test when
// there is none: a missing browser must not pass for a passing UI.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("Chromium not found: install it with `apt-get install -y chromium` (make test does this when run as root)")
	return ""
}

// browser is one headless Chromium driving a test server.
type browser struct {
	ctx  context.Context // the browser's; each tab is a child
	base string          // the server's URL
}

// newBrowser serves h and starts Chromium with a fresh profile; both stop
// when the test ends.
func newBrowser(t *testing.T, h http.Handler) *browser {
	t.Helper()
	path := chromiumPath(t)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Date boxes are typed in the order of the locale's dates.
		chromedp.Flag("lang", "en-US"),
		// A page restored from the back/forward cache fires no load event
		// for chromedp to wait on: the back button test reloads instead.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,BackForwardCache"),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium at %s: %v", path, err)
	}
	return &browser{ctx: bctx, base: srv.URL}
}

// tab is one browser tab that records what must never happen on a page:
// console errors (CSP violations among them), uncaught exceptions and
// JavaScript dialogs. The test fails on any when it ends.
type tab struct {
	ctx      context.Context
	base     string
	mu       sync.Mutex
	problems []string
}

// newTab opens a tab with a viewport of width × height CSS pixels.
func (b *browser) newTab(t *testing.T, width, height int64) *tab {
	t.Helper()
	tb := &tab{base: b.base}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	// The first Do opens the tab for the life of ctx, not of a timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			tb.problem("a dialog opened: %s %q", ev.Type, ev.Message)
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	tctx, cancelTimeout := context.WithTimeout(ctx, 20*time.Second)
	t.Cleanup(cancelTimeout)
	tb.ctx = tctx
	t.Cleanup(func() {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, p := range tb.problems {
			t.Error(p)
		}
	})
	tb.do(t, chromedp.EmulateViewport(width, height))
	return tb
}

func (tb *tab) problem(format string, args ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.problems = append(tb.problems, fmt.Sprintf(format, args...))
}

// listen runs in the tab's event loop: it only records.
func (tb *tab) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		tb.problem("uncaught exception: %s", ev.ExceptionDetails.Text)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			tb.problem("console.%s called", ev.Type)
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			tb.problem("console error (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *page.EventJavascriptDialogOpening:
		tb.problem("a dialog opened: %q", ev.Message)
	}
}

func (tb *tab) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func run[T any](t *testing.T, tb *tab, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// open loads a page of the server and waits until it is ready.
func (tb *tab) open(t *testing.T, target string) {
	t.Helper()
	tb.do(t, chromedp.Navigate(tb.base+target), chromedp.WaitReady(chromedp.CSS("footer")))
}

// location returns the current URL without the server's address.
func (tb *tab) location(t *testing.T) string {
	t.Helper()
	return strings.TrimPrefix(run(t, tb, chromedp.Location()), tb.base)
}

var totalRe = regexp.MustCompile(`of (\d+) articles?|\((\d+) articles?\)|^(\d+) articles?|^(1) article`)

// total reads the number of matching articles from the results heading
// ("1–10 of 42 articles", "1–10 of 40 stories (42 articles)"). The page
// replaces its results as a filter changes, so the heading is read in one
// evaluation, not found and then read (a node found may be gone by the
// time it is read), and read again for up to five seconds until it holds
// a count.
func (tb *tab) total(t *testing.T) int {
	t.Helper()
	h1 := ""
	for range 50 {
		h1 = run(t, tb, chromedp.Evaluate[string](`(document.querySelector("main h1") || {}).textContent || ""`))
		if m := totalRe.FindStringSubmatch(h1); m != nil {
			n, _ := strconv.Atoi(m[1] + m[2] + m[3] + m[4])
			return n
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no result count in %q", h1)
	return 0
}

// typeSlash presses "/" as a keyboard does: one keydown carrying the
// character, so that a handler that cancels the keydown also cancels the
// typing (chromedp.KeyEvent sends the character as an event of its own).
var typeSlash = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		params := input.DispatchKeyEventParams{Type: typ, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191}
		if typ == input.DispatchKeyEventTypeKeyDown {
			params.Text = "/"
		}
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, params); err != nil {
			return err
		}
	}
	return nil
})

// TestBrowser drives the real handler in headless Chromium, over the
// sample corpus plus the fixture articles.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	ix := indextest.Corpus(t)
	indextest.Add(t, ix, fixtureArticles()...)
	h, err := web.New(web.Config{}, search.New(ix), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var facetCalls atomic.Int64
	counting := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/facets/") {
			facetCalls.Add(1)
		}
		h.ServeHTTP(w, r)
	})
	b := newBrowser(t, counting)

	t.Run("typing a query and Enter shows marked results", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/")
		tb.do(t,
			chromedp.SendKeys(chromedp.ID("q"), "peshmerga\n"),
			chromedp.WaitVisible(chromedp.CSS("ol.hits mark")),
		)
		if loc := tb.location(t); loc != "/?q=peshmerga" {
			t.Errorf("location %s, want /?q=peshmerga", loc)
		}
		marks := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll("ol.hits mark").length`))
		if marks < 2 {
			t.Errorf("%d marks, want some in each of the results", marks)
		}
		if v := run(t, tb, chromedp.Value(chromedp.ID("q"))); v != "peshmerga" {
			t.Errorf("the box holds %q", v)
		}
	})

	t.Run("a facet value filters, its chip removes the filter, back restores it", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=iraq")
		before := tb.total(t)
		tb.do(t,
			chromedp.Click(chromedp.CSS(`#values-sources a[href$="source=CENTCOM"]`)),
			chromedp.WaitVisible(chromedp.CSS(".chips .chip")),
		)
		if loc := tb.location(t); loc != "/?q=iraq&source=CENTCOM" {
			t.Errorf("location %s, want the source filter", loc)
		}
		chip := run(t, tb, chromedp.Text(chromedp.CSS(".chips .chip")))
		if !strings.Contains(chip, "Source: CENTCOM") {
			t.Errorf("chip %q", chip)
		}
		after := tb.total(t)
		if after == 0 || after >= before {
			t.Errorf("the filter took %d results to %d, want fewer but some", before, after)
		}
		selected := run(t, tb, chromedp.Text(chromedp.CSS("#values-sources a.sel")))
		if !strings.Contains(selected, "✓") || !strings.Contains(selected, "CENTCOM") {
			t.Errorf("the selected value reads %q, want a tick", selected)
		}

		tb.do(t,
			chromedp.Click(chromedp.CSS(".chips .chip")),
			chromedp.WaitNotPresent(chromedp.CSS(".chips")),
		)
		if loc, n := tb.location(t), tb.total(t); loc != "/?q=iraq" || n != before {
			t.Errorf("after removing the chip: %s with %d results, want /?q=iraq with %d", loc, n, before)
		}
		tb.do(t, chromedp.NavigateBack(), chromedp.WaitVisible(chromedp.CSS(".chips .chip")))
		if loc := tb.location(t); loc != "/?q=iraq&source=CENTCOM" {
			t.Errorf("back went to %s", loc)
		}
	})

	t.Run("two values of a facet OR, a value left out is gone", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=iraq")
		// The two most frequent sources, with their counts.
		type value struct {
			Name  string
			Count int
		}
		values := run(t, tb, chromedp.Evaluate[[]value](`[...document.querySelectorAll("#values-sources li")].slice(0, 2).map(li => ({Name: li.querySelector("bdi").textContent, Count: parseInt(li.querySelector(".n").textContent)}))`))
		if len(values) < 2 {
			t.Fatalf("sources %+v: want two", values)
		}
		for _, v := range values {
			tb.do(t,
				chromedp.Click(chromedp.CSS(`#values-sources a[title="Show only articles with this value"][href$="source=`+url.QueryEscape(v.Name)+`"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#values-sources a.sel`)),
			)
		}
		if n := tb.total(t); n != values[0].Count+values[1].Count {
			t.Errorf("%s or %s: %d articles, want %d + %d (an article has one source)", values[0].Name, values[1].Name, n, values[0].Count, values[1].Count)
		}
		chips := run(t, tb, chromedp.Text(chromedp.CSS(".chips")))
		if want := "Source: " + values[0].Name; !strings.Contains(chips, want) || !strings.Contains(chips, "or "+values[1].Name) {
			t.Errorf("chips read %q, want %q then %q", chips, want, "or "+values[1].Name)
		}
		if ops := run(t, tb, chromedp.Text(chromedp.CSS("#facet-sources .ops"))); !strings.Contains(ops, "any (or)") || !strings.Contains(ops, "all (and)") {
			t.Errorf("the AND/OR switch reads %q", ops)
		}
		// Leaving out the first source keeps the articles of the second.
		tb.do(t,
			chromedp.Click(chromedp.CSS(`#values-sources a.not-link[href*="not_source=`+url.QueryEscape(values[0].Name)+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#values-sources a.excl`)),
		)
		if n := tb.total(t); n != values[1].Count {
			t.Errorf("%s left out: %d articles, want the %d of %s", values[0].Name, n, values[1].Count, values[1].Name)
		}
		if chips := run(t, tb, chromedp.Text(chromedp.CSS(".chips"))); !strings.Contains(chips, "not "+values[0].Name) {
			t.Errorf("chips read %q, want %q", chips, "not "+values[0].Name)
		}
		sources := run(t, tb, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ol.hits a[title^='Show only'] bdi")].map(b => b.textContent)`))
		if slices.Contains(sources, values[0].Name) {
			t.Errorf("a hit from %s, which is left out: %q", values[0].Name, sources)
		}
		excluded := run(t, tb, chromedp.Text(chromedp.CSS("#values-sources a.excl")))
		if !strings.Contains(excluded, values[0].Name) || !strings.Contains(excluded, "0") {
			t.Errorf("the value left out reads %q, want it with count 0", excluded)
		}
	})

	t.Run("slash focuses the search box", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=iraq")
		tb.do(t, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), typeSlash)
		if id := run(t, tb, chromedp.Evaluate[string](`document.activeElement.id`)); id != "q" {
			t.Errorf("the focus is on %q, want the search box", id)
		}
		if v := run(t, tb, chromedp.Value(chromedp.ID("q"))); v != "iraq" {
			t.Errorf("the box holds %q: the slash was typed into it", v)
		}
	})

	t.Run("a facet's find box narrows its values from the API", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/")
		calls := facetCalls.Load()
		tb.do(t,
			chromedp.SendKeys(chromedp.ID("filter-sources"), "jeru"),
			chromedp.Poll[chromedp.Void](`document.querySelectorAll("#values-sources li").length === 1 && !!document.querySelector('#values-sources a[href="/?source=The+Jerusalem+Post"]')`,
				chromedp.WithPollingTimeout(5*time.Second)),
		)
		if facetCalls.Load() == calls {
			t.Errorf("no request to /api/facets")
		}
		if s := run(t, tb, chromedp.Text(chromedp.ID("status-sources"))); s != "1 value matches" {
			t.Errorf("status %q", s)
		}
		tb.do(t,
			chromedp.Click(chromedp.CSS("#values-sources a")),
			chromedp.WaitVisible(chromedp.CSS(".chips .chip")),
		)
		if loc := tb.location(t); loc != "/?source=The+Jerusalem+Post" {
			t.Errorf("location %s", loc)
		}

		// A person found so links their page, as the server's list does.
		tb.open(t, "/")
		page := `#values-people a.page-link[href="/entities/` + entity.ID(entity.Person, "Celeste Wallander") + `"]`
		tb.do(t,
			chromedp.SendKeys(chromedp.ID("filter-people"), "wallan"),
			chromedp.Poll[chromedp.Void](`document.querySelectorAll("#values-people li").length === 1 && !!document.querySelector('`+page+`')`, chromedp.WithPollingTimeout(5*time.Second)),
		)
	})

	t.Run("copies of one story are one hit, all of them on request", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=cybersecurity+challenges")
		also := run(t, tb, chromedp.Text(chromedp.CSS("ol.hits .also")))
		if !strings.HasPrefix(also, "Also in: ") {
			t.Errorf("the copy is listed as %q, want Also in: …", also)
		}
		hits := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll("ol.hits > li").length`))
		tb.do(t,
			chromedp.Click(chromedp.CSS(".results-head .collapse a")),
			chromedp.WaitNotPresent(chromedp.CSS("ol.hits .also")),
		)
		if loc := tb.location(t); loc != "/?collapse=false&q=cybersecurity+challenges" {
			t.Errorf("location %s, want collapse=false", loc)
		}
		if n := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll("ol.hits > li").length`)); n != hits+1 {
			t.Errorf("%d hits with collapse=false, want the %d and the copy", n, hits)
		}
	})

	t.Run("a facet's find box counts stories when the facets do", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?facet_count=stories")
		tb.do(t,
			chromedp.SendKeys(chromedp.ID("filter-sources"), "jeru"),
			chromedp.Poll[chromedp.Void](`document.querySelectorAll("#values-sources li").length === 1 && document.querySelector("#values-sources .n .vh").textContent === " stories"`,
				chromedp.WithPollingTimeout(5*time.Second)),
		)
	})

	type layout struct {
		AsideTop, AsideBottom, AsideRight, MainTop, MainLeft float64
		Open, Facets, ScrollWidth, ViewWidth                 int
	}
	measure := `(() => {
		const a = document.querySelector("aside.facets").getBoundingClientRect();
		const m = document.querySelector("main").getBoundingClientRect();
		return {AsideTop: a.top, AsideBottom: a.bottom, AsideRight: a.right, MainTop: m.top, MainLeft: m.left,
			Open: document.querySelectorAll("details.facet[open]").length,
			Facets: document.querySelectorAll("details.facet").length,
			ScrollWidth: document.documentElement.scrollWidth, ViewWidth: window.innerWidth};
	})()`

	t.Run("on a phone the facets collapse above the results", func(t *testing.T) {
		tb := b.newTab(t, 390, 844)
		tb.open(t, "/?q=iraq")
		l := run(t, tb, chromedp.Evaluate[layout](measure))
		if l.AsideBottom > l.MainTop {
			t.Errorf("the facets end at %v, below the top of the results at %v", l.AsideBottom, l.MainTop)
		}
		if l.Facets != 6 || l.Open != 0 {
			t.Errorf("%d of %d facets open, want 6 closed (what stands out, people, places, organisations, sources, dates)", l.Open, l.Facets)
		}
		if l.ScrollWidth > l.ViewWidth {
			t.Errorf("the page is %dpx wide in a %dpx viewport", l.ScrollWidth, l.ViewWidth)
		}
		// A facet opens on a tap of its summary.
		tb.do(t, chromedp.Click(chromedp.CSS("#facet-sources > summary")), chromedp.WaitVisible(chromedp.CSS("#values-sources a")))
	})

	t.Run("on a laptop the facets sit open beside the results", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=iraq")
		l := run(t, tb, chromedp.Evaluate[layout](measure))
		if l.AsideRight > l.MainLeft || l.AsideTop > l.MainTop+1 {
			t.Errorf("the facets (right edge %v) are not left of the results (left edge %v)", l.AsideRight, l.MainLeft)
		}
		if l.Open != l.Facets {
			t.Errorf("%d of %d facets open, want all", l.Open, l.Facets)
		}
	})

	t.Run("without JavaScript the facets show and filter on a laptop", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		tb.open(t, "/?q=iraq")
		l := run(t, tb, chromedp.Evaluate[layout](measure))
		if l.Open != 0 {
			t.Fatalf("%d facets open: the script ran", l.Open)
		}
		tb.do(t,
			chromedp.WaitVisible(chromedp.CSS(`#values-sources a[href$="source=CENTCOM"]`)),
			chromedp.Click(chromedp.CSS(`#values-sources a[href$="source=CENTCOM"]`)),
			chromedp.WaitVisible(chromedp.CSS(".chips .chip")),
		)
		// The Find box submits to the facet page.
		tb.do(t,
			chromedp.SendKeys(chromedp.ID("filter-sources"), "cent\n"),
			chromedp.WaitVisible(chromedp.CSS(`main .values a`)),
		)
		if loc := tb.location(t); loc != "/facets/sources?q=iraq&source=CENTCOM&prefix=cent" {
			t.Errorf("the Find box went to %s", loc)
		}
	})

	t.Run("a script in a title is shown as text and runs nothing", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=script")
		title := run(t, tb, chromedp.Text(chromedp.CSS(`ol.hits a[href^="/articles/fx-script?"]`)))
		if title != "<script>alert(1)</script>" {
			t.Errorf("the hit's title reads %q", title)
		}
		tb.do(t,
			chromedp.Click(chromedp.CSS(`ol.hits a[href^="/articles/fx-script?"]`)),
			chromedp.WaitVisible(chromedp.CSS("article.article h1")),
		)
		if h1 := run(t, tb, chromedp.Text(chromedp.CSS("article.article h1"))); h1 != "<script>alert(1)</script>" {
			t.Errorf("the article's heading reads %q", h1)
		}
		if n := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll("img[src=x], script:not([src])").length`)); n != 0 {
			t.Errorf("%d injected elements in the page", n)
		}
	})

	t.Run("the article page, its entities and help", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/articles/fx-patrol")
		tb.do(t,
			chromedp.Click(chromedp.CSS(`aside.side a[href="/?person=Celeste+Wallander"]`)),
			chromedp.WaitVisible(chromedp.CSS(".chips .chip")),
		)
		if n := tb.total(t); n < 2 {
			t.Errorf("%d articles with Celeste Wallander, want the 2 fixture articles at least", n)
		}
		tb.open(t, "/help")
		if h1 := run(t, tb, chromedp.Text(chromedp.CSS("main h1"))); h1 != "How to search" {
			t.Errorf("help heading %q", h1)
		}
	})

	t.Run("a person's entity link in a result opens their page", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?person=Celeste+Wallander&sort=newest")
		// The small link beside the person's chip in the first hit.
		link := `ol.hits li.hit:first-child a.page-link[href="/entities/` + entity.ID(entity.Person, "Celeste Wallander") + `"]`
		tb.do(t,
			chromedp.Click(chromedp.CSS(link)),
			chromedp.WaitVisible(chromedp.CSS("article.entity h1")),
		)
		if h1 := run(t, tb, chromedp.Text(chromedp.CSS("article.entity h1"))); h1 != "Celeste Wallander" {
			t.Errorf("the entity page's heading reads %q", h1)
		}
		if n := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll(".timeline svg rect.bar").length`)); n == 0 {
			t.Error("the entity page has no timeline bars")
		}
		if n := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll("#recent-h + ol a[href^='/articles/']").length`)); n < 2 {
			t.Errorf("the entity page lists %d recent articles, want the 2 fixture articles at least", n)
		}
		// Its link to the full search filters on the person.
		tb.do(t,
			chromedp.Click(chromedp.CSS(`article.entity header a[href="/?person=Celeste+Wallander"]`)),
			chromedp.WaitVisible(chromedp.CSS(".chips .chip")),
		)
		if n := tb.total(t); n < 2 {
			t.Errorf("%d articles with Celeste Wallander, want 2 at least", n)
		}
	})

	t.Run("the date boxes set a range, the undated bar keeps the undated", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=isis")
		all := tb.total(t)
		note := run(t, tb, chromedp.Text(chromedp.CSS("p.undated-count")))
		var undated int
		if _, err := fmt.Sscanf(note, "%d of them undated", &undated); err != nil || undated == 0 || undated >= all {
			t.Fatalf("the heading's note reads %q for %d results: want how many are undated", note, all)
		}

		// The boxes are <input type="date">: typed as the browser's
		// locale (en-US, newBrowser's) writes a day, month/day/year.
		tb.do(t,
			chromedp.SendKeys(chromedp.ID("from"), "01012016"),
			chromedp.SendKeys(chromedp.ID("to"), "12312016\n"),
			chromedp.WaitVisible(chromedp.CSS(".chips .chip")),
		)
		if loc := tb.location(t); loc != "/?q=isis&from=2016-01-01&to=2016-12-31" {
			t.Errorf("location %s, want the query and both dates", loc)
		}
		if chip := run(t, tb, chromedp.Text(chromedp.CSS(".chips .chip"))); !strings.Contains(chip, "Published: 2016-01-01 to 2016-12-31") {
			t.Errorf("chip %q", chip)
		}
		if from, to := run(t, tb, chromedp.Value(chromedp.ID("from"))), run(t, tb, chromedp.Value(chromedp.ID("to"))); from != "2016-01-01" || to != "2016-12-31" {
			t.Errorf("the date boxes hold %q and %q", from, to)
		}
		in2016 := tb.total(t)
		// A month and a year in the address are the same range, which the
		// boxes show as its first and last day.
		tb.open(t, "/?q=isis&from=2016-01&to=2016")
		if chip := run(t, tb, chromedp.Text(chromedp.CSS(".chips .chip"))); !strings.Contains(chip, "Published: 2016-01 to 2016") {
			t.Errorf("chip %q", chip)
		}
		if from, to := run(t, tb, chromedp.Value(chromedp.ID("from"))), run(t, tb, chromedp.Value(chromedp.ID("to"))); from != "2016-01-01" || to != "2016-12-31" {
			t.Errorf("the date boxes hold %q and %q for from=2016-01&to=2016", from, to)
		}
		if n := tb.total(t); n != in2016 {
			t.Errorf("from=2016-01&to=2016: %d results, the boxes' whole days %d", n, in2016)
		}
		if in2016 == 0 || in2016 >= all-undated+1 {
			t.Errorf("%d results in 2016, want some of the %d dated", in2016, all-undated)
		}
		if n := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll("p.undated-count").length`)); n != 0 {
			t.Errorf("a date range keeps no undated article, yet the heading counts some")
		}

		// Clearing a box and searching again drops that date, and an
		// empty box adds nothing to the address.
		tb.do(t,
			chromedp.Evaluate[chromedp.Void](`document.getElementById("from").value = ""; document.getElementById("to").value = ""`),
			chromedp.SendKeys(chromedp.ID("q"), "\n"),
			chromedp.WaitNotPresent(chromedp.CSS(".chips")),
		)
		if loc := tb.location(t); loc != "/?q=isis" {
			t.Errorf("location %s after emptying the date boxes, want /?q=isis", loc)
		}

		tb.do(t,
			chromedp.Click(chromedp.CSS(`#facet-published a[aria-label^="Undated:"]`)),
			chromedp.WaitVisible(chromedp.CSS(".chips .chip")),
		)
		if loc := tb.location(t); loc != "/?q=isis&undated=1" {
			t.Errorf("location %s after the undated bar, want undated=1", loc)
		}
		if n := tb.total(t); n != undated {
			t.Errorf("the undated bar keeps %d results, want the %d undated", n, undated)
		}
		if chip := run(t, tb, chromedp.Text(chromedp.CSS(".chips .chip"))); !strings.Contains(chip, "Published: undated") {
			t.Errorf("chip %q", chip)
		}
		if n := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll("#facet-published rect.bar.undated.sel").length`)); n != 1 {
			t.Errorf("the undated bar is not drawn selected")
		}
	})

	brushTests(t, b)
}
