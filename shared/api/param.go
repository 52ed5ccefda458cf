package api

// ParamType is the declared type of a named query parameter.
type ParamType string

// The parameter types a saved query may declare.
const (
	ParamString ParamType = "string"
	ParamNumber ParamType = "number"
	ParamDate   ParamType = "date"
	ParamList   ParamType = "list"
)

// ParamDef declares one named parameter (":region" in SQL is Name "region").
// Default is used when a request gives no value; a parameter that is
// Required and has no default must be given.
type ParamDef struct {
	Name     string    `json:"name"`
	Type     ParamType `json:"type"`
	Required bool      `json:"required,omitempty"`
	Default  any       `json:"default,omitempty"`
	// ItemType is the element type of a list parameter (string, number or
	// date); empty means string.
	ItemType ParamType `json:"item_type,omitempty"`
	// Choices, on a dashboard parameter, names where the values its
	// control offers come from (GET /api/dashboards/{id}/choices).
	// Queries ignore it.
	Choices *ChoiceSource `json:"choices,omitempty"`
	// Values, for a string or list parameter, are the choices a form
	// offers (a dropdown, a multi-select for a list), each of the item
	// type; at most 1000. Empty means any value is typed in.
	Values []any `json:"values,omitempty"`
}
