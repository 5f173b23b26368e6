package search_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// TestCollapseAtScale times searches collapsed and not, counting articles
// or stories in facets, on a large index, for docs/FEEDS.md: the median
// time of 20 searches and the process's CPU time per search, which other
// load on the machine does not inflate. It runs only
// when SITREP_SCALE_INDEX names an index of the generated corpus
// (go run ./cmd/sitrep-bench gen --n 100000 --seed 1, then sitrep ingest).
func TestCollapseAtScale(t *testing.T) {
	ix := scaleIndex(t, "to measure")
	ctx := context.Background()
	eng := search.New(ix).Uncached()                                          // every search runs
	if _, err := eng.Search(ctx, search.Request{Query: "warm"}); err != nil { // builds the tables
		t.Fatal(err)
	}
	queries := []struct {
		name string
		req  search.Request
	}{
		{"match-all (no cache: newest)", search.Request{Sort: search.Newest, From: ptr(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC))}},
		{`"also" (50 %)`, search.Request{Query: "also"}},
		{`"media" (10 %)`, search.Request{Query: "media"}},
		{`"chosiss" (1 %)`, search.Request{Query: "chosiss"}},
		{`"also", page 100 by cursor`, search.Request{Query: "also", Sort: search.Newest}},
	}
	modes := []struct {
		name       string
		noCollapse bool
		count      search.FacetCount
	}{
		{"every article", true, search.CountArticles},
		{"collapsed", false, search.CountArticles},
		{"collapsed, stories in facets", false, search.CountStories},
	}
	t.Logf("| query | matches | stories | %s | %s | %s |  (median ms / CPU ms)", modes[0].name, modes[1].name, modes[2].name)
	for _, q := range queries {
		row := ""
		var res *search.Result
		for _, m := range modes {
			req := q.req
			req.NoCollapse, req.FacetCount = m.noCollapse, m.count
			if q.name == `"also", page 100 by cursor` {
				for range 99 {
					r, err := eng.Hits(ctx, req)
					if err != nil {
						t.Fatal(err)
					}
					req.Cursor = r.NextCursor
				}
			}
			const reps = 20
			var times []time.Duration
			cpu := indextest.CPUTime(t)
			for range reps {
				start := time.Now()
				var err error
				if res, err = eng.Search(ctx, req); err != nil {
					t.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			cpu = indextest.CPUTime(t) - cpu
			slices.Sort(times)
			row += fmt.Sprintf(" %.1f / %.1f |", float64(times[len(times)/2].Microseconds())/1000, float64(cpu.Microseconds())/1000/reps)
		}
		t.Logf("| %s | %d | %d |%s", q.name, res.Total, res.Stories, row)
	}
}

func ptr[T any](v T) *T { return &v }

// scaleIndex opens the index SITREP_SCALE_INDEX names (an index of a
// generated corpus: go run ./cmd/sitrep-bench gen, then sitrep ingest),
// closed when the test ends, or skips the test when it is not set, saying
// what to set it for (why).
func scaleIndex(tb testing.TB, why string) *index.Index {
	tb.Helper()
	return indextest.ScaleIndex(tb, why)
}

// BenchmarkScaleQueries times Search (with facets), collapsed by story as
// Sitrep answers by default and with every article shown, for each query
// of SITREP_SCALE_QUERIES (separated by "|"; by default words
// at 50 %, 10 % and 0.1 % of the 10k generated corpus and a common phrase)
// on the index SITREP_SCALE_INDEX names, for A/B comparisons of two builds
// on one machine (docs/PERFORMANCE.md). It is skipped without the index.
func BenchmarkScaleQueries(b *testing.B) {
	ix := scaleIndex(b, "to measure")
	queries := `integr|electron|baidroltrok|"strike group"`
	if q := os.Getenv("SITREP_SCALE_QUERIES"); q != "" {
		queries = q
	}
	ctx := context.Background()
	eng := search.New(ix).Uncached() // every search runs
	for _, mode := range []struct {
		name       string
		noCollapse bool
	}{{"stories", false}, {"articles", true}} {
		for q := range strings.SplitSeq(queries, "|") {
			b.Run(mode.name+"/"+q, func(b *testing.B) {
				req := search.Request{Query: q, NoCollapse: mode.noCollapse}
				// The first search on a snapshot builds its tables.
				if _, err := eng.Search(ctx, req); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					if _, err := eng.Search(ctx, req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkScaleBrowseAfterWrite times the browse (match-all, facets and
// histogram) that follows a write, which the per-snapshot cache cannot
// answer, collapsed and not, on the index SITREP_SCALE_INDEX names. It
// WRITES to that index (one article, ID bench-write, updated before every
// browse, outside the timing): point it at a copy. It is skipped without
// the index.
func BenchmarkScaleBrowseAfterWrite(b *testing.B) {
	ix := scaleIndex(b, "(a copy: it is written to) to measure")
	ctx := context.Background()
	eng := search.New(ix)
	w, n := ix.NewWriter(1), 0
	for _, mode := range []struct {
		name       string
		noCollapse bool
	}{{"stories", false}, {"articles", true}} {
		b.Run(mode.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				n++
				if err := w.Add(ctx, &index.Article{ID: "bench-write", URL: "https://sitrep-bench.invalid/write", Title: "A write between browses",
					Body: fmt.Sprintf("Browse number %d finds a new snapshot.", n)}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := eng.Search(ctx, search.Request{NoCollapse: mode.noCollapse}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScaleEntity times Engine.Entity, all an entity page reads
// (the search filtered on it newest first with its timeline, the same by
// relevance, and its first article), uncached, on the index
// SITREP_SCALE_INDEX names, for the most frequent person, place and
// organisation and for a person of median frequency among the top 100
// (docs/PERFORMANCE.md). Filtering by id rather than name is timed
// beside it. It is skipped without the index.
func BenchmarkScaleEntity(b *testing.B) {
	ix := scaleIndex(b, "to measure")
	ctx := context.Background()
	eng := search.New(ix).Uncached()
	res, err := eng.Search(ctx, search.Request{FacetSize: 100}) // builds the tables
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d articles", res.Total)
	people := res.Facets[search.FacetPeople].Values
	cases := []struct {
		name string
		v    search.FacetValue
	}{
		{"top-person", people[0]},
		{"top-place", res.Facets[search.FacetPlaces].Values[0]},
		{"top-organisation", res.Facets[search.FacetOrganisations].Values[0]},
		{"person-50th", people[len(people)/2]},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var took []time.Duration
			cpu := indextest.CPUTime(b)
			for b.Loop() {
				start := time.Now()
				if _, err := eng.Entity(ctx, c.v.ID, search.DefaultEntityArticles); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64((indextest.CPUTime(b)-cpu).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
			b.ReportMetric(float64(c.v.Count), "articles")
		})
	}
	for _, by := range []struct{ name, value string }{{"filter-by-name", people[0].Value}, {"filter-by-id", people[0].ID}} {
		b.Run(by.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := eng.Search(ctx, search.Request{People: []string{by.value}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScaleEntityIDs times finding the name of an entity id on the
// index SITREP_SCALE_INDEX names (docs/PERFORMANCE.md): "first" hashes
// every value of the people, places and organisations facets, as the
// first filter by id after start-up does (and as a scan of the term
// dictionaries would after every write); "next" finds one more id once
// they are hashed, as every later filter by id does. It is skipped
// without the index.
func BenchmarkScaleEntityIDs(b *testing.B) {
	ix := scaleIndex(b, "to measure")
	t, err := search.New(ix).NewEntityIDTable()
	if err != nil {
		b.Fatal(err)
	}
	defer t.Close()
	b.Logf("%d people, places and organisations", t.Values())
	for _, c := range []struct {
		name  string
		fresh bool
	}{{"first", true}, {"next", false}} {
		b.Run(c.name, func(b *testing.B) {
			t.Name("p000000000000")
			b.ReportAllocs()
			for b.Loop() {
				if c.fresh {
					t.Reset()
				}
				if _, ok := t.Name("p000000000000"); ok {
					b.Fatal("found an id nobody has")
				}
			}
			b.ReportMetric(float64(t.Values()), "values")
		})
	}
}

// BenchmarkScaleSignificant times, on the generated corpus
// (SITREP_SCALE_INDEX), the search page's search of "also" (half the
// articles) alone, with what stands out, with every place for the map,
// and Engine.Significant alone, uncached, with the process's CPU time per
// search beside the time, which other load on the machine inflates: the
// targets are 100 ms for what stands out and 50 ms for the map
// (docs/PERFORMANCE.md).
func BenchmarkScaleSignificant(b *testing.B) {
	ix := scaleIndex(b, "to measure")
	ctx := context.Background()
	eng := search.New(ix).Uncached()
	base := search.Request{Query: "also"}
	if _, err := eng.Search(ctx, base); err != nil { // builds the tables
		b.Fatal(err)
	}
	with := func(edit func(*search.Request)) search.Request {
		r := base
		edit(&r)
		return r
	}
	for _, bc := range []struct {
		name string
		req  search.Request
	}{
		{"search", base},
		{"search+significant", with(func(r *search.Request) { r.Significant = 10 })},
		{"search+places", with(func(r *search.Request) { r.PlaceCounts = true })},
		{"search+both", with(func(r *search.Request) { r.Significant, r.PlaceCounts = 10, true })},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var res *search.Result
			cpu := indextest.CPUTime(b)
			for b.Loop() {
				var err error
				if res, err = eng.Search(ctx, bc.req); err != nil {
					b.Fatal(err)
				}
			}
			indextest.ReportCPU(b, cpu)
			b.ReportMetric(float64(res.Total), "matches")
		})
	}
	b.Run("Significant", func(b *testing.B) {
		b.ReportAllocs()
		cpu := indextest.CPUTime(b)
		for b.Loop() {
			if _, err := eng.Significant(ctx, base, 10); err != nil {
				b.Fatal(err)
			}
		}
		indextest.ReportCPU(b, cpu)
	})
}

// BenchmarkScaleFacetFilters times Search (with facets) under OR, AND and
// NOT facet filters on the index SITREP_SCALE_INDEX names, beside the
// same search with one value kept (docs/PERFORMANCE.md): each facet whose
// values OR is counted a second time without its own filter (orFacets).
// It is skipped without the index.
func BenchmarkScaleFacetFilters(b *testing.B) {
	ix := scaleIndex(b, "to measure")
	ctx := context.Background()
	eng := search.New(ix).Uncached()
	res, err := eng.Search(ctx, search.Request{}) // builds the tables
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d articles", res.Total)
	value := func(facet string, i int) string { return res.Facets[facet].Values[i].Value }
	p0, p1, s0, s1 := value(search.FacetPeople, 0), value(search.FacetPeople, 1), value(search.FacetSources, 0), value(search.FacetSources, 1)
	cases := []struct {
		name string
		req  search.Request
	}{
		{"browse", search.Request{}},
		{"one-person-and", search.Request{People: []string{p0}, AllPeople: true}},
		{"one-person-or", search.Request{People: []string{p0}}},
		{"two-people-or", search.Request{People: []string{p0, p1}}},
		{"two-people-and", search.Request{People: []string{p0, p1}, AllPeople: true}},
		{"not-person", search.Request{NotPeople: []string{p0}}},
		{"not-source", search.Request{NotSources: []string{s0}}},
		{"word-sources-or-not-person", search.Request{Query: "media", Sources: []string{s0, s1}, NotPeople: []string{p0}}},
		{"word-alone", search.Request{Query: "media"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var took []time.Duration
			var total uint64
			cpu := indextest.CPUTime(b)
			for b.Loop() {
				start := time.Now()
				r, err := eng.Search(ctx, c.req)
				if err != nil {
					b.Fatal(err)
				}
				took, total = append(took, time.Since(start)), r.Total
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64((indextest.CPUTime(b)-cpu).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
			b.ReportMetric(float64(total), "matches")
		})
	}
}

// BenchmarkScaleFuzzy times Search (with facets, collapsed by story) of
// words as written, misspelt (absent: also matched within 1 or 2 edits,
// with did_you_mean) and with word~ (always near-matched), on the index
// SITREP_SCALE_INDEX names (docs/PERFORMANCE.md). It is skipped without
// the index.
func BenchmarkScaleFuzzy(b *testing.B) {
	ix := scaleIndex(b, "to measure fuzzy matching")
	ctx := context.Background()
	eng := search.New(ix).Uncached()
	for _, q := range []string{
		"soldiers", "souldiers", "soldiers~",
		"maintenance", "maintenence", "maintenance~",
		"pontoon bridge", "ponton bridge",
		"shorbovsenez", "shorbovsenes",
	} {
		b.Run(q, func(b *testing.B) {
			req := search.Request{Query: q}
			res, err := eng.Search(ctx, req)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(res.Total), "matches")
			for b.Loop() {
				if _, err := eng.Search(ctx, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
