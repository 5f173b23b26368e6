package search

import (
	"html"
	"strings"
)

// Marked is text a search shows, a hit's title or snippet, with the spans
// where it matched the query. Text is plain, not HTML: whoever shows it
// escapes it once, marking each span (web renders <mark>).
type Marked struct {
	Text string
	// Spans are in order, do not overlap (one may end where the next
	// starts) and fall on UTF-8 boundaries of Text.
	Spans []Span
}

// Span is one match: the bytes Text[Start:End] of a Marked.
type Span struct{ Start, End int }

// String returns the text without its marks.
func (m Marked) String() string { return m.Text }

// size estimates the memory m holds, in bytes.
func (m Marked) size() int { return len(m.Text) + 16*len(m.Spans) }

// clone copies m's spans, so that changing the copy's leaves m alone.
func (m Marked) clone() Marked {
	m.Spans = append([]Span(nil), m.Spans...)
	return m
}

// Marks of bleve's html highlighter, and the separator it puts where it
// cut a field's text.
const (
	markOpen     = "<mark>"
	markClose    = "</mark>"
	fragmentsCut = "…"
)

// parseMarked reads a fragment of bleve's html highlighter: text escaped
// by html.EscapeString, each match wrapped in <mark></mark>, "…" where
// the field was cut. Character references are decoded; marks nested in a
// mark make one span; an empty mark makes none; anything else that looks
// like markup (it cannot come from the highlighter, which escapes "<") is
// kept as text, as is a mark left open, which ends at the text's end.
func parseMarked(fragment string) Marked {
	if !strings.ContainsAny(fragment, "<&") {
		return Marked{Text: fragment}
	}
	var (
		text  strings.Builder
		spans []Span
		depth int
		start int
	)
	text.Grow(len(fragment))
	if n := strings.Count(fragment, markOpen); n > 0 {
		spans = make([]Span, 0, n)
	}
	closeSpan := func() {
		if text.Len() > start {
			spans = append(spans, Span{start, text.Len()})
		}
	}
	for s := fragment; s != ""; {
		switch {
		case strings.HasPrefix(s, markOpen):
			if depth == 0 {
				start = text.Len()
			}
			depth++
			s = s[len(markOpen):]
		case strings.HasPrefix(s, markClose) && depth > 0:
			depth--
			if depth == 0 {
				closeSpan()
			}
			s = s[len(markClose):]
		default:
			// Text up to the next tag: a character reference never holds
			// "<", so none is split.
			end := strings.IndexByte(s[1:], '<') + 1
			if end == 0 {
				end = len(s)
			}
			text.WriteString(html.UnescapeString(s[:end]))
			s = s[end:]
		}
	}
	if depth > 0 {
		closeSpan()
	}
	return Marked{Text: text.String(), Spans: spans}
}

// within returns m, a fragment the highlighter cut from whole ("…"
// marking the cuts), as whole with m's spans moved onto it, so that a long
// title reads in full with its matches marked; it reuses m's spans. When
// m is not a piece of whole, whole comes back unmarked.
func (m Marked) within(whole string) Marked {
	piece, lead := m.Text, 0
	if strings.HasPrefix(piece, fragmentsCut) && !strings.HasPrefix(whole, fragmentsCut) {
		piece, lead = piece[len(fragmentsCut):], len(fragmentsCut)
	}
	if !strings.HasSuffix(whole, fragmentsCut) {
		piece = strings.TrimSuffix(piece, fragmentsCut)
	}
	at := strings.Index(whole, piece)
	if at < 0 || len(m.Spans) == 0 {
		return Marked{Text: whole}
	}
	// The spans move in place: each is written at or before where it was
	// read.
	out := Marked{Text: whole, Spans: m.Spans[:0]}
	for _, sp := range m.Spans {
		start, end := sp.Start-lead, sp.End-lead
		if start < 0 || end > len(piece) {
			continue // in a cut mark, which holds no match
		}
		out.Spans = append(out.Spans, Span{at + start, at + end})
	}
	return out
}
