// Command gengaz builds the gazetteer that package entity embeds: it reads
// the GeoNames, Phoenix (PETRARCH) dictionaries under the shared data folder
// and the hand-curated lists under index/entity/data/curated, and writes one
// gzipped, tab-separated file. The same input always gives the same bytes.
//
// Usage (run by `go generate ./index/entity/` from index/entity):
//
//	go run ./internal/gengaz [-src DIR] [-curated DIR] [-out FILE]
//
// -src defaults to the first of ../shared/data/gazetteer found walking up
// from the working directory (the project keeps shared/ beside its repo).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gengaz:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gengaz", flag.ContinueOnError)
	src := fs.String("src", "", "folder holding geonames/ and petrarch/ (default: shared/data/gazetteer beside the repo)")
	curated := fs.String("curated", "data/curated", "folder of the hand-curated lists")
	out := fs.String("out", "data/gazetteer.tsv.gz", "file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *src == "" {
		dir, err := FindSource(".")
		if err != nil {
			return err
		}
		*src = dir
	}
	data, err := Build(*src, *curated)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(*out, data, 0o644)
}
