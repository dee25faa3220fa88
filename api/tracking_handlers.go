package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/tracking"
	"github.com/onefunnel/onefunnel/storage"
)

// EventWriter stores events durably; it returns after the commit.
type EventWriter interface {
	Write(ctx context.Context, rows []storage.EventRow) (int, error)
}

// WriteKeyResolver maps a write key to its workspace.
type WriteKeyResolver interface {
	Resolve(ctx context.Context, key string) (string, error)
}

// tracker serves the Segment-compatible tracking API under /v1.
type tracker struct {
	keys   WriteKeyResolver
	events EventWriter
}

// trackingLimits are Segment's: 500 KB per batch (32 KB per message is checked
// per message by the parser). Browsers send text/plain to skip CORS preflight.
// Nesting is counted from the top of the body, two levels above properties.
var trackingLimits = JSONLimits{MaxBytes: tracking.MaxBatchBytes, MaxDepth: tracking.MaxObjectDepth + 2, MaxKeys: tracking.MaxObjectKeys, MaxString: tracking.MaxStringBytes, AllowPlain: true}

// routes registers the tracking endpoints: batch plus one per Segment call type.
func (t *tracker) routes(e *echo.Echo) {
	mw := []echo.MiddlewareFunc{trackingCORS, segmentErrors, bodyGuard(trackingLimits)}
	e.POST("/v1/batch", t.batch, mw...)
	e.POST("/v1/import", t.batch, mw...)
	for _, typ := range []string{"track", "page", "screen", "identify", "group", "alias"} {
		e.POST("/v1/"+typ, t.single(typ), mw...)
	}
	e.OPTIONS("/v1/*", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }, trackingCORS)
}

func (t *tracker) batch(c echo.Context) error {
	body, ws, err := t.read(c)
	if err != nil {
		return err
	}
	msgs, err := tracking.ParseBatch(body, domain.Now())
	var be *tracking.BatchError
	if err != nil && !errors.As(err, &be) {
		return err
	}
	if err := t.store(c.Request().Context(), ws, msgs); err != nil {
		return err
	}
	if be != nil {
		// Segment stores the valid messages and reports the others.
		return c.JSON(http.StatusBadRequest, map[string]any{"success": false, "code": "invalid_messages", "message": be.Error(), "accepted": len(msgs)})
	}
	return c.JSONBlob(http.StatusOK, segmentOK)
}

// segmentOK is the answer to an accepted call, Segment's {"success":true},
// written as it is rather than encoded anew for every request: encoding/json
// and the query parsing of c.JSON were 4% of the CPU of single-event ingest
// (docs/benchmarks.md, fifteenth session).
var segmentOK = []byte("{\"success\":true}\n")

func (t *tracker) single(typ string) echo.HandlerFunc {
	return func(c echo.Context) error {
		body, ws, err := t.read(c)
		if err != nil {
			return err
		}
		m, err := tracking.ParseMessage(body, typ, domain.Now())
		if err != nil {
			return err
		}
		if err := t.store(c.Request().Context(), ws, []tracking.Message{m}); err != nil {
			return err
		}
		return c.JSONBlob(http.StatusOK, segmentOK)
	}
}

// read returns the body and the workspace of its write key: HTTP Basic user
// (Segment's convention) or a writeKey field in the body (analytics.js).
func (t *tracker) read(c echo.Context) ([]byte, string, error) {
	body, err := requestBody(c.Request()) // bounded by bodyGuard
	if err != nil {
		return nil, "", newAPIError(http.StatusBadRequest, "unreadable_body", "the body could not be read")
	}
	key, _, ok := c.Request().BasicAuth()
	if !ok || key == "" {
		var w struct {
			WriteKey string `json:"writeKey"`
		}
		_ = json.Unmarshal(body, &w)
		key = w.WriteKey
	}
	if key == "" {
		return nil, "", &apiError{Status: http.StatusUnauthorized, Code: "unauthenticated", Detail: "send the write key as the HTTP Basic user"}
	}
	ws, err := t.keys.Resolve(c.Request().Context(), key)
	return body, ws, err
}

func (t *tracker) store(ctx context.Context, ws string, msgs []tracking.Message) error {
	rows := make([]storage.EventRow, 0, len(msgs))
	for _, m := range msgs {
		payload, stored, err := m.Stored()
		if err != nil {
			return err
		}
		name := m.Event
		if name == "" {
			name = m.Name
		}
		rows = append(rows, storage.EventRow{
			WorkspaceID: ws, ID: domain.NewID(), MessageID: m.MessageID, Type: string(m.Type), AnonymousID: m.AnonymousID,
			UserID: m.UserID, Event: name, Timestamp: m.Timestamp, ReceivedAt: m.ReceivedAt, Payload: payload,
			Message: &stored,
		})
	}
	_, err := t.events.Write(ctx, rows)
	return err
}

// trackingCORS lets any site send events: write keys are public and can do
// nothing else. Every answer names the origin it allows; a preflight
// (OPTIONS) also names the method and headers that may follow and how long a
// browser may remember that. The Fetch standard reads those three from
// preflights only, so the events' own answers go without them.
func trackingCORS(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		origin := c.Request().Header.Get("Origin")
		if origin == "" {
			origin = "*"
		}
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		if c.Request().Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
			h.Set("Access-Control-Max-Age", "86400")
		}
		return next(c)
	}
}

// segmentErrors answers as Segment does: bad input of any kind is 400 with a
// reason (a body over the limit too, where the REST API says 413).
func segmentErrors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := next(c)
		var ve *domain.ValidationError
		var ae *apiError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &ve):
			return &apiError{Status: http.StatusBadRequest, Code: "invalid_message", Detail: ve.Error(), Fields: ve.Fields}
		case errors.As(err, &ae) && (ae.Status == http.StatusRequestEntityTooLarge || ae.Status == http.StatusUnsupportedMediaType):
			return &apiError{Status: http.StatusBadRequest, Code: ae.Code, Detail: ae.Detail}
		}
		return err
	}
}
