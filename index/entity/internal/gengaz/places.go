package main

// Places from GeoNames: countries, first-level regions and cities, with the
// filters that keep English words and surnames out of the gazetteer.

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

func readCountries(path string) (map[string]string, []*entry, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, nil, err
	}
	iso3 := map[string]string{}
	var out []*entry
	for _, line := range lines {
		cols := strings.Split(line, "\t")
		if len(cols) < 5 {
			continue
		}
		iso3[cols[1]] = cols[0]
		out = append(out, &entry{kind: kindPlace, name: strings.TrimSpace(cols[4]), country: cols[0], prio: prioCountry, nation: true})
	}
	return iso3, out, nil
}

// regionSuffixes are dropped from first-level region names to make an alias
// ("Halabja Governorate" -> "Halabja").
var regionSuffixes = []string{" Governorate", " Province", " Oblast", " Region", " District", " Prefecture", " Muhafazat"}

func readAdmin1(path string, l *lists) ([]*entry, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	var out []*entry
	for _, line := range lines {
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			continue
		}
		cc, code, _ := strings.Cut(cols[0], ".")
		e := &entry{kind: kindPlace, country: cc, prio: prioAdmin1, admin1: code}
		names := []string{cols[1], cols[2]}
		if arabicCountries[cc] {
			names[0], names[1] = names[1], names[0] // "Al Muthanna", not "Al Muthanná"
		} else if plain := plainLetters(cols[1]); plain != cols[1] {
			names = append([]string{plain}, names...) // "Şanliurfa" for "Şanlıurfa"
		}
		for _, n := range names {
			n = strings.TrimSpace(n)
			if strings.HasPrefix(n, "Muhafazat ") {
				n = strings.TrimPrefix(n, "Muhafazat ")
			}
			for _, s := range regionSuffixes {
				if short, ok := strings.CutSuffix(n, s); ok && l.placeName(short) {
					e.aliases = append(e.aliases, short)
				}
			}
			if short := withoutArticle(n); arabicCountries[cc] && short != "" && l.placeName(short) {
				// "Al Anbar" is "Anbar" in the press, and "An Najaf" the
				// region of Najaf the city.
				if e.name == "" {
					e.name = short
				}
				e.aliases = append(e.aliases, short)
			}
			if l.placeName(n) {
				if e.name == "" {
					e.name = n
				} else {
					e.aliases = append(e.aliases, n)
				}
			}
		}
		if e.name != "" {
			out = append(out, e)
		}
	}
	return out, nil
}

// particles may be written in lower case inside a place name.
var particles = map[string]bool{
	"al": true, "el": true, "ad": true, "ar": true, "as": true, "az": true, "an": true, "ash": true,
	"at": true, "ez": true, "es": true, "de": true, "del": true, "la": true, "le": true, "les": true,
	"di": true, "da": true, "do": true, "dos": true, "das": true, "of": true, "the": true, "and": true,
	"upon": true, "on": true, "am": true, "im": true, "an der": true, "sur": true, "en": true, "y": true,
	// The Persian ezafe: "Mazar-e Sharif", "Mazar-i-Sharif", "Shahr-e Kord".
	"e": true, "i": true,
	"au": true, "aux": true, "na": true, // "Port-au-Prince", "Rostov-na-Donu"
}

// placeName reports whether a GeoNames name may be matched in text: Latin
// script, at least four letters, words capitalised (but particles), no
// digits or brackets, and no ordinary English word, given name, title,
// nationality or weekday as its whole.
func (l *lists) placeName(n string) bool { return l.placeNameOf(n, 4) }

// seatName reports whether the name of a capital or a province's seat
// may be matched in text: as placeName says, but of three letters (Qom,
// Ufa; not in capitals, as airports' codes are) or of ordinary words
// (Port-au-Prince) too.
func (l *lists) seatName(n string) bool { return l.placeNameOf(n, 3) }

func (l *lists) placeNameOf(n string, minLetters int) bool {
	if n == "" || !norm.Latin(n) || strings.ContainsAny(n, "0123456789()[],;/\"") {
		return false
	}
	letters := 0
	for _, r := range n {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < minLetters || letters < 4 && strings.ToUpper(n) == n {
		return false // "PAP", "RAI": an airport's code, not a name
	}
	for _, w := range strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == '-' }) {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) && !particles[strings.ToLower(w)] {
			return false
		}
	}
	k := norm.Key(n)
	if l.english[k] || l.first[k] || l.titles[k] || l.demonyms[k] || l.notNames[k] || l.heads[k] {
		return false
	}
	// A name made only of ordinary words ("Mission Viejo" stays, "Union
	// City" does not) would fire on ordinary phrases; a seat's is known.
	if minLetters < 4 {
		return true
	}
	all := true
	for _, w := range strings.Fields(k) {
		if !l.english[w] && !particles[w] {
			all = false
			break
		}
	}
	return !all
}

// surnamePopulation is the population under which a GeoNames city named
// like a person ("Davis", "Dayton", "Obama") is left out, unless it is a
// capital or a province's seat of seatPopulation people.
const (
	surnamePopulation = 1000000
	seatPopulation    = 300000
)

// surnames returns the last names of the people of the Phoenix dictionary.
func surnames(people []*entry) map[string]bool {
	count := map[string]int{}
	for _, p := range people {
		w := strings.Fields(norm.Key(p.name))
		count[w[len(w)-1]]++
	}
	out := map[string]bool{}
	for k, n := range count {
		if n >= 1 {
			out[k] = true
		}
	}
	return out
}

func readCities(path string, l *lists, surnames map[string]bool) ([]*entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []*entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 15 || cols[6] != "P" {
			continue
		}
		pop, _ := strconv.Atoi(cols[14])
		cc := cols[8]
		// A town too small for its alternate names is still known by them
		// in a conflict zone, where the press spells it many ways.
		names := []string{cols[2]}
		if pop >= cityAliasPopulation || conflictCountries[cc] {
			names = append(names, strings.Split(cols[3], ",")...)
		}
		usable := func(n string) bool {
			return l.placeName(n) && !(pop < surnamePopulation && (surnames[norm.Key(n)] || l.first[norm.Key(n)]))
		}
		// The seat of a government or of a province is known by its own
		// name (not its other names), however many people bear it
		// (Colombo, The Hague, Goma), short (Qom) or made of ordinary
		// words (Port-au-Prince, Cape Town).
		seat := cols[7] == "PPLC" || cols[7] == "PPLG" || cols[7] == "PPLA" && pop >= seatPopulation
		usableName := func(n string) bool {
			return usable(n) || seat && l.seatName(n) && !(pop < surnamePopulation && l.first[norm.Key(n)])
		}
		name := strings.TrimSpace(cols[1])
		if strings.HasPrefix(name, "University of ") {
			continue // a campus named after its university: the university's name
		}
		if arabicCountries[cc] || cc == "AF" {
			// "Ar Rutbah", not the scholarly "Ar Ruţbah".
			names = append(names, name)
			name = strings.TrimSpace(cols[2])
		} else if plain := plainLetters(name); plain != name {
			names = append(names, name)
			name = plain
		}
		if !usableName(name) {
			if !conflictCountries[cc] {
				continue
			}
			// "Dūmā" is an English word ("duma"); "Douma" is the town.
			name = ""
			for _, a := range names {
				if a = strings.TrimSpace(a); usable(a) && norm.Key(a) != norm.Key(cols[1]) {
					name = a
					break
				}
			}
			if name == "" {
				continue
			}
		}
		lat, err1 := strconv.ParseFloat(cols[4], 64)
		lon, err2 := strconv.ParseFloat(cols[5], 64)
		e := &entry{kind: kindPlace, name: name, country: cc, pop: pop, prio: prioCity, lat: lat, lon: lon, coords: err1 == nil && err2 == nil, admin1: cols[10]}
		for _, a := range append([]string{name}, names...) {
			a = strings.TrimSpace(a)
			if arabicCountries[cc] {
				if short := withoutArticle(a); short != "" && usable(short) {
					e.aliases = append(e.aliases, short)
				}
			}
			if a != name && usable(a) {
				e.aliases = append(e.aliases, a)
			}
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

// plainLetters writes the letters of n that lose no accent but are no
// plain Latin letter as English writes them ("ı" of "Diyarbakır", "ł" of
// "Łódź", "ø", "đ", "ß"), keeping the accents English keeps or drops at
// will ("Diyarbakir", "Lódź", "Tromso", "Arandelovac"): the canonical
// name, the name as GeoNames writes it an alias.
func plainLetters(n string) string {
	if !strings.ContainsAny(n, "ıİłŁøØđĐðÐþÞßæÆœŒħĦ") {
		return n
	}
	return letterPlainer.Replace(n)
}

var letterPlainer = strings.NewReplacer(
	"ı", "i", "İ", "I", "ł", "l", "Ł", "L", "ø", "o", "Ø", "O", "đ", "d", "Đ", "D",
	"ð", "d", "Ð", "D", "þ", "th", "Þ", "Th", "ß", "ss", "æ", "ae", "Æ", "Ae",
	"œ", "oe", "Œ", "Oe", "ħ", "h", "Ħ", "H",
)

// conflictCountries are where the press writes towns under 100,000 people
// in many spellings: their GeoNames alternate names are kept for every city.
var conflictCountries = map[string]bool{
	"SY": true, "IQ": true, "YE": true, "AF": true, "LY": true, "UA": true, "PS": true,
	"LB": true, "SO": true, "SD": true, "SS": true, "ML": true, "IL": true, "JO": true,
}

// arabicCountries write place names with the Arabic article, which the press
// often drops ("Al Anbar" is "Anbar", "Al Mayadin" "Mayadin").
var arabicCountries = map[string]bool{
	"SY": true, "IQ": true, "YE": true, "LY": true, "LB": true, "JO": true, "PS": true,
	"SA": true, "AE": true, "OM": true, "QA": true, "KW": true, "BH": true, "EG": true,
	"SD": true, "TN": true, "DZ": true, "MA": true, "MR": true,
}

// withoutArticle returns a place name without its Arabic article ("Al
// Anbar" -> "Anbar", "Ar-Rutbah" -> "Rutbah"), or "".
func withoutArticle(n string) string {
	for _, a := range []string{"al", "an", "ar", "as", "ash", "ad", "at", "az", "adh", "aş", "aḑ", "aţ", "aẓ", "el", "es", "ad"} {
		if len(n) > len(a)+1 && strings.EqualFold(n[:len(a)], a) && (n[len(a)] == ' ' || n[len(a)] == '-') {
			return strings.TrimSpace(n[len(a)+1:])
		}
	}
	return ""
}

// titleCase writes a PETRARCH name (upper case, underscores) as a name:
// "HAIDER_AL_ABADI" -> "Haider al-Abadi".
func titleCase(s string) string {
	words := strings.Fields(strings.ReplaceAll(strings.Trim(s, "_ "), "_", " "))
	var out []string
	for i := 0; i < len(words); i++ {
		w := strings.ToLower(words[i])
		if i > 0 && (w == "al" || w == "el") && i+1 < len(words) {
			out = append(out, w+"-"+capitalise(strings.ToLower(words[i+1])))
			i++
			continue
		}
		if i > 0 && (w == "of" || w == "the" || w == "and" || w == "for" || w == "bin" || w == "ibn" || w == "de" || w == "in" || w == "on") {
			out = append(out, w)
			continue
		}
		out = append(out, capitalise(w))
	}
	return strings.Join(out, " ")
}

func capitalise(w string) string {
	parts := strings.Split(w, "-")
	for i, p := range parts {
		if p == "al" || p == "el" {
			continue
		}
		r := []rune(p)
		if len(r) > 0 {
			r[0] = unicode.ToUpper(r[0])
		}
		// Mc and O' names.
		if len(r) > 2 && r[0] == 'M' && r[1] == 'c' {
			r[2] = unicode.ToUpper(r[2])
		}
		if len(r) > 2 && r[1] == '\'' {
			r[2] = unicode.ToUpper(r[2])
		}
		parts[i] = string(r)
	}
	return strings.Join(parts, "-")
}

// sinceYear is the year from which a Phoenix leader must have held a role
// to be kept: older ones rarely appear in current defence news, and each
// name costs load time.
const sinceYear = 2005
