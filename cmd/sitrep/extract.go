package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/parse"
)

// extractLine is one line of "sitrep extract": the facet values exactly
// as ingest would index them (canonical names, as the design's contract
// says), and under Written the same entities named as the article writes
// them (without the organisations it only describes in lower case, "the
// Iraqi army").
type extractLine struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	People        []string `json:"people"`
	Places        []string `json:"places"`
	Organisations []string `json:"organisations"`
	Written       names    `json:"written"`
	// Entities is what the extractor found, with mentions, offsets and
	// rules: only with --verbose.
	Entities *entity.Result `json:"entities,omitempty"`
}

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "extract", "extract [--verbose] [--no-extract] FILE…\n\n"+
		"Print the people, places and organisations of each article in FILEs (the formats\n"+
		"of ingest) as one JSON line per article: the facet values exactly as ingest would\n"+
		"index them, and under \"written\" the same entities named as the article writes\n"+
		"them (Al Huwayjah for Hawija). Nothing is written to an index.")
	verbose := fs.Bool("verbose", false, "add every entity's mentions, offsets, the rule that found it, coordinates and aliases")
	noExtract := fs.Bool("no-extract", false, "show only the input's own people, places and organisations, canonicalised")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError(fs, "extract: name at least one file or directory to read (or - for stdin)")
	}
	rejected := 0
	inputs, _, err := expandInputs(ctx, paths, inputOptions{logger: e.logger, rejected: func(err error) {
		rejected++
		fmt.Fprintln(e.stderr, "rejected:", err)
	}})
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	x, err := e.process.extractor()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	for rec, err := range parse.Read(ctx, inputs, e.stdin) {
		if err != nil {
			rejected++
			fmt.Fprintln(e.stderr, "rejected:", err)
			continue
		}
		a := rec.Article
		a.SetID()
		found := index.Entities(x, a, !*noExtract)
		line := extractLine{ID: a.ID, Title: a.Title,
			People: nonNil(a.People), Places: nonNil(a.Places), Organisations: nonNil(a.Organisations),
			Written: names{
				People:        index.WrittenNames(x, found, entity.Person, a.People),
				Places:        index.WrittenNames(x, found, entity.Place, a.Places),
				Organisations: index.WrittenNames(x, found, entity.Organisation, a.Organisations),
			}}
		if *verbose {
			line.Entities = &found
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	if ctx.Err() != nil {
		return &exitError{code: exitSignal, err: errors.New("extract interrupted")}
	}
	if rejected > 0 {
		return &exitError{code: exitRejected, err: fmt.Errorf("%s rejected (see above)", plural(rejected, "record"))}
	}
	return nil
}

// names are an article's people, places and organisations.
type names struct {
	People        []string `json:"people"`
	Places        []string `json:"places"`
	Organisations []string `json:"organisations"`
}

// nonNil makes an absent list print as [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
