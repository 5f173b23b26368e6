package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
	"github.com/sitrep/sitrep/web"
)

// bom is the UTF-8 byte order mark a CSV export starts with.
const bom = "\ufeff"

// exportAnswer sends GET target to h and returns the answer and its body.
func exportAnswer(t *testing.T, h http.Handler, target string) (*http.Response, []byte) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// readCSVExport reads a CSV export: its provenance line (without "# "),
// its header and its rows, failing the test on a malformed file.
func readCSVExport(t *testing.T, body []byte) (string, []string, [][]string) {
	t.Helper()
	if !bytes.HasPrefix(body, []byte(bom)) {
		t.Fatalf("the CSV export does not start with a byte order mark: %.40q", body)
	}
	body = body[len(bom):]
	first, _, _ := bytes.Cut(body, []byte("\r\n"))
	if !bytes.HasPrefix(first, []byte("# Sitrep export; ")) {
		t.Fatalf("the CSV export's first line is %.80q, want the provenance", first)
	}
	// The provenance line is one cell to a reader that keeps it.
	if cells, err := csv.NewReader(bytes.NewReader(first)).Read(); err != nil || len(cells) != 1 {
		t.Errorf("the provenance line reads as %d cells (%v), want 1", len(cells), err)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comment = '#'
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV export is not RFC 4180 CSV: %v", err)
	}
	if len(records) == 0 {
		t.Fatal("the CSV export has no header")
	}
	return string(first[2:]), records[0], records[1:]
}

// provenanceField returns the value of key in a CSV provenance line.
func provenanceField(t *testing.T, line, key string) string {
	t.Helper()
	for _, kv := range strings.Split(line, "; ") {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			s, err := url.QueryUnescape(v)
			if err != nil {
				t.Fatalf("provenance %s=%q: %v", key, v, err)
			}
			return s
		}
	}
	t.Fatalf("the provenance %q has no %s", line, key)
	return ""
}

// pagedSearchIDs reads every hit of the search with the parameters params
// from /api/search, page by page with the cursor, and returns their IDs
// and the first page's total.
func pagedSearchIDs(t *testing.T, params string) ([]string, int) {
	t.Helper()
	var ids []string
	cursor, total := "", -1
	for {
		var ans struct {
			Total      int    `json:"total"`
			NextCursor string `json:"next_cursor"`
			Hits       []struct {
				ID string `json:"id"`
			} `json:"hits"`
		}
		target := "/api/search?size=100&" + params
		if cursor != "" {
			target += "&cursor=" + url.QueryEscape(cursor)
		}
		get(t, target, &ans)
		if total < 0 {
			total = ans.Total
		}
		for _, h := range ans.Hits {
			ids = append(ids, h.ID)
		}
		if ans.NextCursor == "" {
			return ids, total
		}
		cursor = ans.NextCursor
	}
}

// TestExportAPI checks that an export, in either format, holds every hit
// of its search: the search's total and IDs, in order, none twice.
func TestExportAPI(t *testing.T) {
	for _, params := range []string{"collapse=false", "q=military&collapse=false&sort=newest", "q=iraq&collapse=false&sort=oldest"} {
		want, total := pagedSearchIDs(t, params)
		if len(want) != total || total == 0 {
			t.Fatalf("%s: paging found %d of %d hits", params, len(want), total)
		}
		t.Run(params+" csv", func(t *testing.T) {
			res, body := exportAnswer(t, server, "/api/export?format=csv&"+params)
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8; header=present" {
				t.Fatalf("status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="sitrep-export-`) || !strings.HasSuffix(cd, `.csv"`) {
				t.Errorf("Content-Disposition %q", cd)
			}
			prov, header, rows := readCSVExport(t, body)
			if header[0] != "id" || !slices.Contains(header, "citation") || !slices.Contains(header, "people_ids") {
				t.Errorf("header %q", header)
			}
			var got []string
			for _, r := range rows {
				if len(r) != len(header) {
					t.Fatalf("a row of %d cells under a header of %d", len(r), len(header))
				}
				got = append(got, r[0])
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("exported IDs (-search +export):\n%s", diff)
			}
			if n := provenanceField(t, prov, "total"); n != strconv.Itoa(total) {
				t.Errorf("provenance total %s, want %d", n, total)
			}
			if s := provenanceField(t, prov, "search"); s == "" && params != "collapse=false" {
				t.Errorf("provenance search is empty")
			}
		})
		t.Run(params+" jsonl", func(t *testing.T) {
			res, body := exportAnswer(t, server, "/api/export?format=jsonl&"+params)
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/jsonl; charset=utf-8" {
				t.Fatalf("status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			prov, rows := readJSONLExport(t, body)
			if prov.Total != total || prov.Rows != total || prov.Collapse || prov.ExportedAt.IsZero() {
				t.Errorf("provenance %+v, want total and rows %d", prov, total)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.ID)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("exported IDs (-search +export):\n%s", diff)
			}
		})
	}
}

// jsonlProvenance is the first record of a JSON Lines export.
type jsonlProvenance struct {
	Query      string              `json:"query"`
	Filters    map[string][]string `json:"filters"`
	Sort       string              `json:"sort"`
	Collapse   bool                `json:"collapse"`
	Search     string              `json:"search"`
	ExportedAt time.Time           `json:"exported_at"`
	Version    string              `json:"sitrep_version"`
	Total      int                 `json:"total"`
	Stories    int                 `json:"stories"`
	Rows       int                 `json:"rows"`
}

// jsonlRow is a row of a JSON Lines export.
type jsonlRow struct {
	ID, URL, Source, Title, Summary, Story, Citation string
	Published                                        *time.Time
	People, Places, Organisations                    []struct{ ID, Name string }
	AlsoIn                                           []struct{ ID, Source string } `json:"also_in"`
}

// readJSONLExport reads a JSON Lines export, failing the test on a line
// that is not a JSON object.
func readJSONLExport(t *testing.T, body []byte) (jsonlProvenance, []jsonlRow) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	var first struct {
		Provenance *jsonlProvenance `json:"provenance"`
	}
	if !sc.Scan() || json.Unmarshal(sc.Bytes(), &first) != nil || first.Provenance == nil {
		t.Fatalf("the first line %.80q is not the provenance", sc.Bytes())
	}
	var rows []jsonlRow
	for sc.Scan() {
		var r jsonlRow
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		if err := dec.Decode(&r); err != nil || r.ID == "" {
			t.Fatalf("line %q: %v", sc.Bytes(), err)
		}
		rows = append(rows, r)
	}
	return *first.Provenance, rows
}

// hostileExportArticles are articles whose cells a spreadsheet would run
// as formulas, and names in Arabic script.
func hostileExportArticles() []*index.Article {
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	return []*index.Article{
		{Title: `=HYPERLINK("http://evil.example","click")`, Body: "Formula title.", Source: "+Wire", URL: "https://example.com/a1", Published: &day, People: []string{"@Handle"}},
		{Title: "-2+3 soldiers", Body: "Minus title.", Source: "Desk", URL: "https://example.com/a2", Published: &day, Summary: "\tTabbed summary"},
		{Title: "Talks in Baghdad", Body: "Arabic names.", Source: "الجزيرة", URL: "https://example.com/a3", Published: &day,
			People: []string{"حيدر العبادي"}, Places: []string{"بغداد"}, Organisations: []string{"Islamic State"}},
		{Title: "A title, with \"quotes\"\nand a line break", Body: "Quoted.", Source: "Desk", URL: "https://example.com/a4", Published: &day},
	}
}

// TestExportCSVIsSpreadsheetSafe checks that formula cells are
// neutralised, Arabic script is kept, and quotes, commas and line breaks
// survive a round trip.
func TestExportCSVIsSpreadsheetSafe(t *testing.T) {
	ix := indextest.New(t)
	indextest.Add(t, ix, hostileExportArticles()...)
	h, err := web.New(web.Config{}, search.New(ix), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	_, body := exportAnswer(t, h, "/api/export?format=csv&sort=oldest&collapse=false")
	_, header, rows := readCSVExport(t, body)
	col := func(name string) int { return slices.Index(header, name) }
	cells := map[string]bool{}
	for _, r := range rows {
		for _, c := range r {
			cells[c] = true
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %q would run as a formula", c)
			}
		}
	}
	for _, want := range []string{
		`'=HYPERLINK("http://evil.example","click")`, "'+Wire", "'@Handle", "'-2+3 soldiers", "'\tTabbed summary",
		"الجزيرة", "حيدر العبادي", "بغداد", "A title, with \"quotes\"\nand a line break",
		entity.ID(entity.Person, "حيدر العبادي"),
	} {
		if !cells[want] {
			t.Errorf("no cell %q in the export", want)
		}
	}
	if col("people_ids") < 0 || col("citation") < 0 {
		t.Fatalf("header %q", header)
	}
	// Without a byte order mark when asked.
	_, body = exportAnswer(t, h, "/api/export?format=csv&bom=false")
	if !bytes.HasPrefix(body, []byte("# Sitrep export; ")) {
		t.Errorf("bom=false: the export starts %.20q", body)
	}
}

// TestExportRefusesMistakes checks that a bad export request is a 400
// with a JSON message, not a download.
func TestExportRefusesMistakes(t *testing.T) {
	for _, target := range []string{"/api/export", "/api/export?format=xlsx", "/api/export?format=csv&q=%22unclosed&sort=up", "/api/export?format=csv&bom=maybe"} {
		res, body := exportAnswer(t, server, target)
		if res.StatusCode != http.StatusBadRequest || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || res.Header.Get("Content-Disposition") != "" {
			t.Errorf("GET %s: %d %q %q: %s", target, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"), body)
		}
	}
}

// countingEngine counts the rows the engine's exports hand on.
type countingEngine struct {
	*search.Engine
	rows atomic.Int64
}

func (e *countingEngine) Export(ctx context.Context, req search.Request, begin func(search.ExportSummary) error, row func(*search.ExportRow) error) error {
	return e.Engine.Export(ctx, req, begin, func(r *search.ExportRow) error {
		e.rows.Add(1)
		return row(r)
	})
}

// goneWriter is a client that goes away once the first bytes arrive: it
// cancels the request's context at its first write.
type goneWriter struct {
	*httptest.ResponseRecorder
	cancel context.CancelFunc
}

func (w *goneWriter) Write(p []byte) (int, error) {
	w.cancel()
	return w.ResponseRecorder.Write(p)
}

// TestExportStopsWhenClientGoes checks that the server stops exporting
// when the client disconnects: few rows are read after it went away.
func TestExportStopsWhenClientGoes(t *testing.T) {
	ix := corpus
	eng := &countingEngine{Engine: search.New(ix)}
	h, err := web.New(web.Config{}, eng, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &goneWriter{ResponseRecorder: httptest.NewRecorder(), cancel: cancel}
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/export?format=jsonl&collapse=false", nil).WithContext(ctx))
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the export did not stop after the client went away")
	}
	if n := eng.rows.Load(); n >= indextest.CorpusSize/2 {
		t.Errorf("the export read %d of %d rows after the client went away at its first bytes", n, indextest.CorpusSize)
	}
	// The same export, with the client staying, reads every row.
	eng.rows.Store(0)
	exportAnswer(t, h, "/api/export?format=jsonl&collapse=false")
	if n := eng.rows.Load(); n != indextest.CorpusSize {
		t.Errorf("a whole export read %d rows, want %d", n, indextest.CorpusSize)
	}
}

// blockingEngine holds every export until released.
type blockingEngine struct {
	*search.Engine
	started chan struct{}
	release chan struct{}
}

func (e *blockingEngine) Export(ctx context.Context, req search.Request, begin func(search.ExportSummary) error, row func(*search.ExportRow) error) error {
	e.started <- struct{}{}
	<-e.release
	return e.Engine.Export(ctx, req, begin, row)
}

// TestExportLimits checks the exports' own concurrency limit (429 beyond
// it, searches unaffected) and time limit (the export ends with a line
// saying it was stopped).
func TestExportLimits(t *testing.T) {
	ix := corpus
	eng := &blockingEngine{Engine: search.New(ix), started: make(chan struct{}, 1), release: make(chan struct{})}
	h, err := web.New(web.Config{MaxExports: 1, SearchQueueWait: 50 * time.Millisecond}, eng, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		exportAnswer(t, h, "/api/export?format=csv")
		close(done)
	}()
	<-eng.started
	res, body := exportAnswer(t, h, "/api/export?format=csv")
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(body), "--max-exports") {
		t.Errorf("a second export: %d %s, want 429 naming --max-exports", res.StatusCode, body)
	}
	if res, _ := exportAnswer(t, h, "/api/search?q=iraq"); res.StatusCode != http.StatusOK {
		t.Errorf("a search during an export: %d", res.StatusCode)
	}
	close(eng.release)
	<-done

	slow := &slowEngine{Engine: search.New(ix), delay: 50 * time.Millisecond}
	var logged bytes.Buffer
	h, err = web.New(web.Config{ExportTimeout: 200 * time.Millisecond}, slow, slog.New(slog.NewTextHandler(&logged, nil)))
	if err != nil {
		t.Fatal(err)
	}
	_, body = exportAnswer(t, h, "/api/export?format=csv&collapse=false")
	lines := strings.Split(strings.TrimSpace(string(body)), "\r\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "# the export stopped after") || !strings.Contains(last, "--export-timeout") {
		t.Errorf("an export past its time ends with %q, want a line saying it stopped", last)
	}
	if !strings.Contains(logged.String(), `msg="export stopped"`) || !strings.Contains(logged.String(), "deadline exceeded") {
		t.Errorf("the stopped export was not logged:\n%s", logged.String())
	}
}

// slowEngine takes delay a row.
type slowEngine struct {
	*search.Engine
	delay time.Duration
}

func (e *slowEngine) Export(ctx context.Context, req search.Request, begin func(search.ExportSummary) error, row func(*search.ExportRow) error) error {
	return e.Engine.Export(ctx, req, begin, func(r *search.ExportRow) error {
		time.Sleep(e.delay)
		return row(r)
	})
}

// TestExportOutlastsWriteTimeout checks that an export may stream longer
// than the http.Server's WriteTimeout, which bounds searches: it has its
// own limit.
func TestExportOutlastsWriteTimeout(t *testing.T) {
	ix := corpus
	h, err := web.New(web.Config{}, &slowEngine{Engine: search.New(ix), delay: 5 * time.Millisecond}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.WriteTimeout = 200 * time.Millisecond
	srv.Start()
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/export?format=jsonl&collapse=false")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("the export was cut after %d bytes: %v", len(body), err)
	}
	if _, rows := readJSONLExport(t, body); len(rows) != indextest.CorpusSize {
		t.Errorf("%d rows, want %d", len(rows), indextest.CorpusSize)
	}
}
