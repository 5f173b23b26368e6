// Package indextest builds real Sitrep indexes for tests: from the sample
// corpus shipped in testdata/corpus, or from articles a test writes itself.
package indextest
