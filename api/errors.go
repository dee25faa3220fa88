package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/workspace"
)

// problem is an RFC 9457 body. Only codes and messages written for clients go
// in it; internal errors become a generic 500 and are logged here only.
type problem struct {
	Type     string              `json:"type"`
	Title    string              `json:"title"`
	Status   int                 `json:"status"`
	Detail   string              `json:"detail,omitempty"`
	Code     string              `json:"code"`
	Instance string              `json:"instance,omitempty"`
	Errors   []domain.FieldError `json:"errors,omitempty"`
	// MergedInto names the record a merged one lives on as now (code "merged").
	MergedInto string `json:"merged_into,omitempty"`
}

// statusClientClosed is nginx's code for a request its client abandoned.
const statusClientClosed = 499

// apiError is an HTTP-level failure raised by the API layer itself (limits,
// content types, bad JSON), with a stable code.
type apiError struct {
	Status int
	Code   string
	Detail string
	Fields []domain.FieldError
}

func (e *apiError) Error() string { return e.Code + ": " + e.Detail }

func newAPIError(status int, code, detail string) *apiError {
	return &apiError{Status: status, Code: code, Detail: detail}
}

// toProblem maps an error to a problem. It is the one place that knows both
// the domain's error kinds and HTTP status codes.
func toProblem(err error) problem {
	var (
		ae  *apiError
		ve  *domain.ValidationError
		rl  *workspace.RateLimitError
		me  *domain.MergedError
		he  *echo.HTTPError
		out problem
	)
	switch {
	case errors.As(err, &ae):
		out = problem{Status: ae.Status, Code: ae.Code, Detail: ae.Detail, Errors: ae.Fields}
	case errors.As(err, &ve):
		out = problem{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Detail: "The request has invalid fields.", Errors: ve.Fields}
	case errors.As(err, &rl), errors.Is(err, domain.ErrRateLimited):
		out = problem{Status: http.StatusTooManyRequests, Code: "rate_limited", Detail: "Too many attempts; retry later."}
	case errors.Is(err, context.Canceled):
		// The client went away (closed the tab, navigated): nobody reads this
		// answer. nginx's 499 keeps it out of the 5xx error log and metrics.
		out = problem{Status: statusClientClosed, Code: "client_closed_request", Detail: "The client closed the request."}
	case errors.Is(err, domain.ErrTooLarge):
		out = problem{Status: http.StatusServiceUnavailable, Code: "report_too_large",
			Detail: "The report needs more than the database's time budget: narrow the period, the lookback or the split."}
	case errors.Is(err, domain.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		out = problem{Status: http.StatusServiceUnavailable, Code: "unavailable", Detail: "The service is temporarily unavailable; retry shortly."}
	case errors.As(err, &me):
		out = problem{Status: http.StatusNotFound, Code: "merged", Detail: "The record was merged into another; merged_into names it.", MergedInto: me.Into}
	case errors.Is(err, domain.ErrNotFound):
		out = problem{Status: http.StatusNotFound, Code: "not_found", Detail: "No such resource."}
	case errors.Is(err, domain.ErrConflict):
		out = problem{Status: http.StatusConflict, Code: "conflict", Detail: domainMessage(err)}
	case errors.Is(err, domain.ErrUnauthenticated):
		out = problem{Status: http.StatusUnauthorized, Code: "unauthenticated", Detail: domainMessage(err)}
	case errors.Is(err, domain.ErrForbidden):
		out = problem{Status: http.StatusForbidden, Code: "forbidden", Detail: domainMessage(err)}
	case errors.As(err, &he):
		out = problem{Status: he.Code, Code: codeFor(he.Code), Detail: http.StatusText(he.Code)}
		if he.Code < 500 {
			if m, ok := he.Message.(string); ok {
				out.Detail = m
			}
		}
	default:
		out = problem{Status: http.StatusInternalServerError, Code: "internal", Detail: "Something went wrong on our side."}
	}
	out.Type = "about:blank"
	out.Title = http.StatusText(out.Status)
	if out.Status == statusClientClosed {
		out.Title = "Client Closed Request"
	}
	return out
}

// domainMessage is the error text, which domain errors write for clients.
func domainMessage(err error) string { return err.Error() }

func codeFor(status int) string {
	switch status {
	case http.StatusNotFound:
		return "not_found"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusRequestEntityTooLarge:
		return "body_too_large"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusBadRequest:
		return "bad_request"
	case http.StatusServiceUnavailable:
		return "unavailable"
	}
	if status >= 500 {
		return "internal"
	}
	return "error"
}

// errorHandler writes every error as problem+json and logs server faults once.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		p := toProblem(err)
		if p.Status >= 500 {
			log.ErrorContext(c.Request().Context(), "request failed", "err", err, "method", c.Request().Method,
				"path", c.Path(), "request_id", c.Response().Header().Get(echo.HeaderXRequestID))
		}
		var rl *workspace.RateLimitError
		switch {
		case errors.As(err, &rl):
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(rl.RetryAfter.Round(time.Second).Seconds())+1))
		case p.Status == http.StatusServiceUnavailable:
			c.Response().Header().Set("Retry-After", "1")
		}
		p.Instance = c.Request().URL.Path
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		c.Response().WriteHeader(p.Status)
		if c.Request().Method != http.MethodHead {
			_ = jsonEncode(c.Response(), p)
		}
	}
}
