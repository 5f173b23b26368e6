package search_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// TestSearchAfterFailedWrite writes batches into an index on a 1 MiB tmpfs
// until one fails for lack of space, searching after each. A batch bleve
// could not persist used to leave a closed segment in bleve's snapshot,
// and every later search panicked in zapx (a nil map); the index now opens
// itself again from disk. Searches find exactly the acknowledged articles,
// while the disk is full and after space is freed and more are written.
func TestSearchAfterFailedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a disk")
	}
	disk := indextest.SmallDisk(t, 1<<20)

	ctx := context.Background()
	ix, err := index.Open(ctx, filepath.Join(disk, "ix"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	eng := search.New(ix)
	w := ix.NewWriter(1 << 20) // flushed by hand, one batch at a time
	acked, n := 0, 0
	writeBatch := func() error {
		for range 32 {
			a := &index.Article{
				Title: fmt.Sprintf("Dispatch %d from the northern front", n),
				Body:  strings.Repeat(fmt.Sprintf("The diskword convoy %d moved north of Kirkuk at dawn. ", n), 12),
				URL:   fmt.Sprintf("https://disk.example.mil/dispatch/%d", n),
			}
			n++
			if err := w.Add(ctx, a); err != nil {
				return err
			}
		}
		return w.Flush(ctx)
	}
	// found searches for the test's articles, browses, and lists a facet
	// counting stories: none may fail, and the search must find from least
	// to most articles.
	found := func(when string, least, most int) {
		t.Helper()
		res, err := eng.Search(ctx, search.Request{Query: "diskword", NoCollapse: true})
		if err != nil || res.Total < uint64(least) || res.Total > uint64(most) {
			t.Fatalf("%s: a search for the %d acknowledged articles: %v, %v", when, least, res, err)
		}
		if _, err := eng.FacetValues(ctx, search.FacetRequest{Facet: "places", Request: search.Request{Query: "diskword", FacetCount: search.CountStories}}); err != nil {
			t.Fatalf("%s: facet values: %v", when, err)
		}
		if _, err := eng.Search(ctx, search.Request{}); err != nil {
			t.Fatalf("%s: browsing: %v", when, err)
		}
	}
	// Another search runs all along, across the reopening. One running in
	// the instant between bleve's failure and the reopening may still
	// reach the broken segment: that panic is logged, not failed.
	stop, searched := make(chan struct{}), make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				t.Logf("a search in the instant of the failure: panic %v", r)
				searched <- nil
			}
		}()
		for {
			select {
			case <-stop:
				searched <- nil
				return
			default:
			}
			if _, err := eng.Search(ctx, search.Request{Query: "diskword"}); err != nil {
				searched <- err
				return
			}
		}
	}()
	var failed error
	for range 200 {
		if failed = writeBatch(); failed != nil {
			break
		}
		acked = w.Stats().Total()
		found("after a batch", acked, acked)
	}
	if failed == nil {
		t.Fatalf("%d articles fit on a 1 MiB disk: it did not fill", acked)
	}
	if !strings.Contains(failed.Error(), "no space left on device") {
		t.Errorf("the failed batch: %v, want ENOSPC", failed)
	}
	if ix.Reopens() != 1 {
		t.Errorf("the index was opened again %d times after the failed batch, want 1", ix.Reopens())
	}
	close(stop)
	if err := <-searched; err != nil {
		t.Errorf("a search running while the disk filled: %v", err)
	}
	t.Logf("the disk filled after %d articles acknowledged: %v", acked, failed)
	// The failed batch may have reached the disk before the failure.
	found("with the disk full", acked, acked+32)

	indextest.ResizeDisk(t, disk, 64<<20)
	// The Writer still holds the batch that failed: it is written now.
	if err := w.Flush(ctx); err != nil {
		t.Fatalf("the failed batch again, once there is room: %v", err)
	}
	if err := writeBatch(); err != nil {
		t.Fatalf("a batch once there is room: %v", err)
	}
	found("once there was room", n, n)
}
