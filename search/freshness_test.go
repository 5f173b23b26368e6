package search_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// TestSearchSeesWrites checks that answers cached or counted from
// in-memory tables (the browse answer, facet counts) follow every write:
// new articles, updated ones, deleted ones, and an index with more than
// one segment.
func TestSearchSeesWrites(t *testing.T) {
	ix := indextest.New(t)
	eng := search.New(ix)
	ctx := context.Background()
	day := func(y int, m time.Month) *time.Time { d := time.Date(y, m, 3, 0, 0, 0, 0, time.UTC); return &d }
	article := func(url, title, person string, published *time.Time) *index.Article {
		return &index.Article{URL: url, Title: title, Body: title + " near the border.", Source: "Test Wire", People: []string{person}, Published: published}
	}
	peopleOf := func(res *search.Result) map[string]int {
		out := map[string]int{}
		for _, v := range res.Facets[search.FacetPeople].Values {
			out[v.Value] = v.Count
		}
		return out
	}
	steps := []struct {
		name       string
		add        []*index.Article
		del        []string // URLs of articles to delete
		wantTotal  uint64
		wantPeople map[string]int
		wantMonths int // buckets in the published histogram
	}{
		{"first article", []*index.Article{article("https://x.mil/1", "Convoy reaches Kirkuk", "Ann Lee", day(2024, 3))}, nil, 1, map[string]int{"Ann Lee": 1}, 1},
		{"second article", []*index.Article{article("https://x.mil/2", "Patrol leaves Irbil", "Bo Chan", day(2024, 5))}, nil, 2, map[string]int{"Ann Lee": 1, "Bo Chan": 1}, 3},
		{"update", []*index.Article{article("https://x.mil/1", "Convoy reaches Kirkuk", "Bo Chan", day(2024, 3))}, nil, 2, map[string]int{"Bo Chan": 2}, 3},
		{"three in one batch", []*index.Article{
			article("https://x.mil/3", "Strike near Sinjar", "Cy Diaz", day(2024, 6)),
			article("https://x.mil/4", "Talks in Baghdad", "Di Eng", day(2024, 7)),
			article("https://x.mil/5", "Drill at Erbil", "Ed Fox", day(2024, 8)),
		}, nil, 5, map[string]int{"Bo Chan": 2, "Cy Diaz": 1, "Di Eng": 1, "Ed Fox": 1}, 6},
		{"deletes in the middle and at the end of a segment", nil, []string{"https://x.mil/4", "https://x.mil/5"},
			3, map[string]int{"Bo Chan": 2, "Cy Diaz": 1}, 4},
		{"delete the first", nil, []string{"https://x.mil/2"}, 2, map[string]int{"Bo Chan": 1, "Cy Diaz": 1}, 4},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			if len(step.add) > 0 {
				indextest.Add(t, ix, step.add...)
			}
			for _, url := range step.del {
				a := &index.Article{URL: url}
				a.SetID()
				if ok, err := ix.Delete(ctx, a.ID); err != nil || !ok {
					t.Fatalf("delete %s: %v, %v", url, ok, err)
				}
			}
			for _, req := range []search.Request{{}, {Query: "border"}, {NoCollapse: true}} {
				res, err := eng.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != step.wantTotal {
					t.Errorf("%+v: total %d, want %d", req, res.Total, step.wantTotal)
				}
				if diff := cmp.Diff(step.wantPeople, peopleOf(res)); diff != "" {
					t.Errorf("%+v: people (-want +got):\n%s", req, diff)
				}
				if got := len(res.Published.Buckets); res.Published.Interval != "month" || got != step.wantMonths {
					t.Errorf("%+v: histogram by %s with %d buckets, want by month with %d", req, res.Published.Interval, got, step.wantMonths)
				}
				// Changing an answer must not change the next one.
				for i := range res.Hits {
					res.Hits[i].Title.Text = "changed"
				}
				res.Facets[search.FacetPeople].Values[0].Count = -1
				again, err := eng.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				if again.Hits[0].Title.Text == "changed" || again.Facets[search.FacetPeople].Values[0].Count < 0 {
					t.Errorf("%+v: a caller's change to one answer shows in the next", req)
				}
			}
		})
	}
}
