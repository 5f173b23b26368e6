package main

// The query mix: the words, phrases, facet values and classes of query
// that sitrep-bench times, chosen from the corpus and the index.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search"
)

// queryMix is the fixed set of queries run against every index, chosen
// from the index's own terms so that their selectivity is the same at
// every size.
type queryMix struct {
	// terms are single words at about 50%, 10%, 1% and 0.1% document
	// frequency, in that order.
	terms []termChoice
	// commonPhrase and rarePhrase are two-word phrases.
	commonPhrase, rarePhrase string
	// person is the most frequent person.
	person string
}

type termChoice struct {
	share float64
	term  string
	df    uint64
}

// keywords returns the words the HTTP phase searches for in turn.
func (m *queryMix) keywords() []string {
	var out []string
	for _, t := range m.terms[:3] {
		out = append(out, t.term)
	}
	return out
}

// queryClass is one line of the query table.
type queryClass struct {
	name string
	req  search.Request
	// cached classes are asked of the engine as served, which answers a
	// repeated request from its result cache; the others of an engine
	// without one, so that every repetition searches.
	cached bool
	// before, when set, runs before each repetition, outside its time.
	before func(context.Context) error
}

// writeOne returns a function that writes one article to ix, the same
// each time with a new body: an update, which opens a new snapshot of the
// index (and leaves one article more in it, ID bench-write).
func writeOne(ix *index.Index) func(context.Context) error {
	w, n := ix.NewWriter(1), 0
	return func(ctx context.Context) error {
		n++
		return w.Add(ctx, &index.Article{
			ID: "bench-write", URL: "https://sitrep-bench.invalid/write", Source: "sitrep-bench", Title: "A write between browses",
			Body: fmt.Sprintf("Written by sitrep-bench before browse number %d, so that the browse finds a new snapshot.", n),
		})
	}
}

// classes returns the query classes, in the order of the table; the
// write before each browse of the last one changes the index, so it comes
// after the others.
func (m *queryMix) classes(pageCursor string, write func(context.Context) error) []queryClass {
	t := func(i int) string { return m.terms[i].term }
	year := func(y int) *time.Time { d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); return &d }
	to := year(2016).AddDate(0, 0, -1)
	// Answers are cached per index snapshot: the first class shows a
	// repeated browse so answered; the others are searched each time, and
	// the last writes an article before every browse.
	classes := []queryClass{
		{name: "browse: match-all, repeated (result cache)", req: search.Request{}, cached: true},
		{name: "browse: match-all, no result cache", req: search.Request{}},
		{name: "dates 1900-2100 (every article, a range query)", req: search.Request{From: year(1900), To: year(2100)}},
	}
	for _, tc := range m.terms {
		classes = append(classes, queryClass{name: fmt.Sprintf("term %q (df %.1f%%)", tc.term, tc.share*100), req: search.Request{Query: tc.term}})
	}
	classes = append(classes,
		queryClass{name: fmt.Sprintf("AND %q %q", t(1), t(2)), req: search.Request{Query: t(1) + " " + t(2)}},
		queryClass{name: fmt.Sprintf("common phrase %q", m.commonPhrase), req: search.Request{Query: `"` + m.commonPhrase + `"`}},
		queryClass{name: fmt.Sprintf("rare phrase %q", m.rarePhrase), req: search.Request{Query: `"` + m.rarePhrase + `"`}},
		queryClass{name: fmt.Sprintf("person %q + %q", m.person, t(1)), req: search.Request{Query: t(1), People: []string{m.person}}},
		queryClass{name: "date range 2015", req: search.Request{From: year(2015), To: &to}},
	)
	if pageCursor != "" {
		classes = append(classes, queryClass{name: fmt.Sprintf("page 100 by cursor (%q, newest)", t(0)), req: search.Request{Query: t(0), Sort: search.Newest, Cursor: pageCursor}})
	}
	return append(classes, queryClass{name: "browse, first after a write: match-all", before: write, cached: true})
}

// chooseQueries picks the query mix from the text field's dictionary and
// from the first articles of the corpus, deterministically.
func chooseQueries(ctx context.Context, ix *index.Index, eng *search.Engine, corpus string) (*queryMix, error) {
	docs, err := ix.Count()
	if err != nil {
		return nil, err
	}
	stable := stemStable(ix)
	d, err := ix.Bleve().FieldDict(index.FieldText)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	shares := []float64{0.5, 0.1, 0.01, 0.001}
	best := make([]termChoice, len(shares))
	for {
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		if !isLowerWord(e.Term) || len(e.Term) < 3 || !stable(e.Term) {
			continue
		}
		for i, s := range shares {
			want := s * float64(docs)
			if best[i].term == "" || absDiff(float64(e.Count), want) < absDiff(float64(best[i].df), want) {
				best[i] = termChoice{share: float64(e.Count) / float64(docs), term: e.Term, df: e.Count}
			}
		}
	}
	m := &queryMix{terms: best}
	if m.commonPhrase, m.rarePhrase, err = choosePhrases(corpus, stable); err != nil {
		return nil, err
	}
	res, err := eng.Search(ctx, search.Request{FacetSize: 1})
	if err != nil {
		return nil, err
	}
	if v := res.Facets[search.FacetPeople].Values; len(v) > 0 {
		m.person = v[0].Value
	}
	return m, nil
}

func absDiff(a, b float64) float64 {
	if a > b {
		return a - b
	}
	return b - a
}

// stemStable returns a test of whether the text field's analyzer turns a word
// into itself alone (not a stop word, not changed by stemming), so that
// searching for the word finds exactly the term.
func stemStable(ix *index.Index) func(string) bool {
	m := ix.Bleve().Mapping()
	a := m.AnalyzerNamed(m.AnalyzerNameForPath(index.FieldText))
	return func(w string) bool {
		toks := a.Analyze([]byte(w))
		return len(toks) == 1 && string(toks[0].Term) == w
	}
}

// phraseSample is the number of articles read to choose the phrases.
const phraseSample = 2000

// choosePhrases picks the two-word phrase found in the most of the first
// articles of the corpus, and one found in about 0.1% of them (at least
// two), both of words that are stem-stable.
func choosePhrases(corpus string, stable func(string) bool) (common, rare string, err error) {
	f, err := os.Open(corpus)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	df := make(map[string]int)
	okWord := make(map[string]bool)
	n := 0
	for n < phraseSample && sc.Scan() {
		var r struct{ Body string }
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			continue
		}
		n++
		seen := make(map[string]bool)
		prev := ""
		for _, raw := range strings.Fields(strings.ToLower(r.Body)) {
			w := strings.TrimRight(raw, ".,;:!?")
			ok, known := okWord[w]
			if !known {
				ok = isLowerWord(w) && len(w) >= 3 && stable(w)
				okWord[w] = ok
			}
			if !ok {
				prev = ""
				continue
			}
			if prev != "" {
				seen[prev+" "+w] = true
			}
			prev = w
			if w != raw {
				prev = "" // punctuation ends a phrase
			}
		}
		for p := range seen {
			df[p]++
		}
	}
	if err := sc.Err(); err != nil {
		return "", "", err
	}
	phrases := make([]string, 0, len(df))
	for p := range df {
		phrases = append(phrases, p)
	}
	slices.Sort(phrases)
	if len(phrases) == 0 {
		return "", "", fmt.Errorf("no two-word phrases in the first articles of %s", corpus)
	}
	rareDF := max(2, n/1000)
	for _, p := range phrases {
		if common == "" || df[p] > df[common] {
			common = p
		}
		if rare == "" || absDiff(float64(df[p]), float64(rareDF)) < absDiff(float64(df[rare]), float64(rareDF)) {
			rare = p
		}
	}
	return common, rare, nil
}
