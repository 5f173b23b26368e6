package web

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search"
)

// TestFacetSpecsAreWired walks facetSpecs and checks that each facet is
// read from the URL, shown on the search, article and help pages,
// answered by the JSON API and described in openapi.json: a row added to
// the table and not wired somewhere fails here.
func TestFacetSpecsAreWired(t *testing.T) {
	r, err := newRenderer(templateFiles, staticFiles)
	if err != nil {
		t.Fatal(err)
	}
	render := func(t *testing.T, page string, data any) string {
		t.Helper()
		var b bytes.Buffer
		if err := r.Render(&b, page, data, nil); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	// hit and article carry one value of every entity facet; entity
	// names the value of facet f.
	entity := func(f facetSpec) string { return "Entity of " + f.Name }
	hit := search.Hit{ID: "a1", Source: "Entity of sources"}
	article := &index.Article{ID: "a1", Title: "T"}
	for _, f := range facetSpecs {
		if f.hit != nil && f.article != nil {
			*f.hit(&hit), *f.article(article) = []string{entity(f)}, []string{entity(f)}
		}
	}
	help := render(t, "help", helpView{layout: layout{Title: "Help"}, Facets: facetSpecs})

	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]struct{ Name, In string } `json:"parameters"`
			Schemas    map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	paramsOf := func(t *testing.T, path string) []string {
		t.Helper()
		var op struct {
			Parameters []struct {
				Ref    string `json:"$ref"`
				Name   string `json:"name"`
				Schema struct {
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		}
		if err := json.Unmarshal(doc.Paths[path]["get"], &op); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var out []string
		for _, p := range op.Parameters {
			out = append(out, strings.TrimPrefix(p.Ref, "#/components/parameters/")+p.Name)
			out = append(out, p.Schema.Enum...)
		}
		return out
	}

	for _, f := range facetSpecs {
		t.Run(f.Name, func(t *testing.T) {
			if f.Name == "" || f.Param == "" || f.Label == "" || f.Kind == "" || f.Noun == "" || f.Help == "" || f.filter == nil {
				t.Fatalf("incomplete row %+v", f)
			}
			if (f.hit == nil) != (f.article == nil) {
				t.Errorf("an entity facet reads both hits and articles: hit %v, article %v", f.hit != nil, f.article != nil)
			}
			if !slices.Contains(search.FacetNames(), f.Name) {
				t.Errorf("search has no facet %q (search.FacetNames() = %v)", f.Name, search.FacetNames())
			}

			// Read from the URL, and kept by the page's links.
			q := url.Values{f.Param: {"V1"}}
			if f.Alias != "" {
				q.Set(f.Alias, "V2")
			}
			req, err := searchRequest(q)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"V1"}
			if f.Alias != "" {
				want = append(want, "V2")
			}
			if got := *f.filter(&req); !slices.Equal(got, want) {
				t.Errorf("searchRequest(%v) filters %v, want %v", q, got, want)
			}
			st := newPageState(q)
			if got := st.v[f.Param]; !slices.Equal(got, want) {
				t.Errorf("page state keeps %v, want %v", got, want)
			}

			// Shown on the search page: the facet, its selected value's
			// chip, and the hit's entity link.
			res := &search.Result{
				Total: 1, Stories: 1, Page: 1, Size: 10, Hits: []search.Hit{hit},
				Facets: map[string]search.Facet{f.Name: {Values: []search.FacetValue{{Value: "V1", Count: 1, Selected: true}}}},
			}
			page := render(t, "search", newSearchView(st, req, res))
			for _, needle := range []string{`id="facet-` + f.Name + `"`, `id="facet-` + f.Name + `-h">` + f.Label, capitalize(f.Kind)} {
				if !strings.Contains(page, needle) {
					t.Errorf("the search page lacks %q", needle)
				}
			}
			if f.hit != nil {
				link := f.Param + "=" + url.QueryEscape(entity(f))
				if !strings.Contains(page, strings.ReplaceAll(link, "+", "&#43;")) && !strings.Contains(page, link) {
					t.Errorf("the search page lacks the hit's entity link %q", link)
				}
				art := render(t, "article", newArticleView(article, nil, nil))
				if !strings.Contains(art, ">"+f.Label+"<") || !strings.Contains(art, entity(f)) {
					t.Errorf("the article page lacks its %s", f.Noun)
				}
			}
			if !strings.Contains(help, "<strong>"+f.Label+"</strong>") || !strings.Contains(help, "<code>"+f.Param+"=</code>") {
				t.Errorf("the help page does not describe %s", f.Name)
			}

			// Answered by the JSON API.
			b, err := json.Marshal(NewSearchResponse(res))
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Facets map[string][]facetValue
				Hits   []map[string]json.RawMessage
			}
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Facets[f.Name]) != 1 {
				t.Errorf("the API's facets lack %s: %s", f.Name, b)
			}
			if f.hit != nil {
				if !strings.Contains(string(got.Hits[0][f.Name]), entity(f)) {
					t.Errorf("the API's hit lacks %s: %s", f.Name, b)
				}
				ab, err := json.Marshal(articleJSON(article))
				if err != nil {
					t.Fatal(err)
				}
				// The names once, as the contract's list; then under
				// "entities", each with its id.
				if !strings.Contains(string(ab), `"`+f.Name+`":["`+entity(f)+`"]`) || strings.Count(string(ab), `"`+f.Name+`":[`) != 2 {
					t.Errorf("the API's article lacks %s, or has it twice: %s", f.Name, ab)
				}
				if ref := `"` + f.Name + `":[{"id":"` + search.EntityID(f.Name, entity(f)) + `","name":"` + entity(f) + `"}]`; !strings.Contains(string(ab), ref) {
					t.Errorf("the API's article lacks %s under entities: %s", ref, ab)
				}
				if *f.article(article) == nil {
					t.Error("encoding the article changed it")
				}
				bare, err := json.Marshal(articleJSON(&index.Article{ID: "bare"}))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(bare), `"`+f.Name+`":[]`) {
					t.Errorf("an article without %s lists them as null or not at all: %s", f.Noun, bare)
				}
			}

			// Described in openapi.json.
			for _, p := range []string{f.Param, f.Alias} {
				if p == "" {
					continue
				}
				if c := doc.Components.Parameters[p]; c.Name != p || c.In != "query" {
					t.Errorf("openapi.json: components.parameters.%s = %+v, want the query parameter %s", p, c, p)
				}
				for _, path := range []string{"/api/search", "/api/facets/{facet}"} {
					if !slices.Contains(paramsOf(t, path), p) {
						t.Errorf("openapi.json: GET %s does not take %s", path, p)
					}
				}
			}
			if !slices.Contains(paramsOf(t, "/api/facets/{facet}"), f.Name) {
				t.Errorf("openapi.json: GET /api/facets/{facet} does not list %s", f.Name)
			}
			var facets struct {
				Properties map[string]json.RawMessage `json:"properties"`
			}
			if err := json.Unmarshal(doc.Components.Schemas["SearchResponse"].Properties["facets"], &facets); err != nil {
				t.Fatal(err)
			}
			if _, ok := facets.Properties[f.Name]; !ok {
				t.Errorf("openapi.json: SearchResponse.facets does not describe %s", f.Name)
			}
			if f.hit != nil {
				for _, schema := range []string{"Hit", "Article"} {
					if _, ok := doc.Components.Schemas[schema].Properties[f.Name]; !ok {
						t.Errorf("openapi.json: %s does not describe %s", schema, f.Name)
					}
				}
			}
		})
	}
}
