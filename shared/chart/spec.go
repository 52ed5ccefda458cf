package chart

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/gobi-bi/gobi/shared/api"
)

// Type names a chart type of the catalogue.
type Type string

// The chart types. 3D types are drawn by the browser client only.
const (
	Bar         Type = "bar"
	Line        Type = "line"
	Area        Type = "area"
	Pie         Type = "pie"
	Scatter     Type = "scatter"
	Radar       Type = "radar"
	Heatmap     Type = "heatmap"
	Gauge       Type = "gauge"
	Funnel      Type = "funnel"
	Treemap     Type = "treemap"
	Sunburst    Type = "sunburst"
	Tree        Type = "tree"
	Boxplot     Type = "boxplot"
	Candlestick Type = "candlestick"
	WordCloud   Type = "wordcloud"
	Graph       Type = "graph"
	Waterfall   Type = "waterfall"
	Polar       Type = "polar"
	Gantt       Type = "gantt"
	Rose        Type = "rose"
	Geo         Type = "geo"
	Progress    Type = "progress"
	Bar3D       Type = "bar3d"
	Scatter3D   Type = "scatter3d"
	Surface3D   Type = "surface3d"
	Bubble3D    Type = "bubble3d"
)

// Channel is an encoding channel: a role a column plays in a chart.
type Channel string

// The encoding channels. Each chart type requires some and accepts others
// (see Catalogue).
const (
	X        Channel = "x"
	Y        Channel = "y"
	Z        Channel = "z"
	Series   Channel = "series"   // splits rows into series (long format)
	Category Channel = "category" // the label of a slice, bar, stage, axis…
	Value    Channel = "value"    // the measure
	Size     Channel = "size"
	Color    Channel = "color"
	Label    Channel = "label"
	Open     Channel = "open"
	High     Channel = "high"
	Low      Channel = "low"
	Close    Channel = "close"
	Source   Channel = "source"
	Target   Channel = "target"
	ID       Channel = "id"
	Parent   Channel = "parent"
	Path     Channel = "path" // hierarchy levels, outermost first (several columns)
	Start    Channel = "start"
	End      Channel = "end"
	Region   Channel = "region" // ISO 3166 code or name
	Lat      Channel = "lat"
	Lon      Channel = "lon"
	Min      Channel = "min"
	Max      Channel = "max"
)

// Spec says what to draw. It is the body of a saved chart and of an
// inline render request.
type Spec struct {
	Type     Type   `json:"type"`
	Title    string `json:"title,omitempty"`
	Subtitle string `json:"subtitle,omitempty"`
	// QueryID names the saved query that feeds the chart, run with Params;
	// Data is an inline dataset instead (exactly one of the two).
	QueryID  int64             `json:"query_id,omitempty"`
	Params   map[string]any    `json:"params,omitempty"`
	Data     *api.Result       `json:"data,omitempty"`
	Encoding map[Channel]Field `json:"encoding"`
	XAxis    Axis              `json:"x_axis,omitempty"`
	YAxis    Axis              `json:"y_axis,omitempty"`
	Legend   Legend            `json:"legend,omitempty"`
	// Palette is a named palette ("default", "viridis", "warm", "cool");
	// Colors overrides it with explicit #rrggbb colours.
	Palette string   `json:"palette,omitempty"`
	Colors  []string `json:"colors,omitempty"`
	// Theme is "light" (default) or "dark".
	Theme  string `json:"theme,omitempty"`
	Format Format `json:"format,omitempty"`
	Sort   *Sort  `json:"sort,omitempty"`
	// Stack is "", "stack" or "percent" for bar and area.
	Stack string `json:"stack,omitempty"`
	// Limit keeps the first N categories (after sorting); 0 = all.
	Limit   int     `json:"limit,omitempty"`
	Options Options `json:"options,omitempty"`
}

// Field maps a channel to one or more columns. In JSON it is a column
// name, a list of names, or an object.
type Field struct {
	Columns []string `json:"columns"`
	// Label replaces the column name in axes, legends and tooltips.
	Label string `json:"label,omitempty"`
	// Format overrides the spec's number or date format for this field.
	Format string `json:"format,omitempty"`
}

// Column is the first (usually only) column of the field.
func (f Field) Column() string {
	if len(f.Columns) == 0 {
		return ""
	}
	return f.Columns[0]
}

// UnmarshalJSON accepts "col", ["a","b"] or {"columns":[…],"label":…}
// (and {"column":"a"}).
func (f *Field) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = Field{Columns: []string{s}}
		return nil
	case len(b) > 0 && b[0] == '[':
		var cs []string
		if err := json.Unmarshal(b, &cs); err != nil {
			return fmt.Errorf("a field must be a column name, a list of column names or an object")
		}
		*f = Field{Columns: cs}
		return nil
	case len(b) > 0 && b[0] == '{':
		var o struct {
			Column  string   `json:"column"`
			Columns []string `json:"columns"`
			Label   string   `json:"label"`
			Format  string   `json:"format"`
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&o); err != nil {
			return fmt.Errorf("field object: %w", err)
		}
		cols := o.Columns
		if o.Column != "" {
			cols = append([]string{o.Column}, cols...)
		}
		*f = Field{Columns: cols, Label: o.Label, Format: o.Format}
		return nil
	}
	return fmt.Errorf("a field must be a column name, a list of column names or an object")
}

// MarshalJSON writes the shortest form.
func (f Field) MarshalJSON() ([]byte, error) {
	if f.Label == "" && f.Format == "" {
		if len(f.Columns) == 1 {
			return json.Marshal(f.Columns[0])
		}
		return json.Marshal(f.Columns)
	}
	type plain Field
	return json.Marshal(plain(f))
}

// Axis configures an axis of a cartesian chart.
type Axis struct {
	Title string `json:"title,omitempty"`
	// Scale is "linear", "log", "time" or "category"; empty picks one
	// from the column type.
	Scale  string   `json:"scale,omitempty"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
	Format string   `json:"format,omitempty"`
	Hidden bool     `json:"hidden,omitempty"`
	// Grid draws grid lines at the ticks (default on for the value axis).
	Grid *bool `json:"grid,omitempty"`
}

// Legend configures the legend.
type Legend struct {
	// Position is "right" (default), "bottom", "top" or "none".
	Position string `json:"position,omitempty"`
}

// Format sets default number and date formats.
type Format struct {
	// Number is a pattern such as "0,0.00", "0.0%", "$0,0", "0.0a" (k/M/B).
	Number string `json:"number,omitempty"`
	// Date is a Go time layout or one of "date", "datetime", "month",
	// "year", "time".
	Date string `json:"date,omitempty"`
}

// Sort orders categories.
type Sort struct {
	// By is "category", "value" or a column name.
	By   string `json:"by"`
	Desc bool   `json:"desc,omitempty"`
}

// Options are the knobs specific to some chart types.
type Options struct {
	Horizontal bool     `json:"horizontal,omitempty"` // bar, funnel, gantt
	Smooth     bool     `json:"smooth,omitempty"`     // line, area, radar
	Donut      float64  `json:"donut,omitempty"`      // pie, rose: inner radius fraction 0–0.9
	ShowLabels bool     `json:"show_labels,omitempty"`
	Min        *float64 `json:"min,omitempty"`    // gauge, progress scale
	Max        *float64 `json:"max,omitempty"`    // gauge, progress scale
	Target     *float64 `json:"target,omitempty"` // gauge, progress marker
	Circular   bool     `json:"circular,omitempty"`
	Wireframe  bool     `json:"wireframe,omitempty"` // surface3d
	// Map is the geo chart's base map: "world" (default) or "us-states".
	Map string `json:"map,omitempty"`
	// MaxPoints caps points per series before downsampling (LTTB).
	MaxPoints int `json:"max_points,omitempty"`
}
