package app

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/gobi-bi/gobi/server/route"
)

// docOperation is what the tests read of an operation in the document.
type docOperation struct {
	OperationID string                     `json:"operationId"`
	Access      string                     `json:"x-gobi-access"`
	Scope       string                     `json:"x-gobi-scope"`
	External    bool                       `json:"x-gobi-external"`
	Security    []map[string][]string      `json:"security"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

type document struct {
	OpenAPI    string                             `json:"openapi"`
	Paths      map[string]map[string]docOperation `json:"paths"`
	Components struct {
		SecuritySchemes map[string]json.RawMessage `json:"securitySchemes"`
		Schemas         map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

// openAPI fetches and decodes the served document.
func openAPI(t *testing.T, ta *testApp) document {
	t.Helper()
	var d document
	want(t, ta.do("GET", "/api/openapi.json", "", nil), 200).JSON(t, &d)
	return d
}

// contract validates real responses against the OpenAPI document: every
// response the tests receive from an operation must have a status the
// document lists for it and, for JSON, a body its schema accepts. ta.do
// and ta.raw check each response, so every API test is a contract test.
type contract struct {
	ops      route.Table
	compiler *jsonschema.Compiler
	mu       sync.Mutex
	doc      map[string]any
	schemas  map[string]*jsonschema.Schema
}

func newContract(t *testing.T, a *App) *contract {
	raw, err := a.api.OpenAPI().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("https://gobi.invalid/openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	return &contract{ops: a.ops, compiler: c, doc: doc.(map[string]any), schemas: map[string]*jsonschema.Schema{}}
}

// operation finds the operation a request reached.
func (c *contract) operation(method, path string) (route.Op, bool) {
	path, _, _ = strings.Cut(path, "?")
	for _, o := range c.ops {
		if o.Method != method {
			continue
		}
		want, got := strings.Split(o.Path, "/"), strings.Split(path, "/")
		if len(want) != len(got) {
			continue
		}
		match := true
		for i := range want {
			if want[i] != got[i] && !strings.HasPrefix(want[i], "{") {
				match = false
				break
			}
		}
		if match {
			return o, true
		}
	}
	return route.Op{}, false
}

func (c *contract) check(t *testing.T, external bool, method, path string, r response) {
	t.Helper()
	o, ok := c.operation(method, path)
	if !ok || (external && !o.OnExternal) {
		return // not an operation (of this listener): static files, the document, 404s
	}
	status := strconv.Itoa(r.Status)
	paths := c.doc["paths"].(map[string]any)
	op := paths[o.Path].(map[string]any)[strings.ToLower(method)].(map[string]any)
	res, ok := op["responses"].(map[string]any)[status].(map[string]any)
	if !ok {
		t.Errorf("contract: %s %s answered %d, which the document does not list for %s: %s", method, path, r.Status, o.ID, r.Body)
		return
	}
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	content, _ := res["content"].(map[string]any)
	if len(r.Body) == 0 || len(content) == 0 {
		return
	}
	if _, ok := content[ct]; !ok {
		t.Errorf("contract: %s %s answered %s, not one of the document's content types for %d", method, path, ct, r.Status)
		return
	}
	if ct != "application/json" {
		return
	}
	ptr := "#/paths/" + url.PathEscape(strings.NewReplacer("~", "~0", "/", "~1").Replace(o.Path)) + "/" +
		strings.ToLower(method) + "/responses/" + status + "/content/application~1json/schema"
	s, err := c.schema(ptr)
	if err != nil {
		t.Errorf("contract: compile %s: %v", ptr, err)
		return
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.Body))
	if err != nil {
		t.Errorf("contract: %s %s: body is not JSON: %v", method, path, err)
		return
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("contract: %s %s (%d) does not match the document: %v\nbody: %.2000s", method, path, r.Status, err, r.Body)
	}
}

func (c *contract) schema(ptr string) (*jsonschema.Schema, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.schemas[ptr]; ok {
		return s, nil
	}
	s, err := c.compiler.Compile("https://gobi.invalid/openapi.json" + ptr)
	if err == nil {
		c.schemas[ptr] = s
	}
	return s, err
}
