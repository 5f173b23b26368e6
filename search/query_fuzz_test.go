package search

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
)

// FuzzParseQuery checks that ParseQuery never panics, that it rejects text
// only with a *QueryError, that every query it accepts is well formed,
// survives the round trip through its canonical form, and compiles to a
// bleve query that searches a real index without error.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"",
		"missiles",
		"  isis   mosul  ",
		`"strike group" carrier`,
		`"strike group"carrier`,
		`"a""b"`,
		`""`,
		`don"t stop`,
		`5'10" tall`,
		`-drone -"air strike" -source:dvids`,
		"isis OR daesh mosul",
		"isis or daesh",
		"(a b)OR(c d)",
		"(isis OR daesh) -(syria OR iraq)",
		"a (b (c OR (d -e))) f",
		"-(-(a b))",
		"x OR -(-(a b))",
		`title:missile person:"Celeste Wallander" place:Kirkuk organisation:Peshmerga org:isis organization:NATO source:dvids`,
		"Title:X PERSON:y",
		`title:" a  b "`,
		"title:foo:bar title::x title:OR",
		"missi* title:miss* -person:walla* Київ* 20*",
		"pesmerga~ -title:abadi~2 x~1 Deir ez-Zor ~ a~~ ~2 F-35~ OR~",
		"pesmerga~3",
		"https://www.defense.gov/News/ 10:30 Exclusive: std::vector F35:jets",
		"Зеленський داعш 北京 F-35 al-Baghdadi",
		"a\x00b \u00a0 \u2028",
		"date:2024 after:2024-03-05 before:2024-06 -date:2023-01..2023-06 date:..2022 date:2025..",
		"Date:2024 OR mosul", "(date:2024 kirkuk) OR -after:2020",
		// Rejected, each for another reason.
		`carrier "strike group`,
		"foo:bar", "mailto:x", "tag:(a)", "OR:x",
		"title:", "Person: Wallander", "title:(a OR b)", "source:-dvids",
		"*", "m*", "mis*le", "miss**", "f-3*", `"gr"*`,
		"OR isis", "isis OR", "isis OR OR daesh", "(OR a)", "(a OR)",
		"-", "a - b", "--a", "-OR", "a)", "(a", "()", "( )",
		"isis \xff mosul",
		"date:", "date:2024-13", "date:..", "after:2024..2025", "date:2024-06..2024-01", `date:"2024"`, "before:(2024)",
	} {
		f.Add(s)
	}
	ix, analyze := mustQueryIndex(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) || qe.Param != "q" || qe.Msg == "" || !utf8.ValidString(qe.Msg) {
				t.Fatalf("ParseQuery(%q) = %#v, want a *QueryError for q with a message", s, err)
			}
			if q != nil {
				t.Fatalf("ParseQuery(%q) returned a query with its error", s)
			}
			return
		}
		if q.root != nil {
			checkNode(t, q.root)
		}
		text := q.String()
		again, err := ParseQuery(text)
		if err != nil {
			t.Fatalf("ParseQuery(%q) gives %q, which does not parse: %v", s, text, err)
		}
		if diff := cmp.Diff(q, again, queryCmp); diff != "" {
			t.Fatalf("ParseQuery(%q) gives %q, which parses to another query (-first +second):\n%s", s, text, diff)
		}
		if again.String() != text {
			t.Fatalf("ParseQuery(%q) gives %q, which prints as %q", s, text, again.String())
		}
		if q.IsEmpty() != (text == "") {
			t.Fatalf("ParseQuery(%q): IsEmpty() = %v for %q", s, q.IsEmpty(), text)
		}
		for _, term := range q.Terms() {
			if term == "" {
				t.Fatalf("ParseQuery(%q).Terms() = %q holds an empty term", s, q.Terms())
			}
		}
		bq := q.bleveQuery(analyze)
		if v, ok := bq.(query.ValidatableQuery); ok {
			if err := v.Validate(); err != nil {
				t.Fatalf("query %q compiles to an invalid bleve query: %v", text, err)
			}
		}
		if _, err := ix.Search(bleve.NewSearchRequest(bq)); err != nil {
			t.Fatalf("query %q fails to search: %v", text, err)
		}
	})
}

// checkNode fails t unless n keeps the invariants of a parsed query: AND
// and OR join two or more operands, never of their own kind; NOT never
// holds a NOT; terms name a known scope, prefixes have 2 characters.
func checkNode(t *testing.T, n *node) {
	t.Helper()
	switch n.kind {
	case andNode, orNode:
		if len(n.kids) < 2 {
			t.Fatalf("operator %d with %d operands", n.kind, len(n.kids))
		}
		for _, k := range n.kids {
			if k.kind == n.kind {
				t.Fatalf("operator %d nested in itself", n.kind)
			}
			checkNode(t, k)
		}
	case notNode:
		if len(n.kids) != 1 || n.kids[0].kind == notNode {
			t.Fatalf("NOT of %d operands or of a NOT", len(n.kids))
		}
		checkNode(t, n.kids[0])
	case wordNode, phraseNode, prefixNode, fuzzyNode:
		if _, ok := scopes[n.field]; n.field != "" && !ok {
			t.Fatalf("term in unknown field %q", n.field)
		}
		if n.kind == prefixNode && utf8.RuneCountInString(n.text) < 2 {
			t.Fatalf("prefix %q shorter than 2 characters", n.text)
		}
		if (n.kind == wordNode || n.kind == fuzzyNode) && n.text == "" {
			t.Fatal("empty word")
		}
		if n.kind == fuzzyNode && (n.fuzz < 0 || n.fuzz > 2) {
			t.Fatalf("fuzzy word %q of edit distance %d", n.text, n.fuzz)
		}
		if len(n.kids) > 0 {
			t.Fatal("term with operands")
		}
	case dateNode:
		if _, _, err := dateBounds(n.field, n.text); err != nil || !isDateScope(n.field) {
			t.Fatalf("date term %s:%s: %v", n.field, n.text, err)
		}
		if len(n.kids) > 0 {
			t.Fatal("date term with operands")
		}
	default:
		t.Fatalf("node of unknown kind %d", n.kind)
	}
}
