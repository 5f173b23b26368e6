package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
)

// FieldTextPairs holds, indexed only and without term vectors, every pair
// of words that stand next to each other in FieldText, each pair as one
// term (PairTerm): the words as FieldText's analyzer makes them (stemmed,
// stop words left out, leaving a gap), a pair wherever two words have
// adjacent positions. An article holds the pair "a b" exactly when a
// phrase query for a then b on FieldText matches it, so a two-word phrase
// is one term lookup, and a longer one a lookup of its pairs before its
// positions are checked (as Elasticsearch's index_phrases).
const FieldTextPairs = "text_pairs"

// PairsAnalyzer names the analyzer of FieldTextPairs: the English
// analyzer's words, paired (PairTerm).
const PairsAnalyzer = "sitrep_pairs"

// pairSeparator joins the two words of a pair: the English analyzer's
// tokenizer never puts a space inside a word.
const pairSeparator = " "

// PairField returns the field that holds the adjacent words of field in
// pairs (FieldTextPairs for FieldText), or "" when none does.
func PairField(field string) string {
	if field == FieldText {
		return FieldTextPairs
	}
	return ""
}

// PairTerm returns the term of FieldTextPairs that stands for the word a
// followed by the word b, each as FieldText's analyzer made it.
func PairTerm(a, b string) string { return a + pairSeparator + b }

// init registers PairsAnalyzer: bleve finds an index's analyzers by name
// in its registry when it opens the index, so the registration must be
// made before any index is opened (docs: STYLE's one exception).
func init() {
	if err := registry.RegisterAnalyzer(PairsAnalyzer, newPairsAnalyzer); err != nil {
		panic("index: pairs analyzer: " + err.Error())
	}
}

// newPairsAnalyzer builds PairsAnalyzer on bleve's English analyzer, the
// analyzer of FieldText, so that both make the same words of a text.
func newPairsAnalyzer(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	words, err := cache.AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		return nil, err
	}
	return pairsAnalyzer{words: words}, nil
}

// pairsAnalyzer makes a text's words with words, then pairs them.
type pairsAnalyzer struct{ words analysis.Analyzer }

// Analyze implements analysis.Analyzer.
func (a pairsAnalyzer) Analyze(text []byte) analysis.TokenStream {
	return pairs(a.words.Analyze(text))
}

// pairs returns a token for each two words of words at adjacent positions
// (PairTerm), at the position of the first; words are in position order,
// as an analyzer makes them, and several words at one position are each
// paired with each of the next position's. The pairs' terms share one
// buffer.
func pairs(words analysis.TokenStream) analysis.TokenStream {
	n, size := 0, 0
	eachPair(words, func(a, b *analysis.Token) {
		n++
		size += len(a.Term) + len(pairSeparator) + len(b.Term)
	})
	if n == 0 {
		return nil
	}
	buf := make([]byte, 0, size)
	tokens := make([]analysis.Token, 0, n)
	out := make(analysis.TokenStream, n)
	eachPair(words, func(a, b *analysis.Token) {
		start := len(buf)
		buf = append(append(append(buf, a.Term...), pairSeparator...), b.Term...)
		tokens = append(tokens, analysis.Token{
			Term: buf[start:len(buf):len(buf)], Position: a.Position,
			Start: a.Start, End: b.End, Type: analysis.Shingle,
		})
		out[len(tokens)-1] = &tokens[len(tokens)-1]
	})
	return out
}

// eachPair calls f with each two words of words at adjacent positions, in
// order.
func eachPair(words analysis.TokenStream, f func(a, b *analysis.Token)) {
	for i, a := range words {
		for _, b := range words[i+1:] {
			if b.Position > a.Position+1 {
				break
			}
			if b.Position == a.Position+1 {
				f(a, b)
			}
		}
	}
}
