package index

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// FieldTextPairs holds, indexed only and without term vectors, every pair
// of common words (CommonWords) that stand next to each other in
// FieldText, each pair as one term (PairTerm): the words as FieldText's
// analyzer makes them (stemmed, stop words left out, leaving a gap), a
// pair wherever two common words have adjacent positions. An article
// holds the pair "a b" of two common words exactly when a phrase query
// for a then b on FieldText matches it, so a phrase of two common words
// is one term lookup, and a longer one a lookup of its pairs of common
// words before its positions are checked (as Lucene's CommonGrams). A
// phrase with a rarer word is led by that word's short postings and
// needs no pair; pairing every word would make nearly every pair a term
// of one article and nearly treble the cost of indexing.
const FieldTextPairs = "text_pairs"

// PairsAnalyzer names the analyzer of FieldTextPairs: the English
// analyzer's words, paired (PairTerm).
const PairsAnalyzer = "sitrep_pairs"

// commonWordsFile lists the common words, one a line after '#' comments,
// made by index/internal/commonwords (make common-words). It is part of
// the index's schema: an index records its hash (CommonWordsHash) and
// Open refuses one made with another list.
//
//go:embed commonwords.txt
var commonWordsFile string

// CommonWords returns the words whose adjacent pairs FieldTextPairs
// holds, as FieldText's analyzer makes them.
func CommonWords() map[string]bool {
	words := map[string]bool{}
	for _, word := range commonWordList() {
		words[word] = true
	}
	return words
}

// commonWordList returns the lines of commonWordsFile that list a word.
func commonWordList() []string {
	var words []string
	for _, line := range strings.Split(commonWordsFile, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			words = append(words, line)
		}
	}
	return words
}

// CommonWordsHash returns the hex SHA-256 of the common words, in their
// order, one a line: what an index records of the list it was made with.
func CommonWordsHash() string {
	sum := sha256.Sum256([]byte(strings.Join(commonWordList(), "\n") + "\n"))
	return hex.EncodeToString(sum[:])
}

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

// init registers TextAnalyzer and PairsAnalyzer: bleve finds an index's
// analyzers by name in its registry when it opens the index, so the
// registrations must be made before any index is opened (docs: STYLE's
// one exception).
func init() {
	if err := registry.RegisterAnalyzer(TextAnalyzer, newTextAnalyzer); err != nil {
		panic("index: text analyzer: " + err.Error())
	}
	if err := registry.RegisterAnalyzer(PairsAnalyzer, newPairsAnalyzer); err != nil {
		panic("index: pairs analyzer: " + err.Error())
	}
}

// newPairsAnalyzer builds PairsAnalyzer on TextAnalyzer, the analyzer of
// FieldText, so that both make the same words of a text; the words of a
// text just analysed for FieldText are taken, not made again.
func newPairsAnalyzer(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	a, err := cache.AnalyzerNamed(TextAnalyzer)
	if err != nil {
		return nil, err
	}
	words, ok := a.(*textAnalyzer)
	if !ok {
		return nil, fmt.Errorf("index: analyzer %s is a %T", TextAnalyzer, a)
	}
	return pairsAnalyzer{words: words, common: CommonWords()}, nil
}

// pairsAnalyzer makes a text's words with words, then pairs those of them
// that are common.
type pairsAnalyzer struct {
	words  *textAnalyzer
	common map[string]bool
}

// Analyze implements analysis.Analyzer.
func (p pairsAnalyzer) Analyze(text []byte) analysis.TokenStream {
	return p.pairs(p.words.take(text))
}

// Paired reports whether FieldTextPairs holds the pairs of the word first
// followed by the word second (as FieldText's analyzer makes them): whether
// both are common. Phrase queries find it through the mapping's analyzer.
func (p pairsAnalyzer) Paired(first, second string) bool {
	return p.common[first] && p.common[second]
}

// pairs returns a token for each two common words of words at adjacent
// positions (PairTerm), at the position of the first; words are in
// position order, as an analyzer makes them, and several words at one
// position are each paired with each of the next position's. The pairs'
// terms share one buffer.
func (p pairsAnalyzer) pairs(words analysis.TokenStream) analysis.TokenStream {
	n, size := 0, 0
	eachPair := func(f func(x, y *analysis.Token)) {
		eachAdjacent(words, func(x, y *analysis.Token) {
			if p.common[string(x.Term)] && p.common[string(y.Term)] {
				f(x, y)
			}
		})
	}
	eachPair(func(a, b *analysis.Token) {
		n++
		size += len(a.Term) + len(pairSeparator) + len(b.Term)
	})
	if n == 0 {
		return nil
	}
	buf := make([]byte, 0, size)
	tokens := make([]analysis.Token, 0, n)
	out := make(analysis.TokenStream, n)
	eachPair(func(a, b *analysis.Token) {
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

// eachAdjacent calls f with each two words of words at adjacent
// positions, in order.
func eachAdjacent(words analysis.TokenStream, f func(a, b *analysis.Token)) {
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
