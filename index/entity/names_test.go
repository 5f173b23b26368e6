package entity_test

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index/entity"
)

func TestSurname(t *testing.T) {
	tests := []struct{ name, want string }{
		{"John Kirby", "kirby"},
		{"Charles Q. Brown Jr.", "brown"},
		{"Haider al-Abadi", "abadi"},
		{"Kirby", "kirby"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := entity.Surname(tt.name); got != tt.want {
				t.Errorf("Surname(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestShortGivenName(t *testing.T) {
	tests := []struct {
		short, full string
		want        bool
	}{
		{"Jim", "James", true},
		{"Max", "Maximilian", true},
		{"MAX", "maximilian", true},
		{"Jim", "John", false},
		{"James", "Jim", false},
		{"Jane", "John", false},
	}
	for _, tt := range tests {
		t.Run(tt.short+" "+tt.full, func(t *testing.T) {
			if got := entity.ShortGivenName(tt.short, tt.full); got != tt.want {
				t.Errorf("ShortGivenName(%q, %q) = %v, want %v", tt.short, tt.full, got, tt.want)
			}
		})
	}
	if !entity.IsShortGivenName("Jim") || entity.IsShortGivenName("James") {
		t.Error("IsShortGivenName: Jim is a short form, James is not")
	}
}

func TestTitleBefore(t *testing.T) {
	x := mustExtractor(t)
	tests := []struct{ text, name, want string }{
		{"The ships, led by Rear Adm. Jim Kirk, entered the gulf.", "Jim Kirk", "Rear Adm."},
		{"said Pentagon Press Secretary John Kirby on Monday.", "John Kirby", "Pentagon Press Secretary"},
		{"The Defense Secretary Lloyd Austin spoke.", "Lloyd Austin", "Defense Secretary"},
		{"John Smith, a Kansas farmer, said.", "John Smith", ""},
		{"a farmer, John Smith, said.", "John Smith", ""},
		{"Gen.\nRobert Smith took command.", "Robert Smith", ""},
		{"Kansas Robert Smith", "Robert Smith", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := x.TitleBefore(tt.text, strings.Index(tt.text, tt.name)); got != tt.want {
				t.Errorf("TitleBefore = %q, want %q", got, tt.want)
			}
		})
	}
}
