package search

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index"
)

// Field weights: a title match counts most; a match among the names of the
// article's entities counts like one in its text.
const (
	titleBoost   = 3.0
	textBoost    = 1.0
	aliasesBoost = 1.0
	facetBoost   = 1.0
)

// searchField is one index field a term is matched against.
type searchField struct {
	name  string
	boost float64
	// analyzer, when set, names the analyzer of the field for queries:
	// bleve does not find it for a field that a mapping declares under
	// another field's name, as index.NewMapping does the word fields.
	analyzer string
	// decides is whether the field's analyzer decides if a term counts: a
	// term that analyses to no tokens in every deciding field (a stop word,
	// punctuation) is dropped from the query.
	decides bool
}

// textFields are the fields an unscoped term is matched against. The
// article's text decides whether a word counts, not the entity names in
// aliases: should their analyzer keep stop words, "the pentagon" must still
// not need "the" among them.
var textFields = []searchField{
	{index.FieldTitle, titleBoost, "", true},
	{index.FieldText, textBoost, "", true},
	{index.FieldAliases, aliasesBoost, "", false},
}

// scopes maps each field scope a query may name (lower case, without the
// colon) to the fields it searches.
var scopes = map[string][]searchField{
	"title":        {{index.FieldTitle, titleBoost, "", true}},
	"person":       {{index.FieldPeopleWords, facetBoost, index.WordsAnalyzer, true}},
	"place":        {{index.FieldPlacesWords, facetBoost, index.WordsAnalyzer, true}},
	"organisation": {{index.FieldOrganisationsWords, facetBoost, index.WordsAnalyzer, true}},
	"org":          {{index.FieldOrganisationsWords, facetBoost, index.WordsAnalyzer, true}},
	"organization": {{index.FieldOrganisationsWords, facetBoost, index.WordsAnalyzer, true}},
	"source":       {{index.FieldSourceWords, facetBoost, index.WordsAnalyzer, true}},
}

// scopeList names the field scopes in error messages.
const scopeList = "title:, person:, place:, organisation:, org:, source:, date:, after: or before:"

// Query is a parsed query: a tree of words, phrases and prefixes joined by
// AND, OR and NOT. The zero Query and the Query of an empty text are empty.
type Query struct {
	root *node // nil when empty
}

type nodeKind uint8

const (
	wordNode   nodeKind = iota + 1 // text, field
	phraseNode                     // text, field
	prefixNode                     // text (without the "*"), field
	fuzzyNode                      // text (without the "~"), field, fuzz
	dateNode                       // text (the date or range), field (a date scope)
	notNode                        // kids[0]; never itself a notNode
	andNode                        // kids: two or more, none an andNode
	orNode                         // kids: two or more, none an orNode
)

// node is one term or operator of a Query.
type node struct {
	kind nodeKind
	// field is the scope of a term in lower case as the query wrote it
	// ("title", "org", …); "" searches every text field.
	field string
	text  string
	// fuzz is the edit distance of a fuzzyNode: 1 or 2, or 0 for one
	// chosen by the word's length (autoFuzziness).
	fuzz int
	// forgive is set on a word that is also matched within a small
	// distance when rare (markForgiving, at compile time).
	forgive bool
	// variants is set on a name-like word that also matches other
	// spellings of the name (markForgiving, at compile time).
	variants bool
	kids     []*node
}

// ParseQuery parses the query text s. Empty or all-white-space text gives
// an empty Query. Text that cannot be parsed, that is not UTF-8, or that
// holds more than MaxQueryLength characters (white space aside) or
// MaxQueryTerms terms gives a *QueryError with Param "q" whose message says
// what is wrong, at which character, and how to put it right.
//
// The language is Google-like:
//
//	missile defence        every word must match (AND), in the title,
//	                       summary, body, captions or entity names
//	                       (aliases: daesh finds Islamic State); stemmed:
//	                       missiles finds missile
//	"strike group"         the words side by side, in this order
//	-drone -"air strike"   must not match; a query of nothing but such terms
//	                       matches every article except those
//	isis OR daesh mosul    either; OR (upper case) binds tighter than the
//	                       implicit AND: (isis OR daesh) AND mosul
//	(isis mosul) OR raqqa  parentheses group; -(a OR b) leaves out both
//	peshmerga~             the word or words within a small edit distance:
//	                       1 for 4 to 7 letters, 2 for longer, none for 3
//	                       or fewer; peshmerga~1 and peshmerga~2 choose it.
//	                       A word of 4 letters or more that the index
//	                       lacks (or holds in fewer than one in RarePer
//	                       articles) is also matched so without the "~";
//	                       near words rank below the word itself
//	Deir ez-Zor            a capitalised word (after any Arabic article,
//	                       al-, ez-, …) also matches other spellings of the
//	                       name: Dayr az Zawr, Deir al-Zour (skeleton)
//	missi*                 a prefix: at least 2 letters or digits and a
//	                       final "*" (no stemming; it also matches what the
//	                       word missi matches)
//	title:kirkuk           a term in one field: title:word, title:"phrase",
//	                       title:miss*; person:, place:, organisation: (or
//	                       org: or organization:) and source: match words of
//	                       the facet values, in any case, unstemmed:
//	                       person:wallander and person:"Celeste Wallander"
//	                       both find Celeste Wallander
//	date:2024              published in a period: date:2024-03,
//	                       date:2024-03-05, date:2024-03..2024-06 (from the
//	                       start of one to the end of the other; either may
//	                       be left out: date:2024..); after:2024-01-01
//	                       from that day on; before:2024-07-01 up to that
//	                       day, not including it. Undated articles never
//	                       match (but do match -date:2024)
//
// A word runs up to white space or a parenthesis; a double quote or a "-"
// inside a word is part of it (don"t, F-35). OR is an operator only on its
// own, between two terms; "or" and "Or" are words (stop words). Words and
// phrases that analyse to nothing, such as stop words ("the") and
// punctuation ("—"), are left out, and a query of nothing else matches no
// article; "the pentagon" is pentagon.
//
// Colons: letters before a colon name a field when they are one of the
// scopes above, in any case (Title:x is title:x). Other ASCII letters
// before a colon that more text follows are taken for a mistyped field and
// rejected (foo:bar, mailto:x, tag:"x"), so that a typo is not silently
// searched for as a word. In every other case the colon is part of the
// word: URLs (https://…, as "/" follows the colon), times (10:30), words
// ending in a colon ("Exclusive: Russia") and colons after other letters
// or digits (Київ:x, F35:x) are searched as words.
func ParseQuery(s string) (*Query, error) {
	return parseQuery(s, Limits{}.withDefaults())
}

// parseQuery is ParseQuery within the limits lim (with its defaults
// filled in).
func parseQuery(s string, lim Limits) (*Query, error) {
	if len(s) > bytesPerChar*lim.QueryLength {
		return nil, &QueryError{Param: "q", Code: CodeQueryTooLong, Msg: fmt.Sprintf("the query is too long: it may hold at most %d characters", lim.QueryLength)}
	}
	if !utf8.ValidString(s) {
		bad := 0
		for i, r := range s {
			if r == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
					break
				}
			}
			bad++
		}
		return nil, queryErrorf("the query is not valid UTF-8 text (at character %d): send it UTF-8 encoded", bad+1)
	}
	if n := nonSpaceCount(s); n > lim.QueryLength {
		return nil, &QueryError{Param: "q", Code: CodeQueryTooLong, Msg: fmt.Sprintf("the query is too long: %d characters, at most %d (white space aside)", n, lim.QueryLength)}
	}
	p := &parser{rs: []rune(s), maxTerms: lim.QueryTerms}
	root, err := p.parseAnd(-1)
	if err != nil {
		return nil, err
	}
	return &Query{root: root}, nil
}

func queryErrorf(format string, args ...any) *QueryError {
	return &QueryError{Param: "q", Msg: fmt.Sprintf(format, args...)}
}

func nonSpaceCount(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// parser is a recursive descent parser over the characters of a query,
// with this grammar (EBNF; terms may be separated by white space, which is
// needed only where the end of a word would be unclear):
//
//	query   = [ and ] .
//	and     = or { or } .
//	or      = unary { "OR" unary } .
//	unary   = [ "-" ] primary .           (no space after "-"; not "--")
//	primary = "(" and ")" | term .
//	term    = [ scope ":" ] ( phrase | prefix | fuzzy | word ) .  (no space after ":")
//	scope   = "title" | "person" | "place" | "organisation" | "org"
//	        | "organization" | "source" .                  (in any case)
//	dated   = ( "date" | "after" | "before" ) ":" date .   (a term too)
//	date    = period | [ period ] ".." [ period ] .        (ranges: date: only)
//	period  = YYYY [ "-" MM [ "-" DD ] ] .
//	phrase  = `"` { char - `"` } `"` .
//	prefix  = alnum alnum { alnum } "*" .   (alnum: a letter, digit or mark)
//	fuzzy   = word "~" [ "1" | "2" ] .      (word ending in a letter or digit)
//	word    = first { char - space - "(" - ")" - "*" } .
//	first   = char - space - "(" - ")" - `"` - "-" - "*" .
//
// "OR" is the operator when white space, a parenthesis or the end follows
// it, so no unscoped word is "OR" (title:OR is). A "-" right after a scope
// is an error (-title:x is meant). A word starting with ASCII letters and
// a colon is subject to the colon rule of ParseQuery.
type parser struct {
	rs       []rune
	pos      int
	terms    int
	maxTerms int
}

func (p *parser) eof() bool { return p.pos >= len(p.rs) }

func (p *parser) skipSpace() {
	for p.pos < len(p.rs) && unicode.IsSpace(p.rs[p.pos]) {
		p.pos++
	}
}

// endsTerm reports whether the character at i ends a word: white space, a
// parenthesis or the end of the query.
func (p *parser) endsTerm(i int) bool {
	return i >= len(p.rs) || unicode.IsSpace(p.rs[i]) || p.rs[i] == '(' || p.rs[i] == ')'
}

// atOR reports whether the OR operator starts at the current position.
func (p *parser) atOR() bool {
	return p.pos+1 < len(p.rs) && p.rs[p.pos] == 'O' && p.rs[p.pos+1] == 'R' && p.endsTerm(p.pos+2)
}

// charNum returns the 1-based character number of position i, for messages.
func charNum(i int) int { return i + 1 }

// parseAnd parses terms up to the end of the query, or, when open is the
// position of a "(", up to its ")".
func (p *parser) parseAnd(open int) (*node, error) {
	var items []*node
	for {
		p.skipSpace()
		if p.eof() {
			if open >= 0 {
				return nil, queryErrorf(`unclosed "(" at character %d: add a ")" after the grouped terms`, charNum(open))
			}
			break
		}
		if p.rs[p.pos] == ')' {
			if open < 0 {
				return nil, queryErrorf(`unmatched ")" at character %d: there is no "(" before it`, charNum(p.pos))
			}
			if len(items) == 0 {
				return nil, queryErrorf(`empty parentheses at character %d: put words between them or remove them`, charNum(open))
			}
			p.pos++
			break
		}
		if p.atOR() {
			return nil, queryErrorf("OR at character %d has nothing before it", charNum(p.pos))
		}
		item, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
	return joinNodes(andNode, items), nil
}

func (p *parser) parseOr() (*node, error) {
	first, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	items := []*node{first}
	for {
		save := p.pos
		p.skipSpace()
		if !p.atOR() {
			p.pos = save
			break
		}
		or := p.pos
		p.pos += 2
		p.skipSpace()
		if p.eof() || p.rs[p.pos] == ')' || p.atOR() {
			return nil, queryErrorf("OR at character %d has nothing after it", charNum(or))
		}
		next, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		items = append(items, next)
	}
	return joinNodes(orNode, items), nil
}

func (p *parser) parseUnary() (*node, error) {
	if p.rs[p.pos] != '-' {
		return p.parsePrimary()
	}
	minus := p.pos
	p.pos++
	switch {
	case p.endsTerm(p.pos) && (p.eof() || p.rs[p.pos] != '('):
		return nil, queryErrorf(`nothing after "-" at character %d: write -word to leave out articles with that word`, charNum(minus))
	case p.rs[p.pos] == '-':
		return nil, queryErrorf(`"--" at character %d: write one "-" right before a word to leave it out`, charNum(minus))
	case p.atOR():
		return nil, queryErrorf(`"-" at character %d comes before OR: write -word to leave out a word`, charNum(minus))
	}
	inner, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	if inner.kind == notNode { // -(-a) is a
		return inner.kids[0], nil
	}
	return &node{kind: notNode, kids: []*node{inner}}, nil
}

func (p *parser) parsePrimary() (*node, error) {
	start := p.pos
	switch p.rs[start] {
	case '(':
		p.pos++
		return p.parseAnd(start)
	case '"':
		return p.parsePhrase("")
	}
	j := start
	for j < len(p.rs) && isASCIILetter(p.rs[j]) {
		j++
	}
	if j > start && j < len(p.rs) && p.rs[j] == ':' {
		name := strings.ToLower(string(p.rs[start:j]))
		if isDateScope(name) {
			p.pos = j + 1
			return p.parseDate(name, start)
		}
		if _, ok := scopes[name]; ok {
			p.pos = j + 1
			return p.parseScoped(name, start)
		}
		if p.attemptsField(j + 1) {
			return nil, queryErrorf(`unknown field "%s:" at character %d: use %s`, clip(p.rs[start:j]), charNum(start), scopeList)
		}
	}
	return p.parseWord("")
}

// attemptsField reports whether the character at next, which follows
// letters and a colon that name no field, makes them look like a mistyped
// field: a colon followed by white space, ")", "/", another colon or the end
// is part of a word instead ("Exclusive:", "https://…", "std::map").
func (p *parser) attemptsField(next int) bool {
	if next >= len(p.rs) {
		return false
	}
	r := p.rs[next]
	return !unicode.IsSpace(r) && r != ')' && r != '/' && r != ':'
}

// parseScoped parses the term after "name:", which started at start.
func (p *parser) parseScoped(name string, start int) (*node, error) {
	switch {
	case p.endsTerm(p.pos) && (p.eof() || p.rs[p.pos] != '('):
		return nil, queryErrorf(`nothing after "%s:" at character %d: write %[1]s:word or %[1]s:"a phrase" with no space after the colon`, name, charNum(start))
	case p.rs[p.pos] == '(':
		return nil, queryErrorf(`"%s:" at character %d applies to one word or "phrase", not to a group in parentheses: write %[1]s:a OR %[1]s:b`, name, charNum(start))
	case p.rs[p.pos] == '-':
		return nil, queryErrorf(`"-" at character %d must come before the field: write -%s:word`, charNum(p.pos), name)
	case p.rs[p.pos] == '"':
		return p.parsePhrase(name)
	}
	return p.parseWord(name)
}

// parseDate parses the date or range after "name:", a date scope, which
// started at start.
func (p *parser) parseDate(name string, start int) (*node, error) {
	begin := p.pos
	for !p.endsTerm(p.pos) {
		p.pos++
	}
	value := string(p.rs[begin:p.pos])
	if value == "" {
		return nil, queryErrorf(`nothing after "%s:" at character %d: write %[1]s:2024-03-05, with no space after the colon`, name, charNum(start))
	}
	if _, _, err := dateBounds(name, value); err != nil {
		return nil, queryErrorf("%v (at character %d)", err, charNum(start))
	}
	if err := p.countTerm(start); err != nil {
		return nil, err
	}
	return &node{kind: dateNode, field: name, text: value}, nil
}

func (p *parser) parsePhrase(field string) (*node, error) {
	open := p.pos
	end := open + 1
	for end < len(p.rs) && p.rs[end] != '"' {
		end++
	}
	if end == len(p.rs) {
		return nil, queryErrorf(`unclosed quote: the phrase starting at character %d (%s) has no closing "`, charNum(open), clip(p.rs[open:]))
	}
	p.pos = end + 1
	if err := p.countTerm(open); err != nil {
		return nil, err
	}
	text := strings.Join(strings.Fields(string(p.rs[open+1:end])), " ")
	return &node{kind: phraseNode, field: field, text: text}, nil
}

// clip returns rs for an error message, cut to its first 30 characters.
func clip(rs []rune) string {
	const n = 30
	if len(rs) > n {
		return strings.TrimRightFunc(string(rs[:n]), unicode.IsSpace) + "…"
	}
	return strings.TrimRightFunc(string(rs), unicode.IsSpace)
}

func (p *parser) parseWord(field string) (*node, error) {
	start := p.pos
	for !p.endsTerm(p.pos) {
		p.pos++
	}
	word := p.rs[start:p.pos]
	star := -1
	for i, r := range word {
		if r == '*' {
			star = i
			break
		}
	}
	if star < 0 {
		if err := p.countTerm(start); err != nil {
			return nil, err
		}
		return fuzzyWord(field, word, start)
	}
	at := charNum(start + star)
	if star == 0 {
		return nil, queryErrorf(`"*" must follow at least 2 letters (at character %d): write a prefix like missi*`, at)
	}
	if star != len(word)-1 {
		return nil, queryErrorf(`"*" at character %d must end the word: only prefixes like missi* are supported`, at)
	}
	alnum := 0
	for _, r := range word[:star] {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			alnum++
		case !unicode.IsMark(r):
			return nil, queryErrorf(`"*" at character %d must follow only letters and digits, and %q holds %q`, at, clip(word[:star]), r)
		}
	}
	if alnum < 2 {
		return nil, queryErrorf(`"*" must follow at least 2 letters (at character %d): write a prefix like missi*`, at)
	}
	if err := p.countTerm(start); err != nil {
		return nil, err
	}
	return &node{kind: prefixNode, field: field, text: string(word[:star])}, nil
}

// countTerm counts one more term, which starts at start, against the
// limit of terms.
func (p *parser) countTerm(start int) error {
	p.terms++
	if p.terms > p.maxTerms {
		return &QueryError{Param: "q", Code: CodeTooManyTerms, Msg: fmt.Sprintf("too many terms: a query may hold at most %d words, phrases and prefixes, and term %d starts at character %d", p.maxTerms, p.terms, charNum(start))}
	}
	return nil
}

func isASCIILetter(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }

// joinNodes returns the items joined by the operator kind (andNode or orNode),
// with nested operators of the same kind flattened; a single item is
// returned as it is and no items give nil.
func joinNodes(kind nodeKind, items []*node) *node {
	switch len(items) {
	case 0:
		return nil
	case 1:
		return items[0]
	}
	n := &node{kind: kind}
	for _, it := range items {
		if it.kind == kind {
			n.kids = append(n.kids, it.kids...)
		} else {
			n.kids = append(n.kids, it)
		}
	}
	return n
}

// IsEmpty reports whether q has no terms at all: the query of an empty text.
func (q *Query) IsEmpty() bool { return q == nil || q.root == nil }

// String returns q in canonical form: terms separated by one space, OR
// between alternatives, parentheses only where they change the meaning,
// field scopes in lower case. Parsing it gives a Query equal to q.
func (q *Query) String() string {
	if q.IsEmpty() {
		return ""
	}
	var b strings.Builder
	q.root.write(&b)
	return b.String()
}

func (n *node) write(b *strings.Builder) {
	switch n.kind {
	case dateNode:
		b.WriteString(n.field)
		b.WriteByte(':')
		b.WriteString(n.text)
	case wordNode, phraseNode, prefixNode, fuzzyNode:
		if n.field != "" {
			b.WriteString(n.field)
			b.WriteByte(':')
		}
		switch n.kind {
		case wordNode:
			b.WriteString(n.text)
		case fuzzyNode:
			writeFuzzy(b, n)
		case phraseNode:
			b.WriteByte('"')
			b.WriteString(n.text)
			b.WriteByte('"')
		default:
			b.WriteString(n.text)
			b.WriteByte('*')
		}
	case notNode:
		b.WriteByte('-')
		n.kids[0].writeOperand(b)
	case andNode:
		for i, k := range n.kids {
			if i > 0 {
				b.WriteByte(' ')
			}
			k.write(b) // no kid is an AND; an OR binds tighter
		}
	case orNode:
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(" OR ")
			}
			k.writeOperand(b) // no kid is an OR
		}
	}
}

// writeOperand writes n as the operand of a NOT or an OR: in parentheses
// when it is an AND or an OR.
func (n *node) writeOperand(b *strings.Builder) {
	if n.kind == andNode || n.kind == orNode {
		b.WriteByte('(')
		n.write(b)
		b.WriteByte(')')
		return
	}
	n.write(b)
}

// Terms returns the words, phrases (without quotes) and prefixes (with
// their "*") that articles are searched for, in query order and each once:
// the terms to highlight or to show, or to rank by. Terms that are left
// out ("-word") and dates are not among them.
func (q *Query) Terms() []string {
	var out []string
	seen := map[string]bool{}
	q.each(func(n *node) {
		t := n.text
		if n.kind == prefixNode {
			t += "*"
		}
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	})
	return out
}

// each calls f with each term of q that articles are searched for, in
// query order: not those left out (-word), not dates.
func (q *Query) each(f func(n *node)) {
	var walk func(n *node, positive bool)
	walk = func(n *node, positive bool) {
		switch n.kind {
		case notNode:
			walk(n.kids[0], !positive)
		case andNode, orNode:
			for _, k := range n.kids {
				walk(k, positive)
			}
		case dateNode:
		default:
			if positive {
				f(n)
			}
		}
	}
	if !q.IsEmpty() {
		walk(q.root, true)
	}
}
