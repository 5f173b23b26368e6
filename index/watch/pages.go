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

// Indexed reports which of the article ids are in the index.
type Indexed func(ctx context.Context, ids []string) (map[string]bool, error)

// WithPages fetches the pages of a feed's items (FetchPages, the items not
// yet in the index first; indexed nil: none is) and returns the items to
// write: all but those already indexed whose page was not read (past the
// limit, or it failed). Those keep the version indexed before, which may
// hold their page's full text where the feed has a teaser; a change the
// feed made to one of them is indexed when a later fetch reads its page.
// It also returns how many items got their page's text, and fails when
// the index cannot be asked or ctx ends.
func WithPages(ctx context.Context, c *fetch.Client, origin fetch.Origin, items []*index.Article, limit int, indexed Indexed, logger *slog.Logger) ([]*index.Article, int, error) {
	var known map[string]bool
	if indexed != nil {
		ids := make([]string, 0, len(items))
		for _, a := range items {
			if fetch.IsURL(a.URL) {
				ids = append(ids, a.SetID())
			}
		}
		var err error
		if known, err = indexed(ctx, ids); err != nil {
			return nil, 0, err
		}
	}
	taken, read := FetchPages(ctx, c, origin, items, known, limit, logger)
	out := items[:0:0]
	for i, a := range items {
		if read[i] || !known[a.ID] {
			out = append(out, a)
		}
	}
	if kept := len(items) - len(out); kept > 0 {
		logger.Info("feed items already indexed whose page was not read: their indexed text is kept", slog.Int("items", kept))
	}
	return out, taken, ctx.Err()
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
