// Command prose scores the off-the-shelf prose v2 named-entity recogniser
// (github.com/jdkato/prose/v2) on Sitrep's gold sets, beside Sitrep's own
// extractor, with the same scorer. It is a module of its own so that the
// main module does not depend on prose.
//
//	cd index/entity/eval/prose && go run . [-sets re3d-dev,seed,dvids]
//
// prose's labels map to Sitrep's kinds: PERSON -> person; GPE, LOC, FAC ->
// place; ORG, ORGANIZATION -> organisation (NORP, nationalities, is dropped, as in the
// gold). Its names go through the same canonicalisation as Sitrep's.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jdkato/prose/v2"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/entityeval"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "prose:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("prose", flag.ContinueOnError)
	sets := fs.String("sets", strings.Join(entityeval.Sets, ","), "gold sets to score, comma-separated")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := entityeval.FindDir(".")
	if err != nil {
		return err
	}
	x, err := entity.New()
	if err != nil {
		return err
	}
	sitrep := func(d entity.Document) entityeval.Names { return entityeval.FromResult(x.Extract(d)) }
	var reports []entityeval.Report
	for _, set := range strings.Split(*sets, ",") {
		arts, err := entityeval.Load(x, dir, set)
		if err != nil {
			return err
		}
		reports = append(reports,
			entityeval.Score(x, "sitrep / "+set, arts, sitrep),
			entityeval.Score(x, "prose v2 / "+set, arts, proseNames))
	}
	fmt.Fprint(stdout, entityeval.Table(reports...))
	return nil
}

// proseNames runs prose over the title, summary, body and captions.
func proseNames(d entity.Document) entityeval.Names {
	out := entityeval.Names{}
	for _, text := range append([]string{d.Title, d.Summary, d.Body}, d.Captions...) {
		if strings.TrimSpace(text) == "" {
			continue
		}
		doc, err := prose.NewDocument(text, prose.WithSegmentation(false))
		if err != nil {
			continue
		}
		for _, e := range doc.Entities() {
			switch e.Label {
			case "PERSON":
				out[entity.Person] = append(out[entity.Person], e.Text)
			case "GPE", "LOC", "FAC":
				out[entity.Place] = append(out[entity.Place], e.Text)
			case "ORG", "ORGANIZATION":
				out[entity.Organisation] = append(out[entity.Organisation], e.Text)
			}
		}
	}
	return out
}
