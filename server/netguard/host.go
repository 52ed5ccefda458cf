package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// Resolver looks up a host's addresses. *net.Resolver satisfies it; tests
// pass a fake so that they need no DNS.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// CheckHost validates the host part of a URL or DSN when it is saved, so the
// user hears "db.internal resolves to 10.0.0.5, a private network address"
// at once instead of a failed connection later. Every address the name
// resolves to must pass Check, since a client may use any of them.
//
// host is a bare name or address without a port; IPv6 may be bracketed.
// Numeric forms that C's inet_aton and URL parsers accept ("2130706433",
// "0x7f000001", "0177.0.0.1", "127.1") are decoded the same way here. This
// is a save-time courtesy only: DNS answers change, so connections must
// still go through Dialer or DialContext.
func (p Policy) CheckHost(ctx context.Context, host string) error {
	h := strings.TrimSpace(host)
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	if h == "" {
		return errors.New("netguard: host is empty")
	}
	if strings.ContainsAny(h, " \t\r\n/\\@?#") {
		// The host is not quoted back: "user:password@db" is a common
		// mistake, and errors are shown and audited.
		return fmt.Errorf("netguard: the host contains characters a host name cannot have (such as %q)", string(h[strings.IndexAny(h, " \t\r\n/\\@?#")]))
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return p.Check(a)
	}
	if strings.Contains(h, ":") {
		return fmt.Errorf("netguard: host %q is neither an IP address nor a host name; give the port separately", host)
	}
	name := strings.TrimSuffix(h, ".")
	if a, numeric, ok := parseInetAton(name); numeric {
		if !ok {
			return fmt.Errorf("netguard: host %q looks like a numeric IPv4 address but is not a valid one: %w", host, ErrBlocked)
		}
		return p.Check(a)
	}
	addrs, err := p.resolve(ctx, name)
	if err != nil {
		return err
	}
	if isLocalhost(name) {
		// Both loopbacks, and a client that is refused one tries the other
		// (the dialer checks each address): one allowed is enough, so
		// "localhost" works with 127.0.0.0/8 allowed and ::1 not.
		var first error
		for _, a := range addrs {
			err := p.Check(a)
			if err == nil {
				return nil
			}
			if first == nil {
				first = fmt.Errorf("netguard: host %q is the loopback interface (%s): %w", host, a, err)
			}
		}
		return first
	}
	for _, a := range addrs {
		if err := p.Check(a); err != nil {
			return fmt.Errorf("netguard: host %q resolves to %s: %w", host, a, err)
		}
	}
	return nil
}

// resolve looks a name up, answering "localhost" names itself as RFC 6761
// asks, so they are judged as loopback whatever the resolver says.
func (p Policy) resolve(ctx context.Context, name string) ([]netip.Addr, error) {
	if isLocalhost(name) {
		return []netip.Addr{netip.AddrFrom4([4]byte{127, 0, 0, 1}), netip.IPv6Loopback()}, nil
	}
	var r Resolver = net.DefaultResolver
	if p.Resolver != nil {
		r = p.Resolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", name)
	if err != nil {
		return nil, fmt.Errorf("netguard: resolve host %q: %w", name, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("netguard: host %q has no addresses", name)
	}
	return addrs, nil
}

// isLocalhost reports whether name is one of RFC 6761's loopback names.
func isLocalhost(name string) bool {
	lower := strings.ToLower(name)
	return lower == "localhost" || strings.HasSuffix(lower, ".localhost")
}

// parseInetAton decodes the IPv4 spellings inet_aton(3) accepts: one to
// four dot-separated parts, each decimal, octal (leading 0) or hex (0x);
// the last part fills all remaining bytes, so "127.1" is 127.0.0.1 and
// "2130706433" is 127.0.0.1 too. numeric reports whether s looks like an
// attempt at such an address (its last part is a number, as the WHATWG URL
// parser decides); ok whether it decoded. A numeric-looking host that does
// not decode is refused by the caller rather than sent to DNS, where some
// resolver might still read it as an address.
func parseInetAton(s string) (addr netip.Addr, numeric, ok bool) {
	parts := strings.Split(s, ".")
	if !looksNumeric(parts[len(parts)-1]) {
		return netip.Addr{}, false, false
	}
	if len(parts) > 4 {
		return netip.Addr{}, true, false
	}
	var v uint64
	for i, part := range parts {
		n, isNum := parseAtonPart(part)
		if !isNum {
			return netip.Addr{}, true, false
		}
		last := i == len(parts)-1
		if !last {
			if n > 0xff {
				return netip.Addr{}, true, false
			}
			v |= n << (8 * (3 - i))
			continue
		}
		limit := uint64(1)<<(8*(4-i)) - 1
		if n > limit {
			return netip.Addr{}, true, false
		}
		v |= n
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true, true
}

// looksNumeric reports whether a host's last label is a number, decimal or
// 0x-hex, which makes the whole host an IPv4 address or an error.
func looksNumeric(label string) bool {
	digits, hex := label, false
	if len(label) >= 2 && (label[:2] == "0x" || label[:2] == "0X") {
		digits, hex = label[2:], true
	}
	if digits == "" {
		return hex
	}
	for _, c := range digits {
		isDigit := c >= '0' && c <= '9'
		isHex := hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')
		if !isDigit && !isHex {
			return false
		}
	}
	return true
}

// parseAtonPart parses one part with C's base rules; a bare "0x" is zero,
// as URL parsers read it. Values beyond 32 bits report false.
func parseAtonPart(p string) (uint64, bool) {
	base, digits := 10, p
	switch {
	case len(p) >= 2 && (p[:2] == "0x" || p[:2] == "0X"):
		base, digits = 16, p[2:]
		if digits == "" {
			return 0, true
		}
	case len(p) > 1 && p[0] == '0':
		base, digits = 8, p[1:]
	}
	if digits == "" || digits[0] == '+' || digits[0] == '-' {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil {
		return 0, false
	}
	return n, true
}
