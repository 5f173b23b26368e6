package main

// Timing: each query class in-process, and the HTTP load over a served
// engine, as percentiles.

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

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
