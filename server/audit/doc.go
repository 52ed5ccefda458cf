// Package audit records every API-key request (method, path, query,
// status, latency, client address, request and response bodies capped and
// with secrets redacted) and serves the log.
//
// Entries are written in batches by one background writer so that the
// request path only hands an entry over. Nothing is dropped: when the
// buffer is full the request waits (backpressure), and Close flushes every
// entry before returning, so a graceful shutdown loses nothing.
package audit
