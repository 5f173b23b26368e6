package ingest_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
)

// failingBody yields its text, then fails with err (after calling
// before, when set).
type failingBody struct {
	r      io.Reader
	err    error
	before func()
}

func (b *failingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		if b.before != nil {
			b.before()
		}
		return n, b.err
	}
	return n, err
}

// TestLiveIngestReadFailure gives Live.Ingest bodies that fail after two
// good articles: nothing is written, and the error is the reader's, even
// when the context is cancelled meanwhile (as net/http's is when the
// connection fails), so that the server can say what went wrong; or the
// context's when its deadline passed (the write API's timeout).
func TestLiveIngestReadFailure(t *testing.T) {
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	const articles = `{"title": "Read whole", "body": "First.", "url": "https://x.mil/rw/1"}
{"title": "Read whole too", "body": "Second.", "url": "https://x.mil/rw/2"}
`
	errTooLarge := errors.New("the body is over the limit")
	tests := []struct {
		name    string
		readErr error
		cancel  bool
		expired bool // ctx's deadline has passed
		want    error
	}{
		{"the body fails", errTooLarge, false, false, errTooLarge},
		{"the body fails and the request ends", io.ErrUnexpectedEOF, true, false, io.ErrUnexpectedEOF},
		{"the body is read past the deadline", nil, false, true, context.DeadlineExceeded},
		{"the body fails past the deadline", io.ErrUnexpectedEOF, true, true, context.DeadlineExceeded},
		{"the body is whole", nil, false, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := indextest.New(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.expired {
				var stop context.CancelFunc
				ctx, stop = context.WithDeadline(ctx, time.Unix(0, 0))
				defer stop()
			}
			body := &failingBody{r: strings.NewReader(articles), err: tt.readErr}
			if tt.readErr == nil {
				body.err = io.EOF
			}
			if tt.cancel {
				body.before = cancel
			}
			rep, _, err := ingest.NewLive(ix, x).Ingest(ctx, body)
			if !errors.Is(err, tt.want) {
				t.Errorf("Ingest: %v, want %v", err, tt.want)
			}
			wantSaved := 0
			if tt.want == nil {
				wantSaved = 2
			}
			if n, err := ix.Count(); err != nil || int(n) != wantSaved || rep.Total() != wantSaved {
				t.Errorf("the index holds %d articles (%v), the report says %v: want %d", n, err, rep, wantSaved)
			}
		})
	}
}
