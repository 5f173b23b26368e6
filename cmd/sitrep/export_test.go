package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index/indextest"
)

// TestSearchAll checks sitrep search --all --format csv|jsonl: every hit,
// in the writer GET /api/export uses, and its usage mistakes.
func TestSearchAll(t *testing.T) {
	t.Parallel()
	ix := filepath.Join(t.TempDir(), "ix")
	if _, errOut, code := sitrep(t, "", "ingest", "--quiet", "--index", ix, indextest.CorpusDir()); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	out, errOut, code := sitrep(t, "", "search", "--index", ix, "--all", "--format", "jsonl", "--collapse=false", "--sort", "newest")
	if code != exitOK {
		t.Fatalf("search --all --format jsonl: exit %d: %s", code, errOut)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	var first struct {
		Provenance struct {
			Total    int    `json:"total"`
			Rows     int    `json:"rows"`
			Sort     string `json:"sort"`
			Search   string `json:"search"`
			Version  string `json:"sitrep_version"`
			Collapse bool   `json:"collapse"`
		} `json:"provenance"`
	}
	if !sc.Scan() || json.Unmarshal(sc.Bytes(), &first) != nil {
		t.Fatalf("the first line %q is not the provenance", sc.Text())
	}
	p := first.Provenance
	if p.Total != indextest.CorpusSize || p.Rows != indextest.CorpusSize || p.Sort != "newest" || p.Collapse || p.Version == "" ||
		p.Search != "collapse=false" { // newest is the order of a search without words: the URL leaves it out
		t.Errorf("provenance %+v", p)
	}
	ids := map[string]bool{}
	for sc.Scan() {
		var row struct{ ID string }
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil || row.ID == "" || ids[row.ID] {
			t.Fatalf("row %q: %v (or its id twice)", sc.Text(), err)
		}
		ids[row.ID] = true
	}
	if len(ids) != indextest.CorpusSize {
		t.Errorf("%d rows, want %d", len(ids), indextest.CorpusSize)
	}

	out, errOut, code = sitrep(t, "", "search", "--index", ix, "--all", "--format", "csv", "--bom=false", "--place", "Iraq", "military")
	if code != exitOK || !strings.HasPrefix(out, "# Sitrep export; query=military; filters=place%3DIraq;") {
		t.Fatalf("search --all --format csv: exit %d: %.200s %s", code, out, errOut)
	}
	r := csv.NewReader(strings.NewReader(out))
	r.Comment = '#'
	records, err := r.ReadAll()
	if err != nil || len(records) < 2 || records[0][0] != "id" {
		t.Errorf("the CSV reads as %d records (%v)", len(records), err)
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--all"}, "--all and --format go together"},
		{[]string{"--format", "csv"}, "--all and --format go together"},
		{[]string{"--all", "--format", "xml"}, `--format="xml": choose csv or jsonl`},
		{[]string{"--all", "--format", "csv", `"unclosed`}, "search:"},
	} {
		_, errOut, code := sitrep(t, "", append([]string{"search", "--index", ix}, tt.args...)...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("search %q: exit %d %q, want a usage error saying %q", tt.args, code, errOut, tt.want)
		}
	}
}
