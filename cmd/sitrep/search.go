package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// listFlag collects a repeatable flag's values.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// clusterSearchTimeout bounds a search --cluster.
const clusterSearchTimeout = 30 * time.Second

func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "search", "search [--index DIR | --cluster NATS] [--json] [--size N] [--page N] [--sort ORDER] [--collapse=false] [--facet-count stories] [--person NAME]… [--not-person NAME]… [--person-op and] QUERY…\n"+
		"       search --all --format csv|jsonl [--bom=false] [--sort ORDER] [--collapse=false] [--person NAME]… QUERY…\n\n"+
		"Print the articles matching QUERY, best first: every word must match (an empty query\n"+
		"matches every article). Filters narrow by exact canonical values or entity ids\n"+
		"(--person p256be2e2b966 is --person \"John Kirby\"); a name no article holds is read\n"+
		"as the gazetteer's name for it (--organisation Daesh is --organisation \"Islamic State\").\n"+
		"Filters may be repeated: several\n"+
		"values of one filter match an article with any of them (OR), or with all of them\n"+
		"with --person-op and (--place-op, --organisation-op, --source-op); --not-person and\n"+
		"the like leave out every article with the value. Filters of different kinds AND. Each hit\n"+
		"lists its people, places and organisations with their ids.\n"+
		"Syndicated copies of one story show as one hit, which names the others (\"also in\");\n"+
		"--collapse=false shows every article. --all --format csv|jsonl writes every hit, not a\n"+
		"page, as GET /api/export does (see the README's \"Export\").")
	indexDir := indexFlag(fs)
	asJSON := fs.Bool("json", false, "print the answer as the JSON of GET /api/search")
	size := fs.Int("size", search.DefaultSize, fmt.Sprintf("hits per page (at most %d; 0: the counts, and with --json the facets, alone)", search.MaxSize))
	page := fs.Int("page", 1, "page of hits, from 1")
	sortBy := fs.String("sort", "", "order: relevance, newest or oldest (default relevance; newest when the query has no words)")
	collapse := fs.Bool("collapse", true, "one hit per story: syndicated copies collapse into the best-ranked, which lists the others; pages count stories")
	facetCount := fs.String("facet-count", string(search.CountArticles), "what the facets of --json count: articles or stories")
	all := fs.Bool("all", false, "write every hit, not a page, in --format csv or jsonl")
	format := fs.String("format", "", "with --all: csv (RFC 4180, a provenance line first) or jsonl (JSON Lines, the provenance first)")
	clusterURL := fs.String("cluster", "", "search every shard of a cluster (the NATS servers of its article log, nats://host:4222,…) instead of --index")
	var stream string
	streamFlag(fs, &stream)
	bom := fs.Bool("bom", true, "with --format csv: start with a UTF-8 byte order mark, by which Excel reads the file as UTF-8")
	var req search.Request
	type facetOp struct {
		param string
		op    *string
		all   *bool
	}
	var ops []facetOp
	for _, f := range []struct {
		param, what string
		keep, not   *[]string
		all         *bool
	}{
		{"person", "about this person: name or id", &req.People, &req.NotPeople, &req.AllPeople},
		{"place", "about this place: name or id", &req.Places, &req.NotPlaces, &req.AllPlaces},
		{"organisation", "about this organisation: name or id", &req.Organisations, &req.NotOrganisations, &req.AllOrganisations},
		{"source", "from this source", &req.Sources, &req.NotSources, &req.AllSources},
	} {
		fs.Var((*listFlag)(f.keep), f.param, "only articles "+f.what+" (repeatable: any of the values, or all with --"+f.param+"-op and)")
		fs.Var((*listFlag)(f.not), "not-"+f.param, "leave out the articles "+f.what+" (repeatable)")
		op := fs.String(f.param+"-op", "or", "how several --"+f.param+" values combine: or (any of them) or and (all of them)")
		ops = append(ops, facetOp{f.param, op, f.all})
	}
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	for _, o := range ops {
		switch *o.op {
		case "or":
		case "and":
			*o.all = true
		default:
			return usageError(fs, "search: --%s-op %q: want or (any of the --%s values) or and (all of them)", o.param, *o.op, o.param)
		}
	}
	sort, err := search.ParseSort(*sortBy)
	if err != nil {
		return usageError(fs, "search: %w", err)
	}
	count, err := search.ParseFacetCount(*facetCount)
	if err != nil {
		return usageError(fs, "search: --facet-count: %w", err)
	}
	req.Query, req.Sort, req.Page, req.Size, req.NoHits, req.NoCollapse, req.FacetCount = strings.Join(words, " "), sort, *page, *size, *size == 0, !*collapse, count
	if *all != (*format != "") {
		return usageError(fs, "search: --all and --format go together: --all --format csv (or jsonl) writes every hit")
	}
	if *all {
		if _, err := web.ParseExportFormat("--format", *format); err != nil {
			return usageError(fs, "search: %w", err)
		}
		o := web.ExportOptions{Format: *format, BOM: *bom, Version: sitrepVersion(), Now: time.Now()}
		if *clusterURL != "" {
			// Gathered from every shard (no deadline: an export takes
			// as long as its rows; interrupt it to stop).
			l, err := openLog(ctx, e, *clusterURL, stream, 0, 0, "sitrep search")
			if err != nil {
				return fmt.Errorf("search: %w", err)
			}
			defer l.Close()
			return exportSearch(ctx, e, newGather(l, search.Limits{}), req, o)
		}
		ix, err := index.Open(ctx, *indexDir, index.Options{})
		if err != nil {
			return err
		}
		defer ix.Close()
		return exportSearch(ctx, e, localEngine(e.process, ix), req, o)
	}

	var res *search.Result
	if *clusterURL != "" {
		l, lerr := openLog(ctx, e, *clusterURL, stream, 0, 0, "sitrep search")
		if lerr != nil {
			return fmt.Errorf("search: %w", lerr)
		}
		defer l.Close()
		// A shard with no replica running is asked again until this
		// deadline, not forever.
		sctx, cancel := context.WithTimeout(ctx, clusterSearchTimeout)
		defer cancel()
		res, err = newGather(l, search.Limits{}).Search(sctx, req)
	} else {
		ix, ierr := index.Open(ctx, *indexDir, index.Options{})
		if ierr != nil {
			return ierr
		}
		defer ix.Close()
		res, err = localEngine(e.process, ix).Search(ctx, req)
	}
	var qe *search.QueryError
	if errors.As(err, &qe) {
		// A query or page the search refuses is a mistake in the command
		// line, as a 400 is on the server.
		return &exitError{code: exitUsage, err: fmt.Errorf("search: %w", err)}
	}
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

// exportSearch writes every hit of req to standard output as o says.
func exportSearch(ctx context.Context, e *env, from web.Exporter, req search.Request, o web.ExportOptions) error {
	err := web.WriteExport(ctx, e.stdout, from, req, o)
	if _, ok := errors.AsType[*search.QueryError](err); ok {
		return &exitError{code: exitUsage, err: fmt.Errorf("search: %w", err)}
	}
	if err != nil {
		return fmt.Errorf("search: export: %w", err)
	}
	return nil
}

// printHits prints a result as a ranked list for people.
func printHits(e *env, res *search.Result) {
	first := (res.Page-1)*res.Size + 1
	found := plural(int(res.Total), "article")
	if res.Collapsed {
		found += " in " + plural(int(res.Stories), "story")
	}
	fmt.Fprintf(e.stdout, "%s (%.1f ms)\n", found, float64(res.Took.Microseconds())/1000)
	if len(res.Hits) == 0 && res.Total > 0 && res.Size > 0 {
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
		for _, kind := range []struct {
			label string
			k     entity.Kind
			names []string
		}{{"people", entity.Person, h.People}, {"places", entity.Place, h.Places}, {"organisations", entity.Organisation, h.Organisations}} {
			if len(kind.names) > 0 {
				fmt.Fprintf(e.stdout, "     %s: %s\n", kind.label, namedIDs(kind.k, kind.names))
			}
		}
		if len(h.Matched) > 0 {
			fmt.Fprintf(e.stdout, "     matched: %s\n", matched(h.Matched))
		}
		if h.AlsoInTotal > 0 {
			fmt.Fprintf(e.stdout, "     also in: %s\n", alsoIn(h))
		}
	}
}

// matched says why a hit matched: "ISIS (word), ISIL (a name of Islamic
// State, organisation)", or "Islamic State (organisation)" for an entity
// its text does not name.
func matched(ms []search.Match) string {
	out := make([]string, len(ms))
	for i, m := range ms {
		switch m.Kind {
		case search.MatchAlias:
			out[i] = fmt.Sprintf("%s (a name of %s, %s)", m.Text, m.Entity.Name, m.Entity.Kind)
		case search.MatchEntity:
			out[i] = fmt.Sprintf("%s (%s)", m.Entity.Name, m.Entity.Kind)
		default:
			out[i] = fmt.Sprintf("%s (%s)", m.Text, m.Kind)
		}
	}
	return strings.Join(out, ", ")
}

// namedIDs lists entities of kind k by name, each with its id, as a
// filter takes either: "Celeste Wallander [p1c2d…], Lloyd Austin [p…]".
func namedIDs(k entity.Kind, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + " [" + entity.ID(k, n) + "]"
	}
	return strings.Join(out, ", ")
}

// alsoIn names the other articles of a collapsed hit's story by source
// (else title).
func alsoIn(h search.Hit) string {
	names := make([]string, 0, len(h.AlsoIn))
	for _, m := range h.AlsoIn {
		name := m.Source
		if name == "" {
			name = m.Title
		}
		names = append(names, name)
	}
	out := strings.Join(names, ", ")
	if more := h.AlsoInTotal - len(h.AlsoIn); more > 0 {
		out += fmt.Sprintf(" and %d more", more)
	}
	return out
}

var _ flag.Value = (*listFlag)(nil)

// localEngine returns the engine "sitrep search" asks of the index ix. A
// person, place or organisation filter whose name no article holds is
// read as the gazetteer's canonical name for it, as "sitrep serve" reads
// it (search.Engine.WithCanonical); the gazetteer is loaded only when
// such a name is met (about 0.1 s), and when it cannot be, names are
// taken as given.
func localEngine(p process, ix *index.Index) *search.Engine {
	var once sync.Once
	var x *entity.Extractor
	return search.New(ix).WithCanonical(func(k entity.Kind, name string) string {
		once.Do(func() { x, _ = p.extractor() })
		if x == nil {
			return ""
		}
		return x.Canonical(k, name)
	})
}
