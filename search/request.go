package search

import (
	"fmt"
	"slices"
	"time"

	"github.com/sitrep/sitrep/index"
)

// Sort orders the hits of a search.
type Sort string

// The orders a search can have.
const (
	ByRelevance Sort = "relevance"
	Newest      Sort = "newest"
	Oldest      Sort = "oldest"
)

// ParseSort returns the Sort named s ("" is the default, DefaultSort), or
// a *QueryError.
func ParseSort(s string) (Sort, error) {
	switch Sort(s) {
	case "", ByRelevance, Newest, Oldest:
		return Sort(s), nil
	}
	return "", &QueryError{Param: "sort", Msg: fmt.Sprintf("unknown sort %q: use relevance, newest or oldest", s)}
}

// DefaultSort returns the order of a search for the query text when it
// names none: by relevance, or newest first when the query has no words
// to rank by (an empty query, filters alone, only words left out).
func DefaultSort(query string) Sort {
	if q, err := ParseQuery(query); err == nil && len(q.Terms()) == 0 {
		return Newest
	}
	return ByRelevance
}

// FacetCount is what facet values and histogram bars count.
type FacetCount string

// The units a facet can count.
const (
	// CountArticles counts the matching articles with each value.
	CountArticles FacetCount = "articles"
	// CountStories counts the matching stories with each value: the
	// syndicated copies of one story count once.
	CountStories FacetCount = "stories"
)

// ParseFacetCount returns the FacetCount named s ("" is CountArticles), or
// a *QueryError.
func ParseFacetCount(s string) (FacetCount, error) {
	switch FacetCount(s) {
	case "", CountArticles:
		return CountArticles, nil
	case CountStories:
		return CountStories, nil
	}
	return "", &QueryError{Param: "facet_count", Msg: fmt.Sprintf("unknown facet_count %q: use articles or stories", s)}
}

// Paging and facet limits.
const (
	DefaultSize = 10
	// MaxSize is the default most hits a page may hold (Limits.PageSize).
	MaxSize = 100
	// MaxWindow bounds page × size for numbered pages: deeper pages are
	// reached with a cursor, whose cost does not grow with depth.
	MaxWindow        = 10_000
	DefaultFacetSize = 10
	MaxFacetSize     = 100
)

// Request is one search: what to match, how to narrow it, and which page of
// hits to return.
type Request struct {
	// Query is the user's query text (see ParseQuery); empty matches every
	// article.
	Query string
	// People, Places, Organisations and Sources are filters on exact
	// canonical values (or, for the entity facets, entity ids): an
	// article passes a facet's filter when it has any of the values given
	// (OR), or all of them when the facet's All field is set (AND). The
	// filters of different facets AND.
	People, Places, Organisations, Sources []string
	// AllPeople, AllPlaces, AllOrganisations and AllSources make the
	// values of their facet's filter AND rather than OR.
	AllPeople, AllPlaces, AllOrganisations, AllSources bool
	// NotPeople, NotPlaces, NotOrganisations and NotSources leave out
	// every article that has any of their values (names or ids, as the
	// filters above take).
	NotPeople, NotPlaces, NotOrganisations, NotSources []string
	// From and To bound the publication date, inclusive; nil is open.
	// Articles without a date are left out when either is set.
	From, To *time.Time
	// Undated keeps only the articles without a date (the histogram's
	// undated bar); it excludes From and To.
	Undated bool
	// AlsoUndated, with From or To, keeps the articles without a date as
	// well as those in the range (without either it changes nothing:
	// they are kept). DatedOnly leaves them out, with or without a range
	// (with one it changes nothing: they are left out). The two exclude
	// each other and Undated.
	AlsoUndated, DatedOnly bool
	// Sort is the order of the hits; "" is DefaultSort's.
	Sort Sort
	// Page counts from 1; Size is at most the Engine's Limits.PageSize
	// (MaxSize by default). Zero means the first page and DefaultSize.
	Page, Size int
	// NoHits asks for the counts, facets and histogram alone (size=0 in
	// the API): no hit is ranked or loaded, and Page, Size and Cursor are
	// ignored.
	NoHits bool
	// Cursor, when set, continues after the last hit of an earlier page
	// (its Result.NextCursor) and Page is ignored.
	Cursor string
	// FacetSize is how many values each term facet returns, at most
	// MaxFacetSize; zero means DefaultFacetSize.
	FacetSize int
	// NoCollapse shows every matching article. By default the syndicated
	// copies of one story collapse into one hit, the best-ranked in the
	// request's sort, which lists the others (Hit.AlsoIn); pages then count
	// stories, and no story is shown on two pages.
	NoCollapse bool
	// FacetCount says what facet values and histogram bars count: matching
	// articles ("" or CountArticles) or matching stories (CountStories).
	FacetCount FacetCount
	// Significant, from 1 to MaxSignificant, asks Search for that many
	// entities that stand out in the matching articles
	// (Result.Significant; see Engine.Significant); 0 asks for none.
	// Hits, which counts no facets, ignores it.
	Significant int
	// PlaceCounts asks Search for every place of the matching articles
	// with its count (Result.PlaceCounts), for a map; Hits ignores it.
	PlaceCounts bool
	// Consistent asks a search across the shards of a cluster to see
	// every write the article log acknowledged before it, or, with
	// After, those up to the log sequence After (a write's answer
	// gives it): each shard answers once it has applied them. One
	// index sees every acknowledged write already: an Engine ignores
	// both.
	Consistent bool
	After      uint64
}

// normalize fills in defaults, brings the date bounds within the years
// the index can hold, and checks the paging values against lim (numbered
// pages up to lim.PageWindow hits, of at most lim.PageSize hits).
func (r *Request) normalize(lim Limits) error {
	for _, d := range []**time.Time{&r.From, &r.To} {
		if *d != nil {
			t := index.ClampDate(**d)
			*d = &t
		}
	}
	if r.NoHits {
		r.Page, r.Size, r.Cursor = 1, 0, ""
	}
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Size == 0 && !r.NoHits {
		r.Size = DefaultSize
	}
	if r.FacetSize == 0 {
		r.FacetSize = DefaultFacetSize
	}
	if r.Sort == "" {
		r.Sort = DefaultSort(r.Query)
	}
	if r.FacetCount == "" {
		r.FacetCount = CountArticles
	}
	switch {
	case r.Page < 1:
		return &QueryError{Param: "page", Msg: fmt.Sprintf("page %d: pages count from 1", r.Page)}
	case !r.NoHits && (r.Size < 1 || r.Size > lim.PageSize):
		return &QueryError{Param: "size", Msg: fmt.Sprintf("size %d: choose between 1 and %d hits per page (the server's page size limit)", r.Size, lim.PageSize)}
	case !r.NoHits && r.Cursor == "" && r.Page > lim.PageWindow/r.Size:
		// Dividing rather than multiplying: page × size overflows an int
		// for a page near 2⁶³, which passed this check and then failed
		// making a slice of that many hits.
		return &QueryError{Param: "page", Code: CodePageTooDeep, Msg: fmt.Sprintf("page %d of %d hits goes past the first %d hits (the page window limit): follow next_cursor to read further", r.Page, r.Size, lim.PageWindow)}
	case r.Significant < 0 || r.Significant > MaxSignificant:
		return &QueryError{Param: "significant", Msg: fmt.Sprintf("significant=%d: ask for between 1 and %d entities that stand out (0 for none)", r.Significant, MaxSignificant)}
	case r.FacetSize < 1 || r.FacetSize > MaxFacetSize:
		return &QueryError{Param: "facet_size", Msg: fmt.Sprintf("facet_size %d: choose between 1 and %d values per facet", r.FacetSize, MaxFacetSize)}
	case r.From != nil && r.To != nil && r.To.Before(*r.From):
		return &QueryError{Param: "to", Msg: "the date range ends before it starts: swap from and to"}
	case r.Undated && (r.From != nil || r.To != nil):
		return &QueryError{Param: "undated", Msg: "undated=1 keeps the articles without a date, and from and to keep dated ones: leave out one or the other"}
	case r.AlsoUndated && r.DatedOnly, r.Undated && (r.AlsoUndated || r.DatedOnly):
		return &QueryError{Param: "undated", Msg: "the articles without a date can be only kept, also kept or left out: choose one"}
	}
	// Each filter value is a clause of the search and a chip on the page,
	// whose links repeat the others: they are bounded as terms are.
	filters := 0
	largest, param := 0, ""
	for _, f := range termFacets {
		for _, l := range []struct {
			param  string
			values []string
		}{{f.param, f.selected(r)}, {f.notParam(), f.excluded(r)}} {
			filters += len(l.values)
			if len(l.values) > largest {
				largest, param = len(l.values), l.param
			}
		}
		for _, v := range f.excluded(r) {
			if slices.Contains(f.selected(r), v) {
				return &QueryError{Param: f.notParam(), Msg: fmt.Sprintf("%s=%s and %s=%s: a value cannot be both kept and left out; remove one of the two", f.param, v, f.notParam(), v)}
			}
		}
	}
	if filters > lim.QueryTerms {
		return &QueryError{Param: param, Code: CodeTooManyTerms, Msg: fmt.Sprintf("%d filter values are more than the %d a search may hold (the query terms limit): filter on fewer people, places, organisations and sources", filters, lim.QueryTerms)}
	}
	if _, err := ParseSort(string(r.Sort)); err != nil {
		return err
	}
	if _, err := ParseFacetCount(string(r.FacetCount)); err != nil {
		return err
	}
	return nil
}

// Limits of a query, so that none can hang the server.
const (
	// MaxQueryLength is the most characters a query may hold, white space
	// not counted.
	MaxQueryLength = 1000
	// MaxQueryTerms is the most words, phrases and prefixes a query may
	// hold, with or without a field scope.
	MaxQueryTerms = 64
	// bytesPerChar bounds the whole text, white space included, at this
	// many bytes per allowed character: every query within the length
	// limit written in canonical form fits in it.
	bytesPerChar = 16
)

// Limits bound the queries an Engine accepts, and the answers it keeps. A
// zero field takes its default: MaxQueryLength, MaxQueryTerms, MaxWindow,
// MaxSize, DefaultResultCache.
type Limits struct {
	// QueryLength is the most characters a query may hold, white space
	// not counted.
	QueryLength int
	// QueryTerms is the most words, phrases and prefixes a query may hold.
	QueryTerms int
	// PageWindow bounds page × size for numbered pages (cursors have no
	// bound).
	PageWindow int
	// PageSize is the most hits a page may hold (Request.Size).
	PageSize int
	// ResultCache is the most answers an Engine keeps for requests
	// repeated before the next write (DefaultResultCache when zero); a
	// negative number keeps none. Not a bound on queries: on memory.
	ResultCache int
}

// DefaultResultCache is the number of answers an Engine keeps by default
// (a few megabytes for pages of ten hits; whatever their number, the
// answers kept hold at most 64 MiB).
const DefaultResultCache = 256

// withDefaults fills the zero fields of l.
func (l Limits) withDefaults() Limits {
	if l.QueryLength <= 0 {
		l.QueryLength = MaxQueryLength
	}
	if l.QueryTerms <= 0 {
		l.QueryTerms = MaxQueryTerms
	}
	if l.PageWindow <= 0 {
		l.PageWindow = MaxWindow
	}
	if l.PageSize <= 0 {
		l.PageSize = MaxSize
	}
	if l.ResultCache == 0 {
		l.ResultCache = DefaultResultCache
	}
	return l
}

// QueryError is a mistake in a Request: the query text or another
// parameter. Its message says what was wrong and how to fix it.
type QueryError struct {
	// Param names the request parameter at fault ("q", "size", …).
	Param string
	Msg   string
	// Code is the kind of mistake, one of the Code constants; "" is
	// CodeBadQuery for Param "q" and CodeBadParameter for the others
	// (see ErrorCode).
	Code string
}

func (e *QueryError) Error() string { return e.Msg }

// The kinds of QueryError, stable for API clients (web lists every error
// code an answer may carry).
const (
	// CodeBadQuery: the query text cannot be read.
	CodeBadQuery = "bad_query"
	// CodeBadParameter: another parameter's value is not one a search takes.
	CodeBadParameter = "bad_parameter"
	// CodeTooManyTerms: more terms, filter values or prefix expansions
	// than a query may hold.
	CodeTooManyTerms = "too_many_terms"
	// CodeQueryTooLong: more characters than a query may hold.
	CodeQueryTooLong = "query_too_long"
	// CodePageTooDeep: a numbered page past the page window.
	CodePageTooDeep = "page_too_deep"
	// CodeUnknownFacet: no facet has the name asked for.
	CodeUnknownFacet = "unknown_facet"
)

// ErrorCode returns the kind of mistake e is: its Code, or the default of
// its Param.
func (e *QueryError) ErrorCode() string {
	switch {
	case e.Code != "":
		return e.Code
	case e.Param == "q":
		return CodeBadQuery
	}
	return CodeBadParameter
}
