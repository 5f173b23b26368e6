package main

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"time"

	"github.com/sitrep/sitrep/index/cluster"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// answerSearches has eng answer the search requests of shard k of the
// log (cluster.Log.Answer), each within timeout; applied says how far
// the replica filling eng's index has applied the log, for consistent
// searches. stop ends it.
func answerSearches(l *cluster.Log, k int, eng *search.Engine, timeout time.Duration, applied func() uint64) (stop func(), err error) {
	return l.Answer(k, func(ctx context.Context, body []byte) ([]byte, error) {
		var r search.ShardRequest
		if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&r); err != nil {
			return nil, fmt.Errorf("a search request that does not decode: %w", err)
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		if err := waitApplied(ctx, l, k, r.Request, applied); err != nil {
			return nil, err
		}
		a, err := eng.Serve(ctx, &r)
		if err != nil {
			return nil, err
		}
		var out bytes.Buffer
		err = gob.NewEncoder(&out).Encode(a)
		return out.Bytes(), err
	})
}

// waitApplied waits, when req asks for a consistent search, until the
// replica has applied the shard's writes up to req.After, or, without
// After, up to the shard's last write the log holds now.
func waitApplied(ctx context.Context, l *cluster.Log, k int, req search.Request, applied func() uint64) error {
	if !req.Consistent {
		return nil
	}
	target, err := l.LastSequence(ctx, k)
	if err != nil {
		return err
	}
	if req.After > 0 {
		// The shard's writes up to After are all at or before
		// min(After, its last): once past that, it holds them.
		target = min(target, req.After)
	}
	for applied() < target {
		select {
		case <-ctx.Done():
			return fmt.Errorf("shard %d has applied the article log up to %d, not yet %d, within the search's time: search again, or without consistent=1", k, applied(), target)
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil
}

// natsShard is a shard searched through the article log's NATS
// connection: its requests go to whichever replica of the shard's queue
// group NATS hands them to.
type natsShard struct {
	log   *cluster.Log
	shard int
}

// Serve implements search.Shard. Requests and answers travel as gob,
// which decodes the matches of a search several times as fast as JSON.
func (s natsShard) Serve(ctx context.Context, r *search.ShardRequest) (*search.ShardAnswer, error) {
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(r); err != nil {
		return nil, err
	}
	out, err := s.log.Ask(ctx, s.shard, body.Bytes())
	if err != nil {
		return nil, err
	}
	var a search.ShardAnswer
	if err := gob.NewDecoder(bytes.NewReader(out)).Decode(&a); err != nil {
		return nil, fmt.Errorf("shard %d: an answer that does not decode: %w", s.shard, err)
	}
	return &a, nil
}

// newGather returns a Gather over every shard of the log, through NATS.
func newGather(l *cluster.Log, lim search.Limits) *search.Gather {
	shards := make([]search.Shard, l.Shards())
	for k := range shards {
		shards[k] = natsShard{log: l, shard: k}
	}
	n := l.Shards()
	return search.NewGather(shards, func(id string) int { return cluster.ShardOf(id, n) }, lim)
}

// coordinator is what a coordinator node's pages and API read through:
// searches, articles, entities, facets, exports and surging entities
// gathered from every shard; the count of /healthz its own
// (docs/CLUSTER.md).
type coordinator struct {
	*search.Gather
	local *search.Engine
}

var _ web.Searcher = coordinator{}

// Count implements web.Searcher with the articles of the node's own
// shard: /healthz says what the node holds, and answers while other
// shards are down.
func (c coordinator) Count(ctx context.Context) (uint64, error) {
	return c.local.Count(ctx)
}
