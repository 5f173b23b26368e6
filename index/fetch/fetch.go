package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
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

// ErrNotPublic reports a connection refused because its address is not a
// public one (see Client).
var ErrNotPublic = errors.New("not a public address")

// Options bound a Client. Zero values take the defaults.
type Options struct {
	// Timeout bounds one Get, its redirects and body included.
	Timeout      time.Duration
	MaxRedirects int
	// MaxBytes bounds a response body; a larger one is an error.
	MaxBytes int64
	// HostInterval is the least time between two requests to one host.
	HostInterval time.Duration
	// AllowPrivate lets what fetched content leads to (links, redirects)
	// reach every address, as the URLs given to Get may (sitrep's
	// --fetch-private).
	AllowPrivate bool
}

// Client fetches URLs within its Options. It is safe for concurrent use.
//
// A URL given to Get (the operator's: a command-line argument, a line of
// the feeds file) may be on any address. What fetched content leads to —
// a redirect, a link given to GetLinked — may only reach public addresses,
// unless it is on the origin it was found on (same scheme, host and port,
// and the address that origin answered from) or Options.AllowPrivate is
// set. The address is checked when connecting, on the address connected
// to (after DNS), so a name resolving to a private address is refused
// however it is spelt, and a name that changes its address between two
// requests gains nothing. Connections are made directly: a proxy from the
// environment would hide the address.
type Client struct {
	opts Options
	// public makes only connections to public addresses, so any of its
	// kept-alive connections may serve any request; wider makes those
	// that reach allows more (the operator's URLs, a feed's own origin).
	public, wider *http.Client

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
	return &Client{opts: opts, public: newHTTPClient(), wider: newHTTPClient(), next: map[string]time.Time{}}
}

// newHTTPClient returns an http.Client that connects only where the reach
// in each request's context allows, and leaves redirects to Get.
func newHTTPClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			DialContext:           dial,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          100,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// reach is what addresses one request may connect to besides the public
// ones; the dialer finds it in the request's context.
type reach struct {
	// any allows every address: an operator's URL, or AllowPrivate.
	any bool
	// also allows one more address: that of the origin the URL was
	// found on, when the URL is on that origin.
	also netip.Addr
}

type reachKey struct{}

// dial connects to addr, checking each address it tries (after DNS)
// against the reach of the request.
func dial(ctx context.Context, network, addr string) (net.Conn, error) {
	r, _ := ctx.Value(reachKey{}).(reach)
	d := net.Dialer{
		Timeout:   30 * time.Second,
		KeepAlive: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("connect to %s: %w", address, err)
			}
			ip := ap.Addr().Unmap()
			if r.any || ip == r.also || Public(ip) {
				return nil
			}
			return fmt.Errorf("%s is %w: a page or redirect found in fetched content is fetched from a loopback, private or link-local address only on the origin it was found on (sitrep --fetch-private allows every address)", ip, ErrNotPublic)
		},
	}
	return d.DialContext(ctx, network, addr)
}

// nonPublic lists the special-purpose ranges of IANA's registries that
// are not reachable on the public internet, beside those netip.Addr
// names (loopback, private, link-local, multicast, unspecified).
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // shared address space (carrier-grade NAT)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and the broadcast address
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001::/23"),       // IETF protocol assignments (Teredo among them)
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
}

// embedsIPv4 lists IPv6 ranges whose addresses carry an IPv4 address that
// a gateway may connect to: that address must be public too.
var embedsIPv4 = []struct {
	prefix netip.Prefix
	at     int // byte offset of the IPv4 address
}{
	{netip.MustParsePrefix("64:ff9b::/96"), 12},   // NAT64
	{netip.MustParsePrefix("64:ff9b:1::/48"), 12}, // local NAT64
	{netip.MustParsePrefix("2002::/16"), 2},       // 6to4
}

// Public reports whether ip is a public unicast address: not loopback,
// private, link-local, multicast, unspecified, or in another range that
// is not routed on the internet (shared, documentation, benchmarking,
// reserved); an IPv4-mapped address is judged as its IPv4 address, and a
// NAT64 or 6to4 address by the IPv4 address it carries as well.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	for _, e := range embedsIPv4 {
		if e.prefix.Contains(ip) {
			b := ip.As16()
			return Public(netip.AddrFrom4([4]byte(b[e.at : e.at+4])))
		}
	}
	return true
}

// Origin is where fetched content came from: a scheme, a host and port,
// and the address that answered. A URL found in that content (GetLinked)
// may reach that address when it is on that scheme, host and port.
type Origin struct {
	Scheme string
	// HostPort is the lower-cased host and its port, the scheme's
	// default port when the URL names none.
	HostPort string
	// Addr is the address the content was fetched from; the zero Addr
	// (a file, say) adds no address.
	Addr netip.Addr
}

// OriginOf returns the origin of rawURL served from addr, or the zero
// Origin when rawURL is not an http(s) URL.
func OriginOf(rawURL string, addr netip.Addr) Origin {
	u, err := url.Parse(rawURL)
	if err != nil || checkScheme(u) != nil {
		return Origin{}
	}
	return Origin{Scheme: strings.ToLower(u.Scheme), HostPort: hostPort(u), Addr: addr.Unmap()}
}

// has reports whether u is on the origin.
func (o Origin) has(u *url.URL) bool {
	return o.Scheme != "" && strings.EqualFold(u.Scheme, o.Scheme) && hostPort(u) == o.HostPort
}

// hostPort returns u's lower-cased host with its port, or the scheme's.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if strings.EqualFold(u.Scheme, "https") {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// Validators are what a conditional GET sends back: the ETag and
// Last-Modified of the previous answer.
type Validators struct {
	ETag, LastModified string
}

// Response is a fetched body with what describes it.
type Response struct {
	// URL is where the body came from, after redirects.
	URL string
	// Origin is URL's origin and the address that served the body: what
	// links found in the body may be fetched from (GetLinked).
	Origin      Origin
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

// Get fetches rawURL, a URL the operator gave, which may be on any
// address; its redirects may leave public addresses only for its own
// origin. With validators it asks only for a changed resource and returns
// ErrNotModified when there is none. A status other than 200, a body over
// MaxBytes, a timeout, too many redirects or a refused address (wrapping
// ErrNotPublic) is an error that names the URL.
func (c *Client) Get(ctx context.Context, rawURL string, v Validators) (*Response, error) {
	return c.get(ctx, rawURL, v, nil)
}

// GetLinked fetches rawURL, found in content fetched from origin (a feed
// item's link): it, and its redirects, may reach a non-public address only
// on origin (see Client). Its errors are Get's.
func (c *Client) GetLinked(ctx context.Context, rawURL string, origin Origin) (*Response, error) {
	return c.get(ctx, rawURL, Validators{}, &origin)
}

// get fetches rawURL, following redirects itself so that each hop gets
// its own reach; from is the origin rawURL was found on, nil for an
// operator's URL.
func (c *Client) get(ctx context.Context, rawURL string, v Validators, from *Origin) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w", rawURL, err)
	}
	if err := checkScheme(u); err != nil {
		return nil, fmt.Errorf("fetch %w", err)
	}
	tctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	fail := func(err error) (*Response, error) {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			return nil, fmt.Errorf("fetch %s: no complete answer within %v (timed out)", u.Redacted(), c.opts.Timeout)
		}
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	for hop := 0; ; hop++ {
		r := reach{any: c.opts.AllowPrivate || (from == nil && hop == 0)}
		if from != nil && from.has(u) {
			r.also = from.Addr
		}
		if err := c.wait(tctx, u.Host); err != nil {
			return fail(err)
		}
		res, addr, err := c.do(tctx, u, v, r)
		if err != nil {
			return fail(err)
		}
		if from == nil && hop == 0 {
			// The operator's URL: its redirects may come back to it.
			first := OriginOf(u.String(), addr)
			from = &first
		}
		switch res.StatusCode {
		case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
			loc := res.Header.Get("Location")
			io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
			res.Body.Close()
			if hop >= c.opts.MaxRedirects {
				return fail(fmt.Errorf("more than %d redirects (a redirect loop?)", c.opts.MaxRedirects))
			}
			next, err := u.Parse(loc)
			if err != nil || loc == "" {
				return fail(fmt.Errorf("a redirect to %q, which is not a URL", loc))
			}
			if err := checkScheme(next); err != nil {
				return fail(err)
			}
			u = next
			continue
		}
		defer res.Body.Close()
		switch {
		case res.StatusCode == http.StatusNotModified:
			return nil, ErrNotModified
		case res.StatusCode != http.StatusOK:
			return fail(fmt.Errorf("the server answered %s", res.Status))
		}
		body, err := io.ReadAll(io.LimitReader(res.Body, c.opts.MaxBytes+1))
		if err != nil {
			return fail(err)
		}
		if int64(len(body)) > c.opts.MaxBytes {
			return fail(fmt.Errorf("the response is larger than %d MiB: not an article page or feed", c.opts.MaxBytes>>20))
		}
		return &Response{
			URL:         u.String(),
			Origin:      OriginOf(u.String(), addr),
			ContentType: strings.ToLower(res.Header.Get("Content-Type")),
			Body:        body,
			Validators:  Validators{ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified")},
		}, nil
	}
}

// do sends one GET of u whose connection must lie within r, and returns
// the answer with the address that gave it.
func (c *Client) do(ctx context.Context, u *url.URL, v Validators, r reach) (*http.Response, netip.Addr, error) {
	var remote net.Addr
	ctx = httptrace.WithClientTrace(context.WithValue(ctx, reachKey{}, r), &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) { remote = info.Conn.RemoteAddr() },
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, netip.Addr{}, err
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, */*;q=0.5")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	hc := c.public
	if r.any || r.also.IsValid() {
		hc = c.wider
	}
	res, err := hc.Do(req)
	if err != nil {
		return nil, netip.Addr{}, err
	}
	var addr netip.Addr
	if remote != nil {
		if ap, err := netip.ParseAddrPort(remote.String()); err == nil {
			addr = ap.Addr().Unmap()
		}
	}
	return res, addr, nil
}
