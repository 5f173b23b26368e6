package web

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/registry"
	"github.com/sitrep/sitrep/search"
)

// This file is the entity: what its sources know of it beyond the index
// (EntitySource), GET /api/entities/{id} and the page /entities/{id}.

// EntitySource is one source of what is known of an entity besides its
// articles: its aliases, and for a place its coordinates and country.
// The gazetteer is one (Config.Gazetteer); the index's registry of the
// names articles wrote and joined is another (RegistrySource). The entity
// page and the API merge what they know: the gazetteer first, then
// Config.EntitySources in their order.
type EntitySource interface {
	// EntityFacts returns what the source knows of the entity of kind k
	// named name: the zero EntityFacts when nothing, an error only when
	// the source could not be read.
	EntityFacts(ctx context.Context, k entity.Kind, name string) (EntityFacts, error)
}

// EntityFacts is what one source knows of an entity.
type EntityFacts struct {
	Aliases []Alias
	// Coordinates locate a place; nil when unknown.
	Coordinates *Coordinates
	// Country is the ISO 3166 alpha-2 code of the entity's country.
	Country string
}

// Alias is another name of an entity.
type Alias struct {
	Name string `json:"name"`
	// Source names where it comes from: "gazetteer", or "corpus" for a
	// name seen in articles.
	Source string `json:"source"`
	// Count is the number of articles that use it, when the source counts.
	Count int `json:"count,omitempty"`
	// Reason says why the name was joined to the entity, when the source
	// says.
	Reason string `json:"reason,omitempty"`
}

// Coordinates are a place's latitude and longitude in degrees (WGS 84).
type Coordinates struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// gazetteerFacts is the EntitySource of the gazetteer that ships with the
// binary (Config.Gazetteer): the aliases, coordinates and country its
// record of an entity holds (entity.Extractor.Lookup).
type gazetteerFacts struct{ x Gazetteer }

func (g gazetteerFacts) EntityFacts(_ context.Context, k entity.Kind, name string) (EntityFacts, error) {
	r, ok := g.x.Lookup(k, name)
	if !ok {
		return EntityFacts{}, nil
	}
	f := EntityFacts{Country: r.Country}
	for _, a := range r.Aliases {
		f.Aliases = append(f.Aliases, Alias{Name: a, Source: "gazetteer"})
	}
	if r.HasCoords {
		f.Coordinates = &Coordinates{Lat: r.Lat, Lon: r.Lon}
	}
	return f, nil
}

// entitySources merges what its sources know of an entity.
type entitySources []EntitySource

// facts returns the aliases of every source, each name once (the first
// source's entry, with the count of the first that counts it) and never
// the canonical name itself, those written in most articles first, and
// the first coordinates and country a source knows.
func (s entitySources) facts(ctx context.Context, e *search.Entity) (EntityFacts, error) {
	out := EntityFacts{Aliases: []Alias{}}
	for _, src := range s {
		f, err := src.EntityFacts(ctx, e.Kind, e.Name)
		if err != nil {
			return EntityFacts{}, fmt.Errorf("facts of %s %q: %w", e.Kind, e.Name, err)
		}
		for _, a := range f.Aliases {
			i := slices.IndexFunc(out.Aliases, func(b Alias) bool { return b.Name == a.Name })
			switch {
			case a.Name == e.Name:
			case i < 0:
				out.Aliases = append(out.Aliases, a)
			case out.Aliases[i].Count == 0:
				// A name the gazetteer knows and articles wrote: its count.
				out.Aliases[i].Count, out.Aliases[i].Reason = a.Count, a.Reason
			}
		}
		if out.Coordinates == nil {
			out.Coordinates = f.Coordinates
		}
		if out.Country == "" {
			out.Country = f.Country
		}
	}
	// The names articles wrote first, the most written first.
	slices.SortStableFunc(out.Aliases, func(a, b Alias) int { return cmp.Compare(b.Count, a.Count) })
	return out, nil
}

// EntityResponse is the JSON answer of GET /api/entities/{id}.
type EntityResponse struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Type is person, place or organisation; Facet the facet of its
	// values (people, places, organisations).
	Type    string  `json:"type"`
	Facet   string  `json:"facet"`
	Aliases []Alias `json:"aliases"`
	// Lat and Lon locate a place, when a source knows where it is.
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
	Country string   `json:"country,omitempty"`
	// Articles counts the articles whose facet holds it, exactly.
	Articles  uint64     `json:"articles"`
	FirstSeen *time.Time `json:"first_seen,omitempty"`
	LastSeen  *time.Time `json:"last_seen,omitempty"`
	// Timeline is the histogram of its articles' dates, shaped as a
	// search's "published" facet; TimelineInterval its bars' width.
	Timeline         []facetValue `json:"timeline"`
	TimelineInterval string       `json:"timeline_interval"`
	Recent           []hitJSON    `json:"recent"`
	Relevant         []hitJSON    `json:"relevant"`
	// Search is the /api/search URL of its articles.
	Search string `json:"search"`
	// CoMentioned are the entities its articles name far more often than
	// the whole index does, most significant first (as a search's
	// significant entities, the entity itself left out).
	CoMentioned []coMentionJSON `json:"co_mentioned"`
	// Surge says how it surges this week (search.Surging); null when it
	// does not.
	Surge *entitySurgeJSON `json:"surge"`
}

// coMentionJSON is an entity mentioned with another, shaped as a
// search's significant entity (Count articles name both), with the
// /api/search URL of the articles naming both.
type coMentionJSON struct {
	significantItem
	Search string `json:"search"`
}

// bothSearch returns the search page of the articles naming the entity
// of st (its search state) and m: two values of one facet AND
// (person_op=and), as they would otherwise OR.
func bothSearch(st pageState, m search.Significant) string {
	f, _ := findFacet(func(f facetSpec) bool { return f.Name == m.Facet })
	return st.link(func(v url.Values) {
		if len(v[f.Param]) > 0 {
			v.Set(f.OpParam(), "and")
		}
		addValue(v, f.Param, m.Value)
	})
}

// entityLookup finds an entity and what its sources know of it.
type entityLookup struct {
	s       Searcher
	sources entitySources
}

// find returns the entity with the id, its n articles of each list, the
// merged facts of its sources, and the entities mentioned with it, most
// significant first (search.Entity.CoMentioned: what stands out in its
// articles against the whole index, the entity itself left out).
func (l entityLookup) find(ctx context.Context, id string, n int) (*search.Entity, EntityFacts, []search.Significant, error) {
	e, err := l.s.Entity(ctx, id, n)
	if err != nil {
		return nil, EntityFacts{}, nil, err
	}
	f, err := l.sources.facts(ctx, e)
	if err != nil {
		return nil, EntityFacts{}, nil, err
	}
	return e, f, e.CoMentioned, nil
}

// entitySearch returns the search page's state filtered on e.
func entitySearch(e *search.Entity) pageState {
	f, _ := findFacet(func(f facetSpec) bool { return f.Name == e.Facet })
	return newPageState(url.Values{f.Param: {e.Name}})
}

// entity answers GET /api/entities/:id?size=.
func (a *api) entity(c echo.Context) error {
	size, err := intParam(c.QueryParams(), "size")
	if err != nil {
		return err
	}
	e, facts, co, err := a.entities.find(c.Request().Context(), c.Param("id"), size)
	if err != nil {
		return err
	}
	surges, surge, err := a.entities.surgeOf(c.Request().Context(), e.ID)
	if err != nil {
		return err
	}
	st := entitySearch(e)
	out := EntityResponse{
		ID: e.ID, Name: e.Name, Type: e.Kind.String(), Facet: e.Facet, Aliases: facts.Aliases,
		Country: facts.Country, Articles: e.Articles, FirstSeen: e.FirstSeen, LastSeen: e.LastSeen,
		Timeline: histogramValues(e.Timeline), TimelineInterval: e.Timeline.Interval,
		Recent: hitsJSON(e.Recent), Relevant: hitsJSON(e.Relevant),
		Search:      apiSearch(st),
		CoMentioned: []coMentionJSON{}, Surge: newEntitySurgeJSON(surges, surge),
	}
	for _, m := range co {
		out.CoMentioned = append(out.CoMentioned, coMentionJSON{
			significantItem: newSignificantItem(m),
			Search:          "/api/search" + strings.TrimPrefix(bothSearch(st, m), "/"),
		})
	}
	if p := facts.Coordinates; p != nil {
		out.Lat, out.Lon = &p.Lat, &p.Lon
	}
	return c.JSON(http.StatusOK, out)
}

// entityPath returns the URL of an entity's page.
func entityPath(id string) string {
	return "/entities/" + url.PathEscape(id)
}

// entityView is the data of an entity's page.
type entityView struct {
	layout
	ID, Name string
	// Type is person, place or organisation.
	Type    string
	Aliases []Alias
	// Coordinates are a place's, for reading ("33.31° N, 44.37° E");
	// Country its country's code.
	Coordinates, Country string
	// Articles counts its articles ("12 articles").
	Articles                     string
	FirstSeen, FirstSeenTime     string
	LastSeen, LastSeenTime       string
	Timeline                     *histogramView
	Recent, Relevant             []similarView
	SearchURL, APIURL, NewestURL string
	// CoMentions are the entities mentioned with this one, ranked by
	// significance against the whole corpus (not by raw frequency), each
	// linking to the articles that mention both.
	CoMentions []coMentionView
	// Map is a place's small map; nil for other entities and places the
	// gazetteer does not locate.
	Map *mapView
	// Surge flags an entity rising this week; nil when it is not.
	Surge *surgeView
}

// coMentionView is an entity mentioned with the entity of the page.
type coMentionView struct {
	Name string
	// Page is the co-mentioned entity's page; Both the search filtered
	// on both entities.
	Page, Both string
	// Count counts the articles mentioning both; Lift says how many times
	// more often than in the whole index ("×12"); Score is the
	// significance (G²) the list is ranked by.
	Count int
	Lift  string
	Score float64
}

// entity answers GET /entities/:id: the entity's page. An unknown id is
// an HTML 404; a malformed one a 400.
func (p *pages) entity(c echo.Context) error {
	e, facts, co, err := p.entities.find(c.Request().Context(), c.Param("id"), search.DefaultEntityArticles)
	if err != nil {
		return err
	}
	surges, surge, err := p.entities.surgeOf(c.Request().Context(), e.ID)
	if err != nil {
		return err
	}
	st := entitySearch(e)
	v := entityView{
		layout: layout{Title: e.Name, Follow: searchFeeds(st.v)}, ID: e.ID, Name: e.Name, Type: e.Kind.String(),
		Aliases: facts.Aliases, Country: facts.Country, Articles: countArticles(e.Articles),
		Recent: similarViews(e.Recent), Relevant: similarViews(e.Relevant),
		SearchURL: st.link(func(url.Values) {}), NewestURL: st.setting("sort", string(search.Newest)),
		APIURL: "/api" + entityPath(e.ID), Surge: newSurgeView(surges, surge),
	}
	if p := facts.Coordinates; p != nil {
		v.Coordinates = formatCoordinates(*p)
	}
	v.FirstSeen, v.FirstSeenTime = formatDate(e.FirstSeen)
	v.LastSeen, v.LastSeenTime = formatDate(e.LastSeen)
	if v.Timeline = newHistogramView(st, e.Timeline, search.Request{}, "article", "articles"); v.Timeline != nil {
		v.Timeline.Labelled = "timeline-h"
	}
	for _, m := range co {
		v.CoMentions = append(v.CoMentions, coMentionView{
			Name: m.Value, Page: entityPath(m.ID), Both: bothSearch(st, m),
			Count: m.Count, Lift: "×" + formatLift(m.Lift), Score: m.Score,
		})
	}
	if e.Kind == entity.Place {
		v.Map = p.geo.placeMap(e.Name, int(e.Articles))
	}
	return c.Render(http.StatusOK, "entity", v)
}

// formatCoordinates writes a position for reading: "33.31° N, 44.37° E".
func formatCoordinates(p Coordinates) string {
	ns, ew := "N", "E"
	if p.Lat < 0 {
		ns = "S"
	}
	if p.Lon < 0 {
		ew = "W"
	}
	return fmt.Sprintf("%.2f° %s, %.2f° %s", math.Abs(p.Lat), ns, math.Abs(p.Lon), ew)
}

// RegistrySource is the EntitySource of the index's entity registry
// (index.Index.Registry): the names its articles wrote for an entity,
// with the number of articles writing each, and the names of other
// articles joined to it, with why ("surname of John Kirby, both titled
// Pentagon Press Secretary").
func RegistrySource(registryOf func(context.Context) (*registry.Registry, error)) EntitySource {
	return registrySource(registryOf)
}

type registrySource func(context.Context) (*registry.Registry, error)

func (get registrySource) EntityFacts(ctx context.Context, k entity.Kind, name string) (EntityFacts, error) {
	r, err := get(ctx)
	if err != nil {
		return EntityFacts{}, err
	}
	e, ok := r.Entity(entity.ID(k, name))
	if !ok {
		return EntityFacts{}, nil
	}
	why := make(map[string]string, len(e.Joins))
	for _, j := range e.Joins {
		why[j.Name] = j.Why
	}
	var f EntityFacts
	for _, a := range e.Aliases {
		f.Aliases = append(f.Aliases, Alias{Name: a.Text, Source: "corpus", Count: a.Articles, Reason: why[a.Text]})
		delete(why, a.Text)
	}
	for _, j := range e.Joins {
		if _, left := why[j.Name]; left {
			f.Aliases = append(f.Aliases, Alias{Name: j.Name, Source: "corpus", Count: j.Articles, Reason: j.Why})
		}
	}
	return f, nil
}
