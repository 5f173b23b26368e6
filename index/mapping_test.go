package index_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
)

// TestFieldsIndexedOnce checks where an article's words are indexed: its
// summary, body and captions in the one text field that searches read,
// and not a second time in the fields stored for display.
func TestFieldsIndexedOnce(t *testing.T) {
	ix := textIndex(t)

	tests := []struct {
		field string
		want  []string // terms the field must hold; nil: no terms at all
	}{
		{index.FieldText, []string{"aircraft", "peshmerga", "smoke"}},
		{index.FieldTitle, []string{"kirkuk"}},
		{index.FieldSummary, nil},
		{index.FieldBody, nil},
		{index.FieldCaptions, nil},
		{index.FieldHash, nil},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			terms := map[string]bool{}
			for _, term := range fieldTerms(t, ix, tt.field) {
				terms[term] = true
			}
			if tt.want == nil && len(terms) > 0 {
				t.Errorf("field %s holds %d terms, want none: it is stored for display only", tt.field, len(terms))
			}
			for _, w := range tt.want {
				if !terms[w] {
					t.Errorf("field %s lacks the term %q (has %d terms)", tt.field, w, len(terms))
				}
			}
		})
	}
}

// textIndex returns an index of one article with a title, summary, body
// and captions.
func textIndex(t *testing.T) *index.Index {
	t.Helper()
	ix := indextest.New(t)
	a := article(1, "Coalition airstrikes near Kirkuk")
	a.Summary = "Aircraft struck positions overnight."
	a.Body = "Peshmerga fighters advanced on the village."
	a.Captions = []string{"Smoke rises over the ridge"}
	indextest.Add(t, ix, a)
	return ix
}

// TestTextPairs checks the terms of the text's pair field: each two
// common words (index.CommonWords) of the text (summary, captions and
// body, as FieldText analyses them: stemmed, in lower case) at adjacent
// positions, none across a stop word's gap, some across the parts the
// text joins, none from the title, and none with a rarer word.
func TestTextPairs(t *testing.T) {
	ix := textIndex(t)
	adjacent := []string{
		"aircraft struck", "struck posit", "posit overnight",
		"overnight smoke", // summary into caption
		"smoke rise",      // "over the": a gap
		"ridg peshmerga",  // caption into body
		"peshmerga fighter", "fighter advanc",
	}
	common := index.CommonWords()
	var want []string
	for _, pair := range adjacent {
		a, b, _ := strings.Cut(pair, " ")
		if common[a] && common[b] {
			want = append(want, index.PairTerm(a, b))
		}
	}
	slices.Sort(want)
	// The list keeps the news's common words, not its rarer ones.
	for word, listed := range map[string]bool{"aircraft": true, "struck": true, "peshmerga": false} {
		if common[word] != listed {
			t.Errorf("common words: %q listed = %v, want %v", word, common[word], listed)
		}
	}
	if diff := cmp.Diff(want, fieldTerms(t, ix, index.FieldTextPairs)); diff != "" {
		t.Errorf("terms of %s (-want +got):\n%s", index.FieldTextPairs, diff)
	}
}

func TestSearchTextBodyStart(t *testing.T) {
	tests := []struct {
		name     string
		summary  string
		captions []string
		want     string
	}{
		{name: "body alone", want: "Body text."},
		{name: "summary", summary: "A summary.", want: "A summary.\n\nBody text."},
		{name: "captions", captions: []string{"One.", "Two."}, want: "One.\n\nTwo.\n\nBody text."},
		{name: "all", summary: "Sum.", captions: []string{"Cap."}, want: "Sum.\n\nCap.\n\nBody text."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const body = "Body text."
			got := index.SearchText(tt.summary, tt.captions, body)
			if got != tt.want {
				t.Errorf("SearchText = %q, want %q", got, tt.want)
			}
			if start := index.BodyStart(tt.summary, tt.captions); got[start:] != body {
				t.Errorf("SearchText from BodyStart %d = %q, want the body %q", start, got[start:], body)
			}
		})
	}
}

// TestStoredFieldsRebuildArticle loads a written article's StoredFields
// and rebuilds it whole (StoredArticle), its body and captions read back
// from their compressed field; a caller changing the returned list changes no
// later caller's.
func TestStoredFieldsRebuildArticle(t *testing.T) {
	ix := indextest.New(t)
	a := article(1, "Coalition airstrikes near Kirkuk")
	a.Summary, a.Captions, a.Authors = "Aircraft struck overnight.", []string{"Smoke over the ridge"}, []string{"J. Doe"}
	a.People, a.Places, a.Organisations = []string{"Masoud Barzani"}, []string{"Kirkuk", "Erbil"}, []string{"Peshmerga"}
	indextest.Add(t, ix, a)

	fields := index.StoredFields()
	sr := bleve.NewSearchRequestOptions(index.IDsQuery([]string{a.ID}), 1, 0, false)
	sr.Fields = fields
	res, err := ix.Bleve().Search(sr)
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("look up the article: %d hits, %v", len(res.Hits), err)
	}
	got, err := index.StoredArticle(res.Hits[0].Fields)
	if err != nil {
		t.Fatal(err)
	}
	want := *a
	want.Ingested = got.Ingested // set by the writer
	if got.Ingested.IsZero() {
		t.Error("the rebuilt article has no ingestion time")
	}
	// Aliases are indexed, not stored; Named is read by the Writer alone.
	if diff := cmp.Diff(&want, got, cmpopts.IgnoreFields(index.Article{}, "Aliases", "Named")); diff != "" {
		t.Errorf("article rebuilt from StoredFields (-written +rebuilt):\n%s", diff)
	}

	for i := range fields {
		fields[i] = "changed"
	}
	if again := index.StoredFields(); again[0] != index.FieldID || len(again) != len(fields) {
		t.Errorf("StoredFields after a caller changed its list: %q", again)
	}
}

// TestContentRoundTrip checks that the body and captions come back from
// index.EncodeContent as they went in, and that a damaged value is
// refused with what to do.
func TestContentRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		body     string
		captions []string
	}{
		{"", nil},
		{"One paragraph.", nil},
		{"First.\n\nSecond, with é and 東京.", []string{"A caption", "", "Another"}},
		{strings.Repeat("Convoys cross the plain at night. ", 4000), []string{strings.Repeat("x", 300)}},
	} {
		enc := index.EncodeContent(tt.body, tt.captions)
		body, captions, err := index.DecodeContent(enc)
		if err != nil {
			t.Fatalf("%.20q: %v", tt.body, err)
		}
		if body != tt.body || !slices.Equal(captions, tt.captions) {
			t.Errorf("%.20q, %q: came back as %.20q, %q", tt.body, tt.captions, body, captions)
		}
		if len(tt.body) > 10000 && len(enc) > len(tt.body)/10 {
			t.Errorf("repetitive text of %d bytes compressed to %d", len(tt.body), len(enc))
		}
	}
	enc := index.EncodeContent("Peshmerga fighters near Kirkuk.", nil)
	for _, damaged := range [][]byte{nil, []byte("not zstd"), enc[:len(enc)-3]} {
		if _, _, err := index.DecodeContent(damaged); err == nil || !strings.Contains(err.Error(), "ingest into a new --index") {
			t.Errorf("%q: error %v, want one saying to ingest again", damaged, err)
		}
	}
}

// fieldTerms returns the terms of field in ix, in order.
func fieldTerms(tb testing.TB, ix *index.Index, field string) []string {
	tb.Helper()
	d, err := ix.Bleve().FieldDict(field)
	if err != nil {
		tb.Fatal(err)
	}
	defer d.Close()
	var terms []string
	for e, err := d.Next(); e != nil || err != nil; e, err = d.Next() {
		if err != nil {
			tb.Fatal(err)
		}
		terms = append(terms, e.Term)
	}
	return terms
}

// TestTextAnalyzerAsEnglish checks that TextAnalyzer makes the terms of
// bleve's English analyzer, token for token (term, position, offsets,
// type), the first time it meets a text's words and again when it knows
// their stems; and that PairsAnalyzer makes the same pairs of a text
// whether it takes the words TextAnalyzer just made of it or makes them
// itself.
func TestTextAnalyzerAsEnglish(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample corpus: %v", err)
	}
	texts := []string{"", "the", "Kirkuk's forces FORCES forced forcing", "naïve café — Ελλάδα 2022-09-13 F-35 U.S. isn't"}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	m := index.NewMapping()
	english := m.AnalyzerNamed(en.AnalyzerName)
	text := m.AnalyzerNamed(index.TextAnalyzer)
	pairs := m.AnalyzerNamed(index.PairsAnalyzer)
	if english == nil || text == nil || pairs == nil {
		t.Fatal("an analyzer is missing from the mapping")
	}
	tokens := func(ts analysis.TokenStream) []string {
		out := make([]string, len(ts))
		for i, tok := range ts {
			out[i] = fmt.Sprintf("%q %d %d-%d %v %t", tok.Term, tok.Position, tok.Start, tok.End, tok.Type, tok.KeyWord)
		}
		return out
	}
	for round := range 2 {
		for i, s := range texts {
			want := tokens(english.Analyze([]byte(s)))
			if diff := cmp.Diff(want, tokens(text.Analyze([]byte(s)))); diff != "" {
				t.Errorf("round %d, text %d: TextAnalyzer's tokens (-en +got):\n%s", round, i, diff)
			}
			taken := tokens(pairs.Analyze([]byte(s))) // just analysed: taken
			if diff := cmp.Diff(tokens(pairs.Analyze([]byte(s))), taken); diff != "" {
				t.Errorf("round %d, text %d: pairs of the words taken (-made +taken):\n%s", round, i, diff)
			}
			if i > 3 && len(taken) == 0 {
				t.Errorf("round %d, text %d: no pairs in a whole article", round, i)
			}
		}
	}
}
