package natstest

import (
	"context"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/ingest"
)

// Tee writes articles to the article log (Log, a cluster.Log's sink) and,
// the same articles, to one index (Index), for comparing the shards with
// one index of everything.
type Tee struct {
	Log   ingest.Sink
	Index *index.Writer
}

// Add publishes a, which the log encodes at once, before the index
// writer, which changes it when it flushes.
func (t *Tee) Add(ctx context.Context, a *index.Article) error {
	if err := t.Log.Add(ctx, a); err != nil {
		return err
	}
	return t.Index.Add(ctx, a)
}

// Flush flushes the log, then the index.
func (t *Tee) Flush(ctx context.Context) error {
	if err := t.Log.Flush(ctx); err != nil {
		return err
	}
	return t.Index.Flush(ctx)
}

// Stats are the log's.
func (t *Tee) Stats() index.Stats { return t.Log.Stats() }
