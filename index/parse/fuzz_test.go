package parse_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/parse"
)

// FuzzJSONLines feeds arbitrary bytes through Read as a .jsonl file.
func FuzzJSONLines(f *testing.F) {
	for _, path := range []string{dvidsPath, re3dPath, fixture(f, "errors.jsonl")} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for line := range bytes.Lines(data) {
			f.Add(line)
		}
	}
	f.Add([]byte("{\"title\": \"a\"}\r\n\n{\"body\": \"b\"}"))
	f.Add([]byte("\ufeff{\"title\": \"bom\"}\n"))
	f.Add([]byte(`{"title": "t", "authors": ["a", null], "date": "2022-09-13T10:00:00+03:00", "captions": "c (credit: x)"}`))
	f.Add([]byte(`{"title": "\u0000\ud800", "body": "x\n(y)\n\n(photo credit: z)"}`))
	f.Add([]byte("[1, 2]\nnull\n\"s\"\n{}"))
	// One file per fuzzing process, rewritten for each input: a new
	// directory per input would slow fuzzing down several times.
	path := filepath.Join(f.TempDir(), "input.jsonl")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, path, data)
	})
}

// FuzzJSON feeds arbitrary bytes through Read as a .json file: one
// article or an array of them.
func FuzzJSON(f *testing.F) {
	for _, name := range []string{"array.json", "single.json", "broken-array.json"} {
		data, err := os.ReadFile(fixture(f, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`[{"title": "a"}, {"body": "b", "published": "0000-01-01"}] {"x": 1}`))
	f.Add([]byte("\ufeff\n\n[\n{\"title\": \"a\"},\n[1],\n\"s\",\n{\"title\": \"\\u202e\"}\n"))
	f.Add([]byte(`{"title": "t", "people": ["a", "b"], "organizations": "c", "date": "9999-01-01"}`))
	path := filepath.Join(f.TempDir(), "input.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, path, data)
	})
}

// FuzzText feeds arbitrary bytes through Read as a .txt file.
func FuzzText(f *testing.F) {
	for _, path := range []string{
		seedPath,
		fixture(f, "front-matter.txt"),
		fixture(f, "markdown.md"),
		fixture(f, "bad-date.txt"),
		fixture(f, "unterminated.txt"),
		fixture(f, "latin1.txt"),
	} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(""))
	f.Add([]byte("#\n\n"))
	f.Add([]byte("Title\r\n\r\nA caption\r\n(photo credit: X)\r\n\r\nA body that is\r\nwrapped.\r\n"))
	f.Add([]byte("---\nauthors: [a; b, c]\ntitle: 't'\n---\n\n> quote\n\n## heading (credit: y)\n"))
	path := filepath.Join(f.TempDir(), "input.txt")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, path, data)
	})
}

// checkRead writes data to the file at path and reads it, checking what
// must hold for any input: no panic, only *parse.RecordErrors, articles with
// a title or a body and valid UTF-8, lines and progress within the file.
func checkRead(t *testing.T, path string, data []byte) {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	inputs := []parse.Input{{Path: path, Format: parse.Sniff, Size: int64(len(data))}}
	if in, _, err := parse.Expand([]string{path}); err == nil {
		inputs = in
	}
	lines := bytes.Count(data, []byte("\n")) + 1
	var read int64
	for rec, err := range parse.Read(context.Background(), inputs, nil) {
		if err != nil {
			re, ok := err.(*parse.RecordError)
			if !ok {
				t.Fatalf("error %T %v is not a *parse.RecordError", err, err)
			}
			if re.File != path || re.Line < 0 || re.Line > lines {
				t.Errorf("error at %s:%d, want %s and a line in 0..%d: %v", re.File, re.Line, path, lines, re)
			}
			continue
		}
		a := rec.Article
		if a == nil {
			t.Fatalf("record %+v has no article and no error", rec)
		}
		if a.Title == "" && a.Body == "" {
			t.Errorf("%s:%d: article with no title and no body: %+v", rec.File, rec.Line, a)
		}
		if s, ok := invalidUTF8(a); !ok {
			t.Errorf("%s:%d: invalid UTF-8 in %q", rec.File, rec.Line, s)
		}
		if rec.File != path || rec.Line < 1 || rec.Line > lines {
			t.Errorf("record at %s:%d, want %s and a line in 1..%d", rec.File, rec.Line, path, lines)
		}
		if rec.Read < read || rec.Read > int64(len(data)) {
			t.Errorf("Read = %d after %d, want it to grow up to %d", rec.Read, read, len(data))
		}
		read = rec.Read
	}
}

// invalidUTF8 returns the first string of a that is not valid UTF-8.
func invalidUTF8(a *index.Article) (string, bool) {
	all := []string{a.ID, a.Title, a.Summary, a.Body, a.URL, a.Source}
	for _, list := range [][]string{a.Captions, a.Authors, a.People, a.Places, a.Organisations} {
		all = append(all, list...)
	}
	for _, s := range all {
		if !utf8.ValidString(s) {
			return s, false
		}
	}
	return "", true
}
