// Package norm holds the one normalisation of names that the gazetteer
// generator and the extractor share, so that a name written by the generator
// is found again by the extractor.
package norm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Key returns the lookup key of a name: lower case, Latin diacritics folded,
// full stops dropped ("U.S." -> "us"), hyphens, underscores, slashes and
// runs of white space turned into one space, typographic apostrophes made
// straight, a leading "the" dropped, and the words British and American
// English spell differently in the names of bodies spelt the American way
// ("organisation" -> "organization", american).
func Key(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteByte(byte(r)) // the common case, without Fold
			space = false
			continue
		case r >= 'A' && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
			space = false
			continue
		case r == '.':
			continue
		case r == '-' || r == '_' || r == '/' || r == '–' || r == '—' || unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		case r == '’' || r == '‘' || r == 'ʼ' || r == '`':
			r = '\''
		}
		b.WriteString(Fold(r))
		space = false
	}
	k := strings.TrimSpace(b.String())
	if strings.HasPrefix(k, "the ") {
		k = k[4:]
	}
	if strings.Contains(k, "isation") || strings.Contains(k, "defence") || strings.Contains(k, "centre") || strings.Contains(k, "programme") {
		words := strings.Split(k, " ")
		for i, w := range words {
			words[i] = american(w)
		}
		k = strings.Join(words, " ")
	}
	return k
}

// american returns the word w, a key, in the spelling of American
// English where British English writes it otherwise in the names of
// bodies: "World Health Organisation" is the "World Health Organization",
// the "Defence Department" the "Defense Department". Only words that no
// two names tell apart by their spelling: "Labour" and "Labor" are
// different parties.
func american(w string) string {
	switch w {
	case "organisation":
		return "organization"
	case "organisations":
		return "organizations"
	case "defence":
		return "defense"
	case "centre":
		return "center"
	case "centres":
		return "centers"
	case "programme":
		return "program"
	case "programmes":
		return "programs"
	}
	return w
}

// Word returns the key of one word: Key without the handling of spaces.
func Word(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c == '.' || c == '`' || (c >= 'A' && c <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return american(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '.':
			continue
		case '’', '‘', 'ʼ', '`':
			r = '\''
		}
		b.WriteString(Fold(r))
	}
	return american(b.String())
}

// Fold returns r in lower case with the diacritics of Latin letters removed.
func Fold(r rune) string {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return string(r)
	}
	r = unicode.ToLower(r)
	if f, ok := folds[r]; ok {
		return f
	}
	return string(r)
}

var folds = func() map[rune]string {
	m := map[rune]string{}
	for _, p := range []struct{ from, to string }{
		{"àáâãäåāăą", "a"}, {"çćĉċč", "c"}, {"ďđ", "d"}, {"èéêëēĕėęěə", "e"},
		{"ĝğġģ", "g"}, {"ĥħḥ", "h"}, {"ìíîïĩīĭįı", "i"}, {"ĵ", "j"}, {"ķ", "k"},
		{"ĺļľŀł", "l"}, {"ñńņňŉ", "n"}, {"òóôõöøōŏő", "o"}, {"ŕŗř", "r"},
		{"śŝşšșṣ", "s"}, {"ţťŧțṭ", "t"}, {"ùúûüũūŭůűų", "u"}, {"ŵ", "w"},
		{"ýÿŷ", "y"}, {"źżžẓ", "z"}, {"ʻʿʾ", ""},
	} {
		for _, r := range p.from {
			m[r] = p.to
		}
	}
	m['ß'] = "ss"
	m['æ'] = "ae"
	m['œ'] = "oe"
	return m
}()

// Latin reports whether s is written only in Latin letters, digits,
// spaces and punctuation.
func Latin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// Exact returns the spelling an exact-case name is compared in: without
// full stops, hyphens and spaces, typographic apostrophes made straight.
func Exact(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '.', '-', ' ', '–':
			return -1
		case '’', '‘':
			return '\''
		}
		return r
	}, s)
}
