package search

import (
	"cmp"
	"iter"
	"slices"
	"sync"

	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// matchCounter gathers what one search on one snapshot needs of all its
// matches beyond the page of hits: the number of matches, their stories
// and, when asked, their facets.
type matchCounter struct {
	st  *scorchx.Tables
	seg int
	// slots is the pool the counter's story slots come from and go back to.
	slots *sync.Pool
	// only says which term facets are counted: allFacets, noFacets or
	// the one facet's number.
	only   int
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
	// shared, when set, marks (not 0) the stories a shard shares with
	// other shards: its pages leave them out and its histogram lists no
	// spread of theirs, both the coordinator's to make (shardCounts).
	shared []uint32
}

// firstCountedMonth is the first month matchCounter.recent counts.
const firstCountedMonth = firstHistogramYear * 12

// countedMonths is the span of months matchCounter.recent counts.
const countedMonths = (2200 - firstHistogramYear) * 12

// allFacets and noFacets say which term facets a matchCounter counts
// (its only): every one, or none; any other value is the one term facet
// counted.
const (
	allFacets = -1
	noFacets  = -2
)

// newMatchCounter returns a counter for one search on the snapshot of st,
// whose story slots come from slots,
// counting facets when facets is set, and keeping the best-ranked article
// of each story by rank when that is set.
func newMatchCounter(st *scorchx.Tables, slots *sync.Pool, facets bool, rank *ranker) *matchCounter {
	if facets {
		return newCounter(st, slots, allFacets, rank)
	}
	return newCounter(st, slots, noFacets, rank)
}

// newFacetCounter returns a counter for one search on the snapshot of st
// that counts the matches, their stories and the values of term facet f
// alone: no other facet, no histogram (their counts stay zero). A search
// that shows one facet's values (an ORed facet's, counted again without
// its own filter; a facet's page) needs no more.
func newFacetCounter(st *scorchx.Tables, slots *sync.Pool, f int) *matchCounter {
	return newCounter(st, slots, f, nil)
}

// newCounter returns a counter counting the term facets only says
// (allFacets, noFacets or one facet's number).
func newCounter(st *scorchx.Tables, slots *sync.Pool, only int, rank *ranker) *matchCounter {
	c := &facetCounts{values: st.Values, months: make(map[int32]int)}
	if only != noFacets {
		c.terms = make([][]int32, len(st.Values))
		for f := range st.Values {
			if only == allFacets || only == f {
				c.terms[f] = make([]int32, len(st.Values[f]))
			}
		}
	}
	sl, _ := slots.Get().(*storySlots)
	if sl == nil {
		sl = &storySlots{}
	}
	if cap(sl.byStory) < len(st.Stories) {
		sl.byStory = make([]int32, len(st.Stories), len(st.Stories)+len(st.Stories)/8)
	}
	return &matchCounter{st: st, slots: slots, only: only, counts: c, byStory: sl.byStory[:len(st.Stories)],
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
	if mc.only == noFacets {
		return
	}
	terms := mc.counts.terms
	if mc.only != allFacets {
		for _, v := range t.Vals[t.Start[local]:t.Start[local+1]] {
			if int(scorchx.Facet(v)) == mc.only {
				terms[mc.only][scorchx.Ord(v)]++
			}
		}
		return
	}
	for _, v := range t.Vals[t.Start[local]:t.Start[local+1]] {
		terms[scorchx.Facet(v)][scorchx.Ord(v)]++
	}
	switch mo := t.Month[local]; {
	case mo == scorchx.NoMonth:
		mc.counts.undated++
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
	mc.counts.undatedArticles = mc.counts.undated
	mc.counts.stories = uint64(len(mc.members))
	if byStories && mc.only != noFacets {
		mc.countStories()
	}
	return mc.counts
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
	// month-1; undated those without a date, undatedArticles the
	// articles among them however the others are counted.
	months                   map[int32]int
	undated, undatedArticles int
	// spread lists, counting stories, the distinct months of each story
	// whose matching articles were published in more than one month: a
	// histogram by year counts such a story once a year.
	spread [][]int32
}

// count returns the number of matching articles (or stories) with
// value of term facet f; 0 for a value no match has.
func (c *facetCounts) count(f int, value string) int {
	if o := slices.Index(c.values[f], value); o >= 0 && o < len(c.terms[f]) {
		return int(c.terms[f][o])
	}
	return 0
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

// all returns every value of term facet f with a count, by count then
// value.
func (c *facetCounts) all(f int) []FacetValue {
	out := []FacetValue{}
	for o, n := range c.terms[f] {
		if n > 0 {
			out = append(out, FacetValue{Value: c.values[f][o], Count: int(n)})
		}
	}
	sortValues(out)
	return out
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
				if mc.only != allFacets && int(scorchx.Facet(v)) != mc.only {
					continue
				}
				if slices.Contains(seen, v) {
					c.terms[scorchx.Facet(v)][scorchx.Ord(v)]--
				} else {
					seen = append(seen, v)
				}
			}
		}
		if mc.only != allFacets {
			continue // no histogram
		}
		var months []int32
		undated := false
		for _, m := range story {
			switch mo := mc.st.Table(int(m.seg)).Month[m.local]; {
			case mo == scorchx.NoMonth && undated:
				c.undated--
			case mo == scorchx.NoMonth:
				undated = true
			case slices.Contains(months, mo):
				c.months[mo]--
			default:
				months = append(months, mo)
			}
		}
		if len(months) > 1 && (mc.shared == nil || mc.shared[group[0].story] == 0) {
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
