package scorchx

import (
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// knownReader is a snapshot whose dictionaries answer whether they hold
// a term (FieldDictContains) from what its segments' tables keep of the
// answers before. bleve's numeric range searcher asks so of every term a
// range may hold — 150 for a year of publication dates, in each segment
// — on every search, and a segment never changes: a year spent a tenth of
// its search there (docs/PERFORMANCE.md, fifth round). Everything else is
// the snapshot's.
type knownReader struct {
	*scorch.IndexSnapshot
	tables *Tables
}

// FieldDictContains implements index.IndexReaderContains.
func (r *knownReader) FieldDictContains(field string) (bindex.FieldDictContains, error) {
	segs := r.Segments()
	if len(segs) != len(r.tables.tables) {
		return r.IndexSnapshot.FieldDictContains(field)
	}
	return &knownDict{segs: segs, tables: r.tables.tables, field: field, dicts: make([]segment.TermDictionary, len(segs))}, nil
}

// knownDict is a field's dictionaries in a knownReader's segments, read
// when a term is not known yet.
type knownDict struct {
	segs   []*scorch.SegmentSnapshot
	tables []*Table
	field  string
	dicts  []segment.TermDictionary
}

// Contains implements index.FieldDictContains: whether any segment holds
// key, as scorch's field dictionary answers (a segment that cannot be
// read holds nothing).
func (d *knownDict) Contains(key []byte) (bool, error) {
	for i, ss := range d.segs {
		known := d.tables[i].known
		found, ok := known.get(d.field, key)
		if !ok {
			if d.dicts[i] == nil {
				dict, err := ss.Segment().Dictionary(d.field)
				if err != nil {
					continue
				}
				d.dicts[i] = dict
			}
			found, _ = d.dicts[i].Contains(key)
			known.put(d.field, key, found)
		}
		if found {
			return true, nil
		}
	}
	return false, nil
}

// BytesRead implements index.FieldDictContains: none are counted.
func (d *knownDict) BytesRead() uint64 { return 0 }

// maxKnownTerms bounds the answers a segment keeps: about 100 bytes
// each, under a megabyte; past it, a term is looked up each time.
const maxKnownTerms = 8192

// knownTerms keeps whether a segment's dictionaries hold terms, by field
// and term. It is safe for concurrent use.
type knownTerms struct {
	mu    sync.Mutex
	terms map[knownTerm]bool
}

// knownTerm is a term of a field.
type knownTerm struct{ field, term string }

// get returns whether the segment holds term in field, and false for ok
// when that is not known yet.
func (k *knownTerms) get(field string, term []byte) (found, ok bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	found, ok = k.terms[knownTerm{field, string(term)}]
	return found, ok
}

// put keeps whether the segment holds term in field.
func (k *knownTerms) put(field string, term []byte, found bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.terms == nil {
		k.terms = map[knownTerm]bool{}
	}
	if len(k.terms) < maxKnownTerms {
		k.terms[knownTerm{field, string(term)}] = found
	}
}
