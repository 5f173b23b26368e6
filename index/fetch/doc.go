// Package fetch downloads web pages and feeds for ingest, politely and
// within bounds: only http and https, a User-Agent naming Sitrep, a timeout
// per request, a bounded number of redirects, a bounded response size, a
// minimum interval between requests to the same host, and conditional GET
// (ETag, Last-Modified) for pollers. What fetched content leads to (a
// feed item's link, a redirect) may reach only public addresses, checked
// on the address connected to, except on the origin it was found on.
//
//	c := fetch.New(fetch.Options{})
//	res, err := c.Get(ctx, "https://www.defense.gov/News/feed/", fetch.Validators{})
//	if errors.Is(err, fetch.ErrNotModified) { ... }
//	page, err := c.GetLinked(ctx, itemLink, res.Origin)
package fetch
