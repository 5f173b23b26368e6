package index

import (
	"slices"
	"strings"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/registry"
)

// MaxEntitiesPerKind is the most people, places or organisations an
// article keeps: the first ones (curated, then the most mentioned) are
// kept, the rest dropped, so that one article with a list of thousands of
// names can neither slow indexing nor swamp its page and the facets.
const MaxEntitiesPerKind = 1000

// Entities gives an article its entity facets: the people, places and
// organisations the input gave (curated values), canonicalised, then those
// x extracts from its title, summary, body and captions, most mentioned
// first; what the article says of each (a.Named: its surface forms, the
// titles written before a person's name, its aliases); and the names and
// aliases of all of them for word search. With extract false only the
// curated values are used. Each kind keeps at most MaxEntitiesPerKind
// values. The facets hold the names as this article gives them: the
// Writer resolves them across articles (package registry) when it writes
// the article. It returns what the extractor found (empty when extract is
// false), for reports.
func Entities(x *entity.Extractor, a *Article, extract bool) entity.Result {
	doc := entity.Document{Title: a.Title, Summary: a.Summary, Body: a.Body, Captions: a.Captions}
	var found entity.Result
	if extract {
		found = x.Extract(doc)
	}
	var named []registry.Named
	merge := func(k entity.Kind, curated []string, extracted []entity.Entity) []string {
		out := make([]string, 0, min(len(curated)+len(extracted), MaxEntitiesPerKind))
		at := make(map[string]int, cap(out)) // name → its index in named
		for _, value := range curated {
			if len(out) == MaxEntitiesPerKind {
				break
			}
			c := registry.Clean(x.Canonical(k, value))
			if c == "" {
				continue
			}
			if i, ok := at[c]; ok {
				named[i].Forms = append(named[i].Forms, registry.Clean(value))
				continue
			}
			at[c] = len(named)
			out = append(out, c)
			named = append(named, registry.Named{Kind: k, Name: c, Forms: []string{registry.Clean(value)}, Aliases: x.Aliases(k, c)})
		}
		for _, e := range extracted {
			c := registry.Clean(e.Name)
			i, ok := at[c]
			if !ok {
				if len(out) == MaxEntitiesPerKind {
					continue
				}
				i = len(named)
				at[c] = i
				out = append(out, c)
				named = append(named, registry.Named{Kind: k, Name: c})
			}
			n := &named[i]
			n.Aliases = append(n.Aliases, e.Aliases...)
			for _, m := range e.Mentions {
				n.Forms = append(n.Forms, registry.Clean(m.Text))
				if k == entity.Person {
					if t := x.TitleBefore(fieldText(doc, m.Field), m.Start); t != "" {
						n.Titles = append(n.Titles, registry.Clean(t))
					}
				}
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	a.People = merge(entity.Person, a.People, found.People)
	a.Places = merge(entity.Place, a.Places, found.Places)
	a.Organisations = merge(entity.Organisation, a.Organisations, found.Organisations)
	for i := range named {
		n := &named[i]
		n.Forms, n.Titles, n.Aliases = distinct(n.Forms), distinct(n.Titles), distinct(n.Aliases)
		n.Resolved = n.Name
		n.Source = registry.Clean(a.Source)
	}
	a.Named = named
	a.Aliases = aliasesOf(named)
	return found
}

// fieldText returns the text of the document's field that a mention's
// offsets count in.
func fieldText(d entity.Document, field string) string {
	switch field {
	case entity.FieldTitle:
		return d.Title
	case entity.FieldSummary:
		return d.Summary
	case entity.FieldCaption:
		return strings.Join(d.Captions, "\n")
	}
	return d.Body
}

// distinct returns the list sorted, without repeats and empty strings.
func distinct(list []string) []string {
	list = slices.DeleteFunc(list, func(s string) bool { return s == "" })
	if len(list) == 0 {
		return nil
	}
	slices.Sort(list)
	return slices.Compact(list)
}

// aliasesOf returns the words an article is found by for its entities:
// each name as the article gives it, the name it resolved to across
// articles, and their aliases.
func aliasesOf(named []registry.Named) []string {
	var aliases []string
	for _, n := range named {
		aliases = append(aliases, n.Name)
		if n.Resolved != "" && n.Resolved != n.Name {
			aliases = append(aliases, n.Resolved)
		}
		aliases = append(aliases, n.Aliases...)
	}
	return dedupeFold(aliases)
}

// namedOf returns what the article says of its entities: a.Named, or for
// an article given without it (built by hand rather than by Entities),
// its facet values as they are.
func namedOf(a *Article) []registry.Named {
	if a.Named != nil {
		return a.Named
	}
	var named []registry.Named
	for _, f := range []struct {
		k      entity.Kind
		values []string
	}{{entity.Person, a.People}, {entity.Place, a.Places}, {entity.Organisation, a.Organisations}} {
		for _, v := range f.values {
			if v = registry.Clean(v); v != "" {
				named = append(named, registry.Named{Kind: f.k, Name: v, Forms: []string{v}, Resolved: v, Source: registry.Clean(a.Source)})
			}
		}
	}
	return named
}

// resolve gives the article the facet values of its entities across
// articles: each facet value is the name its Named resolved to, in the
// article's order, without repeats; and the aliases to match.
func (a *Article) resolve(named []registry.Named) {
	a.Named = named
	var people, places, orgs []string
	for _, n := range named {
		v := n.Resolved
		if v == "" {
			v = n.Name
		}
		switch n.Kind {
		case entity.Person:
			people = appendNew(people, v)
		case entity.Place:
			places = appendNew(places, v)
		case entity.Organisation:
			orgs = appendNew(orgs, v)
		}
	}
	a.People, a.Places, a.Organisations = people, places, orgs
	aliases := aliasesOf(named)
	if a.Aliases != nil {
		aliases = dedupeFold(append(a.Aliases, aliases...))
	}
	a.Aliases = aliases
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// dedupeFold drops repeated names, ignoring case, keeping the first.
func dedupeFold(names []string) []string {
	seen := make(map[string]bool, len(names))
	out := names[:0]
	for _, n := range names {
		k := strings.ToLower(n)
		if n == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// WrittenNames returns the values of kind k that Entities gave an article
// (names), each named as the article writes it (Extractor.WrittenNames),
// without the organisations the article only describes in lower case
// ("the Iraqi army"): what "sitrep extract" prints. found is what
// Entities returned.
func WrittenNames(x *entity.Extractor, found entity.Result, k entity.Kind, names []string) []string {
	out := slices.DeleteFunc(x.WrittenNames(found, k, names), func(s string) bool { return s == "" })
	if out == nil {
		return []string{}
	}
	return out
}
