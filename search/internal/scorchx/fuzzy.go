package scorchx

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// MaxFuzzyTerms bounds the index words one fuzzy term of a query is
// expanded to, in each field: the closest, and among those equally close
// the most frequent. MaxFuzzyScan bounds the words of the term dictionary
// looked at to choose them.
const (
	MaxFuzzyTerms = 16
	MaxFuzzyScan  = 4096
	// maxFuzzyCounted bounds the near words whose articles are counted
	// to choose the most frequent.
	maxFuzzyCounted = 256
)

// FuzzyQuery matches the words of Field within Fuzziness edits (1 or 2)
// of the word Text makes with Analyzer ("" for the field's own): that word
// itself with Boost, each other word with
// Boost times Discount to the power of its edit distance, so that an exact
// match ranks above a near one. With RarePer set, the near words are
// searched only when the word is in fewer than one in RarePer of the
// index's articles' RareField (or Field when it is ""), or in none when
// there are fewer than RarePer: a word the index knows is not forgiven. Like
// PrefixQuery it looks at the request's deadline while it lists words.
// Text that makes more than one word, or none, is matched as PhraseQuery
// matches it.
type FuzzyQuery struct {
	Text, Field string
	Analyzer    string
	Fuzziness   int
	Boost       float64
	Discount    float64
	RarePer     uint64
	RareField   string
	// Same, when set, keeps only the near words it accepts (as spellings
	// of the same name).
	Same func(term string) bool `json:"-"`
	// Pairs is PhraseQuery's, for Text of several words.
	Pairs string
}

// Searcher implements query.Query.
func (q *FuzzyQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	phrase := &PhraseQuery{Text: q.Text, Field: q.Field, Analyzer: q.Analyzer, Boost: q.Boost, Pairs: q.Pairs}
	name := cmp.Or(q.Analyzer, m.AnalyzerNameForPath(q.Field))
	a := m.AnalyzerNamed(name)
	if a == nil {
		return nil, fmt.Errorf("fuzzy word in %s: no analyzer named %q", q.Field, name)
	}
	tokens := a.Analyze([]byte(q.Text))
	if q.Fuzziness <= 0 && q.Same == nil || len(tokens) != 1 {
		return phrase.Searcher(ctx, r, m, options)
	}
	term := string(tokens[0].Term)
	exact := func() (bsearch.Searcher, error) {
		return searcher.NewTermSearcher(ctx, r, term, q.Field, q.Boost, options)
	}
	near, err := nearWordsOf(ctx).of(q, term, func() ([]NearTerm, error) { return q.near(ctx, r, term) })
	if err != nil {
		return nil, err
	}
	words := make([]bsearch.Searcher, 0, len(near)+1)
	closeAll := func() {
		for _, s := range words {
			s.Close()
		}
	}
	s, err := exact()
	if err != nil {
		return nil, err
	}
	words = append(words, s)
	for _, t := range near {
		if err := done(ctx); err != nil {
			closeAll()
			return nil, err
		}
		boost := q.Boost
		for range t.Distance {
			boost *= q.Discount
		}
		s, err := searcher.NewTermSearcher(ctx, r, t.Term, q.Field, boost, options)
		if err != nil {
			closeAll()
			return nil, err
		}
		words = append(words, s)
	}
	if len(words) == 1 {
		return words[0], nil
	}
	d, err := searcher.NewDisjunctionSearcher(ctx, r, words, 0, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	return d, nil
}

// near returns the words to search besides term: those within
// Fuzziness edits when term is rare (or RarePer is 0), and those within
// two edits that Same accepts, at most MaxFuzzyTerms of each (fewer under
// a lower clause limit).
func (q *FuzzyQuery) near(ctx context.Context, r bindex.IndexReader, term string) ([]NearTerm, error) {
	limit := MaxFuzzyTerms
	if c := MaxClauses(); c > 1 {
		limit = min(limit, (c-1)/2) // with the word itself, within bleve's limit
	}
	var near []NearTerm
	rare := q.Fuzziness > 0
	if rare && q.RarePer > 0 {
		n, err := DocFreq(ctx, r, cmp.Or(q.RareField, q.Field), term)
		if err != nil {
			return nil, err
		}
		all, err := r.DocCount()
		if err != nil {
			return nil, err
		}
		rare = n < max(1, all/q.RarePer)
	}
	if rare {
		var err error
		if near, err = NearTerms(ctx, r, q.Field, term, q.Fuzziness, limit, nil); err != nil {
			return nil, err
		}
	}
	if q.Same == nil {
		return near, nil
	}
	same, err := NearTerms(ctx, r, q.Field, term, 2, limit, q.Same)
	if err != nil {
		return nil, err
	}
	for _, t := range same {
		if !slices.ContainsFunc(near, func(n NearTerm) bool { return n.Term == t.Term }) {
			near = append(near, t)
		}
	}
	return near, nil
}

// DocFreq returns the number of articles whose field holds term.
func DocFreq(ctx context.Context, r bindex.IndexReader, field, term string) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, err
	}
	n := tfr.Count()
	return n, tfr.Close()
}

// NearTerm is a word of the index near a term: its edit distance from it
// and the number of articles holding it.
type NearTerm struct {
	Term     string
	Distance int
	Count    uint64
}

// NearTerms returns at most limit words of field other than term within
// fuzziness edits of it that keep accepts (all when it is nil), the closest first and among those equally close
// the most frequent (then in order). It looks at no more than
// MaxFuzzyScan words of the dictionary, and at ctx's deadline while it
// does.
func NearTerms(ctx context.Context, r bindex.IndexReader, field, term string, fuzziness, limit int, keep func(string) bool) ([]NearTerm, error) {
	fr, ok := r.(bindex.IndexReaderFuzzy)
	if !ok {
		return nil, fmt.Errorf("fuzzy search: the index reader is a %T, which cannot list near words", r)
	}
	d, auto, err := fr.FieldDictFuzzyAutomaton(field, term, fuzziness, "")
	if err != nil {
		return nil, err
	}
	var out []NearTerm
	scanned := 0
	err = eachEntry(ctx, d, func(e *bindex.DictEntry) bool {
		if scanned++; scanned > MaxFuzzyScan {
			return false
		}
		if e.Term == term || keep != nil && !keep(e.Term) {
			return true
		}
		if ok, dist := auto.MatchAndDistance(e.Term); ok && int(dist) <= fuzziness {
			out = append(out, NearTerm{Term: e.Term, Distance: int(dist), Count: e.Count})
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	// scorch's fuzzy dictionaries leave Count at 0: the closest words are
	// counted afterwards.
	slices.SortStableFunc(out, func(a, b NearTerm) int { return cmp.Compare(a.Distance, b.Distance) })
	if len(out) > maxFuzzyCounted {
		out = out[:maxFuzzyCounted]
	}
	for i := range out {
		if out[i].Count > 0 {
			continue
		}
		if err := done(ctx); err != nil {
			return nil, err
		}
		if out[i].Count, err = DocFreq(ctx, r, field, out[i].Term); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(out, func(a, b NearTerm) int {
		return cmp.Or(cmp.Compare(a.Distance, b.Distance), cmp.Compare(b.Count, a.Count))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// NearTerms returns the words of field near term in the snapshot, as
// the function NearTerms does.
func (s *Snapshot) NearTerms(ctx context.Context, field, term string, fuzziness, limit int) ([]NearTerm, error) {
	return NearTerms(ctx, s.snap, field, term, fuzziness, limit, nil)
}

// DocFreq returns the number of the snapshot's live articles whose field
// holds term, read from the term's postings (deleted articles left out),
// or an error reading them.
func (s *Snapshot) DocFreq(ctx context.Context, field, term string) (uint64, error) {
	n, err := DocFreq(ctx, s.snap, field, term)
	if err != nil {
		return 0, fmt.Errorf("count %s %q: %w", field, term, err)
	}
	return n, nil
}

// nearKey is the context key of a Snapshot's nearWords.
type nearKey struct{}

// nearWords keeps, for one snapshot, the near words found of each fuzzy
// word of a query: a search runs its query twice on one snapshot (its
// matches, then its page's hits with their term locations), and looking
// a rare word's near words up (its count, then the dictionary's words
// within its edits) was a tenth of the CPU of a search of one rare word.
// The zero value keeps none yet; it is safe for concurrent use.
type nearWords struct {
	mu    sync.Mutex
	words map[nearWord][]NearTerm
}

// nearWord is a fuzzy word of a query (the query, a pointer, names its
// field and edits) as its analyzer made it.
type nearWord struct {
	q    *FuzzyQuery
	term string
}

// nearWordsOf returns the nearWords ctx carries (Snapshot.scoring), nil
// for none.
func nearWordsOf(ctx context.Context) *nearWords {
	w, _ := ctx.Value(nearKey{}).(*nearWords)
	return w
}

// of returns the near words of term for q, found by find the first time.
// A nil w finds them each time.
func (w *nearWords) of(q *FuzzyQuery, term string, find func() ([]NearTerm, error)) ([]NearTerm, error) {
	if w == nil {
		return find()
	}
	key := nearWord{q, term}
	w.mu.Lock()
	near, ok := w.words[key]
	w.mu.Unlock()
	if ok {
		return near, nil
	}
	near, err := find()
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	if w.words == nil {
		w.words = map[nearWord][]NearTerm{}
	}
	w.words[key] = near
	w.mu.Unlock()
	return near, nil
}
