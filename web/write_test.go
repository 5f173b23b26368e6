package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

const token = "s3cret-token"

// writeServer returns a server with writes on over a fresh on-disk index.
func writeServer(t *testing.T, cfg web.Config) (http.Handler, *index.Index, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Writer = ingest.NewLive(ix, x)
	if cfg.WriteToken == "" {
		cfg.WriteToken = token
	}
	h, err := web.New(cfg, search.New(ix), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return h, ix, dir
}

func send(h http.Handler, method, target, auth, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestWriteAuth(t *testing.T) {
	h, _, _ := writeServer(t, web.Config{})
	tests := []struct {
		name, auth string
		want       int
	}{
		{"no header", "", http.StatusUnauthorized},
		{"wrong token", "Bearer nope", http.StatusUnauthorized},
		{"token without Bearer", token, http.StatusUnauthorized},
		{"right token", "Bearer " + token, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := send(h, http.MethodPost, "/api/articles", tt.auth, `{"title": "Auth test", "body": "b", "url": "https://x.mil/auth"}`)
			if rec.Code != tt.want {
				t.Errorf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want == http.StatusUnauthorized && rec.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}

	t.Run("writes off without a token", func(t *testing.T) {
		h, err := web.New(web.Config{}, search.New(indextest.New(t)), slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		rec := send(h, http.MethodPost, "/api/articles", "Bearer anything", `{"title": "x"}`)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "SITREP_WRITE_TOKEN") {
			t.Errorf("status %d %s, want 403 saying how to turn writes on", rec.Code, rec.Body)
		}
		// Reads stay open.
		if rec := send(h, http.MethodGet, "/api/search?q=x", "", ""); rec.Code != http.StatusOK {
			t.Errorf("read without a token: %d", rec.Code)
		}
	})
}

func TestWriteAndDelete(t *testing.T) {
	h, ix, dir := writeServer(t, web.Config{})
	auth := "Bearer " + token
	body := `{"title": "Convoy reaches Irbil", "body": "A convoy reached Irbil on Monday.", "url": "https://x.mil/1"}
{"title": "broken"
{"title": "Strike near Raqqa", "body": "Coalition aircraft struck near Raqqa, Syria.", "url": "https://x.mil/2"}
`
	rec := send(h, http.MethodPost, "/api/articles", auth, body)
	var got web.WriteResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("POST: %d %s", rec.Code, rec.Body)
	}
	if got.Indexed != 2 || got.Rejected != 1 || len(got.Errors) != 1 || got.Errors[0].Line != 2 {
		t.Errorf("POST answered %+v, want 2 indexed and line 2 rejected", got)
	}
	var found struct {
		Total int `json:"total"`
		Hits  []struct {
			ID     string   `json:"id"`
			Places []string `json:"places"`
		} `json:"hits"`
	}
	rec = send(h, http.MethodGet, "/api/search?q=irbil", "", "")
	json.Unmarshal(rec.Body.Bytes(), &found)
	if found.Total != 1 || len(found.Hits[0].Places) == 0 {
		t.Fatalf("the posted article is not searchable with its entities at once: %s", rec.Body)
	}
	id := found.Hits[0].ID

	// The same article again is unchanged; an empty body is refused.
	rec = send(h, http.MethodPost, "/api/articles", auth, `[{"title": "Convoy reaches Irbil", "body": "A convoy reached Irbil on Monday.", "url": "https://x.mil/1"}]`)
	json.Unmarshal(rec.Body.Bytes(), &got)
	if got.Unchanged != 1 || got.Indexed != 0 {
		t.Errorf("re-posting: %+v, want unchanged 1", got)
	}
	if rec := send(h, http.MethodPost, "/api/articles", auth, "  "); rec.Code != http.StatusBadRequest {
		t.Errorf("empty body: %d, want 400", rec.Code)
	}

	if rec := send(h, http.MethodDelete, "/api/articles/"+id, auth, ""); rec.Code != http.StatusOK {
		t.Fatalf("DELETE: %d %s", rec.Code, rec.Body)
	}
	if rec := send(h, http.MethodDelete, "/api/articles/"+id, auth, ""); rec.Code != http.StatusNotFound {
		t.Errorf("DELETE again: %d, want 404", rec.Code)
	}
	if rec := send(h, http.MethodDelete, "/api/articles/"+id, "", ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("DELETE without token: %d, want 401", rec.Code)
	}

	// Acknowledged writes survive closing and reopening the index.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n, _ := again.Count(); n != 1 {
		t.Errorf("after reopening, the index holds %d articles, want 1 (2 posted, 1 deleted)", n)
	}
}

// failingReader yields text, then, after a pause, fails with err.
type failingReader struct {
	text  *strings.Reader
	pause time.Duration
	err   error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.text.Len() > 0 {
		return r.text.Read(p)
	}
	time.Sleep(r.pause)
	return 0, r.err
}

// TestWriteErrors sends writes that fail through the real write path
// (ingest.Live): each answer has the status and a message saying what was
// wrong and what to do, and nothing is indexed.
func TestWriteErrors(t *testing.T) {
	h, ix, _ := writeServer(t, web.Config{MaxWriteBytes: 1024, WriteTimeout: 100 * time.Millisecond})
	article := `{"title": "Failed write", "body": "` + strings.Repeat("a", 200) + `", "url": "https://x.mil/failed"}`
	tests := []struct {
		name       string
		method     string
		target     string
		body       io.Reader
		wantStatus int
		wantError  string
	}{
		{"a body over the limit", http.MethodPost, "/api/articles", strings.NewReader(`{"title": "Big", "body": "` + strings.Repeat("a", 4096) + `"}`),
			http.StatusRequestEntityTooLarge, "the request body is larger than the 1KiB limit (--max-write-bytes): send fewer articles per request"},
		{"a body arriving after the write timeout", http.MethodPost, "/api/articles", &failingReader{strings.NewReader(article), 300 * time.Millisecond, io.EOF},
			http.StatusServiceUnavailable, "the write took longer than the server allows (--write-api-timeout) and was stopped: the articles already written are kept; send the same articles again (none is indexed twice), fewer per request"},
		{"a body too slow for the read timeout", http.MethodPost, "/api/articles", &failingReader{strings.NewReader(article), 0, &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}},
			http.StatusRequestTimeout, "the request body did not arrive in time (--read-timeout) and nothing of it was indexed: send it again, fewer articles per request on a slow connection"},
		{"a body cut short", http.MethodPost, "/api/articles", &failingReader{strings.NewReader(article), 0, io.ErrUnexpectedEOF},
			http.StatusBadRequest, "the request body ended before all of it arrived (the connection was cut) and nothing of it was indexed: send it again"},
		{"a read with a body", http.MethodGet, "/api/search?q=failed", strings.NewReader(strings.Repeat("x", 100<<10)),
			http.StatusRequestEntityTooLarge, "a read takes no request body (at most 64KiB): put the parameters in the URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.target, tt.body)
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var got struct{ Error string }
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != tt.wantStatus || got.Error != tt.wantError {
				t.Errorf("%d %s\nwant %d {\"error\": %q}", rec.Code, rec.Body, tt.wantStatus, tt.wantError)
			}
			if n, err := ix.Count(); err != nil || n != 0 {
				t.Errorf("the index holds %d articles (%v), want none", n, err)
			}
		})
	}
}

// blockingSearcher holds every search until released.
type blockingSearcher struct {
	web.Searcher
	started chan struct{}
	release chan struct{}
}

func (b *blockingSearcher) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	b.started <- struct{}{}
	<-b.release
	return &search.Result{Facets: map[string]search.Facet{}}, nil
}

func TestSearchConcurrencyLimit(t *testing.T) {
	bs := &blockingSearcher{started: make(chan struct{}, 4), release: make(chan struct{})}
	h, err := web.New(web.Config{MaxSearches: 1, SearchQueueWait: 50 * time.Millisecond}, bs, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		send(h, http.MethodGet, "/api/search?q=a", "", "")
	}()
	<-bs.started // the one slot is taken
	rec := send(h, http.MethodGet, "/api/search?q=b", "", "")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("second search while the first runs: %d (Retry-After %q), want 429", rec.Code, rec.Header().Get("Retry-After"))
	}
	close(bs.release)
	wg.Wait()
	if rec := send(h, http.MethodGet, "/api/search?q=c", "", ""); rec.Code != http.StatusOK {
		t.Errorf("search after the slot freed: %d %s", rec.Code, rec.Body)
	}
}
