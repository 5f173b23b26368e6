package web

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/index/entity"
)

// This file answers GET /api/places: the places of a search's result set
// as GeoJSON (RFC 7946), for GIS tools such as QGIS.

// mimeGeoJSON is GeoJSON's media type (RFC 7946, section 12).
const mimeGeoJSON = "application/geo+json"

// placesGeoJSON is a FeatureCollection of the places of a result set,
// with two foreign members: the matching articles and the places left
// out for want of a known position.
type placesGeoJSON struct {
	Type     string         `json:"type"`
	Features []placeFeature `json:"features"`
	Total    uint64         `json:"total"`
	Unmapped int            `json:"unmapped"`
}

// placeFeature is one place: a Point at its longitude and latitude.
type placeFeature struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Geometry   pointGeometry   `json:"geometry"`
	Properties placeProperties `json:"properties"`
}

type pointGeometry struct {
	Type string `json:"type"`
	// Coordinates are the longitude then the latitude, in degrees.
	Coordinates [2]float64 `json:"coordinates"`
}

type placeProperties struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
	Count   int    `json:"count"`
}

// places answers GET /api/places?<search parameters>: every place of the
// articles matching the search whose position is known, with its count
// of articles (or stories, with facet_count=stories), most frequent
// first.
func (a *api) places(c echo.Context) error {
	req, err := searchRequest(c.QueryParams())
	if err != nil {
		return err
	}
	// Only the counts are read: no hit is ranked or loaded.
	req.PlaceCounts, req.NoHits = true, true
	res, err := a.s.Search(c.Request().Context(), req)
	if err != nil {
		return err
	}
	mapped, unmapped := a.geo.mapped(res.PlaceCounts)
	out := placesGeoJSON{Type: "FeatureCollection", Features: make([]placeFeature, len(mapped)), Total: res.Total, Unmapped: unmapped}
	for i, p := range mapped {
		id := entity.ID(entity.Place, p.Name)
		out.Features[i] = placeFeature{
			Type: "Feature", ID: id,
			Geometry:   pointGeometry{Type: "Point", Coordinates: [2]float64{p.Lon, p.Lat}},
			Properties: placeProperties{ID: id, Name: p.Name, Country: p.Country, Count: p.Count},
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, mimeGeoJSON, b)
}
