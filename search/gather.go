package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
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
// asks every shard for its term statistics, sums them, has every shard
// score its matches with the sums and send them all, then ranks, counts
// and collapses them as one index does, and asks the shards holding the
// page's articles to load and highlight them. It is safe for concurrent
// use.
type Gather struct {
	shards []Shard
	// shardOf names the shard holding an article.
	shardOf func(id string) int
	limits  Limits
	now     func() time.Time
	slots   *sync.Pool
}

// NewGather returns a Gather over shards, each article in the one
// shardOf names, accepting queries within lim as an Engine does.
func NewGather(shards []Shard, shardOf func(id string) int, lim Limits) *Gather {
	return &Gather{shards: shards, shardOf: shardOf, limits: lim.withDefaults(), now: time.Now, slots: &sync.Pool{}}
}

// scatter sends r to every shard at once and returns their answers, in
// the shards' order; the first mistake a shard reports is returned as
// the request's.
func (g *Gather) scatter(ctx context.Context, r *ShardRequest) ([]*ShardAnswer, error) {
	// The first shard to fail fails the search, with its own error (which
	// names the shard, also when the search's deadline passed): the others
	// stop at once rather than finish work no one reads.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]*ShardAnswer, len(g.shards))
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
// docs/CLUSTER.md). Significant entities are not counted across shards.
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

// gathered is what the shards found of one request: its matches, as
// tables a matchCounter reads (one table per shard), and the shards'
// answers.
type gathered struct {
	st      *scorchx.Tables
	stats   *TermStats
	answers []*ShardAnswer
}

// matches resolves req's entity ids, gathers the statistics of its query
// and then every match, in tables.
func (g *Gather) matches(ctx context.Context, req *Request) (*gathered, error) {
	if err := g.resolve(ctx, req); err != nil {
		return nil, err
	}
	answers, err := g.scatter(ctx, &ShardRequest{Op: OpStats, Request: *req})
	if err != nil {
		return nil, err
	}
	stats := &TermStats{}
	for _, a := range answers {
		stats.Add(a.Stats)
	}
	if answers, err = g.scatter(ctx, &ShardRequest{Op: OpMatches, Request: *req, Stats: stats}); err != nil {
		return nil, err
	}
	return &gathered{st: tablesOf(answers), stats: stats, answers: answers}, nil
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

// tablesOf makes tables of the shards' matches, one per shard, with
// their stories collapsed across shards (storiesOf).
func tablesOf(answers []*ShardAnswer) *scorchx.Tables {
	var values [][]string
	dicts := []map[string]uint32{}
	tables := make([]*scorchx.Table, len(answers))
	for i, a := range answers {
		m := a.Matches
		for len(values) < len(m.Values) {
			values = append(values, nil)
			dicts = append(dicts, map[string]uint32{})
		}
		// The shard's numbers of its values, as the tables number them.
		ords := make([][]uint32, len(m.Values))
		for f, vs := range m.Values {
			for _, v := range vs {
				o, ok := dicts[f][v]
				if !ok {
					o = uint32(len(values[f]))
					dicts[f][v] = o
					values[f] = append(values[f], v)
				}
				ords[f] = append(ords[f], o)
			}
		}
		n := len(m.Rows)
		t := &scorchx.Table{Start: make([]uint32, 1, n+1), Month: make([]int32, n), Published: make([]string, n), ID: make([]string, n), Date: make([]int64, n), Story: make([]uint32, n)}
		for j := range m.Rows {
			r := &m.Rows[j]
			t.ID[j] = r.ID
			t.Date[j] = r.Date
			if r.Undated {
				t.Date[j] = scorchx.NoDate
			}
			t.Month[j], t.Published[j] = scorchx.MonthOf(t.Date[j]), publishedKey(r)
			for _, v := range r.Vals {
				f := scorchx.Facet(v)
				t.Vals = append(t.Vals, scorchx.Value(f, ords[f][scorchx.Ord(v)]))
			}
			t.Start = append(t.Start, uint32(len(t.Vals)))
		}
		tables[i] = t
	}
	stories := storiesOf(answers, tables)
	return scorchx.NewTables(tables, values, stories)
}

// storiesOf assigns the matches of every shard to stories as the index
// writer does (dedup.Replay): in the order they were written (their
// ingest time, then their shard's order), each joins the story of the
// nearest earlier match within dedup.MaxDistance bits, or starts its
// own; a story is named as its first article's shard named that
// article's story. It sets each table's Story and returns the names.
func storiesOf(answers []*ShardAnswer, tables []*scorchx.Table) []string {
	type at struct{ shard, row int }
	var order []at
	for i, a := range answers {
		for j := range a.Matches.Rows {
			order = append(order, at{i, j})
		}
	}
	row := func(x at) *MatchedRow { return &answers[x.shard].Matches.Rows[x.row] }
	slices.SortFunc(order, func(a, b at) int { // a total order: (shard, row) is unique
		ra, rb := row(a), row(b)
		switch {
		case ra.Ingested != rb.Ingested:
			return cmp.Compare(ra.Ingested, rb.Ingested)
		case a.shard != b.shard:
			return cmp.Compare(a.shard, b.shard)
		}
		return cmp.Compare(a.row, b.row)
	})
	// Articles without a fingerprint start stories of their own, as the
	// writer's do; the others are replayed in order.
	var fps []dedup.SimHash
	var own []string
	var printed []int // their places in order
	for i, x := range order {
		r := row(x)
		if fp, err := dedup.ParseSimHash(r.Fingerprint); err == nil && r.Fingerprint != "" {
			fps, own, printed = append(fps, fp), append(own, r.ID), append(printed, i)
		}
	}
	replayed := make([]string, len(order)) // "": not replayed
	for i, story := range dedup.Replay(fps, own) {
		replayed[printed[i]] = story
	}
	// A story keeps the name its first article's shard gave that
	// article's story.
	rename := map[string]string{}
	var names []string
	number := map[string]uint32{}
	for i, x := range order {
		r := row(x)
		story := replayed[i]
		switch {
		case story == "":
			story = r.Story
		case story == r.ID:
			rename[story] = r.Story
			story = r.Story
		default:
			story = rename[story]
		}
		n, ok := number[story]
		if !ok {
			n = uint32(len(names))
			number[story] = n
			names = append(names, story)
		}
		tables[x.shard].Story[x.row] = n
	}
	return names
}

// search runs req over the shards, with its facets and histogram when
// facets is set.
func (g *Gather) search(ctx context.Context, req Request, facets bool) (*Result, error) {
	start := time.Now()
	if err := req.normalize(g.limits); err != nil {
		return nil, err
	}
	var after []string
	if req.Cursor != "" {
		var err error
		if after, err = decodeCursor(req.Cursor, req.Sort); err != nil {
			return nil, err
		}
	}
	now := g.now()
	got, err := g.matches(ctx, &req)
	if err != nil {
		return nil, err
	}
	st := got.st
	rank := &ranker{st: st, sort: req.Sort}
	collapse := rank
	if req.NoCollapse || req.NoHits {
		collapse = nil
	}
	counter := g.count(got, facets, collapse)
	defer counter.release()
	out := &Result{Hits: []Hit{}}
	if !req.NoHits {
		if err := g.page(ctx, &req, after, got, counter, rank, out); err != nil {
			return nil, err
		}
	}
	counts := counter.result(req.FacetCount == CountStories)
	out.Total, out.Stories, out.Collapsed = counts.total, counts.stories, !req.NoCollapse
	out.Page, out.Size, out.Sort, out.FacetCount = req.Page, req.Size, req.Sort, req.FacetCount
	if facets {
		out.Facets = termFacetsFrom(counts, &req)
		if err := g.orFacets(ctx, &req, out.Facets); err != nil {
			return nil, err
		}
		out.Published = histogramFrom(histogramYears(now), counts.months, counts.spread)
		if req.PlaceCounts {
			out.PlaceCounts = counts.all(slices.IndexFunc(termFacets, func(t termFacet) bool { return t.name == FacetPlaces }))
		}
		out.Published.Undated = counts.undated
		out.Undated = uint64(counts.undatedArticles)
	}
	for _, a := range got.answers {
		fix := a.Matches.DidYouMean
		if out.Total < FewResults {
			fix = a.Matches.Few
		}
		if fix != "" {
			out.DidYouMean = fix
			break
		}
	}
	out.Took = time.Since(start)
	return out, nil
}

// page chooses the page of req's hits among the matches counter holds,
// one per story unless req.NoCollapse, and has the shards holding them
// load them into out, with the cursor after them.
func (g *Gather) page(ctx context.Context, req *Request, after []string, got *gathered, counter *matchCounter, rank *ranker, out *Result) error {
	from := (req.Page - 1) * req.Size
	var afterKey *rankKey
	if after != nil {
		k, err := cursorKey(after, req.Sort)
		if err != nil {
			return err
		}
		from, afterKey = 0, &k
	}
	var page []ranked
	if req.NoCollapse {
		// Every match is a story of its own to topStories.
		all := *counter
		all.members, all.rank = slices.Concat(counter.members, counter.extras), rank
		page = all.topStories(from, req.Size+1, afterKey)
	} else {
		page = counter.topStories(from, req.Size+1, afterKey)
	}
	if len(page) > req.Size {
		page = page[:req.Size]
		out.NextCursor = keyCursor(req.Sort, page[len(page)-1].k)
	}
	// Which shard holds each article of the page, and of its stories.
	st := got.st
	shardOf := func(m storyMember) int { return int(m.seg) }
	ids := make([][]string, len(g.shards))
	members := make([][]string, len(g.shards))
	others := make([][]storyMember, len(page))
	for i, p := range page {
		ids[shardOf(p.m)] = append(ids[shardOf(p.m)], p.k.id)
		if !req.NoCollapse {
			others[i] = counter.others(p.m.story)
			for _, m := range others[i][:min(len(others[i]), MaxAlsoIn)] {
				members[shardOf(m)] = append(members[shardOf(m)], st.Table(int(m.seg)).ID[m.local])
			}
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
	for i, p := range page {
		h, ok := hits[p.k.id]
		if !ok {
			return fmt.Errorf("article %s matched the query in its shard, then did not", p.k.id)
		}
		h.Score, h.Story = p.m.score, st.Stories[p.m.story]
		if len(others[i]) > 0 {
			h.AlsoInTotal = len(others[i])
			for _, m := range others[i][:min(len(others[i]), MaxAlsoIn)] {
				h.AlsoIn = append(h.AlsoIn, loaded[st.Table(int(m.seg)).ID[m.local]])
			}
		}
		out.Hits[i] = h
	}
	return nil
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
		got, err := g.matches(ctx, &wider)
		if err != nil {
			return err
		}
		counter := g.count(got, true, nil)
		facets[f.name] = counter.result(req.FacetCount == CountStories).facet(fi, req)
		counter.release()
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
// does, without its co-mentioned entities (Significant is not gathered).
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
	got, err := g.matches(ctx, &wider)
	if err != nil {
		return nil, err
	}
	counter := g.count(got, true, nil)
	defer counter.release()
	return countedValues(counter, f, prefix, &inner, req.Size, inner.FacetCount == CountStories), nil
}

// count returns a counter of the matches got holds, counting facets when
// facets is set, and keeping the best-ranked article of each story by
// rank when that is set.
func (g *Gather) count(got *gathered, facets bool, rank *ranker) *matchCounter {
	counter := newMatchCounter(got.st, g.slots, facets, rank)
	doc := uint64(0)
	for _, a := range got.answers {
		for _, r := range a.Matches.Rows {
			counter.add(doc, float64(r.Score))
			doc++
		}
	}
	return counter
}
