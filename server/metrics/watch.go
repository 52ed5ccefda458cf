package metrics

import (
	"database/sql"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/gobi-bi/gobi/shared/api"
)

// The Watch methods register metrics read at scrape time from the
// components that keep the numbers (a batch writer's backlog, the cache's
// counters), so recording costs those components an atomic add at most.
// Each panics if called twice with the same name: the wiring is a bug.

// Writer is a batch writer's backlog (batch.Writer).
type Writer interface {
	Pending() int64
	Dropped() uint64
}

// WatchWriter exports w's pending and dropped rows under writer=name.
func (m *Metrics) WatchWriter(name string, w Writer) {
	labels := prometheus.Labels{"writer": name}
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "gobi_batch_pending_rows", ConstLabels: labels,
			Help: "Rows handed to a batch writer and not written yet."},
			func() float64 { return float64(w.Pending()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gobi_batch_dropped_rows_total", ConstLabels: labels,
			Help: "Rows a batch writer dropped because its buffer was over its cap."},
			func() float64 { return float64(w.Dropped()) }),
	)
}

// Cache is the result cache (resultcache.Cache).
type Cache interface {
	Hits() uint64
	Misses() uint64
	Len() int
	Bytes() int64
}

// WatchCache exports the result cache's lookups, entries and bytes.
func (m *Metrics) WatchCache(c Cache) {
	const help = "Result-cache lookups by query executions, by result."
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gobi_result_cache_requests_total", Help: help,
			ConstLabels: prometheus.Labels{"result": "hit"}}, func() float64 { return float64(c.Hits()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gobi_result_cache_requests_total", Help: help,
			ConstLabels: prometheus.Labels{"result": "miss"}}, func() float64 { return float64(c.Misses()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "gobi_result_cache_entries",
			Help: "Results held in the result cache (expired ones until evicted)."}, func() float64 { return float64(c.Len()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "gobi_result_cache_bytes",
			Help: "Bytes of the results held in the result cache."}, func() float64 { return float64(c.Bytes()) }),
	)
}

// WatchDB exports db's pool statistics (go_sql_*) under db_name=name.
func (m *Metrics) WatchDB(name string, db *sql.DB) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
}

// Pools are the data-source connection pools (datasource.Service),
// summed by dialect: there is one pool per data source, and data source
// ids would make an unbounded label.
type Pools interface {
	PoolStats() map[api.Dialect]sql.DBStats
}

// WatchPools exports the data-source pools' statistics by dialect.
func (m *Metrics) WatchPools(p Pools) {
	m.reg.MustRegister(poolCollector{p})
}

type poolCollector struct{ p Pools }

func poolDesc(name, help string) *prometheus.Desc {
	return prometheus.NewDesc("gobi_datasource_"+name, help, []string{"dialect"}, nil)
}

var (
	poolMaxOpen   = poolDesc("max_open_connections", "Connection limit of the data-source pools, summed.")
	poolOpen      = poolDesc("open_connections", "Open data-source connections, in use or idle.")
	poolInUse     = poolDesc("in_use_connections", "Data-source connections in use.")
	poolIdle      = poolDesc("idle_connections", "Idle data-source connections.")
	poolWaits     = poolDesc("wait_count_total", "Times a query waited for a data-source connection.")
	poolWaitTime  = poolDesc("wait_duration_seconds_total", "Time queries waited for data-source connections.")
	poolIdleClose = poolDesc("max_idle_closed_total", "Data-source connections closed for max_idle_conns.")
	poolIdleTime  = poolDesc("max_idle_time_closed_total", "Data-source connections closed for their idle time.")
	poolLifeClose = poolDesc("max_lifetime_closed_total", "Data-source connections closed for conn_max_lifetime.")
)

// Describe implements prometheus.Collector.
func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolMaxOpen, poolOpen, poolInUse, poolIdle, poolWaits, poolWaitTime, poolIdleClose, poolIdleTime, poolLifeClose} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	for dialect, s := range c.p.PoolStats() {
		d := string(dialect)
		ch <- prometheus.MustNewConstMetric(poolMaxOpen, prometheus.GaugeValue, float64(s.MaxOpenConnections), d)
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(s.OpenConnections), d)
		ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(s.InUse), d)
		ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(s.Idle), d)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.WaitCount), d)
		ch <- prometheus.MustNewConstMetric(poolWaitTime, prometheus.CounterValue, s.WaitDuration.Seconds(), d)
		ch <- prometheus.MustNewConstMetric(poolIdleClose, prometheus.CounterValue, float64(s.MaxIdleClosed), d)
		ch <- prometheus.MustNewConstMetric(poolIdleTime, prometheus.CounterValue, float64(s.MaxIdleTimeClosed), d)
		ch <- prometheus.MustNewConstMetric(poolLifeClose, prometheus.CounterValue, float64(s.MaxLifetimeClosed), d)
	}
}
