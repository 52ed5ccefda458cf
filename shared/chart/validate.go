package chart

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gobi-bi/gobi/shared/api"
)

// Limits the validator enforces. They are exported so editors can show
// them next to the inputs they bound.
const (
	// MaxTitleRunes bounds titles, subtitles, axis titles and field labels.
	MaxTitleRunes = 200
	// MaxColumnName bounds a column name in an encoding.
	MaxColumnName = 256
	// MaxColors bounds the explicit colour list.
	MaxColors = 64
	// MaxSliceCategories is the most categories a pie, rose or funnel
	// takes: beyond it slices are unreadable.
	MaxSliceCategories = 50
	// MaxHeatmapCells bounds distinct x × distinct y of a heatmap.
	MaxHeatmapCells = 250_000
	// MinMaxPoints and MaxMaxPoints bound options.max_points (0 = default).
	MinMaxPoints = 10
	MaxMaxPoints = 1_000_000
	// MaxDonut is the largest inner radius fraction of a donut.
	MaxDonut = 0.9
)

// Palettes are the named palettes a spec may ask for.
var Palettes = []string{"default", "viridis", "warm", "cool"}

// Settings with a fixed set of values; the first is the default.
var (
	stackModes      = []string{"", "stack", "percent"}
	themes          = []string{"", "light", "dark"}
	legendPositions = []string{"", "right", "bottom", "top", "none"}
	axisScales      = []string{"", "linear", "log", "time", "category"}
	baseMaps        = []string{"", "world", "us-states"}
	namedDates      = []string{"date", "datetime", "month", "year", "time"}
)

// allChannels lists every channel in the order of spec.go, for messages
// and for a stable iteration order.
var allChannels = []Channel{X, Y, Z, Series, Category, Value, Size, Color, Label, Open, High, Low, Close,
	Source, Target, ID, Parent, Path, Start, End, Region, Lat, Lon, Min, Max}

// problems collects field errors in the order they are found.
type problems []api.FieldError

func (p *problems) add(path, format string, args ...any) {
	*p = append(*p, api.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
}

// Validate checks a spec's structure: a known type fed by exactly one of
// query_id or data, the type's required encodings and no others, and
// settings within their ranges. Each problem names its JSON path (such as
// "encoding.y" or "colors[2]") and says how to fix it. The server answers
// 422 with them and the WebAssembly client shows them in the editor, from
// the same code.
//
// A spec with inline data is also checked against that data
// (ValidateData), so a saved chart can always be drawn. It returns nil
// for a valid spec.
func Validate(s *Spec) []api.FieldError {
	if s == nil {
		return []api.FieldError{{Path: "type", Message: "a chart spec is required"}}
	}
	var p problems
	ti := info(s.Type)
	switch {
	case s.Type == "":
		p.add("type", "is required: one of %s", typeList())
	case ti == nil:
		p.add("type", "unknown chart type %q: use one of %s", s.Type, typeList())
	}
	validateSource(s, &p)
	validateEncoding(s, ti, &p)
	validateLook(s, &p)
	validateSettings(s, ti, &p)
	if s.Data != nil {
		validateInline(s.Data, &p)
		// Checking data against encodings only makes sense once both are
		// well formed; other problems do not hide the data's.
		if !slices.ContainsFunc(p, func(e api.FieldError) bool {
			return e.Path == "type" || strings.HasPrefix(e.Path, "encoding") || strings.HasPrefix(e.Path, "data")
		}) {
			p = append(p, ValidateData(s, s.Data)...)
		}
	}
	if len(p) == 0 {
		return nil
	}
	return p
}

func typeList() string {
	names := make([]string, len(catalogue))
	for i, ti := range catalogue {
		names[i] = string(ti.Type)
	}
	return strings.Join(names, ", ")
}

func validateSource(s *Spec, p *problems) {
	switch {
	case s.QueryID != 0 && s.Data != nil:
		p.add("data", "give either query_id (a saved query) or data (an inline dataset), not both")
	case s.QueryID == 0 && s.Data == nil:
		p.add("query_id", "a chart needs a query_id (a saved query) or data (an inline dataset)")
	case s.QueryID < 0:
		p.add("query_id", "must be a positive query id")
	}
	if len(s.Params) > 0 && s.QueryID == 0 {
		p.add("params", "parameters apply only to a saved query (query_id)")
	}
	for _, k := range sortedKeys(s.Params) {
		if strings.TrimSpace(k) == "" {
			p.add("params", "a parameter name is empty")
		}
	}
}

// validateInline checks that an inline dataset is a table: named, typed,
// distinct columns and rows as wide as the header.
func validateInline(d *api.Result, p *problems) {
	if len(d.Columns) == 0 {
		p.add("data.columns", "an inline dataset needs at least one column")
	}
	seen := make(map[string]bool, len(d.Columns))
	for i, c := range d.Columns {
		path := fmt.Sprintf("data.columns[%d]", i)
		switch {
		case strings.TrimSpace(c.Name) == "":
			p.add(path+".name", "is required")
		case seen[c.Name]:
			p.add(path+".name", "column %q appears twice", c.Name)
		}
		seen[c.Name] = true
		if !knownColumnType(c.Type) {
			p.add(path+".type", "unknown column type %q: use string, int, float, bool, time, bytes or null", c.Type)
		}
	}
	for i, r := range d.Rows {
		if len(r) != len(d.Columns) {
			p.add(fmt.Sprintf("data.rows[%d]", i), "has %d values; every row needs %d, one per column", len(r), len(d.Columns))
			return // one is enough to see the mistake
		}
	}
}

func knownColumnType(t api.ColumnType) bool {
	switch t {
	case api.TypeString, api.TypeInt, api.TypeFloat, api.TypeBool, api.TypeTime, api.TypeBytes, api.TypeNull:
		return true
	}
	return false
}

// encodingOrder is the order channels are checked and shaped in: the
// type's own channels first, as the catalogue lists them, then any others.
func encodingOrder(enc map[Channel]Field, ti *TypeInfo) []Channel {
	out := make([]Channel, 0, len(enc))
	if ti != nil {
		for _, list := range [][]EncodingInfo{ti.Required, ti.Optional} {
			for _, e := range list {
				if _, ok := enc[e.Channel]; ok {
					out = append(out, e.Channel)
				}
			}
		}
	}
	var rest []Channel
	for ch := range enc {
		if !slices.Contains(out, ch) {
			rest = append(rest, ch)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func validateEncoding(s *Spec, ti *TypeInfo, p *problems) {
	if ti != nil {
		for _, e := range ti.Required {
			if _, ok := s.Encoding[e.Channel]; !ok {
				p.add("encoding."+string(e.Channel), "%s needs encoding.%s: %s", ti.Type, e.Channel, e.Description)
			}
		}
		validateAlternatives(s, ti, p)
	}
	for _, ch := range encodingOrder(s.Encoding, ti) {
		f := s.Encoding[ch]
		path := "encoding." + string(ch)
		var e EncodingInfo
		if ti != nil {
			var ok bool
			if e, ok = ti.Accepts(ch); !ok {
				if slices.Contains(allChannels, ch) {
					p.add(path, "%s does not use %s; it takes %s", ti.Type, ch, channelList(ti))
				} else {
					p.add(path, "%q is not a channel; %s takes %s", ch, ti.Type, channelList(ti))
				}
				continue
			}
		}
		validateField(f, e, ti, path, p)
	}
}

func channelList(ti *TypeInfo) string {
	var names []string
	for _, list := range [][]EncodingInfo{ti.Required, ti.Optional} {
		for _, e := range list {
			names = append(names, string(e.Channel))
		}
	}
	return strings.Join(names, ", ")
}

func validateField(f Field, e EncodingInfo, ti *TypeInfo, path string, p *problems) {
	switch {
	case len(f.Columns) == 0:
		p.add(path, "needs a column name")
	case ti != nil && !e.Multiple && len(f.Columns) > 1:
		p.add(path, "%s takes one column for %s, got %d", ti.Type, e.Channel, len(f.Columns))
	}
	for i, c := range f.Columns {
		cp := path
		if len(f.Columns) > 1 {
			cp = fmt.Sprintf("%s[%d]", path, i)
		}
		switch {
		case strings.TrimSpace(c) == "":
			p.add(cp, "column name is empty")
		case len(c) > MaxColumnName:
			p.add(cp, "column name is longer than %d bytes", MaxColumnName)
		case slices.Contains(f.Columns[:i], c):
			p.add(cp, "column %q is listed twice", c)
		}
	}
	checkTitle(f.Label, path+".label", p)
	if f.Format != "" {
		var msg string
		switch e.Kind {
		case KindMeasure:
			msg = numberFormatProblem(f.Format)
		case KindTime:
			msg = dateFormatProblem(f.Format)
		default:
			if numberFormatProblem(f.Format) != "" {
				msg = dateFormatProblem(f.Format)
			}
		}
		if msg != "" {
			p.add(path+".format", "%s", msg)
		}
	}
}

// validateAlternatives checks that exactly one of the type's alternative
// channel sets is encoded completely. A set is chosen by its first
// channel (path; id; region; lat); with none chosen, a set that has some
// of its channels encoded is the one reported as incomplete.
func validateAlternatives(s *Spec, ti *TypeInfo, p *problems) {
	if len(ti.Alternatives) == 0 {
		return
	}
	has := func(ch Channel) bool { _, ok := s.Encoding[ch]; return ok }
	var chosen []int
	for i, set := range ti.Alternatives {
		if has(set[0]) {
			chosen = append(chosen, i)
		}
	}
	if len(chosen) == 0 {
		for i, set := range ti.Alternatives {
			if slices.ContainsFunc(set, has) {
				chosen = append(chosen, i)
				break
			}
		}
	}
	switch len(chosen) {
	case 0:
		p.add("encoding."+string(ti.Alternatives[0][0]), "%s needs %s", ti.Type, alternativesText(ti))
		return
	case 1:
	default:
		p.add("encoding."+string(ti.Alternatives[chosen[1]][0]), "%s takes %s, not both", ti.Type, alternativesText(ti))
		return
	}
	set := ti.Alternatives[chosen[0]]
	var present []string
	for _, ch := range set {
		if has(ch) {
			present = append(present, "encoding."+string(ch))
		}
	}
	for _, ch := range set {
		if has(ch) {
			continue
		}
		e, _ := ti.Accepts(ch)
		p.add("encoding."+string(ch), "%s with %s needs encoding.%s: %s", ti.Type, strings.Join(present, " and "), ch, e.Description)
	}
}

// alternativesText reads "encoding.path or encoding.id and encoding.parent".
func alternativesText(ti *TypeInfo) string {
	var alts []string
	for _, set := range ti.Alternatives {
		var parts []string
		for _, ch := range set {
			e, _ := ti.Accepts(ch)
			part := "encoding." + string(ch)
			if len(set) == 1 {
				part += " (" + e.Description + ")"
			}
			parts = append(parts, part)
		}
		alts = append(alts, strings.Join(parts, " and "))
	}
	return "either " + strings.Join(alts, " or ")
}

func checkTitle(s, path string, p *problems) {
	if n := utf8.RuneCountInString(s); n > MaxTitleRunes {
		p.add(path, "is %d characters; at most %d", n, MaxTitleRunes)
	}
}

// validateLook checks titles, colours, theme, legend, axes and formats.
func validateLook(s *Spec, p *problems) {
	checkTitle(s.Title, "title", p)
	checkTitle(s.Subtitle, "subtitle", p)
	if s.Palette != "" && !slices.Contains(Palettes, s.Palette) {
		p.add("palette", "unknown palette %q: use one of %s", s.Palette, strings.Join(Palettes, ", "))
	}
	if len(s.Colors) > MaxColors {
		p.add("colors", "has %d colours; at most %d", len(s.Colors), MaxColors)
	}
	for i, c := range s.Colors {
		if !validHexColor(c) {
			p.add(fmt.Sprintf("colors[%d]", i), "%q is not a colour: use #rgb or #rrggbb, such as #1f77b4", c)
		}
	}
	oneOf(s.Theme, themes, "theme", p)
	oneOf(s.Legend.Position, legendPositions, "legend.position", p)
	validateAxis(s.XAxis, "x_axis", p)
	validateAxis(s.YAxis, "y_axis", p)
	if msg := numberFormatProblem(s.Format.Number); s.Format.Number != "" && msg != "" {
		p.add("format.number", "%s", msg)
	}
	if msg := dateFormatProblem(s.Format.Date); s.Format.Date != "" && msg != "" {
		p.add("format.date", "%s", msg)
	}
}

// oneOf reports v at path unless it is one of allowed ("" means unset).
func oneOf(v string, allowed []string, path string, p *problems) {
	if !slices.Contains(allowed, v) {
		p.add(path, "unknown value %q: use %s", v, strings.Join(allowed[1:], ", "))
	}
}

func validHexColor(c string) bool {
	if (len(c) != 4 && len(c) != 7) || c[0] != '#' {
		return false
	}
	for _, r := range c[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

func validateAxis(a Axis, path string, p *problems) {
	checkTitle(a.Title, path+".title", p)
	oneOf(a.Scale, axisScales, path+".scale", p)
	if a.Min != nil && a.Max != nil && !(*a.Min < *a.Max) {
		p.add(path+".min", "must be below %s.max (%g ≥ %g)", path, *a.Min, *a.Max)
	}
	if a.Scale == "log" {
		if a.Min != nil && *a.Min <= 0 {
			p.add(path+".min", "a log scale starts above 0")
		}
		if a.Max != nil && *a.Max <= 0 {
			p.add(path+".max", "a log scale ends above 0")
		}
	}
	if a.Format != "" && numberFormatProblem(a.Format) != "" {
		if msg := dateFormatProblem(a.Format); msg != "" {
			p.add(path+".format", "is neither a number pattern (such as 0,0.00) nor a date layout (such as 2006-01-02)")
		}
	}
}

// numberFormatProblem explains what is wrong with a number pattern such
// as "0,0.00", "$0,0", "0.0%", "0.0a" or "0.[00]", or returns "".
func numberFormatProblem(f string) string {
	if msg := textProblem(f, 32); msg != "" {
		return msg
	}
	start, end := strings.IndexAny(f, "0#"), strings.LastIndexAny(f, "0#]")
	if start < 0 {
		return fmt.Sprintf("%q is not a number pattern: it needs a 0 or # digit, such as 0,0.00 or 0.0%%", f)
	}
	body := f[start : end+1]
	if strings.Trim(body, "0#,.[]") != "" {
		return fmt.Sprintf("%q is not a number pattern: digits may only mix 0 # , . [ ]", f)
	}
	if strings.Count(body, ".") > 1 {
		return fmt.Sprintf("%q has more than one decimal point", f)
	}
	if i := strings.IndexByte(body, '.'); i >= 0 && strings.Count(body[i:], "0")+strings.Count(body[i:], "#") > 10 {
		return fmt.Sprintf("%q has more than 10 decimals", f)
	}
	return ""
}

// dateFormatProblem explains what is wrong with a date format: a name
// (date, datetime, month, year, time) or a Go layout such as 2006-01-02.
func dateFormatProblem(f string) string {
	if slices.Contains(namedDates, f) {
		return ""
	}
	if msg := textProblem(f, 64); msg != "" {
		return msg
	}
	// A layout with no element formats to itself; a reference time whose
	// every field differs from Go's (2006-01-02 15:04:05 Mon) tells.
	ref := time.Date(1999, 11, 28, 9, 8, 7, 0, time.UTC)
	if ref.Format(f) == f {
		return fmt.Sprintf("%q is not a date format: use date, datetime, month, year, time or a Go layout such as 2006-01-02", f)
	}
	return ""
}

// textProblem rejects overlong patterns and control characters.
func textProblem(f string, maxLen int) string {
	if len(f) > maxLen {
		return fmt.Sprintf("is longer than %d bytes", maxLen)
	}
	for _, r := range f {
		if r < 0x20 || r == 0x7f {
			return "contains a control character"
		}
	}
	return ""
}

// validateSettings checks stacking, sorting, the limit and the options.
func validateSettings(s *Spec, ti *TypeInfo, p *problems) {
	if !slices.Contains(stackModes, s.Stack) {
		p.add("stack", "unknown value %q: use stack or percent", s.Stack)
	} else if s.Stack != "" && ti != nil && !ti.Honours("stack") {
		p.add("stack", "%s charts do not stack; only bar and area do", ti.Type)
	}
	if s.Limit < 0 {
		p.add("limit", "must be 0 (no limit) or more")
	}
	if s.Sort != nil && strings.TrimSpace(s.Sort.By) == "" {
		p.add("sort.by", "is required: category, value or a column name")
	}
	o := s.Options
	if math.IsNaN(o.Donut) || o.Donut < 0 || o.Donut > MaxDonut {
		p.add("options.donut", "must be between 0 (a full pie) and %g", MaxDonut)
	}
	for _, v := range []struct {
		path string
		v    *float64
	}{{"options.min", o.Min}, {"options.max", o.Max}, {"options.target", o.Target}} {
		if v.v != nil && (math.IsNaN(*v.v) || math.IsInf(*v.v, 0)) {
			p.add(v.path, "must be a finite number")
		}
	}
	if o.Min != nil && o.Max != nil && !(*o.Min < *o.Max) {
		p.add("options.min", "must be below options.max (%g ≥ %g)", *o.Min, *o.Max)
	} else if o.Target != nil && ((o.Min != nil && *o.Target < *o.Min) || (o.Max != nil && *o.Target > *o.Max)) {
		p.add("options.target", "must lie between options.min and options.max")
	}
	if o.MaxPoints != 0 && (o.MaxPoints < MinMaxPoints || o.MaxPoints > MaxMaxPoints) {
		p.add("options.max_points", "must be 0 (the default) or between %d and %d", MinMaxPoints, MaxMaxPoints)
	}
	oneOf(o.Map, baseMaps, "options.map", p)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
