package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/netguard"
)

// fakeResolver answers names from a table, so no test asks DNS.
type fakeResolver map[string][]netip.Addr

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := f[host]; ok {
		return a, nil
	}
	return nil, fmt.Errorf("no such host %q", host)
}

var names = fakeResolver{
	"rebind.example": {netip.MustParseAddr("127.0.0.1")},
	"meta.example":   {netip.MustParseAddr("169.254.169.254")},
	"public.example": {netip.MustParseAddr("93.184.216.34")},
	"mixed.example":  {netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("10.1.2.3")},
}

// TestCheckURLRefusals: every forbidden target is refused when saved,
// with no allow-list; public https targets pass.
func TestCheckURLRefusals(t *testing.T) {
	g := Guard{Policy: netguard.Policy{Resolver: names}, MaxURL: 2048}
	for _, tc := range []struct {
		url  string
		want string // "" accepts
	}{
		{"https://93.184.216.34/hook", ""},
		{"https://public.example/hook", ""},
		{"http://public.example/hook", "must be https"},
		{"http://93.184.216.34/hook", "must be https"},
		{"https://127.0.0.1/", "loopback"},
		{"https://127.0.0.1:8080/", "loopback"},
		{"https://localhost/", "loopback"},
		{"https://app.localhost/", "loopback"},
		{"https://0.0.0.0/", "not allowed"},
		{"https://[::1]/", "not allowed"},
		{"https://[::ffff:127.0.0.1]/", "not allowed"},
		{"https://[::ffff:7f00:1]/", "not allowed"},
		{"https://2130706433/", "numeric host"},
		{"https://0x7f000001/", "numeric host"},
		{"https://0177.0.0.1/", "numeric host"},
		{"https://127.1/", "numeric host"},
		{"https://169.254.169.254/latest/meta-data/", "not allowed"},
		{"https://meta.example/", "169.254.169.254"},
		{"https://rebind.example/", "127.0.0.1"},
		{"https://mixed.example/", "10.1.2.3"},
		{"https://10.0.0.1/", "not allowed"},
		{"https://172.16.0.1/", "not allowed"},
		{"https://192.168.1.1/", "not allowed"},
		{"https://100.64.0.1/", "not allowed"},
		{"https://[fe80::1]/", "not allowed"},
		{"https://[fd00::1]/", "not allowed"},
		{"https://[64:ff9b::7f00:1]/", "not allowed"},
		{"https://[::]/", "not allowed"},
		{"https://[::ffff:169.254.169.254]/", "not allowed"},
		{"https://[::ffff:a9fe:a9fe]/", "not allowed"},
		{"https://[::127.0.0.1]/", "not allowed"},
		{"https://[2002:7f00:1::1]/", "not allowed"},
		{"https://[fe80::1%25eth0]/", "not allowed"},
		{"https://0/", "numeric host"},
		{"https://127.0.0.1./", "numeric host"},
		{"https://LOCALHOST/", "loopback"},
		{"https://0x7f.0.0.1/", "numeric host"},
		{"https://user:pw@public.example/", "user name or password"},
		{"ftp://public.example/", "https://"},
		{"file:///etc/passwd", "https://"},
		{"https:///nohost", "no host"},
		{"", "required"},
		{"https://public.example/" + strings.Repeat("a", 2048), "longer than"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			err := g.CheckURL(context.Background(), tc.url)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && err == nil:
				t.Fatalf("accepted, want a refusal mentioning %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Fatalf("refusal %q does not mention %q", err, tc.want)
			}
		})
	}
}

// TestCheckURLAllowList: with 127.0.0.0/8 allowed, loopback receivers
// are accepted over plain http; other private ranges still are not.
func TestCheckURLAllowList(t *testing.T) {
	p, err := netguard.ParsePolicy([]string{"127.0.0.0/8"})
	if err != nil {
		t.Fatal(err)
	}
	p.Resolver = names
	g := Guard{Policy: p}
	for url, ok := range map[string]bool{
		"http://127.0.0.1:9/hook": true, "https://127.0.0.1:9/hook": true, "http://localhost:9/": true,
		"http://rebind.example/": true, "http://10.0.0.1/": false, "http://[::1]:9/": false,
		"https://192.168.0.1/": false,
	} {
		if err := g.CheckURL(context.Background(), url); (err == nil) != ok {
			t.Errorf("%s: %v, want ok=%v", url, err, ok)
		}
	}
}

// countingListener is a loopback listener that counts the connections
// it accepts and answers each with 200.
func countingListener(t *testing.T, addr string) (string, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	var n atomic.Int64
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}),
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				n.Add(1)
			}
		}}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String(), &n
}

// TestDialRefusedWithoutAllowList: without an allow-list, a loopback
// listener sees zero connections however the delivery client is pointed
// at it (saved checks skipped: this is the dial-time check); with the
// allow-list the same request arrives.
func TestDialRefusedWithoutAllowList(t *testing.T) {
	addr, conns := countingListener(t, "127.0.0.1:0")
	_, port, _ := net.SplitHostPort(addr)
	guarded := Guard{}.Client(2 * time.Second)
	for _, url := range []string{
		"http://" + addr + "/", "https://" + addr + "/", "http://localhost:" + port + "/",
		"https://localhost:" + port + "/", "http://[::ffff:127.0.0.1]:" + port + "/",
	} {
		res, err := guarded.Post(url, "application/json", strings.NewReader("{}"))
		if err == nil {
			res.Body.Close()
			t.Fatalf("%s: delivered (%d)", url, res.StatusCode)
		}
		if !errors.Is(err, netguard.ErrBlocked) && !errors.Is(err, ErrPlainHTTP) {
			t.Fatalf("%s: %v, want a refusal", url, err)
		}
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("the listener saw %d connections", n)
	}
	p, _ := netguard.ParsePolicy([]string{"127.0.0.0/8"})
	res, err := Guard{Policy: p}.Client(2*time.Second).Post("http://"+addr+"/", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if n := conns.Load(); n != 1 {
		t.Fatalf("with the allow-list: %d connections, want 1", n)
	}
}

// TestRedirectNotFollowed: a receiver's redirect is the answer (a
// failure); its target, even an allowed one, sees no connection.
func TestRedirectNotFollowed(t *testing.T) {
	target, conns := countingListener(t, "127.0.0.2:0")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+target+"/", http.StatusTemporaryRedirect)
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	p, _ := netguard.ParsePolicy([]string{"127.0.0.0/8"})
	res, err := Guard{Policy: p}.Client(2*time.Second).Post("http://"+ln.Addr().String()+"/", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTemporaryRedirect || conns.Load() != 0 {
		t.Fatalf("status %d, the redirect target saw %d connections", res.StatusCode, conns.Load())
	}
}

// TestHugeResponseHeadersRefused: a receiver answering with megabytes of
// headers fails the attempt instead of being read into memory.
func TestHugeResponseHeadersRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 4<<10)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := range 64 { // 256 KiB of headers
			w.Header().Set(fmt.Sprintf("X-Big-%d", i), big)
		}
		w.WriteHeader(http.StatusOK)
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	p, _ := netguard.ParsePolicy([]string{"127.0.0.0/8"})
	res, err := Guard{Policy: p}.Client(2*time.Second).Post("http://"+ln.Addr().String()+"/", "application/json", strings.NewReader("{}"))
	if err == nil {
		res.Body.Close()
		t.Fatalf("an answer with 256 KiB of headers was read (%d)", res.StatusCode)
	}
	if !strings.Contains(err.Error(), "header") {
		t.Fatalf("error %v, want one about the headers' size", err)
	}
}
