package registry

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/index/entity"
)

// Named is what one article says of one of its entities. The index
// stores it with the article (Encode), so that the registry can be
// rebuilt from the articles alone.
type Named struct {
	Kind entity.Kind
	// Name is the entity's name as extraction (or the input's curated
	// values, canonicalised) gave it in this article: the same in every
	// article that names the entity alike ("Jim Kirk", "Kirby").
	Name string
	// Forms are the surface forms the article wrote ("KIRBY", "Kirby"),
	// distinct and sorted.
	Forms []string
	// Titles are, for a person, the titles written before the name
	// ("Rear Adm."), distinct and sorted.
	Titles []string
	// Aliases are the other names of the entity to index for word search
	// (the gazetteer's, an acronym the article defined). The registry
	// does not keep them; they are stored so that an article can be
	// rewritten without extracting it again.
	Aliases []string
	// Resolved is the entity's name across articles, which the article's
	// facet holds: Name, or the name it joined (Resolve sets it).
	Resolved string
	// Why says why Name joined Resolved; "" when it did not.
	Why string
	// Source is the article's source, its publisher ("US State
	// Department"); "" when unknown (articles stored before it was kept).
	Source string
}

// Field separators of Encode: control characters, which Clean removes
// from names.
const (
	sepField = "\x1f"
	sepList  = "\x1e"
)

// Encode returns n as one string for the index to store.
func (n Named) Encode() string {
	return strings.Join([]string{
		strconv.Itoa(int(n.Kind)), n.Name, n.Resolved, n.Why,
		strings.Join(n.Forms, sepList), strings.Join(n.Titles, sepList), strings.Join(n.Aliases, sepList), n.Source,
	}, sepField)
}

// DecodeNamed reads a Named that Encode wrote, also one of seven fields
// written before Source was kept. It fails on a string Encode did not
// write: the index holding it is damaged.
func DecodeNamed(s string) (Named, error) {
	parts := strings.Split(s, sepField)
	if len(parts) != 7 && len(parts) != 8 {
		return Named{}, fmt.Errorf("entity record %q has %d fields, want 8 (or 7 before sources were kept)", s, len(parts))
	}
	k, err := strconv.Atoi(parts[0])
	if err != nil || k < int(entity.Person) || k > int(entity.Organisation) || parts[1] == "" {
		return Named{}, fmt.Errorf("entity record %q: bad kind or empty name", s)
	}
	list := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, sepList)
	}
	n := Named{Kind: entity.Kind(k), Name: parts[1], Resolved: parts[2], Why: parts[3],
		Forms: list(parts[4]), Titles: list(parts[5]), Aliases: list(parts[6])}
	if len(parts) == 8 {
		n.Source = parts[7]
	}
	if n.Resolved == "" {
		n.Resolved = n.Name
	}
	return n, nil
}

// Clean returns s with its control characters (which Encode uses as
// separators) turned into spaces.
func Clean(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// Key returns the term the index keeps for articles that name (k, name)
// as extracted (the field index.FieldNames): what the registry looks
// articles up by when a join changes their facets.
func Key(k entity.Kind, name string) string {
	return strconv.Itoa(int(k)) + sepField + name
}
