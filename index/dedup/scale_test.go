package dedup

import (
	"bufio"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestLookupAtScale measures the lookup on a generated corpus, for
// docs/FEEDS.md: the time to fingerprint its bodies, to assign them all,
// the memory the lookup holds, and its buckets' sizes. It runs only when
// SITREP_SCALE_CORPUS names a JSON Lines corpus (go run ./cmd/sitrep-bench
// gen --n 100000 --seed 1 --out /tmp/sb/scale-100k.jsonl).
func TestLookupAtScale(t *testing.T) {
	path := os.Getenv("SITREP_SCALE_CORPUS")
	if path == "" {
		t.Skip("set SITREP_SCALE_CORPUS to a generated corpus (cmd/sitrep-bench gen) to measure the lookup")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	var (
		fps    []SimHash
		ids    []string
		fpTime time.Duration
		words  int
	)
	for n := 0; sc.Scan(); n++ {
		var r struct{ Body string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("record %d: %v", n+1, err)
		}
		words += len(strings.Fields(r.Body))
		start := time.Now()
		fp, ok := Fingerprint(r.Body)
		fpTime += time.Since(start)
		if ok {
			fps = append(fps, fp)
			ids = append(ids, fmt.Sprintf("%020x", n))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d articles fingerprinted (%d words on average): %v each", len(fps), words/max(len(fps), 1), fpTime/time.Duration(max(len(fps), 1)))

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var s Stories
	joined := map[int]int{} // by distance
	start := time.Now()
	for i, fp := range fps {
		if story := s.Assign(ids[i], fp); story != ids[i] {
			j, _ := slices.BinarySearch(ids[:i], story)
			joined[Distance(fp, fps[j])]++
		}
	}
	elapsed := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("assign: %v for all, %v each; %d joined an earlier story (by distance: %v); lookup holds %.1f MB (%.0f bytes an article)",
		elapsed, elapsed/time.Duration(len(fps)), sum(maps.Values(joined)), joined,
		float64(after.HeapAlloc-before.HeapAlloc)/1e6, float64(after.HeapAlloc-before.HeapAlloc)/float64(len(fps)))

	var rebuilt Stories
	start = time.Now()
	for i, fp := range fps {
		rebuilt.Add(ids[i], fp, ids[i])
	}
	t.Logf("add (as a rebuild from the index does): %v for all", time.Since(start))

	for k, sizes := range s.bucketSizes() {
		slices.Sort(sizes)
		t.Logf("block %d: %d of %d buckets used, entries per bucket: median %d, mean %.1f, max %d",
			k, len(sizes), 1<<blockBits, sizes[len(sizes)/2], float64(sum(slices.Values(sizes)))/float64(len(sizes)), sizes[len(sizes)-1])
	}
	runtime.KeepAlive(&s)
}

// sum adds up ints.
func sum(values iter.Seq[int]) int {
	total := 0
	for v := range values {
		total += v
	}
	return total
}

// generatedTexts returns n texts of 8 paragraphs of 15–45 words drawn
// evenly from the sample corpus's words: like real articles, and unlike
// texts drawn mostly from a few frequent words, they share few shingles.
func generatedTexts(tb testing.TB, n int) []string {
	tb.Helper()
	var vocab []string
	seen := map[string]bool{}
	for _, name := range []string{"dvids.jsonl", "re3d-dev.jsonl"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", name))
		if err != nil {
			tb.Fatal(err)
		}
		for _, w := range strings.Fields(string(data)) {
			if !seen[w] {
				seen[w] = true
				vocab = append(vocab, w)
			}
		}
	}
	if len(vocab) < 1000 {
		tb.Fatalf("only %d words in the sample corpus", len(vocab))
	}
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	out := make([]string, n)
	var b strings.Builder
	for i := range out {
		b.Reset()
		for p := range 8 {
			if p > 0 {
				b.WriteString("\n\n")
			}
			for w := range 15 + rng.IntN(31) {
				if w > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(vocab[rng.IntN(len(vocab))])
			}
		}
		out[i] = b.String()
	}
	return out
}

// BenchmarkAssign assigns one more article to a lookup holding the
// fingerprints of 100,000 generated texts, or of 1,000,000 random
// fingerprints (as the SimHashes of unrelated texts are), and removes it
// again. The new articles' fingerprints vary, as in an ingest, so the
// buckets each one visits are rarely in the CPU's cache.
func BenchmarkAssign(b *testing.B) {
	if testing.Short() {
		b.Skip("builds lookups of 100,000 and 1,000,000 articles")
	}
	const fresh = 1000 // fingerprints kept aside to be assigned
	texts := generatedTexts(b, 100_000+fresh)
	generated := make([]SimHash, len(texts))
	for i, text := range texts {
		var ok bool
		if generated[i], ok = Fingerprint(text); !ok {
			b.Fatalf("text %d not fingerprinted", i)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	random := make([]SimHash, 1_000_000+fresh)
	for i := range random {
		random[i] = SimHash{rng.Uint64(), rng.Uint64()}
	}
	for _, bm := range []struct {
		name string
		fps  []SimHash
	}{{"100k-generated", generated}, {"1M-random", random}} {
		b.Run(bm.name, func(b *testing.B) {
			var s Stories
			for i, fp := range bm.fps[fresh:] {
				id := fmt.Sprint(i)
				s.Add(id, fp, id) // as read back from an index
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				s.Assign("new", bm.fps[i%fresh])
				s.Remove("new")
				i++
			}
		})
	}
}

// BenchmarkFingerprint fingerprints the sample corpus's articles in turn.
func BenchmarkFingerprint(b *testing.B) {
	var bodies []string
	for _, name := range []string{"dvids.jsonl", "re3d-dev.jsonl"} {
		f, err := os.Open(filepath.Join("..", "..", "testdata", "corpus", name))
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r struct{ Body string }
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				b.Fatal(err)
			}
			bodies = append(bodies, r.Body)
		}
		f.Close()
	}
	if len(bodies) < 100 {
		b.Fatalf("only %d corpus articles", len(bodies))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Fingerprint(bodies[i%len(bodies)])
		i++
	}
}
