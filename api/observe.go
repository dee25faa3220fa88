package api

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics holds the server's Prometheus registry, one per server so tests can build many.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	handler  echo.HandlerFunc
}

func newMetrics(queue EventQueue) *metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if queue != nil {
		reg.MustRegister(queueCollector{queue})
	}
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "onefunnel_http_requests_total", Help: "HTTP requests by route and status."}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "onefunnel_http_request_duration_seconds", Help: "HTTP request latency by route.", Buckets: prometheus.DefBuckets}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	m.handler = echo.WrapHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return m
}

func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		status := c.Response().Status
		if err != nil {
			status = toProblem(err).Status
		}
		m.requests.WithLabelValues(c.Request().Method, route, strconv.Itoa(status)).Inc()
		m.duration.WithLabelValues(c.Request().Method, route).Observe(time.Since(start).Seconds())
		return err
	}
}

// requestLog writes one structured line per request.
func requestLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			status := c.Response().Status
			if err != nil {
				status = toProblem(err).Status
			}
			log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request",
				slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
				slog.String("method", c.Request().Method), slog.String("route", c.Path()),
				slog.Int("status", status), slog.Duration("duration", time.Since(start)),
				slog.String("remote_ip", c.RealIP()))
			return err
		}
	}
}

// queueCollector reads the event queue at each scrape: whether processing
// keeps up with ingest (docs/tracking.md#processing).
type queueCollector struct{ queue EventQueue }

var (
	queueWaiting = prometheus.NewDesc("onefunnel_event_queue_waiting", "Tracked events accepted and not yet processed.", nil, nil)
	queueAside   = prometheus.NewDesc("onefunnel_event_queue_set_aside", "Tracked events set aside after failing to process; see their last_error in event_queue.", nil, nil)
	queueLag     = prometheus.NewDesc("onefunnel_event_queue_lag_seconds", "Time since the next event to process was accepted; 0 when none waits.", nil, nil)
)

func (queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- queueWaiting
	ch <- queueAside
	ch <- queueLag
}

func (q queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	s, err := q.queue.QueueStats(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(queueWaiting, err)
		return
	}
	lag := 0.0
	if !s.NextReceivedAt.IsZero() {
		lag = max(0, time.Since(s.NextReceivedAt).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(queueWaiting, prometheus.GaugeValue, float64(s.Waiting))
	ch <- prometheus.MustNewConstMetric(queueAside, prometheus.GaugeValue, float64(s.SetAside))
	ch <- prometheus.MustNewConstMetric(queueLag, prometheus.GaugeValue, lag)
}
