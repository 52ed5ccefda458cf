package signing

import (
	"errors"
	"testing"
)

func TestCanonicalQuery(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"empty", "", ""},
		{"one pair", "a=1", "a=1"},
		{"sorted by key", "b=2&a=1&c=3", "a=1&b=2&c=3"},
		{"repeated key sorted by value", "a=2&a=1&a=10", "a=1&a=10&a=2"},
		{"repeated identical pairs kept", "a=1&a=1", "a=1&a=1"},
		{"key without =", "flag&a=1", "a=1&flag="},
		{"empty value", "a=&b=", "a=&b="},
		{"empty key", "=x", "=x"},
		{"lone =", "=", "="},
		{"empty pieces dropped", "&a=1&&b=2&", "a=1&b=2"},
		{"only separators", "&&&", ""},
		{"split on first =", "a=b=c", "a=b%3Dc"},
		{"plus is space", "q=a+b", "q=a%20b"},
		{"%20 is space", "q=a%20b", "q=a%20b"},
		{"lower-case hex upper-cased", "q=%2f%2F", "q=%2F%2F"},
		{"tilde decoded", "q=%7e", "q=~"},
		{"tilde kept", "q=~", "q=~"},
		{"unreserved decoded", "%61=%41%2D%2E%5F", "a=A-._"},
		{"reserved encoded", "q=a/b?c:d@e!$'()*,;", "q=a%2Fb%3Fc%3Ad%40e%21%24%27%28%29%2A%2C%3B"},
		{"encoded & and = stay in the value", "a=1%26b%3D2", "a=1%26b%3D2"},
		{"literal plus", "q=1%2B1", "q=1%2B1"},
		{"raw UTF-8", "q=café", "q=caf%C3%A9"},
		{"encoded UTF-8", "q=caf%C3%A9", "q=caf%C3%A9"},
		{"emoji key", "%F0%9F%93%88=1", "%F0%9F%93%88=1"},
		{"invalid UTF-8 bytes kept", "q=%FF%00", "q=%FF%00"},
		{"sort by encoded key", "b=1&B=1&_=1&~=1&%2D=1", "-=1&B=1&_=1&b=1&~=1"},
		{"key sorted before value", "ab=1&a=2", "a=2&ab=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanonicalQuery(tt.raw)
			if err != nil {
				t.Fatalf("CanonicalQuery(%q): %v", tt.raw, err)
			}
			if got != tt.want {
				t.Errorf("CanonicalQuery(%q) = %q, want %q", tt.raw, got, tt.want)
			}
			again, err := CanonicalQuery(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: %q -> %q (%v)", got, again, err)
			}
		})
	}
}

// TestCanonicalQueryDistinct checks that queries with different meanings
// never share a canonical form: the ambiguity of the reference scheme.
func TestCanonicalQueryDistinct(t *testing.T) {
	pairs := [][2]string{
		{"a=1&b=2", "a=1%26b%3D2"},
		{"a=1&b=2", "a=1&b=3"},
		{"a=1", "a=1&a=1"},
		{"a=1&a=2", "a=1"},
		{"a=1", "b=1"},
		{"a=1", "A=1"},
		{"a=+", "a=%2B"},
		{"a=", "a=%20"},
		{"a", "a%3D"},
		{"a=b=c", "a=b&c"},
		{"q=%7E", "q=%257E"},
	}
	for _, p := range pairs {
		a, errA := CanonicalQuery(p[0])
		b, errB := CanonicalQuery(p[1])
		if errA != nil || errB != nil {
			t.Fatalf("%q, %q: %v, %v", p[0], p[1], errA, errB)
		}
		if a == b {
			t.Errorf("%q and %q both canonicalise to %q", p[0], p[1], a)
		}
	}
}

func TestCanonicalQuerySame(t *testing.T) {
	pairs := [][2]string{
		{"q=a+b", "q=a%20b"},
		{"q=%7e", "q=~"},
		{"q=%7E", "q=~"},
		{"b=2&a=1", "a=1&b=2"},
		{"a", "a="},
		{"q=%c3%a9", "q=é"},
		{"a=1&", "a=1"},
	}
	for _, p := range pairs {
		a, errA := CanonicalQuery(p[0])
		b, errB := CanonicalQuery(p[1])
		if errA != nil || errB != nil || a != b {
			t.Errorf("%q -> %q (%v), %q -> %q (%v): want equal", p[0], a, errA, p[1], b, errB)
		}
	}
}

func TestCanonicalQueryInvalid(t *testing.T) {
	for _, raw := range []string{"q=%", "q=%4", "q=%G1", "q=%1G", "%zz=1", "a=1&b=%%", "q=100%"} {
		if got, err := CanonicalQuery(raw); !errors.Is(err, ErrEncoding) {
			t.Errorf("CanonicalQuery(%q) = %q, %v; want ErrEncoding", raw, got, err)
		}
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct {
		name                string
		method, path, query string
		ts                  int64
		body                string
		want                string
		wantErr             bool
	}{
		{name: "get", method: "GET", path: "/api/v1/charts", query: "b=2&a=1", ts: 1700000000,
			want: "GOBI1\nGET\n/api/v1/charts\na=1&b=2\n1700000000\n"},
		{name: "post body", method: "post", path: "/api/v1/queries/7/run", ts: 1700000000, body: "{\"limit\":10}\n",
			want: "GOBI1\nPOST\n/api/v1/queries/7/run\n\n1700000000\n{\"limit\":10}\n"},
		{name: "empty path is /", method: "GET", ts: 1, want: "GOBI1\nGET\n/\n\n1\n"},
		{name: "path kept encoded", method: "DELETE", path: "/a%2Fb/%7E", ts: 5, want: "GOBI1\nDELETE\n/a%2Fb/%7E\n\n5\n"},
		{name: "negative ts", method: "GET", path: "/", ts: -1, want: "GOBI1\nGET\n/\n\n-1\n"},
		{name: "newline in method", method: "GET\n/x", path: "/", wantErr: true},
		{name: "empty method", method: "", path: "/", wantErr: true},
		{name: "space in method", method: "GE T", path: "/", wantErr: true},
		{name: "newline in path", method: "GET", path: "/a\nb", wantErr: true},
		{name: "space in path", method: "GET", path: "/a b", wantErr: true},
		{name: "non-ASCII path", method: "GET", path: "/café", wantErr: true},
		{name: "bad query", method: "GET", path: "/", query: "a=%", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonical(tt.method, tt.path, tt.query, tt.ts, []byte(tt.body))
			if tt.wantErr {
				if !errors.Is(err, ErrEncoding) {
					t.Fatalf("got %q, %v; want ErrEncoding", got, err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
