// Package cluster spreads Sitrep over several machines with NATS
// JetStream: the article log every write goes to, and the shards and
// replicas that index it. Sitrep grows no distributed database of its
// own: the durable replicated log, failover and membership are NATS's.
//
// The log is one JetStream stream (DefaultStream, kept by Replicas NATS
// servers, file storage, nothing ever trimmed by default). In cluster
// mode every accepted write — sitrep ingest --cluster, the write API and
// the feed watcher of a sitrep serve --cluster — publishes its articles,
// entities already extracted, to the subject of their shard
// (sitrep.articles.<shard>.<article>) instead of writing an index, and counts an
// article saved only once JetStream acknowledged it, that is once a
// majority of the stream's servers stored it. A publish that got no
// acknowledgement is sent again, with the same Nats-Msg-Id (the article's
// id, content hash, and the publisher's nonce and count), so JetStream
// stores it once.
//
// An article's shard is ShardOf its id: every version of an article and
// its deletion go to one shard, in order, so a shard holds exactly one
// version of each of its articles. The key is the article and not its
// story because the story is not known when the article is published: it
// is assigned by the index writer from the fingerprints of the articles
// before it (package dedup), and a near-duplicate's fingerprint differs
// from the first copy's in up to dedup.MaxDistance bits, so no hash of it
// sends every copy to one place. The consequence: a shard collapses the
// copies of a wire story it holds into one story, as one index does, but
// copies in different shards are stories of their own. Likewise each
// shard's entity registry joins names ("Jim Kirk", "James Kirk") from the
// articles it holds. A search across shards must collapse stories again
// from the hits' fingerprints (docs/CLUSTER.md).
//
// A Replica is one copy of one shard in its own index: a durable JetStream
// consumer of its own (sitrep-<shard>-<replica>) delivers the shard's
// messages; the replica applies them in batches, records the stream
// sequence of the last one in the same bleve batch (AppliedKey), and
// acknowledges them once that batch is persisted. A restarted replica
// resumes from the sequence its index holds, skipping messages it already
// applied; a new replica reads the log from its first message.
//
//	l, err := cluster.Open(ctx, cluster.Config{URL: "nats://a:4222,nats://b:4222", Shards: 2}, logger)
//	r, err := l.OpenReplica(ctx, ix, cluster.ReplicaConfig{Shard: 0, Replica: "a"}, logger)
//	go r.Run(ctx)
//	rep, err := ingest.Run(ctx, nil, inputs, ingest.Config{Extractor: x, Extract: true, NewSink: l.NewSink})
package cluster
