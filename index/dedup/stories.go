package dedup

import "fmt"

// The lookup finds every earlier fingerprint within MaxDistance bits by
// the pigeonhole principle: a fingerprint's 128 bits are cut into blocks
// of blockBits, and two fingerprints within MaxDistance bits of each other
// differ in at most probeRadius bits in at least one block, because
// blocks × (probeRadius+1) > MaxDistance. Each block has a table of
// 2^blockBits buckets; a lookup visits, in every block, the buckets of the
// values within probeRadius bits of its own and checks the whole distance
// of each fingerprint found there.
const (
	blockBits   = 16
	blocks      = 128 / blockBits
	probeRadius = 2
)

// The pigeonhole argument above must hold for MaxDistance: the
// conversion of a negative constant to uint does not compile.
const _ = uint(blocks*(probeRadius+1) - MaxDistance - 1)

// Stories assigns articles to stories: an article whose fingerprint is
// within MaxDistance bits of an earlier one's joins that one's story;
// otherwise it starts a story, named by its own id. It keeps one entry per
// fingerprinted article, so that an article written again (Assign) or
// removed (Remove) leaves its old story. The zero value is ready to use;
// a Stories is not safe for concurrent use.
type Stories struct {
	entries []entry
	// free lists the slots of removed entries, for reuse.
	free []int32
	// slots maps an article's id to its entry.
	slots map[string]int32
	// heads[k][v] is the first entry (slot+1; 0 is none) whose block k
	// has the value v.
	heads [blocks][]int32
	// labels numbers the story names in use; names and members are
	// indexed by that number, freeLabels lists numbers for reuse.
	labels     map[string]int32
	names      []string
	members    []int32
	freeLabels []int32
}

// entry is one fingerprinted article.
type entry struct {
	fp    SimHash
	label int32
	// next[k] is the next entry (slot+1) in the same bucket of block k.
	next [blocks]int32
}

// blockOf returns the k-th block of fp.
func blockOf(fp SimHash, k int) uint32 {
	return uint32(fp[k/4] >> (blockBits * (k % 4)) & (1<<blockBits - 1))
}

// Len returns the number of fingerprinted articles the lookup holds.
func (s *Stories) Len() int { return len(s.slots) }

// Assign returns the story of the article id with fingerprint fp, and
// records it: the story of the nearest earlier article within MaxDistance
// bits (of the one whose story name sorts first, among equally near
// ones), or else a new story named by id (see Own). An earlier entry for
// id is replaced.
func (s *Stories) Assign(id string, fp SimHash) string {
	s.Remove(id)
	best, bestDist := int32(-1), MaxDistance+1
	s.near(fp, func(slot int32) {
		e := &s.entries[slot]
		d := Distance(fp, e.fp)
		if d <= MaxDistance && (d < bestDist || d == bestDist && s.names[e.label] < s.names[best]) {
			best, bestDist = e.label, d
		}
	})
	story := ""
	if best >= 0 {
		story = s.names[best]
	} else {
		story = s.fresh(id)
	}
	s.insert(id, fp, story)
	return story
}

// Own returns the story of an article that starts one of its own, such
// as one too short to fingerprint: named by its id, unless other articles
// still carry that name (the article started a story earlier and was
// rewritten since), in which case by id~2, id~3… An earlier entry for id
// is removed.
func (s *Stories) Own(id string) string {
	s.Remove(id)
	return s.fresh(id)
}

// Add records that the article id, with fingerprint fp, belongs to story,
// as read back from an index. An earlier entry for id is replaced.
func (s *Stories) Add(id string, fp SimHash, story string) {
	s.Remove(id)
	s.insert(id, fp, story)
}

// Remove forgets the article id; it reports whether it was there.
func (s *Stories) Remove(id string) bool {
	slot, ok := s.slots[id]
	if !ok {
		return false
	}
	delete(s.slots, id)
	e := &s.entries[slot]
	for k := range blocks {
		link := &s.heads[k][blockOf(e.fp, k)]
		for *link != slot+1 {
			link = &s.entries[*link-1].next[k]
		}
		*link = e.next[k]
	}
	if s.members[e.label]--; s.members[e.label] == 0 {
		delete(s.labels, s.names[e.label])
		s.names[e.label] = ""
		s.freeLabels = append(s.freeLabels, e.label)
	}
	*e = entry{label: -1}
	s.free = append(s.free, slot)
	return true
}

// near calls f with the slot of every entry sharing a block with fp up to
// probeRadius bits; an entry may be seen more than once.
func (s *Stories) near(fp SimHash, f func(slot int32)) {
	if s.slots == nil {
		return
	}
	for k := range blocks {
		v := blockOf(fp, k)
		table := s.heads[k]
		visit := func(v uint32) {
			for n := table[v]; n != 0; n = s.entries[n-1].next[k] {
				f(n - 1)
			}
		}
		visit(v)
		for i := range blockBits {
			vi := v ^ 1<<i
			visit(vi)
			for j := i + 1; j < blockBits; j++ {
				visit(vi ^ 1<<j)
			}
		}
	}
}

// fresh returns id, or id~2, id~3… when the name is in use.
func (s *Stories) fresh(id string) string {
	name := id
	for n := 2; ; n++ {
		if _, taken := s.labels[name]; !taken {
			return name
		}
		name = fmt.Sprintf("%s~%d", id, n)
	}
}

// insert records the entry of article id.
func (s *Stories) insert(id string, fp SimHash, story string) {
	if s.slots == nil {
		s.slots = make(map[string]int32)
		s.labels = make(map[string]int32)
		for k := range blocks {
			s.heads[k] = make([]int32, 1<<blockBits)
		}
	}
	label, ok := s.labels[story]
	if !ok {
		if n := len(s.freeLabels); n > 0 {
			label, s.freeLabels = s.freeLabels[n-1], s.freeLabels[:n-1]
			s.names[label] = story
		} else {
			label = int32(len(s.names))
			s.names = append(s.names, story)
			s.members = append(s.members, 0)
		}
		s.labels[story] = label
	}
	s.members[label]++
	var slot int32
	if n := len(s.free); n > 0 {
		slot, s.free = s.free[n-1], s.free[:n-1]
	} else {
		slot = int32(len(s.entries))
		s.entries = append(s.entries, entry{})
	}
	e := entry{fp: fp, label: label}
	for k := range blocks {
		b := blockOf(fp, k)
		e.next[k] = s.heads[k][b]
		s.heads[k][b] = slot + 1
	}
	s.entries[slot] = e
	s.slots[id] = slot
}

// bucketSizes returns, for each block, the number of entries in each of
// its non-empty buckets (for measuring the lookup).
func (s *Stories) bucketSizes() [blocks][]int {
	var out [blocks][]int
	for k := range blocks {
		for _, head := range s.heads[k] {
			n := 0
			for e := head; e != 0; e = s.entries[e-1].next[k] {
				n++
			}
			if n > 0 {
				out[k] = append(out[k], n)
			}
		}
	}
	return out
}
