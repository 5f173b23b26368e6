package search

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/sitrep/sitrep/index/dedup"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// printShard answers OpStats and OpPrints with fixed fingerprints, their
// ingest times and ids, and records the requests it was sent.
type printShard struct {
	prints []dedup.SimHash
	times  []int64
	ids    []string
	asked  *askLog
}

// askLog records the requests shards were sent, from any goroutine.
type askLog struct {
	mu       sync.Mutex
	requests []ShardRequest
}

func (s printShard) Serve(_ context.Context, r *ShardRequest) (*ShardAnswer, error) {
	s.asked.mu.Lock()
	s.asked.requests = append(s.asked.requests, *r)
	s.asked.mu.Unlock()
	p := &ShardPrints{Ingested: s.times}
	for _, fp := range s.prints {
		p.Prints = append(p.Prints, fp[0], fp[1])
	}
	if r.PrintIDs {
		p.IDs = s.ids
	}
	if r.Op == OpStats {
		return &ShardAnswer{Stats: &TermStats{}, Prints: p}, nil
	}
	return &ShardAnswer{Prints: p}, nil
}

// TestGatherStoriesTie: a fingerprint equally near two earlier ones of
// other stories joins the story whose first article's id sorts first, as
// the index writer's rule has it; the coordinator, replaying without ids,
// asks the shards for them only then.
func TestGatherStoriesTie(t *testing.T) {
	a := dedup.SimHash{}
	b := dedup.SimHash{1<<(2*dedup.MaxDistance) - 1, 0}
	c := dedup.SimHash{1<<dedup.MaxDistance - 1, 0}
	far := dedup.SimHash{^uint64(0), ^uint64(0)}
	for _, tc := range []struct {
		name string
		idA  string
	}{
		{"the second story's id first", "z"},
		{"the first story's id first", "a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asked := &askLog{}
			shards := []Shard{
				printShard{prints: []dedup.SimHash{a, c}, times: []int64{1, 3}, ids: []string{tc.idA, "c"}, asked: asked},
				printShard{prints: []dedup.SimHash{b, far}, times: []int64{2, 4}, ids: []string{"y", "f"}, asked: asked},
			}
			g := NewGather(shards, func(string) int { return 0 }, Limits{})
			sm, rootShard, err := g.stories(context.Background(), &Request{}, &TermStats{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			storyOf := func(fp dedup.SimHash) int {
				for i := range sm.Story {
					if sm.print(i) == fp {
						return int(sm.Story[i])
					}
				}
				return -1
			}
			want := a
			if tc.idA > "y" {
				want = b
			}
			if storyOf(c) < 0 || storyOf(c) != storyOf(want) || storyOf(far) >= 0 {
				t.Errorf("stories %+v: want the third fingerprint with %v, the far one alone", sm, want)
			}
			// With the second shard's b, the story spans both shards.
			s := storyOf(c)
			if sm.Shared[s] != (want == b) || rootShard[s] != map[bool]int{true: 0, false: 1}[want == a] {
				t.Errorf("story %d: shared %v, first article in shard %d", s, sm.Shared[s], rootShard[s])
			}
			if !slices.ContainsFunc(asked.requests, func(r ShardRequest) bool { return r.Op == OpPrints && r.PrintIDs }) {
				t.Error("the shards were not asked for the ids the tie needs")
			}
		})
	}
}

// TestAddCounts: a story of two shards, counting stories, counts once
// for each value and month its articles hold, and its months spread over
// a year count it once that year.
func TestAddCounts(t *testing.T) {
	fi := 0 // the first term facet
	shard := func(values []string, counts []int32, months []int32) *ShardAnswer {
		var vals []uint32
		for o := range values {
			vals = append(vals, scorchx.Value(uint32(fi), uint32(o)))
		}
		monthCounts := make([]int32, len(months))
		for i := range monthCounts {
			monthCounts[i] = 1
		}
		return &ShardAnswer{Counts: &ShardCounts{
			Total: 1, Values: [][]string{values}, Counts: [][]int32{counts},
			Months: months, InMonth: monthCounts,
			Shared: []ShardStory{{Shared: 1, Story: "s", Matches: 1, Vals: vals, Months: months}},
		}}
	}
	jan, mar := int32(2024*12), int32(2024*12+2)
	answers := []*ShardAnswer{shard([]string{"x", "y"}, []int32{1, 1}, []int32{jan}), shard([]string{"y"}, []int32{1}, []int32{mar})}
	c := addCounts(answers, make([]sharedStory, 1), []int{0}, true)
	if c.total != 2 || c.stories != 1 || c.count(fi, "x") != 1 || c.count(fi, "y") != 1 {
		t.Errorf("total %d stories %d x %d y %d, want 2, 1, 1, 1", c.total, c.stories, c.count(fi, "x"), c.count(fi, "y"))
	}
	if c.months[jan] != 1 || c.months[mar] != 1 || len(c.spread) != 1 || len(c.spread[0]) != 2 {
		t.Errorf("months %v spread %v: want one each, and the story spread over both", c.months, c.spread)
	}
	same := []*ShardAnswer{shard([]string{"x"}, []int32{1}, []int32{jan}), shard([]string{"x"}, []int32{1}, []int32{jan})}
	if c := addCounts(same, make([]sharedStory, 1), []int{0}, true); c.count(fi, "x") != 1 || c.months[jan] != 1 || len(c.spread) != 0 {
		t.Errorf("one month, one value in both shards: x %d, month %d, spread %v; want 1, 1, none", c.count(fi, "x"), c.months[jan], c.spread)
	}
	if c := addCounts(same, make([]sharedStory, 1), []int{0}, false); c.count(fi, "x") != 2 {
		t.Errorf("counting articles: x %d, want 2", c.count(fi, "x"))
	}
}
