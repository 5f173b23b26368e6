package watch_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/fetch"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/watch"
	"github.com/sitrep/sitrep/search"
)

// storySite serves a feed of stories, each with a teaser, and the page of
// each story with its full text, which holds the word "fulltext" and the
// story's own word; a story whose page is down answers 500.
type storySite struct {
	mu      sync.Mutex
	stories []string // the stories' words, in feed order
	down    map[string]bool
	srv     *httptest.Server
	pages   []string // the stories whose page was asked for, in order
}

func newStorySite(t *testing.T, stories ...string) *storySite {
	t.Helper()
	s := &storySite{stories: stories, down: map[string]bool{}}
	mux := http.NewServeMux()
	fs := &feedServer{}
	mux.Handle("/feed", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.setFeed(fs)
		fs.ServeHTTP(w, r)
	}))
	mux.HandleFunc("/story/{word}", func(w http.ResponseWriter, r *http.Request) {
		word := r.PathValue("word")
		s.mu.Lock()
		s.pages = append(s.pages, word)
		down := s.down[word]
		s.mu.Unlock()
		if down {
			http.Error(w, "unavailable", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<html><head><title>Story %s</title></head><body><main><article><h1>Story %s</h1>", word, word)
		for i := range 6 {
			fmt.Fprintf(w, "<p>Paragraph %d of the fulltext of the %s story tells how the convoy crossed the river at dawn and what the patrol found on the far bank.</p>", i, word)
		}
		fmt.Fprint(w, "</article></main></body></html>")
	})
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

// setFeed gives fs the feed of the site's current stories.
func (s *storySite) setFeed(fs *feedServer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var items strings.Builder
	for _, word := range s.stories {
		fmt.Fprintf(&items, `<item><title>Story %s</title><link>%s/story/%s</link><description>Teaser of the %s story.</description></item>`, word, s.srv.URL, word, word)
	}
	fs.set(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>` + items.String() + `</channel></rss>`)
}

func (s *storySite) set(stories ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stories = stories
}

func (s *storySite) setDown(word string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down[word] = true
}

func (s *storySite) fetched() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.pages...)
}

// TestPollKeepsIndexedFullText polls, with --fetch-pages and a cap of one
// page a poll, a feed that changes: an item already indexed whose page is
// not read this poll (past the cap, or its page fails) is not written
// again, so the full text indexed from its page stays; the cap goes to
// new items first; a new item whose page is not read is indexed with the
// feed's text.
func TestPollKeepsIndexedFullText(t *testing.T) {
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		// second is the feed of the second poll; down the story whose
		// page fails in it.
		second []string
		down   string
		// fulltext and teaser are the stories indexed with their page's
		// text, and with the feed's, after the second poll.
		fulltext, teaser []string
	}{
		{name: "a new item first", second: []string{"charlie", "alpha", "bravo"},
			fulltext: []string{"alpha", "charlie"}, teaser: []string{"bravo"}},
		{name: "a new item last", second: []string{"alpha", "bravo", "charlie"},
			fulltext: []string{"alpha", "charlie"}, teaser: []string{"bravo"}},
		{name: "two new items", second: []string{"alpha", "bravo", "charlie", "delta"},
			fulltext: []string{"alpha", "charlie"}, teaser: []string{"bravo", "delta"}},
		{name: "the new item's page fails", second: []string{"charlie", "alpha", "bravo"}, down: "charlie",
			fulltext: []string{"alpha"}, teaser: []string{"bravo", "charlie"}},
		{name: "no new item, the first page fails", second: []string{"bravo", "alpha"}, down: "bravo",
			fulltext: []string{"alpha"}, teaser: []string{"bravo"}},
		{name: "no new item, the cap reaches the teaser", second: []string{"bravo", "alpha"},
			fulltext: []string{"alpha", "bravo"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newStorySite(t, "alpha", "bravo")
			ix := indextest.New(t)
			feed := site.srv.URL + "/feed"
			wt := watch.New([]string{feed}, ingest.NewLive(ix, x), fetch.New(fetch.Options{HostInterval: time.Millisecond, Timeout: 5 * time.Second}),
				watch.Options{FetchPages: true, MaxPageFetches: 1}, slog.New(slog.DiscardHandler))
			ctx := context.Background()
			if err := wt.Poll(ctx, feed); err != nil {
				t.Fatal(err)
			}
			assertText(t, ix, "after the first poll", []string{"alpha"}, []string{"bravo"})

			site.set(tt.second...)
			if tt.down != "" {
				site.setDown(tt.down)
			}
			if err := wt.Poll(ctx, feed); err != nil {
				t.Fatal(err)
			}
			if got := len(site.fetched()); got != 2 {
				t.Errorf("%d pages fetched in two polls (%q), want 2: one a poll", got, site.fetched())
			}
			assertText(t, ix, "after the second poll", tt.fulltext, tt.teaser)
			if n, _ := ix.Count(); n != uint64(len(tt.second)) {
				t.Errorf("index holds %d articles, want %d", n, len(tt.second))
			}
		})
	}
}

// assertText checks that the stories fulltext are indexed with their
// page's text, and the stories teaser with the feed's.
func assertText(t *testing.T, ix *index.Index, when string, fulltext, teaser []string) {
	t.Helper()
	e := search.New(ix)
	check := func(words []string, text string) {
		for _, word := range words {
			res, err := e.Search(context.Background(), search.Request{Query: text + " " + word})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 1 {
				t.Errorf("%s: %s is not indexed with its %s (%d hits)", when, word, text, res.Total)
			}
		}
	}
	check(fulltext, "fulltext")
	check(teaser, "teaser")
}
