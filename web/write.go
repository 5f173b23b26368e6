package web

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/index/ingest"
)

// ArticleWriter is what the write API writes through: *ingest.Live.
type ArticleWriter interface {
	Ingest(ctx context.Context, r io.Reader) (ingest.Report, []ingest.RecordError, error)
	Delete(ctx context.Context, id string) (bool, error)
}

// writeAPI holds the write handlers and their credentials.
type writeAPI struct {
	w ArticleWriter
	// tokenSum is the SHA-256 of the write token; nil turns writes off.
	tokenSum []byte
}

func newWriteAPI(w ArticleWriter, token string) *writeAPI {
	wa := &writeAPI{w: w}
	if token != "" && w != nil {
		sum := sha256.Sum256([]byte(token))
		wa.tokenSum = sum[:]
	}
	return wa
}

// authorize lets a request through only with the write token as a bearer
// token. Comparing digests in constant time leaks neither the token nor
// its length.
func (wa *writeAPI) authorize(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if wa.tokenSum == nil {
			return echo.NewHTTPError(http.StatusForbidden,
				"writes are turned off: start sitrep serve with SITREP_WRITE_TOKEN set (or --write-token-file FILE) and send it as Authorization: Bearer TOKEN")
		}
		given, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(given)))
		if !ok || subtle.ConstantTimeCompare(sum[:], wa.tokenSum) != 1 {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="sitrep"`)
			return echo.NewHTTPError(http.StatusUnauthorized, "a write needs the header Authorization: Bearer TOKEN with the server's write token")
		}
		return next(c)
	}
}

// WriteResponse is the JSON answer of POST /api/articles.
type WriteResponse struct {
	Indexed   int           `json:"indexed"`
	Updated   int           `json:"updated"`
	Unchanged int           `json:"unchanged"`
	Rejected  int           `json:"rejected"`
	Errors    []recordError `json:"errors"`
	// Sequence is, on a node of a cluster, the article log's sequence of
	// the last article written: a search with consistent=1&after= it
	// sees them (docs/CLUSTER.md).
	Sequence uint64 `json:"sequence,omitempty"`
}

type recordError struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// post indexes the articles of the request body: one JSON article, an
// array, or JSON Lines. It answers 200 with the counts when anything was
// accepted, 400 with the per-record errors when nothing was.
func (wa *writeAPI) post(c echo.Context) error {
	rep, rejected, err := wa.w.Ingest(c.Request().Context(), c.Request().Body)
	if err != nil {
		return err
	}
	out := WriteResponse{
		Indexed: rep.Indexed, Updated: rep.Updated, Unchanged: rep.Unchanged,
		Rejected: rep.Rejected, Errors: make([]recordError, len(rejected)), Sequence: rep.Sequence,
	}
	for i, r := range rejected {
		out.Errors[i] = recordError{Line: r.Line, Error: r.Err.Error()}
	}
	status := http.StatusOK
	if rep.Total() == 0 {
		status = http.StatusBadRequest
		if len(rejected) == 0 {
			out.Errors = append(out.Errors, recordError{Error: "the body holds no article: send a JSON article, an array of them, or JSON Lines"})
		}
	}
	return c.JSON(status, out)
}

type deleteResponse struct {
	Deleted string `json:"deleted"`
}

func (wa *writeAPI) delete(c echo.Context) error {
	id := c.Param("id")
	found, err := wa.w.Delete(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if !found {
		return echo.NewHTTPError(http.StatusNotFound, "no article with the id "+id)
	}
	return c.JSON(http.StatusOK, deleteResponse{Deleted: id})
}

// decodeBody lets a write's body come compressed with gzip
// (Content-Encoding: gzip): the handler reads it decompressed, so that the
// body limit after this middleware bounds the decompressed size and a
// small body inflating to gigabytes is stopped at the limit with 413. A
// stream that is not valid gzip is a 400 (gzipError); another encoding a
// 415.
func decodeBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		switch enc := strings.ToLower(strings.TrimSpace(req.Header.Get(echo.HeaderContentEncoding))); enc {
		case "", "identity":
		case "gzip", "x-gzip":
			body := &bodyReader{r: req.Body}
			req.Body = &gunzipReader{body: body}
			defer body.Close()
		default:
			return echo.NewHTTPError(http.StatusUnsupportedMediaType, fmt.Sprintf(
				"Content-Encoding %q is not supported: send the body as it is, or compressed with gzip (Content-Encoding: gzip)", enc))
		}
		return next(c)
	}
}

// gzipError is a write's body that is not the gzip stream its
// Content-Encoding says it is.
type gzipError struct{ err error }

func (e *gzipError) Error() string {
	return fmt.Sprintf("the request body is not valid gzip (%v), as its Content-Encoding: gzip says: compress it with gzip, or send it uncompressed without that header", e.err)
}

func (e *gzipError) Unwrap() error { return e.err }

// bodyReader remembers the error reading the body ended with, to tell a
// failure of the connection (a timeout, a body cut short) from a fault in
// the gzip stream it carries.
type bodyReader struct {
	r   io.ReadCloser
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil {
		b.err = err
	}
	return n, err
}

func (b *bodyReader) Close() error { return b.r.Close() }

// gunzipReader decompresses body, starting at the first Read so that the
// gzip header is read under the write's timeout like the rest.
type gunzipReader struct {
	body *bodyReader
	zr   *gzip.Reader
}

func (g *gunzipReader) Read(p []byte) (int, error) {
	if g.zr == nil {
		zr, err := gzip.NewReader(g.body)
		if err != nil {
			return 0, g.fault(err)
		}
		g.zr = zr
	}
	n, err := g.zr.Read(p)
	if err != nil && err != io.EOF {
		err = g.fault(err)
	}
	return n, err
}

// fault returns err as it is when the body's own reading failed with it,
// and as a gzipError when the stream is at fault.
func (g *gunzipReader) fault(err error) error {
	if g.body.err != nil && g.body.err != io.EOF && errors.Is(err, g.body.err) {
		return err
	}
	if err == io.EOF {
		// An empty body: no gzip header, and nothing to write.
		return io.EOF
	}
	return &gzipError{err: err}
}

func (g *gunzipReader) Close() error { return g.body.Close() }
