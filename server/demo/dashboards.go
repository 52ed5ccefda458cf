package demo

import "github.com/gobi-bi/gobi/shared/api"

// Dashboard is a demo dashboard: tiles name demo charts, whose ids are
// filled in when the demo is installed.
type Dashboard struct {
	Title       string
	Description string
	Tiles       []Tile
	Params      []api.ParamDef
}

// Tile places the demo chart named Chart on the 12-column grid.
type Tile struct {
	Chart      string
	X, Y, W, H int
}

// Dashboards returns the demo's dashboards: a sales overview of the 2D
// charts a sales team would open first, with a region parameter that the
// monthly revenue chart takes and the others ignore, and a gallery of the
// four 3D charts.
func Dashboards() []Dashboard {
	return []Dashboard{
		{
			Title:       "Sales overview",
			Description: "Revenue, channels, regions and delivery at a glance. The region parameter filters the monthly revenue chart.",
			Params:      []api.ParamDef{{Name: "region", Type: api.ParamString, Default: "all"}},
			Tiles: []Tile{
				{"Revenue and profit by month", 0, 0, 8, 4},
				{"On-time delivery", 8, 0, 4, 4},
				{"Revenue by region and category", 0, 4, 6, 4},
				{"Revenue by channel", 6, 4, 3, 4},
				{"KPIs against target", 9, 4, 3, 4},
				{"Channel mix by month", 0, 8, 6, 4},
				{"Revenue by country", 6, 8, 6, 4},
			},
		},
		{
			Title:       "3D gallery",
			Description: "The four 3D chart types, drawn by the browser: drag to rotate, scroll to zoom.",
			Tiles: []Tile{
				{"Surface", 0, 0, 6, 6},
				{"3D clusters", 6, 0, 6, 6},
				{"3D bubbles", 0, 6, 6, 6},
				{"Revenue by region and category (3D)", 6, 6, 6, 6},
			},
		},
	}
}

// Input is the dashboard as the API takes it, with chart ids looked up by
// name in ids.
func (d Dashboard) Input(ids map[string]int64) api.DashboardInput {
	in := api.DashboardInput{Title: d.Title, Description: d.Description, Params: d.Params}
	for _, t := range d.Tiles {
		in.Tiles = append(in.Tiles, api.Tile{ChartID: ids[t.Chart], X: t.X, Y: t.Y, W: t.W, H: t.H})
	}
	return in
}
