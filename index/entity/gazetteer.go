package entity

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

//go:embed data/gazetteer.tsv.gz
var gazetteerData []byte

// Matching modes of a gazetteer name.
const (
	// modeName: the first word capitalised or in capitals, the rest in any case.
	modeName uint8 = iota
	// modeExact: the text must be written exactly as the name ("ISIS", "DoD").
	modeExact
	// modeAnyCase: any case, even all lower ("peshmerga").
	modeAnyCase
)

type gazEntity struct {
	name, country string
	kind          Kind
	lat, lon      float64
	coords        bool
	// nation: the place is a country.
	nation bool
	// curated: the organisation is of the curated list, not of the
	// Phoenix dictionaries, which list some leaders as groups.
	curated bool
	// aliases holds the other names, separated by "|".
	aliases string
}

// isCountry reports whether the place is a country: a nation, or one of
// the nations of the United Kingdom, which are no states but field
// national sides and are countries to a reader (the gazetteer does not
// mark them as nations).
func (e *gazEntity) isCountry() bool {
	return e.nation || e.kind == Place && homeNations[e.name]
}

// homeNations are the nations of the United Kingdom.
var homeNations = map[string]bool{"England": true, "Scotland": true, "Wales": true, "Northern Ireland": true}

// aliasList returns the entity's other names.
func (e *gazEntity) aliasList() []string {
	if e.aliases == "" {
		return nil
	}
	return strings.Split(e.aliases, "|")
}

// gazName is what one key of the gazetteer stands for.
type gazName struct {
	ent  int32
	mode uint8
	// exact holds the accepted spellings, separated by "|", when mode is
	// modeExact.
	exact string
	// generic: the name is also the name of other countries' bodies
	// ("Coast Guard", "National Guard"): after a place or nationality word
	// it names that place's own ("Japan Coast Guard").
	generic bool
}

// accepts reports whether form is one of the exact spellings.
func (n *gazName) accepts(form string) bool {
	for rest := n.exact; rest != ""; {
		var one string
		one, rest, _ = strings.Cut(rest, "|")
		if one == form {
			return true
		}
	}
	return false
}

type wordSet map[string]struct{}

func (s wordSet) has(k string) bool { _, ok := s[k]; return ok }

// gazetteer is the loaded, immutable gazetteer.
type gazetteer struct {
	ents  []gazEntity
	names map[string]gazName
	// maxWords holds, for the key of a first word, the most words of a name
	// starting with it.
	maxWords map[string]int
	// maxWordsAnyCase is maxWords for the names that match in any case:
	// few, so that a lower-case word costs one small lookup.
	maxWordsAnyCase map[string]int
	// starts: the first words of names of two words or more whose first
	// word is no possessive ("queen" of "queen's dragoon guards" is not
	// one): the tagger's Starts class.
	starts map[string]bool
	// alts holds, for a place, the places of other countries that share
	// its name: the article's country decides between them.
	alts map[int32][]int32

	// nations are the countries by their ISO code.
	nations map[string]int32
	// bodies are the organisations known as a country's body that every
	// country has, by the country's code and bodyKey ("IQ defense
	// ministry").
	bodies map[string]int32

	english, first, titles, heads, demonyms, notNames wordSet
	// given are weaker given names (given-names.txt): they open a name
	// only by the rule first-name, and only a name of unknown words.
	given wordSet
}

// loadGazetteer reads the generated gazetteer. Every string it keeps is a
// slice of the one decompressed text, so loading allocates little beyond
// the maps.
func loadGazetteer(data []byte) (*gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read gazetteer: %w", err)
	}
	// The gzip trailer holds the size of the text: read it in one piece.
	if len(data) < 4 {
		return nil, fmt.Errorf("read gazetteer: truncated")
	}
	size := binary.LittleEndian.Uint32(data[len(data)-4:])
	buf := make([]byte, size)
	if _, err := io.ReadFull(zr, buf); err != nil {
		return nil, fmt.Errorf("read gazetteer: %w", err)
	}
	raw := string(buf)
	// The first record counts entities, names and words.
	var counts [3]int
	head, rest, _ := strings.Cut(raw, "\n")
	if tag, cols, _ := strings.Cut(head, "\t"); tag == "C" {
		for i := range counts {
			var c string
			c, cols = cut(cols)
			counts[i], _ = strconv.Atoi(c)
		}
		raw = rest
	}
	nE, nK, nW := counts[0], counts[1], counts[2]
	g := &gazetteer{
		ents:     make([]gazEntity, 0, nE),
		names:    make(map[string]gazName, nK),
		maxWords: make(map[string]int, nK/2), maxWordsAnyCase: map[string]int{}, starts: map[string]bool{},
		english: make(wordSet, nW), first: wordSet{}, titles: wordSet{},
		heads: wordSet{}, demonyms: wordSet{}, notNames: wordSet{}, given: wordSet{},
		nations: map[string]int32{},
	}
	line := 0
	for rest := raw; rest != ""; {
		var text string
		text, rest, _ = strings.Cut(rest, "\n")
		line++
		if text == "" || text[0] == '#' {
			continue
		}
		tag, rec, _ := strings.Cut(text, "\t")
		switch tag {
		case "E":
			if err := g.addEntity(rec); err != nil {
				return nil, fmt.Errorf("gazetteer line %d: %w", line, err)
			}
		case "K":
			if err := g.addKey(rec); err != nil {
				return nil, fmt.Errorf("gazetteer line %d: %w", line, err)
			}
		case "A":
			if err := g.addAlt(rec); err != nil {
				return nil, fmt.Errorf("gazetteer line %d: %w", line, err)
			}
		case "W":
			g.english[rec] = struct{}{}
		case "N":
			g.first[rec] = struct{}{}
		case "T":
			g.titles[rec] = struct{}{}
		case "H":
			g.heads[rec] = struct{}{}
		case "D":
			g.demonyms[rec] = struct{}{}
		case "X":
			g.notNames[rec] = struct{}{}
		case "G":
			g.given[rec] = struct{}{}
		default:
			return nil, fmt.Errorf("gazetteer line %d: unknown record %q", line, tag)
		}
	}
	if len(g.ents) == 0 || len(g.names) == 0 {
		return nil, fmt.Errorf("read gazetteer: no entities")
	}
	g.indexBodies()
	return g, nil
}

// indexBodies records the organisations the gazetteer knows as a
// country's body that every country has, by the country and the body
// ("RU defense ministry" is the Russian Ministry of Defence, named
// "Russian Defence Ministry" among its aliases): countryBodies names a
// "Defense Ministry" of a Russian article so.
func (g *gazetteer) indexBodies() {
	g.bodies = map[string]int32{}
	for id := range g.ents {
		e := &g.ents[id]
		if e.kind != Organisation || e.country == "" {
			continue
		}
		for _, form := range append(e.aliasList(), e.name) {
			words := strings.Fields(norm.Key(strings.TrimLeft(form, "^~")))
			if len(words) < 2 || !g.demonyms.has(words[0]) && words[0] != "us" && words[0] != "uk" {
				continue
			}
			if k, ok := bodyKey(words[1:]); ok {
				key := e.country + " " + k
				if _, dup := g.bodies[key]; !dup {
					g.bodies[key] = int32(id)
				}
			}
		}
	}
}

// cut returns the next tab-separated column of rec and the rest.
func cut(rec string) (string, string) {
	col, rest, _ := strings.Cut(rec, "\t")
	return col, rest
}

func (g *gazetteer) addEntity(rec string) error {
	var kind, lat, lon string
	var e gazEntity
	kind, rec = cut(rec)
	e.name, rec = cut(rec)
	e.country, rec = cut(rec)
	lat, rec = cut(rec)
	lon, e.aliases = cut(rec)
	switch kind {
	case "p":
		e.kind = Person
	case "l":
		e.kind = Place
	case "c":
		e.kind, e.nation = Place, true
	case "o":
		e.kind = Organisation
	case "O":
		e.kind, e.curated = Organisation, true
	default:
		return fmt.Errorf("unknown kind %q", kind)
	}
	if lat != "" {
		var err1, err2 error
		e.lat, err1 = strconv.ParseFloat(lat, 64)
		e.lon, err2 = strconv.ParseFloat(lon, 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("%s: bad coordinates", e.name)
		}
		e.coords = true
	}
	if e.nation {
		if _, ok := g.nations[e.country]; !ok {
			g.nations[e.country] = int32(len(g.ents))
		}
	}
	g.ents = append(g.ents, e)
	return nil
}

// addAlt reads "owner<TAB>alternative", two entity numbers.
func (g *gazetteer) addAlt(rec string) error {
	o, a, _ := strings.Cut(rec, "\t")
	oid, err1 := strconv.Atoi(o)
	aid, err2 := strconv.Atoi(a)
	if err1 != nil || err2 != nil || oid < 0 || aid < 0 || oid >= len(g.ents) || aid >= len(g.ents) {
		return fmt.Errorf("bad alternative record %q", rec)
	}
	if g.alts == nil {
		g.alts = map[int32][]int32{}
	}
	g.alts[int32(oid)] = append(g.alts[int32(oid)], int32(aid))
	return nil
}

// possessive is the key of a possessive token ("'s" of "Queen's"), which
// the tokenizer splits from its word and a name's key keeps on it
// ("queen's dragoon guards").
const possessive = "'s"

// keyTokens returns the first word of a name's key as the tokenizer reads
// it, and the name's tokens: its words and their possessives
// ("queen's dragoon guards": "queen", 4).
func keyTokens(key string) (first string, n int) {
	for w := range strings.SplitSeq(key, " ") {
		n++
		if len(w) > len(possessive) && strings.HasSuffix(w, possessive) {
			n++
			w = w[:len(w)-len(possessive)]
		}
		if first == "" {
			first = w
		}
	}
	return first, n
}

// joinKey writes the key of a name of n tokens, whose keys key gives: the
// words after a space, a possessive glued to its word ("queen's dragoon
// guards"). It reports false when a token is no word nor possessive, or
// the name opens with a possessive, or ends with one and endPossessive is
// false: a name that ends with one ("Moody's", "Standard & Poor's")
// matches text only where the gazetteer has it so ("Iraq's" is Iraq).
func joinKey(b []byte, n int, key func(k int) string, endPossessive bool) ([]byte, bool) {
	for k := range n {
		w := key(k)
		switch {
		case w == "":
			return b, false
		case w == possessive:
			if k == 0 || k == n-1 && !endPossessive {
				return b, false
			}
		case k > 0:
			b = append(b, ' ')
		}
		b = append(b, w...)
	}
	return b, n > 0
}

func (g *gazetteer) addKey(rec string) error {
	key, rec := cut(rec)
	ent, rec := cut(rec)
	mode, rec := cut(rec)
	exact, flags := cut(rec)
	id, err := strconv.Atoi(ent)
	if err != nil || id < 0 || id >= len(g.ents) || len(mode) != 1 || mode[0] < '0' || mode[0] > '2' {
		return fmt.Errorf("bad name record %q", key)
	}
	g.names[key] = gazName{ent: int32(id), mode: mode[0] - '0', exact: exact, generic: flags == "g"}
	first, n := keyTokens(key)
	if w, _, _ := strings.Cut(key, " "); w == first && n > 1 {
		g.starts[first] = true
	}
	if n > g.maxWords[first] {
		g.maxWords[first] = n
	}
	if mode[0]-'0' == modeAnyCase && n > g.maxWordsAnyCase[first] {
		g.maxWordsAnyCase[first] = n
	}
	return nil
}
