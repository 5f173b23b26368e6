package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/entity"
)

// sampleDir is the sample corpus the generator learns its words from.
var sampleDir = filepath.Join("..", "..", "testdata", "corpus")

// generate runs gen and returns the file it wrote.
func generate(t *testing.T, n int, seed, profile string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "corpus.jsonl")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"gen", "--n", strconv.Itoa(n), "--seed", seed, "--profile", profile, "--sample", sampleDir, "--out", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("gen: %v\n%s", err, stderr.String())
	}
	return out
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestGenDeterministic checks that the same seed gives the same bytes and
// another seed other bytes, for both profiles.
func TestGenDeterministic(t *testing.T) {
	for _, profile := range []string{"default", "high-cardinality"} {
		t.Run(profile, func(t *testing.T) {
			a, b := generate(t, 40, "7", profile), generate(t, 40, "7", profile)
			if fileHash(t, a) != fileHash(t, b) {
				t.Error("two runs with seed 7 wrote different corpora")
			}
			if c := generate(t, 40, "8", profile); fileHash(t, a) == fileHash(t, c) {
				t.Error("seeds 7 and 8 wrote the same corpus")
			}
		})
	}
}

// TestGenArticles checks the shape of generated articles: Sitrep's input
// fields, bodies of 300 to about 1,500 words, dates over 20 years, and
// entities that the extractor finds in the text.
func TestGenArticles(t *testing.T) {
	path := generate(t, 60, "1", "default")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x, err := entity.New()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	n, withPeople, withOrgs := 0, 0, 0
	urls := map[string]bool{}
	for sc.Scan() {
		var r map[string]string
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		n++
		for _, k := range []string{"title", "body", "url", "source", "published"} {
			if r[k] == "" {
				t.Errorf("line %d has no %s", n, k)
			}
		}
		if len(r) != 5 {
			t.Errorf("line %d has fields %v, want only title, body, url, source, published", n, r)
		}
		if words := len(strings.Fields(r["body"])); words < 300 || words > 1700 {
			t.Errorf("line %d: body of %d words", n, words)
		}
		d, err := time.Parse(time.RFC3339, r["published"])
		if err != nil || d.Year() < 2006 || d.Year() > 2025 {
			t.Errorf("line %d: published %q (%v) outside 2006-2025", n, r["published"], err)
		}
		urls[r["url"]] = true
		res := x.Extract(entity.Document{Title: r["title"], Body: r["body"]})
		if len(res.People) > 0 {
			withPeople++
		}
		if len(res.Organisations) > 0 {
			withOrgs++
		}
	}
	if n != 60 || len(urls) != 60 {
		t.Fatalf("read %d articles with %d distinct URLs, want 60", n, len(urls))
	}
	if withPeople < n*9/10 || withOrgs < n*9/10 {
		t.Errorf("the extractor found people in %d and organisations in %d of %d articles, want nearly all", withPeople, withOrgs, n)
	}
}

// TestBenchTable runs the whole benchmark on a tiny corpus and checks the
// tables it prints.
func TestBenchTable(t *testing.T) {
	corpus := generate(t, 30, "1", "default")
	dir := filepath.Join(t.TempDir(), "ix")
	var stdout, stderr bytes.Buffer
	args := []string{"run", "--corpus", corpus, "--index", dir, "--http-seconds", "0.2", "--http-clients", "2",
		"--query-seconds", "0", "--min-reps", "2"}
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"### 30 articles", "| throughput |", "| index on disk |", "| peak RSS during ingest |",
		"| query | hits | + facets p50 / p95 / p99 (ms) |", "| browse: match-all, repeated (result cache) | 30 |", "| browse: match-all, no result cache | 30 |",
		"| term ", "| AND ", "| common phrase ", "| rare phrase ", "| person ", "| date range 2015 |",
		"| 2 clients,", "| 2 clients, 0 s, no result cache |", "| target (for 100k articles) |", "| ingest incl. extraction |",
		// One article is written before each of these browses: 31 found.
		"| browse, first after a write: match-all | 31 |", "| browse p50, first after a write |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	// A second run without --reuse refuses to overwrite the index.
	if err := run(context.Background(), args, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "--reuse") {
		t.Errorf("second run over the same index: err = %v, want advice to pass --reuse", err)
	}
	stdout.Reset()
	if err := run(context.Background(), append(args, "--reuse"), &stdout, &stderr); err != nil {
		t.Fatalf("run --reuse: %v", err)
	}
	if !strings.Contains(stdout.String(), "reused index") {
		t.Errorf("the --reuse report does not say the index was reused:\n%s", stdout.String())
	}
}
