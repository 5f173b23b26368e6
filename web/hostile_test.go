package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/web"
)

// postArticles posts body to the write API and decodes the answer.
func postArticles(t *testing.T, h http.Handler, body string) (int, web.WriteResponse) {
	t.Helper()
	rec := send(h, http.MethodPost, "/api/articles", "Bearer "+token, body)
	var out web.WriteResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("POST answered %d %q: %v", rec.Code, rec.Body, err)
	}
	return rec.Code, out
}

// searchIDs returns the total and the ids of the first hits of an API search.
func searchIDs(t *testing.T, h http.Handler, query string) (int, []string) {
	t.Helper()
	rec := send(h, http.MethodGet, "/api/search?size=100&"+query, "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/search?%s: %d %s", query, rec.Code, rec.Body)
	}
	var res struct {
		Total int
		Hits  []struct{ ID string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, hit := range res.Hits {
		ids = append(ids, hit.ID)
	}
	return res.Total, ids
}

// TestHostileArticles writes hostile articles through the write API, as a
// feed would, and checks every page and answer that shows them: markup
// stays text, script URLs are never links, bidi controls are isolated, and
// an article with 10,000 people is indexed quickly and still renders.
func TestHostileArticles(t *testing.T) {
	h, _, _ := writeServer(t, web.Config{})
	const rtlTitle = "Raqqah \u202eevil\u202c report \u200bzero\u200d width \u2067مرحبا\u2069"
	records := []map[string]any{
		{
			"title":  "<script>alert(1)</script> Raqqah strike",
			"body":   "Strike near Raqqah. <img src=x onerror=alert(2)> stays text.",
			"source": "<b onmouseover=alert(3)>Wire</b>", "url": "javascript:alert(4)",
			"people": []string{"<script>alert(5)</script> Smith"}, "published": "2022-03-04",
		},
		{"title": "Data link from Raqqah", "body": "Raqqah again.", "url": "data:text/html,<script>alert(6)</script>", "published": "2022-04-01"},
		{"title": rtlTitle, "body": "A title with controls. Raqqah.", "url": "https://x.mil/rtl", "source": "\u202eWire\u202c", "published": "2022-05-01"},
	}
	var lines []string
	for _, r := range records {
		b, _ := json.Marshal(r)
		lines = append(lines, string(b))
	}
	if code, out := postArticles(t, h, strings.Join(lines, "\n")); code != http.StatusOK || out.Indexed != 3 {
		t.Fatalf("POST hostile articles: %d %+v", code, out)
	}
	total, ids := searchIDs(t, h, "q=raqqah")
	if total != 3 {
		t.Fatalf("raqqah finds %d articles, want 3", total)
	}
	// script and data URLs never become links; html/template would make
	// them "#ZgotmplZ" should they reach an href.
	noScript := []string{"<script>alert", "<img src=x", "<b onmouseover", `href="javascript:`, `href="data:`, "ZgotmplZ"}
	pages := []pageCase{
		{name: "search page", target: "/?q=raqqah", wantStatus: 200,
			want: []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;",
				"<bdi>&lt;b onmouseover=alert(3)&gt;Wire&lt;/b&gt;</bdi>", "<bdi>\u202eWire\u202c</bdi>"},
			notWant: noScript[:6]},
		{name: "a hostile filter value as a chip and a ticked facet value",
			target: "/?q=raqqah&source=" + url.QueryEscape("<b onmouseover=alert(3)>Wire</b>"), wantStatus: 200,
			want:    []string{"<span class=\"kind\">Source:</span> <bdi>&lt;b onmouseover=alert(3)&gt;Wire&lt;/b&gt;</bdi>"},
			notWant: noScript[:6]},
		{name: "an unknown hostile filter value", target: "/?person=" + url.QueryEscape("<script>alert(7)</script>"), wantStatus: 200,
			want: []string{"&lt;script&gt;alert(7)&lt;/script&gt;"}, notWant: []string{"<script>alert"}},
		{name: "facet page with a hostile prefix", target: "/facets/sources?q=raqqah&prefix=" + url.QueryEscape("<b"), wantStatus: 200,
			notWant: noScript[:6]},
		{name: "facet page listing hostile values", target: "/facets/sources?q=raqqah", wantStatus: 200,
			want: []string{"<bdi>&lt;b onmouseover=alert(3)&gt;Wire&lt;/b&gt;</bdi>"}, notWant: noScript[:6]},
	}
	for _, id := range ids {
		pages = append(pages, pageCase{name: "article " + id, target: "/articles/" + url.PathEscape(id), wantStatus: 200, notWant: noScript})
	}
	for _, tt := range pages {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, h) })
	}

	t.Run("bidi controls are kept and shown as given", func(t *testing.T) {
		_, ids := searchIDs(t, h, "q=width")
		if len(ids) != 1 {
			t.Fatalf("width finds %v", ids)
		}
		rec := send(h, http.MethodGet, "/api/articles/"+url.PathEscape(ids[0]), "", "")
		var a index.Article
		if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil || a.Title != rtlTitle {
			t.Errorf("stored title %q (%v), want %q", a.Title, err, rtlTitle)
		}
		pageCase{target: "/articles/" + url.PathEscape(ids[0]), wantStatus: 200,
			want: []string{"<h1>" + rtlTitle + "</h1>", "<bdi>\u202eWire\u202c</bdi>"}}.check(t, h)
	})

	t.Run("the JSON snippet is escaped", func(t *testing.T) {
		rec := send(h, http.MethodGet, "/api/search?q=onerror", "", "")
		var res struct {
			Hits []struct{ Snippet, TitleHTML string }
		}
		json.Unmarshal(rec.Body.Bytes(), &res)
		if len(res.Hits) != 1 || strings.Contains(res.Hits[0].Snippet, "<img") || !strings.Contains(res.Hits[0].Snippet, "&lt;img") {
			t.Errorf("snippets %+v: want the markup escaped", res.Hits)
		}
	})

	t.Run("dates the index cannot hold are rejected with the line", func(t *testing.T) {
		code, out := postArticles(t, h, `{"title": "Year zero", "published": "0000-01-01"}`+"\n"+`{"title": "Year 9999", "published": "9999-12-31"}`)
		if code != http.StatusBadRequest || out.Rejected != 2 || len(out.Errors) != 2 ||
			out.Errors[0].Line != 1 || !strings.Contains(out.Errors[0].Error, "out of range") || out.Errors[1].Line != 2 {
			t.Errorf("POST year 0 and 9999: %d %+v", code, out)
		}
		for _, tt := range []struct {
			query string
			want  int
		}{{"from=0001&to=9999", 3}, {"from=0001", 3}, {"from=9999", 0}, {"to=0001", 0}, {"to=9999-12-31", 3}, {"sort=oldest", 3}} {
			if total, _ := searchIDs(t, h, tt.query); total != tt.want {
				t.Errorf("GET /api/search?%s: total %d, want %d", tt.query, total, tt.want)
			}
		}
	})

	t.Run("the same id twice in one request keeps the later version, once", func(t *testing.T) {
		code, out := postArticles(t, h, `{"title": "Twin draft", "body": "first zwillingword", "url": "https://x.mil/twin"}`+"\n"+
			`{"title": "Twin final", "body": "second zwillingword", "url": "https://x.mil/twin/"}`)
		if code != http.StatusOK || out.Indexed+out.Updated != 2 {
			t.Errorf("POST twins: %d %+v", code, out)
		}
		total, ids := searchIDs(t, h, "q=zwillingword")
		rec := send(h, http.MethodGet, "/api/articles/"+url.PathEscape(ids[0]), "", "")
		if total != 1 || !strings.Contains(rec.Body.String(), "Twin final") {
			t.Errorf("after posting twins: %d copies, %s", total, rec.Body)
		}
	})

	t.Run("10,000 people in one article", func(t *testing.T) {
		people := make([]string, 10000)
		for i := range people {
			people[i] = fmt.Sprintf("Person %s", letters(i))
		}
		b, _ := json.Marshal(map[string]any{"title": "Roll call", "body": "A long list. Raqqah.", "url": "https://x.mil/roll", "people": people})
		start := time.Now()
		code, out := postArticles(t, h, string(b))
		took := time.Since(start)
		if code != http.StatusOK || out.Indexed != 1 {
			t.Fatalf("POST: %d %+v", code, out)
		}
		if took > 20*time.Second {
			t.Errorf("indexing one article with 10,000 people took %v", took)
		}
		_, ids := searchIDs(t, h, "q=roll")
		rec := send(h, http.MethodGet, "/api/articles/"+url.PathEscape(ids[0]), "", "")
		var a index.Article
		json.Unmarshal(rec.Body.Bytes(), &a)
		if len(a.People) != index.MaxEntitiesPerKind || a.People[0] != "Person "+letters(0) {
			t.Errorf("the article keeps %d people starting %q, want the first %d", len(a.People), a.People[:1], index.MaxEntitiesPerKind)
		}
		start = time.Now()
		res, body := getPage(t, h, "/articles/"+url.PathEscape(ids[0]))
		if res.StatusCode != 200 || strings.Count(body, `title="Search articles with this person"`) != index.MaxEntitiesPerKind {
			t.Errorf("article page: %d with %d person links", res.StatusCode, strings.Count(body, `title="Search articles with this person"`))
		}
		if res, _ := getPage(t, h, "/?q=roll"); res.StatusCode != 200 {
			t.Errorf("search page: %d", res.StatusCode)
		}
		t.Logf("indexed in %v; pages rendered in %v", took, time.Since(start))
	})
}

// letters spells n in base 26 with capitalised letters: Aa, Ab, …
func letters(n int) string {
	s := ""
	for i := 0; i < 3; i++ {
		s = string(rune('a'+n%26)) + s
		n /= 26
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
