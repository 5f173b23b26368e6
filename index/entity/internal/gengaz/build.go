package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// Kinds of entries, as written in the first column after "E".
const (
	kindPerson = "p"
	kindPlace  = "l"
	// kindCountry is written for places that are countries.
	kindCountry = "c"
	kindOrg     = "o"
	// kindCuratedOrg is written for organisations of the curated list:
	// the Phoenix dictionaries' groups (kindOrg) list some leaders as
	// groups, the curated list does not.
	kindCuratedOrg = "O"
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
	// admin1 is a GeoNames region's code, or the code of a city's region;
	// city is set on a region once a city of it has been merged into it.
	admin1 string
	city   bool
	// alt: a place that lost its main name to a place of another country,
	// kept for the articles about its own country; altOf is that place.
	alt   bool
	altOf *entry
}

// lists holds the word lists of the curated folder.
type lists struct {
	english, first, titles, heads, demonyms, notNames map[string]bool
	// given: weaker given names (given-names.txt), for one rule only.
	given map[string]bool
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
	people, first, err := readPetrarchPeople(filepath.Join(src, "petrarch", "Phoenix.Countries.actors.txt"), iso3, l)
	if err != nil {
		return nil, err
	}
	entries = append(entries, people...)
	cities, err := readCities(filepath.Join(src, "geonames", "cities15000.txt"), l, surnames(people))
	if err != nil {
		return nil, err
	}
	entries = append(entries, cities...)
	// The leaders' given names tell the groups the TOPS list names by a
	// leader (personShaped); cities were read with the curated ones only.
	for f := range first {
		if !l.english[f] && !l.notNames[f] && !l.titles[f] && !l.demonyms[f] {
			l.first[f] = true
		}
	}
	groups, err := readPetrarchGroups(filepath.Join(src, "petrarch", "Phoenix.MilNonState.actors.txt"), l)
	if err != nil {
		return nil, err
	}
	entries = append(entries, groups...)
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
		{"given-names.txt", &l.given},
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
