package parse_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/parse"
)

func TestReadRSSFeed(t *testing.T) {
	items := readPaths(t, nil, "../../testdata/parse/feeds/dvids-20.rss")
	if len(items) != 20 {
		t.Fatalf("%d records from a feed of 20 items", len(items))
	}
	for i, it := range items {
		if it.Err != nil {
			t.Fatalf("item %d: %v", i+1, it.Err)
		}
		a := it.Article
		if a.Title == "" || !strings.HasPrefix(a.URL, "https://www.dvidshub.net/news/") || a.Source != "DVIDS - News" ||
			a.Published == nil || len(a.Paragraphs()) == 0 || len(a.Authors) != 1 {
			t.Errorf("item %d = %+v", i+1, a)
		}
		if strings.Contains(a.Body, "<p>") {
			t.Errorf("item %d body keeps HTML tags: %.80q", i+1, a.Body)
		}
	}
	first := items[0].Article
	if first.Title != "Ronald Reagan Carrier Strike Group Operates with JMSDF" || !first.Published.Equal(time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first item: %q at %v", first.Title, first.Published)
	}
}

func TestReadAtomFeed(t *testing.T) {
	items := readPaths(t, nil, "../../testdata/parse/feeds/centcom.atom")
	if len(items) != 2 {
		t.Fatalf("%d records, want 2", len(items))
	}
	a := items[0].Article
	if items[0].Err != nil || a.Title != "SDF initiate next phase of Raqqah isolation" || a.Source != "U.S. Central Command" ||
		a.Summary != "The Syrian Democratic Forces began the isolation of Raqqah." || len(a.Paragraphs()) != 2 ||
		len(a.Captions) != 1 || !strings.Contains(a.Captions[0], "SDF fighters north of Raqqah") {
		t.Errorf("entry 1 = %+v (err %v)", a, items[0].Err)
	}
	if items[1].Err == nil || !strings.Contains(items[1].Err.Error(), "item 2") {
		t.Errorf("an empty entry: err = %v, want one naming item 2", items[1].Err)
	}
}

func TestReadBrokenFeed(t *testing.T) {
	path := t.TempDir() + "/broken.rss"
	if err := os.WriteFile(path, []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</ti`), 0o644); err != nil {
		t.Fatal(err)
	}
	items := readPaths(t, nil, path)
	if len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), "feed") {
		t.Errorf("a broken feed gave %+v, want one error about the feed", items)
	}
}

func TestSniffFeedFromStdin(t *testing.T) {
	data, err := os.ReadFile("../../testdata/parse/feeds/centcom.atom")
	if err != nil {
		t.Fatal(err)
	}
	items := readPaths(t, strings.NewReader(string(data)), parse.Stdin)
	if len(items) != 2 || items[0].Article == nil {
		t.Errorf("an Atom feed on stdin gave %d records", len(items))
	}
}

// FuzzFeed feeds arbitrary bytes to the feed reader: it must not panic;
// each item gives an article with a title or a body, or an error, never
// both and never neither.
func FuzzFeed(f *testing.F) {
	for _, name := range []string{"dvids-20.rss", "centcom.atom"} {
		data, err := os.ReadFile("../../testdata/parse/feeds/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"version": "https://jsonfeed.org/version/1.1", "title": "Wire", "items": [{"id": "1", "content_html": "<p>Troops moved north.</p>", "date_published": "0000-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`<rss version="2.0"><channel><item><title>&amp;lt;script&amp;gt;</title><description><![CDATA[<img src=x onerror=alert(1)>]]></description><pubDate>Mon, 01 Jan 9999 00:00:00 GMT</pubDate></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title></title><content type="html"></content></entry></feed>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		articles, errs, err := parse.FeedArticles(data)
		if err != nil {
			return
		}
		if len(articles) != len(errs) {
			t.Fatalf("%d articles for %d item errors", len(articles), len(errs))
		}
		for i, a := range articles {
			switch {
			case (a == nil) == (errs[i] == nil):
				t.Errorf("item %d: article %v with error %v: want exactly one", i+1, a != nil, errs[i])
			case a != nil && a.Title == "" && a.Body == "":
				t.Errorf("item %d: an article with neither title nor body", i+1)
			}
		}
	})
}
