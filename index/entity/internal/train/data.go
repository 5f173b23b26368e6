package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/internal/shared"
	"github.com/sitrep/sitrep/index/entity/internal/tagger"
)

// doc is one document of training or test data: sentences of words with
// their tags, under the tagger's kinds.
type doc struct {
	source string
	// n is the document's place in its source, from 0: it decides its
	// fold and names it in the held-out sets.
	n     int
	sents []tagger.Sentence
}

// readCoNLL reads a gzipped file of "word TAG" lines, sentences separated
// by blank lines, as documents. WikiGold marks documents with -DOCSTART-;
// the GMB extract has none, so its sentences go by groups of gmbDoc.
func readCoNLL(x *entity.Extractor, path, source string, mapTag func(string) (tagger.Kind, bool)) ([]doc, error) {
	var docs []doc
	cur := doc{source: source}
	flushDoc := func() {
		if len(cur.sents) > 0 {
			cur.n = len(docs)
			docs = append(docs, cur)
		}
		cur = doc{source: source}
	}
	err := shared.ReadCoNLL(path, func(words, tags []string) error {
		kinds, begins := make([]tagger.Kind, len(tags)), make([]bool, len(tags))
		for i, tag := range tags {
			kinds[i], begins[i] = mapTag(tag)
		}
		gpeKinds(x, words, kinds, begins)
		cur.sents = append(cur.sents, sentence(x, words, kinds, begins))
		if source == "gmb" && len(cur.sents) >= gmbDoc {
			flushDoc()
		}
		return nil
	}, flushDoc)
	if err != nil {
		return nil, err
	}
	flushDoc()
	return docs, nil
}

// gmbDoc is the number of sentences of a pseudo-document of the GMB
// extract, for holding some out and scoring them as articles.
const gmbDoc = 20

// sentence turns words with kinds into a tagger sentence: a name is a run
// of one kind, and a B- tag begins a new one. Titles are not part of a
// person's name (as in Sitrep's facets; the GMB tags "President" in
// "President George Bush" as part of the person).
func sentence(x *entity.Extractor, words []string, kinds []tagger.Kind, begins []bool) tagger.Sentence {
	s := tagger.Sentence{Toks: make([]tagger.Token, len(words)), Tags: make([]tagger.Tag, len(words))}
	for i, w := range words {
		s.Toks[i] = tagger.Token{Text: w, Class: x.WordClass(w), Cluster: x.WordCluster(w), Sentence: i == 0}
	}
	x.MarkNames(s.Toks)
	for i := 0; i < len(words); {
		k := kinds[i]
		if k == tagger.None {
			i++
			continue
		}
		j := i + 1
		for j < len(words) && kinds[j] == k && !begins[j] {
			j++
		}
		setSpan(&s, i, j, k)
		i = j
	}
	return s
}

// setSpan tags tokens [i, j) as one name of kind k, without a person's
// leading titles and nationality words, nor an organisation's "the".
func setSpan(s *tagger.Sentence, i, j int, k tagger.Kind) {
	for j-i > 1 {
		c := s.Toks[i].Class
		w := strings.ToLower(s.Toks[i].Text)
		if k == tagger.Per && (c&(tagger.Title|tagger.Demonym) != 0 && c&tagger.First == 0 || strings.HasSuffix(w, ".") && c&tagger.First == 0) ||
			w == "the" {
			i++
			continue
		}
		break
	}
	s.Tags[i] = tagger.B(k)
	for m := i + 1; m < j; m++ {
		s.Tags[m] = tagger.I(k)
	}
}

// tagMap maps a corpus's tags ("B-per", "I-ORG") to the tagger's kinds
// and whether the tag begins a name.
func tagMap(kinds map[string]tagger.Kind) func(string) (tagger.Kind, bool) {
	return func(tag string) (tagger.Kind, bool) {
		bio, typ, _ := strings.Cut(tag, "-")
		return kinds[typ], bio == "B"
	}
}

// gmbKinds: per, org, geo and gpe; gpe are countries and nationality words
// both (gpeKinds tells them apart); art, eve and nat are miscellaneous
// names; times are nothing.
var gmbKinds = map[string]tagger.Kind{
	"per": tagger.Per, "org": tagger.Org, "geo": tagger.Loc, "gpe": gpe,
	"art": tagger.Misc, "eve": tagger.Misc, "nat": tagger.Misc,
}

// wikiKinds: WikiGold's tags (IOB1: I- opens a name unless it continues
// one of its kind).
var wikiKinds = map[string]tagger.Kind{"PER": tagger.Per, "ORG": tagger.Org, "LOC": tagger.Loc, "MISC": tagger.Misc}

// gpe stands for GMB's gpe until the whole name is read (gpeKinds).
const gpe = tagger.Kind(99)

// gpeKinds decides the gpe names of a sentence: a place the gazetteer
// knows is a place, any other (Iranian, British) a miscellaneous name.
func gpeKinds(x *entity.Extractor, words []string, kinds []tagger.Kind, begins []bool) {
	for i := 0; i < len(kinds); {
		if kinds[i] != gpe {
			i++
			continue
		}
		j := i + 1
		for j < len(kinds) && kinds[j] == gpe && !begins[j] {
			j++
		}
		k := tagger.Misc
		if x.Known(entity.Place, strings.Join(words[i:j], " ")) {
			k = tagger.Loc
		}
		for m := i; m < j; m++ {
			kinds[m] = k
		}
		i = j
	}
}

// re3dDoc is a re3d document with its gold spans (offsets in code points).
type re3dDoc struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
	Gold  []struct {
		Begin, End int
		Type       string
		Confidence float64
	} `json:"gold_entities"`
}

// readRe3d reads the re3d development documents: their outer Person,
// Location, Organisation and Nationality spans (confidence above 0) tag the
// tokens they cover; nationality is a miscellaneous name.
func readRe3d(x *entity.Extractor, path string) ([]doc, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (pass -re3d with the path of re3d-dev.jsonl, or leave re3d out of -sources)", err)
	}
	var docs []doc
	for n, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r re3dDoc
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n+1, err)
		}
		// Code points to bytes.
		byteAt := make([]int, 0, len(r.Body)+1)
		for i := range r.Body {
			byteAt = append(byteAt, i)
		}
		byteAt = append(byteAt, len(r.Body))
		toks, offs := x.TaggerTokens(r.Body)
		kinds := make([]tagger.Kind, len(toks))
		begins := make([]bool, len(toks))
		type span struct {
			b, e int
			k    tagger.Kind
		}
		var spans []span
		for _, g := range r.Gold {
			if g.Confidence <= 0 || g.Begin < 0 || g.End >= len(byteAt) || g.Begin >= g.End {
				continue
			}
			var k tagger.Kind
			switch g.Type {
			case "Person":
				k = tagger.Per
			case "Location":
				k = tagger.Loc
			case "Organisation":
				k = tagger.Org
			case "Nationality":
				k = tagger.Misc
			default:
				continue
			}
			spans = append(spans, span{byteAt[g.Begin], byteAt[g.End], k})
		}
		for _, sp := range spans {
			outer := true
			for _, o := range spans {
				if o != sp && o.b <= sp.b && o.e >= sp.e && (o.e-o.b) > (sp.e-sp.b) {
					outer = false
				}
			}
			if !outer {
				continue
			}
			first := true
			for i, o := range offs {
				if o[0] >= sp.b && o[1] <= sp.e {
					kinds[i] = sp.k
					begins[i] = first
					first = false
				}
			}
		}
		// Sentences: the tokens the tokenizer marks as opening one.
		d := doc{source: "re3d", n: len(docs)}
		start := 0
		for i := 1; i <= len(toks); i++ {
			if i == len(toks) || toks[i].Sentence && kinds[i] == tagger.None {
				words := make([]string, i-start)
				for k := range words {
					words[k] = toks[start+k].Text
				}
				s := sentence(x, words, kinds[start:i], begins[start:i])
				// Keep the tokenizer's classes and sentence marks.
				copy(s.Toks, toks[start:i])
				d.sents = append(d.sents, s)
				start = i
			}
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// text joins words as running text: no space before closing punctuation
// or a possessive, none after an opening bracket or quote.
func text(toks []tagger.Token, i, j int) string {
	var b strings.Builder
	for k := i; k < j; k++ {
		w := toks[k].Text
		if k > i && !noSpaceBefore(w) && !noSpaceAfter(toks[k-1].Text) {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

func noSpaceBefore(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return strings.ContainsRune(".,;:!?)]}%", r) && len(w) == 1 || w == "'s" || w == "n't" || w == "'"
}

func noSpaceAfter(w string) bool { return w == "(" || w == "[" || w == "$" }
