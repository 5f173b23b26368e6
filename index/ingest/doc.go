// Package ingest is Sitrep's write pipeline: it reads inputs (package
// parse), gives each article its entities (package entity) and writes it
// through a batched index.Writer. The CLI's ingest, serve's sample corpus
// and the test helpers all ingest through Run.
//
//	rep, err := ingest.Run(ctx, ix, inputs, ingest.Config{Extractor: x, Extract: true})
//	fmt.Println(rep) // indexed 108, updated 0, unchanged 0, rejected 0 (…)
package ingest
