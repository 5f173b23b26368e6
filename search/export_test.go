package search

import "github.com/sitrep/sitrep/search/internal/scorchx"

// EntityIDTable is an id table of its own over the tables of one snapshot
// of an Engine's index, for the benchmarks of package search_test.
type EntityIDTable struct {
	ids   *entityIDs
	snap  *scorchx.Snapshot
	close func()
}

// NewEntityIDTable opens the current snapshot of e's index (building its
// tables) with an id table that has hashed nothing yet.
func (e *Engine) NewEntityIDTable() (*EntityIDTable, error) {
	b, release, err := e.ix.Acquire()
	if err != nil {
		return nil, err
	}
	snap, err := scorchx.Open(b, e.mapping, e.tables)
	if err != nil {
		release()
		return nil, err
	}
	return &EntityIDTable{ids: newEntityIDs(), snap: snap, close: func() { snap.Close(); release() }}, nil
}

// Reset forgets every hash.
func (t *EntityIDTable) Reset() { t.ids = newEntityIDs() }

// Name finds the name of id, hashing the values not hashed yet.
func (t *EntityIDTable) Name(id string) (string, bool) { return t.ids.name(t.snap.Tables(), id) }

// Values counts the values of the entity facets.
func (t *EntityIDTable) Values() int {
	n := 0
	for fi, f := range termFacets {
		if f.entity {
			n += len(t.snap.Tables().Values[fi])
		}
	}
	return n
}

// Close releases the snapshot.
func (t *EntityIDTable) Close() { t.close() }

// Unexplained returns a copy of e whose hits say nothing of why they
// matched (no Matched, no names of entities marked), for the benchmarks
// that measure what explaining costs.
func (e *Engine) Unexplained() *Engine {
	c := *e
	c.unexplained = true
	return &c
}

// WithExportChunk has g's shards send at most n rows at once of an
// export, for the tests to follow several chunks on a small corpus.
func (g *Gather) WithExportChunk(n int) *Gather {
	c := *g
	c.chunk = n
	return &c
}
