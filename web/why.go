package web

import (
	"unicode/utf8"

	"github.com/sitrep/sitrep/search"
)

// This file shows why a hit matched: the API's plain text with highlight
// offsets and its "matched" list, and the result page's "Matched:" line.

// matchJSON is one reason a hit matched (search.Match).
type matchJSON struct {
	// Kind is word, stem, phrase, prefix, fuzzy, alias or entity.
	Kind string `json:"kind"`
	Text string `json:"text"`
	// Entity is set for the kinds alias and entity.
	Entity *matchedEntityJSON `json:"entity,omitempty"`
}

// matchedEntityJSON names the entity of an alias or entity match.
type matchedEntityJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Type is person, place or organisation.
	Type string `json:"type"`
}

// matchesJSON shapes a hit's matches; the list is never null.
func matchesJSON(ms []search.Match) []matchJSON {
	out := make([]matchJSON, len(ms))
	for i, m := range ms {
		out[i] = matchJSON{Kind: string(m.Kind), Text: m.Text}
		if e := m.Entity; e != nil {
			out[i].Entity = &matchedEntityJSON{ID: e.ID, Name: e.Name, Type: e.Kind.String()}
		}
	}
	return out
}

// utf16Spans returns the spans of m as [start, end) offsets in UTF-16
// code units of its text, as JavaScript strings index them
// (text.slice(start, end) is the marked text); never null.
func utf16Spans(m search.Marked) [][2]int {
	out := make([][2]int, 0, len(m.Spans))
	at, units := 0, 0 // a byte offset of m.Text, and its offset in units
	unitsAt := func(b int) int {
		for at < b && at < len(m.Text) {
			r, size := utf8.DecodeRuneInString(m.Text[at:])
			units += utf16Len(r)
			at += size
		}
		return units
	}
	for _, sp := range m.Spans {
		if sp.Start < at || sp.End <= sp.Start || sp.End > len(m.Text) {
			continue // as markedHTML leaves such a span unmarked
		}
		start := unitsAt(sp.Start)
		out = append(out, [2]int{start, unitsAt(sp.End)})
	}
	return out
}

// utf16Len returns the UTF-16 code units of r: 2 beyond the Basic
// Multilingual Plane, else 1 (an invalid byte decodes to U+FFFD, 1).
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// whyView is one item of a hit's "Matched:" line: the names an entity
// is written as that a word of the query found (Texts; none when the
// text writes none of them), or a near spelling (no entity).
type whyView struct {
	Texts []string
	// Entity names the entity, EntityKind its kind, EntityURL its page.
	Entity, EntityKind, EntityURL string
}

// whyViews returns the items of a hit's "Matched:" line: what the marks
// alone do not explain. Alias matches are grouped by entity; words,
// stems, phrases and prefixes, which read as the query, are left out.
func whyViews(ms []search.Match) []whyView {
	var out []whyView
	var near []string
	byEntity := map[string]int{}
	for _, m := range ms {
		switch m.Kind {
		case search.MatchFuzzy:
			near = append(near, m.Text)
		case search.MatchAlias, search.MatchEntity:
			i, ok := byEntity[m.Entity.ID]
			if !ok {
				i = len(out)
				byEntity[m.Entity.ID] = i
				out = append(out, whyView{Entity: m.Entity.Name, EntityKind: m.Entity.Kind.String(), EntityURL: entityPath(m.Entity.ID)})
			}
			if m.Kind == search.MatchAlias {
				out[i].Texts = append(out[i].Texts, m.Text)
			}
		}
	}
	if len(near) > 0 {
		out = append(out, whyView{Texts: near})
	}
	return out
}
