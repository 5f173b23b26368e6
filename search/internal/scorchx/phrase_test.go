package scorchx

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
)

// corpusPhrases returns phrases to search for: runs of two to four words
// from the sample corpus's titles and bodies (so most occur, some several
// times in one article, some across a stop word), and a few that do not
// occur or that repeat a word.
func corpusPhrases(tb testing.TB) []string {
	tb.Helper()
	phrases := []string{
		"strike group", "the pentagon", "islamic state", "said the", "of the united states",
		"group strike", "zzyzx drone", "security security", "u.s. army", "F-35", "Kurdistan Regional Government",
		"pentagon", "Drones", "the", "zzyzx", "10:30",
	}
	f, err := os.Open(filepath.Join(indextest.CorpusDir(), "dvids.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 0; sc.Scan() && n < 40; n++ {
		var r struct{ Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		for i, text := range []string{r.Title, r.Body} {
			words := strings.Fields(text)
			for j := n % 7; j+4 <= len(words) && j < 400; j += 97 {
				phrases = append(phrases, strings.Join(words[j:j+2+(n+i+j)%3], " "))
			}
		}
	}
	return phrases
}

// TestPhraseQueryAsBleve checks the phrase query against bleve's own
// MatchPhraseQuery (and MatchQuery, for one word) on the sample corpus, in every searched field, alone
// and inside a conjunction (where it is advanced to a document rather
// than stepped): the same articles, the same scores, and the same
// locations to highlight.
func TestPhraseQueryAsBleve(t *testing.T) {
	ix, err := indextest.OpenCorpus(context.Background(), filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// With scorch's conjunction narrowing (the default) every word's
	// searcher lands on the same articles; without it, the phrase searcher
	// also has to catch its words up with each other.
	for _, narrowed := range []bool{true, false} {
		t.Run(fmt.Sprintf("narrowed=%v", narrowed), func(t *testing.T) {
			defer func(was bool) { scorch.OptimizeConjunction = was }(scorch.OptimizeConjunction)
			scorch.OptimizeConjunction = narrowed
			checkPhrasesAsBleve(t, ix.Bleve())
		})
	}
}

// checkPhrasesAsBleve is TestPhraseQueryAsBleve on the index b. In the
// text field the phrase is also looked up in the pairs of its words, with
// and without its locations (which the pairs alone do not give).
func checkPhrasesAsBleve(t *testing.T, b bleve.Index) {
	occurring, words, paired := 0, 0, 0
	kinds, common := map[string]int{}, index.CommonWords()
	for _, phrase := range corpusPhrases(t) {
		for _, field := range []string{index.FieldTitle, index.FieldText, index.FieldAliases} {
			theirs := bleve.NewMatchPhraseQuery(phrase)
			theirs.SetField(field)
			theirs.SetBoost(2)
			ours := &PhraseQuery{Text: phrase, Field: field, Boost: 2}
			want := phraseHits(t, b, theirs)
			if got := phraseHits(t, b, ours); !slices.Equal(got, want) {
				t.Errorf("%q in %s:\n got %v\nwant %v", phrase, field, got, want)
			}
			if pairs := index.PairField(field); pairs != "" {
				withPairs := &PhraseQuery{Text: phrase, Field: field, Boost: 2, Pairs: pairs}
				if got := phraseHits(t, b, withPairs); !slices.Equal(got, want) {
					t.Errorf("%q in %s by its pairs:\n got %v\nwant %v", phrase, field, got, want)
				}
				want := hitsWithout(t, b, theirs)
				if got := hitsWithout(t, b, withPairs); !slices.Equal(got, want) {
					t.Errorf("%q in %s by its pairs, without locations:\n got %v\nwant %v", phrase, field, got, want)
				}
				if len(want) > 0 {
					paired++
					kinds[pairKind(t, b, common, phrase)]++
				}
			}
			if len(want) > 0 {
				occurring++
			}
			// A phrase of one word is the word, as bleve's match query finds it.
			if analyzed := len(b.Mapping().AnalyzerNamed(b.Mapping().AnalyzerNameForPath(field)).Analyze([]byte(phrase))); analyzed == 1 {
				word := bleve.NewMatchQuery(phrase)
				word.SetField(field)
				word.SetBoost(2)
				word.SetOperator(query.MatchQueryOperatorAnd)
				if got, want := phraseHits(t, b, ours), phraseHits(t, b, word); !slices.Equal(got, want) {
					t.Errorf("word %q in %s:\n got %v\nwant %v", phrase, field, got, want)
				}
				words++
			}
			// In a conjunction with a common word, the phrase is advanced.
			common := bleve.NewTermQuery("the")
			common.SetField(index.FieldText)
			want = phraseHits(t, b, bleve.NewConjunctionQuery(common, theirs))
			if got := phraseHits(t, b, bleve.NewConjunctionQuery(common, ours)); !slices.Equal(got, want) {
				t.Errorf("the AND %q in %s:\n got %v\nwant %v", phrase, field, got, want)
			}
			if pairs := index.PairField(field); pairs != "" {
				withPairs := &PhraseQuery{Text: phrase, Field: field, Boost: 2, Pairs: pairs}
				if got := phraseHits(t, b, bleve.NewConjunctionQuery(common, withPairs)); !slices.Equal(got, want) {
					t.Errorf("the AND %q in %s by its pairs:\n got %v\nwant %v", phrase, field, got, want)
				}
				want := hitsWithout(t, b, bleve.NewConjunctionQuery(common, theirs))
				if got := hitsWithout(t, b, bleve.NewConjunctionQuery(common, withPairs)); !slices.Equal(got, want) {
					t.Errorf("the AND %q in %s by its pairs, without locations:\n got %v\nwant %v", phrase, field, got, want)
				}
			}
		}
	}
	if occurring < 50 || words < 10 || paired < 20 {
		t.Errorf("only %d phrase searches found anything, %d were of one word, %d by pairs: the test checks too little", occurring, words, paired)
	}
	checkPairKinds(t, kinds, 3)
}

// TestPhraseAmongIDs checks a phrase narrowed to some articles by their
// document numbers (narrowTo, as a page's hits are loaded), its searcher
// told which (withAmong): the same hits, scores and locations as bleve's
// phrase narrowed to their IDs (index.IDsQuery), on the same snapshot,
// for articles that hold the phrase and others.
func TestPhraseAmongIDs(t *testing.T) {
	b := indextest.Corpus(t).Bleve()
	r := reader(t, b)
	others := idsOf(t, b, bleve.NewMatchAllQuery())
	checked := 0
	for _, phrase := range corpusPhrases(t) {
		for _, field := range []string{index.FieldTitle, index.FieldText, index.FieldAliases} {
			theirs := bleve.NewMatchPhraseQuery(phrase)
			theirs.SetField(field)
			matching := idsOf(t, b, theirs)
			var ids []string
			for i := 0; i < len(matching); i += 2 {
				ids = append(ids, matching[i])
			}
			ids = append(ids, others[checked%len(others)], "no such article")
			want := hitsOn(t, context.Background(), r, b, bleve.NewConjunctionQuery(index.IDsQuery(ids), theirs))
			var nums among
			for _, id := range ids {
				if internal, err := r.InternalID(id); err != nil {
					t.Fatal(err)
				} else if internal != nil {
					nums = append(nums, internal.Value())
				}
			}
			slices.Sort(nums)
			for _, ours := range []*PhraseQuery{{Text: phrase, Field: field, Boost: 1}, {Text: phrase, Field: field, Boost: 1, Pairs: index.PairField(field)}} {
				ctx := withAmong(context.Background(), nums)
				if got := hitsOn(t, ctx, r, b, narrowTo(ours, nums)); !slices.Equal(got, want) {
					t.Errorf("%q in %s (pairs %q) among %v:\n got %v\nwant %v", phrase, field, ours.Pairs, ids, got, want)
				}
			}
			if len(matching) > 1 {
				checked++
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d phrases matched more than one article: the test checks too little", checked)
	}
}

// hitsOn returns every hit of q on the reader r of b, its searchers built
// with ctx, best first, with its score and locations, as text.
func hitsOn(tb testing.TB, ctx context.Context, r bindex.IndexReader, b bleve.Index, q query.Query) []string {
	tb.Helper()
	s, err := q.Searcher(ctx, r, b.Mapping(), bsearch.SearcherOptions{IncludeTermVectors: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	coll := collector.NewTopNCollector(10000, 0, bsearch.SortOrder{&bsearch.SortScore{Desc: true}, &bsearch.SortDocID{}})
	if err := coll.Collect(ctx, s, r); err != nil {
		tb.Fatal(err)
	}
	return hitsText(coll.Results(), true)
}

// idsOf returns the IDs of every hit of q, in order.
func idsOf(tb testing.TB, b bleve.Index, q query.Query) []string {
	tb.Helper()
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	req.SortBy([]string{"_id"})
	res, err := b.Search(req)
	if err != nil {
		tb.Fatal(err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids
}

// phraseHits returns every hit of q, best first, with its score and its
// locations, as text.
func phraseHits(tb testing.TB, b bleve.Index, q query.Query) []string {
	tb.Helper()
	return searchHits(tb, b, q, true)
}

// hitsWithout returns every hit of q, best first, with its score, found
// without term locations, as text.
func hitsWithout(tb testing.TB, b bleve.Index, q query.Query) []string {
	tb.Helper()
	return searchHits(tb, b, q, false)
}

// searchHits returns every hit of q, best first, with its score and,
// when locations is set, its locations, as text; without, they are not
// asked for.
func searchHits(tb testing.TB, b bleve.Index, q query.Query, locations bool) []string {
	tb.Helper()
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	req.IncludeLocations = locations
	res, err := b.Search(req)
	if err != nil {
		tb.Fatalf("search %v: %v", q, err)
	}
	return hitsText(res.Hits, locations)
}

// hitsText returns hits with their scores and, when locations is set,
// their locations, as text.
func hitsText(hits bsearch.DocumentMatchCollection, locations bool) []string {
	var out []string
	for _, h := range hits {
		var locs []string
		for field, terms := range h.Locations {
			for term, ls := range terms {
				for _, l := range ls {
					locs = append(locs, fmt.Sprintf("%s:%s@%d[%d-%d]%v", field, term, l.Pos, l.Start, l.End, l.ArrayPositions))
				}
			}
		}
		slices.Sort(locs)
		locs = slices.Compact(locs)
		if !locations { // bleve's phrase finds them all the same
			locs = nil
		}
		out = append(out, fmt.Sprintf("%s %.12g %v", h.ID, h.Score, locs))
	}
	return out
}

// TestInPlaceOrder checks the test that decides whether a word's
// locations must be sorted before the phrase walk: by value of the field
// (array positions), then position.
func TestInPlaceOrder(t *testing.T) {
	loc := func(pos uint64, ap ...uint64) bsearch.FieldTermLocation {
		return bsearch.FieldTermLocation{Location: bsearch.Location{Pos: pos, ArrayPositions: ap}}
	}
	tests := []struct {
		name string
		locs []bsearch.FieldTermLocation
		want bool
	}{
		{"none", nil, true},
		{"one", []bsearch.FieldTermLocation{loc(3)}, true},
		{"positions up", []bsearch.FieldTermLocation{loc(1), loc(4), loc(9)}, true},
		{"positions down", []bsearch.FieldTermLocation{loc(4), loc(1)}, false},
		{"values up, positions restart", []bsearch.FieldTermLocation{loc(5, 0), loc(1, 1), loc(2, 1)}, true},
		{"values down", []bsearch.FieldTermLocation{loc(1, 2), loc(5, 1)}, false},
		{"same value, positions down", []bsearch.FieldTermLocation{loc(3, 1), loc(2, 1)}, false},
	}
	for _, tt := range tests {
		if got := inPlaceOrder(tt.locs); got != tt.want {
			t.Errorf("%s: inPlaceOrder = %v, want %v", tt.name, got, tt.want)
		}
		sorted := slices.Clone(tt.locs)
		slices.SortFunc(sorted, byPlace)
		if !inPlaceOrder(sorted) {
			t.Errorf("%s: not in order once sorted by byPlace: %v", tt.name, sorted)
		}
	}
}
