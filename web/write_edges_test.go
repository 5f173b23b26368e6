package web_test

import (
	"encoding/json"
	"net/http"
	"testing"

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
