package parse_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index/parse"
)

// repeatReader yields the byte b for ever.
type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// TestReadHugeLine feeds a 100 MB JSON Lines record between two good ones:
// it is rejected with its line number, the next record is read, and
// memory stays bounded by the record limit, not by the line.
func TestReadHugeLine(t *testing.T) {
	const huge = 100 << 20
	stdin := io.MultiReader(
		strings.NewReader(`{"title": "before"}`+"\n"+`{"title": "huge", "body": "`),
		io.LimitReader(repeatReader('a'), huge),
		strings.NewReader(`"}`+"\n"+`{"title": "after"}`+"\n"),
	)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	items := collect(t, parse.Read(context.Background(), []parse.Input{{Path: parse.Stdin}}, stdin))
	runtime.ReadMemStats(&after)

	var got []string
	for _, it := range items {
		if it.Err != nil {
			got = append(got, fmt.Sprintf("error at line %d: %v", it.Err.Line, it.Err.Err))
		} else {
			got = append(got, fmt.Sprintf("%q at line %d", it.Article.Title, it.Line))
		}
	}
	want := []string{
		`"before" at line 1`,
		"error at line 2: the record is larger than 16 MiB, the most one article may be: it was skipped",
		`"after" at line 3`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The limit is 16 MiB: what is held of the line before it is known
	// to be too long, with the growth of its buffer.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("reading a %d MiB line allocated %d MiB: want memory bounded by the record limit", huge>>20, alloc>>20)
	}
}

// TestReadHostileInput is the table of hostile inputs: each must give the
// articles and errors listed, never a panic, and never stop the records
// after it from being read.
func TestReadHostileInput(t *testing.T) {
	const limit = 1 << 10 // MaxRecordSize for these cases
	rtl := "Convoy \u202eevil\u202c reaches \u200bIrbil\u200d \u2067مرحبا\u2069"
	nested := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	tests := []struct {
		name, file, content string
		wantTitles          []string
		wantErrs            []string // substrings, one per error, in order
	}{
		{name: "JSON line over the limit is skipped", file: "big.jsonl",
			content:    `{"title": "a"}` + "\n" + `{"title": "b", "body": "` + strings.Repeat("x", 2*limit) + `"}` + "\n" + `{"title": "c"}` + "\n",
			wantTitles: []string{"a", "c"}, wantErrs: []string{"big.jsonl:2: the record is larger than 1 KiB"}},
		{name: "last line over the limit, without a newline", file: "tail.jsonl",
			content:    `{"title": "a"}` + "\n" + strings.Repeat("y", 3*limit),
			wantTitles: []string{"a"}, wantErrs: []string{"tail.jsonl:2: the record is larger than 1 KiB"}},
		{name: "line of exactly the limit is read", file: "exact.jsonl",
			content:    `{"title": "` + strings.Repeat("e", limit-len(`{"title": ""}`)) + `"}` + "\n",
			wantTitles: []string{strings.Repeat("e", limit-len(`{"title": ""}`))}},
		{name: "text file over the limit", file: "big.txt",
			content:  "Title\n\n" + strings.Repeat("word ", limit),
			wantErrs: []string{"big.txt: the record is larger than 1 KiB"}},
		{name: "JSON object file over the limit", file: "big.json",
			content:  `{"title": "t", "body": "` + strings.Repeat("z", 2*limit) + `"}`,
			wantErrs: []string{"big.json:1: the record is larger than 1 KiB"}},
		{name: "JSON array element over the limit", file: "arr.json",
			content:    `[{"title": "a"},` + "\n" + `{"title": "b", "body": "` + strings.Repeat("z", 2*limit) + `"},` + "\n" + `{"title": "c"}]`,
			wantTitles: []string{"a", "c"}, wantErrs: []string{"arr.json:2: the record is larger than 1 KiB"}},
		{name: "deeply nested JSON", file: "nested.jsonl",
			content:    `{"title": "deep", "body": ` + nested + "}\n" + `{"title": "ok"}` + "\n",
			wantTitles: []string{"ok"}, wantErrs: []string{"nested.jsonl:1: "}},
		{name: "invalid UTF-8 in a line", file: "latin1.jsonl",
			content:    `{"title": "caf` + "\xe9" + `"}` + "\n" + `{"title": "ok"}` + "\n",
			wantTitles: []string{"ok"}, wantErrs: []string{"latin1.jsonl:1: not UTF-8 text"}},
		{name: "NUL byte in a line", file: "nul.jsonl",
			content:    `{"title": "a` + "\x00" + `b"}` + "\n" + `{"title": "ok"}` + "\n",
			wantTitles: []string{"ok"}, wantErrs: []string{"nul.jsonl:1: binary data (NUL byte)"}},
		{name: "escaped NUL in JSON is kept as text", file: "esc.jsonl",
			content: `{"title": "a\u0000b"}` + "\n", wantTitles: []string{"a\x00b"}},
		{name: "zero-width and right-to-left characters are kept as given", file: "rtl.jsonl",
			content: `{"title": "` + rtl + `"}` + "\n", wantTitles: []string{rtl}},
		{name: "year 0 is rejected", file: "y0.jsonl",
			content:  `{"title": "t", "published": "0000-01-01"}` + "\n",
			wantErrs: []string{`y0.jsonl:1: published: the date "0000-01-01" is out of range: Sitrep can index dates from the year 1678 to 2261`}},
		{name: "year 9999 is rejected", file: "y9999.jsonl",
			content:  `{"title": "t", "published": "9999-12-31T23:59:59Z"}` + "\n",
			wantErrs: []string{`y9999.jsonl:1: published: the date "9999-12-31T23:59:59Z" is out of range`}},
		{name: "the edges of the range are accepted", file: "edges.jsonl",
			content:    `{"title": "old", "published": "1678-01-01"}` + "\n" + `{"title": "new", "published": "2261-12-31"}` + "\n",
			wantTitles: []string{"old", "new"}},
		{name: "year 0 in front matter", file: "y0.txt",
			content: "---\npublished: 0000-06-01\n---\nTitle\n\nBody.\n", wantErrs: []string{"y0.txt:2: published: the date"}},
		{name: "javascript: URL is kept as data", file: "js.jsonl",
			content: `{"title": "t", "url": "javascript:alert(1)"}` + "\n", wantTitles: []string{"t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			inputs, _, err := parse.Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			var titles, errs []string
			for _, it := range collect(t, parse.Read(context.Background(), inputs, nil, parse.MaxRecordSize(limit))) {
				if it.Err != nil {
					errs = append(errs, it.Err.Error())
				} else {
					titles = append(titles, it.Article.Title)
				}
			}
			if strings.Join(titles, "|") != strings.Join(tt.wantTitles, "|") {
				t.Errorf("titles %q, want %q", titles, tt.wantTitles)
			}
			if len(errs) != len(tt.wantErrs) {
				t.Fatalf("errors %q, want %d matching %q", errs, len(tt.wantErrs), tt.wantErrs)
			}
			for i, want := range tt.wantErrs {
				if !strings.Contains(errs[i], filepath.Dir(path)+"/"+want) && !strings.Contains(errs[i], want) {
					t.Errorf("error %q lacks %q", errs[i], want)
				}
			}
		})
	}
}
