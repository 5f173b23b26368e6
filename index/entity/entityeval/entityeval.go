// Package entityeval scores entity extraction against gold annotations: the
// re3d development set (CENTCOM and State Department documents, public
// domain), the seed article and DVIDS articles annotated by hand for Sitrep.
//
// Scores are per type (person, place, organisation), at the level of
// distinct entities per article: an article's gold set and predicted set of
// canonical names are compared, and true positives, false positives and
// false negatives are summed over articles (micro average). Both sides are
// canonicalised through the same gazetteer (aliases are equal) and compared
// leniently (case, full stops, hyphens, a leading "the", middle initials and
// titles ignored). See docs/ENTITIES.md for the rules that turn re3d spans
// into gold entities.
package entityeval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/internal/norm"
)

// Kinds are the kinds scored, in table order.
var Kinds = []entity.Kind{entity.Person, entity.Place, entity.Organisation}

// Article is one scored document with its gold entities.
type Article struct {
	ID   string
	Doc  entity.Document
	Gold Names
}

// Names holds canonical names by kind.
type Names map[entity.Kind][]string

// Predictor returns the names found in a document; Score canonicalises them.
type Predictor func(entity.Document) Names

// FromResult turns an extraction result into Names.
func FromResult(r entity.Result) Names {
	return Names{
		entity.Person:       r.Names(entity.Person),
		entity.Place:        r.Names(entity.Place),
		entity.Organisation: r.Names(entity.Organisation),
	}
}

// Counts are the true positives, false positives and false negatives of one
// kind.
type Counts struct{ TP, FP, FN int }

// Precision is TP / (TP + FP), 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN), 0 when there is no gold.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Error is one disagreement, for reading what went wrong.
type Error struct {
	Article string
	Kind    entity.Kind
	Name    string
	// Missed is set for a false negative, else it is a false positive.
	Missed bool
}

// Report is the score of one extractor on one gold set.
type Report struct {
	Set      string
	Articles int
	Counts   map[entity.Kind]Counts
	Errors   []Error
}

// Score runs predict over the articles and compares with their gold.
func Score(x *entity.Extractor, set string, articles []Article, predict Predictor) Report {
	rep := Report{Set: set, Articles: len(articles), Counts: map[entity.Kind]Counts{}}
	for _, a := range articles {
		pred := predict(a.Doc)
		for _, k := range Kinds {
			gold := canonicalSet(x, k, a.Gold[k])
			got := canonicalSet(x, k, pred[k])
			c := rep.Counts[k]
			matched := make([]bool, len(got))
			for _, gname := range gold {
				found := false
				for i, p := range got {
					if !matched[i] && same(k, gname, p) {
						matched[i], found = true, true
						break
					}
				}
				if found {
					c.TP++
				} else {
					c.FN++
					rep.Errors = append(rep.Errors, Error{a.ID, k, gname, true})
				}
			}
			for i, p := range got {
				if !matched[i] {
					// A second prediction equal to a matched gold name (two
					// spellings the gazetteer does not know) is not an error.
					dup := false
					for j, q := range got {
						if j != i && matched[j] && same(k, p, q) {
							dup = true
						}
					}
					if !dup {
						c.FP++
						rep.Errors = append(rep.Errors, Error{a.ID, k, p, false})
					}
				}
			}
			rep.Counts[k] = c
		}
	}
	return rep
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

// Table formats reports as one Markdown table: a row per set and kind.
func Table(reports ...Report) string {
	var b strings.Builder
	b.WriteString("| extractor / set | type | P | R | F1 | TP | FP | FN |\n|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range reports {
		var all Counts
		for _, k := range Kinds {
			c := r.Counts[k]
			all.TP += c.TP
			all.FP += c.FP
			all.FN += c.FN
			fmt.Fprintf(&b, "| %s | %s | %.3f | %.3f | %.3f | %d | %d | %d |\n", r.Set, k, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
		}
		fmt.Fprintf(&b, "| %s | all | %.3f | %.3f | %.3f | %d | %d | %d |\n", r.Set, all.Precision(), all.Recall(), all.F1(), all.TP, all.FP, all.FN)
	}
	return b.String()
}

// Sets are the gold sets, by name, as files under the testdata/entities
// folder.
var Sets = []string{"re3d-dev", "seed", "dvids"}

// Load reads the named gold set from dir (testdata/entities).
func Load(x *entity.Extractor, dir, set string) ([]Article, error) {
	switch set {
	case "re3d-dev":
		return LoadRe3d(x, filepath.Join(dir, "re3d-dev-gold.jsonl"))
	case "seed":
		return LoadHand(filepath.Join(dir, "seed-gold.json"))
	case "dvids":
		return LoadHand(filepath.Join(dir, "dvids-gold.json"))
	}
	return nil, fmt.Errorf("unknown gold set %q (want one of %s)", set, strings.Join(Sets, ", "))
}

// FindDir returns testdata/entities in dir or the nearest parent that has it.
func FindDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		c := filepath.Join(d, "testdata", "entities")
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no testdata/entities above %s", abs)
		}
	}
}

// handFile is the shape of a hand-made gold file: documents with the
// distinct canonical names of each kind.
type handFile struct {
	Articles []struct {
		ID            string          `json:"id"`
		Document      entity.Document `json:"document"`
		People        []string        `json:"people"`
		Places        []string        `json:"places"`
		Organisations []string        `json:"organisations"`
	} `json:"articles"`
}

// LoadHand reads a hand-made gold file.
func LoadHand(path string) ([]Article, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f handFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []Article
	for _, a := range f.Articles {
		out = append(out, Article{ID: a.ID, Doc: a.Document, Gold: Names{
			entity.Person: a.People, entity.Place: a.Places, entity.Organisation: a.Organisations,
		}})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no articles", path)
	}
	return out, nil
}

// Span is one re3d gold annotation: character offsets, type, value and
// annotator confidence.
type Span struct {
	Begin      int     `json:"begin"`
	End        int     `json:"end"`
	Type       string  `json:"type"`
	Value      string  `json:"value"`
	Confidence float64 `json:"confidence"`
}

type re3dRecord struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
	Gold  []Span `json:"gold_entities"`
}

// LoadRe3d reads the re3d development set with its gold spans and turns the
// spans into gold entities (see GoldFromSpans). The extractor reads the
// body only, as only the body is annotated.
func LoadRe3d(x *entity.Extractor, path string) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Article
	br := bufio.NewReaderSize(f, 1<<20)
	for {
		line, err := br.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var r re3dRecord
			if jerr := json.Unmarshal(line, &r); jerr != nil {
				return nil, fmt.Errorf("%s: %w", path, jerr)
			}
			out = append(out, Article{ID: r.ID, Doc: entity.Document{Body: r.Body}, Gold: GoldFromSpans(x, r.Body, r.Gold)})
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no articles", path)
	}
	return out, nil
}

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
		// Offsets count characters; the value is the text they span.
		value := s.Value
		if s.Begin >= 0 && s.End <= len(runes) && s.Begin < s.End {
			value = string(runes[s.Begin:s.End])
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
			if k == entity.Person {
				n = x.Canonical(entity.Person, n)
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
	for _, k := range Kinds {
		if x.Known(k, s) {
			return true // "Turkey" is a name, whatever the bird
		}
	}
	ordinary := 0
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
	}
	return ordinary < len(words)
}
