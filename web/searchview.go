package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/sitrep/sitrep/search"
)

// This file shapes a search result into the search page's view model.

// searchView is the data of the search page.
type searchView struct {
	layout
	// Error is the message of a query that could not be run.
	Error string
	Total uint64
	// Counted says how many results there are: "42 articles", or "40
	// stories (42 articles)" when copies are collapsed.
	Counted string
	// Undated says how many of the matching articles have no date, with
	// the link keeping only those (none when they are kept already).
	Undated    string
	UndatedURL string
	// DidYouMean offers the query with a word corrected, when the
	// search found little (search.Result.DidYouMean); nil otherwise.
	DidYouMean *link
	Took       string
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
	// Sizes offers the page sizes: 10, 20, 50 and 100 hits.
	Sizes []link
	Pager pager
	// PastEnd links to page 1 when the page asked for lies past the last
	// hit.
	PastEnd string
	// StandsOut lists what stands out in the results; Map draws their
	// places. Each is nil when there is nothing to show.
	StandsOut *standsOutView
	Map       *mapView
	// Rising lists the entities rising this week, on the home page only;
	// nil elsewhere and when nothing rises.
	Rising *risingView
	// Downloads export every hit of the search (CSV, JSONL).
	Downloads []link
}

// hitView is one result.
type hitView struct {
	Href      string
	Title     search.Marked
	Source    string
	SourceURL string
	// Date is for reading, DateTime for the <time> element.
	Date, DateTime string
	Snippet        search.Marked
	// Why explains what the marks do not: the entities the hit matched
	// through, near spellings.
	Why      []whyView
	Entities []entityLink
	// AlsoIn links the other articles of the hit's story; AlsoInMore
	// counts those not listed.
	AlsoIn     []alsoInView
	AlsoInMore int
	// CiteURL is the article's citation, as text.
	CiteURL string
}

// alsoInView is another article of a hit's story, named by its source,
// with its date.
type alsoInView struct {
	Href, Label, Title, Date, DateTime string
}

// entityLink is a person, place or organisation as a link adding (or, when
// selected, removing) its filter, and Page, the link to its entity page.
type entityLink struct {
	Kind, Value, URL, Page string
	Selected               bool
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
	// Selected counts the selected values. Ops switches them between
	// OR and AND, when two or more are selected.
	Selected int
	Ops      []link
	// One and Many name what the counts count ("article", "articles").
	One, Many string
}

// facetValueView is one facet value as a link adding or removing it
// (an excluded value: putting it back), ExcludeURL leaving it out (""
// when it is), and for an entity, Page, the link to its entity page.
type facetValueView struct {
	Value              string
	Count              int
	Selected, Excluded bool
	URL, ExcludeURL    string
	Page               string
	// One and Many name what Count counts ("article", "articles").
	One, Many string
}

// chip is a current filter with the URL that removes it. Join, "or",
// "and" or "not", says how it combines with the facet's other values;
// Lead marks the first chip of a facet, which names the facet (Kind).
type chip struct {
	Kind, Join, Value, URL string
	Lead                   bool
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
	Width, Height int
	PixelWidth    string
	Selected      bool
	// Labelled is the id of the element that names the chart.
	Labelled              string
	Bars                  []barView
	FirstLabel, LastLabel string
	Caption               string
	// Base is the search without its dates (from, to, undated), which a
	// range brushed across the bars adds to; "" draws bars that cannot be
	// brushed (an entity's timeline). Clear is the same link, offered
	// when the search keeps some dates; "" when it keeps every date.
	Base, Clear string
}

// barView is one bar: a period, its count, and the link that filters on it
// (none when the period has no articles).
type barView struct {
	Label, Aria, URL string
	// From and To are the from and to parameters that keep the bar's
	// period (bucketBounds); empty on the undated bar.
	From, To string
	Count    int
	Selected bool
	// Undated marks the bar of the articles without a date.
	Undated    bool
	X, Y, W, H int
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

// errorSearchView is the search page for a query that could not be run:
// the message, the box holding the query, and a link without the faulty
// parameter when it was not the query.
func errorSearchView(st pageState, qe *search.QueryError) searchView {
	st = st.clipped(maxEchoedQuery)
	bad := qe.Param
	if bad == "" {
		bad = "q"
	}
	v := searchView{layout: st.formLayout("Error", bad, "page", "cursor"), Error: clipMiddle(qe.Error(), maxEchoed)}
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
		layout:  st.formLayout(title),
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
	one, many := countUnits(res.FacetCount)
	for _, c := range []search.FacetCount{search.CountArticles, search.CountStories} {
		val := string(c)
		if c == search.CountArticles {
			val = ""
		}
		v.CountBy = append(v.CountBy, link{Label: string(c), URL: st.setting("facet_count", val), Current: c == res.FacetCount})
	}
	if len(res.Hits) > 0 {
		v.First = (res.Page-1)*res.Size + 1
		if req.Cursor != "" {
			v.First = 1 // a cursor page does not know its number
		}
		v.Last = v.First + len(res.Hits) - 1
	} else if res.Total > 0 && !req.NoHits {
		v.PastEnd = st.link(func(url.Values) {})
	}
	for _, h := range res.Hits {
		v.Hits = append(v.Hits, newHitView(st, h, req))
	}
	for _, f := range facetSpecs {
		fv := newFacetView(st, f, res.Facets[f.Name], req.FacetSize, one, many)
		v.Facets = append(v.Facets, fv)
	}
	if v.Histogram = newHistogramView(st, res.Published, req, one, many); v.Histogram != nil {
		v.Histogram.Base = st.setting("from", "", "to", "", "undated", "")
		if st.v.Get("from") != "" || st.v.Get("to") != "" || st.v.Get("undated") != "" {
			v.Histogram.Clear = v.Histogram.Base
		}
	}
	if res.Undated > 0 && res.Undated < res.Total {
		v.Undated = fmt.Sprintf("%d of them undated", res.Undated)
		if res.Undated == 1 {
			v.Undated = "1 of them undated"
		}
		v.UndatedURL = st.setting("undated", "1", "from", "", "to", "", "page", "", "cursor", "")
	} else if res.Undated > 0 {
		v.Undated = "all undated"
	}
	if res.DidYouMean != "" {
		v.DidYouMean = &link{Label: res.DidYouMean, URL: st.setting("q", res.DidYouMean, "page", "", "cursor", "")}
	}
	v.Filters = chips(st)
	v.Follow, v.Downloads = searchFeeds(st.v), exportLinks(st.v)
	v.ClearAll = st.link(func(v url.Values) {
		for _, f := range facetSpecs {
			v.Del(f.Param)
			v.Del(f.NotParam())
			v.Del(f.OpParam())
		}
		v.Del("from")
		v.Del("to")
		v.Del("undated")
	})
	def := search.DefaultSort(req.Query)
	for _, s := range []struct {
		sort  search.Sort
		label string
	}{{search.ByRelevance, "Relevance"}, {search.Newest, "Newest"}, {search.Oldest, "Oldest"}} {
		val := string(s.sort)
		if s.sort == def {
			val = ""
		}
		v.Sorts = append(v.Sorts, link{Label: s.label, URL: st.setting("sort", val), Current: s.sort == res.Sort})
	}
	for _, n := range []int{10, 20, 50, 100} {
		val := strconv.Itoa(n)
		if n == search.DefaultSize {
			val = ""
		}
		v.Sizes = append(v.Sizes, link{Label: strconv.Itoa(n), URL: st.setting("size", val, "page", "", "cursor", ""), Current: n == res.Size})
	}
	if !req.NoHits { // size=0: the counts and facets alone
		v.Pager = newPager(st, req, res)
	}
	return v
}

// countUnits names what facet counts count, one and many: "article" and
// "articles", or "story" and "stories".
func countUnits(c search.FacetCount) (one, many string) {
	if c == search.CountStories {
		return "story", "stories"
	}
	return "article", "articles"
}

// newHitView shapes a hit of a search for req, whose filters mark the
// hit's entities selected.
func newHitView(st pageState, h search.Hit, req search.Request) hitView {
	hv := hitView{
		Href:    st.article(h.ID, req.Page, req.Cursor),
		CiteURL: citePath(h.ID),
		Title:   h.Title,
		Source:  h.Source,
		Snippet: h.Snippet,
		Why:     whyViews(h.Matched),
	}
	if hv.Title.Text == "" {
		hv.Title = search.Marked{Text: "(untitled)"}
	}
	if h.Source != "" {
		hv.SourceURL = st.adding("source", h.Source)
	}
	hv.Date, hv.DateTime = formatDate(h.Published)
	for _, f := range facetSpecs {
		if f.hit == nil {
			continue
		}
		values := *f.hit(&h)
		for _, val := range values[:min(len(values), entitiesPerKind)] {
			sel := slices.Contains(*f.filter(&req), val)
			hv.Entities = append(hv.Entities, entityLink{Kind: f.Kind, Value: val, URL: st.toggling(f.Param, val, sel), Page: entityPath(search.EntityID(f.Name, val)), Selected: sel})
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
		av := alsoInView{Href: st.article(m.ID, req.Page, req.Cursor), Label: label, Title: title}
		av.Date, av.DateTime = formatDate(m.Published)
		hv.AlsoIn = append(hv.AlsoIn, av)
	}
	hv.AlsoInMore = h.AlsoInTotal - len(h.AlsoIn)
	return hv
}

func newFacetView(st pageState, fp facetSpec, f search.Facet, facetSize int, one, many string) facetView {
	fv := facetView{
		Name: fp.Name, Param: fp.Param, Label: fp.Label, Noun: fp.Noun,
		Hidden: st.params(), One: one, Many: many,
	}
	fv.Values, fv.Selected = facetValueViews(st, fp, f.Values, one, many)
	fv.Open = fv.Selected > 0 || len(st.v[fp.NotParam()]) > 0
	if fv.Selected > 1 {
		and := st.v.Get(fp.OpParam()) == "and"
		fv.Ops = []link{
			{Label: "any (or)", URL: st.setting(fp.OpParam(), "") + "#facet-" + fp.Name, Current: !and},
			{Label: "all (and)", URL: st.setting(fp.OpParam(), "and") + "#facet-" + fp.Name, Current: and},
		}
	}
	anchor := "#facet-" + fp.Name
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
// The undated articles are a bar of their own, after a gap.
func newHistogramView(st pageState, h search.Histogram, req search.Request, one, many string) *histogramView {
	if len(h.Buckets) == 0 && h.Undated == 0 {
		return nil
	}
	from, to := req.From, req.To
	top := h.Undated
	for _, b := range h.Buckets {
		top = max(top, b.Count)
	}
	slots := len(h.Buckets)
	if h.Undated > 0 {
		slots += 2 // a gap, and the undated bar
		if len(h.Buckets) == 0 {
			slots = 1
		}
	}
	hv := &histogramView{Width: slots * barSlot, Height: histogramHeight, Labelled: "dates-h"}
	if len(h.Buckets) > 0 {
		hv.FirstLabel, hv.LastLabel = h.Buckets[0].Value, h.Buckets[len(h.Buckets)-1].Value
	}
	hv.PixelWidth = "100%"
	if slots < maxNarrowBars {
		hv.PixelWidth = fmt.Sprint(slots * narrowBarPixels)
	}
	ranged := from != nil || to != nil
	for i, b := range h.Buckets {
		bar := barView{Label: b.Value, Count: b.Count, X: i*barSlot + barGap/2, W: barSlot - barGap}
		bar.H = minBarHeight
		if b.Count > 0 && top > 0 {
			bar.H = max(minBarHeight, b.Count*histogramHeight/top)
			bar.From, bar.To = bucketBounds(b)
			bar.URL = st.setting("from", bar.From, "to", bar.To, "undated", "")
			last := b.To.Add(-time.Nanosecond)
			bar.Selected = ranged && (from == nil || !b.From.Before(*from)) && (to == nil || !last.After(*to))
		}
		hv.addBar(bar, b.Value, one, many)
	}
	if h.Undated > 0 {
		bar := barView{Label: "undated", Count: h.Undated, X: (slots-1)*barSlot + barGap/2, W: barSlot - barGap, Undated: true, Selected: req.Undated}
		bar.H = max(minBarHeight, h.Undated*histogramHeight/top)
		bar.URL = st.setting("undated", "1", "from", "", "to", "", "page", "", "cursor", "")
		if req.Undated {
			bar.URL = st.setting("undated", "")
		}
		hv.addBar(bar, "Undated", one, many)
	}
	by := "month"
	if h.Interval == "year" {
		by = "year"
	}
	hv.Caption = capitalize(many) + " by " + by + ": follow a bar to keep only that period."
	if h.Undated > 0 {
		hv.Caption += " The last bar, apart, holds those without a date."
	}
	return hv
}

// addBar adds bar, named name for screen readers, its height set, with
// its label counting one or many.
func (hv *histogramView) addBar(bar barView, name, one, many string) {
	bar.Y = histogramHeight - bar.H
	switch {
	case bar.Count == 0:
		bar.Aria = name + ": no " + many
	case bar.Count == 1:
		bar.Aria = name + ": 1 " + one
	default:
		bar.Aria = fmt.Sprintf("%s: %d %s", name, bar.Count, many)
	}
	if bar.Selected {
		bar.Aria += " (selected)"
		hv.Selected = true
	}
	hv.Bars = append(hv.Bars, bar)
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
	for _, f := range facetSpecs {
		join := "or"
		if st.v.Get(f.OpParam()) == "and" {
			join = "and"
		}
		lead := true
		for i, val := range st.v[f.Param] {
			c := chip{Kind: capitalize(f.Kind), Value: val, URL: st.removing(f.Param, val), Lead: lead}
			if i > 0 {
				c.Join = join
			}
			out, lead = append(out, c), false
		}
		for _, val := range st.v[f.NotParam()] {
			out = append(out, chip{Kind: capitalize(f.Kind), Join: "not", Value: val, URL: st.removing(f.NotParam(), val), Lead: lead})
			lead = false
		}
	}
	from, to := st.v.Get("from"), st.v.Get("to")
	if from != "" || to != "" {
		out = append(out, chip{Kind: "Published", Value: rangeText(from, to), URL: st.setting("from", "", "to", ""), Lead: true})
	}
	// include changes nothing without a range, so shows nothing.
	undated := map[string]string{"1": "undated", "true": "undated", undatedExclude: "dated only"}
	if from != "" || to != "" {
		undated[undatedInclude] = "also undated"
	}
	if v, ok := undated[st.v.Get("undated")]; ok {
		out = append(out, chip{Kind: "Published", Value: v, URL: st.setting("undated", ""), Lead: true})
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

// facetValueViews links each value of the facet f to the state st with
// the value toggled, and counts the selected values.
func facetValueViews(st pageState, f facetSpec, values []search.FacetValue, one, many string) (out []facetValueView, selected int) {
	for _, val := range values {
		fv := facetValueView{
			Value: val.Value, Count: val.Count, Selected: val.Selected, Excluded: val.Excluded,
			URL: st.toggling(f.Param, val.Value, val.Selected), One: one, Many: many,
		}
		if val.Excluded {
			fv.URL = st.removing(f.NotParam(), val.Value)
		} else {
			fv.ExcludeURL = st.moving(f.Param, f.NotParam(), val.Value)
		}
		if val.ID != "" {
			fv.Page = entityPath(val.ID)
		}
		out = append(out, fv)
		if val.Selected {
			selected++
		}
	}
	return out, selected
}
