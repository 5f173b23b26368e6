package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sitrep/sitrep/index"
)

// Writing the same article twice keeps one copy: its ID comes from its URL.
func Example() {
	dir, err := os.MkdirTemp("", "sitrep-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	ix, err := index.Open(ctx, filepath.Join(dir, "sitrep.bleve"), index.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()

	w := ix.NewWriter(0)
	for _, title := range []string{"Peshmerga hold Kirkuk road", "Peshmerga hold the Kirkuk road"} {
		a := &index.Article{Title: title, Body: "Fighters held the road.", URL: "https://example.mil/news/1"}
		if err := w.Add(ctx, a); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := w.Flush(ctx); err != nil {
		fmt.Println(err)
		return
	}
	n, _ := ix.Count()
	fmt.Println(w.Stats())
	fmt.Println(n, "article")
	// Output:
	// indexed 1, updated 1, unchanged 0
	// 1 article
}
