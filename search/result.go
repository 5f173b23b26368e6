package search

import (
	"strings"
	"time"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/sitrep/sitrep/index"
)

// Result is the answer to a Request.
type Result struct {
	// Total is the exact number of matching articles; Stories the exact
	// number of stories among them (syndicated copies of one story count
	// once).
	Total, Stories uint64
	// Collapsed is set when the hits are one per story (the default): the
	// pages, Page, Size and NextCursor then count stories.
	Collapsed  bool
	Took       time.Duration
	Page, Size int
	// Sort is the order of the hits: the request's, or its default.
	Sort Sort
	Hits []Hit
	// NextCursor continues after the last hit; empty on the last page.
	NextCursor string
	// FacetCount is what the facet values and histogram bars count.
	FacetCount FacetCount
	// Facets maps each term facet name (FacetNames) to its most frequent
	// values among all matching articles (counting articles or stories, as
	// FacetCount says).
	Facets map[string]Facet
	// Published is the histogram of the matching articles' dates.
	Published Histogram
	// Significant is what stands out in the matching articles, when the
	// request asked for it (Request.Significant), else nil.
	Significant *Significance
	// PlaceCounts lists every place of the matching articles with its
	// count (as FacetCount says), most frequent first, when the request
	// asked for them (Request.PlaceCounts).
	PlaceCounts []FacetValue
	// Undated is the number of matching articles without a date (with
	// the facets: 0 from Engine.Hits).
	Undated uint64
	// DidYouMean is the query with a word corrected to a better-known
	// word of the index, when one of its words has one and the index
	// lacks that word or the search found fewer than FewResults articles
	// (Engine.didYouMean); else "".
	DidYouMean string
}

// Hit is one matching article as a result list shows it.
type Hit struct {
	ID, URL, Source string
	// Title is the whole title, its matches marked.
	Title     Marked
	Published *time.Time
	// Snippet is a passage of the article, its matches marked.
	Snippet                       Marked
	People, Places, Organisations []string
	Score                         float64
	// Story names the article's story (index.Article.Story).
	Story string
	// Ingested is when this version of the article was written to the
	// index.
	Ingested time.Time
	// AlsoIn lists, in a collapsed search, the story's other matching
	// articles, best-ranked first, at most MaxAlsoIn of them; AlsoInTotal
	// is their number. Both are empty when the search is not collapsed.
	AlsoIn      []Member
	AlsoInTotal int
	// Matched says what made the article match the query's words, in
	// the order of its title and text, at most maxMatches: the words
	// found (as written, stemmed, in a phrase, by prefix, near), the
	// names written of the entities a word named otherwise (ISIL for
	// isis), and the entities a word found whose names the title and
	// text do not write. Empty for a query of no words.
	Matched []Match
}

// MaxAlsoIn is the most other articles of its story a collapsed hit lists
// (Hit.AlsoIn); Hit.AlsoInTotal counts them all.
const MaxAlsoIn = 20

// Member is another matching article of a hit's story: a syndicated copy
// collapsed into the hit.
type Member struct {
	ID, Title, URL, Source string
	Published              *time.Time
}

// snippetChars bounds a snippet made from the start of an article when no
// highlighted fragment matches.
const snippetChars = 240

// hitFields are the stored fields loaded for each hit. The body is not
// among them: the highlighter reads it and hands back the passage shown.
var hitFields = []string{
	index.FieldTitle, index.FieldURL, index.FieldSource, index.FieldPublished,
	index.FieldPeople, index.FieldPlaces, index.FieldOrganisations,
	index.FieldSummary, index.FieldIngested,
}

// memberFields are the stored fields loaded for each Member.
var memberFields = []string{index.FieldTitle, index.FieldURL, index.FieldSource, index.FieldPublished}

// toHit shapes a bleve hit of the story named story, which matched as
// matched says.
func toHit(h *bsearch.DocumentMatch, story string, matched []Match) Hit {
	a := index.ArticleFromFields(h.Fields)
	hit := Hit{
		ID: h.ID, Title: Marked{Text: a.Title}, URL: a.URL, Source: a.Source, Published: a.Published,
		People: a.People, Places: a.Places, Organisations: a.Organisations, Score: h.Score, Story: story,
		Ingested: a.Ingested, Matched: matched,
	}
	if f := h.Fragments[index.FieldTitle]; len(f) > 0 {
		hit.Title = parseMarked(f[0]).within(a.Title)
	}
	hit.Snippet = snippet(h.Fragments, a)
	return hit
}

// snippet picks the text shown under a hit: a highlighted passage of the
// body, else of the summary, else the start of the summary, else the
// body's first passage. bleve returns a passage even when it holds no
// match, so its spans decide.
func snippet(fragments map[string][]string, a *index.Article) Marked {
	for _, field := range []string{index.FieldBody, index.FieldSummary} {
		if f := fragments[field]; len(f) > 0 {
			if m := parseMarked(f[0]); len(m.Spans) > 0 {
				return m
			}
		}
	}
	if a.Summary != "" {
		return Marked{Text: truncate(a.Summary, snippetChars)}
	}
	if f := fragments[index.FieldBody]; len(f) > 0 {
		return parseMarked(f[0])
	}
	return Marked{}
}

// truncate cuts s to at most n bytes at a word boundary, marking the cut.
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + " …"
}
