package search_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// exporter is an Engine or a Gather.
type exporter interface {
	Export(ctx context.Context, req search.Request, begin func(search.ExportSummary) error, row func(*search.ExportRow) error) error
}

// exported runs an export of req and returns its summary and rows.
func exported(t *testing.T, eng exporter, req search.Request) (search.ExportSummary, []*search.ExportRow) {
	t.Helper()
	var sum search.ExportSummary
	var rows []*search.ExportRow
	err := eng.Export(context.Background(), req,
		func(s search.ExportSummary) error { sum = s; return nil },
		func(r *search.ExportRow) error { rows = append(rows, r); return nil })
	if err != nil {
		t.Fatalf("export %+v: %v", req, err)
	}
	return sum, rows
}

// pagedIDs returns the IDs of every hit of req, read page by page with the
// cursor as an API client would, and the last page's result.
func pagedIDs(t *testing.T, eng *search.Engine, req search.Request) ([]string, *search.Result) {
	t.Helper()
	req.Size = search.MaxSize
	var ids []string
	for {
		res, err := eng.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if res.NextCursor == "" {
			return ids, res
		}
		req.Cursor = res.NextCursor
	}
}

// TestExportEqualsSearch checks that an export holds every hit of the
// search, in the search's order: as many rows as the search counts, the
// same IDs, none twice.
func TestExportEqualsSearch(t *testing.T) {
	eng := mustEngine(t)
	tests := []struct {
		name string
		req  search.Request
	}{
		{"every article", search.Request{NoCollapse: true}},
		{"every article newest first", search.Request{Sort: search.Newest, NoCollapse: true}},
		{"a query by relevance", search.Request{Query: "military", NoCollapse: true}},
		{"a query collapsed", search.Request{Query: "military"}},
		{"a filter, oldest first", search.Request{Places: []string{"Iraq"}, Sort: search.Oldest}},
		{"nothing matches", search.Request{Query: "zzyzxqwv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, last := pagedIDs(t, eng, tt.req)
			sum, rows := exported(t, eng, tt.req)
			var got []string
			for _, r := range rows {
				got = append(got, r.Article.ID)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("exported IDs (-search +export):\n%s", diff)
			}
			wantRows := last.Total
			if last.Collapsed {
				wantRows = last.Stories
			}
			if sum.Total != last.Total || sum.Stories != last.Stories || sum.Rows != wantRows || uint64(len(rows)) != wantRows {
				t.Errorf("summary %+v with %d rows, want total %d, stories %d, rows %d", sum, len(rows), last.Total, last.Stories, wantRows)
			}
			seen := map[string]bool{}
			for _, id := range got {
				if seen[id] {
					t.Errorf("article %s exported twice", id)
				}
				seen[id] = true
			}
			if tt.name == "every article" && len(rows) != indextest.CorpusSize {
				t.Errorf("exported %d articles of the corpus's %d", len(rows), indextest.CorpusSize)
			}
		})
	}
}

// TestExportStories checks the rows of a collapsed export: one per story,
// whose also-in names every other matching copy (beyond MaxAlsoIn too),
// so that rows and copies together are every matching article.
func TestExportStories(t *testing.T) {
	fx := newStoryFixture(t)
	for _, collapse := range []bool{true, false} {
		t.Run(fmt.Sprint("collapse=", collapse), func(t *testing.T) {
			sum, rows := exported(t, fx.eng, search.Request{NoCollapse: !collapse})
			if sum.Total != uint64(fx.articles) || sum.Stories != uint64(len(fx.wire)) {
				t.Fatalf("summary %+v, want %d articles in %d stories", sum, fx.articles, len(fx.wire))
			}
			all := map[string]bool{}
			for _, r := range rows {
				all[r.Article.ID] = true
				members := []string{r.Article.ID}
				for _, c := range r.AlsoIn {
					members = append(members, c.ID)
					if c.Source == "" {
						t.Errorf("copy %s of %s has no source", c.ID, r.Article.ID)
					}
				}
				if collapse {
					for _, id := range members {
						all[id] = true
					}
				}
				if r.Article.Story == "" {
					t.Errorf("row %s has no story", r.Article.ID)
				}
				if r.Article.Story == fx.wire[2].ID && len(r.AlsoIn) != 24 {
					t.Errorf("row %s of story 2 names %d copies, want 24", r.Article.ID, len(r.AlsoIn))
				}
				if slices.Contains(members[1:], r.Article.ID) {
					t.Errorf("row %s names itself among its copies", r.Article.ID)
				}
			}
			if len(all) != fx.articles {
				t.Errorf("rows and copies name %d articles, want %d", len(all), fx.articles)
			}
		})
	}
}

// TestExportReadsOneSnapshot checks the rule for writes during an export:
// it reads the index as it was when it started, so articles added or
// deleted while it runs are neither seen nor missed.
func TestExportReadsOneSnapshot(t *testing.T) {
	ix := indextest.New(t)
	before := indextest.WireStories(t, 30)
	indextest.Add(t, ix, before...)
	var want []string
	for _, a := range before {
		want = append(want, a.ID)
	}
	slices.Sort(want)
	eng := search.New(ix)
	later := indextest.Syndicated(before[0], "Late Wire", 3)
	later.Body = "A different story altogether, written during the export. " + later.Body[:200]
	var got []string
	err := eng.Export(context.Background(), search.Request{NoCollapse: true, Sort: search.Newest},
		func(search.ExportSummary) error { return nil },
		func(r *search.ExportRow) error {
			if len(got) == 1 {
				indextest.Add(t, ix, later)
				for _, a := range before[20:] {
					if ok, err := ix.Delete(context.Background(), a.ID); err != nil || !ok {
						return fmt.Errorf("delete %s: %v %v", a.ID, ok, err)
					}
				}
			}
			got = append(got, r.Article.ID)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("exported IDs (-at the start +exported):\n%s", diff)
	}
	if n, _ := ix.Count(); n != uint64(len(before)-10+1) {
		t.Errorf("the index holds %d articles after the writes, want %d: the writes did not happen", n, len(before)-10+1)
	}
}

// TestExportStopsWhenCancelled checks that an export whose context is
// cancelled (the client went away) stops at the next row.
func TestExportStopsWhenCancelled(t *testing.T) {
	eng := mustEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rows := 0
	err := eng.Export(ctx, search.Request{NoCollapse: true},
		func(search.ExportSummary) error { return nil },
		func(*search.ExportRow) error {
			rows++
			if rows == 3 {
				cancel()
			}
			return nil
		})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("export returned %v, want context.Canceled", err)
	}
	if rows != 3 {
		t.Errorf("export wrote %d rows, want 3 (it should stop once cancelled)", rows)
	}
}

// TestExportRefusesBadRequests checks that mistakes come back as a
// *QueryError before any row.
func TestExportRefusesBadRequests(t *testing.T) {
	err := mustEngine(t).Export(context.Background(), search.Request{Query: `"unclosed`, Sort: "sideways"},
		func(search.ExportSummary) error { t.Error("begin called"); return nil },
		func(*search.ExportRow) error { t.Error("row called"); return nil })
	if _, ok := errors.AsType[*search.QueryError](err); !ok {
		t.Errorf("export returned %v, want a *QueryError", err)
	}
}

// TestExportByEntityID checks that an export filtered on an entity's id,
// kept or left out, writes the rows of the export filtered on its name,
// as a search does.
func TestExportByEntityID(t *testing.T) {
	eng := mustEngine(t)
	const name = "Ash Carter"
	id := entity.ID(entity.Person, name)
	tests := []struct {
		name         string
		byName, byID search.Request
	}{
		{"kept", search.Request{People: []string{name}}, search.Request{People: []string{id}}},
		{"kept, every article", search.Request{People: []string{name}, NoCollapse: true}, search.Request{People: []string{id}, NoCollapse: true}},
		{"left out", search.Request{Query: "military", NotPeople: []string{name}}, search.Request{Query: "military", NotPeople: []string{id}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantSum, wantRows := exported(t, eng, tt.byName)
			gotSum, gotRows := exported(t, eng, tt.byID)
			if len(wantRows) == 0 {
				t.Fatalf("the export filtered on %q wrote no rows: the test needs some", name)
			}
			if diff := cmp.Diff(wantSum, gotSum); diff != "" {
				t.Errorf("summary (-by name +by id):\n%s", diff)
			}
			if diff := cmp.Diff(wantRows, gotRows); diff != "" {
				t.Errorf("rows (-by name +by id):\n%s", diff)
			}
		})
	}
}
