package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// TestServeFlagsAccepted parses good values of serve's limit flags (the
// server is not started) and checks what they set.
func TestServeFlagsAccepted(t *testing.T) {
	t.Parallel()
	type limits struct {
		Query                                                     search.Limits
		PrefixTerms, Searches                                     int
		SearchTimeout, QueueWait, WriteAPITimeout                 time.Duration
		WriteBytes                                                int64
		ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	}
	defaults := limits{
		Query:         search.Limits{QueryLength: search.MaxQueryLength, QueryTerms: search.MaxQueryTerms, PageWindow: search.MaxWindow, PageSize: search.MaxSize, ResultCache: search.DefaultResultCache},
		PrefixTerms:   search.MaxPrefixTerms,
		SearchTimeout: 10 * time.Second, QueueWait: time.Second, WriteAPITimeout: 2 * time.Minute,
		WriteBytes:        32 << 20,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 150 * time.Second, IdleTimeout: 2 * time.Minute,
	}
	tests := []struct {
		name string
		args []string
		want func(l *limits)
	}{
		{"defaults", nil, func(*limits) {}},
		{"write bytes in MiB", []string{"--max-write-bytes", "8MiB"}, func(l *limits) { l.WriteBytes = 8 << 20 }},
		{"write bytes in bytes", []string{"--max-write-bytes", "1048576"}, func(l *limits) { l.WriteBytes = 1 << 20 }},
		{"write bytes in kb, any case", []string{"--max-write-bytes", "64kb"}, func(l *limits) { l.WriteBytes = 64 << 10 }},
		{"write bytes with a space", []string{"--max-write-bytes", "1 GiB"}, func(l *limits) { l.WriteBytes = 1 << 30 }},
		{"write bytes, the least", []string{"--max-write-bytes=1K"}, func(l *limits) { l.WriteBytes = 1 << 10 }},
		{"prefix terms", []string{"--max-prefix-terms", "500"}, func(l *limits) { l.PrefixTerms = 500 }},
		{"prefix terms, the least", []string{"--max-prefix-terms", "100"}, func(l *limits) { l.PrefixTerms = 100 }},
		{"prefix terms as many as query terms", []string{"--max-query-terms", "300", "--max-prefix-terms", "300"}, func(l *limits) {
			l.Query.QueryTerms, l.PrefixTerms = 300, 300
		}},
		{"query limits", []string{"--max-query-length", "50", "--max-query-terms", "5", "--max-page-window", "100"}, func(l *limits) {
			l.Query = search.Limits{QueryLength: 50, QueryTerms: 5, PageWindow: 100, PageSize: search.MaxSize, ResultCache: search.DefaultResultCache}
		}},
		{"result cache, larger", []string{"--result-cache", "1000"}, func(l *limits) { l.Query.ResultCache = 1000 }},
		{"result cache, none", []string{"--result-cache", "0"}, func(l *limits) { l.Query.ResultCache = -1 }},
		{"page size, larger", []string{"--max-page-size", "1000"}, func(l *limits) { l.Query.PageSize = 1000 }},
		{"page size, smaller, with a smaller window", []string{"--max-page-size", "20", "--max-page-window", "20"}, func(l *limits) {
			l.Query.PageSize, l.Query.PageWindow = 20, 20
		}},
		{"searches", []string{"--max-searches", "2", "--search-queue-wait", "250ms"}, func(l *limits) { l.Searches, l.QueueWait = 2, 250*time.Millisecond }},
		{"timeouts, short", []string{"--search-timeout", "1s", "--write-api-timeout", "2s", "--write-timeout", "3s",
			"--read-header-timeout", "1s", "--read-timeout", "1s", "--idle-timeout", "5s"}, func(l *limits) {
			l.SearchTimeout, l.WriteAPITimeout, l.WriteTimeout = time.Second, 2*time.Second, 3*time.Second
			l.ReadHeaderTimeout, l.ReadTimeout, l.IdleTimeout = time.Second, time.Second, 5*time.Second
		}},
		{"a long search timeout with a longer write timeout", []string{"--search-timeout", "5m", "--write-timeout", "5m1s"}, func(l *limits) {
			l.SearchTimeout, l.WriteTimeout = 5*time.Minute, 5*time.Minute+time.Second
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			o, err := parseServeFlags(&env{stderr: &stderr}, tt.args)
			if err != nil {
				t.Fatalf("%v: %v\n%s", tt.args, err, stderr.String())
			}
			want := defaults
			tt.want(&want)
			got := limits{
				Query: o.query, PrefixTerms: o.maxPrefixTerms, Searches: o.maxSearches,
				SearchTimeout: o.searchTimeout, QueueWait: o.searchQueueWait, WriteAPITimeout: o.writeAPITimeout,
				WriteBytes:        int64(o.maxWriteBytes),
				ReadHeaderTimeout: o.readHeaderTimeout, ReadTimeout: o.readTimeout, WriteTimeout: o.writeTimeout, IdleTimeout: o.idleTimeout,
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%v: limits (-want +got):\n%s", tt.args, diff)
			}
		})
	}
}

// TestServeFlagsRefused runs "sitrep serve" with bad values of its limit
// flags: each is a usage error (exit 2) naming the flag and what it may
// be, before anything is opened.
func TestServeFlagsRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"write bytes, no number", []string{"--max-write-bytes", "lots"}, `invalid value "lots" for flag -max-write-bytes: write a whole number of bytes with an optional unit B, KiB, MiB or GiB, such as 32MiB`},
		{"write bytes, a fraction", []string{"--max-write-bytes", "1.5GiB"}, `invalid value "1.5GiB" for flag -max-write-bytes: write a whole number`},
		{"write bytes, an unknown unit", []string{"--max-write-bytes", "32MiBs"}, `for flag -max-write-bytes: write a whole number`},
		{"write bytes, negative", []string{"--max-write-bytes", "-1"}, `for flag -max-write-bytes: write a whole number`},
		{"write bytes, too many", []string{"--max-write-bytes", "9223372036854775807GiB"}, `for flag -max-write-bytes: more bytes than can be counted`},
		{"write bytes, too few", []string{"--max-write-bytes", "100"}, "--max-write-bytes 100B is out of range: give a size from 1KiB to 1GiB"},
		{"write bytes, too large", []string{"--max-write-bytes", "2GiB"}, "--max-write-bytes 2GiB is out of range: give a size from 1KiB to 1GiB"},
		{"prefix terms, zero", []string{"--max-prefix-terms", "0"}, "--max-prefix-terms 0 is too small: give 100 or more: it bounds every OR a search runs, so it must be at least 100 and at least --max-query-terms (64)"},
		{"prefix terms, below the floor", []string{"--max-prefix-terms", "99"}, "--max-prefix-terms 99 is too small: give 100 or more"},
		{"prefix terms, below the query terms", []string{"--max-query-terms", "200", "--max-prefix-terms", "150"}, "--max-prefix-terms 150 is too small: give 200 or more: it bounds every OR a search runs, so it must be at least 100 and at least --max-query-terms (200)"},
		{"prefix terms, not a number", []string{"--max-prefix-terms", "many"}, `invalid value "many" for flag -max-prefix-terms`},
		{"cluster without a replica name", []string{"--cluster", "nats://127.0.0.1:4222"}, "--cluster needs --replica NAME"},
		{"cluster shard beyond the shards", []string{"--cluster", "nats://127.0.0.1:4222", "--replica", "a", "--shards", "2", "--shard", "2"}, "--shard 2 is out of range: give 0 to 1"},
		{"cluster log replicas", []string{"--cluster", "nats://127.0.0.1:4222", "--replica", "a", "--log-replicas", "0"}, "--log-replicas 0: give 1 or more"},
		{"query length", []string{"--max-query-length", "0"}, "--max-query-length 0 is too small: give 1 or more"},
		{"page fetches", []string{"--max-page-fetches", "0"}, "--max-page-fetches 0 is too small: give 1 or more"},
		{"result cache, negative", []string{"--result-cache", "-1"}, "--result-cache -1 is too small: give 0 or more (0 keeps none)"},
		{"query terms", []string{"--max-query-terms", "-3"}, "--max-query-terms -3 is too small: give 1 or more"},
		{"page window", []string{"--max-page-window", "99"}, "--max-page-window 99 is too small: give 100 or more (--max-page-size: a page must fit in the window)"},
		{"page window under the page size", []string{"--max-page-size", "500", "--max-page-window", "400"}, "--max-page-window 400 is too small: give 500 or more"},
		{"page size, zero", []string{"--max-page-size", "0"}, "--max-page-size 0 is too small: give 1 or more"},
		{"page size, too large", []string{"--max-page-size", "1001"}, "--max-page-size 1001 is too large: give 1000 or fewer hits per page"},
		{"searches", []string{"--max-searches", "-1"}, "--max-searches -1 is too small: give 0 or more (0 means 4 per CPU)"},
		{"search timeout, zero", []string{"--search-timeout", "0s"}, "--search-timeout 0s: give a duration above zero, such as 10s or 2m"},
		{"search timeout, no unit", []string{"--search-timeout", "10"}, `invalid value "10" for flag -search-timeout`},
		{"queue wait", []string{"--search-queue-wait", "-1s"}, "--search-queue-wait -1s: give a duration above zero"},
		{"write API timeout", []string{"--write-api-timeout", "0s"}, "--write-api-timeout 0s: give a duration above zero"},
		{"read header timeout", []string{"--read-header-timeout", "0s"}, "--read-header-timeout 0s: give a duration above zero"},
		{"read timeout", []string{"--read-timeout", "-5s"}, "--read-timeout -5s: give a duration above zero"},
		{"idle timeout", []string{"--idle-timeout", "0s"}, "--idle-timeout 0s: give a duration above zero"},
		{"write timeout, zero", []string{"--write-timeout", "0s"}, "--write-timeout 0s: give a duration above zero"},
		{"header timeout past the read timeout", []string{"--read-header-timeout", "40s"}, "--read-header-timeout 40s is longer than --read-timeout 30s: the headers are part of the request it bounds"},
		{"write timeout under the write API's", []string{"--write-timeout", "60s"}, "--write-timeout 1m0s is too short for --search-timeout 10s and --write-api-timeout 2m0s: give at least 2m1s (a request they stop must still get its answer), or lower them"},
		{"write timeout under the search's", []string{"--search-timeout", "20s", "--write-api-timeout", "5s", "--write-timeout", "20s"}, "--write-timeout 20s is too short for --search-timeout 20s and --write-api-timeout 5s: give at least 21s"},
		{"write timeout equal to the search's", []string{"--search-timeout", "3m"}, "--write-timeout 2m30s is too short for --search-timeout 3m0s and --write-api-timeout 2m0s: give at least 3m1s"},
		{"exports", []string{"--max-exports", "0"}, "--max-exports 0 is too small: give 1 or more"},
		{"export timeout", []string{"--export-timeout", "0s"}, "--export-timeout 0s: give a duration above zero"},
		{"public URL without a scheme", []string{"--public-url", "sitrep.example.org"}, `--public-url "sitrep.example.org": give the address users reach the server at`},
		{"public URL with a query", []string{"--public-url", "https://sitrep.example.org/?x=1"}, `--public-url "https://sitrep.example.org/?x=1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"serve", "--index", filepath.Join(t.TempDir(), "ix")}, tt.args...)
			_, errOut, code := sitrep(t, "", args...)
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("sitrep %s: exit %d, stderr:\n%s\nwant exit %d and %q", strings.Join(args, " "), code, errOut, exitUsage, tt.want)
			}
			if !strings.Contains(errOut, "Usage: sitrep serve") {
				t.Errorf("sitrep %s: no usage printed", strings.Join(args, " "))
			}
			if _, err := os.Stat(args[2]); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a refused serve created its index: %v", err)
			}
		})
	}
}

// TestServeHelpNamesEveryLimit checks that --help documents each limit
// flag, with its default, and that the prefix bound is process-wide.
func TestServeHelpNamesEveryLimit(t *testing.T) {
	t.Parallel()
	_, errOut, code := sitrep(t, "", "serve", "--help")
	if code != exitOK {
		t.Fatalf("serve --help: exit %d", code)
	}
	for _, want := range []string{
		"-max-write-bytes SIZE", "(default 32MiB)",
		"-max-prefix-terms int", "Process-wide", "(default 10000)",
		"-max-query-length int", "-max-query-terms int", "-max-page-window int", "-max-page-size int", "(default 100)",
		"-max-searches int", "-search-queue-wait duration", "-search-timeout duration",
		"-write-api-timeout duration", "-read-header-timeout duration", "-read-timeout duration",
		"-write-timeout duration", "(default 2m30s)", "-idle-timeout duration",
		"-max-page-fetches int", "(default 50)", "-fetch-private",
		"-max-exports int", "(default 2)", "-export-timeout duration", "(default 10m0s)", "-public-url string",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("serve --help does not say %q:\n%s", want, errOut)
		}
	}
}

// getJSON gets url and decodes its JSON answer into v, returning the
// status.
func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: Content-Type %q, want JSON", url, ct)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Errorf("GET %s: %d, the answer is not JSON: %v", url, res.StatusCode, err)
	}
	return res.StatusCode
}

// TestServeMaxPrefixTerms serves an article holding 150 words that start
// with "zuluword". As the command runs (in a child process, through main):
// with --max-prefix-terms 100 the prefix zuluword* is a 400 asking for
// more letters while a narrower prefix is answered; with the default bound
// the broad prefix is answered too. Run in this process, serve hands its
// bound to the process settings it was given and changes nothing global:
// zuluword* is answered under --max-prefix-terms 100.
func TestServeMaxPrefixTerms(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts servers")
	}
	corpus := filepath.Join(t.TempDir(), "codes.jsonl")
	writeJSONL(t, corpus, 1, func(int) any {
		var words []string
		for i := range 150 {
			words = append(words, fmt.Sprintf("zuluword%03d", i))
		}
		return map[string]string{"title": "Code words", "body": strings.Join(words, " "), "url": "https://x.mil/codes"}
	})
	type answer struct {
		Total int    `json:"total"`
		Error string `json:"error"`
	}
	bounded, _ := startServeProcess(t, nil, "--index", filepath.Join(t.TempDir(), "ix"), "--corpus", corpus, "--max-prefix-terms", "100")
	var got answer
	if code := getJSON(t, bounded+"/api/search?q=zuluword*", &got); code != http.StatusBadRequest ||
		!strings.Contains(got.Error, "matches more than 100 words: type more letters before the *") {
		t.Errorf("zuluword* (150 words) under --max-prefix-terms 100: %d %+v, want 400 asking for more letters", code, got)
	}
	got = answer{}
	if code := getJSON(t, bounded+"/api/search?q=zuluword14*", &got); code != http.StatusOK || got.Total != 1 {
		t.Errorf("zuluword14* (10 words) under --max-prefix-terms 100: %d %+v, want the article", code, got)
	}
	// The bound is on the words of all the query's prefixes: zuluword0*
	// (100 words) and zuluword1* (50) each fit but not together; a prefix
	// repeated counts once.
	got = answer{}
	if code := getJSON(t, bounded+"/api/search?q=zuluword0*+OR+zuluword1*", &got); code != http.StatusBadRequest ||
		!strings.Contains(got.Error, "the 2 prefixes (word*) in \"zuluword0* OR zuluword1*\" match more than 100 words in all") {
		t.Errorf("zuluword0* OR zuluword1* (150 words) under --max-prefix-terms 100: %d %+v, want 400 naming the bound", code, got)
	}
	got = answer{}
	if code := getJSON(t, bounded+"/api/search?q="+url.QueryEscape(strings.Repeat("zuluword0* OR ", 63)+"ZULUWORD0*"), &got); code != http.StatusOK || got.Total != 1 {
		t.Errorf("zuluword0* 64 times under --max-prefix-terms 100: %d %+v, want the article", code, got)
	}

	base, _ := startServeProcess(t, nil, "--index", filepath.Join(t.TempDir(), "ix"), "--corpus", corpus)
	got = answer{}
	if code := getJSON(t, base+"/api/search?q=zuluword*", &got); code != http.StatusOK || got.Total != 1 {
		t.Errorf("zuluword* under the default bound: %d %+v, want the article", code, got)
	}

	set := make(chan int, 1)
	p := testProcess()
	p.limitPrefixTerms = func(n int) { set <- n }
	inProcess, stop := startServeIn(t, p,
		"--index", filepath.Join(t.TempDir(), "ix"), "--corpus", corpus, "--max-prefix-terms", "100")
	defer stop()
	select {
	case n := <-set:
		if n != 100 {
			t.Errorf("serve --max-prefix-terms 100 set the process's bound to %d", n)
		}
	default:
		t.Error("serve --max-prefix-terms 100 did not set the process's bound")
	}
	got = answer{}
	if code := getJSON(t, inProcess+"/api/search?q=zuluword*", &got); code != http.StatusOK || got.Total != 1 {
		t.Errorf("zuluword* from serve run in this process under --max-prefix-terms 100: %d %+v, want the article: run changed the bound of the whole process", code, got)
	}
}

// TestServeMaxPrefixTermsLeavesLookupsAlone serves with --max-prefix-terms
// 100, the least allowed: a write of 101 articles, and a feed of 150
// items, are looked up by id in one batch each, which the clause limit of
// user queries must not refuse (both used to fail with TooManyClauses).
func TestServeMaxPrefixTermsLeavesLookupsAlone(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server")
	}
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Big Wire</title>`)
		for i := range 150 {
			fmt.Fprintf(w, `<item><title>Wire item %d</title><link>https://wire.example.mil/%d</link><description>Wire item %d reports a patrol.</description></item>`, i, i, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	defer feed.Close()
	dir := t.TempDir()
	list := filepath.Join(dir, "feeds.txt")
	if err := os.WriteFile(list, []byte(feed.URL+"/rss\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base, _ := startServeProcess(t, []string{writeTokenEnv + "=tok"}, "--index", filepath.Join(dir, "ix"), "--corpus", "",
		"--max-prefix-terms", "100", "--feeds", list)

	var body strings.Builder
	for i := range 101 {
		fmt.Fprintf(&body, `{"title": "Posted %d", "body": "Posted article %d about a convoy.", "url": "https://posted.example.mil/%d"}`+"\n", i, i, i)
	}
	if code, answer := postArticles(t, base, strings.NewReader(body.String())); code != http.StatusOK || !strings.Contains(answer, `"indexed":101`) {
		t.Errorf("a write of 101 articles under --max-prefix-terms 100: %d %s; want all indexed", code, answer)
	}
	h := waitFeedsPolled(t, base)
	if len(h.Feeds) != 1 || h.Feeds[0].LastError != "" || h.Feeds[0].Indexed != 150 {
		t.Errorf("a feed of 150 items under --max-prefix-terms 100: %+v; want 150 indexed", h.Feeds)
	}
	var got struct{ Total int }
	if code := getJSON(t, base+"/api/search?q=convoy+OR+patrol&size=100", &got); code != http.StatusOK || got.Total != 251 {
		t.Errorf("search of the written articles: %d, total %d; want 251", code, got.Total)
	}
}

// TestServeMaxPageSize serves the sample corpus with --max-page-size 150,
// above the default of 100: a page of 150 hits is answered, one of 151 is
// a 400 naming the limit, on the JSON API and the search page.
func TestServeMaxPageSize(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server")
	}
	base, stop := startServe(t, "--index", filepath.Join(t.TempDir(), "ix"), "--corpus", indextest.CorpusDir(), "--max-page-size", "150")
	defer stop()
	var page struct {
		Size int
		Hits []json.RawMessage
	}
	if code := getJSON(t, base+"/api/search?size=150&collapse=false", &page); code != http.StatusOK || page.Size != 150 || len(page.Hits) <= search.MaxSize {
		t.Errorf("size=150 under --max-page-size 150: %d, size %d, %d hits; want 200 and more than %d hits", code, page.Size, len(page.Hits), search.MaxSize)
	}
	var e struct{ Error string }
	const want = "size 151: choose between 1 and 150 hits per page (the server's page size limit)"
	if code := getJSON(t, base+"/api/search?size=151", &e); code != http.StatusBadRequest || e.Error != want {
		t.Errorf("size=151 over --max-page-size 150: %d %q, want 400 %q", code, e.Error, want)
	}
	res, err := http.Get(base + "/?size=151")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "choose between 1 and 150 hits per page") {
		t.Errorf("the search page with size=151: %d, want 400 naming the limit:\n%.500s", res.StatusCode, b)
	}
}

// TestServeMaxWriteBytes posts bodies around a --max-write-bytes of 2 KiB:
// the larger is refused with 413 and a JSON message, whether its length is
// declared or not, and nothing of it is indexed; the smaller is indexed.
// A read's body over 64 KiB is refused too.
func TestServeMaxWriteBytes(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server")
	}
	base, stop := startServeWriting(t, "--index", filepath.Join(t.TempDir(), "ix"), "--corpus", "", "--max-write-bytes", "2KiB")
	defer stop()
	article := func(n, size int) string {
		return fmt.Sprintf(`{"title": "Sized dispatch %d", "body": %q, "url": "https://x.mil/sized/%d"}`+"\n",
			n, strings.Repeat("sizeword ", size/9), n)
	}
	post := func(body io.Reader) (int, string) { return postArticles(t, base, body) }
	big := article(1, 3000)
	for _, tt := range []struct {
		name string
		body io.Reader
	}{
		{"declared length", strings.NewReader(big)},
		{"chunked", io.MultiReader(strings.NewReader(big))}, // no length known: sent chunked
	} {
		code, body := post(tt.body)
		var e struct{ Error string }
		if code != http.StatusRequestEntityTooLarge || json.Unmarshal([]byte(body), &e) != nil || !strings.Contains(e.Error, "larger than the 2KiB limit (--max-write-bytes)") {
			t.Errorf("%s: a %d-byte body over --max-write-bytes 2KiB: %d %s, want 413 with a JSON message", tt.name, len(big), code, body)
		}
	}
	if code, body := post(strings.NewReader(article(2, 1000))); code != http.StatusOK || !strings.Contains(body, `"indexed":1`) {
		t.Errorf("a 1 KiB body under --max-write-bytes 2KiB: %d %s, want it indexed", code, body)
	}
	var got struct{ Total int }
	getJSON(t, base+"/api/search?q=sizeword", &got)
	if got.Total != 1 {
		t.Errorf("sizeword finds %d articles, want the one accepted", got.Total)
	}

	// Reads take no body: one over 64 KiB is refused whatever the flag.
	req, _ := http.NewRequest(http.MethodGet, base+"/api/search?q=sizeword", strings.NewReader(strings.Repeat("x", 100<<10)))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a search with a 100 KiB body: %d, want 413", res.StatusCode)
	}
}

// TestServeWriteAPITimeout posts a body that pauses past a
// --write-api-timeout of 300 ms: the write is stopped with a JSON 503 and
// writes nothing, the server goes on answering, and sending the articles
// again indexes one copy of each.
// Not parallel: it bounds in time what the server does, which the other
// tests' load would stretch (so do the other tests of timeouts here).
func TestServeWriteAPITimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	base, stop := startServeWriting(t, "--index", filepath.Join(t.TempDir(), "ix"), "--corpus", "", "--write-api-timeout", "300ms")
	defer stop()
	lines := make([]string, 6)
	for i := range lines {
		lines[i] = fmt.Sprintf(`{"title": "Paused dispatch %d", "body": "The pauseword convoy %d moved.", "url": "https://x.mil/paused/%d"}`+"\n", i, i, i)
	}
	post := func(body io.Reader) (int, string) { return postArticles(t, base, body) }
	pr, pw := io.Pipe()
	go func() {
		io.WriteString(pw, strings.Join(lines[:3], ""))
		time.Sleep(time.Second)
		io.WriteString(pw, strings.Join(lines[3:], ""))
		pw.Close()
	}()
	code, stopped := post(pr)
	var e struct{ Error string }
	if code != http.StatusServiceUnavailable || json.Unmarshal([]byte(stopped), &e) != nil || !strings.HasPrefix(e.Error, "the write took longer than the server allows (--write-api-timeout)") {
		t.Errorf("a write pausing past --write-api-timeout 300ms: %d %s, want 503 with a JSON message naming the flag", code, stopped)
	}
	var health struct{ Status string }
	if c := getJSON(t, base+"/healthz", &health); c != http.StatusOK || health.Status != "ok" {
		t.Errorf("after the stopped write /healthz answers %d %+v", c, health)
	}
	var got struct{ Total int }
	getJSON(t, base+"/api/search?q=pauseword", &got)
	if got.Total != 0 {
		t.Errorf("the stopped write left %d articles: its body is read whole before anything is written", got.Total)
	}
	code, body := post(strings.NewReader(strings.Join(lines, "")))
	var w struct{ Indexed, Unchanged int }
	if code != http.StatusOK || json.Unmarshal([]byte(body), &w) != nil || w.Indexed+w.Unchanged != len(lines) {
		t.Errorf("sending the articles again at once: %d %s, want all %d indexed or unchanged", code, body, len(lines))
	}
	getJSON(t, base+"/api/search?q=pauseword", &got)
	if got.Total != len(lines) {
		t.Errorf("pauseword finds %d articles, want one copy of each of %d", got.Total, len(lines))
	}
	t.Logf("the stopped write was answered %s; the re-send %s", strings.TrimSpace(stopped), strings.TrimSpace(body))
}

// dialSmall connects to the server at base with a small receive buffer,
// so that a client that does not read soon blocks the server's writes.
func dialSmall(t *testing.T, base string) net.Conn {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		})
		return errors.Join(err, serr)
	}}
	conn, err := d.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// waitClosed reads conn until the server closes it, for at most limit,
// and returns how long that took from start and what was read.
func waitClosed(t *testing.T, conn net.Conn, start time.Time, limit time.Duration) (time.Duration, string) {
	t.Helper()
	conn.SetReadDeadline(start.Add(limit))
	b, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept the connection open for %v (read %d bytes)", limit, len(b))
	}
	return time.Since(start), string(b)
}

// TestServeReadHeaderTimeout is a slow-loris client: it sends its headers
// a byte every 50 ms, and a --read-header-timeout of 300 ms drops it
// without an answer, while other clients are served.
// Not parallel, as TestServeWriteAPITimeout.
func TestServeReadHeaderTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	base, stop := startServe(t, "--index", filepath.Join(t.TempDir(), "ix"), "--corpus", "",
		"--read-header-timeout", "300ms", "--read-timeout", "1s")
	defer stop()
	conn := dialSmall(t, base)
	start := time.Now()
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: sitrep\r\nX-Slow: "); err != nil {
		t.Fatal(err)
	}
	go func() {
		for range 200 { // 10 s at most; stops at the first failed write
			time.Sleep(50 * time.Millisecond)
			if _, err := io.WriteString(conn, "z"); err != nil {
				return
			}
		}
	}()
	took, got := waitClosed(t, conn, start, 5*time.Second)
	if took < 300*time.Millisecond || took > 3*time.Second || got != "" {
		t.Errorf("the slow-loris client was dropped after %v with %q: want about 300ms and no answer", took, got)
	}
	var health struct{ Status string }
	if code := getJSON(t, base+"/healthz", &health); code != http.StatusOK {
		t.Errorf("a prompt client after the slow one: %d", code)
	}
	t.Logf("slow-loris client dropped after %v", took.Round(time.Millisecond))
}

// TestServeReadTimeout sends a write whose body trickles in a byte every
// 50 ms: a --read-timeout of 500 ms ends the request, answered 408 with a
// message naming the flag, instead of holding the connection for the
// minute the body would take; nothing is indexed.
// Not parallel, as TestServeWriteAPITimeout.
func TestServeReadTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	base, stop := startServeWriting(t, "--index", filepath.Join(t.TempDir(), "ix"), "--corpus", "",
		"--read-header-timeout", "200ms", "--read-timeout", "500ms")
	defer stop()
	conn := dialSmall(t, base)
	start := time.Now()
	body := `{"title": "Trickled dispatch", "body": "` + strings.Repeat("slow ", 200) + `", "url": "https://x.mil/trickle"}`
	if _, err := fmt.Fprintf(conn, "POST /api/articles HTTP/1.1\r\nHost: sitrep\r\nAuthorization: Bearer tok\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body)); err != nil {
		t.Fatal(err)
	}
	go func() {
		for i := range len(body) {
			time.Sleep(50 * time.Millisecond)
			if _, err := io.WriteString(conn, body[i:i+1]); err != nil {
				return
			}
		}
	}()
	took, got := waitClosed(t, conn, start, 5*time.Second)
	if took < 500*time.Millisecond || took > 3*time.Second || !strings.HasPrefix(got, "HTTP/1.1 408") || !strings.Contains(got, "did not arrive in time (--read-timeout)") {
		t.Errorf("the trickled write ended after %v with %q: want about 500ms and 408 naming --read-timeout", took, got)
	}
	var res struct{ Total int }
	if code := getJSON(t, base+"/api/search?q=trickled", &res); code != http.StatusOK || res.Total != 0 {
		t.Errorf("after the cut write, a search answers %d with %d hits: want 200 and none", code, res.Total)
	}
	t.Logf("trickled write ended after %v: %q", took.Round(time.Millisecond), firstLine(got))
}

// firstLine returns the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}

// TestServeIdleTimeout keeps a connection open after one answer: an
// --idle-timeout of 300 ms closes it.
// Not parallel, as TestServeWriteAPITimeout.
func TestServeIdleTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	base, stop := startServe(t, "--index", filepath.Join(t.TempDir(), "ix"), "--corpus", "", "--idle-timeout", "300ms")
	defer stop()
	conn := dialSmall(t, base)
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: sitrep\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Close {
		t.Fatalf("/healthz: %d, close %v: want 200 on a kept-alive connection", res.StatusCode, res.Close)
	}
	start := time.Now()
	conn.SetReadDeadline(start.Add(5 * time.Second))
	rest, err := io.ReadAll(br)
	took := time.Since(start)
	if err != nil || len(rest) != 0 || took < 200*time.Millisecond || took > 3*time.Second {
		t.Errorf("the idle connection ended after %v (%v, %q): want it closed after about 300ms", took, err, rest)
	}
	t.Logf("idle connection closed after %v", took.Round(time.Millisecond))
}

// bigArticleIndex returns an index holding one article whose title is
// about 6 MB, more than the socket buffers between a server and a client
// that does not read: writing its answer blocks.
func bigArticleIndex(t *testing.T) (dir, id string, titleBytes int) {
	t.Helper()
	corpus := filepath.Join(t.TempDir(), "big.jsonl")
	a := map[string]string{"title": "Bulk " + strings.Repeat(strings.Repeat("convoy", 16)+" ", 62_000), "body": "A bulk report.", "url": "https://x.mil/bulk"}
	writeJSONL(t, corpus, 1, func(int) any { return a })
	dir = filepath.Join(t.TempDir(), "ix")
	if _, errOut, code := sitrep(t, "", "ingest", "--quiet", "--no-extract", "--index", dir, corpus); code != exitOK {
		t.Fatalf("ingest the big article: %s", errOut)
	}
	return dir, (&index.Article{URL: a["url"]}).SetID(), len(a["title"])
}

// TestServeStalledClients serves a 6 MB article to clients that ask for
// it and then read nothing, over an index shared by the subtests.
// Not parallel, as TestServeWriteAPITimeout.
func TestServeStalledClients(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers")
	}
	dir, id, titleBytes := bigArticleIndex(t)
	t.Run("write timeout", func(t *testing.T) { testWriteTimeout(t, dir, id, titleBytes) })
	t.Run("search queue wait", func(t *testing.T) { testSearchQueueWait(t, dir) })
}

// testWriteTimeout asks for the big article and reads nothing for three
// seconds: a --write-timeout of 2 s cuts the answer off instead of
// letting the client hold the server's goroutine and memory. (Whether a
// reading client gets it all within 2 s depends on the machine's load, so
// the answer's size is known from the article, titleBytes of title.)
func testWriteTimeout(t *testing.T, dir, id string, titleBytes int) {
	base, stop := startServe(t, "--index", dir, "--corpus", "",
		"--search-timeout", "1s", "--write-api-timeout", "1s", "--write-timeout", "2s")
	defer stop()

	conn := dialSmall(t, base)
	defer conn.Close()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/articles/"+id, nil)
	if err := req.Write(conn); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		// On a loaded machine the server may not even have written the
		// head within the 2 s: the answer was cut off all the same (and
		// stop fails the test if serve itself failed).
		t.Logf("the stalled client got no whole head: the server closed the connection (%v)", err)
		return
	}
	if err != nil {
		t.Fatalf("the answer's head: %v", err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err == nil || len(b) >= titleBytes {
		t.Errorf("a client that did not read for 3s got %d bytes (%v): want the answer cut off at --write-timeout 2s", len(b), err)
	}
	t.Logf("the stalled client got %d bytes, then %v", len(b), err)
}

// testSearchQueueWait holds the only search slot (--max-searches 1) with
// a client that does not read its big answer: another search waits
// --search-queue-wait (400 ms), then gets 429 with Retry-After.
func testSearchQueueWait(t *testing.T, dir string) {
	base, stop := startServe(t, "--index", dir, "--corpus", "",
		"--max-searches", "1", "--search-queue-wait", "400ms", "--search-timeout", "1s", "--write-api-timeout", "1s", "--write-timeout", "2s")
	defer stop()

	conn := dialSmall(t, base)
	defer conn.Close() // before stop, which waits for the stalled answer
	if _, err := io.WriteString(conn, "GET /api/search?size=1 HTTP/1.1\r\nHost: sitrep\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // the stalled search takes the slot until --write-timeout

	start := time.Now()
	res, err := http.Get(base + "/api/search?q=report")
	if err != nil {
		t.Fatal(err)
	}
	var e struct{ Error string }
	json.NewDecoder(res.Body).Decode(&e)
	res.Body.Close()
	took := time.Since(start)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || e.Error == "" {
		t.Errorf("a search while the slot is held: %d (Retry-After %q) %+v, want 429 with a message", res.StatusCode, res.Header.Get("Retry-After"), e)
	}
	if took < 400*time.Millisecond || took > 2*time.Second {
		t.Errorf("the refused search took %v, want about the 400ms queue wait", took)
	}
	t.Logf("refused after %v", took.Round(time.Millisecond))
}
