package signing

import (
	"bytes"
	"errors"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

var querySeeds = []string{
	"", "a=1", "b=2&a=1", "a=1&b=2", "a=1%26b%3D2", "q=a+b", "q=a%20b", "q=%7e", "q=~",
	"q=caf%C3%A9", "q=café", "flag", "a=&b", "=", "=x", "&&", "a=b=c", "%", "q=%zz", "a=%FF%00",
	"x=1&x=2&x=1", "%F0%9F%93%88=%2B",
}

// FuzzCanonicalQuery: never panics; canonical output is a fixed point
// (canonicalising it again gives itself) and ignores the order of pairs.
func FuzzCanonicalQuery(f *testing.F) {
	for _, s := range querySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := CanonicalQuery(raw)
		if err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("error %v does not wrap ErrEncoding", err)
			}
			return
		}
		again, err := CanonicalQuery(c)
		if err != nil || again != c {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", raw, c, again, err)
		}
		for i := 0; i < len(c); i++ {
			if ch := c[i]; !unreserved(ch) && ch != '%' && ch != '=' && ch != '&' {
				t.Fatalf("%q -> %q holds byte %q", raw, c, ch)
			}
		}
		pieces := strings.Split(raw, "&")
		h := fnv.New64a()
		h.Write([]byte(raw))
		rng := rand.New(rand.NewPCG(h.Sum64(), 1))
		rng.Shuffle(len(pieces), func(i, j int) { pieces[i], pieces[j] = pieces[j], pieces[i] })
		shuffled := strings.Join(pieces, "&")
		if s, err := CanonicalQuery(shuffled); err != nil || s != c {
			t.Fatalf("order-sensitive: %q -> %q, shuffled %q -> %q (%v)", raw, c, shuffled, s, err)
		}
	})
}

// FuzzCanonical: never panics; the canonical string splits back into its
// fields (no field can smuggle a newline), and what Sign signs Verify
// accepts.
func FuzzCanonical(f *testing.F) {
	f.Add("GET", "/api/v1/charts", "b=2&a=1", int64(1700000000), []byte(nil))
	f.Add("post", "", "", int64(0), []byte("{\"a\":1}\n"))
	f.Add("GET\n", "/a\nb", "a=%", int64(-1), []byte("\x00"))
	f.Fuzz(func(t *testing.T, method, path, query string, ts int64, body []byte) {
		c, err := Canonical(method, path, query, ts, body)
		if err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("error %v does not wrap ErrEncoding", err)
			}
			return
		}
		f := bytes.SplitN(c, []byte("\n"), 6)
		if len(f) != 6 {
			t.Fatalf("%q: %d fields", c, len(f))
		}
		cq, _ := CanonicalQuery(query)
		wantPath := path
		if wantPath == "" {
			wantPath = "/"
		}
		if string(f[0]) != Version || string(f[1]) != strings.ToUpper(method) || string(f[2]) != wantPath ||
			string(f[3]) != cq || string(f[4]) != strconv.FormatInt(ts, 10) || !bytes.Equal(f[5], body) {
			t.Fatalf("fields do not round-trip: %q", c)
		}
		v := Verifier{MaxBody: 1 << 30, Now: func() time.Time { return time.Unix(ts, 0) }}
		sig := Sign("secret", c)
		if ts > -1<<62 && ts < 1<<62 {
			if err := v.Verify(method, path, query, strconv.FormatInt(ts, 10), sig, body, "secret"); err != nil {
				t.Fatalf("own signature refused: %v", err)
			}
		}
	})
}

// FuzzVerify: arbitrary headers never panic and never verify without the
// right MAC.
func FuzzVerify(f *testing.F) {
	f.Add("1700000000", "v1=00,zz", "a=1")
	f.Add("-9223372036854775808", "", "")
	f.Add("9223372036854775807", strings.Repeat(",", 100), "%")
	f.Fuzz(func(t *testing.T, ts, sig, query string) {
		v := Verifier{Now: func() time.Time { return testNow }}
		if err := v.Verify("GET", "/x", query, ts, sig, nil, testSecret); err == nil {
			t.Fatalf("forged headers verified: ts %q sig %q", ts, sig)
		}
	})
}
