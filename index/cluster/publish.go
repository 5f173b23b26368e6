package cluster

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep/sitrep/index"
)

// publisher publishes articles to the log in batches: the ingest.Sink of
// cluster mode. An article counts as saved once JetStream acknowledged
// it, that is once the stream's replicas (a majority of them) stored it.
// A publisher is not safe for concurrent use.
type publisher struct {
	log       *Log
	batchSize int
	// nonce and n make each publish's Nats-Msg-Id unique to it, and the
	// same for its retries (msgID).
	nonce   string
	n       uint64
	pending []*nats.Msg
	stats   index.Stats
	// last is the sequence of the last message acknowledged.
	last uint64
}

func (l *Log) newPublisher(batchSize int) *publisher {
	if batchSize < 1 {
		batchSize = index.DefaultBatchSize
	}
	return &publisher{log: l, batchSize: batchSize, nonce: rand.Text()[:12]}
}

// msgID returns the Nats-Msg-Id of the next publish of the article id
// with content (its encoded body, or the kind of message): the article's
// id and content hash, which say what is written, and the publisher's
// nonce and count, without which an article written back to an earlier
// version within the duplicate window (v1, v2, v1) would be dropped as a
// duplicate of its first write. A retry sends the same message, so the
// same id, and is stored once.
func (p *publisher) msgID(id, content string) string {
	p.n++
	sum := sha256.Sum256([]byte(content))
	return fmt.Sprintf("%s.%s.%s.%d", id, hex.EncodeToString(sum[:8]), p.nonce, p.n)
}

// Add queues an article, giving it its stable ID when it has none, and
// publishes the batch when it is full. It returns an error when the
// article has neither title nor body (as index.Writer does), or when a
// publish fails.
func (p *publisher) Add(ctx context.Context, a *index.Article) error {
	if a.Title == "" && a.Body == "" {
		return fmt.Errorf("article %q has no title and no body", a.URL)
	}
	if a.ID == "" {
		a.SetID()
	}
	body, err := encodeArticle(a)
	if err != nil {
		return err
	}
	m, err := p.log.putMsg(a, p.msgID(a.ID, string(body)))
	if err != nil {
		return err
	}
	p.pending = append(p.pending, m)
	if len(p.pending) >= p.batchSize {
		return p.Flush(ctx)
	}
	return nil
}

// Flush publishes the pending articles and waits until JetStream has
// acknowledged every one. A publish that fails (a NATS server down, the
// stream's leader being elected again) is sent again until the log's
// PublishTimeout; then Flush fails, and the articles not acknowledged
// are not saved.
func (p *publisher) Flush(ctx context.Context) error {
	if len(p.pending) == 0 {
		return nil
	}
	err := p.publish(ctx, p.pending)
	clear(p.pending)
	p.pending = p.pending[:0]
	return err
}

// Stats returns the counts of articles acknowledged so far: Indexed
// counts those the log stored, Unchanged those it had stored already (a
// retried publish). Whether a shard finds an article new, changed or
// unchanged is its own affair.
func (p *publisher) Stats() index.Stats { return p.stats }

// Sequence returns the stream sequence of the last article the log
// acknowledged (ingest.Report.Sequence): a search that asks to see it
// (consistent=1&after=…) waits until its shard has applied it.
func (p *publisher) Sequence() uint64 { return p.last }

// publish sends msgs asynchronously, then sends each one that was not
// acknowledged again, synchronously, until it is or the log's
// PublishTimeout passes.
func (p *publisher) publish(ctx context.Context, msgs []*nats.Msg) error {
	futures := make([]jetstream.PubAckFuture, len(msgs))
	for i, m := range msgs {
		f, err := p.log.js.PublishMsgAsync(m)
		if err == nil {
			futures[i] = f
		}
	}
	var failed []*nats.Msg
	for i, f := range futures {
		if f == nil {
			failed = append(failed, msgs[i])
			continue
		}
		select {
		case ack := <-f.Ok():
			p.acked(ack)
		case <-f.Err():
			failed = append(failed, msgs[i])
		case <-ctx.Done():
			return fmt.Errorf("publish to the article log: %w (%d articles acknowledged before)", ctx.Err(), p.stats.Total())
		}
	}
	if len(failed) == 0 {
		return nil
	}
	deadline, cancel := context.WithTimeout(ctx, p.log.cfg.PublishTimeout)
	defer cancel()
	for _, m := range failed {
		ack, err := p.retry(deadline, m)
		if err != nil {
			return fmt.Errorf("publish article %s to the article log at %s: %w: are the NATS servers up? (%d articles acknowledged before were saved)",
				m.Header.Get(headerID), p.log.cfg.URL, err, p.stats.Total())
		}
		p.acked(ack)
	}
	return nil
}

// retry sends m until JetStream acknowledges it or ctx ends.
func (p *publisher) retry(ctx context.Context, m *nats.Msg) (*jetstream.PubAck, error) {
	wait := 100 * time.Millisecond
	for {
		attempt, cancel := context.WithTimeout(ctx, 5*time.Second)
		ack, err := p.log.js.PublishMsg(attempt, m)
		cancel()
		if err == nil {
			return ack, nil
		}
		if ctx.Err() != nil {
			return nil, errors.Join(err, ctx.Err())
		}
		p.log.logger.Warn("publish to the article log failed: trying again", "article", m.Header.Get(headerID), "err", err)
		select {
		case <-ctx.Done():
			return nil, errors.Join(err, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

func (p *publisher) acked(ack *jetstream.PubAck) {
	if ack.Duplicate {
		p.stats.Unchanged++
	} else {
		p.stats.Indexed++
	}
	p.last = max(p.last, ack.Sequence)
}
