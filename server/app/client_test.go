package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
	"github.com/gobi-bi/gobi/shared/client"
)

// listen serves the app on a loopback port for the Go client.
func (ta *testApp) listen(external bool) string {
	ta.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ta.t.Fatal(err)
	}
	f := ta.app.HTTP()
	if external {
		f = ta.app.External()
	}
	go func() { _ = f.Listener(ln) }()
	ta.t.Cleanup(func() { _ = f.Shutdown() })
	return "http://" + ln.Addr().String()
}

func TestGoClient(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.External.Addr = "127.0.0.1:0" })
	base, ext := ta.listen(false), ta.listen(true)
	ctx := context.Background()

	anon, err := client.New(base)
	if err != nil {
		t.Fatal(err)
	}
	s, err := anon.Login(ctx, "admin", adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := anon.Login(ctx, "admin", "wrong-password"); !client.IsStatus(err, 401) {
		t.Fatalf("bad login: %v", err)
	}
	c, _ := client.New(base, client.WithToken(s.Token))
	qs, err := c.Queries(ctx)
	if err != nil || len(qs) == 0 {
		t.Fatalf("queries: %d, %v", len(qs), err)
	}
	img, err := c.RenderChart(ctx, 4, client.PNG, client.RenderOptions{Width: 400, Height: 300})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(img)); err != nil {
		t.Fatalf("RenderChart PNG: %v", err)
	}
	k, err := c.CreateAPIKey(ctx, api.APIKeyInput{Name: "sdk", Rate: 1, Burst: 1, Scopes: []api.Scope{api.ScopeRead, api.ScopeExecute}})
	if err != nil {
		t.Fatal(err)
	}

	// Signed requests to the external listener; the second call meets an
	// empty bucket (burst 1, 1/s), gets 429 with Retry-After 1 and the
	// client waits and retries.
	sc, _ := client.New(ext, client.WithSigning(k.AccessKey, k.AccessKeySecret))
	start := time.Now()
	for i := 0; i < 2; i++ {
		res, err := sc.Execute(ctx, 1, api.ExecuteRequest{Params: map[string]any{"region": "r" + strconv.Itoa(i)}})
		if err != nil {
			t.Fatalf("signed execute %d: %v", i, err)
		}
		if len(res.Columns) == 0 {
			t.Fatalf("empty result")
		}
	}
	if waited := time.Since(start); waited < 500*time.Millisecond {
		t.Fatalf("second call did not wait for the bucket (%v)", waited)
	}
	// No retries left: the 429 comes back as an error.
	sc.MaxRetries = 0
	if _, err := sc.Execute(ctx, 1, api.ExecuteRequest{Params: map[string]any{"region": "x"}}); !client.IsStatus(err, 429) {
		t.Fatalf("want 429, got %v", err)
	}
	kc, _ := client.New(base, client.WithAPIKey(k.Key))
	if _, err := kc.Stats(ctx); err != nil && !client.IsStatus(err, 429) {
		t.Fatal(err)
	}
}

// TestInstancesShareRedisBuckets runs two Gobi instances on one metadata
// database and one Redis: a key's burst is shared between them.
func TestInstancesShareRedisBuckets(t *testing.T) {
	url := os.Getenv("GOBI_TEST_REDIS_URL")
	if url == "" {
		t.Skip("Redis tests skipped: set GOBI_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
	}
	one := newTestApp(t, api.SQLite, func(c *config.Config) { c.RedisURL = url })
	two := newTestApp(t, api.SQLite, func(c *config.Config) {
		c.RedisURL = url
		c.DataDir = one.cfg.DataDir // same metadata database and secrets
	})
	k := one.newKey(one.adminToken(), api.APIKeyInput{Name: "shared", Rate: 0.01, Burst: 4})
	opt, _ := redis.ParseURL(url)
	rc := redis.NewClient(opt)
	defer rc.Close()
	rc.Del(context.Background(), "gobi:rl:key:"+strconv.FormatInt(k.ID, 10)) // a bucket left by an earlier run

	allowed := 0
	for i := 0; i < 8; i++ {
		ta := one
		if i%2 == 1 {
			ta = two
		}
		if ta.raw(keyReq("GET", "/api/auth/me", k.Key, ""), false).Status == 200 {
			allowed++
		}
	}
	if allowed != 4 {
		t.Fatalf("%d requests allowed across two instances, want the shared burst of 4", allowed)
	}
}

// TestSDK drives every operation of the route table through the Go SDK
// against a real listener, on every metadata store, with the resources'
// whole life cycle: create, get, update, list, delete, then a 404. A
// recording transport notes what was answered; an operation that the
// table gains and the SDK never reaches fails the test with its id.
func TestSDK(t *testing.T) {
	each(t, func(c *config.Config) { c.Auth.Registration = "open" }, func(t *testing.T, ta *testApp) {
		rec := &recorder{}
		s := &sdk{t: t, ctx: t.Context(), rec: rec, base: ta.listen(false)}
		s.accounts()
		s.resources()
		s.shares()
		s.keysAndAudit()
		s.usersByAdmin()
		s.webhooks()
		s.deleteResources()
		rec.checkCoverage(t, ta.app.ops)
	})
}

// sdk is TestSDK's state: the clients and what the steps created.
type sdk struct {
	t     *testing.T
	ctx   context.Context
	rec   *recorder
	base  string
	admin *client.Client

	ds        *api.Datasource
	query     *api.Query
	chart     *chart.Saved
	dashboard *api.Dashboard
	// region is one the query returns, skipped by parameters.
	region string
}

// client returns an SDK client that records its requests.
func (s *sdk) client(opts ...client.Option) *client.Client {
	s.t.Helper()
	c, err := client.New(s.base, append([]client.Option{client.WithHTTPClient(s.rec.client())}, opts...)...)
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// check fails the test now on an unexpected error.
func (s *sdk) check(what string, err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatalf("%s: %v", what, err)
	}
}

// status fails the test unless err is a client error with that status.
func (s *sdk) status(what string, err error, status int) {
	s.t.Helper()
	if !client.IsStatus(err, status) {
		s.t.Fatalf("%s: got %v, want HTTP %d", what, err, status)
	}
}

// accounts: login, self-registration (open here), who am I.
func (s *sdk) accounts() {
	t, anon := s.t, s.client()
	sess, err := anon.Login(s.ctx, "admin", adminPassword)
	s.check("login", err)
	if sess.Token == "" || sess.User.Username != "admin" || sess.User.Role != api.RoleAdmin || !sess.ExpiresAt.After(time.Now()) {
		t.Fatalf("login answered %+v", sess)
	}
	_, err = anon.Login(s.ctx, "admin", "wrong-password")
	s.status("wrong password", err, 401)
	s.admin = s.client(client.WithToken(sess.Token))
	me, err := s.admin.Me(s.ctx)
	s.check("me", err)
	if me.ID != sess.User.ID || me.Username != "admin" {
		t.Fatalf("me %+v, logged in as %+v", me, sess.User)
	}

	self, err := anon.Register(s.ctx, api.Credentials{Username: "Self.Made", Password: "self-made-password"})
	s.check("register", err)
	if self.Username != "self.made" || self.Role != api.RoleUser || self.Token == "" || self.ExpiresAt == nil {
		t.Fatalf("self-registration answered %+v", self)
	}
	me, err = s.client(client.WithToken(self.Token)).Me(s.ctx)
	s.check("me with the registration's session", err)
	if me.ID != self.ID {
		t.Fatalf("registered %d, me %d", self.ID, me.ID)
	}
	_, err = anon.Register(s.ctx, api.Credentials{Username: "self.made", Password: "self-made-password"})
	s.status("username taken", err, 409)
	_, err = anon.Register(s.ctx, api.Credentials{Username: "boss", Password: "boss-password-long", Role: api.RoleAdmin})
	s.status("self-made admin", err, 403)
}

// resources: a data source, a query on it, a chart of the query and a
// dashboard with the chart, each created, read, replaced and listed; then
// what runs them: ad-hoc SQL, execution, chart data and renders, embeds.
func (s *sdk) resources() {
	t, c, ctx := s.t, s.admin, s.ctx
	types, err := c.ChartTypes(ctx)
	s.check("chart types", err)
	if !slices.ContainsFunc(types, func(ti chart.TypeInfo) bool { return ti.Type == chart.Bar && len(ti.Required) > 0 }) {
		t.Fatalf("%d chart types, no bar with required channels", len(types))
	}

	files, err := c.Datasets(ctx)
	s.check("datasets", err)
	if !slices.ContainsFunc(files, func(f api.DatasetFile) bool { return f.Path == demoFile && f.Size > 0 }) {
		t.Fatalf("%s not among the datasets %+v", demoFile, files)
	}
	s.ds, err = c.CreateDatasource(ctx, api.DatasourceInput{Name: "sdk", Type: api.SQLite, Path: demoFile})
	s.check("create data source", err)
	s.ds, err = c.UpdateDatasource(ctx, s.ds.ID, api.DatasourceInput{Name: "sdk sales", Type: api.SQLite, Path: demoFile, MaxRows: 5000})
	s.check("update data source", err)
	got, err := c.Datasource(ctx, s.ds.ID)
	s.check("get data source", err)
	if got.Name != "sdk sales" || got.MaxRows != 5000 || got.Type != api.SQLite {
		t.Fatalf("data source read back as %+v", got)
	}
	sources, err := c.Datasources(ctx)
	s.check("list data sources", err)
	if !slices.ContainsFunc(sources, func(d api.Datasource) bool { return d.ID == s.ds.ID && d.Name == "sdk sales" }) {
		t.Fatalf("data source %d not listed in %+v", s.ds.ID, sources)
	}
	test, err := c.TestDatasource(ctx, s.ds.ID)
	s.check("test data source", err)
	if !test.OK || test.ServerVersion == "" {
		t.Fatalf("test %+v", test)
	}
	schema, err := c.DatasourceSchema(ctx, s.ds.ID)
	s.check("data source schema", err)
	if !slices.ContainsFunc(schema.Tables, func(t api.SchemaTable) bool { return t.Name == "sales" && len(t.Columns) > 0 }) {
		t.Fatalf("schema %+v", schema)
	}
	res, err := c.Query(ctx, s.ds.ID, api.AdhocQuery{SQL: "SELECT COUNT(*) AS n FROM sales WHERE region <> :skip", Params: map[string]any{"skip": "none"}})
	s.check("ad-hoc query", err)
	if len(res.Columns) != 1 || res.Columns[0].Name != "n" || res.RowCount != 1 || len(res.Rows) != 1 {
		t.Fatalf("ad-hoc result %+v", res)
	}

	s.queries()
	s.charts()
	s.dashboards()
	s.embeds()
}

func (s *sdk) queries() {
	t, c, ctx := s.t, s.admin, s.ctx
	in := api.QueryInput{DatasourceID: s.ds.ID, Name: "sdk by region", SQL: regionQuery,
		Params: []api.ParamDef{{Name: "skip", Type: api.ParamString, Default: "none"}, {Name: "min", Type: api.ParamNumber, Default: 0.0}}}
	q, err := c.CreateQuery(ctx, in)
	s.check("create query", err)
	in.Description = "revenue per region"
	_, err = c.UpdateQuery(ctx, q.ID, in)
	s.check("update query", err)
	s.query, err = c.SavedQuery(ctx, q.ID)
	s.check("get query", err)
	if s.query.Description != "revenue per region" || s.query.SQL != regionQuery || len(s.query.Params) != 2 {
		t.Fatalf("query read back as %+v", s.query)
	}
	all, err := c.Queries(ctx)
	s.check("list queries", err)
	if !slices.ContainsFunc(all, func(x api.Query) bool { return x.ID == q.ID }) || len(all) < 2 {
		t.Fatalf("query %d not among %d queries", q.ID, len(all))
	}
	mine, err := c.DatasourceQueries(ctx, s.ds.ID)
	s.check("list the data source's queries", err)
	if len(mine) != 1 || mine[0].ID != q.ID {
		t.Fatalf("data source %d has queries %+v", s.ds.ID, mine)
	}

	res, err := c.Execute(ctx, q.ID, api.ExecuteRequest{NoCache: true})
	s.check("execute", err)
	if len(res.Columns) != 2 || res.Columns[0].Name != "region" || res.Columns[1].Name != "revenue" || len(res.Rows) < 2 {
		t.Fatalf("executed %+v", res)
	}
	s.region = fmt.Sprint(res.Rows[0][0])
	skipped, err := c.Execute(ctx, q.ID, api.ExecuteRequest{Params: map[string]any{"skip": s.region}, MaxRows: 1})
	s.check("execute with params", err)
	if len(skipped.Rows) != 1 || !skipped.Truncated || fmt.Sprint(skipped.Rows[0][0]) == s.region {
		t.Fatalf("skipping %q, max 1 row: %+v", s.region, skipped)
	}
	runs, err := c.Executions(ctx, q.ID, 1)
	s.check("executions", err)
	if len(runs) != 1 || runs[0].Status != "success" || runs[0].QueryID == nil || *runs[0].QueryID != q.ID || !runs[0].Truncated {
		t.Fatalf("latest execution %+v", runs)
	}
	if runs, err = c.Executions(ctx, q.ID, 0); err != nil || len(runs) != 2 {
		t.Fatalf("all executions: %d, %v", len(runs), err)
	}
	// Nothing runs under this id: cancel answers 404.
	s.status("cancel a run that is not running", c.CancelRun(ctx, "sdk-none"), 404)
	// A run without end, stopped by its run id.
	ran := make(chan error, 1)
	go func() {
		_, err := c.Query(ctx, s.ds.ID, api.AdhocQuery{RunID: "sdk-run", TimeoutMS: 20000,
			SQL: "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c"})
		ran <- err
	}()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		err := c.CancelRun(ctx, "sdk-run")
		if err == nil {
			break
		}
		if !client.IsStatus(err, 404) || time.Now().After(deadline) {
			t.Fatalf("cancel run: %v", err)
		}
	}
	select {
	case err := <-ran:
		s.status("the canceled run", err, 499)
	case <-time.After(10 * time.Second):
		t.Fatal("the canceled run did not end within 10 s")
	}
}

// regions are the first column of a chart's data.
func (s *sdk) regions(d *chart.DataResponse) []string {
	s.t.Helper()
	if len(d.Problems) > 0 || d.Data == nil || d.Spec == nil {
		s.t.Fatalf("chart data %+v", d)
	}
	var out []string
	for _, row := range d.Data.Rows {
		out = append(out, fmt.Sprint(row[0]))
	}
	return out
}

func (s *sdk) charts() {
	t, c, ctx := s.t, s.admin, s.ctx
	spec := fmt.Sprintf(`{"type":"bar","query_id":%d,"encoding":{"x":"region","y":"revenue"}}`, s.query.ID)
	ch, err := c.CreateChart(ctx, chart.Input{Name: "sdk chart", Spec: json.RawMessage(spec)})
	s.check("create chart", err)
	_, err = c.CreateChart(ctx, chart.Input{Name: "broken", Spec: json.RawMessage(`{"type":"bar","encoding":{}}`)})
	s.status("invalid spec", err, 422)
	_, err = c.UpdateChart(ctx, ch.ID, chart.Input{Name: "sdk revenue", Description: "by region", Spec: json.RawMessage(spec)})
	s.check("update chart", err)
	s.chart, err = c.Chart(ctx, ch.ID)
	s.check("get chart", err)
	if s.chart.Name != "sdk revenue" || s.chart.Type != chart.Bar || s.chart.Spec == nil || s.chart.Spec.QueryID != s.query.ID {
		t.Fatalf("chart read back as %+v", s.chart)
	}
	all, err := c.Charts(ctx)
	s.check("list charts", err)
	if !slices.ContainsFunc(all, func(x chart.Saved) bool { return x.ID == ch.ID && x.Name == "sdk revenue" }) {
		t.Fatalf("chart %d not listed", ch.ID)
	}

	d, err := c.ChartData(ctx, ch.ID, nil)
	s.check("chart data", err)
	if r := s.regions(d); !slices.Contains(r, s.region) {
		t.Fatalf("chart data %v lacks %q", r, s.region)
	}
	d, err = c.ChartDataWith(ctx, ch.ID, client.DataOptions{Params: map[string]any{"skip": s.region}, MaxPoints: 100})
	s.check("chart data with params", err)
	if r := s.regions(d); slices.Contains(r, s.region) || len(r) == 0 {
		t.Fatalf("skipping %q: %v", s.region, r)
	}
	// A dashboard's parameters the query does not declare are dropped;
	// a chart's own are refused.
	dash := map[string]any{"skip": s.region, "colour": "red"}
	d, err = c.ChartDataWith(ctx, ch.ID, client.DataOptions{Params: dash, Dashboard: true})
	s.check("chart data with dashboard params", err)
	if r := s.regions(d); slices.Contains(r, s.region) {
		t.Fatalf("dashboard params not applied: %v", r)
	}
	_, err = c.ChartDataWith(ctx, ch.ID, client.DataOptions{Params: dash})
	s.status("undeclared chart param", err, 422)

	svg, err := c.RenderChart(ctx, ch.ID, client.SVG, client.RenderOptions{Width: 400, Height: 300, Theme: "dark"})
	s.check("render svg", err)
	if !bytes.Contains(svg[:min(len(svg), 200)], []byte("<svg")) || !bytes.Contains(svg, []byte(`width="400"`)) {
		t.Fatalf("SVG starts %q", svg[:min(len(svg), 200)])
	}
	img, err := c.RenderChart(ctx, ch.ID, client.PNG, client.RenderOptions{Width: 400, Height: 300, Scale: 2, Params: map[string]any{"min": 1}})
	s.check("render png", err)
	if !bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("PNG starts %q", img[:min(len(img), 8)])
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(img)); err != nil || cfg.Width != 800 || cfg.Height != 600 {
		t.Fatalf("PNG at scale 2: %+v, %v", cfg, err)
	}
	_, err = c.RenderChart(ctx, 1<<40, client.PNG, client.RenderOptions{})
	s.status("render a missing chart", err, 404)
}

func (s *sdk) dashboards() {
	t, c, ctx := s.t, s.admin, s.ctx
	in := api.DashboardInput{Title: "sdk", Tiles: []api.Tile{{ChartID: s.chart.ID, X: 0, Y: 0, W: 6, H: 4}},
		Params: []api.ParamDef{{Name: "skip", Type: api.ParamString, Default: s.region}}}
	d, err := c.CreateDashboard(ctx, in)
	s.check("create dashboard", err)
	in.Title, in.Description = "sdk regions", "one chart"
	_, err = c.UpdateDashboard(ctx, d.ID, in)
	s.check("update dashboard", err)
	s.dashboard, err = c.Dashboard(ctx, d.ID)
	s.check("get dashboard", err)
	if s.dashboard.Title != "sdk regions" || len(s.dashboard.Tiles) != 1 || s.dashboard.Tiles[0] != in.Tiles[0] || s.dashboard.Params[0].Default != s.region {
		t.Fatalf("dashboard read back as %+v", s.dashboard)
	}
	in.Params[0].Choices = &api.ChoiceSource{QueryID: s.chart.Spec.QueryID}
	_, err = c.UpdateDashboard(ctx, d.ID, in)
	s.check("give a parameter choices", err)
	choices, err := c.DashboardChoices(ctx, d.ID, "skip")
	s.check("dashboard choices", err)
	if len(choices) != 1 || choices[0].Param != "skip" || len(choices[0].Values) == 0 {
		t.Fatalf("dashboard choices %+v", choices)
	}
	in.Params[0].Choices = nil
	_, err = c.UpdateDashboard(ctx, d.ID, in)
	s.check("take the choices away", err)
	all, err := c.Dashboards(ctx)
	s.check("list dashboards", err)
	if !slices.ContainsFunc(all, func(x api.Dashboard) bool { return x.ID == d.ID && x.Title == "sdk regions" }) {
		t.Fatalf("dashboard %d not listed", d.ID)
	}
	page, err := c.RenderDashboard(ctx, d.ID, client.PNG, client.DashboardRenderOptions{Width: 600, Params: map[string]any{"skip": s.region}})
	s.check("render dashboard png", err)
	if cfg, err := png.DecodeConfig(bytes.NewReader(page)); err != nil || cfg.Width != 600 {
		t.Fatalf("dashboard PNG: %+v, %v", cfg, err)
	}
	svg, err := c.RenderDashboard(ctx, d.ID, client.SVG, client.DashboardRenderOptions{Theme: "dark"})
	s.check("render dashboard svg", err)
	if !bytes.Contains(svg[:min(len(svg), 200)], []byte("<svg")) {
		t.Fatalf("dashboard SVG starts %q", svg[:min(len(svg), 200)])
	}
}

// embeds: links to the chart (with a locked parameter) and to the
// dashboard, opened with their tokens, listed and revoked.
func (s *sdk) embeds() {
	t, c, ctx := s.t, s.admin, s.ctx
	one, err := c.CreateEmbedLink(ctx, api.EmbedInput{Kind: api.EmbedChart, ID: s.chart.ID, ExpiresInSeconds: 3600, Params: map[string]any{"skip": s.region}})
	s.check("embed a chart", err)
	if one.Token == "" || one.URL != "/embed/"+one.Token || one.ItemID != s.chart.ID {
		t.Fatalf("embed link %+v", one)
	}
	ec := s.client(client.WithEmbedToken(one.Token))
	v, err := ec.EmbedView(ctx)
	s.check("embed view", err)
	if v.Kind != api.EmbedChart || v.Chart == nil || v.Chart.ID != s.chart.ID || v.Params["skip"] != s.region {
		t.Fatalf("embed view %+v", v)
	}
	d, err := ec.EmbedChartData(ctx, s.chart.ID, client.DataOptions{Params: map[string]any{"skip": "none"}, MaxPoints: 50})
	s.check("embed chart data", err)
	if r := s.regions(d); slices.Contains(r, s.region) {
		t.Fatalf("the locked parameter was overridden: %v", r)
	}
	_, err = c.EmbedView(ctx)
	s.status("embed view with a session", err, 401)

	board, err := c.CreateEmbedLink(ctx, api.EmbedInput{Kind: api.EmbedDashboard, ID: s.dashboard.ID})
	s.check("embed a dashboard", err)
	bc := s.client(client.WithEmbedToken(board.Token))
	v, err = bc.EmbedView(ctx)
	s.check("dashboard embed view", err)
	if v.Kind != api.EmbedDashboard || v.Dashboard == nil || v.Dashboard.ID != s.dashboard.ID || len(v.Charts) != 1 || v.Charts[0].ID != s.chart.ID {
		t.Fatalf("dashboard embed view %+v", v)
	}
	if d, err = bc.EmbedChartData(ctx, s.chart.ID, client.DataOptions{}); err != nil || slices.Contains(s.regions(d), s.region) {
		t.Fatalf("dashboard embed data (default skip %q): %v", s.region, err)
	}

	links, err := c.EmbedLinks(ctx)
	s.check("list embed links", err)
	ids := []int64{}
	for _, l := range links {
		ids = append(ids, l.ID)
	}
	if !slices.Contains(ids, one.ID) || !slices.Contains(ids, board.ID) {
		t.Fatalf("embed links %v, want %d and %d", ids, one.ID, board.ID)
	}
	s.check("revoke embed link", c.RevokeEmbedLink(ctx, one.ID))
	_, err = ec.EmbedView(ctx)
	s.status("revoked embed link", err, 410)
}

// keysAndAudit: a read-only key makes answered and refused calls; the
// audit log shows them through every filter; the key is then revoked.
func (s *sdk) keysAndAudit() {
	t, c, ctx := s.t, s.admin, s.ctx
	start := time.Now().Add(-time.Second)
	k, err := c.CreateAPIKey(ctx, api.APIKeyInput{Name: "sdk reader", Scopes: []api.Scope{api.ScopeRead}})
	s.check("create API key", err)
	kc := s.client(client.WithAPIKey(k.Key))
	me, err := kc.Me(ctx)
	s.check("me with a key", err)
	if me.Username != "admin" {
		t.Fatalf("the key acts for %+v", me)
	}
	st, err := kc.Stats(ctx)
	s.check("stats with a key", err)
	if st.Datasources < 2 || st.Queries < 2 || st.Charts < 2 || st.Executions < 2 {
		t.Fatalf("stats %+v", st)
	}
	_, err = kc.CreateQuery(ctx, api.QueryInput{DatasourceID: s.ds.ID, Name: "nope", SQL: "SELECT 1"})
	s.status("write with a read key", err, 403)
	_, err = kc.APIKeys(ctx)
	s.status("key management with a key", err, 403)
	s.audit(k.ID, start)

	keys, err := c.APIKeys(ctx)
	s.check("list API keys", err)
	if !slices.ContainsFunc(keys, func(x api.APIKey) bool {
		return x.ID == k.ID && x.RevokedAt == nil && strings.HasPrefix(k.Key, x.Prefix)
	}) {
		t.Fatalf("key %d not listed in %+v", k.ID, keys)
	}
	s.check("revoke API key", c.RevokeAPIKey(ctx, k.ID))
	_, err = kc.Me(ctx)
	s.status("revoked key", err, 401)
}

// audit reads the key's four calls (two answered, two refused) back from
// the audit log, through each filter. Reading the log flushes what is
// pending: no wait needed.
func (s *sdk) audit(keyID int64, start time.Time) {
	t, c, ctx := s.t, s.admin, s.ctx
	line := func(es []api.AuditEntry) []string {
		var out []string
		for _, e := range es {
			out = append(out, fmt.Sprintf("%s %s %d %s", e.Method, e.Path, e.Status, e.Reason))
		}
		return out
	}
	entries, err := c.AuditEntries(ctx, client.AuditFilter{KeyID: keyID})
	s.check("audit", err)
	all := []string{"GET /api/apikeys 403 forbidden", "POST /api/queries 403 forbidden", "GET /api/dashboard/stats 200 ", "GET /api/auth/me 200 "}
	if got := line(entries); !slices.Equal(got, all) {
		t.Fatalf("the key's audit entries, newest first:\n%q\nwant\n%q", got, all)
	}
	yes, no := true, false
	for _, f := range []struct {
		filter client.AuditFilter
		want   []string
	}{
		{client.AuditFilter{Method: "post"}, all[1:2]},
		{client.AuditFilter{Status: 200}, all[2:]},
		{client.AuditFilter{Path: "/api/auth"}, all[3:]},
		{client.AuditFilter{Path: "/api/aut_"}, nil}, // wildcards are literal on every store
		{client.AuditFilter{Path: "/api/%"}, nil},
		{client.AuditFilter{Path: "/api/a!"}, nil},
		{client.AuditFilter{Reason: "forbidden"}, all[:2]},
		{client.AuditFilter{Refused: &yes}, all[:2]},
		{client.AuditFilter{Refused: &no}, all[2:]},
		{client.AuditFilter{From: start, To: time.Now().Add(time.Minute)}, all},
		{client.AuditFilter{To: start}, nil},
		{client.AuditFilter{Limit: 1}, all[:1]},
		{client.AuditFilter{BeforeID: entries[1].ID}, all[2:]},
	} {
		f.filter.KeyID = keyID
		got, err := c.AuditEntries(ctx, f.filter)
		s.check("audit with a filter", err)
		if lines := line(got); !slices.Equal(lines, f.want) {
			t.Errorf("audit %+v: %q, want %q", f.filter, lines, f.want)
		}
	}
}

// usersByAdmin: an admin creates a user, who changes their password; the
// admin promotes and deletes them.
func (s *sdk) usersByAdmin() {
	t, c, ctx := s.t, s.admin, s.ctx
	u, err := c.Register(ctx, api.Credentials{Username: "sdk-user", Password: "sdk-user-password"})
	s.check("register by an admin", err)
	if u.ID == 0 || u.Role != api.RoleUser || u.Token != "" {
		t.Fatalf("admin registration answered %+v", u)
	}
	sess, err := s.client().Login(ctx, "sdk-user", "sdk-user-password")
	s.check("the user logs in", err)
	uc := s.client(client.WithToken(sess.Token))
	current, next := "sdk-user-password", "sdk-user-new-password"
	_, err = uc.UpdateUser(ctx, u.ID, api.UserUpdate{Password: &next})
	s.status("password change without the current one", err, 422)
	changed, err := uc.UpdateUser(ctx, u.ID, api.UserUpdate{Password: &next, CurrentPassword: &current})
	s.check("password change", err)
	if changed.Token == "" || changed.ID != u.ID {
		t.Fatalf("password change answered %+v", changed)
	}
	_, err = uc.Me(ctx)
	s.status("the session the change ended", err, 401)
	nc := s.client(client.WithToken(changed.Token))
	if me, err := nc.Me(ctx); err != nil || me.ID != u.ID {
		t.Fatalf("the new session: %+v, %v", me, err)
	}
	_, err = nc.Users(ctx)
	s.status("users list by a user", err, 403)

	admin := api.RoleAdmin
	promoted, err := c.UpdateUser(ctx, u.ID, api.UserUpdate{Role: &admin})
	s.check("promote", err)
	if promoted.Role != api.RoleAdmin || promoted.Token != "" {
		t.Fatalf("promotion answered %+v", promoted)
	}
	users, err := c.Users(ctx)
	s.check("list users", err)
	if !slices.ContainsFunc(users, func(x api.User) bool { return x.ID == u.ID && x.Role == api.RoleAdmin }) {
		t.Fatalf("user %d not listed as admin in %+v", u.ID, users)
	}
	s.check("delete user", c.DeleteUser(ctx, u.ID))
	users, err = c.Users(ctx)
	s.check("list users", err)
	if slices.ContainsFunc(users, func(x api.User) bool { return x.ID == u.ID }) {
		t.Fatalf("deleted user %d still listed", u.ID)
	}
	_, err = s.client().Login(ctx, "sdk-user", next)
	s.status("deleted user's login", err, 401)
	s.status("delete again", c.DeleteUser(ctx, u.ID), 404)
}

// deleteResources deletes what resources created, dependants first; each
// is then a 404.
func (s *sdk) deleteResources() {
	c, ctx := s.admin, s.ctx
	s.check("delete dashboard", c.DeleteDashboard(ctx, s.dashboard.ID))
	_, err := c.Dashboard(ctx, s.dashboard.ID)
	s.status("deleted dashboard", err, 404)
	s.check("delete chart", c.DeleteChart(ctx, s.chart.ID))
	_, err = c.Chart(ctx, s.chart.ID)
	s.status("deleted chart", err, 404)
	s.check("delete query", c.DeleteQuery(ctx, s.query.ID))
	_, err = c.SavedQuery(ctx, s.query.ID)
	s.status("deleted query", err, 404)
	s.check("delete data source", c.DeleteDatasource(ctx, s.ds.ID))
	_, err = c.Datasource(ctx, s.ds.ID)
	s.status("deleted data source", err, 404)
	st, err := c.Stats(ctx)
	s.check("stats", err)
	if st.Datasources != 1 {
		s.t.Fatalf("after the deletes, %d data sources (the demo's only)", st.Datasources)
	}
}
