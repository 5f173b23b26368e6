package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/search"
)

// This file renders the HTML pages: the embedded templates and static
// files, the error page, and the helpers that format values for reading.

// templateFiles holds the page templates: base.html, the layout every page
// shares, map.html, the map any page may draw, and one file per page.
//
//go:embed templates/*.html
var templateFiles embed.FS

// staticFiles holds the style sheet, the script and the icon served under
// /static/.
//
//go:embed static/*
var staticFiles embed.FS

// pageNames are the HTML pages; each is parsed with base.html into a
// template set of its own.
var pageNames = []string{"search", "article", "facet", "help", "error", "feeds", "entity"}

// partialNames are the templates every page set holds beside base.html:
// parts any page may show.
var partialNames = []string{"map"}

// renderer executes the page templates for echo's Context.Render, which
// renders into a buffer before writing: a template error becomes a clean
// 500, never half a page.
type renderer struct {
	assets *assets
	pages  map[string]*template.Template
}

// newRenderer loads the static files under static/ and parses every page
// template under templates/, so that a broken template fails at start-up.
func newRenderer(templates, static fs.FS) (*renderer, error) {
	a, err := loadAssets(static, "static")
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"static": a.url,
		"count":  countArticles,
		"marked": markedHTML,
	}
	r := &renderer{assets: a, pages: make(map[string]*template.Template, len(pageNames))}
	for _, name := range pageNames {
		files := []string{"templates/base.html"}
		for _, p := range partialNames {
			files = append(files, "templates/"+p+".html")
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templates, append(files, "templates/"+name+".html")...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		if t.Lookup("base") == nil || t.Lookup("title") == nil || t.Lookup("content") == nil {
			return nil, fmt.Errorf("template %s: want base, title and content", name)
		}
		r.pages[name] = t
	}
	return r, nil
}

// Render writes the page name with data.
func (r *renderer) Render(w io.Writer, name string, data any, _ echo.Context) error {
	t, ok := r.pages[name]
	if !ok {
		return fmt.Errorf("render: no page %q", name)
	}
	if err := t.ExecuteTemplate(w, "base", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return nil
}

// asset is one static file, with the digest that versions its URL.
type asset struct {
	name, ctype, version string
	data                 []byte
}

// assets are the static files by name.
type assets struct {
	byName map[string]*asset
}

func loadAssets(fsys fs.FS, dir string) (*assets, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read static files: %w", err)
	}
	a := &assets{byName: make(map[string]*asset, len(entries))}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read static file: %w", err)
		}
		sum := sha256.Sum256(data)
		ctype := mime.TypeByExtension(path.Ext(e.Name()))
		if ctype == "" {
			ctype = http.DetectContentType(data)
		}
		a.byName[e.Name()] = &asset{name: e.Name(), ctype: ctype, version: hex.EncodeToString(sum[:6]), data: data}
	}
	return a, nil
}

// url returns the versioned URL of a static file, or an error naming an
// unknown one.
func (a *assets) url(name string) (string, error) {
	f, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + name + "?v=" + f.version, nil
}

// serve answers GET /static/:name. A URL carrying the file's current
// version may be cached for good; any other for five minutes.
func (a *assets) serve(c echo.Context) error {
	f, ok := a.byName[c.Param("name")]
	if !ok {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, f.ctype)
	h.Set("ETag", `"`+f.version+`"`)
	if c.QueryParam("v") == f.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	http.ServeContent(c.Response(), c.Request(), f.name, time.Time{}, bytes.NewReader(f.data))
	return nil
}

// pageKey marks a request answered by an HTML page, so that its errors are
// answered in HTML too.
const pageKey = "sitrep.html"

// htmlPage marks the requests of an HTML page route.
func htmlPage(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(pageKey, true)
		return next(c)
	}
}

// wantsHTML reports whether an error answer to c should be an HTML page:
// for the HTML routes, and for a browser's request outside /api/.
func wantsHTML(c echo.Context) bool {
	p := c.Request().URL.Path
	if p == "/api" || strings.HasPrefix(p, "/api/") || p == "/healthz" {
		return false
	}
	if page, _ := c.Get(pageKey).(bool); page {
		return true
	}
	return strings.Contains(c.Request().Header.Get(echo.HeaderAccept), echo.MIMETextHTML)
}

// errorView is the data of the error page.
type errorView struct {
	layout
	Status           int
	Heading, Message string
}

// renderError answers with the HTML error page; should that fail, with
// the message as plain text.
func renderError(c echo.Context, status int, msg string) error {
	heading := http.StatusText(status)
	switch {
	case status == http.StatusNotFound:
		heading = "Page not found"
	case status == http.StatusBadRequest:
		heading = "That request could not be read"
	case status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout:
		heading = "The search took too long"
	case status >= 500:
		heading = "Something went wrong"
		msg = "Sitrep could not answer this request. Try again; if it keeps failing, the server's log says why."
	case heading == "":
		heading = "The request was not answered"
	}
	v := errorView{layout: layout{Title: heading}, Status: status, Heading: heading, Message: msg}
	if err := c.Render(status, "error", v); err != nil {
		return errors.Join(err, c.String(status, msg))
	}
	return nil
}

// markedHTML renders a title or snippet as HTML: its text escaped, each
// span wrapped in <mark>. It is the one place search's marked text becomes
// HTML, for the pages (the template function "marked") and for the JSON
// API's title_html and snippet. A span out of order or out of bounds is
// left unmarked; the text is escaped whatever the spans.
func markedHTML(m search.Marked) template.HTML {
	return annotatedHTML(search.Annotated{Marked: m}, 0, len(m.Text))
}

// annotatedHTML renders the bytes from to to of an article's annotated
// text as HTML: escaped, each of its marks in <mark>, each mention of an
// entity a link to the entity's page (class "mention m-" and its kind),
// the marks inside it. Marks and mentions out of order or out of bounds
// are left out.
func annotatedHTML(a search.Annotated, from, to int) template.HTML {
	text := a.Text
	to = min(to, len(text))
	marks := inOrder(a.Spans, len(text), func(sp search.Span) search.Span { return sp })
	mentions := inOrder(a.Mentions, len(text), func(m search.Mention) search.Span { return m.Span })
	cuts := []int{from, to}
	for _, sp := range marks {
		cuts = append(cuts, sp.Start, sp.End)
	}
	for _, m := range mentions {
		cuts = append(cuts, m.Start, m.End)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var b strings.Builder
	var open *search.Mention
	marked := -1 // the index of the mark open
	ki, mi := 0, 0
	for i := 0; i+1 < len(cuts); i++ {
		start, end := cuts[i], cuts[i+1]
		if start < from || end > to {
			continue
		}
		for ki < len(marks) && marks[ki].End <= start {
			ki++
		}
		for mi < len(mentions) && mentions[mi].End <= start {
			mi++
		}
		var in *search.Mention
		if mi < len(mentions) && mentions[mi].Start <= start {
			in = &mentions[mi]
		}
		mark := -1
		if ki < len(marks) && marks[ki].Start <= start {
			mark = ki
		}
		if in != open {
			if marked >= 0 {
				b.WriteString("</mark>")
				marked = -1
			}
			if open != nil {
				b.WriteString("</a>")
			}
			if in != nil {
				kind := in.Entity.Kind.String()
				fmt.Fprintf(&b, `<a class="mention m-%s" href="%s" title="%s">`, kind, html.EscapeString(entityPath(in.Entity.ID)), html.EscapeString(in.Entity.Name+" ("+kind+")"))
			}
			open = in
		}
		if mark != marked {
			if marked >= 0 {
				b.WriteString("</mark>")
			}
			if mark >= 0 {
				b.WriteString("<mark>")
			}
			marked = mark
		}
		b.WriteString(html.EscapeString(text[start:end]))
	}
	if marked >= 0 {
		b.WriteString("</mark>")
	}
	if open != nil {
		b.WriteString("</a>")
	}
	return template.HTML(b.String())
}

// inOrder returns the items whose spans (span) are within n bytes, not
// empty, and each after the one before: those markedHTML shows.
func inOrder[T any](items []T, n int, span func(T) search.Span) []T {
	out := make([]T, 0, len(items))
	at := 0
	for _, it := range items {
		sp := span(it)
		if sp.Start < at || sp.End <= sp.Start || sp.End > n {
			continue
		}
		out = append(out, it)
		at = sp.End
	}
	return out
}

// articlePath returns the URL of an article's page.
func articlePath(id string) string {
	return "/articles/" + url.PathEscape(id)
}

// formatDate returns a date for reading (13 Sep 2022) and for a <time>
// element (2022-09-13); both empty when t is nil.
func formatDate(t *time.Time) (text, machine string) {
	if t == nil {
		return "", ""
	}
	return t.UTC().Format("2 Jan 2006"), t.UTC().Format(time.DateOnly)
}

// formatTook renders the time a search took.
func formatTook(d time.Duration) string {
	ms := float64(d.Microseconds()) / 1000
	if ms >= 1000 {
		return fmt.Sprintf("%.2f s", ms/1000)
	}
	return fmt.Sprintf("%.1f ms", ms)
}

// countArticles renders a number of articles: "1 article", "42 articles".
func countArticles(n uint64) string { return countNoun(n, "article", "articles") }

// countStories renders a number of stories: "1 story", "40 stories".
func countStories(n uint64) string { return countNoun(n, "story", "stories") }

// countNoun writes n with the noun one or many: "1 place", "3 places".
func countNoun(n uint64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
