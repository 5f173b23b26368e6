package web_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestHeadAnswersEveryGETRoute checks, through a real server, that HEAD
// answers every route GET does with the same status and headers and sends
// no body: uptime monitors probing with HEAD saw 405 on / and /healthz and
// 404 on /api/search.
func TestHeadAnswersEveryGETRoute(t *testing.T) {
	srv := httptest.NewServer(server)
	defer srv.Close()
	id := url.PathEscape(articleID(t, server, "wallander"))
	for _, target := range []string{
		"/", "/?q=iraq", "/articles/" + id, "/facets/people?prefix=a", "/help", "/feeds", "/static/sitrep.css",
		"/healthz", "/api/search?q=iraq", "/api/articles/" + id, "/api/articles/" + id + "/similar",
		"/api/facets/people", "/api/openapi.json",
		"/feeds/search.atom?q=iraq", "/feeds/search.json", "/api/articles/" + id + "/cite", "/api/export?format=csv&q=iraq",
		"/api/search?size=abc", "/articles/no-such-article", "/no/such/route",
	} {
		req, err := http.NewRequest(http.MethodGet, srv.URL+target, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = "sitrep" // as rawHead sends it: feeds' links, and so their ETags, name the host
		res, body := getWhole(t, req)
		head, rest := rawHead(t, srv.Listener.Addr().String(), target)
		if head.StatusCode != res.StatusCode {
			t.Errorf("HEAD %s = %d, GET %d", target, head.StatusCode, res.StatusCode)
		}
		for _, h := range []string{"Content-Type", "Content-Security-Policy", "X-Content-Type-Options", "Cache-Control", "ETag"} {
			if head.Header.Get(h) != res.Header.Get(h) {
				t.Errorf("HEAD %s: %s %q, GET %q", target, h, head.Header.Get(h), res.Header.Get(h))
			}
		}
		if len(body) == 0 || rest != 0 {
			t.Errorf("%s: GET sent %d bytes, HEAD %d after its headers; want a body for GET only", target, len(body), rest)
		}
	}
}

// rawHead sends HEAD target over a connection of its own and returns the
// answer and how many bytes followed its headers before the server closed
// the connection.
func rawHead(t *testing.T, addr, target string) (*http.Response, int64) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "HEAD "+target+" HTTP/1.1\r\nHost: sitrep\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	res, err := http.ReadResponse(r, &http.Request{Method: http.MethodHead})
	if err != nil {
		t.Fatalf("HEAD %s: %v", target, err)
	}
	rest, err := io.Copy(io.Discard, r)
	if err != nil {
		t.Fatalf("HEAD %s: reading after the headers: %v", target, err)
	}
	return res, rest
}

// TestJSONAnswersWhole checks, through a real server, that a JSON answer
// comes whole with its Content-Length, not chunked, and HEAD says a
// length too (the same but for a search's took_ms).
func TestJSONAnswersWhole(t *testing.T) {
	srv := httptest.NewServer(server)
	defer srv.Close()
	for _, target := range []string{"/api/search?q=iraq", "/healthz", "/api/search?size=abc"} {
		req, err := http.NewRequest(http.MethodGet, srv.URL+target, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, body := getWhole(t, req)
		if res.ContentLength != int64(len(body)) || len(res.TransferEncoding) > 0 {
			t.Errorf("GET %s: Content-Length %d, Transfer-Encoding %v, body of %d bytes; want the body's length, not chunked", target, res.ContentLength, res.TransferEncoding, len(body))
		}
		head, _ := rawHead(t, srv.Listener.Addr().String(), target)
		cl := head.Header.Get("Content-Length")
		if cl == "" || cl != res.Header.Get("Content-Length") && !strings.Contains(target, "q=") {
			t.Errorf("HEAD %s: Content-Length %q, GET %q", target, head.Header.Get("Content-Length"), res.Header.Get("Content-Length"))
		}
	}
}

// getWhole sends req and returns the answer and its whole body.
func getWhole(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}
