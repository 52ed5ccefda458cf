package dashboard

import (
	"slices"

	"github.com/gobi-bi/gobi/shared/api"
)

// Place returns a copy of tiles with tile i moved or resized to r
// (clamped into the grid: 1 ≤ W ≤ Columns, 1 ≤ H ≤ MaxTileHeight,
// 0 ≤ X ≤ Columns−W, Y ≥ 0) and every tile it would then overlap pushed
// down below it, cascading, so the layout stays free of overlaps; with
// the problems the shared validator finds in the result (none when it
// may be used). The editor calls it on every drag step.
func Place(tiles []api.Tile, i int, r api.Tile) ([]api.Tile, []api.FieldError) {
	out := slices.Clone(tiles)
	if i < 0 || i >= len(out) {
		return out, []api.FieldError{{Path: "tiles", Message: "no such tile"}}
	}
	r.ChartID = out[i].ChartID
	r.W = min(max(r.W, 1), Columns)
	r.H = min(max(r.H, 1), MaxTileHeight)
	r.X = min(max(r.X, 0), Columns-r.W)
	r.Y = max(r.Y, 0)
	out[i] = r
	// The others keep their order top to bottom; each settles at its
	// place or just below whatever already settled there.
	order := make([]int, 0, len(out)-1)
	for j := range out {
		if j != i {
			order = append(order, j)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if out[a].Y != out[b].Y {
			return out[a].Y - out[b].Y
		}
		return out[a].X - out[b].X
	})
	settled := []int{i}
	for _, j := range order {
		for moved := true; moved; {
			moved = false
			for _, k := range settled {
				if Overlap(out[j], out[k]) {
					out[j].Y = out[k].Y + out[k].H
					moved = true
				}
			}
		}
		settled = append(settled, j)
	}
	return out, validateTiles(out)
}

// Bottom is the first row below every tile: where a new tile goes.
func Bottom(tiles []api.Tile) int {
	y := 0
	for _, t := range tiles {
		y = max(y, t.Y+t.H)
	}
	return y
}
