package app

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/dashboard"
)

// doAuth sends a GET with the Authorization header given verbatim.
func (ta *testApp) doAuth(path, authorization string) response {
	ta.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	res, err := ta.app.HTTP().Test(req, -1)
	if err != nil {
		ta.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Body: b, Header: res.Header}
}

func (ta *testApp) embedLink(token string, in api.EmbedInput) api.EmbedCreated {
	ta.t.Helper()
	var l api.EmbedCreated
	want(ta.t, ta.do("POST", "/api/embed", token, in), 201).JSON(ta.t, &l)
	if l.Token == "" || l.URL != "/embed/"+l.Token || l.ID == 0 {
		ta.t.Fatalf("created %+v", l)
	}
	return l
}

// framable checks an embed page's headers: framing allowed for origins
// only, never cached.
func framable(t *testing.T, r response, origins string) {
	t.Helper()
	if csp := r.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; frame-ancestors "+origins) || !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP %q, want frame-ancestors %s", csp, origins)
	}
	if xfo := r.Header.Get("X-Frame-Options"); xfo != "" {
		t.Errorf("X-Frame-Options %q on an embed page", xfo)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q", ct)
	}
}

// notFramable checks the headers every other page keeps.
func notFramable(t *testing.T, r response) {
	t.Helper()
	if xfo := r.Header.Get("X-Frame-Options"); xfo != "DENY" {
		t.Errorf("X-Frame-Options %q, want DENY", xfo)
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q, want frame-ancestors 'none'", csp)
	}
}

// tamperPart changes one character of the token's part (0 header, 1 claims,
// 2 signature), keeping it well-formed base64url.
func tamperPart(token string, part int) string {
	parts := strings.Split(token, ".")
	p := []byte(parts[part])
	i := len(p) / 2
	if p[i] == 'A' {
		p[i] = 'B'
	} else {
		p[i] = 'A'
	}
	parts[part] = string(p)
	return strings.Join(parts, ".")
}

// reclaim swaps the claims of token for claims, keeping its signature.
func reclaim(token, claims string) string {
	parts := strings.Split(token, ".")
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(claims))
	return strings.Join(parts, ".")
}

const embedOrigins = "'self' https://intranet.example.com"

func TestEmbed(t *testing.T) {
	mod := func(c *config.Config) { c.Embed.Origins = strings.Fields(embedOrigins) }
	each(t, mod, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		alice, _ := ta.newUser(admin, "alice")
		bob, _ := ta.newUser(admin, "bob")
		fa := newFixture(t, ta, alice, 3) // charts 0 and 1 on the dashboard, 2 off it
		fb := newFixture(t, ta, bob, 1)
		var d api.Dashboard
		want(t, ta.do("POST", "/api/dashboards", alice, api.DashboardInput{Title: "Regions",
			Tiles:  []api.Tile{{ChartID: fa.charts[0], W: 6, H: 4}, {ChartID: fa.charts[1], X: 6, W: 6, H: 4}},
			Params: []api.ParamDef{{Name: "skip", Type: api.ParamString, Default: "Europe"}, {Name: "colour", Type: api.ParamString, Default: "red"}},
		}), 201).JSON(t, &d)

		chartLink := ta.embedLink(alice, api.EmbedInput{Kind: api.EmbedChart, ID: fa.charts[0]})
		if wantExp := time.Now().Add(7 * 24 * time.Hour); chartLink.ExpiresAt.Sub(wantExp).Abs() > time.Minute {
			t.Fatalf("expires at %v, want 7 days from now", chartLink.ExpiresAt)
		}
		locked := ta.embedLink(alice, api.EmbedInput{Kind: api.EmbedChart, ID: fa.charts[0], Params: map[string]any{"skip": "Asia Pacific"}})
		boardLink := ta.embedLink(alice, api.EmbedInput{Kind: api.EmbedDashboard, ID: d.ID, ExpiresInSeconds: 3600})
		if boardLink.ExpiresAt.Sub(time.Now().Add(time.Hour)).Abs() > time.Minute {
			t.Fatalf("expires at %v, want an hour from now", boardLink.ExpiresAt)
		}
		adminLink := ta.embedLink(admin, api.EmbedInput{Kind: api.EmbedChart, ID: fa.charts[2]})

		t.Run("create refuses", func(t *testing.T) {
			cases := []struct {
				name, token string
				in          api.EmbedInput
				path        string
			}{
				{"another user's chart", bob, api.EmbedInput{Kind: api.EmbedChart, ID: fa.charts[0]}, "id"},
				{"another user's dashboard", bob, api.EmbedInput{Kind: api.EmbedDashboard, ID: d.ID}, "id"},
				{"missing chart", alice, api.EmbedInput{Kind: api.EmbedChart, ID: 999999}, "id"},
				{"no id", alice, api.EmbedInput{Kind: api.EmbedChart}, "id"},
				{"unknown kind", alice, api.EmbedInput{Kind: "report", ID: fa.charts[0]}, "kind"},
				{"over a year", alice, api.EmbedInput{Kind: api.EmbedChart, ID: fa.charts[0], ExpiresInSeconds: 366 * 86400}, "expires_in_seconds"},
				{"negative expiry", alice, api.EmbedInput{Kind: api.EmbedChart, ID: fa.charts[0], ExpiresInSeconds: -1}, "expires_in_seconds"},
				{"undeclared locked param", alice, api.EmbedInput{Kind: api.EmbedChart, ID: fa.charts[0], Params: map[string]any{"colour": "red"}}, "params"},
				{"locked param of the wrong type", alice, api.EmbedInput{Kind: api.EmbedChart, ID: fa.charts[0], Params: map[string]any{"min": "lots"}}, "params"},
				{"null locked param", alice, api.EmbedInput{Kind: api.EmbedChart, ID: fa.charts[0], Params: map[string]any{"skip": nil}}, "params"},
				{"locked param the dashboard does not declare", alice, api.EmbedInput{Kind: api.EmbedDashboard, ID: d.ID, Params: map[string]any{"min": 1}}, "params"},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					e := want(t, ta.do("POST", "/api/embed", c.token, c.in), 422).Err(t)
					if e.Fields[0].Path != c.path {
						t.Fatalf("%+v, want path %s", e, c.path)
					}
				})
			}
			want(t, ta.do("POST", "/api/embed", alice, `{"kind":"chart","id":1,"expires":3}`), 400)
			want(t, ta.do("POST", "/api/embed", "", api.EmbedInput{Kind: api.EmbedChart, ID: fa.charts[0]}), 401)
		})

		t.Run("page", func(t *testing.T) {
			r := want(t, ta.do("GET", chartLink.URL, "", nil), 200)
			framable(t, r, embedOrigins)
			head, _, _ := strings.Cut(string(r.Body), "</head>")
			if !strings.Contains(head, `<meta name="gobi-embed" content="`+chartLink.Token+`">`) {
				t.Fatalf("no embed meta tag in the head:\n%s", head)
			}
			if r.Header.Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("Referrer-Policy %q", r.Header.Get("Referrer-Policy"))
			}
			framable(t, want(t, ta.do("GET", boardLink.URL, "", nil), 200), embedOrigins)
			// Every other page refuses framing.
			notFramable(t, want(t, ta.do("GET", "/", "", nil), 200))
			notFramable(t, want(t, ta.do("GET", "/api/charts", alice, nil), 200))
			notFramable(t, want(t, ta.do("GET", "/api/charts", "", nil), 401))
			notFramable(t, want(t, ta.do("GET", "/healthz", "", nil), 200))
		})

		t.Run("view", func(t *testing.T) {
			var v dashboard.EmbedView
			want(t, ta.doAuth("/api/embed/view", "Embed "+chartLink.Token), 200).JSON(t, &v)
			if v.Kind != api.EmbedChart || v.Chart == nil || v.Chart.ID != fa.charts[0] || v.Chart.Spec == nil || v.Dashboard != nil {
				t.Fatalf("chart view %+v", v)
			}
			want(t, ta.doAuth("/api/embed/view", "Embed "+locked.Token), 200).JSON(t, &v)
			if v.Params["skip"] != "Asia Pacific" {
				t.Fatalf("locked params %+v", v.Params)
			}
			v = dashboard.EmbedView{}
			want(t, ta.doAuth("/api/embed/view", "embed "+boardLink.Token), 200).JSON(t, &v)
			if v.Kind != api.EmbedDashboard || v.Dashboard == nil || v.Dashboard.ID != d.ID || len(v.Charts) != 2 || v.Chart != nil {
				t.Fatalf("dashboard view %+v", v)
			}
			if len(v.Dashboard.Params) != 2 || len(v.Dashboard.Tiles) != 2 || !v.ExpiresAt.Equal(boardLink.ExpiresAt) {
				t.Fatalf("dashboard %+v", v.Dashboard)
			}
		})

		t.Run("data", func(t *testing.T) {
			data := func(chartID int64, q string) string { return fmt.Sprintf("/api/embed/charts/%d/data?%s", chartID, q) }
			ch := "Embed " + chartLink.Token
			rs := regions(t, want(t, ta.doAuth(data(fa.charts[0], ""), ch), 200))
			if len(rs) != 5 {
				t.Fatalf("regions %v", rs)
			}
			// A chart link lets the page set the chart's parameters; unknown
			// ones are ignored.
			rs = regions(t, want(t, ta.doAuth(data(fa.charts[0], paramsQuery(`{"skip":"Europe","zzz":1}`)), ch), 200))
			if len(rs) != 4 || strings.Contains(strings.Join(rs, ","), "Europe") {
				t.Fatalf("regions %v", rs)
			}
			// Locked values override what the page sends.
			rs = regions(t, want(t, ta.doAuth(data(fa.charts[0], paramsQuery(`{"skip":"Europe"}`)), "Embed "+locked.Token), 200))
			if len(rs) != 4 || !strings.Contains(strings.Join(rs, ","), "Europe") || strings.Contains(strings.Join(rs, ","), "Asia") {
				t.Fatalf("locked skip did not win: %v", rs)
			}
			// The token opens its item only.
			for _, other := range []int64{fa.charts[1], fa.charts[2], fb.charts[0], 999999} {
				want(t, ta.doAuth(data(other, ""), ch), 403)
			}
			// A dashboard link opens the charts on it, with the dashboard's
			// defaults and parameters; others are refused.
			bl := "Embed " + boardLink.Token
			for _, c := range fa.charts[:2] {
				rs = regions(t, want(t, ta.doAuth(data(c, ""), bl), 200))
				if len(rs) != 4 || strings.Contains(strings.Join(rs, ","), "Europe") {
					t.Fatalf("dashboard default skip=Europe not applied: %v", rs)
				}
			}
			rs = regions(t, want(t, ta.doAuth(data(fa.charts[0], paramsQuery(`{"skip":"none","colour":"blue","min":100000000}`)), bl), 200))
			if len(rs) != 5 {
				t.Fatalf("dashboard params: %v (min is not a dashboard parameter and must be dropped)", rs)
			}
			want(t, ta.doAuth(data(fa.charts[2], ""), bl), 403)
			want(t, ta.doAuth(data(fb.charts[0], ""), bl), 403)
			want(t, ta.doAuth(data(fa.charts[0], "params=nope"), bl), 400)
			want(t, ta.doAuth(data(fa.charts[0], "max_points=-1"), bl), 400)
			// An admin's link runs as the admin, on a user's chart.
			want(t, ta.doAuth(data(fa.charts[2], ""), "Embed "+adminLink.Token), 200)
		})

		t.Run("tokens are not interchangeable", func(t *testing.T) {
			data := fmt.Sprintf("/api/embed/charts/%d/data", fa.charts[0])
			for _, path := range []string{"/api/embed/view", data} {
				want(t, ta.doAuth(path, ""), 401)
				want(t, ta.doAuth(path, "Embed "+alice), 401)  // a session JWT as embed token
				want(t, ta.doAuth(path, "Bearer "+alice), 401) // a session where a token is needed
				want(t, ta.doAuth(path, "Bearer "+chartLink.Token), 401)
				want(t, ta.doAuth(path, "Embed "+tamperPart(chartLink.Token, 2)), 401)
			}
			// Embed tokens open nothing else, however they are sent.
			for _, path := range []string{"/api/charts", fmt.Sprintf("/api/charts/%d/data", fa.charts[0]), "/api/embed", "/api/auth/me", "/api/dashboards"} {
				want(t, ta.doAuth(path, "Embed "+chartLink.Token), 401)
				want(t, ta.doAuth(path, "Bearer "+chartLink.Token), 401)
			}
			// A session JWT is not a page token either.
			framable(t, want(t, ta.do("GET", "/embed/"+alice, "", nil), 401), embedOrigins)
		})

		t.Run("tampered", func(t *testing.T) {
			claims, _ := base64.RawURLEncoding.DecodeString(strings.Split(chartLink.Token, ".")[1])
			forged := reclaim(chartLink.Token, strings.Replace(string(claims), fmt.Sprintf(`"jti":"%d"`, chartLink.ID), fmt.Sprintf(`"jti":"%d"`, boardLink.ID), 1))
			for _, tok := range []string{tamperPart(chartLink.Token, 0), tamperPart(chartLink.Token, 1), tamperPart(chartLink.Token, 2), forged, "x", "a.b.c"} {
				r := want(t, ta.do("GET", "/embed/"+tok, "", nil), 401)
				framable(t, r, embedOrigins)
				if !strings.Contains(string(r.Body), "not valid") || strings.Contains(string(r.Body), "gobi-embed") {
					t.Fatalf("page:\n%s", r.Body)
				}
				want(t, ta.doAuth("/api/embed/view", "Embed "+tok), 401)
			}
		})

		t.Run("expired", func(t *testing.T) {
			short := ta.embedLink(alice, api.EmbedInput{Kind: api.EmbedChart, ID: fa.charts[0], ExpiresInSeconds: 60})
			want(t, ta.do("GET", short.URL, "", nil), 200)
			ta.app.embeds.SetClock(func() time.Time { return time.Now().Add(2 * time.Minute) })
			defer ta.app.embeds.SetClock(time.Now)
			r := want(t, ta.do("GET", short.URL, "", nil), 410)
			framable(t, r, embedOrigins)
			if !strings.Contains(string(r.Body), "expired") {
				t.Fatalf("page:\n%s", r.Body)
			}
			if e := want(t, ta.doAuth("/api/embed/view", "Embed "+short.Token), 410).Err(t); e.Error != "gone" {
				t.Fatalf("%+v", e)
			}
			want(t, ta.doAuth("/api/embed/view", "Embed "+chartLink.Token), 200)
		})

		t.Run("revoke and list", func(t *testing.T) {
			var links []api.EmbedLink
			want(t, ta.do("GET", "/api/embed", alice, nil), 200).JSON(t, &links)
			if len(links) != 4 || links[0].ID < links[len(links)-1].ID { // the three above and "expired"'s, newest first
				t.Fatalf("alice lists %+v", links)
			}
			if strings.Contains(string(want(t, ta.do("GET", "/api/embed", alice, nil), 200).Body), chartLink.Token) {
				t.Fatal("a listing shows a token")
			}
			want(t, ta.do("GET", "/api/embed", bob, nil), 200).JSON(t, &links)
			if len(links) != 0 {
				t.Fatalf("bob lists %+v", links)
			}
			want(t, ta.do("GET", "/api/embed", admin, nil), 200).JSON(t, &links)
			if len(links) != 5 {
				t.Fatalf("admin lists %d links", len(links))
			}
			want(t, ta.do("DELETE", fmt.Sprintf("/api/embed/%d", chartLink.ID), bob, nil), 404)
			want(t, ta.do("DELETE", fmt.Sprintf("/api/embed/%d", chartLink.ID), alice, nil), 204)
			want(t, ta.do("DELETE", fmt.Sprintf("/api/embed/%d", chartLink.ID), alice, nil), 204)
			r := want(t, ta.do("GET", chartLink.URL, "", nil), 410)
			framable(t, r, embedOrigins)
			if !strings.Contains(string(r.Body), "revoked") {
				t.Fatalf("page:\n%s", r.Body)
			}
			want(t, ta.doAuth("/api/embed/view", "Embed "+chartLink.Token), 410)
			want(t, ta.doAuth(fmt.Sprintf("/api/embed/charts/%d/data", fa.charts[0]), "Embed "+chartLink.Token), 410)
			want(t, ta.do("GET", "/api/embed", alice, nil), 200).JSON(t, &links)
			for _, l := range links {
				if (l.ID == chartLink.ID) != (l.RevokedAt != nil) {
					t.Fatalf("revoked_at wrong on %+v", l)
				}
			}
			// The admin may revoke anyone's link.
			want(t, ta.do("DELETE", fmt.Sprintf("/api/embed/%d", locked.ID), admin, nil), 204)
			want(t, ta.do("GET", locked.URL, "", nil), 410)
		})

		t.Run("deleted item", func(t *testing.T) {
			want(t, ta.do("GET", boardLink.URL, "", nil), 200)
			want(t, ta.do("DELETE", fmt.Sprintf("/api/dashboards/%d", d.ID), alice, nil), 204)
			r := want(t, ta.do("GET", boardLink.URL, "", nil), 410)
			framable(t, r, embedOrigins)
			want(t, ta.doAuth("/api/embed/view", "Embed "+boardLink.Token), 410)
			want(t, ta.doAuth(fmt.Sprintf("/api/embed/charts/%d/data", fa.charts[0]), "Embed "+boardLink.Token), 410)
		})
	})
}

// TestEmbedRateLimit: embed data requests share one bucket per link.
func TestEmbedRateLimit(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.RateLimit.EmbedRate, c.RateLimit.EmbedBurst = 0.01, 3 })
	admin := ta.adminToken()
	var charts []struct{ ID int64 }
	want(t, ta.do("GET", "/api/charts", admin, nil), 200).JSON(t, &charts)
	one := ta.embedLink(admin, api.EmbedInput{Kind: api.EmbedChart, ID: charts[0].ID})
	two := ta.embedLink(admin, api.EmbedInput{Kind: api.EmbedChart, ID: charts[0].ID})
	data := fmt.Sprintf("/api/embed/charts/%d/data", charts[0].ID)
	want(t, ta.doAuth("/api/embed/view", "Embed "+one.Token), 200)
	want(t, ta.doAuth(data, "Embed "+one.Token), 200)
	r := want(t, ta.doAuth(data, "Embed "+one.Token), 200)
	if r.Header.Get("RateLimit-Remaining") != "0" {
		t.Fatalf("RateLimit-Remaining %q", r.Header.Get("RateLimit-Remaining"))
	}
	r = want(t, ta.doAuth(data, "Embed "+one.Token), 429)
	if r.Header.Get("Retry-After") == "" || r.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("429 headers %v", r.Header)
	}
	// A bad token's refusal is not cached either.
	if r := want(t, ta.doAuth(data, "Embed not-a-token"), 401); r.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("401 Cache-Control %q", r.Header.Get("Cache-Control"))
	}
	want(t, ta.doAuth(data, "Embed "+two.Token), 200)
	// The page itself and the user's own API are not in the link's bucket.
	want(t, ta.do("GET", one.URL, "", nil), 200)
	want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/data", charts[0].ID), admin, nil), 200)
}
