package search_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search"
)

// highlightQueries are searches of the sample corpus whose hits, counts
// and marks TestHighlightGoldens keeps: words, stems, phrases, aliases,
// prefixes, fuzzy and forgiving words, scopes, a title match and NOT.
var highlightQueries = []string{
	"missile",
	"missiles",
	"hypersonic missile",
	`"strike group"`,
	`"air force"`,
	`"south china sea"`,
	"daesh mosul",
	"isil tanks",
	"peshmarga~",
	"pesmerga",
	"hyper*",
	"depl* navy",
	"title:hypersonic",
	"person:wallander",
	"wallander",
	"kurdistan -erbil",
	"submarine deployment",
	`"space force" warning`,
	"isis OR daesh",
	"lockheed martin",
}

// highlightGolden is what a search shows, kept in
// testdata/highlights.json: the counts, and each hit's title and snippet
// with their matches in brackets.
type highlightGolden struct {
	Q       string   `json:"q"`
	Total   uint64   `json:"total"`
	Stories uint64   `json:"stories"`
	Hits    []string `json:"hits"`
	// Articles digests each hit's whole article as the article page
	// shows it (Engine.Article), Export each row of the search's export.
	Articles []string `json:"articles"`
	Export   []string `json:"export"`
}

// articleDigest returns the ID and a digest of what a shows (its title,
// summary, body, captions and metadata; not when it was ingested).
func articleDigest(a *index.Article) string {
	c := *a
	c.Ingested = time.Time{}
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // an Article always marshals
	}
	return fmt.Sprintf("%s %x", a.ID, sha256.Sum256(b))
}

// TestHighlightGoldens compares what the first page of each of
// highlightQueries shows — hits, counts, marked titles and snippets, and
// each hit's article page — and the search's export with
// testdata/highlights.json, written by the code before issue 18's
// changes to what the index stores: the highlights, now placed by
// tokenizing the stored text again, must not move, nor the text read
// back from its compressed field change. SITREP_UPDATE_GOLDEN=1
// writes the file anew.
func TestHighlightGoldens(t *testing.T) {
	eng := mustUncachedEngine(t)
	got := make([]highlightGolden, 0, len(highlightQueries))
	for _, q := range highlightQueries {
		res, err := eng.Search(context.Background(), search.Request{Query: q, NoCollapse: true})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		g := highlightGolden{Q: q, Total: res.Total, Stories: res.Stories}
		for _, h := range res.Hits {
			g.Hits = append(g.Hits, fmt.Sprintf("%s | %s | %s", h.ID, bracketed(h.Title), bracketed(h.Snippet)))
			a, err := eng.Article(context.Background(), h.ID)
			if err != nil {
				t.Fatalf("%s: article %s: %v", q, h.ID, err)
			}
			if len(a.Body) == 0 {
				t.Errorf("%s: article %s has no body", q, h.ID)
			}
			g.Articles = append(g.Articles, articleDigest(a))
		}
		err = eng.Export(context.Background(), search.Request{Query: q, NoCollapse: true},
			func(search.ExportSummary) error { return nil },
			func(r *search.ExportRow) error { g.Export = append(g.Export, articleDigest(r.Article)); return nil })
		if err != nil {
			t.Fatalf("%s: export: %v", q, err)
		}
		got = append(got, g)
	}
	path := filepath.Join("testdata", "highlights.json")
	if os.Getenv("SITREP_UPDATE_GOLDEN") == "1" {
		b, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []highlightGolden
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("what searches show changed (-%s +now):\n%s", path, diff)
	}
	marked := 0
	for _, g := range got {
		if g.Total == 0 {
			t.Errorf("%s: no hits; the golden needs queries that match", g.Q)
		}
		for _, h := range g.Hits {
			if strings.Contains(h, "[") {
				marked++
			}
		}
	}
	if marked < len(got)*5 {
		t.Errorf("only %d hits marked among %d queries: the golden should mark most hits", marked, len(got))
	}
}
