package search

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/sitrep/sitrep/index"
)

// Facet names.
const (
	FacetPeople        = "people"
	FacetPlaces        = "places"
	FacetOrganisations = "organisations"
	FacetSources       = "sources"
	FacetPublished     = "published"
)

// termFacet ties a facet to its index field and to the request filter that
// selects its values.
type termFacet struct {
	name, field string
	selected    func(*Request) []string
}

// termFacets are the term facets, in the order they are shown.
var termFacets = []termFacet{
	{FacetPeople, index.FieldPeople, func(r *Request) []string { return r.People }},
	{FacetPlaces, index.FieldPlaces, func(r *Request) []string { return r.Places }},
	{FacetOrganisations, index.FieldOrganisations, func(r *Request) []string { return r.Organisations }},
	{FacetSources, index.FieldSource, func(r *Request) []string { return r.Sources }},
}

// FacetNames lists the term facets a search returns and FacetValues
// browses.
func FacetNames() []string {
	out := make([]string, len(termFacets))
	for i, f := range termFacets {
		out[i] = f.name
	}
	return out
}

func lookupFacet(name string) (termFacet, error) {
	for _, f := range termFacets {
		if f.name == name {
			return f, nil
		}
	}
	return termFacet{}, &QueryError{Param: "facet", Msg: fmt.Sprintf("unknown facet %q: use %s", name, strings.Join(FacetNames(), ", "))}
}

// Facet is the values of one facet among the matching articles.
type Facet struct {
	Values []FacetValue
	// More is set when the facet has values beyond those returned.
	More bool
}

// FacetValue is one value of a facet and the number of matching articles
// that have it.
type FacetValue struct {
	Value string
	Count int
	// Selected marks a value the request filters on. A selected value is
	// always returned, whatever its rank.
	Selected bool
}

// Bucket is one bar of the publication-date histogram: the matching
// articles published in [From, To).
type Bucket struct {
	// Value names the period: "2022-09" for a month, "2022" for a year.
	Value    string
	From, To time.Time
	Count    int
}

// Histogram is the publication dates of the matching articles, by month, or
// by year when they span more than histogramMonthsYears years.
type Histogram struct {
	// Interval is "month" or "year".
	Interval string
	Buckets  []Bucket
}

// histogramMonthsYears is the widest span, in calendar years, still shown
// by month.
const histogramMonthsYears = 5

// firstHistogramYear and the current year bound the yearly buckets; dates
// outside fall into open-ended buckets before and after.
const firstHistogramYear = 1970

// addTermFacets asks for every term facet.
func addTermFacets(sr *bleve.SearchRequest, size int) {
	for _, f := range termFacets {
		sr.AddFacet(f.name, bleve.NewFacetRequest(f.field, size))
	}
}

// termFacetResults turns bleve's term facets into Facets, keeping selected
// values visible: every matching article has a selected value (filters
// AND), so its count is the total.
func termFacetResults(res *bleve.SearchResult, req *Request) map[string]Facet {
	out := make(map[string]Facet, len(termFacets))
	for _, f := range termFacets {
		var facet Facet
		fr := res.Facets[f.name]
		if fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				facet.Values = append(facet.Values, FacetValue{Value: t.Term, Count: t.Count})
			}
			facet.More = fr.Other > 0
		}
		for _, sel := range f.selected(req) {
			i := slices.IndexFunc(facet.Values, func(v FacetValue) bool { return v.Value == sel })
			if i < 0 {
				facet.Values = append(facet.Values, FacetValue{Value: sel, Count: int(res.Total)})
				i = len(facet.Values) - 1
			}
			facet.Values[i].Selected = true
		}
		sortValues(facet.Values)
		if facet.Values == nil {
			facet.Values = []FacetValue{}
		}
		out[f.name] = facet
	}
	return out
}

// sortValues orders facet values by count, then by value.
func sortValues(values []FacetValue) {
	slices.SortStableFunc(values, func(a, b FacetValue) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
}

// period is a span of time for histogram buckets.
type period struct {
	value    string
	from, to time.Time
}

// yearPeriods returns one period per year from first to last, inclusive.
func yearPeriods(first, last int) []period {
	var out []period
	for y := first; y <= last; y++ {
		from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		out = append(out, period{value: fmt.Sprint(y), from: from, to: from.AddDate(1, 0, 0)})
	}
	return out
}

// monthPeriods returns one period per month of the years first to last.
func monthPeriods(first, last int) []period {
	var out []period
	for y := first; y <= last; y++ {
		for m := time.January; m <= time.December; m++ {
			from := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
			out = append(out, period{value: from.Format("2006-01"), from: from, to: from.AddDate(0, 1, 0)})
		}
	}
	return out
}

// Names of the open-ended year buckets.
const (
	beforeBucket = "before"
	afterBucket  = "after"
)

// dateFacet asks for the counts of each period (and, for the coarse pass,
// of the dates before and after them).
func dateFacet(periods []period, openEnds bool) *bleve.FacetRequest {
	fr := bleve.NewFacetRequest(index.FieldPublished, len(periods)+2)
	for _, p := range periods {
		fr.AddDateTimeRange(p.value, p.from, p.to)
	}
	if openEnds && len(periods) > 0 {
		fr.AddDateTimeRange(beforeBucket, time.Time{}, periods[0].from)
		fr.AddDateTimeRange(afterBucket, periods[len(periods)-1].to, time.Time{})
	}
	return fr
}

// dateCounts reads the counts of a date facet by period name.
func dateCounts(fr *bsearch.FacetResult) map[string]int {
	out := make(map[string]int)
	if fr == nil {
		return out
	}
	for _, r := range fr.DateRanges {
		out[r.Name] = r.Count
	}
	return out
}

// histogramYears returns the yearly periods the coarse pass counts.
func histogramYears(now time.Time) []period {
	return yearPeriods(firstHistogramYear, now.UTC().Year()+1)
}

// spanOf returns the first and last year with a count, and false when no
// dated article matched (or some fell outside the yearly buckets, in which
// case years are the only sensible unit).
func spanOf(years []period, counts map[string]int) (first, last int, ok bool) {
	first, last = -1, -1
	for _, p := range years {
		if counts[p.value] > 0 {
			if first < 0 {
				first = p.from.Year()
			}
			last = p.from.Year()
		}
	}
	return first, last, first >= 0
}

// buckets builds the histogram bars for periods from counts, trimming
// empty periods at both ends but keeping empty ones between.
func buckets(periods []period, counts map[string]int) []Bucket {
	lo, hi := 0, len(periods)
	for lo < hi && counts[periods[lo].value] == 0 {
		lo++
	}
	for hi > lo && counts[periods[hi-1].value] == 0 {
		hi--
	}
	out := make([]Bucket, 0, hi-lo)
	for _, p := range periods[lo:hi] {
		out = append(out, Bucket{Value: p.value, From: p.from, To: p.to, Count: counts[p.value]})
	}
	return out
}

// FacetRequest browses the values of one facet under a search.
type FacetRequest struct {
	// Request gives the query and filters; its paging is ignored.
	Request
	// Facet is one of FacetNames.
	Facet string
	// Prefix keeps only values with a word starting with each of its
	// words, case-insensitively ("wal" finds "Celeste Wallander").
	Prefix string
	// Size is how many values to return (DefaultFacetSize when 0, at most
	// MaxFacetSize).
	Size int
}

// FacetValues is the answer to a FacetRequest.
type FacetValues struct {
	// Name is the facet's name.
	Name   string
	Values []FacetValue
	// More is set when values beyond those returned match.
	More bool
}

// maxPrefixCandidates bounds the values examined for a prefix lookup.
const maxPrefixCandidates = 10_000

// prefixWords splits a prefix into lower-cased words.
func prefixWords(prefix string) []string {
	return strings.FieldsFunc(strings.ToLower(prefix), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// matchesPrefix reports whether each prefix word starts some word of
// value, case-insensitively.
func matchesPrefix(value string, prefix []string) bool {
	words := prefixWords(value)
	for _, p := range prefix {
		if !slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, p) }) {
			return false
		}
	}
	return true
}
