package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index/cluster"
)

// reshardProgressEvery is the time between a reshard's progress lines.
const reshardProgressEvery = 5 * time.Second

func runReshard(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "reshard", "reshard --cluster NATS-URL --to STREAM --shards S [--from STREAM] [--log-replicas R] [--quiet]\n\n"+
		"Copy the article log of a cluster to a new log, stream --to, whose articles are spread\n"+
		"over --shards shards: every write and deletion in order, each to its new shard. The\n"+
		"old log (--from) is only read, and its shards go on serving. Run it again at any time,\n"+
		"after an interruption too: it goes on from the last message copied, and copies each\n"+
		"once. It refuses a new log that writers write to already. Then start the new\n"+
		"shards' replicas (sitrep serve --cluster … --stream STREAM --shard K), stop the\n"+
		"writers, reshard once more, and switch writers and coordinators to --stream STREAM\n"+
		"(docs/CLUSTER.md, \"Resharding\").")
	url := fs.String("cluster", "", "the NATS servers of the article log (nats://host:4222, several comma-separated)")
	from := fs.String("from", cluster.DefaultStream, "the stream of the log to reshard")
	to := fs.String("to", "", "the stream of the new log, made when missing (such as "+cluster.DefaultStream+"_4); required")
	shards := fs.Int("shards", 0, "the new log's number of shards; required")
	replicas := fs.Int("log-replicas", 0, "how many NATS servers keep the new log when it is made (0: as many as keep --from)")
	quiet := fs.Bool("quiet", false, "print no progress, only the summary")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usageError(fs, "reshard: unexpected arguments %q: reshard takes flags only", strings.Join(rest, " "))
	case *url == "":
		return usageError(fs, "reshard: give --cluster, the NATS servers of the article log")
	case *to == "":
		return usageError(fs, "reshard: give --to, the stream of the new log (such as %s_%d)", cluster.DefaultStream, max(*shards, 2))
	case *shards < 1:
		return usageError(fs, "reshard: give --shards, the new log's number of shards (1 or more)")
	case *replicas < 0:
		return usageError(fs, "reshard: --log-replicas %d: give 1 or more, or 0 for as many as keep --from", *replicas)
	}
	cfg := cluster.ReshardConfig{URL: *url, From: *from, To: *to, Shards: *shards, Replicas: *replicas, Name: "sitrep reshard"}
	if !*quiet {
		next := time.Now().Add(reshardProgressEvery)
		cfg.Progress = func(r cluster.ReshardReport) {
			if time.Now().Before(next) {
				return
			}
			next = time.Now().Add(reshardProgressEvery)
			fmt.Fprintf(e.stderr, "reshard: %s holds copies up to %d of the %d messages of %s\n", r.To, r.Before+r.Copied, r.Through, r.From)
		}
	}
	rep, err := cluster.Reshard(ctx, cfg, e.logger)
	if err != nil {
		return err
	}
	perShard := make([]string, len(rep.PerShard))
	for k, n := range rep.PerShard {
		perShard[k] = fmt.Sprintf("%d: %d", k, n)
	}
	fmt.Fprintf(e.stdout, "reshard: copied %s of %s to %s (%s; by new shard %s), %d copied before, %d skipped\n",
		plural(int(rep.Copied), "message"), rep.From, rep.To, plural(int(rep.Deletes), "deletion"), strings.Join(perShard, ", "), rep.Before, rep.Skipped)
	fmt.Fprintf(e.stdout, "reshard: %s, %d shards, holds every message of %s up to sequence %d; run again to copy what was written since\n",
		rep.To, rep.Shards, rep.From, rep.Through)
	return nil
}
