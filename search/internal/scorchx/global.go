package scorchx

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Stats are what a query's scores and expansions read of an index beyond
// the articles they score: the number of articles, the number holding
// each word the query looks up (bleve's TF-IDF reads both), the words a
// prefix or fuzzy word expands to, and the terms a date range finds in
// the index. A shard of a larger collection records its own (RecordStats);
// the sums and unions over every shard (Add) are what one index of all
// the articles holds, and a shard searching with them (WithStats) gives
// every article the score, and every query the expansion, one index
// would. The maps are keyed by field, a NUL byte and the term (or the
// expansion's description).
type Stats struct {
	Docs uint64            `json:"docs"`
	Freq map[string]uint64 `json:"freq,omitempty"`
	// Dicts lists, for each prefix and fuzzy expansion, the words found,
	// in dictionary order.
	Dicts map[string][]string `json:"dicts,omitempty"`
	// Found lists, for each field whose dictionary was asked whether it
	// holds a term, the terms it holds among those asked, in order.
	Found map[string][]string `json:"found,omitempty"`
}

// Add adds o to s: the articles and word counts summed, the expansions
// and terms found joined, in order.
func (s *Stats) Add(o *Stats) {
	s.Docs += o.Docs
	if s.Freq == nil {
		s.Freq = map[string]uint64{}
	}
	for k, n := range o.Freq {
		s.Freq[k] += n
	}
	s.Dicts = union(s.Dicts, o.Dicts)
	s.Found = union(s.Found, o.Found)
}

// union adds the lists of b to those of a, each kept sorted and without
// repeats.
func union(a, b map[string][]string) map[string][]string {
	if a == nil {
		a = map[string][]string{}
	}
	for k, terms := range b {
		joined := append(slices.Clone(a[k]), terms...)
		slices.Sort(joined)
		a[k] = slices.Compact(joined)
	}
	return a
}

// Fuzzy reports whether s holds a fuzzy word's expansion: the one
// expansion that may find, among every shard's words, fewer of a shard's
// own words than the shard alone finds, and so change which of its
// articles match.
func (s *Stats) Fuzzy() bool {
	for k := range s.Dicts {
		if strings.Contains(k, "\x00~") {
			return true
		}
	}
	return false
}

func statsKey(field, term string) string { return field + "\x00" + term }

func fuzzyKey(field, term string, fuzziness int, prefix string) string {
	return statsKey(field, "~"+strconv.Itoa(fuzziness)+"\x00"+prefix+"\x00"+term)
}

// RecordStats returns the Stats of s that searching q reads: q's searchers
// are built, and closed, on a reader that records them.
func (s *Snapshot) RecordStats(ctx context.Context, q query.Query) (*Stats, error) {
	ctx = s.scoring(ctx)
	docs, err := s.snap.DocCount()
	if err != nil {
		return nil, err
	}
	r := &statsReader{IndexSnapshot: s.snap, rec: &Stats{Docs: docs, Freq: map[string]uint64{}, Dicts: map[string][]string{}, Found: map[string][]string{}}}
	searcher, err := q.Searcher(ctx, r, s.mapping, bsearch.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	if err := searcher.Close(); err != nil {
		return nil, err
	}
	for k, terms := range r.rec.Found {
		slices.Sort(terms)
		r.rec.Found[k] = slices.Compact(terms)
	}
	return r.rec, nil
}

// WithStats returns a Snapshot reading the same articles as s whose
// searches score and expand with g, the Stats of the whole collection s
// is a shard of, instead of s's own. A word g does not count is counted
// in s alone. The returned Snapshot shares s's: close s alone.
func (s *Snapshot) WithStats(g *Stats) *Snapshot {
	c := *s
	c.global, c.near = g, &nearWords{} // near words counted with g
	return &c
}

// reader returns the index reader s's searchers read: the snapshot, or,
// with global stats, the snapshot answering with them.
func (s *Snapshot) reader() bindex.IndexReader {
	if s.global == nil {
		return &knownReader{IndexSnapshot: s.snap, tables: s.tables}
	}
	return &statsReader{IndexSnapshot: s.snap, global: s.global}
}

// statsReader is a snapshot that records what searchers read of its
// counts and dictionaries (rec), or answers with global ones. Everything
// else is the snapshot's.
type statsReader struct {
	*scorch.IndexSnapshot
	mu     sync.Mutex
	rec    *Stats
	global *Stats
}

// DocCount implements index.IndexReader.
func (r *statsReader) DocCount() (uint64, error) {
	if r.global != nil {
		return r.global.Docs, nil
	}
	return r.IndexSnapshot.DocCount()
}

// TermFieldReader implements index.IndexReader, counting the term's
// articles as the stats do.
func (r *statsReader) TermFieldReader(ctx context.Context, term []byte, field string, freq, norm, vectors bool) (bindex.TermFieldReader, error) {
	tfr, err := r.IndexSnapshot.TermFieldReader(ctx, term, field, freq, norm, vectors)
	if err != nil {
		return nil, err
	}
	key := statsKey(field, string(term))
	if r.rec != nil {
		r.mu.Lock()
		r.rec.Freq[key] = tfr.Count()
		r.mu.Unlock()
		return tfr, nil
	}
	if n, ok := r.global.Freq[key]; ok {
		return &countedReader{TermFieldReader: tfr, count: n}, nil
	}
	return tfr, nil
}

// FieldDictPrefix implements index.IndexReader: the words of field with
// the prefix, the stats' when they have them.
func (r *statsReader) FieldDictPrefix(field string, prefix []byte) (bindex.FieldDict, error) {
	key := statsKey(field, "*"+string(prefix))
	if r.global != nil {
		if terms, ok := r.global.Dicts[key]; ok {
			return &listDict{terms: terms}, nil
		}
	}
	d, err := r.IndexSnapshot.FieldDictPrefix(field, prefix)
	if err != nil || r.rec == nil {
		return d, err
	}
	return r.recorded(key, d)
}

// FieldDictFuzzyAutomaton implements index.IndexReaderFuzzy: the words of
// field near term, the stats' when they have them.
func (r *statsReader) FieldDictFuzzyAutomaton(field, term string, fuzziness int, prefix string) (bindex.FieldDict, bindex.FuzzyAutomaton, error) {
	key := fuzzyKey(field, term, fuzziness, prefix)
	d, a, err := r.IndexSnapshot.FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
	if err != nil {
		return nil, nil, err
	}
	if r.global != nil {
		if terms, ok := r.global.Dicts[key]; ok {
			d.Close()
			return &listDict{terms: terms}, a, nil
		}
		return d, a, nil
	}
	rd, err := r.recorded(key, d)
	return rd, a, err
}

// recorded reads d whole into the recorded expansion key, and returns a
// dictionary of what it read.
func (r *statsReader) recorded(key string, d bindex.FieldDict) (bindex.FieldDict, error) {
	var terms []string
	err := eachEntry(context.Background(), d, func(e *bindex.DictEntry) bool {
		terms = append(terms, e.Term)
		return true
	})
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.rec.Dicts[key] = terms
	r.mu.Unlock()
	return &listDict{terms: terms}, nil
}

// FieldDictContains implements index.IndexReaderContains: whether field
// holds a term, as the stats say when they have the field.
func (r *statsReader) FieldDictContains(field string) (bindex.FieldDictContains, error) {
	if r.global != nil {
		if found, ok := r.global.Found[field]; ok {
			return foundDict(found), nil
		}
	}
	d, err := r.IndexSnapshot.FieldDictContains(field)
	if err != nil || r.rec == nil {
		return d, err
	}
	fd, ok := d.(bindex.FieldDict)
	if !ok {
		return d, nil
	}
	return &recordingContains{FieldDict: fd, contains: d, r: r, field: field}, nil
}

// countedReader is a term's postings with the count of another index.
type countedReader struct {
	bindex.TermFieldReader
	count uint64
}

// Count implements index.TermFieldReader.
func (c *countedReader) Count() uint64 { return c.count }

// listDict is a dictionary of listed words.
type listDict struct {
	terms []string
	next  int
}

func (d *listDict) Next() (*bindex.DictEntry, error) {
	if d.next >= len(d.terms) {
		return nil, nil
	}
	d.next++
	return &bindex.DictEntry{Term: d.terms[d.next-1]}, nil
}
func (d *listDict) Close() error      { return nil }
func (d *listDict) Cardinality() int  { return len(d.terms) }
func (d *listDict) BytesRead() uint64 { return 0 }

// foundDict holds the sorted terms listed.
type foundDict []string

func (d foundDict) Contains(key []byte) (bool, error) {
	_, ok := slices.BinarySearch(d, string(key))
	return ok, nil
}
func (d foundDict) BytesRead() uint64 { return 0 }

// recordingContains records the terms its dictionary holds among those
// asked.
type recordingContains struct {
	bindex.FieldDict
	contains bindex.FieldDictContains
	r        *statsReader
	field    string
}

func (c *recordingContains) Contains(key []byte) (bool, error) {
	ok, err := c.contains.Contains(key)
	c.r.mu.Lock()
	if _, seen := c.r.rec.Found[c.field]; !seen {
		c.r.rec.Found[c.field] = []string{}
	}
	if ok && err == nil {
		c.r.rec.Found[c.field] = append(c.r.rec.Found[c.field], string(key))
	}
	c.r.mu.Unlock()
	return ok, err
}
