package dashboard

import (
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

func TestValidate(t *testing.T) {
	ok := api.DashboardInput{Title: "Sales", Tiles: []api.Tile{
		{ChartID: 1, X: 0, Y: 0, W: 6, H: 4},
		{ChartID: 2, X: 6, Y: 0, W: 6, H: 4},
		{ChartID: 3, X: 0, Y: 4, W: 12, H: 24},
	}, Params: []api.ParamDef{{Name: "region", Type: api.ParamString, Default: "all"}}}
	many := make([]api.Tile, MaxTiles+1)
	for i := range many {
		many[i] = api.Tile{ChartID: 1, X: 0, Y: i, W: 1, H: 1}
	}
	tests := []struct {
		name   string
		mod    func(in *api.DashboardInput)
		paths  []string // every path reported, in order
		inText string   // a message must contain this
	}{
		{name: "valid", mod: func(*api.DashboardInput) {}},
		{name: "empty dashboard", mod: func(in *api.DashboardInput) { in.Tiles, in.Params = nil, nil }},
		{name: "title missing", mod: func(in *api.DashboardInput) { in.Title = "  " }, paths: []string{"title"}},
		{name: "title too long", mod: func(in *api.DashboardInput) { in.Title = strings.Repeat("é", MaxTitleLen+1) }, paths: []string{"title"}},
		{name: "title at limit in runes", mod: func(in *api.DashboardInput) { in.Title = strings.Repeat("é", MaxTitleLen) }},
		{name: "description too long", mod: func(in *api.DashboardInput) { in.Description = strings.Repeat("x", MaxDescriptionLen+1) }, paths: []string{"description"}},
		{name: "negative x", mod: func(in *api.DashboardInput) { in.Tiles[0].X = -1 }, paths: []string{"tiles[0].x"}},
		{name: "past the right edge", mod: func(in *api.DashboardInput) { in.Tiles[1].W = 7 }, paths: []string{"tiles[1].w"}, inText: "x+w is 13"},
		{name: "x beyond grid", mod: func(in *api.DashboardInput) { in.Tiles[1].X = 12; in.Tiles[1].W = 1 }, paths: []string{"tiles[1].x"}},
		{name: "zero width", mod: func(in *api.DashboardInput) { in.Tiles[0].W = 0 }, paths: []string{"tiles[0].w"}},
		{name: "zero height", mod: func(in *api.DashboardInput) { in.Tiles[0].H = 0 }, paths: []string{"tiles[0].h"}},
		{name: "too tall", mod: func(in *api.DashboardInput) { in.Tiles[2].H = 25 }, paths: []string{"tiles[2].h"}},
		{name: "negative y", mod: func(in *api.DashboardInput) { in.Tiles[0].Y = -3 }, paths: []string{"tiles[0].y"}},
		{name: "huge y", mod: func(in *api.DashboardInput) { in.Tiles[2].Y = MaxRow + 1 }, paths: []string{"tiles[2].y"}},
		{name: "no chart", mod: func(in *api.DashboardInput) { in.Tiles[0].ChartID = 0 }, paths: []string{"tiles[0].chart_id"}},
		{name: "overlap", mod: func(in *api.DashboardInput) { in.Tiles[2].Y = 3 }, paths: []string{"tiles[2]"}, inText: "overlaps tiles[0]"},
		{name: "touching edges do not overlap", mod: func(in *api.DashboardInput) {
			in.Tiles = append(in.Tiles, api.Tile{ChartID: 4, X: 0, Y: 28, W: 12, H: 1})
		}},
		{name: "same cell twice", mod: func(in *api.DashboardInput) {
			in.Tiles = append(in.Tiles, api.Tile{ChartID: 4, X: 5, Y: 10, W: 1, H: 1})
		}, paths: []string{"tiles[3]"}, inText: "overlaps tiles[2]"},
		{name: "a misplaced tile is not also reported as overlapping", mod: func(in *api.DashboardInput) { in.Tiles[1].X = -1 }, paths: []string{"tiles[1].x"}},
		{name: "too many tiles", mod: func(in *api.DashboardInput) { in.Tiles = many }, paths: []string{"tiles"}},
		{name: "bad param name", mod: func(in *api.DashboardInput) { in.Params[0].Name = "1st" }, paths: []string{"params"}},
		{name: "duplicate param", mod: func(in *api.DashboardInput) { in.Params = append(in.Params, in.Params[0]) }, paths: []string{"params"}, inText: "declared twice"},
		{name: "bad param default", mod: func(in *api.DashboardInput) {
			in.Params = []api.ParamDef{{Name: "n", Type: api.ParamNumber, Default: "many"}}
		}, paths: []string{"params"}},
		{name: "unknown param type", mod: func(in *api.DashboardInput) { in.Params[0].Type = "money" }, paths: []string{"params"}},
		{name: "choices from a query", mod: func(in *api.DashboardInput) {
			in.Params[0].Choices = &api.ChoiceSource{QueryID: 3, Column: "region"}
		}},
		{name: "choices without a query", mod: func(in *api.DashboardInput) { in.Params[0].Choices = &api.ChoiceSource{Column: "region"} },
			paths: []string{"params[0].choices.query_id"}},
		{name: "choices column too long", mod: func(in *api.DashboardInput) {
			in.Params[0].Choices = &api.ChoiceSource{QueryID: 1, Column: strings.Repeat("c", MaxColumnLen+1)}
		}, paths: []string{"params[0].choices.column"}},
		{name: "every problem at once", mod: func(in *api.DashboardInput) { in.Title = ""; in.Tiles[0].H = 0; in.Params[0].Name = "" },
			paths: []string{"title", "tiles[0].h", "params"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			in.Tiles = append([]api.Tile(nil), ok.Tiles...)
			in.Params = append([]api.ParamDef(nil), ok.Params...)
			tt.mod(&in)
			got := Validate(in)
			var paths []string
			text := ""
			for _, f := range got {
				paths = append(paths, f.Path)
				text += f.Message + "\n"
			}
			if strings.Join(paths, ",") != strings.Join(tt.paths, ",") {
				t.Fatalf("paths %v, want %v (%+v)", paths, tt.paths, got)
			}
			if !strings.Contains(text, tt.inText) {
				t.Fatalf("messages %q do not mention %q", text, tt.inText)
			}
		})
	}
}

func TestCheckValues(t *testing.T) {
	defs := []api.ParamDef{
		{Name: "region", Type: api.ParamString},
		{Name: "limit", Type: api.ParamNumber},
		{Name: "regions", Type: api.ParamList},
	}
	tests := []struct {
		name    string
		values  map[string]any
		wantErr string
	}{
		{"none", nil, ""},
		{"right types", map[string]any{"region": "North", "limit": 3.0, "regions": []any{"a", "b"}}, ""},
		{"undeclared", map[string]any{"colour": "red"}, "not declared"},
		{"wrong type", map[string]any{"limit": "lots"}, "limit"},
		{"null", map[string]any{"region": nil}, "must not be null"},
		{"empty list", map[string]any{"regions": []any{}}, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckValues(defs, tt.values)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}
