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
//	if fp, ok := dedup.Fingerprint(body); ok {
//		story := s.Assign(id, fp) // the id of the story's first copy seen
//	}
package dedup
