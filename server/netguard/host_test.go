package netguard

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// fakeResolver answers from a map and fails for unknown names, so tests
// never touch DNS.
type fakeResolver map[string][]string

func (f fakeResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ips, ok := f[host]
	if !ok {
		return nil, errors.New("no such host")
	}
	var out []netip.Addr
	for _, s := range ips {
		out = append(out, netip.MustParseAddr(s))
	}
	return out, nil
}

// blockingResolver waits until its context ends, like a DNS server that
// never answers.
type blockingResolver struct{}

func (blockingResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestCheckHost(t *testing.T) {
	dns := fakeResolver{
		"example.com":    {"93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"},
		"db.internal":    {"10.0.0.5"},
		"rebind.example": {"93.184.215.14", "127.0.0.1"},
		"metadata.cloud": {"169.254.169.254"},
		"empty.example":  {},
		"v6only.example": {"::ffff:192.168.0.10"},
	}
	open := Policy{Resolver: dns}
	v4loopback := Policy{Resolver: dns, Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}
	internal := Policy{Resolver: dns, Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("10.0.0.0/8")}}
	tests := []struct {
		host    string
		policy  Policy
		blocked bool   // errors.Is(err, ErrBlocked)
		wantErr string // substring of the error; "" means no error
	}{
		{"example.com", open, false, ""},
		{"8.8.8.8", open, false, ""},
		{"[2606:4700:4700::1111]", open, false, ""},
		{"134744072", open, false, ""}, // 8.8.8.8 as one number
		{"db.internal", open, true, `host "db.internal" resolves to 10.0.0.5`},
		{"db.internal", internal, false, ""},
		{"rebind.example", open, true, "resolves to 127.0.0.1"},
		{"metadata.cloud", open, true, "cloud metadata"},
		{"v6only.example", open, true, reasonPrivate},
		{"localhost", open, true, reasonLoopback},
		{"LOCALHOST.", open, true, reasonLoopback},
		{"api.localhost", open, true, reasonLoopback},
		{"localhost", internal, false, ""},
		{"localhost", v4loopback, false, ""}, // ::1 not allowed: the client uses 127.0.0.1
		{"api.localhost", v4loopback, false, ""},
		{"unknown.example", open, false, "resolve host"},
		{"empty.example", open, false, "has no addresses"},
		{"", open, false, "host is empty"},
		{"evil.com@127.0.0.1", open, false, "characters"},
		{"example.com:5432", open, false, "give the port separately"},

		// Literal and numeric spellings of loopback and metadata.
		{"127.0.0.1", open, true, reasonLoopback},
		{"127.0.0.1.", open, true, reasonLoopback},
		{"[::1]", open, true, reasonLoopback},
		{"::1", open, true, reasonLoopback},
		{"[::ffff:127.0.0.1]", open, true, reasonLoopback},
		{"0.0.0.0", open, true, reasonUnspecified},
		{"0", open, true, reasonUnspecified},
		{"2130706433", open, true, reasonLoopback},
		{"0x7f000001", open, true, reasonLoopback},
		{"0X7F000001", open, true, reasonLoopback},
		{"0177.0.0.1", open, true, reasonLoopback},
		{"0177.0000.0000.0001", open, true, reasonLoopback},
		{"0x7f.0.0.1", open, true, reasonLoopback},
		{"0x7f.1", open, true, reasonLoopback},
		{"127.1", open, true, reasonLoopback},
		{"127.0.1", open, true, reasonLoopback},
		{"017700000001", open, true, reasonLoopback},
		{"2852039166", open, true, reasonMetadata}, // 169.254.169.254
		{"0xa9fea9fe", open, true, reasonMetadata}, // 169.254.169.254
		{"0251.0376.0251.0376", open, true, reasonMetadata},
		{"169.254.43518", open, true, reasonMetadata},
		{"2130706433", internal, false, ""},

		// Numeric-looking hosts that are not valid addresses never go to DNS.
		{"4294967296", open, true, "not a valid one"}, // 2^32
		{"127.0.0.256", open, true, "not a valid one"},
		{"256.0.0.1", open, true, "not a valid one"},
		{"1.2.3.4.5", open, true, "not a valid one"},
		{"0189.0.0.1", open, true, "not a valid one"}, // 8 and 9 are not octal
		{"127..1", open, true, "not a valid one"},
		{"example.123", open, true, "not a valid one"},
	}
	for _, tt := range tests {
		name := tt.host
		if len(tt.policy.Allow) > 0 {
			name += "/allow"
		}
		t.Run(name, func(t *testing.T) {
			err := tt.policy.CheckHost(context.Background(), tt.host)
			if errors.Is(err, ErrBlocked) != tt.blocked {
				t.Fatalf("CheckHost(%q) = %v, blocked want %v", tt.host, err, tt.blocked)
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckHost(%q) = %v, want nil", tt.host, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("CheckHost(%q) = %v, want error containing %q", tt.host, err, tt.wantErr)
			}
		})
	}
}

func TestParseInetAton(t *testing.T) {
	tests := []struct {
		in            string
		want          string
		numeric, isOK bool
	}{
		{"1.2.3.4", "1.2.3.4", true, true},
		{"1.2.3", "1.2.0.3", true, true},
		{"1.65535", "1.0.255.255", true, true},
		{"1.16777216", "", true, false},
		{"4294967295", "255.255.255.255", true, true},
		{"0x", "0.0.0.0", true, true},
		{"0x1g", "", false, false},
		{"db", "", false, false},
		{"db.internal", "", false, false},
		{"1.2.3.x", "", false, false},
		{"x.1", "", true, false},
		{"1.-2.3.4", "", true, false},
		{"1.+2.3.4", "", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, numeric, ok := parseInetAton(tt.in)
			if numeric != tt.numeric || ok != tt.isOK {
				t.Fatalf("parseInetAton(%q) numeric=%v ok=%v, want %v %v", tt.in, numeric, ok, tt.numeric, tt.isOK)
			}
			if ok && got.String() != tt.want {
				t.Errorf("parseInetAton(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestCheckHostHonoursContext(t *testing.T) {
	p := Policy{Resolver: blockingResolver{}}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := p.CheckHost(ctx, "slow.example")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("CheckHost = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("CheckHost took %v after its deadline", d)
	}
}

func FuzzCheckHost(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "0x7f000001", "0177.1", "example.com", "[::1]", "1.2.3.4.5", "0x"} {
		f.Add(s)
	}
	p := Policy{Resolver: fakeResolver{}}
	f.Fuzz(func(t *testing.T, host string) {
		// Must not panic; a host that decodes to loopback must be refused.
		err := p.CheckHost(context.Background(), host)
		if a, numeric, ok := parseInetAton(strings.TrimSuffix(host, ".")); numeric && ok && a.IsLoopback() && err == nil {
			t.Fatalf("CheckHost(%q) allowed loopback %s", host, a)
		}
	})
}

// TestCheckHostHidesCredentials: a host with user:password@ in it is
// refused without being quoted back (errors are shown and audited).
func TestCheckHostHidesCredentials(t *testing.T) {
	err := Policy{}.CheckHost(context.Background(), "u:SECRETPW8@127.0.0.1")
	if err == nil || strings.Contains(err.Error(), "SECRETPW8") {
		t.Fatalf("CheckHost: %v", err)
	}
}
