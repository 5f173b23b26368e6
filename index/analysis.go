package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// TextAnalyzer analyses the text fields (title, text, aliases) as
// bleve's English analyzer does — the same terms at the same positions —
// but gives every token the offsets 0 to 0. The index then keeps each
// word's position, which phrases need, without its place in the text,
// which only highlighting needs: a location takes 4 bytes instead of 8.
// The highlighter finds the offsets of the few hits it marks by
// tokenizing their stored text again (package search).
const TextAnalyzer = "sitrep_en"

// positionsOnly names the token filter that clears offsets.
const positionsOnly = "sitrep_positions_only"

// positionsOnlyFilter gives each token the offsets 0 to 0, keeping its
// term and position.
type positionsOnlyFilter struct{}

// Filter implements analysis.TokenFilter.
func (positionsOnlyFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		t.Start, t.End = 0, 0
	}
	return in
}

// registration registers positionsOnly with bleve, whose registry of
// token filters is the process's: once, before a mapping naming it is
// built or an index using it is opened.
var registration sync.Once

func registerAnalysis() {
	registration.Do(func() {
		err := registry.RegisterTokenFilter(positionsOnly, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return positionsOnlyFilter{}, nil
		})
		if err != nil {
			panic("index: " + err.Error()) // another package took the name: a bug, not an input
		}
	})
}

// textAnalysis returns the definition of TextAnalyzer: en's tokenizer
// and filters (analysis/lang/en, AnalyzerConstructor), then positionsOnly.
func textAnalysis() map[string]any {
	return map[string]any{
		"type":          "custom",
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName, porter.Name, positionsOnly},
	}
}
