package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
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
		Rejected: rep.Rejected, Errors: make([]recordError, len(rejected)),
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
