package dedup

import (
	"encoding/hex"
	"fmt"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// shingle is the number of consecutive words hashed together.
const shingle = 3

// MaxDistance is the largest number of differing fingerprint bits (of
// 128) for two texts to count as copies of one story.
const MaxDistance = 20 // chosen by TestDuplicateDetection (docs/FEEDS.md)

// minWords is the shortest text fingerprinted: shorter ones (a title
// alone) say too little to tell stories apart.
const minWords = 40

// minParagraphWords is the shortest paragraph that counts towards a
// fingerprint: shorter ones are where outlets differ (datelines, bylines,
// "Read more" links, copyright lines, sub-headings).
const minParagraphWords = 12

// SimHash is a 128-bit fingerprint of a text: near-identical texts have
// fingerprints a few bits apart, unrelated ones about 64 bits apart.
type SimHash [2]uint64

// String returns the fingerprint as 32 hexadecimal digits.
func (h SimHash) String() string {
	return fmt.Sprintf("%016x%016x", h[0], h[1])
}

// ParseSimHash reads a fingerprint written by String. It returns an error
// for anything but 32 hexadecimal digits.
func ParseSimHash(s string) (SimHash, error) {
	var b [16]byte
	if len(s) != 32 {
		return SimHash{}, fmt.Errorf("fingerprint %q: want 32 hexadecimal digits", s)
	}
	if _, err := hex.Decode(b[:], []byte(s)); err != nil {
		return SimHash{}, fmt.Errorf("fingerprint %q: want 32 hexadecimal digits", s)
	}
	var h SimHash
	for i := range 8 {
		h[0] = h[0]<<8 | uint64(b[i])
		h[1] = h[1]<<8 | uint64(b[8+i])
	}
	return h, nil
}

// Distance returns the number of bits two fingerprints differ in.
func Distance(a, b SimHash) int {
	return bits.OnesCount64(a[0]^b[0]) + bits.OnesCount64(a[1]^b[1])
}

// Fingerprint returns the SimHash of the 3-word shingles of text's
// paragraphs (separated by blank lines) of at least minParagraphWords
// words, and false when that is too little text to fingerprint. Words are
// runs of letters and digits, compared without case.
//
// Each shingle is hashed to 128 bits: two 64-bit halves mixed from one
// hash of its three words. Bit b of the fingerprint is set when most
// shingles' hashes have it set.
func Fingerprint(text string) (SimHash, bool) {
	var buf [1024]uint64
	words := buf[:0]
	var para []uint64
	for p := range strings.SplitSeq(text, "\n\n") {
		para = appendWordHashes(para[:0], p)
		if len(para) >= minParagraphWords {
			words = append(words, para...)
		}
	}
	if len(words) < minWords {
		return SimHash{}, false
	}
	var votes [2]votes
	for i := 0; i+shingle <= len(words); i++ {
		h := mix(words[i] ^ bits.RotateLeft64(words[i+1], 21) ^ bits.RotateLeft64(words[i+2], 42))
		votes[0].add(h)
		votes[1].add(mix(h + 0x9e3779b97f4a7c15))
	}
	n := uint64(len(words) - shingle + 1)
	return SimHash{votes[0].majority(n), votes[1].majority(n)}, true
}

// appendWordHashes appends the FNV-1a hashes of the lower-cased words of p
// to dst.
func appendWordHashes(dst []uint64, p string) []uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h, in := uint64(offset), false
	for _, r := range p {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
			h = (h ^ uint64(r)) * prime
		case 'A' <= r && r <= 'Z':
			h = (h ^ uint64(r+'a'-'A')) * prime
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			var b [utf8.UTFMax]byte
			for _, c := range b[:utf8.EncodeRune(b[:], unicode.ToLower(r))] {
				h = (h ^ uint64(c)) * prime
			}
		default:
			if in {
				dst = append(dst, h)
				h, in = offset, false
			}
			continue
		}
		in = true
	}
	if in {
		dst = append(dst, h)
	}
	return dst
}

// mix scrambles x (the finaliser of SplitMix64): every bit of the result
// depends on every bit of x.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// votes counts, for each of 64 bit positions, how many of the values
// added have the bit set. The counts are kept bit-sliced: bit b of
// planes[j] is bit j of the count of position b, so adding a value is a
// binary addition done for all 64 positions at once.
type votes struct {
	planes [64]uint64
}

// add counts the set bits of v.
func (c *votes) add(v uint64) {
	for j := 0; v != 0; j++ {
		carry := c.planes[j] & v
		c.planes[j] ^= v
		v = carry
	}
}

// majority returns the positions set in more than half of n values.
func (c *votes) majority(n uint64) uint64 {
	var out uint64
	for b := range 64 {
		var count uint64
		for j := range bits.Len64(n) {
			count |= (c.planes[j] >> b & 1) << j
		}
		if 2*count > n {
			out |= 1 << b
		}
	}
	return out
}
