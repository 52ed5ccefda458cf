package netguard

import "net/netip"

// blockedRange is one special-purpose range and why it is refused.
type blockedRange struct {
	prefix netip.Prefix
	reason string
}

// Reasons shared by the IPv4 and IPv6 tables; tests compare against them.
const (
	reasonLoopback    = "loopback address"
	reasonUnspecified = "unspecified address"
	reasonPrivate     = "private network address"
	reasonLinkLocal   = "link-local address"
	reasonMetadata    = "cloud metadata service address"
	reasonMulticast   = "multicast address"
	reasonDoc         = "documentation address"
	reasonBenchmark   = "benchmarking address"
)

// v4Blocked follows the IANA IPv4 Special-Purpose Address Registry, keeping
// every range that is not globally reachable. More specific entries come
// first so that the reason names the narrowest range.
var v4Blocked = mustRanges([]rangeSpec{
	{"169.254.169.254/32", reasonMetadata},
	{"255.255.255.255/32", "limited broadcast address"},
	{"0.0.0.0/32", reasonUnspecified},
	{"0.0.0.0/8", `"this network" address (0.0.0.0/8)`},
	{"10.0.0.0/8", reasonPrivate},
	{"100.64.0.0/10", "carrier-grade NAT shared address (100.64.0.0/10)"},
	{"127.0.0.0/8", reasonLoopback},
	{"169.254.0.0/16", reasonLinkLocal},
	{"172.16.0.0/12", reasonPrivate},
	{"192.0.0.0/24", "IETF protocol assignment (192.0.0.0/24)"},
	{"192.0.2.0/24", reasonDoc},
	{"192.88.99.0/24", "deprecated 6to4 relay anycast address"},
	{"192.168.0.0/16", reasonPrivate},
	{"198.18.0.0/15", reasonBenchmark},
	{"198.51.100.0/24", reasonDoc},
	{"203.0.113.0/24", reasonDoc},
	{"224.0.0.0/4", reasonMulticast},
	{"240.0.0.0/4", "reserved address (240.0.0.0/4)"},
})

// v6Blocked lists the special ranges inside or beside global unicast that
// deserve their own reason; anything outside 2000::/3 that is not NAT64 is
// refused afterwards as "not a global unicast address".
var v6Blocked = mustRanges([]rangeSpec{
	{"::/128", reasonUnspecified},
	{"::1/128", reasonLoopback},
	{"fc00::/7", "unique local (private) address"},
	{"fe80::/10", reasonLinkLocal},
	{"fec0::/10", "deprecated site-local address"},
	{"ff00::/8", reasonMulticast},
	{"100::/64", "discard-only address"},
	{"2001:2::/48", reasonBenchmark},
	{"2001:10::/28", "ORCHID address"},
	{"2001:20::/28", "ORCHIDv2 address"},
	{"2001::/32", "Teredo tunnel address"},
	{"2001:db8::/32", reasonDoc},
	{"3fff::/20", reasonDoc},
})

// globalUnicast is where every reachable IPv6 server lives.
var globalUnicast = netip.MustParsePrefix("2000::/3")

// embedding describes an IPv6 range that carries an IPv4 address and where
// to find its four bytes, so ::ffff:127.0.0.1's siblings cannot smuggle
// loopback past the IPv4 table.
type embedding struct {
	prefix netip.Prefix
	name   string
	offset int  // index of the first IPv4 byte in the 16-byte address
	always bool // refuse even when the embedded address is public
}

var v6Embeddings = []embedding{
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64", 12, false},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local-use NAT64", 12, false},
	{netip.MustParsePrefix("2002::/16"), "6to4", 2, false},
	{netip.MustParsePrefix("::ffff:0:0:0/96"), "IPv4-translated", 12, true},
	// IPv4-compatible addresses are deprecated (RFC 4291); :: and ::1 are
	// excluded by the caller because they are IPv6's own special addresses.
	{netip.MustParsePrefix("::/96"), "deprecated IPv4-compatible", 12, true},
}

// rangeSpec is the source form of a blockedRange.
type rangeSpec struct {
	cidr, reason string
}

// mustRanges parses the package's own constant tables; a typo there is a
// programming error caught by any test run, so MustParsePrefix is fine.
func mustRanges(specs []rangeSpec) []blockedRange {
	out := make([]blockedRange, len(specs))
	for i, s := range specs {
		out[i] = blockedRange{netip.MustParsePrefix(s.cidr), s.reason}
	}
	return out
}

// lookup returns the reason the first matching range gives, if any.
func lookup(table []blockedRange, a netip.Addr) (string, bool) {
	for _, r := range table {
		if r.prefix.Contains(a) {
			return r.reason, true
		}
	}
	return "", false
}

// embeddedV4 returns the IPv4 address carried by a tunnelled or translated
// IPv6 address.
func embeddedV4(a netip.Addr) (netip.Addr, embedding, bool) {
	if !a.Is6() || a == netip.IPv6Unspecified() || a == netip.IPv6Loopback() {
		return netip.Addr{}, embedding{}, false
	}
	b := a.As16()
	for _, e := range v6Embeddings {
		if e.prefix.Contains(a) {
			return netip.AddrFrom4([4]byte(b[e.offset : e.offset+4])), e, true
		}
	}
	return netip.Addr{}, embedding{}, false
}
