// Package dedup recognises syndicated copies of one story: the same wire
// report published by several outlets, with their own headlines, bylines,
// boilerplate and trims. It fingerprints an article's text with SimHash
// over word shingles, so near-identical texts get fingerprints a few bits
// apart while different stories — even templated ones such as daily strike
// reports — land far apart, and finds earlier copies in constant time with
// the pigeonhole principle (a fingerprint within MaxDistance bits of
// another shares at least one of MaxDistance+1 blocks with it exactly).
//
//	var s dedup.Stories
//	story := s.Assign(id, dedup.Fingerprint(body)) // the story id of the first copy seen
package dedup
