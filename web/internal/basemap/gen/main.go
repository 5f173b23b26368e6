// Command gen writes the basemap Sitrep's maps draw: the country outlines
// of Natural Earth's 1:110m Admin 0 countries (public domain), from
// countries-110m.json of the npm package world-atlas 2.0.2 (TopoJSON,
// ISC licence, Mike Bostock), as world.txt beside package basemap.
//
// It decodes the TopoJSON's quantized, delta-coded arcs into the rings of
// each country, rounds the coordinates to a tenth of a degree, drops the
// points that rounding makes repeat, and writes one line per country:
//
//	code<TAB>name<TAB>lon lat<TAB>ring;ring;…
//
// where code is the country's ISO 3166-1 alpha-2 code (from the ISO
// numeric code world-atlas gives, through the iso-codes package's
// iso_3166-1.json; "XK" for Kosovo, "-" for a territory with none), lon
// lat the point where the country's marker goes (the centroid of its
// largest outline), and a ring is "lon lat dlon dlat dlon dlat …", all in
// tenths of a degree (longitude east, latitude north), a ring's first
// point absolute and each later one relative to the one before. `make
// basemap` fetches the package with npm into a temporary directory and
// runs
//
//	go run ./web/internal/basemap/gen -in DIR/package/countries-110m.json -out web/internal/basemap/world.txt
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	in := flag.String("in", "", "countries-110m.json of the npm package world-atlas@2.0.2")
	out := flag.String("out", "world.txt", "the basemap file to write")
	iso := flag.String("iso", "/usr/share/iso-codes/json/iso_3166-1.json", "the ISO 3166-1 codes (apt-get install iso-codes)")
	flag.Parse()
	if err := run(*in, *iso, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// topology is the part of a TopoJSON topology the basemap reads.
type topology struct {
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]float64 `json:"arcs"`
	Objects map[string]struct {
		Geometries []struct {
			Type       string          `json:"type"`
			ID         string          `json:"id"`
			Arcs       json.RawMessage `json:"arcs"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"geometries"`
	} `json:"objects"`
}

// point is a position in tenths of a degree.
type point struct{ x, y int }

func run(in, iso, out string) error {
	if in == "" {
		return errors.New("-in is required: the path of countries-110m.json (npm pack world-atlas@2.0.2, then untar it)")
	}
	codes, err := alpha2(iso)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var topo topology
	if err := json.Unmarshal(raw, &topo); err != nil {
		return fmt.Errorf("read %s: %w", in, err)
	}
	if topo.Transform == nil {
		return fmt.Errorf("%s has no transform: want a quantized topology such as world-atlas's", in)
	}
	arcs := make([][]point, len(topo.Arcs))
	for i, arc := range topo.Arcs {
		var x, y float64
		for _, d := range arc {
			x, y = x+d[0], y+d[1]
			lon := x*topo.Transform.Scale[0] + topo.Transform.Translate[0]
			lat := y*topo.Transform.Scale[1] + topo.Transform.Translate[1]
			arcs[i] = append(arcs[i], point{int(math.Round(lon * 10)), int(math.Round(lat * 10))})
		}
	}
	countries, ok := topo.Objects["countries"]
	if !ok {
		return fmt.Errorf("%s has no countries object", in)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "# Country outlines: Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com),")
	fmt.Fprintln(w, "# from the npm package world-atlas 2.0.2 (ISC licence, Copyright 2013-2019 Michael Bostock).")
	fmt.Fprintln(w, "# Written by web/internal/basemap/gen: ISO alpha-2 code<TAB>name<TAB>marker lon lat<TAB>rings")
	fmt.Fprintln(w, "# separated by ';', each ring \"lon lat dlon dlat ...\"; all in tenths of a degree.")
	points := 0
	for _, g := range countries.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return fmt.Errorf("%s: %w", g.Properties.Name, err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return fmt.Errorf("%s: %w", g.Properties.Name, err)
			}
		default:
			continue
		}
		var rings []string
		var label point
		largest := 0.0
		for _, poly := range polys {
			for i, ringArcs := range poly {
				ring := unwrap(joinArcs(arcs, ringArcs))
				if len(ring) < 4 {
					continue // rounded away
				}
				points += len(ring)
				rings = append(rings, encodeRing(ring))
				if c, area := centroid(ring); i == 0 && area > largest {
					label, largest = c, area
				}
			}
		}
		code := codes[g.ID]
		switch {
		case g.Properties.Name == "Kosovo":
			code = "XK" // user-assigned, as the gazetteer writes it
		case code == "":
			code = "-"
		}
		label.x = (label.x+5400)%3600 - 1800 // within [-180°, 180°)
		if len(rings) > 0 {
			fmt.Fprintf(w, "%s\t%s\t%d %d\t%s\n", code, g.Properties.Name, label.x, label.y, strings.Join(rings, ";"))
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d countries, %d points, written to %s\n", len(countries.Geometries), points, out)
	return f.Close()
}

// alpha2 reads iso-codes' iso_3166-1.json into a map from the numeric
// code to the alpha-2 code.
func alpha2(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: install the iso-codes package (apt-get install iso-codes) or give -iso", err)
	}
	var doc struct {
		Countries []struct {
			Alpha2  string `json:"alpha_2"`
			Numeric string `json:"numeric"`
		} `json:"3166-1"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	out := make(map[string]string, len(doc.Countries))
	for _, c := range doc.Countries {
		out[c.Numeric] = c.Alpha2
	}
	return out, nil
}

// centroid returns the centroid of a closed ring and its area (shoelace
// formula, in square tenths of a degree).
func centroid(ring []point) (point, float64) {
	var a, cx, cy float64
	for i := range ring {
		p, q := ring[i], ring[(i+1)%len(ring)]
		cross := float64(p.x*q.y - q.x*p.y)
		a += cross
		cx += float64(p.x+q.x) * cross
		cy += float64(p.y+q.y) * cross
	}
	if a == 0 {
		return ring[0], 0
	}
	return point{int(math.Round(cx / (3 * a))), int(math.Round(cy / (3 * a)))}, math.Abs(a / 2)
}

// unwrap returns the ring of a country cut at the antimeridian (Fiji,
// Russia's Chukotka) continuous: each point's longitude moved by whole
// turns to within 180° of the point before, so that the ring runs past
// ±180° rather than across the whole map (basemap draws it again a turn
// over). A ring that goes round the pole (Antarctica) closes only as it
// is, and is kept so.
func unwrap(ring []point) []point {
	out := slices.Clone(ring)
	for i := 1; i < len(out); i++ {
		for out[i].x-out[i-1].x > 1800 {
			out[i].x -= 3600
		}
		for out[i-1].x-out[i].x > 1800 {
			out[i].x += 3600
		}
	}
	if out[len(out)-1] != out[0] {
		return ring
	}
	return out
}

// joinArcs returns the ring made of the arcs numbered (~i for arc i
// reversed), each arc's first point being the last of the one before,
// without points repeated one after the other.
func joinArcs(arcs [][]point, idx []int) []point {
	var ring []point
	for _, i := range idx {
		arc := arcs[max(i, ^i)]
		if i < 0 {
			arc = slices.Clone(arc)
			slices.Reverse(arc)
		}
		for _, p := range arc {
			if len(ring) == 0 || ring[len(ring)-1] != p {
				ring = append(ring, p)
			}
		}
	}
	return ring
}

// encodeRing writes the ring's first point and then each point's offset
// from the one before.
func encodeRing(ring []point) string {
	var b []byte
	prev := point{}
	for i, p := range ring {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(p.x-prev.x), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(p.y-prev.y), 10)
		prev = p
	}
	return string(b)
}
