package index_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
)

// rewritten returns a with the body of other: the same article (ID),
// rewritten into another story.
func rewritten(a, other *index.Article) *index.Article {
	c := *a
	c.Story = ""
	c.Body = other.Body
	return &c
}

// storiesOf returns the story stored with every article, by ID.
func storiesOf(t *testing.T, ix *index.Index) map[string]string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1000, 0, false)
	req.Fields = []string{index.FieldStory}
	res, err := ix.Bleve().Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(res.Hits))
	for _, h := range res.Hits {
		s, _ := h.Fields[index.FieldStory].(string)
		out[h.ID] = s
	}
	return out
}

// TestStories writes articles with known syndicated copies through the
// Writer and checks the story stored with each: copies join the first
// article's story, other articles and short ones have their own, and the
// stories outlive closing the index, deletions and updates.
func TestStories(t *testing.T) {
	corpus := indextest.WireStories(t, 3)
	wire, other, third := corpus[0], corpus[1], corpus[2]
	articles := map[string]*index.Article{
		"wire":  wire,
		"ap":    indextest.Syndicated(wire, "AP", 1),
		"afp":   indextest.Syndicated(wire, "AFP", 1),
		"other": other,
		"third": third,
		"short": {Title: "Briefly", Body: "A short note on the patrol.", URL: "https://example.mil/short"},
		// wire, rewritten into another story at the same URL.
		"wire-rewritten": rewritten(wire, third),
		"ap-rewritten":   rewritten(indextest.Syndicated(wire, "AP", 1), third),
	}
	// step is one action on the index: write articles (one batch), delete
	// one, or close and reopen the index.
	type step struct {
		write  []string
		delete string
		reopen bool
	}
	tests := []struct {
		name  string
		steps []step
		// want maps each article (name) left in the index to its story:
		// the name of the article whose ID names it, with any suffix.
		want map[string]string
	}{
		{
			name:  "copies in one batch join the first article",
			steps: []step{{write: []string{"wire", "ap", "afp", "other", "short"}}},
			want:  map[string]string{"wire": "wire", "ap": "wire", "afp": "wire", "other": "other", "short": "short"},
		},
		{
			name:  "copies in later batches join it",
			steps: []step{{write: []string{"wire", "other"}}, {write: []string{"ap"}}, {write: []string{"afp", "short"}}},
			want:  map[string]string{"wire": "wire", "ap": "wire", "afp": "wire", "other": "other", "short": "short"},
		},
		{
			name:  "the lookup is rebuilt after reopening",
			steps: []step{{write: []string{"wire", "ap", "other"}}, {reopen: true}, {write: []string{"afp"}}},
			want:  map[string]string{"wire": "wire", "ap": "wire", "afp": "wire", "other": "other"},
		},
		{
			name:  "a story outlives its first article",
			steps: []step{{write: []string{"wire", "ap"}}, {delete: "wire"}, {write: []string{"afp"}}},
			want:  map[string]string{"ap": "wire", "afp": "wire"},
		},
		{
			name:  "a deleted copy leaves the lookup",
			steps: []step{{write: []string{"ap"}}, {delete: "ap"}, {write: []string{"afp", "wire"}}},
			want:  map[string]string{"afp": "afp", "wire": "afp"},
		},
		{
			name:  "a deleted copy stays out after reopening",
			steps: []step{{write: []string{"ap"}}, {delete: "ap"}, {reopen: true}, {write: []string{"afp"}}},
			want:  map[string]string{"afp": "afp"},
		},
		{
			name:  "an updated copy is assigned again",
			steps: []step{{write: []string{"wire", "ap", "third"}}, {write: []string{"ap-rewritten"}}},
			want:  map[string]string{"wire": "wire", "ap": "third", "third": "third"},
		},
		{
			name:  "a first article rewritten while its copies remain takes a new name",
			steps: []step{{write: []string{"wire", "ap"}}, {write: []string{"wire-rewritten"}}},
			want:  map[string]string{"wire": "wire~2", "ap": "wire"},
		},
		{
			name:  "re-ingesting unchanged keeps the story",
			steps: []step{{write: []string{"wire", "ap"}}, {reopen: true}, {write: []string{"ap", "wire"}}},
			want:  map[string]string{"wire": "wire", "ap": "wire"},
		},
	}
	idOf := func(name string) string {
		a := *articles[name]
		return a.SetID()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := filepath.Join(t.TempDir(), "ix")
			ix, err := index.Open(ctx, dir, index.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ix.Close() })
			for i, st := range tt.steps {
				switch {
				case st.reopen:
					if err := ix.Close(); err != nil {
						t.Fatal(err)
					}
					if ix, err = index.Open(ctx, dir, index.Options{}); err != nil {
						t.Fatal(err)
					}
				case st.delete != "":
					if found, err := ix.Delete(ctx, idOf(st.delete)); err != nil || !found {
						t.Fatalf("step %d: delete %s: found %v, %v", i, st.delete, found, err)
					}
				default:
					var batch []*index.Article
					for _, name := range st.write {
						a := *articles[name]
						batch = append(batch, &a)
					}
					indextest.Add(t, ix, batch...)
				}
			}
			names := make(map[string]string) // ID → name
			for name := range articles {
				if !strings.HasSuffix(name, "-rewritten") {
					names[idOf(name)] = name
				}
			}
			got := make(map[string]string)
			for id, story := range storiesOf(t, ix) {
				base, suffix, _ := strings.Cut(story, "~")
				if suffix != "" {
					suffix = "~" + suffix
				}
				got[names[id]] = names[base] + suffix
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("stories (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStoriesConcurrentWriters writes copies of one story from several
// Writers at once, with deletions of another article in between: each
// copy must join the story of whichever was written first.
func TestStoriesConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	ix := indextest.New(t)
	corpus := indextest.WireStories(t, 2)
	wire, other := corpus[0], corpus[1]
	const writers = 6
	var wg sync.WaitGroup
	errs := make(chan error, writers+1)
	for i := range writers {
		wg.Go(func() {
			w := ix.NewWriter(1)
			if err := w.Add(ctx, indextest.Syndicated(wire, fmt.Sprint("Outlet ", i), 1)); err != nil {
				errs <- err
				return
			}
			errs <- w.Flush(ctx)
		})
	}
	wg.Go(func() {
		for range 3 {
			w := ix.NewWriter(1)
			if err := w.Add(ctx, other); err != nil {
				errs <- err
				return
			}
			if err := w.Flush(ctx); err != nil {
				errs <- err
				return
			}
			if _, err := ix.Delete(ctx, other.ID); err != nil {
				errs <- err
				return
			}
		}
		errs <- nil
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	stories := storiesOf(t, ix)
	if len(stories) != writers {
		t.Fatalf("%d articles in the index, want %d copies", len(stories), writers)
	}
	seen := map[string]bool{}
	for _, s := range stories {
		seen[s] = true
	}
	if len(seen) != 1 {
		t.Errorf("the copies are in %d stories, want one: %v", len(seen), stories)
	}
}
