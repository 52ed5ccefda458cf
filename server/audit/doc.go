// Package audit records every API-key request (method, path, query,
// status, latency, client address, request and response bodies capped and
// with secrets redacted), including the calls the perimeter refused (bad
// or replayed signatures, unknown or revoked keys, rate limits, with a
// reason), and serves the log.
//
// Entries are written in batches by one background writer so that the
// request path only hands an entry over. Answered calls are never
// dropped: when the buffer is full the request waits (backpressure), and
// Close flushes every entry before returning, so a graceful shutdown
// loses nothing. A crash loses what is still buffered (at most one batch
// interval's worth), unless Options.Durable makes each answer wait for
// its row's commit. Refused calls are dropped and counted when the buffer
// is half full, so a flood of bad requests cannot grow memory.
package audit
