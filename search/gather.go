package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/dedup"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// Shard answers a coordinator's requests for one shard of the articles:
// an Engine over the shard's index (Engine.Serve), or a client of one
// across a network.
type Shard interface {
	Serve(ctx context.Context, r *ShardRequest) (*ShardAnswer, error)
}

// Gather searches the articles of several shards as one index holding
// them all would (docs/CLUSTER.md, "Queries across shards"): each search
// asks every shard for its term statistics and its matches'
// fingerprints, sums the statistics and replays the stories across
// shards, has every shard score and count its matches with the sums and
// those stories and send its counts and best-ranked stories, adds the
// counts and merges the stories, and asks the shards holding the page's
// articles to load and highlight them. It is safe for concurrent use.
type Gather struct {
	shards []Shard
	// shardOf names the shard holding an article.
	shardOf func(id string) int
	limits  Limits
	now     func() time.Time
	// chunk is the most rows a shard sends at once of an export; 0 for
	// exportChunk.
	chunk int
}

// NewGather returns a Gather over shards, each article in the one
// shardOf names, accepting queries within lim as an Engine does.
func NewGather(shards []Shard, shardOf func(id string) int, lim Limits) *Gather {
	return &Gather{shards: shards, shardOf: shardOf, limits: lim.withDefaults(), now: time.Now}
}

// scatter sends r to every shard at once and returns their answers, in
// the shards' order; the first mistake a shard reports is returned as
// the request's.
func (g *Gather) scatter(ctx context.Context, r *ShardRequest) ([]*ShardAnswer, error) {
	return g.scatterAgain(ctx, r, make([]*ShardAnswer, len(g.shards)), nil)
}

// scatterAgain sends r at once to the shards for which again is true
// (every shard when again is nil) and puts their answers in out, in the
// shards' order, keeping the others' answers there; the first mistake a
// shard reports is returned as the request's.
func (g *Gather) scatterAgain(ctx context.Context, r *ShardRequest, out []*ShardAnswer, again func(i int) bool) ([]*ShardAnswer, error) {
	// The first shard to fail fails the search, with its own error (which
	// names the shard, also when the search's deadline passed): the others
	// stop at once rather than finish work no one reads.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
		cancel()
	}
	for i, s := range g.shards {
		if again != nil && !again(i) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := s.Serve(ctx, r)
			switch {
			case err != nil:
				fail(fmt.Errorf("shard %d: %w", i, err))
			case a.Error != nil:
				fail(a.Error.Err())
			default:
				out[i] = a
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return nil, first
	}
	return out, nil
}

// Search runs req over every shard: its answer is the one an Engine over
// one index of all the shards' articles gives (what differs is in
// docs/CLUSTER.md).
func (g *Gather) Search(ctx context.Context, req Request) (*Result, error) {
	return g.search(ctx, req, true)
}

// Hits runs req as Search does, without facets or histogram.
func (g *Gather) Hits(ctx context.Context, req Request) (*Result, error) {
	return g.search(ctx, req, false)
}

// Count returns the number of articles of every shard.
func (g *Gather) Count(ctx context.Context) (uint64, error) {
	answers, err := g.scatter(ctx, &ShardRequest{Op: OpCount})
	if err != nil {
		return 0, err
	}
	var n uint64
	for _, a := range answers {
		n += a.Count
	}
	return n, nil
}

// gathered is what the shards counted of one request: the counts added
// up, the stories they share, and their answers.
type gathered struct {
	counts  *facetCounts
	stats   *TermStats
	stories *StoryMap
	answers []*ShardAnswer
	// shared are the stories of more than one shard, by their number in
	// the request's StoryMap.
	shared []sharedStory
}

// sharedStory is a story with matches in more than one shard: its name,
// its number of matches, and the best-ranked of them in every shard,
// best first.
type sharedStory struct {
	name    string
	matches int
	top     []placedHit
}

// placedHit is a shard's hit with the shard's number.
type placedHit struct {
	ShardHit
	shard int
}

// counted resolves req's entity ids, gathers the statistics of its query,
// the fingerprints of its matches to collapse stories across shards
// (stories), then the shards' counts, facets too when facets is set,
// and adds them up.
func (g *Gather) counted(ctx context.Context, req *Request, facets bool) (*gathered, error) {
	if err := g.resolve(ctx, req); err != nil {
		return nil, err
	}
	answers, err := g.scatter(ctx, &ShardRequest{Op: OpStats, Request: *req, Prints: true})
	if err != nil {
		return nil, err
	}
	stats := &TermStats{}
	for _, a := range answers {
		stats.Add(a.Stats)
	}
	// The prints came with the statistics unless a shard's matches depend
	// on the words of others.
	if slices.ContainsFunc(answers, func(a *ShardAnswer) bool { return a.Prints == nil }) {
		answers = nil
	}
	sm, rootShard, err := g.stories(ctx, req, stats, answers)
	if err != nil {
		return nil, err
	}
	if answers, err = g.scatter(ctx, &ShardRequest{Op: OpCounts, Request: *req, Stats: stats, Stories: sm, NoFacets: !facets}); err != nil {
		return nil, err
	}
	got := &gathered{stats: stats, stories: sm, answers: answers}
	if sm != nil {
		got.shared = make([]sharedStory, len(sm.Roots))
	}
	byStories := facets && req.FacetCount == CountStories
	got.counts = addCounts(answers, got.shared, rootShard, byStories)
	rank := &ranker{sort: req.Sort}
	for _, s := range got.shared {
		slices.SortFunc(s.top, func(a, b placedHit) int { return rank.compare(a.key(), b.key()) })
	}
	return got, nil
}

// stories gathers the fingerprints of req's matches in every shard and
// replays their stories as the index writer assigns them
// (dedup.ReplayRoots): in the order they were written (ingest time, then
// shard and place), each joins the story of the nearest earlier match
// within dedup.MaxDistance bits, or starts its own. It returns the
// stories of more than one fingerprint, nil when none, and the shard
// holding the first article of each. The articles' ids decide only ties
// between equally near stories: they are asked for when one was met.
// The shards' answers with their prints, when they came with the
// statistics, are printed.
func (g *Gather) stories(ctx context.Context, req *Request, stats *TermStats, printed []*ShardAnswer) (*StoryMap, []int, error) {
	type entry struct {
		shard, place int
		ingested     int64
	}
	var (
		entries []entry
		answers []*ShardAnswer
		fps     []dedup.SimHash
		roots   []int32
		tied    bool
	)
	for _, ids := range []bool{false, true} {
		answers = printed
		if answers == nil || ids {
			var err error
			if answers, err = g.scatter(ctx, &ShardRequest{Op: OpPrints, Request: *req, Stats: stats, PrintIDs: ids}); err != nil {
				return nil, nil, err
			}
		}
		entries = entries[:0]
		for i, a := range answers {
			for j, n := range a.Prints.Ingested {
				entries = append(entries, entry{i, j, n})
			}
		}
		slices.SortFunc(entries, func(a, b entry) int { // a total order: (shard, place) is unique
			if c := cmp.Compare(a.ingested, b.ingested); c != 0 {
				return c
			}
			if c := cmp.Compare(a.shard, b.shard); c != 0 {
				return c
			}
			return cmp.Compare(a.place, b.place)
		})
		fps = fps[:0]
		var own []string
		for _, e := range entries {
			p := answers[e.shard].Prints
			fps = append(fps, dedup.SimHash{p.Prints[2*e.place], p.Prints[2*e.place+1]})
			if ids {
				own = append(own, p.IDs[e.place])
			}
		}
		if roots, tied = dedup.ReplayRoots(fps, own); !tied {
			break
		}
	}
	size := make([]int32, len(fps))
	for _, r := range roots {
		size[r]++
	}
	var sm StoryMap
	var rootShard []int
	number := map[int32]uint32{}
	for i, r := range roots {
		if size[r] < 2 {
			continue
		}
		s, ok := number[r] // the root comes first: roots[r] == r <= i
		if !ok {
			s = uint32(len(sm.Roots))
			number[r] = s
			sm.Roots, sm.Shared = append(sm.Roots, uint32(len(sm.Story))), append(sm.Shared, false)
			rootShard = append(rootShard, entries[r].shard)
		}
		sm.Prints = append(sm.Prints, fps[i][0], fps[i][1])
		sm.Story = append(sm.Story, s)
		if entries[i].shard != entries[r].shard {
			sm.Shared[s] = true
		}
	}
	if len(sm.Roots) == 0 {
		return nil, nil, nil
	}
	return &sm, rootShard, nil
}

// addCounts adds up the shards' counts, byStories when they count
// stories; it fills shared, the stories shards share, from their
// answers, rootShard naming the shard whose name each keeps. A shard
// counts a shared story once among its stories and, counting stories,
// once for each value and month its matches of it hold: each is then
// taken back for every other shard that counted it too.
func addCounts(answers []*ShardAnswer, shared []sharedStory, rootShard []int, byStories bool) *facetCounts {
	c := &facetCounts{months: map[int32]int{}, byStories: byStories,
		values: make([][]string, len(termFacets)), terms: make([][]int32, len(termFacets))}
	dicts := make([]map[string]uint32, len(termFacets))
	for f := range dicts {
		dicts[f] = map[string]uint32{}
	}
	type seen struct {
		vals   map[uint32]int
		months map[int32]int
	}
	var storySeen []seen
	if byStories {
		storySeen = make([]seen, len(shared))
	}
	held := make([]bool, len(shared))
	for i, a := range answers {
		k := a.Counts
		c.total += k.Total
		c.stories += k.Stories
		ords := make([][]uint32, len(k.Values))
		for f, vs := range k.Values {
			for j, v := range vs {
				o, ok := dicts[f][v]
				if !ok {
					o = uint32(len(c.values[f]))
					dicts[f][v] = o
					c.values[f], c.terms[f] = append(c.values[f], v), append(c.terms[f], 0)
				}
				c.terms[f][o] += k.Counts[f][j]
				ords[f] = append(ords[f], o)
			}
		}
		for j, mo := range k.Months {
			c.months[mo] += int(k.InMonth[j])
		}
		c.undated += k.Undated
		c.undatedArticles += k.UndatedArticles
		c.spread = append(c.spread, k.Spread...)
		for _, s := range k.Shared {
			n := s.Shared - 1
			x := &shared[n]
			held[n] = true
			x.matches += s.Matches
			for _, h := range s.Top {
				x.top = append(x.top, placedHit{h, i})
			}
			if i == rootShard[n] && s.Story != "" {
				x.name = s.Story
			}
			if !byStories {
				continue
			}
			if storySeen[n].vals == nil {
				storySeen[n] = seen{vals: map[uint32]int{}, months: map[int32]int{}}
			}
			for _, v := range s.Vals {
				f := scorchx.Facet(v)
				storySeen[n].vals[scorchx.Value(f, ords[f][scorchx.Ord(v)])]++
			}
			for _, mo := range s.Months {
				storySeen[n].months[mo]++
			}
		}
	}
	for _, h := range held {
		if h {
			c.stories++
		}
	}
	for _, s := range storySeen {
		for v, k := range s.vals {
			c.terms[scorchx.Facet(v)][scorchx.Ord(v)] -= int32(k - 1)
		}
		var months []int32
		for mo, k := range s.months {
			if mo == scorchx.NoMonth {
				c.undated -= k - 1
				continue
			}
			c.months[mo] -= k - 1
			months = append(months, mo)
		}
		if len(months) > 1 {
			c.spread = append(c.spread, months)
		}
	}
	return c
}

// resolve replaces the entity ids among req's filters with the names a
// shard knows them by; an id no shard knows is left for the shards to
// refuse as an Engine does.
func (g *Gather) resolve(ctx context.Context, req *Request) error {
	has := false
	for _, f := range termFacets {
		if f.entity {
			for _, v := range append(f.selected(req), f.excluded(req)...) {
				_, ok := entity.ParseID(v)
				has = has || ok
			}
		}
	}
	if !has {
		return nil
	}
	answers, err := g.scatter(ctx, &ShardRequest{Op: OpNames, Request: *req})
	if err != nil {
		return err
	}
	return resolveIDs(req, func(f termFacet, id string) (name string, found, asName bool, err error) {
		for _, a := range answers {
			if n, ok := a.Names[id]; ok && !found {
				name, found = n, true
			}
			asName = asName || slices.Contains(a.AsNames, f.param+"="+id)
		}
		return name, found, asName, nil
	})
}

// search runs req over the shards, with its facets and histogram when
// facets is set.
func (g *Gather) search(ctx context.Context, req Request, facets bool) (*Result, error) {
	start := time.Now()
	if err := req.normalize(g.limits); err != nil {
		return nil, err
	}
	if _, _, err := pageStart(&req); err != nil {
		return nil, err
	}
	now := g.now()
	got, err := g.counted(ctx, &req, facets)
	if err != nil {
		return nil, err
	}
	out := &Result{Hits: []Hit{}}
	if !req.NoHits {
		if err := g.page(ctx, &req, got, out); err != nil {
			return nil, err
		}
	}
	counts := got.counts
	if facets && req.Significant > 0 {
		if out.Significant, err = g.significance(ctx, &req, counts); err != nil {
			return nil, err
		}
	}
	out.Total, out.Stories, out.Collapsed = counts.total, counts.stories, !req.NoCollapse
	out.Page, out.Size, out.Sort, out.FacetCount = req.Page, req.Size, req.Sort, req.FacetCount
	if facets {
		out.Facets = termFacetsFrom(counts, &req)
		if err := g.orFacets(ctx, &req, out.Facets); err != nil {
			return nil, err
		}
		out.Published = histogramFrom(histogramYears(now), counts.months, counts.spread)
		if req.PlaceCounts {
			out.PlaceCounts = counts.all(facetNumber(FacetPlaces))
		}
		out.Published.Undated = counts.undated
		out.Undated = uint64(counts.undatedArticles)
	}
	out.DidYouMean = correction(req.Query, g.limits, addSpelling(got.answers), out.Total < FewResults)
	out.Took = time.Since(start)
	return out, nil
}

// page chooses the page of req's hits among the best-ranked stories (or
// articles, when req.NoCollapse) of every shard and the stories they
// share, and has the shards holding them load them into out, with the
// cursor after them.
func (g *Gather) page(ctx context.Context, req *Request, got *gathered, out *Result) error {
	from, after, err := pageStart(req)
	if err != nil {
		return err
	}
	rank := &ranker{sort: req.Sort}
	type candidate struct {
		story   string
		matches int
		top     []placedHit
	}
	var cands []candidate
	for i, a := range got.answers {
		for _, w := range a.Counts.Window {
			c := candidate{story: w.Story, matches: w.Matches}
			if w.Shared != 0 {
				c.story = got.shared[w.Shared-1].name
			}
			for _, h := range w.Top {
				c.top = append(c.top, placedHit{h, i})
			}
			cands = append(cands, c)
		}
	}
	if !req.NoCollapse {
		for _, s := range got.shared {
			// A story whose best article ranks at or before the cursor
			// was shown on an earlier page.
			if len(s.top) > 0 && (after == nil || rank.compare(s.top[0].key(), *after) > 0) {
				cands = append(cands, candidate{story: s.name, matches: s.matches, top: s.top[:min(len(s.top), 1+MaxAlsoIn)]})
			}
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int { return rank.compare(a.top[0].key(), b.top[0].key()) })
	page := cands[min(from, len(cands)):min(from+req.Size+1, len(cands))]
	if len(page) > req.Size {
		page = page[:req.Size]
		out.NextCursor = keyCursor(req.Sort, page[len(page)-1].top[0].key())
	}
	// Which shard holds each article of the page, and of its stories.
	ids := make([][]string, len(g.shards))
	members := make([][]string, len(g.shards))
	for _, c := range page {
		ids[c.top[0].shard] = append(ids[c.top[0].shard], c.top[0].ID)
		for _, m := range c.top[1:] {
			members[m.shard] = append(members[m.shard], m.ID)
		}
	}
	hits := map[string]Hit{}
	loaded := map[string]Member{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(g.shards))
	for i, s := range g.shards {
		if len(ids[i]) == 0 && len(members[i]) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := s.Serve(ctx, &ShardRequest{Op: OpHits, Request: *req, Stats: got.stats, IDs: ids[i], Members: members[i]})
			if err == nil && a.Error != nil {
				err = a.Error.Err()
			}
			if err != nil {
				errs[i] = err
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, h := range a.Hits {
				hits[h.ID] = h
			}
			for _, m := range a.Members {
				loaded[m.ID] = m
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	out.Hits = make([]Hit, len(page))
	for i, c := range page {
		best := c.top[0]
		h, ok := hits[best.ID]
		if !ok {
			return fmt.Errorf("article %s matched the query in its shard, then did not", best.ID)
		}
		h.Score, h.Story = float64(best.Score), c.story
		if c.matches > 1 && !req.NoCollapse {
			h.AlsoInTotal = c.matches - 1
			for _, m := range c.top[1:] {
				h.AlsoIn = append(h.AlsoIn, loaded[m.ID])
			}
		}
		out.Hits[i] = h
	}
	return nil
}

// addSpelling adds up what the shards hold of the words of a query a
// correction may replace: the articles holding each word, and each near
// word's, summed; each field's near words in the order one index's
// dictionary gives them (nearest, most held, then in byte order), at most
// scorchx.MaxFuzzyTerms a field.
func addSpelling(answers []*ShardAnswer) []SpellWord {
	var out []SpellWord
	for _, a := range answers {
		for len(out) < len(a.Counts.Spelling) {
			out = append(out, SpellWord{})
		}
	}
	type key struct {
		field uint8
		term  string
	}
	for i := range out {
		at := map[key]int{}
		w := &out[i]
		for _, a := range answers {
			if i >= len(a.Counts.Spelling) {
				continue
			}
			s := a.Counts.Spelling[i]
			w.Have += s.Have
			for _, c := range s.Near {
				if j, ok := at[key{c.Field, c.Term}]; ok {
					w.Near[j].Docs += c.Docs
					continue
				}
				at[key{c.Field, c.Term}] = len(w.Near)
				w.Near = append(w.Near, c)
			}
		}
		slices.SortFunc(w.Near, func(a, b SpellNear) int {
			return cmp.Or(cmp.Compare(a.Field, b.Field), cmp.Compare(a.Dist, b.Dist), cmp.Compare(b.Docs, a.Docs), strings.Compare(a.Term, b.Term))
		})
		kept, inField := w.Near[:0], map[uint8]int{}
		for _, c := range w.Near {
			if inField[c.Field]++; inField[c.Field] <= scorchx.MaxFuzzyTerms {
				kept = append(kept, c)
			}
		}
		w.Near = kept
	}
	return out
}

// significance ranks the entities that stand out in the matches of req,
// counted (of articles, or of stories when req counts stories) in set,
// against the articles of every shard, as Engine.Search does: the
// shards count, for each value that may stand out, the articles naming
// it, and the sums score it.
func (g *Gather) significance(ctx context.Context, req *Request, set *facetCounts) (*Significance, error) {
	if set.byStories {
		// What stands out is counted in articles.
		byArticles := *req
		byArticles.FacetCount, byArticles.NoHits, byArticles.Significant = CountArticles, true, 0
		got, err := g.counted(ctx, &byArticles, true)
		if err != nil {
			return nil, err
		}
		set = got.counts
	}
	values := make([][]string, len(termFacets))
	place := map[[2]int]int{} // (facet, value) → its place in values[facet]
	significantCandidates(set, req, func(f, o int) {
		place[[2]int{f, o}] = len(values[f])
		values[f] = append(values[f], set.values[f][o])
	})
	answers, err := g.scatter(ctx, &ShardRequest{Op: OpCorpus, Values: values})
	if err != nil {
		return nil, err
	}
	var total uint64
	for _, a := range answers {
		total += a.Corpus.Articles
	}
	return rankSignificant(set, func(f, o int) int32 {
		var c int32
		for _, a := range answers {
			c += a.Corpus.Counts[f][place[[2]int{f, o}]]
		}
		return c
	}, total, req), nil
}

// Surging returns at most k entities surging at now across every shard,
// as Engine.Surging does over one index of them all.
func (g *Gather) Surging(ctx context.Context, now time.Time, k int) (*Surges, error) {
	if err := checkSurging(k); err != nil {
		return nil, err
	}
	return g.surges(ctx, now, k, "")
}

// SurgeOf returns the surge of the entity with the id at now across
// every shard, as Engine.SurgeOf does.
func (g *Gather) SurgeOf(ctx context.Context, now time.Time, id string) (*Surges, error) {
	return g.surges(ctx, now, 1, id)
}

// surges has every shard count the window and baseline at now (of the
// entity whose id is only, when set), adds the counts up and ranks them
// as one index does. The window ends on the day of the newest article
// of every shard: a shard whose own newest is of another day counts
// again, up to that day.
func (g *Gather) surges(ctx context.Context, now time.Time, k int, only string) (*Surges, error) {
	r := &ShardRequest{Op: OpSurge, Now: now, ID: only}
	answers, err := g.scatter(ctx, r)
	if err != nil {
		return nil, err
	}
	sum := &ShardSurge{Newest: scorchx.NoDate}
	for _, a := range answers {
		sum.Newest = max(sum.Newest, a.Surge.Newest)
	}
	if sum.Newest == scorchx.NoDate {
		return rankSurges(sum, k), nil
	}
	sum.Last = lastDay(sum.Newest)
	// Only a shard whose window ended on another day counts again; the
	// others' counts already end on sum.Last.
	again := make([]bool, len(answers))
	for i, a := range answers {
		again[i] = a.Surge.Newest != scorchx.NoDate && !a.Surge.Last.Equal(sum.Last)
	}
	if slices.Contains(again, true) {
		r.Last = sum.Last
		if answers, err = g.scatterAgain(ctx, r, answers, func(i int) bool { return again[i] }); err != nil {
			return nil, err
		}
	}
	sum.Values = make([][]string, len(termFacets))
	sum.Recent, sum.Base = make([][]int32, len(termFacets)), make([][]int32, len(termFacets))
	at := make([]map[string]int, len(termFacets))
	for f := range at {
		at[f] = map[string]int{}
	}
	for _, a := range answers {
		c := a.Surge
		sum.Window += c.Window
		sum.Baseline += c.Baseline
		for f, vs := range c.Values {
			for i, v := range vs {
				j, ok := at[f][v]
				if !ok {
					j = len(sum.Values[f])
					at[f][v] = j
					sum.Values[f] = append(sum.Values[f], v)
					sum.Recent[f], sum.Base[f] = append(sum.Recent[f], 0), append(sum.Base[f], 0)
				}
				sum.Recent[f][j] += c.Recent[f][i]
				sum.Base[f][j] += c.Base[f][i]
			}
		}
	}
	return rankSurges(sum, k), nil
}

// orFacets recounts each facet whose selected values OR over the matches
// of req without that facet's own selection, as Engine.orFacets does.
func (g *Gather) orFacets(ctx context.Context, req *Request, facets map[string]Facet) error {
	for fi, f := range termFacets {
		if len(f.selected(req)) == 0 || *f.all(req) {
			continue
		}
		wider := *req
		*f.filter(&wider) = nil
		wider.NoHits = true
		got, err := g.counted(ctx, &wider, true)
		if err != nil {
			return err
		}
		facets[f.name] = got.counts.facet(fi, req)
	}
	return nil
}

// ask sends r to the shard holding the article id and returns its
// answer; the mistake it reports is returned as the request's.
func (g *Gather) ask(ctx context.Context, id string, r *ShardRequest) (*ShardAnswer, error) {
	k := g.shardOf(id)
	if k < 0 || k >= len(g.shards) {
		return nil, fmt.Errorf("article %q: its shard is %d, of %d", id, k, len(g.shards))
	}
	a, err := g.shards[k].Serve(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("shard %d: %w", k, err)
	}
	if a.Error != nil {
		return nil, a.Error.Err()
	}
	return a, nil
}

// Article returns the whole article with the given ID from the shard
// holding it, or an error wrapping ErrNotFound.
func (g *Gather) Article(ctx context.Context, id string) (*index.Article, error) {
	a, err := g.ask(ctx, id, &ShardRequest{Op: OpArticle, ID: id})
	if err != nil {
		return nil, err
	}
	return a.Article, nil
}

// Annotate marks the matches of the query text in the article id, as
// Engine.Annotate does, in the shard holding it.
func (g *Gather) Annotate(ctx context.Context, id, text string) (*Annotation, error) {
	a, err := g.ask(ctx, id, &ShardRequest{Op: OpAnnotate, ID: id, Request: Request{Query: text}})
	if err != nil {
		return nil, err
	}
	return a.Annotation, nil
}

// SimilarTo returns the articles of every shard most like a, as
// Engine.SimilarTo does.
func (g *Gather) SimilarTo(ctx context.Context, a *index.Article, n int) ([]Hit, error) {
	return similarTo(ctx, g, g.limits, a, n)
}

// Entity returns what the shards know of the entity id, as Engine.Entity
// does.
func (g *Gather) Entity(ctx context.Context, id string, n int) (*Entity, error) {
	return entityPage(ctx, g, g.limits, id, n, func(ctx context.Context, id string) (string, error) {
		k, _ := entity.ParseID(id)
		req := Request{}
		*entityFacet(k).filter(&req) = []string{id}
		answers, err := g.scatter(ctx, &ShardRequest{Op: OpNames, Request: req})
		if err != nil {
			return "", err
		}
		for _, a := range answers {
			if name, ok := a.Names[id]; ok {
				return name, nil
			}
		}
		return "", unknownEntity(id)
	})
}

// FacetValues returns the values of one facet under a search of every
// shard, as Engine.FacetValues does: counted over every match, so a
// prefix finds every value it fits, not the first 10,000 counted.
func (g *Gather) FacetValues(ctx context.Context, req FacetRequest) (*FacetValues, error) {
	f, inner, err := req.check()
	if err != nil {
		return nil, err
	}
	prefix := slices.Compact(slices.Sorted(slices.Values(prefixWords(req.Prefix))))
	if len(prefix) > g.limits.QueryTerms {
		return nil, &QueryError{Param: "prefix", Code: CodeTooManyTerms, Msg: fmt.Sprintf("%d prefix words are more than the %d a search may hold (the query terms limit): type fewer words", len(prefix), g.limits.QueryTerms)}
	}
	inner.NoHits = true
	if err := inner.normalize(g.limits); err != nil {
		return nil, err
	}
	if err := g.resolve(ctx, &inner); err != nil {
		return nil, err
	}
	// The values of a facet whose selection ORs count over the matches
	// without that selection, as a search's facets do (orFacets).
	wider := inner
	if !*f.all(&wider) {
		*f.filter(&wider) = nil
	}
	got, err := g.counted(ctx, &wider, true)
	if err != nil {
		return nil, err
	}
	return countedValues(got.counts, f, prefix, &inner, req.Size), nil
}
