package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/sitrep/sitrep/search"
)

// This file is the URL state of the pages and the API: the parameters a
// search reads (searchRequest) and the links a search page builds from
// them (pageState).

// param is one query parameter, for hidden form fields.
type param struct{ Name, Value string }

// stateParams are the parameters a search page's links carry over: all
// but page and cursor, which each link sets for itself.
func stateParams() []string {
	out := []string{"q"}
	for _, f := range facetSpecs {
		out = append(out, f.Param, f.NotParam(), f.OpParam())
	}
	return append(out, "from", "to", "undated", "sort", "size", "facet_size", "collapse", "facet_count")
}

// pageState is a search page's URL without its page or cursor: what every
// link on the page starts from.
type pageState struct {
	v url.Values
}

// newPageState keeps the state parameters of q, with a facet's alias
// (org) read as its parameter (organisation), empty and repeated values
// dropped and the defaults of sort (search.DefaultSort), collapse and
// facet_count left out.
func newPageState(q url.Values) pageState {
	v := url.Values{}
	add := func(k string, vals []string) {
		for _, s := range vals {
			if s != "" && !slices.Contains(v[k], s) {
				v.Add(k, s)
			}
		}
	}
	for _, k := range stateParams() {
		if f, ok := findFacet(func(f facetSpec) bool { return f.Param == k }); ok {
			add(k, f.values(q))
		} else {
			add(k, q[k])
		}
	}
	if v.Get("sort") == string(search.DefaultSort(v.Get("q"))) {
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
	for _, f := range facetSpecs {
		if v.Get(f.OpParam()) != "and" {
			v.Del(f.OpParam()) // or is the default
		}
	}
	return pageState{v: v}
}

// clipped returns the state with each value cut to at most n bytes, for
// the page of a search that failed, which should not repeat a huge
// parameter in its box, hidden fields and links.
func (s pageState) clipped(n int) pageState {
	v := make(url.Values, len(s.v))
	for k, vals := range s.v {
		for _, val := range vals {
			v[k] = append(v[k], clipEnd(val, n))
		}
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

// article returns the URL of the page of the article with the given ID
// as a hit of this search's page (page, or cursor when not ""): it
// carries the state and the page, so that the article marks the query
// and links back to the results (resultsOf).
func (s pageState) article(id string, page int, cursor string) string {
	v := s.paged(page, cursor)
	if len(v) == 0 {
		return articlePath(id)
	}
	return articlePath(id) + "?" + v.Encode()
}

// paged returns a copy of the state's values with the page (when over
// 1) or the cursor (when not "") set.
func (s pageState) paged(page int, cursor string) url.Values {
	v := make(url.Values, len(s.v)+1)
	for k, vs := range s.v {
		v[k] = slices.Clone(vs)
	}
	switch {
	case cursor != "":
		v.Set("cursor", cursor)
	case page > 1:
		v.Set("page", strconv.Itoa(page))
	}
	return v
}

// resultsOf returns the URL of the results page an article's page was
// reached from, as its parameters q (made by pageState.article) say; ""
// when they carry no search.
func resultsOf(q url.Values) string {
	page, _ := strconv.Atoi(q.Get("page"))
	v := newPageState(q).paged(page, q.Get("cursor"))
	if len(v) == 0 {
		return ""
	}
	return "/?" + v.Encode()
}

// adding returns the URL with one more value of a filter.
func (s pageState) adding(key, value string) string {
	return s.link(func(v url.Values) { addValue(v, key, value) })
}

// addValue adds value to the values of key in v, unless it is there.
func addValue(v url.Values, key, value string) {
	if !slices.Contains(v[key], value) {
		v.Add(key, value)
	}
}

// removing returns the URL without one value of a filter.
func (s pageState) removing(key, value string) string {
	return s.link(func(v url.Values) { dropValue(v, key, value) })
}

// moving returns the URL with a value moved from one filter to another:
// from kept (person) to left out (not_person).
func (s pageState) moving(from, to, value string) string {
	return s.link(func(v url.Values) {
		dropValue(v, from, value)
		addValue(v, to, value)
	})
}

// dropValue removes value from the values of key in v.
func dropValue(v url.Values, key, value string) {
	v[key] = slices.DeleteFunc(v[key], func(x string) bool { return x == value })
	if len(v[key]) == 0 {
		delete(v, key)
	}
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

// formLayout returns the layout of a page titled title whose search form
// holds the state: the query, dates and choice of undated articles in
// their boxes, the other parameters but those named in skip as hidden
// fields.
func (s pageState) formLayout(title string, skip ...string) layout {
	l := layout{
		Title: title, Query: s.v.Get("q"),
		From: dateBox(s.v.Get("from"), false), To: dateBox(s.v.Get("to"), true),
		Keep: s.params(append([]string{"q", "from", "to", "undated"}, skip...)...),
	}
	switch u := s.v.Get("undated"); u {
	case "1", "true":
		l.UndatedChoice = "1"
	case undatedInclude, undatedExclude:
		l.UndatedChoice = u
	}
	if q, err := search.ParseQuery(l.Query); err == nil {
		if from, to, ok := q.DateBounds(); ok {
			l.DateNote = "The query's own dates keep " + spanText(from, to) + "; the boxes can narrow that, not widen it."
		}
	}
	return l
}

// The values of the undated parameter besides 1 (only the articles
// without a date): include keeps them beside a range of dates, exclude
// leaves them out without one.
const (
	undatedInclude = "include"
	undatedExclude = "exclude"
)

// dateBox returns what a date box (<input type="date">) shows for the from
// parameter s (end false) or the to parameter (end true): the first or the
// last day of the year, month or day s names. Text that names none is
// returned as it is, which the browser shows as an empty box.
func dateBox(s string, end bool) string {
	start, next, ok := search.ParsePeriod(s)
	switch {
	case !ok:
		return s
	case end:
		return next.AddDate(0, 0, -1).Format(time.DateOnly)
	}
	return start.Format(time.DateOnly)
}

// spanText reads a span of days from from (inclusive) to to (exclusive),
// either zero for an open end: "2024-01-01 to 2024-12-31", "from
// 2024-03-05", "until 2024-03-04" or "every date".
func spanText(from, to time.Time) string {
	var lo, hi string
	if !from.IsZero() {
		lo = from.Format(time.DateOnly)
	}
	if !to.IsZero() {
		hi = to.AddDate(0, 0, -1).Format(time.DateOnly)
	}
	return rangeText(lo, hi)
}

// rangeText reads a range of dates from lo to hi, either "" for an open
// end.
func rangeText(lo, hi string) string {
	switch {
	case lo != "" && hi != "" && lo == hi:
		return lo
	case lo != "" && hi != "":
		return lo + " to " + hi
	case lo != "":
		return "from " + lo
	case hi != "":
		return "until " + hi
	}
	return "every date"
}

// params lists the state as hidden fields, leaving out the named ones.
func (s pageState) params(skip ...string) []param {
	var out []param
	for _, k := range stateParams() {
		if slices.Contains(skip, k) {
			continue
		}
		for _, val := range s.v[k] {
			out = append(out, param{k, val})
		}
	}
	return out
}

// named returns st and req with each entity id among their filters
// replaced by the entity's name, which the selected values of res's
// facets give (a selected value is always listed, with its id), and each
// other name of a selected entity (an alias the search read as its
// canonical name: search.Engine.WithCanonical) by that name, which gaz
// (nil: none) gives: the page's chips and links then read, and toggle,
// the names the facets show, whichever the URL held.
func named(st pageState, req search.Request, res *search.Result, gaz Gazetteer) (pageState, search.Request) {
	v := make(url.Values, len(st.v))
	for k, vals := range st.v {
		v[k] = slices.Clone(vals)
	}
	for _, f := range facetSpecs {
		names := map[string]string{}
		shown := map[string]bool{}
		for _, val := range res.Facets[f.Name].Values {
			if (val.Selected || val.Excluded) && val.ID != "" {
				names[val.ID] = val.Value
				shown[val.Value] = true
			}
		}
		if kind, ok := search.EntityKind(f.Name); ok && gaz != nil {
			for _, s := range slices.Concat(v[f.Param], v[f.NotParam()]) {
				if _, isID := names[s]; isID || shown[s] {
					continue
				}
				if c := gaz.Canonical(kind, s); shown[c] {
					names[s] = c
				}
			}
		}
		if len(names) == 0 {
			continue
		}
		rename := func(vals []string) []string {
			out := make([]string, 0, len(vals))
			for _, s := range vals {
				if n, ok := names[s]; ok {
					s = n
				}
				if !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
			return out
		}
		v[f.Param] = rename(v[f.Param])
		*f.filter(&req) = rename(*f.filter(&req))
		if len(v[f.NotParam()]) > 0 {
			v[f.NotParam()] = rename(v[f.NotParam()])
		}
		*f.not(&req) = rename(*f.not(&req))
	}
	return pageState{v: v}, req
}

// searchRequest turns the query parameters shared by every search page
// into a search.Request, or a *search.QueryError naming the bad parameter.
func searchRequest(q url.Values) (search.Request, error) {
	req := search.Request{Query: q.Get("q")}
	for _, f := range facetSpecs {
		*f.filter(&req), *f.not(&req) = f.values(q), q[f.NotParam()]
		switch op := q.Get(f.OpParam()); op {
		case "", "or":
		case "and":
			*f.all(&req) = true
		default:
			return req, &search.QueryError{Param: f.OpParam(), Msg: fmt.Sprintf("%s=%q: want or (an article with any of the %s values, the default) or and (with all of them)", f.OpParam(), op, f.Param)}
		}
	}
	req.Cursor = q.Get("cursor")
	var err error
	if req.Sort, err = search.ParseSort(q.Get("sort")); err != nil {
		return req, err
	}
	if req.Page, err = intParam(q, "page"); err != nil {
		return req, err
	}
	if q.Get("size") == "0" {
		req.NoHits = true // the counts and facets alone
	} else if req.Size, err = intParam(q, "size"); err != nil {
		return req, err
	}
	if req.FacetSize, err = intParam(q, "facet_size"); err != nil {
		return req, err
	}
	if req.FacetCount, err = search.ParseFacetCount(q.Get("facet_count")); err != nil {
		return req, err
	}
	if req.Significant, err = significantParam(q); err != nil {
		return req, err
	}
	if s := q.Get("collapse"); s != "" {
		collapse, err := strconv.ParseBool(s)
		if err != nil {
			return req, &search.QueryError{Param: "collapse", Msg: fmt.Sprintf("collapse=%q: want true (one hit per story, the default) or false (every article)", s)}
		}
		req.NoCollapse = !collapse
	}
	switch s := q.Get("undated"); s {
	case "", "0", "false":
	case "1", "true":
		req.Undated = true
	case undatedInclude:
		req.AlsoUndated = true
	case undatedExclude:
		req.DatedOnly = true
	default:
		return req, &search.QueryError{Param: "undated", Msg: fmt.Sprintf("undated=%q: want 1 (only the articles without a date), include (them too, beside from and to) or exclude (leave them out)", s)}
	}
	if req.Consistent, req.After, err = consistentParams(q); err != nil {
		return req, err
	}
	if req.From, err = dateParam(q, "from", false); err != nil {
		return req, err
	}
	if req.To, err = dateParam(q, "to", true); err != nil {
		return req, err
	}
	if req.From != nil && req.To != nil && req.To.Before(*req.From) {
		return req, &search.QueryError{Param: "to", Msg: fmt.Sprintf("from=%s is after to=%s: the range ends before it starts; swap the two dates or change one", q.Get("from"), q.Get("to"))}
	}
	return req, nil
}

// consistentParams reads consistent (1: see every write acknowledged
// before the search) and after (a write's sequence: see the writes up to
// it), which a coordinator of a cluster honours (docs/CLUSTER.md).
func consistentParams(q url.Values) (bool, uint64, error) {
	var consistent bool
	switch s := q.Get("consistent"); s {
	case "", "0", "false":
	case "1", "true":
		consistent = true
	default:
		return false, 0, &search.QueryError{Param: "consistent", Msg: fmt.Sprintf("consistent=%q: want 1 (wait until every shard has applied the writes acknowledged before the search) or 0", s)}
	}
	s := q.Get("after")
	if s == "" {
		return consistent, 0, nil
	}
	after, err := strconv.ParseUint(s, 10, 64)
	if err != nil || !consistent {
		return false, 0, &search.QueryError{Param: "after", Msg: fmt.Sprintf("after=%q: give consistent=1 and the sequence a write answered (a whole number)", s)}
	}
	return consistent, after, nil
}

// intParam reads an optional whole number of at least 1; absent is 0,
// which the search takes as its default.
func intParam(q url.Values, name string) (int, error) {
	s := q.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, &search.QueryError{Param: name, Msg: fmt.Sprintf("%s=%q: want a whole number from 1", name, s)}
	}
	return n, nil
}

// dateParam reads a YYYY, YYYY-MM or YYYY-MM-DD parameter. As an upper
// bound (end true) it means the last instant of that day, month or year.
func dateParam(q url.Values, name string, end bool) (*time.Time, error) {
	s := q.Get(name)
	if s == "" {
		return nil, nil
	}
	t, next, ok := search.ParsePeriod(s)
	if !ok {
		return nil, &search.QueryError{Param: name, Msg: fmt.Sprintf("%s=%q: want a date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2024-03-05", name, s)}
	}
	if end {
		t = next.Add(-time.Nanosecond)
	}
	return &t, nil
}
