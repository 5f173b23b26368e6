package index_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
)

// tokenLines prints a token stream whole: term, position, offsets, type
// and keyword flag of each token.
func tokenLines(ts analysis.TokenStream) []string {
	out := make([]string, len(ts))
	for i, tok := range ts {
		out[i] = fmt.Sprintf("%q %d %d-%d %v %t", tok.Term, tok.Position, tok.Start, tok.End, tok.Type, tok.KeyWord)
	}
	return out
}

// wordsEdgeCases are texts where UAX#29's rules, or the split between
// the ASCII stretches and the segmenter, could go wrong.
var wordsEdgeCases = []string{
	"", " ", "a", "_", "__", "'", ".", "\"", "a.", ".a", "a.b", "a..b", "a.b.c.", "U.S.", "U.S.-led",
	"don't", "don't'", "'tis", "rock 'n' roll", "1,000", "1,000.50", "1,", ",1", "1,,2", "1.2.3",
	"1:2", "a:b", "a:1", "1;2", "a;b", "a'1", "1'a", "1'2", "a_b", "a_.b", "a._b", "_a", "a_", "_1_",
	"1_2", "___", "a1", "1a", "a1.2", "1a.b", "a1.b", "1.a", "F-35", "2022-09-13", "i.e.,", "e.g.:",
	"\"quoted\"", "a\"b", "1\"2", "x\r\ny", "x\ry", "x\ny", "x\vy\fz", "tab\there", "a\x00b", "a\x7fb",
	"naïve café", "Ελλάδα", "Kyiv’s", "don’t", "a’b", "—", "a—b", "a\u00adb", "a\u0301b", "a.\u0301b",
	"a\u200db", "a\u200bb", "e\u0301.f", "x\u0301", " \u0301a", "שלום", "א\"ב", "א'", "a\"ב", "カタカナ",
	"ｶﾀｶﾅ", "漢字", "ひらがな", "한국어", "🇺🇦🇺🇸", "1٫2", "١٢٣", "a\u0085b", "a\u2028b", "a\u3000b",
	"a.é", "é.a", "1.é", "é'a", "a'é", "x.\u00ad.y", "\xff", "a\xffb", "a.\xff", "\xe2\x80", "ok \xc3",
	strings.Repeat("word ", 300), strings.Repeat("a", 5000), strings.Repeat("é", 300) + " tail",
}

// TestWordsAsUnicodeTokenizer checks that Words splits a text as bleve's
// unicode tokenizer does, token for token, on the sample corpus and the
// edge cases; and that TextAnalyzer, built on Words, still makes en's
// tokens (TestTextAnalyzerAsEnglish checks the rest).
func TestWordsAsUnicodeTokenizer(t *testing.T) {
	texts := append([]string{}, wordsEdgeCases...)
	files, err := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample corpus: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
		for _, line := range strings.Split(string(b), "\n") {
			texts = append(texts, line)
		}
	}
	for i, s := range texts {
		checkWords(t, fmt.Sprintf("text %d", i), s)
	}
}

// TestWordsTable gives the words of a few texts as they are meant to be.
func TestWordsTable(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"U.S.-led strike", []string{`"U.S" 1 0-3 0 false`, `"led" 2 5-8 0 false`, `"strike" 3 9-15 0 false`}},
		{"1,000.50 km", []string{`"1,000.50" 1 0-8 2 false`, `"km" 2 9-11 0 false`}},
		{"don't F-35s", []string{`"don't" 1 0-5 0 false`, `"F" 2 6-7 0 false`, `"35s" 3 8-11 0 false`}},
		{"a_.b 1:2", []string{`"a_" 1 0-2 0 false`, `"b" 2 3-4 0 false`, `"1" 3 5-6 2 false`, `"2" 4 7-8 2 false`}},
		{"café's Kyiv’s", []string{`"café's" 1 0-7 0 false`, `"Kyiv’s" 2 8-16 0 false`}},
	} {
		if diff := cmp.Diff(c.want, tokenLines(index.Words{}.Tokenize([]byte(c.text)))); diff != "" {
			t.Errorf("words of %q (-want +got):\n%s", c.text, diff)
		}
		checkWords(t, c.text, c.text)
	}
}

// checkWords fails t unless Words gives the unicode tokenizer's tokens of
// s, and TextAnalyzer en's terms.
func checkWords(t *testing.T, name, s string) {
	t.Helper()
	want := tokenLines(unicode.NewUnicodeTokenizer().Tokenize([]byte(s)))
	if diff := cmp.Diff(want, tokenLines(index.Words{}.Tokenize([]byte(s)))); diff != "" {
		t.Errorf("%s %.60q: Words' tokens (-unicode +Words):\n%s", name, s, diff)
	}
}

// FuzzWords checks Words against bleve's unicode tokenizer, and
// TextAnalyzer against en, on any text; its seeds are the edge cases and
// the sample corpus's first lines.
func FuzzWords(f *testing.F) {
	for _, s := range wordsEdgeCases {
		f.Add(s)
	}
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		for _, line := range lines[:min(len(lines), 20)] {
			f.Add(line)
		}
	}
	m := index.NewMapping()
	english, text := m.AnalyzerNamed(en.AnalyzerName), m.AnalyzerNamed(index.TextAnalyzer)
	f.Fuzz(func(t *testing.T, s string) {
		checkWords(t, "fuzzed", s)
		want := tokenLines(english.Analyze([]byte(s)))
		if diff := cmp.Diff(want, tokenLines(text.Analyze([]byte(s)))); diff != "" {
			t.Errorf("%.60q: TextAnalyzer's tokens (-en +got):\n%s", s, diff)
		}
	})
}

// BenchmarkWords compares Words with bleve's unicode tokenizer on the
// sample corpus's texts, and EachWord, which makes no tokens.
func BenchmarkWords(b *testing.B) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no sample corpus: %v", err)
	}
	var texts [][]byte
	size := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, line := range strings.Split(string(raw), "\n") {
			texts = append(texts, []byte(line))
			size += len(line)
		}
	}
	for _, c := range []struct {
		name string
		tok  analysis.Tokenizer
	}{{"unicode", unicode.NewUnicodeTokenizer()}, {"Words", index.Words{}}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range texts {
					c.tok.Tokenize(s)
				}
			}
		})
	}
	b.Run("EachWord", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			for _, s := range texts {
				index.EachWord(s, func(_, _, _ int, _ analysis.TokenType) bool { n++; return true })
			}
		}
	})
}

// BenchmarkPageReanalysis measures what re-analysing a page's hits costs:
// the text of ten articles of the corpus SITREP_WORDS_CORPUS names (JSON
// Lines with a body, as the side-by-side harness's c20000.jsonl) split
// by bleve's unicode tokenizer, by Words, by EachWord (the offsets of
// every position, no tokens made), and analysed whole by TextAnalyzer
// (en's terms), per page of ten.
func BenchmarkPageReanalysis(b *testing.B) {
	path := os.Getenv("SITREP_WORDS_CORPUS")
	if path == "" {
		b.Skip("SITREP_WORDS_CORPUS names no corpus")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var texts [][]byte
	for i, line := range strings.SplitN(string(raw), "\n", 1001) {
		var a struct{ Body string }
		if i == 1000 || json.Unmarshal([]byte(line), &a) != nil {
			break
		}
		texts = append(texts, []byte(a.Body))
	}
	text := index.NewMapping().AnalyzerNamed(index.TextAnalyzer)
	for _, c := range []struct {
		name  string
		split func([]byte)
	}{
		{"unicode", func(s []byte) { unicode.NewUnicodeTokenizer().Tokenize(s) }},
		{"Words", func(s []byte) { index.Words{}.Tokenize(s) }},
		{"EachWord", func(s []byte) {
			index.EachWord(s, func(_, _, _ int, _ analysis.TokenType) bool { return true })
		}},
		{"TextAnalyzer", func(s []byte) { text.Analyze(append([]byte(nil), s...)) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			page := 0
			for b.Loop() {
				for i := range 10 {
					c.split(texts[(page*10+i)%len(texts)])
				}
				page++
			}
		})
	}
}
