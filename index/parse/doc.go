// Package parse turns input files into index.Articles, with a clear error
// for each record it cannot use.
//
// It reads plain text (.txt, .md: one article per file, shaped like a
// scraped page: the title on the first line, an optional "---" front matter
// block, a standfirst, captions and photo credits, repeated paragraphs), JSON
// (.json: one article or an array of them), JSON Lines (.jsonl, .ndjson:
// one article per line), saved web pages (.html, .htm: the article text
// found by readability once cookie, consent, newsletter and subscription
// blocks are stripped, with the title, site, date, authors and canonical
// URL from the page's <title>, OpenGraph tags and JSON-LD) and feeds (.rss,
// .atom, .xml: one article per item, none over MaxItemSize). Directories are
// read recursively; "-" is standard input, whose format is sniffed from its
// content.
//
//	inputs, err := parse.Expand([]string{"testdata/corpus"})
//	if err != nil { ... } // a path that does not exist
//	for rec, err := range parse.Read(ctx, inputs, os.Stdin) {
//		if err != nil { // a *parse.RecordError: report it, go on
//			continue
//		}
//		use(rec.Article)
//	}
//
// The articles it returns have no ID yet: the index assigns stable IDs.
package parse
