package search

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// resultCache holds answers to requests, valid while the index's root
// snapshot (its epoch) is the one they were computed on: repeated
// searches, paging back, the browse page. Every write, and every merge,
// introduces a new snapshot and so empties it; so does opening the index
// again (a new owner), whose epochs start again from those on disk. When
// full (max answers, or maxResultCacheBytes), it forgets the answers it
// has held longest.
type resultCache struct {
	mu       sync.Mutex
	max      int // answers held at most; 0 caches none
	maxBytes int // their size at most (maxResultCacheBytes)
	owner    bleve.Index
	epoch    uint64
	results  map[string]cachedResult
	order    []string // the keys of results, oldest first
	bytes    int      // the sum of their sizes
}

// cachedResult is an answer the cache holds, with its size as
// Result.size estimates it.
type cachedResult struct {
	r    *Result
	size int
}

// maxResultCacheBytes bounds the memory the answers of a result cache
// hold, whatever their number: a page of 100 hits, each listing 20
// copies, is a few hundred KB.
const maxResultCacheBytes = 64 << 20

// cacheKey is what the answer to r depends on besides the index: every
// field of the normalized request, whether facets are counted, and the
// current year (which the histogram's span depends on).
func (r *Request) cacheKey(facets bool, year int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%t %d %q %q %d %d %t %q %d %t %q %d %t %t %t %t %t %d", facets, year, r.Query, r.Sort, r.Page, r.Size, r.NoHits, r.Cursor, r.FacetSize, r.NoCollapse, r.FacetCount, r.Significant, r.PlaceCounts, r.Undated, r.AlsoUndated, r.DatedOnly, r.Consistent, r.After)
	for _, f := range termFacets {
		fmt.Fprintf(&b, " %q %t %q", f.selected(r), *f.all(r), f.excluded(r))
	}
	for _, d := range []*time.Time{r.From, r.To} {
		b.WriteByte(' ')
		if d != nil {
			b.WriteString(d.UTC().Format(time.RFC3339Nano))
		}
	}
	return b.String()
}

// get returns the cached answer for key at epoch of owner, a copy the
// caller may change.
func (c *resultCache) get(owner bleve.Index, epoch uint64, key string) (*Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.owner != owner || c.epoch != epoch {
		return nil, false
	}
	cr, ok := c.results[key]
	if !ok {
		return nil, false
	}
	return cr.r.clone(), true
}

// put caches r for key, computed at epoch or later: an answer is only
// ever filed under an epoch no newer than the snapshot it was computed on.
func (c *resultCache) put(owner bleve.Index, epoch uint64, key string, r *Result) {
	if c.max == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.owner == owner && epoch < c.epoch {
		return // a newer snapshot is cached already
	}
	if c.owner != owner || c.epoch != epoch || c.results == nil {
		c.owner, c.epoch, c.results, c.order, c.bytes = owner, epoch, make(map[string]cachedResult), c.order[:0], 0
	}
	if _, ok := c.results[key]; ok {
		return
	}
	size := r.size()
	if size > c.maxBytes {
		return
	}
	for len(c.order) > 0 && (len(c.order) >= c.max || c.bytes+size > c.maxBytes) {
		c.bytes -= c.results[c.order[0]].size
		delete(c.results, c.order[0])
		c.order = append(c.order[:0], c.order[1:]...)
	}
	c.results[key] = cachedResult{r.clone(), size}
	c.order = append(c.order, key)
	c.bytes += size
}

// size estimates the memory r holds, in bytes: its strings, and a fixed
// amount for each hit, member, facet value and bucket.
func (r *Result) size() int {
	n := 256 + len(r.NextCursor)
	for _, h := range r.Hits {
		n += 256 + len(h.ID) + h.Title.size() + len(h.URL) + len(h.Source) + h.Snippet.size() + len(h.Story)
		for _, values := range [][]string{h.People, h.Places, h.Organisations} {
			for _, v := range values {
				n += 16 + len(v)
			}
		}
		for _, m := range h.Matched {
			n += 48 + len(m.Text)
			if m.Entity != nil {
				n += 48 + len(m.Entity.ID) + len(m.Entity.Name)
			}
		}
		for _, m := range h.AlsoIn {
			n += 96 + len(m.ID) + len(m.Title) + len(m.URL) + len(m.Source)
		}
	}
	for name, f := range r.Facets {
		n += 64 + len(name)
		for _, v := range f.Values {
			n += 48 + len(v.Value)
		}
	}
	if r.Significant != nil {
		for _, s := range r.Significant.Entities {
			n += 96 + len(s.Value) + len(s.ID)
		}
	}
	for _, v := range r.PlaceCounts {
		n += 48 + len(v.Value)
	}
	return n + 64*len(r.Published.Buckets)
}

// clone copies r deeply enough that changing the copy's hits, facets or
// buckets leaves r alone.
func (r *Result) clone() *Result {
	out := *r
	out.Hits = slices.Clone(r.Hits)
	for i := range out.Hits {
		h := &out.Hits[i]
		h.People, h.Places, h.Organisations = slices.Clone(h.People), slices.Clone(h.Places), slices.Clone(h.Organisations)
		h.AlsoIn, h.Matched = slices.Clone(h.AlsoIn), slices.Clone(h.Matched)
		h.Title, h.Snippet = h.Title.clone(), h.Snippet.clone()
	}
	if r.Facets != nil {
		out.Facets = make(map[string]Facet, len(r.Facets))
		for k, f := range r.Facets {
			f.Values = slices.Clone(f.Values)
			out.Facets[k] = f
		}
	}
	out.Published.Buckets = slices.Clone(r.Published.Buckets)
	if r.Significant != nil {
		s := *r.Significant
		s.Entities = slices.Clone(s.Entities)
		out.Significant = &s
	}
	out.PlaceCounts = slices.Clone(r.PlaceCounts)
	return &out
}
