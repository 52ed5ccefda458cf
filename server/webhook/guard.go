package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/gobi-bi/gobi/server/netguard"
)

// Guard keeps webhook deliveries away from addresses an operator has not
// allowed (SSRF): a URL is checked when it is saved, for a clear message,
// and every connection is checked again at dial time on the address it
// is about to reach, so DNS rebinding and names resolving to loopback
// fail either way. https is required unless the address is in
// Policy.Allow (GOBI_WEBHOOK_ALLOWED_NETWORKS). Redirects are never
// followed and proxies never used: either would bypass the dial check.
type Guard struct {
	// Policy blocks special ranges; its Allow lists the allowed networks.
	Policy netguard.Policy
	// MaxURL caps a URL's length.
	MaxURL int
}

// ErrPlainHTTP refuses http:// to an address outside the allowed networks.
var ErrPlainHTTP = errors.New("webhook: plain http is allowed only to the allowed networks (GOBI_WEBHOOK_ALLOWED_NETWORKS); use https")

// CheckURL validates a webhook URL when it is saved. The message of the
// error it returns is safe to show.
func (g Guard) CheckURL(ctx context.Context, raw string) error {
	if raw == "" {
		return errors.New("is required")
	}
	if g.MaxURL > 0 && len(raw) > g.MaxURL {
		return fmt.Errorf("is longer than %d characters", g.MaxURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("is not a valid URL")
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return errors.New("must be an https:// URL")
	}
	if u.User != nil {
		return errors.New("must not contain a user name or password; send credentials in a custom header")
	}
	host := u.Hostname()
	if host == "" || u.Opaque != "" {
		return errors.New("has no host")
	}
	if numericHost(host) {
		return errors.New("has a numeric host that is not a plain IP address; write the address in dotted form")
	}
	if err := g.Policy.CheckHost(ctx, host); err != nil {
		return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "netguard: "))
	}
	if u.Scheme == "http" {
		addrs, err := g.resolve(ctx, host)
		if err != nil {
			return fmt.Errorf("host %q cannot be resolved", host)
		}
		for _, a := range addrs {
			if !g.allowed(a) {
				return fmt.Errorf("must be https: %s is not in the allowed networks", a)
			}
		}
	}
	return nil
}

func (g Guard) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return []netip.Addr{a}, nil
	}
	if l := strings.ToLower(strings.TrimSuffix(host, ".")); l == "localhost" || strings.HasSuffix(l, ".localhost") {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	var r netguard.Resolver = net.DefaultResolver
	if g.Policy.Resolver != nil {
		r = g.Policy.Resolver
	}
	return r.LookupNetIP(ctx, "ip", host)
}

// allowed reports whether an operator listed a's network.
func (g Guard) allowed(a netip.Addr) bool {
	a = a.WithZone("").Unmap()
	for _, p := range g.Policy.Allow {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// numericHost reports a host whose last label is a number but that is no
// IP address ("2130706433", "0x7f000001", "127.1"): URL parsers and
// resolvers disagree on what those mean.
func numericHost(host string) bool {
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return false
	}
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	last := strings.ToLower(labels[len(labels)-1])
	if strings.HasPrefix(last, "0x") {
		return true
	}
	return last != "" && strings.Trim(last, "0123456789") == ""
}

// MaxResponseHeaderBytes bounds a receiver's answer headers: Go's
// default is 10 MB, per attempt, for every concurrent delivery.
const MaxResponseHeaderBytes = 64 << 10

// Client returns the HTTP client deliveries are sent with: the dial-time
// checks, no proxy, no redirects, timeout for the whole exchange, at most
// MaxResponseHeaderBytes of answer headers.
func (g Guard) Client(timeout time.Duration) *http.Client {
	base := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	plain := &net.Dialer{Timeout: base.Timeout, KeepAlive: base.KeepAlive,
		ControlContext: func(_ context.Context, _, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !g.allowed(ap.Addr()) {
				return ErrPlainHTTP
			}
			return nil
		}}
	transport := func(d *net.Dialer) *http.Transport {
		return &http.Transport{Proxy: nil, DialContext: g.Policy.Dialer(d).DialContext, ForceAttemptHTTP2: true,
			MaxIdleConns: 256, MaxIdleConnsPerHost: 32, IdleConnTimeout: 90 * time.Second,
			TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: timeout, ExpectContinueTimeout: time.Second,
			MaxResponseHeaderBytes: MaxResponseHeaderBytes}
	}
	return &http.Client{
		Transport: schemes{https: transport(base), http: transport(plain)},
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a 3xx is the answer, and a failure
		},
	}
}

// schemes sends https and http through transports with different dial
// checks.
type schemes struct{ https, http *http.Transport }

func (s schemes) RoundTrip(r *http.Request) (*http.Response, error) {
	switch r.URL.Scheme {
	case "https":
		return s.https.RoundTrip(r)
	case "http":
		return s.http.RoundTrip(r)
	}
	return nil, fmt.Errorf("webhook: scheme %q not allowed", r.URL.Scheme)
}
