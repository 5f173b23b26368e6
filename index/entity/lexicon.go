package entity

// What the sequence tagger (internal/tagger) reads: the tokens of a text as
// the rules read them, and what the gazetteer says of each word.

import (
	"github.com/sitrep/sitrep/index/entity/internal/norm"
	"github.com/sitrep/sitrep/index/entity/internal/tagger"
)

// WordClass returns what the gazetteer and the word lists say of one word,
// as the tagger's features see it. Training (internal/train) reads its data
// through it, so that the tagger learns from what it will see at run time.
func (x *Extractor) WordClass(w string) tagger.Class {
	return x.g.wordClass(norm.Word(w))
}

func (g *gazetteer) wordClass(key string) tagger.Class {
	if key == "" {
		return 0
	}
	var c tagger.Class
	if g.first.has(key) {
		c |= tagger.First
	}
	if gn, ok := g.names[key]; ok {
		switch g.ents[gn.ent].kind {
		case Person:
			c |= tagger.KnownPerson
		case Place:
			c |= tagger.KnownPlace
		case Organisation:
			c |= tagger.KnownOrg
		}
	}
	if g.starts[key] {
		c |= tagger.Starts
	}
	if g.titles.has(key) {
		c |= tagger.Title
	}
	if g.heads.has(key) {
		c |= tagger.Head
	}
	if g.english.has(key) {
		c |= tagger.English
	}
	if g.demonyms.has(key) {
		c |= tagger.Demonym
	}
	if g.notNames.has(key) {
		c |= tagger.NotName
	}
	return c
}

// markNames sets the In* classes of the tokens inside known names of two
// words or more, longest match first, starting at marked words; key
// returns a token's normalised word.
func (g *gazetteer) markNames(toks []tagger.Token, key func(i int) string, marked func(i int) bool) {
	var buf [256]byte
	for i := 0; i < len(toks); i++ {
		if !marked(i) {
			continue
		}
		n := min(g.maxWords[key(i)], len(toks)-i)
		for l := n; l >= 2; l-- {
			b, ok := joinKey(buf[:0], l, func(k int) string { return key(i + k) }, false)
			if !ok {
				continue
			}
			gn, ok := g.names[string(b)]
			if !ok {
				continue
			}
			c := tagger.InOrg
			switch g.ents[gn.ent].kind {
			case Person:
				c = tagger.InPerson
			case Place:
				c = tagger.InPlace
			}
			for k := i; k < i+l; k++ {
				toks[k].Class |= c
			}
			i += l - 1
			break
		}
	}
}

// MarkNames sets what the gazetteer says of the words of a sentence taken
// together (tagger.InPlace, …) on tokens whose Class is set word by word:
// for training on text tokenised elsewhere.
func (x *Extractor) MarkNames(toks []tagger.Token) {
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = norm.Word(t.Text)
	}
	x.g.markNames(toks, func(i int) string { return keys[i] }, func(i int) bool { return tagger.Marked(toks[i].Text) })
}

// TaggerTokens returns the tokens of text as the tagger reads them, with
// the byte offsets of each in text: for training on annotated text.
func (x *Extractor) TaggerTokens(text string) ([]tagger.Token, [][2]int) {
	toks := tokenize(text, nil)
	out, _ := x.taggerTokens(text, toks, nil, nil)
	offs := make([][2]int, len(toks))
	for i, t := range toks {
		offs[i] = [2]int{t.start, t.end}
	}
	return out, offs
}

// taggerTokens converts the tokens of a field.
// marks is a buffer for which tokens are marked (tagger.Marked).
func (x *Extractor) taggerTokens(text string, toks []token, out []tagger.Token, marks []bool) ([]tagger.Token, []bool) {
	out, marks = out[:0], marks[:0]
	for i := range toks {
		t := &toks[i]
		out = append(out, tagger.Token{Text: text[t.start:t.end], Sentence: t.sentence})
		marks = append(marks, tagger.Marked(out[i].Text))
	}
	// The lexicon only for the words the tagger reads it of: most words
	// of a text are lower case and far from any name.
	marked := func(i int) bool { return marks[i] }
	for i := range out {
		if tagger.NeedsClass(marked, i, len(out)) {
			out[i].Class = x.g.wordClass(toks[i].key)
			out[i].Cluster = x.clusters.Of(out[i].Text)
		}
	}
	x.g.markNames(out, func(i int) string { return nameKey(toks, i) }, marked)
	return out, marks
}
