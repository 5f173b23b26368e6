package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/cluster"
	"github.com/sitrep/sitrep/index/cluster/natstest"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/parse"
	"github.com/sitrep/sitrep/search"
)

// shardNode is a replica of a shard in the test process, as serve
// --cluster runs one: its own NATS connection, index and replica, and
// the shard's searches answered from its index.
type shardNode struct {
	shard, replica int
	log            *cluster.Log
	ix             *index.Index
	rep            *cluster.Replica
	stopAnswering  func()
	stop           context.CancelFunc
	done           chan struct{}
}

func startShardNode(t *testing.T, url, dir string, shard, replica int) *shardNode {
	t.Helper()
	return startShardNodeOn(t, cluster.Config{URL: url}, dir, shard, replica)
}

// startShardNodeOn starts a replica of a shard of the log cfg opens.
func startShardNodeOn(t *testing.T, cfg cluster.Config, dir string, shard, replica int) *shardNode {
	t.Helper()
	ctx := context.Background()
	n := &shardNode{shard: shard, replica: replica}
	var err error
	if n.log, err = cluster.Open(ctx, cfg, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if n.ix, err = index.Open(ctx, filepath.Join(dir, fmt.Sprintf("s%d-r%d", shard, replica)), index.Options{}); err != nil {
		t.Fatal(err)
	}
	if n.rep, err = n.log.OpenReplica(ctx, n.ix, cluster.ReplicaConfig{Shard: shard, Replica: fmt.Sprintf("r%d", replica)}, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if n.stopAnswering, err = answerSearches(n.log, shard, search.New(n.ix), 10*time.Second, func() uint64 { return n.rep.Status().Applied }); err != nil {
		t.Fatal(err)
	}
	rctx, stop := context.WithCancel(ctx)
	n.stop, n.done = stop, make(chan struct{})
	go func() { n.rep.Run(rctx); close(n.done) }()
	t.Cleanup(n.kill)
	return n
}

// kill stops the node at once, as a process killed would: the searches
// it holds get no answer, its connection and index close.
func (n *shardNode) kill() {
	if n.stop == nil {
		return
	}
	n.stopAnswering()
	n.log.Close()
	n.stop()
	<-n.done
	n.ix.Close()
	n.stop = nil
}

// TestCoordinator runs 3 NATS servers, 2 shards × 2 replicas in the test
// process, and a coordinator searching them over NATS: its searches give
// what one index of the same articles gives (hits in order, scores,
// totals, stories, facets, histogram), and a replica killed while
// searches stream fails none of them.
func TestCoordinator(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 3 NATS servers and 4 replicas")
	}
	ctx := context.Background()
	nats := natstest.Start(t, 3)
	coord, err := cluster.Open(ctx, cluster.Config{URL: nats.URL(), Shards: 2, Replicas: 3, TryTimeout: time.Second}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { coord.Close() })
	dir := t.TempDir()
	var nodes []*shardNode
	for shard := range 2 {
		for r := range 2 {
			nodes = append(nodes, startShardNode(t, nats.URL(), dir, shard, r))
		}
	}
	// The corpus, through the pipeline (without extraction: the names its
	// JSON carries), into the log and one index.
	inputs, _, err := parse.Expand([]string{indextest.CorpusDir()})
	if err != nil {
		t.Fatal(err)
	}
	single := indextest.New(t)
	rep, err := ingest.Run(ctx, nil, inputs, ingest.Config{BatchSize: 16, NewSink: func(batchSize int) ingest.Sink {
		return &natstest.Tee{Log: coord.NewSink(batchSize), Index: single.NewWriter(batchSize)}
	}})
	if err != nil || rep.Total() != indextest.CorpusSize {
		t.Fatalf("ingest: %v, %v", rep, err)
	}
	for _, n := range nodes {
		last, err := coord.LastSequence(ctx, n.shard)
		if err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(30 * time.Second); n.rep.Status().Applied < last; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("replica %d of shard %d: %+v, want applied %d", n.replica, n.shard, n.rep.Status(), last)
			}
		}
	}
	one := search.New(single).Uncached()
	g := newGather(coord, search.Limits{})
	reqs := []search.Request{
		{},
		{Query: "missile"},
		{Query: "missile", Page: 2, Size: 5},
		{Query: `"air defence" OR drone*`, NoCollapse: true},
		{Query: "army -ukraine", Sort: search.Newest},
		{Query: "attack", FacetCount: search.CountStories},
		{Sort: search.Oldest, Size: 20, Page: 3},
	}
	check := func(req search.Request) error {
		want, err := one.Search(ctx, req)
		if err != nil {
			return err
		}
		got, err := g.Search(ctx, req)
		if err != nil {
			return fmt.Errorf("%q: %w", req.Query, err)
		}
		return sameGathered(want, got)
	}
	found := 0
	for _, req := range reqs {
		if err := check(req); err != nil {
			t.Errorf("%+v: %v", req, err)
		}
		if res, _ := one.Search(ctx, req); res != nil && len(res.Hits) > 0 {
			found++
		}
	}
	if found < len(reqs)-1 {
		t.Errorf("%d of %d searches found articles: the comparison proves little", found, len(reqs))
	}
	// What the scatter and gather through NATS add, on 108 articles
	// (not timed under the race detector).
	var alone, gathered time.Duration
	rounds := map[bool]int{false: 3, true: 0}[raceEnabled]
	for range rounds {
		for _, req := range reqs {
			start := time.Now()
			if _, err := one.Search(ctx, req); err != nil {
				t.Fatal(err)
			}
			alone += time.Since(start)
			start = time.Now()
			if _, err := g.Search(ctx, req); err != nil {
				t.Fatal(err)
			}
			gathered += time.Since(start)
		}
	}
	if rounds > 0 {
		t.Logf("a search takes %v on one index, %v through NATS over 2 shards (mean of %d)", alone/time.Duration(rounds*len(reqs)), gathered/time.Duration(rounds*len(reqs)), rounds*len(reqs))
	}
	if a, err := g.Article(ctx, "nosuch"); err == nil {
		t.Errorf("article nosuch: %v", a)
	}

	t.Run("a replica killed during searches fails none", func(t *testing.T) {
		var searched, failed atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					if err := check(reqs[i%len(reqs)]); err != nil {
						failed.Add(1)
						t.Errorf("search during the kill: %v", err)
					}
					searched.Add(1)
				}
			}()
		}
		time.Sleep(300 * time.Millisecond)
		nodes[0].kill() // replica 0 of shard 0, with searches in flight
		before := searched.Load()
		time.Sleep(2 * time.Second)
		close(stop)
		wg.Wait()
		if searched.Load() <= before {
			t.Errorf("no search ran after the kill")
		}
		t.Logf("%d searches, %d after the kill, %d failed", searched.Load(), searched.Load()-before, failed.Load())
	})
}

// sameGathered returns what differs between got, a coordinator's answer,
// and want, one index's: the stories' names aside, which follow the
// order the replicas applied the log (docs/CLUSTER.md).
func sameGathered(want, got *search.Result) error {
	if got.Total != want.Total || got.Stories != want.Stories || got.NextCursor != want.NextCursor || len(got.Hits) != len(want.Hits) {
		return fmt.Errorf("total %d stories %d hits %d, want %d, %d, %d", got.Total, got.Stories, len(got.Hits), want.Total, want.Stories, len(want.Hits))
	}
	for i, w := range want.Hits {
		h := got.Hits[i]
		if h.ID != w.ID || math.Abs(h.Score-w.Score) > 1e-9*math.Abs(w.Score) || h.AlsoInTotal != w.AlsoInTotal || !reflect.DeepEqual(h.Snippet, w.Snippet) {
			return fmt.Errorf("hit %d: %s (%v, %d more), want %s (%v, %d more)", i, h.ID, h.Score, h.AlsoInTotal, w.ID, w.Score, w.AlsoInTotal)
		}
	}
	if !reflect.DeepEqual(got.Facets, want.Facets) || !reflect.DeepEqual(got.Published, want.Published) {
		return fmt.Errorf("facets or histogram differ:\n%v\n%v\nwant\n%v\n%v", got.Facets, got.Published, want.Facets, want.Published)
	}
	return nil
}
