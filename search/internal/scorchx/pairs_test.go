package scorchx

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

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
	vocab := strings.Fields("strike group carrier drone drones missile new navy fleet the of a and to. said, sea. black")
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
	found := 0
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
		}
	}
	if found < len(phrases)/3 {
		t.Errorf("only %d of %d phrases occur: the test checks too little", found, len(phrases))
	}
}
