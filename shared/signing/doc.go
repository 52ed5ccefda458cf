// Package signing is Gobi's request-signing scheme, version 1 ("GOBI1"):
// how an integrator signs an API request with an access key and its secret,
// and how the server verifies it. The browser client and the Go SDK sign
// with this package, the server verifies with it, so it imports nothing
// server-only and builds for GOOS=js GOARCH=wasm.
//
// It extends the reference scheme (HMAC-SHA256 over the sorted GET
// parameters, or over the body) so that a signature also binds the method,
// the path, the query and a timestamp: a signature made for one endpoint
// does not verify on another, and an old request is refused.
//
// # Headers
//
//	X-API-KEY:   the access key id: a UUID without hyphens, 32 lower-case hex digits
//	X-TIMESTAMP: the signing time in Unix seconds, decimal, no sign, no leading zeros
//	X-SIGNATURE: lower-case hex of HMAC-SHA256(secret, canonical string)
//
// X-SIGNATURE may also carry the signature as "v1=<hex>", and several
// signatures separated by commas ("v1=<hex>,v1=<hex>"): the request is
// valid if any of them matches. An integrator rotating secrets sends one
// signature per secret until the old one is retired. Entries with another
// version ("v2=…") are ignored, so later versions can be added; at most
// 8 entries are considered. Hex is decoded before comparison, so upper-case
// hex is accepted too: it is the same signature.
//
// # HMAC key
//
// The key is the bytes of the API_KEY_SECRET string exactly as given to the
// integrator (a random base64 string; it is not base64-decoded first), so
// `openssl dgst -sha256 -hmac "$SECRET"` computes the same MAC.
//
// # Canonical string
//
// Six fields joined by "\n" (LF; no newline after BODY):
//
//	GOBI1 \n METHOD \n PATH \n CANONICAL_QUERY \n TIMESTAMP \n BODY
//
// where:
//   - GOBI1 is the scheme version, literally.
//   - METHOD is the HTTP method in upper case ("GET", "POST").
//   - PATH is the request path exactly as sent on the request line: still
//     percent-encoded, without the query string, "/" when empty. No
//     normalisation: "/a/", "/a" and "/A" are three different paths. Only
//     visible ASCII is allowed (what an HTTP request line can carry).
//   - CANONICAL_QUERY is the raw query string (after "?", without
//     "#fragment") in canonical form, built as below; empty when there is
//     no query (the line is then empty).
//   - TIMESTAMP is the X-TIMESTAMP value (decimal Unix seconds).
//   - BODY is the raw request body, byte for byte (empty for GET).
//
// CANONICAL_QUERY:
//
//  1. Split the raw query on "&" and drop empty pieces ("a=1&&b=2&" has
//     two pairs).
//  2. Split each piece on its first "=" into key and value; a piece
//     without "=" has an empty value.
//  3. Percent-decode key and value: "+" means a space; "%" must be
//     followed by two hex digits, otherwise the query is invalid.
//  4. Re-encode each with RFC 3986 rules: the unreserved bytes A-Z a-z 0-9
//     - . _ ~ stay, every other byte (UTF-8 bytes included) becomes "%XX"
//     with upper-case hex.
//  5. Sort the pairs by encoded key, then by encoded value (byte order); a
//     repeated key stays as separate pairs.
//  6. Write each pair as key=value (key= when the value is empty) and join
//     them with "&".
//
// Example: "b=2&a=x+y&a=%7e&c" becomes "a=x%20y&a=~&b=2&c=", and
// "a=1&b=2" (two pairs) and "a=1%26b%3D2" (one) stay distinct.
//
// So a GET signs its sorted key=value pairs, as the reference scheme does,
// a POST signs its raw body, and both bind method, path, query and time.
// A query sent already in canonical form needs no work from the signer:
// CANONICAL_QUERY is then the query string itself.
//
// Example, with a shell and openssl (see testdata/sign.sh):
//
//	TS=$(date +%s)
//	BODY='{"limit":10}'
//	SIG=$(printf 'GOBI1\n%s\n%s\n%s\n%s\n%s' POST /api/v1/queries/7/run '' "$TS" "$BODY" |
//	  openssl dgst -sha256 -hmac "$SECRET" | awk '{print $NF}')
//	curl -H "X-API-KEY: $KEY" -H "X-TIMESTAMP: $TS" -H "X-SIGNATURE: $SIG" \
//	  -H 'Content-Type: application/json' --data-raw "$BODY" "$GOBI/api/v1/queries/7/run"
//
// # Verification
//
// The server refuses a request whose timestamp is more than Verifier.Skew
// (default 5 minutes) away from its clock, in either direction, and whose
// body exceeds Verifier.MaxBody. Every failure maps to one uniform 403, so a
// caller learns nothing about which part was wrong. Within the skew window
// a signed request could be replayed as is; the server remembers
// Verified.Signature (see server/replay) for Verified.ReplayTTL to refuse
// that. Two identical requests signed within the same second share a
// signature, so the second is refused as a replay; clients that repeat a
// request add a distinguishing query parameter or wait a second.
//
// What is not signed: headers other than these three (Content-Type
// included), the host, and the order of repeated query keys ("a=1&a=2" and
// "a=2&a=1" sign the same), so handlers must not give that order meaning.
package signing
