package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index/entity/internal/shared"
	"github.com/sitrep/sitrep/index/entity/internal/tagger"
)

// TestWriteSet: a held-out document becomes an article and the shared
// scorer's gold, in which a surname joins the full name it shortens (the
// shared names.group) and miscellaneous names are optional.
func TestWriteSet(t *testing.T) {
	eval, err := shared.Dir("eval/entities")
	if err != nil {
		t.Skipf("the shared scorer is not beside the repository: %v", err)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("the shared scorer needs python3")
	}
	words := func(s string) []tagger.Token {
		var out []tagger.Token
		for _, w := range strings.Fields(s) {
			out = append(out, tagger.Token{Text: w})
		}
		return out
	}
	per, org, misc := tagger.B(tagger.Per), tagger.B(tagger.Org), tagger.B(tagger.Misc)
	d := doc{source: "wikigold", n: 7, sents: []tagger.Sentence{
		{Toks: words("Sean Payne joined Deltasonic ."), Tags: []tagger.Tag{per, tagger.I(tagger.Per), 0, org, 0}},
		{Toks: words("Payne is English ."), Tags: []tagger.Tag{per, 0, misc, 0}},
	}}
	c := &cvRun{log: slog.New(slog.NewTextHandler(io.Discard, nil)), work: t.TempDir(), eval: eval}
	arts, err := c.writeSet("test", []doc{d})
	if err != nil {
		t.Fatal(err)
	}
	var art map[string]string
	readJSON(t, arts, &art)
	if want := map[string]string{"id": "wikigold-0007", "title": "document wikigold-0007", "body": "Sean Payne joined Deltasonic. Payne is English."}; !cmp.Equal(art, want) {
		t.Errorf("article (-want +got):\n%s", cmp.Diff(want, art))
	}
	var gold map[string]any
	readJSON(t, filepath.Join(c.work, "gold-test.jsonl"), &gold)
	want := map[string]any{
		"id": "wikigold-0007", "people": []any{"Sean Payne"}, "places": []any{}, "organisations": []any{"Deltasonic"},
		"optional": []any{"English"}, "aliases": map[string]any{"Sean Payne": []any{"Payne"}},
	}
	if diff := cmp.Diff(want, gold); diff != "" {
		t.Errorf("gold (-want +got):\n%s", diff)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
