package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
)

// TestBytes measures a small real index: the text field's locations and
// the stored content are found, and the parts add up to the files on
// disk but for bleve's own small files.
func TestBytes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var articles []*index.Article
	for i := range 200 {
		articles = append(articles, &index.Article{
			Title: fmt.Sprintf("Convoy %d crosses the plain", i),
			Body:  strings.Repeat(fmt.Sprintf("Peshmerga fighters %d advanced on the village near Kirkuk. ", i), 20),
			URL:   fmt.Sprintf("https://example.mil/news/%d", i),
		})
	}
	indextest.Add(t, ix, articles...)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	var out, stderr bytes.Buffer
	if err := run(context.Background(), []string{"bytes", "--index", dir}, &out, &stderr); err != nil {
		t.Fatalf("bytes: %v\n%s", err, stderr.String())
	}
	row := func(field string) []float64 {
		m := regexp.MustCompile(`(?m)^\| ` + regexp.QuoteMeta(field) + ` \|(.*)\|$`).FindStringSubmatch(out.String())
		if m == nil {
			t.Fatalf("no row for %s in:\n%s", field, out.String())
		}
		var v []float64
		for _, c := range strings.Split(m[1], "|") {
			f, err := strconv.ParseFloat(strings.Trim(strings.TrimSpace(c), "*"), 64)
			if err != nil {
				t.Fatalf("%s: %q: %v", field, c, err)
			}
			v = append(v, f)
		}
		return v
	}
	// Columns: stored, dictionary, freq/norm, locations, bitmaps, doc
	// values, indexed total, terms.
	if text := row(index.FieldText); text[3] <= 0 || text[7] < 200 {
		t.Errorf("text field: locations %.2f MB, %v terms; want both", text[3], text[7])
	}
	if content := row(index.FieldContent); content[0] <= 0 || content[6] != 0 {
		t.Errorf("content field: stored %.2f MB, indexed %.2f MB; want stored only", content[0], content[6])
	}
	m := regexp.MustCompile(`(\d+) segments, ([\d.]+) MB on disk.*stored section ([\d.]+) MB`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no summary line in:\n%s", out.String())
	}
	disk, _ := strconv.ParseFloat(m[2], 64)
	stored, _ := strconv.ParseFloat(m[3], 64)
	indexed := row("**all**")[6]
	if sum := stored + indexed; sum > disk || sum < disk-0.2 {
		t.Errorf("stored %.2f + indexed %.2f MB = %.2f, on disk %.2f: the parts should make up all but bleve's small files", stored, indexed, sum, disk)
	}
}
