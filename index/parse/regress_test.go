package parse_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index/parse"
)

// TestReadEdgeCases pins behaviour found by review: each input must give
// exactly these articles (by title and body) and errors.
func TestReadEdgeCases(t *testing.T) {
	tests := []struct {
		name, file, content string
		stdin               string // read as "-" when file is ""
		wantTitles          []string
		wantErrs            []string // substrings, one per error
		wantBody            string   // when set, the first article's body
	}{
		{name: "byte-order mark before JSON Lines", file: "bom.jsonl",
			content: "\ufeff{\"title\": \"First\"}\n{\"title\": \"Second\"}\n", wantTitles: []string{"First", "Second"}},
		{name: "first JSON line longer than the sniff window",
			stdin:      `{"title":"x","body":"` + strings.Repeat("a", 70000) + `"}` + "\n" + `{"title":"y"}` + "\n",
			wantTitles: []string{"x", "y"}},
		{name: "error line counts leading blank lines", file: "s.json",
			content: "\n\n{\"title\":\nx}", wantErrs: []string{"s.json:4: invalid JSON"}},
		{name: "data after the array is reported", file: "after.json",
			content: "[{\"title\": \"a\"}]\n{\"title\": \"b\"}\n", wantTitles: []string{"a"}, wantErrs: []string{"after.json:2: more data after the closing ]"}},
		{name: "wrong type names the field", file: "authors.json",
			content: `{"title":"x","authors":42}`, wantErrs: []string{`field "authors": want a string or an array of strings, not a JSON number`}},
		{name: "array cut short", file: "eof.json",
			content: `[{"title":"a"},`, wantTitles: []string{"a"}, wantErrs: []string{"the record ends too early"}},
		{name: "a summary alone becomes the body", file: "sum.json",
			content: `{"summary": "Only a summary."}`, wantTitles: []string{""}, wantBody: "Only a summary."},
		{name: "sub-heading after a pull quote is kept", file: "sub.txt",
			content: "Title\n\nThe minister said that all people deserve dignity, security and the right to seek a better future, at the ceremony.\n\n" +
				"All people deserve dignity, security and the right to seek a better future.\n\nA sub-heading here\n\nMore text.\n",
			wantTitles: []string{"Title"},
			wantBody: "The minister said that all people deserve dignity, security and the right to seek a better future, at the ceremony.\n\n" +
				"A sub-heading here\n\nMore text."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := parse.Stdin
			if tt.file != "" {
				path = filepath.Join(t.TempDir(), tt.file)
				if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			inputs, _, err := parse.Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			var titles, errs []string
			var body string
			for rec, err := range parse.Read(context.Background(), inputs, strings.NewReader(tt.stdin)) {
				if err != nil {
					errs = append(errs, err.Error())
					continue
				}
				if titles == nil {
					body = rec.Article.Body
				}
				titles = append(titles, rec.Article.Title)
			}
			if diff := cmp.Diff(tt.wantTitles, titles); diff != "" {
				t.Errorf("titles (-want +got):\n%s", diff)
			}
			if len(errs) != len(tt.wantErrs) {
				t.Fatalf("errors %q, want %d", errs, len(tt.wantErrs))
			}
			for i, want := range tt.wantErrs {
				if !strings.Contains(errs[i], want) {
					t.Errorf("error %q lacks %q", errs[i], want)
				}
			}
			if tt.wantBody != "" && body != tt.wantBody {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
		})
	}
}

func TestExpandFollowsLinkedRoot(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(real, "a.txt"), []byte("A title\n\nBody."), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	inputs, _, err := parse.Expand([]string{link})
	if err != nil || len(inputs) != 1 {
		t.Fatalf("Expand(link to a directory) = %v, %v; want its one file", inputs, err)
	}
}

func TestParagraphDedupIsLinear(t *testing.T) {
	// 8,000 distinct paragraphs used to take over a second (quadratic).
	var b strings.Builder
	b.WriteString("Title\n\n")
	for i := range 8000 {
		b.WriteString("Paragraph number " + strings.Repeat("x", i%7) + " about convoys near the river crossing " + string(rune('a'+i%26)) + " " + strings.Repeat("y", i%13) + " " + itoa(i) + ".\n\n")
	}
	path := filepath.Join(t.TempDir(), "long.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, _, _ := parse.Expand([]string{path})
	for rec, err := range parse.Read(context.Background(), inputs, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if n := len(rec.Article.Paragraphs()); n != 8000 {
			t.Errorf("kept %d paragraphs, want all 8000 (they are distinct)", n)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
