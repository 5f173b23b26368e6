package web

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestWholeJSONAsEcho checks that wholeJSON writes the bytes echo's own
// serializer writes, HTML escaping and the final newline included, and
// gives them their Content-Length.
func TestWholeJSONAsEcho(t *testing.T) {
	e := echo.New()
	s := newWholeJSON()
	long := make([]string, 3000) // more than one buffer of net/http, and of the pool's kept size on a second pass
	for i := range long {
		long[i] = "<mark>" + strconv.Itoa(i) + "</mark> & \u2028"
	}
	for _, tc := range []struct {
		name   string
		v      any
		indent string
	}{
		{"hit", hitJSON{ID: "a1", Title: "x < y & z", TitleHTML: "<mark>x</mark>", TitleSpans: [][2]int{{0, 1}}, Score: 0.1 + 0.2}, ""},
		{"pretty", map[string]any{"b": []int{1, 2}, "a": "<>"}, "  "},
		{"long", long, ""},
		{"long again", long, ""},
		{"null", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := httptest.NewRecorder()
			if err := (echo.DefaultJSONSerializer{}).Serialize(e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), want), tc.v, tc.indent); err != nil {
				t.Fatal(err)
			}
			got := httptest.NewRecorder()
			if err := s.Serialize(e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), got), tc.v, tc.indent); err != nil {
				t.Fatal(err)
			}
			if got.Body.String() != want.Body.String() {
				t.Errorf("wholeJSON wrote\n%.300s\nwant\n%.300s", got.Body, want.Body)
			}
			if cl := got.Header().Get(echo.HeaderContentLength); cl != strconv.Itoa(want.Body.Len()) {
				t.Errorf("Content-Length %q, want %d", cl, want.Body.Len())
			}
		})
	}
	if err := s.Serialize(e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), httptest.NewRecorder()), func() {}, ""); err == nil {
		t.Error("a value JSON cannot hold was written without an error")
	}
}
