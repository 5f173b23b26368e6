package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// TestDeleteUnknownSaysWhich checks that a DELETE of an id no article has
// keeps the handler's message naming the id: it used to be replaced by the
// router's "no such page".
func TestDeleteUnknownSaysWhich(t *testing.T) {
	h, _, _ := writeServer(t, web.Config{})
	rec := send(h, http.MethodDelete, "/api/articles/no-such-id", "Bearer "+token, "")
	var got struct{ Error string }
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusNotFound || got.Error != "no article with the id no-such-id" {
		t.Errorf("DELETE of an unknown id = %d %s, want 404 naming the id", rec.Code, rec.Body)
	}
	rec = send(h, http.MethodGet, "/no/such/route", "", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusNotFound || got.Error != "no such page: GET /no/such/route" {
		t.Errorf("GET of an unknown route = %d %s, want 404 naming the route", rec.Code, rec.Body)
	}
}

// TestShortWriteTokenWarned checks that a write token under 16 characters
// is logged as a warning when the server starts (a 1-character token was
// accepted silently), and that a long one and no token are not.
func TestShortWriteTokenWarned(t *testing.T) {
	ix := indextest.New(t)
	for _, tt := range []struct {
		token string
		warn  bool
	}{
		{"x", true},
		{"fifteen-chars-x", true},
		{"sixteen-chars-xx", false},
		{"", false},
	} {
		var log bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&log, nil))
		if _, err := web.New(web.Config{Writer: ingest.NewLive(ix, nil), WriteToken: tt.token}, search.New(ix), logger); err != nil {
			t.Fatal(err)
		}
		warned := strings.Contains(log.String(), "level=WARN") && strings.Contains(log.String(), fmt.Sprintf("the write token is shorter than 16 characters (it has %d)", len(tt.token)))
		if warned != tt.warn {
			t.Errorf("token %q: log %q; want a warning: %v", tt.token, log.String(), tt.warn)
		}
	}
}

// gzipped returns s compressed with gzip.
func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := io.WriteString(zw, s); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGzipWrites checks, through a real server, that a write's body may
// come compressed with gzip (it used to be refused as JSON that does not
// parse), that --max-write-bytes bounds the decompressed body (a gzip bomb
// is stopped at the limit with 413), and that a broken stream or another
// encoding is refused saying so, nothing of it indexed.
func TestGzipWrites(t *testing.T) {
	h, ix, _ := writeServer(t, web.Config{MaxWriteBytes: 64 << 10})
	srv := httptest.NewServer(h)
	defer srv.Close()
	articles := `{"title": "Compressed convoy", "body": "A convoy crossed the bridge at dawn.", "url": "https://example.mil/gz1"}
{"title": "Compressed patrol", "body": "A patrol returned at dusk.", "url": "https://example.mil/gz2"}
`
	good := gzipped(t, articles)
	bomb := gzipped(t, `{"title": "Bomb", "body": "`+strings.Repeat("a", 64<<20)+`"}`)
	t.Logf("a gzip bomb of %d bytes inflating to 64 MiB", len(bomb))
	for _, tt := range []struct {
		name       string
		encoding   string
		body       []byte
		wantStatus int
		wantInBody string
		wantCount  uint64
	}{
		{"bomb", "gzip", bomb, http.StatusRequestEntityTooLarge, "the request body, decompressed, is larger than the 64KiB limit (--max-write-bytes)", 0},
		{"not gzip", "gzip", []byte(articles), http.StatusBadRequest, "the request body is not valid gzip (gzip: invalid header)", 0},
		{"cut short", "gzip", good[:len(good)-12], http.StatusBadRequest, "the request body is not valid gzip (unexpected EOF)", 0},
		{"brotli", "br", []byte(articles), http.StatusUnsupportedMediaType, `Content-Encoding \"br\" is not supported`, 0},
		{"good", "gzip", good, http.StatusOK, `"indexed":2`, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/articles", bytes.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Encoding", tt.encoding)
			start := time.Now()
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			got, _ := io.ReadAll(res.Body)
			t.Logf("%d bytes sent: %d in %v", len(tt.body), res.StatusCode, time.Since(start).Round(time.Millisecond))
			if res.StatusCode != tt.wantStatus || !strings.Contains(string(got), tt.wantInBody) {
				t.Errorf("%d %s\nwant %d and %s", res.StatusCode, got, tt.wantStatus, tt.wantInBody)
			}
			if n, err := ix.Count(); err != nil || n != tt.wantCount {
				t.Errorf("the index holds %d articles (%v), want %d", n, err, tt.wantCount)
			}
		})
	}
}
