package search_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// rankingCase is one relevance golden: the articles that must rank in the
// top three for a query over the sample corpus.
type rankingCase struct {
	Q      string   `json:"q"`
	Top3   []string `json:"top3"`
	Titles []string `json:"titles"`
	Why    string   `json:"why"`
}

// TestRankingGoldens runs testdata/ranking/queries.json.
func TestRankingGoldens(t *testing.T) {
	path := filepath.Join(filepath.Dir(indextest.CorpusDir()), "ranking", "queries.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []rankingCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(cases) < 25 {
		t.Fatalf("%s holds %d queries; the goldens need at least 25", path, len(cases))
	}
	eng := mustEngine(t)
	for _, c := range cases {
		t.Run(c.Q, func(t *testing.T) {
			if len(c.Top3) == 0 {
				t.Fatalf("golden %q names no article", c.Q)
			}
			res, err := eng.Search(context.Background(), search.Request{Query: c.Q, Size: 3})
			if err != nil {
				t.Fatal(err)
			}
			// A syndicated copy of a top hit is shown in it: it ranks
			// there too.
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
				for _, m := range h.AlsoIn {
					got = append(got, m.ID)
				}
			}
			for i, id := range c.Top3 {
				if !slices.Contains(got, id) {
					t.Errorf("%q (%s) is not in the top 3 %v (%s)", c.Titles[min(i, len(c.Titles)-1)], id, titles(res), c.Why)
				}
			}
		})
	}
}
