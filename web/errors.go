package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/search"
)

// errorBody is the JSON shape of every error answer: a message for
// people and a code for programs.
type errorBody struct {
	Error string `json:"error"`
	Code  string `json:"code"`
}

// errorCode is a stable, machine-readable kind of error answer.
type errorCode struct {
	Code   string
	Status int
	// Meaning says when the code is given, for the API's documentation.
	Meaning string
}

// errorCodes is every code an error answer may carry, with its status:
// the one table web/openapi.json, README's API section and /help
// document (TestErrorCodesDocumented holds them to it).
var errorCodes = []errorCode{
	{"bad_request", http.StatusBadRequest, "the request itself cannot be read: its URL's query, or a write's body"},
	{search.CodeBadQuery, http.StatusBadRequest, "the query text (q) cannot be read; the message says where and how to fix it"},
	{search.CodeBadParameter, http.StatusBadRequest, "another parameter's value is not one the API takes (the message names it)"},
	{search.CodeTooManyTerms, http.StatusBadRequest, "more words, phrases, prefix expansions or filter values than a search may hold"},
	{search.CodeQueryTooLong, http.StatusBadRequest, "more characters in q than a query may hold"},
	{search.CodePageTooDeep, http.StatusBadRequest, "a numbered page past the page window: follow next_cursor instead"},
	{"unauthorized", http.StatusUnauthorized, "a write without the server's write token"},
	{"forbidden", http.StatusForbidden, "writes are turned off on this server"},
	{"not_found", http.StatusNotFound, "no article has the id, or no route the path"},
	{search.CodeUnknownFacet, http.StatusNotFound, "no facet has the name in /api/facets/{facet}"},
	{"method_not_allowed", http.StatusMethodNotAllowed, "the route does not take the method"},
	{"request_timeout", http.StatusRequestTimeout, "a write's body did not arrive in time"},
	{"too_large", http.StatusRequestEntityTooLarge, "a body larger than the server takes"},
	{"unsupported_media_type", http.StatusUnsupportedMediaType, "a write's Content-Encoding other than gzip"},
	{"busy", http.StatusTooManyRequests, "too many searches at once: try again after Retry-After seconds"},
	{"cancelled", 499, "the client went away (logged, never read)"},
	{"internal", http.StatusInternalServerError, "a fault of the server, logged"},
	{"timeout", http.StatusServiceUnavailable, "the search or write took longer than the server allows"},
}

// codeOfStatus returns the code of an error answer that has no more
// specific one: the first code of errorCodes with that status, the
// general one.
func codeOfStatus(status int) string {
	for _, c := range errorCodes {
		if c.Status == status {
			return c.Code
		}
	}
	if status >= 500 {
		return "internal"
	}
	return "bad_request"
}

// statusOfCode returns the status an error code comes with.
func statusOfCode(code string) int {
	for _, c := range errorCodes {
		if c.Code == code {
			return c.Status
		}
	}
	return http.StatusBadRequest
}

// errorHandler is the one place errors become status codes: a user's
// mistake is a 4xx with a message saying what to fix; a fault of the
// server is a 5xx that says no more than that, and is logged.
// maxWriteBytes is the write API's limit on a body, which a 413 names.
func errorHandler(logger *slog.Logger, maxWriteBytes int64) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, code, msg := classify(err, c, maxWriteBytes)
		msg = clipMiddle(msg, maxEchoed)
		if status == http.StatusTooManyRequests {
			c.Response().Header().Set("Retry-After", "1")
		}
		if status >= 500 {
			logger.ErrorContext(c.Request().Context(), "request failed",
				slog.String("method", c.Request().Method),
				slog.String("uri", c.Request().RequestURI),
				slog.Int("status", status),
				slog.Any("error", err))
		}
		// A HEAD request gets the headers GET would; net/http drops the body.
		var werr error
		switch {
		case wantsHTML(c):
			werr = renderError(c, status, msg)
		default:
			werr = c.JSON(status, errorBody{Error: msg, Code: code})
		}
		if werr != nil {
			logger.ErrorContext(c.Request().Context(), "write error response", slog.Any("error", werr))
		}
	}
}

// Messages of the errors that depend on whether the request is a read
// (a search or page) or a write (the write API).
const (
	searchTooLong = "the search took too long and was stopped: narrow the query or add filters"
	writeTooLong  = "the write took longer than the server allows (--write-api-timeout) and was stopped: " +
		"the articles already written are kept; send the same articles again (none is indexed twice), fewer per request"
	bodyTooSlow = "the request body did not arrive in time (--read-timeout) and nothing of it was indexed: " +
		"send it again, fewer articles per request on a slow connection"
	bodyCutShort = "the request body ended before all of it arrived (the connection was cut) and nothing of it was indexed: send it again"
	readTooLarge = "a read takes no request body (at most " + maxReadBody + "iB): put the parameters in the URL"
)

// classify maps an error to a status, the code of errorCodes that says
// what kind of error it is, and a message fit for the user.
func classify(err error, c echo.Context, maxWriteBytes int64) (status int, code, msg string) {
	// A mistake in the query says its own code, and its status with it.
	if qe, ok := errors.AsType[*search.QueryError](err); ok {
		code = qe.ErrorCode()
		return statusOfCode(code), code, qe.Error()
	}
	status, msg = classifyStatus(err, c, maxWriteBytes)
	return status, codeOfStatus(status), msg
}

// classifyStatus maps an error other than a *search.QueryError to a
// status and a message fit for the user.
func classifyStatus(err error, c echo.Context, maxWriteBytes int64) (int, string) {
	var he *echo.HTTPError
	var ge *gzipError
	write := isWrite(c)
	switch {
	case errors.As(err, &ge):
		return http.StatusBadRequest, ge.Error()
	case errors.Is(err, search.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, search.ErrBusy):
		return http.StatusTooManyRequests, search.ErrBusy.Error()
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &he) && he.Code == http.StatusServiceUnavailable && errors.Is(he.Internal, context.DeadlineExceeded)):
		if write {
			return http.StatusServiceUnavailable, writeTooLong
		}
		return http.StatusServiceUnavailable, searchTooLong
	case errors.Is(err, os.ErrDeadlineExceeded):
		// The connection's read deadline (the http.Server's ReadTimeout)
		// passed while the body was read.
		return http.StatusRequestTimeout, bodyTooSlow
	case errors.Is(err, io.ErrUnexpectedEOF):
		return http.StatusBadRequest, bodyCutShort
	case errors.Is(err, context.Canceled):
		// The client went away: no one reads this answer, but the log
		// tells it from a fault (nginx's "client closed request").
		return 499, "the request was cancelled by the client"
	case errors.As(err, &he):
		if msg, ok := he.Message.(string); ok && msg != http.StatusText(he.Code) && he.Code < 500 {
			// A handler's own message (DELETE of an unknown id) says more
			// than the router's.
			return he.Code, msg
		}
		switch he.Code {
		case http.StatusNotFound:
			return he.Code, fmt.Sprintf("no such page: %s %s", c.Request().Method, c.Request().URL.Path)
		case http.StatusMethodNotAllowed:
			return he.Code, fmt.Sprintf("%s is not allowed on %s", c.Request().Method, c.Request().URL.Path)
		case http.StatusRequestEntityTooLarge:
			if write {
				body := "the request body"
				if c.Request().Header.Get(echo.HeaderContentEncoding) != "" {
					body = "the request body, decompressed,"
				}
				return he.Code, fmt.Sprintf("%s is larger than the %s limit (--max-write-bytes): send fewer articles per request", body, sizeText(maxWriteBytes))
			}
			return he.Code, readTooLarge
		}
		if he.Code < 500 {
			return he.Code, fmt.Sprint(he.Message)
		}
		return he.Code, http.StatusText(he.Code)
	}
	return http.StatusInternalServerError, "internal error"
}

// sizeText writes n bytes in the largest binary unit that divides it, as
// the --max-write-bytes flag is written: 32MiB, 512KiB, 1000B.
func sizeText(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n > 0 && n%u.size == 0 {
			return fmt.Sprintf("%d%s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%dB", n)
}

// maxEchoed bounds, in bytes, the message of an error answer, which may
// quote a parameter: a 1 MB parameter used to come back whole.
const maxEchoed = 1024

// maxEchoedQuery bounds the query, and each filter, that the search page
// of a failed search puts back in its form: 4 KiB, the most the default
// 1,000 characters take in UTF-8.
const maxEchoedQuery = 4 << 10

// clipMiddle shortens s to about n bytes by cutting out its middle, so
// that a message keeps its start (what was wrong) and its end (what to do).
func clipMiddle(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return clipEnd(s, n/2) + " … " + s[runeStart(s, len(s)-n/2):]
}

// clipEnd returns s cut to at most n bytes, at a character boundary,
// followed by "…" when something was cut.
func clipEnd(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:runeStart(s, n)] + "…"
}

// runeStart returns the start of the character holding byte i of s.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}
