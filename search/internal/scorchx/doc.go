// Package scorchx is where Sitrep reaches inside bleve: everything that
// depends on bleve's scorch index and its searchers rather than on bleve's
// public API lives here, so that a bleve upgrade touches this package
// alone and package search keeps only Sitrep's semantics.
//
// It holds PhraseQuery, a phrase query that checks word positions in the
// words' own postings (bleve's MatchPhraseQuery finds and scores the same
// articles, more slowly).
package scorchx
