package chart

import (
	"reflect"

	"github.com/danielgtaylor/huma/v2"

	spec "github.com/gobi-bi/gobi/shared/chart"
)

// Schemas documents the chart model's types whose JSON is not what their
// Go fields say, for the OpenAPI document (route.Config.Schemas).
var Schemas = map[reflect.Type]reflect.Type{reflect.TypeFor[spec.Field](): reflect.TypeFor[fieldSchema]()}

// fieldSchema is spec.Field's schema: a column name, a list of column
// names, or an object with columns, a label and a format.
type fieldSchema struct{}

// Schema implements huma.SchemaProvider.
func (fieldSchema) Schema(huma.Registry) *huma.Schema {
	columns := &huma.Schema{Type: "array", Items: &huma.Schema{Type: "string"}}
	return &huma.Schema{
		Description: "A column name, a list of column names, or {columns, label, format}.",
		OneOf: []*huma.Schema{
			{Type: "string"},
			columns,
			{Type: "object", AdditionalProperties: false, Properties: map[string]*huma.Schema{
				"columns": columns, "column": {Type: "string"},
				"label": {Type: "string"}, "format": {Type: "string"},
			}},
		},
	}
}
