package scorchx

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
)

// TestPairsAsPositions checks phrases looked up in the text's pairs of
// words (index.FieldTextPairs) against bleve's phrase query on the text
// (index.FieldText) where the two could part: across sentences,
// paragraphs, and the summary, captions and body that the text joins;
// around stop words, which leave gaps; with a word repeated; and in
// phrases of two to four words. Both must find the articles listed, with
// the same scores, and the same locations when those are asked for.
func TestPairsAsPositions(t *testing.T) {
	ix := indextest.New(t)
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	articles := []*index.Article{
		{ID: "summary", Title: "One", Summary: "The carrier strike group sailed.", Body: "Escorts followed the carrier."},
		{ID: "sentences", Title: "Two", Body: "They called a strike. Group leaders met.\n\nNew paragraph here."},
		{ID: "captions", Title: "Three", Summary: "Ships left port", Captions: []string{"Caption ends with strike", "group photo"}, Body: "Body starts here with new new drones."},
		{ID: "stop", Title: "Four", Body: "The secretary of state spoke; the secretary general of state did not. Strike the group."},
		{ID: "repeat", Title: "Five", Body: "New new new drones, and a new drone. Strike strike group group."},
		{ID: "none", Title: "Six", Body: "Group strike, group and strike. Nothing else."},
	}
	for _, a := range articles {
		a.Source, a.Published, a.Ingested = "test", &day, day
	}
	indextest.Add(t, ix, articles...)
	b := ix.Bleve()

	tests := []struct {
		phrase string
		want   []string // the IDs bleve's phrase query on the text finds
	}{
		{"strike group", []string{"captions", "none", "repeat", "sentences", "summary"}},
		{"group strike", []string{"none"}},
		{"carrier strike group", []string{"summary"}},
		{"the carrier strike group sailed", []string{"summary"}},
		{"sailed escorts", []string{"summary"}},      // summary into body
		{"port caption", []string{"captions"}},       // summary into captions
		{"photo body", []string{"captions"}},         // captions into body
		{"met new paragraph", []string{"sentences"}}, // across paragraphs
		{"new new", []string{"captions", "repeat"}},  // a word repeated
		{"new new new", []string{"repeat"}},          // three times
		{"new new new new", nil},                     // four: nowhere
		{"strike strike group group", []string{"repeat"}},
		{"secretary of state", []string{"stop"}}, // a gap: any word
		{"secretary general state", nil},         // "of" stands between
		{"secretary general of state", []string{"stop"}},
		{"strike the group", []string{"repeat", "stop"}}, // gap in the middle: "strike strike group" too
		{"strike a group", []string{"repeat", "stop"}},   // any stop word fills it
		{"strike group leaders", []string{"sentences"}},
		{"drones and", []string{"captions", "repeat"}}, // a stop word at the end: the one word
		{"New drone", []string{"captions", "repeat"}},  // stemmed, any case
		{"submarine", nil},
	}
	for _, tt := range tests {
		t.Run(tt.phrase, func(t *testing.T) {
			theirs := bleve.NewMatchPhraseQuery(tt.phrase)
			theirs.SetField(index.FieldText)
			ours := &PhraseQuery{Text: tt.phrase, Field: index.FieldText, Boost: 1, Pairs: index.FieldTextPairs}
			want := phraseHits(t, b, theirs)
			var ids []string
			for _, h := range want {
				ids = append(ids, strings.Fields(h)[0])
			}
			slices.Sort(ids)
			if !slices.Equal(ids, tt.want) {
				t.Fatalf("bleve's phrase finds %v, the test expects %v", ids, tt.want)
			}
			if got := phraseHits(t, b, ours); !slices.Equal(got, want) {
				t.Errorf("with locations:\n got %v\nwant %v", got, want)
			}
			want = hitsWithout(t, b, theirs)
			if got := hitsWithout(t, b, ours); !slices.Equal(got, want) {
				t.Errorf("without locations:\n got %v\nwant %v", got, want)
			}
		})
	}
}

// TestPairsRandomized checks phrases looked up in the text's pairs of
// words against bleve's phrase query on the text, on a generated corpus
// of few words (so that most phrases occur) with stop words, punctuation
// and articles of several parts: the same articles with the same scores,
// for phrases of two to four words, some taken from the articles, some
// drawn at random.
func TestPairsRandomized(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and indexes a corpus")
	}
	rng := rand.New(rand.NewPCG(18, 2026))
	// Common words (index.CommonWords) and rarer ones.
	vocab := strings.Fields("strike group frigate warhead warheads missile new corvette fleet the of a and to. said, sea. peshmerga")
	sentence := func(n int) string {
		words := make([]string, n)
		for i := range words {
			words[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(words, " ")
	}
	ix := indextest.New(t)
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	var articles []*index.Article
	for i := range 300 {
		a := &index.Article{ID: fmt.Sprintf("a%03d", i), Title: sentence(4), Body: sentence(5 + rng.IntN(60)), Source: "test", Published: &day, Ingested: day}
		if rng.IntN(2) == 0 {
			a.Summary = sentence(1 + rng.IntN(8))
		}
		for range rng.IntN(3) {
			a.Captions = append(a.Captions, sentence(1+rng.IntN(4)))
		}
		if rng.IntN(3) == 0 {
			a.Body += "\n\n" + sentence(1+rng.IntN(10))
		}
		articles = append(articles, a)
	}
	indextest.Add(t, ix, articles...)
	b := ix.Bleve()

	var phrases []string
	for range 150 {
		phrases = append(phrases, sentence(2+rng.IntN(3)))
		words := strings.Fields(articles[rng.IntN(len(articles))].Body)
		n := min(len(words), 2+rng.IntN(3))
		at := rng.IntN(len(words) - n + 1)
		phrases = append(phrases, strings.Join(words[at:at+n], " "))
	}
	found, kinds := 0, map[string]int{}
	common := index.CommonWords()
	for _, phrase := range phrases {
		theirs := bleve.NewMatchPhraseQuery(phrase)
		theirs.SetField(index.FieldText)
		ours := &PhraseQuery{Text: phrase, Field: index.FieldText, Boost: 1, Pairs: index.FieldTextPairs}
		want := hitsWithout(t, b, theirs)
		if got := hitsWithout(t, b, ours); !slices.Equal(got, want) {
			t.Errorf("%q:\n got %v\nwant %v", phrase, got, want)
		}
		if len(want) > 0 {
			found++
			kinds[pairKind(t, b, common, phrase)]++
		}
	}
	if found < len(phrases)/3 {
		t.Errorf("only %d of %d phrases occur: the test checks too little", found, len(phrases))
	}
	checkPairKinds(t, kinds, 10)
}

// The kinds of two-word phrases (pairKind): both words common, so looked
// up by their pair; one common; neither (both by positions).
var pairKinds = []string{"common+common", "common+rare", "rare+rare"}

// pairKind returns the kind of a phrase of two words in the text (as its
// analyzer makes them) by how many are common (index.CommonWords, passed
// as common), in either order; "" for a phrase of any other length.
func pairKind(tb testing.TB, b bleve.Index, common map[string]bool, phrase string) string {
	tb.Helper()
	terms := phraseTerms(b.Mapping().AnalyzerNamed(b.Mapping().AnalyzerNameForPath(index.FieldText)).Analyze([]byte(phrase)))
	if len(terms) != 2 || len(terms[0]) != 1 || len(terms[1]) != 1 {
		return ""
	}
	switch n := btoi(common[terms[0][0]]) + btoi(common[terms[1][0]]); n {
	case 2:
		return pairKinds[0]
	case 1:
		return pairKinds[1]
	default:
		return pairKinds[2]
	}
}

// btoi is 1 for true, 0 for false.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// checkPairKinds fails unless kinds counts at least least phrases found
// of each kind of two-word phrase.
func checkPairKinds(t *testing.T, kinds map[string]int, least int) {
	t.Helper()
	for _, kind := range pairKinds {
		if kinds[kind] < least {
			t.Errorf("only %d two-word phrases of words %s were found, want %d: the test checks too little (%v)", kinds[kind], kind, least, kinds)
		}
	}
}

// TestPairsOnlyOfCommonWords checks which pairs of a phrase are looked up:
// those of two common words (index.CommonWords), which the pair field
// holds; a phrase with a rarer word checks positions.
func TestPairsOnlyOfCommonWords(t *testing.T) {
	ix := indextest.New(t)
	b := ix.Bleve()
	r := reader(t, b)
	tests := []struct {
		phrase    string
		filters   int
		positions bool
	}{
		{"missile strike", 1, false},        // both common: the pair decides
		{"missile frigate", 0, true},        // frigate is rarer
		{"frigate warhead", 0, true},        // neither
		{"missile strike group", 2, true},   // two pairs narrow, positions decide
		{"missile strike frigate", 1, true}, // one pair of the two
		{"missile of strike", 0, true},      // a gap: no pair
	}
	for _, tt := range tests {
		q := &PhraseQuery{Text: tt.phrase, Field: index.FieldText, Boost: 1, Pairs: index.FieldTextPairs}
		s, err := q.Searcher(context.Background(), r, b.Mapping(), bsearch.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ps := s.(*phraseSearcher)
		if len(ps.filters) != tt.filters || ps.positions != tt.positions {
			t.Errorf("%q: %d pairs looked up, positions %v; want %d, %v", tt.phrase, len(ps.filters), ps.positions, tt.filters, tt.positions)
		}
		s.Close()
	}
}
