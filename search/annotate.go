package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index/registry"
)

// Annotated is a text of an article with the matches of a query marked
// and the places it names the article's entities.
type Annotated struct {
	Marked
	// Mentions are where the text names the article's entities, in
	// order, not overlapping.
	Mentions []Mention
}

// Mention is a place where a text names an entity.
type Mention struct {
	Span
	Entity MatchedEntity
}

// Annotation is an article's title, summary and body annotated for a
// query (Engine.Annotate), with what made the article match.
type Annotation struct {
	Title, Summary, Body Annotated
	// Matched is what made the article match the query, as a hit's
	// (Hit.Matched); empty when it does not match or the query has no
	// words.
	Matched []Match
}

// maxMentions bounds the places one name of an entity is found in one
// text of an article.
const maxMentions = 1000

// Annotate returns the title, summary and body of the article with the
// given ID with the matches of the query text marked, as the search marks
// a hit's (the same words, stems, phrases, prefixes, near words and
// names of entities), and the places they name the article's entities.
// The query's filters do not apply: the words are marked wherever the
// article holds them. Errors: a *QueryError for a query that cannot be
// run, an error wrapping ErrNotFound for an unknown ID, and faults of
// the index.
func (e *Engine) Annotate(ctx context.Context, id, text string) (*Annotation, error) {
	req := Request{Query: text}
	p, err := e.prepare(ctx, &req, nil)
	if err != nil {
		return nil, err
	}
	defer p.close()
	x := e.newExplainer(p.parsed)
	var q query.Query
	if x != nil {
		if err := p.admit(ctx, text); err != nil {
			return nil, err
		}
		q = p.q
	}
	snap, err := p.snapshot()
	if err != nil {
		return nil, err
	}
	locs, shown, found, err := snap.Locate(ctx, q, id)
	if err != nil {
		return nil, searchError(text, err)
	}
	if !found {
		return nil, fmt.Errorf("article %q: %w", id, ErrNotFound)
	}
	out := &Annotation{}
	texts := shownTextsOf(shown)
	if locs != nil {
		out.Matched = x.matches(locs, shown)
	}
	named := storedNamed(shown.Entities)
	for i, to := range []*Annotated{&out.Title, &out.Summary, &out.Body} {
		t := &texts[i]
		*to = Annotated{Marked: marksOf(string(t.text), locs[shownFields[i]]), Mentions: mentionsOf(t.fold(), named)}
	}
	return out, nil
}

// marksOf returns text with the places in locs marked, overlapping ones
// made one.
func marksOf(text string, locs bsearch.TermLocationMap) Marked {
	var spans []Span
	for _, ls := range locs {
		for _, l := range ls {
			if l.Start < l.End && l.End <= uint64(len(text)) {
				spans = append(spans, Span{int(l.Start), int(l.End)})
			}
		}
	}
	slices.SortFunc(spans, func(a, b Span) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
	merged := spans[:0]
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp.Start < merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, sp.End)
			continue
		}
		merged = append(merged, sp)
	}
	if len(merged) == 0 {
		merged = nil
	}
	return Marked{Text: text, Spans: merged}
}

// mentionsOf returns the places folded (a text asciiFold folded) names
// the entities named, by any of their names: where two overlap, the one
// that starts first, then the longer, is kept.
func mentionsOf(folded string, named []registry.Named) []Mention {
	var all []Mention
	for _, n := range named {
		ent := *matchedEntity(n)
		for _, name := range entityNames(n) {
			for _, sp := range findWords(folded, asciiFold(name), maxMentions) {
				all = append(all, Mention{Span: sp, Entity: ent})
			}
		}
	}
	slices.SortFunc(all, func(a, b Mention) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End)) })
	var out []Mention
	for _, m := range all {
		if n := len(out); n > 0 && m.Start < out[n-1].End {
			continue
		}
		out = append(out, m)
	}
	return out
}
