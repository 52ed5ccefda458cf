package app

import (
	"encoding/json"
	"testing"
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
