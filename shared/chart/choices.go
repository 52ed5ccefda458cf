package chart

import "github.com/gobi-bi/gobi/shared/api"

// Choices lists, in the result's order, the columns of res that channel
// ch of chart type t accepts: numeric columns (or text that is all
// numbers) for a measure, time columns (or text that is all dates) for a
// time channel, anything but binary data for a dimension. It applies
// ColumnProblem, the rule ValidateData enforces, so an editor that offers
// only these columns never offers one the validator then refuses. It is
// nil for a channel the type does not take.
func Choices(res *api.Result, t Type, ch Channel) []string {
	ti := info(t)
	if ti == nil || res == nil {
		return nil
	}
	e, ok := ti.Accepts(ch)
	if !ok {
		return nil
	}
	return KindChoices(res, e.Kind)
}

// KindChoices lists the columns of res that a channel of kind k accepts,
// for callers that ask for several channels of the same kind and want to
// read the rows once per kind.
func KindChoices(res *api.Result, k Kind) []string {
	var out []string
	for j, c := range res.Columns {
		if ColumnProblem(res, j, k) == "" {
			out = append(out, c.Name)
		}
	}
	return out
}

// SettingValues lists the values the validator accepts for an enumerated
// setting, by JSON path ("theme", "legend.position", "stack", "palette",
// "x_axis.scale", "y_axis.scale", "options.map"); the first, "", means
// the default. Editors build their dropdowns from it. It is nil for a
// path that is not enumerated.
func SettingValues(path string) []string {
	var v []string
	switch path {
	case "theme":
		v = themes
	case "legend.position":
		v = legendPositions
	case "stack":
		v = stackModes
	case "palette":
		v = append([]string{""}, Palettes...)
	case "x_axis.scale", "y_axis.scale":
		v = axisScales
	case "options.map":
		v = baseMaps
	default:
		return nil
	}
	return append([]string(nil), v...)
}
