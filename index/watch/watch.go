package watch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/fetch"
	"github.com/sitrep/sitrep/index/parse"
)

// DefaultInterval is the time between two polls of one feed.
const DefaultInterval = 15 * time.Minute

// ReadList reads a feed list: one http(s) URL per line; blank lines and
// lines starting with # are ignored. An error names the first bad line.
func ReadList(r io.Reader) ([]string, error) {
	var urls []string
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !fetch.IsURL(line) {
			return nil, fmt.Errorf("line %d: %q is not an http or https URL", n, line)
		}
		if !slices.Contains(urls, line) {
			urls = append(urls, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return urls, nil
}

// Writer is what the watcher indexes through: *ingest.Live.
type Writer interface {
	Write(ctx context.Context, articles []*index.Article) (index.Stats, error)
	// Indexed reports which of the article ids are in the index.
	Indexed(ctx context.Context, ids []string) (map[string]bool, error)
}

// Options tune a Watcher; zero values take the defaults.
type Options struct {
	// Interval is the time between two polls of one feed (DefaultInterval).
	Interval time.Duration
	// Jitter spreads the polls: each wait is Interval ± up to Jitter
	// (a tenth of Interval by default).
	Jitter time.Duration
	// FetchPages fetches each item's page for its full text (FetchPages)
	// whenever the feed has changed, at most MaxPageFetches a poll
	// (DefaultMaxPageFetches when 0), new items first; an item already
	// indexed whose page is not read in a poll is not written by it
	// (Watcher.withPages).
	FetchPages     bool
	MaxPageFetches int
}

// A poll writes a feed's items in batches of at most writeItems items and
// writeBytes of text (Article.TextSize; an item is never split), each
// persisted before the next is read into the index: indexing holds some
// fifty times a batch's text in memory, which would otherwise grow with
// the feed.
const (
	writeItems = 256
	writeBytes = 2 << 20
)

// Status is what is known of one feed.
type Status struct {
	URL string `json:"url"`
	// Title is the feed's own title, once fetched.
	Title string `json:"title,omitempty"`
	// LastFetch is when it was last asked for; LastSuccess when it last
	// answered with a feed (or "not modified").
	LastFetch   time.Time `json:"last_fetch,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	// LastError is the error of the last poll, "" when it succeeded.
	LastError string `json:"last_error,omitempty"`
	// Items is the number of items in the feed at the last successful
	// fetch; Indexed, Updated and Rejected add up over all polls.
	Items    int `json:"items"`
	Indexed  int `json:"indexed"`
	Updated  int `json:"updated"`
	Rejected int `json:"rejected"`
}

// Watcher polls a fixed list of feeds. Its methods are safe for
// concurrent use.
type Watcher struct {
	urls   []string
	w      Writer
	client *fetch.Client
	opts   Options
	logger *slog.Logger

	mu         sync.Mutex
	status     map[string]*Status
	validators map[string]fetch.Validators
}

// New returns a Watcher of urls that indexes through w.
func New(urls []string, w Writer, client *fetch.Client, opts Options, logger *slog.Logger) *Watcher {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Jitter <= 0 {
		opts.Jitter = opts.Interval / 10
	}
	wt := &Watcher{
		urls: urls, w: w, client: client, opts: opts, logger: logger,
		status: make(map[string]*Status, len(urls)), validators: map[string]fetch.Validators{},
	}
	for _, u := range urls {
		wt.status[u] = &Status{URL: u}
	}
	return wt
}

// Run polls every feed at once, then each on its own schedule, until ctx
// ends.
func (wt *Watcher) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, u := range wt.urls {
		wg.Go(func() {
			for {
				if err := wt.Poll(ctx, u); err != nil && ctx.Err() == nil {
					wt.logger.Warn("feed poll failed", slog.String("feed", u), slog.Any("error", err))
				}
				wait := wt.opts.Interval + time.Duration((rand.Float64()*2-1)*float64(wt.opts.Jitter))
				t := time.NewTimer(wait)
				select {
				case <-ctx.Done():
					t.Stop()
					return
				case <-t.C:
				}
			}
		})
	}
	wg.Wait()
}

// Poll fetches one feed (conditionally, when it was fetched before) and
// indexes its items; rejected items are counted and logged. The error is
// also kept in the feed's Status.
func (wt *Watcher) Poll(ctx context.Context, feedURL string) error {
	wt.mu.Lock()
	v := wt.validators[feedURL]
	wt.status[feedURL].LastFetch = time.Now()
	wt.mu.Unlock()

	stats, items, title, rejected, err := wt.poll(ctx, feedURL, v)

	wt.mu.Lock()
	defer wt.mu.Unlock()
	s := wt.status[feedURL]
	// The batches written before a failed one are counted too.
	s.Indexed += stats.Indexed
	s.Updated += stats.Updated
	if err != nil {
		s.LastError = err.Error()
		return err
	}
	s.LastError = ""
	s.LastSuccess = time.Now()
	if items >= 0 {
		s.Items, s.Title = items, title
	}
	s.Rejected += rejected
	return nil
}

// poll does one fetch-and-index; items is -1 when the feed was not
// modified.
func (wt *Watcher) poll(ctx context.Context, feedURL string, v fetch.Validators) (stats index.Stats, items int, title string, rejected int, err error) {
	res, err := wt.client.Get(ctx, feedURL, v)
	if errors.Is(err, fetch.ErrNotModified) {
		return stats, -1, "", 0, nil
	}
	if err != nil {
		return stats, 0, "", 0, err
	}
	articles, errs, err := parse.FeedArticles(res.Body)
	if err != nil {
		return stats, 0, "", 0, fmt.Errorf("%s: %w", feedURL, err)
	}
	var good []*index.Article
	for i, a := range articles {
		if errs[i] != nil {
			rejected++
			wt.logger.Warn("feed item rejected", slog.String("feed", feedURL), slog.Any("error", errs[i]))
			continue
		}
		title = a.Source
		good = append(good, a)
	}
	if wt.opts.FetchPages {
		if good, err = wt.withPages(ctx, res.Origin, good); err != nil {
			return stats, 0, "", rejected, fmt.Errorf("%s: %w", feedURL, err)
		}
	}
	for batch := range batches(good) {
		s, err := wt.w.Write(ctx, batch)
		stats.Indexed += s.Indexed
		stats.Updated += s.Updated
		stats.Unchanged += s.Unchanged
		if err != nil {
			return stats, 0, "", rejected, fmt.Errorf("index %s: %w", feedURL, err)
		}
	}
	// Remember the validators only once the items are safely indexed, so
	// that a failed write is retried in full next time.
	wt.mu.Lock()
	wt.validators[feedURL] = res.Validators
	wt.mu.Unlock()
	return stats, len(articles), title, rejected, nil
}

// withPages fetches the pages of a feed's items and returns the items to
// write (WithPages).
func (wt *Watcher) withPages(ctx context.Context, origin fetch.Origin, items []*index.Article) ([]*index.Article, error) {
	out, _, err := WithPages(ctx, wt.client, origin, items, wt.opts.MaxPageFetches, wt.w.Indexed, wt.logger)
	return out, err
}

// batches splits items into runs of at most writeItems items and
// writeBytes of text; an item over writeBytes is a batch of its own.
func batches(items []*index.Article) iter.Seq[[]*index.Article] {
	return func(yield func([]*index.Article) bool) {
		start, size := 0, 0
		for i, a := range items {
			n := a.TextSize()
			if i > start && (i-start == writeItems || size+n > writeBytes) {
				if !yield(items[start:i]) {
					return
				}
				start, size = i, 0
			}
			size += n
		}
		if start < len(items) {
			yield(items[start:])
		}
	}
}

// Status returns what is known of every feed, in list order.
func (wt *Watcher) Status() []Status {
	wt.mu.Lock()
	defer wt.mu.Unlock()
	out := make([]Status, 0, len(wt.urls))
	for _, u := range wt.urls {
		out = append(out, *wt.status[u])
	}
	return out
}
