package web

import (
	"html/template"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/search"
)

func TestMarkedHTML(t *testing.T) {
	// marked is text with spans given as start, end pairs.
	marked := func(text string, bounds ...int) search.Marked {
		m := search.Marked{Text: text}
		for i := 0; i+1 < len(bounds); i += 2 {
			m.Spans = append(m.Spans, search.Span{Start: bounds[i], End: bounds[i+1]})
		}
		return m
	}
	tests := []struct {
		name string
		in   search.Marked
		want template.HTML
	}{
		{"text escaped, spans marked", marked(`a Kirkuk & b 'c' <d> "e"`, 2, 8), "a <mark>Kirkuk</mark> &amp; b &#39;c&#39; &lt;d&gt; &#34;e&#34;"},
		{"no spans", marked("plain text …"), "plain text …"},
		{"empty", marked(""), ""},
		{"markup in the text is text", marked("<mark>x</mark><script>alert(1)</script>", 6, 7), "&lt;mark&gt;<mark>x</mark>&lt;/mark&gt;&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"a marked script is still text", marked("<script>", 0, 8), "<mark>&lt;script&gt;</mark>"},
		{"adjacent spans", marked("ab", 0, 1, 1, 2), "<mark>a</mark><mark>b</mark>"},
		{"a reference in the text is text", marked("&amp; &#xZZ;"), "&amp;amp; &amp;#xZZ;"},
		{"UTF-8", marked("Ирбиль é", 0, 12), "<mark>Ирбиль</mark> é"},
		{"spans out of order or bounds are left out", marked("abcdef", 2, 3, 0, 1, 4, 4, 5, 99, 4, 6), "ab<mark>c</mark>d<mark>ef</mark>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markedHTML(tt.in); got != tt.want {
				t.Errorf("markedHTML(%+v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPageState(t *testing.T) {
	q := url.Values{
		"q": {"isis"}, "person": {"A", "A", ""}, "org": {"ISIS"}, "organisation": {"Peshmerga"},
		"sort": {"relevance"}, "page": {"3"}, "cursor": {"x"}, "junk": {"y"},
	}
	st := newPageState(q)
	tests := []struct {
		name, got, want string
	}{
		{"state", st.link(func(url.Values) {}), "/?organisation=Peshmerga&organisation=ISIS&person=A&q=isis"},
		{"adding", st.adding("place", "Irbil"), "/?organisation=Peshmerga&organisation=ISIS&person=A&place=Irbil&q=isis"},
		{"adding twice", st.adding("person", "A"), "/?organisation=Peshmerga&organisation=ISIS&person=A&q=isis"},
		{"removing", st.removing("organisation", "ISIS"), "/?organisation=Peshmerga&person=A&q=isis"},
		{"removing the last", st.removing("person", "A"), "/?organisation=Peshmerga&organisation=ISIS&q=isis"},
		{"setting", st.setting("from", "2022", "to", "2022"), "/?from=2022&organisation=Peshmerga&organisation=ISIS&person=A&q=isis&to=2022"},
		{"unsetting", st.setting("q", ""), "/?organisation=Peshmerga&organisation=ISIS&person=A"},
		{"empty", newPageState(url.Values{"page": {"2"}}).link(func(url.Values) {}), "/"},
		{"defaults of collapse and facet_count left out", newPageState(url.Values{"collapse": {"true"}, "facet_count": {"articles"}}).link(func(url.Values) {}), "/"},
		{"collapse off kept, spelt false", newPageState(url.Values{"collapse": {"0"}, "facet_count": {"stories"}}).link(func(url.Values) {}), "/?collapse=false&facet_count=stories"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %s, want %s", tt.got, tt.want)
			}
		})
	}
}

func TestPager(t *testing.T) {
	type page struct {
		N       int
		Current bool
	}
	tests := []struct {
		name  string
		query string
		total uint64
		// stories, when set, makes the result collapsed: pages count
		// stories.
		stories    uint64
		page, size int
		next       string
		wantPages  []page // N 0 is a gap
		wantPrev   string
		wantNext   string
		wantFirst  string
	}{
		{name: "one page", total: 7, page: 1, size: 10},
		{name: "first of three", total: 25, page: 1, size: 10, next: "c",
			wantPages: []page{{1, true}, {2, false}, {3, false}}, wantNext: "/?page=2"},
		{name: "middle of many", total: 200, page: 10, size: 10, next: "c",
			wantPages: []page{{1, false}, {0, false}, {8, false}, {9, false}, {10, true}, {11, false}, {12, false}, {0, false}, {20, false}},
			wantPrev:  "/?page=9", wantNext: "/?page=11"},
		{name: "last", total: 25, page: 3, size: 10,
			wantPages: []page{{1, false}, {2, false}, {3, true}}, wantPrev: "/?page=2"},
		{name: "past the numbered window a cursor goes on", total: 50_000, page: 100, size: 100, next: "c",
			wantPages: []page{{1, false}, {0, false}, {98, false}, {99, false}, {100, true}},
			wantPrev:  "/?page=99&size=100", wantNext: "/?cursor=c&size=100"},
		{name: "a cursor page", query: "cursor=b", total: 50, page: 1, size: 10, next: "c",
			wantFirst: "/", wantNext: "/?cursor=c"},
		{name: "collapsed: pages of stories", total: 45, stories: 25, page: 1, size: 10, next: "c",
			wantPages: []page{{1, true}, {2, false}, {3, false}}, wantNext: "/?page=2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			if tt.size != search.DefaultSize {
				q.Set("size", strconv.Itoa(tt.size))
			}
			req, err := searchRequest(q)
			if err != nil {
				t.Fatal(err)
			}
			res := &search.Result{Total: tt.total, Stories: tt.total, Page: tt.page, Size: tt.size, NextCursor: tt.next}
			if tt.stories != 0 {
				res.Stories, res.Collapsed = tt.stories, true
			}
			pg := newPager(newPageState(q), req, res)
			var got []page
			for _, p := range pg.Pages {
				got = append(got, page{p.Number, p.Current})
			}
			if diff := cmp.Diff(tt.wantPages, got); diff != "" {
				t.Errorf("pages (-want +got):\n%s", diff)
			}
			if pg.Prev != tt.wantPrev || pg.Next != tt.wantNext || pg.First != tt.wantFirst {
				t.Errorf("prev %q next %q first %q, want %q %q %q", pg.Prev, pg.Next, pg.First, tt.wantPrev, tt.wantNext, tt.wantFirst)
			}
		})
	}
}

func TestBrokenTemplateFailsAtStart(t *testing.T) {
	templates := fstest.MapFS{}
	for _, name := range append(append([]string{"base"}, partialNames...), pageNames...) {
		templates["templates/"+name+".html"] = &fstest.MapFile{Data: []byte(`{{define "title"}}t{{end}}{{define "content"}}c{{end}}{{define "base"}}b{{end}}`)}
	}
	if _, err := newRenderer(templates, staticFiles); err != nil {
		t.Fatalf("good templates: %v", err)
	}
	templates["templates/article.html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}{{if .X}}{{end}}`)}
	if _, err := newRenderer(templates, staticFiles); err == nil || !strings.Contains(err.Error(), "article") {
		t.Errorf("a broken template: err = %v, want one naming it", err)
	}
}

// TestTemplateErrorIsAClean500 renders a page with data it cannot use:
// the answer is the error page, with no part of the broken one.
func TestTemplateErrorIsAClean500(t *testing.T) {
	r, err := newRenderer(templateFiles, staticFiles)
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	e.Renderer = r
	e.HTTPErrorHandler = errorHandler(slog.New(slog.DiscardHandler), 32<<20)
	e.GET("/", func(c echo.Context) error {
		return c.Render(http.StatusOK, "search", struct{ Title, Query string }{"t", "q"})
	}, htmlPage)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusInternalServerError || !strings.Contains(body, "<h1>Something went wrong</h1>") || strings.Count(body, "<html") != 1 || strings.Contains(body, `class="facets"`) {
		t.Errorf("GET / = %d:\n%s\nwant one clean 500 page", rec.Code, body)
	}
}
