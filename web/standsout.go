package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/search"
)

// This file shapes "what stands out" (search.Significance) for the
// search page's panel and the search API's "significant".

// defaultSignificant is how many entities the search page's panel lists,
// and the API's significant=true asks for.
const defaultSignificant = 10

// significantParam reads the API's significant parameter: a number of
// entities (0 for none, up to search.MaxSignificant), or true or false.
func significantParam(q url.Values) (int, error) {
	s := q.Get("significant")
	if s == "" {
		return 0, nil
	}
	if b, err := strconv.ParseBool(s); err == nil && s != "1" && s != "0" {
		if b {
			return defaultSignificant, nil
		}
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > search.MaxSignificant {
		return 0, &search.QueryError{Param: "significant", Msg: fmt.Sprintf("significant=%q: want how many entities that stand out to list, from 0 to %d, or true (%d)", s, search.MaxSignificant, defaultSignificant)}
	}
	return n, nil
}

// significantJSON is what stands out in the matching articles.
type significantJSON struct {
	// Articles is the number of matching articles; Corpus the number in
	// the index.
	Articles uint64            `json:"articles"`
	Corpus   uint64            `json:"corpus"`
	Entities []significantItem `json:"entities"`
}

// significantItem is one entity that stands out.
type significantItem struct {
	Facet       string  `json:"facet"`
	Value       string  `json:"value"`
	ID          string  `json:"id"`
	Count       int     `json:"count"`
	CorpusCount int     `json:"corpus_count"`
	Lift        float64 `json:"lift"`
	Score       float64 `json:"score"`
}

// newSignificantJSON shapes s for JSON; nil when it was not asked for.
func newSignificantJSON(s *search.Significance) *significantJSON {
	if s == nil {
		return nil
	}
	out := &significantJSON{Articles: s.Articles, Corpus: s.Corpus, Entities: make([]significantItem, len(s.Entities))}
	for i, e := range s.Entities {
		out.Entities[i] = newSignificantItem(e)
	}
	return out
}

func newSignificantItem(e search.Significant) significantItem {
	return significantItem{Facet: e.Facet, Value: e.Value, ID: e.ID, Count: e.Count, CorpusCount: e.Corpus, Lift: e.Lift, Score: e.Score}
}

// standsOutView is the search page's "what stands out" panel.
type standsOutView struct {
	Items []standsOutItem
}

// standsOutItem is one entity, linking to the search filtered on it.
type standsOutItem struct {
	Kind, Value, URL string
	// Lift reads "×54"; Counts "2 of 2"; Title explains both.
	Lift, Counts, Title string
}

// newStandsOutView shapes what stands out for the page st; nil when
// nothing does.
func newStandsOutView(st pageState, s *search.Significance) *standsOutView {
	if s == nil || len(s.Entities) == 0 {
		return nil
	}
	v := &standsOutView{}
	for _, e := range s.Entities {
		f, ok := findFacet(func(f facetSpec) bool { return f.Name == e.Facet })
		if !ok {
			continue
		}
		v.Items = append(v.Items, standsOutItem{
			Kind: f.Kind, Value: e.Value, URL: st.adding(f.Param, e.Value),
			Lift:   "×" + formatLift(e.Lift),
			Counts: fmt.Sprintf("%d of %d", e.Count, s.Articles),
			Title: fmt.Sprintf("In %d of these %s and %d of all %d: %s times as often (G² %.1f). Follow to keep only its articles.",
				e.Count, countArticles(s.Articles), e.Corpus, s.Corpus, formatLift(e.Lift), e.Score),
		})
	}
	return v
}

// formatLift writes a lift with two significant digits at most: 54,
// 3.3, 1.1.
func formatLift(l float64) string {
	if l >= 10 {
		return strconv.FormatFloat(l, 'f', 0, 64)
	}
	return strings.TrimSuffix(strconv.FormatFloat(l, 'f', 1, 64), ".0")
}
