package registry_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/parse"
	"github.com/sitrep/sitrep/index/registry"
)

// extractor returns the entity extractor, loaded once for the package's
// tests.
var extractor = sync.OnceValues(entity.New)

func mustExtractor(tb testing.TB) *entity.Extractor {
	tb.Helper()
	x, err := extractor()
	if err != nil {
		tb.Fatal(err)
	}
	return x
}

// fixtures returns the articles of testdata/registry/articles.jsonl by
// the last element of their URL, read afresh for each call.
func fixtures(tb testing.TB) map[string]*index.Article {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "registry", "articles.jsonl")
	out := map[string]*index.Article{}
	for rec, err := range parse.Read(context.Background(), []parse.Input{{Path: path, Format: parse.JSONLines}}, nil) {
		if err != nil {
			tb.Fatal(err)
		}
		out[rec.Article.URL[strings.LastIndexByte(rec.Article.URL, '/')+1:]] = rec.Article
	}
	if len(out) < 12 {
		tb.Fatalf("read %d articles from %s, want 12", len(out), path)
	}
	return out
}

// write extracts the entities of the named fixtures and writes them to
// ix, one Flush for all of them.
func write(tb testing.TB, ix *index.Index, fx map[string]*index.Article, names ...string) {
	tb.Helper()
	x := mustExtractor(tb)
	articles := make([]*index.Article, len(names))
	for i, n := range names {
		a, ok := fx[n]
		if !ok {
			tb.Fatalf("no fixture %q", n)
		}
		index.Entities(x, a, true)
		articles[i] = a
	}
	indextest.Add(tb, ix, articles...)
}

// facets returns the people, places and organisations of the stored
// article whose URL ends in name, as one list.
func facets(tb testing.TB, ix *index.Index, name string) []string {
	tb.Helper()
	q := bleve.NewWildcardQuery("*/" + name)
	q.SetField(index.FieldURL)
	req := bleve.NewSearchRequest(q)
	req.Fields = []string{index.FieldPeople, index.FieldPlaces, index.FieldOrganisations}
	res, err := ix.Bleve().Search(req)
	if err != nil || len(res.Hits) != 1 {
		tb.Fatalf("look up the article %q: %d hits, %v", name, len(res.Hits), err)
	}
	a := index.ArticleFromFields(res.Hits[0].Fields)
	return slices.Concat(a.People, a.Places, a.Organisations)
}

// writeBatches writes the named fixtures to a new index, one Flush per
// batch.
func writeBatches(tb testing.TB, batches [][]string) *index.Index {
	tb.Helper()
	ix := indextest.New(tb)
	fx := fixtures(tb)
	for _, b := range batches {
		write(tb, ix, fx, b...)
	}
	return ix
}

func mustRegistry(tb testing.TB, ix *index.Index) *registry.Registry {
	tb.Helper()
	reg, err := ix.Registry(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

// joins returns the names joined to the person name, with why.
func joins(tb testing.TB, reg *registry.Registry, name string) []registry.Join {
	tb.Helper()
	e, ok := reg.Entity(entity.ID(entity.Person, name))
	if !ok {
		return nil
	}
	return e.Joins
}

var kirkJoins = []registry.Join{
	{Name: "Jim Kirk", Articles: 1, Why: "short form of the given name of James Kirk, both titled Rear Adm."},
	{Name: "Kirk", Articles: 1, Why: "surname of James Kirk, both named beside Carrier Strike Group 11"},
}

func TestJoinsInAnyOrder(t *testing.T) {
	tests := []struct {
		name    string
		batches [][]string
	}{
		{"full name first", [][]string{{"kirk-full"}, {"kirk-short"}, {"kirk-surname"}}},
		{"surname first", [][]string{{"kirk-surname"}, {"kirk-short"}, {"kirk-full"}}},
		{"short name first", [][]string{{"kirk-short"}, {"kirk-surname"}, {"kirk-full"}}},
		{"in one batch", [][]string{{"kirk-surname", "kirk-short", "kirk-full"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := writeBatches(t, tt.batches)
			for _, n := range []string{"kirk-full", "kirk-short", "kirk-surname"} {
				if got := facets(t, ix, n); !slices.Contains(got, "James Kirk") || slices.Contains(got, "Jim Kirk") || slices.Contains(got, "Kirk") {
					t.Errorf("%s: facets %q, want James Kirk and neither Jim Kirk nor Kirk", n, got)
				}
			}
			reg := mustRegistry(t, ix)
			if diff := cmp.Diff(kirkJoins, joins(t, reg, "James Kirk")); diff != "" {
				t.Errorf("joins of James Kirk (-want +got):\n%s", diff)
			}
			e, _ := reg.Entity(entity.ID(entity.Person, "James Kirk"))
			if e.Articles != 3 {
				t.Errorf("James Kirk is named in %d articles, want 3", e.Articles)
			}
		})
	}
}

// TestAcronymsAcrossArticles: an acronym alone joins the name another
// article defined with it, in any order, and an acronym two articles
// define differently joins neither (homonyms stay apart), also when the
// second definition comes after the join was made.
func TestAcronymsAcrossArticles(t *testing.T) {
	ahda := []registry.Join{{Name: "AHDA", Articles: 1, Why: "acronym of Ardent Harbour Defence Agency, defined so in another article"}}
	tests := []struct {
		name    string
		batches [][]string
		// joined: whether the bare TRF joins the Tarsin Relief Fund.
		trfJoined bool
	}{
		{"definition first", [][]string{{"ahda-def"}, {"ahda-bare"}, {"trf-relief"}, {"trf-bare"}}, true},
		{"acronym first", [][]string{{"ahda-bare"}, {"ahda-def"}, {"trf-bare"}, {"trf-relief"}}, true},
		{"in one batch", [][]string{{"ahda-bare", "ahda-def", "trf-bare", "trf-relief"}}, true},
		{"a homonym defined later", [][]string{{"ahda-def", "ahda-bare", "trf-relief", "trf-bare"}, {"trf-rifles"}}, false},
		{"homonyms in one batch", [][]string{{"ahda-def", "ahda-bare", "trf-relief", "trf-rifles", "trf-bare"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := writeBatches(t, tt.batches)
			if got := facets(t, ix, "ahda-bare"); !slices.Equal(got, []string{"Ardent Harbour Defence Agency"}) {
				t.Errorf("ahda-bare: facets %q, want the Ardent Harbour Defence Agency", got)
			}
			reg := mustRegistry(t, ix)
			e, _ := reg.Entity(entity.ID(entity.Organisation, "Ardent Harbour Defence Agency"))
			if diff := cmp.Diff(ahda, e.Joins); diff != "" {
				t.Errorf("joins of the Ardent Harbour Defence Agency (-want +got):\n%s", diff)
			}
			if e.Articles != 2 {
				t.Errorf("the Ardent Harbour Defence Agency is named in %d articles, want 2", e.Articles)
			}
			want := []string{"TRF"}
			if tt.trfJoined {
				want = []string{"Tarsin Relief Fund"}
			}
			if got := facets(t, ix, "trf-bare"); !slices.Equal(got, want) {
				t.Errorf("trf-bare: facets %q, want %q", got, want)
			}
		})
	}
}

// TestLabelsAcrossArticles: a speaker's label ("MR VALCOURT:") joins the
// one full name of its surname when its publisher names that person with
// a title elsewhere, in any order; the join is undone when that article
// goes. Same surnames stay apart when the label's publisher is another
// ("MR BRANDT:" of the Tovar Gazette, "Spokesperson Dana Brandt" of the
// Ardent Ministry) or names the person with no title ("Luis Ortiz, who
// fishes").
func TestLabelsAcrossArticles(t *testing.T) {
	valcourt := []registry.Join{{Name: "Valcourt", Articles: 1,
		Why: "surname of Henri Valcourt, a label of Ardent Ministry, which names Henri Valcourt with a title"}}
	tests := []struct {
		name    string
		batches [][]string
	}{
		{"label first", [][]string{{"valcourt-briefing", "brandt-briefing", "ortiz-briefing"}, {"valcourt-titled", "brandt-titled", "ortiz-untitled"}}},
		{"titled name first", [][]string{{"valcourt-titled", "brandt-titled", "ortiz-untitled"}, {"valcourt-briefing", "brandt-briefing", "ortiz-briefing"}}},
		{"in one batch", [][]string{{"valcourt-briefing", "valcourt-titled", "brandt-briefing", "brandt-titled", "ortiz-briefing", "ortiz-untitled"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := writeBatches(t, tt.batches)
			for n, want := range map[string][]string{
				"valcourt-briefing": {"Henri Valcourt"}, "brandt-briefing": {"Brandt"}, "ortiz-briefing": {"Ortiz"},
				"brandt-titled": {"Dana Brandt"}, "ortiz-untitled": {"Luis Ortiz"},
			} {
				if got := facets(t, ix, n); !slices.Equal(got, want) {
					t.Errorf("%s: facets %q, want %q", n, got, want)
				}
			}
			reg := mustRegistry(t, ix)
			if diff := cmp.Diff(valcourt, joins(t, reg, "Henri Valcourt")); diff != "" {
				t.Errorf("joins of Henri Valcourt (-want +got):\n%s", diff)
			}
			if got := joins(t, reg, "Dana Brandt"); got != nil {
				t.Errorf("joins of Dana Brandt: %+v, want none", got)
			}
		})
	}
	t.Run("undone when the titled article goes", func(t *testing.T) {
		ix := writeBatches(t, [][]string{{"valcourt-briefing", "valcourt-titled"}})
		fx := fixtures(t)
		if ok, err := ix.Delete(context.Background(), fx["valcourt-titled"].SetID()); err != nil || !ok {
			t.Fatalf("delete valcourt-titled: %v, %v", ok, err)
		}
		if got := facets(t, ix, "valcourt-briefing"); !slices.Equal(got, []string{"Valcourt"}) {
			t.Errorf("valcourt-briefing: facets %q, want Valcourt alone", got)
		}
	})
}

// TestOwnCorpus ingests testdata/registry through the real pipeline and
// checks every article's facets: variants are one entity, homonyms
// several, and a surname two full names fit joins neither.
func TestOwnCorpus(t *testing.T) {
	ix := indextest.New(t)
	fx := fixtures(t)
	var all []string
	for n := range fx {
		all = append(all, n)
	}
	slices.Sort(all)
	write(t, ix, fx, all...)
	want := map[string][]string{
		"kirk-full":     {"James Kirk", "San Diego", "Carrier Strike Group 11", "Destroyer Squadron 9"},
		"kirk-short":    {"James Kirk", "Gulf of Oman", "Carrier Strike Group 11"},
		"kirk-surname":  {"James Kirk", "Bahrain", "Manama", "Carrier Strike Group 11"},
		"smith-farmer":  {"John Smith", "Kansas"},
		"smith-general": {"Robert Smith", "Camp Humphreys", "US Forces Korea"},
		"smith-bare":    {"Smith", "Camp Humphreys"},                            // two Smiths fit: neither
		"vance-full":    {"Patricia Vance", "Georgia", "3rd Infantry Division"}, // no evidence: apart
		"vance-bakery":  {"Vance", "Dayton"},
		"zelensky-1":    {"Volodymyr Zelensky", "Kyiv"},
		"zelensky-2":    {"Volodymyr Zelensky", "Kyiv"},
		"basra-curated": {"Basra"},
		"basra-text":    {"Baghdad", "Basra"},
		"ahda-bare":     {"Ardent Harbour Defence Agency"}, // defined in ahda-def
		"trf-bare":      {"TRF"},                           // defined two ways: neither
		// A publisher's speaker label joins the person it names with a
		// title; a label of another publisher, or a name it gives no
		// title, stays apart.
		"valcourt-briefing": {"Henri Valcourt"},
		"brandt-briefing":   {"Brandt"},
		"ortiz-briefing":    {"Ortiz"},
	}
	for n, w := range want {
		if diff := cmp.Diff(w, facets(t, ix, n)); diff != "" {
			t.Errorf("%s: facets (-want +got):\n%s", n, diff)
		}
	}
	reg := mustRegistry(t, ix)
	if s := reg.Stats(); s.Joins != 4 {
		t.Errorf("stats %+v: want the 2 names joined to James Kirk, AHDA to its definition and Valcourt to Henri Valcourt", s)
	}
	var smiths []string
	for _, e := range reg.Find("smith", 0) {
		smiths = append(smiths, e.Name)
	}
	if diff := cmp.Diff([]string{"John Smith", "Robert Smith", "Smith"}, smiths); diff != "" {
		t.Errorf("Find(smith): the people of that surname (-want +got):\n%s", diff)
	}
	if e, ok := reg.Entity(entity.ID(entity.Place, "Basra")); !ok || !slices.Contains(e.Aliases, registry.Alias{Text: "Basrah", Articles: 1}) {
		t.Errorf("Basra: %+v, want Basrah among the forms written", e)
	}
}

// TestIncrementalIngest writes into one index directory in two runs,
// with a restart between them, and checks that the registry's file is
// loaded when current and rebuilt, identical, when missing, damaged or
// older than the index.
func TestIncrementalIngest(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "ix")
	file := filepath.Join(dir, registry.FileName)
	open := func() *index.Index {
		t.Helper()
		ix, err := index.Open(ctx, dir, index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	fx := fixtures(t)

	ix := open()
	write(t, ix, fx, "kirk-surname", "smith-farmer")
	if got := facets(t, ix, "kirk-surname"); !slices.Contains(got, "Kirk") {
		t.Errorf("alone, the surname is its own entity: %q", got)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("no registry file after the first run: %v", err)
	}

	ix = open()
	write(t, ix, fx, "kirk-full")
	if got := facets(t, ix, "kirk-surname"); !slices.Contains(got, "James Kirk") {
		t.Errorf("the first run's article did not join the second's James Kirk: %q", got)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	// A current file is loaded: plant one at the index's generation that
	// names someone no article does.
	reg, err := registry.Decode(after)
	if err != nil {
		t.Fatal(err)
	}
	planted := registry.New()
	planted.Apply(reg.Gen(), nil, [][]registry.Named{{{Kind: entity.Person, Name: "Planted Person", Resolved: "Planted Person"}}})
	if err := planted.Save(file); err != nil {
		t.Fatal(err)
	}
	ix = open()
	if _, ok := mustRegistry(t, ix).Entity(entity.ID(entity.Person, "Planted Person")); !ok {
		t.Error("a registry file at the index's generation was not loaded")
	}
	ix.Close()

	tests := []struct {
		name  string
		prime func() error
	}{
		{"missing", func() error { return os.Remove(file) }},
		{"stale", func() error { return os.WriteFile(file, before, 0o644) }},
		{"damaged", func() error {
			b := slices.Clone(after)
			b[len(b)/2] ^= 0xff
			return os.WriteFile(file, b, 0o644)
		}},
		{"truncated", func() error { return os.WriteFile(file, after[:len(after)/2], 0o644) }},
	}
	if reg.Unsettled() {
		t.Error("the registry saved after a write is unsettled")
	}
	rebuilt := asRebuilt(t, after)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.prime(); err != nil {
				t.Fatal(err)
			}
			ix := open()
			got, err := mustRegistry(t, ix).Encode()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, rebuilt) {
				t.Errorf("the registry rebuilt from the index (%d bytes) differs from the one written, unsettled (%d bytes)", len(got), len(rebuilt))
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			if saved, _ := os.ReadFile(file); !slices.Equal(saved, rebuilt) {
				t.Error("the rebuilt registry was not saved")
			}
		})
	}
}

// asRebuilt returns the registry file b as a rebuild from the index
// saves the same state: unsettled, every group awaiting an Evaluate.
func asRebuilt(tb testing.TB, b []byte) []byte {
	tb.Helper()
	r, err := registry.Decode(b)
	if err != nil {
		tb.Fatal(err)
	}
	r.SetUnsettled(true)
	out, err := r.Encode()
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestDeletesAndUpdates checks that deleting or rewriting an article
// undoes the joins it was the evidence or the target of, and keeps the
// counts exact.
func TestDeletesAndUpdates(t *testing.T) {
	ctx := context.Background()
	ix := indextest.New(t)
	fx := fixtures(t)
	write(t, ix, fx, "kirk-full", "kirk-short", "kirk-surname")

	// Without James Kirk, Jim Kirk is the one full name Kirk fits.
	if ok, err := ix.Delete(ctx, fx["kirk-full"].ID); err != nil || !ok {
		t.Fatalf("delete: %v, %v", ok, err)
	}
	for _, n := range []string{"kirk-short", "kirk-surname"} {
		if got := facets(t, ix, n); !slices.Contains(got, "Jim Kirk") {
			t.Errorf("%s after James Kirk's article was deleted: %q, want Jim Kirk", n, got)
		}
	}
	reg := mustRegistry(t, ix)
	if _, ok := reg.Entity(entity.ID(entity.Person, "James Kirk")); ok {
		t.Error("James Kirk is still an entity after his only article was deleted")
	}
	if e, _ := reg.Entity(entity.ID(entity.Person, "Jim Kirk")); e.Articles != 2 || len(e.Joins) != 1 || e.Joins[0].Name != "Kirk" {
		t.Errorf("Jim Kirk: %+v, want 2 articles and Kirk joined", e)
	}

	// The surname's article, rewritten without its evidence (Carrier
	// Strike Group 11), leaves the entity.
	fresh := fixtures(t) // fx's articles hold their facets now, which Entities would keep
	fresh["kirk-surname"].Body = "The commander met officials in Manama on Wednesday.\n\n\"We train together so that we can work together,\" Kirk said after the meeting."
	write(t, ix, fresh, "kirk-surname")
	if got := facets(t, ix, "kirk-surname"); !slices.Contains(got, "Kirk") {
		t.Errorf("rewritten without evidence: %q, want Kirk apart", got)
	}
	if s := mustRegistry(t, ix).Stats(); s.Articles != 2 || s.Joins != 0 {
		t.Errorf("stats %+v, want 2 articles and no join", s)
	}
}

// TestSampleCorpus indexes testdata/corpus through the real writer and
// checks the pairs of docs/ENTITIES.md: those whose articles give
// evidence are one facet value, also John Kirby and Kirby (the State
// Department transcript's "MR KIRBY:", whose publisher names him
// "Spokesperson John Kirby" in another article).
func TestSampleCorpus(t *testing.T) {
	ix := indextest.Corpus(t)
	req := bleve.NewSearchRequest(bleve.NewMatchAllQuery())
	req.Size = 0
	req.AddFacet("people", bleve.NewFacetRequest(index.FieldPeople, 1000))
	res, err := ix.Bleve().Search(req)
	if err != nil {
		t.Fatal(err)
	}
	people := map[string]int{}
	for _, tf := range res.Facets["people"].Terms.Terms() {
		people[tf.Term] = tf.Count
	}
	for _, pair := range []struct {
		full, short string
		joined      bool
	}{
		{"James Kirk", "Jim Kirk", true},
		{"Maximilian Clark", "Max Clark", true},
		{"John Kirby", "Kirby", true},
	} {
		if _, ok := people[pair.short]; ok == pair.joined {
			t.Errorf("people facet: %s is a value of its own: %v, want %v (values %d)", pair.short, ok, !pair.joined, len(people))
		}
		if people[pair.full] == 0 {
			t.Errorf("people facet lacks %s", pair.full)
		}
	}
	if people["James Kirk"] != 3 || people["Maximilian Clark"] != 2 || people["John Kirby"] != 4 {
		t.Errorf("James Kirk in %d articles, Maximilian Clark in %d, John Kirby in %d: want 3, 2 and 4", people["James Kirk"], people["Maximilian Clark"], people["John Kirby"])
	}
}

// TestReadWhileWriting reads entities, as the server does, while the
// writer joins and rewrites: run with -race.
func TestReadWhileWriting(t *testing.T) {
	ix := indextest.New(t)
	fx := fixtures(t)
	id := entity.ID(entity.Person, "James Kirk")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			reg, err := ix.Registry(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			reg.Entity(id)
			reg.Find("Kirk", 0)
			reg.Stats()
		}
	})
	for _, n := range []string{"kirk-surname", "kirk-short", "kirk-full", "smith-farmer"} {
		write(t, ix, fx, n)
	}
	if _, err := ix.Delete(context.Background(), fx["kirk-full"].ID); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	if e, ok := mustRegistry(t, ix).Entity(entity.ID(entity.Person, "Jim Kirk")); !ok || e.Articles != 2 {
		t.Errorf("after the writes, Jim Kirk: %+v, %v; want 2 articles", e, ok)
	}
}
