package scorchx

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/sitrep/sitrep/index"
)

// PhraseQuery matches the words of Text, as the analyzer makes them, next
// to each other and in order in one field; one word is a term query. It
// finds and scores the same articles as bleve's MatchPhraseQuery (a
// conjunction of the words' term searchers, with their term vectors), but
// checks each candidate's word positions in the words' own lists, where
// bleve merges the lists and builds maps of every word's locations for
// every candidate: a phrase of two common words spent 60 % of its time
// there (docs/PERFORMANCE.md, third round).
//
// With Pairs set, the field of Field's adjacent common words in pairs
// (index.FieldTextPairs for index.FieldText), a phrase narrows its
// candidates to the articles that hold each of its pairs that the field
// holds (both words common: the pair field's analyzer says which) before
// anything else is read: then a phrase of two common words needs no
// positions (the pair is the phrase), unless its locations are asked
// for, and a longer one reads the positions of the candidates alone. A
// phrase with a rarer word is led by that word's short postings.
type PhraseQuery struct {
	Text  string
	Field string
	// Analyzer names the analyzer of Text; "" is the field's own.
	Analyzer string
	Boost    float64
	// Pairs names the pair field of Field (index.PairTerm); "" when it
	// has none.
	Pairs string
}

// Searcher implements query.Query.
func (q *PhraseQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	name := q.Analyzer
	if name == "" {
		name = m.AnalyzerNameForPath(q.Field)
	}
	a := m.AnalyzerNamed(name)
	if a == nil {
		return nil, fmt.Errorf("phrase in %s: no analyzer named %q", q.Field, name)
	}
	terms := phraseTerms(a.Analyze([]byte(q.Text)))
	if len(terms) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	if len(terms) == 1 && len(terms[0]) == 1 {
		// One word: its term searcher (bleve's conjunction of one finds and
		// scores the same, a layer later).
		return searcher.NewTermSearcher(ctx, r, terms[0][0], q.Field, q.Boost, options)
	}
	filters, err := pairFilters(ctx, r, m, q.Pairs, terms)
	if err != nil {
		return nil, err
	}
	// The positions are read unless the pairs decide (a phrase of two
	// words) and no one asks for the locations.
	positions := options.IncludeTermVectors || len(filters) == 0 || len(terms) > 2
	options.IncludeTermVectors = positions
	var parts []bsearch.Searcher
	closeAll := func() {
		for _, s := range parts {
			s.Close()
		}
		for _, f := range filters {
			f.Close()
		}
	}
	var places []int // places[i]: the phrase position parts[i] searches
	for k, at := range terms {
		var alternatives []bsearch.Searcher
		for _, term := range at { // none at a gap: any word
			s, err := searcher.NewTermSearcher(ctx, r, term, q.Field, q.Boost, options)
			if err != nil {
				closeAll()
				return nil, err
			}
			alternatives = append(alternatives, s)
		}
		switch len(alternatives) {
		case 0:
			continue
		case 1:
			parts = append(parts, alternatives[0])
		default:
			s, err := searcher.NewDisjunctionSearcher(ctx, r, alternatives, 1, options)
			if err != nil {
				for _, s := range alternatives {
					s.Close()
				}
				closeAll()
				return nil, err
			}
			parts = append(parts, s)
		}
		places = append(places, k)
	}
	narrowed := make([]any, 0, len(filters)+len(parts))
	for _, f := range filters {
		narrowed = append(narrowed, f.reader)
	}
	for _, p := range parts {
		narrowed = append(narrowed, p)
	}
	if err := intersect(narrowed); err != nil {
		closeAll()
		return nil, err
	}
	s := newPhraseSearcher(parts, places, len(terms), options)
	s.filters, s.positions, s.among = filters, positions, amongOf(ctx)
	return s, nil
}

// pairedWords is the analyzer of a pair field (index.PairsAnalyzer): it
// says which pairs of words the field holds.
type pairedWords interface {
	Paired(first, second string) bool
}

// pairFilters returns a reader of the term of pairs (a pair field,
// index.PairTerm) for each two adjacent positions of a phrase's terms
// that hold one term each, when the field holds their pair; none when
// pairs is "".
func pairFilters(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, pairs string, terms [][]string) ([]*pairFilter, error) {
	if pairs == "" {
		return nil, nil
	}
	// A pair field's analyzer (bleve finds a field's own analyzer by its
	// path, which the pair field shares with the field it pairs).
	paired, ok := m.AnalyzerNamed(index.PairsAnalyzer).(pairedWords)
	if !ok {
		return nil, fmt.Errorf("phrase by the pairs of %s: the mapping has no analyzer %q that says which pairs it holds: rebuild the index with this sitrep", pairs, index.PairsAnalyzer)
	}
	var out []*pairFilter
	for k := 1; k < len(terms); k++ {
		if len(terms[k-1]) != 1 || len(terms[k]) != 1 || !paired.Paired(terms[k-1][0], terms[k][0]) {
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(index.PairTerm(terms[k-1][0], terms[k][0])), pairs, false, false, false)
		if err != nil {
			for _, f := range out {
				f.Close()
			}
			return nil, err
		}
		out = append(out, &pairFilter{reader: tfr})
	}
	return out, nil
}

// intersect lets the index narrow the postings of the parts to the
// documents that hold them all, as bleve's conjunction searcher does
// (index.Optimizable, kind "conjunction": scorch ANDs each segment's
// postings bitmaps in place). The parts are term searchers and term field
// readers; when one of them cannot be narrowed, none is.
func intersect(parts []any) error {
	if len(parts) < 2 {
		return nil
	}
	var octx bindex.OptimizableContext
	for _, p := range parts {
		o, ok := p.(bindex.Optimizable)
		if !ok {
			return nil
		}
		var err error
		if octx, err = o.Optimize("conjunction", octx); err != nil || octx == nil {
			return err
		}
	}
	_, err := octx.Finish()
	return err
}

// phraseTerms returns the terms at each position of a phrase's tokens,
// from the first to the last; none where the analyzer dropped a word.
func phraseTerms(tokens analysis.TokenStream) [][]string {
	if len(tokens) == 0 {
		return nil
	}
	first, last := tokens[0].Position, tokens[0].Position
	for _, t := range tokens {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range tokens {
		out[t.Position-first] = append(out[t.Position-first], string(t.Term))
	}
	return out
}

// phraseSearcher finds the articles in which a phrase's terms stand in
// its order, next to each other, within one value of the field. It is
// bleve's conjunction of the terms' searchers (the same documents, the
// same scores, summed in the same order) that checks each candidate's
// positions in the terms' own lists of locations, without merging them
// first. A match keeps the locations of the phrase's occurrences only,
// for highlighting. Filters, the phrase's pairs of words, narrow the
// candidates without being scored; when they decide the phrase alone,
// positions are not checked.
type phraseSearcher struct {
	// parts search the phrase's positions that hold terms, in the order
	// bleve's conjunction keeps them (by Count: searcher.
	// OrderedSearcherList) and sums their scores; places[i] is the
	// position parts[i] searches; length is the phrase's, gaps included.
	parts   []bsearch.Searcher
	places  []int
	length  int
	explain bool
	// filters must all hold a candidate; positions says whether the
	// candidates' positions are checked (the parts then read them).
	filters   []*pairFilter
	positions bool
	// among, when not nil, are the only documents a match is looked for
	// in (withAmong).
	among among
	// curr holds each part's current match; started is set once they
	// were first read.
	curr    []*bsearch.DocumentMatch
	started bool
	// Scratch for the candidate being checked: locs[k] lists the
	// locations at phrase position k in order (nil at a gap), sorted[k]
	// is the copy sorted when they come unsorted, next[k] is how far
	// locs[k] has been passed, keep[k] marks the occurrences' locations,
	// and kept gathers them.
	locs, sorted [][]bsearch.FieldTermLocation
	next         []int
	keep         [][]bool
	kept         []bsearch.FieldTermLocation
}

// newPhraseSearcher returns the searcher of a phrase of length positions
// whose position places[i] parts[i] searches, ordering the parts and
// setting their query norm as bleve's conjunction does.
func newPhraseSearcher(parts []bsearch.Searcher, places []int, length int, options bsearch.SearcherOptions) *phraseSearcher {
	place := make(map[bsearch.Searcher]int, len(parts))
	for i, p := range parts {
		place[p] = places[i]
	}
	sort.Sort(searcher.OrderedSearcherList(parts))
	for i, p := range parts {
		places[i] = place[p]
	}
	s := &phraseSearcher{
		parts: parts, places: places, length: length, explain: options.Explain, positions: true,
		curr: make([]*bsearch.DocumentMatch, len(parts)),
		locs: make([][]bsearch.FieldTermLocation, length), sorted: make([][]bsearch.FieldTermLocation, length),
		next: make([]int, length), keep: make([][]bool, length),
	}
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s
}

// start reads each part's first match, once.
func (s *phraseSearcher) start(ctx *bsearch.SearchContext) error {
	if s.started {
		return nil
	}
	s.started = true
	for i, p := range s.parts {
		var err error
		if s.curr[i], err = p.Next(ctx); err != nil {
			return err
		}
	}
	for _, f := range s.filters {
		if err := f.next(); err != nil {
			return err
		}
	}
	return nil
}

// Next implements search.Searcher.
func (s *phraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	for {
		// The parts' furthest document: the others are advanced to it.
		var last bindex.IndexInternalID
		for _, dm := range s.curr {
			if dm == nil {
				return nil, nil
			}
			if last == nil || dm.IndexInternalID.Compare(last) > 0 {
				last = dm.IndexInternalID
			}
		}
		for _, f := range s.filters {
			if f.doc == nil {
				return nil, nil
			}
			if f.doc.ID.Compare(last) > 0 {
				last = f.doc.ID
			}
		}
		if s.among != nil {
			var ok bool
			if last, ok = s.among.from(last); !ok {
				return nil, nil
			}
		}
		aligned := true
		for _, f := range s.filters {
			if f.doc.ID.Compare(last) == 0 {
				continue
			}
			if err := f.advance(last); err != nil || f.doc == nil {
				return nil, err
			}
			aligned = aligned && f.doc.ID.Compare(last) == 0
		}
		for i, dm := range s.curr {
			if dm.IndexInternalID.Compare(last) == 0 {
				continue
			}
			ctx.DocumentMatchPool.Put(dm)
			var err error
			if s.curr[i], err = s.parts[i].Advance(ctx, last); err != nil || s.curr[i] == nil {
				return nil, err
			}
			aligned = aligned && s.curr[i].IndexInternalID.Compare(last) == 0
		}
		if !aligned {
			continue
		}
		rv := s.match()
		for i, dm := range s.curr {
			if dm != rv {
				ctx.DocumentMatchPool.Put(dm)
			}
			var err error
			if s.curr[i], err = s.parts[i].Next(ctx); err != nil {
				return nil, err
			}
		}
		if rv != nil {
			return rv, nil
		}
	}
}

// Advance implements search.Searcher.
func (s *phraseSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	for i, dm := range s.curr {
		if dm != nil && dm.IndexInternalID.Compare(id) >= 0 {
			continue
		}
		if dm != nil {
			ctx.DocumentMatchPool.Put(dm)
		}
		var err error
		if s.curr[i], err = s.parts[i].Advance(ctx, id); err != nil {
			return nil, err
		}
	}
	for _, f := range s.filters {
		if f.doc != nil && f.doc.ID.Compare(id) < 0 {
			if err := f.advance(id); err != nil {
				return nil, err
			}
		}
	}
	return s.Next(ctx)
}

// match returns the match of the candidate the parts are all on, scored
// as bleve's conjunction scores it, when the phrase occurs in it; nil
// when it does not.
func (s *phraseSearcher) match() *bsearch.DocumentMatch {
	if s.positions && !s.occurs() {
		return nil
	}
	var sum float64
	for _, dm := range s.curr {
		sum += dm.Score
	}
	rv := s.curr[0]
	if s.explain {
		children := make([]*bsearch.Explanation, len(s.curr))
		for i, dm := range s.curr {
			children[i] = dm.Expl
		}
		rv.Expl = &bsearch.Explanation{Value: sum, Message: "sum of:", Children: children}
	}
	rv.Score = sum
	if s.positions {
		rv.FieldTermLocations = append(rv.FieldTermLocations[:0], s.kept...)
	}
	return rv
}

// occurs reports whether the phrase occurs in the candidate the parts are
// all on, and gathers its occurrences' locations in kept. It walks the
// locations of the first term in order, and for each looks for the later
// terms at their places after it: as the starts advance, so do the
// places, so every list is passed once.
func (s *phraseSearcher) occurs() bool {
	clear(s.locs)
	for i, dm := range s.curr {
		k, l := s.places[i], dm.FieldTermLocations
		if !inPlaceOrder(l) {
			s.sorted[k] = append(s.sorted[k][:0], l...)
			slices.SortFunc(s.sorted[k], byPlace)
			l = s.sorted[k]
		}
		s.locs[k] = l
		s.keep[k] = slices.Grow(s.keep[k][:0], len(l))[:len(l)]
		clear(s.keep[k])
	}
	clear(s.next)
	found := false
	for j := range s.locs[0] {
		first := &s.locs[0][j].Location
		whole := true
		for k := 1; k < s.length && whole; k++ {
			locs := s.locs[k]
			if locs == nil {
				continue // a gap: any word
			}
			pos, n := first.Pos+uint64(k), s.next[k]
			for n < len(locs) && comparePlace(&locs[n].Location, first.ArrayPositions, pos) < 0 {
				n++
			}
			s.next[k] = n
			whole = n < len(locs) && comparePlace(&locs[n].Location, first.ArrayPositions, pos) == 0
		}
		if !whole {
			continue
		}
		found = true
		s.keep[0][j] = true
		for k := 1; k < s.length; k++ {
			if s.locs[k] != nil {
				s.keep[k][s.next[k]] = true
			}
		}
	}
	if !found {
		return false
	}
	s.kept = s.kept[:0]
	for k, locs := range s.locs {
		for j, keep := range s.keep[k] {
			if keep {
				s.kept = append(s.kept, locs[j])
				// The parts' matches go back to the pool, where bleve
				// reuses their array positions' memory: copy them.
				if ap := &s.kept[len(s.kept)-1].Location.ArrayPositions; len(*ap) > 0 {
					*ap = slices.Clone(*ap)
				}
			}
		}
	}
	return true
}

// byPlace orders locations by value of the field, then position in it.
func byPlace(a, b bsearch.FieldTermLocation) int {
	return comparePlace(&a.Location, b.Location.ArrayPositions, b.Location.Pos)
}

// inPlaceOrder reports whether locations are in byPlace order, as a
// term's come from its postings (without copying each location).
func inPlaceOrder(locations []bsearch.FieldTermLocation) bool {
	for i := 1; i < len(locations); i++ {
		a, b := &locations[i-1].Location, &locations[i].Location
		if len(a.ArrayPositions) == 0 && len(b.ArrayPositions) == 0 {
			if a.Pos > b.Pos {
				return false
			}
		} else if comparePlace(a, b.ArrayPositions, b.Pos) > 0 {
			return false
		}
	}
	return true
}

// comparePlace orders the location l and the place (ap, pos): by value of
// the field, then by position in it.
func comparePlace(l *bsearch.Location, ap bsearch.ArrayPositions, pos uint64) int {
	if c := l.ArrayPositions.Compare(ap); c != 0 {
		return c
	}
	return cmp.Compare(l.Pos, pos)
}

// Close implements search.Searcher.
func (s *phraseSearcher) Close() error {
	var first error
	for _, p := range s.parts {
		if err := p.Close(); err != nil && first == nil {
			first = err
		}
	}
	for _, f := range s.filters {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight implements search.Searcher: the sum of the parts' weights.
func (s *phraseSearcher) Weight() float64 {
	var w float64
	for _, p := range s.parts {
		w += p.Weight()
	}
	return w
}

// SetQueryNorm implements search.Searcher.
func (s *phraseSearcher) SetQueryNorm(norm float64) {
	for _, p := range s.parts {
		p.SetQueryNorm(norm)
	}
}

// Count implements search.Searcher: at most the parts' matches together.
func (s *phraseSearcher) Count() uint64 {
	var n uint64
	for _, p := range s.parts {
		n += p.Count()
	}
	return n
}

// Min implements search.Searcher.
func (s *phraseSearcher) Min() int { return 0 }

// Size implements search.Searcher.
func (s *phraseSearcher) Size() int {
	n := 0
	for _, p := range s.parts {
		n += p.Size()
	}
	for k := range s.keep {
		n += cap(s.keep[k]) + 64*cap(s.sorted[k])
	}
	for _, f := range s.filters {
		n += f.reader.Size()
	}
	return n + 64*cap(s.kept)
}

// pairFilter steps through the articles that hold one pair of a phrase's
// words, by the term field reader of the pair, without frequencies.
type pairFilter struct {
	reader bindex.TermFieldReader
	// doc is the reader's current article, nil past the last; buf holds it.
	doc *bindex.TermFieldDoc
	buf bindex.TermFieldDoc
}

// next moves f to its next article.
func (f *pairFilter) next() error {
	var err error
	f.doc, err = f.reader.Next(&f.buf)
	return err
}

// advance moves f to its first article at or after id, which must be
// after its current one (the reader starts again from the first article
// when asked to go back, or to stay).
func (f *pairFilter) advance(id bindex.IndexInternalID) error {
	var err error
	f.doc, err = f.reader.Advance(id, &f.buf)
	return err
}

// Close closes f's reader.
func (f *pairFilter) Close() error { return f.reader.Close() }

// DocumentMatchPoolSize implements search.Searcher: a match held for each
// part, and the parts' own.
func (s *phraseSearcher) DocumentMatchPoolSize() int {
	n := len(s.parts)
	for _, p := range s.parts {
		n += p.DocumentMatchPoolSize()
	}
	return n
}
