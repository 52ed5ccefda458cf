package app

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/route"
	"github.com/gobi-bi/gobi/shared/api"
)

// scenario is one request and what it must get: the shape of every
// endpoint test here, so each role × endpoint case is one line.
type scenario struct {
	name   string
	caller string // a session token, "" for none
	method string
	url    string
	body   any
	status int
	// contains, when set, must appear in the response body.
	contains string
}

// run sends each scenario as a subtest.
func (ta *testApp) run(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			r := ta.do(s.method, s.url, s.caller, s.body)
			if r.Status != s.status {
				t.Fatalf("%s %s: status %d, want %d: %s", s.method, s.url, r.Status, s.status, r.Body)
			}
			if s.contains != "" && !strings.Contains(string(r.Body), s.contains) {
				t.Fatalf("%s %s: body lacks %q: %s", s.method, s.url, s.contains, r.Body)
			}
		})
	}
}

// resources creates one of each of owner's resources and returns, for
// each collection path, the id of the one created and a valid body for
// replacing it.
func (ta *testApp) resources(t *testing.T, owner string, ownerID int64) (ids map[string]int64, bodies map[string]any) {
	ds := id(t, want(t, ta.do("POST", "/api/datasources", owner, api.DatasourceInput{Name: "m-src", Type: api.SQLite, Path: demoFile}), 201))
	qIn := api.QueryInput{DatasourceID: ds, Name: "m-q", SQL: "SELECT region, SUM(revenue) AS revenue FROM sales GROUP BY region"}
	q := id(t, want(t, ta.do("POST", "/api/queries", owner, qIn), 201))
	spec := json.RawMessage(fmt.Sprintf(`{"type":"bar","title":"R","query_id":%d,"encoding":{"x":"region","y":"revenue"}}`, q))
	chIn := map[string]any{"name": "m-chart", "spec": spec}
	ch := id(t, want(t, ta.do("POST", "/api/charts", owner, chIn), 201))
	dIn := api.DashboardInput{Title: "m-dash"}
	d := id(t, want(t, ta.do("POST", "/api/dashboards", owner, dIn), 201))
	var link api.EmbedCreated
	want(t, ta.do("POST", "/api/embed", owner, api.EmbedInput{Kind: api.EmbedChart, ID: ch}), 201).JSON(t, &link)
	key := ta.newKey(owner, api.APIKeyInput{Name: "m-key"})
	hookIn := api.WebhookInput{Name: "m-hook", URL: "http://127.0.0.1:9/hook", Events: []string{api.EventWebhookTest}}
	hook := id(t, want(t, ta.do("POST", "/api/webhooks", owner, hookIn), 201))
	ids = map[string]int64{"/api/datasources": ds, "/api/queries": q, "/api/charts": ch, "/api/dashboards": d,
		"/api/embed": link.ID, "/api/apikeys": key.ID, "/api/users": ownerID,
		"/api/webhooks": hook,
	}
	bodies = map[string]any{
		"update-data-source": api.DatasourceInput{Name: "stolen", Type: api.SQLite, Path: demoFile},
		"update-query":       qIn, "update-chart": chIn, "update-dashboard": dIn,
		"query-datasource": api.AdhocQuery{SQL: "SELECT 1"}, "update-user": api.UserUpdate{Password: ptr("taken-over-pw")},
		"update-webhook":       hookIn,
		"set-dashboard-shares": []api.Share{}, "set-chart-shares": []api.Share{}, "set-query-shares": []api.Share{},
	}
	return ids, bodies
}

// collection is the collection an operation on one resource belongs to:
// /api/charts for /api/charts/{id}/data.
func collection(path string) string {
	before, _, _ := strings.Cut(path, "/{id}")
	return before
}

// TestIsolationMatrix: for every operation of the route table on one
// resource ({id}), another user gets 404 on Alice's resource, exactly as
// for a missing one; an admin gets past the isolation. The matrix comes
// from the table, so a new endpoint cannot skip it: one whose resource
// is unknown here fails until it is added.
func TestIsolationMatrix(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		alice, aliceID := ta.newUser(admin, "alice")
		bob, _ := ta.newUser(admin, "bob")
		ids, bodies := ta.resources(t, alice, aliceID)
		var scenarios, asAdmin []scenario
		for _, o := range ta.app.ops.Only(route.Caller, route.Session) {
			if !strings.Contains(o.Path, "{id}") {
				continue
			}
			rid, ok := ids[collection(o.Path)]
			if !ok {
				t.Errorf("%s (%s): add its resource to TestIsolationMatrix", o.ID, o.Path)
				continue
			}
			url := strings.Replace(o.Path, "{id}", fmt.Sprint(rid), 1)
			url = strings.ReplaceAll(url, "{delivery_id}", "1") // the webhook's isolation answers first
			if o.AdminOnly {
				// Not a question of isolation: users may not call it at all.
				scenarios = append(scenarios, scenario{o.ID + " as a user", bob, o.Method, url, bodies[o.ID], 403, "admin"})
				continue
			}
			scenarios = append(scenarios, scenario{o.ID + " on another's", bob, o.Method, url, bodies[o.ID], 404, "not_found"})
			if o.Method == "GET" {
				asAdmin = append(asAdmin, scenario{o.ID + " as admin", admin, o.Method, url, nil, 200, ""})
			}
		}
		ta.run(t, scenarios)
		ta.run(t, asAdmin)
	})
}

// TestAccessMatrix: every operation that needs credentials answers 401
// without them, and an embed-token operation refuses a session; the
// public ones do not ask for credentials. Generated from the table.
func TestAccessMatrix(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	user, _ := ta.newUser(ta.adminToken(), "carol")
	var scenarios []scenario
	for _, o := range ta.app.ops {
		url := strings.ReplaceAll(o.Path, "{id}", "1")
		switch o.Access {
		case route.Caller, route.Session:
			scenarios = append(scenarios, scenario{o.ID + " anonymous", "", o.Method, url, nil, 401, "unauthorized"})
		case route.Embed:
			scenarios = append(scenarios, scenario{o.ID + " with a session", user, o.Method, url, nil, 401, "Embed"})
		case route.Public:
			t.Run(o.ID+" is public", func(t *testing.T) {
				if r := ta.do(o.Method, url, "", "{}"); r.Status == 401 && !strings.Contains(string(r.Body), "password") {
					t.Fatalf("a public operation asks for credentials: %s", r.Body)
				}
			})
		}
	}
	ta.run(t, scenarios)
}

// TestDocumentServed: the document is OpenAPI 3.1, public, lists the
// three credential schemes and the embed token, and YAML says the same.
func TestDocumentServed(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) { c.External.Addr = "127.0.0.1:0" })
	d := openAPI(t, ta)
	if d.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q", d.OpenAPI)
	}
	for _, s := range []string{"bearer", "apiKey", "signedKey", "signedTimestamp", "signature", "embed"} {
		if _, ok := d.Components.SecuritySchemes[s]; !ok {
			t.Errorf("security scheme %s missing", s)
		}
	}
	if _, ok := d.Components.Schemas["Error"]; !ok {
		t.Error("the Error schema is missing")
	}
	login := d.Paths["/api/auth/login"]["post"]
	if login.Security != nil {
		t.Errorf("login needs credentials in the document: %v", login.Security)
	}
	get := d.Paths["/api/charts/{id}"]["get"]
	if len(get.Security) != 3 || get.Security[2]["signature"] == nil {
		t.Errorf("GET /api/charts/{id} security %v", get.Security)
	}
	if _, ok := get.Responses["404"]; !ok {
		t.Errorf("GET /api/charts/{id} documents no 404: %v", get.Responses)
	}
	// The external listener documents its own operations, unsigned.
	var ext document
	want(t, ta.raw(httptest.NewRequest("GET", "/api/openapi.json", nil), true), 200).JSON(t, &ext)
	n := 0
	for _, ops := range ext.Paths {
		for _, o := range ops {
			n++
			if !o.External {
				t.Errorf("the external document lists %s", o.OperationID)
			}
		}
	}
	if n != len(ta.app.ops.External()) {
		t.Errorf("the external document lists %d operations, the table marks %d", n, len(ta.app.ops.External()))
	}
	r := want(t, ta.do("GET", "/api/openapi.yaml", "", nil), 200)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/yaml") || !strings.Contains(string(r.Body), "operationId: get-chart") {
		t.Fatalf("yaml: %s %.300s", r.Header.Get("Content-Type"), r.Body)
	}
}
