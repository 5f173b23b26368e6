package parse

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/sitrep/sitrep/index"
)

// jsonArticle is the JSON shape Sitrep reads. Several names are accepted for
// the body, the summary and the authors; unknown fields are ignored.
type jsonArticle struct {
	Title         string     `json:"title"`
	Summary       string     `json:"summary"`
	Description   string     `json:"description"`
	Body          string     `json:"body"`
	Text          string     `json:"text"`
	Content       string     `json:"content"`
	Captions      stringList `json:"captions"`
	URL           string     `json:"url"`
	Source        string     `json:"source"`
	Published     *string    `json:"published"`
	Date          *string    `json:"date"`
	Author        stringList `json:"author"`
	Authors       stringList `json:"authors"`
	People        stringList `json:"people"`
	Places        stringList `json:"places"`
	Organisations stringList `json:"organisations"`
	Organizations stringList `json:"organizations"`
}

// stringList accepts a JSON string, an array of strings, or null.
type stringList []string

func (l *stringList) UnmarshalJSON(data []byte) error {
	var one *string
	if err := json.Unmarshal(data, &one); err == nil {
		if one != nil && strings.TrimSpace(*one) != "" {
			*l = stringList{*one}
		}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return &json.UnmarshalTypeError{Value: jsonKind(data), Type: reflect.TypeFor[[]string]()}
	}
	*l = many
	return nil
}

// article checks a decoded record and turns it into an Article.
func (j *jsonArticle) article() (*index.Article, error) {
	fields := fields{
		title:   j.Title,
		summary: firstNonEmpty(j.Summary, j.Description),
		body:    firstNonEmpty(j.Body, j.Text, j.Content),
		url:     j.URL,
		source:  j.Source,
	}
	for _, list := range []stringList{j.Author, j.Authors} {
		fields.authors = append(fields.authors, list...)
	}
	fields.captions = j.Captions
	fields.people = j.People
	fields.places = j.Places
	fields.organisations = append(j.Organisations, j.Organizations...)
	date := j.Published
	if date == nil {
		date = j.Date
	}
	if date != nil {
		t, err := parseDate(*date)
		if err != nil {
			return nil, err
		}
		fields.published = t
	}
	return fields.article()
}

// jsonKind names the kind of a JSON value for an error message.
func jsonKind(data []byte) string {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return "nothing"
	}
	switch data[0] {
	case '{':
		return "object"
	case '[':
		return "array of other things"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	}
	return "number"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// decodeRecord decodes one JSON object into an Article.
func decodeRecord(data []byte) (*index.Article, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))
	if len(trimmed) > 0 && trimmed[0] != '{' {
		return nil, errors.New("want a JSON object with a title and a body")
	}
	var j jsonArticle
	if err := json.Unmarshal(trimmed, &j); err != nil {
		return nil, jsonError(err)
	}
	return j.article()
}

// jsonError rewords encoding/json's errors for someone fixing the input.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Errorf("invalid JSON: %w", syntax)
	case errors.As(err, &typ):
		want := typ.Type.String()
		if want == "[]string" {
			want = "string or an array of strings"
		}
		return fmt.Errorf("field %q: want a %s, not a JSON %s", typ.Field, want, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errors.New("invalid JSON: the record ends too early")
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

func validJSON(line []byte) bool {
	return json.Valid(bytes.TrimSpace(line))
}

// jsonLines reads one article per line; blank lines are skipped. A line
// longer than the record limit is rejected and skipped without being held
// in memory.
func (r *reader) jsonLines(ctx context.Context, name string, br *bufio.Reader) (ok bool, read int64) {
	var buf []byte
	for n := 1; ; n++ {
		line, size, tooLong, err := readLine(br, r.maxRecord, buf[:0])
		buf = line
		read += size
		switch {
		case tooLong:
			if !r.emit(name, n, read, nil, tooLarge(int64(r.maxRecord))) {
				return false, read
			}
		case len(bytes.TrimSpace(line)) > 0:
			a, perr := parseLine(line)
			if !r.emit(name, n, read, a, perr) {
				return false, read
			}
		}
		if err == io.EOF {
			return true, read
		}
		if err != nil {
			return r.emit(name, n, read, nil, err), read
		}
		if ctx.Err() != nil {
			return false, read
		}
	}
}

// readLine reads one line, up to and including its '\n', appending it to
// buf. A line whose content (without the line break) is longer than limit
// is read to its end but not kept: readLine reports it tooLong, with buf
// empty. size is the number of bytes consumed.
func readLine(br *bufio.Reader, limit int, buf []byte) (line []byte, size int64, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		size += int64(len(chunk))
		if !tooLong {
			content := len(buf) + len(chunk)
			if err == nil {
				content-- // the '\n'
			}
			if content > limit {
				tooLong, buf = true, buf[:0]
			} else {
				if cap(buf)-len(buf) < len(chunk) {
					// Double, rather than append's gentler growth: a
					// long line then costs twice its size, not five times.
					grown := make([]byte, len(buf), max(2*cap(buf), len(buf)+len(chunk)))
					copy(grown, buf)
					buf = grown
				}
				buf = append(buf, chunk...)
			}
		}
		if err != bufio.ErrBufferFull {
			return buf, size, tooLong, err
		}
	}
}

func parseLine(line []byte) (*index.Article, error) {
	if _, err := checkText(line); err != nil {
		return nil, err
	}
	return decodeRecord(line)
}

// jsonDocument reads a file holding one article object or an array of
// them. Array elements before a syntax error are still returned.
func (r *reader) jsonDocument(ctx context.Context, name string, data []byte) bool {
	if line, err := checkText(data); err != nil {
		return r.emit(name, line, int64(len(data)), nil, err)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	// lead is the white space before the first value: error offsets count
	// from the trimmed value, lines from the top of the file.
	lead := len(data) - len(bytes.TrimLeft(data, " \t\r\n"))
	dec := json.NewDecoder(bytes.NewReader(data))
	start := func() int {
		off := int(dec.InputOffset())
		for off < len(data) && strings.ContainsRune(" \t\r\n,", rune(data[off])) {
			off++
		}
		return off
	}
	// syntaxLine returns the line a syntax error is on, else fallback.
	syntaxLine := func(err error, fallback int) int {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return lineAt(data, int(syntax.Offset))
		}
		return fallback
	}
	end := lineAt(data, len(data))
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return r.emit(name, 0, int64(len(data)), nil, errors.New("empty file: want a JSON article or an array of articles"))
		}
		return r.emit(name, syntaxLine(err, end), int64(len(data)), nil, jsonError(err))
	}
	if tok != json.Delim('[') {
		// One article: decode the whole file again as an object.
		if len(data) > r.maxRecord {
			return r.emit(name, lineAt(data, lead), int64(len(data)), nil, tooLarge(int64(r.maxRecord)))
		}
		a, err := decodeRecord(data)
		var syntax *json.SyntaxError
		line := lineAt(data, lead)
		if errors.As(err, &syntax) {
			line = lineAt(data, lead+int(syntax.Offset))
		}
		return r.emit(name, line, int64(len(data)), a, err)
	}
	for dec.More() {
		if ctx.Err() != nil {
			return false
		}
		off := start()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return r.emit(name, syntaxLine(err, end), int64(len(data)), nil, jsonError(err))
		}
		var a *index.Article
		if len(raw) > r.maxRecord {
			err = tooLarge(int64(r.maxRecord))
		} else {
			a, err = decodeRecord(raw)
		}
		if !r.emit(name, lineAt(data, off), int64(off+len(raw)), a, err) {
			return false
		}
	}
	if _, err := dec.Token(); err != nil {
		return r.emit(name, syntaxLine(err, end), int64(len(data)), nil, jsonError(err))
	}
	if off := start(); off < len(data) {
		return r.emit(name, lineAt(data, off), int64(len(data)), nil,
			errors.New("more data after the closing ] of the array: put every article inside the array, or use JSON Lines (.jsonl)"))
	}
	return true
}
