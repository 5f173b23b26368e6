package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/cluster"
	"github.com/sitrep/sitrep/web"
)

// clusterOptions are the flags of sitrep serve in cluster mode
// (docs/CLUSTER.md).
type clusterOptions struct {
	// url lists the NATS servers; "" is single-node mode.
	url string
	// stream names the article log's JetStream stream.
	stream      string
	shard       int
	shards      int
	replica     string
	logReplicas int
	// coordinator has the node's pages and API search every shard.
	coordinator bool
}

// clusterFlags declares serve's cluster flags on fs.
func clusterFlags(fs *flag.FlagSet, o *clusterOptions) {
	fs.StringVar(&o.url, "cluster", "", "run as a node of a cluster: the NATS servers of the article log (nats://host:4222, several comma-separated);\n"+
		"the node indexes its --shard of the log into --index, and its writes go to the log (docs/CLUSTER.md)")
	streamFlag(fs, &o.stream)
	fs.IntVar(&o.shard, "shard", 0, "with --cluster, the shard this node holds, from 0 to --shards - 1")
	fs.IntVar(&o.shards, "shards", 0, "with --cluster, the number of shards: fixed when the log is made (by the first node); 0 takes the log's")
	fs.StringVar(&o.replica, "replica", "", "with --cluster, this copy's name among the replicas of its shard (letters, digits, - and _), such as\n"+
		"the host's name: each has a durable consumer of the log of its own; required")
	fs.IntVar(&o.logReplicas, "log-replicas", cluster.DefaultReplicas, "with --cluster, how many NATS servers keep the article log when this node makes it (1 for a lone server)")
	fs.BoolVar(&o.coordinator, "coordinator", false, "with --cluster, this node's pages, API and feeds search every shard (asking their replicas over NATS),\n"+
		"not its own shard alone")
}

// check returns what is wrong with the cluster flags, or "".
func (o *clusterOptions) check() string {
	switch {
	case o.url == "" && o.coordinator:
		return "--coordinator needs --cluster: a coordinator searches the shards of a cluster"
	case o.url == "":
		return ""
	case o.replica == "":
		return "--cluster needs --replica NAME, this copy's name among its shard's replicas (such as the host's name)"
	case o.shards < 0:
		return fmt.Sprintf("--shards %d: give 1 or more (or 0 to take the log's)", o.shards)
	case o.shard < 0 || (o.shards > 0 && o.shard >= o.shards):
		return fmt.Sprintf("--shard %d is out of range: give 0 to %d", o.shard, max(o.shards-1, 0))
	case o.logReplicas < 1:
		return fmt.Sprintf("--log-replicas %d: give 1 or more", o.logReplicas)
	}
	return ""
}

// streamFlag declares --stream, the article log's stream, on fs.
func streamFlag(fs *flag.FlagSet, stream *string) {
	fs.StringVar(stream, "stream", cluster.DefaultStream, "with --cluster, the JetStream stream of the article log: another one after a reshard (sitrep reshard)")
}

// openLog connects to the article log in stream at url; shards and
// replicas make its stream when there is none (0 shards: it must exist).
func openLog(ctx context.Context, e *env, url, stream string, shards, replicas int, name string) (*cluster.Log, error) {
	return cluster.Open(ctx, cluster.Config{URL: url, Stream: stream, Shards: shards, Replicas: replicas, Name: name}, e.logger)
}

// joinCluster opens the article log and readies ix to hold the node's
// shard of it; the replica is to be run.
func joinCluster(ctx context.Context, e *env, o clusterOptions, ix *index.Index) (*cluster.Log, *cluster.Replica, error) {
	l, err := openLog(ctx, e, o.url, o.stream, o.shards, o.logReplicas, fmt.Sprintf("sitrep serve shard %d replica %s", o.shard, o.replica))
	if err != nil {
		return nil, nil, fmt.Errorf("serve: %w", err)
	}
	r, err := l.OpenReplica(ctx, ix, cluster.ReplicaConfig{Shard: o.shard, Replica: o.replica}, e.logger)
	if err != nil {
		l.Close()
		return nil, nil, fmt.Errorf("serve: %w", err)
	}
	s := r.Status()
	e.logger.Info("cluster node", slog.Int("shard", s.Shard), slog.Int("shards", s.Shards), slog.String("replica", s.Replica), slog.Uint64("applied", s.Applied))
	return l, r, nil
}

// shardStatus returns what /healthz says of the replica r.
func shardStatus(r *cluster.Replica) func() web.ShardStatus {
	return func() web.ShardStatus {
		s := r.Status()
		return web.ShardStatus{Shard: s.Shard, Shards: s.Shards, Replica: s.Replica, Applied: s.Applied, Lag: s.Lag, Error: s.Error}
	}
}

// clusterShards returns what /api/cluster says of the shards of l.
func clusterShards(l *cluster.Log) func(context.Context) ([]web.ClusterShard, error) {
	return func(ctx context.Context) ([]web.ClusterShard, error) {
		infos, err := l.ShardInfo(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]web.ClusterShard, len(infos))
		for i, s := range infos {
			out[i] = web.ClusterShard{Shard: s.Shard, LastSequence: s.LastSequence, Replicas: make([]web.ClusterReplica, len(s.Replicas))}
			for j, r := range s.Replicas {
				out[i].Replicas[j] = web.ClusterReplica{Replica: r.Replica, Applied: r.Acknowledged, Lag: r.Lag}
				if !r.LastDelivery.IsZero() {
					out[i].Replicas[j].LastDelivery = &r.LastDelivery
				}
			}
		}
		return out, nil
	}
}

// flagSet reports whether the command line set the flag name.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
