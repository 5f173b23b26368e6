package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/fetch"
)

func TestGet(t *testing.T) {
	var mu sync.Mutex
	var agents []string
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write([]byte("<html><p>hello</p></html>"))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/page", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("x", 1<<20))
		for range 50 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/gone", http.NotFound)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c := fetch.New(fetch.Options{Timeout: 10 * time.Second, HostInterval: time.Millisecond})
	impatient := fetch.New(fetch.Options{Timeout: 300 * time.Millisecond, HostInterval: time.Millisecond})
	ctx := context.Background()

	t.Run("page with validators", func(t *testing.T) {
		res, err := c.Get(ctx, srv.URL+"/page", fetch.Validators{})
		if err != nil {
			t.Fatal(err)
		}
		if string(res.Body) != "<html><p>hello</p></html>" || !strings.HasPrefix(res.ContentType, "text/html") || res.Validators.ETag != `"v1"` {
			t.Errorf("got %+v", res)
		}
		if _, err := c.Get(ctx, srv.URL+"/page", res.Validators); !errors.Is(err, fetch.ErrNotModified) {
			t.Errorf("conditional GET of an unchanged page: err = %v, want ErrNotModified", err)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, ua := range agents {
			if ua != fetch.UserAgent {
				t.Errorf("User-Agent %q, want Sitrep's", ua)
			}
		}
	})
	t.Run("redirect followed", func(t *testing.T) {
		res, err := c.Get(ctx, srv.URL+"/moved", fetch.Validators{})
		if err != nil || !strings.HasSuffix(res.URL, "/page") {
			t.Errorf("got %v, %v; want the page at its new URL", res, err)
		}
	})
	tests := []struct {
		name, url, wantErr string
		client             *fetch.Client
	}{
		{"redirect loop", srv.URL + "/loop", "redirects", c},
		{"50 MB page", srv.URL + "/huge", "larger than 10 MiB", c},
		{"slow host", srv.URL + "/slow", "Timeout", impatient},
		{"not found", srv.URL + "/gone", "404", c},
		{"file scheme", "file:///etc/passwd", "only http and https", c},
		{"javascript scheme", "javascript:alert(1)", "only http and https", c},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.client.Get(ctx, tt.url, fetch.Validators{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one saying %q", err, tt.wantErr)
			}
		})
	}
}

func TestHostInterval(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	c := fetch.New(fetch.Options{HostInterval: 100 * time.Millisecond})
	start := time.Now()
	for range 4 {
		if _, err := c.Get(context.Background(), srv.URL, fetch.Validators{}); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("4 requests to one host took %v: want at least 3 intervals of 100ms between them", d)
	}
}

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://www.defense.gov/News/": true, "http://x.mil/feed.xml": true,
		"feed.xml": false, "file:///etc/passwd": false, "javascript:alert(1)": false, "-": false,
	} {
		if got := fetch.IsURL(s); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", s, got, want)
		}
	}
}
