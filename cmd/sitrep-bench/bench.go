package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/parse"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// benchConfig is what the run command was asked to do.
type benchConfig struct {
	corpus, index string
	reuse         bool
	batchSize     int
	// querySeconds is the time spent on each query class (at least
	// minReps repetitions, at most maxReps).
	querySeconds     float64
	minReps, maxReps int
	httpSeconds      float64
	httpClients      []int
	// cpuProfile, when set, is the prefix of the CPU profiles written for
	// each phase (PREFIX-ingest.pprof, -query, -http).
	cpuProfile string
	// collapse is whether searches show one hit per story, as Sitrep
	// answers by default; off, every article (collapse=false).
	collapse bool
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", "run --corpus FILE.jsonl --index DIR [--reuse] [--http-seconds S] [--cpuprofile PREFIX]", stderr)
	var cfg benchConfig
	fs.StringVar(&cfg.corpus, "corpus", "", "corpus to ingest (JSON Lines, e.g. from sitrep-bench gen)")
	fs.StringVar(&cfg.index, "index", "", "index directory to build (must not exist unless --reuse)")
	fs.BoolVar(&cfg.reuse, "reuse", false, "search an index built by an earlier run instead of building it")
	fs.IntVar(&cfg.batchSize, "batch-size", 0, "articles per index batch (0: Sitrep's default)")
	fs.Float64Var(&cfg.querySeconds, "query-seconds", 2, "seconds spent repeating each query")
	fs.IntVar(&cfg.minReps, "min-reps", 10, "fewest repetitions of each query")
	fs.IntVar(&cfg.maxReps, "max-reps", 1000, "most repetitions of each query")
	fs.Float64Var(&cfg.httpSeconds, "http-seconds", 20, "seconds of HTTP load for each number of clients (0: no HTTP phase)")
	clients := fs.String("http-clients", "8,32", "numbers of concurrent HTTP clients, comma-separated")
	fs.BoolVar(&cfg.collapse, "collapse", true, "search as Sitrep answers by default, one hit per story; false: every article (collapse=false)")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write CPU profiles of each phase to PREFIX-ingest.pprof, PREFIX-query.pprof, PREFIX-http.pprof")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.corpus == "" || cfg.index == "" {
		return errors.New("run: --corpus FILE and --index DIR are required")
	}
	for _, c := range strings.Split(*clients, ",") {
		var n int
		if _, err := fmt.Sscan(strings.TrimSpace(c), &n); err != nil || n < 1 {
			return fmt.Errorf("run: --http-clients %q: give positive numbers separated by commas", *clients)
		}
		cfg.httpClients = append(cfg.httpClients, n)
	}
	return bench(ctx, cfg, stdout, stderr)
}

// bench runs every phase and prints its tables to stdout, progress to
// stderr.
func bench(ctx context.Context, cfg benchConfig, stdout, stderr io.Writer) error {
	info, err := os.Stat(cfg.corpus)
	if err != nil {
		return fmt.Errorf("run: corpus: %w", err)
	}
	rawBytes := info.Size()
	_, statErr := os.Stat(cfg.index)
	built := false
	var ing ingestResult
	switch {
	case statErr == nil && !cfg.reuse:
		return fmt.Errorf("run: %s exists: remove it to build afresh, or pass --reuse to search it", cfg.index)
	case statErr == nil:
		fmt.Fprintf(stderr, "reusing the index at %s\n", cfg.index)
	default:
		fmt.Fprintf(stderr, "ingesting %s into %s\n", cfg.corpus, cfg.index)
		stop, err := startProfile(cfg.cpuProfile, "ingest")
		if err != nil {
			return err
		}
		ing, err = ingestCorpus(ctx, cfg)
		stop()
		if err != nil {
			return err
		}
		built = true
	}

	ix, err := index.Open(ctx, cfg.index, index.Options{})
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	defer ix.Close()
	docs, err := ix.Count()
	if err != nil {
		return err
	}
	size, err := ix.SizeOnDisk()
	if err != nil {
		return err
	}
	distinct, err := distinctValues(ix)
	if err != nil {
		return err
	}
	rep := &report{
		docs: docs, rawBytes: rawBytes, indexBytes: size, built: built, ingest: ing, distinct: distinct,
		cpus: runtime.NumCPU(), goVersion: runtime.Version(), collapse: cfg.collapse,
	}

	eng := search.New(ix)
	fmt.Fprintf(stderr, "choosing queries from the index (%d articles)\n", docs)
	mix, err := chooseQueries(ctx, ix, eng, cfg.corpus)
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, "timing queries")
	stop, err := startProfile(cfg.cpuProfile, "query")
	if err != nil {
		return err
	}
	rep.queries, err = timeQueries(ctx, eng, eng.Uncached(), mix, writeOne(ix), cfg)
	stop()
	if err != nil {
		return err
	}
	if cfg.httpSeconds > 0 {
		fmt.Fprintln(stderr, "HTTP load")
		stop, err := startProfile(cfg.cpuProfile, "http")
		if err != nil {
			return err
		}
		// Once as served (the keywords repeat, so the result cache answers
		// after the first of each), once with no result cache: every
		// request searched.
		rep.http, err = loadHTTP(ctx, eng, "", mix.keywords(), cfg)
		if err == nil {
			var more []httpTiming
			more, err = loadHTTP(ctx, eng.Uncached(), "no result cache", mix.keywords(), cfg)
			rep.http = append(rep.http, more...)
		}
		stop()
		if err != nil {
			return err
		}
	}
	rep.rssBytes, rep.peakRSSBytes = memory()
	status := procStatus()
	rep.anonBytes, rep.fileBytes = status["RssAnon"], status["RssFile"]
	rep.write(stdout)
	return nil
}

// ingestResult is what the ingest phase measured.
type ingestResult struct {
	report  ingest.Report
	cpu     time.Duration
	peakRSS int64
}

// ingestCorpus builds the index through the real ingest path: parsing,
// entity extraction and batched writes.
func ingestCorpus(ctx context.Context, cfg benchConfig) (ingestResult, error) {
	inputs, _, err := parse.Expand([]string{cfg.corpus})
	if err != nil {
		return ingestResult{}, fmt.Errorf("run: %w", err)
	}
	x, err := entity.New()
	if err != nil {
		return ingestResult{}, err
	}
	ix, err := index.Open(ctx, cfg.index, index.Options{})
	if err != nil {
		return ingestResult{}, fmt.Errorf("run: %w", err)
	}
	restoreGC := ingest.TuneGC() // as sitrep ingest does
	cpu0 := cpuTime()
	rep, err := ingest.Run(ctx, ix, inputs, ingest.Config{Extractor: x, Extract: true, BatchSize: cfg.batchSize})
	cpu := cpuTime() - cpu0
	restoreGC()
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return ingestResult{}, fmt.Errorf("run: ingest: %w", err)
	}
	if rep.Interrupted {
		return ingestResult{}, errors.New("run: ingest interrupted")
	}
	_, peak := memory()
	return ingestResult{report: rep, cpu: cpu, peakRSS: peak}, nil
}

// distinctValues counts the values of each entity facet in the index.
func distinctValues(ix *index.Index) (map[string]int, error) {
	out := make(map[string]int)
	for _, field := range []string{index.FieldPeople, index.FieldPlaces, index.FieldOrganisations, index.FieldSource} {
		d, err := ix.Bleve().FieldDict(field)
		if err != nil {
			return nil, err
		}
		n := 0
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, err
			}
			if e == nil {
				break
			}
			n++
		}
		d.Close()
		out[field] = n
	}
	return out, nil
}

// queryMix is the fixed set of queries run against every index, chosen
// from the index's own terms so that their selectivity is the same at
// every size.
type queryMix struct {
	// terms are single words at about 50%, 10%, 1% and 0.1% document
	// frequency, in that order.
	terms []termChoice
	// commonPhrase and rarePhrase are two-word phrases.
	commonPhrase, rarePhrase string
	// person is the most frequent person.
	person string
}

type termChoice struct {
	share float64
	term  string
	df    uint64
}

// keywords returns the words the HTTP phase searches for in turn.
func (m *queryMix) keywords() []string {
	var out []string
	for _, t := range m.terms[:3] {
		out = append(out, t.term)
	}
	return out
}

// queryClass is one line of the query table.
type queryClass struct {
	name string
	req  search.Request
	// cached classes are asked of the engine as served, which answers a
	// repeated request from its result cache; the others of an engine
	// without one, so that every repetition searches.
	cached bool
	// before, when set, runs before each repetition, outside its time.
	before func(context.Context) error
}

// writeOne returns a function that writes one article to ix, the same
// each time with a new body: an update, which opens a new snapshot of the
// index (and leaves one article more in it, ID bench-write).
func writeOne(ix *index.Index) func(context.Context) error {
	w, n := ix.NewWriter(1), 0
	return func(ctx context.Context) error {
		n++
		return w.Add(ctx, &index.Article{
			ID: "bench-write", URL: "https://sitrep-bench.invalid/write", Source: "sitrep-bench", Title: "A write between browses",
			Body: fmt.Sprintf("Written by sitrep-bench before browse number %d, so that the browse finds a new snapshot.", n),
		})
	}
}

// classes returns the query classes, in the order of the table; the
// write before each browse of the last one changes the index, so it comes
// after the others.
func (m *queryMix) classes(pageCursor string, write func(context.Context) error) []queryClass {
	t := func(i int) string { return m.terms[i].term }
	year := func(y int) *time.Time { d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); return &d }
	to := year(2016).AddDate(0, 0, -1)
	// Answers are cached per index snapshot: the first class shows a
	// repeated browse so answered; the others are searched each time, and
	// the last writes an article before every browse.
	classes := []queryClass{
		{name: "browse: match-all, repeated (result cache)", req: search.Request{}, cached: true},
		{name: "browse: match-all, no result cache", req: search.Request{}},
		{name: "dates 1900-2100 (every article, a range query)", req: search.Request{From: year(1900), To: year(2100)}},
	}
	for _, tc := range m.terms {
		classes = append(classes, queryClass{name: fmt.Sprintf("term %q (df %.1f%%)", tc.term, tc.share*100), req: search.Request{Query: tc.term}})
	}
	classes = append(classes,
		queryClass{name: fmt.Sprintf("AND %q %q", t(1), t(2)), req: search.Request{Query: t(1) + " " + t(2)}},
		queryClass{name: fmt.Sprintf("common phrase %q", m.commonPhrase), req: search.Request{Query: `"` + m.commonPhrase + `"`}},
		queryClass{name: fmt.Sprintf("rare phrase %q", m.rarePhrase), req: search.Request{Query: `"` + m.rarePhrase + `"`}},
		queryClass{name: fmt.Sprintf("person %q + %q", m.person, t(1)), req: search.Request{Query: t(1), People: []string{m.person}}},
		queryClass{name: "date range 2015", req: search.Request{From: year(2015), To: &to}},
	)
	if pageCursor != "" {
		classes = append(classes, queryClass{name: fmt.Sprintf("page 100 by cursor (%q, newest)", t(0)), req: search.Request{Query: t(0), Sort: search.Newest, Cursor: pageCursor}})
	}
	return append(classes, queryClass{name: "browse, first after a write: match-all", before: write, cached: true})
}

// chooseQueries picks the query mix from the text field's dictionary and
// from the first articles of the corpus, deterministically.
func chooseQueries(ctx context.Context, ix *index.Index, eng *search.Engine, corpus string) (*queryMix, error) {
	docs, err := ix.Count()
	if err != nil {
		return nil, err
	}
	stable := stemStable(ix)
	d, err := ix.Bleve().FieldDict(index.FieldText)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	shares := []float64{0.5, 0.1, 0.01, 0.001}
	best := make([]termChoice, len(shares))
	for {
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		if !isLowerWord(e.Term) || len(e.Term) < 3 || !stable(e.Term) {
			continue
		}
		for i, s := range shares {
			want := s * float64(docs)
			if best[i].term == "" || absDiff(float64(e.Count), want) < absDiff(float64(best[i].df), want) {
				best[i] = termChoice{share: float64(e.Count) / float64(docs), term: e.Term, df: e.Count}
			}
		}
	}
	m := &queryMix{terms: best}
	if m.commonPhrase, m.rarePhrase, err = choosePhrases(corpus, stable); err != nil {
		return nil, err
	}
	res, err := eng.Search(ctx, search.Request{FacetSize: 1})
	if err != nil {
		return nil, err
	}
	if v := res.Facets[search.FacetPeople].Values; len(v) > 0 {
		m.person = v[0].Value
	}
	return m, nil
}

func absDiff(a, b float64) float64 {
	if a > b {
		return a - b
	}
	return b - a
}

// stemStable returns a test of whether the text field's analyzer turns a word
// into itself alone (not a stop word, not changed by stemming), so that
// searching for the word finds exactly the term.
func stemStable(ix *index.Index) func(string) bool {
	m := ix.Bleve().Mapping()
	a := m.AnalyzerNamed(m.AnalyzerNameForPath(index.FieldText))
	return func(w string) bool {
		toks := a.Analyze([]byte(w))
		return len(toks) == 1 && string(toks[0].Term) == w
	}
}

// phraseSample is the number of articles read to choose the phrases.
const phraseSample = 2000

// choosePhrases picks the two-word phrase found in the most of the first
// articles of the corpus, and one found in about 0.1% of them (at least
// two), both of words that are stem-stable.
func choosePhrases(corpus string, stable func(string) bool) (common, rare string, err error) {
	f, err := os.Open(corpus)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	df := make(map[string]int)
	okWord := make(map[string]bool)
	n := 0
	for n < phraseSample && sc.Scan() {
		var r struct{ Body string }
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			continue
		}
		n++
		seen := make(map[string]bool)
		prev := ""
		for _, raw := range strings.Fields(strings.ToLower(r.Body)) {
			w := strings.TrimRight(raw, ".,;:!?")
			ok, known := okWord[w]
			if !known {
				ok = isLowerWord(w) && len(w) >= 3 && stable(w)
				okWord[w] = ok
			}
			if !ok {
				prev = ""
				continue
			}
			if prev != "" {
				seen[prev+" "+w] = true
			}
			prev = w
			if w != raw {
				prev = "" // punctuation ends a phrase
			}
		}
		for p := range seen {
			df[p]++
		}
	}
	if err := sc.Err(); err != nil {
		return "", "", err
	}
	phrases := make([]string, 0, len(df))
	for p := range df {
		phrases = append(phrases, p)
	}
	slices.Sort(phrases)
	if len(phrases) == 0 {
		return "", "", fmt.Errorf("no two-word phrases in the first articles of %s", corpus)
	}
	rareDF := max(2, n/1000)
	for _, p := range phrases {
		if common == "" || df[p] > df[common] {
			common = p
		}
		if rare == "" || absDiff(float64(df[p]), float64(rareDF)) < absDiff(float64(df[rare]), float64(rareDF)) {
			rare = p
		}
	}
	return common, rare, nil
}

// queryTiming is the latencies of one query class.
type queryTiming struct {
	name                string
	hits                uint64
	facets, hitsOnly    percentiles
	facetReps, hitsReps int
	// facetsCPU is the process's CPU time per search with facets: unlike
	// the latencies, it does not grow with the machine's other load.
	facetsCPU time.Duration
}

type percentiles struct{ p50, p95, p99 time.Duration }

// pcts returns the nearest-rank percentiles of ds (sorted in place).
func pcts(ds []time.Duration) percentiles {
	if len(ds) == 0 {
		return percentiles{}
	}
	slices.Sort(ds)
	at := func(p float64) time.Duration {
		i := int(p*float64(len(ds))+0.999999) - 1
		return ds[min(max(i, 0), len(ds)-1)]
	}
	return percentiles{at(0.50), at(0.95), at(0.99)}
}

// timeQueries runs each query class with facets (Search) and without
// (Hits), repeating each for the configured time: the cached classes on
// served, the engine as sitrep serve makes it, the others on uncached,
// which keeps no answers.
func timeQueries(ctx context.Context, served, uncached *search.Engine, mix *queryMix, write func(context.Context) error, cfg benchConfig) ([]queryTiming, error) {
	cursor, err := pageCursor(ctx, uncached, search.Request{Query: mix.terms[0].term, Sort: search.Newest, NoCollapse: !cfg.collapse}, 100)
	if err != nil {
		return nil, err
	}
	var out []queryTiming
	for _, qc := range mix.classes(cursor, write) {
		qc.req.NoCollapse = !cfg.collapse
		qt := queryTiming{name: qc.name}
		asked := uncached
		if qc.cached {
			asked = served
		}
		for _, withFacets := range []bool{true, false} {
			run := asked.Hits
			if withFacets {
				run = asked.Search
			}
			var ds []time.Duration
			budget := time.Duration(cfg.querySeconds * float64(time.Second))
			began, cpu0, runs := time.Now(), cpuTime(), 0
			var untimed, untimedCPU time.Duration // of before
			for i := 0; ; i++ {
				runs++
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				if qc.before != nil {
					t0, c0 := time.Now(), cpuTime()
					if err := qc.before(ctx); err != nil {
						return nil, fmt.Errorf("run: before query %s: %w", qc.name, err)
					}
					untimed, untimedCPU = untimed+time.Since(t0), untimedCPU+cpuTime()-c0
				}
				t0 := time.Now()
				res, err := run(ctx, qc.req)
				if err != nil {
					return nil, fmt.Errorf("run: query %s: %w", qc.name, err)
				}
				d := time.Since(t0)
				qt.hits = res.Total
				if i < 2 {
					continue // warm-up
				}
				ds = append(ds, d)
				if len(ds) >= cfg.maxReps || (len(ds) >= cfg.minReps && time.Since(began)-untimed >= budget) {
					break
				}
			}
			if withFacets {
				qt.facets, qt.facetReps = pcts(ds), len(ds)
				qt.facetsCPU = (cpuTime() - cpu0 - untimedCPU) / time.Duration(runs)
			} else {
				qt.hitsOnly, qt.hitsReps = pcts(ds), len(ds)
			}
		}
		out = append(out, qt)
	}
	return out, nil
}

// pageCursor follows cursors from the first page of req to the one that
// opens page n; "" when there are fewer pages.
func pageCursor(ctx context.Context, eng *search.Engine, req search.Request, n int) (string, error) {
	for page := 1; page < n; page++ {
		res, err := eng.Hits(ctx, req)
		if err != nil {
			return "", err
		}
		if res.NextCursor == "" {
			return "", nil
		}
		req.Cursor = res.NextCursor
	}
	return req.Cursor, nil
}

// httpTiming is the result of one HTTP load run.
type httpTiming struct {
	// setup says how the server differs from sitrep serve's defaults.
	setup            string
	clients          int
	requests, errors int
	seconds          float64
	lat              percentiles
	// cpu is the process's CPU time (server and clients) per request.
	cpu time.Duration
}

// loadHTTP serves web.New's handler on a loopback port and runs each
// number of clients against GET /api/search for the configured time, each
// client asking for the keywords in turn. setup describes eng's
// difference from the defaults ("" for none).
func loadHTTP(ctx context.Context, eng *search.Engine, setup string, keywords []string, cfg benchConfig) ([]httpTiming, error) {
	h, err := web.New(web.Config{}, eng, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/api/search?"
	if !cfg.collapse {
		base += "collapse=false&"
	}
	base += "q="

	var out []httpTiming
	for _, clients := range cfg.httpClients {
		tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
		client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
		deadline := time.Now().Add(time.Duration(cfg.httpSeconds * float64(time.Second)))
		var (
			mu     sync.Mutex
			lat    []time.Duration
			errs   int
			wg     sync.WaitGroup
			began  = time.Now()
			cpu0   = cpuTime()
			failed error
		)
		for c := range clients {
			wg.Go(func() {
				var mine []time.Duration
				bad := 0
				var firstErr error
				for i := c; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
					t0 := time.Now()
					err := get(ctx, client, base+url.QueryEscape(keywords[i%len(keywords)]))
					if err != nil {
						bad++
						firstErr = cmp.Or(firstErr, err)
						continue
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				lat = append(lat, mine...)
				errs += bad
				failed = cmp.Or(failed, firstErr)
				mu.Unlock()
			})
		}
		wg.Wait()
		elapsed := time.Since(began).Seconds()
		tr.CloseIdleConnections()
		if len(lat) == 0 && failed != nil {
			return nil, fmt.Errorf("run: HTTP load: %w", failed)
		}
		cpu := (cpuTime() - cpu0) / time.Duration(max(len(lat)+errs, 1))
		out = append(out, httpTiming{setup: setup, clients: clients, requests: len(lat), errors: errs, seconds: elapsed, lat: pcts(lat), cpu: cpu})
	}
	return out, ctx.Err()
}

// get fetches u and reads the whole answer, failing unless it is a 200.
func get(ctx context.Context, client *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return nil
}

// startProfile starts a CPU profile PREFIX-phase.pprof when prefix is set;
// the function returned stops it.
func startProfile(prefix, phase string) (func(), error) {
	if prefix == "" {
		return func() {}, nil
	}
	f, err := os.Create(prefix + "-" + phase + ".pprof")
	if err != nil {
		return nil, fmt.Errorf("run: cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("run: cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// memory returns the process's resident set size and its peak, from
// /proc/self/status (VmRSS, VmHWM); zero where that is not available.
func memory() (rss, peak int64) {
	m := procStatus()
	return m["VmRSS"], m["VmHWM"]
}

// procStatus returns the sizes in /proc/self/status (in bytes) by name,
// empty where that file is not available.
func procStatus() map[string]int64 {
	out := make(map[string]int64)
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(b), "\n") {
		name, value, ok := strings.Cut(line, ":")
		var kb int64
		if ok && strings.HasSuffix(value, " kB") {
			if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(value), " kB"), &kb); err == nil {
				out[name] = kb << 10
			}
		}
	}
	return out
}
