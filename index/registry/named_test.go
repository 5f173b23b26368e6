package registry_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/registry"
)

// TestDecodeNamed: a record reads back as written, one written before
// sources were kept (seven fields) still reads, without a source, and
// anything else is refused.
func TestDecodeNamed(t *testing.T) {
	kirby := registry.Named{Kind: entity.Person, Name: "Kirby", Forms: []string{"KIRBY"}, Titles: []string{"MR"},
		Resolved: "John Kirby", Why: "surname of John Kirby", Source: "US State Department"}
	old := kirby
	old.Source = ""
	tests := []struct {
		name    string
		record  string
		want    registry.Named
		wantErr bool
	}{
		{"as written", kirby.Encode(), kirby, false},
		{"before sources were kept", strings.Join([]string{strconv.Itoa(int(entity.Person)), "Kirby", "John Kirby", "surname of John Kirby", "KIRBY", "MR", ""}, "\x1f"), old, false},
		{"six fields", strings.Join([]string{strconv.Itoa(int(entity.Person)), "Kirby", "John Kirby", "why", "KIRBY", "MR"}, "\x1f"), registry.Named{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := registry.DecodeNamed(tt.record)
			if (err != nil) != tt.wantErr {
				t.Fatalf("DecodeNamed: error %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
