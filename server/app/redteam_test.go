package app

import (
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// TestWebhookQueuedByHandBounded: test events and redeliveries queued by
// hand stop at the per-webhook bound (409) instead of growing the outbox
// without end while the receiver is down.
func TestWebhookQueuedByHandBounded(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // down: every attempt fails and its row waits for the next
		h := ta.hook(admin, "http://"+addr+"/hook")
		path := fmt.Sprintf("/api/webhooks/%d/test", h.ID)
		for i := range 100 {
			if r := ta.do("POST", path, admin, nil); r.Status != 202 {
				t.Fatalf("test event %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		want(t, ta.do("POST", path, admin, nil), 409)
	})
}

// TestShareEditorStaysInScope: an editor changes the shared item, not
// the reach of its owner's other data: a query stays on its data source;
// a chart and a dashboard take only queries and charts the editor can
// see too (they run as the owner); what is on them already may stay.
func TestShareEditorStaysInScope(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		alice, aliceID := ta.newUser(admin, "alice")
		bob, bobID := ta.newUser(admin, "bob")
		ids, _ := ta.resources(t, alice, aliceID)
		q, ch := ids["/api/queries"], ids["/api/charts"]
		// Alice's private data source, query and chart, shared with no one.
		ds2 := id(t, want(t, ta.do("POST", "/api/datasources", alice, api.DatasourceInput{Name: "private", Type: api.SQLite, Path: demoFile}), 201))
		privIn := api.QueryInput{DatasourceID: ds2, Name: "private-q", SQL: "SELECT region FROM sales"}
		priv := id(t, want(t, ta.do("POST", "/api/queries", alice, privIn), 201))
		privChart := id(t, want(t, ta.do("POST", "/api/charts", alice, map[string]any{"name": "private-c",
			"spec": json.RawMessage(fmt.Sprintf(`{"type":"bar","query_id":%d,"encoding":{"x":"region","y":"region"}}`, priv))}), 201))
		d := id(t, want(t, ta.do("POST", "/api/dashboards", alice, api.DashboardInput{Title: "board",
			Tiles: []api.Tile{{ChartID: ch, X: 0, Y: 0, W: 6, H: 4}}}), 201))
		editor := []api.Share{{UserID: bobID, Role: api.ShareEditor}}
		for _, u := range []string{fmt.Sprintf("/api/queries/%d/shares", q), fmt.Sprintf("/api/charts/%d/shares", ch), fmt.Sprintf("/api/dashboards/%d/shares", d)} {
			want(t, ta.do("PUT", u, alice, editor), 200)
		}
		qIn := api.QueryInput{DatasourceID: ids["/api/datasources"], Name: "m-q", SQL: "SELECT region FROM sales"}
		moved := qIn
		moved.DatasourceID = ds2
		chartOn := func(query int64) map[string]any {
			return map[string]any{"name": "m-chart", "spec": json.RawMessage(fmt.Sprintf(`{"type":"bar","query_id":%d,"encoding":{"x":"region","y":"region"}}`, query))}
		}
		board := func(chart, source int64) api.DashboardInput {
			in := api.DashboardInput{Title: "board", Tiles: []api.Tile{{ChartID: ch, X: 0, Y: 0, W: 6, H: 4}}}
			if chart != 0 {
				in.Tiles = append(in.Tiles, api.Tile{ChartID: chart, X: 6, Y: 0, W: 6, H: 4})
			}
			if source != 0 {
				in.Params = []api.ParamDef{{Name: "region", Type: api.ParamString, Choices: &api.ChoiceSource{QueryID: source, Column: "region"}}}
			}
			return in
		}
		ta.run(t, []scenario{
			{"editor rewrites the SQL", bob, "PUT", fmt.Sprintf("/api/queries/%d", q), qIn, 200, ""},
			{"editor moves the query to another data source", bob, "PUT", fmt.Sprintf("/api/queries/%d", q), moved, 422, "datasource_id"},
			{"owner moves it", alice, "PUT", fmt.Sprintf("/api/queries/%d", q), moved, 200, ""},
			{"editor keeps it there", bob, "PUT", fmt.Sprintf("/api/queries/%d", q), moved, 200, ""},
			{"owner moves it back", alice, "PUT", fmt.Sprintf("/api/queries/%d", q), qIn, 200, ""},
			{"editor keeps the chart's query", bob, "PUT", fmt.Sprintf("/api/charts/%d", ch), chartOn(q), 200, ""},
			{"editor points the chart at a private query", bob, "PUT", fmt.Sprintf("/api/charts/%d", ch), chartOn(priv), 422, "spec.query_id"},
			{"editor rearranges the dashboard", bob, "PUT", fmt.Sprintf("/api/dashboards/%d", d), board(0, 0), 200, ""},
			{"editor places a private chart", bob, "PUT", fmt.Sprintf("/api/dashboards/%d", d), board(privChart, 0), 422, "tiles[1].chart_id"},
			{"editor adds a private choice source", bob, "PUT", fmt.Sprintf("/api/dashboards/%d", d), board(0, priv), 422, "choices.query_id"},
			{"editor adds a shared choice source", bob, "PUT", fmt.Sprintf("/api/dashboards/%d", d), board(0, q), 200, ""},
			{"owner places the private chart", alice, "PUT", fmt.Sprintf("/api/dashboards/%d", d), board(privChart, priv), 200, ""},
			{"editor keeps what the owner placed", bob, "PUT", fmt.Sprintf("/api/dashboards/%d", d), board(privChart, priv), 200, ""},
		})
	})
}

// TestWebhookHeaderValuesHidden: custom header values (often the
// receiver's credentials) never come back in an answer; an update that
// sends one empty keeps it, and deliveries still carry it.
func TestWebhookHeaderValuesHidden(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	alice, _ := ta.newUser(admin, "alice")
	rcv := newReceiver(t, nil)
	const cred = "Bearer s3cr3t-receiver-token"
	in := api.WebhookInput{Name: "h", URL: rcv.srv.URL + "/hook", Events: []string{api.EventWebhookTest},
		Headers: map[string]string{"Authorization": cred}}
	var h api.WebhookCreated
	created := want(t, ta.do("POST", "/api/webhooks", alice, in), 201)
	created.JSON(t, &h)
	in.Name, in.Headers = "h2", map[string]string{"Authorization": ""}
	for _, r := range []response{created,
		want(t, ta.do("GET", fmt.Sprintf("/api/webhooks/%d", h.ID), alice, nil), 200),
		want(t, ta.do("GET", "/api/webhooks", alice, nil), 200),
		want(t, ta.do("GET", "/api/webhooks", admin, nil), 200),
		want(t, ta.do("PUT", fmt.Sprintf("/api/webhooks/%d", h.ID), alice, in), 200),
	} {
		if strings.Contains(string(r.Body), "s3cr3t") || !strings.Contains(string(r.Body), `"Authorization":""`) {
			t.Fatalf("answer %s", r.Body)
		}
	}
	want(t, ta.do("POST", fmt.Sprintf("/api/webhooks/%d/test", h.ID), alice, nil), 202)
	if got := rcv.wait(t, 1, 10*time.Second)[0].header.Get("Authorization"); got != cred {
		t.Fatalf("delivered Authorization %q, want the stored %q", got, cred)
	}
}

// TestDashboardRenderForViewer: a viewer of a shared dashboard gets its
// tiles drawn (as the owner), not "Chart not available" placeholders;
// an unshared user still gets 404.
func TestDashboardRenderForViewer(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	alice, aliceID := ta.newUser(admin, "alice")
	bob, bobID := ta.newUser(admin, "bob")
	carol, _ := ta.newUser(admin, "carol")
	ids, _ := ta.resources(t, alice, aliceID)
	d := id(t, want(t, ta.do("POST", "/api/dashboards", alice, api.DashboardInput{Title: "board",
		Tiles: []api.Tile{{ChartID: ids["/api/charts"], X: 0, Y: 0, W: 6, H: 4}}}), 201))
	want(t, ta.do("PUT", fmt.Sprintf("/api/dashboards/%d/shares", d), alice, []api.Share{{UserID: bobID, Role: api.ShareViewer}}), 200)
	path := fmt.Sprintf("/api/dashboards/%d/render.svg", d)
	for _, who := range []string{alice, bob} {
		body := string(want(t, ta.do("GET", path, who, nil), 200).Body)
		if strings.Contains(body, "not available") || !strings.Contains(body, "North") {
			t.Fatalf("render: %.400s", body)
		}
	}
	want(t, ta.do("GET", path, carol, nil), 404)
}

// TestDashboardRenderOddSizes: the narrowest page, the smallest rows and
// the largest scale draw (or are refused with 422), never fail with 500.
func TestDashboardRenderOddSizes(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	alice, aliceID := ta.newUser(admin, "alice")
	ids, _ := ta.resources(t, alice, aliceID)
	d := id(t, want(t, ta.do("POST", "/api/dashboards", alice, api.DashboardInput{Title: "board",
		Tiles: []api.Tile{{ChartID: ids["/api/charts"], X: 0, Y: 0, W: 1, H: 1}, {ChartID: ids["/api/charts"], X: 11, Y: 0, W: 1, H: 24}}}), 201))
	for _, q := range []string{"render.svg?width=100", "render.png?width=100", "render.png?width=100&row_height=20&scale=3",
		"render.svg?width=4000&row_height=20", "render.png?width=157", "render.png?scale=NaN", "render.png?width=-5", "render.svg?params=[1]"} {
		r := ta.do("GET", fmt.Sprintf("/api/dashboards/%d/%s", d, q), alice, nil)
		if r.Status != 200 && r.Status != 422 && r.Status != 400 {
			t.Errorf("%s: %d %.300s", q, r.Status, r.Body)
		}
	}
}

// TestNewEndpointsOddInput: odd input to today's endpoints is a 4xx,
// never a 500 or a panic.
func TestNewEndpointsOddInput(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	alice, aliceID := ta.newUser(admin, "alice")
	ids, _ := ta.resources(t, alice, aliceID)
	d := ids["/api/dashboards"]
	sh := fmt.Sprintf("/api/dashboards/%d/shares", d)
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"PUT", sh, raw(`null`)},
		{"PUT", sh, raw(`[null]`)},
		{"PUT", sh, raw(`[{"user_id":9223372036854775807,"role":"viewer"}]`)},
		{"PUT", sh, raw(`[{"user_id":-1,"role":"editor"}]`)},
		{"PUT", sh, raw(`[{"everyone":true,"role":""}]`)},
		{"PUT", sh, raw(`[{"user_id":1.5,"role":"viewer"}]`)},
		{"PUT", sh, raw(`{"a":[]}`)},
		{"PUT", "/api/charts/9223372036854775807/shares", raw(`[]`)},
		{"GET", "/api/queries/0/shares", nil},
		{"GET", fmt.Sprintf("/api/dashboards/%d/choices?param=%%00%%ff", d), nil},
		{"GET", fmt.Sprintf("/api/dashboards/%d/choices?param=", d), nil},
		{"GET", "/api/dashboards/-1/choices", nil},
		{"POST", "/api/queries/runs/%C3%A9/cancel", nil},
		{"POST", "/api/queries/runs/" + strings.Repeat("a", 65) + "/cancel", nil},
		{"POST", "/api/queries/runs/..%2F..%2Fx/cancel", nil},
		{"POST", fmt.Sprintf("/api/queries/%d/execute", ids["/api/queries"]), raw(`{"run_id":"a b"}`)},
		{"POST", "/api/webhooks", raw(`{"name":"x","url":"https://[::1","events":["webhook.test"]}`)},
		{"POST", "/api/webhooks", raw(`{"name":"x","url":"https://ex.example/","events":["webhook.test"],"headers":{"":"v","X\u00e9":"v"}}`)},
		{"GET", fmt.Sprintf("/api/webhooks/%d/deliveries?limit=0&before_id=-1", ids["/api/webhooks"]), nil},
		{"GET", "/api/datasets?x=" + strings.Repeat("%2e", 100), nil},
		{"GET", fmt.Sprintf("/api/dashboards/%d/render.svg?params=%%7B%%22a%%22%%3A%%7B%%7D%%7D", d), nil},
	} {
		r := ta.do(c.method, c.path, alice, c.body)
		if r.Status >= 500 {
			t.Errorf("%s %s: %d %.300s", c.method, c.path, r.Status, r.Body)
		}
	}
}

// TestChoicesNotPassedOn: a dashboard's choice source that is a query
// someone else shared with its owner answers the owner, not the
// dashboard's viewers (as its tiles count only the owner's own charts).
func TestChoicesNotPassedOn(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	alice, aliceID := ta.newUser(admin, "alice")
	bob, bobID := ta.newUser(admin, "bob")
	carol, carolID := ta.newUser(admin, "carol")
	cids, _ := ta.resources(t, carol, carolID)
	q := cids["/api/queries"]
	want(t, ta.do("PUT", fmt.Sprintf("/api/queries/%d/shares", q), carol, []api.Share{{UserID: aliceID, Role: api.ShareViewer}}), 200)
	d := id(t, want(t, ta.do("POST", "/api/dashboards", alice, api.DashboardInput{Title: "board",
		Params: []api.ParamDef{{Name: "region", Type: api.ParamString, Choices: &api.ChoiceSource{QueryID: q, Column: "region"}}}}), 201))
	want(t, ta.do("PUT", fmt.Sprintf("/api/dashboards/%d/shares", d), alice, []api.Share{{UserID: bobID, Role: api.ShareViewer}}), 200)
	url := fmt.Sprintf("/api/dashboards/%d/choices", d)
	ta.run(t, []scenario{
		{"the owner", alice, "GET", url, nil, 200, "North"},
		{"a viewer", bob, "GET", url, nil, 404, "not_found"},
		{"a viewer, one parameter", bob, "GET", url + "?param=region", nil, 404, "not_found"},
	})
}

// TestChartOnSharedQueryRefused: a viewer of a shared query cannot build
// a chart of their own on it, which they could share or embed: the
// query's data would reach people its owner never chose.
func TestChartOnSharedQueryRefused(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	alice, aliceID := ta.newUser(admin, "alice")
	bob, bobID := ta.newUser(admin, "bob")
	ids, _ := ta.resources(t, alice, aliceID)
	q := ids["/api/queries"]
	want(t, ta.do("PUT", fmt.Sprintf("/api/queries/%d/shares", q), alice, []api.Share{{UserID: bobID, Role: api.ShareViewer}}), 200)
	on := func(name string, query int64) map[string]any {
		return map[string]any{"name": name, "spec": json.RawMessage(fmt.Sprintf(`{"type":"bar","query_id":%d,"encoding":{"x":"region","y":"revenue"}}`, query))}
	}
	ta.run(t, []scenario{
		{"bob runs the shared query", bob, "POST", fmt.Sprintf("/api/queries/%d/execute", q), nil, 200, "rows"},
		{"bob charts it", bob, "POST", "/api/charts", on("mine", q), 422, "spec.query_id"},
		{"alice charts it", alice, "POST", "/api/charts", on("hers", q), 201, ""},
		{"an admin charts it", admin, "POST", "/api/charts", on("admin's", q), 201, ""},
	})
}
