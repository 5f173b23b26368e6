package search_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// The seed article and the one re3d article that mentions the Peshmerga.
const (
	seedTitle      = "US reaffirms commitment to assist Iraq and Kurdistan in fight against ISIS"
	peshmergaTitle = "Coalition provides ISF, Peshmerga with over 24K gasmasks"
)

func titles(res *search.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Title.Text)
	}
	return out
}

func TestSearchQueries(t *testing.T) {
	eng := mustEngine(t)
	tests := []struct {
		name      string
		req       search.Request
		wantTotal uint64
		wantTitle []string // titles that must be among the hits
	}{
		{"one word", search.Request{Query: "wallander"}, 1, []string{seedTitle}},
		{"case does not matter", search.Request{Query: "WALLANDER"}, 1, []string{seedTitle}},
		{"peshmerga", search.Request{Query: "peshmerga"}, 2, []string{seedTitle, peshmergaTitle}},
		{"all words must match", search.Request{Query: "peshmerga gasmasks"}, 1, []string{peshmergaTitle}},
		{"stemming", search.Request{Query: "gasmask"}, 1, []string{peshmergaTitle}},
		{"stop words are ignored", search.Request{Query: "the wallander"}, 1, []string{seedTitle}},
		{"caption text is searchable", search.Request{Query: "luhaiban"}, 1, []string{seedTitle}},
		{"no match", search.Request{Query: "zzyzx"}, 0, nil},
		{"empty query browses everything", search.Request{}, indextest.CorpusSize, nil},
		{"source filter", search.Request{Sources: []string{"The Jerusalem Post"}}, 1, []string{seedTitle}},
		{"filters AND", search.Request{Query: "peshmerga", Sources: []string{"CENTCOM"}}, 1, []string{peshmergaTitle}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := eng.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tt.wantTotal {
				t.Errorf("Total = %d, want %d (hits %q)", res.Total, tt.wantTotal, titles(res))
			}
			for _, want := range tt.wantTitle {
				if !slices.Contains(titles(res), want) {
					t.Errorf("hits %q lack %q", titles(res), want)
				}
			}
		})
	}
}

func TestSearchTitleOutranksBody(t *testing.T) {
	res, err := mustEngine(t).Search(context.Background(), search.Request{Query: "gasmasks"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Title.Text != peshmergaTitle {
		t.Fatalf("top hit for a title word = %q, want %q", titles(res), peshmergaTitle)
	}
}

func TestSearchSnippets(t *testing.T) {
	res, err := mustEngine(t).Search(context.Background(), search.Request{Query: "wallander"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("got %d hits", len(res.Hits))
	}
	if s := bracketed(res.Hits[0].Snippet); !strings.Contains(s, "[Wallander]") {
		t.Errorf("snippet %q does not mark the match", s)
	}
}

// TestSnippetMarksTheMatch checks that the snippet marks the very words
// matched, whether they are in the summary or the body, and never a
// caption's words instead (the three are one text field in the index).
func TestSnippetMarksTheMatch(t *testing.T) {
	ix := indextest.New(t)
	indextest.Add(t, ix, &index.Article{
		Title:    "Convoy reaches the border",
		Summary:  "Trucks carried winter supplies to Zakho.",
		Captions: []string{"Drivers rest near Dohuk", "A checkpoint outside Faysh Khabur"},
		Body:     "The convoy left Erbil at dawn.\n\nBy noon it had reached Zakho, where Peshmerga officers met it.",
		URL:      "https://example.mil/convoy",
	})
	eng := search.New(ix)
	tests := []struct {
		query, want string
	}{
		{"peshmerga", "[Peshmerga] officers"},
		{"erbil", "convoy left [Erbil] at dawn"},
		{"winter", "carried [winter] supplies"},
		{`"reached zakho"`, "[reached] [Zakho], where"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := eng.Search(context.Background(), search.Request{Query: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != 1 {
				t.Fatalf("got %d hits, want 1", len(res.Hits))
			}
			if s := bracketed(res.Hits[0].Snippet); !strings.Contains(s, tt.want) {
				t.Errorf("snippet %q lacks %q", s, tt.want)
			}
		})
	}
	// A word only in a caption finds the article; the snippet marks no
	// other text in its place.
	res, err := eng.Search(context.Background(), search.Request{Query: "dohuk"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("caption word: got %d hits, want 1", len(res.Hits))
	}
	if s := res.Hits[0].Snippet; len(s.Spans) > 0 {
		t.Errorf("caption word: snippet %q marks text that did not match", s)
	}
}

// TestSnippetsArePlainText checks that titles and snippets come back as
// the article's own text, markup and all, not escaped (web escapes it
// once), with their spans on the matched words.
func TestSnippetsArePlainText(t *testing.T) {
	ix := indextest.New(t)
	indextest.Add(t, ix, &index.Article{
		Title: "<script>alert(1)</script> Kirkuk",
		Body:  "Fighting near <b>Kirkuk</b> & <script>alert(2)</script> continued.",
		URL:   "https://example.mil/xss",
	}, &index.Article{
		Title:   "Lead only",
		Summary: "A standfirst with <i>markup</i> & an ampersand.",
		Body:    "Unrelated body.",
		URL:     "https://example.mil/lead",
	})
	eng := search.New(ix)
	for _, q := range []string{"kirkuk", "lead"} {
		res, err := eng.Search(context.Background(), search.Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 {
			t.Fatalf("%s: got %d hits", q, len(res.Hits))
		}
		h := res.Hits[0]
		if s := h.Snippet.Text; !strings.Contains(s, "</") || !strings.Contains(s, " & ") || strings.Contains(s, "&amp;") {
			t.Errorf("%s: snippet %q is not the article's text as written", q, s)
		}
		if strings.Contains(h.Title.Text, "&lt;") {
			t.Errorf("%s: title %q is escaped", q, h.Title.Text)
		}
		for _, m := range []search.Marked{h.Title, h.Snippet} {
			for _, sp := range m.Spans {
				if got := m.Text[sp.Start:sp.End]; !strings.EqualFold(got, q) {
					t.Errorf("%s: a span of %q marks %q", q, m.Text, got)
				}
			}
		}
	}
}

func TestSearchSortAndDates(t *testing.T) {
	eng := mustEngine(t)
	ctx := context.Background()
	for _, tc := range []struct {
		sort search.Sort
		desc bool
	}{{search.Newest, true}, {search.Oldest, false}} {
		t.Run(string(tc.sort), func(t *testing.T) {
			res, err := eng.Search(ctx, search.Request{Sort: tc.sort, Size: search.MaxSize})
			if err != nil {
				t.Fatal(err)
			}
			var dates []time.Time
			undatedSeen := false
			for _, h := range res.Hits {
				if h.Published == nil {
					undatedSeen = true
					continue
				}
				if undatedSeen {
					t.Fatalf("a dated article (%s) comes after an undated one: undated must sort last", h.Title)
				}
				dates = append(dates, *h.Published)
			}
			if len(dates) < 2 {
				t.Fatalf("only %d dated hits", len(dates))
			}
			if !slices.IsSortedFunc(dates, func(a, b time.Time) int {
				if tc.desc {
					return b.Compare(a)
				}
				return a.Compare(b)
			}) {
				t.Errorf("dates are not in %s order: %v", tc.sort, dates)
			}
		})
	}

	t.Run("date range is inclusive", func(t *testing.T) {
		from := time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(2020, 6, 30, 23, 59, 59, 0, time.UTC)
		res, err := eng.Search(ctx, search.Request{From: &from, To: &to, Size: search.MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 0 {
			t.Fatal("no articles in June 2020; the corpus has some")
		}
		for _, h := range res.Hits {
			if h.Published == nil || h.Published.Before(from) || h.Published.After(to) {
				t.Errorf("%q (%v) is outside the range", h.Title, h.Published)
			}
		}
	})
}

func TestSearchPaging(t *testing.T) {
	eng := mustEngine(t)
	ctx := context.Background()
	all, err := eng.Search(ctx, search.Request{Sort: search.Newest, Size: 30})
	if err != nil {
		t.Fatal(err)
	}
	var paged []string
	for page := 1; page <= 3; page++ {
		res, err := eng.Search(ctx, search.Request{Sort: search.Newest, Size: 10, Page: page})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != indextest.CorpusSize {
			t.Errorf("page %d: Total = %d, want %d on every page", page, res.Total, indextest.CorpusSize)
		}
		for _, h := range res.Hits {
			paged = append(paged, h.ID)
		}
	}
	var whole []string
	for _, h := range all.Hits {
		whole = append(whole, h.ID)
	}
	if !slices.Equal(paged, whole) {
		t.Errorf("three pages of 10 differ from one page of 30")
	}
}

func TestSearchRejectsBadRequests(t *testing.T) {
	eng := mustEngine(t)
	jan, dec := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 12, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		req       search.Request
		wantParam string
	}{
		{"size too big", search.Request{Size: 1000}, "size"},
		{"negative size", search.Request{Size: -1}, "size"},
		{"page zero after defaults is fine, negative is not", search.Request{Page: -2}, "page"},
		{"unknown sort", search.Request{Sort: "random"}, "sort"},
		{"range ends before it starts", search.Request{From: &jan, To: &dec}, "to"},
		// Counts alone skip the checks of hits, not the others.
		{"counts alone, range ends before it starts", search.Request{NoHits: true, From: &jan, To: &dec}, "to"},
		{"counts alone, too many significant", search.Request{NoHits: true, Significant: search.MaxSignificant + 1}, "significant"},
		{"counts alone, facet size too big", search.Request{NoHits: true, FacetSize: search.MaxFacetSize + 1}, "facet_size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eng.Search(context.Background(), tt.req)
			var qe *search.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("err = %v, want a *QueryError", err)
			}
			if qe.Param != tt.wantParam || qe.Msg == "" {
				t.Errorf("QueryError = %+v, want one about %q with a message", qe, tt.wantParam)
			}
		})
	}
}

func TestArticle(t *testing.T) {
	eng := mustEngine(t)
	res, err := eng.Search(context.Background(), search.Request{Query: "wallander"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("search: %v, %d hits", err, len(res.Hits))
	}
	a, err := eng.Article(context.Background(), res.Hits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != seedTitle || len(a.Captions) != 2 || a.Summary == "" {
		t.Errorf("article = %q with %d captions and summary %q", a.Title, len(a.Captions), a.Summary)
	}
	if _, err := eng.Article(context.Background(), "nope"); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("unknown id: err = %v, want ErrNotFound", err)
	}
}

func TestSearchDateBoundsBeyondTheIndexSpan(t *testing.T) {
	eng := mustEngine(t)
	year1 := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	year9999 := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	all, err := eng.Search(context.Background(), search.Request{From: &year1, To: &year9999})
	if err != nil {
		t.Fatalf("dates beyond what the index holds: %v, want them clamped", err)
	}
	dated := 0
	for _, h := range allHits(t, eng, search.Request{Sort: search.Newest, NoCollapse: true}) {
		if h.Published != nil {
			dated++
		}
	}
	if int(all.Total) != dated {
		t.Errorf("from the year 1 to 9999: %d articles, want all %d dated ones", all.Total, dated)
	}
}

func TestPrefixExpansionIsBounded(t *testing.T) {
	ix := indextest.New(t)
	var words []string
	for c := 'a'; c <= 't'; c++ {
		words = append(words, "zulu"+string(c)+"x")
	}
	indextest.Add(t, ix, &index.Article{Title: "Code words", Body: strings.Join(words, " "), URL: "https://x.mil/z"})
	eng := search.New(ix)
	search.LimitPrefixTerms(10) // the 20 words of zulu* are more; a word's 5 fields are fewer
	t.Cleanup(func() { search.LimitPrefixTerms(math.MaxInt32) })

	_, err := eng.Search(context.Background(), search.Request{Query: "zulu*"})
	var qe *search.QueryError
	if !errors.As(err, &qe) || !strings.Contains(qe.Msg, "type more letters") {
		t.Fatalf("a prefix matching more words than the limit: err = %v, want a QueryError", err)
	}
	if res, err := eng.Search(context.Background(), search.Request{Query: "zuluax"}); err != nil || res.Total != 1 {
		t.Errorf("a plain word under the same limit: %v, %v", res, err)
	}
	// An absent word is near 20 index words: it searches fewer, within
	// the limit.
	if res, err := eng.Search(context.Background(), search.Request{Query: "zuluzx"}); err != nil || res.Total != 1 {
		t.Errorf("a forgiven word near more words than the limit: %v, %v", res, err)
	}
}

func TestEngineLimits(t *testing.T) {
	ix := indextest.New(t)
	indextest.Add(t, ix, &index.Article{Title: "Kirkuk report", Body: "b", URL: "https://x.mil/k"})
	eng := search.NewWithLimits(ix, search.Limits{QueryLength: 10, QueryTerms: 2, PageWindow: 20, PageSize: 10})
	tests := []struct {
		name      string
		req       search.Request
		wantParam string // "" when the request is within the limits
	}{
		{"within the limits", search.Request{Query: "kirkuk", Page: 2, Size: 10}, ""},
		{"too long", search.Request{Query: "kirkukkirkuk"}, "q"},
		{"too many terms", search.Request{Query: "a b c"}, "q"},
		{"past the page window", search.Request{Page: 3, Size: 10}, "page"},
		{"over the page size", search.Request{Size: 11}, "size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eng.Search(context.Background(), tt.req)
			var qe *search.QueryError
			switch {
			case tt.wantParam == "" && err != nil:
				t.Errorf("err = %v, want none", err)
			case tt.wantParam != "" && (!errors.As(err, &qe) || qe.Param != tt.wantParam):
				t.Errorf("err = %v, want a QueryError about %s", err, tt.wantParam)
			}
		})
	}
}

// TestEveryHitHasASnippet: browsing (no words to highlight) still shows a
// passage of each article, escaped.
func TestEveryHitHasASnippet(t *testing.T) {
	for _, h := range allHits(t, mustEngine(t), search.Request{}) {
		if strings.TrimSpace(h.Snippet.Text) == "" {
			t.Errorf("%q has no snippet", h.Title)
		}
	}
}

// TestCachedAnswersAreTheSearched checks the result cache from outside:
// an answer served again equals the one an engine without a cache
// searches, Hits and Search are not served each other's answers, and a
// caller changing an answer changes none served later.
func TestCachedAnswersAreTheSearched(t *testing.T) {
	ctx := context.Background()
	cached, uncached := mustEngine(t), mustUncachedEngine(t)
	for _, req := range []search.Request{
		{}, {Query: "drone"}, {Query: `"strike group"`, Sort: search.Newest}, {Query: "iraq", Places: []string{"Syria"}, NoCollapse: true},
	} {
		if _, err := cached.Hits(ctx, req); err != nil { // cached without facets first
			t.Fatal(err)
		}
		first, err := cached.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if len(first.Facets) == 0 {
			t.Errorf("%+v: Search after Hits has no facets: it was given the Hits answer", req)
		}
		first.Hits[0].Title.Text, first.Facets[search.FacetPeople] = "changed", search.Facet{}
		again, err := cached.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		want, err := uncached.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		again.Took, want.Took = 0, 0
		if diff := cmp.Diff(want, again); diff != "" {
			t.Errorf("%+v: the answer served again differs from a search (-searched +served):\n%s", req, diff)
		}
	}
}
