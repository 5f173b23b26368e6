// Package scorchx is where Sitrep reaches inside bleve: everything that
// depends on bleve's scorch index, its document numbering and its
// searchers, rather than on bleve's public API, lives here, so that a
// bleve upgrade touches this package alone and package search keeps only
// Sitrep's semantics (queries, facets' meaning, stories, paging).
//
// A search opens a Snapshot of the index (Open), one unchanging view
// that every step of the search reads:
//
//   - Tables: for every immutable segment, a table of each article's
//     facet values, publication month and date, ID and story, built from
//     doc values on the first search that meets the segment and kept in
//     a TableCache until the segment is merged away. An article is known
//     by its document number, which Tables.Locate turns into a table and
//     a row.
//   - EachMatch calls a function with the document number and score of
//     every match of a query, in document order (a match-all query walks
//     the live articles instead).
//   - Collect finds the top hits of a bleve.SearchRequest with bleve's
//     top-N collector, sorting on dates and IDs from the tables, handing
//     every match to a counting function on the way, then loads and
//     highlights the hits (finding the term locations of the hits alone).
//
// Epoch reads the index's snapshot epoch, which a result cache is keyed
// on. PhraseQuery is a phrase query that checks word positions in the
// words' own postings: it finds and scores the same articles as bleve's
// MatchPhraseQuery, faster.
package scorchx
