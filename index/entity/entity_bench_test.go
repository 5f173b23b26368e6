package entity_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index/entity"
)

// corpusDocs reads the sample corpus's JSON Lines articles.
func corpusDocs(tb testing.TB) []entity.Document {
	tb.Helper()
	var docs []entity.Document
	for _, name := range []string{"dvids.jsonl", "re3d-dev.jsonl"} {
		f, err := os.Open(filepath.Join("..", "..", "testdata", "corpus", name))
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for sc.Scan() {
			var r struct{ Title, Body string }
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				tb.Fatal(err)
			}
			docs = append(docs, entity.Document{Title: r.Title, Body: r.Body})
		}
		f.Close()
	}
	if len(docs) < 100 {
		tb.Fatalf("read %d articles from the sample corpus, want over 100", len(docs))
	}
	return docs
}

// BenchmarkExtract extracts from every article of the sample corpus (about
// 2.5 KB of text each) and reports articles per second and KB per second.
func BenchmarkExtract(b *testing.B) {
	x := mustExtractor(b)
	docs := corpusDocs(b)
	bytes := 0
	for _, d := range docs {
		bytes += len(d.Title) + len(d.Body)
	}
	b.ReportAllocs()
	b.SetBytes(int64(bytes / len(docs)))
	n := 0
	for b.Loop() {
		x.Extract(docs[n%len(docs)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtract4KB extracts from 4 KB articles made by joining the
// bodies of consecutive sample articles, the size the speed goal is set for.
func BenchmarkExtract4KB(b *testing.B) { benchmark4KB(b, mustExtractor(b)) }

// BenchmarkExtract4KBRulesOnly is BenchmarkExtract4KB without the tagger:
// the gazetteer and the rules alone, to show what the tagger costs.
func BenchmarkExtract4KBRulesOnly(b *testing.B) {
	x, err := entity.NewWithModel(nil)
	if err != nil {
		b.Fatal(err)
	}
	benchmark4KB(b, x)
}

func benchmark4KB(b *testing.B, x *entity.Extractor) {
	var docs []entity.Document
	var cur entity.Document
	for _, d := range corpusDocs(b) {
		if cur.Title == "" {
			cur.Title = d.Title
		}
		cur.Body += d.Body + "\n\n"
		if len(cur.Body) >= 4096 {
			cur.Body = cur.Body[:4096]
			docs = append(docs, cur)
			cur = entity.Document{}
		}
	}
	b.ReportAllocs()
	b.SetBytes(4096)
	n := 0
	for b.Loop() {
		x.Extract(docs[n%len(docs)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkNew loads the embedded gazetteer and tagger model.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := entity.New(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractManyNames extracts from one long article that names a
// body and a country in every sentence, 5,000 to 20,000 times (175 to 700
// KB): the time per sentence must not grow with the article (a stored
// article is untrusted input).
func BenchmarkExtractManyNames(b *testing.B) {
	benchRepeated(b, "Iran's Foreign Ministry said it. ", []int{5000, 10000, 20000}, 1, "µs/sentence")
}

// benchRepeated extracts from bodies of sentence repeated n times, for
// each n, and reports the time per unit (units a sentence): a stored
// article is untrusted input, and the time per unit must not grow with
// the article.
func benchRepeated(b *testing.B, sentence string, ns []int, units int, metric string) {
	x := mustExtractor(b)
	for _, n := range ns {
		body := strings.Repeat(sentence, n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				x.Extract(entity.Document{Body: body})
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/float64(units*n)*1e6, metric)
		})
	}
}

// BenchmarkExtractOpenBrackets: a sports field of one line of sides, scores
// and brackets that never close (or close without opening) costs as much
// per side at 5,000 as at 20,000: the rules that read scorers in brackets
// look a bounded way.
func BenchmarkExtractOpenBrackets(b *testing.B) {
	x := mustExtractor(b)
	for _, side := range []string{"Ajax 1 ( ", "Ajax 1 ) "} {
		for _, n := range []int{5000, 20000} {
			body := "Soccer league results: " + strings.Repeat(side, n)
			b.Run(strings.TrimSpace(side)+"/"+strconv.Itoa(n), func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				for b.Loop() {
					x.Extract(entity.Document{Title: "SOCCER - RESULTS", Body: body})
				}
				b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/float64(n)*1e6, "µs/side")
			})
		}
	}
}

// BenchmarkExtractManyAcronyms: acronyms that spell ordinary words, named
// as bodies again and again ("the group ETA said"), cost as much per
// sentence at 4,000 sentences as at 1,000: each acronym's uses are read
// once a field, not once a mention.
func BenchmarkExtractManyAcronyms(b *testing.B) {
	benchRepeated(b, "CARE workers left and the group ETA said so. ", []int{1000, 4000}, 1, "µs/sentence")
}

// BenchmarkExtractLongRun: one line of known names joined by "and", 1,000
// to 4,000 of them, costs about as much per name at either length: a run
// of capitalised words is read in pieces of at most maxRunTokens, not
// again and again for each name a connector parts (13 s at 4,000 before).
func BenchmarkExtractLongRun(b *testing.B) {
	benchRepeated(b, "the Pentagon and Congress and NATO and ", []int{1000, 4000}, 3, "µs/name")
}

// BenchmarkExtractDistinctNames: an article of 1,000 or 4,000 sentences,
// each naming people, places or bodies no other sentence names, costs
// about as much per sentence at either length: the joins of an article's
// entities compare a name only with names that share a word with it
// (mergeUnits, mergePeople, placeParts, chainUnits) and the tagger's
// names overrule only the mentions where they start (release). Before,
// 4,000 sentences of "the X Group and Y Corp said" took 3.4 s.
func BenchmarkExtractDistinctNames(b *testing.B) {
	x := mustExtractor(b)
	for _, c := range []struct{ name, sentence string }{
		{"commission", "The Commission on %[1]s said. "},
		{"person-of-bank", "%[1]s %[2]s of %[2]s Bank said. "},
		{"group-and-corp", "the %[1]s Group and %[2]s Corp said. "},
		{"pair", "%[1]s %[2]s and %[2]s %[1]s met. "},
		{"places", "Fighting in %[1]s %[2]s and %[2]s near Tripoli. "},
		{"units", "the 2nd %[1]s Battalion, 3rd %[2]s Brigade and the 2nd %[1]s Battalion said. "},
		{"surnames", "Gen. %[1]s %[2]s said. %[2]s said. J. %[2]s said. "},
	} {
		for _, n := range []int{1000, 4000} {
			var body strings.Builder
			for i := range n {
				fmt.Fprintf(&body, c.sentence, madeUpWord(i), madeUpWord(i*7+3))
			}
			doc := entity.Document{Body: body.String()}
			b.Run(c.name+"/"+strconv.Itoa(n), func(b *testing.B) {
				b.SetBytes(int64(len(doc.Body)))
				for b.Loop() {
					x.Extract(doc)
				}
				b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/float64(n)*1e6, "µs/sentence")
			})
		}
	}
}

// madeUpWord is the capitalised word of four syllables numbered n: no
// gazetteer lists it and no two n below 10,000 share one.
func madeUpWord(n int) string {
	syllables := []string{"ka", "lo", "mi", "ren", "tu", "sa", "vo", "dan", "bel", "ri"}
	var w strings.Builder
	for range 4 {
		w.WriteString(syllables[n%10])
		n /= 10
	}
	s := w.String()
	return strings.ToUpper(s[:1]) + s[1:]
}
