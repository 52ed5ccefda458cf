package netguard

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"time"
)

// listen starts a TCP listener on loopback that accepts and closes
// connections until the test ends.
func listen(t *testing.T) (port string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	_, port, _ = net.SplitHostPort(ln.Addr().String())
	return port
}

func TestDialContext(t *testing.T) {
	port := listen(t)
	loopback := Policy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}
	tests := []struct {
		name    string
		policy  Policy
		network string
		addr    string
		blocked bool
	}{
		{"loopback refused by default", Policy{}, "tcp", "127.0.0.1:" + port, true},
		{"tcp4 refused by default", Policy{}, "tcp4", "127.0.0.1:" + port, true},
		{"name resolving to loopback refused", Policy{}, "tcp", "localhost:" + port, true},
		{"mapped loopback refused", Policy{}, "tcp", "[::ffff:127.0.0.1]:" + port, true},
		{"unix socket refused", loopback, "unix", "/var/run/docker.sock", true},
		{"loopback allowed by allow-list", loopback, "tcp", "127.0.0.1:" + port, false},
		{"localhost with 127.0.0.0/8 allowed, ::1 not", loopback, "tcp", "localhost:" + port, false},
		{"mapped loopback allowed by allow-list", loopback, "tcp", "[::ffff:127.0.0.1]:" + port, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			conn, err := tt.policy.DialContext(ctx, tt.network, tt.addr)
			if conn != nil {
				conn.Close()
			}
			if tt.blocked {
				if !errors.Is(err, ErrBlocked) {
					t.Fatalf("DialContext(%s %s) = %v, want ErrBlocked", tt.network, tt.addr, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("DialContext(%s %s) = %v, want a connection", tt.network, tt.addr, err)
			}
		})
	}
}

func TestDialerKeepsBaseSettings(t *testing.T) {
	port := listen(t)
	tests := []struct {
		name string
		base func(called *[]string) *net.Dialer
	}{
		{"Control", func(called *[]string) *net.Dialer {
			return &net.Dialer{Timeout: 3 * time.Second, Control: func(network, address string, c syscall.RawConn) error {
				*called = append(*called, "control")
				return nil
			}}
		}},
		{"ControlContext", func(called *[]string) *net.Dialer {
			return &net.Dialer{Timeout: 3 * time.Second, ControlContext: func(ctx context.Context, network, address string, c syscall.RawConn) error {
				*called = append(*called, "control-context")
				return nil
			}}
		}},
	}
	allow := Policy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var called []string
			base := tt.base(&called)
			d := allow.Dialer(base)
			if d == base {
				t.Fatal("Dialer returned base itself; it must not modify the caller's dialer")
			}
			if d.Timeout != base.Timeout {
				t.Errorf("Timeout = %v, want %v", d.Timeout, base.Timeout)
			}
			conn, err := d.DialContext(context.Background(), "tcp", "127.0.0.1:"+port)
			if err != nil {
				t.Fatalf("dial: %v", err)
			}
			conn.Close()
			if len(called) != 1 {
				t.Fatalf("base control ran %d times, want 1", len(called))
			}
			// A blocked address never reaches the base control.
			called = nil
			if _, err := d.DialContext(context.Background(), "tcp", "127.0.0.2:"+port); !errors.Is(err, ErrBlocked) {
				t.Fatalf("dial 127.0.0.2 = %v, want ErrBlocked", err)
			}
			if len(called) != 0 {
				t.Errorf("base control ran for a blocked address")
			}
		})
	}
}

func TestDialerNilBase(t *testing.T) {
	port := listen(t)
	_, err := Policy{}.Dialer(nil).DialContext(context.Background(), "tcp", "127.0.0.1:"+port)
	if !errors.Is(err, ErrBlocked) {
		t.Fatalf("dial = %v, want ErrBlocked", err)
	}
	if !strings.Contains(err.Error(), reasonLoopback) {
		t.Errorf("error %q does not say why", err)
	}
}

func TestDialHonoursContext(t *testing.T) {
	port := listen(t)
	allow := Policy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}
	// stall stands for a connect that never completes: it holds the dial
	// inside the guarded control function until the context ends.
	stall := &net.Dialer{ControlContext: func(ctx context.Context, network, address string, c syscall.RawConn) error {
		<-ctx.Done()
		return ctx.Err()
	}}
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		dial func(ctx context.Context) (net.Conn, error)
		want error
	}{
		{"cancelled before dial", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, func(ctx context.Context) (net.Conn, error) {
			return allow.DialContext(ctx, "tcp", "127.0.0.1:"+port)
		}, context.Canceled},
		{"deadline during dial", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 50*time.Millisecond)
		}, func(ctx context.Context) (net.Conn, error) {
			return allow.Dialer(stall).DialContext(ctx, "tcp", "127.0.0.1:"+port)
		}, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			conn, err := tt.dial(ctx)
			if conn != nil {
				conn.Close()
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("dial = %v, want %v", err, tt.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("dial returned %v after its context ended", d)
			}
		})
	}
}
