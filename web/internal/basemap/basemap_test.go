package basemap

import (
	"regexp"
	"strings"
	"testing"
)

func TestPath(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	iraq := Box{380, -380, 490, -290} // 38–49°E, 29–38°N
	pacific := Box{-1700, -100, -1500, 100}
	tests := []struct {
		name     string
		view     Box
		step     int
		min, max int // bytes of path data
	}{
		{"world, fine", World, 1, 25_000, 60_000},
		{"world, coarse", World, 5, 5_000, 20_000},
		{"Iraq", iraq, 1, 1_000, 20_000},
		{"open ocean", pacific, 1, 0, 0},
	}
	syntax := regexp.MustCompile(`^(M-?\d+ -?\d+l(-?\d+|[ ]\d+)+z)*$`)
	var sizes []int
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := m.Path(tt.view, tt.step)
			if len(d) < tt.min || len(d) > tt.max {
				t.Errorf("%d bytes of path data, want %d to %d", len(d), tt.min, tt.max)
			}
			if !syntax.MatchString(d) {
				t.Errorf("path data %.80q… is not moves, relative lines and closes", d)
			}
			sizes = append(sizes, len(d))
			t.Logf("%d bytes", len(d))
		})
	}
	if len(sizes) == len(tests) && sizes[1] >= sizes[0] {
		t.Errorf("a coarser step drew %d bytes, the fine one %d: want fewer", sizes[1], sizes[0])
	}
}

func TestIraqIsDrawnWhereItIs(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	// Baghdad (44.4°E, 33.3°N) lies within the outlines drawn around it,
	// and no outline is drawn in a box far out in the Pacific.
	d := m.Path(Box{440, -335, 446, -330}, 1)
	if d == "" {
		t.Fatal("nothing drawn around Baghdad")
	}
	if !strings.HasPrefix(d, "M") {
		t.Errorf("path %.40q does not start with a move", d)
	}
}

func TestCountry(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code                   string
		ok                     bool
		minLon, maxLon, minLat float64
		maxLat                 float64
	}{
		{"IQ", true, 40, 47, 30, 37},
		{"US", true, -110, -85, 33, 45},
		{"RU", true, 60, 130, 50, 70}, // its outline crosses 180°
		{"FJ", true, 170, 180, -20, -15},
		{"ZZ", false, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		lon, lat, ok := m.Country(tt.code)
		if ok != tt.ok || ok && (lon < tt.minLon || lon > tt.maxLon || lat < tt.minLat || lat > tt.maxLat) {
			t.Errorf("Country(%q) = %v, %v, %v; want %v within %v–%v°E, %v–%v°N", tt.code, lon, lat, ok, tt.ok, tt.minLon, tt.maxLon, tt.minLat, tt.maxLat)
		}
	}
}
