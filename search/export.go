package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// ExportSummary is what an export is about to write, known before its
// first row: the search's counts, as Search gives them, on the snapshot
// the export reads.
type ExportSummary struct {
	// Total counts the matching articles, Stories the stories among them.
	Total, Stories uint64
	// Collapsed is set when the rows are one per story (Request.NoCollapse
	// unset): Rows is then Stories, else Total.
	Collapsed bool
	Rows      uint64
}

// ExportRow is one row of an export: a matching article, its stored
// fields (the body and captions aside), its story and the story's other
// matching articles.
type ExportRow struct {
	Article *index.Article
	// AlsoIn lists every other matching article of the row's story,
	// best-ranked first (no MaxAlsoIn bound: an export is complete).
	AlsoIn []Copy
}

// Copy is another matching article of a row's story, named by its ID
// and source.
type Copy struct{ ID, Source string }

// exportFields are the stored fields loaded for each row of an export.
var exportFields = []string{
	index.FieldID, index.FieldTitle, index.FieldSummary, index.FieldURL, index.FieldSource,
	index.FieldAuthors, index.FieldPublished, index.FieldPeople, index.FieldPlaces,
	index.FieldOrganisations, index.FieldStory,
}

// Export runs req to the end: it calls begin once with the counts, then
// row for every matching article (or, collapsed, the best-ranked article
// of every matching story) in the request's sort, and returns the first
// error either returns. Page, Size and Cursor are ignored.
//
// The whole export reads one snapshot of the index, taken when it starts:
// articles written or deleted while it runs are not seen, and none is
// written twice or left out. Memory does not grow with the rows written:
// each row's stored fields are loaded, handed to row and dropped; what
// stays is the order of the matches, 16 bytes each, as in every search.
// It stops with ctx's error once ctx is done. Mistakes in req come back as
// a *QueryError, as from Search.
func (e *Engine) Export(ctx context.Context, req Request, begin func(ExportSummary) error, row func(*ExportRow) error) error {
	req.Page, req.Size, req.Cursor = 1, 1, ""
	p, err := e.prepare(ctx, &req, nil)
	if err != nil {
		return err
	}
	defer p.close()
	if err := p.admit(ctx, req.Query); err != nil {
		return err
	}
	snap, err := p.snapshot()
	if err != nil {
		return err
	}
	q := p.q

	rank := &ranker{st: snap.Tables(), sort: req.Sort}
	counter := newMatchCounter(snap.Tables(), e.slots, false, rank)
	defer counter.release()
	if err := snap.EachMatch(ctx, q, counter.add); err != nil {
		return searchError(req.Query, err)
	}
	counts := counter.result(false)
	order := slices.Clone(counter.members)
	if req.NoCollapse {
		order = append(order, counter.extras...)
	}
	slices.SortFunc(order, func(a, b storyMember) int { return rank.compare(rank.key(a), rank.key(b)) })
	sum := ExportSummary{Total: counts.total, Stories: counts.stories, Collapsed: !req.NoCollapse, Rows: uint64(len(order))}
	if err := begin(sum); err != nil {
		return err
	}
	st := snap.Tables()
	for _, m := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		id := st.Table(int(m.seg)).ID[m.local]
		fields, err := snap.Stored(id, exportFields)
		if err != nil {
			return fmt.Errorf("export: load article %s: %w", id, err)
		}
		r := &ExportRow{Article: index.ArticleFromFields(fields)}
		r.Article.Story = st.Stories[m.story]
		for _, o := range storyMatches(counter, m) {
			if o != m {
				r.AlsoIn = append(r.AlsoIn, Copy{ID: st.Table(int(o.seg)).ID[o.local], Source: tableSource(st, o)})
			}
		}
		if err := row(r); err != nil {
			return err
		}
	}
	return nil
}

// storyMatches returns the matching articles of m's story, best-ranked
// first, m among them.
func storyMatches(mc *matchCounter, m storyMember) []storyMember {
	others := mc.others(m.story)
	if len(others) == 0 {
		return []storyMember{m}
	}
	best := mc.members[mc.byStory[m.story]-1]
	return append([]storyMember{best}, others...)
}

// tableSource returns the source of m from the snapshot's tables ("" when
// it has none), without loading its stored fields.
func tableSource(st *scorchx.Tables, m storyMember) string {
	f := facetNumber(FacetSources)
	t := st.Table(int(m.seg))
	for _, v := range t.Vals[t.Start[m.local]:t.Start[m.local+1]] {
		if int(scorchx.Facet(v)) == f {
			return st.Values[f][scorchx.Ord(v)]
		}
	}
	return ""
}
