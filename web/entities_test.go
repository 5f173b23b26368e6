package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index/entity"
)

// idFacetValue is a facet value as the API gives it, with its id.
type idFacetValue struct {
	Value, ID, Name string
	Count           int
	Selected        bool
}

type entityRef struct{ ID, Name string }

// idSearchAnswer is a search answer with the entities' ids.
type idSearchAnswer struct {
	Total int `json:"total"`
	Hits  []struct {
		ID            string
		People        []string
		Places        []string
		Organisations []string
		Entities      map[string][]entityRef
	} `json:"hits"`
	Facets map[string][]idFacetValue `json:"facets"`
}

// entityFacets are the entity facets, their filter parameters and kinds.
var entityFacets = []struct {
	facet, param string
	kind         entity.Kind
}{
	{"people", "person", entity.Person},
	{"places", "place", entity.Place},
	{"organisations", "organisation", entity.Organisation},
}

// topValue returns the most frequent value of a facet over the corpus.
func topValue(t *testing.T, facet string) idFacetValue { return facetTop(t, "", facet) }

// datedValue returns the most frequent value of a facet among dated
// articles: the sample corpus has many undated ones.
func datedValue(t *testing.T, facet string) idFacetValue { return facetTop(t, "&from=1970", facet) }

// facetTop returns the most frequent value of a facet in the search with
// the parameters params.
func facetTop(t *testing.T, params, facet string) idFacetValue {
	t.Helper()
	var all idSearchAnswer
	get(t, "/api/search?size=1"+params, &all)
	if len(all.Facets[facet]) == 0 {
		t.Fatalf("no article of /api/search?%s has %s", params, facet)
	}
	return all.Facets[facet][0]
}

func TestAPIEntityIDs(t *testing.T) {
	var got idSearchAnswer
	if res := get(t, "/api/search?size=20", &got); res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, ef := range entityFacets {
		if len(got.Facets[ef.facet]) == 0 {
			t.Fatalf("no %s facet values", ef.facet)
		}
		for _, v := range got.Facets[ef.facet] {
			if v.ID != entity.ID(ef.kind, v.Value) || v.Name != v.Value {
				t.Errorf("%s value %+v: want id %s and name %q", ef.facet, v, entity.ID(ef.kind, v.Value), v.Value)
			}
		}
	}
	for _, v := range got.Facets["sources"] {
		if v.ID != "" || v.Name != "" {
			t.Errorf("source %+v has an entity id or name", v)
		}
	}
	refs := 0
	for _, h := range got.Hits {
		for _, ef := range entityFacets {
			names := map[string][]string{"people": h.People, "places": h.Places, "organisations": h.Organisations}[ef.facet]
			want := make([]entityRef, len(names))
			for i, n := range names {
				want[i] = entityRef{ID: entity.ID(ef.kind, n), Name: n}
			}
			if diff := cmp.Diff(want, h.Entities[ef.facet]); diff != "" {
				t.Errorf("hit %s entities.%s (-want +got):\n%s", h.ID, ef.facet, diff)
			}
			refs += len(want)
		}
	}
	if refs == 0 {
		t.Error("no hit has entities: the test checks nothing")
	}

	// The facet endpoint and the article carry ids too.
	var fr struct{ Values []idFacetValue }
	get(t, "/api/facets/people?size=5", &fr)
	if len(fr.Values) == 0 || fr.Values[0].ID != entity.ID(entity.Person, fr.Values[0].Value) {
		t.Errorf("/api/facets/people values %+v, want ids", fr.Values)
	}
	var art struct {
		People   []string
		Entities map[string][]entityRef
	}
	get(t, "/api/articles/"+url.PathEscape(got.Hits[0].ID), &art)
	if len(art.Entities["people"]) != len(art.People) {
		t.Errorf("article entities %+v, people %q", art.Entities, art.People)
	}
}

func TestAPIFilterByID(t *testing.T) {
	for _, ef := range entityFacets {
		t.Run(ef.facet, func(t *testing.T) {
			top := topValue(t, ef.facet)
			for _, path := range []string{"/api/search?size=50&", "/api/facets/" + ef.facet + "?"} {
				var byName, byID any
				rn := get(t, path+ef.param+"="+url.QueryEscape(top.Value), &byName)
				ri := get(t, path+ef.param+"="+top.ID, &byID)
				if rn.StatusCode != http.StatusOK || ri.StatusCode != http.StatusOK {
					t.Fatalf("%s: status %d by name, %d by id", path, rn.StatusCode, ri.StatusCode)
				}
				// took_ms differs between two runs; nothing else may.
				for _, a := range []any{byName, byID} {
					if m, ok := a.(map[string]any); ok {
						delete(m, "took_ms")
					}
				}
				if diff := cmp.Diff(byName, byID); diff != "" {
					t.Errorf("%s filtered by id differs from by name (-name +id):\n%s", path, diff)
				}
			}
		})
	}
}

func TestAPIFilterByBadID(t *testing.T) {
	place := topValue(t, "places")
	tests := []struct {
		name, target string
		want         []string
	}{
		{"wrong kind", "/api/search?person=" + place.ID, []string{"id of a place (" + place.Value + ")", "place=" + place.ID}},
		{"unknown", "/api/search?organisation=o000000000000", []string{"no organisation in the index has that id"}},
		{"unknown, facet values", "/api/facets/people?place=l000000000000", []string{"no place in the index has that id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct{ Error string }
			if res := get(t, tt.target, &got); res.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", res.StatusCode)
			}
			for _, w := range tt.want {
				if !strings.Contains(got.Error, w) {
					t.Errorf("error %q lacks %q", got.Error, w)
				}
			}
		})
	}
}

// entityAnswer is the API's entity.
type entityAnswer struct {
	ID, Name, Type, Facet string
	Aliases               []struct {
		Name, Source, Reason string
		Count                int
	}
	Lat, Lon         *float64
	Country          string
	Articles         int
	FirstSeen        string `json:"first_seen"`
	LastSeen         string `json:"last_seen"`
	Timeline         []idFacetValue
	Recent, Relevant []struct{ ID string }
	Search           string
	CoMentioned      []coMention `json:"co_mentioned"`
}

// coMention is an entity of an entity's co_mentioned list.
type coMention struct {
	Facet, Value, ID string
	Count            int
	CorpusCount      int `json:"corpus_count"`
	Lift, Score      float64
	Search           string
}

// TestAPIEntityAliasesSeen checks the names the sample corpus's articles
// wrote for an entity, from the registry: counted, those written most
// first, and a name joined from other articles with why.
func TestAPIEntityAliasesSeen(t *testing.T) {
	var got entityAnswer
	if res := get(t, "/api/entities/"+entity.ID(entity.Person, "James Kirk"), &got); res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	var jim bool
	for i, a := range got.Aliases {
		if a.Name == "Jim Kirk" {
			jim = a.Source == "corpus" && a.Count == 2 && strings.Contains(a.Reason, "short form of the given name of James Kirk")
		}
		if i > 0 && a.Count > got.Aliases[i-1].Count {
			t.Errorf("aliases not most written first: %+v", got.Aliases)
		}
	}
	if !jim {
		t.Errorf("James Kirk's aliases %+v lack Jim Kirk, written in 2 articles and joined with a reason", got.Aliases)
	}
}

// TestAPIEntityCoMentioned checks the co-mentions of entities of the
// sample corpus: ranked by significance, never the entity itself, each
// counting exactly the articles its search link finds (those naming
// both), and over-represented (lift above 1).
func TestAPIEntityCoMentioned(t *testing.T) {
	tests := []struct {
		kind entity.Kind
		name string
		// with is an entity that must be among the co-mentions.
		with string
	}{
		{entity.Place, "Irbil", "Kurdistan Region"},
		{entity.Organisation, "Islamic State", ""},
		{entity.Person, "Celeste Wallander", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got entityAnswer
			if res := get(t, "/api/entities/"+entity.ID(tt.kind, tt.name), &got); res.StatusCode != http.StatusOK {
				t.Fatalf("status %d: is %q in the sample corpus?", res.StatusCode, tt.name)
			}
			if len(got.CoMentioned) == 0 {
				t.Fatalf("%q: no co-mentioned entity", tt.name)
			}
			found := tt.with == ""
			for i, m := range got.CoMentioned {
				found = found || m.Value == tt.with
				if m.ID == got.ID {
					t.Errorf("%q is listed as co-mentioned with itself", tt.name)
				}
				if k, ok := entity.ParseID(m.ID); !ok || entity.ID(k, m.Value) != m.ID {
					t.Errorf("co-mention %q has id %q, not its own", m.Value, m.ID)
				}
				if m.Count < 1 || m.Count > got.Articles || m.Count > m.CorpusCount || m.Lift <= 1 {
					t.Errorf("co-mention %+v of %q (%d articles): counts or lift out of bounds", m, tt.name, got.Articles)
				}
				if i > 0 && m.Score > got.CoMentioned[i-1].Score {
					t.Errorf("co-mentions not ranked by score: %v after %v", m.Score, got.CoMentioned[i-1].Score)
				}
				var both idSearchAnswer
				get(t, m.Search, &both)
				if both.Total != m.Count {
					t.Errorf("GET %s: %d articles name both, the co-mention says %d", m.Search, both.Total, m.Count)
				}
			}
			if !found {
				t.Errorf("%q: co-mentions %+v lack %q", tt.name, got.CoMentioned, tt.with)
			}
		})
	}
}

func TestAPIEntity(t *testing.T) {
	for _, ef := range entityFacets {
		t.Run(ef.facet, func(t *testing.T) {
			top := topValue(t, ef.facet)
			var got entityAnswer
			if res := get(t, "/api/entities/"+top.ID+"?size=2", &got); res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got.ID != top.ID || got.Name != top.Value || got.Type != ef.kind.String() || got.Facet != ef.facet || got.Articles != top.Count {
				t.Errorf("entity %+v, want %s %q, a %v of %s in %d articles", got, top.ID, top.Value, ef.kind, ef.facet, top.Count)
			}
			if len(got.Recent) == 0 || len(got.Recent) > 2 || len(got.Relevant) == 0 || len(got.Relevant) > 2 {
				t.Errorf("articles %d recent, %d relevant, want 1 or 2 of each", len(got.Recent), len(got.Relevant))
			}
			// Dated articles give a timeline and first and last seen.
			dated := len(got.Timeline) > 0
			if (got.FirstSeen != "") != dated || (got.LastSeen != "") != dated || got.FirstSeen > got.LastSeen {
				t.Errorf("timeline of %d bars, seen %q–%q", len(got.Timeline), got.FirstSeen, got.LastSeen)
			}
			// The search it links to finds its articles.
			var s idSearchAnswer
			get(t, got.Search, &s)
			if s.Total != top.Count {
				t.Errorf("GET %s: %d articles, want %d", got.Search, s.Total, top.Count)
			}
			if ef.kind == entity.Place && got.Country == "" {
				t.Errorf("place %q: no country, want the gazetteer's", got.Name)
			}
			if ef.kind != entity.Place && (got.Lat != nil || got.Lon != nil) {
				t.Errorf("%v %q has coordinates", ef.kind, got.Name)
			}
		})
	}
}

// TestAPIEntityGazetteer checks the gazetteer's facts of known entities
// of the sample corpus: aliases, and a place's coordinates and country.
func TestAPIEntityGazetteer(t *testing.T) {
	tests := []struct {
		kind        entity.Kind
		name        string
		alias       string
		country     string
		coordinates bool
	}{
		{entity.Place, "Iraq", "", "IQ", false}, // a country has no point
		{entity.Place, "Irbil", "Erbil", "IQ", true},
		{entity.Organisation, "Islamic State", "ISIS", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got entityAnswer
			if res := get(t, "/api/entities/"+entity.ID(tt.kind, tt.name), &got); res.StatusCode != http.StatusOK {
				t.Fatalf("status %d: is %q in the sample corpus?", res.StatusCode, tt.name)
			}
			if (got.Lat != nil) != tt.coordinates || got.Country != tt.country {
				t.Errorf("%q: lat %v, country %q; want coordinates %v, country %q", tt.name, got.Lat, got.Country, tt.coordinates, tt.country)
			}
			if tt.alias != "" {
				found := false
				for _, a := range got.Aliases {
					found = found || a.Name == tt.alias && a.Source == "gazetteer"
				}
				if !found {
					t.Errorf("%q aliases %+v lack %q from the gazetteer", tt.name, got.Aliases, tt.alias)
				}
			}
			for _, a := range got.Aliases {
				if a.Name == got.Name {
					t.Errorf("the canonical name %q is listed as an alias", a.Name)
				}
			}
		})
	}
}

func TestAPIEntityErrors(t *testing.T) {
	tests := []struct {
		target string
		status int
		want   string
	}{
		{"/api/entities/p000000000000", http.StatusNotFound, "no person in the index has the id p000000000000"},
		{"/api/entities/John%20Kirby", http.StatusBadRequest, "is not an entity id"},
		{"/api/entities/q000000000000", http.StatusBadRequest, "is not an entity id"},
		{"/api/entities/" + entity.ID(entity.Person, "x") + "?size=0", http.StatusBadRequest, "size"},
	}
	for _, tt := range tests {
		var got struct{ Error string }
		if res := get(t, tt.target, &got); res.StatusCode != tt.status || !strings.Contains(got.Error, tt.want) {
			t.Errorf("GET %s = %d %q, want %d saying %q", tt.target, res.StatusCode, got.Error, tt.status, tt.want)
		}
	}
}

func TestEntityPage(t *testing.T) {
	for _, ef := range entityFacets {
		t.Run(ef.facet, func(t *testing.T) {
			top := datedValue(t, ef.facet)
			code, body := htmlPage(t, "/entities/"+top.ID)
			if code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			search := "/?" + url.Values{ef.param: {top.Value}}.Encode()
			for _, needle := range []string{
				"<h1>" + htmlText(top.Value) + "</h1>", ">" + ef.kind.String() + "<", "Timeline", "<svg",
				"Most recent articles", "Most relevant articles", `href="/articles/`,
				`href="` + htmlText(search) + `"`, top.ID,
				// Its articles as a feed: in the head and a visible link.
				`<link rel="alternate" type="application/atom+xml"`, `class="follow" href="/feeds/search.atom?` + htmlText(url.Values{ef.param: {top.Value}}.Encode()),
			} {
				if !strings.Contains(body, needle) {
					t.Errorf("the page of %q lacks %q", top.Value, needle)
				}
			}
		})
	}
	// A place's page draws it on a map; every page lists the entities
	// mentioned with it, each linking to the articles naming both.
	code, body := htmlPage(t, "/entities/"+entity.ID(entity.Place, "Irbil"))
	for _, needle := range []string{`<figure class="map">`, "Mentioned with", `together</a>`, `href="/?place=Irbil&amp;`} {
		if code != http.StatusOK || !strings.Contains(body, needle) {
			t.Errorf("the page of Irbil (status %d) lacks %q", code, needle)
		}
	}
	code, body = htmlPage(t, "/entities/p000000000000")
	if code != http.StatusNotFound || !strings.Contains(body, "no person in the index has the id") {
		t.Errorf("unknown entity: %d, want 404 saying so", code)
	}
	if code, _ := htmlPage(t, "/entities/nonsense"); code != http.StatusBadRequest {
		t.Errorf("malformed id: %d, want 400", code)
	}
}

// htmlText escapes s as html/template writes text and attributes.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", `"`, "&#34;", "+", "&#43;").Replace(s)
}

// TestSearchPageEntityLinks checks that the search page, filtered by an
// entity's id, reads as if filtered by its name, and links every entity to
// its page.
func TestSearchPageEntityLinks(t *testing.T) {
	top := topValue(t, "people")
	_, byName := htmlPage(t, "/?person="+url.QueryEscape(top.Value))
	code, byID := htmlPage(t, "/?person="+top.ID)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if byName != byID && stripTook(byName) != stripTook(byID) {
		t.Error("the search page filtered by id differs from the page filtered by name")
	}
	if !strings.Contains(byID, `href="/entities/`+top.ID+`"`) {
		t.Errorf("the search page does not link %q to its page", top.Value)
	}
	_, article := htmlPage(t, "/articles/"+url.PathEscape(firstHitID(t)))
	if !strings.Contains(article, `class="page-link" href="/entities/`) {
		t.Error("the article page does not link its entities to their pages")
	}
	code, bad := htmlPage(t, "/?place=l000000000000")
	if code != http.StatusBadRequest || !strings.Contains(bad, "no place in the index has that id") {
		t.Errorf("search page with an unknown id: %d, want 400 saying so", code)
	}
}

// stripTook removes the time a search took, which differs between runs.
func stripTook(s string) string {
	i := strings.Index(s, `<span class="took">`)
	if i < 0 {
		return s
	}
	j := strings.Index(s[i:], "</span>")
	return s[:i] + s[i+j:]
}

func firstHitID(t *testing.T) string {
	t.Helper()
	var s idSearchAnswer
	get(t, "/api/search?size=1", &s)
	if len(s.Hits) == 0 {
		t.Fatal("no hits")
	}
	return s.Hits[0].ID
}

// htmlPage fetches a page of the shared server as a browser does.
func htmlPage(t *testing.T, target string) (int, string) {
	t.Helper()
	res, body := getPage(t, server, target)
	return res.StatusCode, body
}
