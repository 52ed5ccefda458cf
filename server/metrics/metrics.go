package metrics

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"
)

// Metrics is one Gobi instance's registry and the metrics it records
// into directly. Its methods are safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	http       *prometheus.HistogramVec
	query      *prometheus.HistogramVec
	cached     *prometheus.CounterVec
	rejections [limiters]prometheus.Counter
}

// httpBuckets span an API's answers: sub-millisecond cache hits to the
// 30 s read timeout.
var httpBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// queryBuckets reach the longest query timeout (query.max_timeout, 5 min
// by default).
var queryBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300}

// New returns a registry holding Gobi's own metrics and the Go runtime's
// and process's collectors. Add the rest with the Watch methods.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.http = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "gobi_http_request_duration_seconds",
		Help:    "HTTP requests by listener, method, route template and status class, and how long they took.",
		Buckets: httpBuckets,
	}, []string{"listener", "method", "route", "status"})
	m.query = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "gobi_query_duration_seconds",
		Help:    "Query executions not answered from the result cache, by data-source dialect and outcome, and how long they took.",
		Buckets: queryBuckets,
	}, []string{"dialect", "outcome"})
	m.cached = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "gobi_query_cached_total",
		Help: "Query executions answered from the result cache, by data-source dialect.",
	}, []string{"dialect"})
	rejections := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "gobi_rate_limit_rejections_total",
		Help: "Requests refused with 429 by a rate limiter.",
	}, []string{"limiter"})
	for l := range m.rejections {
		m.rejections[l] = rejections.WithLabelValues(limiterNames[l])
	}
	m.reg.MustRegister(m.http, m.query, m.cached, rejections,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// format is the exposition format served: Prometheus's text format, which
// every scraper reads.
var format = expfmt.NewFormat(expfmt.TypeTextPlain)

// Handler serves the registry in Prometheus's text format. It checks no
// credentials.
func (m *Metrics) Handler() fiber.Handler {
	return func(c *fiber.Ctx) error {
		families, err := m.reg.Gather()
		if err != nil {
			return fmt.Errorf("gather metrics: %w", err)
		}
		c.Set(fiber.HeaderContentType, string(format))
		c.Set(fiber.HeaderCacheControl, "no-store")
		enc := expfmt.NewEncoder(c.Response().BodyWriter(), format)
		for _, f := range families {
			if err := enc.Encode(f); err != nil {
				return fmt.Errorf("encode metrics: %w", err)
			}
		}
		return nil
	}
}
