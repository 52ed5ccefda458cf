package app

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

func TestChartTypes(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	var types []chart.TypeInfo
	want(t, ta.do("GET", "/api/chart-types", ta.adminToken(), nil), 200).JSON(t, &types)
	if len(types) != 26 || types[0].Type != chart.Bar {
		t.Fatalf("catalogue has %d types, first %q", len(types), types[0].Type)
	}
	for _, ti := range types {
		if len(ti.Required) == 0 && len(ti.Alternatives) == 0 {
			t.Errorf("%s lists no required encodings", ti.Type)
		}
	}
}

// TestDemoChartsRender draws every demo chart through the API: its data,
// an SVG that parses as XML with marks in it, and a PNG that decodes.
func TestDemoChartsRender(t *testing.T) {
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	var charts []chart.Saved
	want(t, ta.do("GET", "/api/charts", admin, nil), 200).JSON(t, &charts)
	seen := map[chart.Type]bool{}
	for _, c := range charts {
		seen[c.Type] = true
	}
	for _, ti := range chart.Catalogue() {
		if !seen[ti.Type] {
			t.Errorf("no demo chart of type %s", ti.Type)
		}
	}
	for _, c := range charts {
		t.Run(string(c.Type)+"/"+c.Name, func(t *testing.T) {
			var d chart.DataResponse
			want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/data", c.ID), admin, nil), 200).JSON(t, &d)
			if len(d.Problems) > 0 || d.Data == nil || d.Data.RowCount == 0 {
				t.Fatalf("data: problems %+v, rows %v", d.Problems, d.Data)
			}
			info, _ := chart.Info(c.Type)
			if info.Dim == 3 {
				want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/render.svg", c.ID), admin, nil), 422)
				return
			}
			r := want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/render.svg?width=640&height=400", c.ID), admin, nil), 200)
			if ct := r.Header.Get("Content-Type"); ct != "image/svg+xml" {
				t.Fatalf("content type %q", ct)
			}
			marks := svgMarks(t, r.Body)
			if marks == 0 {
				t.Fatalf("SVG has no marks:\n%.600s", r.Body)
			}
			r = want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/render.png?width=320&height=200&theme=dark", c.ID), admin, nil), 200)
			img, err := png.Decode(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != 320 || b.Dy() != 200 {
				t.Fatalf("PNG is %v", b)
			}
		})
	}
}

// svgMarks parses an SVG and counts groups marked data-kind="mark".
func svgMarks(t *testing.T, b []byte) int {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	marks, root := 0, ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			for _, a := range se.Attr {
				if a.Name.Local == "data-kind" && a.Value == "mark" {
					marks++
				}
			}
		}
	}
	if root != "svg" {
		t.Fatalf("root element %q", root)
	}
	return marks
}

func TestChartsCRUD(t *testing.T) {
	each(t, nil, func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		alice, _ := ta.newUser(admin, "alice")
		bob, _ := ta.newUser(admin, "bob")
		ds := id(t, want(t, ta.do("POST", "/api/datasources", alice, api.DatasourceInput{Name: "s", Type: api.SQLite, Path: demoFile}), 201))
		q := id(t, want(t, ta.do("POST", "/api/queries", alice, api.QueryInput{DatasourceID: ds, Name: "by region",
			SQL:    "SELECT region, SUM(revenue) AS revenue FROM sales WHERE region <> :skip GROUP BY region",
			Params: []api.ParamDef{{Name: "skip", Type: api.ParamString, Default: "none"}}}), 201))

		spec := fmt.Sprintf(`{"type":"bar","title":"Revenue","query_id":%d,"encoding":{"x":"region","y":"revenue"}}`, q)
		c := id(t, want(t, ta.do("POST", "/api/charts", alice, map[string]any{"name": "rev", "spec": json.RawMessage(spec)}), 201))

		var d chart.DataResponse
		want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/data", c), alice, nil), 200).JSON(t, &d)
		if d.Data.RowCount != 5 {
			t.Fatalf("data rows %d", d.Data.RowCount)
		}
		p := url.QueryEscape(`{"skip":"Europe"}`)
		want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/data?params=%s", c, p), alice, nil), 200).JSON(t, &d)
		if d.Data.RowCount != 4 {
			t.Fatalf("params did not reach the query: %d rows", d.Data.RowCount)
		}
		want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/data?params=nope", c), alice, nil), 400)

		// Validation errors carry paths under spec.
		bad := []struct {
			spec string
			path string
		}{
			{`{"type":"bar","query_id":%d,"encoding":{"x":"region"}}`, "spec.encoding.y"},
			{`{"type":"donut","query_id":%d,"encoding":{}}`, "spec.type"},
			{`{"type":"pie","query_id":%d,"encoding":{"category":"region","value":"revenue"},"options":{"donut":2}}`, "spec.options.donut"},
			{`{"type":"bar","query_id":%d,"encoding":{"x":"region","y":"revenue"},"colours":[]}`, "spec"},
			{`{"type":"bar","query_id":999999,"encoding":{"x":"region","y":"revenue"}}`, "spec.query_id"},
		}
		for _, b := range bad {
			s := b.spec
			if strings.Contains(s, "%d") {
				s = fmt.Sprintf(s, q)
			}
			e := want(t, ta.do("POST", "/api/charts", alice, map[string]any{"name": "bad", "spec": json.RawMessage(s)}), 422).Err(t)
			found := false
			for _, f := range e.Fields {
				found = found || strings.HasPrefix(f.Path, b.path)
			}
			if !found {
				t.Errorf("%s: fields %+v, want a path starting %q", s, e.Fields, b.path)
			}
		}
		// A column the query does not return is reported as a problem.
		wrong := fmt.Sprintf(`{"type":"bar","query_id":%d,"encoding":{"x":"country","y":"revenue"}}`, q)
		c2 := id(t, want(t, ta.do("POST", "/api/charts", alice, map[string]any{"name": "wrong", "spec": json.RawMessage(wrong)}), 201))
		want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/data", c2), alice, nil), 200).JSON(t, &d)
		if len(d.Problems) == 0 || !strings.Contains(d.Problems[0].Message, "country") {
			t.Fatalf("problems = %+v", d.Problems)
		}
		want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/render.svg", c2), alice, nil), 422)
		want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/render.png?width=5", c), alice, nil), 422)

		// Isolation.
		for _, m := range []string{"GET", "PUT", "DELETE"} {
			want(t, ta.do(m, fmt.Sprintf("/api/charts/%d", c), bob, map[string]any{"name": "x", "spec": json.RawMessage(spec)}), 404)
		}
		for _, sub := range []string{"data", "render.svg", "render.png"} {
			want(t, ta.do("GET", fmt.Sprintf("/api/charts/%d/%s", c, sub), bob, nil), 404)
		}
		e := want(t, ta.do("POST", "/api/charts", bob, map[string]any{"name": "steal", "spec": json.RawMessage(spec)}), 422).Err(t)
		if e.Fields[0].Path != "spec.query_id" {
			t.Fatalf("%+v", e)
		}
		var st api.Stats
		want(t, ta.do("GET", "/api/dashboard/stats", alice, nil), 200).JSON(t, &st)
		if st.Charts != 2 {
			t.Fatalf("stats charts %d", st.Charts)
		}

		// A query used by charts cannot be deleted.
		want(t, ta.do("DELETE", fmt.Sprintf("/api/queries/%d", q), alice, nil), 409)
		want(t, ta.do("DELETE", fmt.Sprintf("/api/charts/%d", c), alice, nil), 204)
		want(t, ta.do("DELETE", fmt.Sprintf("/api/charts/%d", c2), alice, nil), 204)
		want(t, ta.do("DELETE", fmt.Sprintf("/api/queries/%d", q), alice, nil), 204)
	})
}
