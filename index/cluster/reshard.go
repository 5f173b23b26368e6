package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// headerFrom, on a message Reshard copied, holds the sequence of the
// message of the old log it is a copy of: the new log's last message
// says how far a reshard has gone.
const headerFrom = "Sitrep-Copied-From"

// DefaultReshardWindow is how many copies a reshard publishes before it
// waits for their acknowledgements.
const DefaultReshardWindow = 256

// ReshardConfig says which log to reshard, and to what.
type ReshardConfig struct {
	// URL lists the NATS servers, as Config.URL.
	URL string
	// From names the stream of the log to copy (DefaultStream when "").
	// It is only read.
	From string
	// To names the stream of the new log, made when missing. It must not
	// be From.
	To string
	// Shards is the new log's number of shards.
	Shards int
	// Replicas is how many NATS servers keep the new log when the
	// reshard makes it (0: as many as keep the old one).
	Replicas int
	// Window is how many copies are published before their
	// acknowledgements are awaited (DefaultReshardWindow when 0).
	Window int
	// Progress, when set, is called after each window with the report so
	// far.
	Progress func(ReshardReport)
	// Name names this client to the NATS servers.
	Name string
}

// ReshardReport says what a reshard did.
type ReshardReport struct {
	From, To string
	Shards   int
	// Through is the sequence of the old log's last message when the
	// reshard began: the new log holds a copy of every message up to it.
	Through uint64
	// Before counts the new log's messages when the reshard began,
	// copied by earlier runs; Copied the messages this run copied, of
	// which Deletes are deletions; PerShard the copies by new shard.
	Before, Copied, Deletes uint64
	PerShard                []uint64
	// Skipped counts messages of the old log that are not Sitrep's (no
	// article id): not copied, as replicas skip them.
	Skipped uint64
}

// Reshard copies the log cfg.From to a new log, cfg.To, spread over
// cfg.Shards shards: every message in order, each article and deletion
// republished to the subject of its shard in the new log, up to the old
// log's last message when it begins. The old log is only read (through
// an ephemeral consumer); the new one may be read by its replicas
// meanwhile.
//
// A reshard can be run again at any time, and goes on where the last one
// stopped: each copy records the old sequence it copies (headerFrom) and
// is published only if the new log's last message is the copy before it
// (JetStream's expected last sequence), so the new log always holds the
// old one's messages in order, each once, up to some point — after a
// failure, a kill or an interruption too. It refuses a new log that
// holds anything but copies of the old one: writes made to it directly
// mean the writers were switched over, and a copy of an older version
// must not follow them. It stops, and refuses, when messages of the old
// log were trimmed before they were copied.
func Reshard(ctx context.Context, cfg ReshardConfig, logger *slog.Logger) (ReshardReport, error) {
	if cfg.From == "" {
		cfg.From = DefaultStream
	}
	if cfg.Window < 1 {
		cfg.Window = DefaultReshardWindow
	}
	rep := ReshardReport{From: cfg.From, To: cfg.To, Shards: cfg.Shards}
	switch {
	case cfg.To == "":
		return rep, errors.New("reshard: name the new log's stream (--to): resharding copies the log to a new stream")
	case cfg.To == cfg.From:
		return rep, fmt.Errorf("reshard: --to %s is the log being resharded: name a new stream", cfg.To)
	case cfg.Shards < 1:
		return rep, fmt.Errorf("reshard: %d shards: give 1 or more (--shards)", cfg.Shards)
	}
	src, err := Open(ctx, Config{URL: cfg.URL, Stream: cfg.From, Name: cfg.Name}, logger)
	if err != nil {
		return rep, fmt.Errorf("reshard: %w", err)
	}
	defer src.Close()
	info, err := src.streamInfo(ctx)
	if err != nil {
		return rep, fmt.Errorf("reshard: %w", err)
	}
	rep.Through = info.State.LastSeq
	replicas := cfg.Replicas
	if replicas == 0 {
		replicas = info.Config.Replicas
	}
	dst, err := Open(ctx, Config{URL: cfg.URL, Stream: cfg.To, Shards: cfg.Shards, Replicas: replicas, Duplicates: info.Config.Duplicates, Name: cfg.Name, from: cfg.From}, logger)
	if err != nil {
		return rep, fmt.Errorf("reshard: %w", err)
	}
	defer dst.Close()
	rep.PerShard = make([]uint64, dst.Shards())

	// Copy, and after a failure (a server down, a leader elected again)
	// go on from what the new log holds, until no window has been
	// acknowledged for the log's publish timeout.
	wait, lastProgress, begun := 100*time.Millisecond, time.Now(), false
	for {
		copied := rep.Copied
		done, last, err := dst.copiedThrough(ctx, cfg.From)
		switch {
		case err == nil && done > rep.Through:
			return rep, fmt.Errorf("reshard: stream %s holds copies up to message %d of %s, which now ends at message %d: %s was made again since, "+
				"and its messages are not those copied. Reshard it to another new stream", cfg.To, done, cfg.From, rep.Through, cfg.From)
		case err == nil && !begun:
			rep.Before, begun = last, true
		}
		if err == nil {
			err = copyLog(ctx, src, dst, done, last, rep.Through, cfg, &rep)
		}
		var direct *writtenToError
		var refused *refusal
		switch {
		case err == nil:
			return rep, nil
		case errors.As(err, &direct), errors.As(err, &refused):
			return rep, fmt.Errorf("reshard: %w", err)
		}
		if ctx.Err() != nil {
			return rep, fmt.Errorf("reshard: %w (run it again to go on)", ctx.Err())
		}
		if rep.Copied > copied {
			lastProgress, wait = time.Now(), 100*time.Millisecond
		}
		if time.Since(lastProgress) > dst.cfg.PublishTimeout {
			return rep, fmt.Errorf("reshard: %w: are the NATS servers up? (run it again to go on from where it stopped)", err)
		}
		logger.Warn("reshard: copying failed; going on from what the new log holds", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// copiedThrough returns the sequence of the message of the log from that
// the new log l copied last, and l's last sequence; zeros when l is
// empty. It fails with a *writtenToError when l's last message is not a
// copy: it was written to directly; with a *refusal when it is gone.
func (l *Log) copiedThrough(ctx context.Context, from string) (done, last uint64, err error) {
	info, err := l.streamInfo(ctx)
	if err != nil || info.State.LastSeq == 0 {
		return 0, 0, err
	}
	last = info.State.LastSeq
	m, err := l.stream.GetMsg(ctx, last)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return 0, 0, &refusal{fmt.Sprintf("stream %s no longer holds its last message, %d (purged, or deleted): what it copied of %s is not known. "+
			"Delete it (nats stream rm %s) and reshard again", l.cfg.Stream, last, from, l.cfg.Stream)}
	}
	if err != nil {
		return 0, 0, fmt.Errorf("read the last message of stream %s: %w", l.cfg.Stream, err)
	}
	done, err = strconv.ParseUint(m.Header.Get(headerFrom), 10, 64)
	if err != nil {
		return 0, 0, &writtenToError{stream: l.cfg.Stream, from: from, last: last, id: m.Header.Get(headerID)}
	}
	return done, last, nil
}

// writtenToError says the new log's last message is not a copy: it was
// written to directly.
type writtenToError struct {
	stream, from, id string
	last             uint64
}

func (e *writtenToError) Error() string {
	return fmt.Sprintf("stream %s holds writes that are not copies of %s (its last message, %d, is a write of article %q made to it): "+
		"its writers were switched to it, so the reshard is over; to reshard again, copy it to another new stream", e.stream, e.from, e.last, e.id)
}

// refusal is a failure a reshard run again would meet again: it stops
// at once, saying what to do.
type refusal struct{ msg string }

func (e *refusal) Error() string { return e.msg }

// holdsFrom fails with a *refusal when the log l, copied to the
// stream to, no longer holds message next (nor those after it up to its
// first): they were trimmed. A message deleted on its own is not.
func (l *Log) holdsFrom(ctx context.Context, next uint64, to string) error {
	info, err := l.streamInfo(ctx)
	if err != nil {
		return err
	}
	first := info.State.FirstSeq
	if first <= next {
		return nil
	}
	gone := fmt.Sprintf("messages %d to %d were", next, first-1)
	if first-1 == next {
		gone = fmt.Sprintf("message %d was", next)
	}
	return &refusal{fmt.Sprintf("stream %s now starts at message %d: %s trimmed before they were copied, and %s would lack them. "+
		"A reshard needs every message after the last one copied: delete %s (nats stream rm %s), and fill a new log from the articles' sources instead "+
		"(start its shards with sitrep serve --cluster … --stream STREAM --shards S, then sitrep ingest --cluster … --stream STREAM)",
		l.cfg.Stream, first, gone, to, to, to)}
}

// copyLog copies the messages of src after done, up to through, to dst,
// whose last message is last: each published only if dst's last message
// is then the copy before it. It returns at the first failure, and with
// a *refusal when messages of src after done were trimmed before it
// read them; rep counts what was acknowledged.
func copyLog(ctx context.Context, src, dst *Log, done, last, through uint64, cfg ReshardConfig, rep *ReshardReport) error {
	if done >= through {
		return nil
	}
	if err := src.holdsFrom(ctx, done+1, dst.cfg.Stream); err != nil {
		return err
	}
	cons, err := src.js.OrderedConsumer(ctx, src.cfg.Stream, jetstream.OrderedConsumerConfig{
		DeliverPolicy: jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:   done + 1,
	})
	if err != nil {
		return fmt.Errorf("read stream %s: %w", src.cfg.Stream, err)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(2*cfg.Window), jetstream.PullExpiry(pullExpiry), jetstream.PullHeartbeat(pullHeartbeat))
	if err != nil {
		return fmt.Errorf("read stream %s: %w", src.cfg.Stream, err)
	}
	defer it.Stop()
	w := window{dst: dst, rep: rep}
	next := done + 1 // the sequence of the message to read next
	for {
		wait, cancel := context.WithTimeout(ctx, idleWait)
		m, err := it.Next(jetstream.NextContext(wait))
		cancel()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			// Nothing came: the messages left up to through may all have
			// been deleted.
			info, ierr := cons.Info(ctx)
			if ierr == nil && info.NumPending == 0 {
				break
			}
			continue
		}
		if err != nil {
			return errors.Join(fmt.Errorf("read stream %s: %w", src.cfg.Stream, err), w.wait(ctx))
		}
		meta, err := m.Metadata()
		if err != nil {
			return errors.Join(fmt.Errorf("read stream %s: %w", src.cfg.Stream, err), w.wait(ctx))
		}
		seq := meta.Sequence.Stream
		if seq > next {
			// Messages skipped: deleted one by one, or trimmed.
			if err := src.holdsFrom(ctx, next, dst.cfg.Stream); err != nil {
				return errors.Join(err, w.wait(ctx))
			}
		}
		next = seq + 1
		if seq > through {
			break // written since the reshard began: the next run's
		}
		if id := m.Headers().Get(headerID); id == "" {
			rep.Skipped++
		} else {
			c := nats.NewMsg(dst.articleSubject(id))
			c.Data = m.Data()
			c.Header.Set(headerOp, m.Headers().Get(headerOp))
			c.Header.Set(headerID, id)
			c.Header.Set(headerFrom, strconv.FormatUint(seq, 10))
			c.Header.Set(jetstream.ExpectedLastSeqHeader, strconv.FormatUint(last, 10))
			last++
			if err := w.publish(c, ShardOf(id, dst.Shards())); err != nil {
				return errors.Join(err, w.wait(ctx))
			}
		}
		if seq == through || meta.NumPending == 0 {
			break // at the end: through itself may have been deleted
		}
		if len(w.futures) >= cfg.Window {
			if err := w.wait(ctx); err != nil {
				return err
			}
			if cfg.Progress != nil {
				cfg.Progress(*rep)
			}
		}
	}
	if err := w.wait(ctx); err != nil {
		return err
	}
	if cfg.Progress != nil {
		cfg.Progress(*rep)
	}
	if next <= through {
		// The messages after the last one read may all have been
		// trimmed, as well as deleted.
		return src.holdsFrom(ctx, next, dst.cfg.Stream)
	}
	return nil
}

// window is the copies published and not yet acknowledged.
type window struct {
	dst     *Log
	rep     *ReshardReport
	futures []jetstream.PubAckFuture
	shards  []int
	deletes []bool
}

// publish sends the copy m, of an article of shard, asynchronously.
func (w *window) publish(m *nats.Msg, shard int) error {
	f, err := w.dst.js.PublishMsgAsync(m)
	if err != nil {
		return fmt.Errorf("publish to stream %s: %w", w.dst.cfg.Stream, err)
	}
	w.futures = append(w.futures, f)
	w.shards = append(w.shards, shard)
	w.deletes = append(w.deletes, m.Header.Get(headerOp) == opDelete)
	return nil
}

// wait waits for every acknowledgement and counts the copies stored. It
// returns the first failure: the copies after it were refused, their
// expected last sequence being wrong (unless the failure was a lost
// acknowledgement of a copy stored). Cancelled, it still waits, up to
// reshardDrain in all, for the acknowledgements of the copies already
// sent: they land whether or not anyone waits, and the new log then holds
// no more than Reshard reports when it returns.
func (w *window) wait(ctx context.Context) error {
	var first error
	fail := func(err error) {
		if first == nil {
			first = err
		}
	}
	var drain context.Context
	for i, f := range w.futures {
		if drain == nil {
			select {
			case <-f.Ok():
				w.count(i)
				continue
			case err := <-f.Err():
				fail(fmt.Errorf("publish to stream %s: %w", w.dst.cfg.Stream, err))
				continue
			case <-ctx.Done():
				fail(ctx.Err())
				var cancel context.CancelFunc
				drain, cancel = context.WithTimeout(context.WithoutCancel(ctx), reshardDrain)
				defer cancel()
			}
		}
		select {
		case <-f.Ok():
			w.count(i)
		case <-f.Err():
		case <-drain.Done():
		}
	}
	w.futures, w.shards, w.deletes = w.futures[:0], w.shards[:0], w.deletes[:0]
	return first
}

// count records the copy w.futures[i] as acknowledged.
func (w *window) count(i int) {
	w.rep.Copied++
	w.rep.PerShard[w.shards[i]]++
	if w.deletes[i] {
		w.rep.Deletes++
	}
}

// reshardDrain bounds the wait, after a cancellation, for the
// acknowledgements of the copies already sent.
const reshardDrain = 5 * time.Second
