package web

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/web/internal/basemap"
)

func TestFitView(t *testing.T) {
	tests := []struct {
		name string
		// lon, lat of the places
		points [][2]float64
		want   basemap.Box
	}{
		// A place alone: the narrowest view, 20° by 10°, centred on it.
		{"one place", [][2]float64{{44, 36}}, basemap.Box{MinX: 340, MinY: -410, MaxX: 540, MaxY: -310}},
		// Iraq to the United States: their span, 143° by 6°, and a margin
		// of 15 % of it each side: 185.9° wide, and half as high,
		// centred on 27.5°W 36°N.
		{"two continents", [][2]float64{{44, 33}, {-99, 39}}, basemap.Box{MinX: -1205, MinY: -825, MaxX: 654, MaxY: 105}},
		// Spanning most of the world: all of it.
		{"the world", [][2]float64{{-120, 40}, {140, -30}}, basemap.World},
		// Near the pole: slid back within the world.
		{"far north", [][2]float64{{0, 89}}, basemap.Box{MinX: -100, MinY: -900, MaxX: 100, MaxY: -800}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var xs, ys []float64
			for _, p := range tt.points {
				x, y := basemap.Project(p[0], p[1])
				xs, ys = append(xs, x), append(ys, y)
			}
			got := fitView(xs, ys)
			if got != tt.want {
				t.Errorf("fitView = %+v, want %+v", got, tt.want)
			}
			for i := range xs {
				if xs[i] < float64(got.MinX) || xs[i] > float64(got.MaxX) || ys[i] < float64(got.MinY) || ys[i] > float64(got.MaxY) {
					t.Errorf("point %v is outside the view", tt.points[i])
				}
			}
		})
	}
}

// TestPlaceMap draws the small map of one place that a place's page
// shows, with the "map" template every page set holds.
func TestPlaceMap(t *testing.T) {
	x, err := entity.New()
	if err != nil {
		t.Fatal(err)
	}
	g, err := newGeo(x)
	if err != nil {
		t.Fatal(err)
	}
	if g.placeMap("Nowhere Known", 3) != nil {
		t.Error("a map of a place whose position is unknown")
	}
	v := g.placeMap("Irbil", 3)
	if v == nil {
		t.Fatal("no map of Irbil")
	}
	r, err := newRenderer(templateFiles, staticFiles)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.pages["article"].ExecuteTemplate(&b, "map", v); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		`<svg viewBox="340 -412 200 100"`, `aria-label="Map of Irbil"`,
		`<a class="marker" href="/?place=Irbil" aria-label="Irbil: 3 articles"><title>Irbil: 3 articles</title>`,
		`<figcaption>Irbil, 36.19° N, 44.01° E.`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the map lacks %s:\n%.600s", want, html)
		}
	}
}

// TestLand checks that the whole world's outline, drawn once, is the one
// the basemap draws for it, and that another view is drawn for itself.
func TestLand(t *testing.T) {
	g, err := newGeo(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := g.land(basemap.World), g.world.Path(basemap.World, viewScale(basemap.World)); got != want || got == "" {
		t.Errorf("the world's land is %d bytes, want the basemap's %d", len(got), len(want))
	}
	iraq := basemap.Box{MinX: 340, MinY: -412, MaxX: 540, MaxY: -312}
	if got, want := g.land(iraq), g.world.Path(iraq, viewScale(iraq)); got != want || got == g.worldLand {
		t.Errorf("the land of %+v is %d bytes, want the basemap's %d (the world's is %d)", iraq, len(got), len(want), len(g.worldLand))
	}
}
