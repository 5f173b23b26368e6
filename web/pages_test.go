package web_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// fixtureArticles are hand-made articles with entities, dates, captions and
// hostile strings, for what the sample corpus cannot show on its own.
func fixtureArticles() []*index.Article {
	day := func(s string) *time.Time {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			panic(err)
		}
		return &t
	}
	iraq := []string{"Kirkuk", "Irbil", "Mosul", "Baghdad", "Basra", "Najaf", "Karbala", "Tikrit", "Ramadi", "Fallujah", "Samarra", "Dohuk"}
	return []*index.Article{
		{
			ID: "fx-script", Title: "<script>alert(1)</script>", Summary: "A title that tries to run a script.",
			Body:   "Nothing here runs: <img src=x onerror=alert(2)> stays text.",
			Source: "Wire <b>Desk</b>", URL: "javascript:alert(3)", Published: day("2023-01-05"),
			People: []string{"Eve <Hacker>"},
		},
		{
			ID: "fx-patrol", Title: "Peshmerga patrol near Kirkuk", Summary: "Patrols resume in the north.",
			Body:     "First paragraph on the patrol.\n\nSecond paragraph on Kirkuk.\n\nThird paragraph.",
			Captions: []string{"Soldiers on patrol (photo credit: Field Wire)"},
			Source:   "Field Wire", URL: "https://example.com/patrol", Published: day("2023-02-10"),
			People: []string{"Celeste Wallander"}, Places: iraq, Organisations: []string{"Peshmerga"},
		},
		{
			ID: "fx-talks", Title: "Talks in Irbil", Body: "Wallander met officials in Irbil.",
			Source: "Field Wire", Published: day("2023-03-01"),
			People: []string{"Celeste Wallander"}, Places: []string{"Irbil"}, Organisations: []string{"Peshmerga", "Islamic State"},
		},
		{
			ID: "fx-syria", Title: "Strike in Syria", Body: "A strike in Syria.",
			Source: "Desk", Published: day("2023-03-20"),
			Places: []string{"Syria"}, Organisations: []string{"Islamic State"},
		},
	}
}

// fixtureServer returns the handler over a fresh index of fixtureArticles.
func fixtureServer(t *testing.T) http.Handler {
	t.Helper()
	return serverOf(t, fixtureArticles())
}

// serverOf returns the handler over a fresh index of articles.
func serverOf(t *testing.T, articles []*index.Article) http.Handler {
	t.Helper()
	ix := indextest.New(t)
	if st := indextest.Add(t, ix, articles...); st.Indexed != len(articles) {
		t.Fatalf("indexed %d articles, want %d", st.Indexed, len(articles))
	}
	h, err := web.New(web.Config{}, search.New(ix), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// getPage sends a browser's GET to h and returns the answer and its body.
func getPage(t *testing.T, h http.Handler, target string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: read: %v", target, err)
	}
	return res, string(body)
}

// pageCase is a page and what its answer must and must not hold.
type pageCase struct {
	name       string
	target     string
	wantStatus int
	want       []string
	notWant    []string
}

func (tt pageCase) check(t *testing.T, h http.Handler) {
	t.Helper()
	res, body := getPage(t, h, tt.target)
	if res.StatusCode != tt.wantStatus {
		t.Errorf("GET %s: status %d, want %d", tt.target, res.StatusCode, tt.wantStatus)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=UTF-8" {
		t.Errorf("GET %s: Content-Type %q, want HTML", tt.target, ct)
	}
	for _, s := range tt.want {
		if !strings.Contains(body, s) {
			t.Errorf("GET %s: the page lacks %q", tt.target, s)
		}
	}
	for _, s := range tt.notWant {
		if strings.Contains(body, s) {
			t.Errorf("GET %s: the page holds %q", tt.target, s)
		}
	}
	if t.Failed() && testing.Verbose() {
		t.Logf("page:\n%s", body)
	}
}

func TestSearchPage(t *testing.T) {
	tests := []pageCase{
		{
			name: "browse everything", target: "/", wantStatus: 200,
			want: []string{
				`<label for="q">`, `<input id="q" name="q" type="search" value=""`,
				"1–10 of 107 stories (108 articles)", `<main id="main">`, `<aside class="facets"`,
				// the sources facet: links adding a filter, with counts
				`<a href="/?source=CENTCOM" title="Show only articles with this value">`,
				`<span class="name"><bdi>CENTCOM</bdi></span>` + "\n" + `<span class="n">23<span class="vh"> articles</span>`,
				// the histogram: one link per year, sizes as attributes
				`<svg viewBox=`, `<a href="/?from=2014&amp;to=2014" aria-label="2014: `,
				// sort and pages
				// with no words, newest first is the default
				`<a href="/?sort=relevance">Relevance</a>`, `<a href="/" aria-current="true">Newest</a>`,
				`<a href="/" aria-current="page"><span class="vh">Page </span>1</a>`,
				`<a href="/?page=2" rel="next">Next ›</a>`,
			},
			notWant: []string{`class="chips"`, "No articles match"},
		},
		{
			name: "the query stays in the box and matches are marked", target: "/?q=peshmerga", wantStatus: 200,
			want: []string{
				`value="peshmerga"`, "1–2 of 2 articles for “peshmerga”", " ms)",
				`Coalition provides ISF, <mark>Peshmerga</mark> with over 24K gasmasks</a>`,
				`<mark>peshmerga</mark> affairs`,
				`<a href="/?q=peshmerga&amp;source=CENTCOM" title="Show only CENTCOM"><bdi>CENTCOM</bdi></a>`,
			},
		},
		{
			name: "a filter shows as a chip and a ticked facet value", target: "/?q=iraq&source=CENTCOM", wantStatus: 200,
			want: []string{
				`<ul class="chips" aria-label="Current filters">`,
				`<a class="chip" href="/?q=iraq" title="Remove this filter"><span><span class="kind">Source:</span> <bdi>CENTCOM</bdi></span>`,
				`<a class="clear-all" href="/?q=iraq">Clear all</a>`,
				`<a href="/?q=iraq" class="sel" title="Remove this filter">`,
				`<span class="check" aria-hidden="true">✓</span><bdi>CENTCOM</bdi><span class="vh"> (selected: follow to remove)</span>`,
				`<input type="hidden" name="source" value="CENTCOM">`,
			},
		},
		{
			name: "org is read as organisation and the date range is a chip", target: "/?org=Peshmerga&from=2014&to=2015-06", wantStatus: 200,
			want: []string{
				`<span class="kind">Organisation:</span> <bdi>Peshmerga</bdi>`,
				`<span class="kind">Published:</span> <bdi>2014 to 2015-06</bdi>`,
				`Remove Organisation: Peshmerga`,
			},
		},
		{
			name: "empty state offers to remove each filter", target: "/?q=peshmerga&source=dvids&from=2030", wantStatus: 200,
			want: []string{
				"No articles match “peshmerga” with these filters.", "Try removing a filter:",
				`<a href="/?from=2030&amp;q=peshmerga">Remove Source: dvids</a>`,
				`<a href="/?q=peshmerga&amp;source=dvids">Remove Published: from 2030</a>`,
				`<a href="/?q=peshmerga">Remove all filters</a>`,
			},
			notWant: []string{`<ol class="hits"`},
		},
		{
			name: "empty state of a query alone", target: "/?q=zzyzxqq", wantStatus: 200,
			want:    []string{"No articles match “zzyzxqq”.", `href="/help">query help</a>`},
			notWant: []string{"Try removing a filter"},
		},
		{
			name: "a bad query is a 400 with the parser's message", target: "/?q=%22unclosed+phrase", wantStatus: 400,
			want: []string{
				`role="alert"`, "unclosed quote", `value="&#34;unclosed phrase"`,
			},
			notWant: []string{`<ol class="hits"`},
		},
		{
			name: "a bad parameter is a 400 that links to the search without it", target: "/?q=iraq&sort=random", wantStatus: 400,
			want: []string{`unknown sort &#34;random&#34;`, `value="iraq"`, `<a href="/?q=iraq">search without the other parameters</a>`},
		},
		{
			name: "page two", target: "/?q=iraq&page=2", wantStatus: 200,
			want: []string{
				"11–20 of ", `<ol class="hits" start="11">`,
				`<a href="/?page=2&amp;q=iraq" aria-current="page">`,
				`<a href="/?q=iraq" rel="prev">`, `<a href="/?page=3&amp;q=iraq" rel="next">`,
			},
		},
		{
			name: "a page past the end", target: "/?q=peshmerga&page=7", wantStatus: 200,
			want: []string{"Nothing on this page", `<a href="/?q=peshmerga">Go to the first page</a>`},
		},
		{
			name: "newest first", target: "/?sort=newest&size=5", wantStatus: 200,
			want: []string{`<a href="/?size=5" aria-current="true">Newest</a>`, `<a href="/?size=5&amp;sort=relevance">Relevance</a>`, "1–5 of 107 stories (108 articles)"},
		},
		{
			name: "size 0: the counts and facets alone", target: "/?q=iraq&size=0", wantStatus: 200,
			want:    []string{`<aside class="facets"`, `<a href="/?q=iraq">10</a>`},
			notWant: []string{`rel="next"`, `<ol class="hits"`, "past the last"},
		},
		{
			name: "undated matches", target: "/?q=isis", wantStatus: 200,
			want: []string{
				`<p class="undated-count">`, ` of them undated: <a href="/?q=isis&amp;undated=1">show only those</a></p>`,
				`<rect class="bar undated"`, `aria-label="Undated: `, "The last bar, apart, holds those without a date.",
			},
		},
		{
			name: "only the undated", target: "/?q=isis&undated=1", wantStatus: 200,
			want: []string{
				`<rect class="bar undated sel"`, `(selected)`, `<p class="undated-count">all undated</p>`,
				`<a href="/?q=isis" aria-label="Undated: `,
				`<li><a class="chip" href="/?q=isis" title="Remove this filter"><span><span class="kind">Published:</span> <bdi>undated</bdi>`,
			},
			notWant: []string{`class="bar sel"`, "show only those"},
		},
		{
			name: "relevance first for words", target: "/?q=iraq&sort=newest", wantStatus: 200,
			want: []string{`<a href="/?q=iraq&amp;sort=newest" aria-current="true">Newest</a>`, `<a href="/?q=iraq">Relevance</a>`},
		},
		{
			name: "page size", target: "/?q=iraq&size=20&page=2", wantStatus: 200,
			want: []string{
				`<nav class="sort page-size" aria-label="Hits per page">`,
				`<a href="/?q=iraq&amp;size=20" aria-current="true">20</a>`,
				`<a href="/?q=iraq">10</a>`, `<a href="/?q=iraq&amp;size=100">100</a>`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, server) })
	}
}

func TestSearchPageEntities(t *testing.T) {
	h := fixtureServer(t)
	tests := []pageCase{
		{
			name: "entity facets and histogram by month", target: "/", wantStatus: 200,
			want: []string{
				`<h3 id="facet-people-h">People</h3>`,
				`<a href="/?person=Celeste&#43;Wallander" title="Show only articles with this value">`,
				`<span class="name"><bdi>Celeste Wallander</bdi></span>` + "\n" + `<span class="n">2<span class="vh"> articles</span>`,
				`<span class="name"><bdi>Islamic State</bdi></span>`,
				`<a href="/?from=2023-03&amp;to=2023-03" aria-label="2023-03: 2 articles">`,
				"Articles by month",
			},
		},
		{
			name: "more lists up to 50 values", target: "/", wantStatus: 200,
			want: []string{`<a href="/?facet_size=50#facet-places">more…<span class="vh"> Places</span></a>`},
		},
		{
			name: "with 50 values, fewer goes back", target: "/?facet_size=50", wantStatus: 200,
			want:    []string{`<a href="/#facet-places">fewer`, `<span class="name"><bdi>Dohuk</bdi></span>`},
			notWant: []string{"more…"},
		},
		{
			name: "hits show their entities as filter links", target: "/?q=irbil", wantStatus: 200,
			want: []string{
				`<a class="ent" href="/?person=Celeste&#43;Wallander&amp;q=irbil" title="Filter by this person"><span class="vh">person: </span>Celeste Wallander</a>`,
				`<a class="ent" href="/?organisation=Peshmerga&amp;q=irbil"`,
			},
		},
		{
			name: "a selected entity is ticked and removes its filter", target: "/?q=irbil&person=Celeste+Wallander", wantStatus: 200,
			want: []string{
				`<a class="ent sel" href="/?q=irbil" title="Remove the filter">`,
				`<summary><h3 id="facet-people-h">People <span class="nsel">(1 selected)</span></h3></summary>`,
				`<details class="facet" id="facet-people" open>`,
			},
		},
		{
			name: "a histogram bar in the range is marked selected", target: "/?from=2023-03&to=2023-03", wantStatus: 200,
			want: []string{`aria-label="2023-03: 2 articles (selected)"`, `<rect class="bar sel"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, h) })
	}
}

// articleID finds the ID of the first hit of a JSON API search.
func articleID(t *testing.T, h http.Handler, query string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q="+query, nil))
	var got struct {
		Hits []struct{ ID string } `json:"hits"`
	}
	if err := json.NewDecoder(rec.Body).Decode(&got); err != nil || len(got.Hits) == 0 {
		t.Fatalf("search %q: %v, %d hits", query, err, len(got.Hits))
	}
	return got.Hits[0].ID
}

// TestArticleDateSource checks that the article page and the article API
// say where a date not given by the article's metadata was read.
func TestArticleDateSource(t *testing.T) {
	for _, tt := range []struct {
		query, source, page string
	}{
		{"loan+guarantee+agreement", "url", `<time datetime="2017-01-01">`},
		{"gasmasks", "", "Date unknown"},
		{"%22dual+carrier%22", "metadata", `<time datetime="2020-06-20">`},
	} {
		id := articleID(t, server, tt.query)
		var got struct {
			Published  *string `json:"published"`
			DateSource *string `json:"date_source"`
		}
		get(t, "/api/articles/"+id, &got)
		if tt.source == "" && (got.DateSource != nil || got.Published != nil) || tt.source != "" && (got.DateSource == nil || *got.DateSource != tt.source) {
			t.Errorf("%s: date_source %v, published %v, want %q", tt.query, got.DateSource, got.Published, tt.source)
		}
		_, body := getPage(t, server, "/articles/"+id)
		if !strings.Contains(body, tt.page) || (tt.source == "url") != strings.Contains(body, "(date read from the URL)") {
			t.Errorf("%s: the article page lacks %q, or says wrongly where its date came from:\n%s", tt.query, tt.page, body[:min(len(body), 1500)])
		}
	}
}

func TestArticlePage(t *testing.T) {
	id := articleID(t, server, "wallander")
	res, body := getPage(t, server, "/articles/"+id)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /articles/%s: status %d", id, res.StatusCode)
	}
	for _, s := range []string{
		"<h1>US reaffirms commitment to assist Iraq and Kurdistan in fight against ISIS</h1>",
		`<p class="kicker"><a href="/?source=The&#43;Jerusalem&#43;Post"`,
		`</bdi></a> · Date unknown</p>`, // not "The Jerusalem PostDate unknown"
		`<p class="dek">`,
		`<h2 id="captions-h">Photo captions and credits</h2>`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("the article page lacks %q", s)
		}
	}
	// The paragraphs are in the body, the captions apart from it.
	bodyStart := strings.Index(body, `<div class="body">`)
	captionsStart := strings.Index(body, `<section class="captions"`)
	if bodyStart < 0 || captionsStart < bodyStart {
		t.Fatalf("want the body, then the captions: body at %d, captions at %d", bodyStart, captionsStart)
	}
	text, captions := body[bodyStart:captionsStart], body[captionsStart:]
	if n := strings.Count(text, "<p>"); n < 5 {
		t.Errorf("the body has %d paragraphs, want at least 5", n)
	}
	if n := strings.Count(captions[:strings.Index(captions, "</section>")], "<li>"); n != 2 {
		t.Errorf("%d captions, want 2", n)
	}
	if strings.Contains(text, "photo credit") || strings.Contains(text, "(credit:") {
		t.Errorf("a caption is among the body paragraphs")
	}
}

func TestArticlePageEntities(t *testing.T) {
	h := fixtureServer(t)
	tests := []pageCase{
		{
			name: "entities link to filtered searches", target: "/articles/fx-patrol", wantStatus: 200,
			want: []string{
				`<h2 id="ent-people-h">People</h2>`,
				`<a href="/?person=Celeste&#43;Wallander" title="Search articles with this person">Celeste Wallander</a>`,
				`<a href="/?place=Kirkuk"`, `<a href="/?organisation=Peshmerga"`,
				`<a href="https://example.com/patrol" rel="noopener noreferrer">Read the original at example.com`,
				`<time datetime="2023-02-10">10 Feb 2023</time>`,
				`<p>Second paragraph on <a class="mention m-place" href="/entities/` + entity.ID(entity.Place, "Kirkuk") + `" title="Kirkuk (place)">Kirkuk</a>.</p>`,
				"<li>Soldiers on patrol (photo credit: Field Wire)</li>",
			},
		},
		{
			name: "more like this shares entities and leaves the article out", target: "/articles/fx-patrol", wantStatus: 200,
			want:    []string{`<h2 id="similar-h">More like this</h2>`, `<a href="/articles/fx-talks">Talks in Irbil</a>`},
			notWant: []string{`<a href="/articles/fx-patrol">`, `<a href="/articles/fx-syria">`},
		},
		{
			name: "an unknown id is an HTML 404", target: "/articles/no-such-article", wantStatus: 404,
			want: []string{"<h1>Page not found</h1>", "No article has the id &#34;no-such-article&#34;", `<a href="/">Search all articles</a>`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, h) })
	}
}

func TestHelpPage(t *testing.T) {
	pageCase{
		name: "help", target: "/help", wantStatus: 200,
		want: []string{
			"<h1>How to search</h1>", `<code>"strike group"</code>`, "<code>-word</code>", `<code>-"air strike"</code>`,
			"<code>isis OR daesh</code>", "<code>missil*</code>", "<code>title:kirkuk</code>", "<code>person:wallander</code>",
			"<code>place:kirkuk</code>", "<code>organisation:peshmerga</code>", "<code>org:</code>", "<code>source:centcom</code>",
			"at least 2 letters", "DVIDS", "SEC", "re3d", "Dstl", "Jerusalem Post", `id="data"`,
		},
	}.check(t, server)
}

func TestFacetPage(t *testing.T) {
	tests := []pageCase{
		{
			name: "values matching a prefix, as links adding the filter", target: "/facets/sources?prefix=cent&q=iraq", wantStatus: 200,
			want: []string{
				"Sources matching “cent”", `<a href="/?q=iraq&amp;source=CENTCOM" title="Show only articles with this value">`,
				`<a href="/?q=iraq">← Back to the results</a>`, `value="cent"`,
			},
			notWant: []string{"US State Department"},
		},
		{
			name: "no match", target: "/facets/sources?prefix=zzz", wantStatus: 200,
			want: []string{"No sources matching “zzz” among the articles of this search."},
		},
		{
			name: "unknown facet is an HTML 404", target: "/facets/weapons", wantStatus: 404,
			want: []string{"There is no facet &#34;weapons&#34;"},
		},
		{
			name: "a bad parameter is an HTML 400", target: "/facets/sources?from=yesterday", wantStatus: 400,
			want: []string{"<h1>That request could not be read</h1>", "YYYY-MM-DD"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, server) })
	}
}

func TestNotFoundPages(t *testing.T) {
	tests := []struct {
		name     string
		target   string
		accept   string
		wantType string
		want     string
	}{
		{"a browser gets HTML", "/no/such/page", "text/html", "text/html; charset=UTF-8", "<h1>Page not found</h1>"},
		{"a client without Accept gets JSON", "/no/such/page", "", "application/json", `{"error":"no such page: GET /no/such/page","code":"not_found"}`},
		{"the API answers JSON to a browser too", "/api/no/such", "text/html", "application/json", `"error"`},
		{"an unknown static file", "/static/nope.css", "text/css", "application/json", `"error"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tt.target, nil)
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			rec := httptest.NewRecorder()
			server.ServeHTTP(rec, req)
			if rec.Code != http.StatusNotFound || !strings.HasPrefix(rec.Header().Get("Content-Type"), tt.wantType) || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("GET %s = %d %s %q, want 404 %s with %q", tt.target, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String(), tt.wantType, tt.want)
			}
		})
	}
}

func TestEscaping(t *testing.T) {
	h := fixtureServer(t)
	tests := []pageCase{
		{
			name: "search page", target: "/?q=runs+OR+script+OR+alert", wantStatus: 200,
			want: []string{
				`<a href="/articles/fx-script?q=runs&#43;OR&#43;script&#43;OR&#43;alert">&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)&lt;/<mark>script</mark>&gt;</a>`,
				"&lt;img src=x onerror=<mark>alert</mark>(2)&gt;", "Wire &lt;b&gt;Desk&lt;/b&gt;",
			},
			notWant: []string{"<script>alert", "<img src=x", "<b>Desk"},
		},
		{
			name: "browse page", target: "/", wantStatus: 200,
			want:    []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "Eve &lt;Hacker&gt;"},
			notWant: []string{"<script>alert", "<Hacker>"},
		},
		{
			name: "article page", target: "/articles/fx-script", wantStatus: 200,
			want:    []string{"<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>", "&lt;img src=x onerror=alert(2)&gt; stays text"},
			notWant: []string{"<script>alert", "<img src=x", "javascript:", "Read the original"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, h) })
	}
}

var (
	scriptTag   = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	styleAttr   = regexp.MustCompile(`(?i)<[a-z][^>]*\sstyle\s*=`)
	handlerAttr = regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
	styleTag    = regexp.MustCompile(`(?i)<style\b`)
)

// TestPagesKeepTheCSP checks that every page works under the strict
// Content-Security-Policy: scripts and styles only from /static/.
func TestPagesKeepTheCSP(t *testing.T) {
	fixture := fixtureServer(t)
	tests := []struct {
		name   string
		h      http.Handler
		target string
	}{
		{"browse", server, "/"},
		{"search", server, "/?q=iraq&source=CENTCOM&from=2014"},
		{"empty", server, "/?q=zzyzxqq&source=dvids"},
		{"bad query", server, "/?q=%22"},
		{"article", server, "/articles/" + articleID(t, server, "wallander")},
		{"entities", fixture, "/?q=irbil&person=Celeste+Wallander"},
		{"article with entities", fixture, "/articles/fx-patrol"},
		{"hostile article", fixture, "/articles/fx-script"},
		{"help", server, "/help"},
		{"facet", server, "/facets/sources?prefix=c"},
		{"not found", server, "/articles/nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := getPage(t, tt.h, tt.target)
			if got := res.Header.Get("Content-Security-Policy"); got != "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" {
				t.Errorf("Content-Security-Policy = %q", got)
			}
			for _, tag := range scriptTag.FindAllString(body, -1) {
				if !strings.Contains(tag, ` src="/static/`) {
					t.Errorf("inline or foreign script: %s", tag)
				}
			}
			for _, re := range []*regexp.Regexp{styleAttr, handlerAttr, styleTag} {
				if m := re.FindString(body); m != "" {
					t.Errorf("inline style or handler: %s", m)
				}
			}
			if !strings.Contains(body, `<link rel="stylesheet" href="/static/sitrep.css?v=`) {
				t.Errorf("no style sheet from /static/")
			}
		})
	}
}

func TestStaticFiles(t *testing.T) {
	_, body := getPage(t, server, "/help")
	css := regexp.MustCompile(`href="(/static/sitrep\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(body)
	js := regexp.MustCompile(`src="(/static/sitrep\.js\?v=[0-9a-f]+)"`).FindStringSubmatch(body)
	if css == nil || js == nil {
		t.Fatalf("the page links no versioned style sheet or script")
	}
	tests := []struct {
		name, target, ifNoneMatch string
		wantStatus                int
		wantType, wantCache       string
	}{
		{"versioned style sheet", css[1], "", 200, "text/css; charset=utf-8", "public, max-age=31536000, immutable"},
		{"versioned script", js[1], "", 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"},
		{"unversioned", "/static/sitrep.css", "", 200, "text/css; charset=utf-8", "public, max-age=300"},
		{"icon", "/static/favicon.svg", "", 200, "image/svg+xml", "public, max-age=300"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			server.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.target, nil))
			if rec.Code != tt.wantStatus || rec.Header().Get("Content-Type") != tt.wantType || rec.Header().Get("Cache-Control") != tt.wantCache || rec.Body.Len() == 0 {
				t.Fatalf("GET %s = %d, %q, %q, %d bytes; want %d, %q, %q", tt.target, rec.Code,
					rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"), rec.Body.Len(), tt.wantStatus, tt.wantType, tt.wantCache)
			}
			etag := rec.Header().Get("ETag")
			req := httptest.NewRequest(http.MethodGet, tt.target, nil)
			req.Header.Set("If-None-Match", etag)
			rec = httptest.NewRecorder()
			server.ServeHTTP(rec, req)
			if etag == "" || rec.Code != http.StatusNotModified {
				t.Errorf("GET %s with If-None-Match %s = %d, want 304", tt.target, etag, rec.Code)
			}
		})
	}
}
