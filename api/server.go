// Package api is OneFunnel's HTTP surface: the Echo server, its middleware
// (auth, limits, idempotency, ETags), the handlers of the REST API described
// by openapi.yaml, health, metrics and the embedded web app. Handlers parse,
// call the domain and write; domain errors become problem+json in errors.go.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/reports"
	"github.com/onefunnel/onefunnel/domain/tracking"
	"github.com/onefunnel/onefunnel/domain/workspace"
)

// Server implements the generated strict interface over the domain services.
type Server struct {
	crm       *crm.Service
	marketing *marketing.Service
	ws        *workspace.Service
	writeKeys *workspace.WriteKeys
	events    *tracking.Events
	reports   *reports.Service
	eventMaps *tracking.EventMaps
}

var _ StrictServerInterface = (*Server)(nil)

// Readiness reports whether the service can take traffic.
type Readiness interface {
	Ready(ctx context.Context) error
}

// EventQueue reports how event processing keeps up, for /metrics.
type EventQueue interface {
	QueueStats(ctx context.Context) (tracking.QueueStats, error)
}

// Deps is what the HTTP layer is built from.
type Deps struct {
	CRM        *crm.Service
	Marketing  *marketing.Service
	Workspaces *workspace.Service
	WriteKeys  *workspace.WriteKeys
	// Events receives tracked events; nil leaves the /v1 tracking API off.
	Events EventWriter
	// EventLog lists stored events to members.
	EventLog *tracking.Events
	Reports  *reports.Service
	// EventMaps reads and sets workspaces' track event → touchpoint maps.
	EventMaps   *tracking.EventMaps
	Idempotency IdempotencyStore
	Ready       Readiness
	// Queue, when set, adds the processing queue's gauges to /metrics.
	Queue          EventQueue
	Logger         *slog.Logger
	WebApp         fs.FS
	TrustedProxies []*net.IPNet
	// HandlerTimeout bounds each request's context (SECURITY.md: 10 s).
	HandlerTimeout time.Duration
}

// New builds the HTTP handler.
func New(d Deps) (*echo.Echo, error) {
	spec, err := GetSpec()
	if err != nil {
		return nil, err
	}
	if d.HandlerTimeout == 0 {
		d.HandlerTimeout = 10 * time.Second
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(d.Logger)
	e.IPExtractor = ipExtractor(d.TrustedProxies)
	metrics := newMetrics(d.Queue)

	e.Use(middleware.Recover())
	e.Use(middleware.RequestID())
	e.Use(requestLog(d.Logger))
	e.Use(metrics.middleware)
	e.Use(securityHeaders)
	e.Use(middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{Timeout: d.HandlerTimeout}))

	e.GET("/healthz", healthz)
	e.GET("/readyz", readyz(d.Ready))
	e.GET("/metrics", metrics.handler)
	e.GET("/api/v1/openapi.json", specJSON(spec))
	e.GET("/api/docs", apiDocs)
	e.GET("/api/docs.js", apiDocsScript)

	srv := &Server{crm: d.CRM, marketing: d.Marketing, ws: d.Workspaces, writeKeys: d.WriteKeys, events: d.EventLog, reports: d.Reports, eventMaps: d.EventMaps}
	v1 := specRouter{e: e, mw: []echo.MiddlewareFunc{
		queryGuard,
		bodyGuard(APILimits),
		withClientIP,
		validator(spec),
		authenticate(d.Workspaces, publicOperations(spec)),
		idempotency(d.Idempotency),
		etag(),
	}}
	RegisterHandlers(v1, NewStrictHandler(srv, nil))

	if d.Events != nil {
		(&tracker{keys: d.WriteKeys, events: d.Events}).routes(e)
	}
	if d.WebApp != nil {
		webApp(e, d.WebApp)
	}
	return e, nil
}

// publicOperations lists "METHOD /path" of operations that need no credentials (`security: []`).
func publicOperations(spec *openapi3.T) map[string]bool {
	out := map[string]bool{}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Security != nil && len(*op.Security) == 0 {
				out[method+" "+echoPath(path)] = true
			}
		}
	}
	return out
}

// echoPath turns /a/{id} into Echo's /a/:id.
func echoPath(p string) string {
	b := []byte{}
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '{':
			b = append(b, ':')
		case '}':
		default:
			b = append(b, p[i])
		}
	}
	return string(b)
}

func healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func readyz(r Readiness) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
		defer cancel()
		if err := r.Ready(ctx); err != nil {
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
	}
}

// securityHeaders sets conservative defaults; the web app's CSP allows only our own origin.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'")
		return next(c)
	}
}

// ipExtractor trusts X-Forwarded-For only from the configured proxies.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
