package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
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
		{"slow host", srv.URL + "/slow", "timed out", impatient},
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

// TestReach fetches from two loopback servers: an operator's URL may be on
// any address, but a URL found in fetched content (a link given to
// GetLinked, a redirect) reaches a non-public address only on the origin
// it was found on, judged on the address connected to, unless the Client
// allows private addresses.
func TestReach(t *testing.T) {
	secret := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html><p>the admin password is swordfish</p></html>"))
	}))
	defer secret.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<rss/>")) })
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<p>page</p>")) })
	mux.HandleFunc("/to-page", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/page", http.StatusFound) })
	mux.HandleFunc("/to-secret", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, secret.URL+"/admin", http.StatusFound)
	})
	feed := httptest.NewServer(mux)
	defer feed.Close()
	secretPort := secret.Listener.Addr().(*net.TCPAddr).Port
	feedPort := feed.Listener.Addr().(*net.TCPAddr).Port

	ctx := context.Background()
	c := fetch.New(fetch.Options{HostInterval: time.Millisecond, Timeout: 5 * time.Second})
	open := fetch.New(fetch.Options{HostInterval: time.Millisecond, Timeout: 5 * time.Second, AllowPrivate: true})
	res, err := c.Get(ctx, feed.URL+"/feed", fetch.Validators{})
	if err != nil {
		t.Fatalf("the operator's feed URL on a loopback address: %v", err)
	}
	origin := res.Origin
	if want := (fetch.Origin{Scheme: "http", HostPort: feed.Listener.Addr().String(), Addr: netip.MustParseAddr("127.0.0.1")}); origin != want {
		t.Errorf("Origin = %+v, want %+v", origin, want)
	}
	// The feed's own host and port answering from another address: what a
	// name that changes its address between two requests would do.
	rebound := fetch.Origin{Scheme: "http", HostPort: fmt.Sprintf("localhost:%d", feedPort), Addr: netip.MustParseAddr("93.184.216.34")}

	tests := []struct {
		name    string
		client  *fetch.Client
		url     string
		from    *fetch.Origin // nil: the operator's URL (Get)
		refused bool
	}{
		{"operator's URL on another loopback port", c, secret.URL + "/admin", nil, false},
		{"operator's URL redirecting to another loopback origin", c, feed.URL + "/to-secret", nil, true},
		{"operator's URL redirecting within its origin", c, feed.URL + "/to-page", nil, false},
		{"link on the feed's origin", c, feed.URL + "/page", &origin, false},
		{"link redirecting within the feed's origin", c, feed.URL + "/to-page", &origin, false},
		{"link to another loopback port", c, secret.URL + "/admin", &origin, true},
		{"link redirecting to another loopback port", c, feed.URL + "/to-secret", &origin, true},
		{"link by name to loopback", c, fmt.Sprintf("http://localhost:%d/admin", secretPort), &origin, true},
		{"link to an IPv4-mapped loopback address", c, fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/admin", secretPort), &origin, true},
		{"link on the feed's origin whose address changed", c, fmt.Sprintf("http://localhost:%d/page", feedPort), &rebound, true},
		{"link to another loopback port, private allowed", open, secret.URL + "/admin", &origin, false},
		{"link redirecting to another loopback port, private allowed", open, feed.URL + "/to-secret", &origin, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.from == nil {
				_, err = tt.client.Get(ctx, tt.url, fetch.Validators{})
			} else {
				_, err = tt.client.GetLinked(ctx, tt.url, *tt.from)
			}
			switch {
			case tt.refused && (!errors.Is(err, fetch.ErrNotPublic) || !strings.Contains(err.Error(), "--fetch-private")):
				t.Errorf("err = %v, want the address refused, naming --fetch-private", err)
			case !tt.refused && err != nil:
				t.Errorf("err = %v, want the page", err)
			}
		})
	}
}

func TestPublic(t *testing.T) {
	for s, want := range map[string]bool{
		"8.8.8.8": true, "93.184.216.34": true, "2001:4860:4860::8888": true, "2606:4700::1111": true,
		"::ffff:8.8.8.8": true, "64:ff9b::808:808": true,
		"127.0.0.1": false, "127.9.9.9": false, "::1": false, "::ffff:127.0.0.1": false,
		"10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false, "fc00::1": false, "fd12:3456::1": false,
		"169.254.169.254": false, "fe80::1": false, "100.64.0.1": false, "0.0.0.0": false, "::": false,
		"224.0.0.1": false, "ff02::1": false, "255.255.255.255": false, "240.0.0.1": false,
		"192.0.2.1": false, "198.18.0.1": false, "2001:db8::1": false,
		"64:ff9b::7f00:1": false, "64:ff9b::a00:1": false, "2002:7f00:1::1": false, "2002:a9fe:a9fe::1": false,
	} {
		if got := fetch.Public(netip.MustParseAddr(s)); got != want {
			t.Errorf("Public(%s) = %v, want %v", s, got, want)
		}
	}
}
