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
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/index/watch"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search"
)

// templateFiles holds the page templates: base.html, the layout every page
// shares, and one file per page.
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
var pageNames = []string{"search", "article", "facet", "help", "error", "feeds"}

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
	}
	r := &renderer{assets: a, pages: make(map[string]*template.Template, len(pageNames))}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templates, "templates/base.html", "templates/"+name+".html")
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

// pages holds the HTML page handlers.
type pages struct {
	s      Searcher
	logger *slog.Logger
	// feedStatus reports the watched feeds; nil when there are none.
	feedStatus   FeedStatus
	feedInterval time.Duration
}

// layout is what base.html needs of every page.
type layout struct {
	// Title is the page's title, before " · Sitrep".
	Title string
	// Query fills the search box.
	Query string
	// Keep are the hidden fields of the search box's form: the filters a
	// new query keeps.
	Keep []param
}

// param is one query parameter, for hidden form fields.
type param struct{ Name, Value string }

// link is a labelled URL.
type link struct {
	Label, URL string
	Current    bool
}

// facetParam ties a term facet to the parameter that filters on it.
type facetParam struct {
	facet, param string
	// label names the facet ("People"), kind one value ("person") and
	// noun the values in running text ("people").
	label, kind, noun string
}

// facetParams are the term facets in the order the page shows them.
var facetParams = []facetParam{
	{search.FacetPeople, "person", "People", "person", "people"},
	{search.FacetPlaces, "place", "Places", "place", "places"},
	{search.FacetOrganisations, "organisation", "Organisations", "organisation", "organisations"},
	{search.FacetSources, "source", "Sources", "source", "sources"},
}

func lookupFacetParam(facet string) (facetParam, bool) {
	i := slices.IndexFunc(facetParams, func(f facetParam) bool { return f.facet == facet })
	if i < 0 {
		return facetParam{}, false
	}
	return facetParams[i], true
}

// filterParams are the filter parameters, in the order chips show them.
var filterParams = []string{"person", "place", "organisation", "source"}

// stateParams are the parameters a search page's links carry over: all
// but page and cursor, which each link sets for itself.
var stateParams = []string{"q", "person", "place", "organisation", "source", "from", "to", "sort", "size", "facet_size", "collapse", "facet_count"}

// pageState is a search page's URL without its page or cursor: what every
// link on the page starts from.
type pageState struct {
	v url.Values
}

// newPageState keeps the state parameters of q, with org read as
// organisation, empty and repeated values dropped and the defaults of
// sort, collapse and facet_count left out.
func newPageState(q url.Values) pageState {
	v := url.Values{}
	for _, k := range stateParams {
		vals := q[k]
		if k == "organisation" {
			vals = append(slices.Clone(vals), q["org"]...)
		}
		for _, s := range vals {
			if s != "" && !slices.Contains(v[k], s) {
				v.Add(k, s)
			}
		}
	}
	if v.Get("sort") == string(search.ByRelevance) {
		v.Del("sort")
	}
	if collapse, err := strconv.ParseBool(v.Get("collapse")); err == nil {
		if collapse {
			v.Del("collapse")
		} else {
			v.Set("collapse", "false")
		}
	}
	if v.Get("facet_count") == string(search.CountArticles) {
		v.Del("facet_count")
	}
	return pageState{v: v}
}

// link returns the search page URL of the state changed by edit.
func (s pageState) link(edit func(url.Values)) string {
	v := make(url.Values, len(s.v))
	for k, vs := range s.v {
		v[k] = slices.Clone(vs)
	}
	edit(v)
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// adding returns the URL with one more value of a filter.
func (s pageState) adding(key, value string) string {
	return s.link(func(v url.Values) {
		if !slices.Contains(v[key], value) {
			v.Add(key, value)
		}
	})
}

// removing returns the URL without one value of a filter.
func (s pageState) removing(key, value string) string {
	return s.link(func(v url.Values) {
		v[key] = slices.DeleteFunc(v[key], func(x string) bool { return x == value })
		if len(v[key]) == 0 {
			delete(v, key)
		}
	})
}

// toggling removes a selected value and adds any other.
func (s pageState) toggling(key, value string, selected bool) string {
	if selected {
		return s.removing(key, value)
	}
	return s.adding(key, value)
}

// setting returns the URL with the parameters set to the values given in
// pairs ("" removes one).
func (s pageState) setting(kv ...string) string {
	return s.link(func(v url.Values) {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				v.Del(kv[i])
			} else {
				v.Set(kv[i], kv[i+1])
			}
		}
	})
}

// params lists the state as hidden fields, leaving out the named ones.
func (s pageState) params(skip ...string) []param {
	var out []param
	for _, k := range stateParams {
		if slices.Contains(skip, k) {
			continue
		}
		for _, val := range s.v[k] {
			out = append(out, param{k, val})
		}
	}
	return out
}

// searchView is the data of the search page.
type searchView struct {
	layout
	// Error is the message of a query that could not be run.
	Error string
	Total uint64
	// Counted says how many results there are: "42 articles", or "40
	// stories (42 articles)" when copies are collapsed.
	Counted string
	Took    string
	// Collapse switches between one hit per story and every article;
	// nil when that would change nothing. CountBy switches the facets
	// between counting articles and stories.
	Collapse *link
	CountBy  []link
	// First and Last number the hits shown, from 1.
	First, Last int
	Hits        []hitView
	Facets      []facetView
	Histogram   *histogramView
	Filters     []chip
	ClearAll    string
	Sorts       []link
	Pager       pager
	// PastEnd links to page 1 when the page asked for lies past the last
	// hit.
	PastEnd string
}

// hitView is one result.
type hitView struct {
	Href      string
	Title     template.HTML
	Source    string
	SourceURL string
	// Date is for reading, DateTime for the <time> element.
	Date, DateTime string
	Snippet        template.HTML
	Entities       []entityLink
	// AlsoIn links the other articles of the hit's story; AlsoInMore
	// counts those not listed.
	AlsoIn     []alsoInView
	AlsoInMore int
}

// alsoInView is another article of a hit's story, named by its source,
// with its date.
type alsoInView struct {
	Href, Label, Title, Date, DateTime string
}

// entityLink is a person, place or organisation as a link adding (or, when
// selected, removing) its filter.
type entityLink struct {
	Kind, Value, URL string
	Selected         bool
}

// facetView is one term facet of the side panel.
type facetView struct {
	// Name is the facet (people); Param filters on it (person).
	Name, Param, Label, Noun string
	Values                   []facetValueView
	// MoreURL lists more values; FewerURL goes back to the default.
	MoreURL, FewerURL string
	// Hidden are the fields of the facet's Find form.
	Hidden []param
	Open   bool
	// Selected counts the selected values.
	Selected int
	// One and Many name what the counts count ("article", "articles").
	One, Many string
}

// facetValueView is one facet value as a link adding or removing it.
type facetValueView struct {
	Value    string
	Count    int
	Selected bool
	URL      string
}

// chip is a current filter with the URL that removes it.
type chip struct {
	Kind, Value, URL string
}

// pager links the pages of results.
type pager struct {
	// First links to page 1 from a page reached by a cursor.
	First, Prev, Next string
	Pages             []pageLink
}

// pageLink is one numbered page, or a gap between numbers.
type pageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// histogramView draws the date histogram as SVG bars, sized by attributes
// (the Content-Security-Policy allows no inline style).
type histogramView struct {
	// Width and Height are the drawing's size in SVG units; PixelWidth
	// its width on the page: all of it, unless a few bars would be too
	// wide.
	Width, Height         int
	PixelWidth            string
	Selected              bool
	Bars                  []barView
	FirstLabel, LastLabel string
	Caption               string
}

// barView is one bar: a period, its count, and the link that filters on it
// (none when the period has no articles).
type barView struct {
	Label, Aria, URL string
	Count            int
	Selected         bool
	X, Y, W, H       int
}

// Histogram geometry, in SVG user units.
const (
	histogramHeight = 64
	barSlot         = 12
	barGap          = 2
	minBarHeight    = 2
	// A histogram of fewer than maxNarrowBars bars is drawn
	// narrowBarPixels wide a bar rather than across the panel.
	maxNarrowBars   = 10
	narrowBarPixels = 36
)

// Display limits.
const (
	// moreFacetSize is how many values "more…" lists.
	moreFacetSize = 50
	// entitiesPerKind is how many people, places and organisations a hit
	// shows of each.
	entitiesPerKind = 2
	// pageWindow is how many page numbers are shown either side of the
	// current one.
	pageWindow = 2
)

// search answers GET /: the search page. A query that cannot be run is
// shown on the page with status 400, the box still holding it.
func (p *pages) search(c echo.Context) error {
	params := c.QueryParams()
	st := newPageState(params)
	req, err := searchRequest(params)
	var res *search.Result
	if err == nil {
		res, err = p.s.Search(c.Request().Context(), req)
	}
	if qe, ok := errors.AsType[*search.QueryError](err); ok {
		return c.Render(http.StatusBadRequest, "search", errorSearchView(st, qe))
	}
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "search", newSearchView(st, req, res))
}

// errorSearchView is the search page for a query that could not be run:
// the message, the box holding the query, and a link without the faulty
// parameter when it was not the query.
func errorSearchView(st pageState, qe *search.QueryError) searchView {
	v := searchView{layout: layout{Title: "Error", Query: st.v.Get("q")}, Error: qe.Error()}
	bad := qe.Param
	if bad == "" {
		bad = "q"
	}
	v.Keep = st.params("q", bad, "page", "cursor")
	if bad != "q" {
		v.ClearAll = st.setting(bad, "")
	}
	return v
}

// newSearchView shapes a result for the search page.
func newSearchView(st pageState, req search.Request, res *search.Result) searchView {
	q := st.v.Get("q")
	title := "Search"
	if q != "" {
		title = q
	}
	v := searchView{
		layout:  layout{Title: title, Query: q, Keep: st.params("q")},
		Total:   res.Total,
		Counted: countArticles(res.Total),
		Took:    formatTook(res.Took),
	}
	if res.Collapsed && res.Stories != res.Total {
		v.Counted = countStories(res.Stories) + " (" + countArticles(res.Total) + ")"
		v.Collapse = &link{Label: fmt.Sprintf("Show all %d articles", res.Total), URL: st.setting("collapse", "false")}
	} else if !res.Collapsed {
		v.Collapse = &link{Label: "One hit per story", URL: st.setting("collapse", "")}
	}
	one, many := "article", "articles"
	if res.FacetCount == search.CountStories {
		one, many = "story", "stories"
	}
	for _, c := range []search.FacetCount{search.CountArticles, search.CountStories} {
		val := string(c)
		if c == search.CountArticles {
			val = ""
		}
		v.CountBy = append(v.CountBy, link{Label: string(c), URL: st.setting("facet_count", val), Current: c == res.FacetCount})
	}
	selected := map[string][]string{
		"person": req.People, "place": req.Places, "organisation": req.Organisations, "source": req.Sources,
	}
	if len(res.Hits) > 0 {
		v.First = (res.Page-1)*res.Size + 1
		if req.Cursor != "" {
			v.First = 1 // a cursor page does not know its number
		}
		v.Last = v.First + len(res.Hits) - 1
	} else if res.Total > 0 {
		v.PastEnd = st.link(func(url.Values) {})
	}
	for _, h := range res.Hits {
		v.Hits = append(v.Hits, newHitView(st, h, selected))
	}
	for _, fp := range facetParams {
		fv := newFacetView(st, fp, res.Facets[fp.facet], req.FacetSize)
		fv.One, fv.Many = one, many
		v.Facets = append(v.Facets, fv)
	}
	v.Histogram = newHistogramView(st, res.Published, req.From, req.To, one, many)
	v.Filters = chips(st)
	v.ClearAll = st.link(func(v url.Values) {
		for _, k := range filterParams {
			v.Del(k)
		}
		v.Del("from")
		v.Del("to")
	})
	cur := req.Sort
	if cur == "" {
		cur = search.ByRelevance
	}
	for _, s := range []struct {
		sort  search.Sort
		label string
	}{{search.ByRelevance, "Relevance"}, {search.Newest, "Newest"}, {search.Oldest, "Oldest"}} {
		val := string(s.sort)
		if s.sort == search.ByRelevance {
			val = ""
		}
		v.Sorts = append(v.Sorts, link{Label: s.label, URL: st.setting("sort", val), Current: s.sort == cur})
	}
	v.Pager = newPager(st, req, res)
	return v
}

func newHitView(st pageState, h search.Hit, selected map[string][]string) hitView {
	hv := hitView{
		Href:    articlePath(h.ID),
		Title:   markedHTML(h.TitleHTML),
		Source:  h.Source,
		Snippet: markedHTML(h.Snippet),
	}
	if hv.Title == "" {
		hv.Title = "(untitled)"
	}
	if h.Source != "" {
		hv.SourceURL = st.adding("source", h.Source)
	}
	hv.Date, hv.DateTime = formatDate(h.Published)
	for _, g := range []struct {
		kind, param string
		values      []string
	}{{"person", "person", h.People}, {"place", "place", h.Places}, {"organisation", "organisation", h.Organisations}} {
		for _, val := range g.values[:min(len(g.values), entitiesPerKind)] {
			sel := slices.Contains(selected[g.param], val)
			hv.Entities = append(hv.Entities, entityLink{Kind: g.kind, Value: val, URL: st.toggling(g.param, val, sel), Selected: sel})
		}
	}
	for _, m := range h.AlsoIn {
		title := m.Title
		if title == "" {
			title = "(untitled)"
		}
		label := m.Source
		if label == "" {
			label = title
		}
		av := alsoInView{Href: articlePath(m.ID), Label: label, Title: title}
		av.Date, av.DateTime = formatDate(m.Published)
		hv.AlsoIn = append(hv.AlsoIn, av)
	}
	hv.AlsoInMore = h.AlsoInTotal - len(h.AlsoIn)
	return hv
}

func newFacetView(st pageState, fp facetParam, f search.Facet, facetSize int) facetView {
	fv := facetView{
		Name: fp.facet, Param: fp.param, Label: fp.label, Noun: fp.noun,
		Hidden: st.params(),
	}
	for _, val := range f.Values {
		fv.Values = append(fv.Values, facetValueView{
			Value: val.Value, Count: val.Count, Selected: val.Selected,
			URL: st.toggling(fp.param, val.Value, val.Selected),
		})
		if val.Selected {
			fv.Selected++
		}
	}
	fv.Open = fv.Selected > 0
	anchor := "#facet-" + fp.facet
	if f.More && facetSize < moreFacetSize {
		fv.MoreURL = st.setting("facet_size", fmt.Sprint(moreFacetSize)) + anchor
	}
	if st.v.Get("facet_size") != "" {
		fv.FewerURL = st.setting("facet_size", "") + anchor
	}
	return fv
}

// newHistogramView draws the histogram, whose bars count the units named
// one and many ("article", "articles"); nil when no result has a date.
func newHistogramView(st pageState, h search.Histogram, from, to *time.Time, one, many string) *histogramView {
	if len(h.Buckets) == 0 {
		return nil
	}
	top := 0
	for _, b := range h.Buckets {
		top = max(top, b.Count)
	}
	hv := &histogramView{
		Width:      len(h.Buckets) * barSlot,
		Height:     histogramHeight,
		FirstLabel: h.Buckets[0].Value,
		LastLabel:  h.Buckets[len(h.Buckets)-1].Value,
	}
	hv.PixelWidth = "100%"
	if len(h.Buckets) < maxNarrowBars {
		hv.PixelWidth = fmt.Sprint(len(h.Buckets) * narrowBarPixels)
	}
	ranged := from != nil || to != nil
	for i, b := range h.Buckets {
		bar := barView{Label: b.Value, Count: b.Count, X: i*barSlot + barGap/2, W: barSlot - barGap}
		bar.H = minBarHeight
		if b.Count > 0 && top > 0 {
			bar.H = max(minBarHeight, b.Count*histogramHeight/top)
			lo, hi := bucketBounds(b)
			bar.URL = st.setting("from", lo, "to", hi)
			last := b.To.Add(-time.Nanosecond)
			bar.Selected = ranged && (from == nil || !b.From.Before(*from)) && (to == nil || !last.After(*to))
		}
		bar.Y = histogramHeight - bar.H
		switch {
		case b.Count == 0:
			bar.Aria = b.Value + ": no " + many
		case b.Count == 1:
			bar.Aria = b.Value + ": 1 " + one
		default:
			bar.Aria = fmt.Sprintf("%s: %d %s", b.Value, b.Count, many)
		}
		if bar.Selected {
			bar.Aria += " (selected)"
			hv.Selected = true
		}
		hv.Bars = append(hv.Bars, bar)
	}
	by := "month"
	if h.Interval == "year" {
		by = "year"
	}
	hv.Caption = capitalize(many) + " by " + by + ": follow a bar to keep only that period."
	return hv
}

// bucketBounds returns the from and to parameters that select a bucket:
// its name when that is a year or month, else its first and last day.
func bucketBounds(b search.Bucket) (from, to string) {
	for _, layout := range []string{"2006", "2006-01"} {
		if _, err := time.Parse(layout, b.Value); err == nil && len(b.Value) == len(layout) {
			return b.Value, b.Value
		}
	}
	return b.From.Format(time.DateOnly), b.To.Add(-time.Nanosecond).Format(time.DateOnly)
}

// chips lists the current filters, each with the URL that removes it.
func chips(st pageState) []chip {
	var out []chip
	for _, k := range filterParams {
		fp := facetParams[slices.IndexFunc(facetParams, func(f facetParam) bool { return f.param == k })]
		for _, val := range st.v[k] {
			out = append(out, chip{Kind: capitalize(fp.kind), Value: val, URL: st.removing(k, val)})
		}
	}
	from, to := st.v.Get("from"), st.v.Get("to")
	var dates string
	switch {
	case from != "" && to != "" && from == to:
		dates = from
	case from != "" && to != "":
		dates = from + " to " + to
	case from != "":
		dates = "from " + from
	case to != "":
		dates = "until " + to
	}
	if dates != "" {
		out = append(out, chip{Kind: "Published", Value: dates, URL: st.setting("from", "", "to", "")})
	}
	return out
}

func newPager(st pageState, req search.Request, res *search.Result) pager {
	var pg pager
	cursorURL := func(cursor string) string {
		return st.link(func(v url.Values) { v.Set("cursor", cursor) })
	}
	pageURL := func(n int) string {
		return st.link(func(v url.Values) {
			if n > 1 {
				v.Set("page", fmt.Sprint(n))
			}
		})
	}
	if req.Cursor != "" {
		pg.First = pageURL(1)
		if res.NextCursor != "" {
			pg.Next = cursorURL(res.NextCursor)
		}
		return pg
	}
	size := max(res.Size, 1)
	results := res.Total
	if res.Collapsed {
		results = res.Stories // a page holds one hit per story
	}
	pages := int((results + uint64(size) - 1) / uint64(size))
	numbered := min(pages, search.MaxWindow/size)
	cur := res.Page
	if pages <= 1 && cur <= 1 {
		return pg
	}
	if cur > 1 {
		pg.Prev = pageURL(min(cur-1, max(numbered, 1)))
	}
	switch {
	case cur < numbered:
		pg.Next = pageURL(cur + 1)
	case res.NextCursor != "":
		pg.Next = cursorURL(res.NextCursor)
	}
	lastShown := 0
	for n := 1; n <= numbered; n++ {
		if n != 1 && n != numbered && (n < cur-pageWindow || n > cur+pageWindow) {
			continue
		}
		if lastShown > 0 && n > lastShown+1 {
			pg.Pages = append(pg.Pages, pageLink{Gap: true})
		}
		pg.Pages = append(pg.Pages, pageLink{Number: n, URL: pageURL(n), Current: n == cur})
		lastShown = n
	}
	return pg
}

// articleView is the data of the article page.
type articleView struct {
	layout
	Heading, Summary, Source, SourceURL string
	Date, DateTime                      string
	Original, OriginalHost              string
	Authors, Paragraphs, Captions       []string
	Entities                            []entityGroup
	Similar                             []similarView
}

// entityGroup is the people, places or organisations of an article.
type entityGroup struct {
	Name, Label string
	Links       []entityLink
}

// similarView is one "more like this" article.
type similarView struct {
	Href, Title, Source, Date, DateTime string
}

// Limits of "more like this".
const (
	similarCount = 5
	// similarTerms bounds the entities the query ORs, well under
	// search.MaxQueryTerms.
	similarTerms = 24
)

// article answers GET /articles/:id: the article, its entities as links to
// filtered searches, and more like it. An unknown id is an HTML 404.
func (p *pages) article(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := p.s.Article(ctx, c.Param("id"))
	if errors.Is(err, search.ErrNotFound) {
		return renderError(c, http.StatusNotFound, fmt.Sprintf("No article has the id %q. It may have been removed from the index; search for it instead.", c.Param("id")))
	}
	if err != nil {
		return err
	}
	v := newArticleView(a)
	if q := similarQuery(a); q != "" {
		res, err := p.s.Search(ctx, search.Request{Query: q, Size: similarCount + 1, FacetSize: 1})
		switch {
		case err == nil:
			v.Similar = similarViews(res.Hits, a)
		case ctx.Err() != nil:
			return err
		default:
			// The article is worth showing without its neighbours.
			p.logger.WarnContext(ctx, "more like this", slog.String("id", a.ID), slog.Any("error", err))
		}
	}
	return c.Render(http.StatusOK, "article", v)
}

func newArticleView(a *index.Article) articleView {
	title := a.Title
	if title == "" {
		title = "(untitled)"
	}
	st := newPageState(nil)
	v := articleView{
		layout:     layout{Title: title},
		Heading:    title,
		Summary:    a.Summary,
		Source:     a.Source,
		Authors:    a.Authors,
		Paragraphs: a.Paragraphs(),
		Captions:   a.Captions,
	}
	if a.Source != "" {
		v.SourceURL = st.adding("source", a.Source)
	}
	v.Date, v.DateTime = formatDate(a.Published)
	if u, err := url.Parse(a.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		v.Original, v.OriginalHost = a.URL, strings.TrimPrefix(u.Hostname(), "www.")
	}
	for _, g := range []struct {
		name, label, kind, param string
		values                   []string
	}{
		{search.FacetPeople, "People", "person", "person", a.People},
		{search.FacetPlaces, "Places", "place", "place", a.Places},
		{search.FacetOrganisations, "Organisations", "organisation", "organisation", a.Organisations},
	} {
		if len(g.values) == 0 {
			continue
		}
		eg := entityGroup{Name: g.name, Label: g.label}
		for _, val := range g.values {
			eg.Links = append(eg.Links, entityLink{Kind: g.kind, Value: val, URL: st.adding(g.param, val)})
		}
		v.Entities = append(v.Entities, eg)
	}
	return v
}

// similarQuery returns a query for articles sharing entities with a: its
// people, places and organisations ORed as scoped phrases. Relevance then
// ranks first the articles matching the most of them. It returns "" for
// an article without entities.
func similarQuery(a *index.Article) string {
	var terms []string
	for _, g := range []struct {
		scope  string
		values []string
	}{{"person", a.People}, {"organisation", a.Organisations}, {"place", a.Places}} {
		for _, val := range g.values {
			val = strings.Join(strings.Fields(val), " ")
			if val == "" || strings.Contains(val, `"`) || len(terms) == similarTerms {
				continue
			}
			terms = append(terms, g.scope+`:"`+val+`"`)
		}
	}
	return strings.Join(terms, " OR ")
}

// similarViews lists hits for "more like this" of the article self,
// leaving out self and its story's other articles (its copies).
func similarViews(hits []search.Hit, self *index.Article) []similarView {
	var out []similarView
	for _, h := range hits {
		if h.ID == self.ID || self.Story != "" && h.Story == self.Story || len(out) == similarCount {
			continue
		}
		sv := similarView{Href: articlePath(h.ID), Title: h.Title, Source: h.Source}
		if sv.Title == "" {
			sv.Title = "(untitled)"
		}
		sv.Date, sv.DateTime = formatDate(h.Published)
		out = append(out, sv)
	}
	return out
}

// facetPageView is the data of the facet page: the values of one facet
// matching a prefix, for browsers without JavaScript.
type facetPageView struct {
	layout
	Name, Label, Noun, Prefix string
	// One and Many name what the counts count ("article", "articles").
	One, Many string
	Values    []facetValueView
	More      bool
	Selected  bool
	Hidden    []param
	BackURL   string
}

// facet answers GET /facets/:facet?prefix=: the page a facet's Find box
// submits to without JavaScript, listing the values matching the prefix
// under the same query and filters.
func (p *pages) facet(c echo.Context) error {
	fp, ok := lookupFacetParam(c.Param("facet"))
	if !ok {
		return renderError(c, http.StatusNotFound, fmt.Sprintf("There is no facet %q: the facets are people, places, organisations and sources.", c.Param("facet")))
	}
	params := c.QueryParams()
	req, err := searchRequest(params)
	if err != nil {
		return err
	}
	prefix := strings.TrimSpace(params.Get("prefix"))
	res, err := p.s.FacetValues(c.Request().Context(), search.FacetRequest{
		Request: req, Facet: fp.facet, Prefix: prefix, Size: moreFacetSize,
	})
	if err != nil {
		return err
	}
	st := newPageState(params)
	v := facetPageView{
		layout: layout{Title: fp.label, Query: st.v.Get("q"), Keep: st.params("q")},
		Name:   fp.facet, Label: fp.label, Noun: fp.noun, Prefix: prefix,
		More: res.More, Hidden: st.params(), BackURL: st.link(func(url.Values) {}),
		One: "article", Many: "articles",
	}
	if req.FacetCount == search.CountStories {
		v.One, v.Many = "story", "stories"
	}
	for _, val := range res.Values {
		v.Values = append(v.Values, facetValueView{
			Value: val.Value, Count: val.Count, Selected: val.Selected,
			URL: st.toggling(fp.param, val.Value, val.Selected),
		})
		v.Selected = v.Selected || val.Selected
	}
	return c.Render(http.StatusOK, "facet", v)
}

// help answers GET /help: the query language, the facets and the data.
func (p *pages) help(c echo.Context) error {
	return c.Render(http.StatusOK, "help", layout{Title: "Help"})
}

// feedsView is the data of the feeds status page.
type feedsView struct {
	layout
	Feeds    []watch.Status
	Interval time.Duration
}

// feeds shows when each watched feed was last fetched and what failed.
func (p *pages) feeds(c echo.Context) error {
	v := feedsView{layout: layout{Title: "Feeds"}}
	if p.feedStatus != nil {
		v.Feeds, v.Interval = p.feedStatus.Status(), p.feedInterval
	}
	return c.Render(http.StatusOK, "feeds", v)
}

// markedHTML returns s, which should be HTML made of escaped text and
// <mark> elements, as template.HTML after checking that it holds nothing
// else; anything else is escaped, and so shown as text.
func markedHTML(s string) template.HTML {
	if isMarkedText(s) {
		return template.HTML(s)
	}
	return template.HTML(html.EscapeString(s))
}

// isMarkedText reports whether s is escaped text with <mark> and </mark>
// tags in pairs, not nested, and character references: no other markup.
func isMarkedText(s string) bool {
	const open, closing = "<mark>", "</mark>"
	inMark := false
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			switch {
			case !inMark && strings.HasPrefix(s[i:], open):
				inMark = true
				i += len(open)
			case inMark && strings.HasPrefix(s[i:], closing):
				inMark = false
				i += len(closing)
			default:
				return false
			}
		case '>':
			return false
		case '&':
			n := charRefLen(s[i:])
			if n == 0 {
				return false
			}
			i += n
		default:
			i++
		}
	}
	return !inMark
}

// charRefLen returns the length of the character reference (&amp;, &#39;,
// &#x27;) that s starts with, or 0.
func charRefLen(s string) int {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 32 {
		return 0
	}
	body := s[1:end]
	isDigit := func(r rune) bool { return '0' <= r && r <= '9' }
	isHex := func(r rune) bool { return isDigit(r) || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F' }
	isAlnum := func(r rune) bool { return isDigit(r) || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }
	all := func(s string, ok func(rune) bool) bool {
		return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return !ok(r) })
	}
	switch {
	case strings.HasPrefix(body, "#x") || strings.HasPrefix(body, "#X"):
		if !all(body[2:], isHex) {
			return 0
		}
	case strings.HasPrefix(body, "#"):
		if !all(body[1:], isDigit) {
			return 0
		}
	default:
		if !all(body, isAlnum) {
			return 0
		}
	}
	return end + 1
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
func countArticles(n uint64) string {
	if n == 1 {
		return "1 article"
	}
	return fmt.Sprintf("%d articles", n)
}

// countStories renders a number of stories: "1 story", "40 stories".
func countStories(n uint64) string {
	if n == 1 {
		return "1 story"
	}
	return fmt.Sprintf("%d stories", n)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
