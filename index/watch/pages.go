package watch

import (
	"context"
	"log/slog"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/fetch"
	"github.com/sitrep/sitrep/index/parse"
)

// DefaultMaxPageFetches is how many item pages FetchPages fetches of one
// feed, at most, when told no other bound.
const DefaultMaxPageFetches = 50

// FetchPages replaces the text of feed items, which is often a teaser, by
// the full text of their pages: the URLs of at most limit items
// (DefaultMaxPageFetches when limit < 1) are fetched (politely, through c)
// and read as web pages, first those of the items whose ID (SetID) is not
// in indexed, then the others, each in feed order; the items after them
// keep the feed's text, and the cap is logged. The links were found in a
// feed fetched from origin (the zero Origin for a file): they may reach a
// loopback, private or link-local address only on that origin, unless c
// allows more (fetch.Client.GetLinked). The item keeps its own title,
// date, source and authors where the page has none, and its text where
// the page yields less. A page that cannot be fetched or read, or holds
// more than parse.MaxItemSize of text, is logged and the item kept as the
// feed gave it. It returns how many items got their page's text, and
// which items had their page read (whichever text won).
func FetchPages(ctx context.Context, c *fetch.Client, origin fetch.Origin, items []*index.Article, indexed map[string]bool, limit int, logger *slog.Logger) (taken int, read []bool) {
	if limit < 1 {
		limit = DefaultMaxPageFetches
	}
	read = make([]bool, len(items))
	order := make([]int, 0, len(items))
	for _, old := range []bool{false, true} {
		for i, a := range items {
			if a != nil && fetch.IsURL(a.URL) && indexed[a.ID] == old {
				order = append(order, i)
			}
		}
	}
	for k, i := range order {
		if ctx.Err() != nil {
			return taken, read
		}
		if k == limit {
			logger.Warn("item pages not fetched: at most this many a feed (--max-page-fetches); the others keep the feed's text",
				slog.Int("limit", limit), slog.Int("items left", len(order)-k))
			return taken, read
		}
		a := items[i]
		res, err := c.GetLinked(ctx, a.URL, origin)
		if err != nil {
			logger.Warn("item page not fetched: keeping the feed's text", slog.String("url", a.URL), slog.Any("error", err))
			continue
		}
		page, err := parse.Page(res.Body, res.URL)
		if err == nil {
			err = parse.CheckItemSize(page)
		}
		if err != nil {
			logger.Warn("item page not read: keeping the feed's text", slog.String("url", a.URL), slog.Any("error", err))
			continue
		}
		read[i] = true
		if merge(a, page) {
			taken++
		}
	}
	return taken, read
}

// merge takes page's text into item when it is longer, and fills what the
// item lacks from the page; it reports whether the text was taken.
func merge(item, page *index.Article) bool {
	if item.Title == "" {
		item.Title = page.Title
	}
	if item.Published == nil || item.DateSource != index.DateFromMetadata && page.DateSource == index.DateFromMetadata {
		// A date the page's metadata gives beats one read from the item's
		// text or URL.
		item.Published, item.DateSource = page.Published, page.DateSource
	}
	if len(item.Authors) == 0 {
		item.Authors = page.Authors
	}
	if item.Source == "" {
		item.Source = page.Source
	}
	if len(page.Body) <= len(item.Body) {
		return false
	}
	if item.Summary == "" && page.Summary != "" {
		item.Summary = page.Summary
	} else if item.Summary == "" {
		// The feed's teaser becomes the summary of the full text.
		item.Summary = item.Body
	}
	item.Body, item.Captions = page.Body, page.Captions
	return true
}
