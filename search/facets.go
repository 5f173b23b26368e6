package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// Facet names.
const (
	FacetPeople        = "people"
	FacetPlaces        = "places"
	FacetOrganisations = "organisations"
	FacetSources       = "sources"
	FacetPublished     = "published"
)

// termFacet ties a facet to its index field, to the request filters
// that select and exclude its values and to the parameter that names
// the filter in messages (not_ before it names the exclusions). The
// values of an entity facet are entities of kind kind.
type termFacet struct {
	name, field, param string
	// filter selects values, not excludes them, and all says whether
	// the selected values AND rather than OR.
	filter, not func(*Request) *[]string
	all         func(*Request) *bool
	entity      bool
	kind        entity.Kind
}

// selected returns the values r filters f on.
func (f termFacet) selected(r *Request) []string { return *f.filter(r) }

// excluded returns the values r leaves out of f.
func (f termFacet) excluded(r *Request) []string { return *f.not(r) }

// mark sets Selected and Excluded on the values r filters f on.
func (f termFacet) mark(values []FacetValue, r *Request) {
	for i := range values {
		values[i].Selected = slices.Contains(f.selected(r), values[i].Value)
		values[i].Excluded = slices.Contains(f.excluded(r), values[i].Value)
	}
}

// facetNumber returns the number of the term facet named name among
// termFacets (the number its counts have), -1 for none.
func facetNumber(name string) int {
	return slices.IndexFunc(termFacets, func(t termFacet) bool { return t.name == name })
}

// notParam names the filter that excludes values of f.
func (f termFacet) notParam() string { return "not_" + f.param }

// termFacets are the term facets, in the order they are shown.
var termFacets = []termFacet{
	{
		name: FacetPeople, field: index.FieldPeople, param: "person", entity: true, kind: entity.Person,
		filter: func(r *Request) *[]string { return &r.People }, not: func(r *Request) *[]string { return &r.NotPeople },
		all: func(r *Request) *bool { return &r.AllPeople },
	},
	{
		name: FacetPlaces, field: index.FieldPlaces, param: "place", entity: true, kind: entity.Place,
		filter: func(r *Request) *[]string { return &r.Places }, not: func(r *Request) *[]string { return &r.NotPlaces },
		all: func(r *Request) *bool { return &r.AllPlaces },
	},
	{
		name: FacetOrganisations, field: index.FieldOrganisations, param: "organisation", entity: true, kind: entity.Organisation,
		filter: func(r *Request) *[]string { return &r.Organisations }, not: func(r *Request) *[]string { return &r.NotOrganisations },
		all: func(r *Request) *bool { return &r.AllOrganisations },
	},
	{
		name: FacetSources, field: index.FieldSource, param: "source",
		filter: func(r *Request) *[]string { return &r.Sources }, not: func(r *Request) *[]string { return &r.NotSources },
		all: func(r *Request) *bool { return &r.AllSources },
	},
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

// facetFields are the index fields of the term facets, in termFacets
// order: the facets the snapshot tables count.
func facetFields() []string {
	out := make([]string, len(termFacets))
	for i, f := range termFacets {
		out[i] = f.field
	}
	return out
}

func lookupFacet(name string) (termFacet, error) {
	for _, f := range termFacets {
		if f.name == name {
			return f, nil
		}
	}
	return termFacet{}, &QueryError{Param: "facet", Code: CodeUnknownFacet, Msg: fmt.Sprintf("unknown facet %q: use %s", name, strings.Join(FacetNames(), ", "))}
}

// Facet is the values of one facet among the matching articles.
type Facet struct {
	Values []FacetValue
	// More is set when the facet has values beyond those returned.
	More bool
}

// FacetValue is one value of a facet and the number of matching articles
// (or, counting stories, of matching stories) that have it.
type FacetValue struct {
	Value string
	// ID is the entity's id (entity.ID) when the facet's values are
	// entities (people, places, organisations); "" for sources.
	ID    string
	Count int
	// Selected marks a value the request filters on, Excluded one it
	// leaves out (whose count is 0). Both are always returned, whatever
	// their rank.
	Selected, Excluded bool
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

// termFacetsFrom turns counted term facets into Facets, keeping selected
// values visible as termFacetResults does.
func termFacetsFrom(c *facetCounts, req *Request) map[string]Facet {
	out := make(map[string]Facet, len(termFacets))
	for f, tf := range termFacets {
		out[tf.name] = c.facet(f, req)
	}
	return out
}

// facet returns the counted values of term facet f, the values req
// selects and excludes among them, with their ids.
func (c *facetCounts) facet(f int, req *Request) Facet {
	tf := termFacets[f]
	var facet Facet
	facet.Values, facet.More = c.top(f, req.FacetSize, nil)
	facet = withSelected(facet, tf.selected(req), tf.excluded(req), func(v string) int { return c.count(f, v) })
	tf.setIDs(facet.Values)
	return facet
}

// withSelected marks the selected and excluded values of a facet, adding
// those not among its values with their count among the matches (count
// returns it: values ORed need not each be in every match; an excluded
// value is in none), and sorts the values.
func withSelected(facet Facet, selected, excluded []string, count func(string) int) Facet {
	mark := func(value string, set func(*FacetValue)) {
		i := slices.IndexFunc(facet.Values, func(v FacetValue) bool { return v.Value == value })
		if i < 0 {
			facet.Values = append(facet.Values, FacetValue{Value: value, Count: count(value)})
			i = len(facet.Values) - 1
		}
		set(&facet.Values[i])
	}
	for _, v := range selected {
		mark(v, func(fv *FacetValue) { fv.Selected = true })
	}
	for _, v := range excluded {
		mark(v, func(fv *FacetValue) { fv.Excluded = true })
	}
	sortValues(facet.Values)
	if facet.Values == nil {
		facet.Values = []FacetValue{}
	}
	return facet
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

// FacetValues returns the values of one facet among the articles matching
// req's query and filters, most frequent first; with a prefix, only values
// having a word that starts with each prefix word. Each value counts the
// matching articles that have it, or with req.FacetCount CountStories the
// matching stories. Mistakes in req come back as a *QueryError.
func (e *Engine) FacetValues(ctx context.Context, req FacetRequest) (*FacetValues, error) {
	f, inner, err := req.check()
	if err != nil {
		return nil, err
	}
	// The values of a facet whose selection ORs count over the matches
	// without that selection, as a search's facets do (orFacets).
	p, err := e.prepare(ctx, &inner, func(wider Request) Request {
		if !*f.all(&wider) {
			*f.filter(&wider) = nil
		}
		return wider
	})
	if err != nil {
		return nil, err
	}
	defer p.close()
	q := p.q
	prefix := slices.Compact(slices.Sorted(slices.Values(prefixWords(req.Prefix))))
	if len(prefix) > e.limits.QueryTerms {
		return nil, &QueryError{Param: "prefix", Code: CodeTooManyTerms, Msg: fmt.Sprintf("%d prefix words are more than the %d a search may hold (the query terms limit): type fewer words", len(prefix), e.limits.QueryTerms)}
	}
	candidates := req.Size
	var prefixes []scorchx.FieldPrefix
	if len(prefix) > 0 {
		// Narrow to articles with a matching word, then keep the values
		// that match: the article may also have values that do not.
		must := []query.Query{q}
		for _, p := range prefix {
			fp := scorchx.FieldPrefix{Field: index.WordsField(f.field), Prefix: p}
			must = append(must, &scorchx.PrefixQuery{Prefix: fp.Prefix, Field: fp.Field, Boost: 1})
			prefixes = append(prefixes, fp)
		}
		q = bleve.NewConjunctionQuery(must...)
		candidates = maxPrefixCandidates
	}
	if err := p.admit(ctx, req.Query, prefixes...); err != nil {
		return nil, err
	}
	if inner.FacetCount == CountStories {
		snap, err := p.snapshot()
		if err != nil {
			return nil, err
		}
		return e.storyFacetValues(ctx, snap, q, f, prefix, &inner, req.Size)
	}
	sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
	sr.AddFacet(f.name, bleve.NewFacetRequest(f.field, candidates))
	res, err := p.b.SearchInContext(ctx, sr)
	if err != nil {
		return nil, searchError(req.Query, err)
	}
	out := &FacetValues{Name: f.name, Values: []FacetValue{}}
	fr := res.Facets[f.name]
	if fr == nil || fr.Terms == nil {
		return out, nil
	}
	for _, t := range fr.Terms.Terms() {
		if len(prefix) == 0 || matchesPrefix(t.Term, prefix) {
			out.Values = append(out.Values, FacetValue{Value: t.Term, Count: t.Count})
		}
	}
	f.mark(out.Values, &inner)
	sortValues(out.Values)
	out.More = fr.Other > 0
	if len(out.Values) > req.Size {
		out.Values, out.More = out.Values[:req.Size], true
	}
	f.setIDs(out.Values)
	return out, nil
}

// check returns the facet of r and the search it browses, and fills in
// r's Size, or returns the mistake in r.
func (r *FacetRequest) check() (termFacet, Request, error) {
	f, err := lookupFacet(r.Facet)
	if err != nil {
		return f, Request{}, err
	}
	if r.Size == 0 {
		r.Size = DefaultFacetSize
	}
	if r.Size < 1 || r.Size > MaxFacetSize {
		return f, Request{}, &QueryError{Param: "size", Msg: fmt.Sprintf("size %d: choose between 1 and %d values", r.Size, MaxFacetSize)}
	}
	inner := r.Request
	inner.Page, inner.Size, inner.Cursor, inner.FacetSize = 0, 0, "", 0
	return f, inner, nil
}

// storyFacetValues answers FacetValues counting stories: the matches of q
// (compiled from req) in snap are counted with its tables, as a
// search's facets are, and the values of f with a word starting with
// each prefix word kept.
func (e *Engine) storyFacetValues(ctx context.Context, snap *scorchx.Snapshot, q query.Query, f termFacet, prefix []string, req *Request, size int) (*FacetValues, error) {
	text := req.Query
	counter := newFacetCounter(snap.Tables(), e.slots, facetNumber(f.name))
	defer counter.release()
	if err := snap.EachMatchUnscored(ctx, q, counter.add); err != nil {
		return nil, searchError(text, err)
	}
	return countedValues(counter.result(true), f, prefix, req, size), nil
}

// countedValues returns the size most frequent values of f among the
// matches counted in c (of articles or of stories), those with a word
// starting with each prefix word alone, marked as req selects them.
func countedValues(c *facetCounts, f termFacet, prefix []string, req *Request, size int) *FacetValues {
	var keep func(string) bool
	if len(prefix) > 0 {
		keep = func(v string) bool { return matchesPrefix(v, prefix) }
	}
	fi := facetNumber(f.name)
	out := &FacetValues{Name: f.name}
	out.Values, out.More = c.top(fi, size, keep)
	f.mark(out.Values, req)
	if out.Values == nil {
		out.Values = []FacetValue{}
	}
	f.setIDs(out.Values)
	return out
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
	// Undated counts the matching articles (or stories) without a date,
	// which no bucket holds.
	Undated int
}

// histogramMonthsYears is the widest span, in calendar years, still shown
// by month.
const histogramMonthsYears = 5

// firstHistogramYear and the current year bound the yearly buckets; dates
// outside fall into open-ended buckets before and after.
const firstHistogramYear = 1970

// histogramYears returns the yearly periods of the histogram: dates
// outside them count as before or after them.
func histogramYears(now time.Time) []period {
	return yearPeriods(firstHistogramYear, now.UTC().Year()+1)
}

// histogramFrom builds the date histogram from the counts by month: by
// year when the dates span more than histogramMonthsYears years or some
// fall outside the yearly periods, else by month. spread lists the
// distinct months of stories counted once in each (facetCounts.spread),
// to be counted once a year.
func histogramFrom(years []period, months map[int32]int, spread [][]int32) Histogram {
	counts := make(map[string]int)
	lo := int32(years[0].from.Year() * 12)
	hi := int32((years[len(years)-1].from.Year() + 1) * 12)
	bucket := func(mo int32) string {
		switch {
		case mo < lo:
			return beforeBucket
		case mo >= hi:
			return afterBucket
		}
		return fmt.Sprint(mo / 12)
	}
	for mo, n := range months {
		counts[bucket(mo)] += n
	}
	for _, story := range spread {
		seen := make(map[string]bool, len(story))
		for _, mo := range story {
			if b := bucket(mo); seen[b] {
				counts[b]--
			} else {
				seen[b] = true
			}
		}
	}
	first, last, ok := spanOf(years, counts)
	if !ok {
		return Histogram{Interval: "month", Buckets: []Bucket{}}
	}
	if last-first+1 > histogramMonthsYears || counts[beforeBucket] > 0 || counts[afterBucket] > 0 {
		return Histogram{Interval: "year", Buckets: buckets(years, counts)}
	}
	periods := monthPeriods(first, last)
	monthly := make(map[string]int, len(periods))
	for _, p := range periods {
		monthly[p.value] = months[int32(p.from.Year()*12+int(p.from.Month())-1)]
	}
	return Histogram{Interval: "month", Buckets: buckets(periods, monthly)}
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
