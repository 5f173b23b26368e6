package index

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/sitrep/sitrep/index/dedup"
	"github.com/sitrep/sitrep/index/registry"
)

// DefaultBatchSize is the number of articles a Writer groups into one bleve
// batch when asked for no particular size.
const DefaultBatchSize = 256

// Stats counts what a Writer did with the articles it was given.
type Stats struct {
	// Indexed counts articles that were new to the index.
	Indexed int
	// Updated counts articles that replaced an earlier, different version
	// with the same ID (in the index, or earlier in the same run).
	Updated int
	// Unchanged counts articles identical to the version already stored:
	// nothing was written for them.
	Unchanged int
}

// Total returns the number of articles the Writer accepted.
func (s Stats) Total() int { return s.Indexed + s.Updated + s.Unchanged }

func (s Stats) String() string {
	return fmt.Sprintf("indexed %d, updated %d, unchanged %d", s.Indexed, s.Updated, s.Unchanged)
}

// Writer adds articles to an Index in batches. Articles become durable and
// searchable when their batch is flushed: automatically each time BatchSize
// articles are pending, and on Flush. A Writer is not safe for concurrent
// use; several Writers of one Index flush in turn.
//
// The Writer gives each article it writes its Story: an article whose body
// is a syndicated copy of an earlier article's — its SimHash within
// dedup.MaxDistance bits — joins that article's story; any other starts
// its own, named by its ID, as does an article too short to fingerprint.
// An updated article is assigned again. The lookup of earlier
// fingerprints belongs to the Index, which builds it from the index's doc
// values on the first write after Open.
//
// The Writer also gives each article's facets the names its entities
// resolve to across articles (the Index's registry, package registry),
// setting the article's People, Places, Organisations, Aliases and Named
// when it writes it; a write that joins names, or undoes a join, rewrites
// the articles of those names before Flush returns.
type Writer struct {
	ix        *Index
	batchSize int
	now       func() time.Time
	pending   map[string]*pendingArticle
	order     []string
	stats     Stats
	// internal holds the values to write under bleve internal keys with
	// the next batch (SetInternal).
	internal map[string][]byte
}

type pendingArticle struct {
	article *Article
	hash    string
	// fp is the body's fingerprint, when ok.
	fp dedup.SimHash
	ok bool
}

// NewWriter returns a Writer that flushes every batchSize articles
// (DefaultBatchSize when batchSize < 1).
func (ix *Index) NewWriter(batchSize int) *Writer {
	if batchSize < 1 {
		batchSize = DefaultBatchSize
	}
	return &Writer{ix: ix, batchSize: batchSize, now: time.Now, pending: make(map[string]*pendingArticle, batchSize)}
}

// Add queues an article, giving it its stable ID when it has none, and
// flushes the batch when it is full. It returns an error when the article
// has neither title nor body, or when a flush fails.
func (w *Writer) Add(ctx context.Context, a *Article) error {
	if a.Title == "" && a.Body == "" {
		return fmt.Errorf("article %q has no title and no body", a.URL)
	}
	if a.ID == "" {
		a.SetID()
	}
	p := &pendingArticle{article: a, hash: a.contentHash()}
	p.fp, p.ok = dedup.Fingerprint(a.Body)
	if prev, ok := w.pending[a.ID]; ok {
		// The same article twice in one batch: the later version wins.
		if prev.hash == p.hash {
			w.stats.Unchanged++
		} else {
			w.stats.Updated++
		}
	} else {
		w.order = append(w.order, a.ID)
	}
	w.pending[a.ID] = p
	if len(w.pending) >= w.batchSize {
		return w.Flush(ctx)
	}
	return nil
}

// SetInternal has the next Flush write value under key in the index's
// internal store (Index.Internal), in the same bleve batch as its
// articles, and makes that Flush write even when no article is pending or
// changed: a reader of a log records how far it applied the log
// atomically with what it applied (package cluster). Keys beginning with
// "sitrep." are the index's own; use another.
func (w *Writer) SetInternal(key string, value []byte) {
	if w.internal == nil {
		w.internal = make(map[string][]byte)
	}
	w.internal[key] = value
}

// Flush writes the pending articles as one batch, with their stories, and
// waits until it is persisted. Articles whose stored version has the same
// content are skipped (and keep their story).
func (w *Writer) Flush(ctx context.Context) error {
	if len(w.pending) == 0 && len(w.internal) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var stats Stats
	err := w.ix.withStories(ctx, func(stories *dedup.Stories, reg *registry.Registry) error {
		stored, err := w.storedVersions(ctx)
		if err != nil {
			return err
		}
		batch := w.ix.bleve.NewBatch()
		now := w.now().UTC()
		var removed, added [][]registry.Named
		for _, id := range w.order {
			p := w.pending[id]
			prev, exists := stored[id]
			switch {
			case exists && prev.hash == p.hash:
				stats.Unchanged++
				continue
			case exists:
				stats.Updated++
			default:
				stats.Indexed++
			}
			p.article.Ingested = now
			named := slices.Clone(namedOf(p.article))
			reg.Resolve(named)
			p.article.resolve(named)
			if exists {
				removed = append(removed, prev.named)
			}
			added = append(added, named)
			fingerprint := ""
			if p.ok {
				p.article.Story = stories.Assign(id, p.fp)
				fingerprint = p.fp.String()
			} else {
				p.article.Story = stories.Own(id)
			}
			if err := batch.Index(id, p.article.document(p.hash, fingerprint)); err != nil {
				return fmt.Errorf("index article %s (%q): %w", id, p.article.Title, err)
			}
		}
		for key, value := range w.internal {
			batch.SetInternal([]byte(key), value)
		}
		if batch.Size() == 0 {
			return nil
		}
		size := batch.Size()
		gen := reg.Gen() + 1
		batch.SetInternal([]byte(genKey), genBytes(gen))
		if err := w.ix.bleve.Batch(batch); err != nil {
			return w.ix.reopen(fmt.Errorf("write batch of %d articles to %q: %w", size, w.ix.path, err))
		}
		return w.ix.settle(ctx, reg, reg.Apply(gen, removed, added))
	})
	if err != nil {
		return err
	}
	w.stats.Indexed += stats.Indexed
	w.stats.Updated += stats.Updated
	w.stats.Unchanged += stats.Unchanged
	clear(w.pending)
	clear(w.internal)
	w.order = w.order[:0]
	return nil
}

// stored is what the index holds of an article a Writer writes again.
type stored struct {
	hash  string
	named []registry.Named
}

// storedVersions returns the content hashes, and what they say of their
// entities, of those pending articles that are already in the index,
// with one search for the whole batch.
func (w *Writer) storedVersions(ctx context.Context) (map[string]stored, error) {
	if len(w.order) == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(IDsQuery(w.order), len(w.order), 0, false)
	req.Fields = []string{FieldID, FieldHash, FieldEntities}
	res, err := w.ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("look up %d articles in %q: %w", len(w.order), w.ix.path, err)
	}
	out := make(map[string]stored, len(res.Hits))
	for _, h := range res.Hits {
		named, err := namedFromFields(h.Fields)
		if err != nil {
			return nil, err
		}
		out[h.ID] = stored{hash: str(h.Fields[FieldHash]), named: named}
	}
	return out, nil
}

// Stats returns the counts of articles flushed so far.
func (w *Writer) Stats() Stats { return w.stats }
