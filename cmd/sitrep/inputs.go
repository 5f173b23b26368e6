package main

import (
	"context"
	"strings"

	"github.com/sitrep/sitrep/index/fetch"
	"github.com/sitrep/sitrep/index/parse"
)

// expandInputs turns command-line arguments into inputs: http and https
// URLs are fetched (a web page or a feed, told apart by content type and
// content), everything else is a file, a directory or - (parse.Expand).
// It returns the inputs, the number of files skipped in directories, and
// an error naming the first argument that cannot be read.
func expandInputs(ctx context.Context, args []string) ([]parse.Input, int, error) {
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
	if len(urls) == 0 {
		return inputs, skipped, nil
	}
	c := fetch.New(fetch.Options{})
	for _, u := range urls {
		res, err := c.Get(ctx, u, fetch.Validators{})
		if err != nil {
			return nil, 0, err
		}
		inputs = append(inputs, parse.Input{Path: res.URL, Format: formatOfContentType(res.ContentType), Size: int64(len(res.Body)), Data: res.Body})
	}
	return inputs, skipped, nil
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
