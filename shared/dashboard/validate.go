package dashboard

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/sqlparam"
)

// The grid and the limits a dashboard must keep to.
const (
	Columns           = 12   // grid width, in columns
	MaxTileHeight     = 24   // rows
	MaxTiles          = 100  // tiles per dashboard
	MaxParams         = 50   // parameters per dashboard
	MaxTitleLen       = 200  // characters
	MaxDescriptionLen = 4000 // characters
	MaxColumnLen      = 200  // characters of a choice source's column name
	// MaxChoices bounds the rows read for a parameter's offered values.
	MaxChoices = 1000
	// MaxRow bounds Y: room for every tile stacked at full height.
	MaxRow = MaxTiles * MaxTileHeight
)

// Validate checks a dashboard as the user submitted it and returns every
// problem at once, with JSON paths ("tiles[2].w", "params"). Whether the
// charts exist and may be placed is the server's check.
func Validate(in api.DashboardInput) []api.FieldError {
	var out []api.FieldError
	add := func(path, format string, a ...any) {
		out = append(out, api.FieldError{Path: path, Message: fmt.Sprintf(format, a...)})
	}
	if t := strings.TrimSpace(in.Title); t == "" || utf8.RuneCountInString(t) > MaxTitleLen {
		add("title", "is required, at most %d characters", MaxTitleLen)
	}
	if utf8.RuneCountInString(in.Description) > MaxDescriptionLen {
		add("description", "must be at most %d characters", MaxDescriptionLen)
	}
	if len(in.Tiles) > MaxTiles {
		add("tiles", "has %d tiles; at most %d are allowed", len(in.Tiles), MaxTiles)
	} else {
		out = append(out, validateTiles(in.Tiles)...)
	}
	if len(in.Params) > MaxParams {
		add("params", "has %d parameters; at most %d are allowed", len(in.Params), MaxParams)
	} else if err := sqlparam.ValidateDefs(in.Params); err != nil {
		add("params", "%v", err)
	}
	for i, p := range in.Params {
		if c := p.Choices; c != nil {
			if c.QueryID < 1 {
				add(fmt.Sprintf("params[%d].choices.query_id", i), "is required")
			}
			if utf8.RuneCountInString(c.Column) > MaxColumnLen {
				add(fmt.Sprintf("params[%d].choices.column", i), "must be at most %d characters", MaxColumnLen)
			}
		}
	}
	return out
}

// validateTiles checks each tile against the grid, then every pair of
// well-placed tiles for overlap.
func validateTiles(tiles []api.Tile) []api.FieldError {
	var out []api.FieldError
	placed := make([]bool, len(tiles))
	for i, t := range tiles {
		p := fmt.Sprintf("tiles[%d]", i)
		n := len(out)
		if t.ChartID < 1 {
			out = append(out, api.FieldError{Path: p + ".chart_id", Message: "is required"})
		}
		if t.X < 0 || t.X >= Columns {
			out = append(out, api.FieldError{Path: p + ".x", Message: fmt.Sprintf("must be between 0 and %d", Columns-1)})
		}
		if t.Y < 0 || t.Y > MaxRow {
			out = append(out, api.FieldError{Path: p + ".y", Message: fmt.Sprintf("must be between 0 and %d", MaxRow)})
		}
		if t.W < 1 || t.W > Columns {
			out = append(out, api.FieldError{Path: p + ".w", Message: fmt.Sprintf("must be between 1 and %d", Columns)})
		} else if t.X >= 0 && t.X < Columns && t.X+t.W > Columns {
			out = append(out, api.FieldError{Path: p + ".w", Message: fmt.Sprintf("x+w is %d; the grid has %d columns", t.X+t.W, Columns)})
		}
		if t.H < 1 || t.H > MaxTileHeight {
			out = append(out, api.FieldError{Path: p + ".h", Message: fmt.Sprintf("must be between 1 and %d", MaxTileHeight)})
		}
		placed[i] = len(out) == n
	}
	for i := range tiles {
		for j := 0; j < i; j++ {
			if placed[i] && placed[j] && Overlap(tiles[i], tiles[j]) {
				out = append(out, api.FieldError{Path: fmt.Sprintf("tiles[%d]", i), Message: fmt.Sprintf("overlaps tiles[%d]", j)})
				break
			}
		}
	}
	return out
}

// Overlap reports whether two tiles share a grid cell.
func Overlap(a, b api.Tile) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// CheckValues checks parameter values against their declarations: every
// name declared, every value of its declared type (null is refused). It is
// the binder's own check, so a value that passes here binds later.
func CheckValues(defs []api.ParamDef, values map[string]any) error {
	for _, name := range slices.Sorted(maps.Keys(values)) {
		if values[name] == nil {
			return &sqlparam.Error{Param: name, Message: fmt.Sprintf("parameter %s must not be null", name)}
		}
	}
	if _, _, err := sqlparam.Bind("SELECT 1", api.SQLite, defs, values); err != nil {
		var pe *sqlparam.Error
		if errors.As(err, &pe) {
			return pe
		}
		return err
	}
	return nil
}
