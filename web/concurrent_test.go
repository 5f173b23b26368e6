package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sitrep/sitrep/web"
)

// TestSearchesDuringWrites runs searches, facet lookups and pages on many
// goroutines while others write through the write API, and checks every
// answer: no errors, the articles there from the start always found with
// the same count, and the count of new articles never below what was
// acknowledged before the search began, never decreasing, never above what
// was sent. Run it with -race.
func TestSearchesDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and searches for several seconds")
	}
	h, _, _ := writeServer(t, web.Config{MaxSearches: 64})
	const (
		steady   = 20 // articles there before the readers start
		writers  = 4
		perWrite = 15 // articles each writer posts, one request each
		readers  = 8
	)
	var seed []string
	for i := range steady {
		seed = append(seed, fmt.Sprintf(`{"title": "Standing report %d", "body": "The steadyword garrison holds.", "url": "https://x.mil/steady/%d"}`, i, i))
	}
	if code, out := postArticles(t, h, strings.Join(seed, "\n")); code != http.StatusOK || out.Indexed != steady {
		t.Fatalf("seed: %d %+v", code, out)
	}

	var acked, sent atomic.Int64
	var wg sync.WaitGroup
	done := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			for i := range perWrite {
				sent.Add(1)
				body := fmt.Sprintf(`{"title": "Fresh dispatch %d-%d", "body": "A freshword convoy moved.", "url": "https://x.mil/fresh/%d/%d"}`, w, i, w, i)
				rec := send(h, http.MethodPost, "/api/articles", "Bearer "+token, body)
				if rec.Code != http.StatusOK {
					t.Errorf("POST: %d %s", rec.Code, rec.Body)
					continue
				}
				acked.Add(1)
			}
		})
	}
	var searches atomic.Int64
	var rg sync.WaitGroup
	for r := range readers {
		rg.Go(func() {
			last := int64(-1)
			for n := 0; ; n++ {
				select {
				case <-done:
					return
				default:
				}
				floor := acked.Load()
				fresh := apiTotal(t, h, "/api/search?q=freshword&size=5")
				ceiling := sent.Load()
				searches.Add(1)
				switch {
				case fresh < 0:
					return
				case fresh < floor:
					t.Errorf("reader %d: freshword total %d, but %d writes were acknowledged before the search", r, fresh, floor)
				case fresh < last:
					t.Errorf("reader %d: freshword total went down from %d to %d", r, last, fresh)
				case fresh > ceiling:
					t.Errorf("reader %d: freshword total %d, but only %d were sent", r, fresh, ceiling)
				}
				last = fresh
				if got := apiTotal(t, h, "/api/search?q=steadyword&sort=newest&facet_size=20"); got != steady {
					t.Errorf("reader %d: steadyword total %d, want %d", r, got, steady)
				}
				switch n % 3 {
				case 0:
					if rec := send(h, http.MethodGet, "/api/facets/sources?prefix=x", "", ""); rec.Code != http.StatusOK {
						t.Errorf("facets: %d %s", rec.Code, rec.Body)
					}
				case 1:
					if rec := send(h, http.MethodGet, "/?q=garrison", "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Standing report") {
						t.Errorf("search page: %d", rec.Code)
					}
				}
			}
		})
	}
	wg.Wait()
	close(done)
	rg.Wait()
	if got := apiTotal(t, h, "/api/search?q=freshword"); got != writers*perWrite || acked.Load() != writers*perWrite {
		t.Errorf("after the writes: freshword total %d, %d acknowledged, want %d", got, acked.Load(), writers*perWrite)
	}
	t.Logf("%d searches during %d writes", searches.Load(), writers*perWrite)
	if searches.Load() < readers {
		t.Errorf("only %d searches ran during the writes", searches.Load())
	}
}

// apiTotal returns the total of a search, or -1 after reporting an error.
func apiTotal(t *testing.T, h http.Handler, target string) int64 {
	rec := send(h, http.MethodGet, target, "", "")
	var res struct{ Total int64 }
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &res) != nil {
		t.Errorf("GET %s: %d %s", target, rec.Code, rec.Body)
		return -1
	}
	return res.Total
}
