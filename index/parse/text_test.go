package parse_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
)

func TestReadText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fixture string // a file under testdata/parse, or
		content string // the content of a temporary .txt file
		want    []outcome
		article *index.Article // when set, the article read, in full
	}{
		{
			name:    "front matter",
			fixture: "front-matter.txt",
			want:    []outcome{{Line: 1, Title: "Override: the title from front matter"}},
			article: &index.Article{
				Title:     "Override: the title from front matter",
				Body:      "This first line is a paragraph, because the front matter named the title.\n\nA second paragraph that was wrapped in the middle.",
				URL:       "https://example.mil/news/front-matter",
				Source:    "Fixture Wire",
				Published: date(2023, time.March, 1, 8, 30), DateSource: index.DateFromMetadata,
				// "authors: Jane Smith, John Doe" is split on commas,
				// "author: Smith, Jr.; Alex Roe" on semicolons only.
				Authors: []string{"Jane Smith", "John Doe", "Smith, Jr.", "Alex Roe"},
			},
		},
		{
			name:    "front matter lists in brackets and quotes",
			content: "---\nauthors: [Jane Smith, \"John Doe\"]\npeople: 'Celeste Wallander'\nplaces: Iraq; Kurdistan\norganizations: Peshmerga, US Army\nsummary: The standfirst.\ndate: 13 September 2022\n---\nTitle\n\nBody.\n",
			want:    []outcome{{Line: 1, Title: "Title"}},
			article: &index.Article{
				Title:     "Title",
				Summary:   "The standfirst.",
				Body:      "Body.",
				Authors:   []string{"Jane Smith", "John Doe"},
				Published: date(2022, time.September, 13, 0, 0), DateSource: index.DateFromMetadata,
				People:        []string{"Celeste Wallander"},
				Places:        []string{"Iraq", "Kurdistan"},
				Organisations: []string{"Peshmerga", "US Army"},
			},
		},
		{
			name:    "unterminated front matter",
			fixture: "unterminated.txt",
			want:    []outcome{{Line: 2, Err: "never closed"}},
		},
		{
			name:    "front matter line without a colon",
			fixture: "front-matter-no-colon.txt",
			want:    []outcome{{Line: 3, Err: `want "key: value"`}},
		},
		{
			name:    "bad date in front matter",
			fixture: "bad-date.txt",
			want:    []outcome{{Line: 3, Err: `cannot read the date "13/45/2022"`}},
		},
		{
			name:    "Markdown",
			fixture: "markdown.md",
			want:    []outcome{{Line: 1, Title: "Markdown Title"}},
			article: &index.Article{
				Title: "Markdown Title",
				Body:  "First paragraph.\n\nA sub-heading\n\nA quoted paragraph.\n\nSecond paragraph with a line wrapped in the middle.",
			},
		},
		{
			name:    "title only",
			content: "\n\n  Just a   title  \n\n",
			want:    []outcome{{Line: 1, Title: "Just a title"}},
			article: &index.Article{Title: "Just a title"},
		},
		{
			name:    "repeated paragraphs and title kept once",
			content: "A Title\n\nA title.\n\nThe same paragraph.\n\nthe same  paragraph\n\n“The same paragraph!”\n\nAnother one.\n",
			want:    []outcome{{Line: 1, Title: "A Title"}},
			article: &index.Article{Title: "A Title", Body: "The same paragraph.\n\nAnother one."},
		},
		{
			name:    "binary file",
			fixture: "binary.txt",
			want:    []outcome{{Line: 4, Err: "binary data (NUL byte)"}},
		},
		{
			name:    "Latin-1 file",
			fixture: "latin1.txt",
			want:    []outcome{{Line: 4, Err: "not UTF-8 text (invalid byte 0xe9)"}},
		},
		{
			name:    "empty file",
			fixture: "empty.txt",
			want:    []outcome{{Line: 0, Err: "no title and no body"}},
		},
		{
			name:    "blank file",
			content: " \n\n\t\n",
			want:    []outcome{{Line: 0, Err: "no title and no body"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var path string
			if tt.fixture != "" {
				path = fixture(t, tt.fixture)
			} else {
				path = writeTemp(t, "article.txt", tt.content)
			}
			items := readPaths(t, nil, path)
			want := inFile(path, tt.want...)
			if diff := cmp.Diff(want, outcomes(items, want)); diff != "" {
				t.Errorf("Read (-want +got):\n%s", diff)
			}
			if tt.article != nil {
				if diff := cmp.Diff([]*index.Article{tt.article}, articles(items)); diff != "" {
					t.Errorf("article (-want +got):\n%s", diff)
				}
			}
		})
	}
}
