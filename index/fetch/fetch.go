package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// UserAgent is sent with every request.
const UserAgent = "Sitrep/1.0 (defence news search; +https://github.com/sitrep/sitrep)"

// Defaults for Options.
const (
	DefaultTimeout      = 20 * time.Second
	DefaultMaxRedirects = 5
	DefaultMaxBytes     = 10 << 20
	DefaultHostInterval = time.Second
)

// ErrNotModified reports a 304 answer to a conditional GET.
var ErrNotModified = errors.New("not modified since the last fetch")

// Options bound a Client. Zero values take the defaults.
type Options struct {
	Timeout      time.Duration
	MaxRedirects int
	// MaxBytes bounds a response body; a larger one is an error.
	MaxBytes int64
	// HostInterval is the least time between two requests to one host.
	HostInterval time.Duration
	// Transport, when set, replaces http.DefaultTransport (tests).
	Transport http.RoundTripper
}

// Client fetches URLs within its Options. It is safe for concurrent use.
type Client struct {
	opts Options
	http *http.Client

	mu   sync.Mutex
	next map[string]time.Time // host → earliest time of its next request
}

// New returns a Client.
func New(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.HostInterval <= 0 {
		opts.HostInterval = DefaultHostInterval
	}
	c := &Client{opts: opts, next: map[string]time.Time{}}
	c.http = &http.Client{
		Transport: opts.Transport,
		Timeout:   opts.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= opts.MaxRedirects {
				return fmt.Errorf("more than %d redirects (a redirect loop?)", opts.MaxRedirects)
			}
			if err := checkScheme(req.URL); err != nil {
				return err
			}
			return c.wait(req.Context(), req.URL.Host)
		},
	}
	return c
}

// Validators are what a conditional GET sends back: the ETag and
// Last-Modified of the previous answer.
type Validators struct {
	ETag, LastModified string
}

// Response is a fetched body with what describes it.
type Response struct {
	// URL is where the body came from, after redirects.
	URL         string
	ContentType string
	Body        []byte
	// Validators are for the next conditional GET of the same URL.
	Validators Validators
}

// IsURL reports whether s names a web resource Sitrep can fetch.
func IsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func checkScheme(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%s: only http and https URLs are fetched", u.Redacted())
	}
	return nil
}

// wait blocks until host may be asked again, then books the next slot.
func (c *Client) wait(ctx context.Context, host string) error {
	c.mu.Lock()
	now := time.Now()
	at := c.next[host]
	if at.Before(now) {
		at = now
	}
	c.next[host] = at.Add(c.opts.HostInterval)
	c.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Get fetches rawURL. With validators it asks only for a changed resource
// and returns ErrNotModified when there is none. A status other than 200,
// a body over MaxBytes, a timeout or too many redirects is an error that
// names the URL.
func (c *Client) Get(ctx context.Context, rawURL string, v Validators) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w", rawURL, err)
	}
	if err := checkScheme(u); err != nil {
		return nil, fmt.Errorf("fetch %w", err)
	}
	if err := c.wait(ctx, u.Host); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, */*;q=0.5")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	defer res.Body.Close()
	switch {
	case res.StatusCode == http.StatusNotModified:
		return nil, ErrNotModified
	case res.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("fetch %s: the server answered %s", u.Redacted(), res.Status)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, c.opts.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	if int64(len(body)) > c.opts.MaxBytes {
		return nil, fmt.Errorf("fetch %s: the response is larger than %d MiB: not an article page or feed", u.Redacted(), c.opts.MaxBytes>>20)
	}
	return &Response{
		URL:         res.Request.URL.String(),
		ContentType: strings.ToLower(res.Header.Get("Content-Type")),
		Body:        body,
		Validators:  Validators{ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified")},
	}, nil
}
