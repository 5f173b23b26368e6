package search

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// RarePer sets the rarity below which a query word is forgiven: an
// unscoped word of 4 letters or more that the text of fewer than one in
// RarePer articles holds (none at all in an index of fewer than RarePer
// articles; 1 or 2 of 100,000) is also matched within the edit distance
// of its length (autoFuzziness), as word~ would be. A typo is rare; a
// word the index knows is searched as written.
const RarePer = 40_000

// nearDiscount scales the weight of a near word, once per edit: a match
// of the word itself ranks above a match of a word one edit away, which
// ranks above one two edits away.
const nearDiscount = 0.4

// FewResults is the number of matches below which a search offers a
// correction of its words (Result.DidYouMean).
const FewResults = 3

// autoFuzziness returns the edit distance word~ allows: none for 3
// letters or digits or fewer (too many short words are one edit apart),
// 1 for 4 to 7, 2 for more.
func autoFuzziness(word string) int {
	n := 0
	for _, r := range word {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	switch {
	case n <= 3:
		return 0
	case n <= 7:
		return 1
	}
	return 2
}

// forgivable reports whether word, unscoped and not left out, is matched
// within a small distance when it is rare: it is all letters (no number,
// such as a year, is ever near-matched) and long enough.
func forgivable(word string) bool {
	for _, r := range word {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			return false
		}
	}
	return autoFuzziness(word) > 0
}

// fuzzyWord returns the term of the word (the characters of a word of the
// query, which starts at start, holding no "*") in field: a fuzzyNode when
// it ends in "~", "~1" or "~2" after a letter or digit, else a wordNode.
// Other digits after such a "~" are an error.
func fuzzyWord(field string, word []rune, start int) (*node, error) {
	plain := &node{kind: wordNode, field: field, text: string(word)}
	tilde := -1
	for i := len(word) - 1; i >= 0; i-- {
		if word[i] == '~' {
			tilde = i
			break
		}
	}
	if tilde < 1 {
		return plain, nil
	}
	last := word[tilde-1]
	if !unicode.IsLetter(last) && !unicode.IsDigit(last) {
		return plain, nil
	}
	digits := string(word[tilde+1:])
	for _, r := range digits {
		if !unicode.IsDigit(r) {
			return plain, nil
		}
	}
	fuzz := 0
	switch digits {
	case "":
	case "1":
		fuzz = 1
	case "2":
		fuzz = 2
	default:
		return nil, queryErrorf(`"~%s" at character %d: the edit distance after "~" is 1 or 2 (word~1, word~2), or none for one chosen by the word's length (word~)`, digits, charNum(start+tilde))
	}
	return &node{kind: fuzzyNode, field: field, text: string(word[:tilde]), fuzz: fuzz}, nil
}

// writeFuzzy writes the fuzzy term n without its scope.
func writeFuzzy(b *strings.Builder, n *node) {
	b.WriteString(n.text)
	b.WriteByte('~')
	if n.fuzz > 0 {
		b.WriteByte(byte('0' + n.fuzz))
	}
}

// fuzziness returns the edit distance of a fuzzyNode.
func (n *node) fuzziness() int {
	if n.fuzz > 0 {
		return n.fuzz
	}
	return autoFuzziness(n.text)
}

// markForgiving sets forgive on each word of the tree under n that is
// searched for (not left out: -word excludes the word alone), unscoped
// and forgivable.
func markForgiving(n *node, positive bool) {
	switch n.kind {
	case notNode:
		markForgiving(n.kids[0], !positive)
	case andNode, orNode:
		for _, k := range n.kids {
			markForgiving(k, positive)
		}
	case wordNode:
		n.forgive = positive && n.field == "" && forgivable(n.text)
		n.variants = positive && n.field == "" && nameLike(n.text)
	}
}

// termMatch matches the term n (a word, phrase or fuzzy word) in f: a
// fuzzy word within its distance; a forgiving word as written and, when
// the index holds it rarely (RarePer), within the distance of its length;
// a name-like word also as other transliterations of the name (variants);
// any other as fieldMatch does.
func termMatch(n *node, f searchField) query.Query {
	fq := &scorchx.FuzzyQuery{Text: n.text, Field: f.name, Analyzer: f.analyzer, Boost: f.boost, Discount: nearDiscount, Pairs: index.PairField(f.name)}
	switch {
	case n.kind == fuzzyNode:
		fq.Fuzziness = n.fuzziness()
		return fq
	case n.kind != wordNode || !n.forgive && !n.variants:
		return fieldMatch(f, n.text)
	}
	if n.forgive {
		fq.Fuzziness = autoFuzziness(n.text)
		fq.RarePer, fq.RareField = RarePer, index.FieldText
	}
	if !n.variants {
		return fq
	}
	base := stripArticle(n.text)
	key := skeleton(base)
	fq.Text = base
	fq.Same = func(term string) bool { return skeleton(term) == key }
	if base == n.text {
		return fq
	}
	return bleve.NewDisjunctionQuery(fieldMatch(f, n.text), fq)
}

// arabicArticles are the spellings of the Arabic article that begin a
// transliterated name before a hyphen: al-Baghdadi, ez-Zor, ash-Sham.
var arabicArticles = []string{"al", "el", "ul", "ad", "ag", "an", "ar", "as", "ash", "at", "az", "ez", "es", "ed", "et", "en", "er"}

// stripArticle returns word without an Arabic article and its hyphen in
// front ("ez-Zor" is "Zor"), or word itself.
func stripArticle(word string) string {
	head, rest, ok := strings.Cut(word, "-")
	if ok && rest != "" && slices.Contains(arabicArticles, strings.ToLower(head)) {
		return rest
	}
	return word
}

// nameLike reports whether word, as the query writes it, looks like a
// name to match in other transliterations: after any article, a capital
// letter and then at least 2 more letters, all letters (Deir, ez-Zor,
// Abadi; not deir, F-35 or USS).
func nameLike(word string) bool {
	base := []rune(stripArticle(word))
	if len(base) < 3 || !unicode.IsUpper(base[0]) {
		return false
	}
	upper := 0
	for _, r := range base {
		if !unicode.IsLetter(r) {
			return false
		}
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return upper == 1
}

// skeleton folds a transliterated name to the consonants that spellings
// of it share: lower case, without vowels, y, w and h, q as k, doubled
// letters once. Deir and Dayr are "dr"; Zor, Zawr, Zour and Zayr "zr";
// Abadi and Abbadi "bd". Only words within two edits of a name are
// compared so, which keeps door from Deir in practice (both must also
// be near the query's word).
func skeleton(word string) string {
	var b strings.Builder
	var last rune
	for _, r := range strings.ToLower(word) {
		switch r {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'h':
			continue
		case 'q':
			r = 'k'
		}
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// didYouMean returns the query text with a word replaced by the closest
// better-known word of the index, or "" when no word of the query has
// one. The words considered are those the index lacks, and when few is
// set (the search found little) every word. Candidates are the words of the articles' text that
// are their own stem (so that a correction reads as a word) and the
// words of entity names, within the distance of the word's length
// (autoFuzziness) and held by more articles than the word itself.
func (e *Engine) didYouMean(ctx context.Context, snap *scorchx.Snapshot, text string, few bool) (string, error) {
	words, err := e.spelling(ctx, snap, text, few, scorchx.MaxFuzzyTerms)
	if err != nil {
		return "", err
	}
	return correction(text, e.limits, words, few), nil
}

// SpellWord is what an index holds of one word of a query that a
// correction may replace (didYouMean): the number of articles holding
// it, and the words near it.
type SpellWord struct {
	Have uint64      `json:"h"`
	Near []SpellNear `json:"n,omitempty"`
}

// SpellNear is a word of the index near a query's word: the field it is
// a word of (spellFields), the term, the word a correction would write
// ("" for a term of the text no word stems to), its distance and the
// number of articles holding it.
type SpellNear struct {
	Field uint8  `json:"f"`
	Term  string `json:"t"`
	To    string `json:"w,omitempty"`
	Dist  int    `json:"d"`
	Docs  uint64 `json:"c"`
}

// spellFields are the fields whose words a correction may offer: the
// text's (stems, offered as words) and entity names'.
var spellFields = []string{index.FieldText, index.FieldPeopleWords, index.FieldPlacesWords, index.FieldOrganisationsWords}

// eachForgivable calls fn with each word of q a correction may replace, in
// the order of the query: a word not negated, of no field, that is worth
// correcting (forgivable).
func eachForgivable(q *Query, fn func(n *node) error) error {
	var walk func(n *node, positive bool) error
	walk = func(n *node, positive bool) error {
		switch n.kind {
		case notNode:
			return walk(n.kids[0], !positive)
		case andNode, orNode:
			for _, k := range n.kids {
				if err := walk(k, positive); err != nil {
					return err
				}
			}
			return nil
		case wordNode, fuzzyNode:
		default:
			return nil
		}
		if !positive || n.field != "" || !forgivable(n.text) {
			return nil
		}
		return fn(n)
	}
	return walk(q.root, true)
}

// spelling returns what snap holds of each word of the query text a
// correction may replace (eachForgivable), its near words (up to limit
// of each field) left out for a word the index holds unless all is set.
func (e *Engine) spelling(ctx context.Context, snap *scorchx.Snapshot, text string, all bool, limit int) ([]SpellWord, error) {
	q, err := parseQuery(text, e.limits)
	if err != nil || q.IsEmpty() {
		return nil, err
	}
	var words []SpellWord
	err = eachForgivable(q, func(n *node) error {
		word := strings.ToLower(n.text)
		term := e.token(index.FieldText, word)
		have, err := snap.DocFreq(ctx, index.FieldText, term)
		if err != nil {
			return err
		}
		w := SpellWord{Have: have}
		if have == 0 || all {
			fuzz := autoFuzziness(word)
			for f, field := range spellFields {
				of := word
				if field == index.FieldText {
					of = term
				}
				near, err := snap.NearTerms(ctx, field, of, fuzz, limit)
				if err != nil {
					return err
				}
				for _, t := range near {
					to := t.Term
					if field == index.FieldText {
						to = e.unstem(t.Term, word)
					}
					w.Near = append(w.Near, SpellNear{Field: uint8(f), Term: t.Term, To: to, Dist: t.Distance, Docs: t.Count})
				}
			}
		}
		words = append(words, w)
		return nil
	})
	return words, err
}

// correction returns the query text with the word replaced that words
// (what an index holds of each word eachForgivable finds in it) show
// has the closest better-known word, or "": among the words the index
// lacks, or every word when few is set, the near word held by more
// articles than the word, the nearest, then the most held, then the
// first met (fields in spellFields' order, each field's words nearest
// and most held first).
func correction(text string, lim Limits, words []SpellWord, few bool) string {
	q, err := parseQuery(text, lim)
	if err != nil || q.IsEmpty() {
		return ""
	}
	var (
		best  *node
		to    string
		dist  int
		docs  uint64
		i     int
		found bool
	)
	_ = eachForgivable(q, func(n *node) error {
		if i >= len(words) {
			return nil
		}
		w := words[i]
		i++
		if w.Have > 0 && !few {
			return nil
		}
		word := strings.ToLower(n.text)
		for _, c := range w.Near {
			if c.To == "" || c.Docs <= w.Have || c.To == word {
				continue
			}
			if !found || c.Dist < dist || c.Dist == dist && c.Docs > docs {
				best, to, dist, docs, found = n, c.To, c.Dist, c.Docs, true
			}
		}
		return nil
	})
	if !found {
		return ""
	}
	best.text, best.kind, best.fuzz = to, wordNode, 0
	return q.String()
}

// stemEndings are the endings tried to turn an index word, a stem, back
// into a word to offer: militari is military, command commander.
var stemEndings = []string{"", "e", "s", "er", "ers", "ed", "ing", "ion", "ions", "al", "es"}

// unstem returns the word closest to like (in edit distance) among stem
// itself, stem with its final i made a y, and stem with one of
// stemEndings, that the text's analyzer makes stem of, or "" when none
// is. The words of an article's text are indexed stemmed; a correction
// is offered as a word.
func (e *Engine) unstem(stem, like string) string {
	best, bestDist := "", 0
	try := func(w string) {
		if e.token(index.FieldText, w) != stem {
			return
		}
		if d := editDistance(w, like); best == "" || d < bestDist {
			best, bestDist = w, d
		}
	}
	for _, end := range stemEndings {
		try(stem + end)
	}
	if base, ok := strings.CutSuffix(stem, "i"); ok {
		try(base + "y")
		try(base + "ies")
	}
	return best
}

// editDistance returns the Levenshtein distance between a and b, in
// characters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// token returns the one token field's analyzer makes of word, or word
// itself when it makes none or several.
func (e *Engine) token(field, word string) string {
	a := e.mapping.AnalyzerNamed(e.mapping.AnalyzerNameForPath(field))
	if a == nil {
		return word
	}
	if ts := a.Analyze([]byte(word)); len(ts) == 1 {
		return string(ts[0].Term)
	}
	return word
}
