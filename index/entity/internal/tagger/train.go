package tagger

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// Sentence is one training sentence: its tokens and their gold tags.
type Sentence struct {
	Toks []Token
	Tags []Tag
}

// TrainOptions steer Train.
type TrainOptions struct {
	// Bits: the model has 2^Bits feature buckets.
	Bits uint8
	// Epochs over the data, each in an order shuffled with Seed.
	Epochs int
	Seed   uint64
	// Rounds: the model is the mean of the averaged weights of this many
	// trainings (at least one), each in its own orders (seeds Seed,
	// Seed+1, …). One training's readings of borderline names swing with
	// the order of its sentences, so that a small change to the data or
	// the gazetteer flips some; the mean of several holds them.
	Rounds int
	// Prune zeroes averaged weights smaller than this in absolute value,
	// which makes the model file smaller.
	Prune float64
	// Progress, when set, is called after each epoch with the share of
	// scored tokens the tagger got right during it.
	Progress func(epoch int, accuracy float64)
}

// Train learns a model from sentences with the averaged perceptron: the
// tagger decodes each sentence greedily with the current weights and, where
// it is wrong, moves the weights of the token's features towards the gold
// tag and away from its guess. A round's weights are the average of its
// weights over all its steps; the model is the mean of the rounds'. The
// rounds run side by side; the same sentences and options give the same
// model.
func Train(data []Sentence, o TrainOptions) *Model {
	n := (1 << o.Bits) * NumTags
	rounds := max(o.Rounds, 1)
	avgs := make([][]float64, rounds)
	// At most one round a processor at a time: each holds about 57 MB
	// (2^18 buckets of 9 tags, three numbers each) while it trains.
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for r := range rounds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			ro := o
			ro.Seed += uint64(r)
			if r > 0 {
				ro.Progress = nil
			}
			avgs[r] = trainRound(data, ro)
		}()
	}
	wg.Wait()
	avg := avgs[0]
	maxAbs := 0.0
	for k := range avg {
		a := avg[k]
		for _, other := range avgs[1:] {
			a += other[k]
		}
		a /= float64(rounds)
		if math.Abs(a) < o.Prune {
			a = 0
		}
		avg[k] = a
		maxAbs = max(maxAbs, math.Abs(a))
	}
	m := &Model{bits: o.Bits, scale: 1, w: make([]int16, n)}
	if maxAbs > 0 {
		m.scale = float32(math.MaxInt16 / maxAbs)
	}
	for k, a := range avg {
		m.w[k] = int16(math.Round(a * float64(m.scale)))
	}
	return m
}

// trainRound trains one round and returns its averaged weights.
func trainRound(data []Sentence, o TrainOptions) []float64 {
	n := (1 << o.Bits) * NumTags
	w := make([]float32, n)
	tot := make([]float64, n)
	ts := make([]int32, n)
	step := int32(0)
	update := func(fs []uint64, t Tag, d float32) {
		shift := 64 - uint(o.Bits)
		for _, f := range fs {
			k := int(f>>shift)*NumTags + int(t)
			tot[k] += float64(step-ts[k]) * float64(w[k])
			ts[k] = step
			w[k] += d
		}
	}
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x5eed))
	var ws []word
	var marks []bool
	var fs []uint64
	shift := 64 - uint(o.Bits)
	for epoch := range o.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right, seen := 0, 0
		for _, si := range order {
			s := &data[si]
			ws, marks = prepare(s.Toks, ws, marks)
			p1, p2 := O, O
			for i := range s.Toks {
				gold := s.Tags[i]
				if !scorable(s.Toks, marks, i, p1) {
					p2, p1 = p1, O
					continue
				}
				if !valid(p1, gold) {
					gold = B(gold.Kind()) // the name began where the tagger did not see it
				}
				fs = features(ws, i, p1, p2, fs[:0])
				var sc [NumTags]float32
				for _, f := range fs {
					row := w[int(f>>shift)*NumTags:][:NumTags]
					for k := range sc {
						sc[k] += row[k]
					}
				}
				guess, best := O, float32(math.Inf(-1))
				for k := range sc {
					if valid(p1, Tag(k)) && sc[k] > best {
						guess, best = Tag(k), sc[k]
					}
				}
				step++
				seen++
				if guess == gold {
					right++
				} else {
					update(fs, gold, 1)
					update(fs, guess, -1)
				}
				p2, p1 = p1, guess
			}
		}
		if o.Progress != nil && seen > 0 {
			o.Progress(epoch+1, float64(right)/float64(seen))
		}
	}
	avg := make([]float64, n)
	for k := range avg {
		avg[k] = (tot[k] + float64(step-ts[k])*float64(w[k])) / float64(max(step, 1))
	}
	return avg
}
