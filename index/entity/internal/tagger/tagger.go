// Package tagger is a named-entity sequence tagger: an averaged perceptron
// over hashed features of each word and its neighbours (the word, its shape,
// prefixes and suffixes, the words and shapes around it, what the gazetteer
// says of it and of its neighbours, its place in the sentence and the tags
// already given), decoded greedily left to right over BIO tags.
//
// It finds names from their context: "Colonel Jan Koval said" makes Jan
// Koval a person whether or not any list knows him. Package entity combines
// it with the gazetteer and the rules; index/entity/internal/train learns
// the weights, which ship in the binary.
//
// Only words that can be part of a name are scored: a word with a capital
// letter or a digit, or a connector ("of", "al", "and") after a name has
// begun. Every other word is outside any name, which keeps the tagger fast
// (most words of news are lower-case) and is how training sees the data
// too.
package tagger

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Class is what the gazetteer and the word lists say of a word, as bits.
type Class uint16

// The word classes.
const (
	// First: a given name.
	First Class = 1 << iota
	// KnownPerson, KnownPlace, KnownOrg: the word alone is a known name of
	// that kind.
	KnownPerson
	KnownPlace
	KnownOrg
	// Title: a title or role word ("general", "minister").
	Title
	// Head: an organisation's head word ("brigade", "ministry").
	Head
	// English: an ordinary English word in lower case.
	English
	// Demonym: a nationality word ("Iraqi").
	Demonym
	// NotName: never a name (weekdays, months, pronouns).
	NotName
	// Starts: the first word of a longer known name.
	Starts
	// InPerson, InPlace, InOrg: the word is part of a known name of two
	// words or more, of that kind (the longest match from each word).
	InPerson
	InPlace
	InOrg
	numClasses = iota
)

// Token is one token as the tagger reads it.
type Token struct {
	// Text is the token as written.
	Text string
	// Class is what the lexicon says of it.
	Class Class
	// Sentence: the token opens a sentence or a line.
	Sentence bool
	// Cluster is the word's class learnt from unlabelled text (0: none).
	Cluster Cluster
}

// Kind is the kind of a name.
type Kind uint8

// The kinds of name the tagger tells apart. Misc names (events, works,
// nationality words) are learnt so that they are not taken for the others.
const (
	None Kind = iota
	Per
	Org
	Loc
	Misc
	numKinds
)

// String returns "PER", "ORG", "LOC", "MISC" or "O".
func (k Kind) String() string {
	return [...]string{"O", "PER", "ORG", "LOC", "MISC"}[k]
}

// Tag is a BIO tag: 0 is outside, then B and I of each kind.
type Tag uint8

// NumTags is the number of tags.
const NumTags = 1 + 2*(int(numKinds)-1)

// O is the tag of a word outside any name.
const O Tag = 0

// B returns the tag that begins a name of kind k; I the tag inside one.
func B(k Kind) Tag { return Tag(2*int(k) - 1) }

// I returns the tag inside a name of kind k.
func I(k Kind) Tag { return Tag(2 * int(k)) }

// Kind returns the kind of a tag, None for O.
func (t Tag) Kind() Kind { return Kind((int(t) + 1) / 2) }

// Inside reports whether the tag continues a name.
func (t Tag) Inside() bool { return t != O && t%2 == 0 }

// String returns "O", "B-PER", "I-ORG", ….
func (t Tag) String() string {
	if t == O {
		return "O"
	}
	if t.Inside() {
		return "I-" + t.Kind().String()
	}
	return "B-" + t.Kind().String()
}

// valid reports whether tag t may follow tag prev: I-X only after B-X or
// I-X.
func valid(prev, t Tag) bool {
	return !t.Inside() || prev != O && prev.Kind() == t.Kind()
}

// Span is a name the tagger found: tokens [I, J) of kind Kind. Margin is the
// least, over its tokens, of how far the chosen tag's score is above the
// next best valid tag's, in units of one averaged update: a measure of
// confidence.
type Span struct {
	I, J   int
	Kind   Kind
	Margin float32
}

// connectors may stand inside a name, between its words.
var connectors = map[string]bool{
	"of": true, "the": true, "and": true, "for": true, "de": true, "du": true, "da": true,
	"al": true, "el": true, "bin": true, "ibn": true, "van": true, "von": true, "der": true,
	"la": true, "le": true, "on": true, "in": true, "&": true, "-": true, "'s": true, ".": true,
	"y": true, "del": true, "di": true, "'": true, "/": true,
}

// scorable reports whether token i can be part of a name, given the tag of
// the token before: a word with a capital letter or a digit, or a
// connector after a name has begun.
func scorable(toks []Token, marked []bool, i int, prev Tag) bool {
	if marked[i] {
		return true
	}
	if prev != O && i+1 < len(toks) {
		return connectors[lowerASCII(plainPunct(toks[i].Text))]
	}
	return false
}

// plainRune returns the typewriter form of typographic punctuation: the
// training text writes apostrophes, quotes and dashes plainly ("'s",
// "\"", "-"), much of today's news typographically ("’s", "“", "–").
func plainRune(r rune) rune {
	switch r {
	case '’', '‘', 'ʼ', '′':
		return '\''
	case '“', '”', '„', '«', '»', '″':
		return '"'
	case '–', '—', '‒', '−':
		return '-'
	}
	return r
}

// plainPunct returns w with its typographic punctuation written plainly
// (plainRune); w itself, without allocating, when it has none.
func plainPunct(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return strings.Map(plainRune, w)
		}
	}
	return w
}

// Marked reports whether a word has a capital letter or a digit: a word
// that may be a name or part of one.
func Marked(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return markedRunes(w[i:])
		}
		if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}

func markedRunes(w string) bool {
	for _, r := range w {
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// NeedsClass reports whether the tagger reads the Class of token i: only
// of marked words and their neighbours, so that the lexicon is not asked
// about most words of a text (see prepare).
func NeedsClass(marked func(i int) bool, i, n int) bool {
	return marked(i) || i > 0 && marked(i-1) || i+1 < n && marked(i+1)
}

// lowerASCII lower-cases an ASCII word without allocating when it is
// already lower case.
func lowerASCII(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' {
			b := []byte(w)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return w
}

// shape writes the short shape of a word: runs of upper case X, of lower
// case x, of digits d; other characters as they are ("Jan" Xx, "NATO" X,
// "3rd" dx, "al-Abadi" x-Xx, "U.S." X.X.). It returns the shape's hash and
// its length class (1, 2, 3, 4 or 5 for five letters and more).
func shapeOf(w string) (h uint64, n int) {
	h = offset
	var last rune = -1
	for _, r := range w {
		n++
		r = plainRune(r)
		var c rune
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			c = r
		}
		if c != last || c != 'X' && c != 'x' && c != 'd' {
			h = (h ^ uint64(c)) * prime
		}
		last = c
	}
	return h, min(n, 5)
}

// FNV-1a.
const (
	offset = 14695981039346656037
	prime  = 1099511628211
)

// wordHash hashes a word in lower case with its digits as 0, and returns
// the hashes of its last 2, 3 and 4 bytes and first 2 and 3 (lower-cased
// the same way).
func wordHash(w string) (h uint64, suf [3]uint64, pre [2]uint64) {
	var buf [64]byte
	b := buf[:0]
	for _, r := range w {
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			} else if c >= '0' && c <= '9' {
				c = '0'
			}
			b = append(b, c)
		default:
			if p := plainRune(r); p != r {
				b = append(b, byte(p))
			} else {
				b = utf8.AppendRune(b, unicode.ToLower(r))
			}
		}
		if len(b) > 56 {
			break
		}
	}
	h = hashBytes(b)
	for k := range suf {
		n := k + 2
		if len(b) > n {
			suf[k] = hashBytes(b[len(b)-n:])
		}
	}
	for k := range pre {
		n := k + 2
		if len(b) > n {
			pre[k] = hashBytes(b[:n])
		}
	}
	return h, suf, pre
}

func hashBytes(b []byte) uint64 {
	h := uint64(offset)
	for _, c := range b {
		h = (h ^ uint64(c)) * prime
	}
	return h
}

// fin is the splitmix64 finaliser.
func fin(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	z ^= z >> 31
	return z
}

func feat(tmpl uint64, a uint64) uint64 { return fin(tmpl*0x9E3779B97F4A7C15 ^ a) }

func feat2(tmpl uint64, a, b uint64) uint64 {
	return fin(feat(tmpl, a) ^ b*0xc2b2ae3d27d4eb4f)
}

// word is what the features need of one token, computed once.
type word struct {
	h        uint64
	suf      [3]uint64
	pre      [2]uint64
	shape    uint64
	slen     int
	class    Class
	cluster  Cluster
	sentence bool
}

// boundary stands for the words before the first and after the last.
var boundary = word{h: 1, shape: 2}

func prepare(toks []Token, ws []word, marks []bool) ([]word, []bool) {
	ws = ws[:0]
	marks = marks[:0]
	for _, t := range toks {
		marks = append(marks, Marked(t.Text))
	}
	marked := func(i int) bool { return marks[i] }
	for i, t := range toks {
		var w word
		w.h, w.suf, w.pre = wordHash(t.Text)
		w.shape, w.slen = shapeOf(t.Text)
		if NeedsClass(marked, i, len(toks)) {
			w.class = t.Class
			w.cluster = t.Cluster
		}
		w.sentence = t.Sentence
		ws = append(ws, w)
	}
	return ws, marks
}

// clusterPrefixes are the lengths of the prefixes of a word's cluster
// path that are features of it; neighbourPrefixes those of the words
// before and after it. Both are empty: the cluster features are off.
// With {4, 6, MaxClusterDepth} and {4, 6} (and the clusters of make
// word-clusters) they gained at most 0.01 of F1 in the cross-validation,
// and nothing on text the clusters had not read (WikiGold left out of
// the clusters as well as of the training), while the extractor's
// readings of defence text moved: DVIDS people precision 1.000 → 0.956
// in make eval. docs/ENTITIES.md, "Sixth round: word clusters", has the
// measurements; to try them again, fill these in and make
// train-entities.
var (
	clusterPrefixes   = [...]int{}
	neighbourPrefixes = [...]int{}
)

// UsesClusters reports whether the features read Token.Cluster: whether
// the word clusters need loading at all.
func UsesClusters() bool { return len(clusterPrefixes)+len(neighbourPrefixes) > 0 }

// maxFeatures bounds the features of one token.
const maxFeatures = 64

// features appends the hashed features of token i, after tags p1 (the
// token before) and p2 (the one before that).
func features(ws []word, i int, p1, p2 Tag, out []uint64) []uint64 {
	at := func(k int) *word {
		if k < 0 || k >= len(ws) {
			return &boundary
		}
		return &ws[k]
	}
	w, prev, next, prev2, next2 := at(i), at(i-1), at(i+1), at(i-2), at(i+2)
	if i == 0 || w.sentence {
		prev, prev2 = &boundary, &boundary
	} else if i == 1 || prev.sentence {
		prev2 = &boundary
	}
	sent := uint64(0)
	if i == 0 || w.sentence {
		sent = 1
	}
	out = append(out,
		feat(1, 0),
		feat(2, w.h),
		feat(3, w.shape),
		feat2(4, w.shape, uint64(w.slen)),
		feat(5, w.suf[0]), feat(6, w.suf[1]), feat(7, w.suf[2]),
		feat(8, w.pre[0]), feat(9, w.pre[1]),
		feat(10, prev.h), feat(11, next.h), feat(12, prev2.h), feat(13, next2.h),
		feat(14, prev.shape), feat(15, next.shape),
		feat2(16, prev.h, w.h), feat2(17, w.h, next.h),
		feat(18, uint64(p1)), feat2(19, uint64(p1), uint64(p2)),
		feat2(20, uint64(p1), w.h), feat2(21, uint64(p1), w.shape),
		feat2(22, sent, w.shape),
		feat2(23, sent, uint64(w.class)),
		feat2(24, feat2(0, prev.shape, w.shape), next.shape),
		feat2(25, uint64(w.class), uint64(prev.class)),
		feat2(26, uint64(w.class), uint64(next.class)),
		feat2(27, uint64(p1), next.h),
		feat2(28, prev.h, uint64(w.class)),
		feat(29, next.suf[1]),
		feat(30, prev.suf[1]),
	)
	// The word's own classes one by one; its neighbours' as a whole (25,
	// 26, 28), which costs fewer lookups.
	for c := range numClasses {
		if w.class&(Class(1)<<c) != 0 {
			out = append(out, feat(100+uint64(c), 1))
		}
	}
	out = append(out, feat(31, uint64(prev.class)), feat(32, uint64(next.class)))
	// The word's and its neighbours' clusters, coarse and fine (a
	// prefix of the path is a coarser class): names no list knows are
	// written where names of their kind are.
	for k, n := range clusterPrefixes {
		out = append(out, feat(40+uint64(k), uint64(w.cluster.Prefix(n))))
	}
	for k, n := range neighbourPrefixes {
		out = append(out,
			feat(50+uint64(k), uint64(prev.cluster.Prefix(n))),
			feat(60+uint64(k), uint64(next.cluster.Prefix(n))))
	}
	return out
}
