package dedup

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// The lookup finds every earlier fingerprint within MaxDistance bits by
// the pigeonhole principle: blocks of blockBits bits are cut from a
// fingerprint's 128, and two fingerprints within MaxDistance bits of each
// other differ in at most probeRadius bits in at least one block, because
// blocks × (probeRadius+1) > MaxDistance. Each block has a table of
// 2^blockBits buckets; a lookup visits, in every block, the buckets of the
// values within probeRadius bits of its own and checks the whole distance
// of each fingerprint found there.
//
// Seven blocks of 18 bits probed within 2 bits visit 7 × 172 buckets,
// 0.46 % of all entries (eight of 16 bits visited 1.7 %). A table keeps
// its buckets' slots contiguous, in one array, so that checking them is a
// run of independent loads rather than a chain of dependent ones: at 1M
// articles a bucket chain cost a cache miss per entry, 2.9 ms a lookup.
// Beside each slot a table holds a window of 64 other bits of its
// fingerprint: two fingerprints within MaxDistance bits are within it
// there too, which rules out all but ~0.2 % of unrelated ones without
// reading more. Entries
// added since a table was built are kept in a short list that
// every lookup scans whole; the tables are rebuilt when it outgrows
// rebuildAfter.
const (
	blockBits   = 18
	blocks      = 7
	probeRadius = 2
)

// The pigeonhole argument above must hold for MaxDistance, and the blocks
// must fit in 128 bits: the conversion of a negative constant to uint
// does not compile.
const (
	_ = uint(blocks*(probeRadius+1) - MaxDistance - 1)
	_ = uint(128 - blocks*blockBits)
	_ = uint(128 - 64 - blockBits)
)

// Stories assigns articles to stories: an article whose fingerprint is
// within MaxDistance bits of an earlier one's joins that one's story;
// otherwise it starts a story, named by its own id. It keeps one entry per
// fingerprinted article, so that an article written again (Assign) or
// removed (Remove) leaves its old story. The zero value is ready to use;
// a Stories is not safe for concurrent use.
type Stories struct {
	// fps and label hold each entry's fingerprint and story label, by
	// slot; the label of a free slot is -1.
	fps   []SimHash
	label []int32
	// free lists the slots of removed entries, for reuse.
	free []int32
	// slots maps an article's id to its slot.
	slots map[string]int32
	// start, bucketed and windows are the tables: the slots whose block k
	// has the value v are bucketed[k][start[k][v]:start[k][v+1]], and
	// windows[k] holds beside each its fingerprint's window k, which
	// lets a lookup rule most of them out without reading fps. A slot in
	// them may since have been freed, or reused for another fingerprint.
	start    [blocks][]uint32
	bucketed [blocks][]int32
	windows  [blocks][]uint64
	// recent lists the slots written since the tables were built.
	recent []int32
	// labels numbers the story names in use; names and members are
	// indexed by that number, freeLabels lists numbers for reuse.
	labels     map[string]int32
	names      []string
	members    []int32
	freeLabels []int32
}

// blockOf returns the k-th block of fp: bits k×blockBits onwards.
func blockOf(fp SimHash, k int) uint32 {
	bit := k * blockBits
	w, off := bit/64, bit%64
	v := fp[w] >> off
	if off+blockBits > 64 {
		v |= fp[w+1] << (64 - off)
	}
	return uint32(v & (1<<blockBits - 1))
}

// windowOf returns the 64 bits of fp that follow its k-th block (wrapping
// round to bit 0), none of them in the block: 64 + blockBits ≤ 128.
func windowOf(fp SimHash, k int) uint64 {
	off := (k + 1) * blockBits % 128
	w, sh := off/64, uint(off%64)
	if sh == 0 {
		return fp[w]
	}
	return fp[w]>>sh | fp[1-w]<<(64-sh)
}

// rebuildAfter returns how many recent entries a lookup scans before the
// tables are rebuilt, for n entries in all. A rebuild costs about 2n
// memory accesses per block and a recent entry one Distance per lookup,
// so a list of about √n entries balances the two.
func rebuildAfter(n int) int {
	return 1024 + 4*int(math.Sqrt(float64(n)))
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
	story := ""
	if best := s.nearest(fp); best >= 0 {
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
	label := s.label[slot]
	if s.members[label]--; s.members[label] == 0 {
		delete(s.labels, s.names[label])
		s.names[label] = ""
		s.freeLabels = append(s.freeLabels, label)
	}
	s.label[slot] = -1
	s.free = append(s.free, slot)
	return true
}

// nearest returns the label of the story of the entry nearest fp within
// MaxDistance bits (of the one whose story name sorts first, among
// equally near ones), or -1 when there is none. It checks the recent
// entries, and those sharing a block with fp up to probeRadius bits.
func (s *Stories) nearest(fp SimHash) int32 {
	if len(s.recent) > rebuildAfter(len(s.fps)) {
		s.rebuild()
	}
	best, bestDist := int32(-1), MaxDistance+1
	// check considers the entry in slot. A slot may be checked more than
	// once, and may be free: its label is -1, and its fingerprint that of
	// the entry removed.
	check := func(slot int32) {
		d := Distance(fp, s.fps[slot])
		if d > MaxDistance || d > bestDist {
			return
		}
		if label := s.label[slot]; label >= 0 && (d < bestDist || s.names[label] < s.names[best]) {
			best, bestDist = label, d
		}
	}
	for _, slot := range s.recent {
		check(slot)
	}
	if s.start[0] == nil {
		return best
	}
	for k := range blocks {
		v := blockOf(fp, k)
		start, bucketed, windows := s.start[k], s.bucketed[k], s.windows[k]
		window := windowOf(fp, k)
		visit := func(v uint32) {
			for i := start[v]; i < start[v+1]; i++ {
				if bits.OnesCount64(window^windows[i]) <= MaxDistance {
					check(bucketed[i])
				}
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
	return best
}

// rebuild builds the tables of every entry, by counting sort, and empties
// the list of recent ones.
func (s *Stories) rebuild() {
	live := len(s.fps) - len(s.free)
	next := make([]uint32, 1<<blockBits)
	for k := range blocks {
		start := s.start[k]
		if start == nil {
			start = make([]uint32, 1<<blockBits+1)
		} else {
			clear(start)
		}
		for slot, fp := range s.fps {
			if s.label[slot] >= 0 {
				start[blockOf(fp, k)+1]++
			}
		}
		for v := range 1 << blockBits {
			start[v+1] += start[v]
		}
		copy(next, start)
		bucketed := slices.Grow(s.bucketed[k][:0], live)[:live]
		windows := slices.Grow(s.windows[k][:0], live)[:live]
		for slot, fp := range s.fps {
			if s.label[slot] >= 0 {
				v := blockOf(fp, k)
				bucketed[next[v]], windows[next[v]] = int32(slot), windowOf(fp, k)
				next[v]++
			}
		}
		s.start[k], s.bucketed[k], s.windows[k] = start, bucketed, windows
	}
	s.recent = s.recent[:0]
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
		s.fps[slot], s.label[slot] = fp, label
	} else {
		slot = int32(len(s.fps))
		s.fps = append(s.fps, fp)
		s.label = append(s.label, label)
	}
	s.recent = append(s.recent, slot)
	s.slots[id] = slot
}

// bucketSizes returns, for each block, the number of entries in each of
// its non-empty buckets (for measuring the lookup).
func (s *Stories) bucketSizes() [blocks][]int {
	s.rebuild()
	var out [blocks][]int
	for k, start := range s.start {
		for v := range 1 << blockBits {
			if n := int(start[v+1] - start[v]); n > 0 {
				out[k] = append(out[k], n)
			}
		}
	}
	return out
}
