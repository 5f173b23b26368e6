package entity

// Lines that only confirm names (headlines, capitals) and credits.

import (
	"strings"
	"unicode"
)

// headlines marks the lines of a field written in headline case: most
// words capitalised and no full stop at the end, and no row of a table;
// and the rows of tables. A title is always a headline.
func headlines(f *field, title bool) (out, rows []bool) {
	lines := 1
	if n := len(f.toks); n > 0 {
		lines = f.toks[n-1].line + 1
	}
	both := make([]bool, 2*lines) // one allocation a field
	out, rows = both[:lines:lines], both[lines:]
	if title {
		for i := range out {
			out[i] = true
		}
		return out, rows
	}
	// One pass counts, line by line, what tells a headline (most words
	// capitalised, no full stop) and what tells a row of a table below.
	type counts struct {
		words, caps           int // words that are not short function words; of them capitalised
		numbers, names, prose int
		lastPunct             rune
		row                   bool
	}
	c := make([]counts, lines)
	var used []int // the lines that hold a token, in order: blank lines part no rows
	for k := range f.toks {
		t := &f.toks[k]
		l := &c[t.line]
		if n := len(used); n == 0 || used[n-1] != t.line {
			used = append(used, t.line)
		}
		if !t.word() {
			l.lastPunct = t.punct
			continue
		}
		l.lastPunct = 0
		switch {
		case score(f, k, k) || k+1 < len(f.toks) && !t.glued && isScore(f, k):
			l.numbers++ // a bare number, or a match's or a set's score ("6-4")
		case t.capital || t.upper:
			l.names++
		case !t.number && len(t.key) > 3:
			l.prose++
		}
		if len(t.key) <= 3 && !t.capital && !t.upper {
			continue // short function words are lower case in headlines
		}
		l.words++
		if t.capital || t.upper || t.number {
			l.caps++
		}
	}
	// A table's row or a line of results ("65 Ian Woosnam, Colin
	// Montgomerie", "Barnsley 4 3 1 0 8 2 10", "M. Atherton b Waqar
	// Younis 31", "Todd Martin (U.S.) beat Petr Korda (Czech Republic)
	// 6-4 6-2") has a headline's capitals, but its capitals are names, as
	// in running text. A row holds a bare number of up to three digits or a
	// score and at most one word of prose (a word in lower case of four
	// letters or more), and it stands among three such lines or more (blank
	// lines apart), or holds as many numbers as names ("Arsenal 2 West Ham
	// 0").
	// A headline seldom holds a number ("Strikes Kill 12 Fighters"), and
	// the paragraphs around it are prose.
	// A field with a table holds more: a line like a row is a row there
	// in a stack of its own ("Women's 1,500 metres" between the men's
	// results and the women's two).
	rowLike := func(l int) bool { return c[l].numbers > 0 && c[l].prose <= 1 }
	table := false
	for u := 0; u < len(used); {
		n := u // used[u:n]: a stack of lines like rows
		for n < len(used) && rowLike(used[n]) {
			n++
		}
		for _, l := range used[u:n] {
			c[l].row = n-u >= 3 || c[l].numbers >= 2 && 2*c[l].numbers >= c[l].names
			table = table || c[l].row
		}
		u = max(n, u+1)
	}
	for _, l := range used {
		c[l].row = c[l].row || table && rowLike(l)
	}
	for l := range out {
		w := &c[l]
		out[l] = w.words >= 3 && w.caps*5 >= w.words*4 && w.lastPunct != '.' && w.lastPunct != '"' && w.lastPunct != '”' && !w.row
		rows[l] = w.row
	}
	return out, rows
}

func allCapsLine(f *field, line int) bool {
	for _, t := range f.toks {
		if t.line == line && t.word() && t.capital && !t.upper {
			return false
		}
	}
	return true
}

// creditMarkers open a photo credit; the credit runs to the closing bracket
// or the end of the line.
var creditMarkers = []string{"credit:", "story by", "written by", "\nby ", "photo by", "photos by", "photo courtesy", "courtesy photo", "courtesy of", "photo:", "photo illustration by", "graphic by", "video by", "image by", "illustration by", "(photo", "/ reuters", "via wikimedia"}

// credits marks the tokens of photo credits, which name no entity of the
// story.
func credits(f *field) []bool {
	// A byline on the first line ("By Mass Communication Specialist ...")
	// is a credit too: the newline makes it match like the others.
	lower := "\n" + strings.ToLower(f.text)
	var skip []bool
	for _, m := range creditMarkers {
		for off := 0; ; {
			p := strings.Index(lower[off:], m)
			if p < 0 {
				break
			}
			p += off
			start, end := p, len(lower)
			if m == "\nby " {
				start++ // the line itself, not the newline before it
			}
			if nl := strings.IndexByte(lower[p:], '\n'); nl >= 0 {
				end = p + nl
			}
			if open := strings.LastIndexByte(lower[:p+1], '('); open >= 0 && !strings.ContainsAny(lower[open:p], ")\n") {
				start = open
				if close := strings.IndexByte(lower[p:end], ')'); close >= 0 {
					end = p + close + 1
				}
			} else if lineStart := strings.LastIndexByte(lower[:p], '\n'); lineStart+1 < p && strings.TrimSpace(lower[lineStart+1:p]) != "" {
				// Inside running text ("the anthem was written by
				// Henrique Lopes de Mendonça and ..."), a credit ends with
				// its sentence, not its line.
				if stop := strings.Index(lower[p:end], ". "); stop >= 0 {
					end = p + stop + 1
				}
			}
			if skip == nil {
				skip = make([]bool, len(f.toks))
			}
			for i, t := range f.toks {
				// Offsets in lower are one more than in the text.
				if t.start+1 >= start && t.end+1 <= end {
					skip[i] = true
				}
			}
			off = p + len(m)
		}
	}
	return skip
}

// tidy collapses white space, drops format characters and straightens
// apostrophes in a name.
func tidy(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }), " ")
	if !strings.ContainsAny(s, "’‘") {
		return s
	}
	return strings.NewReplacer("’", "'", "‘", "'").Replace(s)
}
