package dedup

// Replay returns the story each of a run of articles gets when they are
// given to Assign one after the other on an empty Stories: fps are their
// fingerprints in that order, own the name each takes when it starts a
// story (its id, unique among them). It is Assign's rule — the story of
// the nearest earlier fingerprint within MaxDistance bits, of the one
// whose story name sorts first among equally near ones — for a
// coordinator collapsing the matches of a search gathered from several
// shards: Stories' tables, sized for an index's millions of articles,
// cost a cache miss per bucket probed, and a lookup probes 1,204
// buckets; Replay's, sized for the run, fit in the processor's cache.
//
// The lookup is the same pigeonhole: replayBlocks blocks of replayBits
// bits, and two fingerprints within MaxDistance bits of each other differ
// in at most 1 bit in at least one block, because replayBlocks × 2 >
// MaxDistance. Each block's buckets list the articles in order, so a
// lookup stops at the first one not earlier than its own.
func Replay(fps []SimHash, own []string) []string {
	roots, _ := ReplayRoots(fps, own)
	stories := make([]string, len(fps))
	for i, r := range roots {
		stories[i] = own[r]
	}
	return stories
}

// ReplayRoots returns what Replay does, each story as the place in fps of
// its first article (its root) rather than its name. With own nil no
// names are known: equally near earlier fingerprints of different
// stories then go to the story whose root came first, and tied reports
// that this happened — that Replay, with the names, might have chosen
// otherwise. A coordinator replays without the articles' ids, which
// decide only such ties, and asks for them when one was met.
func ReplayRoots(fps []SimHash, own []string) (roots []int32, tied bool) {
	n := len(fps)
	roots = make([]int32, n)
	var start [replayBlocks][]int32
	var order [replayBlocks][]int32
	for k := range replayBlocks {
		start[k] = make([]int32, 1<<replayBits+1)
		for _, fp := range fps {
			start[k][replayBlock(fp, k)+1]++
		}
		for v := range 1 << replayBits {
			start[k][v+1] += start[k][v]
		}
		next := append([]int32(nil), start[k][:1<<replayBits]...)
		order[k] = make([]int32, n)
		for i, fp := range fps {
			v := replayBlock(fp, k)
			order[k][next[v]] = int32(i)
			next[v]++
		}
	}
	// first reports whether the story of root a is chosen over that of
	// root b among equally near ones.
	first := func(a, b int32) bool {
		if own == nil {
			tied = true
			return a < b
		}
		return own[a] < own[b]
	}
	for i, fp := range fps {
		best, bestDist := -1, MaxDistance+1
		visit := func(k int, v uint32) {
			for _, j := range order[k][start[k][v]:start[k][v+1]] {
				if int(j) >= i {
					return
				}
				d := Distance(fp, fps[j])
				if d > MaxDistance || d > bestDist {
					continue
				}
				if d < bestDist || roots[j] != roots[best] && first(roots[j], roots[best]) {
					best, bestDist = int(j), d
				}
			}
		}
		for k := range replayBlocks {
			v := replayBlock(fp, k)
			visit(k, v)
			for b := range replayBits {
				visit(k, v^1<<b)
			}
		}
		if best >= 0 {
			roots[i] = roots[best]
		} else {
			roots[i] = int32(i)
		}
	}
	return roots, tied
}

// Replay's blocks: the pigeonhole argument needs replayBlocks × 2 >
// MaxDistance, and the blocks must fit in 128 bits (the conversion of a
// negative constant to uint does not compile).
const (
	replayBits   = 11
	replayBlocks = 11
)

const (
	_ = uint(replayBlocks*2 - MaxDistance - 1)
	_ = uint(128 - replayBlocks*replayBits)
)

// replayBlock returns block k of fp: bits k×replayBits onwards.
func replayBlock(fp SimHash, k int) uint32 {
	off := k * replayBits
	w, sh := off/64, off%64
	x := fp[w] >> sh
	if sh+replayBits > 64 && w == 0 {
		x |= fp[1] << (64 - sh)
	}
	return uint32(x & (1<<replayBits - 1))
}
