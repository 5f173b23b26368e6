package entityeval

// How a gold name and a predicted one are compared: defined acronyms, unit
// designations and the canonical set through the gazetteer, folded leniently.

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// acronymDef matches an acronym defined in the text: capitalised words (and
// the small words between them) and the acronym in brackets right after,
// "World Monuments Fund (WMF)".
var acronymDef = regexp.MustCompile(`((?:[A-Z][\w'’.-]*|of|the|and|for|on|&)(?:[ \t]+(?:[A-Z][\w'’.-]*|of|the|and|for|on|&))*)[ \t]+\(([A-Z][A-Za-z]*[A-Z])\)`)

// definedAcronyms returns the acronyms a text defines, with the words that
// define them: the capitalised words before the brackets whose initials,
// in order, spell the acronym.
func definedAcronyms(text string) map[string]string {
	out := map[string]string{}
	for _, m := range acronymDef.FindAllStringSubmatch(text, -1) {
		words, acr := strings.Fields(m[1]), m[2]
		// The shortest run of words at the end whose initials fit.
		for i := len(words) - 1; i >= 0; i-- {
			if r, _ := utf8.DecodeRuneInString(words[i]); !unicode.IsUpper(r) {
				continue
			}
			if initialsSpell(words[i:], acr) {
				if _, ok := out[acr]; !ok {
					out[acr] = strings.Join(words[i:], " ")
				}
				break
			}
		}
	}
	return out
}

// initialsSpell reports whether the initials of the capitalised words spell
// the acronym, allowing capitalised words whose initial is skipped.
func initialsSpell(words []string, acr string) bool {
	var initials []rune
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			initials = append(initials, r)
		}
	}
	a := []rune(acr)
	if len(initials) == 0 || len(a) < 2 || initials[0] != a[0] {
		return false
	}
	k := 0
	for _, r := range a {
		for k < len(initials) && initials[k] != r {
			k++
		}
		if k == len(initials) {
			return false
		}
		k++
	}
	return true
}

// expand replaces an organisation's acronym that the article defines by its
// definition ("WMF" -> "World Monuments Fund"), splits a unit named with
// its parent into the two units ("2nd Battalion, 5th Special Forces Group"
// -> "2nd Battalion", "5th Special Forces Group") and drops a parent in the
// possessive, when the gazetteer knows it ("the Department of Treasury's
// Office of Foreign Assets Control" -> "Office of Foreign Assets Control";
// "People's Protection Units" stays).
func expand(x *entity.Extractor, k entity.Kind, names []string, acr map[string]string) []string {
	if k != entity.Organisation {
		return names
	}
	var out []string
	for _, n := range names {
		if d, ok := acr[strings.TrimSpace(n)]; ok {
			n = d
		}
		for _, mark := range []string{"'s ", "’s "} {
			if i := strings.LastIndex(n, mark); i > 0 {
				if q := dropDeterminers(n[:i]); x.Known(entity.Organisation, q) || x.Known(entity.Place, q) {
					n = n[i+len(mark):]
				}
			}
		}
		out = append(out, unitParts(n)...)
	}
	return out
}

// unitParts splits "3rd Battalion, 321st Field Artillery Regiment" at its
// commas when every part after the first starts with a number: re3d marks
// such chains either as one name or as one name per unit.
func unitParts(n string) []string {
	parts := strings.Split(n, ", ")
	if len(parts) < 2 {
		return []string{n}
	}
	for _, p := range parts[1:] {
		if r, _ := utf8.DecodeRuneInString(p); !unicode.IsDigit(r) {
			return []string{n}
		}
	}
	return parts
}

// canonicalSet canonicalises names and folds people given by surname only
// into the full name given elsewhere in the same set.
func canonicalSet(x *entity.Extractor, k entity.Kind, names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		c := x.Canonical(k, n)
		if c == "" || seen[fold(k, c)] {
			continue
		}
		seen[fold(k, c)] = true
		out = append(out, c)
	}
	if k != entity.Person {
		return out
	}
	var merged []string
	for _, n := range out {
		if !strings.Contains(n, " ") {
			sur := fold(k, n)
			dup := false
			for _, m := range out {
				w := strings.Fields(fold(k, m))
				if len(w) > 1 && (w[len(w)-1] == sur || strings.TrimPrefix(w[len(w)-1], "al") == sur) {
					dup = true
				}
			}
			if dup {
				continue
			}
		}
		merged = append(merged, n)
	}
	return merged
}

// fold is the comparison form of a canonical name.
func fold(k entity.Kind, s string) string {
	key := norm.Key(s)
	if k != entity.Person {
		return key
	}
	// Middle initials, quoted nicknames and suffixes do not tell people
	// apart: "Joseph L. Votel" is "Joseph Votel".
	var out []string
	for _, w := range strings.Fields(key) {
		if len(w) == 1 || strings.HasPrefix(w, "'") || strings.HasPrefix(w, "\"") || strings.HasPrefix(w, "“") || w == "jr" || w == "sr" || w == "ii" || w == "iii" || w == "iv" {
			continue
		}
		out = append(out, strings.ReplaceAll(w, "'", ""))
	}
	return strings.Join(out, " ")
}

func same(k entity.Kind, a, b string) bool { return fold(k, a) == fold(k, b) }
