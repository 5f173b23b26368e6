package entity

// The word clusters the tagger reads: classes of words learnt from
// unlabelled text by internal/wordclusters (make word-clusters), so that
// the tagger knows a name no list holds by the company it keeps.

import (
	_ "embed"

	"github.com/sitrep/sitrep/index/entity/internal/tagger"
)

//go:embed data/clusters.txt.gz
var clustersData []byte

// WordCluster returns the cluster of one word, as the tagger's features
// see it. Training (internal/train) reads its data through it, as it
// does WordClass.
func (x *Extractor) WordCluster(w string) tagger.Cluster {
	return x.clusters.Of(w)
}

// WordClusters returns the embedded clusters file, for the test that
// remakes it.
func WordClusters() []byte { return clustersData }
