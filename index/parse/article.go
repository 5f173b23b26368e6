package parse

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/index"
)

// fields are an article's values as an input gives them, before cleaning.
type fields struct {
	title, summary, body, url, source string
	published                         *time.Time
	authors, captions                 []string
	people, places, organisations     []string
}

// article cleans the fields into an Article: white space collapsed, the
// body split into paragraphs with captions and credits moved out and
// repeated paragraphs kept once; with no date given, the date its text or
// URL gives (findDate), and where the date came from. It fails when there
// is neither a title nor a body.
func (f *fields) article() (*index.Article, error) {
	a := &index.Article{
		Title:         collapse(f.title),
		URL:           strings.TrimSpace(f.url),
		Source:        collapse(f.source),
		Published:     f.published,
		Authors:       cleanList(f.authors),
		People:        cleanList(f.people),
		Places:        cleanList(f.places),
		Organisations: cleanList(f.organisations),
	}
	summary, body := collapse(f.summary), f.body
	if strings.TrimSpace(body) == "" {
		// A summary alone is the article's text.
		summary, body = "", f.summary
	}
	c := cleanBody(a.Title, summary, body)
	a.Summary = c.summary
	a.Body = strings.Join(c.body, index.ParagraphSeparator)
	a.Captions = cleanList(append(cleanList(f.captions), c.captions...))
	if a.Title == "" && a.Body == "" {
		return nil, errors.New("no title and no body: nothing to index")
	}
	if a.Published != nil {
		a.DateSource = index.DateFromMetadata
	} else {
		a.Published, a.DateSource = findDate(a.Summary, a.Body, a.URL)
	}
	return a, nil
}

// dateLayouts are the date forms accepted for "published", most precise
// first. A date without a zone is taken as UTC.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	time.DateOnly,
	"2006/01/02",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
	time.RFC1123Z,
	time.RFC1123,
}

// parseDate reads a publication date; "" and "null" are no date. A date
// outside the years the index can hold is an error.
func parseDate(s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return nil, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return indexableDate(t, s)
		}
	}
	return nil, fmt.Errorf("published: cannot read the date %q: use RFC 3339 (2022-09-13T10:00:00Z) or a plain date (2022-09-13)", s)
}

// indexableDate returns t in UTC, or an error naming raw (the date as the
// input wrote it) when t lies outside the years the index can hold.
func indexableDate(t time.Time, raw string) (*time.Time, error) {
	t = t.UTC()
	if !index.InDateSpan(t) {
		return nil, fmt.Errorf("published: the date %q is out of range: Sitrep can index dates from the year %d to %d",
			raw, index.FirstYear, index.LastYear)
	}
	return &t, nil
}

// collapse trims s and turns every run of white space (including
// non-breaking spaces) into one space.
func collapse(s string) string {
	if isCollapsed(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isCollapsed reports whether collapse would return s as it is: no white
// space at either end, none but single ASCII spaces between words.
func isCollapsed(s string) bool {
	prevSpace := true // so that a leading space fails
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if prevSpace {
					return false
				}
				prevSpace = true
			case asciiSpace[c]:
				return false
			default:
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += size
	}
	return !prevSpace || s == ""
}

// asciiSpace marks the ASCII white space other than the space itself.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

// cleanList collapses each value and drops empty values and repeats.
func cleanList(values []string) []string {
	var out []string
	seen := make(map[string]bool, len(values))
	for _, v := range values {
		v = collapse(v)
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}

// unit is one paragraph of a body, or one caption.
type unit struct {
	text    string
	caption bool
	// ended is set once a caption's credit has been seen: nothing more
	// joins it.
	ended bool
}

type cleaned struct {
	summary  string
	body     []string
	captions []string
}

// cleanBody splits a body into paragraphs and tidies it:
//   - paragraphs are separated by blank lines; within a block, a line that
//     does not end a sentence and is followed by one starting in lower case
//     or with "(" is a wrapped line and is joined to it; other lines are
//     paragraphs of their own;
//   - a line ending in a credit, "(photo credit: …)" or "(credit: …)", is a
//     caption, together with the lines of its block before it; a line that
//     is only a credit completes the caption above it;
//   - a paragraph repeated (after case and punctuation are ignored), one
//     equal to the title or summary, and a pull quote whose words all
//     appear in a longer paragraph are kept once — the pull quote's
//     attribution line with it;
//   - when there is no summary, a first paragraph followed directly by a
//     caption is the standfirst and becomes the summary (the layout of a
//     scraped page: headline, standfirst, lead picture, story).
func cleanBody(title, summary, body string) cleaned {
	var units []unit
	for _, block := range splitBlocks(body) {
		units = appendBlock(units, block)
	}
	var out cleaned
	out.summary = summary
	if summary == "" && len(units) > 2 && !units[0].caption && units[1].caption {
		out.summary = units[0].text
		units = units[1:]
	}

	keys := make([]string, len(units))
	for i, u := range units {
		keys[i] = foldKey(u.text)
	}
	seen := map[string]bool{foldKey(title): true, foldKey(out.summary): true}
	contained := containedParagraphs(keys, units)
	dropNext := false
	for i, u := range units {
		k := keys[i]
		if u.caption {
			if !seen["caption\x00"+k] {
				seen["caption\x00"+k] = true
				out.captions = append(out.captions, u.text)
			}
			continue
		}
		if dropNext {
			dropNext = false
			if isAttribution(u.text) {
				continue
			}
		}
		if seen[k] {
			continue
		}
		if contained[i] {
			dropNext = true
			continue
		}
		seen[k] = true
		out.body = append(out.body, u.text)
	}
	return out
}

// splitBlocks splits text on blank lines into blocks of trimmed lines.
func splitBlocks(text string) [][]string {
	var blocks [][]string
	var cur []string
	for line := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = collapse(line)
		if line == "" {
			if len(cur) > 0 {
				blocks = append(blocks, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		blocks = append(blocks, cur)
	}
	return blocks
}

// appendBlock adds the paragraphs and captions of one block to units.
func appendBlock(units []unit, lines []string) []unit {
	start := len(units)
	for _, line := range lines {
		line = strings.TrimSpace(strings.TrimLeft(line, "#>"))
		if line == "" {
			continue
		}
		credit := hasCredit(line)
		onlyCredit := credit && isCreditOnly(line)
		last := len(units) - 1
		switch {
		case onlyCredit && last >= start && !units[last].ended:
			// "(photo credit: …)" on its own line completes the unit above.
			units[last].text += " " + line
			units[last].caption, units[last].ended = true, true
			continue
		case credit && last >= start && !units[last].ended && !endsSentence(units[last].text):
			units[last].text += " " + line
		case last >= start && !units[last].ended && !endsSentence(units[last].text) && continues(line):
			units[last].text += " " + line
		default:
			units = append(units, unit{text: line})
		}
		if credit {
			last = len(units) - 1
			units[last].caption, units[last].ended = true, true
		}
	}
	return units
}

// creditMarkers open a photo credit in parentheses.
var creditMarkers = []string{"(photo credit:", "(credit:", "(photo:", "(image credit:", "(picture credit:", "(photo courtesy"}

func hasCredit(line string) bool {
	if !strings.HasSuffix(strings.TrimRight(line, " ."), ")") {
		return false // most lines: no need to lower their case
	}
	l := strings.ToLower(line)
	for _, m := range creditMarkers {
		if i := strings.LastIndex(l, m); i >= 0 && strings.HasSuffix(strings.TrimRight(l, " ."), ")") {
			return true
		}
	}
	return false
}

func isCreditOnly(line string) bool {
	l := strings.ToLower(line)
	for _, m := range creditMarkers {
		if strings.HasPrefix(l, m) {
			return true
		}
	}
	return false
}

// endsSentence reports whether a line ends with sentence punctuation,
// possibly followed by closing quotes.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, "\"'”’»")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?:;…", r)
}

// continues reports whether a line reads as the continuation of a wrapped
// line: it starts in lower case or with an opening parenthesis.
func continues(line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	return unicode.IsLower(r) || r == '('
}

// foldKey reduces a paragraph to its lower-cased words, so that copies
// differing only in punctuation, quotes or case compare equal.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	gap := false // a separator since the last word
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			r = unicode.ToLower(r)
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte(' ')
		}
		gap = false
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// minContainedWords is the shortest paragraph that counts as a pull quote
// when all of it appears inside another paragraph: shorter ones (a name, a
// sub-heading) may well appear in a sentence by chance.
const minContainedWords = 8

// containedParagraphs marks the paragraphs repeated word for word inside
// a longer paragraph, as pull quotes are. It indexes the first
// minContainedWords words of each candidate, then slides a window of as many
// words over every paragraph: linear in the length of the body.
func containedParagraphs(keys []string, units []unit) map[int]bool {
	byStart := map[string][]int{}
	for i, k := range keys {
		if !units[i].caption {
			if w := firstWords(k, minContainedWords); w != "" {
				byStart[w] = append(byStart[w], i)
			}
		}
	}
	if len(byStart) == 0 {
		return nil
	}
	out := map[int]bool{}
	for j, other := range keys {
		if units[j].caption {
			continue
		}
		forEachWindow(other, minContainedWords, func(off int, window string) {
			for _, i := range byStart[window] {
				k := keys[i]
				if i != j && !out[i] && len(other) > len(k) && strings.HasPrefix(other[off:], k) &&
					(off+len(k) == len(other) || other[off+len(k)] == ' ') {
					out[i] = true
				}
			}
		})
	}
	return out
}

// firstWords returns the first n space-separated words of s, or "" when it
// has fewer.
func firstWords(s string, n int) string {
	end := 0
	for range n {
		if end > len(s) {
			return ""
		}
		i := strings.IndexByte(s[end:], ' ')
		if i < 0 {
			end = len(s) + 1
			continue
		}
		end += i + 1
	}
	if end > len(s)+1 {
		return ""
	}
	return s[:end-1]
}

// forEachWindow calls fn with the offset and text of every run of n
// consecutive words of s (words separated by single spaces).
func forEachWindow(s string, n int, fn func(off int, window string)) {
	starts := []int{0}
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			starts = append(starts, i+1)
		}
	}
	for w := 0; w+n <= len(starts); w++ {
		end := len(s)
		if w+n < len(starts) {
			end = starts[w+n] - 1
		}
		fn(starts[w], s[starts[w]:end])
	}
}

// isAttribution reports whether a paragraph reads as the attribution line
// of a pull quote: short, not a sentence, and shaped "Name, Title" or
// "— Name" ("Celeste Wallander, US Assistant Secretary of Defense").
func isAttribution(s string) bool {
	if len(strings.Fields(s)) > 16 || endsSentence(s) {
		return false
	}
	return strings.Contains(s, ",") || strings.HasPrefix(s, "—") || strings.HasPrefix(s, "–") || strings.HasPrefix(s, "-")
}
