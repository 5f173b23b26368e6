package search

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/registry"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// This file explains why a hit matched: which words of its text the
// query's terms found (as written, stemmed, near, by prefix, in a
// phrase), and which of its entities a word found through their names
// and aliases (isis finds an article about the Islamic State that writes
// ISIL or Daesh). The text an entity is written as is marked like any
// other match.

// MatchKind says how a term of the query matched a hit.
type MatchKind string

// The kinds of match.
const (
	// MatchWord is a word of the query as the text writes it (in any
	// case).
	MatchWord MatchKind = "word"
	// MatchStem is another form of a word of the query: missiles for
	// missile.
	MatchStem MatchKind = "stem"
	// MatchPhrase is a phrase of the query ("air strike"), or a word
	// the analyzer splits (F-35).
	MatchPhrase MatchKind = "phrase"
	// MatchPrefix is a word that a prefix of the query (missi*) begins.
	MatchPrefix MatchKind = "prefix"
	// MatchFuzzy is a word within a small edit distance of a word of the
	// query (peshmerga~, or a rare word forgiven), or another spelling of
	// a name (Dayr for Deir).
	MatchFuzzy MatchKind = "fuzzy"
	// MatchAlias is a name the text writes of an entity that a word of
	// the query names otherwise: ISIL or Daesh for isis (Islamic State).
	MatchAlias MatchKind = "alias"
	// MatchEntity is an entity of the article that a word of the query
	// names, none of whose names the title or text writes as the query
	// matched them: the article matched through the entity alone.
	MatchEntity MatchKind = "entity"
)

// Match is one reason a hit matched: what matched, how, and through
// which entity for an alias or entity match.
type Match struct {
	Kind MatchKind
	// Text is the words matched as the article writes them (the
	// query's phrase, for a phrase; the entity's name, for an entity).
	Text string
	// Entity is the entity an alias or entity match went through; nil
	// for the other kinds.
	Entity *MatchedEntity
}

// MatchedEntity names the entity of an alias or entity match.
type MatchedEntity struct {
	// ID is entity.ID of the entity; Name its canonical name, the facet
	// value; Kind its kind.
	ID, Name string
	Kind     entity.Kind
}

// maxMatches bounds the matches listed of a hit: an article matching a
// prefix may hold hundreds of words it begins.
const maxMatches = 12

// explainer explains the hits of one query, keeping each hit's matches
// by its ID for toHit.
type explainer struct {
	// words maps the token of each word of the query to it; phrases the
	// tokens of each phrase (and word the analyzer splits); prefixes are
	// the query's prefixes, lower case.
	words, phrases map[string]*node
	prefixes       []string
	// names are the fields of entity names the query's terms match:
	// the aliases for unscoped terms, the words of a facet's values for
	// person:, place: and organisation:.
	names []nameField
	// analysed holds the terms a name field's analyzer makes of each
	// entity name: the engine's, for every search.
	analysed *nameTerms
	matched  map[string][]Match
}

// nameField is a field of entity names that terms of a query match.
type nameField struct {
	field string
	// kind is the kind of the entities whose names the field holds,
	// unless anyKind is set.
	kind     entity.Kind
	anyKind  bool
	analyzer analysis.Analyzer
}

// scopedKinds are the kinds of entity whose names each word field a
// query scope searches holds (source: names no entity).
var scopedKinds = map[string]entity.Kind{
	index.FieldPeopleWords: entity.Person, index.FieldPlacesWords: entity.Place, index.FieldOrganisationsWords: entity.Organisation,
}

// newExplainer returns the explainer of the parsed query text q (as
// compile parsed it; it is read, not changed), or nil when it has no term
// to explain (an empty query, or one of dates or scoped entity words
// alone).
func (e *Engine) newExplainer(q *Query) *explainer {
	if q == nil || q.IsEmpty() {
		return nil
	}
	x := &explainer{words: map[string]*node{}, phrases: map[string]*node{}, analysed: e.names, matched: map[string][]Match{}}
	textAnalyzer := e.mapping.AnalyzerNamed(e.mapping.AnalyzerNameForPath(index.FieldText))
	addNames := func(f nameField) {
		if !slices.ContainsFunc(x.names, func(o nameField) bool { return o.field == f.field }) {
			x.names = append(x.names, f)
		}
	}
	some := false
	q.each(func(n *node) {
		if n.field != "" && n.field != "title" {
			// person:, place:, organisation: match the words of entity
			// names, not the text.
			for _, f := range scopes[n.field] {
				if k, ok := scopedKinds[f.name]; ok {
					addNames(nameField{field: f.name, kind: k, analyzer: e.mapping.AnalyzerNamed(f.analyzer)})
					some = true
				}
			}
			return
		}
		some = true
		if n.field == "" {
			addNames(nameField{field: index.FieldAliases, anyKind: true, analyzer: e.mapping.AnalyzerNamed(e.mapping.AnalyzerNameForPath(index.FieldAliases))})
		}
		switch n.kind {
		case prefixNode:
			x.prefixes = append(x.prefixes, strings.ToLower(n.text))
			return
		case phraseNode, wordNode, fuzzyNode:
		default:
			return
		}
		tokens := analyzeTerms(textAnalyzer, n.text)
		if n.kind == phraseNode || len(tokens) > 1 {
			for _, t := range tokens {
				x.phrases[t] = n
			}
		} else if len(tokens) == 1 {
			x.words[tokens[0]] = n
		}
	})
	if !some {
		return nil
	}
	return x
}

// analyzeTerms returns the terms a makes of text; the words of text,
// lower case, when a is nil.
func analyzeTerms(a analysis.Analyzer, text string) []string {
	if a == nil {
		return strings.Fields(strings.ToLower(text))
	}
	ts := a.Analyze([]byte(text))
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.Term)
	}
	return out
}

// shownFields are the stored fields a hit shows, whose term locations
// say what matched, in the order their matches are listed; shownTexts
// holds their texts in this order.
var shownFields = [...]string{index.FieldTitle, index.FieldSummary, index.FieldBody}

// explain is a scorchx.Explainer: it keeps what made the hit match and
// adds to its locations, for the highlighter to mark, the names the
// title and text write of the entities its match went through.
func (x *explainer) explain(hit *bsearch.DocumentMatch, shown scorchx.Shown) {
	x.matched[hit.ID] = x.matches(hit.Locations, shown)
}

// matches returns what made an article match, from the locations of
// the query's terms in it (which it adds the locations of the names of
// its entities to, as explain says) and what it stores. Its entities
// are decoded only when a term matched in their names alone.
func (x *explainer) matches(locs bsearch.FieldTermLocationMap, shown scorchx.Shown) []Match {
	texts := shownTextsOf(shown)
	out := x.textMatches(locs, &texts)
	var named []registry.Named // decoded when first needed
	decoded := false
	for _, nf := range x.names {
		var through []string // matched in the entity names alone
		for term := range locs[nf.field] {
			if !nf.anyKind || !inShown(locs, term) {
				through = append(through, term)
			}
		}
		if len(through) == 0 {
			continue
		}
		slices.Sort(through)
		if !decoded {
			named, decoded = storedNamed(shown.Entities), true
		}
		for _, n := range named {
			if !nf.anyKind && n.Kind != nf.kind || !x.holds(nf, n, through) {
				continue
			}
			for _, m := range entityMatches(n, through[0], &texts, locs) {
				// A name the text writes that the query found as a word
				// is listed once, as the word.
				if !slices.ContainsFunc(out, func(o Match) bool { return o.Entity == nil && strings.EqualFold(o.Text, m.Text) }) {
					out = appendMatches(out, m)
				}
			}
		}
	}
	return out
}

// shownText is the text of a shown field, as stored, and the text
// asciiFold folded, made when a name is first looked for in it.
type shownText struct {
	text     []byte
	folded   string
	isFolded bool
}

// fold returns t's text asciiFold folded.
func (t *shownText) fold() string {
	if !t.isFolded {
		t.folded, t.isFolded = asciiFold(string(t.text)), true
	}
	return t.folded
}

// shownTexts are the texts of the shown fields, in the order of
// shownFields.
type shownTexts [len(shownFields)]shownText

// shownTextsOf returns the texts of the shown fields of shown.
func shownTextsOf(shown scorchx.Shown) shownTexts {
	return shownTexts{{text: shown.Title}, {text: shown.Summary}, {text: shown.Body}}
}

// textMatches lists the words of texts that locs locate, in the order
// of shownFields and of the text, each kind and word once.
func (x *explainer) textMatches(locs bsearch.FieldTermLocationMap, texts *shownTexts) []Match {
	type found struct {
		field      int
		start, end uint64
		term       string
	}
	var all []found
	for fi, field := range shownFields {
		for term, ls := range locs[field] {
			for _, l := range ls {
				if l.Start < l.End && l.End <= uint64(len(texts[fi].text)) {
					all = append(all, found{fi, l.Start, l.End, term})
				}
			}
		}
	}
	slices.SortFunc(all, func(a, b found) int {
		return cmp.Or(cmp.Compare(a.field, b.field), cmp.Compare(a.start, b.start), strings.Compare(a.term, b.term))
	})
	var out []Match
	for _, f := range all {
		surface := texts[f.field].text[f.start:f.end]
		kind, text := x.classify(f.term, surface)
		if slices.ContainsFunc(out, func(o Match) bool {
			// Text matches only: alike in kind and text, in any case.
			return o.Kind == kind && (text != "" && strings.EqualFold(o.Text, text) || text == "" && bytes.EqualFold([]byte(o.Text), surface))
		}) {
			continue
		}
		if text == "" {
			text = string(surface)
		}
		out = append(out, Match{Kind: kind, Text: text})
		if len(out) == maxMatches {
			break
		}
	}
	return out
}

// classify says how the term, written as surface in the text, matched
// the query, and the text of the match: "" when it is the surface, as
// for every kind but a phrase, whose text is the query's.
func (x *explainer) classify(term string, surface []byte) (MatchKind, string) {
	if n, ok := x.words[term]; ok {
		if bytes.EqualFold(surface, []byte(n.text)) {
			return MatchWord, ""
		}
		return MatchStem, ""
	}
	if n, ok := x.phrases[term]; ok {
		return MatchPhrase, n.text
	}
	for _, p := range x.prefixes {
		if bytes.HasPrefix(bytes.ToLower(surface), []byte(p)) || strings.HasPrefix(term, p) {
			return MatchPrefix, ""
		}
	}
	return MatchFuzzy, ""
}

// appendMatches appends to list each of ms it does not hold (alike in
// kind, entity and text, in any case), up to maxMatches in all.
func appendMatches(list []Match, ms ...Match) []Match {
	for _, m := range ms {
		if len(list) == maxMatches {
			break
		}
		if !slices.ContainsFunc(list, func(o Match) bool {
			return o.Kind == m.Kind && strings.EqualFold(o.Text, m.Text) && (o.Entity == nil) == (m.Entity == nil) && (o.Entity == nil || o.Entity.ID == m.Entity.ID)
		}) {
			list = append(list, m)
		}
	}
	return list
}

// inShown reports whether term has a location in a shown field.
func inShown(locs bsearch.FieldTermLocationMap, term string) bool {
	for _, f := range shownFields {
		if len(locs[f][term]) > 0 {
			return true
		}
	}
	return false
}

// holds reports whether one of the names of n (those the article
// wrote, its name, the name it resolved to, its aliases) holds one of
// terms (sorted), as the name field nf indexes them.
func (x *explainer) holds(nf nameField, n registry.Named, terms []string) bool {
	for _, name := range entityNames(n) {
		for _, t := range x.analysed.of(nf, name) {
			if _, ok := slices.BinarySearch(terms, t); ok {
				return true
			}
		}
	}
	return false
}

// entityNames returns the names n may be written as: those the article
// wrote, then its name, the name it resolved to and its aliases.
func entityNames(n registry.Named) []string {
	out := make([]string, 0, len(n.Forms)+2+len(n.Aliases))
	out = append(out, n.Forms...)
	out = append(out, n.Name, n.Resolved)
	out = append(out, n.Aliases...)
	return slices.DeleteFunc(out, func(s string) bool { return strings.TrimSpace(s) == "" })
}

// entityMatches returns the alias matches of the entity n, which the
// query matched through term: each of its names that texts write, whose
// places it adds to locs under term; or, when texts write none, one
// entity match.
func entityMatches(n registry.Named, term string, texts *shownTexts, locs bsearch.FieldTermLocationMap) []Match {
	ent := matchedEntity(n)
	names := entityNames(n)
	for i, name := range names {
		names[i] = asciiFold(name)
	}
	var out []Match
	for fi, field := range shownFields {
		text := texts[fi].text
		if len(text) == 0 {
			continue
		}
		for _, name := range names {
			spans := findWords(texts[fi].fold(), name, maxEntityMarks)
			if len(spans) == 0 {
				continue
			}
			if locs[field] == nil {
				locs[field] = bsearch.TermLocationMap{}
			}
			for _, sp := range spans {
				locs[field][term] = append(locs[field][term], &bsearch.Location{Start: uint64(sp.Start), End: uint64(sp.End)})
			}
			out = appendMatches(out, Match{Kind: MatchAlias, Text: string(text[spans[0].Start:spans[0].End]), Entity: ent})
		}
	}
	if len(out) == 0 {
		out = append(out, Match{Kind: MatchEntity, Text: n.Resolved, Entity: ent})
	}
	return out
}

// matchedEntity names the entity n is a name of.
func matchedEntity(n registry.Named) *MatchedEntity {
	return &MatchedEntity{ID: entity.ID(n.Kind, n.Resolved), Name: n.Resolved, Kind: n.Kind}
}

// maxEntityMarks bounds the places one name of an entity is marked in
// one field of a hit, as the highlighter's locations are bounded.
const maxEntityMarks = 64

// findWords returns the places, at most limit, where folded, a text
// asciiFold folded, writes words (folded alike) as whole words: neither
// a letter nor a digit just before or after. Case is ignored in ASCII
// letters, which is where names differ in case (ISIL, Isil).
func findWords(folded, words string, limit int) []Span {
	var out []Span
	n := len(words)
	if n == 0 {
		return nil
	}
	for at := 0; len(out) < limit; {
		i := strings.Index(folded[at:], words)
		if i < 0 {
			break
		}
		start := at + i
		if !wordRuneBefore(folded, start) && !wordRuneAt(folded, start+n) {
			out = append(out, Span{start, start + n})
			at = start + n
			continue
		}
		_, size := utf8.DecodeRuneInString(folded[start:])
		at = start + size
	}
	return out
}

// asciiFold returns s with its ASCII capitals made small: the same
// length as s, byte for byte, so that offsets into it are offsets into s.
func asciiFold(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// wordRuneBefore reports whether the character before byte i of s is a
// letter or digit.
func wordRuneBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// wordRuneAt reports whether the character at byte i of s is a letter or
// digit.
func wordRuneAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return i < len(s) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// hitMatches returns what x found made the hit with the given ID match;
// nil when x is nil.
func (x *explainer) hitMatches(id string) []Match {
	if x == nil {
		return nil
	}
	return x.matched[id]
}

// explainFunc returns x's explain as a scorchx.Explainer, one that does
// nothing when x is nil.
func (x *explainer) explainFunc() scorchx.Explainer {
	if x == nil {
		return scorchx.Explainer{}
	}
	return scorchx.Explainer{Func: x.explain}
}

// storedNamed returns the names of the entities an article's stored
// FieldEntities value holds; none when it is damaged, which is the
// Writer's to report.
func storedNamed(value []byte) []registry.Named {
	if len(value) == 0 {
		return nil
	}
	named, err := index.DecodeNamed("", string(value)) // the id names the article in errors, dropped here
	if err != nil {
		return nil
	}
	return named
}

// nameTerms keeps the terms the analyzers of name fields make of entity
// names, for every search of an engine: the hits of searches name the
// same entities again and again, and analysing every name of a hit's
// entities (the English analyzer's stemmer among them) each time was a
// fifth of the CPU of a search matching through one. It is safe for
// concurrent use, and forgets every name when it holds maxNameTerms.
type nameTerms struct {
	mu    sync.Mutex
	terms map[[2]string][]string // by field and name
}

// maxNameTerms bounds the names a nameTerms keeps: about 100 bytes
// each, a few MB in all.
const maxNameTerms = 1 << 15

// of returns the terms nf's analyzer makes of name, analysing it the
// first time.
func (c *nameTerms) of(nf nameField, name string) []string {
	key := [2]string{nf.field, name}
	c.mu.Lock()
	terms, ok := c.terms[key]
	c.mu.Unlock()
	if ok {
		return terms
	}
	terms = analyzeTerms(nf.analyzer, name)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.terms == nil || len(c.terms) >= maxNameTerms {
		c.terms = make(map[[2]string][]string)
	}
	c.terms[key] = terms
	return terms
}
