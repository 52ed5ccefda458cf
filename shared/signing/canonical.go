package signing

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Version is the first line of the canonical string. A later scheme gets a
// new version line, so a v1 signature can never verify as another version.
const Version = "GOBI1"

// ErrEncoding reports a query, method or path that cannot be canonicalised
// (invalid percent-encoding, a control character): such a request cannot
// carry a valid signature.
var ErrEncoding = errors.New("signing: malformed request")

// CanonicalQuery returns the canonical form of a raw query string (the part
// of the URL after "?"): pairs percent-decoded, re-encoded with RFC 3986
// rules, sorted by key then value, joined with "&". See the package
// documentation for the exact rules. It fails with ErrEncoding on invalid
// percent-encoding.
func CanonicalQuery(rawQuery string) (string, error) {
	if rawQuery == "" {
		return "", nil
	}
	type pair struct{ k, v string }
	pairs := make([]pair, 0, strings.Count(rawQuery, "&")+1)
	for piece := range strings.SplitSeq(rawQuery, "&") {
		if piece == "" {
			continue
		}
		k, v, _ := strings.Cut(piece, "=")
		ek, err := reencode(k)
		if err != nil {
			return "", err
		}
		ev, err := reencode(v)
		if err != nil {
			return "", err
		}
		pairs = append(pairs, pair{ek, ev})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	var b strings.Builder
	b.Grow(len(rawQuery) + len(rawQuery)/2)
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
	return b.String(), nil
}

// reencode percent-decodes s ("+" is a space) and encodes the result with
// RFC 3986 rules in one pass.
func reencode(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '+':
			c = ' '
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", fmt.Errorf("%w: invalid percent-encoding in query at %q", ErrEncoding, clip(s[i:]))
			}
			c = unhex(s[i+1])<<4 | unhex(s[i+2])
			i += 2
		}
		if unreserved(c) {
			b.WriteByte(c)
		} else {
			const hexUpper = "0123456789ABCDEF"
			b.WriteByte('%')
			b.WriteByte(hexUpper[c>>4])
			b.WriteByte(hexUpper[c&15])
		}
	}
	return b.String(), nil
}

// Canonical returns the canonical string that is signed: "GOBI1", method
// (upper-cased), path ("/" when empty), canonical query, timestamp and body,
// joined by "\n". It fails with ErrEncoding when the method is not an HTTP
// token, the path holds anything but visible ASCII, or the query is
// malformed: fields must not contain "\n", so the string stays unambiguous.
func Canonical(method, path, rawQuery string, ts int64, body []byte) ([]byte, error) {
	if !isToken(method) {
		return nil, fmt.Errorf("%w: method %q is not an HTTP token", ErrEncoding, clip(method))
	}
	if path == "" {
		path = "/"
	}
	for i := 0; i < len(path); i++ {
		if path[i] <= ' ' || path[i] >= 0x7f {
			return nil, fmt.Errorf("%w: path holds byte 0x%02x; send it percent-encoded", ErrEncoding, path[i])
		}
	}
	q, err := CanonicalQuery(rawQuery)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(Version)+len(method)+len(path)+len(q)+len(body)+25)
	out = append(out, Version...)
	out = append(out, '\n')
	out = append(out, strings.ToUpper(method)...)
	out = append(out, '\n')
	out = append(out, path...)
	out = append(out, '\n')
	out = append(out, q...)
	out = append(out, '\n')
	out = strconv.AppendInt(out, ts, 10)
	out = append(out, '\n')
	out = append(out, body...)
	return out, nil
}

// unreserved reports whether c stays as is under RFC 3986.
func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// isToken reports whether s is an RFC 9110 token, as HTTP methods are.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+^`|", rune(c)) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// clip shortens s for an error message, so a huge input does not make a
// huge error.
func clip(s string) string {
	const max = 16
	if len(s) > max {
		return s[:max] + "…"
	}
	return s
}
