package search

import (
	"cmp"
	"container/heap"
	"math"
	"strings"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// storyMember is one matching article, by its place in a snapshot's
// tables, with the score the query gave it.
type storyMember struct {
	score float64
	story uint32
	local uint32
	seg   int32
}

// rankKey is what orders a match: its score, its publication date as the
// sort sees it (bleve's date term; a missing date as the lowest or highest
// term, so that it sorts last) and its ID.
type rankKey struct {
	score   float64
	pub, id string
}

// ranker orders matches as a Sort's bleve sort keys (sortOrders) do,
// reading the keys from a snapshot's tables.
type ranker struct {
	st   *scorchx.Tables
	sort Sort
}

// key returns the sort key of m.
func (r *ranker) key(m storyMember) rankKey {
	t := r.st.Table(int(m.seg))
	pub := t.Published[m.local]
	if pub == "" {
		pub = bsearch.LowTerm // last when newest first
		if r.sort == Oldest {
			pub = bsearch.HighTerm
		}
	}
	return rankKey{score: m.score, pub: pub, id: t.ID[m.local]}
}

// compare returns a negative number when a ranks before b, a positive one
// when after, and 0 when they are the same article.
func (r *ranker) compare(a, b rankKey) int {
	byScore := cmp.Compare(b.score, a.score)
	byDate := strings.Compare(b.pub, a.pub)
	if r.sort == Oldest {
		byDate = -byDate
	}
	first, second := byScore, byDate
	if r.sort != ByRelevance {
		first, second = byDate, byScore
	}
	if first != 0 {
		return first
	}
	if second != 0 {
		return second
	}
	return strings.Compare(a.id, b.id)
}

// date returns m's publication date as a number that orders as its key's
// pub does in the sort's direction: a missing date is the lowest, or, for
// Oldest, the highest.
func (r *ranker) date(m storyMember) int64 {
	d := r.st.Table(int(m.seg)).Date[m.local]
	if d == scorchx.NoDate && r.sort == Oldest {
		return math.MaxInt64
	}
	return d
}

// before reports whether a ranks before b.
func (r *ranker) before(a, b storyMember) bool {
	return r.compare(r.key(a), r.key(b)) < 0
}

// ranked is a match with its sort key.
type ranked struct {
	m storyMember
	k rankKey
}

// worstFirst is a heap of ranked matches whose top is the one ranking
// last.
type worstFirst struct {
	r     *ranker
	items []ranked
}

func (h *worstFirst) Len() int           { return len(h.items) }
func (h *worstFirst) Less(i, j int) bool { return h.r.compare(h.items[i].k, h.items[j].k) > 0 }
func (h *worstFirst) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *worstFirst) Push(x any)         { h.items = append(h.items, x.(ranked)) }
func (h *worstFirst) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

// topStories returns the best-ranked articles of the stories ranked from
// to from+n-1 (from 0), best first, among the stories whose best article
// ranks after *after when it is set. Each story is ranked by its best
// article, so a story shown on an earlier page — its best article ranks
// at or before after — is never shown again.
func (mc *matchCounter) topStories(from, n int, after *rankKey) []ranked {
	r, keep := mc.rank, from+n
	h := &worstFirst{r: r, items: make([]ranked, 0, min(keep, len(mc.members))+1)}
	for _, m := range mc.members {
		if mc.shared != nil && mc.shared[m.story] != 0 {
			continue
		}
		// Unless they tie with the last kept, the scores or the dates
		// decide: no need to read the keys.
		switch full := len(h.items) == keep; {
		case r.sort == ByRelevance:
			if after != nil && m.score > after.score || full && m.score < h.items[0].k.score {
				continue
			}
		case full:
			d, last := r.date(m), r.date(h.items[0].m)
			if r.sort == Newest && d < last || r.sort == Oldest && d > last {
				continue
			}
		}
		k := r.key(m)
		if after != nil && r.compare(k, *after) <= 0 {
			continue
		}
		if len(h.items) == keep && r.compare(k, h.items[0].k) >= 0 {
			continue
		}
		heap.Push(h, ranked{m, k})
		if len(h.items) > keep {
			heap.Pop(h)
		}
	}
	out := make([]ranked, len(h.items))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(ranked)
	}
	if from >= len(out) {
		return nil
	}
	return out[from:]
}

// alsoIn returns the first MaxAlsoIn of a story's other matching articles
// (ranked), with their stored title, URL, source and date, and their
// number.
func alsoIn(snap *scorchx.Snapshot, others []storyMember) ([]Member, int, error) {
	if len(others) == 0 {
		return nil, 0, nil
	}
	out := make([]Member, 0, min(len(others), MaxAlsoIn))
	for _, m := range others[:min(len(others), MaxAlsoIn)] {
		mem, err := member(snap, snap.Tables().Table(int(m.seg)).ID[m.local])
		if err != nil {
			return nil, 0, err
		}
		out = append(out, mem)
	}
	return out, len(others), nil
}
