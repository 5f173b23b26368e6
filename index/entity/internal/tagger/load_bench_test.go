package tagger

import (
	"os"
	"testing"
)

// BenchmarkLoad reads the shipped model.
func BenchmarkLoad(b *testing.B) {
	data, err := os.ReadFile("../../data/tagger.bin.gz")
	if err != nil {
		b.Skip(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(data); err != nil {
			b.Fatal(err)
		}
	}
}
