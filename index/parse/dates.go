package parse

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
)

// This file finds the date of an article whose input gave none: in its
// dateline, its URL or a "Published …" line (findDate).

// datedParagraphs is how many paragraphs from the start of an article a
// "Published …" line is looked for in: such a line sits under the
// headline, not in the story.
const datedParagraphs = 3

// findDate returns the date an article's text or URL gives and where it
// came from, or nil and "": the dateline of its first paragraph, or of the
// second after a byline ("WASHINGTON, Sept. 13, 2022 —", "PHILIPPINE SEA
// (June 21, 2020) –"),
// then a date in its URL ("/2022/09/13/"; "/2016/10/" gives the first of
// the month), then a line that says when it was published ("Published
// Sept. 13, 2022", "Posted on 13 September 2022"). Dates outside the
// years the index holds are ignored.
func findDate(summary, body, rawURL string) (*time.Time, string) {
	paras := make([]string, 0, datedParagraphs+1)
	if summary != "" {
		paras = append(paras, summary)
	}
	for p := range strings.SplitSeq(body, index.ParagraphSeparator) {
		if len(paras) > datedParagraphs {
			break
		}
		paras = append(paras, p)
	}
	// The dateline opens the story, after a byline paragraph perhaps.
	for _, p := range paras[:min(len(paras), 2)] {
		if t, ok := datelineDate(p); ok {
			return t, index.DateFromDateline
		}
	}
	if t, ok := urlDate(rawURL); ok {
		return t, index.DateFromURL
	}
	for _, p := range paras {
		if t, ok := publishedLineDate(p); ok {
			return t, index.DateFromText
		}
	}
	return nil, ""
}

// A written date: "Sept. 13, 2022", "September 13 2022", "13 September
// 2022", "13 Sept. 2022".
const writtenDate = `(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4})`

// dateline matches the dateline opening a paragraph: a place in capitals
// (its first word all capitals, a country or state in any case may
// follow after commas), then the date after a comma and before a dash or
// colon, or in parentheses.
var dateline = regexp.MustCompile(`^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]*)*(?:,\s+[A-Z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*)*)*(?:,\s+(` + writtenDate + `)\s*[-–—:]|\s*\(\s*(` + writtenDate + `)\s*\)\s*[-–—:]?)`)

// publishedLine matches a line that says when the article was published.
var publishedLine = regexp.MustCompile(`(?i)^(?:published|posted|first published|released)(?:\s+on)?:?\s+(?:[a-z]+day,?\s+)?(` + writtenDateI + `|\d{4}-\d{2}-\d{2})\b`)

// writtenDateI is writtenDate in a case-insensitive pattern.
const writtenDateI = `(?:[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+[a-z]{3,9}\.?,?\s+\d{4})`

// urlDatePath matches a date in a URL's path: /2022/09/13/ or /2022/09/
// (a day of the month needs no slash after it: /2022/09/13-title).
var urlDatePath = regexp.MustCompile(`/((?:19|20)\d{2})/(0[1-9]|1[0-2])/(?:(0[1-9]|[12]\d|3[01])(?:[/_-]|$))?`)

func datelineDate(p string) (*time.Time, bool) {
	m := dateline.FindStringSubmatch(p)
	if m == nil {
		return nil, false
	}
	return readWrittenDate(m[1] + m[2])
}

func publishedLineDate(p string) (*time.Time, bool) {
	m := publishedLine.FindStringSubmatch(p)
	if m == nil {
		return nil, false
	}
	if t, err := time.Parse(time.DateOnly, m[1]); err == nil {
		return dateInSpan(t)
	}
	return readWrittenDate(m[1])
}

func urlDate(rawURL string) (*time.Time, bool) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, false
	}
	m := urlDatePath.FindStringSubmatch(u.Path)
	if m == nil {
		return nil, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d := 1
	if m[3] != "" {
		d, _ = strconv.Atoi(m[3])
	}
	return validDate(y, time.Month(mo), d)
}

// month reads a month's name or its abbreviation (Jan, Jan., Sept.), in
// any case.
func month(s string) (time.Month, bool) {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if s == name || len(s) >= 3 && strings.HasPrefix(name, s) && (len(s) == 3 || s == "sept") {
			return m, true
		}
	}
	return 0, false
}

// readWrittenDate reads a date matched by writtenDate: month first or
// day first.
func readWrittenDate(s string) (*time.Time, bool) {
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(f) != 3 {
		return nil, false
	}
	name, day := f[0], f[1]
	if _, err := strconv.Atoi(f[0]); err == nil {
		name, day = f[1], f[0]
	}
	m, ok := month(name)
	if !ok {
		return nil, false
	}
	d, err := strconv.Atoi(strings.TrimRight(day, "stndrh"))
	if err != nil {
		return nil, false
	}
	y, err := strconv.Atoi(f[2])
	if err != nil {
		return nil, false
	}
	return validDate(y, m, d)
}

// validDate returns the date, at midnight UTC, when it exists and lies in
// the years the index holds.
func validDate(y int, m time.Month, d int) (*time.Time, bool) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != m {
		return nil, false // February 30th
	}
	return dateInSpan(t)
}

func dateInSpan(t time.Time) (*time.Time, bool) {
	if !index.InDateSpan(t) {
		return nil, false
	}
	return &t, true
}
