package indextest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
)

// WireStories returns the first n articles of the sample corpus's DVIDS
// file long enough (300 words) to be fingerprinted as stories, with their
// titles, bodies, URLs, sources and dates as the parser gives them.
func WireStories(tb testing.TB, n int) []*index.Article {
	tb.Helper()
	f, err := os.Open(filepath.Join(CorpusDir(), "dvids.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var out []*index.Article
	for sc.Scan() && len(out) < n {
		var r struct{ Title, Body, URL, Source, Published string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		if len(strings.Fields(r.Body)) < 300 {
			continue
		}
		a := &index.Article{Title: r.Title, Body: r.Body, URL: r.URL, Source: r.Source}
		p, err := time.Parse(time.DateOnly, r.Published[:min(len(r.Published), 10)])
		if err != nil {
			tb.Fatalf("corpus article %q: date %q", r.Title, r.Published)
		}
		a.Published = &p
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(out) < n {
		tb.Fatalf("only %d long corpus articles, want %d", len(out), n)
	}
	return out
}

// Syndicated returns outlet's copy of a, published days after it, as wire
// stories are republished: its own URL, source and headline, a dateline
// before the text and a copyright footer after it. It does not change a,
// so goroutines may copy one article at once.
func Syndicated(a *index.Article, outlet string, days int) *index.Article {
	c := *a
	c.ID, c.Story = "", ""
	c.Source = outlet
	c.URL = fmt.Sprintf("https://%s.example/%s", strings.ToLower(strings.ReplaceAll(outlet, " ", "")),
		index.ArticleID(a.URL, a.Source, a.Title, a.Published))
	c.Title = a.Title + " (" + outlet + ")"
	c.Body = "WASHINGTON (" + outlet + ") —" + index.ParagraphSeparator + a.Body +
		index.ParagraphSeparator + "© 2026 " + outlet + ". All rights reserved."
	if a.Published != nil {
		d := a.Published.AddDate(0, 0, days)
		c.Published = &d
	}
	return &c
}
