package render

// Composing a dashboard: each tile's scene is placed in its grid cell of
// one page-sized scene, so the SVG and PNG back-ends draw a whole
// dashboard as they draw one chart.

// GridTile is a tile's place on a dashboard's grid, in grid units:
// columns from the left and rows from the top.
type GridTile struct{ X, Y, W, H int }

// Grid is how a dashboard's grid maps to pixels.
type Grid struct {
	Columns   int     // grid columns (12)
	Width     float64 // page width in pixels
	RowHeight float64 // one grid row in pixels
	Gap       float64 // between cells and around the page
}

// Cells places tiles on the grid: each tile's rectangle in pixels, and the
// page height that holds them all.
func (g Grid) Cells(tiles []GridTile) (rects []Rect, height float64) {
	cols := max(g.Columns, 1)
	colW := (g.Width - g.Gap*float64(cols+1)) / float64(cols)
	rows := 0
	rects = make([]Rect, len(tiles))
	for i, t := range tiles {
		x := min(max(t.X, 0), cols-1)
		w := min(max(t.W, 1), cols-x)
		y, h := max(t.Y, 0), max(t.H, 1)
		rects[i] = Rect{
			X: g.Gap + float64(x)*(colW+g.Gap),
			Y: g.Gap + float64(y)*(g.RowHeight+g.Gap),
			W: float64(w)*colW + float64(w-1)*g.Gap,
			H: float64(h)*g.RowHeight + float64(h-1)*g.Gap,
		}
		rows = max(rows, y+h)
	}
	return rects, g.Gap + float64(rows)*(g.RowHeight+g.Gap)
}

// Cell is one tile of a composed page: its rectangle and what fills it,
// a drawn scene or, where none could be drawn (a 3D chart, a failed
// query), a labelled placeholder: Title over Note.
type Cell struct {
	Rect        Rect
	Scene       *Scene
	Title, Note string
}

// Compose draws cells on one page of width × height in theme th: each
// cell a card with the theme's background and a hairline border, its
// scene moved into it and clipped to it. The cells' scenes are not
// changed. The result has no Plot: it is for export, not interaction.
func Compose(width, height float64, th Theme, cells []Cell) *Scene {
	page := &Scene{Width: width, Height: height, Background: pageBackground(th)}
	border := th.Grid
	for _, c := range cells {
		r := c.Rect
		page.Ops = append(page.Ops, &RectOp{X: r.X, Y: r.Y, W: r.W, H: r.H, Radius: 8,
			Style: Style{Fill: th.Background, Stroke: border, StrokeWidth: 1}})
		clip := r
		page.Ops = append(page.Ops, &BeginOp{Clip: &clip})
		if c.Scene != nil {
			for _, op := range c.Scene.Ops {
				page.Ops = append(page.Ops, moved(op, r.X, r.Y))
			}
		} else {
			page.Ops = append(page.Ops, placeholder(r, th, c.Title, c.Note)...)
		}
		page.Ops = append(page.Ops, &EndOp{})
	}
	return page
}

// pageBackground sets the cards off the page a little, as the web
// client's grid does.
func pageBackground(th Theme) Color {
	if th.Name == "dark" {
		return hex("#0e1117")
	}
	return hex("#f5f6f8")
}

func placeholder(r Rect, th Theme, title, note string) []Op {
	cx, cy := r.X+r.W/2, r.Y+r.H/2
	var ops []Op
	if title != "" {
		ops = append(ops, &TextOp{X: cx, Y: cy - 4, Text: fit(title, r.W-24, Font{Size: 14, Bold: true}), Font: Font{Size: 14, Bold: true},
			Color: th.Text, Anchor: AnchorMiddle, Baseline: BaselineBottom})
	}
	if note != "" {
		ops = append(ops, &TextOp{X: cx, Y: cy + 4, Text: fit(note, r.W-24, Font{Size: 12}), Font: Font{Size: 12},
			Color: th.MutedText, Anchor: AnchorMiddle, Baseline: BaselineTop})
	}
	return ops
}

// fit shortens s with an ellipsis until it is at most w pixels wide.
func fit(s string, w float64, f Font) string {
	if TextWidth(s, f) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 && TextWidth(string(rs)+"…", f) > w {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

// moved is a copy of op shifted by (dx, dy).
func moved(op Op, dx, dy float64) Op {
	switch o := op.(type) {
	case *RectOp:
		c := *o
		c.X, c.Y = c.X+dx, c.Y+dy
		return &c
	case *CircleOp:
		c := *o
		c.CX, c.CY = c.CX+dx, c.CY+dy
		return &c
	case *TextOp:
		c := *o
		c.X, c.Y = c.X+dx, c.Y+dy
		return &c
	case *PathOp:
		c := *o
		c.Path = make(Path, len(o.Path))
		for i, s := range o.Path {
			for j := range s.P {
				s.P[j].X, s.P[j].Y = s.P[j].X+dx, s.P[j].Y+dy
			}
			c.Path[i] = s
		}
		return &c
	case *BeginOp:
		c := *o
		if o.Clip != nil {
			r := *o.Clip
			r.X, r.Y = r.X+dx, r.Y+dy
			c.Clip = &r
		}
		return &c
	}
	return op
}
