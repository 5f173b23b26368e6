package index

import (
	"context"
	"slices"
)

// WriteUnsettled writes articles in one batch as a Writer does, but
// neither records them in the registry nor makes the joins they call
// for: the index a process leaves when it is killed after a batch and
// before its settle.
func WriteUnsettled(ctx context.Context, ix *Index, articles ...*Article) error {
	ix.storyMu.Lock()
	defer ix.storyMu.Unlock()
	reg, err := ix.registry(ctx)
	if err != nil {
		return err
	}
	batch := ix.bleve.NewBatch()
	for _, a := range articles {
		a.SetID()
		named := slices.Clone(namedOf(a))
		reg.Resolve(named)
		a.resolve(named)
		if err := batch.Index(a.ID, a.document(a.contentHash(), "")); err != nil {
			return err
		}
	}
	batch.SetInternal([]byte(genKey), genBytes(reg.Gen()+1))
	return ix.bleve.Batch(batch)
}

// SchemaKey and SchemaVersion are the internal key an index keeps its
// schema version under, and the version this build writes;
// CommonWordsKey the key of its common words' hash.
const (
	SchemaKey      = schemaKey
	SchemaVersion  = schemaVersion
	CommonWordsKey = commonWordsKey
)
