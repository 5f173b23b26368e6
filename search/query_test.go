package search

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
)

// queryCmp compares parsed queries by their trees.
var queryCmp = cmp.AllowUnexported(Query{}, node{})

func TestParseQueryString(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // the canonical form
	}{
		{"empty", "", ""},
		{"white space only", " \t\n ", ""},
		{"one word", "missiles", "missiles"},
		{"case is kept", "Kirkuk USS", "Kirkuk USS"},
		{"multiple spaces", "  isis   mosul  ", "isis mosul"},
		{"tabs and newlines", "isis\tmosul\nraqqa", "isis mosul raqqa"},
		{"non-breaking space separates", "isis\u00a0mosul", "isis mosul"},
		{"unicode words", "Зеленський  داعش 北京", "Зеленський داعش 北京"},
		{"date scope", "Date:2024 AFTER:2024-03-05 before:2024-06", "date:2024 after:2024-03-05 before:2024-06"},
		{"date range", "date:2024-03..2024-06 date:2024.. -date:..2023", "date:2024-03..2024-06 date:2024.. -date:..2023"},
		{"date in OR", "date:2023 OR date:2024 mosul", "date:2023 OR date:2024 mosul"},
		{"hyphen inside a word", "F-35 al-Baghdadi", "F-35 al-Baghdadi"},
		{"fuzzy word", "pesmerga~ abadi~1 Deir~2", "pesmerga~ abadi~1 Deir~2"},
		{"scoped fuzzy word", "-title:pesmerga~ person:abadi~2", "-title:pesmerga~ person:abadi~2"},
		{"tilde that is no fuzziness", "~ a~~ ~2 a-~ x~y", "~ a~~ ~2 a-~ x~y"},
		{"fuzzy word of digits", "F-35~", "F-35~"},
		{"phrase", `"strike group"`, `"strike group"`},
		{"phrase spaces collapse", "\"  strike \t group \"", `"strike group"`},
		{"phrase keeps its punctuation", `"U.S.-led coalition's"`, `"U.S.-led coalition's"`},
		{"phrase then word without space", `"strike group"carrier`, `"strike group" carrier`},
		{"phrases side by side", `"a""b"`, `"a" "b"`},
		{"empty phrase", `""`, `""`},
		{"quote inside a word", `don"t stop`, `don"t stop`},
		{"quote ending a word", `5'10" tall`, `5'10" tall`},
		{"quotes inside a word", `say"hello world"`, `say"hello world"`},
		{"negated word", "-drone", "-drone"},
		{"negated phrase", `-"air strike"`, `-"air strike"`},
		{"negated scoped word", "-source:dvids", "-source:dvids"},
		{"negated scoped phrase", `isis -title:"Mosul offensive"`, `isis -title:"Mosul offensive"`},
		{"only negations", "-drone -missile", "-drone -missile"},
		{"hyphen after word", "isis- mosul", "isis- mosul"},
		{"OR", "isis OR daesh mosul", "isis OR daesh mosul"},
		{"OR chain", "isis OR isil OR daesh", "isis OR isil OR daesh"},
		{"OR with negation", "isis OR -syria", "isis OR -syria"},
		{"lower-case or is a word", "isis or daesh", "isis or daesh"},
		{"Or is a word", "isis Or daesh", "isis Or daesh"},
		{"OR inside a word", "ORBAT NATO-OR ORs", "ORBAT NATO-OR ORs"},
		{"OR then quote is a word", `a OR"b"`, `a OR"b"`},
		{"OR after a phrase", `"a b"OR c`, `"a b" OR c`},
		{"OR between groups", "(a b)OR(c d)", "(a b) OR (c d)"},
		{"OR groups flatten", "(a OR b) OR (c OR d)", "a OR b OR c OR d"},
		{"group binds AND", "(isis OR daesh) mosul", "isis OR daesh mosul"},
		{"group needed", "(isis mosul) OR raqqa", "(isis mosul) OR raqqa"},
		{"group of one", "((isis))", "isis"},
		{"nested groups flatten", "a (b (c d)) e", "a b c d e"},
		{"nested mixed groups", "(a OR (b (c OR d)))", "a OR (b c OR d)"},
		{"group spaces", "( a  b )", "a b"},
		{"group then word", "(a OR b)c", "a OR b c"},
		{"negated group", "-(drone OR missile)", "-(drone OR missile)"},
		{"negated AND group", "-(a b) c", "-(a b) c"},
		{"negated group in OR", "-(a b) OR c", "-(a b) OR c"},
		{"negated group of one", "-((a))", "-a"},
		{"double negation", "-(-a)", "a"},
		{"double negation of a group", "x -(-(a b))", "x a b"},
		{"double negation in OR", "x OR -(-(a b))", "x OR (a b)"},
		{"negation inside negated group", "-(a -b)", "-(a -b)"},
		{"title scope", "title:missile", "title:missile"},
		{"scopes", `person:"Celeste Wallander" place:Kirkuk organisation:Peshmerga org:isis organization:NATO source:dvids`,
			`person:"Celeste Wallander" place:Kirkuk organisation:Peshmerga org:isis organization:NATO source:dvids`},
		{"scope case", "Title:Missile PERSON:wallander", "title:Missile person:wallander"},
		{"scoped phrase spaces", `title:" strike  group "`, `title:"strike group"`},
		{"scoped empty phrase", `title:""`, `title:""`},
		{"scoped word holding a colon", "title:foo:bar", "title:foo:bar"},
		{"scoped word starting with a colon", "title::x", "title::x"},
		{"scoped OR is a word", "title:OR", "title:OR"},
		{"scoped word holding a quote", `title:a"b`, `title:a"b`},
		{"scope in OR", "title:isis OR person:baghdadi", "title:isis OR person:baghdadi"},
		{"prefix", "missi*", "missi*"},
		{"prefix of digits", "20*", "20*"},
		{"unicode prefix", "Київ*", "Київ*"},
		{"prefix with accents", "Kie\u0301v* كلٍ*", "Kie\u0301v* كلٍ*"},
		{"scoped prefix", "title:miss*", "title:miss*"},
		{"negated prefix", "-miss*", "-miss*"},
		{"prefix in OR", "miss* OR rocket*", "miss* OR rocket*"},
		{"URL is a word", "https://www.defense.gov/News/", "https://www.defense.gov/News/"},
		{"time is a word", "10:30", "10:30"},
		{"trailing colon is a word", "Exclusive: Russia", "Exclusive: Russia"},
		{"double colon is a word", "std::vector", "std::vector"},
		{"colon after digits", "F35:jets", "F35:jets"},
		{"colon after non-ASCII letters", "Київ:x", "Київ:x"},
		{"negated URL", "-http://example.com", "-http://example.com"},
		{"AND is a word", "isis AND mosul", "isis AND mosul"},
		{"control characters are word characters", "a\x00b", "a\x00b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.in)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, q.String()); diff != "" {
				t.Errorf("ParseQuery(%q).String() (-want +got):\n%s", tt.in, diff)
			}
			if got, want := q.IsEmpty(), tt.want == ""; got != want {
				t.Errorf("IsEmpty() = %v, want %v", got, want)
			}
			again, err := ParseQuery(q.String())
			if err != nil {
				t.Fatalf("reparsing %q: %v", q.String(), err)
			}
			if diff := cmp.Diff(q, again, queryCmp); diff != "" {
				t.Errorf("reparsing %q gives another query (-first +second):\n%s", q.String(), diff)
			}
		})
	}
}

func TestParseQueryTree(t *testing.T) {
	word := func(text string) *node { return &node{kind: wordNode, text: text} }
	tests := []struct {
		name string
		in   string
		want *node
	}{
		{"OR binds tighter than AND", "isis OR daesh mosul",
			&node{kind: andNode, kids: []*node{
				{kind: orNode, kids: []*node{word("isis"), word("daesh")}},
				word("mosul"),
			}}},
		{"group", "(isis mosul) OR raqqa",
			&node{kind: orNode, kids: []*node{
				{kind: andNode, kids: []*node{word("isis"), word("mosul")}},
				word("raqqa"),
			}}},
		{"negation binds tighter than OR", "-a OR b",
			&node{kind: orNode, kids: []*node{{kind: notNode, kids: []*node{word("a")}}, word("b")}}},
		{"fuzzy words", "pesmerga~ title:abadi~2 x~1",
			&node{kind: andNode, kids: []*node{
				{kind: fuzzyNode, text: "pesmerga"},
				{kind: fuzzyNode, field: "title", text: "abadi", fuzz: 2},
				{kind: fuzzyNode, text: "x", fuzz: 1},
			}}},
		{"scoped terms", `-source:dvids title:"Strike group" org:isi*`,
			&node{kind: andNode, kids: []*node{
				{kind: notNode, kids: []*node{{kind: wordNode, field: "source", text: "dvids"}}},
				{kind: phraseNode, field: "title", text: "Strike group"},
				{kind: prefixNode, field: "org", text: "isi"},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&Query{root: tt.want}, q, queryCmp); diff != "" {
				t.Errorf("ParseQuery(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"unclosed quote", `carrier "strike group`,
			`unclosed quote: the phrase starting at character 9 ("strike group) has no closing "`},
		{"unclosed quote after a closed one", `"a" "b`,
			`unclosed quote: the phrase starting at character 5 ("b) has no closing "`},
		{"unclosed long phrase", `"` + strings.Repeat("word ", 10),
			`unclosed quote: the phrase starting at character 1 ("word word word word word word…) has no closing "`},
		{"unclosed scoped phrase", `title:"strike`,
			`unclosed quote: the phrase starting at character 7 ("strike) has no closing "`},
		{"fuzziness over 2", "isis pesmerga~3",
			`"~3" at character 14: the edit distance after "~" is 1 or 2 (word~1, word~2), or none for one chosen by the word's length (word~)`},
		{"fuzziness 0", "abadi~0",
			`"~0" at character 6: the edit distance after "~" is 1 or 2 (word~1, word~2), or none for one chosen by the word's length (word~)`},
		{"unknown field", "foo:bar",
			`unknown field "foo:" at character 1: use title:, person:, place:, organisation:, org:, source:, date:, after: or before:`},
		{"no such month", "isis date:2024-13",
			`"date:2024-13" is not a date: write a date as YYYY, YYYY-MM or YYYY-MM-DD, or a range FROM..TO such as 2024-03..2024-06 (either end may be left out) (at character 6)`},
		{"a year bleve cannot hold", "date:0000 date:..0000 000",
			`"date:0000" is not a date: write a date as YYYY, YYYY-MM or YYYY-MM-DD, or a range FROM..TO such as 2024-03..2024-06 (either end may be left out) (at character 1)`},
		{"not a date", "date:yesterday",
			`"date:yesterday" is not a date: write a date as YYYY, YYYY-MM or YYYY-MM-DD, or a range FROM..TO such as 2024-03..2024-06 (either end may be left out) (at character 1)`},
		{"a range backwards", "date:2024-06..2024-03",
			`"date:2024-06..2024-03" ends before it starts: write the earlier date first (at character 1)`},
		{"a range of nothing", "date:..",
			`"date:.." is not a date: write a date as YYYY, YYYY-MM or YYYY-MM-DD, or a range FROM..TO such as 2024-03..2024-06 (either end may be left out) (at character 1)`},
		{"after: takes no range", "after:2024..2025",
			`"after:2024..2025" is not a date: write a date as YYYY, YYYY-MM or YYYY-MM-DD (at character 1)`},
		{"nothing after date:", "date: 2024",
			`nothing after "date:" at character 1: write date:2024-03-05, with no space after the colon`},
		{"a quoted date", `before:"2024"`,
			`"before:"2024"" is not a date: write a date as YYYY, YYYY-MM or YYYY-MM-DD (at character 1)`},
		{"unknown field keeps its case", "isis Re:Mosul",
			`unknown field "Re:" at character 6: use title:, person:, place:, organisation:, org:, source:, date:, after: or before:`},
		{"unknown field with phrase", `tag:"a b"`,
			`unknown field "tag:" at character 1: use title:, person:, place:, organisation:, org:, source:, date:, after: or before:`},
		{"unknown field before a group", "Update:(a)",
			`unknown field "Update:" at character 1: use title:, person:, place:, organisation:, org:, source:, date:, after: or before:`},
		{"unknown field with group", "tag:(a)",
			`unknown field "tag:" at character 1: use title:, person:, place:, organisation:, org:, source:, date:, after: or before:`},
		{"unknown negated field", "-tag:a",
			`unknown field "tag:" at character 2: use title:, person:, place:, organisation:, org:, source:, date:, after: or before:`},
		{"mailto is no field", "mailto:press@example.com",
			`unknown field "mailto:" at character 1: use title:, person:, place:, organisation:, org:, source:, date:, after: or before:`},
		{"long unknown field", strings.Repeat("a", 40) + ":b",
			`unknown field "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…:" at character 1: use title:, person:, place:, organisation:, org:, source:, date:, after: or before:`},
		{"OR with a colon", "OR:x",
			`unknown field "OR:" at character 1: use title:, person:, place:, organisation:, org:, source:, date:, after: or before:`},
		{"nothing after a field", "isis title:",
			`nothing after "title:" at character 6: write title:word or title:"a phrase" with no space after the colon`},
		{"space after a field", "Person: Wallander",
			`nothing after "person:" at character 1: write person:word or person:"a phrase" with no space after the colon`},
		{"field before a parenthesis", "(title:)",
			`nothing after "title:" at character 2: write title:word or title:"a phrase" with no space after the colon`},
		{"field on a group", "title:(a OR b)",
			`"title:" at character 1 applies to one word or "phrase", not to a group in parentheses: write title:a OR title:b`},
		{"minus after a field", "source:-dvids",
			`"-" at character 8 must come before the field: write -source:word`},
		{"star alone", "*",
			`"*" must follow at least 2 letters (at character 1): write a prefix like missi*`},
		{"leading wildcard", "isis *ward",
			`"*" must follow at least 2 letters (at character 6): write a prefix like missi*`},
		{"one letter prefix", "isis m*",
			`"*" must follow at least 2 letters (at character 7): write a prefix like missi*`},
		{"one letter scoped prefix", "title:m*",
			`"*" must follow at least 2 letters (at character 8): write a prefix like missi*`},
		{"accents are not letters", "a\u0301\u0301*",
			`"*" must follow at least 2 letters (at character 4): write a prefix like missi*`},
		{"star in the middle", "mis*le",
			`"*" at character 4 must end the word: only prefixes like missi* are supported`},
		{"two stars", "miss**",
			`"*" at character 5 must end the word: only prefixes like missi* are supported`},
		{"punctuation in prefix", "f-3*",
			`"*" at character 4 must follow only letters and digits, and "f-3" holds '-'`},
		{"star after a phrase", `"strike gr"*`,
			`"*" must follow at least 2 letters (at character 12): write a prefix like missi*`},
		{"OR first", "OR isis",
			"OR at character 1 has nothing before it"},
		{"OR last", "isis OR",
			"OR at character 6 has nothing after it"},
		{"OR OR", "isis OR OR daesh",
			"OR at character 6 has nothing after it"},
		{"OR first in group", "mosul (OR isis)",
			"OR at character 8 has nothing before it"},
		{"OR last in group", "(isis OR) mosul",
			"OR at character 7 has nothing after it"},
		{"OR alone", " OR ",
			"OR at character 2 has nothing before it"},
		{"minus alone", "-",
			`nothing after "-" at character 1: write -word to leave out articles with that word`},
		{"spaced minus", "isis - mosul",
			`nothing after "-" at character 6: write -word to leave out articles with that word`},
		{"minus before parenthesis", "(isis -)",
			`nothing after "-" at character 7: write -word to leave out articles with that word`},
		{"double minus", "isis --mosul",
			`"--" at character 6: write one "-" right before a word to leave it out`},
		{"minus before OR", "isis -OR mosul",
			`"-" at character 6 comes before OR: write -word to leave out a word`},
		{"unmatched close", "isis mosul)",
			`unmatched ")" at character 11: there is no "(" before it`},
		{"unmatched close after group", "(isis) mosul)",
			`unmatched ")" at character 13: there is no "(" before it`},
		{"unclosed open", "(isis OR daesh mosul",
			`unclosed "(" at character 1: add a ")" after the grouped terms`},
		{"unclosed nested open", "(a (b) c",
			`unclosed "(" at character 1: add a ")" after the grouped terms`},
		{"empty parentheses", "isis ()",
			`empty parentheses at character 6: put words between them or remove them`},
		{"blank parentheses", "( )",
			`empty parentheses at character 1: put words between them or remove them`},
		{"invalid UTF-8", "isis \xff mosul",
			"the query is not valid UTF-8 text (at character 6): send it UTF-8 encoded"},
		{"too long", strings.Repeat("a", MaxQueryLength+1),
			"the query is too long: 1001 characters, at most 1000 (white space aside)"},
		{"too long in bytes", strings.Repeat(" ", bytesPerChar*MaxQueryLength+1),
			"the query is too long: it may hold at most 1000 characters"},
		{"too many terms", strings.Repeat("isis ", MaxQueryTerms+1),
			"too many terms: a query may hold at most 64 words, phrases and prefixes, and term 65 starts at character 321"},
		{"too many terms of all kinds", strings.Repeat(`a "b c" title:d -ee* `, 16) + "f",
			"too many terms: a query may hold at most 64 words, phrases and prefixes, and term 65 starts at character 337"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.in)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("ParseQuery(%q) = %v, %v; want a *QueryError", tt.in, q, err)
			}
			if qe.Param != "q" {
				t.Errorf("Param = %q, want q", qe.Param)
			}
			if diff := cmp.Diff(tt.want, qe.Msg); diff != "" {
				t.Errorf("ParseQuery(%q) message (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseQueryLimits(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"longest query", strings.Repeat("a", MaxQueryLength)},
		{"white space is not counted", strings.Repeat("abcdefghijklmnopqrst  \t  ", MaxQueryLength/20)},
		{"most terms", strings.Repeat("isis ", MaxQueryTerms)},
		{"most terms with operators", "(" + strings.Repeat("a OR -b ", MaxQueryTerms/2) + ")"},
		{"deep nesting", strings.Repeat("(", 450) + "a" + strings.Repeat(")", 450)},
		{"longest canonical form", strings.Repeat(`"a"b`, MaxQueryTerms/2) + strings.Repeat("c", MaxQueryLength-4*MaxQueryTerms/2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.in)
			if err != nil {
				t.Fatalf("ParseQuery: %v", err)
			}
			again, err := ParseQuery(q.String())
			if err != nil {
				t.Fatalf("reparsing: %v", err)
			}
			if diff := cmp.Diff(q, again, queryCmp); diff != "" {
				t.Errorf("reparsing gives another query (-first +second):\n%s", diff)
			}
		})
	}
}

func TestQueryTerms(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"words and phrases", `Missile "strike group" missi* title:carrier person:"Celeste Wallander"`,
			[]string{"Missile", "strike group", "missi*", "carrier", "Celeste Wallander"}},
		{"left-out terms are not shown", `isis -syria -"air strike" -(drone OR uav)`, []string{"isis"}},
		{"each once", "isis OR isis isis", []string{"isis"}},
		{"leaving out a left-out term", "-(a -b)", []string{"b"}},
		{"empty phrase", `"" a`, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, q.Terms()); diff != "" {
				t.Errorf("Terms() (-want +got):\n%s", diff)
			}
		})
	}
}

// queryDocs are the articles of the query index, written as ingest
// writes them (the aliases are those entity extraction would give).
var queryDocs = []*index.Article{
	{
		ID:            "carrier",
		Title:         "Carrier strike group enters the Red Sea",
		Summary:       "The Eisenhower group is joined by an F-35 squadron.",
		Body:          "Houthi missiles were intercepted by the carrier strike group. The Pentagon said no ship was hit.",
		Captions:      []string{"USS Dwight D. Eisenhower in the Red Sea"},
		Source:        "DVIDS",
		Places:        []string{"Red Sea"},
		Organisations: []string{"Houthis"},
		Aliases:       []string{"Houthis Ansar Allah Red Sea"},
		Published:     queryDate("2024-03-15T09:00:00Z"),
	},
	{
		ID:        "drone",
		Title:     "Drone hits militia headquarters",
		Body:      "The militia group said a strike by a drone killed two commanders near Kirkuk.",
		Source:    "Reuters",
		Places:    []string{"Kirkuk"},
		Aliases:   []string{"Kirkuk"},
		Published: queryDate("2024-06-30T23:59:59Z"),
	},
	{
		ID:            "peshmerga",
		Title:         "Peshmerga retake villages near Mosul",
		Summary:       "Kurdish forces pushed back Islamic State fighters.",
		Body:          "Peshmerga fighters cleared three villages east of Mosul, commanders said.",
		Source:        "Rudaw",
		Places:        []string{"Mosul"},
		Organisations: []string{"Islamic State", "Peshmerga"},
		Aliases:       []string{"Mosul Islamic State ISIS ISIL Daesh Peshmerga"},
		Published:     queryDate("2023-12-31T23:00:00Z"),
	},
	{
		ID:        "wallander",
		Title:     "US reaffirms commitment to assist Iraq and Kurdistan",
		Body:      "Assistant Secretary of Defense Celeste Wallander met Kurdish leaders in Irbil. The Pentagon said the visit was planned.",
		Source:    "The Jerusalem Post",
		People:    []string{"Celeste Wallander"},
		Places:    []string{"Irbil", "Iraq"},
		Aliases:   []string{"Celeste Wallander Irbil Erbil Iraq"},
		Published: queryDate("2022-09-13T00:00:00Z"),
	},
	{
		ID:       "mission",
		Title:    "Training mission reaches Kirkuk",
		Body:     "Section F of the mission brought 35 instructors.",
		Captions: []string{"Instructors arrive, 10:30 local time"},
		Source:   "DVIDS",
		People:   []string{"Wallace Grant"},
		Places:   []string{"Kirkuk"},
		Aliases:  []string{"Kirkuk"},
	},
}

// queryDate reads an RFC 3339 date for queryDocs (the mission has none).
func queryDate(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// mustQueryIndex returns an index of queryDocs in a temporary directory,
// and the analyze func that compiling a Query needs.
func mustQueryIndex(tb testing.TB) (bleve.Index, func(field, text string) int) {
	tb.Helper()
	ix := indextest.New(tb)
	indextest.Add(tb, ix, queryDocs...)
	if n, err := ix.Count(); err != nil || n != uint64(len(queryDocs)) || n == 0 {
		tb.Fatalf("query index holds %d articles (%v), want %d", n, err, len(queryDocs))
	}
	return ix.Bleve(), analyzeWith(ix.Bleve().Mapping())
}

// analyzeWith returns the token count of field's analyzer under m, as
// Engine.analyze does.
func analyzeWith(m mapping.IndexMapping) func(field, text string) int {
	return func(field, text string) int {
		a := m.AnalyzerNamed(m.AnalyzerNameForPath(field))
		if a == nil {
			return len(strings.Fields(text))
		}
		return len(a.Analyze([]byte(text)))
	}
}

// searchIDs returns the IDs of the articles that text matches, best first.
func searchIDs(tb testing.TB, ix bleve.Index, analyze func(field, text string) int, text string) []string {
	tb.Helper()
	q, err := ParseQuery(text)
	if err != nil {
		tb.Fatalf("ParseQuery(%q): %v", text, err)
	}
	req := bleve.NewSearchRequestOptions(q.bleveQuery(analyze), len(queryDocs)+1, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	res, err := ix.Search(req)
	if err != nil {
		tb.Fatalf("search %q: %v", text, err)
	}
	ids := []string{}
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestQueryMatches(t *testing.T) {
	ix, analyze := mustQueryIndex(t)
	all := []string{"carrier", "drone", "mission", "peshmerga", "wallander"}
	tests := []struct {
		name  string
		query string
		want  []string // in any order
	}{
		{"empty matches everything", "", all},
		{"one word", "peshmerga", []string{"peshmerga"}},
		{"case does not matter", "PESHMERGA", []string{"peshmerga"}},
		{"all words must match", "strike carrier", []string{"carrier"}},
		{"all words must match in any field", "houthi eisenhower squadron", []string{"carrier"}},
		{"a word missing matches nothing", "strike zzyzx", []string{}},
		{"stemming: plural finds singular", "missile", []string{"carrier"}},
		{"stemming: singular finds plural", "villages", []string{"peshmerga"}},
		{"phrase of adjacent words", `"strike group"`, []string{"carrier"}},
		{"words of a phrase apart", "strike group", []string{"carrier", "drone"}},
		{"phrase in the wrong order", `"group strike"`, []string{}},
		{"phrase stems", `"carrier strikes groups"`, []string{"carrier"}},
		{"phrase with a stop word", `"the pentagon"`, []string{"carrier", "wallander"}},
		{"phrase with a stop word inside", `"cleared three villages"`, []string{"peshmerga"}},
		{"hyphenated word is a phrase", "F-35", []string{"carrier"}},
		{"time is a phrase", "10:30", []string{"mission"}},
		{"negation", "strike -drone", []string{"carrier"}},
		{"negated phrase", `strike -"strike group"`, []string{"drone"}},
		{"fuzzy word", "peshmarga~", []string{"peshmerga"}},
		{"fuzzy word of two edits", "pishmarga~2", []string{"peshmerga"}},
		{"fuzzy word beyond its distance", "pishmarga~1", []string{}},
		{"an absent word is forgiven", "peshmarga", []string{"peshmerga"}},
		{"a scoped word is not forgiven", "title:kirkuc", []string{}},
		{"a scoped fuzzy word", "title:kirkuc~", []string{"mission"}},
		{"a short word is never forgiven", "pes", []string{}},
		{"a left-out word is not forgiven", "-peshmarga", all},
		{"a number is never forgiven", "10:31", []string{}},
		{"only negations match all but them", "-kirkuk", []string{"carrier", "peshmerga", "wallander"}},
		{"two negations", "-kirkuk -mosul", []string{"carrier", "wallander"}},
		{"negated group", "-(kirkuk OR mosul)", []string{"carrier", "wallander"}},
		{"OR", "mosul OR irbil", []string{"peshmerga", "wallander"}},
		{"OR binds tighter than AND", "mosul OR irbil pentagon", []string{"wallander"}},
		{"group", "(mosul OR irbil) -pentagon", []string{"peshmerga"}},
		{"group of AND in OR", "(drone militia) OR villages", []string{"drone", "peshmerga"}},
		{"OR with a negation", "mosul OR -kirkuk", []string{"carrier", "peshmerga", "wallander"}},
		{"lower-case or is a stop word", "mosul or", []string{"peshmerga"}},
		{"aliases find the article", "daesh", []string{"peshmerga"}},
		{"aliases count as a field of their own", "isil fighters", []string{"peshmerga"}},
		{"title scope", "title:kirkuk", []string{"mission"}},
		{"unscoped word in body and title", "kirkuk", []string{"drone", "mission"}},
		{"title scope stems", "title:missions", []string{"mission"}},
		{"title scope phrase", `title:"strike group"`, []string{"carrier"}},
		{"title scope misses the body", "title:pentagon", []string{}},
		{"person surname", "person:wallander", []string{"wallander"}},
		{"person first name, any case", "person:CELESTE", []string{"wallander"}},
		{"person full name", `person:"Celeste Wallander"`, []string{"wallander"}},
		{"person name in the wrong order", `person:"Wallander Celeste"`, []string{}},
		{"person is not a body word", "person:kurdish", []string{}},
		{"person scope does not stem", "person:wallanders", []string{}},
		{"person prefix", "person:walla*", []string{"mission", "wallander"}},
		{"place", "place:irbil", []string{"wallander"}},
		{"place phrase", `place:"red sea"`, []string{"carrier"}},
		{"phrase does not span two values", `place:"irbil iraq"`, []string{}},
		{"organisation", "organisation:peshmerga", []string{"peshmerga"}},
		{"org alias", `org:"islamic state"`, []string{"peshmerga"}},
		{"organization spelling", "organization:houthis", []string{"carrier"}},
		{"source", "source:dvids", []string{"carrier", "mission"}},
		{"source word", "source:jerusalem", []string{"wallander"}},
		{"negated source", "-source:dvids", []string{"drone", "peshmerga", "wallander"}},
		{"prefix", "missi*", []string{"carrier", "mission"}},
		{"prefix is lower-cased", "MISSI*", []string{"carrier", "mission"}},
		{"prefix of a whole word finds its stem", "missiles*", []string{"carrier"}},
		{"prefix of a stop word", "the*", []string{}},
		{"scoped prefix", "title:miss*", []string{"mission"}},
		{"negated prefix", "-miss*", []string{"drone", "peshmerga", "wallander"}},
		{"stop word is dropped", "the pentagon", []string{"carrier", "wallander"}},
		{"stop words only match nothing", "the of and", []string{}},
		{"stop word phrase matches nothing", `"the"`, []string{}},
		{"stop word OR stop word", "the OR a", []string{}},
		{"negated stop word matches nothing", "-the", []string{}},
		{"negated stop word is dropped", "pentagon -the", []string{"carrier", "wallander"}},
		{"stop word in OR is dropped", "the OR mosul", []string{"peshmerga"}},
		{"punctuation is dropped", "— pentagon", []string{"carrier", "wallander"}},
		{"empty phrase is dropped", `"" pentagon`, []string{"carrier", "wallander"}},
		{"scoped stop word is dropped", "title:the pentagon", []string{"carrier", "wallander"}},
		{"caption text is searched", "dwight", []string{"carrier"}},
		{"a year", "date:2024", []string{"carrier", "drone"}},
		{"a month", "date:2024-03", []string{"carrier"}},
		{"a day", "date:2024-03-15", []string{"carrier"}},
		{"a range of months, to the end of the last", "date:2024-03..2024-06", []string{"carrier", "drone"}},
		{"a range of days", "date:2024-04-01..2024-06-30", []string{"drone"}},
		{"a range open at its start", "date:..2023", []string{"peshmerga", "wallander"}},
		{"a range open at its end", "date:2024..", []string{"carrier", "drone"}},
		{"after: from the start of the day", "after:2024-06-30", []string{"drone"}},
		{"after a year", "after:2024", []string{"carrier", "drone"}},
		{"before: up to the day, not including it", "before:2022-09-13", []string{}},
		{"before a year", "before:2024", []string{"peshmerga", "wallander"}},
		{"after and before", "after:2023-12-31 before:2024-04", []string{"carrier", "peshmerga"}},
		{"date scopes in any case", "DATE:2024 After:2024-06", []string{"drone"}},
		{"a date and words", "kirkuk date:2024", []string{"drone"}},
		{"dates ORed", "date:2022 OR date:2023", []string{"peshmerga", "wallander"}},
		{"a date left out keeps the undated", "-date:2024", []string{"mission", "peshmerga", "wallander"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := searchIDs(t, ix, analyze, tt.query)
			slices.Sort(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("search %q (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestQueryDropsStopWords(t *testing.T) {
	ix, analyze := mustQueryIndex(t)
	for _, pair := range [][2]string{
		{"the pentagon", "pentagon"},
		{"pentagon of the", "pentagon"},
		{"the pentagon -the", "pentagon"},
		{"(the OR pentagon) said", "pentagon said"},
	} {
		t.Run(pair[0], func(t *testing.T) {
			want := searchIDs(t, ix, analyze, pair[1])
			if len(want) == 0 {
				t.Fatalf("%q matches nothing", pair[1])
			}
			if diff := cmp.Diff(want, searchIDs(t, ix, analyze, pair[0])); diff != "" {
				t.Errorf("%q and %q differ (-%[2]s +%[1]s):\n%s", pair[0], pair[1], diff)
			}
		})
	}
}

func TestQueryTitleOutranksBody(t *testing.T) {
	ix, analyze := mustQueryIndex(t)
	got := searchIDs(t, ix, analyze, "kirkuk")
	if len(got) == 0 || got[0] != "mission" {
		t.Errorf("hits for a title word = %q, want mission first", got)
	}
}

func ExampleParseQuery() {
	q, err := ParseQuery(`(ISIS OR daesh)  mosul -"car bomb" title:offensive`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q)
	fmt.Println(q.Terms())

	_, err = ParseQuery(`mosul "car bomb`)
	fmt.Println(err)
	// Output:
	// ISIS OR daesh mosul -"car bomb" title:offensive
	// [ISIS daesh mosul offensive]
	// unclosed quote: the phrase starting at character 7 ("car bomb) has no closing "
}
