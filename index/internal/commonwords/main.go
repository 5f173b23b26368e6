// Command commonwords writes the list of common words whose pairs the
// index keeps for phrases (index/commonwords.txt, index.FieldTextPairs):
// the k analysed words (bleve's English analyzer, as the text field makes
// them: stemmed, stop words left out) found in the most documents of an
// openly licensed news text, most frequent first, ties in byte order.
//
// The documents are the sentences of the GMB extract of Voice of America
// news (public domain; /work/shared/data/ner/gmb-voa.conll.gz, one
// "token TAG" a line, a blank line between sentences) and the articles of
// the sample corpus (testdata/corpus/*.jsonl, public domain). Run from the
// repository's root:
//
//	go run ./index/internal/commonwords -k 3000 -gmb /work/shared/data/ner/gmb-voa.conll.gz > index/commonwords.txt
//
// (make common-words). The same inputs give the same list.
package main

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
)

func main() {
	k := flag.Int("k", 3000, "how many words to list")
	gmb := flag.String("gmb", "/work/shared/data/ner/gmb-voa.conll.gz", "the GMB extract (gzipped CoNLL: token TAG a line, sentences apart)")
	corpus := flag.String("corpus", "testdata/corpus", "a folder of JSON Lines articles (title, body)")
	flag.Parse()
	if err := run(os.Stdout, *k, *gmb, *corpus); err != nil {
		slog.Error("commonwords: " + err.Error())
		os.Exit(1)
	}
}

// run counts the documents of gmb and corpus each analysed word is in and
// writes the k most frequent to w, one a line, after a header of comments.
func run(w io.Writer, k int, gmb, corpus string) error {
	words, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		return err
	}
	df := map[string]int{}
	docs := 0
	count := func(text string) {
		docs++
		seen := map[string]bool{}
		for _, t := range words.Analyze([]byte(text)) {
			seen[string(t.Term)] = true
		}
		for term := range seen {
			df[term]++
		}
	}
	if err := sentences(gmb, count); err != nil {
		return err
	}
	if err := articles(corpus, count); err != nil {
		return err
	}
	ranked := make([]string, 0, len(df))
	for term := range df {
		ranked = append(ranked, term)
	}
	slices.SortFunc(ranked, func(a, b string) int {
		return cmp.Or(cmp.Compare(df[b], df[a]), strings.Compare(a, b))
	})
	ranked = ranked[:min(k, len(ranked))]
	out := bufio.NewWriter(w)
	fmt.Fprintf(out, "# The %d words (as bleve's English analyzer makes them) in the most of %d documents:\n", len(ranked), docs)
	fmt.Fprintf(out, "# the sentences of %s and the articles of %s.\n", filepath.Base(gmb), corpus)
	fmt.Fprintf(out, "# Made by go run ./index/internal/commonwords -k %d (make common-words); do not edit.\n", k)
	for _, term := range ranked {
		fmt.Fprintln(out, term)
	}
	return out.Flush()
}

// sentences calls f with each sentence of the gzipped CoNLL file at path,
// its tokens joined by spaces.
func sentences(path string, f func(string)) error {
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w: give the GMB extract with -gmb", err)
	}
	defer file.Close()
	z, err := gzip.NewReader(file)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var sentence []string
	lines := bufio.NewScanner(z)
	for lines.Scan() {
		token, _, _ := strings.Cut(lines.Text(), " ")
		if token == "" {
			if len(sentence) > 0 {
				f(strings.Join(sentence, " "))
			}
			sentence = sentence[:0]
			continue
		}
		sentence = append(sentence, token)
	}
	if len(sentence) > 0 {
		f(strings.Join(sentence, " "))
	}
	if err := lines.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// articles calls f with the title and body of each article of the JSON
// Lines files in dir.
func articles(dir string, f func(string)) error {
	paths, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("no .jsonl files in %s: give the sample corpus with -corpus", dir)
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var a struct{ Title, Body string }
			if err := json.Unmarshal([]byte(line), &a); err != nil {
				return fmt.Errorf("%s:%d: %w", path, i+1, err)
			}
			f(a.Title + "\n" + a.Body)
		}
	}
	return nil
}
