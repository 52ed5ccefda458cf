// Package client is Gobi's Go SDK: one typed method for every operation of
// the REST API (the route table in server/route, documented at
// /api/openapi.json), sending and decoding only the wire types of
// shared/api, shared/chart and shared/dashboard. Calls are authenticated by
// a session token, an API key, signed requests (shared/signing) or an
// embed token, with retries on 429 that honour Retry-After.
//
// It imports nothing from the server and compiles for WebAssembly too
// (net/http uses the browser's fetch there). server/app's TestSDK calls
// every operation through it, and fails when one is added without a
// method here.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/signing"
)

// Client talks to one Gobi server. The zero value is not usable; use New.
type Client struct {
	base *url.URL
	http *http.Client
	auth authenticator
	// MaxRetries bounds retries after 429 (default 3).
	MaxRetries int
	// MaxRetryWait caps one wait on Retry-After (default 30 s).
	MaxRetryWait time.Duration
	now          func() time.Time
}

type authenticator func(r *http.Request, body []byte, now time.Time) error

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (default: one with a 60 s timeout).
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithToken authenticates with a session JWT from Login.
func WithToken(token string) Option {
	return func(c *Client) {
		c.auth = func(r *http.Request, _ []byte, _ time.Time) error {
			r.Header.Set("Authorization", "Bearer "+token)
			return nil
		}
	}
}

// WithAPIKey authenticates with an API key ("gobi_…").
func WithAPIKey(key string) Option {
	return func(c *Client) {
		c.auth = func(r *http.Request, _ []byte, _ time.Time) error {
			r.Header.Set("Authorization", "ApiKey "+key)
			return nil
		}
	}
}

// WithEmbedToken authenticates with an embed link's token, for EmbedView
// and EmbedChartData: the only operations such a token opens.
func WithEmbedToken(token string) Option {
	return func(c *Client) {
		c.auth = func(r *http.Request, _ []byte, _ time.Time) error {
			r.Header.Set("Authorization", "Embed "+token)
			return nil
		}
	}
}

// WithSigning signs every request with an access key and its secret
// (X-API-KEY, X-TIMESTAMP, X-SIGNATURE). Each retry is signed afresh.
func WithSigning(accessKey, secret string) Option {
	return func(c *Client) {
		c.auth = func(r *http.Request, _ []byte, now time.Time) error {
			return signing.SignRequest(r, accessKey, secret, now)
		}
	}
}

// New returns a client for the server at baseURL (e.g. http://localhost:8080).
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("client: base URL must be http(s)://host[:port], not %q", baseURL)
	}
	c := &Client{base: u, http: &http.Client{Timeout: 60 * time.Second}, MaxRetries: 3, MaxRetryWait: 30 * time.Second, now: time.Now}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Error is a non-2xx response, carrying the server's JSON error.
type Error struct {
	Status int
	Body   api.Error
}

func (e *Error) Error() string {
	if e.Body.Message != "" {
		return fmt.Sprintf("gobi: %d %s: %s", e.Status, e.Body.Error, e.Body.Message)
	}
	return fmt.Sprintf("gobi: HTTP %d", e.Status)
}

// IsStatus reports whether err is an *Error with the given status.
func IsStatus(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == status
}

// Do sends one request and decodes a JSON response into out (when not
// nil). in is encoded as JSON when not nil. query may be nil.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	raw, _, err := c.send(ctx, method, path, query, in, "application/json")
	if err != nil {
		return err
	}
	if out == nil || len(raw) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("gobi: decode %s %s: %w", method, path, err)
	}
	return nil
}

// send performs the request with retries on 429 and returns the body and
// content type of a 2xx response; accept is the media type asked for.
func (c *Client) send(ctx context.Context, method, path string, query url.Values, in any, accept string) ([]byte, string, error) {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return nil, "", fmt.Errorf("gobi: encode request: %w", err)
		}
	}
	u := *c.base
	u.Path = c.base.Path + path
	u.RawQuery = query.Encode()
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
		if err != nil {
			return nil, "", fmt.Errorf("gobi: %w", err)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Accept", accept)
		if c.auth != nil {
			if err := c.auth(req, body, c.now()); err != nil {
				return nil, "", fmt.Errorf("gobi: authenticate request: %w", err)
			}
		}
		res, err := c.http.Do(req)
		if err != nil {
			return nil, "", fmt.Errorf("gobi: %s %s: %w", method, path, err)
		}
		raw, err := io.ReadAll(io.LimitReader(res.Body, 256<<20))
		res.Body.Close()
		if err != nil {
			return nil, "", fmt.Errorf("gobi: read response: %w", err)
		}
		if res.StatusCode == http.StatusTooManyRequests && attempt < c.MaxRetries {
			if err := sleep(ctx, c.retryWait(res.Header.Get("Retry-After"), attempt)); err != nil {
				return nil, "", err
			}
			continue
		}
		if res.StatusCode < 200 || res.StatusCode > 299 {
			e := &Error{Status: res.StatusCode}
			_ = json.Unmarshal(raw, &e.Body)
			return nil, "", e
		}
		return raw, res.Header.Get("Content-Type"), nil
	}
}

// retryWait reads Retry-After (seconds or an HTTP date), falling back to
// exponential backoff, capped at MaxRetryWait.
func (c *Client) retryWait(h string, attempt int) time.Duration {
	d := time.Duration(1<<attempt) * 500 * time.Millisecond
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(h); err == nil {
		d = t.Sub(c.now())
	}
	if d < 0 {
		d = 0
	}
	if d > c.MaxRetryWait {
		d = c.MaxRetryWait
	}
	return d
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
