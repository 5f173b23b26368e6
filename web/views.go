package web

import (
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/watch"
	"github.com/sitrep/sitrep/search"
)

// This file holds the view models every page shares and those of the
// article, facet and feeds pages.

// layout is what base.html needs of every page.
type layout struct {
	// Title is the page's title, before " · Sitrep".
	Title string
	// Query fills the search box; From and To its date boxes (a whole
	// day each, as an <input type="date"> holds it); UndatedChoice its
	// choice of the articles without a date ("", "include", "exclude" or
	// "1").
	Query, From, To, UndatedChoice string
	// DateNote says which dates the query's own date terms keep (date:,
	// after:, before:), which the boxes narrow but cannot widen; "" when
	// it has none.
	DateNote string
	// Keep are the hidden fields of the search box's form: the filters a
	// new query keeps.
	Keep []param
	// Follow are the feeds of the search the page shows (searchFeeds),
	// linked from its head as rel="alternate".
	Follow *feedLinks
}

// link is a labelled URL.
type link struct {
	Label, URL string
	Current    bool
}

// articleView is the data of the article page.
type articleView struct {
	layout
	// Heading is the title as text, HeadingHTML as shown: the query's
	// matches marked, the entities' mentions linked, as in SummaryHTML
	// and each of BodyHTML's paragraphs.
	Heading     string
	HeadingHTML template.HTML
	SummaryHTML template.HTML
	BodyHTML    []template.HTML
	// BackURL returns to the results the article was opened from; ""
	// when it was not opened from a search.
	BackURL string
	// Why explains the marks, as under a hit.
	Why                        []whyView
	Summary, Source, SourceURL string
	Date, DateTime             string
	// DateFrom says where a date not given by the article's metadata was
	// read: "the dateline", "the URL", "the text".
	DateFrom               string
	Original, OriginalHost string
	Authors, Captions      []string
	Entities               []entityGroup
	Similar                []similarView
	// Cite is the article's citation, in the Cite box.
	Cite citeView
}

// entityGroup is the people, places or organisations of an article.
type entityGroup struct {
	Name, Label string
	Links       []entityLink
}

// similarView is one "more like this" article.
type similarView struct {
	Href, Title, Source, Date, DateTime string
}

// newArticleView shapes the article a, annotated as ann says, opened
// with the parameters q: the search it was found by, whose query fills
// the search box and whose results it links back to.
func newArticleView(a *index.Article, ann *search.Annotation, q url.Values) articleView {
	title := a.Title
	if title == "" {
		title = "(untitled)"
	}
	st := newPageState(nil)
	v := articleView{
		layout:      newPageState(q).formLayout(title),
		Heading:     title,
		HeadingHTML: template.HTML(template.HTMLEscapeString(title)),
		Summary:     a.Summary,
		SummaryHTML: template.HTML(template.HTMLEscapeString(a.Summary)),
		Source:      a.Source,
		Authors:     a.Authors,
		Captions:    a.Captions,
		BackURL:     resultsOf(q),
	}
	for _, p := range a.Paragraphs() {
		v.BodyHTML = append(v.BodyHTML, template.HTML(template.HTMLEscapeString(p)))
	}
	if ann != nil && ann.Title.Text == a.Title && ann.Summary.Text == a.Summary && ann.Body.Text == a.Body {
		if a.Title != "" {
			// The heading marks the query's matches alone: its entities
			// are linked beside the article.
			v.HeadingHTML = markedHTML(ann.Title.Marked)
		}
		v.SummaryHTML = annotatedHTML(ann.Summary, 0, len(a.Summary))
		v.BodyHTML = paragraphsHTML(ann.Body)
		v.Why = whyViews(ann.Matched)
	}
	if a.Source != "" {
		v.SourceURL = st.adding("source", a.Source)
	}
	v.Date, v.DateTime = formatDate(a.Published)
	switch a.DateSource {
	case index.DateFromDateline:
		v.DateFrom = "the dateline"
	case index.DateFromURL:
		v.DateFrom = "the URL"
	case index.DateFromText:
		v.DateFrom = "the text"
	}
	if u, err := url.Parse(a.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		v.Original, v.OriginalHost = a.URL, strings.TrimPrefix(u.Hostname(), "www.")
	}
	for _, f := range facetSpecs {
		if f.article == nil || len(*f.article(a)) == 0 {
			continue
		}
		eg := entityGroup{Name: f.Name, Label: f.Label}
		for _, val := range *f.article(a) {
			eg.Links = append(eg.Links, entityLink{Kind: f.Kind, Value: val, URL: st.adding(f.Param, val), Page: entityPath(search.EntityID(f.Name, val))})
		}
		v.Entities = append(v.Entities, eg)
	}
	return v
}

// paragraphsHTML renders the paragraphs of an annotated body.
func paragraphsHTML(body search.Annotated) []template.HTML {
	var out []template.HTML
	for at := 0; at < len(body.Text); {
		end := strings.Index(body.Text[at:], index.ParagraphSeparator)
		if end < 0 {
			end = len(body.Text)
		} else {
			end += at
		}
		out = append(out, annotatedHTML(body, at, end))
		at = end + len(index.ParagraphSeparator)
	}
	return out
}

// similarViews lists the "more like this" hits.
func similarViews(hits []search.Hit) []similarView {
	var out []similarView
	for _, h := range hits {
		sv := similarView{Href: articlePath(h.ID), Title: h.Title.Text, Source: h.Source}
		if sv.Title == "" {
			sv.Title = "(untitled)"
		}
		sv.Date, sv.DateTime = formatDate(h.Published)
		out = append(out, sv)
	}
	return out
}

// facetPageView is the data of the facet page: the values of one facet
// matching a prefix, for browsers without JavaScript.
type facetPageView struct {
	layout
	Name, Label, Noun, Prefix string
	// One and Many name what the counts count ("article", "articles").
	One, Many string
	Values    []facetValueView
	More      bool
	Selected  bool
	Hidden    []param
	BackURL   string
}

// helpView is the data of the help page.
type helpView struct {
	layout
	// Facets are the term facets the help describes.
	Facets []facetSpec
	// ErrorCodes are the codes of the API's error answers.
	ErrorCodes []errorCode
}

// feedsView is the data of the feeds status page.
type feedsView struct {
	layout
	Feeds    []watch.Status
	Interval time.Duration
}
