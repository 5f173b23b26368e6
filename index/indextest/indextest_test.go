package indextest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
)

// recorder is a testing.TB that keeps the failures reported to it; Fatalf
// ends the goroutine, as it ends a test.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// TestReopenAfterKill checks the assertion the crash tests share: it
// passes on an index holding every acknowledged article, and fails on one
// that lost some or does not open.
func TestReopenAfterKill(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var held []string
	for _, title := range []string{"Convoy north of Kirkuk", "Bridge repaired at Mosul"} {
		a := &index.Article{Title: title, Body: title + ".", URL: "https://example.mil/" + strings.ReplaceAll(title, " ", "-")}
		indextest.Add(t, ix, a)
		held = append(held, a.ID)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	notAnIndex := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notAnIndex, []byte("not an index"), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		dir   string
		acked []string
		want  string // in a failure reported; "" for none
	}{
		{"every acknowledged article held", dir, held, ""},
		{"fewer acknowledged than held", dir, held[:1], ""},
		{"none acknowledged", dir, nil, ""},
		{"an acknowledged article lost", dir, []string{held[0], "lost"}, "of the 2 articles acknowledged before the kill, the index holds 1"},
		{"more acknowledged than held", dir, append([]string{"lost"}, held...), "the index holds 2 articles, but 3 were acknowledged"},
		{"no index", notAnIndex, held, "the index does not open after the kill"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			done := make(chan struct{})
			go func() {
				defer close(done)
				ix, n := indextest.ReopenAfterKill(r, tt.dir, tt.acked)
				defer ix.Close()
				if n != len(held) {
					t.Errorf("ReopenAfterKill counted %d articles, want %d", n, len(held))
				}
			}()
			<-done
			switch {
			case tt.want == "" && len(r.failures) > 0:
				t.Errorf("failures %q, want none", r.failures)
			case tt.want != "" && !strings.Contains(strings.Join(r.failures, "\n"), tt.want):
				t.Errorf("failures %q, want one saying %q", r.failures, tt.want)
			}
		})
	}
}
