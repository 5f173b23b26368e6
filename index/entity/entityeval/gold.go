package entityeval

// Gold entities from re3d's spans: the rules that turn annotated spans into
// the distinct names a user would expect as facet values (docs/ENTITIES.md).

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity"
)

var re3dKinds = map[string]entity.Kind{"Person": entity.Person, "Location": entity.Place, "Organisation": entity.Organisation}

// determiners open generic phrases and are dropped from gold values.
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "our": true, "their": true, "its": true, "his": true,
	"her": true, "this": true, "that": true, "these": true, "those": true, "my": true, "your": true,
	"some": true, "all": true, "other": true, "several": true, "both": true,
}

// GoldFromSpans turns re3d spans into the distinct gold entities of an
// article:
//
//  1. only Person, Location and Organisation spans are used (Nationality is
//     not a place: "Iraqi" names no place facet);
//  2. outer spans: confidence above 0 (re3d gives the spans nested inside
//     an annotation confidence 0) and inside no other such span;
//  3. a leading determiner or possessive is dropped ("the SDF" -> "SDF");
//  4. people lose their titles ("Lt. Gen. Stephen J. Townsend" -> "Stephen
//     J. Townsend"), through the extractor's Canonical;
//  5. a value that is then not a proper name — a pronoun, a lower-case
//     phrase ("enemy fighters"), a phrase of ordinary words ("Coalition
//     military forces"), one ordinary word ("Coalition"), a title alone —
//     is replaced by the spans nested in it, read by the same rules ("ISIL
//     terrorists" -> "ISIL"; "commander of U.S. Central Command" ->
//     "Central Command");
//  6. "Palmyra, Syria" is two places;
//  7. an Organisation that the gazetteer knows as a place (a country acting,
//     "Turkey", "the United States") is scored as a place: Sitrep's facets
//     keep countries under places whatever their role in the sentence.
func GoldFromSpans(x *entity.Extractor, text string, spans []Span) Names {
	var outer []Span
	for _, s := range spans {
		if _, ok := re3dKinds[s.Type]; ok && s.Confidence > 0 {
			outer = append(outer, s)
		}
	}
	var top []Span
	for i, s := range outer {
		inside := false
		for j, o := range outer {
			if i != j && o.Begin <= s.Begin && s.End <= o.End && (o.End-o.Begin) > (s.End-s.Begin) {
				inside = true
				break
			}
		}
		if !inside {
			top = append(top, s)
		}
	}
	out := Names{}
	runes := []rune(text)
	var read func(s Span, depth int)
	read = func(s Span, depth int) {
		k := re3dKinds[s.Type]
		// Offsets count characters; the value is the text they span, out
		// to whole words ("CJTF" of "CJTF-OIR" is "CJTF-OIR").
		value := s.Value
		b, e := s.Begin, s.End
		if b >= 0 && e <= len(runes) && b < e {
			b, e = wholeWords(runes, b, e)
			if k == entity.Organisation {
				e = dashName(runes, e)
			}
			value = string(runes[b:e])
		}
		if depth > 0 && fragment(runes, b, e) {
			// A nested span that is part of a longer name is that name when
			// the gazetteer knows it ("Central Command" of "U.S. Central
			// Command"), and names nothing otherwise ("UN High" of "UN High
			// Commissioner", "Ayn" of "Ayn Issa").
			b, e = wholeName(runes, b, e)
			value = string(runes[b:e])
			if !x.Known(k, dropDeterminers(value)) {
				return
			}
		}
		if depth > 0 {
			// One the annotators were unsure of takes the type they gave
			// the same words elsewhere ("VBIED" is a Weapon).
			if s.Confidence == 0 {
				if t := surerType(spans, runes, value, s); t != "" && t != s.Type {
					kk, scored := re3dKinds[t]
					if !scored {
						return
					}
					k = kk
				}
			}
		}
		var names []string
		if k == entity.Place {
			names = strings.Split(value, ", ")
		} else {
			names = []string{value}
		}
		ok := true
		var clean []string
		for _, n := range names {
			n = dropDeterminers(n)
			if k == entity.Place {
				n = dropPlaceNoun(n)
				// "the vicinity of Ayn Issa", "other parts of Anbar
				// Province": the place is the name after "of".
				if i := strings.LastIndex(n, " of "); i > 0 && !properName(x, n) && properName(x, n[i+4:]) && startsUpper(n[i+4:]) {
					n = n[i+4:]
				}
			}
			if nationality(x, n) {
				continue // "the Iraqis", "Syrian Arab": Nationality
			}
			if k == entity.Organisation {
				// "U.S. Embassy Chargé": the organisation of a title.
				for w := strings.Fields(n); len(w) > 1 && x.TitleWord(strings.Trim(w[len(w)-1], ".,")); w = w[:len(w)-1] {
					n = strings.Join(w[:len(w)-1], " ")
				}
			}
			if k == entity.Person {
				orig := n
				n = x.Canonical(entity.Person, n)
				if n != "" && role(x, n, orig) {
					ok = false // "U.S. Central Command commander"
					break
				}
			}
			if n == "" {
				ok = false
				break
			}
			if !properName(x, n) && !(k == entity.Person && fullName(x, n)) {
				ok = false
				break
			}
			clean = append(clean, n)
		}
		if ok {
			for _, n := range clean {
				kind := k
				if k == entity.Organisation && x.Known(entity.Place, n) && !x.Known(entity.Organisation, n) {
					kind = entity.Place
				}
				// "the Pentagon", a Location, is the organisation named after
				// its building.
				if k == entity.Place && x.Known(entity.Organisation, n) && !x.Known(entity.Place, n) {
					kind = entity.Organisation
				}
				out[kind] = append(out[kind], n)
			}
			return
		}
		if depth > 3 {
			return
		}
		for _, in := range spans {
			if _, known := re3dKinds[in.Type]; !known || in == s {
				continue
			}
			if s.Begin <= in.Begin && in.End <= s.End && (in.End-in.Begin) < (s.End-s.Begin) {
				// Only the outermost nested spans: skip one inside another.
				nested := false
				for _, o := range spans {
					if _, known := re3dKinds[o.Type]; !known || o == in || o == s {
						continue
					}
					if s.Begin <= o.Begin && o.End <= s.End && o.Begin <= in.Begin && in.End <= o.End && (o.End-o.Begin) > (in.End-in.Begin) && (o.End-o.Begin) < (s.End-s.Begin) {
						nested = true
						break
					}
				}
				if !nested {
					read(in, depth+1)
				}
			}
		}
	}
	for _, s := range top {
		read(s, 0)
	}
	for k, v := range out {
		slices.Sort(v)
		out[k] = slices.Compact(v)
	}
	return out
}

// wholeWords widens the span [b, e) of runes to whole words: re3d's
// tokenizer split at hyphens and before some letters ("CJTF" of "CJTF-OIR",
// "Charg" of "Chargé"). A lower-case word after a hyphen is not taken
// ("ISIL" of "ISIL-held" stays).
func wholeWords(r []rune, b, e int) (int, int) {
	word := func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }
	for b > 0 && word(r[b-1]) && word(r[b]) {
		b--
	}
	for {
		for e < len(r) && e > 0 && word(r[e-1]) && word(r[e]) {
			e++
		}
		if e+1 < len(r) && r[e] == '-' && capsWord(r[e+1:]) {
			e += 2
			continue
		}
		return b, e
	}
}

// capsWord reports whether r opens with a word in capitals or digits
// ("OIR" of "CJTF-OIR"; not "Iraq" of "U.S.-Iraq").
func capsWord(r []rune) bool {
	n := 0
	for _, c := range r {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			break
		}
		if unicode.IsLower(c) {
			return false
		}
		n++
	}
	return n > 0
}

// dashName widens an organisation's span [b, e) over a dash and the
// capitalised words after it: re3d's spans stop at the dash of "Combined
// Joint Task Force – Inherent Resolve".
func dashName(r []rune, e int) int {
	// A dash with spaces around it: "Force – Inherent", "Command - Operation".
	if e+2 >= len(r) || r[e] != ' ' || r[e+1] != '-' && r[e+1] != '–' && r[e+1] != '—' || r[e+2] != ' ' {
		return e
	}
	end, i := e, e+2
	for words := 0; words < 5; words++ {
		w, after := wordAfter(r, i)
		if w == "" || !startsUpper(w) && !(words > 0 && (w == "of" || w == "and" || w == "the")) {
			break
		}
		if startsUpper(w) {
			if titles[strings.ToLower(strings.TrimSuffix(w, "."))] {
				break // "... Inherent Resolve Commander"
			}
			end = after
		}
		i = after
	}
	return end
}

// titles end a name widened over a dash.
var titles = map[string]bool{"commander": true, "spokesman": true, "spokesperson": true, "director": true, "chief": true}

// fragment reports whether the span [b, e) is part of a longer name: a
// capitalised word right before it, or after it, directly or after "of",
// "for" or "to" ("UN High" of "UN High Commissioner for Refugees", "Ayn"
// of "Ayn Issa", "Global Coalition" of "Global Coalition to Counter ISIL").
func fragment(r []rune, b, e int) bool {
	prev := wordBefore(r, b)
	if prev != "" && (startsUpper(prev) || unicode.IsDigit([]rune(prev)[0])) && !determiners[strings.ToLower(prev)] && !smallWords[strings.ToLower(prev)] {
		return true // "407th AEG", "Counter ISIL Brett McGurk"
	}
	next, after := wordAfter(r, e)
	if next != "" && startsUpper(next) {
		return true
	}
	switch next {
	case "of", "for", "to":
		if n2, _ := wordAfter(r, after); n2 != "" && startsUpper(n2) {
			return true
		}
	}
	return false
}

// wholeName widens [b, e) over the capitalised words around it, and over
// "of", "for", "to" and "the" before more of them.
func wholeName(r []rune, b, e int) (int, int) {
	for {
		prev := wordBefore(r, b)
		if prev == "" || !startsUpper(prev) && !unicode.IsDigit([]rune(prev)[0]) || determiners[strings.ToLower(prev)] || smallWords[strings.ToLower(prev)] {
			break
		}
		b -= len([]rune(prev)) + 1
	}
	for {
		next, after := wordAfter(r, e)
		if next != "" && startsUpper(next) {
			e = after
			continue
		}
		if next == "of" || next == "for" || next == "to" || next == "the" {
			if n2, a2 := wordAfter(r, after); n2 != "" && startsUpper(n2) {
				e = a2
				continue
			}
		}
		return b, e
	}
}

// smallWords may open a sentence before a name without being part of it.
var smallWords = map[string]bool{
	"in": true, "on": true, "at": true, "for": true, "of": true, "by": true, "with": true,
	"from": true, "near": true, "and": true, "as": true, "after": true, "since": true,
	"when": true, "while": true, "today": true, "yesterday": true,
}

// wordBefore returns the word that ends right before rune b, separated by
// spaces only (not a line break or punctuation), or "".
func wordBefore(r []rune, b int) string {
	i := b
	for i > 0 && (r[i-1] == ' ' || r[i-1] == '\t') {
		i--
	}
	if i == b {
		return ""
	}
	j := i
	for j > 0 && !unicode.IsSpace(r[j-1]) {
		j--
	}
	w := string(r[j:i])
	if strings.Count(w, ".") >= 2 && strings.HasSuffix(w, ".") {
		return w // "U.S." before "Air Force"
	}
	if w == "" || strings.ContainsAny(w, ".,;:!?\"“”()") {
		return "" // "Syria." ends a sentence; punctuation separates
	}
	return w
}

// wordAfter returns the word that starts after rune e, separated by spaces
// only, and the rune after it.
func wordAfter(r []rune, e int) (string, int) {
	i := e
	for i < len(r) && (r[i] == ' ' || r[i] == '\t') {
		i++
	}
	if i == e {
		return "", e
	}
	j := i
	for j < len(r) && (unicode.IsLetter(r[j]) || unicode.IsDigit(r[j]) || r[j] == '\'' || r[j] == '’' || r[j] == '-') {
		j++
	}
	return string(r[i:j]), j
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// surerType returns the type of the most confident other span of the
// article over the same words (not one it is nested in), or "".
func surerType(spans []Span, r []rune, value string, s Span) string {
	best, conf := "", s.Confidence
	for _, o := range spans {
		if o == s || o.Confidence <= conf || o.Begin < 0 || o.End > len(r) || o.Begin >= o.End || o.Begin <= s.Begin && s.End <= o.End && o.End-o.Begin > s.End-s.Begin {
			continue // not the span it is nested in
		}
		if strings.EqualFold(dropDeterminers(string(r[o.Begin:o.End])), dropDeterminers(value)) {
			best, conf = o.Type, o.Confidence
		}
	}
	return best
}

// placeNouns name a kind of place after its name ("Al-Sinek
// neighborhood").
var placeNouns = map[string]bool{
	"village": true, "town": true, "city": true, "neighborhood": true, "neighbourhood": true,
	"district": true, "subdistrict": true, "area": true, "region": true, "province": true,
	"governorate": true,
}

// dropPlaceNoun drops a lower-case place noun after a name.
func dropPlaceNoun(n string) string {
	w := strings.Fields(n)
	if len(w) > 1 && placeNouns[w[len(w)-1]] {
		return strings.Join(w[:len(w)-1], " ")
	}
	return n
}

// nationality reports whether every word of n is a nationality word ("the
// Iraqis", "Syrian Arab"): re3d's annotators marked some as Organisation or
// Location, but a nationality names no place or organisation facet.
func nationality(x *entity.Extractor, n string) bool {
	words := strings.Fields(n)
	for _, w := range words {
		if !x.Nationality(strings.Trim(w, ".,")) {
			return false
		}
	}
	return len(words) > 0
}

// role reports whether a Person value, titles off, describes a role or a
// unit rather than naming someone: it holds a number ("507th Maintenance
// Group Commander"), an organisation's head word and no given name
// ("Central Command"), ends in a title in lower case or abbreviated ("U.S.
// Central Command commander", "Navy Capt."), mixes an acronym with other
// words ("MEK Resettlement"), or is what is left of a longer value with
// titles off and is a known place or organisation ("Special Advisor for
// ... Central Asia").
func role(x *entity.Extractor, n, orig string) bool {
	words := strings.Fields(n)
	if n != orig && (x.Known(entity.Place, n) || x.Known(entity.Organisation, n)) {
		return true
	}
	head, acronym, mixed := false, false, false
	for _, w := range words {
		if strings.ContainsAny(w, "'‘\"“”") && strings.ContainsAny(string([]rune(w)[0]), "'‘\"“") {
			continue // a quoted nickname, "J.D."
		}
		bare := strings.Trim(w, ".,'’")
		if strings.ContainsAny(bare, "0123456789") {
			return true
		}
		if x.HeadWord(bare) {
			head = true
		}
		if len([]rune(bare)) >= 2 && strings.ToUpper(bare) == bare && !romanNumeral(bare) {
			acronym = true
		} else {
			mixed = true
		}
	}
	if head && !fullName(x, n) || acronym && mixed {
		return true
	}
	last := words[len(words)-1]
	return x.TitleWord(last) && (!startsUpper(last) || strings.HasSuffix(last, ".")) && len(words) > 1
}

func romanNumeral(w string) bool { return strings.Trim(w, "IVX") == "" }

// UnsureFromSpans returns the names of the Person, Location and
// Organisation spans the annotators could not agree on: confidence 0 and
// inside no span of those types with a higher confidence ("Near Mosul",
// marked both Location and Organisation at confidence 0). They are read by
// the rules of GoldFromSpans.
func UnsureFromSpans(x *entity.Extractor, text string, spans []Span) Names {
	var unsure []Span
	for _, s := range spans {
		if _, ok := re3dKinds[s.Type]; !ok || s.Confidence > 0 {
			continue
		}
		inside := false
		for _, o := range spans {
			if _, ok := re3dKinds[o.Type]; ok && o.Confidence > 0 && o.Begin <= s.Begin && s.End <= o.End {
				inside = true
				break
			}
		}
		if !inside {
			s.Confidence = 1
			unsure = append(unsure, s)
		}
	}
	return GoldFromSpans(x, text, unsure)
}

// fullName reports whether a person's name, titles off, is a given name
// and more capitalised words: people's names are often ordinary words
// ("Peter Cook", "Will Pennington"), which properName alone would refuse.
func fullName(x *entity.Extractor, s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || !x.GivenName(words[0]) {
		return false
	}
	for _, w := range words {
		if x.Canonical(entity.Person, w) == "" {
			return false // a title
		}
		if nameParticles[strings.ToLower(w)] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(w, "'‘\"“("))
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func dropDeterminers(s string) string {
	w := strings.Fields(s)
	for len(w) > 0 && determiners[strings.ToLower(w[0])] {
		w = w[1:]
	}
	// A trailing possessive: "ISIL's" -> "ISIL".
	if n := len(w); n > 0 {
		w[n-1] = strings.TrimSuffix(strings.TrimSuffix(w[n-1], "'s"), "’s")
	}
	return strings.Join(w, " ")
}

// nameParticles may be lower case inside a proper name.
var nameParticles = map[string]bool{
	"of": true, "the": true, "and": true, "for": true, "al": true, "el": true, "de": true, "bin": true,
	"ibn": true, "ez": true, "az": true, "ad": true, "ar": true, "as": true, "in": true, "on": true,
	"&": true, "–": true, "-": true, "da": true, "van": true, "von": true, "la": true,
}

// properName reports whether s is a name the gazetteer knows, or is
// written as a proper name: every word
// capitalised (or a digit, or a particle such as "of" or "al-"), not one
// ordinary word or pronoun alone, and not made only of ordinary words.
func properName(x *entity.Extractor, s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 {
		return false
	}
	if x.Describes(s) {
		return false // "Iraqi government": the judge's gold names no body there
	}
	for _, k := range Kinds {
		if x.Known(k, s) {
			return true // "Turkey" is a name, whatever the bird
		}
	}
	// "U.S.-led", "ISIL-held": an adjective.
	if last := words[len(words)-1]; strings.Contains(last, "-") {
		parts := strings.Split(last, "-")
		if p := parts[len(parts)-1]; p != "" && !startsUpper(p) && !unicode.IsDigit([]rune(p)[0]) {
			return false
		}
	}
	ordinary, capitalised, head := 0, 0, false
	for _, w := range words {
		first := strings.TrimLeft(w, "'‘\"“(")
		if first == "" {
			return false
		}
		if nameParticles[strings.ToLower(w)] {
			ordinary++
			continue
		}
		if p, rest, ok := strings.Cut(first, "-"); ok && nameParticles[p] {
			first = rest
		}
		r := []rune(first)
		if !unicode.IsUpper(r[0]) && !unicode.IsDigit(r[0]) {
			return false
		}
		bare := strings.Trim(first, ".,'’")
		allUpper := strings.ToUpper(bare) == bare && len([]rune(bare)) > 1
		if len([]rune(bare)) <= 1 || x.OrdinaryWord(bare) && !allUpper {
			ordinary++
		}
		capitalised++
		head = x.HeadWord(bare)
	}
	// Capitalised ordinary words that end in an organisation's head word
	// are a name too ("Air Reserve Component", "Small Group"); one
	// ordinary word alone ("Coalition") is not.
	return ordinary < len(words) || capitalised >= 2 && head
}
