package netguard

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	internal := mustPolicy(t, "127.0.0.0/8", "10.1.0.0/16", "fd00::/8", "169.254.169.254")
	tests := []struct {
		addr    string
		policy  Policy
		blocked bool
		reason  string // substring of the reason when blocked
	}{
		// Public addresses are reachable by default.
		{"8.8.8.8", Policy{}, false, ""},
		{"1.1.1.1", Policy{}, false, ""},
		{"93.184.215.14", Policy{}, false, ""},
		{"172.32.0.1", Policy{}, false, ""},      // just past 172.16/12
		{"100.128.0.1", Policy{}, false, ""},     // just past 100.64/10
		{"198.20.0.1", Policy{}, false, ""},      // just past 198.18/15
		{"11.0.0.1", Policy{}, false, ""},        // just past 10/8
		{"223.255.255.254", Policy{}, false, ""}, // just below multicast
		{"2606:4700:4700::1111", Policy{}, false, ""},
		{"2a00:1450:4001:81b::200e", Policy{}, false, ""},
		{"::ffff:8.8.8.8", Policy{}, false, ""},
		{"64:ff9b::808:808", Policy{}, false, ""}, // NAT64 of a public address
		{"2002:808:808::1", Policy{}, false, ""},  // 6to4 of a public address

		// IPv4 special ranges.
		{"127.0.0.1", Policy{}, true, reasonLoopback},
		{"127.255.255.254", Policy{}, true, reasonLoopback},
		{"0.0.0.0", Policy{}, true, reasonUnspecified},
		{"0.1.2.3", Policy{}, true, "this network"},
		{"10.0.0.1", Policy{}, true, reasonPrivate},
		{"172.16.0.1", Policy{}, true, reasonPrivate},
		{"172.31.255.255", Policy{}, true, reasonPrivate},
		{"192.168.1.1", Policy{}, true, reasonPrivate},
		{"169.254.169.254", Policy{}, true, reasonMetadata},
		{"169.254.1.1", Policy{}, true, reasonLinkLocal},
		{"100.64.0.1", Policy{}, true, "carrier-grade NAT"},
		{"100.100.100.200", Policy{}, true, "carrier-grade NAT"}, // Alibaba metadata
		{"192.0.0.8", Policy{}, true, "IETF protocol"},
		{"192.0.2.1", Policy{}, true, reasonDoc},
		{"198.51.100.7", Policy{}, true, reasonDoc},
		{"203.0.113.9", Policy{}, true, reasonDoc},
		{"198.18.0.1", Policy{}, true, reasonBenchmark},
		{"198.19.255.255", Policy{}, true, reasonBenchmark},
		{"192.88.99.1", Policy{}, true, "6to4 relay"},
		{"224.0.0.1", Policy{}, true, reasonMulticast},
		{"239.255.255.250", Policy{}, true, reasonMulticast},
		{"240.0.0.1", Policy{}, true, "reserved"},
		{"255.255.255.255", Policy{}, true, "broadcast"},

		// IPv6 special ranges.
		{"::1", Policy{}, true, reasonLoopback},
		{"::", Policy{}, true, reasonUnspecified},
		{"fc00::1", Policy{}, true, "unique local"},
		{"fd12:3456::1", Policy{}, true, "unique local"},
		{"fd00:ec2::254", Policy{}, true, "unique local"}, // AWS IPv6 metadata
		{"fe80::1", Policy{}, true, reasonLinkLocal},
		{"fe80::1%eth0", Policy{}, true, reasonLinkLocal},
		{"fec0::1", Policy{}, true, "site-local"},
		{"ff02::1", Policy{}, true, reasonMulticast},
		{"2001:db8::1", Policy{}, true, reasonDoc},
		{"3fff::1", Policy{}, true, reasonDoc},
		{"2001:2::1", Policy{}, true, reasonBenchmark},
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", Policy{}, true, "Teredo"},
		{"100::1", Policy{}, true, "discard"},
		{"4000::1", Policy{}, true, "not a global unicast"},

		// IPv6 spellings of IPv4 special addresses.
		{"::ffff:127.0.0.1", Policy{}, true, reasonLoopback},
		{"::ffff:7f00:1", Policy{}, true, reasonLoopback},
		{"::ffff:169.254.169.254", Policy{}, true, reasonMetadata},
		{"::ffff:10.0.0.1", Policy{}, true, reasonPrivate},
		{"::ffff:0.0.0.0", Policy{}, true, reasonUnspecified},
		{"64:ff9b::7f00:1", Policy{}, true, "NAT64 form of 127.0.0.1 (loopback"},
		{"64:ff9b::a9fe:a9fe", Policy{}, true, "NAT64 form of 169.254.169.254"},
		{"64:ff9b:1::c0a8:101", Policy{}, true, "local-use NAT64 form of 192.168.1.1"},
		{"2002:7f00:1::", Policy{}, true, "6to4 form of 127.0.0.1"},
		{"2002:a00:1::1", Policy{}, true, "6to4 form of 10.0.0.1"},
		{"::127.0.0.1", Policy{}, true, "IPv4-compatible form of 127.0.0.1"},
		{"::8.8.8.8", Policy{}, true, "IPv4-compatible"},
		{"::ffff:0:127.0.0.1", Policy{}, true, "IPv4-translated form of 127.0.0.1"},
		{"::ffff:0:8.8.8.8", Policy{}, true, "IPv4-translated"},

		// The allow-list overrides the block list, in every spelling.
		{"127.0.0.1", internal, false, ""},
		{"::ffff:127.0.0.1", internal, false, ""},
		{"64:ff9b::7f00:1", internal, false, ""},
		{"2002:7f00:1::", internal, false, ""},
		{"10.1.2.3", internal, false, ""},
		{"fd00::5", internal, false, ""},
		{"169.254.169.254", internal, false, ""},
		{"8.8.8.8", internal, false, ""},
		// …and nothing beyond what it lists.
		{"10.2.0.1", internal, true, reasonPrivate},
		{"169.254.169.253", internal, true, reasonLinkLocal},
		{"::1", internal, true, reasonLoopback},
		{"fc00::1", internal, true, "unique local"},
		{"192.168.0.1", internal, true, reasonPrivate},
	}
	for _, tt := range tests {
		name := tt.addr
		if len(tt.policy.Allow) > 0 {
			name += "/allow"
		}
		t.Run(name, func(t *testing.T) {
			ip := netip.MustParseAddr(tt.addr)
			err := tt.policy.Check(ip)
			if !tt.blocked {
				if err != nil {
					t.Fatalf("Check(%s) = %v, want allowed", tt.addr, err)
				}
				return
			}
			if !errors.Is(err, ErrBlocked) {
				t.Fatalf("Check(%s) = %v, want ErrBlocked", tt.addr, err)
			}
			var be *BlockedError
			if !errors.As(err, &be) {
				t.Fatalf("Check(%s) = %T, want *BlockedError", tt.addr, err)
			}
			if be.Addr != ip {
				t.Errorf("BlockedError.Addr = %s, want %s", be.Addr, ip)
			}
			if !strings.Contains(be.Reason, tt.reason) {
				t.Errorf("reason %q does not mention %q", be.Reason, tt.reason)
			}
		})
	}
}

func TestCheckInvalidAddr(t *testing.T) {
	if err := (Policy{}).Check(netip.Addr{}); !errors.Is(err, ErrBlocked) {
		t.Fatalf("Check(zero Addr) = %v, want ErrBlocked", err)
	}
}

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		in      []string
		want    []string // canonical prefixes
		wantErr string
	}{
		{in: nil, want: nil},
		{in: []string{"10.0.0.0/8", " 192.168.1.20 ", "fd00::/8"}, want: []string{"10.0.0.0/8", "192.168.1.20/32", "fd00::/8"}},
		{in: []string{"::1"}, want: []string{"::1/128"}},
		{in: []string{"::ffff:10.0.0.1"}, want: []string{"10.0.0.1/32"}},
		{in: []string{"::ffff:10.0.0.0/104"}, want: []string{"10.0.0.0/8"}},
		{in: []string{"0.0.0.0/0"}, want: []string{"0.0.0.0/0"}},
		{in: []string{""}, wantErr: "allowed network 1 (\"\"): entry is empty"},
		{in: []string{"10.0.0.0/8", "10.1.2.3/8"}, wantErr: "allowed network 2 (\"10.1.2.3/8\"): host bits are set; did you mean 10.0.0.0/8?"},
		{in: []string{"db.internal"}, wantErr: "not an IP address or CIDR"},
		{in: []string{"10.0.0.0/33"}, wantErr: "not a valid CIDR"},
		{in: []string{"fe80::1%eth0"}, wantErr: "zoned addresses"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.in, ","), func(t *testing.T) {
			p, err := ParsePolicy(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParsePolicy(%q) error = %v, want containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePolicy(%q) = %v", tt.in, err)
			}
			var got []string
			for _, pfx := range p.Allow {
				got = append(got, pfx.String())
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("ParsePolicy(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestBlockedErrorMessage(t *testing.T) {
	err := (Policy{}).Check(netip.MustParseAddr("169.254.169.254"))
	want := "netguard: connections to 169.254.169.254 are not allowed (cloud metadata service address); an operator can add it to the allowed networks"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
}

func mustPolicy(t *testing.T, allow ...string) Policy {
	t.Helper()
	p, err := ParsePolicy(allow)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
