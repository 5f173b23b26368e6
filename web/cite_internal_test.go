package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
)

// TestCitation checks each citation format on titles that try to break
// them: braces, quotes, LaTeX's special characters, Arabic script.
func TestCitation(t *testing.T) {
	day := time.Date(2022, 9, 13, 0, 0, 0, 0, time.UTC)
	accessed := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name              string
		a                 index.Article
		base              string
		wantText          string
		wantBibTeX        []string // lines the entry holds
		wantCSLTitle, url string
	}{
		{
			name:     "plain",
			a:        index.Article{ID: "abc123", Title: "Peshmerga retake Kirkuk", Source: "DVIDS", URL: "https://www.dvidshub.net/news/1", Published: &day, Authors: []string{"Jim Garamone"}},
			wantText: "Jim Garamone. “Peshmerga retake Kirkuk.” DVIDS, 13 September 2022. https://www.dvidshub.net/news/1. Sitrep id abc123. Accessed 6 December 2026.",
			wantBibTeX: []string{"@misc{sitrep-abc123,", "  title = {{Peshmerga retake Kirkuk}},", "  author = {{Jim Garamone}},", "  howpublished = {DVIDS},",
				"  date = {2022-09-13},", "  year = {2022},", "  month = {9},", "  url = {https://www.dvidshub.net/news/1},", "  urldate = {2026-12-06},"},
			wantCSLTitle: "Peshmerga retake Kirkuk", url: "https://www.dvidshub.net/news/1",
		},
		{
			name:     "braces, quotes and TeX specials, no date, no URL",
			a:        index.Article{ID: "x_1", Title: `A {braced} "quoted" 100% $cost & #1 \ ~ ^ _ title?`, Source: "R&D Wire"},
			base:     "https://sitrep.example.org",
			wantText: "“A {braced} \"quoted\" 100% $cost & #1 \\ ~ ^ _ title?” R&D Wire, undated. https://sitrep.example.org/articles/x_1. Sitrep id x_1. Accessed 6 December 2026.",
			wantBibTeX: []string{"@misc{sitrep-x_1,",
				`  title = {{A \{braced\} "quoted" 100\% \$cost \& \#1 \textbackslash{} \textasciitilde{} \textasciicircum{} \_ title?}},`,
				`  howpublished = {R\&D Wire},`, "  url = {https://sitrep.example.org/articles/x_1},", `  note = {Sitrep id x\_1; accessed 6 December 2026}`},
			wantCSLTitle: `A {braced} "quoted" 100% $cost & #1 \ ~ ^ _ title?`, url: "https://sitrep.example.org/articles/x_1",
		},
		{
			name:         "Arabic script",
			a:            index.Article{ID: "ar1", Title: "العبادي يزور بغداد", Source: "الجزيرة", URL: "https://example.com/{odd}", Published: &day},
			wantText:     "“العبادي يزور بغداد.” الجزيرة, 13 September 2022. https://example.com/{odd}. Sitrep id ar1. Accessed 6 December 2026.",
			wantBibTeX:   []string{"  title = {{العبادي يزور بغداد}},", "  howpublished = {الجزيرة},", "  url = {https://example.com/%7Bodd%7D},"},
			wantCSLTitle: "العبادي يزور بغداد", url: "https://example.com/{odd}",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCitation(&tt.a, tt.base, accessed)
			if diff := cmp.Diff(tt.wantText, c.text()); diff != "" {
				t.Errorf("text (-want +got):\n%s", diff)
			}
			bib := c.bibtex()
			lines := strings.Split(bib, "\n")
			for _, want := range tt.wantBibTeX {
				if !contains(lines, want) {
					t.Errorf("BibTeX lacks the line %q:\n%s", want, bib)
				}
			}
			if depth := braceDepth(bib); depth != 0 {
				t.Errorf("BibTeX braces do not balance (%d):\n%s", depth, bib)
			}
			raw, err := c.csl()
			if err != nil {
				t.Fatal(err)
			}
			var items []struct {
				ID, Type, Title, URL string
				Container            string `json:"container-title"`
				Accessed             struct {
					DateParts [][]int `json:"date-parts"`
				}
			}
			if err := json.Unmarshal(raw, &items); err != nil || len(items) != 1 {
				t.Fatalf("CSL-JSON %s: %v", raw, err)
			}
			it := items[0]
			if it.Title != tt.wantCSLTitle || it.URL != tt.url || it.Type != "article-newspaper" || it.Container != tt.a.Source ||
				!cmp.Equal(it.Accessed.DateParts, [][]int{{2026, 12, 6}}) {
				t.Errorf("CSL-JSON item %+v", it)
			}
		})
	}
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

// braceDepth returns the nesting of unescaped braces left open in s.
func braceDepth(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // an escaped character
		case '{':
			depth++
		case '}':
			depth--
		}
	}
	return depth
}

// TestSpreadsheetSafe checks the neutralising of formula cells.
func TestSpreadsheetSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+2", "'=1+2"},
		{"+44 20", "'+44 20"},
		{"-2", "'-2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"", ""},
		{"Kirkuk", "Kirkuk"},
		{"a=b", "a=b"},
		{"2022-09-13", "2022-09-13"},
		{"بغداد", "بغداد"},
	}
	for _, tt := range tests {
		if got := spreadsheetSafe(tt.in); got != tt.want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
