package search_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// bleveInternals are the packages (and their subpackages) of bleve's
// index and searcher internals, which only search/internal/scorchx may
// import.
var bleveInternals = []string{
	"github.com/blevesearch/bleve/v2/index",
	"github.com/blevesearch/bleve_index_api",
	"github.com/blevesearch/bleve/v2/search/searcher",
	"github.com/blevesearch/bleve/v2/search/collector",
	"github.com/blevesearch/zapx",
	"github.com/blevesearch/scorch_segment_api",
}

// TestBleveInternalsStayInScorchx fails when a file of package search
// imports bleve's internals: what needs them belongs in
// search/internal/scorchx, so that a bleve upgrade touches one package.
func TestBleveInternalsStayInScorchx(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found %d Go files in search/: the test checks too little", len(files))
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			for _, internal := range bleveInternals {
				if path == internal || strings.HasPrefix(path, internal+"/") {
					t.Errorf("%s imports %s: move the code that needs it into search/internal/scorchx", name, path)
				}
			}
		}
	}
}
