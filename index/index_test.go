package index_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/searcher"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

func date(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestArticleIDSameArticle(t *testing.T) {
	tests := []struct {
		name string
		a, b [4]string // url, source, title, date
	}{
		{"scheme and host case", [4]string{"https://www.DVIDSHub.net/news/1"}, [4]string{"http://dvidshub.net/news/1"}},
		{"trailing slash and fragment", [4]string{"https://x.mil/a/b/"}, [4]string{"https://x.mil/a/b#top"}},
		{"tracking parameters", [4]string{"https://x.mil/a?id=3&utm_source=rss&fbclid=9"}, [4]string{"https://x.mil/a?id=3"}},
		{"query order", [4]string{"https://x.mil/a?b=2&a=1"}, [4]string{"https://x.mil/a?a=1&b=2"}},
		{"url wins over title", [4]string{"https://x.mil/a", "S", "One title"}, [4]string{"https://x.mil/a", "S", "Another title"}},
		{"non-http url: as if none", [4]string{"#", "S", "T", "2016-01-02"}, [4]string{"", "S", "T", "2016-01-02"}},
		{"no url: title case and spacing", [4]string{"", "CENTCOM", "Strikes  continue", "2016-01-02"}, [4]string{"", "centcom", "strikes continue", "2016-01-02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := id(tt.a), id(tt.b); got != want {
				t.Errorf("ids differ: %s vs %s", got, want)
			}
		})
	}
}

func TestArticleIDDifferentArticles(t *testing.T) {
	tests := []struct {
		name string
		a, b [4]string
	}{
		{"different paths", [4]string{"https://x.mil/a"}, [4]string{"https://x.mil/b"}},
		{"meaningful query", [4]string{"https://x.mil/a?id=1"}, [4]string{"https://x.mil/a?id=2"}},
		{"different hosts", [4]string{"https://x.mil/a"}, [4]string{"https://y.mil/a"}},
		{"no url: different dates", [4]string{"", "S", "T", "2016-01-02"}, [4]string{"", "S", "T", "2016-01-03"}},
		{"no url: different sources", [4]string{"", "S1", "T"}, [4]string{"", "S2", "T"}},
		{"no url: dated and undated", [4]string{"", "S", "T", "2016-01-02"}, [4]string{"", "S", "T"}},
		{"url # ignored", [4]string{"#", "S", "T1"}, [4]string{"#", "S", "T2"}},
		{"url n/a ignored", [4]string{"n/a", "S", "T1"}, [4]string{"n/a", "S", "T2"}},
		{"javascript url ignored", [4]string{"javascript:void(0)", "S", "T1"}, [4]string{"javascript:void(0)", "S", "T2"}},
		{"relative url ignored", [4]string{"/news/1", "S", "T1"}, [4]string{"/news/1", "S", "T2"}},
		{"ftp url ignored", [4]string{"ftp://x.mil/a", "S", "T1"}, [4]string{"ftp://x.mil/a", "S", "T2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if id(tt.a) == id(tt.b) {
				t.Errorf("two different articles share the id %s", id(tt.a))
			}
		})
	}
}

func id(f [4]string) string {
	var d *time.Time
	if f[3] != "" {
		d = date(f[3])
	}
	return index.ArticleID(f[0], f[1], f[2], d)
}

func article(n int, title string) *index.Article {
	return &index.Article{
		Title:      title,
		Body:       "Peshmerga fighters near Kirkuk.\n\nSecond paragraph " + strings.Repeat("x", n),
		URL:        "https://example.mil/news/" + strings.Repeat("a", n+1),
		Source:     "Example",
		Published:  date("2022-09-13"),
		DateSource: index.DateFromMetadata,
	}
}

func TestWriterCountsAndUpdatesInPlace(t *testing.T) {
	ctx := context.Background()
	ix := indextest.New(t)

	first := indextest.Add(t, ix, article(0, "One"), article(1, "Two"), article(2, "Three"))
	if diff := cmp.Diff(index.Stats{Indexed: 3}, first); diff != "" {
		t.Errorf("first ingest stats (-want +got):\n%s", diff)
	}
	again := indextest.Add(t, ix, article(0, "One"), article(1, "Two (corrected)"), article(2, "Three"))
	if diff := cmp.Diff(index.Stats{Updated: 1, Unchanged: 2}, again); diff != "" {
		t.Errorf("second ingest stats (-want +got):\n%s", diff)
	}
	if n, _ := ix.Count(); n != 3 {
		t.Errorf("Count after re-ingest = %d, want 3: re-ingesting must update in place", n)
	}
	got, err := search.New(ix).Article(ctx, article(1, "").SetID())
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Two (corrected)" {
		t.Errorf("title after update = %q, want the corrected one", got.Title)
	}
}

func TestWriterSameArticleTwiceInOneBatch(t *testing.T) {
	ix := indextest.New(t)
	stats := indextest.Add(t, ix, article(0, "Draft"), article(0, "Final"), article(0, "Final"))
	if diff := cmp.Diff(index.Stats{Indexed: 1, Updated: 1, Unchanged: 1}, stats); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	res, err := search.New(ix).Search(context.Background(), search.Request{Query: "final"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 {
		t.Errorf("search for the last version found %d articles, want 1", res.Total)
	}
}

func TestWriterBatchesRoundTrip(t *testing.T) {
	ctx := context.Background()
	ix := indextest.New(t)
	w := ix.NewWriter(2)
	var want []*index.Article
	for i := range 5 {
		a := article(i, "Batch article")
		a.Captions = []string{"A caption (credit: DoD)"}
		a.Authors = []string{"A. Writer", "B. Writer"}
		a.People = []string{"Celeste Wallander"}
		a.Places = []string{"Irbil", "Kirkuk"}
		a.Organisations = []string{"Peshmerga"}
		want = append(want, a)
		if err := w.Add(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	// Batches of two: four articles are already written, one is pending.
	if n, _ := ix.Count(); n != 4 {
		t.Errorf("Count before Flush = %d, want 4 (two full batches)", n)
	}
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	eng := search.New(ix)
	for _, a := range want {
		got, err := eng.Article(ctx, a.ID)
		if err != nil {
			t.Fatalf("article %s: %v", a.ID, err)
		}
		if got.Ingested.IsZero() {
			t.Errorf("article %s has no ingest time", a.ID)
		}
		if diff := cmp.Diff(a, got, cmpopts.IgnoreFields(index.Article{}, "Ingested", "Aliases", "Named")); diff != "" {
			t.Errorf("stored article differs (-want +got):\n%s", diff)
		}
	}
}

func TestOpenReopensAndRefuses(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	indextest.Add(t, ix, article(0, "Kept"))

	t.Run("locked by another opener", func(t *testing.T) {
		start := time.Now()
		_, err := index.Open(ctx, dir, index.Options{LockTimeout: 200 * time.Millisecond})
		if !errors.Is(err, index.ErrLocked) {
			t.Fatalf("second Open: err = %v, want ErrLocked", err)
		}
		if !strings.Contains(err.Error(), "root.bolt") {
			t.Errorf("error %q does not name the lock file", err)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("second Open waited %v: it must fail promptly", time.Since(start))
		}
	})
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	t.Run("reopen keeps articles", func(t *testing.T) {
		ix, err := index.Open(ctx, dir, index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if n, _ := ix.Count(); n != 1 {
			t.Errorf("Count after reopen = %d, want 1", n)
		}
	})

	// refused returns the error of opening a new index once edit has
	// changed it through bleve.
	refused := func(t *testing.T, edit func(b bleve.Index) error) error {
		t.Helper()
		path := filepath.Join(t.TempDir(), "ix")
		ix, err := index.Open(ctx, path, index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		b, err := bleve.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		err = edit(b)
		if cerr := b.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		_, err = index.Open(ctx, path, index.Options{})
		return err
	}

	t.Run("older schema", func(t *testing.T) {
		// An index of schema 6 has no text_pairs (schema 7): its phrases
		// would find nothing, so Open refuses it and says what to do.
		err := refused(t, func(b bleve.Index) error {
			return b.SetInternal([]byte(index.SchemaKey), []byte("6"))
		})
		want := fmt.Sprintf(`built with schema "6", this sitrep needs schema %q: ingest into a new --index directory`, index.SchemaVersion)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("Open of a schema 6 index: err = %v, want one saying %s", err, want)
		}
	})

	t.Run("other common words", func(t *testing.T) {
		// An index whose pairs were made with another list of common words
		// would miss phrases of words listed since: Open refuses it.
		err := refused(t, func(b bleve.Index) error {
			hash, err := b.GetInternal([]byte(index.CommonWordsKey))
			if err == nil && string(hash) != index.CommonWordsHash() {
				return fmt.Errorf("a new index records common words %q, want %q", hash, index.CommonWordsHash())
			}
			if err != nil {
				return err
			}
			return b.SetInternal([]byte(index.CommonWordsKey), []byte("0123456789abcdef"))
		})
		want := "indexed with another list of common words (hash 0123456789ab"
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "ingest into a new --index directory") {
			t.Fatalf("Open of an index of other common words: err = %v, want one saying %s and what to do", err, want)
		}
	})

	t.Run("directory with other files", func(t *testing.T) {
		other := t.TempDir()
		if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := index.Open(ctx, other, index.Options{})
		if err == nil || !strings.Contains(err.Error(), "holds no bleve index") {
			t.Fatalf("Open of a non-index directory: err = %v, want a refusal", err)
		}
		if b, _ := os.ReadFile(filepath.Join(other, "notes.txt")); string(b) != "mine" {
			t.Error("Open touched the files in a non-index directory")
		}
	})

	t.Run("empty directory becomes an index", func(t *testing.T) {
		empty := t.TempDir()
		ix, err := index.Open(ctx, empty, index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
	})
}

// TestWriterUnderClauseLimit writes more articles in one batch than
// bleve's process-wide clause limit (search.LimitPrefixTerms, which serve's
// --max-prefix-terms sets), twice: looking the batch up by id must not be
// refused as a query of too many clauses, and IDsQuery finds them all.
func TestWriterUnderClauseLimit(t *testing.T) {
	before := searcher.DisjunctionMaxClauseCount
	t.Cleanup(func() { searcher.DisjunctionMaxClauseCount = before })
	for _, tt := range []struct {
		name     string
		limit, n int
	}{
		{"101 articles, limit 100", 100, 101},
		{"5000 articles, limit 100", 100, 5000},
		{"300 articles, limit 7", 7, 300},
		{"20 articles, limit 2", 2, 20},
	} {
		t.Run(tt.name, func(t *testing.T) {
			search.LimitPrefixTerms(tt.limit)
			ctx := context.Background()
			ix := indextest.New(t)
			ids := make([]string, tt.n)
			for want, pass := range []index.Stats{{Indexed: tt.n}, {Unchanged: tt.n}} {
				w := ix.NewWriter(tt.n + 1)
				for i := range tt.n {
					a := &index.Article{Title: fmt.Sprintf("Dispatch %d", i), Body: "Convoy report.", URL: fmt.Sprintf("https://x.mil/dispatch/%d", i)}
					if err := w.Add(ctx, a); err != nil {
						t.Fatal(err)
					}
					ids[i] = a.ID
				}
				if err := w.Flush(ctx); err != nil {
					t.Fatalf("write %d: flush of %d articles under a clause limit of %d: %v", want+1, tt.n, tt.limit, err)
				}
				if diff := cmp.Diff(pass, w.Stats()); diff != "" {
					t.Errorf("write %d (-want +got):\n%s", want+1, diff)
				}
			}
			res, err := ix.Bleve().SearchInContext(ctx, bleve.NewSearchRequestOptions(index.IDsQuery(ids), tt.n, 0, false))
			if err != nil || res.Total != uint64(tt.n) {
				t.Errorf("IDsQuery of %d ids: %v, total %v; want all", tt.n, err, res)
			}
		})
	}
}
