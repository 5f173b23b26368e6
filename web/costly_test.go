package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/web"
)

// TestCostlyQueriesUnderLoad sends, through a real server with a 2 s
// search timeout, 8 clients at once of the costliest queries the limits
// allow: one prefix OR-ed 64 times, and 30 distinct prefixes expanding to
// 9,000 words in all (just under --max-prefix-terms), over 9,000 distinct
// words. Every answer must come within the timeout and a second, and be a
// 200, a 503 (stopped) or a 429 (turned away: two searches of 9,000 words
// fill the 20,000 that may run at once), never a 500; a search after them
// must answer. It logs the answers.
func TestCostlyQueriesUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("searches 9,000 words from 16 clients")
	}
	const prefixes, words = 30, 300
	// prefix p is two letters from "qa"; its words add three more.
	prefix := func(p int) string { return string(rune('q'+p/26)) + string(rune('a'+p%26)) }
	var articles []*index.Article
	for i := range words {
		var body []string
		for p := range prefixes {
			body = append(body, prefix(p)+string(rune('a'+i/676))+string(rune('a'+i/26%26))+string(rune('a'+i%26)))
		}
		articles = append(articles, &index.Article{
			Title: fmt.Sprintf("Code sheet %d", i), URL: fmt.Sprintf("https://example.com/codes/%d", i),
			Source: "Test", Body: strings.Join(body, " ") + ".",
		})
	}
	const timeout = 2 * time.Second
	h := serveArticles(t, web.Config{RequestTimeout: timeout}, articles...)
	srv := httptest.NewServer(h)
	defer srv.Close()

	var distinct []string
	for p := range prefixes {
		distinct = append(distinct, prefix(p)+"*")
	}
	for _, q := range []string{
		strings.Repeat("qa* OR ", 63) + "qa*",
		strings.Join(distinct, " OR "),
	} {
		var wg sync.WaitGroup
		type answer struct {
			status     int
			took       time.Duration
			retryAfter string
		}
		answers := make([]answer, 8)
		for c := range answers {
			wg.Go(func() {
				start := time.Now()
				res, err := http.Get(srv.URL + "/api/search?q=" + url.QueryEscape(q))
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				answers[c] = answer{res.StatusCode, time.Since(start), res.Header.Get("Retry-After")}
			})
		}
		wg.Wait()
		var got []string
		for _, a := range answers {
			got = append(got, fmt.Sprintf("%d in %v", a.status, a.took.Round(time.Millisecond)))
		}
		t.Logf("%.40s… (%d characters), 8 clients: %s", q, len(q), strings.Join(got, ", "))
		for _, a := range answers {
			if a.took > timeout+time.Second || (a.status != http.StatusOK && a.status != http.StatusServiceUnavailable && a.status != http.StatusTooManyRequests) {
				t.Errorf("%.40s…: answered %d after %v, want 200, 503 or 429 within %v", q, a.status, a.took, timeout+time.Second)
			}
			if a.status == http.StatusTooManyRequests && a.retryAfter != "1" {
				t.Errorf("%.40s…: a 429 with Retry-After %q, want 1", q, a.retryAfter)
			}
		}
	}
	res, err := http.Get(srv.URL + "/api/search?q=qaaaa")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("a search after the costly ones: %d, want 200", res.StatusCode)
	}
}
