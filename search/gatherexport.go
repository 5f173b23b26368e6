package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// An export over shards streams each shard's rows in the request's sort
// and merges them (Gather.Export): each shard sends its rows a chunk at a
// time, after the rank key of the last it sent, so the coordinator holds
// a chunk a shard, not the export.

// ShardExport is a chunk of a shard's export rows (OpExport), in the
// request's sort.
type ShardExport struct {
	Rows []ShardExportRow `json:"rows"`
	// More is set when rows follow these.
	More bool `json:"more,omitempty"`
	// Shared lists, when asked (ShardRequest.ExportShared), the matches of
	// every story the shard shares with others, best-ranked first.
	Shared []SharedCopies `json:"shared,omitempty"`
}

// ShardExportRow is a row of a shard's export: its rank key and article,
// the story's other matching articles in the shard unless the story is
// shared (Shared, 1 + its number in the request's StoryMap), when the
// coordinator lists them. Collapsing, a shared story's row is the
// shard's best article of it, which the coordinator keeps only when it
// is the story's best of every shard.
type ShardExportRow struct {
	Key     ShardHit       `json:"k"`
	Article *index.Article `json:"a"`
	AlsoIn  []Copy         `json:"c,omitempty"`
	Shared  uint32         `json:"x,omitempty"`
}

// SharedCopies are a shard's matches of a shared story: their rank keys
// and sources.
type SharedCopies struct {
	Shared  uint32     `json:"x"`
	Keys    []ShardHit `json:"k"`
	Sources []string   `json:"s"`
}

// exportChunk is the most rows a shard sends in one chunk of an export,
// unless the Gather says otherwise (Gather.chunk).
const exportChunk = 500

// shardExport answers OpExport: the rows of the export of q in snap after
// the request's cursor, at most exportChunk.
func (e *Engine) shardExport(ctx context.Context, snap *scorchx.Snapshot, q query.Query, r *ShardRequest) (*ShardExport, error) {
	req := &r.Request
	_, after, err := pageStart(req)
	if err != nil {
		return nil, err
	}
	ms, err := matchesOf(ctx, snap, q)
	if err != nil {
		return nil, err
	}
	tables, shared := storyTables(snap.Tables(), ms, r.Stories)
	rank := &ranker{st: tables, sort: req.Sort}
	counter := newMatchCounter(tables, e.slots, false, rank)
	defer counter.release()
	for i, m := range ms {
		counter.add(uint64(i), m.score)
	}
	order := slices.Clone(counter.members)
	if req.NoCollapse {
		order = append(order, counter.extras...)
	}
	slices.SortFunc(order, func(a, b storyMember) int { return rank.compare(rank.key(a), rank.key(b)) })
	if after != nil {
		order = order[sortedAfter(order, rank, *after):]
	}
	chunk := r.Rows
	if chunk < 1 || chunk > exportChunk {
		chunk = exportChunk
	}
	out := &ShardExport{Rows: []ShardExportRow{}, More: len(order) > chunk}
	t := tables.Table(0)
	for _, m := range order[:min(len(order), chunk)] {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		k := rank.key(m)
		fields, err := snap.Stored(k.id, exportFields)
		if err != nil {
			return nil, fmt.Errorf("export: load article %s: %w", k.id, err)
		}
		row := ShardExportRow{Key: ShardHit{ID: k.id, Score: Score(k.score), Pub: k.pub}, Article: index.ArticleFromFields(fields), Shared: shared[m.story]}
		row.Article.Story = tables.Stories[m.story]
		if row.Shared == 0 {
			for _, o := range storyMatches(counter, m) {
				if o != m {
					row.AlsoIn = append(row.AlsoIn, Copy{ID: t.ID[o.local], Source: tableSource(tables, o)})
				}
			}
		}
		out.Rows = append(out.Rows, row)
	}
	if r.ExportShared {
		for _, best := range counter.members {
			if shared[best.story] == 0 {
				continue
			}
			c := SharedCopies{Shared: shared[best.story]}
			for _, o := range storyMatches(counter, best) {
				k := rank.key(o)
				c.Keys = append(c.Keys, ShardHit{ID: k.id, Score: Score(k.score), Pub: k.pub})
				c.Sources = append(c.Sources, tableSource(tables, o))
			}
			out.Shared = append(out.Shared, c)
		}
	}
	return out, nil
}

// sortedAfter returns the place in order, sorted by rank, of the first
// match ranking after the key after.
func sortedAfter(order []storyMember, rank *ranker, after rankKey) int {
	i, _ := slices.BinarySearchFunc(order, after, func(m storyMember, k rankKey) int {
		if rank.compare(rank.key(m), k) <= 0 {
			return -1
		}
		return 1
	})
	return i
}

// sharedCopy is a match of a shared story: its rank key and source.
type sharedCopy struct {
	key    rankKey
	source string
}

// Export runs req over every shard to the end, as Engine.Export does on
// one index: begin with the counts, then row for every matching article
// (or, collapsed, the best-ranked of every story) in the request's sort.
// Each shard sends its rows a chunk at a time, after the last it sent,
// and the rows are merged: memory holds a chunk a shard and the matches
// of the stories the shards share, not the export. Unlike one index's,
// the export reads no single snapshot: an article written or deleted
// while it runs may be in it or not, but no row comes twice.
func (g *Gather) Export(ctx context.Context, req Request, begin func(ExportSummary) error, row func(*ExportRow) error) error {
	req.Page, req.Size, req.Cursor = 1, 1, ""
	if err := req.normalize(g.limits); err != nil {
		return err
	}
	counting := req
	counting.NoHits = true
	got, err := g.counted(ctx, &counting, false)
	if err != nil {
		return err
	}
	req = counting
	req.NoHits = false
	sum := ExportSummary{Total: got.counts.total, Stories: got.counts.stories, Collapsed: !req.NoCollapse, Rows: got.counts.stories}
	if req.NoCollapse {
		sum.Rows = got.counts.total
	}
	if err := begin(sum); err != nil {
		return err
	}
	rank := &ranker{sort: req.Sort}
	type stream struct {
		rows []ShardExportRow
		more bool
		last *ShardHit
	}
	streams := make([]stream, len(g.shards))
	shared := make([][]sharedCopy, len(got.shared))
	fetch := func(i int, first bool) error {
		r := &ShardRequest{Op: OpExport, Request: req, Stats: got.stats, Stories: got.stories, ExportShared: first, Rows: g.chunk}
		if s := &streams[i]; s.last != nil {
			r.Request.Cursor = keyCursor(req.Sort, s.last.key())
		}
		a, err := g.shards[i].Serve(ctx, r)
		if err == nil && a.Error != nil {
			err = a.Error.Err()
		}
		if err != nil {
			return fmt.Errorf("shard %d: %w", i, err)
		}
		x := a.Export
		streams[i].rows, streams[i].more = x.Rows, x.More
		if len(x.Rows) > 0 {
			streams[i].last = &x.Rows[len(x.Rows)-1].Key
		}
		for _, c := range x.Shared {
			for j, k := range c.Keys {
				shared[c.Shared-1] = append(shared[c.Shared-1], sharedCopy{k.key(), c.Sources[j]})
			}
		}
		return nil
	}
	for i := range g.shards {
		if err := fetch(i, true); err != nil {
			return err
		}
	}
	for _, s := range shared {
		slices.SortFunc(s, func(a, b sharedCopy) int { return rank.compare(a.key, b.key) })
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		next := -1
		for i := range streams {
			s := &streams[i]
			if len(s.rows) == 0 && s.more {
				if err := fetch(i, false); err != nil {
					return err
				}
			}
			if len(s.rows) > 0 && (next < 0 || rank.compare(s.rows[0].Key.key(), streams[next].rows[0].Key.key()) < 0) {
				next = i
			}
		}
		if next < 0 {
			return nil
		}
		r := streams[next].rows[0]
		streams[next].rows = streams[next].rows[1:]
		out := &ExportRow{Article: r.Article, AlsoIn: r.AlsoIn}
		if r.Shared != 0 {
			copies := shared[r.Shared-1]
			if !req.NoCollapse && copies[0].key.id != r.Key.ID {
				continue // the story's best article is another shard's
			}
			out.Article.Story = got.shared[r.Shared-1].name
			for _, c := range copies {
				if c.key.id != r.Key.ID {
					out.AlsoIn = append(out.AlsoIn, Copy{ID: c.key.id, Source: c.source})
				}
			}
		}
		if err := row(out); err != nil {
			return err
		}
	}
}
