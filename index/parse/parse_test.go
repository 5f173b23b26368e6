package parse_test

import (
	"context"
	"encoding/json"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/parse"
)

// The real corpus, and the small fixtures of this package's tests.
const (
	corpusDir  = "../../testdata/corpus"
	seedPath   = corpusDir + "/wallander-iraq-kurdistan.txt"
	dvidsPath  = corpusDir + "/dvids.jsonl"
	re3dPath   = corpusDir + "/re3d-dev.jsonl"
	fixtureDir = "../../testdata/parse"
)

// fixture returns the path of a file or directory under testdata/parse,
// failing the test if it is not there.
func fixture(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(fixtureDir, filepath.FromSlash(name))
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("fixture: %v", err)
	}
	return p
}

// writeTemp writes content to a new file named name in a temporary
// directory and returns its path.
func writeTemp(tb testing.TB, name, content string) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// item is one step of a Read sequence: a record, or the error in its place.
type item struct {
	parse.Record
	Err *parse.RecordError
}

// collect drains a Read sequence, failing the test on an error that is not
// a *parse.RecordError.
func collect(tb testing.TB, seq iter.Seq2[parse.Record, error]) []item {
	tb.Helper()
	var items []item
	for rec, err := range seq {
		if err != nil {
			re, ok := err.(*parse.RecordError)
			if !ok {
				tb.Fatalf("Read yielded %T %v, want a *parse.RecordError", err, err)
			}
			items = append(items, item{Err: re})
			continue
		}
		if rec.Article == nil {
			tb.Fatalf("Read yielded a record with no article and no error: %+v", rec)
		}
		items = append(items, item{Record: rec})
	}
	return items
}

// readPaths expands paths and reads them all, failing the test if they
// expand to nothing.
func readPaths(tb testing.TB, stdin io.Reader, paths ...string) []item {
	tb.Helper()
	inputs, _, err := parse.Expand(paths)
	if err != nil {
		tb.Fatalf("Expand(%q): %v", paths, err)
	}
	if len(inputs) == 0 {
		tb.Fatalf("Expand(%q) found no inputs: the fixture matched nothing", paths)
	}
	return collect(tb, parse.Read(tb.Context(), inputs, stdin))
}

// readOne reads the single article in path, failing the test on anything
// else.
func readOne(tb testing.TB, path string) *index.Article {
	tb.Helper()
	items := readPaths(tb, nil, path)
	if len(items) != 1 || items[0].Err != nil {
		tb.Fatalf("read %s: got %d items (%v), want one article", path, len(items), outcomes(items, nil))
	}
	return items[0].Article
}

// outcome is what most tests check of an item: where it is, and the
// article's title or the error's message.
type outcome struct {
	File  string
	Line  int
	Title string // the article's title; "" for an error
	Err   string // the error's message (without file and line); "" for an article
}

// outcomes summarises items. An error message that contains the Err of the
// matching wanted outcome is shortened to it, so that a diff shows only
// messages that do not say what the test expects.
func outcomes(items []item, want []outcome) []outcome {
	var got []outcome
	for i, it := range items {
		if it.Err == nil {
			got = append(got, outcome{File: it.File, Line: it.Line, Title: it.Article.Title})
			continue
		}
		msg := it.Err.Err.Error()
		if i < len(want) && want[i].Err != "" && strings.Contains(msg, want[i].Err) {
			msg = want[i].Err
		}
		got = append(got, outcome{File: it.Err.File, Line: it.Err.Line, Err: msg})
	}
	return got
}

// inFile sets the File of each outcome to file.
func inFile(file string, outs ...outcome) []outcome {
	for i := range outs {
		outs[i].File = file
	}
	return outs
}

// articles returns the articles among items.
func articles(items []item) []*index.Article {
	var as []*index.Article
	for _, it := range items {
		if it.Err == nil {
			as = append(as, it.Article)
		}
	}
	return as
}

func date(y int, m time.Month, d, h, min int) *time.Time {
	t := time.Date(y, m, d, h, min, 0, 0, time.UTC)
	return &t
}

func count(list []string, s string) int {
	n := 0
	for _, v := range list {
		if v == s {
			n++
		}
	}
	return n
}

func TestReadSeed(t *testing.T) {
	t.Parallel()
	const (
		standfirst = "United States Assistant Defense Secretary for International Security Affairs Celeste Wallander met with senior officials last week to reaffirm US support for Iraq and Iraqi Kurdistan."
		photoText  = "Iraqi forces and Kurdish Peshmerga fighters gather during an intensive security deployment after Islamic State militants took it over the previous day in Luhaiban village in Kirkuk, Iraq, December 6, 2021."
		photo      = photoText + " (photo credit: REUTERS/AKO RASHEED)"
		portrait   = "United States Assistant Secretary of Defense for International Security Affairs Celeste Wallander (credit: UNITED STATES DEPARTMENT OF DEFENSE/PUBLIC DOMAIN/VIA WIKIMEDIA COMMONS)"
		pullQuote  = `"For decades, we have worked together based on shared objectives and a common commitment to the mandate that all people deserve dignity, security and the right to seek a better future."`
		quoted     = `"For decades, we have worked together based on shared objectives and a common commitment to the mandate that all people deserve dignity, security and the right to seek a better future," Wallander said during the signing ceremony for the memorandum.`
		attributed = "Celeste Wallander, US Assistant Secretary of Defense for International Security Affairs"
		subHeading = "ISIS is America's top priority in the region"
	)
	a := readOne(t, seedPath)
	paras := a.Paragraphs()
	if len(paras) == 0 {
		t.Fatalf("seed article has no body: %+v", a)
	}
	var decades []string
	for _, p := range paras {
		if strings.Contains(p, "For decades") {
			decades = append(decades, p)
		}
	}
	body := strings.ToLower(a.Body)

	tests := []struct {
		name      string
		got, want any
	}{
		{"title", a.Title, "US reaffirms commitment to assist Iraq and Kurdistan in fight against ISIS"},
		{"source from front matter", a.Source, "The Jerusalem Post"},
		{"standfirst is the summary", a.Summary, standfirst},
		{"standfirst not repeated in body", strings.Contains(a.Body, standfirst), false},
		{"captions, each once", a.Captions, []string{photo, portrait}},
		{"photo caption once", count(a.Captions, photo), 1},
		{"photo caption text not in body", strings.Contains(a.Body, photoText), false},
		{"portrait caption once", count(a.Captions, portrait), 1},
		{"no photo credit in body", strings.Contains(body, "(photo credit"), false},
		{"no credit in body", strings.Contains(body, "(credit:"), false},
		{"pull quote kept once, as the full paragraph", decades, []string{quoted}},
		{"pull quote paragraph dropped", count(paras, pullQuote), 0},
		{"attribution line dropped", strings.Contains(a.Body, attributed), false},
		{"sub-heading kept as a paragraph", count(paras, subHeading), 1},
		// Counted by hand: after the title the file has 16 blank-line
		// separated blocks; the standfirst (the summary), the two caption
		// blocks, the pull quote and its attribution line are not body
		// paragraphs: 11 remain.
		{"body paragraphs", len(paras), 11},
		{"first paragraph", paras[0], "United States Assistant Secretary of Defense for International Security Affairs Celeste Wallander met with top Iraqi officials last week to underscore America's commitment to its alliance with the country and to defeating the Islamic State terrorist organization, the Department of Defense confirmed on Tuesday."},
		{"last paragraph", paras[len(paras)-1], `"We must continue to work together to protect the gains made against ISIS and set the conditions for the next phase of the fight by denying ISIS even the smallest opportunity to resurge," Wallander added. "This MOU will guide the Department of Defense's future assistance to the peshmerga, which is a pillar of the department’s broader ‘D[efeat]-ISIS' partnership with the government of Iraq."`},
		{"no URL", a.URL, ""},
		{"no date", a.Published == nil, true},
		{"no ID yet", a.ID, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("seed article (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadSeedVariants checks that the seed article reads the same with
// other line endings, a byte-order mark or a Markdown title.
func TestReadSeedVariants(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	seed := string(raw)
	markdown := strings.Replace(seed, "---\nUS reaffirms", "---\n# US reaffirms", 1)
	if markdown == seed {
		t.Fatal("the seed's title line was not found")
	}
	want := readOne(t, seedPath)
	tests := []struct {
		name, file, content string
	}{
		{"CRLF line endings", "seed.txt", strings.ReplaceAll(seed, "\n", "\r\n")},
		{"byte-order mark", "seed.txt", "\ufeff" + seed},
		{"Markdown title", "seed.md", markdown},
		{"sniffed, no extension", "seed", seed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readOne(t, writeTemp(t, tt.file, tt.content))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("article (-seed +variant):\n%s", diff)
			}
		})
	}
}

// rawRecord is the part of a corpus JSON Lines record the tests check the
// parsed article against.
type rawRecord struct {
	Title     string  `json:"title"`
	Body      string  `json:"body"`
	URL       string  `json:"url"`
	Source    string  `json:"source"`
	Published *string `json:"published"`
}

// rawLines decodes every line of a corpus JSON Lines file, by line number.
func rawLines(tb testing.TB, path string) map[int]rawRecord {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	records := make(map[int]rawRecord)
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var r rawRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			tb.Fatalf("%s:%d: %v", path, i+1, err)
		}
		records[i+1] = r
	}
	return records
}

func TestReadCorpus(t *testing.T) {
	t.Parallel()
	inputs, skipped, err := parse.Expand([]string{corpusDir})
	if err != nil {
		t.Fatal(err)
	}
	wantInputs := []parse.Input{
		{Path: dvidsPath, Format: parse.JSONLines, Size: fileSize(t, dvidsPath)},
		{Path: re3dPath, Format: parse.JSONLines, Size: fileSize(t, re3dPath)},
		{Path: seedPath, Format: parse.Text, Size: fileSize(t, seedPath)},
	}
	if diff := cmp.Diff(wantInputs, inputs); diff != "" || skipped != 0 {
		t.Fatalf("Expand(%q): skipped %d, inputs (-want +got):\n%s", corpusDir, skipped, diff)
	}
	items := collect(t, parse.Read(t.Context(), inputs, nil))
	byFile := make(map[string][]item)
	for _, it := range items {
		if it.Err != nil {
			t.Errorf("unexpected error: %v", it.Err)
			continue
		}
		byFile[it.File] = append(byFile[it.File], it)
	}
	if len(items) != 108 {
		t.Errorf("read %d items, want 108", len(items))
	}

	// Where the dates come from: every dvids record has one in its
	// metadata; of the 45 re3d records none does, and the 21 from
	// state.gov get one from their URL (/2016/10/). With the seed (no
	// date), 62 of the 108 articles have a date in their metadata, and 83
	// have one after findDate.
	tests := []struct {
		name    string
		file    string
		count   int
		sources map[string]int // records by date source ("" for none)
	}{
		{"dvids", dvidsPath, 62, map[string]int{index.DateFromMetadata: 62}},
		{"re3d", re3dPath, 45, map[string]int{index.DateFromURL: 21, "": 24}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := rawLines(t, tt.file)
			got := byFile[tt.file]
			sources := map[string]int{}
			defer func() {
				if diff := cmp.Diff(tt.sources, sources); diff != "" {
					t.Errorf("records by date source (-want +got):\n%s", diff)
				}
			}()
			if len(got) != tt.count || len(raw) != tt.count {
				t.Fatalf("%d records read from %d lines, want %d", len(got), len(raw), tt.count)
			}
			for i, it := range got {
				a, r := it.Article, raw[it.Line]
				if it.Line != i+1 {
					t.Errorf("record %d: Line = %d, want %d", i, it.Line, i+1)
				}
				if a.Title == "" || a.Body == "" || a.URL == "" || a.Source == "" {
					t.Errorf("%s:%d: missing title, body, url or source: %+v", tt.name, it.Line, a)
				}
				want := rawRecord{Title: strings.Join(strings.Fields(r.Title), " "), URL: r.URL, Source: r.Source}
				gotRaw := rawRecord{Title: a.Title, URL: a.URL, Source: a.Source}
				if diff := cmp.Diff(want, gotRaw); diff != "" {
					t.Errorf("%s:%d: (-want +got):\n%s", tt.name, it.Line, diff)
				}
				if (a.Published != nil) != (a.DateSource != "") || (r.Published != nil) != (a.DateSource == index.DateFromMetadata) {
					t.Errorf("%s:%d: Published = %v from %q, given %v", tt.name, it.Line, a.Published, a.DateSource, r.Published)
				}
				sources[a.DateSource]++
				if r.Published != nil && a.Published != nil {
					if got := a.Published.Format(time.DateOnly); got != *r.Published || a.Published.Location() != time.UTC {
						t.Errorf("%s:%d: Published = %v, want %s UTC", tt.name, it.Line, a.Published, *r.Published)
					}
				}
				for j, p := range a.Paragraphs() {
					if p == "" || p != strings.TrimSpace(p) || strings.Contains(p, "\n") {
						t.Errorf("%s:%d: paragraph %d is not one trimmed line: %q", tt.name, it.Line, j, p)
					}
				}
			}
		})
	}

	t.Run("seed", func(t *testing.T) {
		if n := len(byFile[seedPath]); n != 1 {
			t.Fatalf("%d articles from the seed, want 1", n)
		}
	})

	t.Run("dvids record details", func(t *testing.T) {
		got := byFile[dvidsPath]
		if len(got) < 3 {
			t.Fatalf("%d dvids records, want at least 3", len(got))
		}
		first := got[0].Article
		paras := first.Paragraphs()
		if len(paras) < 2 {
			t.Fatalf("first dvids record has %d paragraphs, want at least 2", len(paras))
		}
		checks := []struct {
			name      string
			got, want any
		}{
			{"first title", first.Title, "Ronald Reagan Carrier Strike Group Operates with JMSDF"},
			{"first published", first.Published, date(2021, time.June, 1, 0, 0)},
			{"third published", got[2].Article.Published, date(2023, time.April, 16, 0, 0)},
			{"first paragraph count", len(paras), 11},
			// The body has "USNS Charles Drew \n(T-AKE 10). ": a wrapped line.
			{"wrapped line joined", paras[1], "In addition to aircraft carrier Ronald Reagan, CSG 5 consists of aircraft from the embarked Carrier Air Wing (CVW) 5, the Ticonderoga-class guided-missile cruiser USS Shiloh (CG 67), the Henry J. Kaiser-class underway replenishment oiler USNS Pecos (T-AO 197), and the Lewis and Clark-class dry cargo ship USNS Charles Drew (T-AKE 10)."},
			{"no paragraph starts with (", strings.Contains("\n\n"+first.Body, "\n\n("), false},
			{"trailing spaces trimmed", paras[0], "PHILIPPINE SEA – Ships and aircraft from the USS Ronald Reagan (CVN 76) Carrier Strike Group (CSG) 5 and Japan Maritime Self-Defense Force (JMSDF) conducted integrated operations that concluded May 29."},
			{"no authors", first.Authors, []string(nil)},
		}
		for _, c := range checks {
			t.Run(c.name, func(t *testing.T) {
				if diff := cmp.Diff(c.want, c.got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	})
}

func fileSize(tb testing.TB, path string) int64 {
	tb.Helper()
	info, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return info.Size()
}

// lineEnds returns the byte offset just past each line of the file at path.
func lineEnds(tb testing.TB, path string) []int64 {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var ends []int64
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, int64(i+1))
		}
	}
	return ends
}

func TestReadProgress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		paths []string
	}{
		{"corpus", []string{corpusDir}},
		{"every format", []string{fixture(t, "tree")}},
		{"corpus files in another order", []string{seedPath, re3dPath, dvidsPath}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, _, err := parse.Expand(tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			var total int64
			for _, in := range inputs {
				total += in.Size
			}
			items := readPaths(t, nil, tt.paths...)
			var last int64
			for _, it := range items {
				if it.Err != nil {
					t.Fatalf("unexpected error: %v", it.Err)
				}
				if it.Read <= last || it.Read > total {
					t.Errorf("%s:%d: Read = %d after %d, want it to increase up to %d", it.File, it.Line, it.Read, last, total)
				}
				last = it.Read
			}
			if last != total {
				t.Errorf("last Read = %d, want the total size %d", last, total)
			}
		})
	}

	// Within a JSON Lines file, Read is the offset of the end of the
	// record's line.
	t.Run("JSON Lines offsets", func(t *testing.T) {
		ends := lineEnds(t, dvidsPath)
		for _, it := range readPaths(t, nil, dvidsPath) {
			if want := ends[it.Line-1]; it.Read != want {
				t.Errorf("line %d: Read = %d, want %d", it.Line, it.Read, want)
			}
		}
	})
}

func TestReadStopsEarly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		paths   []string
		after   int  // stop after this many items
		cancel  bool // stop by cancelling the context, else by breaking the loop
		wantLen int
	}{
		{"cancelled before reading", []string{corpusDir}, 0, true, 0},
		{"cancelled after a JSON Lines record", []string{corpusDir}, 1, true, 1},
		{"cancelled later in JSON Lines", []string{dvidsPath}, 5, true, 5},
		{"cancelled inside a JSON array", []string{fixture(t, "array.json")}, 1, true, 1},
		{"cancelled between inputs", []string{seedPath, fixture(t, "single.json"), dvidsPath}, 1, true, 1},
		{"cancelled after an error", []string{fixture(t, "errors.jsonl")}, 2, true, 2},
		{"break in JSON Lines", []string{corpusDir}, 1, false, 1},
		{"break in a JSON array", []string{fixture(t, "array.json")}, 2, false, 2},
		{"break on a text article", []string{seedPath, dvidsPath}, 1, false, 1},
		{"break on an error", []string{fixture(t, "errors.jsonl")}, 2, false, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, _, err := parse.Expand(tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if tt.after == 0 {
				cancel()
			}
			n := 0
			for range parse.Read(ctx, inputs, nil) {
				n++
				if n == tt.after {
					if !tt.cancel {
						break
					}
					cancel()
				}
			}
			if n != tt.wantLen {
				t.Errorf("got %d items, want %d", n, tt.wantLen)
			}
		})
	}
}
