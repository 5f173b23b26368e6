package scorchx

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/google/go-cmp/cmp"
)

// TestTokenOffsetsAsTokenizer checks that tokenOffsets, which walks the
// word segmenter itself, places every position where bleve's unicode
// tokenizer does, and places only the positions asked for.
func TestTokenOffsetsAsTokenizer(t *testing.T) {
	tok := unicode.NewUnicodeTokenizer()
	for _, text := range []string{
		"",
		"The Navy's destroyers aren't deploying; missiles, drones — and 2,500.75 troops.",
		"ISIS/ISIL (Daesh) in Mosul's old city, «Kurdistan» é 東京 かな 123abc e-mail U.S.",
		strings.Repeat("Convoys cross the plain at night.\n\n", 300),
	} {
		want := map[int][2]int{}
		var all []int
		for _, tk := range tok.Tokenize([]byte(text)) {
			want[tk.Position] = [2]int{tk.Start, tk.End}
			all = append(all, tk.Position)
		}
		// Ask for every position, out of order and twice, and one past
		// the end and one before the start, which no token has.
		asked := append(append([]int{len(all) + 1, 0}, all...), all...)
		if diff := cmp.Diff(want, tokenOffsets(tok, []byte(text), asked)); diff != "" {
			t.Errorf("%.30q: offsets differ from the tokenizer's (-tokenizer +ours):\n%s", text, diff)
		}
		if len(all) > 2 {
			some := []int{all[1], all[len(all)-1]}
			got := tokenOffsets(tok, []byte(text), some)
			if len(got) != 2 || got[some[0]] != want[some[0]] || got[some[1]] != want[some[1]] {
				t.Errorf("%.30q: positions %v placed as %v", text, some, got)
			}
		}
	}
	// Another tokenizer is run whole.
	var other analysis.Tokenizer = wholeTokenizer{}
	if got := tokenOffsets(other, []byte("a b"), []int{1}); got[1] != [2]int{0, 3} {
		t.Errorf("another tokenizer: %v", got)
	}
}

// wholeTokenizer makes one token of its whole input.
type wholeTokenizer struct{}

func (wholeTokenizer) Tokenize(b []byte) analysis.TokenStream {
	return analysis.TokenStream{{Term: b, Start: 0, End: len(b), Position: 1}}
}
