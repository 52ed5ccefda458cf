// Package metrics exports Gobi's Prometheus metrics from a registry of
// its own (never the process-wide default, so tests and several App
// instances in one process do not collide).
//
// What it measures, and where the numbers come from:
//
//   - gobi_http_request_duration_seconds{listener, method, route, status}:
//     every request through Middleware. route is the Fiber route template
//     (/api/charts/:id), never the raw path, so its values are bounded by
//     the routes registered; a request answered by a middleware before any
//     endpoint (an authentication refusal) carries that middleware's mount
//     path (/api), and one that no route matches carries "unmatched".
//     status is the class: 1xx … 5xx.
//   - gobi_query_duration_seconds{dialect, outcome}: query executions that
//     reached the data source or were refused, through ObserveQuery;
//     outcome is the status the execution history records (success,
//     error, timeout, canceled, refused). Cache hits are left out, so the
//     histogram shows what the databases cost, and counted in
//     gobi_query_cached_total{dialect}.
//   - gobi_result_cache_requests_total{result="hit"|"miss"}, with
//     gobi_result_cache_entries and gobi_result_cache_bytes (WatchCache).
//   - gobi_rate_limit_rejections_total{limiter}: requests refused with 429
//     by each limiter (Rejected).
//   - gobi_batch_pending_rows{writer} and gobi_batch_dropped_rows_total{writer}:
//     the audit log's and the execution history's write backlog and the
//     rows dropped under overload (WatchWriter).
//   - gobi_datasource_*{dialect}: data-source connection pools summed by
//     dialect (WatchPools), and go_sql_*{db_name="metadata"}: the metadata
//     database's pool (WatchDB).
//   - go_* and process_*: the Go runtime and the process.
//
// Handler serves the registry; it checks no credentials, so the caller
// mounts it behind its own check or on a listener only scrapers reach.
package metrics
