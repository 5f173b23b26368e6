package cluster_test

import (
	"context"
	"log/slog"
	"strings"
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
