package entity

import (
	"slices"
	"strings"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// lookup returns the gazetteer entity of kind k with the name key.
func (x *Extractor) lookup(k Kind, key string) *gazEntity {
	if gn, ok := x.g.names[key]; ok && x.g.ents[gn.ent].kind == k {
		return &x.g.ents[gn.ent]
	}
	return nil
}

// Canonical returns the canonical form of a name of kind k: the gazetteer's
// name for it when it knows it ("Daesh" -> "Islamic State", "Erbil" ->
// "Irbil"), else the name tidied (white space collapsed, a leading "the"
// dropped, and for people their titles dropped: "Gen. Joseph Votel" ->
// "Joseph Votel"). It returns "" for a person's title alone ("Capt.").
func (x *Extractor) Canonical(k Kind, name string) string {
	t := tidy(strings.TrimSpace(name))
	if len(t) > 4 && strings.EqualFold(t[:4], "the ") {
		t = t[4:]
	}
	if t == "" {
		return ""
	}
	if e := x.lookup(k, norm.Key(t)); e != nil {
		return e.name
	}
	words := strings.Fields(t)
	switch k {
	case Person:
		// The name is what follows the last title word or connector, less
		// the ordinary words that open it: "Pentagon Press Secretary Peter
		// Cook" -> "Peter Cook", "Secretary of State Antony Blinken" ->
		// "Antony Blinken".
		cut := false
		for i := len(words) - 2; i >= 0; i-- {
			k := norm.Key(words[i])
			if x.g.titles.has(k) || k == "of" || k == "for" || k == "to" {
				words = words[i+1:]
				cut = true
				break
			}
		}
		for len(words) > 1 {
			k := norm.Key(words[0])
			if x.g.titles.has(k) || x.g.demonyms.has(k) || cut && (x.g.heads.has(k) || x.g.english.has(k) && !x.g.first.has(k)) {
				words = words[1:]
				continue
			}
			break
		}
		if len(words) == 1 && (x.g.titles.has(norm.Key(words[0])) || x.g.notNames.has(norm.Key(words[0]))) {
			return "" // a title alone names nobody
		}
		t = strings.TrimSuffix(strings.Join(words, " "), "'s")
		if e := x.lookup(k, norm.Key(t)); e != nil {
			return e.name
		}
		return t
	case Organisation:
		// "Kurdish Peshmerga" -> "Peshmerga"; "U.S. Central Command" is
		// itself a name.
		for len(words) > 1 && x.g.demonyms.has(norm.Key(words[0])) {
			key := norm.Key(strings.Join(words[1:], " "))
			if e := x.lookup(k, key); e != nil {
				if x.g.names[key].generic {
					break // "Philippine Coast Guard" is not the US Coast Guard
				}
				return e.name
			}
			words = words[1:]
		}
	case Place:
		if n := len(words); n > 1 && placeHeads[norm.Key(words[n-1])] {
			if e := x.lookup(k, norm.Key(strings.Join(words[:n-1], " "))); e != nil {
				return e.name
			}
		}
		// "Al-Sinek neighborhood", "Luhaiban village": the kind of place in
		// lower case after its name is not part of it.
		if n := len(words); n > 1 && placeAfter[words[n-1]] {
			return x.Canonical(Place, strings.Join(words[:n-1], " "))
		}
	}
	return t
}

// Known reports whether the gazetteer knows name as an entity of kind k.
func (x *Extractor) Known(k Kind, name string) bool {
	return x.lookup(k, norm.Key(tidy(name))) != nil
}

// OrdinaryWord reports whether w, in any case, is an ordinary English word
// of the embedded word list ("coalition", "forces"), or a pronoun, weekday
// or month: such a word alone names no entity.
func (x *Extractor) OrdinaryWord(w string) bool {
	k := norm.Key(w)
	return x.g.english.has(k) || x.g.notNames.has(k)
}

// GivenName reports whether w, in any case, is a given name the gazetteer
// knows ("Peter", "Haider").
func (x *Extractor) GivenName(w string) bool { return x.g.first.has(norm.Key(w)) }

func (x *Extractor) canonicalPerson(text string) string { return x.Canonical(Person, text) }
func (x *Extractor) canonicalOrg(text string) string    { return x.Canonical(Organisation, text) }

// Aliases returns the other names the gazetteer knows for the canonical
// entity of kind k, sorted; nil when it knows none.
func (x *Extractor) Aliases(k Kind, canonical string) []string {
	e := x.lookup(k, norm.Key(canonical))
	if e == nil || e.aliases == "" {
		return nil
	}
	out := e.aliasList()
	slices.Sort(out)
	return out
}
