package dedup

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestReplay finds Replay's stories the same as Assign's, article after
// article, on runs of random fingerprints and of near copies of a few
// (within and beyond MaxDistance bits, so that ties and chains occur).
func TestReplay(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	flip := func(fp SimHash, bits int) SimHash {
		for range bits {
			b := r.IntN(128)
			fp[b/64] ^= 1 << (b % 64)
		}
		return fp
	}
	for _, n := range []int{0, 1, 50, 1500} {
		var fps []SimHash
		var own []string
		bases := []SimHash{{r.Uint64(), r.Uint64()}, {r.Uint64(), r.Uint64()}, {r.Uint64(), r.Uint64()}}
		for i := range n {
			fp := SimHash{r.Uint64(), r.Uint64()}
			if i%3 != 0 {
				fp = flip(bases[r.IntN(len(bases))], r.IntN(2*MaxDistance))
			}
			fps = append(fps, fp)
			own = append(own, fmt.Sprintf("a%04d", n-i)) // names not in order
		}
		got := Replay(fps, own)
		var s Stories
		joined := 0
		for i, fp := range fps {
			want := s.Assign(own[i], fp)
			if got[i] != want {
				t.Fatalf("%d articles: article %d is in story %s, Assign says %s", n, i, got[i], want)
			}
			if want != own[i] {
				joined++
			}
		}
		if n == 1500 && joined < n/3 {
			t.Errorf("%d of %d articles joined a story: the test proves little", joined, n)
		}
	}
}
