package web_test

import (
	"encoding/json"
	"encoding/xml"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// atomDoc is what RFC 4287 requires of a feed and its entries, read
// from the feed's XML.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"http://www.w3.org/2005/Atom id"`
	Title   string   `xml:"http://www.w3.org/2005/Atom title"`
	Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
	Authors []struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Links   []atomDocLink `xml:"http://www.w3.org/2005/Atom link"`
	Entries []struct {
		ID      string        `xml:"http://www.w3.org/2005/Atom id"`
		Title   string        `xml:"http://www.w3.org/2005/Atom title"`
		Updated string        `xml:"http://www.w3.org/2005/Atom updated"`
		Links   []atomDocLink `xml:"http://www.w3.org/2005/Atom link"`
		Summary string        `xml:"http://www.w3.org/2005/Atom summary"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomDocLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

// alternate returns the href of the links' rel="alternate" (or
// rel-less) link of type text/html, or "".
func alternate(links []atomDocLink) string {
	for _, l := range links {
		if l.Rel == "alternate" || l.Rel == "" {
			return l.Href
		}
	}
	return ""
}

// getFeed sends GET target to h with the given headers.
func getFeed(t *testing.T, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestAtomFeed validates search feeds against what RFC 4287 requires
// (feed id, title, updated and author; entry id, title, updated and
// link), and checks that entries are the search's newest hits, one per
// story, with absolute links and stable ids.
func TestAtomFeed(t *testing.T) {
	fx := newStoryFixture(t)
	for _, target := range []string{"/feeds/search.atom", "/feeds/search.atom?place=Kirkuk&q=army", "/feeds/search.atom?q=zzyzxqwv", "/feeds/search.atom?collapse=false&size=5"} {
		t.Run(target, func(t *testing.T) {
			rec := getFeed(t, fx.h, target)
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/atom+xml; charset=utf-8" {
				t.Fatalf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
			}
			var doc atomDoc
			if err := xml.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatalf("not Atom XML: %v", err)
			}
			if doc.ID == "" || doc.Title == "" || len(doc.Authors) == 0 || doc.Authors[0].Name == "" {
				t.Errorf("feed id %q, title %q, authors %v: all required", doc.ID, doc.Title, doc.Authors)
			}
			if _, err := time.Parse(time.RFC3339, doc.Updated); err != nil {
				t.Errorf("feed updated %q: %v", doc.Updated, err)
			}
			self := ""
			for _, l := range doc.Links {
				if l.Rel == "self" {
					self = l.Href
				}
			}
			if !strings.HasPrefix(self, "http://example.com/feeds/search.atom") {
				t.Errorf("self link %q, want the feed's absolute URL", self)
			}
			var last time.Time
			ids := map[string]bool{}
			for i, e := range doc.Entries {
				updated, err := time.Parse(time.RFC3339, e.Updated)
				if e.ID == "" || e.Title == "" || err != nil {
					t.Errorf("entry %d: id %q, title %q, updated %q (%v): all required", i, e.ID, e.Title, e.Updated, err)
				}
				if i > 0 && updated.After(last) {
					t.Errorf("entry %d (%s) is newer than the one before it", i, e.Updated)
				}
				last = updated
				if ids[e.ID] {
					t.Errorf("entry id %s twice", e.ID)
				}
				ids[e.ID] = true
				if href := alternate(e.Links); !strings.HasPrefix(href, "http://example.com/articles/") {
					t.Errorf("entry %d links to %q, want its absolute article page", i, href)
				}
			}
			if strings.Contains(target, "zzyzxqwv") != (len(doc.Entries) == 0) {
				t.Errorf("%d entries", len(doc.Entries))
			}
		})
	}

	// One entry per story, named by the story, its copies named.
	var doc atomDoc
	if err := xml.Unmarshal(getFeed(t, fx.h, "/feeds/search.atom?size=100").Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Entries) != len(fx.wire) {
		t.Errorf("%d entries, want one per story (%d)", len(doc.Entries), len(fx.wire))
	}
	found := false
	for _, e := range doc.Entries {
		if e.ID == "urn:sitrep:story:"+fx.wire[0].ID {
			found = true
			if !strings.Contains(e.Summary, "Also in: ") || !strings.Contains(e.Summary, "Reuters") && !strings.Contains(e.Summary, "AP") {
				t.Errorf("story 0's entry does not name its copies: %q", e.Summary)
			}
		}
	}
	if !found {
		t.Errorf("no entry urn:sitrep:story:%s", fx.wire[0].ID)
	}
}

// TestJSONFeed checks the shape JSON Feed 1.1 requires.
func TestJSONFeed(t *testing.T) {
	fx := newStoryFixture(t)
	rec := getFeed(t, fx.h, "/feeds/search.json?place=Kirkuk")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/feed+json; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var f struct {
		Version, Title string
		HomePageURL    string `json:"home_page_url"`
		FeedURL        string `json:"feed_url"`
		Items          []struct {
			ID, URL, Title string
			ContentText    string `json:"content_text"`
			DateModified   string `json:"date_modified"`
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if f.Version != "https://jsonfeed.org/version/1.1" || f.Title == "" || !strings.HasPrefix(f.FeedURL, "http://example.com/feeds/search.json?") || !strings.HasPrefix(f.HomePageURL, "http://example.com/?") {
		t.Errorf("feed %q %q %q %q", f.Version, f.Title, f.FeedURL, f.HomePageURL)
	}
	if len(f.Items) != len(fx.wire) {
		t.Errorf("%d items, want %d", len(f.Items), len(fx.wire))
	}
	for _, it := range f.Items {
		if _, err := time.Parse(time.RFC3339, it.DateModified); it.ID == "" || it.Title == "" || !strings.HasPrefix(it.URL, "http://example.com/articles/") || err != nil {
			t.Errorf("item %+v", it)
		}
	}
}

// TestFeedConditionalGET checks that a reader polling with the ETag or
// the Last-Modified it was given gets 304, and the feed again once it
// changes.
func TestFeedConditionalGET(t *testing.T) {
	ix := indextest.New(t)
	wire := indextest.WireStories(t, 4)
	indextest.Add(t, ix, wire[:3]...)
	h, err := web.New(web.Config{PublicURL: "https://sitrep.example.org/"}, search.New(ix), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	first := getFeed(t, h, "/feeds/search.atom")
	etag, modified := first.Header().Get("ETag"), first.Header().Get("Last-Modified")
	if etag == "" || modified == "" {
		t.Fatalf("ETag %q, Last-Modified %q", etag, modified)
	}
	if !strings.Contains(first.Body.String(), `href="https://sitrep.example.org/articles/`) {
		t.Errorf("the feed's links do not use the public URL")
	}
	tests := []struct {
		name   string
		header []string
		want   int
	}{
		{"same ETag", []string{"If-None-Match", etag}, http.StatusNotModified},
		{"one of several ETags, weak", []string{"If-None-Match", `"other", W/` + etag}, http.StatusNotModified},
		{"another ETag", []string{"If-None-Match", `"other"`}, http.StatusOK},
		{"not modified since", []string{"If-Modified-Since", modified}, http.StatusNotModified},
		{"modified since", []string{"If-Modified-Since", "Mon, 02 Jan 2006 15:04:05 GMT"}, http.StatusOK},
		{"no condition", nil, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := getFeed(t, h, "/feeds/search.atom", tt.header...)
			if rec.Code != tt.want {
				t.Errorf("status %d, want %d", rec.Code, tt.want)
			}
			if rec.Code == http.StatusNotModified && rec.Body.Len() > 0 {
				t.Errorf("a 304 with a body")
			}
		})
	}
	// A new article changes the feed: the old ETag no longer matches.
	indextest.Add(t, ix, wire[3])
	if rec := getFeed(t, h, "/feeds/search.atom", "If-None-Match", etag); rec.Code != http.StatusOK {
		t.Errorf("after a write, status %d, want 200", rec.Code)
	}
}
