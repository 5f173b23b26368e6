package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// Kinds of entries, as written in the first column after "E".
const (
	kindPerson = "p"
	kindPlace  = "l"
	// kindCountry is written for places that are countries.
	kindCountry = "c"
	kindOrg     = "o"
)

// Priorities: when two entries claim one name, the higher one keeps it.
const (
	prioCity = iota
	prioGroup
	prioPerson
	prioAdmin1
	prioCountry
	prioCurated
)

// cityAliasPopulation is the population from which a GeoNames city keeps its
// alternate (Latin-script) names, not only its main name.
const cityAliasPopulation = 100000

type entry struct {
	kind, name, country string
	lat, lon            float64
	coords              bool
	aliases             []string
	prio, pop           int
	// nation: the place is a country (GeoNames' countryInfo names it).
	nation bool
}

// lists holds the word lists of the curated folder.
type lists struct {
	english, first, titles, heads, demonyms, notNames map[string]bool
}

// FindSource returns the shared gazetteer folder: shared/data/gazetteer in
// dir or one of its parents, or beside one of them.
func FindSource(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		for _, c := range []string{filepath.Join(d, "shared", "data", "gazetteer"), filepath.Join(d, "..", "shared", "data", "gazetteer")} {
			if st, err := os.Stat(filepath.Join(c, "geonames", "cities15000.txt")); err == nil && !st.IsDir() {
				return filepath.Clean(c), nil
			}
		}
		if filepath.Dir(d) == d {
			return "", errors.New("no shared/data/gazetteer found above " + abs + "; pass -src")
		}
	}
}

// Build reads the sources and returns the gzipped gazetteer.
func Build(src, curated string) ([]byte, error) {
	text, err := BuildText(src, curated)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	// A zero gzip header (no name, no time) keeps the output reproducible.
	zw, err := gzip.NewWriterLevel(&out, gzip.DefaultCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(text); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// BuildText reads the sources and returns the gazetteer uncompressed.
func BuildText(src, curated string) ([]byte, error) {
	l, err := readLists(curated)
	if err != nil {
		return nil, err
	}
	var entries []*entry
	for _, f := range []struct{ file, kind string }{
		{"places.tsv", kindPlace}, {"organisations.tsv", kindOrg}, {"people.tsv", kindPerson},
	} {
		es, err := readCurated(filepath.Join(curated, f.file), f.kind)
		if err != nil {
			return nil, err
		}
		entries = append(entries, es...)
	}
	iso3, countries, err := readCountries(filepath.Join(src, "geonames", "countryInfo.txt"))
	if err != nil {
		return nil, err
	}
	entries = append(entries, countries...)
	admin1, err := readAdmin1(filepath.Join(src, "geonames", "admin1CodesASCII.txt"), l)
	if err != nil {
		return nil, err
	}
	entries = append(entries, admin1...)
	people, first, err := readPetrarchPeople(filepath.Join(src, "petrarch", "Phoenix.Countries.actors.txt"), iso3)
	if err != nil {
		return nil, err
	}
	entries = append(entries, people...)
	cities, err := readCities(filepath.Join(src, "geonames", "cities15000.txt"), l, surnames(people))
	if err != nil {
		return nil, err
	}
	entries = append(entries, cities...)
	groups, err := readPetrarchGroups(filepath.Join(src, "petrarch", "Phoenix.MilNonState.actors.txt"), l)
	if err != nil {
		return nil, err
	}
	entries = append(entries, groups...)
	for f := range first {
		if !l.english[f] && !l.notNames[f] && !l.titles[f] && !l.demonyms[f] {
			l.first[f] = true
		}
	}
	entries = resolve(entries)
	return write(entries, l)
}

func readLines(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out, nil
}

func readSet(path string) (map[string]bool, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	m := make(map[string]bool, len(lines))
	for _, l := range lines {
		m[norm.Key(l)] = true
	}
	return m, nil
}

func readLists(dir string) (*lists, error) {
	var l lists
	for _, f := range []struct {
		name string
		set  *map[string]bool
	}{
		{"english-words.txt", &l.english}, {"firstnames.txt", &l.first}, {"titles.txt", &l.titles},
		{"orgheads.txt", &l.heads}, {"demonyms.txt", &l.demonyms}, {"notnames.txt", &l.notNames},
	} {
		s, err := readSet(filepath.Join(dir, f.name))
		if err != nil {
			return nil, err
		}
		*f.set = s
	}
	return &l, nil
}

// readCurated reads a curated TSV: name, country, "lat,lon", aliases.
func readCurated(path, kind string) ([]*entry, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	var out []*entry
	for i, line := range lines {
		cols := strings.Split(line, "\t")
		for len(cols) < 4 {
			cols = append(cols, "")
		}
		e := &entry{kind: kind, name: strings.TrimSpace(cols[0]), country: strings.TrimSpace(cols[1]), prio: prioCurated}
		if e.name == "" {
			return nil, fmt.Errorf("%s: record %d: no name", path, i+1)
		}
		if c := strings.TrimSpace(cols[2]); c != "" {
			lat, lon, ok := strings.Cut(c, ",")
			var err1, err2 error
			e.lat, err1 = strconv.ParseFloat(lat, 64)
			e.lon, err2 = strconv.ParseFloat(lon, 64)
			if !ok || err1 != nil || err2 != nil {
				return nil, fmt.Errorf("%s: %s: bad coordinates %q", path, e.name, c)
			}
			e.coords = true
		}
		for _, a := range strings.Split(cols[3], "|") {
			if a = strings.TrimSpace(a); a != "" {
				e.aliases = append(e.aliases, a)
			}
		}
		out = append(out, e)
	}
	return out, nil
}

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
		cc, _, _ := strings.Cut(cols[0], ".")
		e := &entry{kind: kindPlace, country: cc, prio: prioAdmin1}
		names := []string{cols[1], cols[2]}
		if arabicCountries[cc] {
			names[0], names[1] = names[1], names[0] // "Al Muthanna", not "Al Muthanná"
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
}

// placeName reports whether a GeoNames name may be matched in text: Latin
// script, at least four letters, words capitalised (but particles), no
// digits or brackets, and no ordinary English word, given name, title,
// nationality or weekday as its whole.
func (l *lists) placeName(n string) bool {
	if n == "" || !norm.Latin(n) || strings.ContainsAny(n, "0123456789()[],;/\"") {
		return false
	}
	letters := 0
	for _, r := range n {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 4 {
		return false
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
	// City" does not) would fire on ordinary phrases.
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
// like a person ("Davis", "Dayton", "Obama") is left out.
const surnamePopulation = 1000000

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
		name := strings.TrimSpace(cols[1])
		if arabicCountries[cc] || cc == "AF" {
			// "Ar Rutbah", not the scholarly "Ar Ruţbah".
			names = append(names, name)
			name = strings.TrimSpace(cols[2])
		}
		if !usable(name) {
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
		e := &entry{kind: kindPlace, name: name, country: cc, pop: pop, prio: prioCity, lat: lat, lon: lon, coords: err1 == nil && err2 == nil}
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

// readPetrarchPeople reads the leaders of the Phoenix country dictionary
// (the records marked "# CountryInfo.txt") who held a role since sinceYear, and
// returns them with the given names they use.
func readPetrarchPeople(path string, iso3 map[string]string) ([]*entry, map[string]bool, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, nil, err
	}
	var out []*entry
	firstCount := map[string]int{}
	var cur *entry
	recent := false
	flush := func() {
		if cur != nil && recent && cur.country != "" {
			out = append(out, cur)
			firstCount[norm.Key(strings.Fields(cur.name)[0])]++
		}
		cur = nil
		recent = false
	}
	for _, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "\t") || strings.HasPrefix(t, "["):
			if cur == nil {
				continue
			}
			role := strings.Trim(t, "[] ")
			code, dates, _ := strings.Cut(role, " ")
			if len(code) >= 3 && cur.country == "" {
				cur.country = iso3[code[:3]]
			}
			if dates == "" || strings.HasPrefix(dates, ">") || strings.Contains(dates, "-") && dateYear(dates[strings.Index(dates, "-")+1:]) >= sinceYear || strings.HasPrefix(dates, "<") && dateYear(dates[1:]) >= sinceYear {
				recent = true
			}
		case strings.HasPrefix(t, "+"):
			if cur != nil {
				a := strings.TrimSpace(strings.SplitN(t[1:], "#", 2)[0])
				if n := titleCase(a); len(strings.Fields(n)) >= 2 {
					cur.aliases = append(cur.aliases, n)
				}
			}
		default:
			flush()
			head, comment, _ := strings.Cut(t, "#")
			if !strings.Contains(comment, "CountryInfo.txt") {
				continue
			}
			name := strings.TrimSpace(head)
			if i := strings.IndexAny(name, "[("); i >= 0 {
				name = strings.TrimSpace(name[:i])
			}
			n := titleCase(name)
			if len(strings.Fields(n)) < 2 || !norm.Latin(n) || strings.ContainsAny(n, "0123456789") {
				continue
			}
			cur = &entry{kind: kindPerson, name: n, prio: prioPerson}
		}
	}
	flush()
	first := map[string]bool{}
	for f, n := range firstCount {
		if n >= 3 && len(f) >= 3 {
			first[f] = true
		}
	}
	return out, first, nil
}

// dateYear reads the year of a PETRARCH date, YYMMDD or YYYYMMDD.
func dateYear(s string) int {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 6:
		y, _ := strconv.Atoi(s[:2])
		if y > 30 {
			return 1900 + y
		}
		return 2000 + y
	case 8:
		y, _ := strconv.Atoi(s[:4])
		return y
	case 9: // a typo in the source, one digit too many
		y, _ := strconv.Atoi(s[1:5])
		return y
	}
	return 0
}

// readPetrarchGroups reads the militant non-state groups (START's TOPS list).
func readPetrarchGroups(path string, l *lists) ([]*entry, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	var out []*entry
	var cur *entry
	add := func(raw string) {
		raw = strings.TrimSpace(strings.SplitN(raw, "#", 2)[0])
		if i := strings.Index(raw, "["); i >= 0 {
			raw = raw[:i]
		}
		var acronym string
		if i := strings.Index(raw, "("); i >= 0 {
			if j := strings.Index(raw[i:], ")"); j > 0 {
				acronym = strings.Trim(raw[i+1:i+j], "_ ")
				raw = raw[:i] + raw[i+j+1:]
			}
		}
		n := titleCase(raw)
		if n == "" || !norm.Latin(n) || strings.ContainsAny(n, "+/") {
			return
		}
		k := norm.Key(n)
		if len(strings.Fields(k)) < 2 && (len(k) < 5 || l.english[k] || l.first[k]) {
			return
		}
		if cur == nil {
			cur = &entry{kind: kindOrg, name: n, prio: prioGroup}
		} else {
			cur.aliases = append(cur.aliases, n)
		}
		if len(acronym) >= 3 && !strings.ContainsAny(acronym, " _") && strings.ToUpper(acronym) == acronym && !l.english[strings.ToLower(acronym)] {
			cur.aliases = append(cur.aliases, acronym)
		}
	}
	for _, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "+"):
			if cur != nil {
				add(t[1:])
			}
		case strings.HasPrefix(t, "["):
		default:
			if cur != nil {
				out = append(out, cur)
			}
			cur = nil
			add(t)
		}
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out, nil
}

// aliasKey is the key a name claims; markers of the curated files are not
// part of it.
func aliasKey(a string) string {
	return norm.Key(strings.TrimLeft(a, "~^"))
}

// resolve gives every name to one entry: the one of highest priority (then
// population, then name). A GeoNames place that loses its main name to a
// place of the same country is merged into it (Kirkuk the governorate into
// Kirkuk the city's curated entry); an entry that loses its main name to
// anything else is dropped. A name two Phoenix groups claim is dropped.
func resolve(entries []*entry) []*entry {
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.prio != b.prio {
			return a.prio > b.prio
		}
		if a.pop != b.pop {
			return a.pop > b.pop
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return a.country < b.country
	})
	groupClaims := map[string]int{}
	for _, e := range entries {
		if e.prio == prioGroup {
			seen := map[string]bool{}
			for _, a := range append([]string{e.name}, e.aliases...) {
				if k := aliasKey(a); !seen[k] {
					seen[k] = true
					groupClaims[k]++
				}
			}
		}
	}
	owner := map[string]*entry{}
	var out []*entry
	for _, e := range entries {
		mainKey := aliasKey(e.name)
		if o, ok := owner[mainKey]; ok {
			if e.nation && o.kind == kindPlace && o.country == e.country {
				o.nation = true // the curated "United States" is the country
			}
			if o.kind == kindPlace && e.kind == kindPlace && e.prio <= prioAdmin1 && (o.country == e.country || o.country == "") {
				if !o.coords && e.coords {
					o.lat, o.lon, o.coords = e.lat, e.lon, true
				}
				if o.country == "" {
					o.country = e.country
				}
				for _, a := range e.aliases {
					if k := aliasKey(a); owner[k] == nil {
						owner[k] = o
						o.aliases = append(o.aliases, a)
					}
				}
			}
			continue
		}
		if e.prio == prioGroup && groupClaims[mainKey] > 1 {
			continue
		}
		owner[mainKey] = e
		kept := e.aliases[:0]
		for _, a := range e.aliases {
			k := aliasKey(a)
			if k == "" || a == e.name || (e.prio == prioGroup && groupClaims[k] > 1) {
				continue
			}
			if o, ok := owner[k]; ok && o != e {
				continue
			}
			owner[k] = e
			kept = append(kept, a)
		}
		e.aliases = kept
		out = append(out, e)
	}
	return out
}

func write(entries []*entry, l *lists) ([]byte, error) {
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return a.country < b.country
	})
	var text bytes.Buffer
	text.WriteString("# Sitrep gazetteer, generated by index/entity/internal/gengaz; do not edit.\n")
	text.WriteString("# Sources: GeoNames (CC BY 4.0), Phoenix/PETRARCH dictionaries (MIT, Open Event Data Alliance), SCOWL word list, hand-curated lists.\n")
	type keyRec struct {
		ent     int
		mode    int
		exact   []string
		generic bool
	}
	keys := map[string]*keyRec{}
	for id, e := range entries {
		aliases := dedupe(e.aliases)
		lat, lon := "", ""
		if e.coords {
			lat, lon = strconv.FormatFloat(e.lat, 'f', 4, 64), strconv.FormatFloat(e.lon, 'f', 4, 64)
		}
		plain := make([]string, 0, len(aliases))
		for _, a := range aliases {
			if a = strings.TrimLeft(a, "~^"); a != e.name && !slices.Contains(plain, a) {
				plain = append(plain, a)
			}
		}
		kind := e.kind
		if e.nation {
			kind = kindCountry
		}
		fmt.Fprintf(&text, "E\t%s\t%s\t%s\t%s\t%s\t%s\n", kind, e.name, e.country, lat, lon, strings.Join(plain, "|"))
		for _, a := range append([]string{e.name}, aliases...) {
			generic := strings.HasPrefix(a, "^")
			key, mode, exact := nameMode(strings.TrimPrefix(a, "^"))
			if key == "" {
				continue
			}
			r := keys[key]
			if r == nil {
				r = &keyRec{ent: id, mode: mode}
				keys[key] = r
			} else if r.ent != id {
				continue
			}
			switch {
			case mode == modeAnyCase:
				r.mode = modeAnyCase
			case mode == modeName && r.mode == modeExact:
				r.mode = modeName
			}
			if mode == modeExact && !slices.Contains(r.exact, exact) {
				r.exact = append(r.exact, exact)
			}
			r.generic = r.generic || generic
		}
	}
	// The counts let the loader size its maps at once.
	header := fmt.Sprintf("C\t%d\t%d\t%d\n", len(entries), len(keys), len(l.english))
	sortedKeys := make([]string, 0, len(keys))
	for k := range keys {
		sortedKeys = append(sortedKeys, k)
	}
	sort.Strings(sortedKeys)
	for _, k := range sortedKeys {
		r := keys[k]
		flags := ""
		if r.generic {
			flags = "\tg"
		}
		fmt.Fprintf(&text, "K\t%s\t%d\t%d\t%s%s\n", k, r.ent, r.mode, strings.Join(r.exact, "|"), flags)
	}
	for _, s := range []struct {
		tag string
		set map[string]bool
	}{{"W", l.english}, {"N", l.first}, {"T", l.titles}, {"H", l.heads}, {"D", l.demonyms}, {"X", l.notNames}} {
		keys := make([]string, 0, len(s.set))
		for k := range s.set {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&text, "%s\t%s\n", s.tag, k)
		}
	}
	return append([]byte(header), text.Bytes()...), nil
}

// Matching modes of a name, as the extractor reads them.
const (
	// modeName: the first word capitalised or in capitals, the rest in any case.
	modeName = iota
	// modeExact: the text must be written exactly as the name ("ISIS", "DoD").
	modeExact
	// modeAnyCase: any case, even all lower ("peshmerga").
	modeAnyCase
)

// nameMode returns the lookup key of a curated or generated name, how it
// may match, and for exact names the spelling to compare: a "~" prefix
// allows any case; a name of one word with two or more capitals ("ISIS",
// "DoD", "U.S.") matches only as written.
func nameMode(name string) (key string, mode int, exact string) {
	mode = modeName
	if n, ok := strings.CutPrefix(name, "~"); ok {
		mode, name = modeAnyCase, n
	} else if !strings.Contains(name, " ") {
		upper := 0
		for _, r := range name {
			if unicode.IsUpper(r) {
				upper++
			}
		}
		if upper >= 2 {
			mode = modeExact
			exact = norm.Exact(name)
		}
	}
	return norm.Key(name), mode, exact
}

func dedupe(aliases []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range aliases {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	sort.Strings(out)
	return out
}
