package watch_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/fetch"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/parse"
	"github.com/sitrep/sitrep/index/watch"
	"github.com/sitrep/sitrep/search"
)

// feedServer serves a feed whose body the test may change, with ETags.
type feedServer struct {
	mu       sync.Mutex
	body     string
	requests int
	notMod   int
}

// extractor loads the entity extractor once for every test of the
// package: loading takes seconds under the race detector, and an
// Extractor is immutable.
var extractor = sync.OnceValues(entity.New)

func (f *feedServer) set(body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.body = body
}

func (f *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256([]byte(f.body)))
	if r.Header.Get("If-None-Match") == etag {
		f.notMod++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Write([]byte(f.body))
}

func TestPollIndexesNewAndChangedItems(t *testing.T) {
	feed, err := os.ReadFile("../../testdata/parse/feeds/dvids-20.rss")
	if err != nil {
		t.Fatal(err)
	}
	fs := &feedServer{body: string(feed)}
	srv := httptest.NewServer(fs)
	defer srv.Close()

	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	ix := indextest.New(t)
	wt := watch.New([]string{srv.URL}, ingest.NewLive(ix, x), fetch.New(fetch.Options{HostInterval: time.Millisecond}), watch.Options{}, slog.New(slog.DiscardHandler))
	ctx := context.Background()

	if err := wt.Poll(ctx, srv.URL); err != nil {
		t.Fatal(err)
	}
	s := wt.Status()[0]
	if s.Items != 20 || s.Indexed != 20 || s.Title != "DVIDS - News" || s.LastError != "" || s.LastSuccess.IsZero() {
		t.Fatalf("after the first poll: %+v", s)
	}

	// An unchanged feed: a conditional GET, nothing added.
	if err := wt.Poll(ctx, srv.URL); err != nil {
		t.Fatal(err)
	}
	if s := wt.Status()[0]; s.Indexed != 20 || s.Updated != 0 || fs.notMod != 1 {
		t.Errorf("re-polling an unchanged feed: %+v, %d not-modified answers; want nothing added and one 304", s, fs.notMod)
	}
	if n, _ := ix.Count(); n != 20 {
		t.Errorf("index holds %d articles, want 20", n)
	}

	// One item's text changes: it is updated in place.
	fs.set(strings.Replace(string(feed), "integrated operations", "integrated maritime operations near Okinawa", 1))
	if err := wt.Poll(ctx, srv.URL); err != nil {
		t.Fatal(err)
	}
	if s := wt.Status()[0]; s.Indexed != 20 || s.Updated != 1 {
		t.Errorf("after one item changed: %+v, want 1 updated", s)
	}
	if n, _ := ix.Count(); n != 20 {
		t.Errorf("index holds %d articles after the update, want 20", n)
	}
	res, err := search.New(ix).Search(ctx, search.Request{Query: "okinawa"})
	if err != nil || res.Total != 1 {
		t.Errorf("the changed text is not searchable: %v, %+v", err, res)
	}
}

func TestOneFailingFeedDoesNotStopTheOthers(t *testing.T) {
	feed, err := os.ReadFile("../../testdata/parse/feeds/centcom.atom")
	if err != nil {
		t.Fatal(err)
	}
	good := httptest.NewServer(&feedServer{body: string(feed)})
	defer good.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>this is not a feed</html>"))
	}))
	defer broken.Close()
	down := httptest.NewServer(http.NotFoundHandler())
	defer down.Close()

	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	ix := indextest.New(t)
	urls := []string{broken.URL, down.URL, good.URL}
	wt := watch.New(urls, ingest.NewLive(ix, x), fetch.New(fetch.Options{HostInterval: time.Millisecond}), watch.Options{Interval: time.Hour}, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { wt.Run(ctx); close(done) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st := wt.Status()
		if !st[0].LastFetch.IsZero() && !st[1].LastFetch.IsZero() && !st[2].LastSuccess.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the feeds were not all polled: %+v", st)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	st := wt.Status()
	if !strings.Contains(st[0].LastError, "not a readable RSS, Atom or JSON feed") {
		t.Errorf("broken feed: %+v", st[0])
	}
	if !strings.Contains(st[1].LastError, "404") {
		t.Errorf("missing feed: %+v", st[1])
	}
	if st[2].LastError != "" || st[2].Indexed != 1 || st[2].Rejected != 1 {
		t.Errorf("good feed: %+v, want 1 indexed and 1 rejected item", st[2])
	}
}

func TestReadList(t *testing.T) {
	urls, err := watch.ReadList(strings.NewReader("# defence feeds\nhttps://www.defense.gov/News/feed/\n\n  https://www.centcom.mil/rss  \nhttps://www.defense.gov/News/feed/\n"))
	if err != nil || len(urls) != 2 || urls[1] != "https://www.centcom.mil/rss" {
		t.Errorf("ReadList = %q, %v", urls, err)
	}
	if _, err := watch.ReadList(strings.NewReader("https://ok.example/feed\nfeeds.txt\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a bad line: err = %v, want one naming line 2", err)
	}
}

// batchWriter is an ingest.Live that keeps the size of every write, and
// fails the write numbered failAt (from 1; 0: none).
type batchWriter struct {
	*ingest.Live
	failAt  int
	mu      sync.Mutex
	batches []int // items, then bytes of text, of each write
	bytes   []int
}

func (w *batchWriter) Write(ctx context.Context, articles []*index.Article) (index.Stats, error) {
	n := 0
	for _, a := range articles {
		n += a.TextSize()
	}
	w.mu.Lock()
	w.batches, w.bytes = append(w.batches, len(articles)), append(w.bytes, n)
	failed := len(w.batches) == w.failAt
	w.mu.Unlock()
	if failed {
		return index.Stats{}, errors.New("disk full")
	}
	return w.Live.Write(ctx, articles)
}

// itemsFeed serves a feed of n items of size bytes of text each (to 20
// bytes), until the test ends.
func itemsFeed(t *testing.T, n, size int) *httptest.Server {
	t.Helper()
	var items strings.Builder
	for i := range n {
		fmt.Fprintf(&items, `<item><title>Item %d</title><link>https://wire.example.mil/%d</link><description>%s</description></item>`,
			i, i, strings.Repeat(fmt.Sprintf("Patrol %03d reports. ", i%1000), size/20))
	}
	srv := httptest.NewServer(&feedServer{body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>` + items.String() + `</channel></rss>`})
	t.Cleanup(srv.Close)
	return srv
}

// TestPollFailingBatch polls a feed of 600 items whose second write fails:
// the poll fails, the first batch's 256 articles are counted as indexed,
// and the next poll writes the feed again in full (its validators were
// not kept), finding those 256 unchanged.
func TestPollFailingBatch(t *testing.T) {
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	srv := itemsFeed(t, 600, 200)
	w := &batchWriter{Live: ingest.NewLive(indextest.New(t), x), failAt: 2}
	wt := watch.New([]string{srv.URL}, w, fetch.New(fetch.Options{HostInterval: time.Millisecond}), watch.Options{}, slog.New(slog.DiscardHandler))
	if err := wt.Poll(context.Background(), srv.URL); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("poll with a failing write: %v", err)
	}
	if s := wt.Status()[0]; s.Indexed != 256 || !strings.Contains(s.LastError, "disk full") {
		t.Errorf("status after the failed poll: %+v, want 256 indexed and the error", s)
	}
	if err := wt.Poll(context.Background(), srv.URL); err != nil {
		t.Fatal(err)
	}
	if s := wt.Status()[0]; s.Indexed != 600 || s.LastError != "" {
		t.Errorf("status after the next poll: %+v, want all 600 indexed", s)
	}
}

// TestPollWritesInBatches polls feeds, through a real feed server, whose
// items add up to more than one write may hold: they are written in
// batches of at most 256 items and 2 MiB of text, and every item is
// indexed; an item over parse.MaxItemSize is rejected.
func TestPollWritesInBatches(t *testing.T) {
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		items, size  int
		wantBatches  []int
		wantRejected int
	}{
		{"600 small items", 600, 200, []int{256, 256, 88}, 0},
		{"six items of 900 KB", 6, 900_000, []int{2, 2, 2}, 0},
		{"one item over the limit", 1, parse.MaxItemSize + 1000, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && tt.wantRejected == 0 && tt.items*tt.size > 1<<20 {
				t.Skip("indexes megabytes")
			}
			srv := itemsFeed(t, tt.items, tt.size)
			w := &batchWriter{Live: ingest.NewLive(indextest.New(t), x)}
			wt := watch.New([]string{srv.URL}, w, fetch.New(fetch.Options{HostInterval: time.Millisecond}), watch.Options{}, slog.New(slog.DiscardHandler))
			if err := wt.Poll(context.Background(), srv.URL); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantBatches, w.batches); diff != "" {
				t.Errorf("items per write (-want +got):\n%s", diff)
			}
			for _, n := range w.bytes {
				if n > 2<<20 {
					t.Errorf("a write of %d bytes of text, more than 2 MiB", n)
				}
			}
			if s := wt.Status()[0]; s.Indexed != tt.items-tt.wantRejected || s.Rejected != tt.wantRejected {
				t.Errorf("status %+v, want %d indexed and %d rejected", s, tt.items-tt.wantRejected, tt.wantRejected)
			}
		})
	}
}
