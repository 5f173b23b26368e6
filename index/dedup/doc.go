// Package dedup recognises syndicated copies of one story: the same wire
// report published by several outlets, with their own headlines, bylines,
// boilerplate and trims. It fingerprints an article's text with a 128-bit
// SimHash over word shingles, so near-identical texts get fingerprints a
// few bits apart while different stories — even templated ones such as
// daily strike reports — land far apart, and finds earlier copies with the
// pigeonhole principle (a fingerprint within MaxDistance bits of another
// agrees with it within 2 bits on at least one of its seven 18-bit blocks).
//
//	var s dedup.Stories
//	if fp, ok := dedup.Fingerprint(body); ok {
//		story := s.Assign(id, fp) // the story of the nearest earlier copy, or id
//	} else {
//		story := s.Own(id) // too short to compare: a story of its own
//	}
//	s.Remove(id) // the article was deleted
package dedup
