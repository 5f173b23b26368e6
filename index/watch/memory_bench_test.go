package watch_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/fetch"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/watch"
	"github.com/sitrep/sitrep/search"
)

// newsText returns about n bytes of news-like text in paragraphs: common
// words and many distinct numbered ones, as a long report has.
func newsText(n int) string {
	words := []string{"the", "convoy", "reached", "forces", "near", "border", "said", "officials", "patrol", "of", "and", "a", "in", "to", "brigade", "reported"}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%s grid%d ", words[i%len(words)], i%40000)
		if i%60 == 59 {
			b.WriteString(".\n\n")
		}
	}
	return b.String()
}

// rssFeed returns an RSS feed of n items, each holding text.
func rssFeed(n int, text string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Heavy Wire</title>`)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>Heavy item %d</title><link>https://heavy.example.mil/%d</link><description><![CDATA[%s]]></description></item>`, i, i, text)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// peakHeap runs f and returns the most heap its objects held meanwhile
// above what they held before (sampled every millisecond, garbage not yet
// swept included), and the process's peak resident memory (VmHWM) before
// and after.
func peakHeap(f func()) (peak uint64, hwm string) {
	runtime.GC()
	before := vmHWM()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	done := make(chan struct{})
	sampled := make(chan uint64)
	go func() {
		var most uint64
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			most = max(most, sample[0].Value.Uint64())
			select {
			case <-done:
				sampled <- most
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	return <-sampled - base, before + " → " + vmHWM()
}

// vmHWM returns the process's peak resident memory so far, "" where
// /proc does not tell it.
func vmHWM() string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// searchTimes runs the search for "mosul" (a word of the sample corpus,
// not of the heavy feeds) at least min times and until stop is closed (a
// nil stop is taken as closed), and returns how long each took.
func searchTimes(b *testing.B, eng *search.Engine, min int, stop <-chan struct{}) []time.Duration {
	var times []time.Duration
	for len(times) < min || !closed(stop) {
		start := time.Now()
		if _, err := eng.Search(context.Background(), search.Request{Query: "mosul"}); err != nil {
			b.Error(err)
			return times
		}
		times = append(times, time.Since(start))
	}
	return times
}

func closed(c <-chan struct{}) bool {
	if c == nil {
		return true
	}
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// latencies describes search times: their median and the slowest.
func latencies(times []time.Duration) string {
	slices.Sort(times)
	return fmt.Sprintf("%d searches, median %v, max %v", len(times), times[len(times)/2].Round(10*time.Microsecond), times[len(times)-1].Round(10*time.Microsecond))
}

// BenchmarkPollHeavyFeed polls, through a real feed server, feeds of 10 MB
// (within fetch's 10 MiB) into the sample corpus's index: one item of
// 10 MB, ten of 1 MB, a thousand of 10 KB. It logs the times of searches
// run for 2 s without a poll and during it, and reports the peak
// heap of the poll above the heap before it (peak-heap-MB: the feed
// server's copy of the feed is in the heap before) and what the poll
// indexed. Run one at a
// time for a meaningful VmHWM:
//
//	go test -run '^$' -bench 'PollHeavyFeed/one_10MB' -benchtime 1x ./index/watch/
func BenchmarkPollHeavyFeed(b *testing.B) {
	x, err := entity.New()
	if err != nil {
		b.Fatal(err)
	}
	for _, bb := range []struct {
		name  string
		items int
		size  int
	}{
		{"one_10MB_item", 1, 10_000_000},
		{"ten_1MB_items", 10, 1_000_000},
		{"1000_10KB_items", 1000, 10_000},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			srv := httptest.NewServer(&feedServer{body: rssFeed(bb.items, newsText(bb.size))})
			defer srv.Close()
			for b.Loop() {
				ix := indextest.Corpus(b)
				eng := search.New(ix).Uncached() // every search runs: none is answered from the cache
				searchTimes(b, eng, 20, nil)     // warm up
				quiet := make(chan struct{})
				time.AfterFunc(2*time.Second, func() { close(quiet) })
				idle := searchTimes(b, eng, 1, quiet)
				wt := watch.New([]string{srv.URL}, ingest.NewLive(ix, x), fetch.New(fetch.Options{HostInterval: time.Millisecond}), watch.Options{}, slog.New(slog.DiscardHandler))
				polling := make(chan struct{})
				during := make(chan []time.Duration)
				go func() { during <- searchTimes(b, eng, 1, polling) }()
				peak, hwm := peakHeap(func() {
					if err := wt.Poll(context.Background(), srv.URL); err != nil {
						b.Log("poll:", err)
					}
				})
				close(polling)
				s := wt.Status()[0]
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
				b.Logf("%s: peak heap +%.0f MB, VmHWM %s, indexed %d, rejected %d; searches idle: %s; during the poll: %s",
					bb.name, float64(peak)/(1<<20), hwm, s.Indexed, s.Rejected, latencies(idle), latencies(<-during))
			}
		})
	}
}
