package tagger

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"fmt"
	"io"
	"maps"
	"math/bits"
	"slices"
	"strings"
)

// Cluster is a word's place in a binary tree of word classes learnt from
// unlabelled text (index/entity/internal/wordclusters): the path from the
// root as bits, under a leading 1 that marks its length. Words used alike
// share the first steps of their paths, so that a prefix of the path is a
// coarser class. 0 is the cluster of a word the tree does not hold.
type Cluster uint32

// MaxClusterDepth is the longest path a Cluster holds.
const MaxClusterDepth = 30

// Len returns the length of the path.
func (c Cluster) Len() int {
	if c == 0 {
		return 0
	}
	return bits.Len32(uint32(c)) - 1
}

// Prefix returns the cluster of the first n steps of the path, or the
// whole path when it is shorter.
func (c Cluster) Prefix(n int) Cluster {
	if l := c.Len(); l > n {
		return c >> (l - n)
	}
	return c
}

// Child returns the cluster one step below c, on side bit (0 or 1).
func (c Cluster) Child(bit int) Cluster { return c<<1 | Cluster(bit&1) }

// RootCluster is the cluster of every word, the empty path.
const RootCluster Cluster = 1

// String writes the path as "0110" ("" for the root, "-" for none).
func (c Cluster) String() string {
	if c == 0 {
		return "-"
	}
	l := c.Len()
	b := make([]byte, l)
	for i := range l {
		b[i] = '0' + byte(c>>(l-1-i)&1)
	}
	return string(b)
}

// parseCluster reads a path written by String.
func parseCluster(s string) (Cluster, error) {
	if len(s) == 0 || len(s) > MaxClusterDepth {
		return 0, fmt.Errorf("path %q is empty or longer than %d steps", s, MaxClusterDepth)
	}
	c := RootCluster
	for i := 0; i < len(s); i++ {
		if s[i] != '0' && s[i] != '1' {
			return 0, fmt.Errorf("path %q has a step other than 0 or 1", s)
		}
		c = c.Child(int(s[i] - '0'))
	}
	return c, nil
}

// ClusterKey is the form of a word the clusters are learnt and looked up
// by: as written, with each ASCII digit as 0 ("F-35" and "F-16" are one
// word). It allocates only for words with digits.
func ClusterKey(w string) string {
	i := strings.IndexAny(w, "123456789")
	if i < 0 {
		return w
	}
	b := []byte(w)
	for ; i < len(b); i++ {
		if b[i] >= '1' && b[i] <= '9' {
			b[i] = '0'
		}
	}
	return string(b)
}

// Clusters maps words (by ClusterKey) to their clusters. It is immutable
// and safe for concurrent use; a nil *Clusters knows no word.
type Clusters struct {
	of map[string]Cluster
}

// Of returns the cluster of a word, 0 when it has none.
func (c *Clusters) Of(w string) Cluster {
	if c == nil {
		return 0
	}
	return c.of[ClusterKey(w)]
}

// Len returns the number of words with a cluster.
func (c *Clusters) Len() int {
	if c == nil {
		return 0
	}
	return len(c.of)
}

// The clusters file: gzipped lines of comments ("# …"), then one line per
// leaf of the tree, its path and its words separated by spaces after a
// tab, paths in byte order and words in byte order within a line.

// LoadClusters reads a file written by WriteClusters.
func LoadClusters(data []byte) (*Clusters, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read word clusters: %w (remake them with make word-clusters)", err)
	}
	c := &Clusters{of: map[string]Cluster{}}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<16), 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		path, words, ok := strings.Cut(line, "\t")
		cl, err := parseCluster(path)
		if !ok || err != nil {
			return nil, fmt.Errorf("read word clusters: line %d is not a path, a tab and words (%v); remake them with make word-clusters", n, err)
		}
		for w := range strings.FieldsSeq(words) {
			c.of[w] = cl
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read word clusters: %w (remake them with make word-clusters)", err)
	}
	return c, nil
}

// WriteClusters writes the clusters of words (by ClusterKey) after the
// comment lines of head; the same clusters give the same bytes.
func WriteClusters(w io.Writer, head []string, of map[string]Cluster) error {
	leaves := map[Cluster][]string{}
	for word, c := range of {
		if c == 0 || word == "" || strings.ContainsAny(word, " \t\n") {
			return fmt.Errorf("write word clusters: word %q or its cluster cannot be written", word)
		}
		leaves[c] = append(leaves[c], word)
	}
	paths := slices.SortedFunc(maps.Keys(leaves), func(a, b Cluster) int { return cmp.Compare(a.String(), b.String()) })
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	for _, h := range head {
		fmt.Fprintf(bw, "# %s\n", h)
	}
	for _, p := range paths {
		ws := leaves[p]
		slices.Sort(ws)
		fmt.Fprintf(bw, "%s\t%s\n", p, strings.Join(ws, " "))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}
