package search

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// This file is entities as things with ids: the ids of facet values,
// filters given by id, and Engine.Entity, what the index knows of one.

// EntityKind returns the kind of the entities a facet's values are, and
// false for a facet whose values are not entities (sources) or no facet.
func EntityKind(facet string) (entity.Kind, bool) {
	i := slices.IndexFunc(termFacets, func(f termFacet) bool { return f.name == facet && f.entity })
	if i < 0 {
		return 0, false
	}
	return termFacets[i].kind, true
}

// entityFacet returns the facet of the entities of kind k.
func entityFacet(k entity.Kind) termFacet {
	i := slices.IndexFunc(termFacets, func(f termFacet) bool { return f.entity && f.kind == k })
	return termFacets[i]
}

// setIDs sets the ID of each of values of f, when f's values are
// entities.
func (f termFacet) setIDs(values []FacetValue) {
	if f.entity {
		for i := range values {
			values[i].ID = entity.ID(f.kind, values[i].Value)
		}
	}
}

// entityIDs finds the name an entity id stands for. The snapshot tables
// number every value of the facets they meet, never reusing a number
// (Tables.Values), so each value is hashed once, when first met after it
// was numbered, rather than each snapshot's term dictionaries hashed
// again after every write. Whether an article still holds the name is
// then asked of the snapshot (resolve). It is safe for concurrent use.
type entityIDs struct {
	mu sync.Mutex
	// names maps the id of each value hashed to the value: the id's
	// letter says its kind, so one map holds every entity facet.
	names map[string]string
	// hashed counts, for each term facet, the values hashed.
	hashed []int
}

func newEntityIDs() *entityIDs {
	return &entityIDs{names: make(map[string]string), hashed: make([]int, len(termFacets))}
}

// name returns the value whose id is id among the values st numbers, and
// false when none has it. Two names of one kind sharing an id (odds of
// about one in 500 in a million entities, docs/DESIGN.md) resolve to the
// one met first.
func (x *entityIDs) name(st *scorchx.Tables, id string) (string, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for fi, f := range termFacets {
		values := st.Values[fi]
		if !f.entity || len(values) <= x.hashed[fi] {
			continue
		}
		for _, v := range values[x.hashed[fi]:] {
			id := entity.ID(f.kind, v)
			if _, taken := x.names[id]; !taken {
				x.names[id] = v
			}
		}
		x.hashed[fi] = len(values)
	}
	name, ok := x.names[id]
	return name, ok
}

// lookupID returns the name of the entity whose id is id in snap, and
// false when no live article holds it.
func (e *Engine) lookupID(ctx context.Context, snap *scorchx.Snapshot, id string) (string, bool, error) {
	k, ok := entity.ParseID(id)
	if !ok {
		return "", false, nil
	}
	name, ok := e.ids.name(snap.Tables(), id)
	if !ok {
		return "", false, nil
	}
	n, err := snap.DocFreq(ctx, entityFacet(k).field, name)
	return name, err == nil && n > 0, err
}

// resolveEntities replaces each entity id among req's people, places and
// organisations, kept or left out, by the entity's name, as the snapshot
// snapshot returns holds it (asked for only when needed), and, with
// WithCanonical, each name no article holds by its canonical name when
// articles hold that; other names are left as they are, in one walk over
// the filters. A value that has the form of an id (entity.ParseID) but
// is no entity's id in the index, or the id of an entity of another
// kind, is a *QueryError, unless an article holds it as a name.
func (e *Engine) resolveEntities(ctx context.Context, snapshot func() (*scorchx.Snapshot, error), req *Request) error {
	lookup := func(f termFacet, id string) (string, bool, bool, error) {
		snap, err := snapshot()
		if err != nil {
			return "", false, false, err
		}
		return e.lookupName(ctx, snap, f, id)
	}
	return rewriteEntityFilters(req, func(f termFacet, param, v string) (string, error) {
		if k, isID := entity.ParseID(v); isID {
			return resolveID(f, param, v, k, lookup)
		}
		if e.canonical == nil {
			return v, nil
		}
		return e.canonicalName(ctx, snapshot, f, v)
	})
}

// WithCanonical returns an Engine over the same index that reads a
// person, place or organisation filter naming no article's entity as
// the entity canonical gives for that name (entity.Extractor.Canonical):
// an alias ("Daesh" for Islamic State), or a name the gazetteer has
// since given another canonical form ("Nuri al-Maliki", now "Nouri
// al-Maliki"), keeps filtering on the entity. A name some article holds
// is always taken as it is.
func (e *Engine) WithCanonical(canonical func(k entity.Kind, name string) string) *Engine {
	c := *e
	c.canonical = canonical
	return &c
}

// canonicalName returns the name v of an entity filter of facet f as it
// is when an article of the snapshot holds it, else as its canonical
// name (e.canonical) when articles hold that.
func (e *Engine) canonicalName(ctx context.Context, snapshot func() (*scorchx.Snapshot, error), f termFacet, v string) (string, error) {
	snap, err := snapshot()
	if err != nil {
		return "", err
	}
	if n, err := snap.DocFreq(ctx, f.field, v); err != nil || n > 0 {
		return v, err
	}
	// Asked only for a name no article holds: canonical may load the
	// gazetteer when first asked.
	to := e.canonical(f.kind, v)
	if to == "" || to == v {
		return v, nil
	}
	if n, err := snap.DocFreq(ctx, f.field, to); err != nil || n == 0 {
		return v, err
	}
	return to, nil
}

// lookupName returns the name of the entity id in snap and whether it
// found one, and whether an article of snap holds id as a name of
// facet f.
func (e *Engine) lookupName(ctx context.Context, snap *scorchx.Snapshot, f termFacet, id string) (name string, found, asName bool, err error) {
	if name, found, err = e.lookupID(ctx, snap, id); err != nil {
		return "", false, false, err
	}
	n, err := snap.DocFreq(ctx, f.field, id)
	return name, found, n > 0, err
}

// resolveIDs replaces each entity id among req's entity filters by the
// name lookup finds for it (see Engine.resolveEntities); lookup returns
// the name of the entity id of facet f, whether it found one, and
// whether an article holds the id as a name of f.
func resolveIDs(req *Request, lookup func(f termFacet, id string) (name string, found, asName bool, err error)) error {
	return rewriteEntityFilters(req, func(f termFacet, param, v string) (string, error) {
		if k, isID := entity.ParseID(v); isID {
			return resolveID(f, param, v, k, lookup)
		}
		return v, nil
	})
}

// resolveID returns the name of the entity id v, of kind k, given as a
// filter param of facet f: the name lookup finds, or v itself when an
// article holds it as a name; an id of no entity, or of an entity of
// another kind, is a *QueryError.
func resolveID(f termFacet, param, v string, k entity.Kind, lookup func(f termFacet, id string) (name string, found, asName bool, err error)) (string, error) {
	name, found, asName, err := lookup(f, v)
	if err != nil {
		return "", err
	}
	if found && k == f.kind {
		return name, nil
	}
	// A name that looks like an id is still a name.
	if asName {
		return v, nil
	}
	if found {
		other := entityFacet(k)
		otherParam := other.param
		if param != f.param {
			otherParam = other.notParam()
		}
		return "", &QueryError{Param: param, Msg: fmt.Sprintf("%s=%s: that is the id of a %s (%s), not of a %s: filter on it with %s=%s, or give a %s's id or name",
			param, v, k, name, f.kind, otherParam, v, f.kind)}
	}
	return "", &QueryError{Param: param, Msg: fmt.Sprintf("%s=%s: no %s in the index has that id (its articles may have been removed, or its name changed): give the %s's name, or take the id from the %s facet of a search",
		param, v, f.kind, f.kind, f.name)}
}

// rewriteEntityFilters calls rewrite with each value of req's people,
// places and organisations filters, kept and left out, and the parameter
// that holds it, and puts the value it returns in its place; the
// caller's slices stay as given (a list rewritten is a copy).
func rewriteEntityFilters(req *Request, rewrite func(f termFacet, param, v string) (string, error)) error {
	for _, f := range termFacets {
		if !f.entity {
			continue
		}
		for _, list := range []struct {
			param  string
			values *[]string
		}{{f.param, f.filter(req)}, {f.notParam(), f.not(req)}} {
			values, cloned := *list.values, false
			for i, v := range values {
				to, err := rewrite(f, list.param, v)
				if err != nil {
					return err
				}
				if to == v {
					continue
				}
				if !cloned {
					values, cloned = slices.Clone(values), true
					*list.values = values
				}
				values[i] = to
			}
		}
	}
	return nil
}

// Entity is what the index knows of one person, place or organisation.
type Entity struct {
	// ID is the entity's id (entity.ID), Name its canonical name, the
	// value of its facet.
	ID, Name string
	Kind     entity.Kind
	// Facet is the facet whose values such entities are (FacetPeople…).
	Facet string
	// Articles is the exact number of articles whose facet holds it.
	Articles uint64
	// FirstSeen and LastSeen are the earliest and latest publication
	// dates of its articles; nil when none of them has a date.
	FirstSeen, LastSeen *time.Time
	// Timeline is the histogram of its articles' dates, as a search's.
	Timeline Histogram
	// Recent are its newest articles, Relevant the search filtered on it
	// ranked by relevance; one hit per story.
	Recent, Relevant []Hit
	// CoMentioned are at most DefaultCoMentions entities that stand out
	// in its articles against the whole index (Significant), it left
	// out: its co-mentions ranked by significance, not by frequency, so
	// that the country every article names does not top each list.
	CoMentioned []Significant
	// Request is the search filtered on it, for a link to all of it.
	Request Request
}

// DefaultEntityArticles is how many recent and relevant articles Entity
// returns when asked for none.
const DefaultEntityArticles = 5

// DefaultCoMentions is how many co-mentioned entities Entity returns.
const DefaultCoMentions = 12

// Entity returns what the index knows of the entity whose id is id, with
// its n most recent and n most relevant articles (DefaultEntityArticles
// when n is 0, at most the page size limit) and the entities co-mentioned
// with it. A malformed id or n is a
// *QueryError; an id that no article's entity has is an error wrapping
// ErrNotFound whose message says so.
func (e *Engine) Entity(ctx context.Context, id string, n int) (*Entity, error) {
	return entityPage(ctx, e, e.limits, id, n, e.entityName)
}

// searcher is what an entity page and the similar articles search
// through: an Engine, or a Gather over shards.
type searcher interface {
	Search(ctx context.Context, req Request) (*Result, error)
	Hits(ctx context.Context, req Request) (*Result, error)
}

// entityPage returns the entity page of id (Engine.Entity) searching
// through s, within lim, the entity's name found by name.
func entityPage(ctx context.Context, s searcher, lim Limits, id string, n int, name func(ctx context.Context, id string) (string, error)) (*Entity, error) {
	k, ok := entity.ParseID(id)
	if !ok {
		return nil, &QueryError{Param: "id", Msg: fmt.Sprintf("%q is not an entity id: an id is p (person), l (place) or o (organisation) followed by 12 hexadecimal digits, as the id of a facet value in /api/search", id)}
	}
	if n == 0 {
		n = DefaultEntityArticles
	}
	if n < 1 || n > lim.PageSize {
		return nil, &QueryError{Param: "size", Msg: fmt.Sprintf("size %d: choose between 1 and %d articles", n, lim.PageSize)}
	}
	named, err := name(ctx, id)
	if err != nil {
		return nil, err
	}
	f := entityFacet(k)
	req := Request{Size: n, FacetSize: 1}
	*f.filter(&req) = []string{named}
	out := &Entity{ID: id, Name: named, Kind: k, Facet: f.name, Request: req}
	// One value ANDed is one value ORed: ANDing spares the search a
	// second count of the facet over every article (orFacets).
	*f.all(&req) = true

	recent := req
	recent.Sort, recent.Significant = Newest, DefaultCoMentions
	res, err := s.Search(ctx, recent)
	if err != nil {
		return nil, err
	}
	out.Articles, out.Timeline, out.Recent = res.Total, res.Published, res.Hits
	out.CoMentioned = []Significant{}
	if res.Significant != nil {
		out.CoMentioned = res.Significant.Entities
	}
	if len(res.Hits) > 0 {
		out.LastSeen = res.Hits[0].Published
	}
	relevant, err := s.Hits(ctx, req)
	if err != nil {
		return nil, err
	}
	out.Relevant = relevant.Hits
	oldest := req
	oldest.Sort, oldest.Size, oldest.NoCollapse = Oldest, 1, true
	first, err := s.Hits(ctx, oldest)
	if err != nil {
		return nil, err
	}
	if len(first.Hits) > 0 {
		out.FirstSeen = first.Hits[0].Published
	}
	return out, nil
}

func (e *Engine) entityName(ctx context.Context, id string) (string, error) {
	b, release, err := e.ix.Acquire()
	if err != nil {
		return "", err
	}
	defer release()
	snap, err := scorchx.Open(b, e.mapping, e.tables)
	if err != nil {
		return "", err
	}
	defer snap.Close()
	name, found, err := e.lookupID(ctx, snap, id)
	if err != nil {
		return "", err
	}
	if !found {
		return "", unknownEntity(id)
	}
	return name, nil
}

// unknownEntity is the error of an entity id no article's entity has.
func unknownEntity(id string) error {
	k, _ := entity.ParseID(id)
	return &entityNotFound{fmt.Sprintf("no %s in the index has the id %s: its articles may have been removed, or its name changed (the id follows the name); search for it by name", k, id)}
}

// entityNotFound is an unknown entity id: it is ErrNotFound, with a
// message of its own.
type entityNotFound struct{ msg string }

func (e *entityNotFound) Error() string        { return e.msg }
func (e *entityNotFound) Is(target error) bool { return target == ErrNotFound }
