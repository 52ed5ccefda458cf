// Package replay remembers which signed requests were already seen, so a
// captured request replayed inside the signature's time window is refused.
//
// The signed-API middleware verifies a request (shared/signing), then asks
// Store.Seen with the key id and the verified signature (Verified.Signature,
// the same however the header spelled it) for Verified.ReplayTTL; true means
// a replay: answer the same 403 as for a bad signature. After the TTL the
// timestamp check refuses the request anyway, so nothing needs remembering
// longer.
//
// Memory serves one server instance; Redis shares what was seen between
// instances with one SET NX PX per request. When the store fails (Redis
// down, Memory full), Seen returns an error: refuse the request (fail
// closed), because accepting it would make replays possible exactly when
// the store cannot tell.
package replay
