package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// phraseQuery matches the words of text, as the analyzer makes them, next
// to each other and in order in one field; one word is a term query. It
// finds and scores the same articles as bleve's MatchPhraseQuery (a conjunction of the words' term
// searchers, with their term vectors), but checks each candidate's word
// positions in place, where bleve builds maps of every word's locations
// for every candidate: a phrase of two common words spent 60 % of its time
// there (docs/PERFORMANCE.md, third round).
type phraseQuery struct {
	text  string
	field string
	// analyzer names the analyzer of text; "" is the field's own.
	analyzer string
	boost    float64
}

// Searcher implements query.Query.
func (q *phraseQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	name := q.analyzer
	if name == "" {
		name = m.AnalyzerNameForPath(q.field)
	}
	a := m.AnalyzerNamed(name)
	if a == nil {
		return nil, fmt.Errorf("phrase in %s: no analyzer named %q", q.field, name)
	}
	terms := phraseTerms(a.Analyze([]byte(q.text)))
	if len(terms) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	if len(terms) == 1 && len(terms[0]) == 1 {
		// One word: its term searcher (bleve's conjunction of one finds and
		// scores the same, a layer later).
		return searcher.NewTermSearcher(ctx, r, terms[0][0], q.field, q.boost, options)
	}
	options.IncludeTermVectors = true // the positions
	var parts []bsearch.Searcher
	closeAll := func() {
		for _, s := range parts {
			s.Close()
		}
	}
	for _, at := range terms {
		var alternatives []bsearch.Searcher
		for _, term := range at { // none at a gap: any word
			s, err := searcher.NewTermSearcher(ctx, r, term, q.field, q.boost, options)
			if err != nil {
				closeAll()
				return nil, err
			}
			alternatives = append(alternatives, s)
		}
		switch len(alternatives) {
		case 0:
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
	}
	all, err := searcher.NewConjunctionSearcher(ctx, r, parts, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	all.SetQueryNorm(1 / math.Sqrt(all.Weight()))
	return &phraseSearcher{all: all, terms: terms}, nil
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

// phraseSearcher passes on the matches of all, the conjunction of a
// phrase's terms, in which the terms stand in the phrase's order, next to
// each other, within one value of the field. A match keeps the locations
// of the phrase's occurrences only, for highlighting.
type phraseSearcher struct {
	all   bsearch.Searcher
	terms [][]string
	// Scratch for the match being checked: at[k] lists its locations of
	// the phrase's k-th terms (indexes into its FieldTermLocations), in
	// order; next[k] is how far at[k] has been passed; keep marks the
	// locations of occurrences.
	at   [][]int32
	next []int
	keep []bool
}

// Next implements search.Searcher.
func (s *phraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for {
		dm, err := s.all.Next(ctx)
		if dm == nil || err != nil {
			return nil, err
		}
		if s.occurs(dm) {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

// Advance implements search.Searcher.
func (s *phraseSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.all.Advance(ctx, id)
	if dm == nil || err != nil {
		return nil, err
	}
	if s.occurs(dm) {
		return dm, nil
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// occurs reports whether the phrase occurs in dm, and leaves in dm's
// FieldTermLocations only the locations of its occurrences. It walks the
// locations of the first term in order, and for each looks for the later
// terms at their places after it: as the starts advance, so do the
// places, so every list is passed once.
func (s *phraseSearcher) occurs(dm *bsearch.DocumentMatch) bool {
	ftls := dm.FieldTermLocations
	if s.at == nil {
		s.at, s.next = make([][]int32, len(s.terms)), make([]int, len(s.terms))
	}
	for k := range s.at {
		s.at[k] = s.at[k][:0]
	}
	for i := range ftls {
		for k, terms := range s.terms {
			if slices.Contains(terms, ftls[i].Term) {
				s.at[k] = append(s.at[k], int32(i))
			}
		}
	}
	byPlace := func(a, b int32) int {
		return comparePlace(&ftls[a].Location, ftls[b].Location.ArrayPositions, ftls[b].Location.Pos)
	}
	for k, at := range s.at {
		if len(at) == 0 && len(s.terms[k]) > 0 {
			return false
		}
		if !slices.IsSortedFunc(at, byPlace) {
			slices.SortFunc(at, byPlace)
		}
	}
	clear(s.next)
	s.keep = slices.Grow(s.keep[:0], len(ftls))[:len(ftls)]
	clear(s.keep)
	found := false
	for _, start := range s.at[0] {
		first := &ftls[start].Location
		whole := true
		for k := 1; k < len(s.terms) && whole; k++ {
			if len(s.terms[k]) == 0 {
				continue // a gap: any word
			}
			at, pos := s.at[k], first.Pos+uint64(k)
			j := s.next[k]
			for j < len(at) && comparePlace(&ftls[at[j]].Location, first.ArrayPositions, pos) < 0 {
				j++
			}
			s.next[k] = j
			whole = j < len(at) && comparePlace(&ftls[at[j]].Location, first.ArrayPositions, pos) == 0
		}
		if !whole {
			continue
		}
		found = true
		s.keep[start] = true
		for k := 1; k < len(s.terms); k++ {
			if len(s.terms[k]) > 0 {
				s.keep[s.at[k][s.next[k]]] = true
			}
		}
	}
	if !found {
		return false
	}
	kept := ftls[:0]
	for i, ftl := range ftls {
		if s.keep[i] {
			kept = append(kept, ftl)
		}
	}
	dm.FieldTermLocations = kept
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
func (s *phraseSearcher) Close() error { return s.all.Close() }

// Weight implements search.Searcher.
func (s *phraseSearcher) Weight() float64 { return s.all.Weight() }

// SetQueryNorm implements search.Searcher.
func (s *phraseSearcher) SetQueryNorm(norm float64) { s.all.SetQueryNorm(norm) }

// Count implements search.Searcher: at most the conjunction's matches.
func (s *phraseSearcher) Count() uint64 { return s.all.Count() }

// Min implements search.Searcher.
func (s *phraseSearcher) Min() int { return 0 }

// Size implements search.Searcher.
func (s *phraseSearcher) Size() int {
	n := s.all.Size() + cap(s.keep) + 8*cap(s.next)
	for _, at := range s.at {
		n += 4 * cap(at)
	}
	return n
}

// DocumentMatchPoolSize implements search.Searcher: the searcher holds no
// match of its own between calls.
func (s *phraseSearcher) DocumentMatchPoolSize() int { return s.all.DocumentMatchPoolSize() }
