package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search"
)

// This file is the citation of an article (GET /api/articles/{id}/cite,
// the article page's Cite box, the export's citation column): plain
// text, CSL-JSON and BibTeX, from one citation value.

// citation is what a citation of an article names.
type citation struct {
	ID, Title, Outlet string
	Authors           []string
	Published         *time.Time
	// URL is the article's original address (http or https), else its
	// Sitrep page when the server's address is known, else "".
	URL string
	// Accessed is the day the article was read in Sitrep.
	Accessed time.Time
}

// newCitation cites a as read on the day of accessed; base is the
// server's public address ("" when unknown), for articles with no URL of
// their own.
func newCitation(a *index.Article, base string, accessed time.Time) citation {
	c := citation{ID: a.ID, Title: a.Title, Outlet: a.Source, Authors: a.Authors, Published: a.Published, Accessed: accessed.UTC()}
	if u, err := url.Parse(a.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		c.URL = a.URL // not a javascript: or relative URL a feed once gave
	} else if base != "" {
		c.URL = base + articlePath(a.ID)
	}
	return c
}

// citeDate writes a day as a citation does: 13 September 2022.
func citeDate(t time.Time) string { return t.UTC().Format("2 January 2006") }

// text is the citation in the plain style of a reference list:
// Authors. “Title.” Outlet, 13 September 2022. URL. Sitrep id ID.
// Accessed 6 December 2026.
func (c citation) text() string {
	var b strings.Builder
	if len(c.Authors) > 0 {
		b.WriteString(strings.TrimSuffix(strings.Join(c.Authors, ", "), "."))
		b.WriteString(". ")
	}
	title := strings.TrimSpace(c.Title)
	if title == "" {
		title = "Untitled"
	}
	if !strings.ContainsAny(title[len(title)-1:], ".?!") {
		title += "."
	}
	fmt.Fprintf(&b, "“%s”", title)
	var where []string
	if c.Outlet != "" {
		where = append(where, c.Outlet)
	}
	if c.Published != nil {
		where = append(where, citeDate(*c.Published))
	} else {
		where = append(where, "undated")
	}
	b.WriteString(" " + strings.Join(where, ", ") + ".")
	if c.URL != "" {
		b.WriteString(" " + c.URL + ".")
	}
	fmt.Fprintf(&b, " Sitrep id %s. Accessed %s.", c.ID, citeDate(c.Accessed))
	return b.String()
}

// cslDate is a date in CSL-JSON: {"date-parts": [[2022, 9, 13]]}.
type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

func newCSLDate(t time.Time) *cslDate {
	t = t.UTC()
	return &cslDate{DateParts: [][]int{{t.Year(), int(t.Month()), t.Day()}}}
}

// cslName is an author in CSL-JSON, kept whole: news bylines are not
// reliably "given family".
type cslName struct {
	Literal string `json:"literal"`
}

// cslItem is one item of CSL-JSON, the format of Zotero, Pandoc and
// citeproc (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html).
type cslItem struct {
	ID             string    `json:"id"`
	Type           string    `json:"type"`
	Title          string    `json:"title"`
	ContainerTitle string    `json:"container-title,omitempty"`
	Author         []cslName `json:"author,omitempty"`
	Issued         *cslDate  `json:"issued,omitempty"`
	Accessed       *cslDate  `json:"accessed"`
	URL            string    `json:"URL,omitempty"`
	Note           string    `json:"note"`
}

// csl is the citation as CSL-JSON: an array of one item.
func (c citation) csl() ([]byte, error) {
	item := cslItem{
		ID: "sitrep-" + c.ID, Type: "article-newspaper", Title: c.Title, ContainerTitle: c.Outlet,
		Accessed: newCSLDate(c.Accessed), URL: c.URL, Note: "Sitrep id " + c.ID,
	}
	for _, a := range c.Authors {
		item.Author = append(item.Author, cslName{Literal: a})
	}
	if c.Published != nil {
		item.Issued = newCSLDate(*c.Published)
	}
	b, err := json.MarshalIndent([]cslItem{item}, "", "  ")
	return append(b, '\n'), err
}

// bibtex is the citation as a BibTeX @misc entry (the type every style
// knows), with biblatex's date, url and urldate fields beside year and
// month. Text is escaped for LaTeX; the title is braced so that styles
// keep its capitals.
func (c citation) bibtex() string {
	var b strings.Builder
	fmt.Fprintf(&b, "@misc{sitrep-%s,\n", bibKey(c.ID))
	field := func(name, value string) { fmt.Fprintf(&b, "  %s = {%s},\n", name, value) }
	field("title", "{"+bibEscape(c.Title)+"}")
	if len(c.Authors) > 0 {
		names := make([]string, len(c.Authors))
		for i, a := range c.Authors {
			names[i] = "{" + bibEscape(a) + "}" // whole: a byline, not "given family"
		}
		field("author", strings.Join(names, " and "))
	}
	if c.Outlet != "" {
		field("howpublished", bibEscape(c.Outlet))
		field("organization", bibEscape(c.Outlet))
	}
	if c.Published != nil {
		p := c.Published.UTC()
		field("date", p.Format(time.DateOnly))
		field("year", fmt.Sprint(p.Year()))
		field("month", fmt.Sprint(int(p.Month())))
	}
	if c.URL != "" {
		field("url", bibURL(c.URL))
	}
	field("urldate", c.Accessed.Format(time.DateOnly))
	fmt.Fprintf(&b, "  note = {Sitrep id %s; accessed %s}\n}\n", bibEscape(c.ID), citeDate(c.Accessed))
	return b.String()
}

// bibReplacer escapes the characters LaTeX gives a meaning to.
var bibReplacer = strings.NewReplacer(
	`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `#`, `\#`, `$`, `\$`, `%`, `\%`,
	`&`, `\&`, `_`, `\_`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
)

// bibEscape makes s safe inside a braced BibTeX field: LaTeX's special
// characters escaped (so braces always balance), lines joined.
func bibEscape(s string) string {
	return bibReplacer.Replace(strings.Join(strings.Fields(s), " "))
}

// bibURL makes a URL safe in a url field, which is read verbatim: only
// braces, backslashes and spaces, which would end or break it, are
// percent-encoded.
func bibURL(u string) string {
	return strings.NewReplacer("{", "%7B", "}", "%7D", `\`, "%5C", " ", "%20").Replace(u)
}

// bibKey keeps the characters a BibTeX key may hold.
func bibKey(id string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			return r
		}
		return '_'
	}, id)
}

// citePath returns the path of an article's citation.
func citePath(id string) string { return "/api" + articlePath(id) + "/cite" }

// citeView is an article's citation as its page's Cite box shows it.
type citeView struct {
	Text, BibTeX string
	// CSL and BibTeXURL link to the citation as CSL-JSON and BibTeX.
	CSL, BibTeXURL string
}

func newCiteView(c citation) citeView {
	return citeView{Text: c.text(), BibTeX: c.bibtex(), CSL: citePath(c.ID) + "?format=csl", BibTeXURL: citePath(c.ID) + "?format=bibtex"}
}

// citeFormats are the formats of GET /api/articles/{id}/cite, with their
// media types.
var citeFormats = map[string]string{
	"text":   echo.MIMETextPlainCharsetUTF8,
	"csl":    "application/vnd.citationstyles.csl+json; charset=utf-8",
	"bibtex": "application/x-bibtex; charset=utf-8",
}

// render writes the citation in format (text, csl or bibtex).
func (c citation) render(format string) ([]byte, error) {
	switch format {
	case "csl":
		return c.csl()
	case "bibtex":
		return []byte(c.bibtex()), nil
	}
	return []byte(c.text() + "\n"), nil
}

// cite answers GET /api/articles/:id/cite?format=text|csl|bibtex: the
// article's citation, accessed today.
func (a *api) cite(c echo.Context) error {
	format := c.QueryParam("format")
	if format == "" {
		format = "text"
	}
	ctype, ok := citeFormats[format]
	if !ok {
		return &search.QueryError{Param: "format", Msg: fmt.Sprintf("format=%q: choose text, csl (CSL-JSON) or bibtex", format)}
	}
	art, err := a.s.Article(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	body, err := newCitation(art, a.base(c), time.Now()).render(format)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, ctype, body)
}
