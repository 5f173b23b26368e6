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
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/index/entity"
)

// Kinds are the kinds scored, in table order.
var Kinds = []entity.Kind{entity.Person, entity.Place, entity.Organisation}

// Article is one scored document with its gold entities.
type Article struct {
	ID   string
	Doc  entity.Document
	Gold Names
	// Unsure holds names the annotators could not agree on (re3d spans of
	// confidence 0 inside no surer span): a prediction equal to one counts
	// neither as right nor as wrong.
	Unsure Names
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
		acr := definedAcronyms(a.Doc.Title + "\n" + a.Doc.Summary + "\n" + a.Doc.Body)
		for _, k := range Kinds {
			gold := canonicalSet(x, k, expand(x, k, a.Gold[k], acr))
			got := canonicalSet(x, k, expand(x, k, pred[k], acr))
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
			unsure := canonicalSet(x, k, a.Unsure[k])
			for i, p := range got {
				if !matched[i] && slices.ContainsFunc(unsure, func(u string) bool { return same(k, u, p) }) {
					continue
				}
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
