package tagger

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// Model holds the weights of a trained tagger: for each of 2^bits hashed
// feature buckets, one int16 weight per tag, scaled by scale. It is
// immutable and safe for concurrent use.
type Model struct {
	bits  uint8
	scale float32
	w     []int16
}

// Scratch is the working memory of Tag; reuse one per goroutine to tag
// without allocating.
type Scratch struct {
	ws    []word
	marks []bool
	fs    []uint64
	tags  []Tag
	marg  []float32
}

// Tag returns the names in toks, in order.
func (m *Model) Tag(toks []Token, sc *Scratch, out []Span) []Span {
	out = out[:0]
	if len(toks) == 0 {
		return out
	}
	sc.ws, sc.marks = prepare(toks, sc.ws, sc.marks)
	sc.tags = sc.tags[:0]
	sc.marg = sc.marg[:0]
	shift := 64 - uint(m.bits)
	p1, p2 := O, O
	for i := range toks {
		t, margin := O, float32(0)
		if scorable(toks, sc.marks, i, p1) {
			sc.fs = features(sc.ws, i, p1, p2, sc.fs[:0])
			var s [NumTags]int32
			for _, f := range sc.fs {
				row := m.w[int(f>>shift)*NumTags:][:NumTags]
				for k := range s {
					s[k] += int32(row[k])
				}
			}
			best, second := int32(math.MinInt32), int32(math.MinInt32)
			for k := range s {
				if !valid(p1, Tag(k)) {
					continue
				}
				if s[k] > best {
					best, second, t = s[k], best, Tag(k)
				} else if s[k] > second {
					second = s[k]
				}
			}
			margin = float32(best-second) / m.scale
		}
		sc.tags = append(sc.tags, t)
		sc.marg = append(sc.marg, margin)
		p2, p1 = p1, t
	}
	return spans(sc.tags, sc.marg, out)
}

// Names returns the names of a sequence of tags.
func Names(tags []Tag) []Span { return spans(tags, nil, nil) }

// spans reads the names of a sequence of tags, with their margins when
// marg is not nil.
func spans(tags []Tag, marg []float32, out []Span) []Span {
	for i := 0; i < len(tags); {
		if tags[i] == O {
			i++
			continue
		}
		k := tags[i].Kind()
		sp := Span{I: i, Kind: k}
		j := i + 1
		for j < len(tags) && tags[j] == I(k) {
			j++
		}
		if marg != nil {
			sp.Margin = slices.Min(marg[i:j])
		}
		sp.J = j
		out = append(out, sp)
		i = j
	}
	return out
}

// The serialised model: a magic line, the bits and the scale, then for each
// bucket with a weight other than zero, the distance from the previous
// such bucket and its NumTags weights, as varints; all gzipped.
const magic = "sitrep-tagger 1\n"

// Load reads a model written by Save.
func Load(data []byte) (*Model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read tagger model: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("read tagger model: %w", err)
	}
	const headLen = len(magic) + 1 + 1 + 4
	if len(raw) < headLen || string(raw[:len(magic)]) != magic {
		return nil, errors.New("read tagger model: not a tagger model (rebuild it with make train-entities)")
	}
	bits, tags := raw[len(magic)], raw[len(magic)+1]
	if int(tags) != NumTags || bits < 8 || bits > 26 {
		return nil, fmt.Errorf("read tagger model: %d tags and %d bits, this build wants %d tags (rebuild it with make train-entities)", tags, bits, NumTags)
	}
	m := &Model{bits: bits, scale: math.Float32frombits(binary.LittleEndian.Uint32(raw[len(magic)+2:]))}
	m.w = make([]int16, (1<<bits)*NumTags)
	rest := raw[headLen:]
	b := -1
	for len(rest) > 0 {
		d, n := binary.Uvarint(rest)
		if n <= 0 || d == 0 || b+int(d) >= 1<<bits {
			return nil, errors.New("read tagger model: corrupt bucket index")
		}
		rest = rest[n:]
		b += int(d)
		row := m.w[b*NumTags:][:NumTags]
		for k := range row {
			v, n := binary.Varint(rest)
			if n <= 0 || v < math.MinInt16 || v > math.MaxInt16 {
				return nil, errors.New("read tagger model: corrupt weight")
			}
			rest = rest[n:]
			row[k] = int16(v)
		}
	}
	return m, nil
}

// Save writes the model; the same model gives the same bytes.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	bw.WriteByte(m.bits)
	bw.WriteByte(byte(NumTags))
	var buf [binary.MaxVarintLen64]byte
	binary.LittleEndian.PutUint32(buf[:4], math.Float32bits(m.scale))
	bw.Write(buf[:4])
	last := -1
	for b := range 1 << m.bits {
		row := m.w[b*NumTags:][:NumTags]
		zero := true
		for _, v := range row {
			if v != 0 {
				zero = false
				break
			}
		}
		if zero {
			continue
		}
		bw.Write(buf[:binary.PutUvarint(buf[:], uint64(b-last))])
		last = b
		for _, v := range row {
			bw.Write(buf[:binary.PutVarint(buf[:], int64(v))])
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}
