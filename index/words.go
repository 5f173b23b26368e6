package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// Words splits a text into words as bleve's unicode tokenizer does (the
// Unicode word segmenter, blevesearch/segment: UAX#29's word boundaries,
// scanned for the longest match), token for token — the same terms,
// byte offsets, positions and types — at a fraction of its cost: the
// ASCII stretches of a text, most of an English news text, are split by
// the rules below, and every stretch holding another character is given
// to the segmenter. It is TextAnalyzer's tokenizer, and what re-analyses
// a page's hits (docs/PERFORMANCE.md, "Sixth round").
//
// Why the stretches can be split apart: an ASCII character that is none
// of a letter, a digit, '_', an apostrophe, '"', '.', ':', ',' or ';' (a
// space, a hyphen, a bracket, a control character, a line end) always
// begins a token of its own, which holds no word, and no word spans it;
// so the words of the text between two of them are those the segmenter
// finds in that text alone. Within an ASCII stretch, a word is a run of
// letters, digits and '_', where one of '.', ':' or an apostrophe may
// join two letters, and one of '.', ',', ';' or an apostrophe two digits
// (UAX#29 WB5–WB13b); it is a number (analysis.Numeric) when it holds a
// digit and no letter, as the segmenter's numeric rule, listed first,
// then matches as much.
type Words struct{}

// Tokenize implements analysis.Tokenizer.
func (Words) Tokenize(input []byte) analysis.TokenStream {
	// About one word in six bytes of English text: a slab of tokens,
	// another as needed.
	slab := make([]analysis.Token, len(input)/6+1)
	out := make(analysis.TokenStream, 0, len(slab))
	EachWord(input, func(start, end, pos int, typ analysis.TokenType) bool {
		if len(slab) == 0 {
			slab = make([]analysis.Token, (len(input)-start)/6+1)
		}
		tok := &slab[0]
		slab = slab[1:]
		tok.Term = input[start:end:end]
		tok.Start, tok.End, tok.Position, tok.Type = start, end, pos, typ
		out = append(out, tok)
		return true
	})
	return out
}

// EachWord calls word with each word of input, as Words.Tokenize gives
// them (its offsets in input, its position counted from 1, its type),
// allocating nothing for a text of ASCII, until word returns false.
func EachWord(input []byte, word func(start, end, pos int, typ analysis.TokenType) bool) {
	if !utf8.Valid(input) {
		// The segmenter's handling of broken UTF-8 depends on what
		// follows it: leave it all to the segmenter.
		for _, tok := range unicode.NewUnicodeTokenizer().Tokenize(input) {
			if !word(tok.Start, tok.End, tok.Position, tok.Type) {
				return
			}
		}
		return
	}
	pos := 1
	start := 0
	ascii := true
	for i := 0; i <= len(input); i++ {
		if i < len(input) {
			c := input[i]
			if c >= utf8.RuneSelf {
				ascii = false
				continue
			}
			if classOf(c) != wbBreak {
				continue
			}
		}
		if start < i {
			var ok bool
			if pos, ok = stretchWords(input, start, i, ascii, pos, word); !ok {
				return
			}
		}
		start, ascii = i+1, true
	}
}

// stretchWords calls word with the words of input[start:end], a text
// between two break characters, numbered from pos; ascii says whether
// it is all ASCII. It returns the position after its last word, and
// false if word did.
func stretchWords(input []byte, start, end int, ascii bool, pos int, word func(start, end, pos int, typ analysis.TokenType) bool) (int, bool) {
	if !ascii {
		for _, tok := range unicode.NewUnicodeTokenizer().Tokenize(input[start:end]) {
			if !word(start+tok.Start, start+tok.End, pos, tok.Type) {
				return pos, false
			}
			pos++
		}
		return pos, true
	}
	for i := start; i < end; {
		first := classOf(input[i])
		if first != wbLetter && first != wbDigit && first != wbUnderscore {
			i++ // a mark between words: a token of no word
			continue
		}
		j, letters, digits := i, false, false
		prev := wbClass(wbNone)
		for j < end {
			c := classOf(input[j])
			switch c {
			case wbLetter, wbDigit, wbUnderscore:
				letters = letters || c == wbLetter
				digits = digits || c == wbDigit
				prev = c
				j++
				continue
			}
			// A mark joins two letters or two digits, nothing else.
			if j+1 < end && prev != wbUnderscore && classOf(input[j+1]) == prev && joins(c, prev) {
				j += 2
				continue
			}
			break
		}
		typ := analysis.AlphaNumeric
		if digits && !letters {
			typ = analysis.Numeric
		}
		if !word(i, j, pos, typ) {
			return pos, false
		}
		pos++
		i = j
	}
	return pos, true
}

// wbClass is the word-break class of an ASCII character, as UAX#29 and
// the segmenter put it.
type wbClass uint8

const (
	wbBreak      wbClass = iota // begins a token of no word, always
	wbNone                      // '"': a token of no word, unless beside a Hebrew letter
	wbLetter                    // ALetter
	wbDigit                     // Numeric
	wbUnderscore                // ExtendNumLet
	wbMidLetter                 // ':'
	wbMidNum                    // ',' ';'
	wbMidNumLet                 // '.' and Single_Quote '\''
)

// joins reports whether the mark of class c joins two characters of
// class either side (wbLetter or wbDigit).
func joins(c, side wbClass) bool {
	switch c {
	case wbMidNumLet:
		return true
	case wbMidLetter:
		return side == wbLetter
	case wbMidNum:
		return side == wbDigit
	}
	return false
}

// classOf is the wbClass of the ASCII character c.
func classOf(c byte) wbClass {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		return wbLetter
	case '0' <= c && c <= '9':
		return wbDigit
	}
	switch c {
	case '_':
		return wbUnderscore
	case '"':
		return wbNone
	case ':':
		return wbMidLetter
	case ',', ';':
		return wbMidNum
	case '.', '\'':
		return wbMidNumLet
	}
	return wbBreak
}
