package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestCiteAPI checks GET /api/articles/{id}/cite in each format.
func TestCiteAPI(t *testing.T) {
	h := fixtureServer(t)
	today := time.Now().UTC().Format("2 January 2006")
	tests := []struct {
		name, target string
		status       int
		ctype        string
		want         []string
	}{
		{"text by default", "/api/articles/fx-patrol/cite", 200, "text/plain; charset=UTF-8",
			[]string{"“Peshmerga patrol near Kirkuk.” Field Wire, 10 February 2023. https://example.com/patrol. Sitrep id fx-patrol. Accessed "}},
		{"csl", "/api/articles/fx-patrol/cite?format=csl", 200, "application/vnd.citationstyles.csl+json; charset=utf-8",
			[]string{`"type": "article-newspaper"`, `"container-title": "Field Wire"`, `"date-parts"`}},
		{"bibtex, no URL of its own", "/api/articles/fx-talks/cite?format=bibtex", 200, "application/x-bibtex; charset=utf-8",
			[]string{"@misc{sitrep-fx-talks,", "  title = {{Talks in Irbil}},", "  url = {http://example.com/articles/fx-talks},"}},
		{"unknown format", "/api/articles/fx-patrol/cite?format=mla", 400, "application/json", []string{"choose text, csl"}},
		{"unknown article", "/api/articles/nope/cite", 404, "application/json", []string{"error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := exportAnswer(t, h, tt.target)
			if res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.ctype) {
				t.Errorf("status %d, Content-Type %q; want %d, %q", res.StatusCode, res.Header.Get("Content-Type"), tt.status, tt.ctype)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(body), w) {
					t.Errorf("the answer lacks %q:\n%s", w, body)
				}
			}
			if tt.status == http.StatusOK && tt.name == "text by default" && !strings.Contains(string(body), today) {
				t.Errorf("the citation is not accessed today (%s): %s", today, body)
			}
		})
	}
}
