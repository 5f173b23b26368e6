package parse

import (
	"bytes"
	"fmt"
	"strings"
)

// text reads one plain-text or Markdown article:
//
//	---                       optional front matter
//	source: The Jerusalem Post
//	published: 2022-09-13
//	---
//	Title on the first non-empty line
//
//	Standfirst, paragraphs, captions…
func (r *reader) text(name string, data []byte) bool {
	size := int64(len(data))
	if line, err := checkText(data); err != nil {
		return r.emit(name, line, size, nil, err)
	}
	text := strings.ReplaceAll(string(bytes.TrimPrefix(data, []byte("\ufeff"))), "\r\n", "\n")
	lines := strings.Split(text, "\n")

	var f fields
	i := skipBlank(lines, 0)
	if i < len(lines) && strings.TrimSpace(lines[i]) == "---" {
		end, line, err := frontMatter(lines, i, &f)
		if err != nil {
			return r.emit(name, line, size, nil, err)
		}
		i = skipBlank(lines, end)
	}
	if f.title == "" && i < len(lines) {
		f.title = strings.TrimSpace(strings.TrimLeft(lines[i], "# "))
		i++
	}
	if i < len(lines) {
		f.body = strings.Join(lines[i:], "\n")
	}
	a, err := f.article()
	line := 1
	if err != nil {
		line = 0 // nothing in the file: the error is about all of it
	}
	return r.emit(name, line, size, a, err)
}

func skipBlank(lines []string, i int) int {
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	return i
}

// frontMatter reads the "key: value" lines between lines[start] ("---") and
// the next "---" into f. It returns the index of the line after the block,
// or the 1-based line of an error. Unknown keys are ignored.
func frontMatter(lines []string, start int, f *fields) (end, errLine int, err error) {
	for i := start + 1; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "---" {
			return i + 1, 0, nil
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return 0, i + 1, fmt.Errorf("front matter: want \"key: value\", got %q", line)
		}
		value = unquote(strings.TrimSpace(value))
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "title":
			f.title = value
		case "summary", "description":
			f.summary = value
		case "url", "link":
			f.url = value
		case "source", "publication":
			f.source = value
		case "published", "date":
			t, err := parseDate(value)
			if err != nil {
				return 0, i + 1, err
			}
			f.published = t
		case "author", "authors":
			f.authors = append(f.authors, splitList(value)...)
		case "people":
			f.people = append(f.people, splitList(value)...)
		case "places":
			f.places = append(f.places, splitList(value)...)
		case "organisations", "organizations":
			f.organisations = append(f.organisations, splitList(value)...)
		}
	}
	return 0, start + 1, fmt.Errorf("front matter opened with --- is never closed: add a --- line after it")
}

// unquote strips one pair of matching surrounding quotes.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// splitList splits "a; b" or "a, b" or "[a, b]" into its values. A list that
// holds a semicolon is split on semicolons only, so "Smith, Jr." survives.
func splitList(s string) []string {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	sep := ","
	if strings.Contains(s, ";") {
		sep = ";"
	}
	var out []string
	for v := range strings.SplitSeq(s, sep) {
		if v = unquote(strings.TrimSpace(v)); v != "" {
			out = append(out, v)
		}
	}
	return out
}
