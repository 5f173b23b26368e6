package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
)

const (
	crashChildEnv   = "SITREP_TEST_CRASH_CHILD_INDEX"
	crashArticles   = 20000
	crashBatchSize  = 50
	crashKillAfterN = 1000
)

// crashArticle is the n-th article the killed writer writes.
func crashArticle(n int) *index.Article {
	return &index.Article{
		Title:  fmt.Sprintf("Report %d from the front", n),
		Body:   strings.Repeat(fmt.Sprintf("Paragraph about convoy %d near Kirkuk. ", n), 20),
		URL:    fmt.Sprintf("https://example.mil/reports/%d", n),
		Source: "Example",
	}
}

// TestCrashChild is the process TestKilledIngest kills: it writes
// crashArticles articles in batches, printing the number flushed after each
// batch. It does nothing in a normal test run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("runs only as the child of TestKilledIngest")
	}
	ctx := context.Background()
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := ix.NewWriter(crashBatchSize)
	for n := range crashArticles {
		if err := w.Add(ctx, crashArticle(n)); err != nil {
			t.Fatal(err)
		}
		if (n+1)%crashBatchSize == 0 {
			// Add flushed the batch: these articles are acknowledged.
			fmt.Printf("flushed %d\n", n+1)
		}
	}
	t.Fatal("the child was not killed before it finished")
}

// TestKilledIngest kills a writing process with SIGKILL mid-run, then checks
// that the index opens, holds every article acknowledged before the kill,
// and that writing the same articles again leaves exactly one copy of each.
func TestKilledIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process that writes for about a second")
	}
	dir := filepath.Join(t.TempDir(), "ix")
	acked := indextest.KillWriterAfter(t, "TestCrashChild", []string{crashChildEnv + "=" + dir}, crashKillAfterN)

	ids := make([]string, acked)
	for i := range ids {
		ids[i] = crashArticle(i).SetID()
	}
	ix, n := indextest.ReopenAfterKill(t, dir, ids)
	defer ix.Close()
	t.Logf("killed after %d acknowledged articles; the index holds %d", acked, n)

	// Re-run the same ingest up to a point past the kill.
	ctx := context.Background()
	again := n + 3*crashBatchSize
	w := ix.NewWriter(crashBatchSize)
	for i := range again {
		if err := w.Add(ctx, crashArticle(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); int(n) != again {
		t.Errorf("after re-ingesting %d articles the index holds %d: want exactly one copy each", again, n)
	}
	if s := w.Stats(); s.Unchanged < acked {
		t.Errorf("re-ingest stats %v: the %d acknowledged articles should be unchanged", s, acked)
	}
}
