package cluster

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep/sitrep/index"
)

// AppliedKey is the key under which a shard's index records, in its
// internal store, the stream sequence of the last message of the log it
// applied: written in the same bleve batch as the articles of that
// message, so that the index and the sequence never disagree.
const AppliedKey = "cluster.applied"

// Defaults of a ReplicaConfig.
const (
	DefaultApplyBatch = 256
)

// Timings of a replica's reads. A pull request lives pullExpiry, with a
// heartbeat from the server every pullHeartbeat: when the NATS server
// of the consumer goes, a read notices within two heartbeats (the
// default is 30 s). While no message comes, the replica reads its lag
// from the consumer every idleWait, longer than two heartbeats so that
// the wait for a message is not cut short before a missing heartbeat
// is noticed.
const (
	pullExpiry    = 4 * time.Second
	pullHeartbeat = time.Second
	idleWait      = 3 * pullHeartbeat
)

// ReplicaConfig says which shard a replica holds and how it reads the log.
type ReplicaConfig struct {
	// Shard is the shard, from 0 to the log's Shards()-1.
	Shard int
	// Replica names this copy of the shard among the others: its durable
	// consumer is sitrep-<Shard>-<Replica>. Letters, digits, - and _.
	Replica string
	// BatchSize is the most messages applied in one index batch
	// (DefaultApplyBatch when 0).
	BatchSize int
}

// validName is what a replica's name, and a stream's, may hold: a consumer
// or stream name may not hold '.', '*', '>' or white space, and a
// stream's name is a token of its subjects (streamPrefix).
var validName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Replica is one copy of one shard: it reads the shard's articles from
// the log, with a durable consumer of its own, into its own index.
type Replica struct {
	log    *Log
	ix     *index.Index
	cfg    ReplicaConfig
	name   string
	logger *slog.Logger

	mu      sync.Mutex
	applied uint64 // stream sequence of the last message applied
	lag     uint64 // the shard's messages in the log not yet applied
	written uint64 // messages applied since the replica started
	lastErr error
}

// Status is what a replica reports of itself (/healthz).
type Status struct {
	Shard   int    `json:"shard"`
	Shards  int    `json:"shards"`
	Replica string `json:"replica"`
	// Applied is the stream sequence of the last message of the log the
	// replica's index holds.
	Applied uint64 `json:"applied"`
	// Lag counts the messages of the shard in the log that the replica
	// has not applied yet, as of its last read of the log.
	Lag uint64 `json:"lag"`
	// Written counts the messages the replica applied to its index since
	// it started: not those it skipped as applied before.
	Written uint64 `json:"written"`
	// Error is the last failure to read or apply the log, "" when the
	// last read succeeded.
	Error string `json:"error,omitempty"`
}

// Applied returns the stream sequence ix records as applied (AppliedKey),
// 0 when it has applied nothing.
func Applied(ix *index.Index) (uint64, error) {
	v, err := ix.Internal(AppliedKey)
	if err != nil || v == nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("index %s: the applied sequence of the log is %d bytes, not 8: the index is damaged; start the replica on a new --index", ix.Path(), len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// OpenReplica readies ix to hold cfg.Shard of the log; Run reads it. It
// fails when the shard or replica name is out of range, and when the log
// no longer holds the messages after the one ix applied (it was trimmed:
// the replica needs a copy of another replica's index, docs/CLUSTER.md).
func (l *Log) OpenReplica(ctx context.Context, ix *index.Index, cfg ReplicaConfig, logger *slog.Logger) (*Replica, error) {
	if cfg.Shard < 0 || cfg.Shard >= l.shards {
		return nil, fmt.Errorf("shard %d: the log has shards 0 to %d: give --shard in that range", cfg.Shard, l.shards-1)
	}
	if !validName.MatchString(cfg.Replica) {
		return nil, fmt.Errorf("replica name %q: use 1 to 64 letters, digits, - or _", cfg.Replica)
	}
	if cfg.BatchSize < 1 {
		cfg.BatchSize = DefaultApplyBatch
	}
	applied, err := Applied(ix)
	if err != nil {
		return nil, err
	}
	r := &Replica{log: l, ix: ix, cfg: cfg, name: "sitrep-" + strconv.Itoa(cfg.Shard) + "-" + cfg.Replica, logger: logger, applied: applied}
	if err := r.checkLog(ctx, applied); err != nil {
		return nil, err
	}
	return r, nil
}

// checkLog fails when the log no longer holds the message after applied:
// a consumer asked to start there would start at the log's first message
// and skip those between.
func (r *Replica) checkLog(ctx context.Context, applied uint64) error {
	info, err := r.log.streamInfo(ctx)
	if err != nil {
		return err
	}
	if first := info.State.FirstSeq; first > 1 && applied+1 < first {
		return fmt.Errorf("shard %d: the log now starts at message %d, but index %s has applied up to %d: the messages between were trimmed. "+
			"Copy the index of another replica of shard %d (stopped, or a copy of its directory) into --index and start again", r.cfg.Shard, first, r.ix.Path(), applied, r.cfg.Shard)
	}
	return nil
}

// consumer makes the replica's durable consumer afresh, delivering the
// shard's messages from the one after applied. The index, not the
// consumer, records how far the replica has read: a consumer left by an
// earlier run may have delivered messages the index never got (the
// replica stopped with a batch in hand, or they were lost in flight
// while a NATS server went), which it would deliver again only after
// its AckWait, and after later ones. So the consumer is made again each
// time the replica starts reading, and its first delivery is consumer
// sequence 1.
func (r *Replica) consumer(ctx context.Context, applied uint64) (jetstream.Consumer, error) {
	stream := r.log.cfg.Stream
	err := r.log.js.DeleteConsumer(ctx, stream, r.name)
	if err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, fmt.Errorf("article log: delete consumer %s: %w", r.name, err)
	}
	cfg := jetstream.ConsumerConfig{
		Durable:       r.name,
		Description:   fmt.Sprintf("sitrep shard %d, replica %s", r.cfg.Shard, r.cfg.Replica),
		FilterSubject: r.log.Subject(r.cfg.Shard),
		AckPolicy:     jetstream.AckAllPolicy,
		AckWait:       time.Minute,
		MaxAckPending: -1,
		DeliverPolicy: jetstream.DeliverAllPolicy,
	}
	if applied > 0 {
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, applied+1
	}
	c, err := r.log.js.CreateConsumer(ctx, stream, cfg)
	if err != nil {
		return nil, fmt.Errorf("article log: create consumer %s: %w", r.name, err)
	}
	return c, nil
}

// Status returns what the replica reports of itself.
func (r *Replica) Status() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := Status{Shard: r.cfg.Shard, Shards: r.log.shards, Replica: r.cfg.Replica, Applied: r.applied, Lag: r.lag, Written: r.written}
	if r.lastErr != nil {
		s.Error = r.lastErr.Error()
	}
	return s
}

// Run applies the shard's messages to the index as they arrive, until ctx
// ends; it returns nil then. A failure to read the log or to write the
// index is logged, reported by Status and tried again: from the message
// after the last one the index holds, with the consumer made again.
func (r *Replica) Run(ctx context.Context) error {
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := r.read(ctx)
		if ctx.Err() != nil {
			break
		}
		r.setErr(err)
		r.logger.Warn("shard replica: reading the log failed; trying again", "shard", r.cfg.Shard, "replica", r.cfg.Replica, "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
	return nil
}

// read makes the replica's consumer, from the message after the last one
// the index holds, and follows it until ctx ends or reading fails.
func (r *Replica) read(ctx context.Context) error {
	// A batch that failed part-way may have written some of its
	// messages: go on from what the index holds.
	applied, err := Applied(r.ix)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.applied = applied
	r.mu.Unlock()
	if err := r.checkLog(ctx, applied); err != nil {
		return err
	}
	c, err := r.consumer(ctx, applied)
	if err != nil {
		return err
	}
	return r.follow(ctx, c)
}

// setErr records the last failure to read or apply the log (nil: the
// last read succeeded).
func (r *Replica) setErr(err error) {
	r.mu.Lock()
	r.lastErr = err
	r.mu.Unlock()
}

// gatherWait is how long a batch waits for one more message before it
// is applied with those it has.
const gatherWait = 5 * time.Millisecond

// follow reads the shard's messages from the consumer and applies them
// in batches, until ctx ends (it returns nil) or reading or writing fails.
func (r *Replica) follow(ctx context.Context, c jetstream.Consumer) error {
	it, err := c.Messages(jetstream.PullMaxMessages(2*r.cfg.BatchSize), jetstream.PullExpiry(pullExpiry), jetstream.PullHeartbeat(pullHeartbeat))
	if err != nil {
		return fmt.Errorf("read from consumer %s: %w", r.name, err)
	}
	defer it.Stop()
	batch := make([]jetstream.Msg, 0, r.cfg.BatchSize)
	// next is the consumer sequence of the next delivery: the consumer
	// was made for this read, so deliveries count from 1, and one that
	// skips a number means a message was lost in flight. The messages
	// before it are applied, and the read starts again after them.
	next := uint64(1)
	var gap error
	take := func(m jetstream.Msg) bool {
		meta, err := m.Metadata()
		switch {
		case err != nil:
			gap = fmt.Errorf("consumer %s: a message without JetStream metadata: %w", r.name, err)
		case meta.Sequence.Consumer != next:
			gap = fmt.Errorf("consumer %s: delivery %d came when %d was due (a message lost in flight): reading the log again from the index's sequence",
				r.name, meta.Sequence.Consumer, next)
		default:
			next++
			batch = append(batch, m)
			return true
		}
		return false
	}
	for {
		wait, cancel := context.WithTimeout(ctx, idleWait)
		m, err := it.Next(jetstream.NextContext(wait))
		cancel()
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, context.DeadlineExceeded):
			if err := r.refreshLag(ctx, c); err != nil {
				return err
			}
			r.setErr(nil)
			continue
		case err != nil:
			return fmt.Errorf("read from consumer %s: %w", r.name, err)
		}
		batch = batch[:0]
		if take(m) {
			for len(batch) < r.cfg.BatchSize {
				m, err := it.Next(jetstream.NextMaxWait(gatherWait))
				if err != nil || !take(m) {
					break // none came in time, or after a gap: apply what there is
				}
			}
		}
		if len(batch) > 0 {
			if err := r.step(ctx, batch); err != nil {
				return err
			}
		}
		if gap != nil {
			return gap
		}
		r.setErr(nil)
	}
}

// step applies batch as one index batch, recording the sequence of its
// last message in it; then acknowledges them (every one up to the last:
// AckAll). Messages the index holds already are skipped.
func (r *Replica) step(ctx context.Context, batch []jetstream.Msg) error {
	r.mu.Lock()
	applied := r.applied
	r.mu.Unlock()
	seq, pending, written := applied, uint64(0), uint64(0)
	w := r.ix.NewWriter(len(batch) + 1)
	for _, m := range batch {
		meta, err := m.Metadata()
		if err != nil {
			return fmt.Errorf("consumer %s: a message without JetStream metadata: %w", r.name, err)
		}
		pending = meta.NumPending
		if meta.Sequence.Stream <= applied {
			continue // applied before the acknowledgement was lost
		}
		if err := r.apply(ctx, w, m, seq); err != nil {
			return err
		}
		seq = meta.Sequence.Stream
		written++
	}
	if seq > applied {
		w.SetInternal(AppliedKey, binary.BigEndian.AppendUint64(nil, seq))
		// The batch is written whole even when ctx ends meanwhile.
		if err := w.Flush(context.WithoutCancel(ctx)); err != nil {
			return fmt.Errorf("shard %d: write messages up to %d to index %s: %w", r.cfg.Shard, seq, r.ix.Path(), err)
		}
	}
	r.mu.Lock()
	r.applied, r.lag = seq, pending
	r.written += written
	r.mu.Unlock()
	if err := batch[len(batch)-1].Ack(); err != nil {
		// Not fatal: the messages come again and are skipped.
		r.logger.Warn("shard replica: acknowledging the log failed", "consumer", r.name, "err", err)
	}
	return nil
}

// apply adds the message m to w; a deletion first writes what w holds,
// with prev as the applied sequence, then deletes. A message that cannot
// be decoded is logged and skipped: it would stop the shard for good.
func (r *Replica) apply(ctx context.Context, w *index.Writer, m jetstream.Msg, prev uint64) error {
	id := m.Headers().Get(headerID)
	switch op := m.Headers().Get(headerOp); op {
	case opPut:
		a, err := decodeArticle(m.Data())
		if err != nil {
			r.logger.Error("shard replica: skipping a message of the log", "consumer", r.name, "err", err)
			return nil
		}
		if err := w.Add(context.WithoutCancel(ctx), a); err != nil {
			return fmt.Errorf("shard %d: write article %s to index %s: %w", r.cfg.Shard, a.ID, r.ix.Path(), err)
		}
	case opDelete:
		w.SetInternal(AppliedKey, binary.BigEndian.AppendUint64(nil, prev))
		if err := w.Flush(context.WithoutCancel(ctx)); err != nil {
			return fmt.Errorf("shard %d: write messages up to %d to index %s: %w", r.cfg.Shard, prev, r.ix.Path(), err)
		}
		if _, err := r.ix.Delete(context.WithoutCancel(ctx), id); err != nil {
			return fmt.Errorf("shard %d: delete article %s from index %s: %w", r.cfg.Shard, id, r.ix.Path(), err)
		}
	default:
		r.logger.Error("shard replica: skipping a message of the log of an unknown kind", "consumer", r.name, "op", op, "article", id)
	}
	return nil
}

// refreshLag asks the consumer how many of the shard's messages are not
// yet applied.
func (r *Replica) refreshLag(ctx context.Context, c jetstream.Consumer) error {
	info, err := c.Info(ctx)
	if err != nil {
		return fmt.Errorf("read consumer %s: %w", r.name, err)
	}
	r.mu.Lock()
	r.lag = info.NumPending + uint64(info.NumAckPending)
	r.mu.Unlock()
	return nil
}
