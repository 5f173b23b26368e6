package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
)

// chain is a first-order word chain learnt from the sample corpus: after
// each word, the words that followed it there, as often as they did. The
// chain is lower-cased, so that its walks invent no capitalised names: the
// entities of a generated article are the ones the generator puts in.
type chain struct {
	follow map[string][]string
}

// loadChain learns the chain from the title and body of every article in
// the *.jsonl files of dir, read in name order. It fails when dir holds no
// usable text.
func loadChain(dir string) (*chain, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	c := &chain{follow: make(map[string][]string)}
	words := 0
	for _, name := range files {
		n, err := c.learnFile(name)
		if err != nil {
			return nil, err
		}
		words += n
	}
	if words < 1000 {
		return nil, fmt.Errorf("the sample corpus %s has %d words in *.jsonl files: point --sample at testdata/corpus", dir, words)
	}
	return c, nil
}

func (c *chain) learnFile(name string) (int, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	words := 0
	for sc.Scan() {
		var r struct{ Title, Body string }
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			continue
		}
		words += c.learn(r.Body)
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("read %s: %w", name, err)
	}
	return words, nil
}

// learn adds the word pairs of text and returns its number of words.
func (c *chain) learn(text string) int {
	prev, n := "", 0
	for _, raw := range strings.Fields(text) {
		w := cleanWord(raw)
		if w == "" {
			continue
		}
		c.follow[prev] = append(c.follow[prev], w)
		n++
		prev = w
		if sentenceEnd(w) {
			prev = ""
		}
	}
	return n
}

// cleanWord lower-cases a word and drops quotes and brackets around it.
func cleanWord(w string) string {
	w = strings.TrimFunc(w, func(r rune) bool {
		return strings.ContainsRune("\"“”‘’'()[]*–—-", r)
	})
	if w == "" || strings.ContainsAny(w, "\"“”()[]|<>&@#/\\") {
		return ""
	}
	if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return ""
	}
	return strings.ToLower(w)
}

// sentenceEnd reports whether w ends a sentence.
func sentenceEnd(w string) bool {
	return strings.HasSuffix(w, ".") || strings.HasSuffix(w, "?") || strings.HasSuffix(w, "!")
}

// next returns a word that may follow prev ("" at a sentence start), or ""
// when the chain knows none.
func (c *chain) next(r *rand.Rand, prev string) string {
	succ := c.follow[prev]
	if len(succ) == 0 {
		return ""
	}
	return succ[r.IntN(len(succ))]
}
