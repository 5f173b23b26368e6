package cluster_test

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

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
		{"a trimmed log", cluster.ReshardConfig{To: "NEW", Shards: 3}, true, "trimmed before they were copied, and NEW would lack them. A reshard needs every message after the last one copied: delete NEW (nats stream rm NEW)"},
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

// TestReshardTrimmedLog trims the old log: of messages already copied, a
// reshard goes on after them; of messages not yet copied, while the copy
// runs, it stops and says so rather than leave them out.
func TestReshardTrimmedLog(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a NATS server")
	}
	ctx := context.Background()
	nats := natstest.Start(t, 1)
	logger := slog.New(slog.DiscardHandler)
	trim := func(stream string, first uint64) {
		t.Helper()
		if err := jsStream(t, nats.URL(), stream).Purge(ctx, jetstream.WithPurgeSequence(first)); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("copied messages trimmed", func(t *testing.T) {
		l := openLog(t, nats.URL(), cluster.Config{Stream: "KEPT_SRC", Shards: 2, Replicas: 1})
		if _, err := publish(t, l, generated("kept", 10), 10); err != nil {
			t.Fatal(err)
		}
		cfg := cluster.ReshardConfig{URL: nats.URL(), From: l.Stream(), To: "KEPT", Shards: 3}
		if rep, err := cluster.Reshard(ctx, cfg, logger); err != nil || rep.Copied != 10 {
			t.Fatalf("first reshard: %+v, %v; want 10 copied", rep, err)
		}
		if _, err := publish(t, l, generated("kept-later", 5), 5); err != nil {
			t.Fatal(err)
		}
		trim(l.Stream(), 8) // messages 1 to 7, all copied
		if rep, err := cluster.Reshard(ctx, cfg, logger); err != nil || rep.Copied != 5 || rep.Before != 10 {
			t.Errorf("reshard after copied messages were trimmed: %+v, %v; want the 5 new ones copied after 10", rep, err)
		}
	})

	t.Run("uncopied messages trimmed during the copy", func(t *testing.T) {
		l := openLog(t, nats.URL(), cluster.Config{Stream: "CUT_SRC", Shards: 2, Replicas: 1})
		if _, err := publish(t, l, generated("cut", 20), 20); err != nil {
			t.Fatal(err)
		}
		var once sync.Once
		rep, err := cluster.Reshard(ctx, cluster.ReshardConfig{URL: nats.URL(), From: l.Stream(), To: "CUT", Shards: 3, Window: 2,
			Progress: func(r cluster.ReshardReport) {
				once.Do(func() { trim(l.Stream(), 15) })
			}}, logger)
		if err == nil || !strings.Contains(err.Error(), "were trimmed") {
			t.Errorf("reshard of a log trimmed during the copy: %+v, %v; want a refusal saying messages were trimmed", rep, err)
		}
	})
}

// TestReshardRefusesRemadeLog deletes the old log after a reshard and
// makes it again, shorter: the new log's copies are of messages the old
// log no longer has, and a reshard says so rather than report the new
// log complete.
func TestReshardRefusesRemadeLog(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a NATS server")
	}
	ctx := context.Background()
	nats := natstest.Start(t, 1)
	cfg := cluster.Config{Stream: "REMADE_SRC", Shards: 2, Replicas: 1}
	l := openLog(t, nats.URL(), cfg)
	if _, err := publish(t, l, generated("remade", 5), 5); err != nil {
		t.Fatal(err)
	}
	rcfg := cluster.ReshardConfig{URL: nats.URL(), From: cfg.Stream, To: "REMADE", Shards: 3}
	if rep, err := cluster.Reshard(ctx, rcfg, slog.New(slog.DiscardHandler)); err != nil || rep.Copied != 5 {
		t.Fatalf("reshard: %+v, %v; want 5 copied", rep, err)
	}
	nc, err := natsgo.Connect(nats.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if err := js.DeleteStream(ctx, cfg.Stream); err != nil {
		t.Fatal(err)
	}
	again := openLog(t, nats.URL(), cfg)
	if _, err := publish(t, again, generated("remade-again", 2), 2); err != nil {
		t.Fatal(err)
	}
	rep, err := cluster.Reshard(ctx, rcfg, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "was made again") {
		t.Errorf("reshard of a log made again: %+v, %v; want a refusal saying it was made again", rep, err)
	}
}

// TestReshardRefusesPurgedNewLog purges the new log after a reshard: its
// last message gone, what it copied is not known, and a reshard says so
// at once rather than wait for the message.
func TestReshardRefusesPurgedNewLog(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a NATS server")
	}
	nats := natstest.Start(t, 1)
	l := openLog(t, nats.URL(), cluster.Config{Stream: "PURGED_SRC", Shards: 2, Replicas: 1})
	if _, err := publish(t, l, generated("purged", 5), 5); err != nil {
		t.Fatal(err)
	}
	cfg := cluster.ReshardConfig{URL: nats.URL(), From: l.Stream(), To: "PURGED", Shards: 3}
	if rep, err := cluster.Reshard(context.Background(), cfg, slog.New(slog.DiscardHandler)); err != nil || rep.Copied != 5 {
		t.Fatalf("reshard: %+v, %v; want 5 copied", rep, err)
	}
	purge(t, nats.URL(), cfg.To)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rep, err := cluster.Reshard(ctx, cfg, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "nats stream rm PURGED") {
		t.Errorf("reshard onto a purged new log: %+v, %v; want a refusal saying to delete it", rep, err)
	}
}
