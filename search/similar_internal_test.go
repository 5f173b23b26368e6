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
		want string
	}{
		{"no entities", index.Article{}, ""},
		{"each kind scoped, as phrases", index.Article{
			People: []string{"Celeste Wallander"}, Places: []string{"Irbil"}, Organisations: []string{"Islamic State"},
		}, `person:"Celeste Wallander" OR organisation:"Islamic State" OR place:"Irbil"`},
		{"a quote cannot be written in a phrase", index.Article{People: []string{`Ali "Chemical" Majid`, "A  B"}}, `person:"A B"`},
		{"at most similarTerms entities", index.Article{People: many}, `person:"` + strings.Join(many[:similarTerms], `" OR person:"`) + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := similarQuery(&tt.a); got != tt.want {
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
