package netguard

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// ErrBlocked is matched (errors.Is) by every refusal from this package, so
// callers can turn any of them into one "destination not allowed" response
// without knowing whether it came from a save-time check or a dial.
var ErrBlocked = errors.New("netguard: destination not allowed")

// BlockedError says which address was refused and why, so the message shown
// to a user or operator names the actual problem ("loopback address")
// rather than a bare "forbidden".
type BlockedError struct {
	// Addr is the address as it was checked, before any unmapping.
	Addr netip.Addr
	// Reason is a short human phrase such as "private network address".
	Reason string
}

// Error explains the refusal and how an operator lifts it.
func (e *BlockedError) Error() string {
	return fmt.Sprintf("netguard: connections to %s are not allowed (%s); an operator can add it to the allowed networks", e.Addr, e.Reason)
}

// Is makes errors.Is(err, ErrBlocked) true for every BlockedError.
func (e *BlockedError) Is(target error) bool { return target == ErrBlocked }

// Policy decides which destination addresses outgoing connections may reach.
// The zero value is the secure default: every special-purpose range is
// refused and every public address allowed.
type Policy struct {
	// Allow lists networks that are reachable even though they fall in a
	// blocked range (an internal database, a webhook receiver on the LAN).
	// It overrides the block list; it never narrows what public addresses
	// may be reached.
	Allow []netip.Prefix
	// Resolver looks host names up for CheckHost; nil means
	// net.DefaultResolver. Dialing always uses the dialer's own resolver.
	Resolver Resolver
}

// ParsePolicy builds a Policy from configuration strings, each a CIDR
// ("10.0.0.0/8", "fd00::/8") or a single address ("192.168.1.20"), so
// operators can write either. Host bits set in a CIDR are an error rather
// than silently masked, because "10.1.2.3/8" usually means a typo.
func ParsePolicy(allow []string) (Policy, error) {
	var p Policy
	for i, raw := range allow {
		pfx, err := parseAllowEntry(strings.TrimSpace(raw))
		if err != nil {
			return Policy{}, fmt.Errorf("netguard: allowed network %d (%q): %w", i+1, raw, err)
		}
		p.Allow = append(p.Allow, pfx)
	}
	return p, nil
}

// parseAllowEntry parses one allow-list entry.
func parseAllowEntry(s string) (netip.Prefix, error) {
	if s == "" {
		return netip.Prefix{}, errors.New("entry is empty")
	}
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("not an IP address or CIDR such as 10.0.0.0/8: %w", err)
		}
		if a.Zone() != "" {
			return netip.Prefix{}, errors.New("zoned addresses (%eth0) cannot be allowed; give the address alone")
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	pfx, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("not a valid CIDR such as 10.0.0.0/8: %w", err)
	}
	if m := pfx.Masked(); m != pfx {
		return netip.Prefix{}, fmt.Errorf("host bits are set; did you mean %s?", m)
	}
	// Addresses are unmapped before they are compared, so an IPv4-mapped
	// prefix is rewritten to the IPv4 prefix it means.
	if a := pfx.Addr(); a.Is4In6() && pfx.Bits() >= 96 {
		return netip.PrefixFrom(a.Unmap(), pfx.Bits()-96), nil
	}
	return pfx, nil
}

// Check returns nil when ip may be connected to, and a *BlockedError
// otherwise. IPv4-mapped, NAT64, 6to4 and IPv4-compatible IPv6 addresses are
// judged by the IPv4 address they carry, because that is where the packets
// end up.
func (p Policy) Check(ip netip.Addr) error {
	if !ip.IsValid() {
		return &BlockedError{Addr: ip, Reason: "invalid address"}
	}
	a := ip.WithZone("").Unmap()
	if p.allowed(a) {
		return nil
	}
	if v4, emb, ok := embeddedV4(a); ok {
		if p.allowed(v4) {
			return nil
		}
		if reason, bad := lookup(v4Blocked, v4); bad {
			return &BlockedError{Addr: ip, Reason: fmt.Sprintf("%s form of %s (%s)", emb.name, v4, reason)}
		}
		if emb.always {
			return &BlockedError{Addr: ip, Reason: emb.name + " address"}
		}
		return nil
	}
	if a.Is4() {
		if reason, bad := lookup(v4Blocked, a); bad {
			return &BlockedError{Addr: ip, Reason: reason}
		}
		return nil
	}
	if reason, bad := lookup(v6Blocked, a); bad {
		return &BlockedError{Addr: ip, Reason: reason}
	}
	if !globalUnicast.Contains(a) {
		return &BlockedError{Addr: ip, Reason: "not a global unicast address"}
	}
	return nil
}

// allowed reports whether an operator listed a.
func (p Policy) allowed(a netip.Addr) bool {
	for _, pfx := range p.Allow {
		if pfx.Contains(a) {
			return true
		}
	}
	return false
}
