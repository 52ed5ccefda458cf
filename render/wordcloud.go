package render

import (
	"hash/fnv"
	"math"
)

// cloudWord is a word to place: its text, font size and whether it is
// turned 90°.
type cloudWord struct {
	Text   string
	Size   float64
	Rotate bool
	Index  int // data row
}

// placedWord is a word with its bounding box; the text is drawn centred
// in Box.
type placedWord struct {
	cloudWord
	Box Rect
}

// cloudPad is the gap kept around every word, in pixels.
const cloudPad = 1.5

// wordBox is the size of a word's box at its font size, with padding.
func wordBox(w cloudWord) (float64, float64) {
	f := Font{Size: w.Size, Bold: w.Size >= 20}
	bw := TextWidth(w.Text, f) + 2*cloudPad
	bh := w.Size*(Ascent+Descent) + 2*cloudPad
	if w.Rotate {
		return bh, bw
	}
	return bw, bh
}

// placeWords puts words into r in the given order (callers sort biggest
// first) along an Archimedean spiral from the centre, stretched to r's
// aspect ratio, at the first position where the word's box stays inside r
// and meets no placed box. Words that fit nowhere are returned in
// dropped, by position in words.
func placeWords(words []cloudWord, r Rect) (placed []placedWord, dropped []int) {
	g := newBoxGrid(r, 24)
	cx, cy := r.X+r.W/2, r.Y+r.H/2
	aspect := 1.0
	if r.H > 0 {
		aspect = r.W / r.H
	}
	maxR := math.Hypot(r.W, r.H) / 2
	for i, w := range words {
		bw, bh := wordBox(w)
		if bw > r.W || bh > r.H || w.Text == "" {
			dropped = append(dropped, i)
			continue
		}
		ok := false
		for theta := 0.0; ; {
			rad := 1.5 * theta / (2 * math.Pi) * 2 // grows 3 px a turn
			if rad > maxR {
				break
			}
			x := cx + rad*math.Cos(theta)*math.Sqrt(aspect) - bw/2
			y := cy + rad*math.Sin(theta)/math.Sqrt(aspect) - bh/2
			b := Rect{x, y, bw, bh}
			if b.X >= r.X && b.Y >= r.Y && b.X+b.W <= r.X+r.W && b.Y+b.H <= r.Y+r.H && !g.hits(b) {
				g.add(b)
				placed = append(placed, placedWord{cloudWord: w, Box: b})
				ok = true
				break
			}
			theta += math.Min(0.5, 2/math.Max(1, rad))
		}
		if !ok {
			dropped = append(dropped, i)
		}
	}
	return placed, dropped
}

// rotateWord decides from the text alone whether a word is turned, so a
// word keeps its orientation when the data around it changes. About one
// word in four turns.
func rotateWord(s string) bool {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()%4 == 0
}

// boxGrid is a uniform grid over the placed boxes, so collision tests
// look only at nearby boxes.
type boxGrid struct {
	r     Rect
	cell  float64
	nx    int
	ny    int
	cells [][]int
	boxes []Rect
}

func newBoxGrid(r Rect, cell float64) *boxGrid {
	nx := max(1, int(math.Ceil(r.W/cell)))
	ny := max(1, int(math.Ceil(r.H/cell)))
	return &boxGrid{r: r, cell: cell, nx: nx, ny: ny, cells: make([][]int, nx*ny)}
}

func (g *boxGrid) span(b Rect) (int, int, int, int) {
	cl := func(v, n int) int { return max(0, min(n-1, v)) }
	x0 := cl(int((b.X-g.r.X)/g.cell), g.nx)
	x1 := cl(int((b.X+b.W-g.r.X)/g.cell), g.nx)
	y0 := cl(int((b.Y-g.r.Y)/g.cell), g.ny)
	y1 := cl(int((b.Y+b.H-g.r.Y)/g.cell), g.ny)
	return x0, x1, y0, y1
}

func (g *boxGrid) hits(b Rect) bool {
	x0, x1, y0, y1 := g.span(b)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, i := range g.cells[y*g.nx+x] {
				if overlaps(g.boxes[i], b) {
					return true
				}
			}
		}
	}
	return false
}

func (g *boxGrid) add(b Rect) {
	i := len(g.boxes)
	g.boxes = append(g.boxes, b)
	x0, x1, y0, y1 := g.span(b)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			g.cells[y*g.nx+x] = append(g.cells[y*g.nx+x], i)
		}
	}
}

// overlaps reports whether two rectangles share interior area.
func overlaps(a, b Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}
