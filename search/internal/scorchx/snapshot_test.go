package scorchx

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
)

// dateRange returns the query of the publication dates from from (inclusive)
// to to (exclusive); a zero time is an open end.
func dateRange(from, to time.Time) query.Query {
	yes, no := true, false
	q := bleve.NewDateRangeInclusiveQuery(from, to, &yes, &no)
	q.SetField(index.FieldPublished)
	return q
}

// TestSnapshotAsBleve checks a Snapshot against bleve's own search on the
// sample corpus with some articles deleted: EachMatch (and
// EachMatchUnscored, without the scores) and the counting of
// Collect see every match bleve finds, with its score, in document order,
// and the tables name each by its ID; Collect's page is bleve's, in the
// same order, and its sort on the tables' dates and IDs is bleve's sort on
// doc values.
func TestSnapshotAsBleve(t *testing.T) {
	ctx := context.Background()
	ix := indextest.Corpus(t)
	b := ix.Bleve()
	ids := matches(t, b, bleve.NewMatchAllQuery())
	if len(ids) != indextest.CorpusSize {
		t.Fatalf("the corpus index holds %d articles, want %d", len(ids), indextest.CorpusSize)
	}
	// Deleted articles must be skipped, by the searchers and by the walk
	// of a match-all query alike.
	for _, id := range []string{ids[0], ids[len(ids)/2], ids[len(ids)-1]} {
		if ok, err := ix.Delete(ctx, id); err != nil || !ok {
			t.Fatalf("delete %s: %v, %v", id, ok, err)
		}
	}
	word := func(field, w string) query.Query {
		q := bleve.NewTermQuery(w)
		q.SetField(field)
		return q
	}
	queries := []struct {
		name string
		q    query.Query
	}{
		{"match all", bleve.NewMatchAllQuery()},
		{"word", word(index.FieldText, "iraq")},
		{"phrase", &PhraseQuery{Text: "strike group", Field: index.FieldText, Boost: 1}},
		{"conjunction", bleve.NewConjunctionQuery(word(index.FieldText, "iraq"), word(index.FieldText, "syria"))},
		{"disjunction", bleve.NewDisjunctionQuery(word(index.FieldTitle, "iraq"), word(index.FieldText, "iraq"), word(index.FieldAliases, "iraq"))},
		{"dates", dateRange(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))},
		{"dates and word", bleve.NewConjunctionQuery(word(index.FieldText, "iraq"), dateRange(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{}))},
		{"fuzzy word", &FuzzyQuery{Text: "irak", Field: index.FieldText, Fuzziness: 1, Boost: 1, Discount: 0.5}},
		{"nothing", word(index.FieldText, "zzyzx")},
	}
	cache := NewTableCache([]string{index.FieldPeople, index.FieldPlaces, index.FieldOrganisations, index.FieldSource})
	for _, tc := range queries {
		t.Run(tc.name, func(t *testing.T) {
			want := scores(t, b, tc.q)
			if tc.name != "nothing" && len(want) == 0 {
				t.Fatal("bleve finds nothing: the test checks too little")
			}
			snap, err := Open(b, b.Mapping(), cache)
			if err != nil {
				t.Fatal(err)
			}
			defer snap.Close()
			st := snap.Tables()
			// seen gathers the matches handed to a walk, by ID, checking
			// that they come in document order.
			seen := func(got map[string]float64, last *int64) func(doc uint64, score float64) {
				return func(doc uint64, score float64) {
					if int64(doc) <= *last {
						t.Errorf("document %d after %d: not in document order", doc, *last)
					}
					*last = int64(doc)
					seg, local := st.Locate(doc, 0)
					got[st.Table(seg).ID[local]] = score
				}
			}
			walked, last := map[string]float64{}, int64(-1)
			if err := snap.EachMatch(ctx, tc.q, seen(walked, &last)); err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(walked, want) {
				t.Errorf("EachMatch found\n %v\nbleve\n %v", walked, want)
			}
			unscored, last := map[string]float64{}, int64(-1)
			if err := snap.EachMatchUnscored(ctx, tc.q, seen(unscored, &last)); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(slices.Sorted(maps.Keys(unscored)), slices.Sorted(maps.Keys(want))) {
				t.Errorf("EachMatchUnscored found\n %v\nbleve\n %v", slices.Sorted(maps.Keys(unscored)), slices.Sorted(maps.Keys(want)))
			}
			for id, score := range unscored {
				if score != 0 {
					t.Errorf("EachMatchUnscored gave %s the score %g, want 0", id, score)
				}
			}
			sortBy := []string{"-_score", "-" + index.FieldPublished, index.FieldID}
			sr := bleve.NewSearchRequestOptions(tc.q, 10, 0, false)
			sr.SortBy(sortBy)
			counted, last := map[string]float64{}, int64(-1)
			hits, err := snap.Collect(ctx, sr, seen(counted, &last), nil, Explainer{})
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(counted, want) {
				t.Errorf("Collect counted\n %v\nbleve\n %v", counted, want)
			}
			var page []string
			for _, h := range hits {
				seg, local := st.Locate(h.Doc, 0)
				if id := st.Table(seg).ID[local]; id != h.ID {
					t.Errorf("hit %s has the document number of %s", h.ID, id)
				}
				page = append(page, fmt.Sprintf("%s %.12g", h.ID, h.Score))
			}
			theirs := bleve.NewSearchRequestOptions(tc.q, 10, 0, false)
			theirs.SortBy(sortBy)
			res, err := b.Search(theirs)
			if err != nil {
				t.Fatal(err)
			}
			var wantPage []string
			for _, h := range res.Hits {
				wantPage = append(wantPage, fmt.Sprintf("%s %.12g", h.ID, h.Score))
			}
			if !slices.Equal(page, wantPage) {
				t.Errorf("Collect's page\n %v\nbleve's\n %v", page, wantPage)
			}
		})
	}
}

// scores returns every match of q in b, by ID, with its score.
func scores(tb testing.TB, b bleve.Index, q query.Query) map[string]float64 {
	tb.Helper()
	res, err := b.Search(bleve.NewSearchRequestOptions(q, 10000, 0, false))
	if err != nil {
		tb.Fatalf("search %v: %v", q, err)
	}
	out := make(map[string]float64, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Score
	}
	return out
}

// matches returns the IDs of every match of q in b, sorted.
func matches(tb testing.TB, b bleve.Index, q query.Query) []string {
	tb.Helper()
	return slices.Sorted(maps.Keys(scores(tb, b, q)))
}
