package netguard

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// Dialer returns a copy of base (a zero Dialer when base is nil) whose
// ControlContext refuses blocked addresses. The check runs after name
// resolution, on each address the dialer is about to connect to, so a name
// that resolves to loopback, or re-resolves to it later (DNS rebinding), is
// refused at connect time. A Control or ControlContext already set on base
// still runs after the check.
//
// Use it wherever a driver or client accepts a dialer or dial function
// (http.Transport.DialContext, pgconn.Config.DialFunc, mysql.Config.DialFunc,
// redis.Options.Dialer),
// and turn off HTTP proxies and redirects there, which would bypass it.
func (p Policy) Dialer(base *net.Dialer) *net.Dialer {
	d := &net.Dialer{}
	if base != nil {
		*d = *base
	}
	next := d.ControlContext
	if next == nil && d.Control != nil {
		control := d.Control
		next = func(_ context.Context, network, address string, c syscall.RawConn) error {
			return control(network, address, c)
		}
	}
	d.Control = nil
	d.ControlContext = func(ctx context.Context, network, address string, c syscall.RawConn) error {
		if err := p.checkDial(network, address); err != nil {
			return err
		}
		if next != nil {
			return next(ctx, network, address, c)
		}
		return nil
	}
	return d
}

// DialContext dials through p.Dialer(nil), for callers that take a
// func(ctx, network, addr) and have no dialer settings of their own. Only
// TCP and UDP are allowed: a Unix socket path is as dangerous a target as
// loopback.
func (p Policy) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if !ipNetwork(network) {
		return nil, fmt.Errorf("netguard: dial %s %s: network %q not allowed: %w", network, addr, network, ErrBlocked)
	}
	// The dialer's *net.OpError already names the operation and address and
	// unwraps to ErrBlocked; wrapping it again would only repeat them.
	return p.Dialer(nil).DialContext(ctx, network, addr)
}

// checkDial judges the "ip:port" a socket is about to connect to. Anything
// that is not an IP network and an address fails closed.
func (p Policy) checkDial(network, address string) error {
	if !ipNetwork(network) {
		return fmt.Errorf("netguard: network %q not allowed: %w", network, ErrBlocked)
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("netguard: cannot parse dial address %q (%v): %w", address, err, ErrBlocked)
	}
	return p.Check(ap.Addr())
}

// ipNetwork reports whether network is one of Go's TCP or UDP networks.
func ipNetwork(network string) bool {
	switch network {
	case "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6":
		return true
	}
	return false
}
