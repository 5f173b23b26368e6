package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRun checks the list: words as the English analyzer makes them
// (stemmed, stop words out), ranked by the documents they are in (a
// sentence of the CoNLL file, an article of the corpus), ties in byte
// order, cut at k, after the comments; and the same inputs give the same
// list.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var conll bytes.Buffer
	z := gzip.NewWriter(&conll)
	// Three sentences: missile in all, strike in two, "the" in two (a stop
	// word), drone and struck in one.
	for _, s := range []string{"The missiles struck", "A missile strike", "Missile strikes the drone"} {
		for _, tok := range strings.Fields(s) {
			if _, err := z.Write([]byte(tok + " O\n")); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := z.Write([]byte("\n")); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	gmb := filepath.Join(dir, "gmb.conll.gz")
	corpus := filepath.Join(dir, "corpus")
	if err := os.WriteFile(gmb, conll.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	// One article: drone and struck in one more document.
	if err := os.WriteFile(filepath.Join(corpus, "a.jsonl"), []byte(`{"title":"Drone","body":"A drone struck."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	list := func(k int) string {
		var out bytes.Buffer
		if err := run(&out, k, gmb, corpus); err != nil {
			t.Fatal(err)
		}
		var words []string
		for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			if !strings.HasPrefix(line, "#") {
				words = append(words, line)
			}
		}
		return strings.Join(words, " ")
	}
	// missil 3; drone, strike and struck 2 each, in byte order.
	if got, want := list(3), "missil drone strike"; got != want {
		t.Errorf("k = 3: %q, want %q", got, want)
	}
	if got, want := list(10), "missil drone strike struck"; got != want {
		t.Errorf("k = 10: %q, want %q", got, want)
	}
	if a, b := list(10), list(10); a != b {
		t.Errorf("two runs differ: %q, %q", a, b)
	}
}
