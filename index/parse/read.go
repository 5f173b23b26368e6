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

// Read reads every input in turn and yields each article it finds, or a
// *RecordError for each record it rejects (invalid JSON, no title and no
// body, an unparseable date, a binary or non-UTF-8 file) before going on to
// the next. stdin is read for the input "-". Cancelling ctx ends the
// sequence after the record in hand.
func Read(ctx context.Context, inputs []Input, stdin io.Reader) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		r := reader{yield: yield}
		for _, in := range inputs {
			if ctx.Err() != nil || !r.input(ctx, in, stdin) {
				return
			}
		}
	}
}

// reader carries the state of one Read: the consumer and the byte count.
type reader struct {
	yield func(Record, error) bool
	done  int64 // bytes of finished inputs
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
	if in.Path == Stdin {
		name = "(stdin)"
		if stdin == nil {
			src = bytes.NewReader(nil)
		}
	} else {
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
		data, err := io.ReadAll(br)
		read = int64(len(data))
		switch {
		case err != nil:
			ok = r.emit(name, 0, read, nil, err)
		case format == JSON:
			ok = r.jsonDocument(ctx, name, data)
		default:
			ok = r.text(name, data)
		}
	}
	r.done += read
	return ok
}

// sniff guesses the format of an input with no telling extension: JSON
// Lines when its first line is a whole JSON object, JSON when it starts
// with '[' or another '{', text otherwise.
func sniff(br *bufio.Reader) Format {
	head, _ := br.Peek(64 << 10)
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return Text
	}
	switch trimmed[0] {
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

// lineAt returns the 1-based line number of byte offset i in data.
func lineAt(data []byte, i int) int {
	return bytes.Count(data[:min(i, len(data))], []byte("\n")) + 1
}
