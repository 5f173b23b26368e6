// Package index owns Sitrep's write side: the Article model, the field names
// that are the index's schema, the explicit bleve mapping, opening or
// creating the on-disk index, and batched, idempotent writes.
//
// An Article's ID is stable (derived from its URL, or from source, title and
// date when there is no URL), so writing the same article again replaces it
// in place instead of adding a copy. Writes go through a Writer, which groups
// articles into bleve batches; scorch persists each batch before Flush
// returns, so a process killed between batches leaves an index that opens
// and holds every batch that was acknowledged.
//
// The Writer also gives each article its Story: syndicated copies of one
// wire story (bodies whose SimHash fingerprints, package dedup, are within
// dedup.MaxDistance bits) share the story id of the first of them, and any
// other article is a story of its own, named by its ID. The Index keeps the
// lookup of fingerprints, built from the index on the first write; search
// collapses a story's copies into one hit and can count stories in facets.
//
// The Writer resolves each article's entities across articles through the
// Index's entity registry (package registry): a facet holds the name a
// person is known by across the index ("James Kirk" for an article that
// wrote "Jim Kirk", when the corpus shows them one), and when a write
// makes or undoes such a join the articles it concerns are rewritten in
// the next batch. Each article stores what it says of its entities
// (FieldEntities), from which the registry is rebuilt when its file, kept
// in the index directory, is missing or older than the index. Registry
// gives read access to it.
//
// Searches take the bleve index with Acquire. After a write bleve failed to
// persist (a full disk), the Index opens itself again from disk, dropping
// what bleve held in memory; searches wait for it.
//
//	ix, err := index.Open(ctx, "data/sitrep.bleve", index.Options{})
//	if err != nil { ... }
//	defer ix.Close()
//	w := ix.NewWriter(500)
//	for _, a := range articles {
//		if err := w.Add(ctx, a); err != nil { ... }
//	}
//	if err := w.Flush(ctx); err != nil { ... }
//	fmt.Println(w.Stats()) // indexed 107, updated 1, unchanged 0
//
// Package index parses no query strings and knows nothing of HTTP.
package index
