package apikey

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/audit"
	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/signing"
)

// ReplayStore remembers signatures already used; Seen records key and
// reports whether it was there before.
type ReplayStore interface {
	Seen(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// Signed authenticates requests signed with an access key (X-API-KEY,
// X-TIMESTAMP, X-SIGNATURE) as the key's owner. Every failure — unknown,
// revoked or expired key, bad or stale timestamp, wrong signature, a
// replay — is the same 403, so a forger learns nothing about which part
// was wrong; the reason is logged and noted for the audit log.
type Signed struct {
	S        *Service
	Verifier signing.Verifier
	Replay   ReplayStore
	Log      *slog.Logger
}

// errUnauthenticated is the one answer to a bad signature.
func errUnauthenticated() error {
	return fault.New(fault.Forbidden, "unauthenticated", "Unauthenticated: the request signature is missing, invalid, expired or already used")
}

// Authenticate implements auth.Authenticator.
func (s Signed) Authenticate(c *fiber.Ctx) (auth.Principal, bool, error) {
	access := c.Get(signing.HeaderKey)
	if access == "" {
		return auth.Principal{}, false, nil
	}
	ctx := c.UserContext()
	// deny logs the reason, notes it for the audit log (with the key when
	// it is known) and gives the one uniform answer.
	deny := func(reason string, k *Key, err error) (auth.Principal, bool, error) {
		s.Log.Info("signed request refused", "reason", reason, "key_prefix", prefixOf(access), "path", c.Path(), "err", err)
		refuse(c, reason, k, access)
		return auth.Principal{}, false, errUnauthenticated()
	}
	k, secret, err := s.S.ByAccessKey(ctx, access)
	switch {
	case errors.Is(err, errMalformed) && len(access) != len(newAccessKey()):
		return deny(audit.ReasonMalformedKey, nil, err)
	case errors.Is(err, errMalformed):
		return deny(audit.ReasonUnknownKey, nil, err)
	case errors.Is(err, errRevoked):
		return deny(audit.ReasonRevokedKey, k, err)
	case errors.Is(err, errExpired):
		return deny(audit.ReasonExpiredKey, k, err)
	case err != nil:
		return auth.Principal{}, false, err
	}
	v, err := s.Verifier.Check(c.Method(), string(c.Request().URI().PathOriginal()), string(c.Request().URI().QueryString()),
		c.Get(signing.HeaderTimestamp), c.Get(signing.HeaderSignature), c.Body(), secret)
	if err != nil {
		return deny(signatureReason(err), k, err)
	}
	seen, err := s.Replay.Seen(ctx, "sig:"+k.AccessKey+":"+v.Signature, v.ReplayTTL)
	if err != nil {
		// Without the replay store a replay cannot be told apart: refuse.
		s.Log.Error("replay store unavailable; refusing signed request", "err", err)
		refuse(c, audit.ReasonReplayDown, k, access)
		return auth.Principal{}, false, fault.Wrap(fault.Unavailable, "unavailable", "signed requests are unavailable, try again later", err)
	}
	if seen {
		return deny(audit.ReasonReplay, k, nil)
	}
	p, err := s.S.principal(ctx, k, "signature")
	if errors.Is(err, auth.ErrUserNotFound) {
		return deny(audit.ReasonUnknownOwner, k, err)
	}
	return p, err == nil, err
}

// refuse notes a refused signed request for the audit log: the key's id
// and owner when it is known, and the access key's prefix, never all of it.
func refuse(c *fiber.Ctx, reason string, k *Key, access string) {
	r := audit.Refusal{Reason: reason, KeyPrefix: prefixOf(access)}
	if k != nil {
		r.KeyID, r.OwnerID = k.ID, k.OwnerID
	}
	audit.Refuse(c, r)
}

// signatureReason names a verification failure for the audit log.
func signatureReason(err error) string {
	switch {
	case errors.Is(err, signing.ErrMissing):
		return audit.ReasonMissingSignature
	case errors.Is(err, signing.ErrTimestamp):
		return audit.ReasonStaleTimestamp
	case errors.Is(err, signing.ErrBodyTooLarge):
		return audit.ReasonBodyTooLarge
	}
	return audit.ReasonBadSignature
}

// prefixOf shows a few characters of an access key in logs, never all,
// and nothing of a value that is not shaped like one (32 hex digits): an
// integrator who swapped the headers sent the secret there.
func prefixOf(access string) string {
	if len(access) != 32 || strings.Trim(access, "0123456789abcdefABCDEF") != "" {
		return "…"
	}
	return access[:6] + "…"
}
