package registry

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/sitrep/sitrep/index/entity"
)

// Registry is the sum of what the articles of one index say of their
// entities (see the package documentation). It is safe for concurrent
// use: the index writes it while the server reads it.
type Registry struct {
	mu sync.RWMutex
	// gen is the index's write generation this state matches.
	gen uint64
	// articles counts the articles applied.
	articles int
	names    map[nameKey]*name
	// groups holds the names that may join one another: people by
	// surname, organisations by initials.
	groups map[string][]*name
	// ents counts, per resolved entity (by ID), the articles naming it.
	ents map[string]*ent
	// members lists, per resolved entity (by ID), the names resolving to it.
	members map[string][]*name
	// titleHolders counts, per title as written, the names of people
	// written after it.
	titleHolders map[string]int
	persons      int
	// unsettled says that every group awaits an Evaluate: the registry
	// was rebuilt from an index whose last write may have been cut off
	// before its joins were made. It is saved with the registry.
	unsettled bool
}

type nameKey struct {
	kind entity.Kind
	name string
}

// name is one name as extraction gives it, summed over its articles.
type name struct {
	kind     entity.Kind
	name     string
	articles int
	forms    []tally
	titles   []tally
	// sources, for a surname alone, are the sources (publishers) of its
	// articles; roles, for a full name, the sources of its articles that
	// write a title before it other than an honorific (labelJoin).
	sources, roles []tally
	// target is the entity's name across articles (the name itself when
	// it joined none), why the reason of the join.
	target, why string
}

// tally is a text and the number of articles that wrote it.
type tally struct {
	Text     string
	Articles int
}

type ent struct {
	kind     entity.Kind
	name     string
	articles int
}

// New returns an empty Registry, for an empty index.
func New() *Registry {
	return &Registry{names: map[nameKey]*name{}, groups: map[string][]*name{}, ents: map[string]*ent{},
		members: map[string][]*name{}, titleHolders: map[string]int{}}
}

// Gen returns the index's write generation the registry matches.
func (r *Registry) Gen() uint64 {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.gen
}

// Articles returns the number of articles the registry sums.
func (r *Registry) Articles() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.articles
}

// Unsettled reports whether every group of names awaits an Evaluate
// (SetUnsettled), saved so or not.
func (r *Registry) Unsettled() bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.unsettled
}

// SetUnsettled records whether every group of names awaits an Evaluate:
// set it on a registry rebuilt from an index, whose last write may have
// been cut off before its joins were made, and clear it once Evaluate of
// Groups succeeded. Save keeps it, so that a registry rebuilt by a
// process that never writes still has its groups evaluated by the next
// process that does.
func (r *Registry) SetUnsettled(v bool) {
	r.mu.Lock()
	r.unsettled = v
	r.mu.Unlock()
}

// Resolve sets each name's Resolved and Why to what the registry decided
// for it: the name it joined, or itself.
func (r *Registry) Resolve(named []Named) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for i := range named {
		n := &named[i]
		n.Resolved, n.Why = n.Name, ""
		if nm := r.names[nameKey{n.Kind, n.Name}]; nm != nil {
			n.Resolved, n.Why = nm.target, nm.why
		}
	}
}

// Groups returns every group of names that may join one another, for
// an Evaluate of them all.
func (r *Registry) Groups() []string {
	r.mu.RLock()
	out := make([]string, 0, len(r.groups))
	for g := range r.groups {
		out = append(out, g)
	}
	r.mu.RUnlock()
	slices.Sort(out)
	return out
}

// Apply records one write of the index, generation gen: the articles it
// replaced or deleted (what they said before, as stored) and the
// articles it wrote, one list of Named per article (an article without
// entities is an empty list). It returns the groups of names whose joins
// the write may change, for Evaluate: those that gained or lost a name,
// lost an article, or hold a short name not yet joined (evidence for it
// may have come). A join made stays while its group only gains articles
// of the names it has: evidence only grows.
func (r *Registry) Apply(gen uint64, removed, added [][]Named) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	touched := map[string]bool{} // group → whether its names changed
	for _, article := range removed {
		r.apply(article, -1, touched)
	}
	for _, article := range added {
		r.apply(article, +1, touched)
	}
	r.gen = gen
	out := make([]string, 0, len(touched))
	for g, changed := range touched {
		if changed || slices.ContainsFunc(r.groups[g], unjoinedShort) {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}

// unjoinedShort reports whether nm is a surname alone, a name with a
// short given name or an organisation's acronym alone, that joined no
// other name.
func unjoinedShort(nm *name) bool {
	if nm.target != nm.name {
		return false
	}
	if nm.kind == entity.Organisation {
		return bareAcronym(nm)
	}
	first, _, full := strings.Cut(nm.name, " ")
	return !full || entity.IsShortGivenName(first)
}

// apply adds (d = 1) or takes away (d = -1) one article's names.
func (r *Registry) apply(article []Named, d int, touched map[string]bool) {
	// touched: see Apply.
	r.articles += d
	resolved := map[nameKey]bool{}
	for _, n := range article {
		k := nameKey{n.Kind, n.Name}
		nm := r.names[k]
		g := groupOf(n.Kind, n.Name)
		if g != "" {
			touched[g] = touched[g] || d < 0
		}
		if nm == nil {
			if d < 0 {
				continue // not applied: nothing to take away
			}
			if g != "" {
				touched[g] = true
			}
			// Copies: an article's names may be slices of its text, which
			// the registry must not keep alive.
			own := strings.Clone(n.Name)
			target := own // one copy of the string when it is its own
			if n.Resolved != "" && n.Resolved != n.Name {
				target = strings.Clone(n.Resolved)
			}
			nm = &name{kind: n.Kind, name: own, target: target, why: strings.Clone(n.Why)}
			r.names[nameKey{nm.kind, nm.name}] = nm
			r.addMember(nm)
			if g != "" {
				r.groups[g] = append(r.groups[g], nm)
			}
			if n.Kind == entity.Person {
				r.persons++
			}
		}
		nm.articles += d
		nm.forms = count(nm.forms, n.Forms, d)
		nm.titles = count(nm.titles, n.Titles, d)
		if src := sourceOf(n); src != "" {
			if strings.Contains(n.Name, " ") {
				nm.roles = count(nm.roles, []string{src}, d)
			} else {
				nm.sources = count(nm.sources, []string{src}, d)
			}
		}
		for _, t := range n.Titles {
			// A name holds a title while one of its articles writes it.
			if c := find(nm.titles, t); (d > 0 && c == 1) || (d < 0 && c == 0) {
				if _, ok := r.titleHolders[t]; !ok {
					t = strings.Clone(t)
				}
				r.titleHolders[t] += d
				if r.titleHolders[t] <= 0 {
					delete(r.titleHolders, t)
				}
			}
		}
		resolved[nameKey{n.Kind, cmp.Or(n.Resolved, n.Name)}] = true
		if nm.articles <= 0 {
			r.drop(nm)
		}
	}
	for k := range resolved {
		id := entity.ID(k.kind, k.name)
		e := r.ents[id]
		if e == nil {
			if d < 0 {
				continue
			}
			e = &ent{kind: k.kind, name: strings.Clone(k.name)}
			r.ents[id] = e
		}
		e.articles += d
		if e.articles <= 0 {
			delete(r.ents, id)
		}
	}
}

// sourceOf returns what labelJoin keeps of a person's name in one
// article: its source, for a surname alone, or for a full name written
// with a title other than an honorific; "" otherwise.
func sourceOf(n Named) string {
	if n.Kind != entity.Person || n.Source == "" {
		return ""
	}
	if !strings.Contains(n.Name, " ") || slices.ContainsFunc(n.Titles, func(t string) bool { return !honorific(entity.NameKey(t)) }) {
		return n.Source
	}
	return ""
}

// drop forgets a name no article holds any longer.
func (r *Registry) drop(nm *name) {
	delete(r.names, nameKey{nm.kind, nm.name})
	r.removeMember(nm)
	if g := groupOf(nm.kind, nm.name); g != "" {
		r.groups[g] = slices.DeleteFunc(r.groups[g], func(o *name) bool { return o == nm })
		if len(r.groups[g]) == 0 {
			delete(r.groups, g)
		}
	}
	if nm.kind == entity.Person {
		r.persons--
	}
}

func (r *Registry) addMember(nm *name) {
	id := entity.ID(nm.kind, nm.target)
	r.members[id] = append(r.members[id], nm)
}

func (r *Registry) removeMember(nm *name) {
	id := entity.ID(nm.kind, nm.target)
	r.members[id] = slices.DeleteFunc(r.members[id], func(o *name) bool { return o == nm })
	if len(r.members[id]) == 0 {
		delete(r.members, id)
	}
}

// retarget makes nm resolve to target, for the reason why.
func (r *Registry) retarget(nm *name, target, why string) {
	r.removeMember(nm)
	nm.target, nm.why = target, why
	r.addMember(nm)
}

// count adds d to the tally of each of texts in list, which stays sorted
// by text and loses the texts counted down to none.
func count(list []tally, texts []string, d int) []tally {
	for _, t := range texts {
		i, ok := slices.BinarySearchFunc(list, t, func(a tally, t string) int { return strings.Compare(a.Text, t) })
		switch {
		case ok:
			list[i].Articles += d
			if list[i].Articles <= 0 {
				list = slices.Delete(list, i, i+1)
			}
		case d > 0:
			// A copy: t may be a slice of an article's text.
			list = slices.Insert(list, i, tally{Text: strings.Clone(t), Articles: d})
		}
	}
	return list
}

// find returns the count of text in list.
func find(list []tally, text string) int {
	if i, ok := slices.BinarySearchFunc(list, text, func(a tally, t string) int { return strings.Compare(a.Text, t) }); ok {
		return list[i].Articles
	}
	return 0
}

// groupOf returns the group of names that a name may join across
// articles: a person's surname; an organisation's initials, which an
// acronym alone shares with the names it may stand for ("IRGC",
// "Islamic Revolutionary Guard Corps"); "" for places, which join only
// inside an article or through the gazetteer.
func groupOf(k entity.Kind, n string) string {
	switch k {
	case entity.Person:
		if s := entity.Surname(n); s != "" {
			return "p" + s
		}
	case entity.Organisation:
		if a := initials(n); a != "" {
			return "o" + a
		}
	}
	return ""
}

// initials returns the capitals of an acronym (a word of two to eight
// letters, the first and at least two capitals: "IRGC", "DoD") or of a
// name of several words (the first letters of its capitalised words:
// "Islamic Revolutionary Guard Corps" → "IRGC"); "" for any other name.
func initials(n string) string {
	var b strings.Builder
	if !strings.Contains(n, " ") {
		if len(n) < 2 || len(n) > 8 || n[0] < 'A' || n[0] > 'Z' {
			return ""
		}
		for i := 0; i < len(n); i++ {
			switch c := n[i]; {
			case c >= 'A' && c <= 'Z':
				b.WriteByte(c)
			case c < 'a' || c > 'z':
				return ""
			}
		}
		if b.Len() < 2 {
			return ""
		}
		return b.String()
	}
	for w := range strings.FieldsSeq(n) {
		if c := w[0]; c >= 'A' && c <= 'Z' {
			b.WriteByte(c)
		}
	}
	if b.Len() < 2 || b.Len() > 8 {
		return ""
	}
	return b.String()
}

// bareAcronym reports whether the organisation name is an acronym alone.
func bareAcronym(nm *name) bool {
	return nm.kind == entity.Organisation && !strings.Contains(nm.name, " ")
}
