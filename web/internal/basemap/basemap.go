// Package basemap draws the world's country outlines under Sitrep's maps,
// offline: the outlines ship in the binary (world.txt, written by ./gen
// from Natural Earth's 1:110m Admin 0 countries, public domain, as the npm
// package world-atlas 2.0.2 redistributes them under the ISC licence,
// Copyright 2013-2019 Michael Bostock).
//
// The projection is equirectangular in tenths of a degree: x is the
// longitude × 10, y the latitude × −10 (north up), so the whole world is
// the box from (−1800, −900) to (1800, 900). Path draws the outlines
// within a box as SVG path data in those units, for an SVG whose viewBox
// is that box.
package basemap

import (
	"bufio"
	_ "embed"
	"fmt"
	"math"
	"strconv"
	"strings"
)

//go:embed world.txt
var worldData string

// Box is a rectangle of the projection, in tenths of a degree.
type Box struct{ MinX, MinY, MaxX, MaxY int }

// World is the box of the whole world.
var World = Box{-1800, -900, 1800, 900}

// Width and Height return the box's size.
func (b Box) Width() int  { return b.MaxX - b.MinX }
func (b Box) Height() int { return b.MaxY - b.MinY }

func (b Box) overlaps(o Box) bool {
	return b.MinX <= o.MaxX && o.MinX <= b.MaxX && b.MinY <= o.MaxY && o.MinY <= b.MaxY
}

// Project returns the point of the projection of a longitude and a
// latitude, in degrees.
func Project(lon, lat float64) (x, y float64) { return lon * 10, -lat * 10 }

// Map is the country outlines. It is immutable and safe for concurrent
// use.
type Map struct {
	rings []ring
	// markers holds where a country's marker goes, by ISO 3166-1 alpha-2
	// code.
	markers map[string][2]float64
}

// ring is one closed outline and its bounding box, in projected units.
type ring struct {
	box Box
	x   []int32
	y   []int32
}

// Load reads the outlines shipped in the binary. It fails only when the
// embedded file is corrupt.
func Load() (*Map, error) {
	m := &Map{markers: make(map[string][2]float64)}
	sc := bufio.NewScanner(strings.NewReader(worldData))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("basemap line %d: %d fields, want code, name, marker and outlines", line, len(f))
		}
		code, marker, rings := f[0], f[2], f[3]
		var lon, lat int
		if _, err := fmt.Sscanf(marker, "%d %d", &lon, &lat); err != nil {
			return nil, fmt.Errorf("basemap line %d: marker %q: %w", line, marker, err)
		}
		if code != "-" {
			m.markers[code] = [2]float64{float64(lon) / 10, float64(lat) / 10}
		}
		for _, rs := range strings.Split(rings, ";") {
			r, err := parseRing(rs)
			if err != nil {
				return nil, fmt.Errorf("basemap line %d: %w", line, err)
			}
			m.rings = append(m.rings, r)
			// A ring running past ±180° is drawn again a turn over.
			switch {
			case r.box.MaxX > World.MaxX:
				m.rings = append(m.rings, r.shifted(-3600))
			case r.box.MinX < World.MinX:
				m.rings = append(m.rings, r.shifted(3600))
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("basemap: %w", err)
	}
	if len(m.rings) == 0 {
		return nil, fmt.Errorf("basemap: no outlines")
	}
	return m, nil
}

// shifted returns the ring moved dx east.
func (r ring) shifted(dx int) ring {
	out := ring{box: Box{r.box.MinX + dx, r.box.MinY, r.box.MaxX + dx, r.box.MaxY}, x: make([]int32, len(r.x)), y: r.y}
	for i, x := range r.x {
		out.x[i] = x + int32(dx)
	}
	return out
}

// Country returns the longitude and latitude, in degrees, where the
// marker of the country with the ISO 3166-1 alpha-2 code goes (the
// centroid of its largest outline), and false for a code it does not
// know.
func (m *Map) Country(code string) (lon, lat float64, ok bool) {
	p, ok := m.markers[code]
	return p[0], p[1], ok
}

// parseRing reads "lon lat dlon dlat …", y turned to point south.
func parseRing(s string) (ring, error) {
	f := strings.Fields(s)
	if len(f) < 6 || len(f)%2 != 0 {
		return ring{}, fmt.Errorf("ring of %d numbers: want an even number, at least 6", len(f))
	}
	r := ring{x: make([]int32, 0, len(f)/2), y: make([]int32, 0, len(f)/2)}
	var x, y int
	for i := 0; i < len(f); i += 2 {
		dx, err := strconv.Atoi(f[i])
		if err != nil {
			return ring{}, err
		}
		dy, err := strconv.Atoi(f[i+1])
		if err != nil {
			return ring{}, err
		}
		x, y = x+dx, y+dy
		r.x, r.y = append(r.x, int32(x)), append(r.y, int32(-y))
		if i == 0 {
			r.box = Box{x, -y, x, -y}
		}
		r.box = Box{min(r.box.MinX, x), min(r.box.MinY, -y), max(r.box.MaxX, x), max(r.box.MaxY, -y)}
	}
	return r, nil
}

// Path returns SVG path data drawing the outlines that reach into view,
// in units of step tenths of a degree (step at least 1: draw it scaled by
// step). Each outline is simplified to that unit: its points rounded to
// it, and, when step is above 1, those within one unit of the line
// through their neighbours dropped (Douglas–Peucker), so that a world map drawn a few hundred
// pixels wide, which needs a coarser step than a country's, is a smaller
// path. Outlines smaller than step are left out.
func (m *Map) Path(view Box, step int) string {
	step = max(step, 1)
	var b []byte
	round := func(v int32) int32 {
		n := int(v)
		if n >= 0 {
			return int32((n + step/2) / step)
		}
		return int32(-((-n + step/2) / step))
	}
	var pts []pt
	var keep []bool
	for _, r := range m.rings {
		if !r.box.overlaps(view) || r.box.Width() < step && r.box.Height() < step {
			continue
		}
		pts = pts[:0]
		for i := range r.x {
			p := pt{round(r.x[i]), round(r.y[i])}
			if len(pts) == 0 || pts[len(pts)-1] != p {
				pts = append(pts, p)
			}
		}
		if len(pts) < 4 {
			continue // rounded to a point or a line
		}
		keep = append(keep[:0], make([]bool, len(pts))...)
		keep[0], keep[len(pts)-1] = true, true
		if step > 1 {
			simplify(pts, keep, 0, len(pts)-1)
		} else {
			// Neighbours' rings share their borders, which simplifying
			// each ring apart would draw twice, a little apart: seen
			// zoomed in, not at a coarser step.
			for i := range keep {
				keep[i] = true
			}
		}
		b = appendRing(b, pts, keep)
	}
	return string(b)
}

// pt is a point of a ring rounded to Path's unit.
type pt struct{ x, y int32 }

// simplify marks in keep the points of pts[i:j+1] that stay more than one
// unit from the line through the points kept either side (Douglas–Peucker).
func simplify(pts []pt, keep []bool, i, j int) {
	for j > i+1 {
		a, c := pts[i], pts[j]
		dx, dy := float64(c.x-a.x), float64(c.y-a.y)
		norm := math.Hypot(dx, dy)
		far, farD := -1, 1.0
		for k := i + 1; k < j; k++ {
			px, py := float64(pts[k].x-a.x), float64(pts[k].y-a.y)
			d := math.Hypot(px, py) // a ring's ends meet: distance to the point
			if norm > 0 {
				d = math.Abs(px*dy-py*dx) / norm
			}
			if d > farD {
				far, farD = k, d
			}
		}
		if far < 0 {
			return
		}
		keep[far] = true
		simplify(pts, keep, i, far)
		i = far
	}
}

// appendRing appends the kept points of a ring as a move and relative
// lines, closed; nothing when fewer than three are kept.
func appendRing(b []byte, pts []pt, keep []bool) []byte {
	n := 0
	for _, k := range keep {
		if k {
			n++
		}
	}
	if n < 4 { // the first point is also the last
		return b
	}
	p := pts[0]
	b = append(b, 'M')
	b = strconv.AppendInt(b, int64(p.x), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(p.y), 10)
	b = append(b, 'l')
	first := true
	for i := 1; i < len(pts)-1; i++ {
		if !keep[i] {
			continue
		}
		dx, dy := pts[i].x-p.x, pts[i].y-p.y
		if !first && dx >= 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(dx), 10)
		if dy >= 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(dy), 10)
		p, first = pts[i], false
	}
	return append(b, 'z')
}
