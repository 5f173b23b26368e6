package parse_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/parse"
)

// readResult reads the single record of path: an article or an error.
func readResult(t *testing.T, path string) (*index.Article, error) {
	t.Helper()
	items := readPaths(t, nil, path)
	if len(items) != 1 {
		t.Fatalf("%s gave %d records, want 1", path, len(items))
	}
	if items[0].Err != nil {
		return nil, items[0].Err
	}
	return items[0].Article, nil
}

// TestReadHTMLPage reads a saved news page with realistic boilerplate.
func TestReadHTMLPage(t *testing.T) {
	a, err := readResult(t, "../../testdata/parse/pages/news-article.html")
	if err != nil {
		t.Fatal(err)
	}
	published := time.Date(2016, 10, 18, 14, 30, 0, 0, time.UTC)
	want := &index.Article{
		Title:     "Coalition strikes ISIS positions near Mosul",
		URL:       "https://www.defensedailywire.example/news/2016/10/coalition-strikes-mosul",
		Source:    "Defense Daily Wire",
		Authors:   []string{"Jane Marlow", "Omar Haddad"},
		Published: &published, DateSource: index.DateFromMetadata,
		Summary:  "Coalition aircraft struck Islamic State positions around Mosul as Iraqi forces advanced.",
		Captions: []string{"Smoke rises over eastern Mosul after a coalition strike, October 17, 2016. (photo credit: REUTERS/AZAD LASHKARI)"},
	}
	got := *a
	got.Body = ""
	if diff := cmp.Diff(want, &got); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
	paras := a.Paragraphs()
	if len(paras) != 6 || !strings.HasPrefix(paras[0], "Coalition aircraft struck Islamic State fighting positions") ||
		paras[3] != "Civilians flee toward Kurdish lines" {
		t.Errorf("paragraphs = %q, want the six of the story (with its sub-heading)", paras)
	}
	for _, boiler := range []string{"cookies", "Subscribe", "Share on", "Related stories", "hypersonic", "newsletter", "All rights reserved", "Home", "By Jane Marlow"} {
		if strings.Contains(a.Body, boiler) {
			t.Errorf("the body holds boilerplate %q", boiler)
		}
	}
}

func TestReadHTMLEdgeCases(t *testing.T) {
	tests := []struct {
		name, page string
		wantErr    string
		wantTitle  string
	}{
		{name: "not an article", page: "<html><head><title>Login</title></head><body><form><input></form></body></html>",
			wantErr: "no article text"},
		{name: "title from <title> when nothing better", wantTitle: "Plain page",
			page: "<html><head><title>Plain page</title></head><body><div><p>" + strings.Repeat("Troops moved north of the river at dawn. ", 20) + "</p></div></body></html>"},
		{name: "bad date in the page", wantErr: "cannot read the date",
			page: `<html><head><meta property="article:published_time" content="last Tuesday"></head><body><article><p>` + strings.Repeat("Text of the story. ", 40) + `</p></article></body></html>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := t.TempDir() + "/page.html"
			writeFile(t, path, tt.page)
			a, err := readResult(t, path)
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want one saying %q", err, tt.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case a.Title != tt.wantTitle:
				t.Errorf("title %q, want %q", a.Title, tt.wantTitle)
			}
		})
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// FuzzHTMLPage feeds arbitrary bytes to the saved-page reader: it must not
// panic, and an article it returns has text.
func FuzzHTMLPage(f *testing.F) {
	page, err := os.ReadFile("../../testdata/parse/pages/news-article.html")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(page)
	f.Add([]byte("<html><body><p>" + strings.Repeat("Troops moved north. ", 40) + "</p></body></html>"))
	f.Add([]byte(`<script type="application/ld+json">{"@graph": [[[{"@type": ["NewsArticle"], "author": [[{"name": 1}]]}]]]}</script>`))
	f.Add([]byte("<<<>>><p><li><figcaption></figcaption></li>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := t.TempDir() + "/page.html"
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, it := range readPaths(t, nil, path) {
			if it.Err == nil && it.Article.Title == "" && it.Article.Body == "" {
				t.Errorf("an article with neither title nor body from %q", data)
			}
		}
	})
}

// TestPageBoilerplate reads a news page whose cookie banner sits outside
// <main><article> (and a newsletter box inside it), as found, and with
// the banner in the forms other sites give it: the banner never reaches
// the body, and the article's own paragraphs are all kept.
func TestPageBoilerplate(t *testing.T) {
	data, err := os.ReadFile("../../testdata/parse/pages/cookie-outside-article.html")
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	const banner = `<div class="cookie">We use cookies to personalise content and ads, to provide social media features and to analyse our traffic. We also share information about your use of our site with our partners. <a href="/privacy">Privacy policy</a> <button>Accept all cookies</button></div>`
	if !strings.Contains(page, banner) {
		t.Fatal("the test page lost its cookie banner")
	}
	story := []string{
		"The U.S. Navy fired a prototype hypersonic interceptor",
		"The interceptor, launched from the guided-missile destroyer USS Pinckney",
		"Officials declined to say how fast the target was travelling.",
	}
	const regulation = "Regulators said sites must let readers reject cookies as easily as they accept them."
	replace := func(old, new string) func(string) string {
		return func(p string) string { return strings.Replace(p, old, new, 1) }
	}
	tests := []struct {
		name string
		edit func(page string) string
		keep []string // besides the story
	}{
		{"cookie banner outside main and article", func(p string) string { return p }, nil},
		{"consent manager by id", replace(banner, `<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" role="dialog"><p>This site uses cookies. By clicking Accept all cookies you agree to the storing of cookies on your device.</p><button>Accept all cookies</button><button>Cookie settings</button></div></div>`), nil},
		{"camel-case banner id", replace(banner, `<div id="CybotCookiebotDialog"><h2>This website uses cookies</h2><p>We use cookies to personalise content and ads.</p><button>Allow all cookies</button></div>`), nil},
		{"banner whose markup names nothing", replace(banner, `<div class="top-bar"><p>We use cookies to personalise content and ads, to provide social media features and to analyse our traffic.</p><button>Accept all cookies</button></div>`), nil},
		{"banner inside the article", func(p string) string { return replace("<h1>", banner+"<h1>")(replace(banner, "")(p)) }, nil},
		{"subscribers' wrapper holding the article", func(p string) string {
			return replace("</article>", "</div></article>")(replace("<article>", `<article><div class="subscriber-content">`)(p))
		}, nil},
		{"a paragraph of the story about cookies", replace("<p>Officials declined", "<p>"+regulation+"</p>\n<p>Officials declined"), []string{regulation}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.edit(page)
			a, err := parse.Page([]byte(p), "https://harbor.example/news/interceptor")
			if err != nil {
				t.Fatal(err)
			}
			paras := a.Paragraphs()
			if len(paras) != len(story)+len(tt.keep) {
				t.Errorf("%d paragraphs, want %d: %q", len(paras), len(story)+len(tt.keep), paras)
			}
			for _, s := range append(story, tt.keep...) {
				if !strings.Contains(a.Body, s) {
					t.Errorf("the body lost %q", s)
				}
			}
			if !strings.HasPrefix(a.Body, story[0]) {
				t.Errorf("the body starts %.80q, want the story", a.Body)
			}
			for _, boiler := range []string{"We use cookies", "uses cookies", "Accept all", "Allow all", "newsletter", "Privacy policy"} {
				if strings.Contains(a.Body, boiler) || strings.Contains(a.Summary, boiler) {
					t.Errorf("the article holds boilerplate %q: %q", boiler, paras)
				}
			}
		})
	}
}
