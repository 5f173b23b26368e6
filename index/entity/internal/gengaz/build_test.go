package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestBuildDeterministic regenerates the gazetteer when the shared data is
// beside the repo: the bytes must be those committed in
// data/gazetteer.tsv.gz, built by another run (run `go generate
// ./index/entity/` after editing a curated list).
func TestBuildDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the gazetteer (a few seconds)")
	}
	src, err := FindSource(".")
	if err != nil {
		t.Skipf("no shared gazetteer data: %v", err)
	}
	curated := filepath.Join("..", "..", "data", "curated")
	// The text is compared, not the gzip bytes: compressing is the slow part
	// under the race detector, and compress/gzip is deterministic itself.
	a, err := BuildText(src, curated)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := os.ReadFile(filepath.Join("..", "..", "data", "gazetteer.tsv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, committed) {
		t.Error("data/gazetteer.tsv.gz differs from a new build: the generator is not deterministic, or the file is stale (run go generate ./index/entity/)")
	}
	if len(gz) > 4<<20 {
		t.Errorf("gazetteer is %d bytes; keep it under 4 MiB", len(gz))
	}
}

func TestTitleCase(t *testing.T) {
	for in, want := range map[string]string{
		"HAIDER_AL_ABADI":                 "Haider al-Abadi",
		"ABU_NIDAL_ORGANIZATION":          "Abu Nidal Organization",
		"ISLAMIC_STATE_OF_IRAQ_AND_SYRIA": "Islamic State of Iraq and Syria",
		"JOHN_MCCAIN_":                    "John McCain",
	} {
		if got := titleCase(in); got != want {
			t.Errorf("titleCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlaceName(t *testing.T) {
	l := &lists{
		english: map[string]bool{"mobile": true, "of": true, "march": true, "nice": true, "union": true, "city": true},
		first:   map[string]bool{"victoria": true}, titles: map[string]bool{}, heads: map[string]bool{},
		demonyms: map[string]bool{}, notNames: map[string]bool{},
	}
	for name, want := range map[string]bool{
		"Kirkuk": true, "Mobile": false, "Of": false, "March": false, "Nice": false,
		"Victoria": false, "Union City": false, "Bet": false, "Deir ez-Zor": true, "Москва": false,
	} {
		if got := l.placeName(name); got != want {
			t.Errorf("placeName(%q) = %v, want %v", name, got, want)
		}
	}
}
