package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

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
		warned := strings.Contains(log.String(), "level=WARN") && strings.Contains(log.String(), fmt.Sprintf("the write token is %d characters long", len(tt.token)))
		if warned != tt.warn {
			t.Errorf("token %q: log %q; want a warning: %v", tt.token, log.String(), tt.warn)
		}
	}
}
