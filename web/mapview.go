package web

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web/internal/basemap"
)

// This file draws the maps: the places of a result set as markers sized
// by their count on the offline basemap (the search page), and one place
// on its own (for a place's page), as server-rendered SVG that works
// without JavaScript. The GeoJSON of /api/places reads the same places.

// Gazetteer is what the maps read of the entity gazetteer, a place's
// coordinates and country: *entity.Extractor.
type Gazetteer interface {
	Lookup(k entity.Kind, name string) (entity.Record, bool)
	// Canonical gives the canonical name of a name of kind k: the
	// search page reads a filter's alias ("Daesh") as the value it
	// selects ("Islamic State").
	Canonical(k entity.Kind, name string) string
}

// geo places entities on the map: the basemap and the gazetteer.
type geo struct {
	world *basemap.Map
	// worldLand is the basemap's path for the whole world, the view of
	// every map whose places span most of it, drawn once.
	worldLand string
	// gaz is nil when the server was given none: then no place is mapped.
	gaz Gazetteer
}

// newGeo loads the basemap; gaz may be nil.
func newGeo(gaz Gazetteer) (*geo, error) {
	world, err := basemap.Load()
	if err != nil {
		return nil, err
	}
	return &geo{world: world, worldLand: world.Path(basemap.World, viewScale(basemap.World)), gaz: gaz}, nil
}

// viewScale is the step a view's basemap is drawn in: about a pixel.
func viewScale(view basemap.Box) int { return max(1, view.Width()/basemapPixels) }

// land returns the basemap's path within view, drawn in viewScale(view).
func (g *geo) land(view basemap.Box) string {
	if view == basemap.World {
		return g.worldLand
	}
	return g.world.Path(view, viewScale(view))
}

// mappedPlace is a place with a count and where it is.
type mappedPlace struct {
	Name string
	// Country is its ISO 3166-1 alpha-2 code, "" when unknown.
	Country  string
	Lon, Lat float64
	Count    int
}

// locate returns where the place name is: the gazetteer's coordinates,
// or for a country the marker point of its outline on the basemap; false
// when neither is known (a place found from its context alone).
func (g *geo) locate(name string) (mappedPlace, bool) {
	p := mappedPlace{Name: name}
	if g.gaz == nil {
		return p, false
	}
	r, ok := g.gaz.Lookup(entity.Place, name)
	if !ok {
		return p, false
	}
	p.Country = r.Country
	switch {
	case r.HasCoords:
		p.Lon, p.Lat = r.Lon, r.Lat
		return p, true
	case r.Nation:
		p.Lon, p.Lat, ok = g.world.Country(r.Country)
		return p, ok
	}
	return p, false
}

// mapped returns the places with a known position among places (a
// result's PlaceCounts), in their order, and how many have none.
func (g *geo) mapped(places []search.FacetValue) (out []mappedPlace, unmapped int) {
	for _, v := range places {
		p, ok := g.locate(v.Value)
		if !ok {
			unmapped++
			continue
		}
		p.Count = v.Count
		out = append(out, p)
	}
	return out, unmapped
}

// mapView is a map: the basemap within ViewBox and the markers.
type mapView struct {
	// ViewBox is the SVG viewBox, in the basemap's units (tenths of a
	// degree); Land is the basemap's path, drawn scaled by Scale.
	ViewBox string
	Land    string
	Scale   int
	// SeaX … SeaH is the rectangle of the sea: the view box.
	SeaX, SeaY, SeaW, SeaH int
	Markers                []markerView
	// Label names the map for screen readers; Caption is shown under it.
	Label, Caption string
}

// markerView is one place: a circle linking to the search filtered on it.
type markerView struct {
	Name, URL, Title string
	CX, CY, R        string
}

// Map geometry.
const (
	// maxMarkers is the most places a map draws: the most frequent.
	maxMarkers = 500
	// worldShare: a view wider than this share of the world shows it
	// all.
	worldShare = 0.6
	// minViewWidth is the narrowest view, in tenths of a degree (20°);
	// the view's width is twice its height, as the world's is.
	minViewWidth = 200
	// Marker radii as shares of the view's width, the largest for the
	// most frequent place; areas grow with the count (a square root
	// scale).
	minRadius = 0.005
	maxRadius = 0.025
	// basemapPixels is about how wide the map is drawn: the basemap is
	// simplified to about a pixel.
	basemapPixels = 900
)

// resultMap draws the places of a result (PlaceCounts), their counts
// naming the units one and many ("article", "articles"): the view fits
// them, with a margin, or is the whole world when they span most of it.
// nil when no place of the result has a known position.
func (g *geo) resultMap(st pageState, places []search.FacetValue, one, many string) *mapView {
	mapped, unmapped := g.mapped(places)
	if len(mapped) == 0 {
		return nil
	}
	shown := mapped[:min(len(mapped), maxMarkers)]
	v := g.draw(st, shown, one, many)
	v.Label = fmt.Sprintf("Map of the %d places of these results", len(mapped))
	v.Caption = fmt.Sprintf("%s, sized by how many %s name them: follow one to keep only its %s.", countNoun(uint64(len(mapped)), "place", "places"), many, many)
	if len(shown) < len(mapped) {
		v.Caption = fmt.Sprintf("The %d places of %d that the most %s name, sized by how many: follow one to keep only its %s.", len(shown), len(mapped), many, many)
	}
	if unmapped > 0 {
		v.Caption += fmt.Sprintf(" Not on the map, their position unknown: %s.", countNoun(uint64(unmapped), "place", "places"))
	}
	return v
}

// placeMap draws one place with its count of articles, zoomed around it,
// its marker linking to the search filtered on it: the small map of a
// place's page. nil when its position is not known.
func (g *geo) placeMap(name string, count int) *mapView {
	p, ok := g.locate(name)
	if !ok {
		return nil
	}
	p.Count = count
	v := g.draw(newPageState(nil), []mappedPlace{p}, "article", "articles")
	v.Label = "Map of " + name
	v.Caption = name + ", " + formatCoordinates(Coordinates{Lat: p.Lat, Lon: p.Lon}) + "."
	return v
}

// draw lays out the markers of places, most frequent first (as
// PlaceCounts lists them, so that smaller markers are drawn over larger
// ones), on the view that fits them.
func (g *geo) draw(st pageState, places []mappedPlace, one, many string) *mapView {
	xs, ys := make([]float64, len(places)), make([]float64, len(places))
	top := 1
	for i, p := range places {
		xs[i], ys[i] = basemap.Project(p.Lon, p.Lat)
		top = max(top, p.Count)
	}
	view := fitView(xs, ys)
	v := &mapView{
		ViewBox: fmt.Sprintf("%d %d %d %d", view.MinX, view.MinY, view.Width(), view.Height()),
		Land:    g.land(view), Scale: viewScale(view),
		SeaX: view.MinX, SeaY: view.MinY, SeaW: view.Width(), SeaH: view.Height(),
	}
	w := float64(view.Width())
	for i, p := range places {
		r := w * (minRadius + (maxRadius-minRadius)*math.Sqrt(float64(p.Count)/float64(top)))
		v.Markers = append(v.Markers, markerView{
			Name: p.Name, URL: st.adding("place", p.Name),
			Title: fmt.Sprintf("%s: %s", p.Name, countNoun(uint64(p.Count), one, many)),
			CX:    formatCoord(xs[i]), CY: formatCoord(ys[i]), R: formatCoord(r),
		})
	}
	return v
}

// fitView returns the view box around the points, with a margin, twice
// as wide as high, at least minViewWidth wide, within the world, or the
// whole world when they span most of it.
func fitView(xs, ys []float64) basemap.Box {
	world := basemap.World
	minX, maxX := slices.Min(xs), slices.Max(xs)
	minY, maxY := slices.Min(ys), slices.Max(ys)
	w, h := maxX-minX, maxY-minY
	margin := max(0.15*max(w, 2*h), 30)
	w, h = w+2*margin, h+2*margin
	w = max(w, 2*h, minViewWidth)
	if w >= worldShare*float64(world.Width()) {
		return world
	}
	h = w / 2
	cx, cy := (minX+maxX)/2, (minY+maxY)/2
	b := basemap.Box{MinX: int(math.Floor(cx - w/2)), MinY: int(math.Floor(cy - h/2))}
	b.MaxX, b.MaxY = b.MinX+int(math.Ceil(w)), b.MinY+int(math.Ceil(h))
	// Slide the box back within the world.
	shift := func(lo, hi *int, wlo, whi int) {
		if *lo < wlo {
			*hi += wlo - *lo
			*lo = wlo
		}
		if *hi > whi {
			*lo -= *hi - whi
			*hi = whi
		}
	}
	shift(&b.MinX, &b.MaxX, world.MinX, world.MaxX)
	shift(&b.MinY, &b.MaxY, world.MinY, world.MaxY)
	return b
}

func formatCoord(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
