package cluster_test

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/cluster"
	"github.com/sitrep/sitrep/index/cluster/natstest"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
)

// shards and replicas of the tests' cluster.
const shards = 2

// node is one replica of one shard, running in the test's process.
type node struct {
	t       *testing.T
	log     *cluster.Log
	path    string
	shard   int
	name    string
	ix      *index.Index
	replica *cluster.Replica
	stop    context.CancelFunc
	done    chan struct{}
}

// startNode opens the index at path and runs a replica of shard on it.
func startNode(t *testing.T, l *cluster.Log, path string, shard int, name string) *node {
	t.Helper()
	n := &node{t: t, log: l, path: path, shard: shard, name: name}
	n.start()
	t.Cleanup(n.kill)
	return n
}

func (n *node) start() {
	n.t.Helper()
	ctx := context.Background()
	ix, err := index.Open(ctx, n.path, index.Options{})
	if err != nil {
		n.t.Fatal(err)
	}
	r, err := n.log.OpenReplica(ctx, ix, cluster.ReplicaConfig{Shard: n.shard, Replica: n.name, BatchSize: 32}, slog.New(slog.DiscardHandler))
	if err != nil {
		ix.Close()
		n.t.Fatal(err)
	}
	rctx, stop := context.WithCancel(ctx)
	n.ix, n.replica, n.stop, n.done = ix, r, stop, make(chan struct{})
	go func() { r.Run(rctx); close(n.done) }()
}

// kill stops the replica where it is and closes its index; nothing is
// acknowledged or written after.
func (n *node) kill() {
	if n.stop == nil {
		return
	}
	n.stop()
	<-n.done
	n.ix.Close()
	n.stop = nil
}

// waitFor waits until the replica has applied the log up to seq.
func (n *node) waitFor(seq uint64) {
	n.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if s := n.replica.Status(); s.Applied >= seq && s.Lag == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	n.t.Fatalf("replica %s of shard %d: %+v after 30s, want applied up to %d", n.name, n.shard, n.replica.Status(), seq)
}

// routed returns the ids of articles that go to shard.
func routed(articles map[string]natstest.Article, shard int) []string {
	var ids []string
	for id := range articles {
		if cluster.ShardOf(id, shards) == shard {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

func openLog(t *testing.T, url string, cfg cluster.Config) *cluster.Log {
	t.Helper()
	cfg.URL = url
	l, err := cluster.Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// generated returns n small articles, distinct from the corpus's and
// from those of another call with another prefix.
func generated(prefix string, n int) []*index.Article {
	out := make([]*index.Article, n)
	for i := range out {
		out[i] = &index.Article{
			Title:  fmt.Sprintf("%s report %d on the brigade", prefix, i),
			Body:   fmt.Sprintf("The brigade moved %d vehicles near the border, officials said (%s).", i, prefix),
			URL:    fmt.Sprintf("https://example.mil/%s/%d", prefix, i),
			Source: "Example",
		}
	}
	return out
}

// publish writes articles through the log in batches of batch, and
// returns the ids of those acknowledged, which stop at the first batch
// that failed.
func publish(t *testing.T, l *cluster.Log, articles []*index.Article, batch int) ([]string, error) {
	t.Helper()
	sink := l.NewSink(batch)
	var acked, pending []string
	for _, a := range articles {
		before := sink.Stats().Total()
		if err := sink.Add(context.Background(), a); err != nil {
			return acked, err
		}
		pending = append(pending, a.ID)
		if sink.Stats().Total() > before {
			acked, pending = append(acked, pending...), nil
		}
	}
	if err := sink.Flush(context.Background()); err != nil {
		return acked, err
	}
	return append(acked, pending...), nil
}

// TestCluster runs the article log on a cluster of 3 NATS servers, the
// stream on all three, with 2 shards of 2 replicas each: the corpus
// ingested through the log lands, each article in its shard, as it lands
// in one index; a replica killed catches up when it starts again, without
// applying again what it had; writes acknowledged while the stream's
// leader dies are all kept; and a replica added later reads the log from
// its start.
func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 3 NATS servers and 4 replicas")
	}
	ctx := context.Background()
	nats := natstest.Start(t, 3)
	l := openLog(t, nats.URL(), cluster.Config{Shards: shards, Replicas: 3})
	dir := t.TempDir()
	nodes := make(map[[2]int]*node) // by shard and replica number
	for shard := range shards {
		for r := range 2 {
			nodes[[2]int{shard, r}] = startNode(t, l, filepath.Join(dir, fmt.Sprintf("s%d-r%d", shard, r)), shard, fmt.Sprintf("r%d", r))
		}
	}
	// caughtUp waits until every running replica has applied its
	// shard's last message. Reading the last message is tried again for
	// 30 s: right after a server restarts, the stream may be between
	// leaders.
	caughtUp := func(t *testing.T) {
		t.Helper()
		for _, n := range nodes {
			var last uint64
			var err error
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
				if last, err = l.LastSequence(ctx, n.shard); err == nil || time.Now().After(deadline) {
					break
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			if n.stop != nil {
				n.waitFor(last)
			}
		}
	}

	// The corpus, through the ingest pipeline into the log, and directly
	// into one index.
	single := indextest.New(t)
	indextest.IngestCorpus(t, nil, ingest.Config{BatchSize: 16, NewSink: func(batchSize int) ingest.Sink {
		return &natstest.Tee{Log: l.NewSink(batchSize), Index: single.NewWriter(batchSize)}
	}})
	want := natstest.Stored(t, single)
	caughtUp(t)

	t.Run("each replica holds its shard", func(t *testing.T) {
		union := make(map[string]natstest.Article)
		for key, n := range nodes {
			got := natstest.Stored(t, n.ix)
			if diff := cmp.Diff(routed(want, n.shard), slices.Sorted(maps.Keys(got))); diff != "" {
				t.Errorf("replica %d of shard %d holds other ids than those routed to it (-want +got):\n%s", key[1], n.shard, diff)
			}
			maps.Copy(union, got)
		}
		// Stories are the shard's own: copies of one wire story in
		// other shards are not in one story. And the entity registry is
		// the shard's own: a name joins another ("Jim Kirk" and "James
		// Kirk") only when the articles showing them one are in one
		// shard, so the facets may differ; the names extracted may not
		// (docs/CLUSTER.md).
		joined := 0
		for id, a := range union {
			b := want[id].Article
			if !slices.Equal(a.People, b.People) || !slices.Equal(a.Places, b.Places) || !slices.Equal(a.Organisations, b.Organisations) {
				joined++
			}
			for _, c := range []*index.Article{a.Article, b} {
				c.Story, c.People, c.Places, c.Organisations = "", nil, nil, nil
			}
		}
		t.Logf("%d of %d articles have other facet values in their shard than in one index, their names joined otherwise", joined, len(want))
		if diff := cmp.Diff(want, union); diff != "" {
			t.Errorf("the shards together differ from one index fed the same corpus (-one index +shards):\n%s", diff)
		}
	})

	t.Run("a killed replica catches up", func(t *testing.T) {
		n := nodes[[2]int{0, 0}]
		before := n.replica.Status().Applied
		n.kill()
		more := generated("while-down", 40)
		if _, err := publish(t, l, more, 8); err != nil {
			t.Fatal(err)
		}
		n.start()
		caughtUp(t)
		s := n.replica.Status()
		other := nodes[[2]int{0, 1}].replica.Status()
		if s.Applied != other.Applied || s.Applied <= before {
			t.Errorf("restarted replica applied up to %d (before the kill %d), its sibling %d: want the same, beyond %d", s.Applied, before, other.Applied, before)
		}
		wantNew := 0
		for _, a := range more {
			if cluster.ShardOf(a.ID, shards) == 0 {
				wantNew++
			}
		}
		if s.Written != uint64(wantNew) {
			t.Errorf("restarted replica wrote %d messages, want the %d of its shard published while it was down, none again", s.Written, wantNew)
		}
		if diff := cmp.Diff(slices.Sorted(maps.Keys(natstest.Stored(t, nodes[[2]int{0, 1}].ix))), slices.Sorted(maps.Keys(natstest.Stored(t, n.ix)))); diff != "" {
			t.Errorf("restarted replica differs from its sibling (-sibling +restarted):\n%s", diff)
		}
	})

	t.Run("acknowledged writes survive the stream leader", func(t *testing.T) {
		leader := nats.StreamLeader(l.Stream())
		if leader < 0 {
			t.Fatal("no server leads the stream")
		}
		articles := generated("leader-down", 120)
		first, err := publish(t, l, articles[:20], 10)
		if err != nil {
			t.Fatal(err)
		}
		var acked []string
		var wg sync.WaitGroup
		wg.Go(func() { acked, err = publish(t, l, articles[20:], 10) })
		time.Sleep(20 * time.Millisecond)
		nats.Stop(leader)
		wg.Wait()
		acked = append(first, acked...)
		t.Logf("stopped the stream's leader, server %d, during the ingest: %d of %d articles acknowledged (%v); the stream's leader is now server %d",
			leader+1, len(acked), len(articles), err, nats.StreamLeader(l.Stream())+1)
		nats.Restart(leader)
		caughtUp(t)
		for key, n := range nodes {
			held := natstest.Stored(t, n.ix)
			for _, id := range acked {
				if cluster.ShardOf(id, shards) == n.shard && held[id].Article == nil {
					t.Errorf("replica %d of shard %d lacks the acknowledged article %s", key[1], n.shard, id)
				}
			}
		}
	})

	t.Run("the log knows its articles, and a deletion reaches the shard", func(t *testing.T) {
		gone, kept := routed(want, 0)[0], routed(want, 1)[0]
		if _, err := l.Delete(ctx, gone); err != nil {
			t.Fatal(err)
		}
		got, err := l.Indexed(ctx, []string{gone, kept, "0000000000nosuchid00"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]bool{kept: true}, got); diff != "" {
			t.Errorf("Indexed (-want +got):\n%s", diff)
		}
		caughtUp(t)
		for _, r := range []int{0, 1} {
			if a := natstest.Stored(t, nodes[[2]int{0, r}].ix)[gone]; a.Article != nil {
				t.Errorf("replica %d of shard 0 still holds the deleted article %s", r, gone)
			}
		}
	})

	t.Run("a replica added later reads the log from its start", func(t *testing.T) {
		n := startNode(t, l, filepath.Join(dir, "s1-late"), 1, "late")
		nodes[[2]int{1, 2}] = n
		caughtUp(t)
		sibling := nodes[[2]int{1, 0}]
		if got, want := n.replica.Status().Applied, sibling.replica.Status().Applied; got != want {
			t.Errorf("late replica applied up to %d, its sibling %d", got, want)
		}
		if diff := cmp.Diff(natstest.Stored(t, sibling.ix), natstest.Stored(t, n.ix)); diff != "" {
			t.Errorf("late replica differs from its sibling (-sibling +late):\n%s", diff)
		}
	})
}
