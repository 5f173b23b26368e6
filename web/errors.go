package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sitrep/sitrep/search"
)

// errorBody is the JSON shape of every error answer.
type errorBody struct {
	Error string `json:"error"`
}

// errorHandler is the one place errors become status codes: a user's
// mistake is a 4xx with a message saying what to fix; a fault of the
// server is a 5xx that says no more than that, and is logged.
func errorHandler(logger *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, msg := classify(err, c)
		if status >= 500 {
			logger.ErrorContext(c.Request().Context(), "request failed",
				slog.String("method", c.Request().Method),
				slog.String("uri", c.Request().RequestURI),
				slog.Int("status", status),
				slog.Any("error", err))
		}
		var werr error
		switch {
		case c.Request().Method == http.MethodHead:
			werr = c.NoContent(status)
		case wantsHTML(c):
			werr = renderError(c, status, msg)
		default:
			werr = c.JSON(status, errorBody{Error: msg})
		}
		if werr != nil {
			logger.ErrorContext(c.Request().Context(), "write error response", slog.Any("error", werr))
		}
	}
}

// classify maps an error to a status and a message fit for the user.
func classify(err error, c echo.Context) (int, string) {
	var qe *search.QueryError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &qe):
		return http.StatusBadRequest, qe.Error()
	case errors.Is(err, search.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the search took too long and was stopped: narrow the query or add filters"
	case errors.Is(err, context.Canceled):
		return 499, "the request was cancelled"
	case errors.As(err, &he):
		switch he.Code {
		case http.StatusNotFound:
			return he.Code, fmt.Sprintf("no such page: %s %s", c.Request().Method, c.Request().URL.Path)
		case http.StatusMethodNotAllowed:
			return he.Code, fmt.Sprintf("%s is not allowed on %s", c.Request().Method, c.Request().URL.Path)
		case http.StatusServiceUnavailable:
			if errors.Is(he.Internal, context.DeadlineExceeded) {
				return he.Code, "the search took too long and was stopped: narrow the query or add filters"
			}
		case http.StatusRequestEntityTooLarge:
			return he.Code, "the request body is too large"
		}
		if he.Code < 500 {
			return he.Code, fmt.Sprint(he.Message)
		}
		return he.Code, http.StatusText(he.Code)
	}
	return http.StatusInternalServerError, "internal error"
}
