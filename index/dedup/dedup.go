package dedup

import (
	"hash/fnv"
	"math/bits"
	"strings"
	"unicode"
)

// shingle is the number of consecutive words hashed together.
const shingle = 3

// MaxDistance is the largest number of differing fingerprint bits for two
// texts to count as copies of one story.
const MaxDistance = 10 // chosen by TestDuplicateDetection (docs/FEEDS.md)

// blocks splits a 64-bit fingerprint for the pigeonhole lookup: with
// MaxDistance+1 blocks, two fingerprints within MaxDistance bits agree on
// at least one block.
const blocks = MaxDistance + 1

// minWords is the shortest text fingerprinted: shorter ones (a title
// alone) say too little to tell stories apart.
const minWords = 40

// minParagraphWords is the shortest paragraph that counts towards a
// fingerprint: shorter ones are where outlets differ (datelines, bylines,
// "Read more" links, copyright lines, sub-headings).
const minParagraphWords = 12

// Fingerprint returns the SimHash of the word shingles of text's
// paragraphs (separated by blank lines) of at least minParagraphWords
// words, and false when that is too little text to fingerprint.
func Fingerprint(text string) (uint64, bool) {
	var words []string
	for p := range strings.SplitSeq(text, "\n\n") {
		w := strings.FieldsFunc(strings.ToLower(p), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		if len(w) >= minParagraphWords {
			words = append(words, w...)
		}
	}
	if len(words) < minWords {
		return 0, false
	}
	var counts [64]int
	h := fnv.New64a()
	for i := 0; i+shingle <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+shingle] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		v := h.Sum64()
		for b := range 64 {
			if v&(1<<b) != 0 {
				counts[b]++
			} else {
				counts[b]--
			}
		}
	}
	var fp uint64
	for b, c := range counts {
		if c > 0 {
			fp |= 1 << b
		}
	}
	return fp, true
}

// Distance returns the number of bits two fingerprints differ in.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// Stories assigns story ids: a text within MaxDistance bits of one seen
// before joins that story; otherwise it starts one, named by its own id.
// The zero value is ready to use; it is not safe for concurrent use.
type Stories struct {
	byBlock [blocks]map[uint64][]entry
}

type entry struct {
	fp    uint64
	story string
}

// blockOf returns the k-th of the blocks of fp.
func blockOf(fp uint64, k int) uint64 {
	width := 64 / blocks
	shift := k * width
	if k == blocks-1 {
		return fp >> shift
	}
	return (fp >> shift) & (1<<width - 1)
}

// Assign returns the story of the text with fingerprint fp and id: the
// story of the nearest earlier copy, or id when there is none.
func (s *Stories) Assign(id string, fp uint64) string {
	best, bestDist := "", MaxDistance+1
	for k := range blocks {
		for _, e := range s.byBlock[k][blockOf(fp, k)] {
			if d := Distance(fp, e.fp); d < bestDist {
				best, bestDist = e.story, d
			}
		}
	}
	story := id
	if best != "" {
		story = best
	}
	for k := range blocks {
		if s.byBlock[k] == nil {
			s.byBlock[k] = map[uint64][]entry{}
		}
		b := blockOf(fp, k)
		s.byBlock[k][b] = append(s.byBlock[k][b], entry{fp: fp, story: story})
	}
	return story
}
