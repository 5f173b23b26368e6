package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sitrep/sitrep/index"
)

// pageMeta is what a page says about itself in its head: <title>,
// OpenGraph and article: meta tags, JSON-LD NewsArticle, the canonical link.
type pageMeta struct {
	title, ogTitle, headline string
	siteName, publisher      string
	canonical, ogURL         string
	published, ogPublished   string
	authors                  []string
	description              string
}

// Page reads one web page fetched from pageURL (or saved, with pageURL
// ""), as a .html input is read. It fails when the page holds no article
// text or an unreadable date.
func Page(data []byte, pageURL string) (*index.Article, error) {
	if _, err := checkText(data); err != nil {
		return nil, err
	}
	return htmlPage(data, pageURL)
}

// htmlPage reads a saved web page: the article text found by readability
// (menus, related stories, cookie banners and share buttons left out),
// paragraphs and captions apart, and the metadata of its head. pageURL is
// where the page came from, when known; it resolves a relative canonical
// link and names the source when the page does not.
func htmlPage(data []byte, pageURL string) (*index.Article, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	meta := readMeta(doc)
	// A relative canonical link resolves against where the page came from,
	// or, for a saved file, against the page's own og:url.
	base, _ := url.Parse(firstNonEmpty(pageURL, meta.ogURL))
	if base != nil && !base.IsAbs() {
		base = nil
	}

	stripBoilerplate(doc)
	parser := readability.NewParser()
	parser.CharThresholds = 200
	art, err := parser.ParseAndMutate(doc, base)
	if err != nil && !errors.Is(err, readability.ErrTimestampMissing) {
		return nil, errors.New("no article text found in the page: is it an article page?")
	}

	var f fields
	f.title = firstNonEmpty(meta.headline, meta.ogTitle, art.Title(), meta.title)
	f.url = resolve(base, firstNonEmpty(meta.canonical, meta.ogURL, pageURL))
	if u, err := url.Parse(f.url); err != nil || !u.IsAbs() {
		f.url = "" // a relative link with nothing to resolve it against
	}
	f.source = firstNonEmpty(meta.siteName, meta.publisher, art.SiteName())
	if f.source == "" && base != nil {
		f.source = strings.TrimPrefix(base.Hostname(), "www.")
	}
	f.authors = meta.authors
	if len(f.authors) == 0 && art.Byline() != "" {
		f.authors = []string{strings.TrimPrefix(strings.TrimSpace(art.Byline()), "By ")}
	}
	if date := firstNonEmpty(meta.published, meta.ogPublished); date != "" {
		if f.published, err = parseDate(date); err != nil {
			return nil, err
		}
	} else if t, err := art.PublishedTime(); err == nil {
		if f.published, err = indexableDate(t, t.Format(time.RFC3339)); err != nil {
			return nil, err
		}
	}
	if art.Node != nil {
		var paras []string
		paras, f.captions = blocks(art.Node)
		paras = slices.DeleteFunc(paras, func(p string) bool { return isByline(p, f.authors) || isBoilerplateText(p) })
		f.body = strings.Join(paras, "\n\n")
	}
	f.summary = meta.description
	if strings.TrimSpace(f.body) == "" {
		return nil, errors.New("no article text found in the page: is it an article page?")
	}
	return f.article()
}

// isByline reports whether a paragraph is the story's byline ("By Jane
// Marlow and Omar Haddad"): short, opening with "By", naming an author.
func isByline(p string, authors []string) bool {
	if len(strings.Fields(p)) > 12 || !strings.HasPrefix(strings.ToLower(p), "by ") {
		return false
	}
	for _, a := range authors {
		if strings.Contains(p, a) {
			return true
		}
	}
	return len(authors) == 0
}

// resolve makes ref absolute against base; it returns ref unchanged when it
// cannot.
func resolve(base *url.URL, ref string) string {
	if ref == "" || base == nil {
		return ref
	}
	u, err := base.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}

// readMeta collects the metadata of a page's head and JSON-LD blocks.
func readMeta(doc *html.Node) pageMeta {
	var m pageMeta
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Title:
			if m.title == "" {
				m.title = collapse(textOf(n))
			}
		case atom.Meta:
			key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name")))
			value := collapse(attr(n, "content"))
			switch key {
			case "og:title":
				m.ogTitle = value
			case "og:site_name":
				m.siteName = value
			case "og:url":
				m.ogURL = value
			case "article:published_time":
				m.ogPublished = value
			case "author", "article:author":
				if value != "" && !strings.HasPrefix(value, "http") {
					m.authors = append(m.authors, value)
				}
			case "description", "og:description":
				if m.description == "" {
					m.description = value
				}
			}
		case atom.Link:
			if strings.EqualFold(attr(n, "rel"), "canonical") {
				m.canonical = attr(n, "href")
			}
		case atom.Script:
			if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
				m.readJSONLD([]byte(textOf(n)))
			}
		}
	}
	return m
}

// newsTypes are the schema.org types whose JSON-LD describes an article.
var newsTypes = map[string]bool{
	"NewsArticle": true, "Article": true, "ReportageNews": true, "AnalysisNewsArticle": true,
	"BlogPosting": true, "OpinionNewsArticle": true, "BackgroundNewsArticle": true,
}

// readJSONLD takes headline, date, authors and publisher from the first
// article object of a JSON-LD block (alone, in an array or in @graph).
func (m *pageMeta) readJSONLD(data []byte) {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return
	}
	var visit func(v any) bool
	visit = func(v any) bool {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				if visit(e) {
					return true
				}
			}
		case map[string]any:
			if g, ok := v["@graph"]; ok && visit(g) {
				return true
			}
			if !isNewsType(v["@type"]) {
				return false
			}
			m.headline = collapse(str(v["headline"]))
			m.published = str(v["datePublished"])
			if p, ok := v["publisher"].(map[string]any); ok {
				m.publisher = collapse(str(p["name"]))
			}
			if m.description == "" {
				m.description = collapse(str(v["description"]))
			}
			m.authors = append(m.authors, names(v["author"])...)
			return true
		}
		return false
	}
	visit(v)
}

func isNewsType(t any) bool {
	switch t := t.(type) {
	case string:
		return newsTypes[t]
	case []any:
		for _, e := range t {
			if isNewsType(e) {
				return true
			}
		}
	}
	return false
}

// names reads JSON-LD authors: a name, a Person object, or a list of them.
func names(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{collapse(v)}
	case map[string]any:
		if n := collapse(str(v["name"])); n != "" {
			return []string{n}
		}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, names(e)...)
		}
		return out
	}
	return nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// textOf returns the text inside n.
func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// blockAtoms are the elements whose text is one paragraph of the body.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Dd: true, atom.Dt: true,
}

// blocks splits the readable content into body paragraphs and captions
// (figcaption). Text outside any block element (a bare div) is a paragraph
// of its own.
func blocks(root *html.Node) (paras, captions []string) {
	var walk func(n *html.Node)
	var loose strings.Builder
	flush := func() {
		if t := collapse(loose.String()); t != "" {
			paras = append(paras, t)
		}
		loose.Reset()
	}
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				loose.WriteString(c.Data)
			case c.Type != html.ElementNode:
			case c.DataAtom == atom.Figcaption:
				flush()
				if t := collapse(textOf(c)); t != "" {
					captions = append(captions, t)
				}
			case blockAtoms[c.DataAtom] && !hasBlock(c):
				flush()
				if t := collapse(textOf(c)); t != "" {
					paras = append(paras, t)
				}
			case c.DataAtom == atom.Br:
				loose.WriteString(" ")
			case c.DataAtom == atom.Script || c.DataAtom == atom.Style || c.DataAtom == atom.Noscript:
			default:
				if isInline(c.DataAtom) {
					loose.WriteString(textOf(c))
					continue
				}
				flush()
				walk(c)
				flush()
			}
		}
	}
	walk(root)
	flush()
	return paras, captions
}

// hasBlock reports whether n holds block elements (a <li> holding <p>s is
// walked, not taken whole).
func hasBlock(n *html.Node) bool {
	for d := range n.Descendants() {
		if d != n && d.Type == html.ElementNode && (blockAtoms[d.DataAtom] || d.DataAtom == atom.Figcaption) {
			return true
		}
	}
	return false
}

func isInline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Span, atom.Em, atom.Strong, atom.B, atom.I, atom.U, atom.Small, atom.Sub,
		atom.Sup, atom.Abbr, atom.Cite, atom.Code, atom.Q, atom.Time, atom.Mark, atom.S:
		return true
	}
	return false
}

// page reads one web page, saved or fetched from pageURL.
func (r *reader) page(name string, data []byte, pageURL string) bool {
	size := int64(len(data))
	if line, err := checkText(data); err != nil {
		return r.emit(name, line, size, nil, err)
	}
	a, err := htmlPage(data, pageURL)
	line := 1
	if err != nil {
		line = 0
	}
	return r.emit(name, line, size, a, err)
}
