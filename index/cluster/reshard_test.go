package cluster_test

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep/sitrep/index/cluster"
	"github.com/sitrep/sitrep/index/cluster/natstest"
)

// TestReshardRefuses checks what Reshard refuses, with a message saying
// what to do. (cmd/sitrep's TestReshard reshards a log and checks the
// new shards.)
func TestReshardRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a NATS server")
	}
	ctx := context.Background()
	nats := natstest.Start(t, 1)
	l := openLog(t, nats.URL(), cluster.Config{Shards: 2, Replicas: 1})
	if _, err := publish(t, l, generated("reshard", 3), 3); err != nil {
		t.Fatal(err)
	}
	// A stream made by a node, not by a reshard.
	openLog(t, nats.URL(), cluster.Config{Stream: "MADE", Shards: 3, Replicas: 1})
	tests := []struct {
		name  string
		cfg   cluster.ReshardConfig
		purge bool
		want  string
	}{
		{"no new stream", cluster.ReshardConfig{Shards: 3}, false, "name the new log's stream"},
		{"onto itself", cluster.ReshardConfig{To: cluster.DefaultStream, Shards: 3}, false, "is the log being resharded: name a new stream"},
		{"no shards", cluster.ReshardConfig{To: "NEW", Shards: 0}, false, "give 1 or more (--shards)"},
		{"no such log", cluster.ReshardConfig{From: "NONE", To: "NEW", Shards: 3}, false, "has no stream NONE"},
		{"a stream name that is no subject token", cluster.ReshardConfig{To: "NEW.3", Shards: 3}, false, `stream name "NEW.3": use 1 to 64 letters, digits, - or _`},
		{"a stream not made by a reshard", cluster.ReshardConfig{To: "MADE", Shards: 3}, false, "was not made by a reshard"},
		{"a trimmed log", cluster.ReshardConfig{To: "NEW", Shards: 3}, true, "the messages before were trimmed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.purge {
				purge(t, nats.URL(), l.Stream())
			}
			tt.cfg.URL = nats.URL()
			_, err := cluster.Reshard(ctx, tt.cfg, slog.New(slog.DiscardHandler))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("reshard: %v, want a refusal saying %q", err, tt.want)
			}
		})
	}
}

// TestReshardThroughLeaderLoss stops the NATS server leading the new log
// while a reshard copies 1,500 messages to it, in windows of 32: the
// reshard goes on through the election, and the new log holds a copy of
// every message of the old, once, in order, each on the subject of its
// new shard.
func TestReshardThroughLeaderLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 3 NATS servers")
	}
	const n, newStream = 1500, "RESHARDED"
	ctx := context.Background()
	nats := natstest.Start(t, 3)
	l := openLog(t, nats.URL(), cluster.Config{Shards: 2, Replicas: 3})
	if acked, err := publish(t, l, generated("leader", n), 100); err != nil || len(acked) != n {
		t.Fatalf("publish: %d acknowledged, %v", len(acked), err)
	}
	var once sync.Once
	stopped := make(chan int, 1)
	var warnings strings.Builder
	rep, err := cluster.Reshard(ctx, cluster.ReshardConfig{URL: nats.URL(), To: newStream, Shards: 3, Window: 32, Progress: func(r cluster.ReshardReport) {
		if r.Copied >= 300 {
			once.Do(func() {
				leader := nats.StreamLeader(newStream)
				nats.Stop(leader)
				stopped <- leader
			})
		}
	}}, slog.New(slog.NewTextHandler(&warnings, nil)))
	if err != nil {
		t.Fatalf("reshard: %v (%+v)", err, rep)
	}
	select {
	case leader := <-stopped:
		t.Logf("stopped server %d, the new log's leader, after 300 copies; the reshard reported %d copied, and %d failures it went on after:\n%s",
			leader+1, rep.Copied, strings.Count(warnings.String(), "copying failed"), warnings.String())
	default:
		t.Fatal("the reshard finished before the leader was stopped")
	}

	// Every message of the new log, in order.
	s := jsStream(t, nats.URL(), newStream)
	info, err := s.Info(ctx)
	if err != nil || info.State.Msgs != n || info.State.LastSeq != n {
		t.Fatalf("the new log: %+v, %v; want %d messages", info.State, err, n)
	}
	for seq := uint64(1); seq <= n; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		id := m.Header.Get("Sitrep-Id")
		want := fmt.Sprintf("sitrep.%s.articles.%d.%s", newStream, cluster.ShardOf(id, 3), id)
		if from := m.Header.Get("Sitrep-Copied-From"); from != strconv.FormatUint(seq, 10) || m.Subject != want {
			t.Fatalf("message %d of the new log copies message %s on %s, want message %d on %s", seq, from, m.Subject, seq, want)
		}
	}
}
