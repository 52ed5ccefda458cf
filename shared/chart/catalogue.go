package chart

// Kind says what sort of column a channel takes, so editors can offer the
// right columns and ValidateData can reject a text column used as a
// measure.
type Kind string

// The kinds of column a channel takes.
const (
	// KindDimension is a column whose distinct values are positions or
	// groups: categories, dates or numbers.
	KindDimension Kind = "dimension"
	// KindMeasure is a numeric column: int or float, or text in which
	// every value is a number (as drivers return DECIMAL).
	KindMeasure Kind = "measure"
	// KindTime is a time column, or text in which every value is a date.
	KindTime Kind = "time"
	// KindAny takes any column (labels, tooltips).
	KindAny Kind = "any"
)

// EncodingInfo describes one channel of one chart type, for editors and
// for the validator's messages.
type EncodingInfo struct {
	Channel Channel `json:"channel"`
	Kind    Kind    `json:"kind"`
	// Multiple is true when the channel takes several columns (several
	// measures on y, the levels of a path).
	Multiple    bool   `json:"multiple,omitempty"`
	Description string `json:"description"`
}

// TypeInfo is one entry of the chart catalogue: what a chart type needs
// and accepts. GET /api/chart-types returns the catalogue so clients build
// their editors from it instead of repeating it.
type TypeInfo struct {
	Type   Type   `json:"type"`
	Name   string `json:"name"`
	Family string `json:"family"` // cartesian, radial, hierarchy, flow, text, geo, single or 3d
	Dim    int    `json:"dim"`    // 2 or 3; 3D types are drawn by the browser client only
	// Required channels must all be encoded.
	Required []EncodingInfo `json:"required"`
	// Optional channels may be encoded. The channels of Alternatives are
	// listed here too, so Required and Optional hold every channel the
	// type accepts.
	Optional []EncodingInfo `json:"optional"`
	// Alternatives, when present, are sets of channels of which exactly
	// one must be encoded completely: a tree takes either path or id and
	// parent.
	Alternatives [][]Channel `json:"required_alternatives,omitempty"`
	// Settings are the JSON paths of the spec settings this type honours
	// beyond the common ones (title, legend, palette, colors, theme,
	// format, sort, limit). Others are ignored, so switching type in an
	// editor keeps them.
	Settings    []string `json:"settings,omitempty"`
	Description string   `json:"description"`
}

// Accepts returns the channel's entry when the type takes it.
func (ti TypeInfo) Accepts(ch Channel) (EncodingInfo, bool) {
	for _, e := range ti.Required {
		if e.Channel == ch {
			return e, true
		}
	}
	for _, e := range ti.Optional {
		if e.Channel == ch {
			return e, true
		}
	}
	return EncodingInfo{}, false
}

// Honours reports whether the type uses the setting at JSON path p.
func (ti TypeInfo) Honours(p string) bool {
	for _, s := range ti.Settings {
		if s == p {
			return true
		}
	}
	return false
}

// Catalogue lists every chart type: the 22 2D types, then the 4 3D ones.
// The result is a copy the caller may change.
func Catalogue() []TypeInfo {
	out := make([]TypeInfo, len(catalogue))
	for i, ti := range catalogue {
		out[i] = ti.clone()
	}
	return out
}

// Info is the catalogue entry of t (a copy).
func Info(t Type) (TypeInfo, bool) {
	ti := info(t)
	if ti == nil {
		return TypeInfo{}, false
	}
	return ti.clone(), true
}

// info is the shared entry of t, for read-only use inside the package.
func info(t Type) *TypeInfo {
	for i := range catalogue {
		if catalogue[i].Type == t {
			return &catalogue[i]
		}
	}
	return nil
}

func (ti TypeInfo) clone() TypeInfo {
	ti.Required = append([]EncodingInfo(nil), ti.Required...)
	ti.Optional = append([]EncodingInfo(nil), ti.Optional...)
	alts := make([][]Channel, len(ti.Alternatives))
	for i, a := range ti.Alternatives {
		alts[i] = append([]Channel(nil), a...)
	}
	if ti.Alternatives == nil {
		alts = nil
	}
	ti.Alternatives = alts
	ti.Settings = append([]string(nil), ti.Settings...)
	return ti
}

// one and many build EncodingInfo entries.
func one(ch Channel, k Kind, desc string) EncodingInfo {
	return EncodingInfo{Channel: ch, Kind: k, Description: desc}
}

func many(ch Channel, k Kind, desc string) EncodingInfo {
	return EncodingInfo{Channel: ch, Kind: k, Multiple: true, Description: desc}
}

func encs(e ...EncodingInfo) []EncodingInfo { return e }

// Descriptions shared by several types.
const (
	dCatAxis  = "the column for the categories or time axis"
	dMeasures = "the measure columns; several columns draw several series"
	dSeries   = "splits rows into series by this column's values"
	dLabel    = "text shown on or beside each mark"
	dColor    = "colours marks by this column's values"
	dCategory = "the label of each slice, stage or bar"
	dValue    = "the measure that sizes each one"
	dMin      = "the start of the scale, from the data (else options.min, else 0)"
	dMax      = "the end of the scale, from the data (else options.max, else 100)"
	dTarget   = "a marker value to compare against"
	dPath     = "the hierarchy levels, outermost first"
	dID       = "each node's id (with parent)"
	dParent   = "the id of each node's parent; empty for the root"
	dHierVal  = "sizes the nodes; leaves count 1 without it"
	dNodeName = "the node's name shown instead of its id"
)

var (
	cartesianAxes = []string{"x_axis", "y_axis"}
)

func settings(groups ...[]string) []string {
	var out []string
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// catalogue is the one list of chart types; everything else (validation,
// editors, the API) reads it.
var catalogue = []TypeInfo{
	{
		Type: Bar, Name: "Bar", Family: "cartesian", Dim: 2,
		Required:    encs(one(X, KindDimension, dCatAxis), many(Y, KindMeasure, dMeasures)),
		Optional:    encs(one(Series, KindDimension, dSeries), one(Label, KindAny, dLabel), one(Color, KindDimension, dColor)),
		Settings:    settings(cartesianAxes, []string{"stack", "options.horizontal", "options.show_labels"}),
		Description: "Compares a measure across categories; grouped or stacked by series.",
	},
	{
		Type: Line, Name: "Line", Family: "cartesian", Dim: 2,
		Required:    encs(one(X, KindDimension, dCatAxis), many(Y, KindMeasure, dMeasures)),
		Optional:    encs(one(Series, KindDimension, dSeries), one(Label, KindAny, dLabel), one(Color, KindDimension, dColor)),
		Settings:    settings(cartesianAxes, []string{"options.smooth", "options.show_labels", "options.max_points"}),
		Description: "Shows a trend over time or an ordered axis; long series are downsampled with LTTB.",
	},
	{
		Type: Area, Name: "Area", Family: "cartesian", Dim: 2,
		Required:    encs(one(X, KindDimension, dCatAxis), many(Y, KindMeasure, dMeasures)),
		Optional:    encs(one(Series, KindDimension, dSeries), one(Label, KindAny, dLabel), one(Color, KindDimension, dColor)),
		Settings:    settings(cartesianAxes, []string{"stack", "options.smooth", "options.show_labels", "options.max_points"}),
		Description: "A line filled to the axis; stacked areas show parts of a total over time.",
	},
	{
		Type: Pie, Name: "Pie", Family: "radial", Dim: 2,
		Required:    encs(one(Category, KindDimension, dCategory), one(Value, KindMeasure, dValue)),
		Settings:    []string{"options.donut", "options.show_labels"},
		Description: "Parts of a whole; best with a handful of slices (at most 50).",
	},
	{
		Type: Scatter, Name: "Scatter", Family: "cartesian", Dim: 2,
		Required: encs(one(X, KindMeasure, "the measure on the horizontal axis"), one(Y, KindMeasure, "the measure on the vertical axis")),
		Optional: encs(one(Size, KindMeasure, "sizes each point (a bubble chart)"), one(Series, KindDimension, dSeries),
			one(Label, KindAny, dLabel), one(Color, KindDimension, dColor)),
		Settings:    settings(cartesianAxes, []string{"options.show_labels", "options.max_points"}),
		Description: "Relates two measures; very large scatters are binned into a grid of counts.",
	},
	{
		Type: Radar, Name: "Radar", Family: "radial", Dim: 2,
		Required:    encs(one(Category, KindDimension, "the axes of the radar, one per value"), many(Value, KindMeasure, dMeasures)),
		Optional:    encs(one(Series, KindDimension, dSeries)),
		Settings:    []string{"options.smooth"},
		Description: "Compares several measures of a few items on radial axes.",
	},
	{
		Type: Heatmap, Name: "Heatmap", Family: "cartesian", Dim: 2,
		Required: encs(one(X, KindDimension, "the columns of the grid"), one(Y, KindDimension, "the rows of the grid"),
			one(Value, KindMeasure, "the measure that colours each cell")),
		Optional:    encs(one(Label, KindAny, dLabel)),
		Settings:    settings(cartesianAxes, []string{"options.show_labels"}),
		Description: "A grid of cells coloured by a measure, such as activity by weekday and hour.",
	},
	{
		Type: Gauge, Name: "Gauge", Family: "single", Dim: 2,
		Required: encs(one(Value, KindMeasure, "the value the needle shows (first row)")),
		Optional: encs(one(Min, KindMeasure, dMin), one(Max, KindMeasure, dMax), one(Target, KindMeasure, dTarget),
			one(Label, KindAny, "the caption under the value"), one(Category, KindDimension, "the caption under the value")),
		Settings:    []string{"options.min", "options.max", "options.target"},
		Description: "One value on a dial between a minimum and a maximum.",
	},
	{
		Type: Funnel, Name: "Funnel", Family: "flow", Dim: 2,
		Required:    encs(one(Category, KindDimension, "the stage"), one(Value, KindMeasure, "the count at each stage")),
		Settings:    []string{"options.horizontal", "options.show_labels"},
		Description: "Stages of a process narrowing down, such as visits to purchases (at most 50 stages).",
	},
	{
		Type: Treemap, Name: "Treemap", Family: "hierarchy", Dim: 2,
		Optional: encs(many(Path, KindDimension, dPath), one(ID, KindDimension, dID), one(Parent, KindDimension, dParent),
			one(Value, KindMeasure, dHierVal), one(Label, KindAny, dNodeName)),
		Alternatives: [][]Channel{{Path}, {ID, Parent}},
		Settings:     []string{"options.show_labels"},
		Description:  "A hierarchy as nested rectangles whose areas are the values.",
	},
	{
		Type: Sunburst, Name: "Sunburst", Family: "hierarchy", Dim: 2,
		Optional: encs(many(Path, KindDimension, dPath), one(ID, KindDimension, dID), one(Parent, KindDimension, dParent),
			one(Value, KindMeasure, dHierVal), one(Label, KindAny, dNodeName)),
		Alternatives: [][]Channel{{Path}, {ID, Parent}},
		Settings:     []string{"options.donut", "options.show_labels"},
		Description:  "A hierarchy as rings, the root in the middle.",
	},
	{
		Type: Tree, Name: "Tree", Family: "hierarchy", Dim: 2,
		Optional: encs(many(Path, KindDimension, dPath), one(ID, KindDimension, dID), one(Parent, KindDimension, dParent),
			one(Value, KindMeasure, dHierVal), one(Label, KindAny, dNodeName)),
		Alternatives: [][]Channel{{Path}, {ID, Parent}},
		Settings:     []string{"options.horizontal", "options.show_labels"},
		Description:  "Nodes and branches, such as an org chart; id/parent data needs exactly one root.",
	},
	{
		Type: Boxplot, Name: "Box plot", Family: "cartesian", Dim: 2,
		Required: encs(one(Category, KindDimension, "the groups to compare"),
			one(Value, KindMeasure, "the raw values; quartiles and whiskers are computed")),
		Optional:    encs(one(Series, KindDimension, dSeries)),
		Settings:    settings(cartesianAxes, []string{"options.horizontal"}),
		Description: "The distribution of a measure per group: median, quartiles, whiskers and outliers.",
	},
	{
		Type: Candlestick, Name: "Candlestick", Family: "cartesian", Dim: 2,
		Required: encs(one(X, KindDimension, "the period (usually a date)"), one(Open, KindMeasure, "the opening price"),
			one(High, KindMeasure, "the highest price"), one(Low, KindMeasure, "the lowest price"), one(Close, KindMeasure, "the closing price")),
		Settings:    cartesianAxes,
		Description: "Open, high, low and close per period, as in stock charts.",
	},
	{
		Type: WordCloud, Name: "Word cloud", Family: "text", Dim: 2,
		Required:    encs(one(Category, KindDimension, "the word or phrase"), one(Value, KindMeasure, "its weight: the font size")),
		Optional:    encs(one(Color, KindDimension, dColor)),
		Description: "Words sized by frequency or importance.",
	},
	{
		Type: Graph, Name: "Graph (force-directed)", Family: "flow", Dim: 2,
		Required:    encs(one(Source, KindDimension, "the node an edge starts from"), one(Target, KindDimension, "the node an edge goes to")),
		Optional:    encs(one(Value, KindMeasure, "the weight of each edge")),
		Settings:    []string{"options.show_labels"},
		Description: "A network of nodes and edges laid out by a force simulation.",
	},
	{
		Type: Waterfall, Name: "Waterfall", Family: "cartesian", Dim: 2,
		Required:    encs(one(Category, KindDimension, "the step"), one(Value, KindMeasure, "the change at each step, positive or negative")),
		Settings:    settings(cartesianAxes, []string{"options.show_labels"}),
		Description: "How a starting value becomes an end value through gains and losses.",
	},
	{
		Type: Polar, Name: "Polar", Family: "radial", Dim: 2,
		Required:    encs(one(Category, KindDimension, "the angle: one sector per category"), many(Value, KindMeasure, dMeasures)),
		Optional:    encs(one(Series, KindDimension, dSeries)),
		Settings:    []string{"options.show_labels"},
		Description: "Bars on a circular axis, for cyclic categories such as months or hours.",
	},
	{
		Type: Gantt, Name: "Gantt", Family: "cartesian", Dim: 2,
		Required: encs(one(Category, KindDimension, "the task"), one(Start, KindTime, "when the task starts"),
			one(End, KindTime, "when the task ends")),
		Optional: encs(one(Series, KindDimension, "the phase or team; colours the bars"),
			one(Value, KindMeasure, "progress from 0 to 1, drawn inside the bar"), one(Label, KindAny, dLabel)),
		Settings:    []string{"x_axis", "options.horizontal", "options.show_labels"},
		Description: "Tasks as bars on a time line.",
	},
	{
		Type: Rose, Name: "Rose", Family: "radial", Dim: 2,
		Required:    encs(one(Category, KindDimension, "the sector"), one(Value, KindMeasure, "the radius of each sector")),
		Settings:    []string{"options.donut", "options.show_labels"},
		Description: "Nightingale rose: sectors of equal angle whose radius is the value (at most 50).",
	},
	{
		Type: Geo, Name: "Geo / choropleth", Family: "geo", Dim: 2,
		Optional: encs(one(Region, KindDimension, "an ISO 3166 code (alpha-2 or alpha-3) or name for each region"),
			one(Value, KindMeasure, "colours each region, or sizes each point"),
			one(Lat, KindMeasure, "the latitude of each point"), one(Lon, KindMeasure, "the longitude of each point"),
			one(Size, KindMeasure, "sizes each point"), one(Label, KindAny, dLabel)),
		Alternatives: [][]Channel{{Region, Value}, {Lat, Lon}},
		Settings:     []string{"options.map"},
		Description:  "A map: regions coloured by value (region + value) or points at lat + lon.",
	},
	{
		Type: Progress, Name: "Progress", Family: "single", Dim: 2,
		Required: encs(one(Value, KindMeasure, "the progress so far (first row)")),
		Optional: encs(one(Min, KindMeasure, dMin), one(Max, KindMeasure, dMax), one(Target, KindMeasure, dTarget),
			one(Label, KindAny, "the caption"), one(Category, KindDimension, "the caption")),
		Settings:    []string{"options.min", "options.max", "options.target", "options.circular"},
		Description: "Progress towards a goal as a bar or, with options.circular, a ring.",
	},
	{
		Type: Bar3D, Name: "3D bar", Family: "3d", Dim: 3,
		Required: encs(one(X, KindDimension, "the categories along x"), one(Y, KindDimension, "the categories along y (depth)"),
			one(Z, KindMeasure, "the height of each bar")),
		Optional:    encs(one(Series, KindDimension, dSeries), one(Color, KindDimension, dColor)),
		Settings:    cartesianAxes,
		Description: "Bars on a grid of two categories, height by value.",
	},
	{
		Type: Scatter3D, Name: "3D scatter", Family: "3d", Dim: 3,
		Required: encs(one(X, KindMeasure, "the x coordinate"), one(Y, KindMeasure, "the y coordinate"), one(Z, KindMeasure, "the z coordinate")),
		Optional: encs(one(Series, KindDimension, dSeries), one(Color, KindDimension, dColor),
			one(Size, KindMeasure, "sizes each point"), one(Label, KindAny, dLabel)),
		Settings:    []string{"options.max_points"},
		Description: "Points in three dimensions; very large clouds are sampled.",
	},
	{
		Type: Surface3D, Name: "3D surface", Family: "3d", Dim: 3,
		Required: encs(one(X, KindDimension, "the grid's x values"), one(Y, KindDimension, "the grid's y values"),
			one(Z, KindMeasure, "the height at each (x, y); every x must have every y exactly once")),
		Settings:    []string{"options.wireframe"},
		Description: "A surface over a rectangular grid of x and y.",
	},
	{
		Type: Bubble3D, Name: "3D bubble", Family: "3d", Dim: 3,
		Required: encs(one(X, KindMeasure, "the x coordinate"), one(Y, KindMeasure, "the y coordinate"), one(Z, KindMeasure, "the z coordinate"),
			one(Size, KindMeasure, "sizes each bubble")),
		Optional:    encs(one(Series, KindDimension, dSeries), one(Color, KindDimension, dColor), one(Label, KindAny, dLabel)),
		Settings:    []string{"options.max_points"},
		Description: "3D scatter whose bubbles are sized by a fourth measure.",
	},
}
