package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// seen is what the fake server received.
type seen struct {
	method, path, auth, accept string
	query                      url.Values
	body                       map[string]any
}

// fake serves status and body to every request, noting it in got.
func fake(t *testing.T, status int, body string, got *seen) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*got = seen{method: r.Method, path: r.URL.Path, auth: r.Header.Get("Authorization"), accept: r.Header.Get("Accept"), query: r.URL.Query()}
		_ = json.NewDecoder(r.Body).Decode(&got.body)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestClientAuthorization(t *testing.T) {
	for _, tc := range []struct {
		opt  Option
		want string
	}{
		{WithToken("jwt"), "Bearer jwt"},
		{WithAPIKey("gobi_k"), "ApiKey gobi_k"},
		{WithEmbedToken("emb"), "Embed emb"},
		{func(*Client) {}, ""},
	} {
		var got seen
		c, err := New(fake(t, 200, `{}`, &got), tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Me(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got.auth != tc.want || got.path != "/api/auth/me" {
			t.Errorf("Authorization %q on %s, want %q", got.auth, got.path, tc.want)
		}
	}
}

// TestClientRequests checks what a few methods put on the wire.
func TestClientRequests(t *testing.T) {
	ctx := context.Background()
	yes := true
	from := time.Date(2025, 3, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	for _, tc := range []struct {
		name   string
		call   func(c *Client) error
		method string
		path   string
		query  string
		body   map[string]any
	}{
		{"login sends credentials", func(c *Client) error { _, err := c.Login(ctx, "ann", "pw"); return err },
			"POST", "/api/auth/login", "", map[string]any{"username": "ann", "password": "pw"}},
		{"audit filter", func(c *Client) error {
			_, err := c.AuditEntries(ctx, AuditFilter{KeyID: 3, Method: "GET", Status: 403, Path: "/api/q", Reason: "forbidden",
				Refused: &yes, From: from, BeforeID: 9, Limit: 5})
			return err
		}, "GET", "/api/audit", "before_id=9&from=2025-03-01T11%3A00%3A00Z&key_id=3&limit=5&method=GET&path=%2Fapi%2Fq&reason=forbidden&refused=true&status=403", nil},
		{"empty audit filter", func(c *Client) error { _, err := c.AuditEntries(ctx, AuditFilter{}); return err },
			"GET", "/api/audit", "", nil},
		{"chart data options", func(c *Client) error {
			_, err := c.ChartDataWith(ctx, 4, DataOptions{Params: map[string]any{"r": "N"}, Dashboard: true, MaxPoints: 10})
			return err
		}, "GET", "/api/charts/4/data", "dashboard=true&max_points=10&params=%7B%22r%22%3A%22N%22%7D", nil},
		{"embed data drops dashboard", func(c *Client) error {
			_, err := c.EmbedChartData(ctx, 4, DataOptions{Dashboard: true, MaxPoints: 10})
			return err
		}, "GET", "/api/embed/charts/4/data", "max_points=10", nil},
		{"executions limit", func(c *Client) error { _, err := c.Executions(ctx, 2, 7); return err },
			"GET", "/api/queries/2/executions", "limit=7", nil},
		{"queries of a source", func(c *Client) error { _, err := c.DatasourceQueries(ctx, 5); return err },
			"GET", "/api/queries", "datasource_id=5", nil},
		{"update user", func(c *Client) error {
			r := api.RoleAdmin
			_, err := c.UpdateUser(ctx, 8, api.UserUpdate{Role: &r})
			return err
		}, "PUT", "/api/users/8", "", map[string]any{"role": "admin"}},
		{"render", func(c *Client) error {
			_, err := c.RenderChart(ctx, 1, PNG, RenderOptions{Width: 10, Height: 20, Scale: 1.5, Theme: "dark"})
			return err
		}, "GET", "/api/charts/1/render.png", "height=20&scale=1.5&theme=dark&width=10", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got seen
			c, _ := New(fake(t, 200, `null`, &got))
			if err := tc.call(c); err != nil {
				t.Fatal(err)
			}
			if got.method != tc.method || got.path != tc.path || got.query.Encode() != tc.query {
				t.Errorf("sent %s %s?%s, want %s %s?%s", got.method, got.path, got.query.Encode(), tc.method, tc.path, tc.query)
			}
			if b, w := mustJSON(got.body), mustJSON(tc.body); b != w {
				t.Errorf("body %s, want %s", b, w)
			}
		})
	}
}

func mustJSON(v map[string]any) string {
	if len(v) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func TestClientErrors(t *testing.T) {
	ctx := context.Background()
	var got seen
	c, _ := New(fake(t, 404, `{"code":404,"error":"not_found","message":"no such chart"}`, &got))
	_, err := c.RenderChart(ctx, 9, SVG, RenderOptions{})
	if !IsStatus(err, 404) || err.Error() != "gobi: 404 not_found: no such chart" {
		t.Errorf("render of a missing chart: %v", err)
	}
	if got.accept != "image/svg+xml, application/json" {
		t.Errorf("render asked for %q", got.accept)
	}
	if _, err := c.RenderChart(ctx, 9, "gif", RenderOptions{}); err == nil || IsStatus(err, 404) {
		t.Errorf("gif: %v", err)
	}
	c, _ = New(fake(t, 204, ``, &got))
	if err := c.DeleteChart(ctx, 3); err != nil || got.method != "DELETE" || got.path != "/api/charts/3" {
		t.Errorf("delete: %v, sent %s %s", err, got.method, got.path)
	}
	if _, err := New("ftp://x"); err == nil {
		t.Error("ftp base URL accepted")
	}
}

func TestClientRetryWait(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c := &Client{MaxRetryWait: 10 * time.Second, now: func() time.Time { return now }}
	for _, tc := range []struct {
		header  string
		attempt int
		want    time.Duration
	}{
		{"2", 0, 2 * time.Second},
		{"", 0, 500 * time.Millisecond},
		{"", 2, 2 * time.Second},
		{"99", 0, 10 * time.Second},
		{now.Add(3 * time.Second).Format(http.TimeFormat), 0, 3 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, 0},
	} {
		if got := c.retryWait(tc.header, tc.attempt); got != tc.want {
			t.Errorf("Retry-After %q, attempt %d: %v, want %v", tc.header, tc.attempt, got, tc.want)
		}
	}
}
