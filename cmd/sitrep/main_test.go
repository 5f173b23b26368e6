package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
)

// sharedExtractor loads the entity extractor once for every command the
// tests run in this process: loading it takes seconds under the race
// detector, and an Extractor is immutable. (Child processes load their
// own, as sitrep does.)
var sharedExtractor = sync.OnceValues(entity.New)

// testProcess is the process the tests' commands run in: it changes
// nothing global, its environment holds only env's key and value pairs,
// and its commands share one entity extractor.
func testProcess(env ...string) process {
	return process{
		getenv: func(key string) string {
			for i := 0; i+1 < len(env); i += 2 {
				if env[i] == key {
					return env[i+1]
				}
			}
			return ""
		},
		newExtractor: sharedExtractor,
	}
}

// sitrep runs the command line and returns its output and exit code.
func sitrep(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), testProcess(), args, strings.NewReader(stdin), &out, &errOut)
	code = exitCode(err, &errOut)
	return out.String(), errOut.String(), code
}

func TestIngestTwiceKeepsOneCopy(t *testing.T) {
	t.Parallel()
	ix := filepath.Join(t.TempDir(), "ix")
	corpus := indextest.CorpusDir()

	out, errOut, code := sitrep(t, "", "ingest", "--index", ix, corpus)
	if code != exitOK {
		t.Fatalf("first ingest: exit %d\n%s", code, errOut)
	}
	want := fmt.Sprintf("indexed %d, updated 0, unchanged 0, rejected 0", indextest.CorpusSize)
	if !strings.HasPrefix(out, want) {
		t.Errorf("first ingest printed %q, want it to start %q", out, want)
	}

	// Flags may follow the paths.
	out, errOut, code = sitrep(t, "", "ingest", corpus, "--index", ix)
	if code != exitOK {
		t.Fatalf("second ingest: exit %d\n%s", code, errOut)
	}
	want = fmt.Sprintf("indexed 0, updated 0, unchanged %d, rejected 0", indextest.CorpusSize)
	if !strings.HasPrefix(out, want) {
		t.Errorf("second ingest printed %q, want it to start %q", out, want)
	}

	out, _, code = sitrep(t, "", "search", "--index", ix, "--json", "--size", "1")
	var res struct{ Total int }
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitOK {
		t.Fatalf("search --json: exit %d, %v\n%s", code, err, out)
	}
	if res.Total != indextest.CorpusSize {
		t.Errorf("after two ingests the index holds %d articles, want %d", res.Total, indextest.CorpusSize)
	}
}

func TestIngestReportsBrokenLines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	jsonl := filepath.Join(dir, "feed.jsonl")
	lines := []string{
		`{"title": "Strike near Raqqah", "body": "Coalition aircraft struck near Raqqah.", "url": "https://x.mil/1"}`,
		`{"title": "Broken", "body": "no closing brace"`,
		`{"title": "Convoy reaches Irbil", "text": "A convoy reached Irbil.", "url": "https://x.mil/3", "published": "2022-09-13"}`,
	}
	if err := os.WriteFile(jsonl, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := sitrep(t, "", "ingest", "--index", ix, jsonl)
	if code != exitRejected {
		t.Errorf("exit code %d, want %d when a record is rejected", code, exitRejected)
	}
	if !strings.Contains(errOut, jsonl+":2: invalid JSON") {
		t.Errorf("stderr %q does not name the broken line %s:2", errOut, jsonl)
	}
	if !strings.HasPrefix(out, "indexed 2, updated 0, unchanged 0, rejected 1") {
		t.Errorf("summary %q, want 2 indexed and 1 rejected", out)
	}
	out, _, _ = sitrep(t, "", "search", "--index", ix, "irbil")
	if !strings.Contains(out, "Convoy reaches Irbil") || !strings.Contains(out, "2022-09-13") {
		t.Errorf("search irbil printed %q", out)
	}
}

// TestSearchSaysWhy checks that search prints why each hit matched: a
// word as written, a name of an entity the query names otherwise, and an
// entity the text never names.
func TestSearchSaysWhy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	jsonl := filepath.Join(dir, "feed.jsonl")
	lines := []string{
		`{"title": "Daesh attack repelled", "body": "Fighters of ISIL attacked at dawn.", "url": "https://x.mil/1"}`,
		`{"title": "A quiet day", "body": "The group claimed nothing.", "url": "https://x.mil/2", "organisations": ["Islamic State"]}`,
	}
	if err := os.WriteFile(jsonl, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := sitrep(t, "", "ingest", "--index", ix, jsonl); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	out, errOut, code := sitrep(t, "", "search", "--index", ix, "daesh")
	for _, want := range []string{
		"matched: Daesh (word), ISIL (a name of Islamic State, organisation)\n",
		"matched: Islamic State (organisation)\n",
	} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("search daesh: exit %d, printed\n%s%s\nwant %q", code, out, errOut, want)
		}
	}
}

func TestIngestFromStdin(t *testing.T) {
	t.Parallel()
	ix := filepath.Join(t.TempDir(), "ix")
	_, errOut, code := sitrep(t, "Peshmerga hold the line\n\nFighters held positions near Kirkuk.\n", "ingest", "--index", ix, "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	out, _, _ := sitrep(t, "", "search", "--index", ix, "kirkuk")
	if !strings.Contains(out, "Peshmerga hold the line") {
		t.Errorf("search after stdin ingest printed %q", out)
	}
}

// TestUsage is not parallel: its subtests change the working directory.
func TestUsage(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // in stdout or stderr
	}{
		{"no command", nil, exitUsage, "Usage:"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"help", []string{"help"}, exitOK, "sitrep ingest"},
		{"ingest --help", []string{"ingest", "--help"}, exitOK, "--batch-size"},
		{"search --help", []string{"search", "--help"}, exitOK, "--json"},
		{"serve --help", []string{"serve", "--help"}, exitOK, "--addr"},
		{"ingest without paths", []string{"ingest"}, exitUsage, "name at least one file"},
		{"unknown flag", []string{"search", "--frob"}, exitUsage, "flag provided but not defined"},
		{"missing path", []string{"ingest", "--index", "IX", "no/such/dir"}, exitFailure, "no/such/dir"},
		{"ingest to the log and an index", []string{"ingest", "--cluster", "nats://127.0.0.1:4222", "--index", "IX", "x.json"}, exitUsage, "give one of them"},
		{"ingest to a log that is not there", []string{"ingest", "--cluster", "nats://127.0.0.1:1", "x.json"}, exitFailure, "start the NATS servers"},
		{"bad sort", []string{"search", "--sort", "random", "x"}, exitUsage, "unknown sort"},
		{"page past the window", []string{"search", "--page", "9223372036854775807", "x"}, exitUsage, "goes past the first 10000 hits (the page window limit)"},
		{"page -1", []string{"search", "--page", "-1", "x"}, exitUsage, "pages count from 1"},
		{"query that cannot be parsed", []string{"search", `"unclosed`}, exitUsage, "search:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			out, errOut, code := sitrep(t, "", tt.args...)
			if code != tt.wantCode || !strings.Contains(out+errOut, tt.wantOut) {
				t.Errorf("sitrep %v: exit %d, output %q; want exit %d and %q", tt.args, code, out+errOut, tt.wantCode, tt.wantOut)
			}
		})
	}
}

// freeAddr returns a loopback address with a port free at the moment.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs "sitrep serve" with args in this process, changing
// nothing process-wide, on a free loopback port until the returned stop is
// called; stop fails the test if serve fails.
func startServe(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	return startServeIn(t, testProcess(), args...)
}

// startServeWriting is startServe with the write token "tok" (the one
// postArticles sends) in serve's environment, so the write API is on.
func startServeWriting(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	return startServeIn(t, testProcess(writeTokenEnv, "tok"), args...)
}

// startServeIn is startServe with the process settings serve may change.
func startServeIn(t *testing.T, p process, args ...string) (base string, stop func()) {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, p, append([]string{"serve", "--addr", addr}, args...), strings.NewReader(""), io.Discard, io.Discard)
	}()
	base = "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			break
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve stopped before answering: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server never answered: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return base, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after shutdown", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not stop after its context was cancelled")
		}
	}
}

func TestServeLoadsSampleCorpus(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server")
	}
	base, stop := startServe(t, "--index", filepath.Join(t.TempDir(), "ix"), "--corpus", indextest.CorpusDir())
	defer stop()
	res, err := http.Get(base + "/api/search?q=wallander")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "US reaffirms commitment to assist Iraq and Kurdistan") {
		t.Errorf("search on the fresh server answered %s", body)
	}
}

// postArticles sends body to the write API of the server at base with the
// token "tok" and returns the status and the answer.
func postArticles(t *testing.T, base string, body io.Reader) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/api/articles", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer tok")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestServeWritesSurviveRestart posts an article to a server started with
// a write token, stops the server, starts it again and finds the article.
func TestServeWritesSurviveRestart(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server twice")
	}
	ix := filepath.Join(t.TempDir(), "ix")
	base, stop := startServeWriting(t, "--index", ix, "--corpus", "")
	if code, msg := postArticles(t, base, strings.NewReader(`{"title": "Acknowledged write", "body": "Kept across restarts.", "url": "https://x.mil/ack"}`)); code != http.StatusOK {
		t.Fatalf("POST: %d %s", code, msg)
	}
	stop()

	base, stop = startServeWriting(t, "--index", ix, "--corpus", "")
	defer stop()
	res, err := http.Get(base + "/api/search?q=acknowledged")
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ Total int }
	json.NewDecoder(res.Body).Decode(&got)
	res.Body.Close()
	if got.Total != 1 {
		t.Errorf("after a restart the acknowledged write is gone: total %d", got.Total)
	}
}

func TestExtractSeed(t *testing.T) {
	t.Parallel()
	seed := filepath.Join(indextest.CorpusDir(), "wallander-iraq-kurdistan.txt")
	out, errOut, code := sitrep(t, "", "extract", seed)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got extractLine
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	wantPeople := []string{"Celeste Wallander", "Jumah Inad Sadun", "Nechirvan Idris Barzani"}
	if diff := cmp.Diff(wantPeople, sorted(got.People)); diff != "" {
		t.Errorf("people (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantPeople, sorted(got.Written.People)); diff != "" {
		t.Errorf("people as written (-want +got):\n%s", diff)
	}
	// The lists are the facet values as ingest indexes them, and under
	// written each entity is named as the article writes it; an
	// organisation only described in lower case ("Iraqi security forces")
	// is a facet value and no name as written, and "the government of
	// Iraq" is no organisation at all.
	for _, c := range []struct {
		kind                          string
		written, facets               []string
		wantWritten, wantFacets, only []string
	}{
		{"places", got.Written.Places, got.Places,
			[]string{"Iraq", "Kirkuk", "Luhaiban", "Irbil", "Iraqi Kurdistan", "United States"},
			[]string{"Iraq", "Kirkuk", "Luhaiban", "Irbil", "Kurdistan Region", "United States"}, nil},
		{"organisations", got.Written.Organisations, got.Organisations,
			[]string{"Islamic State", "Department of Defense", "Kurdish Peshmerga", "Kurdistan Regional Government"},
			[]string{"Islamic State", "US Department of Defense", "Peshmerga", "Kurdistan Regional Government"},
			[]string{"Iraqi Security Forces"}},
	} {
		if diff := cmp.Diff(sorted(c.wantWritten), sorted(c.written)); diff != "" {
			t.Errorf("%s as written (-want +got):\n%s", c.kind, diff)
		}
		if diff := cmp.Diff(sorted(append(c.wantFacets, c.only...)), sorted(c.facets)); diff != "" {
			t.Errorf("%s as facets (-want +got):\n%s", c.kind, diff)
		}
	}
	if slices.Contains(got.Organisations, "Reuters") || slices.Contains(got.Written.Organisations, "Reuters") {
		t.Error("Reuters, named only in a photo credit, is an organisation of the story")
	}
	if got.Entities != nil {
		t.Error("entity details printed without --verbose")
	}

	out, _, _ = sitrep(t, "", "extract", "--verbose", seed)
	if !strings.Contains(out, `"Rule"`) || !strings.Contains(out, `"Mentions"`) {
		t.Errorf("--verbose printed no mentions or rules: %.300s", out)
	}
}

func TestIngestIndexesEntities(t *testing.T) {
	t.Parallel()
	ix := filepath.Join(t.TempDir(), "ix")
	if _, errOut, code := sitrep(t, "", "ingest", "--index", ix, indextest.CorpusDir()); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	out, _, code := sitrep(t, "", "search", "--index", ix, "--person", "Celeste Wallander")
	id := entity.ID(entity.Person, "Celeste Wallander")
	if code != exitOK || !strings.HasPrefix(out, "1 article") || !strings.Contains(out, "US reaffirms commitment") || !strings.Contains(out, "Celeste Wallander ["+id+"]") {
		t.Errorf("search --person \"Celeste Wallander\" printed %q, want the article and the person's id", out)
	}
	// Her id filters as her name does.
	byID, _, code := sitrep(t, "", "search", "--index", ix, "--person", id)
	if code != exitOK || !strings.Contains(byID, "US reaffirms commitment") || !strings.HasPrefix(byID, "1 article") {
		t.Errorf("search --person %s printed %q", id, byID)
	}
	if _, errOut, code := sitrep(t, "", "search", "--index", ix, "--place", id); code != exitUsage || !strings.Contains(errOut, "that is the id of a person (Celeste Wallander)") {
		t.Errorf("search --place with a person's id: exit %d, %q; want a usage error saying so", code, errOut)
	}
	// OR, AND and NOT: her article, or an article about her or John
	// Kirby; both at once none of her one; left out, not hers.
	for _, tt := range []struct {
		args []string
		want bool
	}{
		{[]string{"--person", "Celeste Wallander", "--person", "John Kirby", "--size", "100"}, true},
		{[]string{"--person", "Celeste Wallander", "--person", "John Kirby", "--person-op", "and", "--size", "100"}, false},
		{[]string{"--not-person", id, "--size", "100", "commitment"}, false},
		{[]string{"--not-person", "John Kirby", "--size", "100", "commitment"}, true},
	} {
		out, errOut, code := sitrep(t, "", append([]string{"search", "--index", ix}, tt.args...)...)
		if code != exitOK || strings.Contains(out, "US reaffirms commitment") != tt.want {
			t.Errorf("search %q: exit %d, %q (%s); want her article listed: %t", tt.args, code, out, errOut, tt.want)
		}
	}
	if _, errOut, code := sitrep(t, "", "search", "--index", ix, "--person-op", "xor"); code != exitUsage || !strings.Contains(errOut, "--person-op") {
		t.Errorf("search --person-op xor: exit %d, %q; want a usage error", code, errOut)
	}
	// An alias the article never uses finds it through its entities.
	out, _, _ = sitrep(t, "", "search", "--index", ix, "--size", "100", "daesh")
	if !strings.Contains(out, "US reaffirms commitment") {
		t.Errorf("search daesh does not find the seed about ISIS: %q", out)
	}
	// And as a filter: a name no article holds, read as the gazetteer's
	// canonical name for it; left out, it leaves the article out.
	out, errOut, code := sitrep(t, "", "search", "--index", ix, "--size", "100", "--organisation", "Daesh")
	if code != exitOK || !strings.Contains(out, "US reaffirms commitment") {
		t.Errorf("search --organisation Daesh: exit %d, %q (%s); want the seed about ISIS", code, out, errOut)
	}
	out, errOut, code = sitrep(t, "", "search", "--index", ix, "--size", "100", "--not-organisation", "Daesh", "commitment")
	if code != exitOK || strings.Contains(out, "US reaffirms commitment") {
		t.Errorf("search --not-organisation Daesh commitment: exit %d, %q (%s); want the seed left out", code, out, errOut)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestIngestURLs(t *testing.T) {
	t.Parallel()
	feed := testdataFile(t, "parse/feeds/dvids-20.rss")
	page := testdataFile(t, "parse/pages/news-article.html")
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(feed)
	})
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/missing", http.NotFound)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ix := filepath.Join(t.TempDir(), "ix")
	out, errOut, code := sitrep(t, "", "ingest", "--index", ix, srv.URL+"/feed", srv.URL+"/story")
	if code != exitOK || !strings.HasPrefix(out, "indexed 21,") {
		t.Fatalf("ingest of a feed of 20 and a page: exit %d, %q %s", code, out, errOut)
	}
	out, _, _ = sitrep(t, "", "search", "--index", ix, "--json", "mosul")
	if !strings.Contains(out, "Coalition strikes ISIS positions near Mosul") || !strings.Contains(out, "Defense Daily Wire") {
		t.Errorf("the fetched page is not searchable with its metadata: %.400s", out)
	}
	_, errOut, code = sitrep(t, "", "ingest", "--index", ix, srv.URL+"/missing")
	if code != exitFailure || !strings.Contains(errOut, "404") {
		t.Errorf("a missing URL: exit %d, %q; want a failure naming the 404", code, errOut)
	}
}

// TestServeWatchesFeeds starts serve with a feed list and finds the feed's
// items searchable and its status on /healthz and /feeds.
func TestServeWatchesFeeds(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server")
	}
	feed := testdataFile(t, "parse/feeds/centcom.atom")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write(feed)
	}))
	defer srv.Close()
	list := filepath.Join(t.TempDir(), "feeds.txt")
	if err := os.WriteFile(list, []byte("# test feeds\n"+srv.URL+"/centcom.atom\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base, stop := startServe(t, "--index", filepath.Join(t.TempDir(), "ix"), "--corpus", "", "--feeds", list)
	defer stop()

	health := waitFeedsPolled(t, base)
	if health.Articles != 1 || len(health.Feeds) != 1 || health.Feeds[0].Indexed != 1 || health.Feeds[0].LastError != "" {
		t.Fatalf("healthz after the first poll: %+v", health)
	}
	res, err := http.Get(base + "/feeds")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(page), "U.S. Central Command") || !strings.Contains(string(page), srv.URL) {
		t.Errorf("GET /feeds = %d, lacking the feed's title or URL", res.StatusCode)
	}
}

// health is what /healthz says of the index and the feeds.
type health struct {
	Articles int `json:"articles"`
	Feeds    []struct {
		URL         string `json:"url"`
		LastError   string `json:"last_error"`
		LastFetch   string `json:"last_fetch"`
		LastSuccess string `json:"last_success"`
		Items       int    `json:"items"`
		Indexed     int    `json:"indexed"`
		Rejected    int    `json:"rejected"`
	} `json:"feeds"`
}

// waitFeedsPolled asks the server at base for /healthz until every feed
// has been fetched at least once (or 30 s passed), and returns the answer.
// A feed's status is updated just after its items are written: this waits
// for the status, not for the articles.
func waitFeedsPolled(t *testing.T, base string) health {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var h health
		res, err := http.Get(base + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(res.Body).Decode(&h)
		res.Body.Close()
		polled := len(h.Feeds) > 0
		for _, f := range h.Feeds {
			polled = polled && (f.LastSuccess != "" || f.LastError != "")
		}
		if polled || time.Now().After(deadline) {
			return h
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestIngestFeedWithPages(t *testing.T) {
	t.Parallel()
	srv := feedOfStories(t, func(base string) string {
		return `<item><title>Mosul offensive</title><link>` + base + `/story</link><pubDate>Tue, 18 Oct 2016 10:00:00 +0000</pubDate><description>Teaser only.</description></item>` +
			`<item><title></title></item>`
	})

	ix := filepath.Join(t.TempDir(), "ix")
	out, errOut, code := sitrep(t, "", "ingest", "--index", ix, "--fetch-pages", srv.URL+"/feed")
	if code != exitRejected || !strings.HasPrefix(out, "indexed 1, updated 0, unchanged 0, rejected 1") || !strings.Contains(errOut, "item 2") {
		t.Fatalf("ingest --fetch-pages: exit %d, %q, %s", code, out, errOut)
	}
	out, _, _ = sitrep(t, "", "search", "--index", ix, "peshmerga")
	if !strings.Contains(out, "Mosul offensive") {
		t.Errorf("the item's full text (from its page) is not searchable: %q", out)
	}
}

// TestIngestFeedKeepsFullText ingests a feed with --fetch-pages and a cap
// of one page, then the feed again with a new item first: the new item's
// page is fetched (and fails), and the item indexed with its page's full
// text the first time is not written again with the feed's teaser.
func TestIngestFeedKeepsFullText(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	newItem := ""
	srv := feedOfStories(t, func(base string) string {
		mu.Lock()
		defer mu.Unlock()
		return newItem + `<item><title>Mosul offensive</title><link>` + base + `/story</link><pubDate>Tue, 18 Oct 2016 10:00:00 +0000</pubDate><description>Teaser only.</description></item>`
	})
	ix := filepath.Join(t.TempDir(), "ix")
	if out, errOut, code := sitrep(t, "", "ingest", "--index", ix, "--fetch-pages", "--max-page-fetches", "1", srv.URL+"/feed"); code != exitOK || !strings.HasPrefix(out, "indexed 1,") {
		t.Fatalf("first ingest: exit %d, %q, %s", code, out, errOut)
	}
	mu.Lock()
	newItem = `<item><title>Kirkuk patrol</title><link>` + srv.URL + `/gone</link><pubDate>Wed, 19 Oct 2016 10:00:00 +0000</pubDate><description>Teaser of the patrol.</description></item>`
	mu.Unlock()
	out, errOut, code := sitrep(t, "", "ingest", "--index", ix, "--fetch-pages", "--max-page-fetches", "1", srv.URL+"/feed")
	if code != exitOK || !strings.HasPrefix(out, "indexed 1, updated 0,") {
		t.Fatalf("second ingest: exit %d, %q, %s: want the new item indexed and nothing updated", code, out, errOut)
	}
	if out, _, _ := sitrep(t, "", "search", "--index", ix, "peshmerga"); !strings.Contains(out, "Mosul offensive") {
		t.Errorf("the full text indexed the first time was replaced: %q", out)
	}
	if out, _, _ := sitrep(t, "", "search", "--index", ix, "patrol"); !strings.Contains(out, "Kirkuk patrol") {
		t.Errorf("the new item is not indexed with the feed's text: %q", out)
	}
}

// TestSearchCollapse ingests one wire story published by three outlets
// and an unrelated article: sitrep search shows the story once, naming
// the other outlets, and with --collapse=false every copy; --facet-count
// stories counts the copies once in the JSON's facets.
func TestSearchCollapse(t *testing.T) {
	t.Parallel()
	ix := filepath.Join(t.TempDir(), "ix")
	wire := "The wireword convoy of armoured vehicles crossed the river north of Mosul at dawn on Tuesday, officials said. " +
		"Commanders said the column met no resistance as it moved along the highway toward the northern districts of the city. " +
		"Aid agencies warned that thousands of families remained in the old city and asked for safe corridors to be opened."
	var corpus strings.Builder
	enc := json.NewEncoder(&corpus)
	for i, source := range []string{"Wire Daily", "Defence Herald", "Gulf Monitor"} {
		enc.Encode(map[string]string{"title": "Convoy crosses river near Mosul", "body": wire, "source": source,
			"url": fmt.Sprintf("https://outlet%d.example.com/convoy", i), "published": fmt.Sprintf("2024-03-0%dT10:00:00Z", i+1)})
	}
	enc.Encode(map[string]string{"title": "Wireword budget hearing", "body": "The committee met to discuss the wireword budget.", "source": "Hill Notes", "url": "https://hill.example.com/budget"})
	file := filepath.Join(t.TempDir(), "wire.jsonl")
	if err := os.WriteFile(file, []byte(corpus.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := sitrep(t, "", "ingest", "--quiet", "--index", ix, file); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	out, errOut, code := sitrep(t, "", "search", "--index", ix, "--sort", "oldest", "wireword")
	if code != exitOK || !strings.HasPrefix(out, "4 articles in 2 stories") || strings.Count(out, "Convoy crosses river") != 1 ||
		!strings.Contains(out, "also in: Defence Herald, Gulf Monitor\n") {
		t.Errorf("search wireword: exit %d, printed\n%s%s\nwant 4 articles in 2 stories, the convoy once, also in the two other outlets", code, out, errOut)
	}
	out, errOut, code = sitrep(t, "", "search", "--index", ix, "--collapse=false", "wireword")
	if code != exitOK || !strings.HasPrefix(out, "4 articles (") || strings.Count(out, "Convoy crosses river") != 3 || strings.Contains(out, "also in") {
		t.Errorf("search --collapse=false wireword: exit %d, printed\n%s%s\nwant every copy", code, out, errOut)
	}
	var res struct {
		Facets map[string][]struct {
			Value string
			Count int
		}
	}
	// Mosul, a place of each copy, counts 3 articles but 1 story.
	for _, tt := range []struct {
		count string
		want  int
	}{{"articles", 3}, {"stories", 1}} {
		res.Facets = nil
		out, _, _ = sitrep(t, "", "search", "--index", ix, "--json", "--facet-count", tt.count, "convoy")
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("search --json: %v\n%s", err, out)
		}
		if v := res.Facets["places"]; len(v) == 0 || v[0].Value != "Mosul" || v[0].Count != tt.want {
			t.Errorf("--facet-count %s: places %+v, want Mosul counted %d", tt.count, v, tt.want)
		}
	}
	if _, errOut, code := sitrep(t, "", "search", "--index", ix, "--facet-count", "words", "x"); code != exitUsage || !strings.Contains(errOut, "unknown facet_count") {
		t.Errorf("--facet-count words: exit %d %s, want a usage error", code, errOut)
	}
	// --size 0: the counts (and facets) alone.
	if out, errOut, code := sitrep(t, "", "search", "--index", ix, "--size", "0", "wireword"); code != exitOK || out == "" || !strings.HasPrefix(out, "4 articles in 2 stories") || strings.Count(out, "\n") != 1 {
		t.Errorf("search --size 0 wireword: exit %d, printed\n%s%s\nwant the count line alone", code, out, errOut)
	}
	res.Facets = nil
	out, _, _ = sitrep(t, "", "search", "--index", ix, "--json", "--size", "0", "convoy")
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Facets["places"]) == 0 || strings.Contains(out, "Convoy crosses") {
		t.Errorf("search --json --size 0: %v, facets %+v in\n%s\nwant facets and no hit", err, res.Facets, out)
	}
}

// TestIngestNonHTTPURLsAreNotIDs ingests six different articles whose
// url is "#", "n/a" or "javascript:void(0)", and a feed whose three items
// all link to "#": such a URL names no article, so every one is kept.
func TestIngestNonHTTPURLsAreNotIDs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	urls := []string{"#", "n/a", "javascript:void(0)", "#", "n/a", "javascript:void(0)"}
	jsonl := filepath.Join(dir, "odd-urls.jsonl")
	writeJSONL(t, jsonl, len(urls), func(i int) any {
		return map[string]string{"title": fmt.Sprintf("Dispatch %d", i), "body": fmt.Sprintf("Patrol report number %d from the border.", i), "url": urls[i], "source": "Wire"}
	})
	out, errOut, code := sitrep(t, "", "ingest", "--index", ix, jsonl)
	if code != exitOK || !strings.HasPrefix(out, "indexed 6, updated 0, unchanged 0, rejected 0") {
		t.Errorf("six articles with non-http urls: exit %d, %q %s; want 6 indexed", code, out, errOut)
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Hash Wire</title>`)
		for i := range 3 {
			fmt.Fprintf(w, `<item><title>Hash item %d</title><link>#</link><description>Item %d of a feed linking nowhere.</description></item>`, i, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	defer srv.Close()
	out, errOut, code = sitrep(t, "", "ingest", "--index", ix, srv.URL+"/feed")
	if code != exitOK || !strings.HasPrefix(out, "indexed 3, updated 0, unchanged 0, rejected 0") {
		t.Errorf("a feed of three items linking to #: exit %d, %q %s; want 3 indexed", code, out, errOut)
	}
	out, _, _ = sitrep(t, "", "search", "--index", ix, "--json", "--size", "1")
	var res struct{ Total int }
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Total != 9 {
		t.Errorf("the index holds %d articles (%v), want 9", res.Total, err)
	}
}

// TestFetchPagesStaysOffPrivateAddresses serves a feed whose items link to
// a page on the feed's own origin and to a "secret" page on another
// loopback port (an internal service): with --fetch-pages, sitrep ingest
// and sitrep serve --feeds index the first page's text but never fetch the
// second, unless --fetch-private is given.
func TestFetchPagesStaysOffPrivateAddresses(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server")
	}
	var secretHits atomic.Int32
	secret := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secretHits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><head><title>Admin</title></head><body><main><article><h1>Internal credentials</h1>`+
			strings.Repeat(`<p>The internal admin password is swordfish and the vault opens at midnight for the night shift.</p>`, 5)+
			`</article></main></body></html>`)
	}))
	defer secret.Close()
	srv := feedOfStories(t, func(base string) string {
		return `<item><title>Mosul offensive</title><link>` + base + `/story</link><description>Teaser only.</description></item>` +
			`<item><title>Harmless teaser</title><link>` + secret.URL + `/secret.html</link><description>Nothing to see.</description></item>`
	})

	count := func(ix, word string) int {
		out, _, _ := sitrep(t, "", "search", "--index", ix, "--json", word)
		var res struct{ Total int }
		json.Unmarshal([]byte(out), &res)
		return res.Total
	}
	for _, tt := range []struct {
		name       string
		flags      []string
		wantSecret int
	}{
		{"default", nil, 0},
		{"--fetch-private", []string{"--fetch-private"}, 1},
	} {
		t.Run("ingest "+tt.name, func(t *testing.T) {
			secretHits.Store(0)
			ix := filepath.Join(t.TempDir(), "ix")
			out, errOut, code := sitrep(t, "", append([]string{"ingest", "--index", ix, "--fetch-pages", srv.URL + "/feed"}, tt.flags...)...)
			if code != exitOK || !strings.HasPrefix(out, "indexed 2,") {
				t.Fatalf("exit %d, %q %s", code, out, errOut)
			}
			if tt.wantSecret == 0 && (!strings.Contains(errOut, "not a public address") || secretHits.Load() != 0) {
				t.Errorf("the secret page was asked for %d times; the log does not say why it was refused:\n%s", secretHits.Load(), errOut)
			}
			if got := count(ix, "swordfish"); got != tt.wantSecret {
				t.Errorf("swordfish (the secret page) found in %d articles, want %d", got, tt.wantSecret)
			}
			if got := count(ix, "peshmerga"); got != 1 {
				t.Errorf("peshmerga (the page on the feed's origin) found in %d articles, want 1", got)
			}
		})
		t.Run("serve "+tt.name, func(t *testing.T) {
			secretHits.Store(0)
			list := filepath.Join(t.TempDir(), "feeds.txt")
			if err := os.WriteFile(list, []byte(srv.URL+"/feed\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			base, stop := startServe(t, append([]string{"--index", filepath.Join(t.TempDir(), "ix"), "--corpus", "", "--feeds", list, "--fetch-pages"}, tt.flags...)...)
			defer stop()
			if h := waitFeedsPolled(t, base); len(h.Feeds) != 1 || h.Feeds[0].Indexed != 2 {
				t.Fatalf("the feed was not polled: %+v", h)
			}
			for word, want := range map[string]int{"swordfish": tt.wantSecret, "peshmerga": 1} {
				var got struct{ Total int }
				if code := getJSON(t, base+"/api/search?q="+word, &got); code != http.StatusOK || got.Total != want {
					t.Errorf("search %s: %d, total %d; want %d", word, code, got.Total, want)
				}
			}
			if tt.wantSecret == 0 && secretHits.Load() != 0 {
				t.Errorf("the secret page was asked for %d times", secretHits.Load())
			}
		})
	}
}

// testdataFile returns the file at path under the repository's testdata.
func testdataFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// feedOfStories serves an RSS feed at /feed, whose items are those items
// writes given the server's URL, and the news article of testdata at
// /story; it is closed when the test ends.
func feedOfStories(t *testing.T, items func(base string) string) *httptest.Server {
	t.Helper()
	page := testdataFile(t, "parse/pages/news-article.html")
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>`+items(srv.URL)+`</channel></rss>`)
	})
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(page)
	})
	return srv
}

// TestIngestPageWithoutBanners ingests a saved news page whose cookie
// banner sits outside <main><article>: a search for "cookies" must not
// find it, and its snippet must start with the story.
func TestIngestPageWithoutBanners(t *testing.T) {
	t.Parallel()
	ix := filepath.Join(t.TempDir(), "ix")
	if out, errOut, code := sitrep(t, "", "ingest", "--index", ix, "../../testdata/parse/pages/cookie-outside-article.html"); code != exitOK || !strings.HasPrefix(out, "indexed 1,") {
		t.Fatalf("ingest: exit %d, %q %s", code, out, errOut)
	}
	for query, want := range map[string]int{"cookies": 0, "newsletter": 0, "interceptor": 1} {
		out, _, _ := sitrep(t, "", "search", "--index", ix, "--json", query)
		var res struct {
			Total int
			Hits  []struct{ Snippet string }
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil || res.Total != want {
			t.Errorf("search %s: %d hits (%v), want %d", query, res.Total, err, want)
		}
		if want > 0 && (len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Snippet, "from a destroyer") || strings.Contains(res.Hits[0].Snippet, "cookies")) {
			t.Errorf("search %s: hits %+v, want a snippet of the story, without the banner", query, res.Hits)
		}
	}
}

// TestServeFeedBounds serves a feed of 12 items, one of them holding 2 MB
// of text, with --fetch-pages --max-page-fetches 3: the big item is
// rejected (counted on /healthz), the 11 others are indexed, and only 3
// item pages are asked for in the poll.
func TestServeFeedBounds(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server")
	}
	var pageHits atomic.Int32
	big := strings.Repeat("The convoy reached the border crossing at dawn. ", 2_000_000/48)
	srv := feedOfStories(t, func(base string) string {
		var b strings.Builder
		for i := range 11 {
			fmt.Fprintf(&b, `<item><title>Small item %d</title><link>%s/page/%d</link><description>Teaser %d.</description></item>`, i, base, i, i)
		}
		fmt.Fprintf(&b, `<item><title>Huge item</title><link>%s/page/huge</link><description>%s</description></item>`, base, big)
		return b.String()
	})
	srv.Config.Handler.(*http.ServeMux).HandleFunc("/page/", func(w http.ResponseWriter, r *http.Request) {
		pageHits.Add(1)
		http.NotFound(w, r)
	})
	list := filepath.Join(t.TempDir(), "feeds.txt")
	if err := os.WriteFile(list, []byte(srv.URL+"/feed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base, stop := startServe(t, "--index", filepath.Join(t.TempDir(), "ix"), "--corpus", "", "--feeds", list, "--fetch-pages", "--max-page-fetches", "3")
	defer stop()
	h := waitFeedsPolled(t, base)
	if len(h.Feeds) != 1 || h.Feeds[0].Indexed != 11 || h.Feeds[0].Rejected != 1 || h.Feeds[0].Items != 12 {
		t.Errorf("after a poll: %+v; want 11 of 12 items indexed and the 2 MB one rejected", h.Feeds)
	}
	if n := pageHits.Load(); n != 3 {
		t.Errorf("%d item pages asked for, want 3 (--max-page-fetches)", n)
	}
}
