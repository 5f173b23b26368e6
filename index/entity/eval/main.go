// Command eval scores Sitrep's entity extractor against the gold sets in
// testdata/entities and prints a Markdown table per type (precision,
// recall, F1 over distinct entities per article).
//
//	go run ./index/entity/eval [-sets re3d-dev,seed,dvids] [-errors]
//
// -errors also lists every false positive and false negative.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/entityeval"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	sets := fs.String("sets", strings.Join(entityeval.Sets, ","), "gold sets to score, comma-separated")
	dir := fs.String("dir", "", "folder of the gold files (default: testdata/entities of the repo)")
	errs := fs.Bool("errors", false, "list false positives and false negatives")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		d, err := entityeval.FindDir(".")
		if err != nil {
			return err
		}
		*dir = d
	}
	x, err := entity.New()
	if err != nil {
		return err
	}
	predict := func(d entity.Document) entityeval.Names { return entityeval.FromResult(x.Extract(d)) }
	var reports []entityeval.Report
	for _, set := range strings.Split(*sets, ",") {
		arts, err := entityeval.Load(x, *dir, set)
		if err != nil {
			return err
		}
		reports = append(reports, entityeval.Score(x, "sitrep / "+set, arts, predict))
	}
	fmt.Fprint(stdout, entityeval.Table(reports...))
	if *errs {
		for _, r := range reports {
			for _, e := range r.Errors {
				what := "FP"
				if e.Missed {
					what = "FN"
				}
				fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\n", r.Set, e.Article, e.Kind, what, e.Name)
			}
		}
	}
	return nil
}
