// Package watch polls news feeds and indexes their new and changed items:
// the feeds of "sitrep serve --feeds FILE". Each feed is polled on its own
// schedule (an interval with jitter), with conditional GET, so an
// unchanged feed costs one small request and adds nothing; an item whose
// text changed is updated in place (articles keep their ID). One failing
// feed never stops the others; each feed's last fetch, last success and
// last error are kept for the status page and /healthz.
//
//	w := watch.New(urls, live, fetch.New(fetch.Options{}), watch.Options{}, logger)
//	go w.Run(ctx)
//	for _, s := range w.Status() { fmt.Println(s.URL, s.LastError) }
package watch
