package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/indextest"
)

// The soak test's settings, from the environment (make soak sets them).
const (
	soakSecondsEnv = "SITREP_SOAK_SECONDS" // how long the load runs; default 5
	soakCorpusEnv  = "SITREP_SOAK_CORPUS"  // JSON Lines to index besides the sample corpus
	soakIndexEnv   = "SITREP_SOAK_INDEX"   // an index to reuse between runs (built when empty)
)

// Load shape.
const (
	soakClients     = 32
	soakWritesPerS  = 20
	soakQuickCorpus = 3000 // synthetic articles when no corpus is named
	// soakQuickCorpusRace replaces soakQuickCorpus under the race
	// detector, whose ingest is several times slower: the quick run checks
	// answers under load, which a smaller index serves as well.
	soakQuickCorpusRace = 1000
)

// soakKinds are the kinds of request the clients send, in turn.
var soakKinds = []string{"keyword", "phrase", "filter", "facets", "cursor", "prefix", "page", "marker"}

// TestSoak serves an index from a child "sitrep serve" process and sends
// it soakClients concurrent clients' mixed queries while articles arrive
// through the write API at soakWritesPerS a second. It fails on any 5xx,
// on any wrong answer (a query's total changing when no write could change
// it; the count of written articles outside what was acknowledged and
// sent), and reports latency percentiles and the server's peak RSS
// (VmHWM). The quick run (5 s, the sample corpus and 3,000 synthetic
// articles, 1,000 under -race) is skipped with -short; make soak runs 60 s
// over 100,000.
func TestSoak(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("a load test")
	}
	seconds := 5
	if s := os.Getenv(soakSecondsEnv); s != "" {
		var err error
		if seconds, err = strconv.Atoi(s); err != nil || seconds < 1 {
			t.Fatalf("%s=%q: want a whole number of seconds", soakSecondsEnv, s)
		}
	}
	dir := os.Getenv(soakIndexEnv)
	if dir == "" {
		dir = filepath.Join(t.TempDir(), "ix")
	}
	if entries, _ := os.ReadDir(dir); len(entries) == 0 {
		corpus := os.Getenv(soakCorpusEnv)
		if corpus == "" {
			corpus = filepath.Join(t.TempDir(), "synthetic.jsonl")
			n := soakQuickCorpus
			if raceEnabled {
				n = soakQuickCorpusRace
			}
			writeSyntheticCorpus(t, corpus, n)
		}
		start := time.Now()
		if _, errOut, code := sitrep(t, "", "ingest", "--quiet", "--index", dir, indextest.CorpusDir(), corpus); code != exitOK && code != exitRejected {
			t.Fatalf("ingest the soak corpus: exit %d: %s", code, errOut)
		}
		t.Logf("indexed the soak corpus in %v", time.Since(start).Round(time.Second))
	}

	base, pid := startServeProcess(t, []string{writeTokenEnv + "=soak-token"}, "--index", dir, "--corpus", "")
	c := &soakClient{base: base, http: &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: soakClients * 2},
	}}
	c.prepare(t)
	t.Logf("serving %d articles; marker word %q", c.articles, c.marker)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { c.write(t, stop) })
	for i := range soakClients {
		wg.Go(func() { c.read(t, i, stop) })
	}
	time.Sleep(time.Duration(seconds) * time.Second)
	close(stop)
	wg.Wait()

	// Every acknowledged write is found, and nothing else.
	if got := c.total(t, "/api/search?size=1&q="+c.marker); got != c.acked.Load() {
		t.Errorf("after the run the marker finds %d articles, %d writes were acknowledged", got, c.acked.Load())
	}
	rss := peakRSS(t, pid)
	c.report(t, seconds, rss)
	if n := c.serverErrors.Load(); n > 0 {
		t.Errorf("%d answers were 5xx", n)
	}
	if n := c.wrong.Load(); n > 0 {
		t.Errorf("%d answers were wrong", n)
	}
}

// soakClient is the shared state of the load: what the index holds, the
// writes acknowledged, and the latencies of every read.
type soakClient struct {
	base string
	http *http.Client

	articles int64
	marker   string
	// fixed are queries no write changes, with their totals before the
	// load: every answer must give the same total.
	fixed   map[string]int64
	sources []string
	people  []string

	sent, acked, writeFailures atomic.Int64
	serverErrors, refused      atomic.Int64
	wrong                      atomic.Int64

	mu        sync.Mutex
	latencies map[string][]time.Duration
	writeLat  []time.Duration
}

// prepare reads what the index holds: the totals of the fixed queries and
// facet values to filter on. The marker is a word in no article yet.
func (c *soakClient) prepare(t *testing.T) {
	c.latencies = map[string][]time.Duration{}
	c.marker = "soakmark" + strings.Map(func(rune) rune { return rune('a' + rand.IntN(26)) }, "xxxxxxxx")
	c.articles = c.total(t, "/api/search?size=1")
	c.fixed = map[string]int64{}
	for _, q := range []string{"q=forces", "q=%22air+force%22", "q=security+-iraq", "q=coalition+OR+kirkuk", "q=forc*"} {
		c.fixed[q] = c.total(t, "/api/search?size=1&"+q)
	}
	var res struct {
		Facets map[string][]struct{ Value string }
	}
	c.getJSON(t, "/api/search?size=1&facet_size=20", &res)
	for _, v := range res.Facets["sources"] {
		c.sources = append(c.sources, v.Value)
	}
	for _, v := range res.Facets["people"] {
		c.people = append(c.people, v.Value)
	}
	for _, q := range []string{"source=" + url.QueryEscape(c.sources[0]), "person=" + url.QueryEscape(c.people[0]) + "&q=forces"} {
		c.fixed[q] = c.total(t, "/api/search?size=1&"+q)
	}
	if len(c.sources) == 0 || len(c.people) == 0 || c.fixed["q=forces"] == 0 {
		t.Fatalf("the soak index has too little to query: %d sources, %d people, %v", len(c.sources), len(c.people), c.fixed)
	}
}

// write posts one article every 1/soakWritesPerS seconds until stop, each
// on its own goroutine so that a slow answer does not slow the arrivals
// (the server writes one request at a time).
func (c *soakClient) write(t *testing.T, stop <-chan struct{}) {
	tick := time.NewTicker(time.Second / soakWritesPerS)
	defer tick.Stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for n := 0; ; n++ {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		c.sent.Add(1)
		wg.Go(func() { c.post(t, n) })
	}
}

// post writes the n-th article holding the marker.
func (c *soakClient) post(t *testing.T, n int) {
	body := fmt.Sprintf(`{"title": "Soak dispatch %d", "body": "The %s column reached checkpoint %d.", "url": "https://soak.example.mil/%s/%d", "published": "2023-01-02"}`,
		n, c.marker, n, c.marker, n)
	req, _ := http.NewRequest(http.MethodPost, c.base+"/api/articles", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer soak-token")
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		c.writeFailures.Add(1)
		t.Errorf("POST: %v", err)
		return
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	d := time.Since(start)
	switch {
	case res.StatusCode == http.StatusOK:
		c.acked.Add(1)
	case res.StatusCode >= 500:
		c.serverErrors.Add(1)
		t.Errorf("POST: %d", res.StatusCode)
	default:
		c.writeFailures.Add(1)
		t.Errorf("POST: %d", res.StatusCode)
	}
	c.mu.Lock()
	c.writeLat = append(c.writeLat, d)
	c.mu.Unlock()
}

// read sends requests of every kind in turn until stop, checking each.
func (c *soakClient) read(t *testing.T, id int, stop <-chan struct{}) {
	r := rand.New(rand.NewPCG(uint64(id), 7))
	fixed := slices.Sorted(func(yield func(string) bool) {
		for q := range c.fixed {
			if !yield(q) {
				return
			}
		}
	})
	lastMarker := int64(-1)
	for n := id; ; n++ {
		select {
		case <-stop:
			return
		default:
		}
		kind := soakKinds[n%len(soakKinds)]
		switch kind {
		case "keyword", "phrase", "filter":
			q := fixed[r.IntN(len(fixed))]
			var res searchAnswer
			if c.get(t, kind, "/api/search?"+q+"&sort="+[]string{"relevance", "newest", "oldest"}[r.IntN(3)], &res) && res.Total != c.fixed[q] {
				c.wrong.Add(1)
				t.Errorf("%s: total %d, want %d", q, res.Total, c.fixed[q])
			}
		case "facets":
			var res struct{ Values []struct{ Count int } }
			facet := []string{"people", "places", "organisations", "sources"}[r.IntN(4)]
			if c.get(t, kind, "/api/facets/"+facet+"?q=forces&size=20", &res) && len(res.Values) == 0 {
				c.wrong.Add(1)
				t.Errorf("facet %s under forces: no values", facet)
			}
		case "cursor":
			var first, second searchAnswer
			if !c.get(t, kind, "/api/search?q=forces&sort=newest&size=20", &first) || first.NextCursor == "" {
				continue
			}
			if c.get(t, kind, "/api/search?q=forces&sort=newest&size=20&cursor="+url.QueryEscape(first.NextCursor), &second) {
				seen := map[string]bool{}
				for _, h := range first.Hits {
					seen[h.ID] = true
				}
				for _, h := range second.Hits {
					if seen[h.ID] {
						c.wrong.Add(1)
						t.Errorf("the cursor page repeats %s", h.ID)
					}
				}
			}
		case "prefix":
			prefix := strings.ToLower(c.people[r.IntN(len(c.people))][:2])
			var res struct{ Values []struct{ Value string } }
			if c.get(t, kind, "/api/facets/people?prefix="+url.QueryEscape(prefix), &res) && len(res.Values) == 0 {
				c.wrong.Add(1)
				t.Errorf("people with the prefix %q: none", prefix)
			}
		case "page":
			c.get(t, kind, "/?q=forces&source="+url.QueryEscape(c.sources[r.IntN(len(c.sources))]), nil)
		case "marker":
			floor := c.acked.Load()
			var res searchAnswer
			if !c.get(t, kind, "/api/search?size=1&q="+c.marker, &res) {
				continue
			}
			ceiling := c.sent.Load()
			if res.Total < floor || res.Total > ceiling || res.Total < lastMarker {
				c.wrong.Add(1)
				t.Errorf("the marker finds %d articles: %d were acknowledged before, %d sent, %d found before", res.Total, floor, ceiling, lastMarker)
			}
			lastMarker = res.Total
		}
	}
}

type searchAnswer struct {
	Total      int64
	NextCursor string `json:"next_cursor"`
	Hits       []struct{ ID string }
}

// get fetches target, records its latency under kind and decodes a 200
// answer into v (when not nil). It reports whether the answer was a 200.
func (c *soakClient) get(t *testing.T, kind, target string, v any) bool {
	start := time.Now()
	res, err := c.http.Get(c.base + target)
	if err != nil {
		c.serverErrors.Add(1)
		t.Errorf("GET %s: %v", target, err)
		return false
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	d := time.Since(start)
	c.mu.Lock()
	c.latencies[kind] = append(c.latencies[kind], d)
	c.mu.Unlock()
	switch {
	case err != nil:
		c.serverErrors.Add(1)
		t.Errorf("GET %s: %v", target, err)
		return false
	case res.StatusCode == http.StatusTooManyRequests:
		c.refused.Add(1)
		return false
	case res.StatusCode >= 500:
		c.serverErrors.Add(1)
		t.Errorf("GET %s: %d %s", target, res.StatusCode, body)
		return false
	case res.StatusCode != http.StatusOK:
		c.wrong.Add(1)
		t.Errorf("GET %s: %d %s", target, res.StatusCode, body)
		return false
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			c.wrong.Add(1)
			t.Errorf("GET %s: %v", target, err)
			return false
		}
	}
	return true
}

func (c *soakClient) getJSON(t *testing.T, target string, v any) {
	t.Helper()
	if !c.get(t, "setup", target, v) {
		t.Fatalf("GET %s failed", target)
	}
}

func (c *soakClient) total(t *testing.T, target string) int64 {
	t.Helper()
	var res searchAnswer
	c.getJSON(t, target, &res)
	return res.Total
}

// report logs the figures docs/RELIABILITY.md records.
func (c *soakClient) report(t *testing.T, seconds int, rss string) {
	var all []time.Duration
	var lines []string
	for _, kind := range soakKinds {
		l := c.latencies[kind]
		all = append(all, l...)
		lines = append(lines, fmt.Sprintf("  %-8s %7d requests  p50 %8v  p99 %8v  max %8v", kind, len(l), pct(l, 50), pct(l, 99), pct(l, 100)))
	}
	t.Logf("soak: %d clients for %ds over %d articles: %d reads (%.0f/s), p50 %v, p95 %v, p99 %v, max %v; "+
		"%d writes sent, %d acknowledged (write p99 %v); %d refused with 429; %d 5xx; %d wrong; server peak RSS %s\n%s",
		soakClients, seconds, c.articles, len(all), float64(len(all))/float64(seconds), pct(all, 50), pct(all, 95), pct(all, 99), pct(all, 100),
		c.sent.Load(), c.acked.Load(), pct(c.writeLat, 99), c.refused.Load(), c.serverErrors.Load(), c.wrong.Load(), rss, strings.Join(lines, "\n"))
}

// pct returns the p-th percentile of ds (sorting it).
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := min(len(ds)-1, (len(ds)*p+99)/100-1)
	return ds[max(i, 0)].Round(100 * time.Microsecond)
}

// startServeProcess runs "sitrep serve" with args and env (for a flag
// that changes the whole process, such as --max-prefix-terms, or a server
// to load) in a child process on a free loopback port, and returns its URL
// and process id once it answers. The server's error lines are logged;
// when it stops before answering, the test fails with all it wrote. It is
// stopped with SIGINT when the test ends, and must exit cleanly.
func startServeProcess(t *testing.T, env []string, args ...string) (base string, pid int) {
	t.Helper()
	addr := freeAddr(t)
	cmd := cliProcess(t, env, append([]string{"serve", "--addr", addr}, args...)...)
	log := &serverLog{t: t}
	cmd.Stderr = log // Wait returns once it has all been written
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("serve exited with %v", err)
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-exited
			t.Error("serve did not stop on SIGINT")
		}
	})
	base = "http://" + addr
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			log.started()
			return base, cmd.Process.Pid
		}
		select {
		case err := <-exited:
			t.Fatalf("serve exited before answering: %v\n%s", err, log.startup())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve never answered: %v\n%s", err, log.startup())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// serverLog is the standard error of a server in a child process: it logs
// the server's error lines, and keeps what the server wrote until it
// answered (the server logs every request: later lines are not kept).
type serverLog struct {
	t       *testing.T
	mu      sync.Mutex
	partial []byte
	kept    strings.Builder
	answers bool
}

func (l *serverLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := slices.Index(l.partial, '\n')
		if i < 0 {
			break
		}
		line := string(l.partial[:i])
		l.partial = l.partial[i+1:]
		if strings.Contains(line, "level=ERROR") {
			l.t.Log("server:", line)
		}
		if !l.answers {
			l.kept.WriteString(line + "\n")
		}
	}
	return len(p), nil
}

// started stops keeping lines: the server answers.
func (l *serverLog) started() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.answers = true
}

// startup returns what the server wrote before it answered.
func (l *serverLog) startup() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.kept.String() + string(l.partial)
}

// peakRSS returns the VmHWM line of a process: its peak resident memory.
func peakRSS(t *testing.T, pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// writeSyntheticCorpus writes n generated articles with sources, people
// and the words the soak queries use.
func writeSyntheticCorpus(t *testing.T, path string, n int) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	people := []string{"Celeste Wallander", "Lloyd Austin", "Mark Milley", "John Kirby", "Antony Blinken", "Jens Stoltenberg"}
	places := []string{"Kirkuk", "Irbil", "Mosul", "Baghdad", "Raqqah", "Kyiv", "Taiwan"}
	sources := []string{"DVIDS", "CENTCOM", "Defense News", "State Department"}
	words := []string{"forces", "security", "coalition", "air force", "training", "logistics", "exercise", "deployment", "readiness"}
	writeJSONL(t, path, n, func(i int) any {
		body := fmt.Sprintf("%s met officials in %s on %s. The %s and %s of the %s were discussed, with %s near %s.",
			people[r.IntN(len(people))], places[r.IntN(len(places))], words[r.IntN(len(words))], words[r.IntN(len(words))],
			words[r.IntN(len(words))], words[r.IntN(len(words))], words[r.IntN(len(words))], places[r.IntN(len(places))])
		return map[string]any{
			"title":  fmt.Sprintf("%s update %d from %s", words[r.IntN(len(words))], i, places[r.IntN(len(places))]),
			"body":   strings.Repeat(body+" ", 3),
			"url":    fmt.Sprintf("https://synthetic.example.mil/%d", i),
			"source": sources[r.IntN(len(sources))], "people": []string{people[r.IntN(len(people))]},
			"published": time.Date(2015+r.IntN(9), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
		}
	})
}
