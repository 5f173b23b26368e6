package scorchx

import (
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/sitrep/sitrep/index"
)

// tableSortOrder returns order with its sorts on the published and id
// fields replaced by tableSorts reading st: the same values in the same
// order, without decoding every match's doc values.
func tableSortOrder(order bsearch.SortOrder, st *Tables) bsearch.SortOrder {
	out := make(bsearch.SortOrder, len(order))
	for i, s := range order {
		out[i] = s
		if f, ok := s.(*bsearch.SortField); ok && (f.Field == index.FieldPublished || f.Field == index.FieldID) &&
			f.Missing == bsearch.SortFieldMissingLast && f.Mode == bsearch.SortFieldDefault {
			out[i] = &tableSort{field: f.Field, desc: f.Desc, st: st}
		}
	}
	return out
}

// tableSort sorts by the publication date or the ID held in a snapshot's
// tables. Its values are those bleve's field sort gives (the date's
// prefix-coded term, the ID; missing values last), so cursors made by
// either read the same.
type tableSort struct {
	field string
	desc  bool
	// missingFirst puts articles without a date first (Reverse sets it).
	missingFirst bool
	st           *Tables
	seg          int
}

// UpdateVisitor does nothing: a tableSort reads no doc values.
func (s *tableSort) UpdateVisitor(string, []byte) {}

// Value returns the sort value of the match d.
func (s *tableSort) Value(d *bsearch.DocumentMatch) string {
	seg, local := s.st.Locate(d.IndexInternalID.Value(), s.seg)
	s.seg = seg
	t := s.st.tables[seg]
	v := t.Published[local]
	if s.field == index.FieldID {
		v = t.ID[local]
	}
	if v != "" {
		return v
	}
	if s.desc != s.missingFirst {
		return bsearch.LowTerm
	}
	return bsearch.HighTerm
}

// DecodeValue returns value unchanged: bleve calls it for every match to
// fill DocumentMatch.DecodedSort, which Sitrep never reads, and decoding
// a date for each match costs more than the sort itself.
func (s *tableSort) DecodeValue(value string) string { return value }

// Descending reports whether the sort is in descending order.
func (s *tableSort) Descending() bool { return s.desc }

// RequiresDocID reports false: the ID comes from the tables.
func (s *tableSort) RequiresDocID() bool { return false }

// RequiresScoring reports false.
func (s *tableSort) RequiresScoring() bool { return false }

// RequiresFields reports none: no doc values are visited for the sort.
func (s *tableSort) RequiresFields() []string { return nil }

// Reverse turns the order around, missing dates included.
func (s *tableSort) Reverse() { s.desc, s.missingFirst = !s.desc, !s.missingFirst }

// Copy returns a copy of the sort.
func (s *tableSort) Copy() bsearch.SearchSort { c := *s; return &c }
