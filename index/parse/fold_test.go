package parse

import (
	"strings"
	"testing"
	"unicode"
)

// The plain definitions of collapse and foldKey, which the fast ones must
// equal on every input.
func collapseSpec(s string) string { return strings.Join(strings.Fields(s), " ") }

func foldKeySpec(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// FuzzFoldAndCollapse checks collapse and foldKey against their plain
// definitions: white space of every kind and place, case, punctuation,
// non-Latin scripts and invalid UTF-8.
func FuzzFoldAndCollapse(f *testing.F) {
	for _, s := range []string{
		"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\r\nb", "a\u00a0b", "a\u0085b", "a\u2003b",
		"U.S. Army's 10th Mountain Division — (Photo credit: Sgt. Jane Doe)",
		"ÉTAT ISLAMIQUE, «Daech» ; Зеленський; داعش; 北京", "İstanbul ΣΊΣΥΦΟΣ ǅ", "\xff\xfe bad \xc3",
		"Ⓐ Ⅻ ½ ٣", "don't stop", "F-35A/B", "1,000.5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapse(s), collapseSpec(s); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
		if got, want := foldKey(s), foldKeySpec(s); got != want {
			t.Errorf("foldKey(%q) = %q, want %q", s, got, want)
		}
	})
}
