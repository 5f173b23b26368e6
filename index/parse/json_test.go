package parse_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
)

func TestReadJSONLinesErrors(t *testing.T) {
	t.Parallel()
	path := fixture(t, "errors.jsonl")
	items := readPaths(t, nil, path)

	want := inFile(path,
		outcome{Line: 1, Title: "Good record one"},
		outcome{Line: 2, Err: "invalid JSON"},
		outcome{Line: 3, Err: "no title and no body"},
		// Line 4 is blank: skipped, not an error.
		outcome{Line: 5, Err: `cannot read the date "13/45/2022"`},
		outcome{Line: 6, Err: "not UTF-8 text (invalid byte 0xe9)"},
		outcome{Line: 7, Title: "Good record two"},
	)
	if diff := cmp.Diff(want, outcomes(items, want)); diff != "" {
		t.Errorf("Read(%s) (-want +got):\n%s", path, diff)
	}

	wantArticles := []*index.Article{
		{
			Title:     "Good record one",
			Body:      "First paragraph of the first good record.",
			URL:       "https://example.mil/news/1",
			Source:    "Fixture Wire",
			Published: date(2022, time.September, 13, 0, 0), DateSource: index.DateFromMetadata,
		},
		{
			Title:   "Good record two",
			Body:    "Second good body.",
			URL:     "https://example.mil/news/2",
			Source:  "Fixture Wire",
			Authors: []string{"Jane Smith"},
		},
	}
	if diff := cmp.Diff(wantArticles, articles(items)); diff != "" {
		t.Errorf("articles (-want +got):\n%s", diff)
	}

	// The error's own message names the file and the line.
	for _, it := range items {
		if it.Err == nil {
			continue
		}
		if got, prefix := it.Err.Error(), fmt.Sprintf("%s:%d: ", path, it.Err.Line); !strings.HasPrefix(got, prefix) {
			t.Errorf("error %q does not start with %q", got, prefix)
		}
		if it.Err.Unwrap() == nil {
			t.Errorf("error %q wraps no cause", it.Err)
		}
	}
}

func TestReadJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fixture  string // a file under testdata/parse, or
		content  string // the content of a temporary .json file
		want     []outcome
		articles []*index.Article // when set, the articles read, in full
	}{
		{
			name:    "single object",
			fixture: "single.json",
			want:    []outcome{{Line: 1, Title: "Single object article"}},
			articles: []*index.Article{{
				Title:     "Single object article",
				Summary:   "A standfirst given as description.",
				Body:      "The only article in this file.\n\nIts second paragraph.",
				Captions:  []string{"A ship at sea (photo credit: US NAVY)"},
				URL:       "https://example.mil/news/single",
				Source:    "Fixture Wire",
				Authors:   []string{"Jane Smith"},
				Published: date(2022, time.September, 13, 7, 0), DateSource: index.DateFromMetadata, // 10:00+03:00
				People:        []string{"Celeste Wallander"},
				Places:        []string{"Iraq", "Kurdistan"},
				Organisations: []string{"Department of Defense", "Peshmerga"},
			}},
		},
		{
			name:    "array, each element on its own line",
			fixture: "array.json",
			want: []outcome{
				{Line: 2, Title: "Body given as text"},
				{Line: 8, Title: "Body given as content"},
				{Line: 14, Title: "Date given as date"},
			},
			articles: []*index.Article{
				{
					Title:     "Body given as text",
					Body:      "Text is accepted as the body.",
					Authors:   []string{"Jane Smith"},
					Published: date(2022, time.September, 13, 10, 0), DateSource: index.DateFromMetadata,
				},
				{
					Title:     "Body given as content",
					Body:      "Content is accepted as the body.",
					Authors:   []string{"John Doe", "Alex Roe"},
					Published: date(2022, time.September, 14, 0, 0), DateSource: index.DateFromMetadata,
				},
				{
					Title:     "Date given as date",
					Body:      "The date field is a fallback for published.",
					Published: date(2022, time.September, 15, 0, 0), DateSource: index.DateFromMetadata,
				},
			},
		},
		{
			name:    "array with a syntax error in the middle",
			fixture: "broken-array.json",
			want: []outcome{
				{Line: 2, Title: "Before the error, one"},
				{Line: 3, Title: "Before the error, two"},
				{Line: 4, Err: "invalid JSON"},
			},
		},
		{
			name:    "array with a bad element",
			content: "[\n{\"title\": \"One\"},\n{\"body\": \"\"},\n{\"title\": \"Three\", \"published\": \"yesterday\"},\n\"not an object\",\n{\"title\": \"Five\"}\n]\n",
			want: []outcome{
				{Line: 2, Title: "One"},
				{Line: 3, Err: "no title and no body"},
				{Line: 4, Err: `cannot read the date "yesterday"`},
				{Line: 5, Err: "want a JSON object"},
				{Line: 6, Title: "Five"},
			},
		},
		{
			name:    "truncated array",
			content: "[\n{\"title\": \"Complete\"},\n{\"title\": \"Cut",
			want: []outcome{
				{Line: 2, Title: "Complete"},
				{Line: 3, Err: "invalid JSON"},
			},
		},
		{
			name:    "empty array",
			content: "[]\n",
		},
		{
			name:    "published preferred to date",
			content: `{"title": "Both dates", "published": "2022-09-13", "date": "2000-01-01"}`,
			want:    []outcome{{Line: 1, Title: "Both dates"}},
			articles: []*index.Article{
				{Title: "Both dates", Published: date(2022, time.September, 13, 0, 0), DateSource: index.DateFromMetadata},
			},
		},
		{
			name:    "null published falls back to date; null lists are empty",
			content: `{"title": "Null", "published": null, "date": "2022-09-13T10:00:00Z", "authors": null, "author": "  "}`,
			want:    []outcome{{Line: 1, Title: "Null"}},
			articles: []*index.Article{
				{Title: "Null", Published: date(2022, time.September, 13, 10, 0), DateSource: index.DateFromMetadata},
			},
		},
		{
			name:    "author and authors together, repeats dropped",
			content: `{"title": "Many authors", "author": "Jane Smith", "authors": ["John Doe", " Jane  Smith ", ""]}`,
			want:    []outcome{{Line: 1, Title: "Many authors"}},
			articles: []*index.Article{
				{Title: "Many authors", Authors: []string{"Jane Smith", "John Doe"}},
			},
		},
		{
			name:    "body first among body, text and content",
			content: `{"title": "Bodies", "body": "From body.", "text": "From text.", "content": "From content."}`,
			want:    []outcome{{Line: 1, Title: "Bodies"}},
			articles: []*index.Article{
				{Title: "Bodies", Body: "From body."},
			},
		},
		{
			name:    "byte-order mark",
			content: "\ufeff{\"title\": \"With a BOM\"}",
			want:    []outcome{{Line: 1, Title: "With a BOM"}},
		},
		{
			name:    "JSON Lines saved as .json",
			content: "{\"title\": \"One\"}\n{\"title\": \"Two\"}\n",
			want:    []outcome{{Line: 2, Err: "invalid JSON"}},
		},
		{
			name:    "syntax error in an object",
			content: "{\n  \"title\": \"Broken\",\n  \"body\": nope\n}\n",
			want:    []outcome{{Line: 3, Err: "invalid JSON"}},
		},
		{
			name:    "wrong type",
			content: `{"title": 42}`,
			want:    []outcome{{Line: 1, Err: `field "title": want a string, not a JSON number`}},
		},
		{
			name:    "wrong type for a list",
			content: `{"title": "Numbers", "authors": 42}`,
			want:    []outcome{{Line: 1, Err: "want a string or an array of strings"}},
		},
		{
			name:    "not an object",
			content: `"just a string"`,
			want:    []outcome{{Line: 1, Err: "want a JSON object"}},
		},
		{
			name:    "empty file",
			content: "\n",
			want:    []outcome{{Line: 0, Err: "empty file"}},
		},
		{
			name:    "not UTF-8",
			content: "[\n{\"title\": \"Caf\xe9\"}\n]\n",
			want:    []outcome{{Line: 2, Err: "not UTF-8 text"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var path string
			if tt.fixture != "" {
				path = fixture(t, tt.fixture)
			} else {
				path = writeTemp(t, "article.json", tt.content)
			}
			items := readPaths(t, nil, path)
			want := inFile(path, tt.want...)
			if diff := cmp.Diff(want, outcomes(items, want)); diff != "" {
				t.Errorf("Read (-want +got):\n%s", diff)
			}
			if tt.articles != nil {
				if diff := cmp.Diff(tt.articles, articles(items)); diff != "" {
					t.Errorf("articles (-want +got):\n%s", diff)
				}
			}
		})
	}
}
