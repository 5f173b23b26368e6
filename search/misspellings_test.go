package search_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// misspelling is a line of testdata/misspellings.tsv.
type misspelling struct{ wrong, intended string }

func readMisspellings(tb testing.TB) []misspelling {
	tb.Helper()
	path := filepath.Join(filepath.Dir(indextest.CorpusDir()), "misspellings.tsv")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []misspelling
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		wrong, intended, ok := strings.Cut(line, "\t")
		if !ok {
			tb.Fatalf("%s: %q is not wrong<TAB>intended", path, line)
		}
		out = append(out, misspelling{wrong, intended})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestMisspellings reports the share of testdata/misspellings.tsv that
// search forgives: the misspelling finds every article the word meant
// finds; and the share whose did_you_mean is the word meant. The sample
// corpus does not change, so the shares are exact and asserted as
// floors just under what they are (docs/PERFORMANCE.md).
func TestMisspellings(t *testing.T) {
	eng := mustUncachedEngine(t)
	ctx := context.Background()
	ids := func(q string) ([]string, string) {
		res, err := eng.Search(ctx, search.Request{Query: q, Size: 100, NoCollapse: true})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		return hitIDs(res), res.DidYouMean
	}
	list := readMisspellings(t)
	if len(list) < 40 {
		t.Fatalf("misspellings.tsv holds %d pairs, want at least 40", len(list))
	}
	fixed, suggested := 0, 0
	for _, m := range list {
		want, _ := ids(m.intended)
		if len(want) == 0 {
			t.Errorf("%q, meant by %q, finds nothing in the sample corpus", m.intended, m.wrong)
			continue
		}
		got, dym := ids(m.wrong)
		ok := true
		for _, id := range want {
			ok = ok && slices.Contains(got, id)
		}
		if ok {
			fixed++
		} else {
			t.Logf("not forgiven: %q finds %d of the %d articles of %q", m.wrong, len(got), len(want), m.intended)
		}
		if dym == m.intended {
			suggested++
		}
	}
	t.Logf("forgiven: %d of %d misspellings (%.0f%%); did you mean the word meant: %d (%.0f%%)",
		fixed, len(list), 100*float64(fixed)/float64(len(list)), suggested, 100*float64(suggested)/float64(len(list)))
	// Measured 57 and 47 of 59; the corpus and the list are fixed.
	if fixed < 55 || suggested < 45 {
		t.Errorf("forgiven %d and corrected %d of %d misspellings, fewer than the 55 and 45 measured (docs/PERFORMANCE.md)", fixed, suggested, len(list))
	}
}
