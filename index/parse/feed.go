package parse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/sitrep/sitrep/index"
)

// isFeed reports whether content that starts with '<' is an RSS, Atom or
// RDF feed rather than a web page.
func isFeed(head []byte) bool {
	head = bytes.ToLower(head[:min(len(head), 2048)])
	return bytes.Contains(head, []byte("<rss")) || bytes.Contains(head, []byte("<feed")) || bytes.Contains(head, []byte("<rdf:rdf"))
}

// feed reads an RSS 2.0, Atom or JSON Feed document: one article per item.
// An item that cannot be used is reported with its number and title.
func (r *reader) feed(ctx context.Context, name string, data []byte) bool {
	size := int64(len(data))
	if line, err := checkText(data); err != nil {
		return r.emit(name, line, size, nil, err)
	}
	articles, errs, err := FeedArticles(data)
	if err != nil {
		return r.emit(name, 0, size, nil, err)
	}
	for i, a := range articles {
		if ctx.Err() != nil {
			return false
		}
		if !r.emit(name, 0, size, a, errs[i]) {
			return false
		}
	}
	return true
}

// MaxItemSize is the most text one feed item may hold (Article.TextSize:
// title, summary, captions and body); a larger item is rejected. Indexing
// an article takes some fifty times its text in memory, and no news
// story comes near it.
const MaxItemSize = 1 << 20

// FeedArticles parses a feed into one article per item, in feed order;
// errs[i] is set, and articles[i] nil, for an item that cannot be used,
// among them an item over MaxItemSize.
// The article's source is the feed's title; the item's content (or else
// its description) is its body, turned from HTML into paragraphs. err is
// set when the document is not a feed at all.
func FeedArticles(data []byte) (articles []*index.Article, errs []error, err error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return nil, nil, fmt.Errorf("not a readable RSS, Atom or JSON feed: %v", err)
	}
	for i, it := range f.Items {
		a, err := feedItem(f, it)
		if err != nil {
			err = fmt.Errorf("item %d (%q): %w", i+1, it.Title, err)
		}
		articles = append(articles, a)
		errs = append(errs, err)
	}
	return articles, errs, nil
}

func feedItem(f *gofeed.Feed, it *gofeed.Item) (*index.Article, error) {
	var fl fields
	fl.title = html.UnescapeString(it.Title)
	fl.url = it.Link
	if fl.url == "" && strings.HasPrefix(it.GUID, "http") {
		fl.url = it.GUID
	}
	fl.source = f.Title
	for _, a := range it.Authors {
		if a != nil && a.Name != "" {
			fl.authors = append(fl.authors, a.Name)
		}
	}
	var err error
	switch {
	case it.PublishedParsed != nil:
		fl.published, err = indexableDate(*it.PublishedParsed, it.Published)
	case it.UpdatedParsed != nil:
		fl.published, err = indexableDate(*it.UpdatedParsed, it.Updated)
	case it.Published != "":
		err = fmt.Errorf("published: cannot read the date %q", it.Published)
	}
	if err != nil {
		return nil, err
	}
	content, description := it.Content, it.Description
	if content == "" {
		content, description = description, ""
	}
	paras, captions := htmlText(content)
	fl.body = strings.Join(paras, "\n\n")
	fl.captions = captions
	if description != "" {
		if d, _ := htmlText(description); len(d) > 0 {
			fl.summary = strings.Join(d, " ")
		}
	}
	if fl.title == "" && fl.body == "" {
		return nil, errors.New("no title and no text")
	}
	a, err := fl.article()
	if err == nil {
		err = CheckItemSize(a)
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

// CheckItemSize returns an error when a feed item, or the page it links
// to, holds more than MaxItemSize of text.
func CheckItemSize(a *index.Article) error {
	if n := a.TextSize(); n > MaxItemSize {
		return fmt.Errorf("its text is %s, more than the %s a feed item or its page may hold: it was skipped", sizeText(int64(n)), sizeText(MaxItemSize))
	}
	return nil
}

// htmlText turns an HTML fragment (a feed item's content) into paragraphs
// and captions.
func htmlText(fragment string) (paras, captions []string) {
	if strings.TrimSpace(fragment) == "" {
		return nil, nil
	}
	if !strings.Contains(fragment, "<") {
		return []string{collapse(html.UnescapeString(fragment))}, nil
	}
	doc, err := html.Parse(strings.NewReader(fragment))
	if err != nil {
		return []string{collapse(fragment)}, nil
	}
	return blocks(doc)
}
