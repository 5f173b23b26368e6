package search

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestParseMarked(t *testing.T) {
	tests := []struct {
		name, in string
		want     Marked
	}{
		{"empty", "", Marked{Text: ""}},
		{"no marks", "plain text", Marked{Text: "plain text"}},
		{"one mark", "a <mark>Kirkuk</mark> b", Marked{"a Kirkuk b", []Span{{2, 8}}}},
		{"escaped text decoded", "&lt;b&gt; &amp; &#39;q&#39; &#34;d&#34; <mark>AT&amp;T</mark>", Marked{`<b> & 'q' "d" AT&T`, []Span{{14, 18}}}},
		{"other references", "&eacute;&#233;&#xE9;", Marked{Text: "ééé"}},
		{"adjacent marks stay two", "<mark>a</mark><mark>b</mark>", Marked{"ab", []Span{{0, 1}, {1, 2}}}},
		{"nested marks are one", "<mark>a<mark>b</mark>c</mark>d", Marked{"abcd", []Span{{0, 3}}}},
		{"an empty mark marks nothing", "a<mark></mark>b", Marked{Text: "ab"}},
		{"a mark left open ends at the end", "a <mark>b", Marked{"a b", []Span{{2, 3}}}},
		{"a stray closing mark is text", "a</mark>b", Marked{Text: "a</mark>b"}},
		{"other markup is text", `<b>x</b><mark onclick="y">z</mark>`, Marked{Text: `<b>x</b><mark onclick="y">z</mark>`}},
		{"cut with separators", "…the <mark>convoy</mark> left…", Marked{"…the convoy left…", []Span{{7, 13}}}},
		{"UTF-8", "Ирбиль <mark>Эрбиль</mark> 😀", Marked{"Ирбиль Эрбиль 😀", []Span{{13, 25}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseMarked(tt.in)
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b []Span) bool { return cmp.Equal(a, b) || len(a) == 0 && len(b) == 0 })); diff != "" {
				t.Errorf("parseMarked(%q) (-want +got):\n%s", tt.in, diff)
			}
			checkSpans(t, got)
		})
	}
}

// checkSpans fails unless m's spans are in order, apart, non-empty and
// on UTF-8 boundaries.
func checkSpans(t *testing.T, m Marked) {
	t.Helper()
	at := 0
	for _, sp := range m.Spans {
		if sp.Start < at || sp.End <= sp.Start || sp.End > len(m.Text) {
			t.Fatalf("%q: span %v out of order or bounds (after %d)", m.Text, sp, at)
		}
		if !utf8.ValidString(m.Text[sp.Start:sp.End]) {
			t.Errorf("%q: span %v cuts a character", m.Text, sp)
		}
		at = sp.End
	}
}

// TestParseMarkedReadsTheHighlighter checks parseMarked against what
// bleve's html fragment formatter writes: escaping the parsed text again,
// with the spans marked, gives back the fragment exactly.
func TestParseMarkedReadsTheHighlighter(t *testing.T) {
	for _, text := range []string{
		"Fighting near <b>Kirkuk</b> & <script>alert(2)</script> 'continued'.",
		`Quotes " and ' and &amp; already escaped`,
		"Ирбиль and Mosul 😀, café",
	} {
		// Mark every other word, as a highlighter would.
		var frag strings.Builder
		for i, w := range strings.SplitAfter(text, " ") {
			if i%2 == 1 {
				word := strings.TrimSuffix(w, " ")
				frag.WriteString("<mark>" + html.EscapeString(word) + "</mark>" + html.EscapeString(w[len(word):]))
			} else {
				frag.WriteString(html.EscapeString(w))
			}
		}
		m := parseMarked(frag.String())
		if m.Text != text {
			t.Errorf("text %q, want %q", m.Text, text)
		}
		checkSpans(t, m)
		var again strings.Builder
		at := 0
		for _, sp := range m.Spans {
			again.WriteString(html.EscapeString(m.Text[at:sp.Start]) + "<mark>" + html.EscapeString(m.Text[sp.Start:sp.End]) + "</mark>")
			at = sp.End
		}
		again.WriteString(html.EscapeString(m.Text[at:]))
		if again.String() != frag.String() {
			t.Errorf("marked again %q, want %q", again.String(), frag.String())
		}
	}
}

func TestMarkedWithin(t *testing.T) {
	whole := "One two three Kirkuk four five"
	tests := []struct {
		name  string
		piece Marked
		whole string
		want  Marked
	}{
		{"the whole", Marked{whole, []Span{{14, 20}}}, whole, Marked{whole, []Span{{14, 20}}}},
		{"cut at both ends", Marked{"…three Kirkuk four…", []Span{{9, 15}}}, whole, Marked{whole, []Span{{14, 20}}}},
		{"cut at the start", Marked{"…Kirkuk four five", []Span{{3, 9}}}, whole, Marked{whole, []Span{{14, 20}}}},
		{"a title that starts with the separator", Marked{"…and then Kirkuk", []Span{{12, 18}}}, "…and then Kirkuk", Marked{"…and then Kirkuk", []Span{{12, 18}}}},
		{"no spans", Marked{Text: "…three…"}, whole, Marked{Text: whole}},
		{"not a piece of it", Marked{"Mosul", []Span{{0, 5}}}, whole, Marked{Text: whole}},
		{"UTF-8 cut", Marked{"…é Kirkuk", []Span{{6, 12}}}, "Ирбиль é Kirkuk", Marked{"Ирбиль é Kirkuk", []Span{{16, 22}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.piece.within(tt.whole)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("within (-want +got):\n%s", diff)
			}
			checkSpans(t, got)
		})
	}
}

// FuzzParseMarked checks that whatever a fragment holds, its spans are in
// order, apart, non-empty and within the text, and that a fragment made as
// the highlighter makes it reads back as its text.
func FuzzParseMarked(f *testing.F) {
	for _, s := range []string{"", "a <mark>b</mark> c", "<mark><mark>x</mark>", "&amp;&#39;&lt;mark&gt;", "</mark><mark>", "…<mark>é</mark>…", "<mark>&#xZZ;</mark>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := parseMarked(s)
		at := 0
		for _, sp := range m.Spans {
			if sp.Start < at || sp.End <= sp.Start || sp.End > len(m.Text) {
				t.Fatalf("parseMarked(%q): span %v out of order or bounds in %q", s, sp, m.Text)
			}
			at = sp.End
		}
		if escaped := html.EscapeString(s); parseMarked(escaped).Text != s || len(parseMarked(escaped).Spans) != 0 {
			t.Errorf("escaped text %q does not read back as %q", escaped, s)
		}
	})
}
