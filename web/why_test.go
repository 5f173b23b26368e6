package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/web"
)

// whyHit is a hit of /api/search with its highlights as text and spans
// and what it matched.
type whyHit struct {
	ID           string     `json:"id"`
	Title        string     `json:"title"`
	TitleHTML    string     `json:"title_html"`
	TitleSpans   [][2]int   `json:"title_spans"`
	Snippet      string     `json:"snippet"`
	SnippetText  string     `json:"snippet_text"`
	SnippetSpans [][2]int   `json:"snippet_spans"`
	Matched      []whyMatch `json:"matched"`
}

type whyMatch struct {
	Kind   string `json:"kind"`
	Text   string `json:"text"`
	Entity *struct {
		ID, Name, Type string
	} `json:"entity"`
}

// markedWith renders text with spans (UTF-16 offsets, as a JavaScript
// client reads them) as the API's HTML does: escaped, each span in
// <mark>.
func markedWith(t *testing.T, text string, spans [][2]int) string {
	t.Helper()
	units := utf16.Encode([]rune(text))
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		if sp[0] < at || sp[1] <= sp[0] || sp[1] > len(units) {
			t.Fatalf("span %v of %q out of order or bounds", sp, text)
		}
		b.WriteString(html.EscapeString(string(utf16.Decode(units[at:sp[0]]))))
		b.WriteString("<mark>" + html.EscapeString(string(utf16.Decode(units[sp[0]:sp[1]]))) + "</mark>")
		at = sp[1]
	}
	b.WriteString(html.EscapeString(string(utf16.Decode(units[at:]))))
	return b.String()
}

// TestIsisHitsSayWhy checks the API's answer for isis on the sample
// corpus: every hit's spans mark in its plain title and snippet what its
// HTML marks, and every hit has a highlight or says which entity it
// matched through, with the entity's id, name and type.
func TestIsisHitsSayWhy(t *testing.T) {
	var got struct {
		Total int      `json:"total"`
		Hits  []whyHit `json:"hits"`
	}
	get(t, "/api/search?q=isis&size=100", &got)
	if got.Total < 20 || len(got.Hits) == 0 {
		t.Fatalf("isis: %d hits of %d, want at least 20", len(got.Hits), got.Total)
	}
	aliases := 0
	for _, h := range got.Hits {
		if m := markedWith(t, h.Title, h.TitleSpans); m != h.TitleHTML {
			t.Errorf("%s: title spans mark %q, title_html is %q", h.ID, m, h.TitleHTML)
		}
		if m := markedWith(t, h.SnippetText, h.SnippetSpans); m != h.Snippet {
			t.Errorf("%s: snippet spans mark %q, snippet is %q", h.ID, m, h.Snippet)
		}
		entity := false
		for _, m := range h.Matched {
			switch m.Kind {
			case "alias", "entity":
				aliases++
				entity = entity || m.Kind == "entity"
				if m.Entity == nil || m.Entity.Name != "Islamic State" && !strings.Contains(m.Entity.Name, "ISIS") || m.Entity.Type != "organisation" || m.Entity.ID == "" {
					t.Errorf("%s: %s match %q names the entity %+v", h.ID, m.Kind, m.Text, m.Entity)
				}
			case "word":
			default:
				t.Errorf("%s: a %s match %q for isis", h.ID, m.Kind, m.Text)
			}
		}
		if len(h.TitleSpans)+len(h.SnippetSpans) == 0 && !entity {
			t.Errorf("%s %q: no highlight and no entity match: %+v", h.ID, h.Title, h.Matched)
		}
	}
	if aliases == 0 {
		t.Error("no isis hit matched through an alias")
	}
}

// TestSpansCountUTF16 checks the offsets of highlights in text beyond
// ASCII: é is one code unit (two bytes), 𝔸 two (four bytes), so the
// spans are those a JavaScript client slices with; and that a hit
// matched only through an entity says so, on the page too.
func TestSpansCountUTF16(t *testing.T) {
	h := serveArticles(t, web.Config{},
		&index.Article{Title: "Évacuation 𝔸 à Kirkuk", Body: "Café 𝔸𝔹 near Kirkuk, the évacuation went on.", URL: "https://example.com/utf", Source: "Test"},
		&index.Article{Title: "A quiet day", Body: "The group claimed nothing.", URL: "https://example.com/quiet", Source: "Test", Organisations: []string{"Islamic State"}},
	)
	var got struct {
		Hits []whyHit `json:"hits"`
	}
	decode(t, send(h, "GET", "/api/search?q=kirkuk", "", ""), &got)
	if len(got.Hits) != 1 {
		t.Fatalf("kirkuk: %d hits, want 1", len(got.Hits))
	}
	hit := got.Hits[0]
	// "Évacuation 𝔸 à " is 10 + 1 + 3 (𝔸 is two units) + 2 = 16 units.
	if want := [][2]int{{16, 22}}; !equalSpans(hit.TitleSpans, want) {
		t.Errorf("title spans %v, want %v", hit.TitleSpans, want)
	}
	units := utf16.Encode([]rune(hit.SnippetText))
	for _, sp := range hit.SnippetSpans {
		if s := string(utf16.Decode(units[sp[0]:sp[1]])); s != "Kirkuk" {
			t.Errorf("snippet span %v of %q is %q, want Kirkuk", sp, hit.SnippetText, s)
		}
	}
	if len(hit.SnippetSpans) != 1 {
		t.Errorf("snippet spans %v of %q, want one", hit.SnippetSpans, hit.SnippetText)
	}

	decode(t, send(h, "GET", "/api/search?q=islamic", "", ""), &got)
	if len(got.Hits) != 1 || len(got.Hits[0].Matched) != 1 || got.Hits[0].Matched[0].Kind != "entity" ||
		got.Hits[0].Matched[0].Entity == nil || got.Hits[0].Matched[0].Entity.Name != "Islamic State" {
		t.Fatalf("islamic: hits %+v, want one matched through the entity Islamic State", got.Hits)
	}
	page := send(h, "GET", "/?q=islamic", "", "").Body.String()
	if !strings.Contains(page, `Matched: <a href="/entities/`+got.Hits[0].Matched[0].Entity.ID+`" title="About Islamic State">Islamic State</a> (organisation)`) {
		t.Errorf("the result page does not say the hit matched through Islamic State:\n%s", page)
	}
}

// decode decodes the JSON answer rec recorded into v.
func decode(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatal(err)
	}
}

func equalSpans(a, b [][2]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestArticleFromResults opens an article from page 2 of a filtered,
// sorted search on the sample corpus: its page keeps the query in the
// search box and the filters in the form, marks the query's matches
// (ISIL and the like for isis) and the article's entities by kind, and
// links back to the very results page it was opened from.
func TestArticleFromResults(t *testing.T) {
	state := url.Values{"q": {"isis"}, "place": {"Syria"}, "page": {"2"}, "size": {"5"}, "sort": {"newest"}}
	results := "/?" + state.Encode()
	_, page := getPage(t, server, results)
	hrefs := regexp.MustCompile(`<h2><a href="([^"]+)">`).FindAllStringSubmatch(page, -1)
	if len(hrefs) == 0 {
		t.Fatalf("GET %s: no hits", results)
	}
	for _, m := range hrefs {
		href := html.UnescapeString(m[1])
		u, err := url.Parse(href)
		if err != nil || !strings.HasPrefix(u.Path, "/articles/") {
			t.Fatalf("hit link %q: not an article's page", href)
		}
		if got := u.Query(); got.Encode() != state.Encode() {
			t.Errorf("hit link %q carries %v, want the search's state %v", href, got, state)
		}
	}
	res, art := getPage(t, server, html.UnescapeString(hrefs[0][1]))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", hrefs[0][1], res.StatusCode)
	}
	back := regexp.MustCompile(`<a href="([^"]+)" id="back-to-results">`).FindStringSubmatch(art)
	if back == nil || html.UnescapeString(back[1]) != results {
		t.Errorf("back link %v, want %q", back, results)
	}
	for _, want := range []string{
		`<input id="q" name="q" type="search" value="isis"`,
		`<input type="hidden" name="place" value="Syria">`,
		`<input type="hidden" name="sort" value="newest">`,
		`<mark>`,
		`<a class="mention m-organisation" href="/entities/` + entity.ID(entity.Organisation, "Islamic State") + `" title="Islamic State (organisation)">`,
		`class="mention m-place"`,
	} {
		if !strings.Contains(art, want) {
			t.Errorf("the article page lacks %q", want)
		}
	}
	body := art[strings.Index(art, `<div class="body">`):]
	body = body[:strings.Index(body, "</div>")]
	marks := regexp.MustCompile(`<mark>([^<]*)</mark>`).FindAllStringSubmatch(body, -1)
	if len(marks) == 0 {
		t.Fatalf("the body marks nothing:\n%s", body)
	}
	names := []string{"isis", "isil", "daesh", "dae’sh", "da’esh", "islamic state"}
	for _, m := range marks {
		text := strings.ToLower(html.UnescapeString(m[1]))
		if !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(text, n) }) {
			t.Errorf("the body marks %q for isis, which names none of %v", m[1], names)
		}
	}

	// Opened without a search: no marks, no way back, an empty box.
	id := strings.TrimPrefix(strings.SplitN(html.UnescapeString(hrefs[0][1]), "?", 2)[0], "/articles/")
	_, plain := getPage(t, server, "/articles/"+id)
	for _, not := range []string{"<mark>", `id="back-to-results"`, `value="isis"`} {
		if strings.Contains(plain, not) {
			t.Errorf("opened alone, the article page holds %q", not)
		}
	}
	if !strings.Contains(plain, `class="mention m-organisation"`) {
		t.Error("opened alone, the article page marks no organisation")
	}
}
