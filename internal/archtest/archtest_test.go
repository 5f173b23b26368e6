package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// layers is the direction of imports, top first. A package may import
// the packages of its own layer and of the layers below it, never those
// of a layer above; nothing may import a closed layer's packages. A
// pattern is a package path in the module: "p" is that package, "p/..."
// it and every package under it. Every package of the module must match
// exactly one pattern, so a new package is placed here, and in the map of
// docs/DESIGN.md, on purpose.
var layers = []struct {
	name     string
	patterns []string
	closed   bool
}{
	// The tagger's training command reads articles (index/parse) to
	// learn from, so it sits with the commands, not with package entity;
	// so does the word clusters' maker, which tokenises with package entity.
	{"commands", []string{"cmd/...", "index/entity/internal/train", "index/entity/internal/wordclusters", "index/internal/commonwords"}, true},
	{"web", []string{"web/..."}, false},
	{"search", []string{"search"}, false},
	{"search's bleve internals", []string{"search/internal/..."}, false},
	{"test fixtures", []string{"index/indextest", "index/cluster/natstest"}, false},
	{"ingestion", []string{"index/ingest", "index/watch", "index/cluster"}, false},
	{"inputs", []string{"index/parse", "index/fetch"}, false},
	{"index", []string{"index"}, false},
	{"entities and stories", []string{"index/entity", "index/entity/entityeval", "index/entity/eval/...", "index/entity/internal/gengaz", "index/entity/internal/norm", "index/entity/internal/shared", "index/entity/internal/tagger", "index/dedup", "index/registry"}, false},
}

// layerOf returns the row of layers holding pkg (a path relative to the
// module), or an error when no row, or more than one, does.
func layerOf(pkg string) (int, error) {
	found := -1
	for i, l := range layers {
		for _, p := range l.patterns {
			if !matches(p, pkg) {
				continue
			}
			if found >= 0 && found != i {
				return 0, fmt.Errorf("package %s is in two layers, %s and %s: make the patterns of the layers table in %s disjoint", pkg, layers[found].name, l.name, thisFile)
			}
			found = i
		}
	}
	if found < 0 {
		return 0, fmt.Errorf("package %s is in no layer: add it to the layers table in %s and to the map of the code in docs/DESIGN.md", pkg, thisFile)
	}
	return found, nil
}

// thisFile names this test in messages.
const thisFile = "internal/archtest/archtest_test.go"

// matches reports whether pattern ("p" or "p/...") covers pkg.
func matches(pattern, pkg string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return pkg == base || strings.HasPrefix(pkg, base+"/")
	}
	return pkg == pattern
}

// checkImport returns why the package from may not import the package
// to (both paths relative to the module), or nil when it may.
func checkImport(from, to string) error {
	f, err := layerOf(from)
	if err != nil {
		return err
	}
	t, err := layerOf(to)
	if err != nil {
		return err
	}
	switch {
	case layers[t].closed:
		return fmt.Errorf("%s imports %s: nothing may import the %s layer", from, to, layers[t].name)
	case t < f:
		return fmt.Errorf("%s (%s) imports %s (%s), a layer above it: imports go %s", from, layers[f].name, to, layers[t].name, direction())
	}
	return nil
}

// direction returns the layers' names from the top, joined by arrows.
func direction() string {
	names := make([]string, len(layers))
	for i, l := range layers {
		names[i] = l.name
	}
	return strings.Join(names, " → ")
}

func TestCheckImport(t *testing.T) {
	tests := []struct {
		from, to string
		want     string // in the error; "" for an import allowed
	}{
		{"cmd/sitrep", "web", ""},
		{"cmd/sitrep", "index/watch", ""},
		{"cmd/sitrep-bench", "search", ""},
		{"web", "search", ""},
		{"web", "index/ingest", ""},
		{"search", "index", ""},
		{"search", "search/internal/segments", ""},
		{"search", "index/indextest", ""},
		{"index/indextest", "index/ingest", ""},
		{"index/ingest", "index/parse", ""},
		{"index/watch", "index/fetch", ""},
		{"index/parse", "index", ""},
		{"index", "index/dedup", ""},
		{"index", "index/entity", ""},
		{"index/entity", "index/entity/internal/norm", ""},
		{"index/ingest", "index/watch", ""},

		{"index", "search", "index (index) imports search (search), a layer above it"},
		{"index/ingest", "web", "a layer above it"},
		{"search", "web", "search (search) imports web (web), a layer above it"},
		{"search/internal/segments", "search", "a layer above it"},
		{"web", "cmd/sitrep", "nothing may import the commands layer"},
		{"cmd/sitrep", "cmd/sitrep-bench", "nothing may import the commands layer"},
		{"index", "index/parse", "index (index) imports index/parse (inputs), a layer above it"},
		{"index/parse", "index/ingest", "a layer above it"},
		{"index/entity", "index", "a layer above it"},
		{"index/ingest", "index/indextest", "a layer above it"},
		{"index/newthing", "index", "package index/newthing is in no layer"},
		{"web", "elsewhere", "package elsewhere is in no layer"},
	}
	for _, tt := range tests {
		t.Run(tt.from+"→"+tt.to, func(t *testing.T) {
			err := checkImport(tt.from, tt.to)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("checkImport(%q, %q) = %v, want the import allowed", tt.from, tt.to, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("checkImport(%q, %q) = %v, want an error saying %q", tt.from, tt.to, err, tt.want)
			}
		})
	}
}

// pkg is what go list says of a package of the module.
type pkg struct {
	ImportPath  string
	Imports     []string
	TestImports []string
	Module      *struct{ Path, Dir string }
}

// modulePackages lists the packages of the module, with go list.
func modulePackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Dir = "../.." // the module's root, from this package's directory
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -json ./... in the module: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list's answer: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatal("go list found no package in the module")
	}
	return pkgs
}

// TestImportDirection checks every import of the module's packages, their
// own test files' included, against layers. A package's external tests
// (package x_test) are left out: nothing imports them, and some check a
// lower layer end to end through a higher one (index's crash test
// searches what it wrote).
func TestImportDirection(t *testing.T) {
	pkgs := modulePackages(t)
	module := pkgs[0].Module.Path + "/"
	self := module + "internal/archtest"
	var problems []string
	checked := 0
	for _, p := range pkgs {
		if p.ImportPath == self {
			continue // holds only this test
		}
		from, ok := strings.CutPrefix(p.ImportPath, module)
		if !ok {
			t.Fatalf("go list named %s, outside the module %s", p.ImportPath, module)
		}
		if _, err := layerOf(from); err != nil {
			problems = append(problems, err.Error())
			continue
		}
		for _, imp := range slices.Concat(p.Imports, p.TestImports) {
			to, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue // the standard library or another module
			}
			checked++
			if err := checkImport(from, to); err != nil {
				problems = append(problems, err.Error())
			}
		}
	}
	slices.Sort(problems)
	problems = slices.Compact(problems)
	if len(problems) > 0 {
		t.Errorf("%d imports against the direction of docs/DESIGN.md's map of the code:\n%s", len(problems), strings.Join(problems, "\n"))
	}
	if checked == 0 {
		t.Error("no import between the module's packages was checked")
	}
	t.Logf("%d packages, %d imports between them checked", len(pkgs)-1, checked)
}

// TestMapNamesEveryLayer checks that the map of the code in
// docs/DESIGN.md names, in backquotes, a package of each pattern of the
// layers table.
func TestMapNamesEveryLayer(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "DESIGN.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Map of the code\n")
	if !ok {
		t.Fatal(`docs/DESIGN.md has no "## Map of the code" section`)
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	var named []string
	for i, part := range strings.Split(section, "`") {
		if i%2 == 1 {
			named = append(named, part)
		}
	}
	for _, l := range layers {
		for _, p := range l.patterns {
			if !slices.ContainsFunc(named, func(n string) bool { return matches(p, n) }) {
				t.Errorf("the map of the code in docs/DESIGN.md names no package of %s (layer %s): name one in backquotes", p, l.name)
			}
		}
	}
}
