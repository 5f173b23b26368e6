package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/internal/shared"
	"github.com/sitrep/sitrep/index/entity/internal/tagger"
)

// TestShippedClustersAreMade: the clusters the binary embeds are what make
// word-clusters writes from the shared data, byte for byte, and reading
// them gives words their paths. A few seconds; skipped under -short,
// under the race detector (make test runs it again without) and when the
// shared data is not beside the repository.
func TestShippedClustersAreMade(t *testing.T) {
	shared.SkipRemake(t, "learns the whole clustering; make word-clusters runs it")
	var o options
	fs := flag.NewFlagSet("wordclusters", flag.ContinueOnError)
	o.flags(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	o.corpus = strings.ReplaceAll(o.corpus, "testdata/", "../../../../testdata/")
	data, err := o.make(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	shipped := entity.WordClusters()
	if !bytes.Equal(data, shipped) {
		t.Fatalf("a fresh clustering gives %d bytes, the shipped index/entity/data/clusters.txt.gz has %d and differs: run make word-clusters, then make train-entities", len(data), len(shipped))
	}
	c, err := tagger.LoadClusters(data)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() < 10000 || c.Of("Baghdad") == 0 || c.Of("F-35") != c.Of("F-16") {
		t.Errorf("%d words; Baghdad %v, F-35 %v, F-16 %v: want over 10,000 words, Baghdad among them, numbers as 0", c.Len(), c.Of("Baghdad"), c.Of("F-35"), c.Of("F-16"))
	}
}

// TestClusterSplitsByContext: words written in the same places share a
// group, those written elsewhere do not, and the same text gives the same
// paths.
func TestClusterSplitsByContext(t *testing.T) {
	var tx text
	cities := []string{"Mosul", "Kirkuk", "Erbil", "Basra"}
	people := []string{"Novak", "Horvat", "Kowal", "Bondar"}
	for i := range 60 {
		c, p := cities[i%4], people[(i/4)%4]
		tx.add(strings.Fields(fmt.Sprintf("troops arrived in %s on Monday .", c)))
		tx.add(strings.Fields(fmt.Sprintf("the minister %s said the talks ended .", p)))
	}
	paths := func() map[string]tagger.Cluster {
		vs, words := tx.vectors(2, 50)
		cl := cluster(vs, 3, 1)
		of := map[string]tagger.Cluster{}
		for i, w := range words {
			of[w] = cl[i]
		}
		return of
	}
	of := paths()
	for _, group := range [][]string{cities, people} {
		for _, w := range group[1:] {
			if of[w] != of[group[0]] {
				t.Errorf("%s %v and %s %v: want the same path", w, of[w], group[0], of[group[0]])
			}
		}
	}
	if of["Mosul"] == 0 || of["Mosul"] == of["Novak"] {
		t.Errorf("Mosul %v and Novak %v: want two paths", of["Mosul"], of["Novak"])
	}
	again := paths()
	for w, c := range of {
		if again[w] != c {
			t.Errorf("%s: %v, then %v: want the same paths", w, c, again[w])
		}
	}
}
