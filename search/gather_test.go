package search_test

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/cluster"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// storedArticles returns every article of the index e searches, whole,
// in the order they were written.
func storedArticles(tb testing.TB, e *search.Engine) []*index.Article {
	tb.Helper()
	ctx := context.Background()
	var out []*index.Article
	req := search.Request{NoCollapse: true, Sort: search.Oldest, Size: search.MaxSize}
	for {
		res, err := e.Hits(ctx, req)
		if err != nil {
			tb.Fatal(err)
		}
		for _, h := range res.Hits {
			a, err := e.Article(ctx, h.ID)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, a)
		}
		if res.NextCursor == "" {
			break
		}
		req.Cursor = res.NextCursor
	}
	slices.SortStableFunc(out, func(a, b *index.Article) int { return a.Ingested.Compare(b.Ingested) })
	return out
}

// split writes articles to one index and to n shards by the cluster's
// shard key (cluster.ShardOf), in rounds of round articles: each round
// is written to the shards one after the other, and to the one index in
// the same order (the round's articles of shard 0, then of shard 1…), so
// that the shards' ingest times order the articles as the one index
// wrote them. It returns an engine over the one index, a Gather over
// engines of the shards, and the articles of each shard.
func split(tb testing.TB, articles []*index.Article, n, round int) (*search.Engine, *search.Gather, [][]*index.Article) {
	tb.Helper()
	return splitCounting(tb, articles, n, round, nil)
}

// splitCounting is split, its shards adding the bytes of their requests
// and answers, as gob, to shipped when it is not nil.
func splitCounting(tb testing.TB, articles []*index.Article, n, round int, shipped *atomic.Int64) (*search.Engine, *search.Gather, [][]*index.Article) {
	tb.Helper()
	ctx := context.Background()
	one := indextest.New(tb)
	shards := make([]*index.Index, n)
	written := make([][]*index.Article, n)
	w1 := one.NewWriter(len(articles) + 1)
	ws := make([]*index.Writer, n)
	for i := range shards {
		shards[i] = indextest.New(tb)
		ws[i] = shards[i].NewWriter(len(articles) + 1)
	}
	for start := 0; start < len(articles); start += round {
		batch := articles[start:min(start+round, len(articles))]
		for k, w := range ws {
			for _, a := range batch {
				if cluster.ShardOf(a.ID, n) != k {
					continue
				}
				c := copyArticle(a)
				if err := w.Add(ctx, c); err != nil {
					tb.Fatal(err)
				}
				if err := w1.Add(ctx, copyArticle(a)); err != nil {
					tb.Fatal(err)
				}
				written[k] = append(written[k], c)
			}
			if err := w.Flush(ctx); err != nil {
				tb.Fatal(err)
			}
		}
		if err := w1.Flush(ctx); err != nil {
			tb.Fatal(err)
		}
	}
	engines := make([]search.Shard, n)
	for i, ix := range shards {
		engines[i] = jsonShard{search.New(ix).Uncached(), shipped}
	}
	return search.New(one).Uncached(), search.NewGather(engines, func(id string) int { return cluster.ShardOf(id, n) }, search.Limits{}), written
}

// jsonShard hands requests and answers to its shard through JSON, as a
// network would carry them: whatever they hold must survive the trip.
// The bytes of both are added to shipped when it is not nil.
type jsonShard struct {
	s       search.Shard
	shipped *atomic.Int64
}

func (j jsonShard) Serve(ctx context.Context, r *search.ShardRequest) (*search.ShardAnswer, error) {
	var req search.ShardRequest
	if err := roundTrip(r, &req, j.shipped); err != nil {
		return nil, err
	}
	a, err := j.s.Serve(ctx, &req)
	if err != nil {
		return nil, err
	}
	var out search.ShardAnswer
	return &out, roundTrip(a, &out, j.shipped)
}

// roundTrip encodes from as gob and decodes it into to, as a network
// carries shard requests and answers (cmd/sitrep natsShard), adding the
// bytes to shipped when it is not nil.
func roundTrip(from, to any, shipped *atomic.Int64) error {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(from); err != nil {
		return err
	}
	if shipped != nil {
		shipped.Add(int64(b.Len()))
	}
	return gob.NewDecoder(&b).Decode(to)
}

// copyArticle returns a copy of a as read back from an index, for a
// writer to change: its story and ingest time are the writer's to set.
func copyArticle(a *index.Article) *index.Article {
	c := *a
	c.Story, c.Ingested = "", time.Time{}
	c.People, c.Places, c.Organisations = slices.Clone(a.People), slices.Clone(a.Places), slices.Clone(a.Organisations)
	return &c
}

// gatherRequests are the searches compared across shards: words,
// phrases, AND/OR/NOT, prefixes, fuzzy words, entity filters (names and
// ids), dates, sorts, pages, collapsed or not, counting stories.
func gatherRequests() []search.Request {
	from := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC)
	return []search.Request{
		{},
		{Query: "missile"},
		{Query: "missile", Page: 2},
		{Query: "missile", NoCollapse: true, Page: 3, Size: 5},
		{Query: `"air defence"`},
		{Query: "ukraine AND russia"},
		{Query: "drone OR drones OR missile"},
		{Query: "army -ukraine"},
		{Query: "milit*"},
		{Query: "misile~"},
		{Query: "iran", Sort: search.Newest},
		{Query: "navy", Sort: search.Oldest, NoCollapse: true},
		{Query: "attack", From: &from, To: &to},
		{Query: "attack", FacetCount: search.CountStories},
		{FacetCount: search.CountStories, Sort: search.Newest},
		{Sort: search.Newest, Size: 20, Page: 2},
		{Query: "war", Places: []string{"Ukraine"}},
		{Query: "war", Places: []string{"Ukraine", "Russia"}},
		{Query: "war", Places: []string{"Ukraine", "Russia"}, AllPlaces: true},
		{Query: "war", NotPlaces: []string{"Ukraine"}, Sort: search.Newest},
		{Places: []string{"l" + strings.Repeat("0", 12)}, Query: "war"},
		{People: []string{entity.ID(entity.Place, "Ukraine")}},
		{Places: []string{entity.ID(entity.Place, "Ukraine")}, NotOrganisations: []string{"NATO"}},
		{Query: "date:2022", NoCollapse: true},
		{Query: "security", Undated: true},
		{Query: "security", PlaceCounts: true, FacetSize: 30},
		{Query: "missile OR drone", Significant: 20},
		{Places: []string{"Ukraine"}, Significant: 10, FacetCount: search.CountStories},
	}
}

// TestGatherMatchesOneIndex splits the sample corpus into 2 and 3
// shards (2 alone under the race detector) and finds every search of
// gatherRequests, and the pages its cursor leads to, the same over the
// shards as over one index of all the articles: hits in order, scores,
// stories, totals, facets, histogram; and over 2 shards the article,
// entity and facet pages (comparePages).
func TestGatherMatchesOneIndex(t *testing.T) {
	articles := storedArticles(t, mustEngine(t))
	shardCounts := []int{2, 3}
	if raceEnabled {
		shardCounts = shardCounts[:1]
	}
	for _, n := range shardCounts {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			one, g, written := split(t, articles, n, 32)
			found, across := compareGather(t, one, g, gatherRequests(), written, n)
			if found < len(gatherRequests())*2/3 || across == 0 {
				t.Errorf("%d of %d searches found articles, %d hits collapsed copies held by other shards: the comparison proves little", found, len(gatherRequests()), across)
			}
			if n == 2 {
				comparePages(t, one, g, articles)
			}
			compareExports(t, one, g.WithExportChunk(7))
			compareSurges(t, one, g, articles, written)
		})
	}
}

// pagesDeep is how many pages compareGather follows by cursor.
var pagesDeep = map[bool]int{false: 3, true: 2}[raceEnabled]

// compareGather runs each request on one and on g, pagesDeep pages deep by
// cursor, and fails on any difference; written are the articles of each
// of the n shards, for counting facets by brute force. It returns the
// number of requests that found articles, and of hits whose story's
// other articles include one of another shard.
func compareGather(t *testing.T, one *search.Engine, g *search.Gather, reqs []search.Request, written [][]*index.Article, n int) (found, across int) {
	ctx := context.Background()
	for _, req := range reqs {
		name := fmt.Sprintf("q=%q places=%v not=%v sort=%s page=%d size=%d collapse=%v count=%s", req.Query, req.Places, req.NotPlaces, req.Sort, req.Page, req.Size, !req.NoCollapse, req.FacetCount)
		for page := 1; page <= pagesDeep; page++ {
			want, werr := one.Search(ctx, req)
			got, gerr := g.Search(ctx, req)
			if werr != nil || gerr != nil {
				if fmt.Sprint(werr) != fmt.Sprint(gerr) {
					t.Fatalf("%s: errors: one index %v, shards %v", name, werr, gerr)
				}
				break
			}
			sameResult(t, fmt.Sprintf("%s page %d", name, page), want, got)
			if page == 1 && got.Total > 0 {
				found++
			}
			for _, h := range got.Hits {
				if slices.ContainsFunc(h.AlsoIn, func(m search.Member) bool { return cluster.ShardOf(m.ID, n) != cluster.ShardOf(h.ID, n) }) {
					across++
				}
			}
			if req.Query == "" && req.Places == nil && page == 1 {
				bruteFacets(t, name, got, written)
			}
			if want.NextCursor == "" {
				break
			}
			req.Cursor = want.NextCursor
		}
	}
	return found, across
}

// sameResult fails when got, a gathered result, differs from want, one
// index's.
func sameResult(t *testing.T, name string, want, got *search.Result) {
	t.Helper()
	if got.Total != want.Total || got.Stories != want.Stories || got.Undated != want.Undated || got.NextCursor != want.NextCursor {
		t.Errorf("%s: total %d stories %d undated %d cursor %q, want %d, %d, %d, %q", name, got.Total, got.Stories, got.Undated, got.NextCursor, want.Total, want.Stories, want.Undated, want.NextCursor)
	}
	if len(got.Hits) != len(want.Hits) {
		t.Fatalf("%s: %d hits, want %d", name, len(got.Hits), len(want.Hits))
	}
	for i := range want.Hits {
		w, h := want.Hits[i], got.Hits[i]
		if h.ID != w.ID || h.Score != w.Score && !(math.IsNaN(h.Score) && math.IsNaN(w.Score)) || h.Story != w.Story || h.AlsoInTotal != w.AlsoInTotal {
			t.Errorf("%s: hit %d is %s (score %v, story %s, %d more), want %s (%v, %s, %d more)", name, i, h.ID, h.Score, h.Story, h.AlsoInTotal, w.ID, w.Score, w.Story, w.AlsoInTotal)
			continue
		}
		if !reflect.DeepEqual(h.Snippet, w.Snippet) || !reflect.DeepEqual(h.Title, w.Title) || !reflect.DeepEqual(h.Matched, w.Matched) || !reflect.DeepEqual(h.AlsoIn, w.AlsoIn) {
			t.Errorf("%s: hit %d (%s) shows otherwise: title %v snippet %v, want %v %v", name, i, h.ID, h.Title, h.Snippet, w.Title, w.Snippet)
		}
	}
	if !reflect.DeepEqual(got.Facets, want.Facets) {
		t.Errorf("%s: facets\n%v\nwant\n%v", name, got.Facets, want.Facets)
	}
	if !reflect.DeepEqual(got.Published, want.Published) || !reflect.DeepEqual(got.PlaceCounts, want.PlaceCounts) {
		t.Errorf("%s: histogram or place counts differ:\n%v\nwant\n%v", name, got.Published, want.Published)
	}
	if !reflect.DeepEqual(got.Significant, want.Significant) {
		t.Errorf("%s: what stands out\n%+v\nwant\n%+v", name, got.Significant, want.Significant)
	}
	if got.DidYouMean != want.DidYouMean {
		t.Errorf("%s: did you mean %q, one index %q", name, got.DidYouMean, want.DidYouMean)
	}
}

// bruteFacets counts each facet's values over every article of the
// shards and fails unless res, the gathered answer of a search of every
// article counting articles, shows the top values with those counts.
func bruteFacets(t *testing.T, name string, res *search.Result, written [][]*index.Article) {
	t.Helper()
	if res.FacetCount != search.CountArticles {
		return
	}
	counts := map[string]map[string]int{}
	for _, f := range search.FacetNames() {
		counts[f] = map[string]int{}
	}
	for _, shard := range written {
		for _, a := range shard {
			for f, values := range map[string][]string{search.FacetPeople: a.People, search.FacetPlaces: a.Places, search.FacetOrganisations: a.Organisations, search.FacetSources: {a.Source}} {
				for _, v := range values {
					if v != "" {
						counts[f][v]++
					}
				}
			}
		}
	}
	for f, facet := range res.Facets {
		var all []search.FacetValue
		for v, n := range counts[f] {
			all = append(all, search.FacetValue{Value: v, Count: n})
		}
		slices.SortFunc(all, func(a, b search.FacetValue) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		all = all[:min(len(all), len(facet.Values))]
		for i, v := range facet.Values {
			if v.Value != all[i].Value || v.Count != all[i].Count {
				t.Errorf("%s: facet %s value %d is %s (%d), counted over every article %s (%d)", name, f, i, v.Value, v.Count, all[i].Value, all[i].Count)
			}
		}
	}
}

// compareExports finds the exports of g, rows and summary, the same as
// those of one.
func compareExports(t *testing.T, one *search.Engine, g *search.Gather) {
	for _, req := range []search.Request{
		{},
		{Query: "missile OR army", Sort: search.Newest},
		{NoCollapse: true, Sort: search.Oldest},
		{Places: []string{"Ukraine"}, NoCollapse: true},
	} {
		wantSum, want := exported(t, one, req)
		gotSum, got := exported(t, g, req)
		if gotSum != wantSum || len(got) != len(want) {
			t.Errorf("export %+v: %+v, %d rows; want %+v, %d", req, gotSum, len(got), wantSum, len(want))
			continue
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("export %+v: row %d is %s (story %s, also in %v), want %s (%s, %v)", req, i, got[i].Article.ID, got[i].Article.Story, got[i].AlsoIn, want[i].Article.ID, want[i].Article.Story, want[i].AlsoIn)
				break
			}
		}
	}
}

// comparePages finds the article, entity and facet pages of g the same
// as those of one, over the same articles: the whole article, its
// marked text, its similar articles, an entity's articles and timeline,
// a facet's values under a search and by prefix, and the count.
func comparePages(t *testing.T, one *search.Engine, g *search.Gather, articles []*index.Article) {
	ctx := context.Background()
	if n, err := g.Count(ctx); err != nil || n != uint64(len(articles)) {
		t.Fatalf("count %d, %v; want %d", n, err, len(articles))
	}
	for _, a := range articles[:map[bool]int{false: 20, true: 6}[raceEnabled]] {
		want, err := one.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := g.Article(ctx, a.ID)
		if err != nil || got.Title != want.Title || got.Body != want.Body || !slices.Equal(got.People, want.People) {
			t.Errorf("article %s: %v, %v; want %q", a.ID, got, err, want.Title)
		}
		wantNote, werr := one.Annotate(ctx, a.ID, "missile OR army")
		gotNote, gerr := g.Annotate(ctx, a.ID, "missile OR army")
		if werr != nil || gerr != nil || !reflect.DeepEqual(gotNote.Body, wantNote.Body) {
			t.Errorf("annotate %s: %v, %v", a.ID, werr, gerr)
		}
		wantLike, werr := one.SimilarTo(ctx, want, 5)
		gotLike, gerr := g.SimilarTo(ctx, want, 5)
		if werr != nil || gerr != nil || !slices.Equal(hitIDs(&search.Result{Hits: gotLike}), hitIDs(&search.Result{Hits: wantLike})) {
			t.Errorf("similar to %s: %v (%v), want %v (%v)", a.ID, hitIDs(&search.Result{Hits: gotLike}), gerr, hitIDs(&search.Result{Hits: wantLike}), werr)
		}
	}
	if _, err := g.Article(ctx, "nosuch"); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("article nosuch: %v, want ErrNotFound", err)
	}
	for _, id := range []string{entity.ID(entity.Place, "Ukraine"), entity.ID(entity.Organisation, "NATO"), entity.ID(entity.Person, "Nobody Known")} {
		want, werr := one.Entity(ctx, id, 5)
		got, gerr := g.Entity(ctx, id, 5)
		if werr != nil || gerr != nil {
			if fmt.Sprint(werr) != fmt.Sprint(gerr) || !errors.Is(gerr, search.ErrNotFound) {
				t.Errorf("entity %s: %v, want %v", id, gerr, werr)
			}
			continue
		}
		if got.Name != want.Name || got.Articles != want.Articles || !reflect.DeepEqual(got.Timeline, want.Timeline) ||
			!slices.Equal(hitIDs(&search.Result{Hits: got.Recent}), hitIDs(&search.Result{Hits: want.Recent})) || !slices.Equal(hitIDs(&search.Result{Hits: got.Relevant}), hitIDs(&search.Result{Hits: want.Relevant})) || !reflect.DeepEqual(got.FirstSeen, want.FirstSeen) || !reflect.DeepEqual(got.CoMentioned, want.CoMentioned) {
			t.Errorf("entity %s (%s): %d articles, recent %v, relevant %v; want %d, %v, %v", id, want.Name, got.Articles, hitIDs(&search.Result{Hits: got.Recent}), hitIDs(&search.Result{Hits: got.Relevant}), want.Articles, hitIDs(&search.Result{Hits: want.Recent}), hitIDs(&search.Result{Hits: want.Relevant}))
		}
	}
	for _, req := range []search.FacetRequest{
		{Facet: search.FacetPeople, Size: 30},
		{Facet: search.FacetPlaces, Request: search.Request{Query: "war", Places: []string{"Ukraine"}}},
		{Facet: search.FacetOrganisations, Prefix: "n"},
		{Facet: search.FacetSources, Request: search.Request{Query: "missile", FacetCount: search.CountStories}},
		// Every value, counting stories: a story of several shards counts
		// once for each value its articles hold.
		{Facet: search.FacetPeople, Size: search.MaxFacetSize, Request: search.Request{FacetCount: search.CountStories}},
		{Facet: search.FacetPlaces, Size: search.MaxFacetSize, Request: search.Request{FacetCount: search.CountStories}},
		{Facet: search.FacetOrganisations, Size: search.MaxFacetSize, Request: search.Request{FacetCount: search.CountStories}},
	} {
		want, werr := one.FacetValues(ctx, req)
		got, gerr := g.FacetValues(ctx, req)
		if werr != nil || gerr != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("facet values %+v: %v (%v)\nwant %v (%v)", req, got, gerr, want, werr)
		}
	}
}

// TestGatherScale compares searches over 2 and 3 shards with one index
// as TestGatherMatchesOneIndex does, on the articles of the index
// SITREP_SCALE_INDEX names (a generated corpus: go run ./cmd/sitrep-bench
// gen --n 20000, then sitrep ingest); make test-gather-scale runs it.
func TestGatherScale(t *testing.T) {
	articles := storedArticles(t, search.New(scaleIndex(t, "to compare searches over shards with one index on it")))
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			one, g, written := split(t, articles, n, 512)
			found, across := compareGather(t, one, g, gatherRequests(), written, n)
			t.Logf("%d articles in %d shards: %d of %d searches found articles, %d hits collapsed copies held by other shards", len(articles), n, found, len(gatherRequests()), across)
		})
	}
}

// settle is how long BenchmarkGather lets new indexes merge before it
// times them.
const settle = 30 * time.Second

// BenchmarkGather times searches of one index and of a Gather over 2 and
// 4 shards of its articles (the index SITREP_SCALE_INDEX names; or over
// SITREP_GATHER_SHARDS shards alone), the shards answering in the
// process through JSON: what scattering and gathering add, the network
// aside (make bench-gather).
func BenchmarkGather(b *testing.B) {
	articles := storedArticles(b, search.New(scaleIndex(b, "to time searches over shards")))
	queries := []search.Request{
		{Query: "missile"},
		{Query: `"air defence"`},
		{Query: "security", Places: []string{"Ukraine"}},
		{},
	}
	counts := []int{2, 4}
	if s := os.Getenv("SITREP_GATHER_SHARDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("SITREP_GATHER_SHARDS=%q: want a number of shards", s)
		}
		counts = []int{n}
	}
	for _, n := range counts {
		var shipped atomic.Int64
		one, g, _ := splitCounting(b, articles, n, 1024, &shipped)
		// The indexes just written merge their segments in the
		// background for a while: timed beside it, searches wait for
		// the CPU.
		time.Sleep(settle)
		for _, q := range queries {
			for _, s := range []struct {
				name string
				s    interface {
					Search(context.Context, search.Request) (*search.Result, error)
				}
			}{{"one index", one}, {fmt.Sprintf("%d shards", n), g}} {
				if n != counts[0] && s.name == "one index" {
					continue
				}
				b.Run(fmt.Sprintf("q=%q/%s", q.Query+strings.Join(q.Places, ""), s.name), func(b *testing.B) {
					b.ReportAllocs()
					shipped.Store(0)
					cpu := cpuTime(b)
					for b.Loop() {
						if _, err := s.s.Search(context.Background(), q); err != nil {
							b.Fatal(err)
						}
					}
					// The process's CPU time, which the machine's load
					// does not stretch as it does the time a search takes.
					b.ReportMetric(float64((cpuTime(b)-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
					if s.s != one {
						b.ReportMetric(float64(shipped.Load())/float64(b.N), "shipped-B/op")
					}
				})
			}
		}
	}
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// shardFunc is a Shard that answers with a function: a shard that fails,
// or one that answers only when told to stop.
type shardFunc func(ctx context.Context, r *search.ShardRequest) (*search.ShardAnswer, error)

func (f shardFunc) Serve(ctx context.Context, r *search.ShardRequest) (*search.ShardAnswer, error) {
	return f(ctx, r)
}

// TestGatherFailsWithTheFirstShard: when one shard fails, the search fails
// with that shard's error at once, and the shards still working are told
// to stop rather than left to finish work no one reads.
func TestGatherFailsWithTheFirstShard(t *testing.T) {
	broken := errors.New("no replica answered")
	stopped := make(chan struct{})
	slow := shardFunc(func(ctx context.Context, _ *search.ShardRequest) (*search.ShardAnswer, error) {
		select {
		case <-ctx.Done():
			close(stopped)
			return nil, ctx.Err()
		case <-time.After(time.Minute):
			return &search.ShardAnswer{Count: 1}, nil
		}
	})
	failing := shardFunc(func(context.Context, *search.ShardRequest) (*search.ShardAnswer, error) {
		return nil, broken
	})
	g := search.NewGather([]search.Shard{slow, failing}, func(string) int { return 0 }, search.Limits{})
	_, err := g.Count(context.Background())
	if !errors.Is(err, broken) || !strings.Contains(err.Error(), "shard 1") {
		t.Fatalf("Count: %v, want shard 1's error", err)
	}
	select {
	case <-stopped:
	default:
		t.Error("the slow shard was not told to stop when the other failed")
	}
}

// compareSurges finds the surges at moments across the corpus the same
// over the shards of g as over one index: windows, counts, entities in
// order with their counts, lifts and scores, of Surging and of SurgeOf.
// Among the moments are some whose surges are not empty, and some with
// a baseline whose newest article is of a day some shard holds none of
// (written are the shards' articles), so that shards count a window not
// their own.
func compareSurges(t *testing.T, one *search.Engine, g *search.Gather, articles []*index.Article, written [][]*index.Article) {
	ctx := context.Background()
	var dates []time.Time
	for _, a := range articles {
		if a.Published != nil {
			dates = append(dates, *a.Published)
		}
	}
	slices.SortFunc(dates, time.Time.Compare)
	if len(dates) == 0 {
		t.Fatal("the corpus has no dated article")
	}
	// Every date (the moment of an article, which counts it), an hour
	// before the first, a year after the last.
	moments := append([]time.Time{dates[0].Add(-time.Hour)}, slices.Compact(dates)...)
	moments = append(moments, dates[len(dates)-1].AddDate(1, 0, 0))
	surging, apart := 0, 0
	for _, now := range moments {
		want, err := one.Surging(ctx, now, search.MaxSurging)
		if err != nil {
			t.Fatal(err)
		}
		got, err := g.Surging(ctx, now, search.MaxSurging)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("surging at %v (-one index +shards):\n%s", now, d)
		}
		if want.BaselineArticles > 0 && newestDays(written, now) > 1 {
			apart++
		}
		if len(want.Entities) == 0 {
			continue
		}
		surging++
		ids := []string{entity.ID(entity.Place, "Nowhere Known")}
		for _, s := range want.Entities[:min(len(want.Entities), 5)] {
			ids = append(ids, s.ID)
		}
		for _, id := range ids {
			want, werr := one.SurgeOf(ctx, now, id)
			got, gerr := g.SurgeOf(ctx, now, id)
			if werr != nil || gerr != nil {
				t.Fatalf("surge of %s at %v: %v, %v", id, now, werr, gerr)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("surge of %s at %v (-one index +shards):\n%s", id, now, d)
			}
		}
	}
	if surging == 0 || apart == 0 {
		t.Errorf("of %d moments, %d surge and %d have a baseline and shards whose newest day differs: the comparison proves little", len(moments), surging, apart)
	}
	if _, err := g.Surging(ctx, moments[0], search.MaxSurging+1); err == nil {
		t.Errorf("%d surging entities: no error", search.MaxSurging+1)
	}
}

// newestDays returns how many different days the newest articles of the
// shards (written), dated no later than now, are of.
func newestDays(written [][]*index.Article, now time.Time) int {
	days := map[time.Time]bool{}
	for _, as := range written {
		var newest time.Time
		for _, a := range as {
			if a.Published != nil && !a.Published.After(now) && a.Published.After(newest) {
				newest = *a.Published
			}
		}
		if !newest.IsZero() {
			days[newest.UTC().Truncate(24*time.Hour)] = true
		}
	}
	return len(days)
}
