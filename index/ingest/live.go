package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/parse"
)

// Live writes to an index that a server is also reading: articles posted
// to the write API, one request at a time. Every write is persisted before
// its method returns, so an acknowledged write survives a crash.
type Live struct {
	mu sync.Mutex
	ix *index.Index
	x  *entity.Extractor
	// log, when set, takes the writes instead of ix (NewLiveTo).
	log Log
}

// NewLive returns a Live writer for ix that extracts entities with x.
func NewLive(ix *index.Index, x *entity.Extractor) *Live {
	return &Live{ix: ix, x: x}
}

// Log is where a Live writer in cluster mode writes instead of its index:
// the article log (package cluster), from which the shards' indexes are
// written.
type Log interface {
	// NewSink returns a Sink that publishes articles to the log.
	NewSink(batchSize int) Sink
	// Delete publishes the removal of an article; it reports whether the
	// removal was accepted.
	Delete(ctx context.Context, id string) (bool, error)
	// Indexed reports which of the article ids the log holds.
	Indexed(ctx context.Context, ids []string) (map[string]bool, error)
}

// NewLiveTo returns a Live writer that extracts entities with x and
// writes articles and deletions to log, which also answers Indexed; ix
// is the index of this node's shard.
func NewLiveTo(ix *index.Index, x *entity.Extractor, log Log) *Live {
	return &Live{ix: ix, x: x, log: log}
}

// sink returns what a write of batchSize articles goes to.
func (l *Live) sink(batchSize int) Sink {
	if l.log != nil {
		return l.log.NewSink(batchSize)
	}
	return l.ix.NewWriter(batchSize)
}

// RecordError is one record of a write request that was not indexed.
type RecordError struct {
	// Line is the 1-based line of the request body the record starts on.
	Line int
	Err  error
}

// Ingest reads one JSON article, an array of them, or JSON Lines from r
// (the format is sniffed) and indexes every good record, with entity
// extraction. r is read whole before anything is written: when reading it
// fails (a body over the server's limit, a client too slow or gone),
// nothing is written and the reader's error is returned (net/http also
// cancels ctx then), or context.DeadlineExceeded when ctx's deadline
// passed meanwhile. It returns the report, the rejected records, and an
// error for those failures, failures of the index and a cancelled ctx
// (the articles written before ctx ended stay written).
func (l *Live) Ingest(ctx context.Context, r io.Reader) (Report, []RecordError, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	body, err := io.ReadAll(r)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return Report{}, nil, ctx.Err()
	}
	if err != nil {
		return Report{}, nil, fmt.Errorf("read the articles: %w", err)
	}
	if ctx.Err() != nil {
		return Report{}, nil, ctx.Err()
	}
	var rejected []RecordError
	rep, err := Run(ctx, l.ix, []parse.Input{{Path: parse.Stdin, Format: parse.Sniff}}, Config{
		Extractor: l.x, Extract: true, Stdin: bytes.NewReader(body), NewSink: l.sink,
		OnReject: func(err error) {
			re := RecordError{Err: err}
			var pe *parse.RecordError
			if errors.As(err, &pe) {
				re.Line, re.Err = pe.Line, pe.Err
			}
			rejected = append(rejected, re)
		},
	})
	if err == nil && rep.Interrupted {
		err = ctx.Err()
	}
	return rep, rejected, err
}

// Delete removes an article; it reports whether it was there.
func (l *Live) Delete(ctx context.Context, id string) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.log != nil {
		return l.log.Delete(ctx, id)
	}
	return l.ix.Delete(ctx, id)
}

// Write indexes articles already parsed (from a feed, say), with entity
// extraction, as one batch persisted before it returns.
func (l *Live) Write(ctx context.Context, articles []*index.Article) (index.Stats, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.sink(len(articles) + 1)
	for _, a := range articles {
		index.Entities(l.x, a, true)
		if err := w.Add(ctx, a); err != nil {
			return w.Stats(), err
		}
	}
	err := w.Flush(ctx)
	return w.Stats(), err
}

// Indexed reports which of the article ids are in the index: the returned
// set holds those that are. It fails when the index cannot be searched.
func (l *Live) Indexed(ctx context.Context, ids []string) (map[string]bool, error) {
	if l.log != nil {
		return l.log.Indexed(ctx, ids)
	}
	return l.ix.Stored(ctx, ids)
}
