package scorchx

import (
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/sitrep/sitrep/index"
)

// NoMonth and NoDate mark an article without a publication date in a
// Table.
const (
	NoMonth = math.MinInt32
	NoDate  = math.MinInt64
)

// facetBits is the number of low bits of a Table value that name its
// term facet; facetMask masks them. The other 30 bits number a facet's
// values: a billion of them.
const (
	facetBits = 2
	facetMask = 1<<facetBits - 1
)

// MaxFacets is the most term facets a TableCache can hold values of.
const MaxFacets = 1 << facetBits

// Facet returns the term facet (its place in the fields given to
// NewTableCache) of a value of Table.Vals.
func Facet(v uint32) uint32 { return v & facetMask }

// Ord returns the number of a value of Table.Vals among its facet's values
// (Tables.Values).
func Ord(v uint32) uint32 { return v >> facetBits }

// TableCache keeps, for each immutable segment of an index, a Table of
// every article's facet values and story as small integers, its month and
// its sort keys, read once from doc values; counting a query's matches
// then walks them and adds to arrays, where bleve's facet builders and
// field sorts decode each matching article's doc values, and its facets
// count in maps of strings, on every search. A TableCache is safe for
// concurrent use.
type TableCache struct {
	mu sync.Mutex
	// fields are the doc-value fields read: the term facets' fields, then
	// the publication date, the ID and the story.
	fields []string
	// facets is the number of term facets among fields.
	facets int
	// dicts number each term facet's values, stories the story names;
	// numbers are never reused.
	dicts   []valueDict
	stories valueDict
	// tables holds a table per live segment (segment.Segment → table).
	tables map[any]*Table
}

// NewTableCache returns a TableCache with no tables yet, for the term
// facets of the fields facetFields (at most MaxFacets of them), in that
// order.
func NewTableCache(facetFields []string) *TableCache {
	fields := append(append(make([]string, 0, len(facetFields)+3), facetFields...), index.FieldPublished, index.FieldID, index.FieldStory)
	c := &TableCache{fields: fields, facets: len(facetFields), dicts: make([]valueDict, len(facetFields)), tables: make(map[any]*Table)}
	for i := range c.dicts {
		c.dicts[i].ords = make(map[string]uint32)
	}
	c.stories.ords = make(map[string]uint32)
	return c
}

// valueDict numbers the values of one facet.
type valueDict struct {
	ords   map[string]uint32
	values []string
}

// ord returns the number of the value term, numbering it if it is new.
func (d *valueDict) ord(term []byte) uint32 {
	if o, ok := d.ords[string(term)]; ok {
		return o
	}
	o := uint32(len(d.values))
	s := string(term)
	d.ords[s] = o
	d.values = append(d.values, s)
	return o
}

// Table holds the facet values of one segment's articles: those of local
// article i are Vals[Start[i]:Start[i+1]], each the value's number (Ord)
// and its term facet (Facet) — one run per article, read in one stream as
// the matches come in document order. A Table is shared by every search
// of the snapshots that hold its segment: read it, never change it.
type Table struct {
	Start, Vals []uint32
	// Month is year*12 + month-1 of each article's publication date (UTC),
	// or NoMonth.
	Month []int32
	// Published is each article's publication date as bleve indexes it
	// (the prefix-coded term of shift 0, which sorts as the date does), or
	// "" for none; ID is its ID.
	Published, ID []string
	// Date is the same date in Unix nanoseconds, or NoDate: it orders
	// articles as Published does, without reading a string.
	Date []int64
	// Story numbers each article's story (Tables.Stories); an article
	// stored without one is a story of its own, named by its ID.
	Story []uint32
	// known keeps which terms the segment's dictionaries hold, as
	// searches ask (knownReader); the one part of a Table that changes,
	// safe for concurrent use.
	known *knownTerms
}

// Tables are the tables of the segments of one snapshot. An article is
// found in them by its document number (as EachMatch and Collect give
// it) with Locate. Like the Tables, Values and Stories are shared: read
// them, never change them.
type Tables struct {
	// offsets[i] is the document number of table i's first article;
	// offsets[len(tables)] is the number of articles.
	offsets []uint64
	tables  []*Table
	// Values[f] names the values of term facet f; Stories names the
	// stories.
	Values  [][]string
	Stories []string
}

// Locate returns the table and local number of the article with document
// number doc, starting the search at table hint.
func (st *Tables) Locate(doc uint64, hint int) (int, uint64) {
	if hint >= len(st.tables) || doc < st.offsets[hint] || doc >= st.offsets[hint+1] {
		hint = sort.Search(len(st.tables), func(i int) bool { return st.offsets[i+1] > doc })
	}
	return hint, doc - st.offsets[hint]
}

// Table returns table i (Locate's first result).
func (st *Tables) Table(i int) *Table { return st.tables[i] }

// prepare readies the tables of snap's segments, building those it lacks
// and forgetting those of merged-away segments.
func (c *TableCache) prepare(snap *scorch.IndexSnapshot) (*Tables, error) {
	segs := snap.Segments()
	st := &Tables{offsets: make([]uint64, len(segs)+1), tables: make([]*Table, len(segs))}
	c.mu.Lock()
	defer c.mu.Unlock()
	live := make(map[any]bool, len(segs))
	for i, ss := range segs {
		st.offsets[i+1] = st.offsets[i] + ss.Segment().Count()
		key := any(ss.Segment())
		live[key] = true
		t := c.tables[key]
		if t == nil {
			var err error
			if t, err = c.buildTable(snap, st.offsets[i], ss.Segment().Count()); err != nil {
				return nil, err
			}
			c.tables[key] = t
		}
		st.tables[i] = t
	}
	// A search on an older snapshot may rebuild a table forgotten here:
	// the cost is time, never a wrong count.
	for key := range c.tables {
		if !live[key] {
			delete(c.tables, key)
		}
	}
	st.Values = make([][]string, len(c.dicts))
	for f := range c.dicts {
		n := len(c.dicts[f].values)
		st.Values[f] = c.dicts[f].values[:n:n]
	}
	n := len(c.stories.values)
	st.Stories = c.stories.values[:n:n]
	return st, nil
}

// buildTable reads the facet values of the count articles of a segment
// whose first document number is base. c.mu must be held.
func (c *TableCache) buildTable(snap *scorch.IndexSnapshot, base, count uint64) (*Table, error) {
	dvr, err := snap.DocValueReader(c.fields)
	if err != nil {
		return nil, fmt.Errorf("facet values: %w", err)
	}
	field := make(map[string]int, len(c.fields))
	for i, f := range c.fields {
		field[f] = i
	}
	t := &Table{
		Start: make([]uint32, 1, count+1),
		Month: make([]int32, count), Published: make([]string, count), ID: make([]string, count),
		Date: make([]int64, count), Story: make([]uint32, count),
		known: &knownTerms{},
	}
	id := bindex.NewIndexInternalID(nil, 0)
	for local := range count {
		id.SetValue(base + local)
		t.Month[local], t.Date[local] = NoMonth, NoDate
		var story []byte
		err := dvr.VisitDocValues(id, func(name string, term []byte) {
			f, ok := field[name]
			switch {
			case !ok:
			case f < c.facets:
				t.Vals = append(t.Vals, c.dicts[f].ord(term)<<facetBits|uint32(f))
			case name == index.FieldID:
				t.ID[local] = string(term)
			case name == index.FieldStory:
				story = term
			default:
				if shift, err := numeric.PrefixCoded(term).Shift(); err != nil || shift != 0 {
					return
				}
				if v, err := numeric.PrefixCoded(term).Int64(); err == nil {
					d := time.Unix(0, v).UTC()
					t.Month[local] = int32(d.Year()*12 + int(d.Month()) - 1)
					t.Published[local], t.Date[local] = string(term), v
				}
			}
		})
		if err != nil {
			return nil, fmt.Errorf("facet values: %w", err)
		}
		if story == nil {
			story = []byte(t.ID[local])
		}
		t.Story[local] = c.stories.ord(story)
		t.Start = append(t.Start, uint32(len(t.Vals)))
	}
	return t, nil
}

// NewTables returns the tables given, one after the other, their values
// named by values and their stories by stories: tables made otherwise
// than from an index's segments, such as a coordinator's of the matches
// its shards found.
func NewTables(tables []*Table, values [][]string, stories []string) *Tables {
	st := &Tables{offsets: make([]uint64, len(tables)+1), tables: tables, Values: values, Stories: stories}
	for i, t := range tables {
		st.offsets[i+1] = st.offsets[i] + uint64(len(t.ID))
	}
	return st
}

// Value returns the value of Table.Vals made of term facet f and its
// number o among the facet's values.
func Value(f, o uint32) uint32 { return o<<facetBits | f }

// MonthOf returns the month of a Table (year*12 + month-1) of the date d in
// Unix nanoseconds, or NoMonth for NoDate.
func MonthOf(d int64) int32 {
	if d == NoDate {
		return NoMonth
	}
	t := time.Unix(0, d).UTC()
	return int32(t.Year()*12 + int(t.Month()) - 1)
}

// PublishedTerm returns the date d in Unix nanoseconds as Table.Published
// holds it (bleve's prefix-coded term of shift 0), or "" for NoDate.
func PublishedTerm(d int64) string {
	if d == NoDate {
		return ""
	}
	return string(numeric.MustNewPrefixCodedInt64(d, 0))
}

// VisitDocValues calls fn with the doc values of the fields named of each
// article docs numbers, by its place in docs.
func (s *Snapshot) VisitDocValues(docs []uint64, fields []string, fn func(i int, field string, term []byte)) error {
	dvr, err := s.snap.DocValueReader(fields)
	if err != nil {
		return err
	}
	id := bindex.NewIndexInternalID(nil, 0)
	for i, doc := range docs {
		id.SetValue(doc)
		if err := dvr.VisitDocValues(id, func(field string, term []byte) { fn(i, field, term) }); err != nil {
			return err
		}
	}
	return nil
}
