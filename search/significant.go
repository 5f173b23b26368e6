package search

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// This file finds what stands out in a set of articles: the people,
// places and organisations named in more of its articles than their
// share of the whole index would predict.

// MaxSignificant is the most entities Request.Significant may ask for.
const MaxSignificant = 100

// What an entity needs to stand out in a set of n articles.
const (
	// MinSignificantCount is the fewest articles of a set of
	// SmallSignificantSet articles or more an entity must be named in:
	// in a large set, one article naming a rare name is an anecdote, not
	// a finding. In a smaller set one article is enough, as every
	// entity's count is small there.
	MinSignificantCount = 2
	SmallSignificantSet = 20
	// MinSignificantScore is the least G² (Significant.Score) of an
	// entity that stands out: the χ² value of one degree of freedom
	// that chance exceeds 5 % of the time.
	MinSignificantScore = 3.84
)

// Significance is what stands out in the articles matching a request.
type Significance struct {
	// Articles is the number of matching articles, Corpus the number of
	// articles in the index.
	Articles, Corpus uint64
	// Entities are the entities that stand out, highest Score first.
	Entities []Significant
}

// Significant is an entity named in more of a set's articles than its
// share of the index predicts.
type Significant struct {
	// Facet is FacetPeople, FacetPlaces or FacetOrganisations; Value the
	// entity's canonical name; ID its entity ID (entity.ID).
	Facet, Value, ID string
	// Count is the number of matching articles naming it (a); Corpus the
	// number of articles of the index naming it (C).
	Count, Corpus int
	// Lift is how many times more often the set's articles name it than
	// the index's: (a/n) / (C/N), n and N being the articles of the set
	// and of the index.
	Lift float64
	// Score is Dunning's log-likelihood ratio G² of the 2×2 table (set or
	// not, naming it or not): how sure it is that the set names it more
	// often than the rest of the index, which grows with the count as
	// well as with the lift, so that a name seen twice by chance does not
	// outrank one seen fifty times.
	Score float64
}

// Significant returns at most k (1 to MaxSignificant) entities that stand
// out in the articles matching req, against the whole index: those with a
// lift above 1 and a Score of at least MinSignificantScore, named in at
// least MinSignificantCount of them (in a set of SmallSignificantSet
// articles or more), highest Score first. Counts are of articles, exact. The values req filters on are
// left out (every matching article names them): so the entities
// co-mentioned with one entity are those standing out in the search
// filtered on it — Entity.CoMentioned. Mistakes in req come back as a
// *QueryError; other errors are those of Search.
func (e *Engine) Significant(ctx context.Context, req Request, k int) (*Significance, error) {
	req.Significant, req.NoHits = k, true // the counts alone: no hit is read
	res, err := e.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	return res.Significant, nil
}

// significance ranks the entities of set (article counts of a search's
// matches, before any are turned into story counts) against the live
// articles of snap, leaving out the values req filters on.
func significance(ctx context.Context, snap *scorchx.Snapshot, set *facetCounts, req *Request) (*Significance, error) {
	corpus, total, err := corpusCounts(ctx, snap)
	if err != nil {
		return nil, err
	}
	return rankSignificant(set, func(f, o int) int32 { return corpus[f][o] }, total, req), nil
}

// significantCandidates calls fn with each value of set's entity facets
// that may stand out: named in enough of its articles (MinSignificantCount
// in a large set), not among those req filters on.
func significantCandidates(set *facetCounts, req *Request, fn func(f, o int)) {
	minCount := int32(1)
	if set.total >= SmallSignificantSet {
		minCount = MinSignificantCount
	}
	for f, tf := range termFacets {
		if !tf.entity {
			continue
		}
		selected := tf.selected(req)
		for o, a := range set.terms[f] {
			// (ids among the filters were resolved to names)
			if a >= minCount && !slices.Contains(selected, set.values[f][o]) {
				fn(f, o)
			}
		}
	}
}

// rankSignificant ranks the entities of set against a corpus of total
// articles, corpus(f, o) of which name value o of term facet f, as
// significance does.
func rankSignificant(set *facetCounts, corpus func(f, o int) int32, total uint64, req *Request) *Significance {
	out := &Significance{Articles: set.total, Corpus: total, Entities: []Significant{}}
	n, N := float64(set.total), float64(total)
	significantCandidates(set, req, func(f, o int) {
		a, c := set.terms[f][o], corpus(f, o)
		lift := (float64(a) / n) / (float64(c) / N)
		if lift <= 1 {
			return
		}
		score := G2(int(a), int(c), set.total, total)
		if score < MinSignificantScore {
			return
		}
		s := Significant{Facet: termFacets[f].name, Value: set.values[f][o], Count: int(a), Corpus: int(c), Lift: lift, Score: score}
		out.Entities = insertRanked(out.Entities, s, req.Significant, compareSignificant)
	})
	for i := range out.Entities {
		out.Entities[i].ID = EntityID(out.Entities[i].Facet, out.Entities[i].Value)
	}
	return out
}

// EntityID returns the entity ID (entity.ID) of the value of an entity
// facet (FacetPeople, FacetPlaces, FacetOrganisations), or "" for another
// facet.
func EntityID(facet, value string) string {
	if k, ok := EntityKind(facet); ok {
		return entity.ID(k, value)
	}
	return ""
}

// insertRanked adds s to list, kept in the order of compare and at most
// k long.
func insertRanked[T any](list []T, s T, k int, compare func(a, b T) int) []T {
	i, _ := slices.BinarySearchFunc(list, s, compare)
	if i >= k {
		return list
	}
	list = slices.Insert(list, i, s)
	if len(list) > k {
		list = list[:k]
	}
	return list
}

// compareSignificant orders by Score, then Count, highest first, then by
// facet and value.
func compareSignificant(a, b Significant) int {
	return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Count, a.Count),
		strings.Compare(a.Facet, b.Facet), strings.Compare(a.Value, b.Value))
}

// G2 returns Dunning's log-likelihood ratio for an entity named in a of
// the n articles of a set and in c of the N articles of the index (the
// set among them):
//
//	G² = 2 Σ O·ln(O/E)
//
// over the four cells O of the table (in the set or not × naming it or
// not): a, n−a, c−a, N−n−c+a, each E being its row total × column total /
// N; an empty cell adds nothing.
func G2(a, c int, n, N uint64) float64 {
	A, C, Nn, NN := float64(a), float64(c), float64(n), float64(N)
	cell := func(o, row, col float64) float64 {
		if o <= 0 {
			return 0
		}
		return o * math.Log(o*NN/(row*col))
	}
	return 2 * (cell(A, Nn, C) + cell(Nn-A, Nn, NN-C) + cell(C-A, NN-Nn, C) + cell(NN-Nn-C+A, NN-Nn, NN-C))
}

// corpusCounts counts, for each term facet value, the live articles of
// snap that have it, and returns those counts (indexed as
// facetCounts.terms) and the number of live articles: one walk of the
// snapshot's tables, no document loaded.
func corpusCounts(ctx context.Context, snap *scorchx.Snapshot) ([][]int32, uint64, error) {
	st := snap.Tables()
	terms := make([][]int32, len(st.Values))
	for f := range st.Values {
		terms[f] = make([]int32, len(st.Values[f]))
	}
	var total uint64
	seg := 0
	err := snap.EachMatch(ctx, bleve.NewMatchAllQuery(), func(doc uint64, _ float64) {
		var local uint64
		seg, local = st.Locate(doc, seg)
		t := st.Table(seg)
		for _, v := range t.Vals[t.Start[local]:t.Start[local+1]] {
			terms[scorchx.Facet(v)][scorchx.Ord(v)]++
		}
		total++
	})
	return terms, total, err
}
