package parse

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index"
)

// Record is one article read from an input.
type Record struct {
	Article *index.Article
	// File and Line say where the record starts (Line is 1-based).
	File string
	Line int
	// Read is how many bytes of all inputs have been consumed so far, for
	// progress reports.
	Read int64
}

// RecordError is a record, or a whole input, that could not be used. The
// rest of the input is still read.
type RecordError struct {
	File string
	// Line is the 1-based line the bad record starts on, 0 when the error
	// concerns the whole file.
	Line int
	Err  error
}

func (e *RecordError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// DefaultMaxRecordSize is the largest record Read accepts unless told
// otherwise with MaxRecordSize: a line of JSON Lines, a text file, a JSON
// file holding one article, or one article of a JSON array.
const DefaultMaxRecordSize = 16 << 20

// MaxDocumentSize is the largest .json file or feed Read accepts. Such a
// file is read whole (an array of articles, a feed's items); larger
// collections belong in JSON Lines, which is read a line at a time.
const MaxDocumentSize = 1 << 30

// Option tunes Read.
type Option func(*reader)

// MaxRecordSize sets the largest record Read accepts, in bytes
// (DefaultMaxRecordSize when n < 1). A larger record is rejected with a
// *RecordError naming its line, without being held in memory, and reading
// goes on with the next one.
func MaxRecordSize(n int) Option {
	return func(r *reader) {
		if n > 0 {
			r.maxRecord = n
		}
	}
}

// Read reads every input in turn and yields each article it finds, or a
// *RecordError for each record it rejects (invalid JSON, no title and no
// body, an unparseable date, a binary or non-UTF-8 file, a record over the
// size limit) before going on to the next. stdin is read for the input
// "-". Cancelling ctx ends the sequence after the record in hand.
func Read(ctx context.Context, inputs []Input, stdin io.Reader, opts ...Option) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		r := reader{yield: yield, maxRecord: DefaultMaxRecordSize}
		for _, opt := range opts {
			opt(&r)
		}
		for _, in := range inputs {
			if ctx.Err() != nil || !r.input(ctx, in, stdin) {
				return
			}
		}
	}
}

// reader carries the state of one Read: the consumer and the byte count.
type reader struct {
	yield     func(Record, error) bool
	done      int64 // bytes of finished inputs
	maxRecord int
}

// emit hands one record or error to the consumer; false means stop.
func (r *reader) emit(file string, line int, read int64, a *index.Article, err error) bool {
	if err != nil {
		return r.yield(Record{}, &RecordError{File: file, Line: line, Err: err})
	}
	return r.yield(Record{Article: a, File: file, Line: line, Read: r.done + read}, nil)
}

// input reads one input; false means the consumer asked to stop.
func (r *reader) input(ctx context.Context, in Input, stdin io.Reader) bool {
	name := in.Path
	var src io.Reader = stdin
	switch {
	case in.Data != nil:
		src = bytes.NewReader(in.Data)
	case in.Path == Stdin:
		name = "(stdin)"
		if stdin == nil {
			src = bytes.NewReader(nil)
		}
	default:
		f, err := os.Open(in.Path)
		if err != nil {
			return r.emit(name, 0, 0, nil, errors.Unwrap(err))
		}
		defer f.Close()
		src = f
	}
	br := bufio.NewReaderSize(src, 64<<10)
	format := in.Format
	if format == Sniff {
		format = sniff(br)
	}
	var read int64
	var ok bool
	switch format {
	case JSONLines:
		ok, read = r.jsonLines(ctx, name, br)
	default:
		// A text file or a page is one record; a JSON file or a feed may
		// hold many.
		limit := int64(r.maxRecord)
		whole := format == JSON || format == Feed
		if whole {
			limit = MaxDocumentSize
		}
		data, err := io.ReadAll(io.LimitReader(br, limit+1))
		read = int64(len(data))
		switch {
		case err != nil:
			ok = r.emit(name, 0, read, nil, err)
		case int64(len(data)) > limit && whole:
			ok = r.emit(name, 0, max(read, in.Size), nil, fmt.Errorf(
				"the file is larger than %s, the most a JSON file or feed may be: write the articles as JSON Lines (.jsonl), one per line", sizeText(limit)))
			read = max(read, in.Size)
		case int64(len(data)) > limit:
			ok = r.emit(name, 0, max(read, in.Size), nil, tooLarge(limit))
			read = max(read, in.Size)
		case format == JSON:
			ok = r.jsonDocument(ctx, name, data)
		case format == Feed:
			ok = r.feed(ctx, name, data)
		case format == HTML:
			pageURL := ""
			if in.Data != nil {
				pageURL = in.Path
			}
			ok = r.page(name, data, pageURL)
		default:
			ok = r.text(name, data)
		}
	}
	r.done += read
	return ok
}

// sniff guesses the format of an input with no telling extension: JSON
// Lines when its first line is a whole JSON object, JSON when it starts
// with '[' or another '{', a feed when it starts with '<' and holds <rss,
// <feed or <rdf:RDF, HTML when it starts with any other '<', text otherwise.
func sniff(br *bufio.Reader) Format {
	head, _ := br.Peek(64 << 10)
	return SniffFormat(head)
}

// SniffFormat guesses the format of content from its first bytes (64 KiB
// are enough), as Read does for "-" and unknown extensions.
func SniffFormat(head []byte) Format {
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return Text
	}
	switch trimmed[0] {
	case '<':
		if isFeed(trimmed) {
			return Feed
		}
		return HTML
	case '[':
		return JSON
	case '{':
		// A first line that is a whole object, or too long to see the end
		// of (a pretty-printed object starts with a short "{" line), is
		// JSON Lines.
		line, _, complete := bytes.Cut(trimmed, []byte("\n"))
		if !complete || validJSON(line) {
			return JSONLines
		}
		return JSON
	}
	return Text
}

// checkText rejects content that is not text: NUL bytes (a binary file) or
// bytes that are not UTF-8. The error names the line of the first bad byte.
func checkText(data []byte) (line int, err error) {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return lineAt(data, i), errors.New("binary data (NUL byte), not text: is this the right file?")
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return lineAt(data, i), fmt.Errorf("not UTF-8 text (invalid byte 0x%02x): convert the file to UTF-8, e.g. with iconv", data[i])
	}
	return 0, nil
}

// tooLarge is the error for a record over the size limit.
func tooLarge(limit int64) error {
	return fmt.Errorf("the record is larger than %s, the most one article may be: it was skipped", sizeText(limit))
}

// sizeText renders a byte count for people: 16 MiB, 512 KiB, 100 bytes.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// lineAt returns the 1-based line number of byte offset i in data.
func lineAt(data []byte, i int) int {
	return bytes.Count(data[:min(i, len(data))], []byte("\n")) + 1
}
