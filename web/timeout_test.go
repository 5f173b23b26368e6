package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// stuckSearcher is a search that never ends before its context does.
type stuckSearcher struct{ web.Searcher }

func (stuckSearcher) Search(ctx context.Context, _ search.Request) (*search.Result, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestSearchTimeout checks that a search running past the request timeout
// is stopped and answered 503 with a message, as JSON for the API and as
// a page for a browser, in about the time allowed.
func TestSearchTimeout(t *testing.T) {
	h, err := web.New(web.Config{RequestTimeout: 100 * time.Millisecond}, stuckSearcher{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ target, want string }{
		{"/api/search?q=kirkuk", `{"error":"the search took too long and was stopped: narrow the query or add filters","code":"timeout"}`},
		{"/?q=kirkuk", "The search took too long"},
	} {
		start := time.Now()
		rec := send(h, http.MethodGet, tt.target, "", "")
		took := time.Since(start)
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("GET %s: %d %q, want 503 with %q", tt.target, rec.Code, rec.Body, tt.want)
		}
		if took > 2*time.Second {
			t.Errorf("GET %s took %v with a 100ms timeout", tt.target, took)
		}
	}
}
