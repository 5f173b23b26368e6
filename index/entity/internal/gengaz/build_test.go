package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestBuildDeterministic regenerates the gazetteer when the shared data is
// beside the repo: the bytes must be those committed in
// data/gazetteer.tsv.gz, built by another run (run `go generate
// ./index/entity/` after editing a curated list).
func TestBuildDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the gazetteer (a few seconds)")
	}
	src, err := FindSource(".")
	if err != nil {
		t.Skipf("no shared gazetteer data: %v", err)
	}
	curated := filepath.Join("..", "..", "data", "curated")
	// The text is compared, not the gzip bytes: compressing is the slow part
	// under the race detector, and compress/gzip is deterministic itself.
	a, err := BuildText(src, curated)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := os.ReadFile(filepath.Join("..", "..", "data", "gazetteer.tsv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, committed) {
		t.Error("data/gazetteer.tsv.gz differs from a new build: the generator is not deterministic, or the file is stale (run go generate ./index/entity/)")
	}
	if len(gz) > 4<<20 {
		t.Errorf("gazetteer is %d bytes; keep it under 4 MiB", len(gz))
	}
}

func TestTitleCase(t *testing.T) {
	for in, want := range map[string]string{
		"HAIDER_AL_ABADI":                 "Haider al-Abadi",
		"ABU_NIDAL_ORGANIZATION":          "Abu Nidal Organization",
		"ISLAMIC_STATE_OF_IRAQ_AND_SYRIA": "Islamic State of Iraq and Syria",
		"JOHN_MCCAIN_":                    "John McCain",
	} {
		if got := titleCase(in); got != want {
			t.Errorf("titleCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlaceName(t *testing.T) {
	l := &lists{
		english: map[string]bool{"mobile": true, "of": true, "march": true, "nice": true, "union": true, "city": true},
		first:   map[string]bool{"victoria": true}, titles: map[string]bool{}, heads: map[string]bool{},
		demonyms: map[string]bool{}, notNames: map[string]bool{},
	}
	for name, want := range map[string]bool{
		"Kirkuk": true, "Mobile": false, "Of": false, "March": false, "Nice": false,
		"Victoria": false, "Union City": false, "Bet": false, "Deir ez-Zor": true, "Москва": false,
	} {
		if got := l.placeName(name); got != want {
			t.Errorf("placeName(%q) = %v, want %v", name, got, want)
		}
	}
	// A capital's or a province's seat's own name may be short or made
	// of ordinary words; an airport's code is no name.
	l.english["port"], l.english["prince"] = true, true
	for name, want := range map[string]bool{
		"Qom": true, "Port-au-Prince": true, "RAI": false, "Mobile": false, "Victoria": false, "Of": false,
	} {
		if got := l.seatName(name); got != want {
			t.Errorf("seatName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestPersonName(t *testing.T) {
	l := &lists{titles: map[string]bool{"commodore": true, "foreign": true, "minister": true, "prince": true, "gen": true, "sir": true}}
	for _, tt := range []struct{ in, name, rest string }{
		{"Commodore Josaia Voreqe Bainimarama", "Josaia Voreqe Bainimarama", ""},
		{"Minister of Defense Ehud Barak", "Ehud Barak", ""},
		{"Prince Norodom Sihanouk", "Norodom Sihanouk", ""},
		{"Foreign Minister Abdullah", "Foreign Minister Abdullah", "abdullah"},
		{"Gen Nakatani", "Gen Nakatani", "nakatani"},
		{"Elizabeth Ii", "Elizabeth II", ""},
		{"Sir James Baker Iii", "James Baker III", ""},
		{"Tram Iv Toek", "Tram Iv Toek", ""},
		{"Haider al-Abadi", "Haider al-Abadi", ""},
	} {
		if name, rest := personName(tt.in, l); name != tt.name || rest != tt.rest {
			t.Errorf("personName(%q) = %q, %q; want %q, %q", tt.in, name, rest, tt.name, tt.rest)
		}
	}
}

// TestPetrarchTitledPeople: a leader the dictionary names with a title is
// named without it; one left with a given name that opens other names is
// dropped; one that is then another record's name joins it. The plain
// lines between a record and its roles are its other names, and a surname
// alone is one (not a given name or initials).
func TestPetrarchTitledPeople(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "actors.txt")
	data := `COMMODORE_JOSAIA_VOREQE_BAINIMARAMA  # CountryInfo.txt
	[FJIGOV >061205]
FOREIGN_MINISTER_ABDULLAH_  # CountryInfo.txt
	[AFGGOV 030101-060531]
ABDULLAH_ABDULLAH_  # CountryInfo.txt
	[AFGGOV 011222-060420]
GEN_NAKATANI_  # CountryInfo.txt
	[JPNGOV >141224]
PRINCE_JOHNSON_  # CountryInfo.txt
	[LBRGOV >060101]
JOHNSON_TORIBIONG_  # CountryInfo.txt
	[PLWGOV 090115-130117]
JUAN_CARLOS_I  # CountryInfo.txt
	[ESPGOV >751122]
+KING_JUAN_CARLOS
PRINCE_JUAN_CARLOS  # CountryInfo.txt
	[ESPGOV >751122]
BORIS_YELTSIN_  # CountryInfo.txt
BORIS_N._YELTSIN
YELTSIN
PRESIDENT_YELTSIN
YELTSIN_ADMINISTRATION
	[RUSELI 991231-070423]
+BY
+BORIS
TONY_ABBOTT
	[AUSELI]
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	l := &lists{
		titles: map[string]bool{"commodore": true, "foreign": true, "minister": true, "prince": true, "gen": true, "king": true, "president": true},
		heads:  map[string]bool{"administration": true},
		first:  map[string]bool{"abdullah": true, "juan": true, "boris": true},
	}
	iso3 := map[string]string{"FJI": "FJ", "AFG": "AF", "JPN": "JP", "LBR": "LR", "PLW": "PW", "ESP": "ES", "RUS": "RU", "AUS": "AU"}
	people, _, err := readPetrarchPeople(path, iso3, l)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, e := range people {
		got[e.name] = e.aliases
	}
	want := map[string][]string{
		"Josaia Voreqe Bainimarama": nil,
		"Abdullah Abdullah":         nil,
		"Gen Nakatani":              nil,
		"Prince Johnson":            nil,
		"Johnson Toribiong":         nil,
		"Juan Carlos I":             {"Juan Carlos"},
		// the plain lines between a record and its roles are its names
		"Boris Yeltsin": {"Boris N. Yeltsin", "Yeltsin", "President Yeltsin"},
	}
	if len(got) != len(want) {
		t.Errorf("people = %v, want %v", got, want)
	}
	for name, aliases := range want {
		if a, ok := got[name]; !ok || !slices.Equal(a, aliases) {
			t.Errorf("%s: aliases %v (present %v), want %v", name, a, ok, aliases)
		}
	}
}

func TestPlainLetters(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Diyarbakır", "Diyarbakir"},
		{"Łódź", "Lódź"},
		{"Tromsø", "Tromso"},
		{"Äußere Neustadt", "Äussere Neustadt"},
		{"Aranđelovac", "Arandelovac"},
		{"Malmö", "Malmö"},
		{"Basra", "Basra"},
	}
	for _, tt := range tests {
		if got := plainLetters(tt.in); got != tt.want {
			t.Errorf("plainLetters(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPersonShaped: a group the TOPS list names by a leader is the
// leader; a group named otherwise keeps its name.
func TestPersonShaped(t *testing.T) {
	l := &lists{first: map[string]bool{"ayman": true, "musab": true, "mano": false}, heads: map[string]bool{"battalion": true, "front": true}}
	for k, want := range map[string]bool{
		"ayman al zawahiri": true, "abu musab": true, "abu sayyaf": false, "ayman battalions": false,
		"ayman": false, "mano blanca": false, "al nusra front": false,
	} {
		if got := personShaped(k, l); got != want {
			t.Errorf("personShaped(%q) = %v, want %v", k, got, want)
		}
	}
}

// TestGroupsAndCampuses: of the TOPS list, a leader filed as a group is
// left out and a hyphened group's name kept; of GeoNames, a campus named
// after its university is no place, a seat named like a person is one.
func TestGroupsAndCampuses(t *testing.T) {
	dir := t.TempDir()
	l := &lists{english: map[string]bool{}, first: map[string]bool{"ayman": true, "saif": true}, titles: map[string]bool{},
		heads: map[string]bool{}, demonyms: map[string]bool{}, notNames: map[string]bool{}}
	groups := filepath.Join(dir, "groups.txt")
	if err := os.WriteFile(groups, []byte("AYMAN_AL_ZAWAHIRI\n+ZAWAHIRI\nSAIF-UL-MUSLIMEEN\n+SWORD_OF_MUSLIMS\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readPetrarchGroups(groups, l)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range got {
		names = append(names, e.name)
	}
	if want := []string{"Saif-Ul-Muslimeen"}; !slices.Equal(names, want) {
		t.Errorf("groups = %q, want %q", names, want)
	}
	row := func(name, code string, pop string) string {
		return "1\t" + name + "\t" + name + "\t\t30.28\t-97.73\tP\t" + code + "\tUS\t\tTX\t\t\t\t" + pop + "\t\t\tAmerica/Chicago\t2024-01-01\n"
	}
	cities := filepath.Join(dir, "cities.txt")
	if err := os.WriteFile(cities, []byte(row("University of Texas", "PPLX", "53082")+row("Colombo", "PPLC", "648034")+row("Davis", "PPL", "60000")), 0o644); err != nil {
		t.Fatal(err)
	}
	places, err := readCities(cities, l, map[string]bool{"colombo": true, "davis": true})
	if err != nil {
		t.Fatal(err)
	}
	names = names[:0]
	for _, e := range places {
		names = append(names, e.name)
	}
	if want := []string{"Colombo"}; !slices.Equal(names, want) {
		t.Errorf("cities = %q, want %q", names, want)
	}
}
