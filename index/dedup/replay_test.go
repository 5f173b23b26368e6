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

// TestReplayRoots finds ReplayRoots without names grouping articles as
// Replay does whenever it reports no tie, and reporting one when two
// equally near earlier fingerprints of different stories met.
func TestReplayRoots(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for _, n := range []int{0, 1, 40, 400} {
		var fps []SimHash
		var own []string
		base := SimHash{r.Uint64(), r.Uint64()}
		for i := range n {
			fp := base
			for range r.IntN(3 * MaxDistance) {
				b := r.IntN(128)
				fp[b/64] ^= 1 << (b % 64)
			}
			fps, own = append(fps, fp), append(own, fmt.Sprintf("a%04d", n-i))
		}
		named := Replay(fps, own)
		roots, tied := ReplayRoots(fps, nil)
		if tied {
			continue
		}
		for i := range fps {
			for j := range i {
				if (named[i] == named[j]) != (roots[i] == roots[j]) {
					t.Fatalf("%d articles: articles %d and %d together %v by name, %v by root", n, j, i, named[i] == named[j], roots[i] == roots[j])
				}
			}
		}
	}
	// The third lies MaxDistance bits from each of the first two, which lie
	// 2×MaxDistance apart: two stories, equally near.
	a := SimHash{}
	b := SimHash{1<<(2*MaxDistance) - 1, 0}
	c := SimHash{1<<MaxDistance - 1, 0}
	fps := []SimHash{a, b, c}
	roots, tied := ReplayRoots(fps, nil)
	if !tied || roots[2] != 0 {
		t.Errorf("roots %v, tied %v: want the third with the first, and a tie", roots, tied)
	}
	if named := Replay(fps, []string{"z", "y", "x"}); named[2] != "y" {
		t.Errorf("stories %v: the tie goes to the story whose name sorts first, y", named)
	}
	if roots, tied := ReplayRoots(fps, []string{"z", "y", "x"}); tied || roots[2] != 1 {
		t.Errorf("with names: roots %v, tied %v; want the third with the second, no tie reported", roots, tied)
	}
}
