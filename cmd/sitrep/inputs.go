package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/fetch"
	"github.com/sitrep/sitrep/index/parse"
	"github.com/sitrep/sitrep/index/watch"
)

// inputOptions say how expandInputs reads the web.
type inputOptions struct {
	// fetchPages replaces each feed item's text by its page's full text.
	fetchPages bool
	// fetchPrivate lets item pages and redirects reach loopback, private
	// and link-local addresses beyond the feed's own origin.
	fetchPrivate bool
	// maxPageFetches bounds the pages fetched for one feed.
	maxPageFetches int
	// rejected is told of each feed item that could not be used while
	// fetching pages (the rest are read as usual, and counted there).
	rejected func(error)
	// indexed, when set, tells which feed items are indexed already:
	// their pages are fetched after the others', and those whose page is
	// not read are left out (watch.WithPages).
	indexed watch.Indexed
	logger  *slog.Logger
}

// expandInputs turns command-line arguments into inputs: http and https
// URLs are fetched (a web page or a feed, told apart by content type and
// content), everything else is a file, a directory or - (parse.Expand).
// With fetchPages, every feed's items get the full text of their pages.
// It returns the inputs, the number of files skipped in directories, and
// an error naming the first argument that cannot be read.
func expandInputs(ctx context.Context, args []string, opts inputOptions) ([]parse.Input, int, error) {
	var paths, urls []string
	for _, a := range args {
		if fetch.IsURL(a) {
			urls = append(urls, a)
		} else {
			paths = append(paths, a)
		}
	}
	inputs, skipped, err := parse.Expand(paths)
	if err != nil {
		return nil, 0, err
	}
	var c *fetch.Client
	if len(urls) > 0 || opts.fetchPages {
		c = fetch.New(fetch.Options{AllowPrivate: opts.fetchPrivate})
	}
	origins := map[string]fetch.Origin{} // of each fetched input, by its path
	for _, u := range urls {
		res, err := c.Get(ctx, u, fetch.Validators{})
		if err != nil {
			return nil, 0, err
		}
		origins[res.URL] = res.Origin
		inputs = append(inputs, parse.Input{Path: res.URL, Format: formatOfContentType(res.ContentType), Size: int64(len(res.Body)), Data: res.Body})
	}
	if !opts.fetchPages {
		return inputs, skipped, nil
	}
	for i, in := range inputs {
		if in.Format != parse.Feed && !(in.Format == parse.Sniff && in.Data != nil && looksLikeFeed(in.Data)) {
			continue
		}
		if inputs[i], err = withPages(ctx, c, in, origins[in.Path], opts); err != nil {
			return nil, 0, err
		}
	}
	return inputs, skipped, nil
}

func looksLikeFeed(data []byte) bool {
	return parse.SniffFormat(data) == parse.Feed
}

// withPages reads a feed input, fetched from origin (the zero Origin for a
// file), and fetches the page of each item, giving back the items as a
// JSON input (Sitrep reads its own articles back).
func withPages(ctx context.Context, c *fetch.Client, in parse.Input, origin fetch.Origin, opts inputOptions) (parse.Input, error) {
	data := in.Data
	if data == nil {
		f, err := os.Open(in.Path)
		if err != nil {
			return in, fmt.Errorf("read %s: %w", in.Path, err)
		}
		data, err = io.ReadAll(io.LimitReader(f, 1<<30))
		f.Close()
		if err != nil {
			return in, fmt.Errorf("read %s: %w", in.Path, err)
		}
	}
	items, errs, err := parse.FeedArticles(data)
	if err != nil {
		return in, fmt.Errorf("%s: %w", in.Path, err)
	}
	var good []*index.Article
	for i, a := range items {
		if errs[i] != nil {
			opts.rejected(&parse.RecordError{File: in.Path, Err: errs[i]})
			continue
		}
		good = append(good, a)
	}
	good, n, err := watch.WithPages(ctx, c, origin, good, opts.maxPageFetches, opts.indexed, opts.logger)
	if err != nil {
		return in, fmt.Errorf("%s: %w", in.Path, err)
	}
	opts.logger.Info("fetched item pages", slog.String("feed", in.Path), slog.Int("items", len(good)), slog.Int("full text", n))
	out, err := json.Marshal(good)
	if err != nil {
		return in, err
	}
	return parse.Input{Path: in.Path, Format: parse.JSON, Size: int64(len(out)), Data: out}, nil
}

// formatOfContentType reads a response's Content-Type; Sniff when it says
// nothing useful (text/xml may be a feed or a page: the content decides).
func formatOfContentType(ct string) parse.Format {
	switch {
	case strings.Contains(ct, "rss"), strings.Contains(ct, "atom"), strings.Contains(ct, "feed+json"):
		return parse.Feed
	case strings.Contains(ct, "text/html"), strings.Contains(ct, "xhtml"):
		return parse.HTML
	case strings.Contains(ct, "ndjson"), strings.Contains(ct, "jsonl"):
		return parse.JSONLines
	}
	return parse.Sniff
}
