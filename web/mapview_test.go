package web_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// mapServer returns a handler over the sample corpus with the gazetteer,
// so that its places have positions.
func mapServer(t *testing.T) http.Handler {
	t.Helper()
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(web.Config{Gazetteer: x}, search.New(corpus), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

var viewBoxRe = regexp.MustCompile(`<figure class="map">\s*<svg viewBox="(-?\d+) (-?\d+) (\d+) (\d+)"`)

// TestSearchPageMapAndStandsOut reads the search page's HTML, which
// needs no script: what stands out beside the facets, and the map of the
// results' places, zoomed to them, each marker a link filtering on its
// place with its name and count in a title.
func TestSearchPageMapAndStandsOut(t *testing.T) {
	h := mapServer(t)
	tests := []struct {
		name, target string
		// want are needles of the page; maxWidth bounds the view box's
		// width (tenths of a degree), 3600 being the world.
		want     []string
		maxWidth int
	}{
		{"peshmerga", "/?q=peshmerga", []string{
			`<details class="facet stands-out" id="stands-out">`, `href="/?organisation=Peshmerga&amp;q=peshmerga"`, `<span class="lift">×54</span>`,
			`<a class="marker" href="/?place=Irbil&amp;q=peshmerga" aria-label="Irbil: 1 article"><title>Irbil: 1 article</title><circle`,
			`<a class="marker" href="/?place=United&#43;States&amp;q=peshmerga"`, // a country, at its outline's point
		}, 2160},
		{"Mosul alone: zoomed in", "/?q=peshmerga&place=Mosul", []string{`<title>Mosul: 1 article</title>`, `<title>Baghdad: 1 article</title>`}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := getPage(t, h, tt.target)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("the page lacks %s", w)
				}
			}
			m := viewBoxRe.FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no map on the page")
			}
			if w, _ := strconv.Atoi(m[3]); w > tt.maxWidth || w < 200 {
				t.Errorf("the view box is %s wide, want at most %d", m[3], tt.maxWidth)
			}
			if !strings.Contains(body, `<path class="land" transform="scale(`) {
				t.Error("no basemap under the markers")
			}
		})
	}
	// Browsing every article, nothing stands out; without a gazetteer
	// there is no map.
	if _, body := getPage(t, h, "/"); strings.Contains(body, `id="stands-out"`) {
		t.Error("something stands out among all articles")
	}
	if _, body := getPage(t, fixtureServer(t), "/?q=peshmerga"); strings.Contains(body, `class="map"`) {
		t.Error("a map without a gazetteer")
	}
}

// TestPlacesGeoJSON checks /api/places: valid GeoJSON (RFC 7946) of
// Points, longitude first, in range, with the properties documented.
func TestPlacesGeoJSON(t *testing.T) {
	h := mapServer(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/places?q=peshmerga", nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/geo+json" {
		t.Fatalf("status %d, Content-Type %q: want 200 application/geo+json", rec.Code, rec.Header().Get("Content-Type"))
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type     string `json:"type"`
			ID       string `json:"id"`
			Geometry struct {
				Type        string    `json:"type"`
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties struct {
				ID, Name, Country string
				Count             int
			} `json:"properties"`
		} `json:"features"`
		Total    int `json:"total"`
		Unmapped int `json:"unmapped"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) < 5 || fc.Total != 2 {
		t.Fatalf("%s of %d features for %d articles, want a FeatureCollection of the places of 2 articles", fc.Type, len(fc.Features), fc.Total)
	}
	found := false
	for _, f := range fc.Features {
		c := f.Geometry.Coordinates
		if f.Type != "Feature" || f.Geometry.Type != "Point" || len(c) != 2 || c[0] < -180 || c[0] > 180 || c[1] < -90 || c[1] > 90 {
			t.Errorf("feature %+v: want a Point of longitude and latitude in range", f)
		}
		if kind, ok := entity.ParseID(f.ID); !ok || kind != entity.Place || f.ID != entity.ID(entity.Place, f.Properties.Name) || f.Properties.ID != f.ID || f.Properties.Count < 1 || f.Properties.Name == "" {
			t.Errorf("feature %+v: want a place's ID, name and count", f)
		}
		if f.Properties.Name == "Irbil" {
			found = true
			if c[0] < 43 || c[0] > 45 || c[1] < 35 || c[1] > 37 || f.Properties.Country != "IQ" {
				t.Errorf("Irbil at %v in %q, want about [44.0, 36.2] (longitude first) in IQ", c, f.Properties.Country)
			}
		}
	}
	if !found {
		t.Error("Irbil is not among the places of peshmerga")
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/places?q=%22unclosed", nil))
	if rec.Code != http.StatusBadRequest {
		t.Errorf("a bad query: status %d, want 400", rec.Code)
	}
}

// TestSearchAPISignificant checks the opt-in significant of the search
// API.
func TestSearchAPISignificant(t *testing.T) {
	type answer struct {
		Significant *struct {
			Articles, Corpus int
			Entities         []struct {
				Facet, Value, ID string
				Count            int
				CorpusCount      int `json:"corpus_count"`
				Lift, Score      float64
			}
		} `json:"significant"`
	}
	var a answer
	get(t, "/api/search?q=peshmerga", &a)
	if a.Significant != nil {
		t.Errorf("significant without asking: %+v", a.Significant)
	}
	for _, param := range []string{"5", "true"} {
		a = answer{}
		get(t, "/api/search?q=peshmerga&significant="+param, &a)
		s := a.Significant
		if s == nil || s.Articles != 2 || s.Corpus < 100 || len(s.Entities) == 0 || len(s.Entities) > 10 {
			t.Fatalf("significant=%s: %+v, want what stands out in 2 articles of the corpus", param, s)
		}
		e := s.Entities[0]
		if e.Value != "Peshmerga" || e.Facet != "organisations" || e.ID != entity.ID(entity.Organisation, "Peshmerga") || e.Count != 2 || e.CorpusCount != 2 || e.Lift < 50 || e.Score < 3.84 {
			t.Errorf("significant=%s: first %+v, want the Peshmerga, in 2 of 2 articles", param, e)
		}
	}
	var bad struct{ Error string }
	if res := get(t, "/api/search?q=peshmerga&significant=many", &bad); res.StatusCode != http.StatusBadRequest || !strings.Contains(bad.Error, "significant") {
		t.Errorf("significant=many: %d %q, want 400 naming the parameter", res.StatusCode, bad.Error)
	}
}

// TestMapInTheBrowser clicks a marker of the map, which filters the
// search on its place, and reads the map with scripts off.
func TestMapInTheBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	b := newBrowser(t, mapServer(t))
	t.Run("a marker filters on its place", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/?q=peshmerga")
		tb.do(t,
			chromedp.ScrollIntoView(chromedp.CSS(`a.marker[href^="/?place=United+States&"]`)),
			chromedp.Click(chromedp.CSS(`a.marker[href^="/?place=United+States&"] circle`)),
			chromedp.WaitVisible(chromedp.CSS(".chips .chip")),
		)
		if loc := tb.location(t); loc != "/?place=United+States&q=peshmerga" {
			t.Errorf("the marker went to %s", loc)
		}
		if n := tb.total(t); n != 1 {
			t.Errorf("%d articles of peshmerga in the United States, want 1", n)
		}
		chip := run(t, tb, chromedp.Text(chromedp.CSS(".chips .chip")))
		if !strings.Contains(chip, "United States") {
			t.Errorf("the filter chip reads %q", chip)
		}
	})
	t.Run("a place's page: its map, and a co-mention's articles one click away", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		tb.open(t, "/entities/"+entity.ID(entity.Place, "Irbil"))
		if n := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll(".entity-map figure.map a.marker").length`)); n != 1 {
			t.Errorf("Irbil's page draws %d markers, want its own", n)
		}
		// The first co-mention, the most significant: its "N together"
		// link opens the search filtered on both.
		together := run(t, tb, chromedp.Text(chromedp.CSS(`ol.comentions li:first-child a.meta`)))
		var n int
		if _, err := fmt.Sscanf(together, "%d together", &n); err != nil || n < 1 {
			t.Fatalf("the first co-mention's link reads %q", together)
		}
		tb.do(t,
			chromedp.Click(chromedp.CSS(`ol.comentions li:first-child a.meta`)),
			chromedp.WaitVisible(chromedp.CSS(".chips .chip")),
		)
		if chips := run(t, tb, chromedp.Evaluate[int](`document.querySelectorAll(".chips .chip").length`)); chips != 2 {
			t.Errorf("%d filter chips after following a co-mention, want Irbil's and the co-mention's", chips)
		}
		if got := tb.total(t); got != n {
			t.Errorf("the search of both finds %d articles, the co-mention says %d", got, n)
		}
	})
	t.Run("without JavaScript the map is drawn", func(t *testing.T) {
		tb := b.newTab(t, 1280, 900)
		if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		tb.open(t, "/?q=peshmerga")
		tb.do(t, chromedp.WaitVisible(chromedp.CSS("figure.map svg")))
		box := run(t, tb, chromedp.Evaluate[map[string]float64](`(() => { const r = document.querySelector("figure.map svg").getBoundingClientRect(); return {w: r.width, h: r.height, markers: document.querySelectorAll("figure.map a.marker").length}; })()`))
		if box["w"] < 300 || box["h"] < 100 || box["markers"] < 5 {
			t.Errorf("the map is %v×%v px with %v markers, want a drawn map of the results' places", box["w"], box["h"], box["markers"])
		}
	})
}

// TestSearchPageAliasFilter: a filter by a name no article holds but the
// gazetteer reads as a selected entity's (organisation=Daesh, Islamic
// State's alias) shows that entity's chip, whose link removes the
// filter, as a filter by its name would.
func TestSearchPageAliasFilter(t *testing.T) {
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	// As sitrep serve makes it.
	h, err := web.New(web.Config{Gazetteer: x}, search.New(corpus).WithCanonical(x.Canonical), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	chipRe := regexp.MustCompile(`<a class="chip" href="([^"]*)"[^>]*><span><span class="kind">[^<]*</span> <bdi>([^<]*)</bdi>`)
	chips := func(target string) [][]string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", target, rec.Code)
		}
		var out [][]string
		for _, m := range chipRe.FindAllStringSubmatch(rec.Body.String(), -1) {
			out = append(out, m[1:])
		}
		return out
	}
	for _, tt := range []struct{ alias, name string }{
		{"/?organisation=Daesh", "/?organisation=Islamic+State"},
		{"/?q=iraq&not_organisation=Daesh", "/?q=iraq&not_organisation=Islamic+State"},
	} {
		byAlias, byName := chips(tt.alias), chips(tt.name)
		if len(byName) != 1 || byName[0][1] != "Islamic State" {
			t.Fatalf("GET %s: chips %q, want one of Islamic State", tt.name, byName)
		}
		if !slices.Equal(byAlias[0], byName[0]) || len(byAlias) != 1 {
			t.Errorf("GET %s: chips %q, want those of %s: %q", tt.alias, byAlias, tt.name, byName)
		}
	}
}
