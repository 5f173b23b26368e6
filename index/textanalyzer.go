package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/registry"
)

// TextAnalyzer names the analyzer of FieldText: bleve's English analyzer
// (en: words, possessives cut, lower case, stop words out, Porter stems),
// making the same terms at less cost to indexing: its words are split by
// Words. It keeps the stem of
// each word it met (a text's words are mostly words met before), and the
// terms of the last texts it analysed, which PairsAnalyzer, analysing
// the same text next for FieldTextPairs, takes instead of analysing it
// again (docs/PERFORMANCE.md, "Indexing and explaining, fourth round").
// An index made before it names en for FieldText: the terms are the
// same, so it needs no rebuilding.
const TextAnalyzer = "sitrep_text"

// newTextAnalyzer builds TextAnalyzer: en's filters, as bleve's
// constructor puts them together, after Words, which splits the text as
// en's tokenizer does at less cost, with the stemmer memoised.
func newTextAnalyzer(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	var filters []analysis.TokenFilter
	for _, name := range []string{en.PossessiveName, lowercase.Name, en.StopName} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		filters = append(filters, f)
	}
	filters = append(filters, &stemmer{stems: map[string][]byte{}})
	return &textAnalyzer{
		words:  &analysis.DefaultAnalyzer{Tokenizer: Words{}, TokenFilters: filters},
		recent: map[string]analysis.TokenStream{},
	}, nil
}

// textAnalyzer is TextAnalyzer.
type textAnalyzer struct {
	words analysis.Analyzer
	// recent holds the terms of the texts analysed last, by text, until
	// taken (take) or forgotten when maxRecent texts or maxRecentBytes
	// are held; held is the bytes of their texts.
	mu     sync.Mutex
	recent map[string]analysis.TokenStream
	held   int
}

// maxRecent and maxRecentBytes bound the texts a textAnalyzer holds the
// terms of: bleve analyses four documents at a time, each text's pairs
// just after it; texts analysed for queries, never taken, are forgotten
// with the rest. A text longer than maxRecentBytes is not held: its
// pairs analyse it again.
const (
	maxRecent      = 16
	maxRecentBytes = 2 << 20
)

// Analyze implements analysis.Analyzer. Its tokens are shared with the
// pairs analyzer and, for their terms, with other texts: they are read,
// never changed.
func (t *textAnalyzer) Analyze(text []byte) analysis.TokenStream {
	if len(text) > maxRecentBytes {
		return t.words.Analyze(text)
	}
	key := string(text) // before the lower-case filter changes text in place
	tokens := t.words.Analyze(text)
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.recent) >= maxRecent || t.held+len(key) > maxRecentBytes {
		clear(t.recent)
		t.held = 0
	}
	if _, ok := t.recent[key]; !ok {
		t.held += len(key)
	}
	t.recent[key] = tokens
	return tokens
}

// take returns the terms of text, as Analyze makes them: those Analyze
// made of it last, taken, or else analysed without being kept.
func (t *textAnalyzer) take(text []byte) analysis.TokenStream {
	t.mu.Lock()
	tokens, ok := t.recent[string(text)]
	if ok {
		delete(t.recent, string(text))
		t.held -= len(text)
	}
	t.mu.Unlock()
	if ok {
		return tokens
	}
	return t.words.Analyze(text)
}

// stemmer is bleve's Porter stemmer (porter.PorterStemmer) that keeps
// the stem of each word it stemmed, up to maxStems words: the stems it
// gives are the same, shared between tokens (a term is read, never
// changed, by those who analyse), without the stemming.
type stemmer struct {
	mu    sync.RWMutex
	stems map[string][]byte
}

// maxStems bounds the words a stemmer keeps the stems of: about 50 bytes
// each, some 13 MB at most. Words beyond it are stemmed every time.
const maxStems = 1 << 18

// Filter implements analysis.TokenFilter.
func (s *stemmer) Filter(input analysis.TokenStream) analysis.TokenStream {
	var missed []*analysis.Token
	s.mu.RLock()
	for _, tok := range input {
		if tok.KeyWord {
			continue
		}
		if stem, ok := s.stems[string(tok.Term)]; ok {
			tok.Term = stem
		} else {
			missed = append(missed, tok)
		}
	}
	full := len(s.stems) >= maxStems
	s.mu.RUnlock()
	if len(missed) == 0 {
		return input
	}
	words := make([]string, len(missed))
	for i, tok := range missed {
		words[i] = string(tok.Term)
	}
	porter.NewPorterStemmer().Filter(missed)
	if full {
		return input
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, tok := range missed {
		if len(s.stems) >= maxStems {
			break
		}
		tok.Term = tok.Term[:len(tok.Term):len(tok.Term)]
		s.stems[words[i]] = tok.Term
	}
	return input
}
