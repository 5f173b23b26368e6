package index_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/index"
)

// TestWriterSetInternal checks that a value set on a Writer is written
// with its next batch, also when that batch holds no changed article, and
// is read back after the index is opened again.
func TestWriterSetInternal(t *testing.T) {
	ctx := context.Background()
	article := func() *index.Article {
		return &index.Article{Title: "Peshmerga hold Kirkuk road", Body: "Peshmerga fighters held the road.", URL: "https://x.mil/1"}
	}
	tests := []struct {
		name     string
		articles []*index.Article // written with the value
		before   bool             // the same article was written earlier, so nothing changes
		want     string
	}{
		{name: "with an article", articles: []*index.Article{article()}, want: "7"},
		{name: "alone", want: "8"},
		{name: "with an unchanged article", articles: []*index.Article{article()}, before: true, want: "9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ix")
			ix, err := index.Open(ctx, path, index.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if tt.before {
				w := ix.NewWriter(0)
				if err := w.Add(ctx, article()); err != nil || w.Flush(ctx) != nil {
					t.Fatal(err)
				}
			}
			if v, err := ix.Internal("test.applied"); err != nil || v != nil {
				t.Fatalf("before any write: %q, %v; want nothing", v, err)
			}
			w := ix.NewWriter(0)
			for _, a := range tt.articles {
				if err := w.Add(ctx, a); err != nil {
					t.Fatal(err)
				}
			}
			w.SetInternal("test.applied", []byte(tt.want))
			if err := w.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			ix, err = index.Open(ctx, path, index.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if v, err := ix.Internal("test.applied"); err != nil || string(v) != tt.want {
				t.Errorf("after reopening: %q, %v; want %q", v, err, tt.want)
			}
			if n, _ := ix.Count(); int(n) != len(tt.articles) {
				t.Errorf("%d articles, want %d", n, len(tt.articles))
			}
		})
	}
}
