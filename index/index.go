package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/sitrep/sitrep/index/dedup"
	"github.com/sitrep/sitrep/index/registry"
)

// schemaVersion is stored inside every index Sitrep creates. Bump it when a
// change to the mapping or to Article needs existing indexes rebuilt.
const schemaVersion = "8" // 3: story and fingerprint; 4: one text field for summary, body and captions; 5: that field one string; 6: entities and names (the entity registry), date_source; 7 (issue 18): body and captions stored zstd-compressed in one field (FieldContent), the entities' records in one compressed value, no _all field; 8 (issue 18): text_pairs, the text's adjacent common words in pairs (and the list's hash, commonWordsKey)

const schemaKey = "sitrep.schema"

// commonWordsKey holds the hash of the common words (CommonWordsHash) whose
// pairs the index's FieldTextPairs holds: a phrase of two listed words is
// answered by its pair alone, so an index made with another list would
// miss the phrases of words listed since, and Open refuses it.
const commonWordsKey = "sitrep.commonwords"

// ErrLocked reports that another process holds the index open for writing.
var ErrLocked = errors.New("index is locked by another process")

// Options configures Open.
type Options struct {
	// LockTimeout bounds how long Open waits for another process to release
	// the index's lock (root.bolt). Zero means one second.
	LockTimeout time.Duration
}

// Index is an open Sitrep index on disk. It is safe for concurrent use:
// searches read bleve snapshots (Acquire), and writes (Writer.Flush,
// Delete) take turns on the story lookup.
//
// A write that bleve fails to persist (a full disk, an I/O error) can leave
// bleve's in-memory state broken: bleve v2.6.3 closes the segment of a
// batch it could not persist while that segment stays in the snapshot
// searches read, and every search reaching it then panics. So after a
// failed write the Index closes bleve and opens the index again from disk,
// which holds every write that was acknowledged; searches wait for it.
type Index struct {
	path string
	// config returns the configuration bleve opens the index with; each
	// call a new map, as bleve writes into it.
	config func() map[string]any

	// mu guards bleve, broken and closed: searches hold it for reading
	// (Acquire), a reopen and Close for writing. Writes, which hold
	// storyMu, use bleve without it: only they reopen.
	mu     sync.RWMutex
	bleve  bleve.Index
	broken error // why the index could not be opened again; bleve is nil
	closed bool
	// reopens counts the reopens after failed writes.
	reopens int

	closeErr error

	// storyMu serialises writes, which read and update stories together
	// with the index. stories is the lookup of the fingerprinted articles'
	// stories: nil until a write first needs it, and again after a write
	// failed part-way, so that it is rebuilt from what the index holds.
	storyMu sync.Mutex
	stories *dedup.Stories
	// reg is the entity registry (package registry), guarded like
	// stories and dropped with it after a failed write; regMu guards the
	// pointer for readers (Registry). regDirty says it holds writes not
	// yet saved to its file, saved when it was last saved; saveCost how
	// long the last save took. That a rebuilt registry's every group of
	// names is to be evaluated on the next write is the registry's own
	// (registry.Registry.Unsettled), saved in its file.
	regMu    sync.RWMutex
	reg      *registry.Registry
	regDirty bool
	saved    time.Time
	saveCost time.Duration
}

// Open opens the index at path, creating it when path does not exist or is
// an empty directory. It fails with an error wrapping ErrLocked when another
// process has the index open, and refuses a directory that holds something
// other than a Sitrep index, or an index built with an incompatible schema.
func Open(ctx context.Context, path string, opts Options) (*Index, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = time.Second
	}
	// bleve writes into the config map it is given: each call gets its own.
	config := func() map[string]any { return map[string]any{"bolt_timeout": opts.LockTimeout.String()} }
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	exists, err := holdsIndex(path)
	if err != nil {
		return nil, err
	}
	if !exists {
		if err := create(path, config()); err != nil {
			return nil, err
		}
	}
	b, err := bleve.OpenUsing(path, config())
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open index %q: %w (%s is held; stop the other sitrep process or choose another --index)",
			path, ErrLocked, filepath.Join(path, "store", "root.bolt"))
	}
	if err != nil {
		return nil, fmt.Errorf("open index %q: %w", path, err)
	}
	version, err := b.GetInternal([]byte(schemaKey))
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %q: read schema version: %w", path, err)
	}
	if string(version) != schemaVersion {
		b.Close()
		return nil, fmt.Errorf("open index %q: it was built with schema %q, this sitrep needs schema %q: ingest into a new --index directory",
			path, version, schemaVersion)
	}
	words, err := b.GetInternal([]byte(commonWordsKey))
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %q: read the hash of its common words: %w", path, err)
	}
	if string(words) != CommonWordsHash() {
		b.Close()
		return nil, fmt.Errorf("open index %q: its phrases' word pairs were indexed with another list of common words (hash %.12s, this sitrep's %.12s, index/commonwords.txt): ingest into a new --index directory",
			path, words, CommonWordsHash())
	}
	return &Index{path: path, config: config, bleve: b}, nil
}

// holdsIndex reports whether path holds a bleve index. A missing path or an
// empty directory holds none; any other content is an error, so that Open
// never writes an index over someone's files.
func holdsIndex(path string) (bool, error) {
	entries, err := os.ReadDir(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	case errors.Is(err, syscall.ENOTDIR):
		return false, fmt.Errorf("open index %q: %s is a file, not a directory: the index is a directory (choose another --index)", path, fileOnPath(path))
	case errors.Is(err, os.ErrPermission):
		return false, fmt.Errorf("open index %q: %w: choose an --index directory this user may read and write", path, err)
	case err != nil:
		return false, fmt.Errorf("open index %q: %w", path, err)
	case len(entries) == 0:
		return false, nil
	}
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err != nil {
		return false, fmt.Errorf("open index %q: the directory is not empty and holds no bleve index (no index_meta.json): choose an empty or new --index directory", path)
	}
	return true, nil
}

// fileOnPath returns the first element of path, from the top, that exists
// and is not a directory; path itself when there is none.
func fileOnPath(path string) string {
	clean := filepath.Clean(path)
	var parts []string
	for p := clean; ; p = filepath.Dir(p) {
		parts = append(parts, p)
		if p == filepath.Dir(p) {
			break
		}
	}
	for i := len(parts) - 1; i >= 0; i-- {
		if info, err := os.Stat(parts[i]); err == nil && !info.IsDir() {
			return parts[i]
		}
	}
	return path
}

// create builds an empty index in a temporary sibling directory and renames
// it into place, so that an interrupted creation never leaves a half-made
// index at path.
func create(path string, config map[string]any) error {
	parent := filepath.Dir(path)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create index %q: %w: choose an --index in a directory this user may create and write", path, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(path)+".creating-")
	if err != nil {
		return fmt.Errorf("create index %q: %w: choose an --index in a directory this user may write", path, err)
	}
	defer os.RemoveAll(tmp)
	staging := filepath.Join(tmp, "index")
	b, err := bleve.NewUsing(staging, NewMapping(), scorch.Name, scorch.Name, config)
	if err != nil {
		return fmt.Errorf("create index %q: %w", path, err)
	}
	for key, value := range map[string]string{schemaKey: schemaVersion, commonWordsKey: CommonWordsHash()} {
		if err := b.SetInternal([]byte(key), []byte(value)); err != nil {
			b.Close()
			return fmt.Errorf("create index %q: %w", path, err)
		}
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("create index %q: %w", path, err)
	}
	// An empty directory at path (allowed by holdsIndex) must go first.
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("create index %q: %w", path, err)
	}
	if err := os.Rename(staging, path); err != nil {
		return fmt.Errorf("create index %q: %w", path, err)
	}
	return nil
}

// Path returns the directory the index lives in.
func (ix *Index) Path() string { return ix.path }

// Bleve returns the underlying bleve index, for tools and tests that
// read while nothing writes. A write that fails replaces it (see Index):
// a search that may run beside writes uses Acquire. Writers go through
// NewWriter.
func (ix *Index) Bleve() bleve.Index {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.bleve
}

// Acquire returns the bleve index for one search and a release function
// to call when the search is done; the index is not replaced in between.
// A search that starts while the index is being opened again after a
// failed write waits for it. Acquire fails when that reopening failed:
// the index cannot be searched until the process opens it again.
func (ix *Index) Acquire() (bleve.Index, func(), error) {
	ix.mu.RLock()
	if ix.broken != nil {
		err := ix.broken
		ix.mu.RUnlock()
		return nil, nil, err
	}
	return ix.bleve, ix.mu.RUnlock, nil
}

// Reopens returns how many times the index was opened again after a write
// that failed.
func (ix *Index) Reopens() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.reopens
}

// reopen closes bleve and opens the index again from disk, discarding
// what bleve holds in memory after the failed write cause: the articles
// of every acknowledged write are on disk. The caller holds storyMu, and
// drops the story lookup. It returns cause, with what went wrong if the
// index could not be opened again.
func (ix *Index) reopen(cause error) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed || ix.bleve == nil {
		return cause
	}
	_ = ix.bleve.Close() // it is broken; what it holds on disk is not
	ix.bleve = nil
	b, err := bleve.OpenUsing(ix.path, ix.config())
	if err != nil {
		ix.broken = fmt.Errorf("index %q: after a failed write it could not be opened again (%w): restart sitrep", ix.path, err)
		return fmt.Errorf("%w; then %w", cause, ix.broken)
	}
	ix.bleve = b
	ix.reopens++
	return cause
}

// Count returns the number of articles in the index.
func (ix *Index) Count() (uint64, error) {
	b, release, err := ix.Acquire()
	if err != nil {
		return 0, err
	}
	defer release()
	n, err := b.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count articles in %q: %w", ix.path, err)
	}
	return n, nil
}

// Stored reports which of ids are in the index, with one search: the
// returned set holds those that are. It fails when the index cannot be
// searched.
func (ix *Index) Stored(ctx context.Context, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	b, release, err := ix.Acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	res, err := b.SearchInContext(ctx, bleve.NewSearchRequestOptions(IDsQuery(ids), len(ids), 0, false))
	if err != nil {
		return nil, fmt.Errorf("look up %d articles in %q: %w", len(ids), ix.path, err)
	}
	for _, h := range res.Hits {
		out[h.ID] = true
	}
	return out, nil
}

// Internal returns the value the index holds under key in its internal
// store (written by Writer.SetInternal), nil when there is none. It fails
// when the index cannot be read.
func (ix *Index) Internal(key string) ([]byte, error) {
	b, release, err := ix.Acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	v, err := b.GetInternal([]byte(key))
	if err != nil {
		return nil, fmt.Errorf("read %q from index %q: %w", key, ix.path, err)
	}
	return v, nil
}

// SizeOnDisk returns the bytes the index's files take on disk.
func (ix *Index) SizeOnDisk() (int64, error) {
	var total int64
	err := filepath.WalkDir(ix.path, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("size of index %q: %w", ix.path, err)
	}
	return total, nil
}

// Close closes the index, waiting for pending writes to be persisted,
// and saves the entity registry. Closing it again does nothing and
// returns the first result.
func (ix *Index) Close() error {
	ix.storyMu.Lock() // no write runs, and none starts
	defer ix.storyMu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return ix.closeErr
	}
	ix.closed = true
	if ix.bleve != nil && ix.broken == nil {
		ix.closeErr = ix.saveRegistry(true)
	}
	if ix.bleve != nil {
		if err := ix.bleve.Close(); err != nil && ix.closeErr == nil {
			ix.closeErr = fmt.Errorf("close index %q: %w", ix.path, err)
		}
	}
	return ix.closeErr
}

// Delete removes the article with the given ID and waits until the removal
// is persisted; its story no longer counts it. It reports whether the
// article was there.
func (ix *Index) Delete(ctx context.Context, id string) (bool, error) {
	ix.storyMu.Lock()
	defer ix.storyMu.Unlock()
	if ix.broken != nil { // written under storyMu too
		return false, ix.broken
	}
	named, found, err := ix.storedNamed(ctx, id)
	if err != nil || !found {
		return false, err
	}
	reg, err := ix.registry(ctx)
	if err != nil {
		return false, err
	}
	gen := reg.Gen() + 1
	batch := ix.bleve.NewBatch()
	batch.Delete(id)
	batch.SetInternal([]byte(genKey), genBytes(gen))
	if err := ix.bleve.Batch(batch); err != nil {
		ix.stories = nil // the deletion may or may not have happened
		ix.dropRegistry()
		return false, ix.reopen(fmt.Errorf("delete article %s from %q: %w", id, ix.path, err))
	}
	if ix.stories != nil {
		ix.stories.Remove(id)
	}
	touched := reg.Apply(gen, [][]registry.Named{named}, nil)
	if err := ix.settle(ctx, reg, touched); err != nil {
		ix.stories = nil
		ix.dropRegistry()
		return true, err
	}
	return true, nil
}

// withStories calls write with the story lookup and the entity
// registry, each built from the index if need be, while no other write
// runs. When write fails both are dropped, to be rebuilt from the index
// (the registry from its file, if that matches the index) by the next
// write: a failed batch may have assigned stories to articles it did not
// write, and the registry may have counted them.
func (ix *Index) withStories(ctx context.Context, write func(*dedup.Stories, *registry.Registry) error) error {
	ix.storyMu.Lock()
	defer ix.storyMu.Unlock()
	if ix.broken != nil { // written under storyMu too
		return ix.broken
	}
	if ix.stories == nil {
		s, err := ix.loadStories(ctx)
		if err != nil {
			return err
		}
		ix.stories = s
	}
	reg, err := ix.registry(ctx)
	if err != nil {
		return err
	}
	if err := write(ix.stories, reg); err != nil {
		ix.stories = nil
		ix.dropRegistry()
		return err
	}
	return nil
}

// reader opens a reader of the index's current snapshot, below bleve's
// searches; the caller closes it.
func (ix *Index) reader() (bleveindex.IndexReader, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// loadStories builds the story lookup from the index: the ID, story and
// fingerprint of every live article, read from doc values segment by
// segment (no stored document is loaded).
func (ix *Index) loadStories(ctx context.Context) (*dedup.Stories, error) {
	fail := func(err error) (*dedup.Stories, error) {
		return nil, fmt.Errorf("read the stories of %q: %w", ix.path, err)
	}
	r, err := ix.reader()
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	dvr, err := r.DocValueReader([]string{FieldID, FieldStory, FieldFingerprint})
	if err != nil {
		return fail(err)
	}
	s := &dedup.Stories{}
	var id, story, fp string
	visit := func(field string, term []byte) {
		switch field {
		case FieldID:
			id = string(term)
		case FieldStory:
			story = string(term)
		case FieldFingerprint:
			fp = string(term)
		}
	}
	err = eachDoc(ctx, r, func(doc bleveindex.IndexInternalID) error {
		id, story, fp = "", "", ""
		if err := dvr.VisitDocValues(doc, visit); err != nil {
			return err
		}
		if fp == "" {
			return nil // too short to fingerprint: a story of its own
		}
		h, err := dedup.ParseSimHash(fp)
		if err != nil {
			return fmt.Errorf("article %s: %w: the index is damaged; ingest into a new --index directory", id, err)
		}
		if story == "" || story == id {
			story = id // one string for both
		}
		s.Add(id, h, story)
		return nil
	})
	if err != nil {
		return fail(err)
	}
	return s, nil
}

// eachDoc calls visit with the internal ID of every live article of r,
// in one walk of the index, until visit fails or ctx is done.
func eachDoc(ctx context.Context, r bleveindex.IndexReader, visit func(bleveindex.IndexInternalID) error) error {
	all, err := r.DocIDReaderAll()
	if err != nil {
		return err
	}
	defer all.Close()
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		doc, err := all.Next()
		if err != nil || doc == nil {
			return err
		}
		if err := visit(doc); err != nil {
			return err
		}
	}
}

// IDsQuery returns a query matching the articles with the given IDs,
// scoring nothing (it adds 0 to the score of a query it is joined with).
// It reads the id field's terms one after another, where bleve's
// DocIDQuery reads every segment in a goroutine of its own: a fault in a
// segment (see Index.Acquire) then panics in the caller's goroutine, which
// can recover, not in one that takes the process down.
//
// The terms are ORed in a tree whose every OR has at most idsFanOut
// clauses (fewer when bleve's process-wide clause limit,
// searcher.DisjunctionMaxClauseCount, is lower): that limit bounds the
// expansions of a user's query (search.LimitPrefixTerms) and must not
// refuse a lookup of many articles by ID, such as a write's.
func IDsQuery(ids []string) query.Query {
	terms := make([]query.Query, len(ids))
	for i, id := range ids {
		tq := bleve.NewTermQuery(id)
		tq.SetField(FieldID)
		tq.SetBoost(0)
		terms[i] = tq
	}
	if len(terms) == 0 {
		return bleve.NewDisjunctionQuery()
	}
	fanOut := idsFanOut
	if limit := searcher.DisjunctionMaxClauseCount; limit > 0 && limit < fanOut {
		fanOut = max(limit, 2)
	}
	for len(terms) > 1 {
		ors := make([]query.Query, 0, (len(terms)+fanOut-1)/fanOut)
		for group := range slices.Chunk(terms, fanOut) {
			if len(group) == 1 {
				ors = append(ors, group[0])
			} else {
				ors = append(ors, bleve.NewDisjunctionQuery(group...))
			}
		}
		terms = ors
	}
	return terms[0]
}

// idsFanOut is the most clauses of one OR that IDsQuery builds: below the
// least clause limit sitrep serve accepts (--max-prefix-terms 100).
const idsFanOut = 64
