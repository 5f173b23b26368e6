package tagger

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

func TestClusterPrefix(t *testing.T) {
	c, err := parseCluster("0110")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		n    int
		want string
	}{{1, "0"}, {2, "01"}, {4, "0110"}, {8, "0110"}, {MaxClusterDepth, "0110"}} {
		if got := c.Prefix(tc.n).String(); got != tc.want {
			t.Errorf("Prefix(%d) of 0110 = %s, want %s", tc.n, got, tc.want)
		}
	}
	// Prefixes of other lengths are other features: 01 is not 0001.
	a, _ := parseCluster("01")
	b, _ := parseCluster("0001")
	if a == b || a.Len() != 2 || b.Len() != 4 {
		t.Errorf("01 = %d (%d steps), 0001 = %d (%d steps): want two values", a, a.Len(), b, b.Len())
	}
	if Cluster(0).Prefix(4) != 0 || Cluster(0).String() != "-" {
		t.Errorf("no cluster: Prefix %v, String %q", Cluster(0).Prefix(4), Cluster(0).String())
	}
	for _, bad := range []string{"", "012", strings.Repeat("1", MaxClusterDepth+1)} {
		if _, err := parseCluster(bad); err == nil {
			t.Errorf("parseCluster(%q): want an error", bad)
		}
	}
}

func TestClusterKey(t *testing.T) {
	for in, want := range map[string]string{"F-35": "F-00", "Mosul": "Mosul", "3rd": "0rd", "2026": "0000", "0": "0"} {
		if got := ClusterKey(in); got != want {
			t.Errorf("ClusterKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClustersRoundTrip(t *testing.T) {
	of := map[string]Cluster{}
	for w, p := range map[string]string{"Mosul": "0110", "Kirkuk": "0110", "Hamas": "10", "said": "111", "F-00": "0111"} {
		c, err := parseCluster(p)
		if err != nil {
			t.Fatal(err)
		}
		of[w] = c
	}
	var a, b bytes.Buffer
	if err := WriteClusters(&a, []string{"test"}, of); err != nil {
		t.Fatal(err)
	}
	if err := WriteClusters(&b, []string{"test"}, of); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same clusters wrote other bytes")
	}
	c, err := LoadClusters(a.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != len(of) {
		t.Errorf("read %d words, want %d", c.Len(), len(of))
	}
	for w, want := range of {
		if got := c.Of(w); got != want {
			t.Errorf("Of(%q) = %v, want %v", w, got, want)
		}
	}
	if got := c.Of("F-16"); got != of["F-00"] {
		t.Errorf("Of(F-16) = %v, want F-00's %v", got, of["F-00"])
	}
	if c.Of("Basra") != 0 || (*Clusters)(nil).Of("Mosul") != 0 {
		t.Error("a word without a cluster, or a nil table, gave a cluster")
	}
	if err := WriteClusters(&a, nil, map[string]Cluster{"two words": 2}); err == nil {
		t.Error("a word with a space: want an error")
	}
}

func TestLoadClustersRefusesCorrupt(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	for name, data := range map[string][]byte{
		"not gzip":   []byte("0110\tMosul\n"),
		"no tab":     gz("0110 Mosul\n"),
		"not a path": gz("01x0\tMosul\n"),
	} {
		if _, err := LoadClusters(data); err == nil || !strings.Contains(err.Error(), "make word-clusters") {
			t.Errorf("%s: err %v, want one that says to remake them", name, err)
		}
	}
}

// TestTagReadsClusters: two kinds of name written in the same places, told
// apart only by their clusters; names never seen take the kind of their
// cluster.
func TestTagReadsClusters(t *testing.T) {
	if !UsesClusters() {
		t.Skip("the cluster features are off (clusterPrefixes, neighbourPrefixes)")
	}
	orgs, _ := parseCluster("0101")
	people, _ := parseCluster("1100")
	orgNames := []string{"Vorplex", "Dantec", "Mirovia", "Quelsan", "Tarbex", "Lumora"}
	personNames := []string{"Okafor", "Bremmel", "Sadiq", "Varga", "Lindqvist", "Moreau"}
	var data []Sentence
	for i := range 60 {
		for _, n := range []struct {
			word string
			c    Cluster
			kind Kind
		}{{orgNames[i%6], orgs, Org}, {personNames[i%6], people, Per}} {
			s := sent("Yesterday/O " + n.word + "/B-" + n.kind.String() + " announced/O a/O plan/O ./O")
			s.Toks[1].Cluster = n.c
			data = append(data, s)
		}
	}
	m := Train(data, opts)
	var sc Scratch
	for _, tc := range []struct {
		word string
		c    Cluster
		want Kind
	}{{"Hexaro", orgs, Org}, {"Nwosu", people, Per}} {
		toks := sent("Yesterday " + tc.word + " announced a plan .").Toks
		toks[1].Cluster = tc.c
		sp := m.Tag(toks, &sc, nil)
		if len(sp) != 1 || sp[0].I != 1 || sp[0].Kind != tc.want {
			t.Errorf("%s in cluster %v: got %v, want one %s", tc.word, tc.c, sp, tc.want)
		}
	}
}
