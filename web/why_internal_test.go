package web

import (
	"testing"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search"
)

// TestAnnotatedHTML checks that marks and mentions nest into valid HTML
// however they overlap, that the text is escaped, and that a range of
// the text (a paragraph) is rendered alone.
func TestAnnotatedHTML(t *testing.T) {
	is := search.MatchedEntity{ID: "o1", Name: "Islamic State", Kind: entity.Organisation}
	raqqa := search.MatchedEntity{ID: "l1", Name: "Raqqa", Kind: entity.Place}
	a := func(id, kind, name string) string {
		return `<a class="mention m-` + kind + `" href="/entities/` + id + `" title="` + name + ` (` + kind + `)">`
	}
	text := "Islamic State of Iraq & Raqqa"
	tests := []struct {
		name     string
		marks    []search.Span
		mentions []search.Mention
		from, to int
		want     string
	}{
		{"nothing", nil, nil, 0, len(text), "Islamic State of Iraq &amp; Raqqa"},
		{"a mark inside a mention", []search.Span{sp(0, 7)}, []search.Mention{{Span: sp(0, 13), Entity: is}}, 0, len(text),
			a("o1", "organisation", "Islamic State") + "<mark>Islamic</mark> State</a> of Iraq &amp; Raqqa"},
		{"a mention inside a mark", []search.Span{sp(0, 21)}, []search.Mention{{Span: sp(0, 13), Entity: is}}, 0, len(text),
			a("o1", "organisation", "Islamic State") + "<mark>Islamic State</mark></a><mark> of Iraq</mark> &amp; Raqqa"},
		{"overlapping", []search.Span{sp(8, 16)}, []search.Mention{{Span: sp(0, 13), Entity: is}, {Span: sp(24, 29), Entity: raqqa}}, 0, len(text),
			a("o1", "organisation", "Islamic State") + "Islamic <mark>State</mark></a><mark> of</mark> Iraq &amp; " + a("l1", "place", "Raqqa") + "Raqqa</a>"},
		{"adjacent marks stay apart", []search.Span{sp(0, 7), sp(7, 13)}, nil, 0, len(text), "<mark>Islamic</mark><mark> State</mark> of Iraq &amp; Raqqa"},
		{"a range", []search.Span{sp(0, 7), sp(24, 29)}, []search.Mention{{Span: sp(24, 29), Entity: raqqa}}, 17, len(text),
			"Iraq &amp; " + a("l1", "place", "Raqqa") + "<mark>Raqqa</mark></a>"},
		{"out of order and bounds left out", []search.Span{sp(8, 13), sp(0, 7), sp(20, 99)}, []search.Mention{{Span: sp(5, 3), Entity: is}}, 0, len(text),
			"Islamic <mark>State</mark> of Iraq &amp; Raqqa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(annotatedHTML(search.Annotated{Marked: search.Marked{Text: text, Spans: tt.marks}, Mentions: tt.mentions}, tt.from, tt.to))
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestUTF16Spans checks the offsets of spans in UTF-16 code units.
func TestUTF16Spans(t *testing.T) {
	m := search.Marked{Text: "é𝔸 Kirkuk x", Spans: []search.Span{sp(0, 2), sp(2, 6), sp(7, 13), sp(3, 1)}}
	got := utf16Spans(m)
	want := [][2]int{{0, 1}, {1, 3}, {4, 10}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %v, want %v", got, want)
		}
	}
}

// sp is the span of bytes start to end.
func sp(start, end int) search.Span { return search.Span{Start: start, End: end} }
