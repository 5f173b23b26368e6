package search

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
)

func TestSimilarQuery(t *testing.T) {
	many := make([]string, similarTerms+5)
	for i := range many {
		many[i] = fmt.Sprintf("Person %d", i)
	}
	tests := []struct {
		name string
		a    index.Article
		lim  Limits
		want string
	}{
		{"no entities", index.Article{}, Limits{}, ""},
		{"each kind scoped, as phrases", index.Article{
			People: []string{"Celeste Wallander"}, Places: []string{"Irbil"}, Organisations: []string{"Islamic State"},
		}, Limits{}, `person:"Celeste Wallander" OR organisation:"Islamic State" OR place:"Irbil"`},
		{"a quote cannot be written in a phrase", index.Article{People: []string{`Ali "Chemical" Majid`, "A  B"}}, Limits{}, `person:"A B"`},
		{"at most similarTerms entities", index.Article{People: many}, Limits{}, `person:"` + strings.Join(many[:similarTerms], `" OR person:"`) + `"`},
		{"within the server's query terms", index.Article{People: many}, Limits{QueryTerms: 3}, `person:"Person 0" OR person:"Person 1" OR person:"Person 2"`},
		{"within the server's query length", index.Article{People: many}, Limits{QueryLength: 42}, `person:"Person 0" OR person:"Person 1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := similarQuery(&tt.a, tt.lim.withDefaults()); got != tt.want {
				t.Errorf("similarQuery = %s, want %s", got, tt.want)
			}
			if tt.want != "" {
				if _, err := ParseQuery(tt.want); err != nil {
					t.Errorf("the query does not parse: %v", err)
				}
			}
		})
	}
}
