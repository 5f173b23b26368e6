package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/registry"
)

// runEntities prints what the index's entity registry knows of entities
// named on the command line, or of every entity joined across articles.
func runEntities(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "entities", "entities [--index DIR] [--json] [--limit N] [NAME|ID]…\n\n"+
		"Print the entities of the index that NAME or ID names (a canonical name, a name as\n"+
		"some article wrote it, one word also every person of that surname, or an entity id\n"+
		"such as p1a2b3c4d5e6f): their aliases as written, the titles written before a\n"+
		"person's name, and the names of other articles joined to them, each with why.\n"+
		"Without NAME, every entity that names of other articles joined, and the counts.")
	indexDir := indexFlag(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per entity")
	limit := fs.Int("limit", 10, "most entities printed for one NAME (0: all)")
	queries, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	ix, err := index.Open(ctx, *indexDir, index.Options{})
	if err != nil {
		return err
	}
	defer ix.Close()
	reg, err := ix.Registry(ctx)
	if err != nil {
		return err
	}
	var found []registry.Entity
	if len(queries) == 0 {
		found = reg.JoinedEntities()
		if !*asJSON {
			s := reg.Stats()
			fmt.Fprintf(e.stdout, "%s, %s as extracted, %s, %s joined across articles\n",
				plural(s.Articles, "article"), plural(s.Names, "name"), plural(s.Entities, "entity"), plural(s.Joins, "name"))
		}
	}
	missing := 0
	for _, q := range queries {
		es := reg.Find(q, *limit)
		if len(es) == 0 {
			fmt.Fprintf(e.stderr, "sitrep entities: no entity of the index is named %q\n", q)
			missing++
		}
		found = append(found, es...)
	}
	for _, ent := range found {
		if *asJSON {
			if err := json.NewEncoder(e.stdout).Encode(entityJSON(ent)); err != nil {
				return err
			}
			continue
		}
		printEntity(e, ent)
	}
	if missing > 0 {
		return &exitError{code: exitFailure, err: fmt.Errorf("%s not found: check the spelling, or search with sitrep search", plural(missing, "name"))}
	}
	return nil
}

// printEntity prints one entity for people to read.
func printEntity(e *env, ent registry.Entity) {
	fmt.Fprintf(e.stdout, "%s (%s %s): %s\n", ent.Name, ent.Kind, ent.ID, plural(ent.Articles, "article"))
	list := func(label string, as []registry.Alias) {
		if len(as) == 0 {
			return
		}
		parts := make([]string, len(as))
		for i, a := range as {
			parts[i] = fmt.Sprintf("%s (%d)", a.Text, a.Articles)
		}
		fmt.Fprintf(e.stdout, "  %s: %s\n", label, strings.Join(parts, ", "))
	}
	list("written", ent.Aliases)
	list("titles", ent.Titles)
	for _, j := range ent.Joins {
		fmt.Fprintf(e.stdout, "  joined %q (%s): %s\n", j.Name, plural(j.Articles, "article"), j.Why)
	}
}

// entityJSONShape is the JSON form of an entity that sitrep entities
// --json prints.
type entityJSONShape struct {
	ID       string      `json:"id"`
	Kind     string      `json:"kind"`
	Name     string      `json:"name"`
	Articles int         `json:"articles"`
	Aliases  []aliasJSON `json:"aliases"`
	Titles   []aliasJSON `json:"titles,omitempty"`
	Joins    []joinJSON  `json:"joins,omitempty"`
}

type aliasJSON struct {
	Text     string `json:"text"`
	Articles int    `json:"articles"`
}

type joinJSON struct {
	Name     string `json:"name"`
	Articles int    `json:"articles"`
	Why      string `json:"why"`
}

func entityJSON(ent registry.Entity) entityJSONShape {
	out := entityJSONShape{ID: ent.ID, Kind: ent.Kind.String(), Name: ent.Name, Articles: ent.Articles}
	conv := func(as []registry.Alias) []aliasJSON {
		var o []aliasJSON
		for _, a := range as {
			o = append(o, aliasJSON(a))
		}
		return o
	}
	out.Aliases, out.Titles = conv(ent.Aliases), conv(ent.Titles)
	for _, j := range ent.Joins {
		out.Joins = append(out.Joins, joinJSON(j))
	}
	return out
}
