package index

import (
	"strings"

	"github.com/sitrep/sitrep/index/entity"
)

// MaxEntitiesPerKind is the most people, places or organisations an
// article keeps: the first ones (curated, then the most mentioned) are
// kept, the rest dropped, so that one article with a list of thousands of
// names can neither slow indexing nor swamp its page and the facets.
const MaxEntitiesPerKind = 1000

// Entities gives an article its entity facets: the people, places and
// organisations the input gave (curated values), canonicalised, then those
// x extracts from its title, summary, body and captions, most mentioned
// first; and the names and aliases of all of them for word search. With
// extract false only the curated values are used. Each kind keeps at most
// MaxEntitiesPerKind values. It returns what the
// extractor found (empty when extract is false), for reports.
func Entities(x *entity.Extractor, a *Article, extract bool) entity.Result {
	var found entity.Result
	if extract {
		found = x.Extract(entity.Document{Title: a.Title, Summary: a.Summary, Body: a.Body, Captions: a.Captions})
	}
	var aliases []string
	merge := func(k entity.Kind, curated []string, extracted []entity.Entity) []string {
		out := make([]string, 0, min(len(curated)+len(extracted), MaxEntitiesPerKind))
		seen := make(map[string]bool, cap(out))
		for _, name := range curated {
			if len(out) == MaxEntitiesPerKind {
				break
			}
			if c := x.Canonical(k, name); c != "" && !seen[c] {
				seen[c] = true
				out = append(out, c)
				aliases = append(aliases, c)
				aliases = append(aliases, x.Aliases(k, c)...)
			}
		}
		for _, e := range extracted {
			if !seen[e.Name] {
				if len(out) == MaxEntitiesPerKind {
					continue
				}
				seen[e.Name] = true
				out = append(out, e.Name)
			}
			aliases = append(aliases, e.Name)
			aliases = append(aliases, e.Aliases...)
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	a.People = merge(entity.Person, a.People, found.People)
	a.Places = merge(entity.Place, a.Places, found.Places)
	a.Organisations = merge(entity.Organisation, a.Organisations, found.Organisations)
	a.Aliases = dedupeFold(aliases)
	return found
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
