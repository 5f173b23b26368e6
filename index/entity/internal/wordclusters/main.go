// Command wordclusters learns the word classes the entity tagger reads
// (internal/tagger, Cluster) from unlabelled, openly licensed text, and
// writes them where package entity embeds them:
//
//	go run ./index/entity/internal/wordclusters   # = make word-clusters
//
// Each word seen at least -min times is described by the words around it:
// the word before and after it and the ones two away, each a dimension of
// its own when it is one of the -contexts most frequent words, otherwise
// only its shape (capitalised, lower case, a number, other), with positive
// pointwise mutual information as the weight (the contexts' counts
// smoothed to the power 0.75), the vector of unit length. The words are
// then split in two again and again (divisive clustering): each group
// along its principal direction (found by power iteration), refined by
// spherical 2-means, down to -depth steps or groups of fewer than 2×-leaf
// words. A word's cluster is its path in that tree, so that words written
// in like contexts ("Baghdad", "Mosul"; "Hezbollah", "Hamas") share long
// prefixes. Everything runs in a fixed order: the same text and flags give
// the same bytes.
//
// The text: the tokens of the GMB extract of Voice of America news (public
// domain) and of WikiGold (CC BY 4.0) from shared/data/ner (-ner), the
// bodies of re3d-dev (public domain; -re3d) and the files of -corpus
// (JSON Lines articles or plain text; the sample corpus less its DVIDS
// articles, which are the project's validation set). Only their words are
// read, never their tags.
package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/internal/shared"
	"github.com/sitrep/sitrep/index/entity/internal/tagger"
)

func main() {
	var o options
	o.flags(flag.CommandLine)
	out := flag.String("out", "index/entity/data/clusters.txt.gz", "file to write")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	data, err := o.make(log)
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		log.Error("wordclusters: " + err.Error())
		os.Exit(1)
	}
	log.Info("wrote", "file", *out, "bytes", len(data))
}

// options are the flags; the shipped file is made with their defaults.
type options struct {
	shared.Sources
	corpus                     string
	min, contexts, depth, leaf int
}

// flags registers the options on fs.
func (o *options) flags(fs *flag.FlagSet) {
	o.Sources.Flags(fs, "sources to read")
	fs.StringVar(&o.corpus, "corpus", "testdata/corpus/re3d-dev.jsonl,testdata/corpus/wallander-iraq-kurdistan.txt", "more text, comma-separated: JSON Lines articles (title, body; an id read before is skipped) or plain text files")
	fs.IntVar(&o.min, "min", 2, "cluster the words seen at least this many times")
	fs.IntVar(&o.contexts, "contexts", 1000, "the most frequent words that are context dimensions of their own")
	fs.IntVar(&o.depth, "depth", 10, "the longest path")
	fs.IntVar(&o.leaf, "leaf", 4, "do not split a group of fewer than twice this many words")
}

// make learns the clusters and returns the file's bytes.
func (o *options) make(log *slog.Logger) ([]byte, error) {
	if o.depth < 1 || o.depth > tagger.MaxClusterDepth || o.min < 1 || o.contexts < 1 || o.leaf < 1 {
		return nil, fmt.Errorf("-depth must be 1 to %d, -min, -contexts and -leaf at least 1", tagger.MaxClusterDepth)
	}
	x, err := entity.NewWithModel(nil)
	if err != nil {
		return nil, err
	}
	var t text
	seen := map[string]bool{}
	for src := range strings.SplitSeq(o.List, ",") {
		switch src = strings.TrimSpace(src); src {
		case "gmb", "wikigold":
			var path string
			if path, err = o.CoNLL(src); err == nil {
				err = t.conll(path)
			}
		case "re3d":
			var path string
			if path, err = o.Re3dFile(); err == nil {
				err = t.file(x, path, seen)
			}
		default:
			err = fmt.Errorf("-sources: unknown source %q, use gmb, wikigold or re3d", src)
		}
		if err != nil {
			return nil, err
		}
	}
	for p := range strings.SplitSeq(o.corpus, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if err := t.file(x, p, seen); err != nil {
				return nil, err
			}
		}
	}
	log.Info("read", "tokens", t.tokens, "words", len(t.words), "sentences", len(t.sents))
	vs, words := t.vectors(o.min, o.contexts)
	paths := cluster(vs, o.depth, o.leaf)
	of := map[string]tagger.Cluster{}
	leaves := map[tagger.Cluster]bool{}
	for i, w := range words {
		of[w] = paths[i]
		leaves[paths[i]] = true
	}
	log.Info("clusters", "words", len(of), "leaves", len(leaves))
	head := []string{
		"Word clusters for the entity tagger: a path (a place in a binary tree), a tab, its words.",
		fmt.Sprintf("Made by go run ./index/entity/internal/wordclusters -min %d -contexts %d -depth %d -leaf %d -sources %s (make word-clusters); do not edit.", o.min, o.contexts, o.depth, o.leaf, o.List),
		fmt.Sprintf("From the words (never the tags) of %d tokens: %s.", t.tokens, strings.Join(t.names, ", ")),
		"Sources: GMB (Voice of America news, public domain), WikiGold (CC BY 4.0), re3d (Dstl, public domain); see docs/ENTITIES.md.",
	}
	var buf bytes.Buffer
	if err := tagger.WriteClusters(&buf, head, of); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// text is the unlabelled text read: sentences of word numbers.
type text struct {
	words  []string
	num    map[string]int32
	count  []int
	sents  [][]int32
	tokens int
	names  []string
}

// add appends a sentence of words.
func (t *text) add(ws []string) {
	if len(ws) == 0 {
		return
	}
	if t.num == nil {
		t.num = map[string]int32{}
	}
	s := make([]int32, len(ws))
	for i, w := range ws {
		k := tagger.ClusterKey(w)
		n, ok := t.num[k]
		if !ok {
			n = int32(len(t.words))
			t.num[k] = n
			t.words = append(t.words, k)
			t.count = append(t.count, 0)
		}
		t.count[n]++
		s[i] = n
	}
	t.tokens += len(ws)
	t.sents = append(t.sents, s)
}

// conll reads the words of a gzipped file of "word TAG" lines,
// sentences apart.
func (t *text) conll(path string) error {
	t.names = append(t.names, filepath.Base(path))
	return shared.ReadCoNLL(path, func(words, _ []string) error {
		t.add(words)
		return nil
	}, func() {})
}

// file reads JSON Lines articles or a plain text file, tokenised as the
// extractor tokenises text. seen holds the ids of the articles read.
func (t *text) file(x *entity.Extractor, path string, seen map[string]bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%w (pass -re3d and -corpus with files that exist)", err)
	}
	t.names = append(t.names, filepath.Base(path))
	if !strings.HasSuffix(path, ".jsonl") {
		t.prose(x, string(data))
		return nil
	}
	for n, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var a struct{ ID, Title, Body string }
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n+1, err)
		}
		if a.ID != "" && seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		t.prose(x, a.Title+"\n"+a.Body)
	}
	return nil
}

// prose adds the sentences of a text.
func (t *text) prose(x *entity.Extractor, s string) {
	toks, _ := x.TaggerTokens(s)
	var ws []string
	for _, tok := range toks {
		if tok.Sentence {
			t.add(ws)
			ws = ws[:0]
		}
		ws = append(ws, tok.Text)
	}
	t.add(ws)
}

// The shapes a context word outside the frequent ones is read as, and the
// boundary of a sentence.
const (
	shapeCapital = iota
	shapeLower
	shapeNumber
	shapeOther
	shapeBoundary
	numShapes
)

func shape(w string) int {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.IsUpper(r):
		return shapeCapital
	case unicode.IsLetter(r):
		return shapeLower
	case unicode.IsDigit(r):
		return shapeNumber
	}
	return shapeOther
}

// entry is one dimension of a sparse vector.
type entry struct {
	d int32
	v float64
}

// vectors returns the context vectors of the words seen at least min
// times, most frequent first (ties in byte order), and those words.
func (t *text) vectors(min, contexts int) ([][]entry, []string) {
	order := make([]int32, len(t.words))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(t.count[b], t.count[a]), strings.Compare(t.words[a], t.words[b]))
	})
	// A context word's dimension (within one position).
	ctx := make([]int32, len(t.words))
	for rank, n := range order {
		if rank < contexts {
			ctx[n] = int32(rank)
		} else {
			ctx[n] = int32(contexts + shape(t.words[n]))
		}
	}
	per := int32(contexts + numShapes)
	dims := 4 * per
	row := make([]int32, len(t.words)) // a clustered word's row, or -1
	var words []string
	for i := range row {
		row[i] = -1
	}
	for _, n := range order {
		if t.count[n] >= min {
			row[n] = int32(len(words))
			words = append(words, t.words[n])
		}
	}
	counts := make([]map[int32]float64, len(words))
	for i := range counts {
		counts[i] = map[int32]float64{}
	}
	dimCount := make([]float64, dims)
	total := 0.0
	for _, s := range t.sents {
		for i, n := range s {
			for p, off := range [4]int{-2, -1, 1, 2} {
				j := i + off
				c := per*int32(p) + int32(contexts+shapeBoundary)
				if j >= 0 && j < len(s) {
					c = per*int32(p) + ctx[s[j]]
				}
				dimCount[c]++
				if r := row[n]; r >= 0 {
					counts[r][c]++
				}
			}
			total++
		}
	}
	// Context counts smoothed to the power 0.75, per position.
	smooth := make([]float64, dims)
	for p := range int32(4) {
		sum := 0.0
		for d := p * per; d < (p+1)*per; d++ {
			smooth[d] = math.Pow(dimCount[d], 0.75)
			sum += smooth[d]
		}
		for d := p * per; d < (p+1)*per; d++ {
			smooth[d] /= sum
		}
	}
	vs := make([][]entry, len(words))
	for r, w := range words {
		pw := float64(t.count[t.num[w]]) / total
		var v []entry
		for d, c := range counts[r] {
			pmi := math.Log(float64(c/total) / float64(pw*smooth[d]))
			if pmi > 0 {
				v = append(v, entry{d, pmi})
			}
		}
		slices.SortFunc(v, func(a, b entry) int { return cmp.Compare(a.d, b.d) })
		norm := 0.0
		for _, e := range v {
			norm += float64(e.v * e.v)
		}
		norm = math.Sqrt(norm)
		for k := range v {
			v[k].v /= norm
		}
		vs[r] = v
	}
	return vs, words
}

// cluster splits the words (their vectors vs) in two again and again and
// returns each word's path.
func cluster(vs [][]entry, depth, leaf int) []tagger.Cluster {
	paths := make([]tagger.Cluster, len(vs))
	var s splitter
	type group struct {
		c       tagger.Cluster
		members []int32
	}
	all := make([]int32, len(vs))
	for i := range all {
		all[i] = int32(i)
	}
	stack := []group{{tagger.RootCluster, all}}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		var a, b []int32
		if g.c.Len() < depth && len(g.members) >= 2*leaf {
			a, b = s.split(vs, g.members)
		}
		if len(a) == 0 || len(b) == 0 {
			for _, m := range g.members {
				paths[m] = g.c
			}
			continue
		}
		stack = append(stack, group{g.c.Child(1), b}, group{g.c.Child(0), a})
	}
	// The root alone is no path: a single group is one child.
	for i, p := range paths {
		if p == tagger.RootCluster {
			paths[i] = p.Child(0)
		}
	}
	return paths
}

// splitter splits a group of vectors in two; its buffers are reused.
type splitter struct {
	local                   []int32 // global dimension → the group's, or -1
	used                    []int32 // the group's dimensions, global
	mean, dir, next, c0, c1 []float64
}

// split divides members (most frequent first) in two: by the sign of their
// projection on the group's principal direction, then by spherical 2-means.
// The part holding the group's most frequent word comes first.
func (s *splitter) split(vs [][]entry, members []int32) (a, b []int32) {
	for _, m := range members {
		for _, e := range vs[m] {
			for int(e.d) >= len(s.local) {
				s.local = append(s.local, -1)
			}
			if s.local[e.d] < 0 {
				s.local[e.d] = int32(len(s.used))
				s.used = append(s.used, e.d)
			}
		}
	}
	defer func() {
		for _, d := range s.used {
			s.local[d] = -1
		}
		s.used = s.used[:0]
	}()
	n := len(s.used)
	if n == 0 {
		return nil, nil
	}
	zero := func(v []float64) []float64 {
		v = slices.Grow(v[:0], n)[:n]
		clear(v)
		return v
	}
	dot := func(v []entry, d []float64) float64 {
		x := 0.0
		for _, e := range v {
			x += float64(e.v * d[s.local[e.d]])
		}
		return x
	}
	s.mean = zero(s.mean)
	for _, m := range members {
		for _, e := range vs[m] {
			s.mean[s.local[e.d]] += e.v
		}
	}
	for k := range s.mean {
		s.mean[k] /= float64(len(members))
	}
	// Power iteration on the covariance, from the most frequent word.
	s.dir = zero(s.dir)
	for _, e := range vs[members[0]] {
		s.dir[s.local[e.d]] = e.v
	}
	for k := range s.dir {
		s.dir[k] -= s.mean[k]
	}
	if !unit(s.dir) {
		return nil, nil
	}
	for range 25 {
		mu := dotDense(s.mean, s.dir)
		s.next = zero(s.next)
		sum := 0.0
		for _, m := range members {
			p := dot(vs[m], s.dir) - mu
			sum += p
			for _, e := range vs[m] {
				s.next[s.local[e.d]] += float64(p * e.v)
			}
		}
		for k := range s.next {
			s.next[k] -= float64(sum * s.mean[k])
		}
		if !unit(s.next) {
			break
		}
		s.dir, s.next = s.next, s.dir
	}
	side := make([]bool, len(members))
	mu := dotDense(s.mean, s.dir)
	for i, m := range members {
		side[i] = dot(vs[m], s.dir)-mu > 0
	}
	// Spherical 2-means.
	for range 10 {
		s.c0, s.c1 = zero(s.c0), zero(s.c1)
		for i, m := range members {
			c := s.c0
			if side[i] {
				c = s.c1
			}
			for _, e := range vs[m] {
				c[s.local[e.d]] += e.v
			}
		}
		if !unit(s.c0) || !unit(s.c1) {
			break
		}
		moved := false
		for i, m := range members {
			to := dot(vs[m], s.c1) > dot(vs[m], s.c0)
			if to != side[i] {
				side[i], moved = to, true
			}
		}
		if !moved {
			break
		}
	}
	first := side[0]
	for i, m := range members {
		if side[i] == first {
			a = append(a, m)
		} else {
			b = append(b, m)
		}
	}
	return a, b
}

func dotDense(a, b []float64) float64 {
	x := 0.0
	for k := range a {
		x += float64(a[k] * b[k])
	}
	return x
}

// unit scales v to length 1 and reports whether it could.
func unit(v []float64) bool {
	n := math.Sqrt(dotDense(v, v))
	if n == 0 || math.IsNaN(n) {
		return false
	}
	for k := range v {
		v[k] /= n
	}
	return true
}
