package search

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// TestCacheKeyCoversTheRequest checks that requests differing in any one
// field, or in whether facets are counted, or in the year, have different
// cache keys: an answer is never served for a request it was not made for.
func TestCacheKeyCoversTheRequest(t *testing.T) {
	day := func(d int) *time.Time { v := time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC); return &v }
	base := Request{Query: "drone", Sort: ByRelevance, Page: 1, Size: 10, FacetSize: 10, FacetCount: CountArticles}
	variants := map[string]func(r *Request){
		"Query":            func(r *Request) { r.Query = "drones" },
		"People":           func(r *Request) { r.People = []string{"Ann Lee"} },
		"Places":           func(r *Request) { r.Places = []string{"Ann Lee"} },
		"Organisations":    func(r *Request) { r.Organisations = []string{"Ann Lee"} },
		"Sources":          func(r *Request) { r.Sources = []string{"Ann Lee"} },
		"AllPeople":        func(r *Request) { r.AllPeople = true },
		"AllPlaces":        func(r *Request) { r.AllPlaces = true },
		"AllOrganisations": func(r *Request) { r.AllOrganisations = true },
		"AllSources":       func(r *Request) { r.AllSources = true },
		"NotPeople":        func(r *Request) { r.NotPeople = []string{"Ann Lee"} },
		"NotPlaces":        func(r *Request) { r.NotPlaces = []string{"Ann Lee"} },
		"NotOrganisations": func(r *Request) { r.NotOrganisations = []string{"Ann Lee"} },
		"NotSources":       func(r *Request) { r.NotSources = []string{"Ann Lee"} },
		"From":             func(r *Request) { r.From = day(1) },
		"To":               func(r *Request) { r.To = day(1) },
		"Sort":             func(r *Request) { r.Sort = Newest },
		"Page":             func(r *Request) { r.Page = 2 },
		"Size":             func(r *Request) { r.Size = 20 },
		"NoHits":           func(r *Request) { r.NoHits = true },
		"Undated":          func(r *Request) { r.Undated = true },
		"AlsoUndated":      func(r *Request) { r.AlsoUndated = true },
		"DatedOnly":        func(r *Request) { r.DatedOnly = true },
		"Cursor":           func(r *Request) { r.Cursor = "abc" },
		"FacetSize":        func(r *Request) { r.FacetSize = 20 },
		"NoCollapse":       func(r *Request) { r.NoCollapse = true },
		"FacetCount":       func(r *Request) { r.FacetCount = CountStories },
		"Significant":      func(r *Request) { r.Significant = 10 },
		"PlaceCounts":      func(r *Request) { r.PlaceCounts = true },
		"Consistent":       func(r *Request) { r.Consistent = true },
		"After":            func(r *Request) { r.After = 7 },
	}
	// Every field of Request has a variant: a new field must join the key.
	for i := range reflect.TypeFor[Request]().NumField() {
		if name := reflect.TypeFor[Request]().Field(i).Name; variants[name] == nil {
			t.Errorf("Request.%s has no variant here: add it, and make cacheKey depend on it", name)
		}
	}
	seen := map[string]string{base.cacheKey(true, 2026): "base"}
	add := func(name, key string) {
		if other, ok := seen[key]; ok {
			t.Errorf("%s has the cache key of %s: %q", name, other, key)
		}
		seen[key] = name
	}
	for name, change := range variants {
		r := base
		change(&r)
		add(name, r.cacheKey(true, 2026))
	}
	add("no facets", base.cacheKey(false, 2026))
	add("another year", base.cacheKey(true, 2027))
	// Values that run together must not collide either.
	a, b := base, base
	a.People, a.Places = []string{"Ann", "Lee"}, nil
	b.People, b.Places = []string{"Ann"}, []string{"Lee"}
	if a.cacheKey(true, 2026) == b.cacheKey(true, 2026) {
		t.Error("a value moved from one filter to the next keeps the cache key")
	}
}

// cacheOwner returns an empty in-memory index to own a cache's answers.
func cacheOwner(t *testing.T) bleve.Index {
	t.Helper()
	owner, err := bleve.NewMemOnly(bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close() })
	return owner
}

// TestResultCacheForgetsTheOldest checks the cache's bound: when full, the
// answer held longest goes; an answer for a newer snapshot empties it; and
// a cache of no answers keeps none.
func TestResultCacheForgetsTheOldest(t *testing.T) {
	owner := cacheOwner(t)
	c := resultCache{max: 2, maxBytes: 1 << 20}
	c.put(owner, 1, "a", &Result{Total: 1})
	c.put(owner, 1, "b", &Result{Total: 2})
	c.put(owner, 1, "c", &Result{Total: 3})
	if _, ok := c.get(owner, 1, "a"); ok {
		t.Error("the oldest answer is still held after a third was added to a cache of two")
	}
	for key, total := range map[string]uint64{"b": 2, "c": 3} {
		if r, ok := c.get(owner, 1, key); !ok || r.Total != total {
			t.Errorf("answer %s: %v, %v; want total %d", key, r, ok, total)
		}
	}
	if _, ok := c.get(owner, 2, "b"); ok {
		t.Error("an answer of snapshot 1 is served for snapshot 2")
	}
	c.put(owner, 2, "d", &Result{Total: 4})
	if _, ok := c.get(owner, 1, "b"); ok {
		t.Error("answers of snapshot 1 are still held after one of snapshot 2 was added")
	}
	c.put(owner, 1, "e", &Result{Total: 5})
	if _, ok := c.get(owner, 1, "e"); ok {
		t.Error("an answer computed on an older snapshot was filed")
	}
	none := resultCache{}
	none.put(owner, 1, "a", &Result{Total: 1})
	if _, ok := none.get(owner, 1, "a"); ok {
		t.Error("a cache of no answers kept one")
	}
}

// TestResultCacheBoundsItsBytes checks the cache's other bound: answers
// are forgotten, oldest first, to keep their estimated size within
// maxBytes, and an answer larger than that is not kept at all.
func TestResultCacheBoundsItsBytes(t *testing.T) {
	owner := cacheOwner(t)
	page := func(snippet int) *Result {
		return &Result{Hits: []Hit{{ID: "a", Snippet: Marked{Text: strings.Repeat("x", snippet)}}}}
	}
	c := resultCache{max: 100, maxBytes: 10_000}
	c.put(owner, 1, "a", page(4000))
	c.put(owner, 1, "b", page(4000))
	c.put(owner, 1, "c", page(4000)) // over 10,000 bytes with a and b
	if _, ok := c.get(owner, 1, "a"); ok {
		t.Error("the oldest answer is held beyond the byte bound")
	}
	for _, key := range []string{"b", "c"} {
		if _, ok := c.get(owner, 1, key); !ok {
			t.Errorf("answer %s was forgotten, though the two newest fit", key)
		}
	}
	c.put(owner, 1, "huge", page(20_000))
	if _, ok := c.get(owner, 1, "huge"); ok {
		t.Error("an answer larger than the whole bound was kept")
	}
	if _, ok := c.get(owner, 1, "c"); !ok {
		t.Error("an answer too large to keep pushed out the others")
	}
}
