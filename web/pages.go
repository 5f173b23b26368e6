package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/search"
)

// This file holds the HTML page handlers; their view models are built in
// views.go and searchview.go.

// pages holds the HTML page handlers.
type pages struct {
	s      Searcher
	logger *slog.Logger
	// feedStatus reports the watched feeds; nil when there are none.
	feedStatus   FeedStatus
	feedInterval time.Duration
	entities     entityLookup
	// geo draws the maps.
	geo *geo
	// publicURL is Config.PublicURL, for citations.
	publicURL string
}

// search answers GET /: the search page. A query that cannot be run is
// shown on the page with status 400, the box still holding it.
func (p *pages) search(c echo.Context) error {
	params := c.QueryParams()
	st := newPageState(params)
	req, err := searchRequest(params)
	var res *search.Result
	if err == nil {
		// The page shows what stands out and the map.
		req.Significant, req.PlaceCounts = max(req.Significant, defaultSignificant), true
		res, err = p.s.Search(c.Request().Context(), req)
	}
	if qe, ok := errors.AsType[*search.QueryError](err); ok {
		return c.Render(http.StatusBadRequest, "search", errorSearchView(st, qe))
	}
	if err != nil {
		return err
	}
	st, req = named(st, req, res, p.geo.gaz)
	v := newSearchView(st, req, res)
	v.StandsOut = newStandsOutView(st, res.Significant)
	one, many := countUnits(res.FacetCount)
	v.Map = p.geo.resultMap(st, res.PlaceCounts, one, many)
	if len(params) == 0 {
		// The home page: what is rising this week.
		if v.Rising, err = p.rising(c.Request().Context()); err != nil {
			return err
		}
	}
	return c.Render(http.StatusOK, "search", v)
}

// article answers GET /articles/:id: the article, its entities as links to
// filtered searches, and more like it; opened from a search (the search's
// parameters, q among them), with the query's matches marked, the query
// in the search box and a link back to the results. An unknown id is an
// HTML 404.
func (p *pages) article(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := p.s.Article(ctx, c.Param("id"))
	if errors.Is(err, search.ErrNotFound) {
		return articleNotFound(c)
	}
	if err != nil {
		return err
	}
	ann, err := p.s.Annotate(ctx, a.ID, c.QueryParam("q"))
	if _, bad := errors.AsType[*search.QueryError](err); bad {
		// The article is shown with its entities, the query's mistake
		// on the search page it links back to.
		ann, err = p.s.Annotate(ctx, a.ID, "")
	}
	switch {
	case errors.Is(err, search.ErrNotFound):
		return articleNotFound(c)
	case err != nil:
		return err
	}
	v := newArticleView(a, ann, c.QueryParams())
	v.Cite = newCiteView(newCitation(a, publicBase(p.publicURL, c), time.Now()))
	similar, err := p.s.SimilarTo(ctx, a, search.DefaultSimilar)
	switch {
	case err == nil:
		v.Similar = similarViews(similar)
	case ctx.Err() != nil:
		return err
	default:
		// The article is worth showing without its neighbours.
		p.logger.WarnContext(ctx, "more like this", slog.String("id", a.ID), slog.Any("error", err))
	}
	return c.Render(http.StatusOK, "article", v)
}

// articleNotFound answers the page of an article no longer (or never)
// in the index.
func articleNotFound(c echo.Context) error {
	return renderError(c, http.StatusNotFound, fmt.Sprintf("No article has the id %q. It may have been removed from the index; search for it instead.", c.Param("id")))
}

// facet answers GET /facets/:facet?prefix=: the page a facet's Find box
// submits to without JavaScript, listing the values matching the prefix
// under the same query and filters.
func (p *pages) facet(c echo.Context) error {
	name := c.Param("facet")
	fp, ok := findFacet(func(f facetSpec) bool { return f.Name == name })
	if !ok {
		return renderError(c, http.StatusNotFound, fmt.Sprintf("There is no facet %q: the facets are %s.", name, facetNames()))
	}
	params := c.QueryParams()
	req, err := searchRequest(params)
	if err != nil {
		return err
	}
	prefix := strings.TrimSpace(params.Get("prefix"))
	res, err := p.s.FacetValues(c.Request().Context(), search.FacetRequest{
		Request: req, Facet: fp.Name, Prefix: prefix, Size: moreFacetSize,
	})
	if err != nil {
		return err
	}
	st := newPageState(params)
	v := facetPageView{
		layout: st.formLayout(fp.Label),
		Name:   fp.Name, Label: fp.Label, Noun: fp.Noun, Prefix: prefix,
		More: res.More, Hidden: st.params(), BackURL: st.link(func(url.Values) {}),
	}
	v.One, v.Many = countUnits(req.FacetCount)
	var selected int
	v.Values, selected = facetValueViews(st, fp, res.Values, v.One, v.Many)
	v.Selected = selected > 0
	return c.Render(http.StatusOK, "facet", v)
}

// help answers GET /help: the query language, the facets and the data.
func (p *pages) help(c echo.Context) error {
	return c.Render(http.StatusOK, "help", helpView{layout: layout{Title: "Help"}, Facets: facetSpecs, ErrorCodes: errorCodes})
}

// feeds shows when each watched feed was last fetched and what failed.
func (p *pages) feeds(c echo.Context) error {
	v := feedsView{layout: layout{Title: "Feeds"}}
	if p.feedStatus != nil {
		v.Feeds, v.Interval = p.feedStatus.Status(), p.feedInterval
	}
	return c.Render(http.StatusOK, "feeds", v)
}
