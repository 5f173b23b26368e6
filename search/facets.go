package search

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/sitrep/sitrep/index"
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
	return termFacet{}, &QueryError{Param: "facet", Msg: fmt.Sprintf("unknown facet %q: use %s", name, strings.Join(FacetNames(), ", "))}
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

// histogramYears returns the yearly periods of the histogram: dates
// outside them count as before or after them.
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

// facetCounts is what a matchCounter found for one query.
type facetCounts struct {
	// total is the number of matching articles, stories the number of
	// stories among them.
	total, stories uint64
	// byStories is set when the counts below count stories, not articles.
	byStories bool
	// terms[f][o] is the number of matching articles (or stories) with
	// value o of term facet f; values[f][o] names it.
	terms  [][]int32
	values [][]string
	// months counts the matching articles (or stories) by year*12 +
	// month-1.
	months map[int32]int
	// spread lists, counting stories, the distinct months of each story
	// whose matching articles were published in more than one month: a
	// histogram by year counts such a story once a year.
	spread [][]int32
}

// counted returns the number of matching articles, or of stories when
// those are counted: what a selected value always has.
func (c *facetCounts) counted() uint64 {
	if c.byStories {
		return c.stories
	}
	return c.total
}

// matchCounter gathers what one search on one snapshot needs of all its
// matches beyond the page of hits: the number of matches, their stories
// and, when asked, their facets.
type matchCounter struct {
	st  *scorchx.Tables
	seg int
	// slots is the pool the counter's story slots come from and go back to.
	slots *sync.Pool
	// facets is set when the facets are counted.
	facets bool
	counts *facetCounts
	// recent counts the months of the years a histogram can show, by
	// month - firstCountedMonth; out-of-range months go to counts.months.
	recent []int32
	// byStory[s] is 1 + the index in members of the matching article of
	// story s met first — or, with rank, the best-ranked; 0 when story s
	// has none. extras holds the story's other matching articles.
	byStory []int32
	members []storyMember
	extras  []storyMember
	// rank, when set, orders the articles of a story (collapsing).
	rank         *ranker
	extrasSorted bool
}

// firstCountedMonth is the first month matchCounter.recent counts.
const firstCountedMonth = firstHistogramYear * 12

// countedMonths is the span of months matchCounter.recent counts.
const countedMonths = (2200 - firstHistogramYear) * 12

// newMatchCounter returns a counter for one search on the snapshot of st,
// whose story slots come from slots,
// counting facets when facets is set, and keeping the best-ranked article
// of each story by rank when that is set.
func newMatchCounter(st *scorchx.Tables, slots *sync.Pool, facets bool, rank *ranker) *matchCounter {
	c := &facetCounts{values: st.Values, months: make(map[int32]int)}
	if facets {
		c.terms = make([][]int32, len(st.Values))
		for f := range st.Values {
			c.terms[f] = make([]int32, len(st.Values[f]))
		}
	}
	sl, _ := slots.Get().(*storySlots)
	if sl == nil {
		sl = &storySlots{}
	}
	if cap(sl.byStory) < len(st.Stories) {
		sl.byStory = make([]int32, len(st.Stories), len(st.Stories)+len(st.Stories)/8)
	}
	return &matchCounter{st: st, slots: slots, facets: facets, counts: c, byStory: sl.byStory[:len(st.Stories)],
		members: sl.members[:0], extras: sl.extras[:0], rank: rank}
}

// storySlots is what a matchCounter borrows from its snapshot's pool: the
// story slots, all zero, and the lists of matches with their memory.
type storySlots struct {
	byStory         []int32
	members, extras []storyMember
}

// release hands the counter's story slots back for another search, once
// its results are no longer needed. Only the slots of matching stories
// were set: they are cleared.
func (mc *matchCounter) release() {
	for _, m := range mc.members {
		mc.byStory[m.story] = 0
	}
	mc.slots.Put(&storySlots{byStory: mc.byStory, members: mc.members[:0], extras: mc.extras[:0]})
	mc.byStory, mc.members, mc.extras = nil, nil, nil
}

// add counts the article with global document number doc and the score
// the query gave it.
func (mc *matchCounter) add(doc uint64, score float64) {
	seg, local := mc.st.Locate(doc, mc.seg)
	mc.seg = seg
	t := mc.st.Table(seg)
	mc.counts.total++
	m := storyMember{score: score, story: t.Story[local], seg: int32(seg), local: uint32(local)}
	switch i := mc.byStory[m.story] - 1; {
	case i < 0:
		mc.members = append(mc.members, m)
		mc.byStory[m.story] = int32(len(mc.members))
	case mc.rank != nil && mc.rank.before(m, mc.members[i]):
		mc.extras = append(mc.extras, mc.members[i])
		mc.members[i] = m
	default:
		mc.extras = append(mc.extras, m)
	}
	if !mc.facets {
		return
	}
	terms := mc.counts.terms
	for _, v := range t.Vals[t.Start[local]:t.Start[local+1]] {
		terms[scorchx.Facet(v)][scorchx.Ord(v)]++
	}
	switch mo := t.Month[local]; {
	case mo == scorchx.NoMonth:
	case mo >= firstCountedMonth && mo < firstCountedMonth+countedMonths:
		if mc.recent == nil {
			mc.recent = make([]int32, countedMonths)
		}
		mc.recent[mo-firstCountedMonth]++
	default:
		mc.counts.months[mo]++
	}
}

// result returns the counts, once every match has been added: of
// articles, or of stories when byStories is set.
func (mc *matchCounter) result(byStories bool) *facetCounts {
	for i, n := range mc.recent {
		if n > 0 {
			mc.counts.months[int32(i)+firstCountedMonth] += int(n)
		}
	}
	mc.recent = nil
	mc.counts.stories = uint64(len(mc.members))
	if byStories && mc.facets {
		mc.countStories()
	}
	return mc.counts
}

// countStories turns the counts of articles into counts of stories: a
// story with k matching articles that have a value (or were published in
// one month) counted k times for it and should count once. Only stories
// with several matching articles need looking at.
func (mc *matchCounter) countStories() {
	c := mc.counts
	c.byStories = true
	mc.sortExtras()
	var story []storyMember
	var seen []uint32
	for group := range storyGroups(mc.extras) {
		story = append(append(story[:0], mc.members[mc.byStory[group[0].story]-1]), group...)
		// A value carried by k of the story's articles was counted k
		// times: take back all but the first.
		seen = seen[:0]
		for _, m := range story {
			t := mc.st.Table(int(m.seg))
			for _, v := range t.Vals[t.Start[m.local]:t.Start[m.local+1]] {
				if slices.Contains(seen, v) {
					c.terms[scorchx.Facet(v)][scorchx.Ord(v)]--
				} else {
					seen = append(seen, v)
				}
			}
		}
		var months []int32
		for _, m := range story {
			switch mo := mc.st.Table(int(m.seg)).Month[m.local]; {
			case mo == scorchx.NoMonth:
			case slices.Contains(months, mo):
				c.months[mo]--
			default:
				months = append(months, mo)
			}
		}
		if len(months) > 1 {
			c.spread = append(c.spread, months)
		}
	}
}

// storyGroups yields the runs of members of one story in members, which is
// sorted by story.
func storyGroups(members []storyMember) iter.Seq[[]storyMember] {
	return func(yield func([]storyMember) bool) {
		for i := 0; i < len(members); {
			j := i + 1
			for j < len(members) && members[j].story == members[i].story {
				j++
			}
			if !yield(members[i:j]) {
				return
			}
			i = j
		}
	}
}

// sortExtras orders extras by story.
func (mc *matchCounter) sortExtras() {
	if mc.extrasSorted {
		return
	}
	mc.extrasSorted = true
	slices.SortFunc(mc.extras, func(a, b storyMember) int { return cmp.Compare(a.story, b.story) })
}

// others returns the matching articles of story other than the one in
// members, in rank order when there is one.
func (mc *matchCounter) others(story uint32) []storyMember {
	mc.sortExtras()
	i, _ := slices.BinarySearchFunc(mc.extras, story, func(e storyMember, s uint32) int { return cmp.Compare(e.story, s) })
	j := i
	for j < len(mc.extras) && mc.extras[j].story == story {
		j++
	}
	out := mc.extras[i:j]
	if mc.rank != nil {
		slices.SortFunc(out, func(a, b storyMember) int { return mc.rank.compare(mc.rank.key(a), mc.rank.key(b)) })
	}
	return out
}

// top returns the size most frequent values of term facet f, by count
// then value, and whether more values have a count; only the values keep
// accepts, when it is set.
func (c *facetCounts) top(f, size int, keep func(string) bool) ([]FacetValue, bool) {
	var out []FacetValue
	nonzero := 0
	values := c.values[f]
	less := func(a FacetValue, o int, n int32) bool { // a ranks after (o, n)
		return int(n) > a.Count || (int(n) == a.Count && values[o] < a.Value)
	}
	for o, n := range c.terms[f] {
		if n == 0 || keep != nil && !keep(values[o]) {
			continue
		}
		nonzero++
		if len(out) == size && !less(out[size-1], o, n) {
			continue
		}
		v := FacetValue{Value: values[o], Count: int(n)}
		i := len(out)
		if i == size {
			i--
		} else {
			out = append(out, v)
		}
		for i > 0 && less(out[i-1], o, n) {
			out[i] = out[i-1]
			i--
		}
		out[i] = v
	}
	return out, nonzero > len(out)
}

// termFacetsFrom turns counted term facets into Facets, keeping selected
// values visible as termFacetResults does.
func termFacetsFrom(c *facetCounts, req *Request) map[string]Facet {
	out := make(map[string]Facet, len(termFacets))
	for f, tf := range termFacets {
		var facet Facet
		facet.Values, facet.More = c.top(f, req.FacetSize, nil)
		out[tf.name] = withSelected(facet, tf.selected(req), c.counted())
	}
	return out
}

// withSelected marks the selected values of a facet, adding those not
// among its values with the count total (every matching article, and so
// every matching story, has a selected value, since filters AND), and
// sorts the values.
func withSelected(facet Facet, selected []string, total uint64) Facet {
	for _, sel := range selected {
		i := slices.IndexFunc(facet.Values, func(v FacetValue) bool { return v.Value == sel })
		if i < 0 {
			facet.Values = append(facet.Values, FacetValue{Value: sel, Count: int(total)})
			i = len(facet.Values) - 1
		}
		facet.Values[i].Selected = true
	}
	sortValues(facet.Values)
	if facet.Values == nil {
		facet.Values = []FacetValue{}
	}
	return facet
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
