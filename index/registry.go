package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/sitrep/sitrep/index/dedup"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/registry"
)

// genKey names the index's write generation, kept in bleve beside the
// articles and written in the same batch: the registry's file is current
// when it was saved at the same generation.
const genKey = "sitrep.registry.gen"

// registrySaveInterval is how often at most the Writer saves the
// registry's file while it writes, or less often when saving is slow:
// never more than saveShare of the time. Close saves it too. A crash
// loses what was not saved, and the file is then rebuilt from the index.
const (
	registrySaveInterval = 10 * time.Second
	saveShare            = 20 // 1 in 20: 5%
)

func genBytes(gen uint64) []byte { return binary.BigEndian.AppendUint64(nil, gen) }

// Registry returns the index's entity registry: what its articles say of
// their entities, and the joins made across articles (package registry),
// for reading. It is loaded from its file in the index directory on
// first use, or rebuilt from the articles when the file is missing,
// damaged or older than the index (after a crash). Writes keep it
// current; one that fails replaces it, so call Registry for each use
// rather than keeping it.
func (ix *Index) Registry(ctx context.Context) (*registry.Registry, error) {
	ix.regMu.RLock()
	reg := ix.reg
	ix.regMu.RUnlock()
	if reg != nil {
		return reg, nil
	}
	ix.storyMu.Lock()
	defer ix.storyMu.Unlock()
	if ix.broken != nil {
		return nil, ix.broken
	}
	return ix.registry(ctx)
}

// registry returns the registry, loading or rebuilding it first if need
// be. The caller holds storyMu.
func (ix *Index) registry(ctx context.Context) (*registry.Registry, error) {
	if ix.reg != nil {
		return ix.reg, nil
	}
	gen, err := ix.gen()
	if err != nil {
		return nil, err
	}
	reg, err := registry.Load(filepath.Join(ix.path, registry.FileName))
	rebuilt := false
	if err != nil || reg.Gen() != gen {
		if err != nil && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, registry.ErrDamaged) {
			return nil, err
		}
		if reg, err = ix.rebuildRegistry(ctx, gen); err != nil {
			return nil, err
		}
		rebuilt = true
	}
	if rebuilt {
		reg.SetUnsettled(true)
	}
	ix.regMu.Lock()
	ix.reg, ix.regDirty = reg, rebuilt
	ix.regMu.Unlock()
	if rebuilt {
		if err := ix.saveRegistry(true); err != nil {
			return nil, err
		}
	}
	return reg, nil
}

// gen returns the index's write generation; 0 before the first write.
func (ix *Index) gen() (uint64, error) {
	b, err := ix.bleve.GetInternal([]byte(genKey))
	if err != nil {
		return 0, fmt.Errorf("read the write generation of %q: %w", ix.path, err)
	}
	if len(b) != 8 {
		return 0, nil
	}
	return binary.BigEndian.Uint64(b), nil
}

// dropRegistry forgets the registry after a failed write: the next use
// loads it from its file or rebuilds it. The caller holds storyMu.
func (ix *Index) dropRegistry() {
	ix.regMu.Lock()
	ix.reg, ix.regDirty = nil, false
	ix.regMu.Unlock()
}

// saveRegistry writes the registry's file when it holds unsaved writes
// and force is set or registrySaveInterval has passed since it was last
// saved. The caller holds storyMu.
func (ix *Index) saveRegistry(force bool) error {
	if ix.reg == nil || !ix.regDirty || (!force && time.Since(ix.saved) < max(registrySaveInterval, saveShare*ix.saveCost)) {
		return nil
	}
	start := time.Now()
	if err := ix.reg.Save(filepath.Join(ix.path, registry.FileName)); err != nil {
		return fmt.Errorf("index %q: %w (the index is unharmed; the registry is rebuilt from it when next opened)", ix.path, err)
	}
	ix.regDirty, ix.saved = false, time.Now()
	ix.saveCost = ix.saved.Sub(start)
	return nil
}

// rebuildRegistry sums what the index's articles say of their entities,
// walking the index once and reading each article's stored
// FieldEntities, applied to the registry in chunks.
func (ix *Index) rebuildRegistry(ctx context.Context, gen uint64) (*registry.Registry, error) {
	fail := func(err error) (*registry.Registry, error) {
		return nil, fmt.Errorf("rebuild the entity registry of %q: %w", ix.path, err)
	}
	r, err := ix.reader()
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	reg := registry.New()
	const chunk = 1000
	articles := make([][]registry.Named, 0, chunk)
	err = eachDoc(ctx, r, func(doc bleveindex.IndexInternalID) error {
		id, err := r.ExternalID(doc)
		if err != nil {
			return err
		}
		d, err := r.Document(id)
		if err != nil || d == nil {
			return err
		}
		var value string
		d.VisitFields(func(f bleveindex.Field) {
			if f.Name() == FieldEntities {
				value = string(f.Value())
			}
		})
		named, err := DecodeNamed(id, value)
		if err != nil {
			return err
		}
		if articles = append(articles, named); len(articles) == chunk {
			reg.Apply(gen, nil, articles)
			articles = articles[:0]
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	reg.Apply(gen, nil, articles)
	return reg, nil
}

// storedNamed returns what the stored article id says of its entities,
// and whether the index holds it.
func (ix *Index) storedNamed(ctx context.Context, id string) ([]registry.Named, bool, error) {
	req := bleve.NewSearchRequestOptions(IDsQuery([]string{id}), 1, 0, false)
	req.Fields = []string{FieldID, FieldEntities}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, false, fmt.Errorf("look up article %s in %q: %w", id, ix.path, err)
	}
	if len(res.Hits) == 0 {
		return nil, false, nil
	}
	named, err := namedFromFields(res.Hits[0].Fields)
	return named, true, err
}

// settle makes the joins across articles that a write calls for: it has
// the registry evaluate the groups of names the write touched (every
// group while the registry is unsettled: rebuilt from the index, by this
// process or one that saved it without writing) and rewrites, in one more
// batch, the articles of every name whose entity changed, so that their
// facets hold the new name. Then it saves the registry's file when it is
// due. The caller holds storyMu.
func (ix *Index) settle(ctx context.Context, reg *registry.Registry, touched []string) error {
	all := reg.Unsettled()
	if all {
		touched = reg.Groups()
	}
	changes, err := reg.Evaluate(ctx, corpus{ix}, touched)
	if err != nil {
		return err
	}
	ix.regDirty = true
	if len(changes) > 0 {
		if err := ix.rewrite(ctx, reg, changes); err != nil {
			return err
		}
	}
	if all {
		reg.SetUnsettled(false)
	}
	return ix.saveRegistry(false)
}

// rewrite writes again, with the names the registry now resolves them
// to, the articles that name any of the changed names.
func (ix *Index) rewrite(ctx context.Context, reg *registry.Registry, changes []registry.Change) error {
	idSet := map[string]bool{}
	for _, c := range changes {
		ids, err := ix.idsNaming(ctx, c.Kind, c.Name)
		if err != nil {
			return err
		}
		for _, id := range ids {
			idSet[id] = true
		}
	}
	ids := make([]string, 0, len(idSet))
	for id := range idSet {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for chunk := range slices.Chunk(ids, DefaultBatchSize) {
		req := bleve.NewSearchRequestOptions(IDsQuery(chunk), len(chunk), 0, false)
		req.Fields = append(StoredFields(), FieldEntities)
		res, err := ix.bleve.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("read %d articles to rewrite their entities in %q: %w", len(chunk), ix.path, err)
		}
		var removed, added [][]registry.Named
		batch := ix.bleve.NewBatch()
		for _, h := range res.Hits {
			old, err := namedFromFields(h.Fields)
			if err != nil {
				return err
			}
			named := slices.Clone(old)
			reg.Resolve(named)
			a, err := StoredArticle(h.Fields)
			if err != nil {
				return err
			}
			a.resolve(named)
			fingerprint := ""
			if fp, ok := dedup.Fingerprint(a.Body); ok {
				fingerprint = fp.String()
			}
			if err := batch.Index(a.ID, a.document(str(h.Fields[FieldHash]), fingerprint)); err != nil {
				return fmt.Errorf("rewrite the entities of article %s (%q): %w", a.ID, a.Title, err)
			}
			removed, added = append(removed, old), append(added, named)
		}
		gen := reg.Gen() + 1
		batch.SetInternal([]byte(genKey), genBytes(gen))
		if err := ix.bleve.Batch(batch); err != nil {
			return ix.reopen(fmt.Errorf("rewrite the entities of %d articles in %q: %w", len(res.Hits), ix.path, err))
		}
		reg.Apply(gen, removed, added)
	}
	return nil
}

// idsNaming returns the IDs of the articles that name (k, name) as
// extracted.
func (ix *Index) idsNaming(ctx context.Context, k entity.Kind, name string) ([]string, error) {
	var ids []string
	const page = 1000
	for {
		req := bleve.NewSearchRequestOptions(termQuery(FieldNames, registry.Key(k, name)), page, 0, false)
		req.SortBy([]string{"_id"})
		if len(ids) > 0 {
			req.SetSearchAfter([]string{ids[len(ids)-1]})
		}
		res, err := ix.bleve.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("find the articles naming %q in %q: %w", name, ix.path, err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < page {
			return ids, nil
		}
	}
}

func termQuery(field, term string) *query.TermQuery {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

// facetField returns the facet field of entities of kind k.
func facetField(k entity.Kind) string {
	switch k {
	case entity.Person:
		return FieldPeople
	case entity.Place:
		return FieldPlaces
	}
	return FieldOrganisations
}

// corpus answers the registry's questions about the index's articles
// (registry.Corpus) with term queries. Its caller holds storyMu.
type corpus struct{ ix *Index }

// contextSize bounds the organisations and places of a name's articles
// that Context returns: the most frequent beside it.
const contextSize = 200

// Context implements registry.Corpus.
func (c corpus) Context(ctx context.Context, k entity.Kind, name string) ([]registry.Value, error) {
	req := bleve.NewSearchRequestOptions(termQuery(FieldNames, registry.Key(k, name)), 0, 0, false)
	for _, kind := range contextKinds() {
		f := facetField(kind)
		req.AddFacet(f, bleve.NewFacetRequest(f, contextSize))
	}
	res, err := c.ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("read what is named beside %q in %q: %w", name, c.ix.path, err)
	}
	fail := func(err error) ([]registry.Value, error) {
		return nil, fmt.Errorf("count the articles naming what is named beside %q in %q: %w", name, c.ix.path, err)
	}
	r, err := c.ix.reader()
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	var out []registry.Value
	for _, kind := range contextKinds() {
		f := facetField(kind)
		fr := res.Facets[f]
		if fr == nil || fr.Terms == nil {
			continue
		}
		for _, t := range fr.Terms.Terms() {
			// The term's postings, without deleted articles: no search.
			tfr, err := r.TermFieldReader(ctx, []byte(t.Term), f, false, false, false)
			if err != nil {
				return fail(err)
			}
			n := tfr.Count()
			tfr.Close()
			out = append(out, registry.Value{Kind: kind, Name: t.Term, Articles: t.Count, Corpus: int(n)})
		}
	}
	return out, nil
}

// Shared implements registry.Corpus with one search: the articles of
// names, without exclude, that name any of values, and the facets of
// their organisations and places (the sharedSize most frequent: a value
// beyond them is missed, never one reported that is not shared).
func (c corpus) Shared(ctx context.Context, k entity.Kind, names []string, exclude string, values []registry.Value) ([]registry.Value, error) {
	either := make([]query.Query, len(names))
	for i, n := range names {
		either[i] = termQuery(FieldNames, registry.Key(k, n))
	}
	anyOf := make([]query.Query, len(values))
	for i, v := range values {
		anyOf[i] = termQuery(facetField(v.Kind), v.Name)
	}
	q := bleve.NewBooleanQuery()
	q.AddMust(bleve.NewDisjunctionQuery(either...), bleve.NewDisjunctionQuery(anyOf...))
	q.AddMustNot(termQuery(FieldNames, registry.Key(k, exclude)))
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	for _, kind := range contextKinds() {
		f := facetField(kind)
		req.AddFacet(f, bleve.NewFacetRequest(f, sharedSize))
	}
	res, err := c.ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("read what the articles of %q name in %q: %w", names[0], c.ix.path, err)
	}
	named := map[string]bool{} // facet field and value
	for f, fr := range res.Facets {
		if fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				named[f+sepKey+t.Term] = t.Count > 0
			}
		}
	}
	var out []registry.Value
	for _, v := range values {
		if named[facetField(v.Kind)+sepKey+v.Name] {
			out = append(out, v)
		}
	}
	return out, nil
}

// sepKey joins a field's name and a value in one key.
const sepKey = "\x00"

// sharedSize bounds the facets of Shared.
const sharedSize = 1000

// contextKinds returns the kinds of entity whose facets Context and
// Shared read.
func contextKinds() []entity.Kind { return []entity.Kind{entity.Organisation, entity.Place} }
