package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/search"
)

// This file makes every search a feed: /feeds/search.atom (Atom 1.0, RFC
// 4287) and /feeds/search.json (JSON Feed 1.1) list the newest articles
// matching a search's parameters, one entry per story, and answer a
// conditional GET with 304.

// The feed formats, as the last part of their path.
const (
	feedAtom = "atom"
	feedJSON = "json"
)

// DefaultFeedSize is how many entries a feed holds unless its size
// parameter asks otherwise (up to the server's page size limit).
const DefaultFeedSize = 20

// searchFeedURL returns the path and query of the feed, in format (atom
// or json), of the search with the parameters v: for the search page and
// any page showing a filtered search (an entity's, say) to link to.
func searchFeedURL(v url.Values, format string) string {
	p := feedParams(v)
	if len(p) == 0 {
		return "/feeds/search." + format
	}
	return "/feeds/search." + format + "?" + p.Encode()
}

// feedParams keeps the parameters of v that choose a feed's entries: a
// search page's state without its sort (a feed is newest first) and facet
// settings.
func feedParams(v url.Values) url.Values {
	p := newPageState(v).v
	for _, k := range []string{"sort", "facet_size", "facet_count"} {
		p.Del(k)
	}
	return p
}

// exportURL returns the path and query of the export, in format (csv or
// jsonl), of the search with the parameters v.
func exportURL(v url.Values, format string) string {
	p := exportParams(v)
	p.Set("format", format)
	return "/api/export?" + p.Encode()
}

// feedLinks are the feeds of the search a page shows.
type feedLinks struct {
	// Title is what a feed reader names the feeds; Atom and JSON are
	// their URLs.
	Title, Atom, JSON string
}

// searchFeeds returns the feeds of the search with the parameters v, for
// a page's head and its Follow link: the search page's, and any page
// showing a filtered search (an entity's: v holding its filter,
// person=NAME say).
func searchFeeds(v url.Values) *feedLinks {
	return &feedLinks{Title: "Sitrep: " + feedTitle(feedParams(v)), Atom: searchFeedURL(v, feedAtom), JSON: searchFeedURL(v, feedJSON)}
}

// exportLinks returns the Download links of the search with the
// parameters v.
func exportLinks(v url.Values) []link {
	return []link{{Label: "CSV", URL: exportURL(v, ExportCSV)}, {Label: "JSONL", URL: exportURL(v, ExportJSONL)}}
}

// publicBase returns the server's address for absolute links: public
// (--public-url) when set, else the scheme and host the request came to.
func publicBase(public string, c echo.Context) string {
	if public != "" {
		return strings.TrimSuffix(public, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}

// base returns the server's address for absolute links in answers to c.
func (a *api) base(c echo.Context) string { return publicBase(a.publicURL, c) }

// feed is a search's feed, in either format.
type feed struct {
	ID, Title, Description string
	// Home is the search page; Self the feed, Alternate the same feed in
	// the other format.
	Home, Self, Alternate string
	// Updated is when the feed last changed: the latest time any entry's
	// article was published or written to the index.
	Updated time.Time
	Entries []feedEntry
}

// feedEntry is one story (or, with collapse=false, one article).
type feedEntry struct {
	// ID names the story (or the article) for good: urn:sitrep:story:ID
	// (urn:sitrep:article:ID), whichever copy the entry shows.
	ID, Title string
	// Link is the article's page in Sitrep, Original its own URL.
	Link, Original string
	Source         string
	// Updated is the article's publication date, else when it was
	// written to the index.
	Updated   time.Time
	Published *time.Time
	// Text is the snippet, followed by the copies of the story.
	Text string
	// Copies name the story's other matching articles: "AP (15 May 2010)".
	Copies []string
	// Tags are the article's people, places and organisations.
	Tags []string
}

// newFeed shapes the result of the search with parameters params as a
// feed in format; base is the server's address.
func newFeed(base string, params url.Values, format string, res *search.Result) *feed {
	p := feedParams(params)
	sum := sha256.Sum256([]byte(p.Encode()))
	other := feedJSON
	if format == feedJSON {
		other = feedAtom
	}
	f := &feed{
		ID: "urn:sitrep:search:" + hex.EncodeToString(sum[:10]), Title: "Sitrep: " + feedTitle(p),
		Description: "The newest articles matching this search in Sitrep, one entry per story.",
		Home:        base + newPageState(p).link(func(url.Values) {}),
		Self:        base + searchFeedURL(p, format), Alternate: base + searchFeedURL(p, other),
	}
	if !res.Collapsed {
		f.Description = "The newest articles matching this search in Sitrep."
	}
	for _, h := range res.Hits {
		e := feedEntry{
			ID: "urn:sitrep:story:" + h.Story, Title: h.Title.Text, Link: base + articlePath(h.ID), Original: h.URL,
			Source: h.Source, Published: h.Published, Updated: h.Ingested, Text: h.Snippet.Text,
		}
		if !res.Collapsed {
			e.ID = "urn:sitrep:article:" + h.ID
		}
		if h.Published != nil {
			e.Updated = *h.Published
		}
		f.Updated = latest(f.Updated, e.Updated, h.Ingested)
		for _, m := range h.AlsoIn {
			name := m.Source
			if name == "" {
				name = m.Title
			}
			if date, _ := formatDate(m.Published); date != "" {
				name += " (" + date + ")"
			}
			e.Copies = append(e.Copies, name)
		}
		if more := h.AlsoInTotal - len(h.AlsoIn); more > 0 {
			e.Copies = append(e.Copies, fmt.Sprintf("%d more", more))
		}
		if len(e.Copies) > 0 {
			e.Text += "\n\nAlso in: " + strings.Join(e.Copies, ", ")
		}
		for _, f := range facetSpecs {
			if f.hit != nil {
				e.Tags = append(e.Tags, *f.hit(&h)...)
			}
		}
		f.Entries = append(f.Entries, e)
	}
	if f.Updated.IsZero() {
		f.Updated = time.Unix(0, 0) // an empty feed has changed never
	}
	f.Updated = f.Updated.UTC().Truncate(time.Second)
	return f
}

// latest returns the latest of times.
func latest(times ...time.Time) time.Time {
	var out time.Time
	for _, t := range times {
		if t.After(out) {
			out = t
		}
	}
	return out
}

// feedTitle names a search in words: “kirkuk” · place: Iraq · from 2020.
func feedTitle(p url.Values) string {
	var parts []string
	if q := p.Get("q"); q != "" {
		parts = append(parts, "“"+q+"”")
	}
	for _, f := range facetSpecs {
		for _, v := range p[f.Param] {
			parts = append(parts, f.Kind+": "+v)
		}
	}
	if v := p.Get("from"); v != "" {
		parts = append(parts, "from "+v)
	}
	if v := p.Get("to"); v != "" {
		parts = append(parts, "to "+v)
	}
	if len(parts) == 0 {
		return "all articles"
	}
	return strings.Join(parts, " · ")
}

// Atom 1.0 (RFC 4287) elements.
type (
	atomFeed struct {
		XMLName   xml.Name      `xml:"http://www.w3.org/2005/Atom feed"`
		ID        string        `xml:"id"`
		Title     string        `xml:"title"`
		Subtitle  string        `xml:"subtitle"`
		Updated   string        `xml:"updated"`
		Author    atomPerson    `xml:"author"`
		Generator atomGenerator `xml:"generator"`
		Links     []atomLink    `xml:"link"`
		Entries   []atomEntry   `xml:"entry"`
	}
	atomPerson struct {
		Name string `xml:"name"`
	}
	atomGenerator struct {
		URI  string `xml:"uri,attr,omitempty"`
		Name string `xml:",chardata"`
	}
	atomLink struct {
		Rel   string `xml:"rel,attr,omitempty"`
		Type  string `xml:"type,attr,omitempty"`
		Href  string `xml:"href,attr"`
		Title string `xml:"title,attr,omitempty"`
	}
	atomEntry struct {
		ID         string         `xml:"id"`
		Title      string         `xml:"title"`
		Updated    string         `xml:"updated"`
		Published  string         `xml:"published,omitempty"`
		Author     *atomPerson    `xml:"author,omitempty"`
		Links      []atomLink     `xml:"link"`
		Summary    atomText       `xml:"summary"`
		Categories []atomCategory `xml:"category"`
	}
	atomText struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	}
	atomCategory struct {
		Term string `xml:"term,attr"`
	}
)

// atom writes the feed as Atom 1.0.
func (f *feed) atom() ([]byte, error) {
	out := atomFeed{
		ID: f.ID, Title: f.Title, Subtitle: f.Description, Updated: f.Updated.Format(time.RFC3339),
		Author: atomPerson{Name: "Sitrep"}, Generator: atomGenerator{Name: "Sitrep"},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: f.Self},
			{Rel: "alternate", Type: "text/html", Href: f.Home},
			{Rel: "alternate", Type: "application/feed+json", Href: f.Alternate},
		},
	}
	for _, e := range f.Entries {
		ae := atomEntry{
			ID: e.ID, Title: e.Title, Updated: e.Updated.UTC().Format(time.RFC3339),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: e.Link}},
			Summary: atomText{Type: "text", Text: e.Text},
		}
		if e.Published != nil {
			ae.Published = e.Published.UTC().Format(time.RFC3339)
		}
		if e.Source != "" {
			ae.Author = &atomPerson{Name: e.Source}
		}
		if e.Original != "" {
			ae.Links = append(ae.Links, atomLink{Rel: "related", Type: "text/html", Href: e.Original, Title: "The original article"})
		}
		for _, t := range e.Tags {
			ae.Categories = append(ae.Categories, atomCategory{Term: t})
		}
		out.Entries = append(out.Entries, ae)
	}
	b, err := xml.MarshalIndent(out, "", " ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}

// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) objects.
type (
	jsonFeed struct {
		Version     string           `json:"version"`
		Title       string           `json:"title"`
		HomePageURL string           `json:"home_page_url"`
		FeedURL     string           `json:"feed_url"`
		Description string           `json:"description"`
		Authors     []jsonFeedAuthor `json:"authors"`
		Items       []jsonFeedItem   `json:"items"`
	}
	jsonFeedAuthor struct {
		Name string `json:"name"`
	}
	jsonFeedItem struct {
		ID            string           `json:"id"`
		URL           string           `json:"url"`
		ExternalURL   string           `json:"external_url,omitempty"`
		Title         string           `json:"title"`
		ContentText   string           `json:"content_text"`
		DatePublished string           `json:"date_published,omitempty"`
		DateModified  string           `json:"date_modified"`
		Authors       []jsonFeedAuthor `json:"authors,omitempty"`
		Tags          []string         `json:"tags,omitempty"`
	}
)

// json writes the feed as JSON Feed 1.1.
func (f *feed) json() ([]byte, error) {
	out := jsonFeed{
		Version: "https://jsonfeed.org/version/1.1", Title: f.Title, HomePageURL: f.Home, FeedURL: f.Self,
		Description: f.Description, Authors: []jsonFeedAuthor{{Name: "Sitrep"}}, Items: []jsonFeedItem{},
	}
	for _, e := range f.Entries {
		it := jsonFeedItem{
			ID: e.ID, URL: e.Link, ExternalURL: e.Original, Title: e.Title, ContentText: e.Text,
			DateModified: e.Updated.UTC().Format(time.RFC3339), Tags: e.Tags,
		}
		if e.Published != nil {
			it.DatePublished = e.Published.UTC().Format(time.RFC3339)
		}
		if e.Source != "" {
			it.Authors = []jsonFeedAuthor{{Name: e.Source}}
		}
		out.Items = append(out.Items, it)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	return append(b, '\n'), err
}

// feedTypes are the media types of the feed formats.
var feedTypes = map[string]string{
	feedAtom: "application/atom+xml; charset=utf-8",
	feedJSON: "application/feed+json; charset=utf-8",
}

// searchFeed answers GET /feeds/search.atom and /feeds/search.json: the
// newest hits of the search the parameters describe (sort is ignored),
// with an ETag (a digest of the feed) and Last-Modified (Feed.Updated),
// and 304 to a request whose If-None-Match or If-Modified-Since shows it
// has the feed already.
func (a *api) searchFeed(format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		params := c.QueryParams()
		req, err := searchRequest(params)
		if err != nil {
			return err
		}
		req.Sort, req.Page, req.Cursor = search.Newest, 1, ""
		if req.Size == 0 {
			req.Size = DefaultFeedSize
		}
		res, err := a.s.Hits(c.Request().Context(), req)
		if err != nil {
			return err
		}
		f := newFeed(a.base(c), params, format, res)
		var body []byte
		if format == feedJSON {
			body, err = f.json()
		} else {
			body, err = f.atom()
		}
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:12]) + `"`
		h := c.Response().Header()
		h.Set("ETag", etag)
		h.Set("Last-Modified", f.Updated.Format(http.TimeFormat))
		h.Set("Cache-Control", "max-age=60")
		if notModified(c.Request(), etag, f.Updated) {
			return c.NoContent(http.StatusNotModified)
		}
		return c.Blob(http.StatusOK, feedTypes[format], body)
	}
}

// notModified reports whether r's conditions (RFC 9110 §13) show that
// the client holds the representation with etag, last changed at
// modified: If-None-Match when sent, else If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == etag || t == "*" {
				return true
			}
		}
		return false
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !modified.After(since)
}
