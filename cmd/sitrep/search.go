package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// listFlag collects a repeatable flag's values.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "search", "search [--index DIR] [--json] [--size N] [--page N] [--sort ORDER] [--person NAME]… QUERY…\n\n"+
		"Print the articles matching QUERY, best first: every word must match (an empty query\n"+
		"matches every article). Filters narrow by exact canonical values and may be repeated.")
	indexDir := indexFlag(fs)
	asJSON := fs.Bool("json", false, "print the answer as the JSON of GET /api/search")
	size := fs.Int("size", search.DefaultSize, fmt.Sprintf("hits per page (at most %d)", search.MaxSize))
	page := fs.Int("page", 1, "page of hits, from 1")
	sortBy := fs.String("sort", string(search.ByRelevance), "order: relevance, newest or oldest")
	var people, places, orgs, sources listFlag
	fs.Var(&people, "person", "only articles about this person (repeatable)")
	fs.Var(&places, "place", "only articles about this place (repeatable)")
	fs.Var(&orgs, "organisation", "only articles about this organisation (repeatable)")
	fs.Var(&sources, "source", "only articles from this source (repeatable)")
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	sort, err := search.ParseSort(*sortBy)
	if err != nil {
		return usageError(fs, "search: %w", err)
	}
	req := search.Request{
		Query: strings.Join(words, " "), People: people, Places: places, Organisations: orgs,
		Sources: sources, Sort: sort, Page: *page, Size: *size,
	}

	ix, err := index.Open(ctx, *indexDir, index.Options{})
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := search.New(ix).Search(ctx, req)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(web.NewSearchResponse(res))
	}
	printHits(e, res)
	return nil
}

// printHits prints a result as a ranked list for people.
func printHits(e *env, res *search.Result) {
	first := (res.Page-1)*res.Size + 1
	fmt.Fprintf(e.stdout, "%s (%.1f ms)\n", plural(int(res.Total), "article"), float64(res.Took.Microseconds())/1000)
	if len(res.Hits) == 0 && res.Total > 0 {
		fmt.Fprintf(e.stdout, "page %d is past the last hit\n", res.Page)
	}
	for i, h := range res.Hits {
		date := "undated"
		if h.Published != nil {
			date = h.Published.Format("2006-01-02")
		}
		source := h.Source
		if source == "" {
			source = "unknown source"
		}
		fmt.Fprintf(e.stdout, "%3d. %s\n     %s · %s · %s\n", first+i, h.Title, source, date, h.ID)
	}
}

var _ flag.Value = (*listFlag)(nil)
