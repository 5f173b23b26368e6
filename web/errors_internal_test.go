package web

import (
	"encoding/json"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestErrorCodesDocumented holds the OpenAPI description, README's API
// section and /help to the table of error codes: every code, its status
// and meaning, and no other code.
func TestErrorCodesDocumented(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas struct {
				Error struct {
					Properties struct {
						Code struct {
							Enum        []string `json:"enum"`
							Description string   `json:"description"`
						} `json:"code"`
					} `json:"properties"`
				} `json:"Error"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	code := doc.Components.Schemas.Error.Properties.Code
	var want []string
	for _, c := range errorCodes {
		want = append(want, c.Code)
		if !strings.Contains(code.Description, c.Code+" ("+strconv.Itoa(c.Status)+"): "+c.Meaning) {
			t.Errorf("the OpenAPI description of code does not give %s (%d): %s", c.Code, c.Status, c.Meaning)
		}
	}
	if diff := cmp.Diff(want, code.Enum); diff != "" {
		t.Errorf("OpenAPI's error codes (-table +openapi.json):\n%s", diff)
	}
	if len(slices.Compact(slices.Sorted(slices.Values(want)))) != len(want) {
		t.Errorf("a code is in the table twice: %q", want)
	}

	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{}, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/help", nil))
	help := html.UnescapeString(rec.Body.String())
	for _, c := range errorCodes {
		if row := "| `" + c.Code + "` | " + strconv.Itoa(c.Status) + " |"; !strings.Contains(string(readme), row) {
			t.Errorf("README lacks the row %q", row)
		}
		if row := "<tr><td><code>" + c.Code + "</code></td><td>" + strconv.Itoa(c.Status) + "</td><td>" + c.Meaning; !strings.Contains(help, row) {
			t.Errorf("/help lacks %q", row)
		}
	}
}
