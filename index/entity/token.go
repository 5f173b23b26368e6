package entity

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// token is one word or punctuation mark of a field.
type token struct {
	start, end int
	// key is the normalised word (norm.Word); empty for punctuation.
	key string
	// punct is the punctuation mark of a punctuation token ('s' for a
	// possessive "'s").
	punct rune
	// capital: the first letter is upper case; upper: every letter is, and
	// there are at least two letters or it is an initial ("J.").
	capital, upper bool
	// number: the word starts with a digit.
	number bool
	// sentence: the word opens a sentence, a line or a quotation.
	sentence bool
	// glued: the word is joined to the one before by a hyphen.
	glued bool
	// line: the index of the line (a run of text between newlines).
	line int
}

func (t *token) word() bool { return t.key != "" }

// initial reports whether the token is a given name's initial, "J." (key
// "j"): one letter in capitals, where an acronym has two or more.
func (t *token) initial() bool { return t.upper && utf8.RuneCountInString(t.key) == 1 }

// tokenAt returns the index of the first token of f that ends after byte
// offset start: a mention's first token. The tokens are in the order of
// the text, so a search finds it, not a scan: an article of many mentions
// stays linear.
func tokenAt(f *field, start int) int {
	i, _ := slices.BinarySearchFunc(f.toks, start, func(t token, start int) int { return cmp.Compare(t.end, start+1) })
	return i
}

// nameKey returns the key of toks[k] inside a gazetteer name: its word's
// key, "'s" for a possessive written against its word, "&" for an
// ampersand.
func nameKey(toks []token, k int) string {
	switch t := &toks[k]; t.punct {
	case 's':
		if k > 0 && t.start == toks[k-1].end {
			return possessive
		}
		return ""
	case '&':
		return "&" // "Standard & Poor's", as the gazetteer keys it
	}
	return toks[k].key
}

// abbreviations take their full stop into the word ("Gen.", "Inc.").
var abbreviations = map[string]bool{
	"gen": true, "lt": true, "col": true, "maj": true, "capt": true, "cpt": true, "adm": true,
	"sgt": true, "brig": true, "spc": true, "pfc": true, "cpl": true, "cmdr": true, "cdr": true,
	"sen": true, "rep": true, "gov": true, "pvt": true, "ret": true, "mr": true, "mrs": true,
	"ms": true, "dr": true, "st": true, "jr": true, "sr": true, "inc": true, "co": true,
	"corp": true, "ltd": true, "ft": true, "mt": true, "no": true, "ens": true, "amn": true,
	"ssgt": true, "tsgt": true, "msgt": true, "smsgt": true, "cmsgt": true, "sfc": true,
	"ssg": true, "sgm": true, "csm": true, "lcpl": true, "cwo": true, "prof": true, "hon": true,
	"vs": true, "gens": true, "sgts": true, "mc1": true, "mc2": true, "mc3": true, "lt.": true,
	"messrs": true, "rev": true, "wo": true, "pte": true,
}

// tokenize splits a field into tokens.
func tokenize(s string, out []token) []token {
	out = out[:0]
	sentence := true
	line := 0
	glue := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			line++
			sentence = true
			glue = false
			i += size
			continue
		case unicode.IsSpace(r) || unicode.Is(unicode.Cf, r):
			glue = false
			i += size
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			start := i
			j := i + size
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || unicode.Is(unicode.Mn, r2) {
					j += n2
					continue
				}
				if r2 == '\'' || r2 == '’' {
					// Keep an apostrophe inside a word (Da'esh, Hay'at), not a
					// possessive 's.
					r3, n3 := utf8.DecodeRuneInString(s[j+n2:])
					if unicode.IsLetter(r3) && !((r3 == 's' || r3 == 'S') && !isLetterAt(s, j+n2+n3)) {
						j += n2 + n3
						continue
					}
				}
				break
			}
			word := s[start:j]
			if j < len(s) && s[j] == '.' {
				lw := strings.ToLower(word)
				if utf8.RuneCountInString(word) == 1 && unicode.IsLetter(r) || abbreviations[lw] {
					j++
					// "U.S.", "U.S.A.": letter and full stop pairs.
					for j+1 < len(s) && isLetterByte(s[j]) && s[j+1] == '.' && (j+2 >= len(s) || !isLetterByte(s[j+2])) && utf8.RuneCountInString(word) == 1 {
						j += 2
					}
				}
			}
			text := s[start:j]
			t := token{start: start, end: j, key: norm.Word(text), sentence: sentence, glued: glue, line: line}
			t.number = unicode.IsDigit(r)
			t.capital = unicode.IsUpper(r)
			letters, upper := 0, 0
			for _, c := range text {
				if unicode.IsLetter(c) {
					letters++
					if unicode.IsUpper(c) {
						upper++
					}
				}
			}
			t.upper = letters > 0 && upper == letters && (letters >= 2 || strings.HasSuffix(text, "."))
			out = append(out, t)
			sentence = false
			glue = false
			i = j
			// A hyphen between two words glues them.
			if i+1 < len(s) && (s[i] == '-') {
				if r2, _ := utf8.DecodeRuneInString(s[i+1:]); unicode.IsLetter(r2) || unicode.IsDigit(r2) {
					glue = true
					i++
				}
			}
			continue
		}
		// Punctuation.
		if (r == '\'' || r == '’') && i+size < len(s) && (s[i+size] == 's' || s[i+size] == 'S') && !isLetterAt(s, i+size+1) {
			out = append(out, token{start: i, end: i + size + 1, punct: 's', line: line})
			i += size + 1
			continue
		}
		out = append(out, token{start: i, end: i + size, punct: r, line: line})
		switch r {
		case '.', '!', '?', ':', ';':
			sentence = true
		case '"', '“', '”', '‘', '(', '[', '•', '*', '|':
			// A word after an opening quote or bracket at the start of a
			// sentence opens it too; keep the flag as it is.
			if r == '“' || r == '"' {
				sentence = sentence || i == 0 || (i > 0 && (s[i-1] == ' ' || s[i-1] == '\n'))
			}
		case '-', '–', '—':
			// A dash at the start of a line is a list bullet.
		default:
			sentence = false
		}
		glue = false
		i += size
	}
	return out
}

func isLetterByte(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

func isLetterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}
