package web

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/search"
)

// This file is the export of a whole search (GET /api/export and
// "sitrep search --all --format csv|jsonl"): one writer for both, over
// search.Engine.Export.

// The formats of an export.
const (
	ExportCSV   = "csv"
	ExportJSONL = "jsonl"
)

// ParseExportFormat returns the export format named s, or a
// *search.QueryError naming param.
func ParseExportFormat(param, s string) (string, error) {
	switch s {
	case ExportCSV, ExportJSONL:
		return s, nil
	}
	return "", &search.QueryError{Param: param, Msg: fmt.Sprintf("%s=%q: choose csv or jsonl", param, s)}
}

// Exporter is what an export reads through: *search.Engine.
type Exporter interface {
	Export(ctx context.Context, req search.Request, begin func(search.ExportSummary) error, row func(*search.ExportRow) error) error
}

// ExportOptions say how WriteExport writes an export and what its
// provenance records.
type ExportOptions struct {
	// Format is ExportCSV or ExportJSONL.
	Format string
	// Params are the search's own parameters, as in a search URL (q,
	// person, …, from, to, sort, collapse), recorded in the provenance;
	// nil, they are written from the request.
	Params url.Values
	// Version is Sitrep's version; Now the time of the export, also the
	// day the citations say the articles were accessed.
	Version string
	Now     time.Time
	// BOM starts a CSV export with a UTF-8 byte order mark, by which
	// Excel knows the file is UTF-8.
	BOM bool
	// Base is the server's public address, for the citation of an
	// article with no URL of its own; "" on the command line.
	Base string
}

// exportFlushEvery is how many rows an export writes between two flushes
// of what it has buffered to the client, besides the flushes a full
// buffer makes.
const exportFlushEvery = 1000

// WriteExport writes every hit of req to w in o.Format: first the
// provenance (a comment line in CSV, the first record in JSON Lines), then
// one row per matching article, or per story when req collapses them (see
// search.Engine.Export). A mistake in req is returned as a
// *search.QueryError before anything is written. An export stopped after
// it began (its time limit, a fault) ends with a line saying so, and
// returns the error; one whose writes to w fail (the client went away)
// stops at once.
func WriteExport(ctx context.Context, w io.Writer, ex Exporter, req search.Request, o ExportOptions) error {
	if o.Params == nil {
		o.Params = requestParams(req)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	flush := func() error {
		if err := bw.Flush(); err != nil {
			return err
		}
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		return nil
	}
	var enc exportEncoder = &jsonlEncoder{w: bw}
	if o.Format == ExportCSV {
		cw := csv.NewWriter(bw)
		cw.UseCRLF = true
		enc = &csvEncoder{w: bw, cw: cw, bom: o.BOM}
	}
	var written, rows uint64
	began := false
	err := ex.Export(ctx, req, func(sum search.ExportSummary) error {
		began, rows = true, sum.Rows
		if err := enc.begin(newProvenance(o, sum)); err != nil {
			return err
		}
		return flush()
	}, func(r *search.ExportRow) error {
		if err := enc.row(newExportRow(r, o)); err != nil {
			return err
		}
		written++
		if written%exportFlushEvery == 0 {
			return flush()
		}
		return nil
	})
	if err != nil && !began {
		return err // a mistake in req, or the index unreadable: nothing written
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		_ = enc.stopped(fmt.Sprintf("the export stopped after %d of %d rows: %s", written, rows, stoppedReason(err)))
	}
	if ferr := flush(); err == nil {
		err = ferr
	}
	return err
}

// stoppedReason says why an export stopped, in words for its reader.
func stoppedReason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "it took longer than the server allows (--export-timeout): export the search in parts, by date (from, to) or with more filters"
	}
	return "an error reading the index: export the search again"
}

// provenance is what an export records about itself.
type provenance struct {
	Query string `json:"query"`
	// Filters are the search's filters: person, place, organisation,
	// source (each also as not_person… and person_op…), from and to.
	Filters map[string][]string `json:"filters"`
	Sort    string              `json:"sort"`
	// Collapse says whether rows are one per story.
	Collapse bool `json:"collapse"`
	// Search is the search's parameters, URL-encoded: /api/export?
	// followed by them (and format) runs the export again.
	Search     string    `json:"search"`
	Format     string    `json:"format"`
	ExportedAt time.Time `json:"exported_at"`
	Version    string    `json:"sitrep_version"`
	// Total counts the matching articles, Stories their stories, Rows the
	// rows that follow.
	Total   uint64 `json:"total"`
	Stories uint64 `json:"stories"`
	Rows    uint64 `json:"rows"`
}

func newProvenance(o ExportOptions, sum search.ExportSummary) provenance {
	params := exportParams(o.Params)
	p := provenance{
		Query: params.Get("q"), Filters: map[string][]string{}, Sort: string(search.DefaultSort(params.Get("q"))), Collapse: sum.Collapsed,
		Search: params.Encode(), Format: o.Format, ExportedAt: o.Now.UTC().Truncate(time.Second), Version: o.Version,
		Total: sum.Total, Stories: sum.Stories, Rows: sum.Rows,
	}
	if s := params.Get("sort"); s != "" {
		p.Sort = s
	}
	for _, f := range facetSpecs {
		for _, k := range []string{f.Param, f.NotParam(), f.OpParam()} {
			if vs := params[k]; len(vs) > 0 {
				p.Filters[k] = vs
			}
		}
	}
	for _, k := range []string{"from", "to"} {
		if v := params.Get(k); v != "" {
			p.Filters[k] = []string{v}
		}
	}
	return p
}

// requestParams writes req's query, filters, dates, sort and collapse as
// the parameters of a search URL.
func requestParams(req search.Request) url.Values {
	v := url.Values{}
	if req.Query != "" {
		v.Set("q", req.Query)
	}
	for _, f := range facetSpecs {
		for _, s := range *f.filter(&req) {
			v.Add(f.Param, s)
		}
		for _, s := range *f.not(&req) {
			v.Add(f.NotParam(), s)
		}
		if *f.all(&req) {
			v.Set(f.OpParam(), "and")
		}
	}
	if req.From != nil {
		v.Set("from", req.From.Format(time.DateOnly))
	}
	if req.To != nil {
		v.Set("to", req.To.Format(time.DateOnly))
	}
	if req.Sort != "" && req.Sort != search.ByRelevance {
		v.Set("sort", string(req.Sort))
	}
	if req.NoCollapse {
		v.Set("collapse", "false")
	}
	return v
}

// exportParams keeps the parameters of params that choose an export's
// rows: a search page's state without its paging and facet settings.
func exportParams(params url.Values) url.Values {
	v := newPageState(params).v
	for _, k := range []string{"size", "facet_size", "facet_count"} {
		v.Del(k)
	}
	return v
}

// exportEntity is an entity of a row: its id (entity.ID) and name.
type exportEntity struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// exportCopy is another matching article of a row's story.
type exportCopy struct {
	ID     string `json:"id"`
	Source string `json:"source"`
}

// exportRow is one row of an export, as JSON Lines writes it; the CSV
// columns are its fields, lists joined.
type exportRow struct {
	ID        string     `json:"id"`
	URL       string     `json:"url"`
	Source    string     `json:"source"`
	Published *time.Time `json:"published"`
	Title     string     `json:"title"`
	Summary   string     `json:"summary"`
	Authors   []string   `json:"authors"`
	// Entities are the people, places and organisations, by facet name.
	Entities map[string][]exportEntity `json:"-"`
	Story    string                    `json:"story"`
	AlsoIn   []exportCopy              `json:"also_in"`
	Citation string                    `json:"citation"`
}

func newExportRow(r *search.ExportRow, o ExportOptions) *exportRow {
	a := r.Article
	out := &exportRow{
		ID: a.ID, URL: a.URL, Source: a.Source, Published: a.Published, Title: a.Title, Summary: a.Summary,
		Authors: nonNil(a.Authors), Story: a.Story, AlsoIn: make([]exportCopy, len(r.AlsoIn)),
		Entities: map[string][]exportEntity{},
		Citation: newCitation(a, o.Base, o.Now).text(),
	}
	for _, f := range facetSpecs {
		if f.article == nil {
			continue
		}
		list := []exportEntity{}
		for _, name := range *f.article(a) {
			list = append(list, exportEntity{ID: search.EntityID(f.Name, name), Name: name})
		}
		out.Entities[f.Name] = list
	}
	for i, c := range r.AlsoIn {
		out.AlsoIn[i] = exportCopy{ID: c.ID, Source: c.Source}
	}
	return out
}

// MarshalJSON encodes r with its entities after its other keys, each a
// list of {"id", "name"}.
func (r *exportRow) MarshalJSON() ([]byte, error) {
	type fields exportRow // without this method
	b, err := json.Marshal((*fields)(r))
	if err != nil {
		return nil, err
	}
	b = b[:len(b)-1]
	for _, f := range facetSpecs {
		if f.article == nil {
			continue
		}
		list, err := json.Marshal(r.Entities[f.Name])
		if err != nil {
			return nil, err
		}
		b = append(strconv.AppendQuote(append(b, ','), f.Name), ':')
		b = append(b, list...)
	}
	return append(b, '}'), nil
}

// exportEncoder writes an export in one format.
type exportEncoder interface {
	begin(provenance) error
	row(*exportRow) error
	// stopped ends an export cut short with a note saying why.
	stopped(msg string) error
}

// jsonlEncoder writes JSON Lines: {"provenance": {…}}, then a row a line.
type jsonlEncoder struct{ w io.Writer }

func (e *jsonlEncoder) encode(v any) error {
	enc := json.NewEncoder(e.w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func (e *jsonlEncoder) begin(p provenance) error {
	return e.encode(struct {
		Provenance provenance `json:"provenance"`
	}{p})
}

func (e *jsonlEncoder) row(r *exportRow) error { return e.encode(r) }

func (e *jsonlEncoder) stopped(msg string) error {
	return e.encode(struct {
		Error string `json:"error"`
	}{msg})
}

// csvHeader names the columns of a CSV export.
var csvHeader = []string{
	"id", "url", "source", "published", "title", "summary", "authors",
	"people", "people_ids", "places", "places_ids", "organisations", "organisations_ids",
	"story", "also_in", "also_in_sources", "citation",
}

// csvList joins the values of a list cell.
const csvList = "; "

// csvEncoder writes RFC 4180 CSV (CRLF line ends), after a UTF-8 byte
// order mark when bom is set and a provenance line starting with #.
type csvEncoder struct {
	w   *bufio.Writer
	cw  *csv.Writer
	bom bool
}

// begin writes the provenance line: "# Sitrep export; key=value; …" with
// each value URL-encoded, so that the line holds no comma, quote or line
// break and is one cell to a spreadsheet (A1) and a comment to readers
// that skip lines starting with # (Go's csv.Reader.Comment, pandas'
// comment="#"); then the header row.
func (e *csvEncoder) begin(p provenance) error {
	if e.bom {
		e.w.WriteString("\ufeff")
	}
	pairs := []string{
		"query=" + url.QueryEscape(p.Query),
		"filters=" + url.QueryEscape(url.Values(p.Filters).Encode()),
		"sort=" + p.Sort,
		"collapse=" + strconv.FormatBool(p.Collapse),
		"exported_at=" + p.ExportedAt.Format(time.RFC3339),
		"sitrep_version=" + url.QueryEscape(p.Version),
		"total=" + strconv.FormatUint(p.Total, 10),
		"stories=" + strconv.FormatUint(p.Stories, 10),
		"rows=" + strconv.FormatUint(p.Rows, 10),
		"search=" + url.QueryEscape(p.Search),
	}
	e.w.WriteString("# Sitrep export; " + strings.Join(pairs, "; ") + "\r\n")
	return e.write(csvHeader)
}

func (e *csvEncoder) row(r *exportRow) error {
	published := ""
	if r.Published != nil {
		published = r.Published.UTC().Format(time.RFC3339)
	}
	cells := []string{r.ID, r.URL, r.Source, published, r.Title, r.Summary, strings.Join(r.Authors, csvList)}
	for _, f := range facetSpecs {
		if f.article == nil {
			continue
		}
		var names, ids []string
		for _, en := range r.Entities[f.Name] {
			names, ids = append(names, en.Name), append(ids, en.ID)
		}
		cells = append(cells, strings.Join(names, csvList), strings.Join(ids, csvList))
	}
	var also, sources []string
	for _, c := range r.AlsoIn {
		also, sources = append(also, c.ID), append(sources, c.Source)
	}
	cells = append(cells, r.Story, strings.Join(also, csvList), strings.Join(sources, csvList), r.Citation)
	return e.write(cells)
}

func (e *csvEncoder) stopped(msg string) error {
	e.cw.Flush()
	_, err := e.w.WriteString("# " + msg + "\r\n")
	return err
}

// write writes one record, each cell made safe for spreadsheets.
func (e *csvEncoder) write(cells []string) error {
	for i, c := range cells {
		cells[i] = spreadsheetSafe(c)
	}
	if err := e.cw.Write(cells); err != nil {
		return err
	}
	// csv.Writer writes into e.w (a bufio.Writer large enough is used as
	// it is); flushing it here keeps the order of its lines and ours.
	e.cw.Flush()
	return e.cw.Error()
}

// spreadsheetSafe neutralises a cell that a spreadsheet would read as a
// formula (CSV injection): one starting with =, +, -, @, a tab or a
// carriage return gets a leading apostrophe, which spreadsheets show as
// text and do not evaluate.
func spreadsheetSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// export answers GET /api/export?<search parameters>&format=csv|jsonl:
// every hit of the search, streamed.
func (a *api) export(c echo.Context) error {
	params := c.QueryParams()
	format, err := ParseExportFormat("format", params.Get("format"))
	if err != nil {
		return err
	}
	req, err := searchRequest(params)
	if err != nil {
		return err
	}
	bom := format == ExportCSV
	if s := params.Get("bom"); s != "" {
		if bom, err = strconv.ParseBool(s); err != nil {
			return &search.QueryError{Param: "bom", Msg: fmt.Sprintf("bom=%q: want true (start a CSV export with a byte order mark, the default) or false", s)}
		}
	}
	now := time.Now()
	if a.exportTimeout > 0 {
		// The http.Server's WriteTimeout bounds searches; an export has
		// its own limit (--export-timeout).
		_ = http.NewResponseController(c.Response()).SetWriteDeadline(now.Add(a.exportTimeout + writeDeadlineMargin))
	}
	ctype := "text/csv; charset=utf-8; header=present"
	if format == ExportJSONL {
		ctype = "application/jsonl; charset=utf-8"
	}
	w := &exportResponse{c: c, header: func(h http.Header) {
		h.Set(echo.HeaderContentType, ctype)
		h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="sitrep-export-%s.%s"`, now.UTC().Format("20060102T150405Z"), format))
		h.Set("Cache-Control", "no-store")
	}}
	if c.Request().Method == http.MethodHead {
		// The headers a GET would have, without running the export.
		w.header(c.Response().Header())
		return c.NoContent(http.StatusOK)
	}
	err = WriteExport(c.Request().Context(), w, a.s, req, ExportOptions{
		Format: format, Params: params, Version: a.version, Now: now, BOM: bom, Base: a.base(c),
	})
	if err != nil && w.started && !errors.Is(err, context.Canceled) && !errors.Is(c.Request().Context().Err(), context.Canceled) {
		// The answer is under way, so the error handler will not log it;
		// a client that went away is no fault.
		a.logger.WarnContext(c.Request().Context(), "export stopped", slog.String("uri", c.Request().RequestURI), slog.Any("error", err))
	}
	return err
}

// writeDeadlineMargin is the time an export's connection is given beyond
// its limit, to write the line saying it was stopped.
const writeDeadlineMargin = 5 * time.Second

// exportResponse writes an export to the client, setting its headers and
// the status 200 at the first write: an export refused before that (a
// mistake in the search) is answered by the error handler instead.
type exportResponse struct {
	c       echo.Context
	header  func(http.Header)
	started bool
}

func (w *exportResponse) Write(p []byte) (int, error) {
	if !w.started {
		w.started = true
		w.header(w.c.Response().Header())
		w.c.Response().WriteHeader(http.StatusOK)
	}
	return w.c.Response().Write(p)
}

// Flush sends what was written to the client.
func (w *exportResponse) Flush() {
	if w.started {
		w.c.Response().Flush()
	}
}

// exportPath is the route of the export.
const exportPath = "/api/export"
