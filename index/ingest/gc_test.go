package ingest

import (
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	tests := []struct {
		name string
		gogc string // the GOGC environment variable; "" unset
		want int    // the target while tuned
	}{
		{name: "default target raised for the ingest", gogc: "", want: GCPercent},
		{name: "a GOGC the user chose is kept", gogc: "150", want: 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			prev := debug.SetGCPercent(100)
			defer debug.SetGCPercent(prev)
			restore := TuneGC()
			if got := debug.SetGCPercent(-1); got != tt.want {
				t.Errorf("target during the ingest = %d, want %d", got, tt.want)
			}
			debug.SetGCPercent(tt.want)
			restore()
			if got := debug.SetGCPercent(100); got != 100 {
				t.Errorf("target after restore = %d, want 100", got)
			}
		})
	}
}
