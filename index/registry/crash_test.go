package registry_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/registry"
)

const (
	crashChildEnv  = "SITREP_TEST_REGISTRY_CRASH_CHILD_INDEX"
	crashBatchSize = 50
	crashKillAfter = 1000
)

// crashArticle is the n-th article the killed writer writes: a quarter
// name Kirk, a quarter James Kirk, a quarter Jim Kirk, each beside one of
// 211 task forces (the evidence of the joins), the rest other people.
func crashArticle(n int) *index.Article {
	people := [][]string{{"Kirk"}, {"James Kirk"}, {"Jim Kirk"}, {fmt.Sprintf("Alex Sample%d", n%300)}}[n%4]
	return &index.Article{
		Title:         fmt.Sprintf("Report %d from the fleet", n),
		Body:          strings.Repeat(fmt.Sprintf("Paragraph about exercise %d at sea. ", n), 20),
		URL:           fmt.Sprintf("https://example.mil/fleet/%d", n),
		People:        people,
		Organisations: []string{fmt.Sprintf("Task Force %d", n%211)},
	}
}

// TestRegistryCrashChild is the process TestKilledWhileJoining kills. It
// does nothing in a normal test run.
func TestRegistryCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("runs only as the child of TestKilledWhileJoining")
	}
	ctx := context.Background()
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := ix.NewWriter(crashBatchSize)
	for n := 0; ; n++ {
		if err := w.Add(ctx, crashArticle(n)); err != nil {
			t.Fatal(err)
		}
		if (n+1)%crashBatchSize == 0 {
			fmt.Printf("flushed %d\n", n+1)
		}
	}
}

// TestKilledWhileJoining kills a writing process with SIGKILL, then
// checks that the registry of the index it left agrees with the index:
// rebuilt (its file is older than the index, or missing), it counts the
// articles the index holds, the next write makes every join the articles
// call for, and the registry saved then is the one rebuilt from the
// index (but for being unsettled, as every rebuilt registry is).
func TestKilledWhileJoining(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process that writes for a few seconds")
	}
	dir := filepath.Join(t.TempDir(), "ix")
	acked := indextest.KillWriterAfter(t, "TestRegistryCrashChild", []string{crashChildEnv + "=" + dir}, crashKillAfter)
	ids := make([]string, acked)
	for i := range ids {
		ids[i] = crashArticle(i).SetID()
	}
	ix, n := indextest.ReopenAfterKill(t, dir, ids)
	ctx := context.Background()
	if got := mustRegistry(t, ix).Articles(); got != n {
		t.Errorf("after the kill the registry counts %d articles, the index holds %d", got, n)
	}

	// Write the same articles again, and some more.
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
	count := func(name string) int {
		q := bleve.NewTermQuery(name)
		q.SetField(index.FieldPeople)
		res, err := ix.Bleve().Search(bleve.NewSearchRequestOptions(q, 0, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		return int(res.Total)
	}
	if k, j := count("Kirk"), count("Jim Kirk"); k != 0 || j != 0 {
		t.Errorf("after the re-ingest %d articles name Kirk and %d Jim Kirk, want all joined to James Kirk", k, j)
	}
	reg := mustRegistry(t, ix)
	e, _ := reg.Entity(entity.ID(entity.Person, "James Kirk"))
	kirks := again - again/4 // every article but each fourth (3, 7, …)
	if got := count("James Kirk"); e.Articles != got || got != kirks {
		t.Errorf("James Kirk: the registry counts %d articles, the index %d, want %d", e.Articles, got, kirks)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(filepath.Join(dir, registry.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, registry.FileName)); err != nil {
		t.Fatal(err)
	}
	ix, err = index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	rebuilt, err := mustRegistry(t, ix).Encode()
	if err != nil {
		t.Fatal(err)
	}
	if want := asRebuilt(t, saved); !slices.Equal(want, rebuilt) {
		t.Errorf("the registry saved, unsettled (%d bytes), differs from the one rebuilt from the index (%d bytes)", len(want), len(rebuilt))
	}
}
