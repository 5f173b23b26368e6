package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestEntities(t *testing.T) {
	t.Parallel()
	ix := filepath.Join(t.TempDir(), "ix")
	corpus := filepath.Join("..", "..", "testdata", "registry")
	if _, errOut, code := sitrep(t, "", "ingest", "--index", ix, corpus); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	// By name as one article wrote it: the entity it joined, and why.
	out, errOut, code := sitrep(t, "", "entities", "--index", ix, "Jim Kirk")
	if code != exitOK {
		t.Fatalf("entities Jim Kirk: exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"James Kirk (person p", "3 articles", "Rear Adm. (2)",
		`joined "Jim Kirk" (1 article): short form of the given name of James Kirk, both titled Rear Adm.`,
		`joined "Kirk" (1 article): surname of James Kirk, both named beside Carrier Strike Group 11`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("entities Jim Kirk printed %q, want %q in it", out, want)
		}
	}
	// Without a name: the counts and every joined entity.
	out, _, code = sitrep(t, "", "entities", "--index", ix)
	if code != exitOK || !strings.HasPrefix(out, "23 articles,") || !strings.Contains(out, "4 names joined") || !strings.Contains(out, "James Kirk (person") {
		t.Errorf("entities: exit %d, printed %q", code, out)
	}
	// An acronym alone, joined to the name another article defined with it.
	out, _, code = sitrep(t, "", "entities", "--index", ix, "AHDA")
	if want := `joined "AHDA" (1 article): acronym of Ardent Harbour Defence Agency, defined so in another article`; code != exitOK || !strings.Contains(out, want) {
		t.Errorf("entities AHDA: exit %d, printed %q, want %q in it", code, out, want)
	}
	// By ID, as JSON.
	out, _, _ = sitrep(t, "", "entities", "--index", ix, "--json", "Basrah")
	var basra struct {
		ID      string
		Name    string
		Aliases []struct{ Text string }
	}
	if err := json.Unmarshal([]byte(out), &basra); err != nil || basra.Name != "Basra" {
		t.Fatalf("entities --json Basrah: %v, printed %q", err, out)
	}
	out, _, code = sitrep(t, "", "entities", "--index", ix, "--json", basra.ID)
	if code != exitOK || !strings.Contains(out, `"name":"Basra"`) {
		t.Errorf("entities %s: exit %d, printed %q", basra.ID, code, out)
	}
	// A name no article gives.
	_, errOut, code = sitrep(t, "", "entities", "--index", ix, "Nobody Known")
	if code != exitFailure || !strings.Contains(errOut, `no entity of the index is named "Nobody Known"`) {
		t.Errorf("entities of an unknown name: exit %d, %q", code, errOut)
	}
}
