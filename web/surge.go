package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/search"
)

// This file is what surges (search.Surging): GET /api/entities?surging=1,
// the flag of a surging entity on its page and in its JSON, and the home
// page's "Rising this week".

// defaultSurging is how many surging entities /api/entities lists when
// not told; risingShown how many the home page lists.
const (
	defaultSurging = 10
	risingShown    = 8
)

// spanJSON is a run of days: the first and the last, YYYY-MM-DD.
type spanJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// newSpanJSON returns s for JSON; nil when it is zero.
func newSpanJSON(s search.DaySpan) *spanJSON {
	if s.From.IsZero() {
		return nil
	}
	return &spanJSON{From: s.From.Format(time.DateOnly), To: s.To.Format(time.DateOnly)}
}

// SurgingResponse is the JSON answer of GET /api/entities?surging=1.
type SurgingResponse struct {
	// Window is the last week, Baseline the 12 weeks before; null when
	// no article is dated.
	Window   *spanJSON `json:"window"`
	Baseline *spanJSON `json:"baseline"`
	// WindowArticles and BaselineArticles count their articles.
	WindowArticles   uint64      `json:"window_articles"`
	BaselineArticles uint64      `json:"baseline_articles"`
	Entities         []surgeJSON `json:"entities"`
}

// surgeJSON is one surging entity.
type surgeJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Type  string `json:"type"`
	Facet string `json:"facet"`
	// Recent and Baseline count the articles of the window and of the
	// baseline naming it.
	Recent   int `json:"recent"`
	Baseline int `json:"baseline"`
	// Lift is its share of the window's articles over its share of the
	// baseline's; null when the baseline never named it.
	Lift  *float64 `json:"lift"`
	Score float64  `json:"score"`
	// Page is its page; Search the /api/search URL of its window's
	// articles.
	Page   string `json:"page"`
	Search string `json:"search"`
}

// entitySurgeJSON is the surge field of /api/entities/{id}.
type entitySurgeJSON struct {
	Recent   int       `json:"recent"`
	Baseline int       `json:"baseline"`
	Lift     *float64  `json:"lift"`
	Score    float64   `json:"score"`
	Window   *spanJSON `json:"window"`
	// BaselineWindow is the span Baseline counts.
	BaselineWindow *spanJSON `json:"baseline_window"`
}

// liftJSON returns l, or nil when it is infinite (a name new this week).
func liftJSON(l float64) *float64 {
	if math.IsInf(l, 0) {
		return nil
	}
	return &l
}

// windowSearch returns the state of the search page filtered on the
// surging entity s and the days of w.
func windowSearch(s search.Surge, w search.DaySpan) pageState {
	f, _ := findFacet(func(f facetSpec) bool { return f.Name == s.Facet })
	return newPageState(url.Values{f.Param: {s.Value},
		"from": {w.From.Format(time.DateOnly)}, "to": {w.To.Format(time.DateOnly)}})
}

// apiSearch returns the /api/search URL of the search page st.
func apiSearch(st pageState) string {
	return "/api/search" + strings.TrimPrefix(st.link(func(url.Values) {}), "/")
}

// surging answers GET /api/entities?surging=1&size=: the surging entities,
// most significant first. Without surging=1 it is a 400 saying how to
// ask: there is no list of every entity (the facets of /api/search are).
func (a *api) surging(c echo.Context) error {
	q := c.QueryParams()
	if s := q.Get("surging"); s != "1" && s != "true" {
		return &search.QueryError{Param: "surging", Msg: fmt.Sprintf("surging=%q: /api/entities lists only the surging entities: ask /api/entities?surging=1 (and size= up to %d); for all the people, places or organisations of a search, see the facets of /api/search, and for one entity /api/entities/{id}", s, search.MaxSurging)}
	}
	size, err := intParam(q, "size")
	if err != nil {
		return err
	}
	if size == 0 {
		size = defaultSurging
	}
	s, err := a.entities.s.Surging(c.Request().Context(), time.Now(), size)
	if err != nil {
		return err
	}
	out := SurgingResponse{Window: newSpanJSON(s.Window), Baseline: newSpanJSON(s.Baseline),
		WindowArticles: s.WindowArticles, BaselineArticles: s.BaselineArticles, Entities: []surgeJSON{}}
	for _, e := range s.Entities {
		out.Entities = append(out.Entities, surgeJSON{ID: e.ID, Name: e.Value, Type: e.Kind.String(), Facet: e.Facet,
			Recent: e.Recent, Baseline: e.Baseline, Lift: liftJSON(e.Lift), Score: e.Score,
			Page: entityPath(e.ID), Search: apiSearch(windowSearch(e, s.Window))})
	}
	return c.JSON(http.StatusOK, out)
}

// surgeOf returns the surge of the entity with the id now, with the
// surges it was found in; nil when it does not surge.
func (l entityLookup) surgeOf(ctx context.Context, id string) (*search.Surges, *search.Surge, error) {
	s, err := l.s.SurgeOf(ctx, time.Now(), id)
	if err != nil || len(s.Entities) == 0 {
		return s, nil, err
	}
	return s, &s.Entities[0], nil
}

// newEntitySurgeJSON returns the surge field of an entity's JSON; nil
// when it does not surge.
func newEntitySurgeJSON(s *search.Surges, e *search.Surge) *entitySurgeJSON {
	if e == nil {
		return nil
	}
	return &entitySurgeJSON{Recent: e.Recent, Baseline: e.Baseline, Lift: liftJSON(e.Lift), Score: e.Score,
		Window: newSpanJSON(s.Window), BaselineWindow: newSpanJSON(s.Baseline)}
}

// surgeView flags a surging entity on its page.
type surgeView struct {
	// Text reads "Rising this week: 9 articles, ×6 its usual share";
	// Window "9–15 Jun 2024"; SearchURL is the search of its articles of
	// the window.
	Text, Window, SearchURL string
}

// surgeText says how an entity surges: "9 articles, ×6 its usual share",
// or "3 articles, none in the 12 weeks before".
func surgeText(e search.Surge) string {
	n := countArticles(uint64(e.Recent))
	if math.IsInf(e.Lift, 0) {
		return n + ", none in the 12 weeks before"
	}
	return n + ", ×" + formatLift(e.Lift) + " its usual share"
}

// formatSpan writes a run of days for reading: "9–15 Jun 2024".
func formatSpan(s search.DaySpan) string {
	switch {
	case s.From.Year() != s.To.Year():
		return s.From.Format("2 Jan 2006") + "–" + s.To.Format("2 Jan 2006")
	case s.From.Month() != s.To.Month():
		return s.From.Format("2 Jan") + "–" + s.To.Format("2 Jan 2006")
	}
	return s.From.Format("2") + "–" + s.To.Format("2 Jan 2006")
}

// newSurgeView returns the flag of a surging entity; nil when it does not
// surge.
func newSurgeView(s *search.Surges, e *search.Surge) *surgeView {
	if e == nil {
		return nil
	}
	return &surgeView{Text: "Rising this week: " + surgeText(*e), Window: formatSpan(s.Window),
		SearchURL: windowSearch(*e, s.Window).link(func(url.Values) {})}
}

// risingView is the home page's "Rising this week".
type risingView struct {
	// Window reads "9–15 Jun 2024"; Counted "4 articles that week, 8 in
	// the 12 weeks before", to say why nothing rises when Items is empty.
	Window, Counted string
	Items           []risingItem
}

// risingItem is one surging entity: its page and the search of its
// articles of the week.
type risingItem struct {
	Kind, Name, Page, SearchURL, Text string
}

// rising returns the home page's "Rising this week", which may list
// nothing; nil when no article is dated.
func (p *pages) rising(ctx context.Context) (*risingView, error) {
	s, err := p.entities.s.Surging(ctx, time.Now(), risingShown)
	if err != nil || s.Window.From.IsZero() {
		return nil, err
	}
	v := &risingView{Window: formatSpan(s.Window),
		Counted: countArticles(s.WindowArticles) + " that week, " + strconv.FormatUint(s.BaselineArticles, 10) + " in the 12 weeks before"}
	for _, e := range s.Entities {
		v.Items = append(v.Items, risingItem{Kind: e.Kind.String(), Name: e.Value, Page: entityPath(e.ID),
			SearchURL: windowSearch(e, s.Window).link(func(url.Values) {}), Text: surgeText(e)})
	}
	return v, nil
}
