// Package apikey manages API keys: creation (the key and signing secret
// are shown once), listing, revocation, and the two ways a key
// authenticates a request:
//
//   - "Authorization: ApiKey gobi_…": a high-entropy bearer key with a
//     recognisable prefix and a checksum (so secret scanners can find
//     leaked keys and typos are refused without a database round trip),
//     looked up by its prefix in one indexed query and compared as a
//     SHA-256 hash in constant time. bcrypt would cost ~50 ms per request
//     and adds nothing for a 256-bit random secret.
//   - Signed requests (X-API-KEY, X-TIMESTAMP, X-SIGNATURE; see
//     shared/signing): the key's access id and an HMAC secret that is
//     sealed at rest, because verifying needs the plaintext.
package apikey
