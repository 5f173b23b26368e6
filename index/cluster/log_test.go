package cluster_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep/sitrep/index/cluster"
	"github.com/sitrep/sitrep/index/cluster/natstest"
	"github.com/sitrep/sitrep/index/indextest"
)

// TestShardOf pins the shard of a few ids: every publisher and every
// existing cluster relies on it, so a change would send new versions of
// articles to other shards than their old ones.
func TestShardOf(t *testing.T) {
	tests := []struct {
		id     string
		shards int
		want   int
	}{
		{"0137b2f49e079584eff3", 1, 0},
		{"0137b2f49e079584eff3", 2, 1},
		{"0137b2f49e079584eff3", 7, 3},
		{"ceb17866767116e1d4a9", 2, 1},
		{"ceb17866767116e1d4a9", 7, 0},
	}
	for _, tt := range tests {
		if got := cluster.ShardOf(tt.id, tt.shards); got != tt.want {
			t.Errorf("ShardOf(%q, %d) = %d, want %d", tt.id, tt.shards, got, tt.want)
		}
	}
}

// TestOpenRefuses checks what Open refuses, with a message saying what
// to do.
func TestOpenRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a NATS server")
	}
	nats := natstest.Start(t, 1)
	ctx := context.Background()
	logger := slog.New(slog.DiscardHandler)
	tests := []struct {
		name string
		cfg  cluster.Config
		want string
	}{
		{"no stream and no shards", cluster.Config{URL: nats.URL(), Replicas: 1}, "start a shard first"},
		{"more replicas than servers", cluster.Config{URL: nats.URL(), Shards: 2, Replicas: 3}, "needs as many JetStream servers"},
		{"no server", cluster.Config{URL: "nats://127.0.0.1:1", Shards: 2}, "start the NATS servers"},
		{"another number of shards", cluster.Config{URL: nats.URL(), Shards: 3, Replicas: 1}, "give --shards 2"},
		// Its search requests, sitrep.articles.search.K, are subjects of
		// the default log's (sitrep.articles.*.*): the log would store
		// them and answer them.
		{"a stream whose searches are the default log's subjects", cluster.Config{URL: nats.URL(), Stream: "articles", Shards: 2, Replicas: 1}, `stream name "articles" would put its search requests`},
	}
	// The stream the last case finds.
	l, err := cluster.Open(ctx, cluster.Config{URL: nats.URL(), Shards: 2, Replicas: 1}, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l.Shards() != 2 {
		t.Fatalf("%d shards, want 2", l.Shards())
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if i < 2 {
				tt.cfg.Stream = "OTHER"
			}
			l, err := cluster.Open(ctx, tt.cfg, logger)
			if err == nil {
				l.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

// TestOpenReplicaRefusesTrimmedLog purges the log and checks that a new
// replica, which would miss the purged messages, refuses to start and
// says what to do.
func TestOpenReplicaRefusesTrimmedLog(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a NATS server")
	}
	ctx := context.Background()
	nats := natstest.Start(t, 1)
	l := openLog(t, nats.URL(), cluster.Config{Shards: 1, Replicas: 1})
	if _, err := publish(t, l, generated("trimmed", 3), 3); err != nil {
		t.Fatal(err)
	}
	purge(t, nats.URL(), l.Stream())
	_, err := l.OpenReplica(ctx, indextest.New(t), cluster.ReplicaConfig{Shard: 0, Replica: "new"}, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "the messages between were trimmed. Copy the index of another replica") {
		t.Errorf("a replica of a trimmed log: %v, want a refusal saying to copy another replica's index", err)
	}
}

// purge purges stream on the NATS servers at url, as an operator
// trimming the log would.
func purge(t *testing.T, url, stream string) {
	t.Helper()
	if err := jsStream(t, url, stream).Purge(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// jsStream returns stream on the NATS servers at url, through a
// connection of its own, closed when the test ends.
func jsStream(t *testing.T, url, stream string) jetstream.Stream {
	t.Helper()
	nc, err := natsgo.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := js.Stream(context.Background(), stream)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
