package main

// Joining entries that share a name, and writing the gazetteer.

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

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
	// A city's main name is its own: another city does not take it as an
	// alternate name ("New Delhi", the capital, is listed among the
	// alternate names of Delhi, which is more populous).
	cityName := map[string]*entry{}
	for _, e := range entries {
		if k := aliasKey(e.name); e.prio == prioCity && cityName[k] == nil {
			cityName[k] = e
		}
	}
	owner := map[string]*entry{}
	var out []*entry
	merge := func(o, e *entry) {
		if !o.coords && e.coords {
			o.lat, o.lon, o.coords = e.lat, e.lon, true
		}
		if o.country == "" {
			o.country = e.country
		}
		for _, a := range append([]string{e.name}, e.aliases...) {
			if k := aliasKey(a); owner[k] == nil && (cityName[k] == nil || cityName[k] == e) {
				owner[k] = o
				o.aliases = append(o.aliases, a)
			}
		}
	}
	for _, e := range entries {
		mainKey := aliasKey(e.name)
		if o, ok := owner[mainKey]; ok {
			if e.nation && o.kind == kindPlace && o.country == e.country {
				o.nation = true // the curated "United States" is the country
			}
			if o.kind == kindPlace && e.kind == kindPlace && e.prio <= prioAdmin1 && (o.country == e.country || o.country == "") {
				merge(o, e)
				o.city = o.city || e.prio == prioCity
			} else if alternative(o, e) && !slices.ContainsFunc(out, func(a *entry) bool { return a.altOf == o && a.country == e.country }) {
				// One alternative a country: the most populous.
				e.alt, e.altOf, e.aliases = true, o, nil
				out = append(out, e)
			}
			continue
		}
		if o := regionOf(e, owner); o != nil {
			// "Karbala" the city lists "Karbala'", the name of its
			// governorate: the press means one place by both, and names
			// it as the town.
			o.city = true
			merge(o, e)
			o.aliases = slices.DeleteFunc(o.aliases, func(a string) bool { return a == e.name })
			o.aliases = append(o.aliases, o.name)
			o.name = e.name
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
			if c := cityName[k]; e.prio == prioCity && c != nil && c != e {
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
	// An alternative named as its owner is told from it by its country:
	// "Tripoli (Lebanon)", one facet value, and "Tripoli" Libya's.
	nations := map[string]string{}
	for _, e := range out {
		if e.nation && nations[e.country] == "" {
			nations[e.country] = e.name
		}
	}
	for _, e := range out {
		if e.alt && aliasKey(e.name) == aliasKey(e.altOf.name) && nations[e.country] != "" {
			e.aliases = []string{e.name}
			e.name += " (" + nations[e.country] + ")"
		}
	}
	return out
}

// alternative reports whether the place e, whose main name the place o of
// another country took, is kept as o's alternative, which the article's
// country decides between (Tripoli in Lebanon, not Libya's, in an article
// about Lebanon): a city or region of at least a tenth of o's population
// (any region; a curated place has no population), where one of the two
// is in a country at war or an
// Arabic-speaking one; never against a country's own name ("Jordan").
func alternative(o, e *entry) bool {
	if o.kind != kindPlace || e.kind != kindPlace || o.nation || o.alt || e.prio > prioAdmin1 || o.country == "" || e.country == "" || o.country == e.country {
		return false
	}
	if !conflictCountries[e.country] && !conflictCountries[o.country] && !arabicCountries[e.country] && !arabicCountries[o.country] {
		return false
	}
	return e.prio == prioAdmin1 || o.prio == prioAdmin1 || e.pop*10 >= o.pop
}

// regionOf returns the GeoNames region that a city is one place with: the
// first (most populous) city of a region that names the city among its
// alternate names ("Basrah" and the governorate "Basra"), when the region
// took no city yet; nil otherwise. Only where a governorate is named after
// its city, as in the Arabic-speaking countries and the countries at war
// (not "New York City" and the state of New York).
func regionOf(e *entry, owner map[string]*entry) *entry {
	if e.prio != prioCity || e.admin1 == "" || !arabicCountries[e.country] && !conflictCountries[e.country] {
		return nil
	}
	for _, a := range e.aliases {
		if o := owner[aliasKey(a)]; o != nil && o.prio == prioAdmin1 && !o.city && o.country == e.country && o.admin1 == e.admin1 {
			return o
		}
	}
	return nil
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
		if kind == kindOrg && e.prio == prioCurated {
			kind = kindCuratedOrg
		}
		fmt.Fprintf(&text, "E\t%s\t%s\t%s\t%s\t%s\t%s\n", kind, e.name, e.country, lat, lon, strings.Join(plain, "|"))
		if e.alt {
			continue // its name is its owner's; the A records link them
		}
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
	ids := make(map[*entry]int, len(entries))
	for id, e := range entries {
		ids[e] = id
	}
	for id, e := range entries {
		if e.alt {
			fmt.Fprintf(&text, "A\t%d\t%d\n", ids[e.altOf], id)
		}
	}
	for _, s := range []struct {
		tag string
		set map[string]bool
	}{{"W", l.english}, {"N", l.first}, {"T", l.titles}, {"H", l.heads}, {"D", l.demonyms}, {"X", l.notNames}, {"G", l.given}} {
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
