package search

import (
	"cmp"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/dedup"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// A shard counts its own matches (OpCounts) and sends the counts, not
// the matches: what it cannot decide alone is which of its matches share
// a story with matches of other shards. The coordinator first gathers
// every match's fingerprint (OpPrints), replays the stories over all of
// them as the index writer assigns them, and tells each shard the
// stories holding more than one fingerprint (StoryMap); docs/CLUSTER.md,
// "Counting in the shards".

// ShardPrints are the fingerprints of a shard's matches, each once, in
// the order their first article was written (ingest time, then the
// shard's order).
type ShardPrints struct {
	// Prints holds two numbers a fingerprint (dedup.SimHash); Ingested
	// is when its first article was written, in Unix nanoseconds; IDs,
	// when asked, that article's id.
	Prints   []uint64 `json:"p"`
	Ingested []int64  `json:"n"`
	IDs      []string `json:"i,omitempty"`
}

// StoryMap lists the stories of more than one fingerprint among the
// matches of every shard, numbered from 0.
type StoryMap struct {
	// Prints holds two numbers a fingerprint; Story[i] is the story of
	// fingerprint i.
	Prints []uint64 `json:"p"`
	Story  []uint32 `json:"s"`
	// Roots[s] is the fingerprint (its place in Story) of story s's first
	// article; Shared[s] is set when story s has matches in more than one
	// shard.
	Roots  []uint32 `json:"r"`
	Shared []bool   `json:"x"`
}

// print returns fingerprint i of m.
func (m *StoryMap) print(i int) dedup.SimHash {
	return dedup.SimHash{m.Prints[2*i], m.Prints[2*i+1]}
}

// ShardCounts are a shard's counts of its matches, and its best-ranked
// stories.
type ShardCounts struct {
	// Total is the number of matches, Stories that of their stories not
	// shared with other shards.
	Total   uint64 `json:"t"`
	Stories uint64 `json:"s"`
	// Values[f] are the values of term facet f the matches hold, and
	// Counts[f] the number of matches (or of stories, a shared story
	// counting once in each shard holding it) with each.
	Values [][]string `json:"v,omitempty"`
	Counts [][]int32  `json:"c,omitempty"`
	// Months and InMonth count the matches (or stories) by month
	// (year*12 + month-1); Undated those without a date, UndatedArticles
	// the articles among them; Spread lists the months of each story not
	// shared, published in more than one month, when counting stories.
	Months          []int32   `json:"m,omitempty"`
	InMonth         []int32   `json:"mc,omitempty"`
	Undated         int       `json:"u,omitempty"`
	UndatedArticles int       `json:"ua,omitempty"`
	Spread          [][]int32 `json:"sp,omitempty"`
	// Window lists, best first, the stories not shared (every article,
	// when not collapsing) up to the request's page and one more, after
	// its cursor; Shared every shared story the shard holds.
	Window []ShardStory `json:"w,omitempty"`
	Shared []ShardStory `json:"x,omitempty"`
	// Spelling is what the shard holds of each word of the query a
	// correction may replace, with all its near words, for the
	// coordinator to add up and correct the query as one index does
	// (correction).
	Spelling []SpellWord `json:"dym,omitempty"`
}

// ShardStory is a story of a shard's matches.
type ShardStory struct {
	// Story names it; a shared story's name is "" unless the shard holds
	// an article with its first fingerprint.
	Story string `json:"n,omitempty"`
	// Shared is 1 + the story's number in the request's StoryMap for a
	// shared story, 0 otherwise.
	Shared uint32 `json:"x,omitempty"`
	// Matches is its number of matches in the shard; Top the best-ranked,
	// best first: one, or, collapsing, up to 1+MaxAlsoIn.
	Matches int        `json:"m"`
	Top     []ShardHit `json:"h"`
	// Vals are the values (scorchx.Value, numbered as
	// ShardCounts.Values) and Months the months (scorchx.NoMonth for
	// none) its matches hold, each once: of a shared story when counting
	// stories.
	Vals   []uint32 `json:"v,omitempty"`
	Months []int32  `json:"mo,omitempty"`
}

// ShardHit is a matching article as it ranks: its score, its date as the
// sort compares it (rankKey) and its id.
type ShardHit struct {
	ID    string `json:"i"`
	Score Score  `json:"s"`
	Pub   string `json:"p"`
}

// key returns the rank key of h.
func (h ShardHit) key() rankKey { return rankKey{score: float64(h.Score), pub: h.Pub, id: h.ID} }

// shardMatch is one match of a query in a shard: its document number,
// score, body's fingerprint (when printed) and ingest time.
type shardMatch struct {
	doc      uint64
	score    float64
	fp       dedup.SimHash
	printed  bool
	ingested int64
}

// matchesOf returns every match of q in snap, in document order.
func matchesOf(ctx context.Context, snap *scorchx.Snapshot, q query.Query) ([]shardMatch, error) {
	var ms []shardMatch
	var docs []uint64
	err := snap.EachMatch(ctx, q, func(doc uint64, score float64) {
		ms = append(ms, shardMatch{doc: doc, score: score})
		docs = append(docs, doc)
	})
	if err != nil {
		return nil, err
	}
	err = snap.VisitDocValues(docs, []string{index.FieldFingerprint, index.FieldIngested}, func(i int, field string, term []byte) {
		switch field {
		case index.FieldFingerprint:
			if fp, err := dedup.ParseSimHash(string(term)); err == nil {
				ms[i].fp, ms[i].printed = fp, true
			}
		case index.FieldIngested:
			if shift, err := numeric.PrefixCoded(term).Shift(); err == nil && shift == 0 {
				ms[i].ingested, _ = numeric.PrefixCoded(term).Int64()
			}
		}
	})
	return ms, err
}

// writeOrder returns the places in ms of the fingerprinted matches in
// the order they were written: by ingest time, then document order.
func writeOrder(ms []shardMatch) []int32 {
	var order []int32
	for i := range ms {
		if ms[i].printed {
			order = append(order, int32(i))
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(ms[a].ingested, ms[b].ingested); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return order
}

// printsOf returns the fingerprints of ms, each once, with the ids of
// their first articles when ids is set.
func printsOf(ms []shardMatch, st *scorchx.Tables, ids bool) *ShardPrints {
	out := &ShardPrints{Prints: []uint64{}, Ingested: []int64{}}
	seen := make(map[dedup.SimHash]bool)
	for _, i := range writeOrder(ms) {
		m := &ms[i]
		if seen[m.fp] {
			continue
		}
		seen[m.fp] = true
		out.Prints = append(out.Prints, m.fp[0], m.fp[1])
		out.Ingested = append(out.Ingested, m.ingested)
		if ids {
			seg, local := st.Locate(m.doc, 0)
			out.IDs = append(out.IDs, st.Table(seg).ID[local])
		}
	}
	return out
}

// storyTables returns a table of the matches ms of st, in their order,
// each in its story: the one sm gives its fingerprint, else the story of
// the matches with its fingerprint, else one of its own. A story is
// named as the shard named the story of its first article; a shared
// story whose first fingerprint the shard does not hold, "". shared[s]
// is 1 + the number in sm of story s when it is shared, 0 otherwise.
func storyTables(st *scorchx.Tables, ms []shardMatch, sm *StoryMap) (tables *scorchx.Tables, shared []uint32) {
	stored := func(doc uint64) string {
		seg, local := st.Locate(doc, 0)
		return st.Stories[st.Table(seg).Story[local]]
	}
	var names []string
	story := make([]uint32, len(ms))
	start := func(name string, sharedAs uint32) uint32 {
		names, shared = append(names, name), append(shared, sharedAs)
		return uint32(len(names) - 1)
	}
	mapped := map[dedup.SimHash]uint32{}
	if sm != nil {
		for i, s := range sm.Story {
			mapped[sm.print(i)] = s
		}
	}
	local := map[uint32]uint32{}
	byPrint := map[dedup.SimHash]uint32{}
	for _, i := range writeOrder(ms) {
		m := &ms[i]
		if g, ok := mapped[m.fp]; ok {
			s, ok := local[g]
			if !ok {
				s = start("", 0)
				if sm.Shared[g] {
					shared[s] = g + 1
				}
				local[g] = s
			}
			if names[s] == "" && m.fp == sm.print(int(sm.Roots[g])) {
				names[s] = stored(m.doc)
			}
			story[i] = s
			continue
		}
		s, ok := byPrint[m.fp]
		if !ok {
			s = start(stored(m.doc), 0)
			byPrint[m.fp] = s
		}
		story[i] = s
	}
	n := len(ms)
	t := &scorchx.Table{Start: make([]uint32, 1, n+1), Month: make([]int32, n), Published: make([]string, n), ID: make([]string, n), Date: make([]int64, n), Story: story}
	seg := 0
	for i, m := range ms {
		if !m.printed {
			story[i] = start(stored(m.doc), 0)
		}
		var local uint64
		seg, local = st.Locate(m.doc, seg)
		src := st.Table(seg)
		t.Month[i], t.Published[i], t.ID[i], t.Date[i] = src.Month[local], src.Published[local], src.ID[local], src.Date[local]
		t.Vals = append(t.Vals, src.Vals[src.Start[local]:src.Start[local+1]]...)
		t.Start = append(t.Start, uint32(len(t.Vals)))
	}
	return scorchx.NewTables([]*scorchx.Table{t}, st.Values, names), shared
}

// shardCounts counts the matches of q in snap as r asks (OpCounts).
func (e *Engine) shardCounts(ctx context.Context, snap *scorchx.Snapshot, q query.Query, r *ShardRequest) (*ShardCounts, error) {
	req := &r.Request
	ms, err := matchesOf(ctx, snap, q)
	if err != nil {
		return nil, err
	}
	tables, shared := storyTables(snap.Tables(), ms, r.Stories)
	rank := &ranker{st: tables, sort: req.Sort}
	collapse := !req.NoCollapse && !req.NoHits
	facets := !r.NoFacets
	var counter *matchCounter
	if collapse {
		counter = newMatchCounter(tables, e.slots, facets, rank)
	} else {
		counter = newMatchCounter(tables, e.slots, facets, nil)
	}
	defer counter.release()
	counter.shared = shared
	for i, m := range ms {
		counter.add(uint64(i), m.score)
	}
	out := &ShardCounts{}
	hit := func(m storyMember) ShardHit {
		k := rank.key(m)
		return ShardHit{ID: k.id, Score: Score(k.score), Pub: k.pub}
	}
	// A collapsed story's best article and the others after it.
	top := func(best storyMember) (int, []ShardHit) {
		others := counter.others(best.story)
		hits := []ShardHit{hit(best)}
		for _, m := range others[:min(len(others), MaxAlsoIn)] {
			hits = append(hits, hit(m))
		}
		return 1 + len(others), hits
	}
	if !req.NoHits {
		from, after, err := pageStart(req)
		if err != nil {
			return nil, err
		}
		var page []ranked
		if collapse {
			page = counter.topStories(0, from+req.Size+1, after)
		} else {
			all := *counter
			all.members, all.rank, all.shared = slices.Concat(counter.members, counter.extras), rank, nil
			page = all.topStories(0, from+req.Size+1, after)
		}
		out.Window = make([]ShardStory, len(page))
		for i, p := range page {
			w := ShardStory{Story: tables.Stories[p.m.story], Shared: shared[p.m.story], Matches: 1, Top: []ShardHit{hit(p.m)}}
			if collapse {
				w.Matches, w.Top = top(p.m)
			}
			out.Window[i] = w
		}
	}
	byStories := facets && req.FacetCount == CountStories
	var sharedStories []storyMember
	for _, m := range counter.members {
		if shared[m.story] != 0 {
			sharedStories = append(sharedStories, m)
		}
	}
	counts := counter.result(byStories)
	out.Total, out.Stories = counts.total, counts.stories-uint64(len(sharedStories))
	// The values with a count, numbered as the answer lists them.
	var numbered []map[uint32]uint32
	if facets {
		out.Values, out.Counts = make([][]string, len(counts.terms)), make([][]int32, len(counts.terms))
		numbered = make([]map[uint32]uint32, len(counts.terms))
		for f, terms := range counts.terms {
			numbered[f] = map[uint32]uint32{}
			for o, n := range terms {
				if n > 0 {
					numbered[f][uint32(o)] = uint32(len(out.Values[f]))
					out.Values[f], out.Counts[f] = append(out.Values[f], counts.values[f][o]), append(out.Counts[f], n)
				}
			}
		}
		for mo, n := range counts.months {
			out.Months, out.InMonth = append(out.Months, mo), append(out.InMonth, int32(n))
		}
		out.Undated, out.UndatedArticles, out.Spread = counts.undated, counts.undatedArticles, counts.spread
	}
	for _, best := range sharedStories {
		s := ShardStory{Story: tables.Stories[best.story], Shared: shared[best.story], Matches: 1}
		if collapse {
			s.Matches, s.Top = top(best)
		}
		if byStories {
			t := tables.Table(0)
			for _, m := range append([]storyMember{best}, counter.others(best.story)...) {
				for _, v := range t.Vals[t.Start[m.local]:t.Start[m.local+1]] {
					f := scorchx.Facet(v)
					if v := scorchx.Value(f, numbered[f][scorchx.Ord(v)]); !slices.Contains(s.Vals, v) {
						s.Vals = append(s.Vals, v)
					}
				}
				if mo := t.Month[m.local]; !slices.Contains(s.Months, mo) {
					s.Months = append(s.Months, mo)
				}
			}
		}
		out.Shared = append(out.Shared, s)
	}
	// Every near word the dictionary's scan counts, not the first
	// MaxFuzzyTerms: those of one index are among every shard's. The near
	// words of a word the shard holds serve only a search finding few
	// articles (correction), which this one, finding as many here, is not.
	if out.Spelling, err = e.spelling(ctx, snap, req.Query, out.Total < FewResults, scorchx.MaxFuzzyScan); err != nil {
		return nil, err
	}
	return out, nil
}

// pageStart returns where req's page starts among its ranked stories:
// from the first, after the cursor's key, or after as many as the pages
// before it hold.
func pageStart(req *Request) (from int, after *rankKey, err error) {
	if req.Cursor == "" {
		return (req.Page - 1) * req.Size, nil, nil
	}
	keys, err := decodeCursor(req.Cursor, req.Sort)
	if err != nil {
		return 0, nil, err
	}
	k, err := cursorKey(keys, req.Sort)
	if err != nil {
		return 0, nil, err
	}
	return 0, &k, nil
}
