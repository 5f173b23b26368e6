package web_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestOpenAPIDescribesEveryRoute parses the served description and checks
// that each route of the server is in it, and each path in it is served.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Info    struct{ Title, Version string }       `json:"info"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	res := get(t, "/api/openapi.json", &doc)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") || doc.Info.Title == "" || doc.Info.Version == "" {
		t.Errorf("openapi %q, info %+v: want 3.1 with a title and version", doc.OpenAPI, doc.Info)
	}

	e, ok := server.(*echo.Echo)
	if !ok {
		t.Fatalf("web.New returned %T, want *echo.Echo", server)
	}
	param := regexp.MustCompile(`:([a-z]+)`)
	served := map[string]bool{}
	for _, r := range e.Routes() {
		if r.Method == echo.RouteNotFound || strings.Contains(r.Path, "*") || !(strings.HasPrefix(r.Path, "/api/") || strings.HasPrefix(r.Path, "/feeds/search.") || r.Path == "/healthz") {
			continue
		}
		path := param.ReplaceAllString(r.Path, "{$1}")
		if r.Method == http.MethodHead {
			// HEAD answers every GET route, as the description says once.
			continue
		}
		served[strings.ToLower(r.Method)+" "+path] = true
		if _, ok := doc.Paths[path][strings.ToLower(r.Method)]; !ok {
			t.Errorf("route %s %s is not described", r.Method, path)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !served[method+" "+path] {
				t.Errorf("described %s %s is not served", method, path)
			}
		}
	}

	// The search takes every parameter the pages and the API read, and
	// every route that runs a search takes its query and filters.
	params := func(path string) []string {
		var op struct {
			Parameters []struct {
				Ref  string `json:"$ref"`
				Name string `json:"name"`
			} `json:"parameters"`
		}
		if err := json.Unmarshal(doc.Paths[path]["get"], &op); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var names []string
		for _, p := range op.Parameters {
			if p.Ref != "" {
				p.Name = p.Ref[strings.LastIndex(p.Ref, "/")+1:]
			}
			names = append(names, p.Name)
		}
		return names
	}
	filters := []string{"q", "person", "place", "organisation", "org", "source", "from", "to", "undated"}
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"/api/search", append(slices.Clone(filters), "sort", "page", "size", "cursor", "facet_size", "facet_count", "collapse", "significant")},
		{"/api/export", filters},
		{"/api/places", filters},
		{"/feeds/search.atom", filters},
		{"/feeds/search.json", filters},
	} {
		names := params(tt.path)
		for _, want := range tt.want {
			if !slices.Contains(names, want) {
				t.Errorf("GET %s does not describe the parameter %s", tt.path, want)
			}
		}
	}

	// Every $ref points at something that exists.
	raw := map[string]any{}
	get(t, "/api/openapi.json", &raw)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				if !resolves(raw, ref) {
					t.Errorf("$ref %q does not resolve", ref)
				}
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(raw)
}

func resolves(doc map[string]any, ref string) bool {
	var cur any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[part]; !ok {
			return false
		}
	}
	return true
}
