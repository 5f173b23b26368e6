package registry

import (
	"cmp"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/index/entity"
)

// Entity is what the registry knows of one entity across the articles of
// the index.
type Entity struct {
	// ID is entity.ID(Kind, Name).
	ID   string
	Kind entity.Kind
	// Name is the canonical name, the facet value of its articles.
	Name string
	// Articles counts the articles naming it.
	Articles int
	// Aliases are the surface forms written in its articles, each with
	// the number of articles that wrote it, most written first.
	Aliases []Alias
	// Titles are, for a person, the titles written before the names,
	// with their articles, most written first.
	Titles []Alias
	// Joins are the names of other articles that joined this entity
	// across articles, each with why.
	Joins []Join
}

// Alias is a text and the number of articles that wrote it.
type Alias struct {
	Text     string
	Articles int
}

// Join is a name extraction gave some articles that the registry joined
// to an entity of other articles.
type Join struct {
	// Name is the name as extracted ("Kirby", "Jim Kirk").
	Name string
	// Articles counts the articles naming it so.
	Articles int
	// Why says why: "surname of John Kirby, both titled Pentagon Press
	// Secretary".
	Why string
}

// Entity returns the entity with the ID id (entity.ID), and false when no
// article of the index names it.
func (r *Registry) Entity(id string) (Entity, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e := r.ents[id]
	if e == nil {
		return Entity{}, false
	}
	out := Entity{ID: id, Kind: e.kind, Name: e.name, Articles: e.articles}
	forms, titles := map[string]int{}, map[string]int{}
	members := slices.Clone(r.members[id])
	slices.SortFunc(members, func(a, b *name) int { return strings.Compare(a.name, b.name) })
	for _, m := range members {
		for _, f := range m.forms {
			forms[f.Text] += f.Articles
		}
		for _, t := range m.titles {
			titles[t.Text] += t.Articles
		}
		if m.name != e.name {
			out.Joins = append(out.Joins, Join{Name: m.name, Articles: m.articles, Why: m.why})
		}
	}
	out.Aliases, out.Titles = sorted(forms), sorted(titles)
	return out, true
}

// sorted returns the counts, most articles first, then by text.
func sorted(counts map[string]int) []Alias {
	out := make([]Alias, 0, len(counts))
	for t, n := range counts {
		out = append(out, Alias{Text: t, Articles: n})
	}
	slices.SortFunc(out, func(a, b Alias) int {
		return cmp.Or(cmp.Compare(b.Articles, a.Articles), strings.Compare(a.Text, b.Text))
	})
	return out
}

// Find returns the entities that q names: q is an ID, or a name matched
// without regard to case and accents against the entities' canonical
// names, the names joined to them and the surface forms written in their
// articles; a single word also finds the people of that surname. They come most articles first, then by name; at most limit
// of them (all when limit < 1).
func (r *Registry) Find(q string, limit int) []Entity {
	if _, ok := entity.ParseID(q); ok {
		if e, ok := r.Entity(q); ok {
			return []Entity{e}
		}
		return nil
	}
	key := entity.NameKey(q)
	surname := ""
	if !strings.Contains(key, " ") {
		surname = key
	}
	ids := map[string]bool{}
	r.mu.RLock()
	for _, nm := range r.names {
		if entity.NameKey(nm.name) == key || entity.NameKey(nm.target) == key ||
			surname != "" && nm.kind == entity.Person && entity.Surname(nm.target) == surname ||
			slices.ContainsFunc(nm.forms, func(f tally) bool { return entity.NameKey(f.Text) == key }) {
			ids[entity.ID(nm.kind, nm.target)] = true
		}
	}
	r.mu.RUnlock()
	out := make([]Entity, 0, len(ids))
	for id := range ids {
		if e, ok := r.Entity(id); ok {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b Entity) int {
		return cmp.Or(cmp.Compare(b.Articles, a.Articles), strings.Compare(a.Name, b.Name), cmp.Compare(a.Kind, b.Kind))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Stats counts what the registry holds.
type Stats struct {
	// Articles, Names (as extracted), Entities (after joins) and Joins
	// (names joined to another entity).
	Articles, Names, Entities, Joins int
}

// Stats returns the registry's counts.
func (r *Registry) Stats() Stats {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s := Stats{Articles: r.articles, Names: len(r.names), Entities: len(r.ents)}
	for _, nm := range r.names {
		if nm.target != nm.name {
			s.Joins++
		}
	}
	return s
}

// JoinedEntities returns every entity that names of other articles
// joined, by name.
func (r *Registry) JoinedEntities() []Entity {
	r.mu.RLock()
	ids := map[string]bool{}
	for _, nm := range r.names {
		if nm.target != nm.name {
			ids[entity.ID(nm.kind, nm.target)] = true
		}
	}
	r.mu.RUnlock()
	var out []Entity
	for id := range ids {
		if e, ok := r.Entity(id); ok {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b Entity) int { return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.Kind, b.Kind)) })
	return out
}
