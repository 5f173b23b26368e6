package parse_test

import (
	"context"
	"os"
	"testing"

	"github.com/sitrep/sitrep/index/parse"
)

// BenchmarkReadJSONLines parses the sample corpus's JSON Lines files (or
// the corpus SITREP_PARSE_CORPUS names, such as a generated one) into
// articles, as an ingest does before extraction: decoding, cleaning the
// body of repeated paragraphs, captions and credits.
func BenchmarkReadJSONLines(b *testing.B) {
	paths := []string{dvidsPath, re3dPath}
	if p := os.Getenv("SITREP_PARSE_CORPUS"); p != "" {
		paths = []string{p}
	}
	inputs, _, err := parse.Expand(paths)
	if err != nil {
		b.Fatal(err)
	}
	var articles, size int
	for rec, err := range parse.Read(context.Background(), inputs, nil) {
		if err != nil {
			b.Fatal(err)
		}
		articles++
		size += len(rec.Article.Body)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, err := range parse.Read(context.Background(), inputs, nil) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*articles), "µs/article")
}
