package entity

// Helpers for comparing people's names across articles (package
// index/registry): the folding the gazetteer uses, surnames, short given
// names, and the titles written before a name.

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// NameKey returns name folded as the gazetteer compares names: lower
// case, accents folded, full stops dropped, hyphens and runs of spaces as
// one space ("Rear Adm." and "rear adm" have one key).
func NameKey(name string) string { return norm.Key(name) }

// Surname returns the folded surname of a person's name: its last word,
// leaving out a suffix ("Charles Q. Brown Jr." → "brown") and the article
// of an Arabic name ("al-Abadi" → "abadi"). It returns "" for an empty
// name.
func Surname(name string) string {
	words := strings.Fields(norm.Key(name))
	for len(words) > 1 && nameSuffixes[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return ""
	}
	return words[len(words)-1]
}

// ShortGivenName reports whether the given name short is a short form of
// the given name full ("Jim" of "James", "Max" of "Maximilian"), from the
// table of English short forms the extractor joins names with inside an
// article. Case and accents are ignored.
func ShortGivenName(short, full string) bool {
	return slices.Contains(nicknames[norm.Key(short)], norm.Key(full))
}

// IsShortGivenName reports whether given is a short form of some given
// name in that table ("Jim", "Max").
func IsShortGivenName(given string) bool { return len(nicknames[norm.Key(given)]) > 0 }

// TitleBefore returns the title written just before the name that starts
// at byte start of text ("Rear Adm." in "led by Rear Adm. Jim Kirk",
// "Pentagon Press Secretary" in "said Pentagon Press Secretary John
// Kirby"): the capitalised words on the same line before the name, up to
// six, of which the last is a title the gazetteer knows. It returns ""
// when no title is written there.
func (x *Extractor) TitleBefore(text string, start int) string {
	if start <= 0 || start > len(text) {
		return ""
	}
	var words []string // from the name backwards
	end := start
	for len(words) < 6 {
		i := end
		for i > 0 && (text[i-1] == ' ' || text[i-1] == '\t') {
			i--
		}
		j := i
		for j > 0 {
			r, size := utf8.DecodeLastRuneInString(text[:j])
			if !unicode.IsLetter(r) && r != '.' && r != '-' && r != '\'' && r != '’' {
				break
			}
			j -= size
		}
		if j == i {
			break // a comma, a line's start, a digit: the title ends
		}
		w := text[j:i]
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			break
		}
		words = append(words, w)
		end = j
	}
	// The title is the run from its first word; its last word, next to
	// the name, must be a title.
	if len(words) == 0 || !x.g.titles.has(norm.Key(words[0])) {
		return ""
	}
	slices.Reverse(words)
	for len(words) > 1 && leadingArticle(words[0]) {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// leadingArticle reports whether w opens a run of capitalised words
// without being part of the title ("The Pentagon Press Secretary").
func leadingArticle(w string) bool {
	return strings.EqualFold(w, "the") || strings.EqualFold(w, "a") || strings.EqualFold(w, "an")
}
