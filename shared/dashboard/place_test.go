package dashboard

import (
	"fmt"
	"testing"

	"github.com/gobi-bi/gobi/shared/api"
)

func TestPlace(t *testing.T) {
	base := []api.Tile{
		{ChartID: 1, X: 0, Y: 0, W: 6, H: 4},
		{ChartID: 2, X: 6, Y: 0, W: 6, H: 4},
		{ChartID: 3, X: 0, Y: 4, W: 12, H: 2},
	}
	tests := []struct {
		name string
		i    int
		to   api.Tile
		want string // the layout as x,y,w,h per tile
		bad  bool
	}{
		{"move into free space", 2, api.Tile{X: 0, Y: 6, W: 12, H: 2}, "0,0,6,4 6,0,6,4 0,6,12,2", false},
		{"move onto another pushes it down", 1, api.Tile{X: 0, Y: 0, W: 6, H: 4}, "0,4,6,4 0,0,6,4 0,8,12,2", false},
		// 0 at rows 3–4 pushes 1 (rows 0–3) to row 5, then 2 to row 9.
		{"the push cascades", 0, api.Tile{X: 0, Y: 3, W: 12, H: 2}, "0,3,12,2 6,5,6,4 0,9,12,2", false},
		{"widen over a neighbour", 0, api.Tile{X: 0, Y: 0, W: 8, H: 4}, "0,0,8,4 6,4,6,4 0,8,12,2", false},
		{"clamped at the right edge", 0, api.Tile{X: 10, Y: 8, W: 6, H: 4}, "6,8,6,4 6,0,6,4 0,4,12,2", false},
		{"clamped at the left and top", 2, api.Tile{X: -3, Y: -2, W: 12, H: 2}, "0,2,6,4 6,2,6,4 0,0,12,2", false},
		{"height and width clamped", 2, api.Tile{X: 0, Y: 4, W: 0, H: 99}, "0,0,6,4 6,0,6,4 0,4,1,24", false},
		{"no such tile", 5, api.Tile{X: 0, Y: 0, W: 1, H: 1}, "0,0,6,4 6,0,6,4 0,4,12,2", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := Place(base, tt.i, tt.to)
			s := ""
			for k, g := range got {
				if k > 0 {
					s += " "
				}
				s += fmt.Sprintf("%d,%d,%d,%d", g.X, g.Y, g.W, g.H)
				if g.ChartID != base[k].ChartID {
					t.Errorf("tile %d now shows chart %d", k, g.ChartID)
				}
			}
			if s != tt.want {
				t.Fatalf("layout %s, want %s", s, tt.want)
			}
			if (len(problems) > 0) != tt.bad {
				t.Fatalf("problems %+v, want some: %v", problems, tt.bad)
			}
			if len(problems) == 0 && len(Validate(api.DashboardInput{Title: "t", Tiles: got})) > 0 {
				t.Fatalf("Place's layout fails Validate: %+v", Validate(api.DashboardInput{Title: "t", Tiles: got}))
			}
			if base[0].W != 6 || base[1].X != 6 {
				t.Fatal("Place changed its input")
			}
		})
	}
	if b := Bottom(base); b != 6 {
		t.Fatalf("Bottom %d, want 6", b)
	}
}
