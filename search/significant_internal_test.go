package search

import (
	"testing"

	"github.com/sitrep/sitrep/index/entity"
)

// TestFiltered: a value filtered on, by its name or by its entity ID, is
// left out of what stands out.
func TestFiltered(t *testing.T) {
	pid := entity.ID(entity.Organisation, "Peshmerga")
	tests := []struct {
		name     string
		selected []string
		facet    string
		value    string
		want     bool
	}{
		{"by name", []string{"KDP", "Peshmerga"}, FacetOrganisations, "Peshmerga", true},
		{"by ID", []string{pid}, FacetOrganisations, "Peshmerga", true},
		{"another entity", []string{pid, "KDP"}, FacetOrganisations, "Islamic State", false},
		{"the ID of another kind", []string{entity.ID(entity.Place, "Peshmerga")}, FacetOrganisations, "Peshmerga", false},
		{"no filter", nil, FacetPlaces, "Irbil", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := filtered(tt.selected, tt.facet, tt.value); got != tt.want {
				t.Errorf("filtered(%q, %s, %q) = %v, want %v", tt.selected, tt.facet, tt.value, got, tt.want)
			}
		})
	}
}
