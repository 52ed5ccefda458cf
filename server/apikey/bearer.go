package apikey

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/audit"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
)

// Bearer authenticates "Authorization: ApiKey <key>" as the key's owner.
// A refused key is noted for the audit log (audit.Refuse) with the key's
// id when it is known, and only its public prefix otherwise.
type Bearer struct{ S *Service }

// Authenticate implements auth.Authenticator.
func (b Bearer) Authenticate(c *fiber.Ctx) (auth.Principal, bool, error) {
	scheme, key, found := strings.Cut(c.Get(fiber.HeaderAuthorization), " ")
	if !found || !strings.EqualFold(scheme, "ApiKey") {
		return auth.Principal{}, false, nil
	}
	presented := strings.TrimSpace(key)
	deny := func(reason string, k *Key) (auth.Principal, bool, error) {
		r := audit.Refusal{Reason: reason, KeyPrefix: bearerPrefix(presented)}
		if k != nil {
			r.KeyID, r.OwnerID = k.ID, k.OwnerID
		}
		audit.Refuse(c, r)
		return auth.Principal{}, false, fault.Unauthorized("invalid, revoked or expired API key")
	}
	k, err := b.S.ByKey(c.UserContext(), presented)
	switch {
	case errors.Is(err, errMalformed):
		if _, perr := parseKey(presented); perr != nil {
			return deny(audit.ReasonMalformedKey, nil)
		}
		return deny(audit.ReasonUnknownKey, nil)
	case errors.Is(err, errRevoked):
		return deny(audit.ReasonRevokedKey, k)
	case errors.Is(err, errExpired):
		return deny(audit.ReasonExpiredKey, k)
	case err != nil:
		return auth.Principal{}, false, err
	}
	p, err := b.S.principal(c.UserContext(), k, "apikey")
	if errors.Is(err, auth.ErrUserNotFound) {
		return deny(audit.ReasonUnknownOwner, k)
	}
	return p, err == nil, err
}

// bearerPrefix is what the audit log keeps of a presented bearer key: the
// public lookup part of a key-shaped string (what the key list shows),
// never the secret part, and nothing of anything else.
func bearerPrefix(presented string) string {
	switch {
	case len(presented) == keyLen && strings.HasPrefix(presented, keyPrefix):
		return presented[:len(keyPrefix)+lookupLen]
	case strings.HasPrefix(presented, keyPrefix):
		return keyPrefix + "…"
	}
	return "…"
}
