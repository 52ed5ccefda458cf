package render

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"

	"github.com/gobi-bi/gobi/shared/chart"
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
		// Small words search finely; big ones in proportion to their
		// size, which keeps a full search to a few thousand steps.
		fine := math.Max(2, math.Min(bw, bh)/4)
		for theta := 0.0; ; {
			rad := fine * 1.5 * theta / (2 * math.Pi)
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
			theta += math.Min(0.5, fine/math.Max(1, rad))
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

func init() { register(chart.WordCloud, drawWordCloud) }

// maxWords is the most words a cloud tries to place.
const maxWords = 200

// drawWordCloud sizes words by value (area-like: font size by the square
// root), places the biggest first along a spiral with no two words'
// boxes touching, turns about one in four by 90°, and colours them by
// the color channel's groups or by rank. When words do not fit, all
// sizes shrink a step and placement starts over, a few times; words that
// still do not fit are counted in a note.
func drawWordCloud(f *frame) error {
	cch, vch := f.pick(chart.Category, chart.Label), f.pick(chart.Value, chart.Size)
	if cch == "" || vch == "" {
		return errors.New("a word cloud needs encoding.category (the words) and encoding.value")
	}
	d := f.data
	type entry struct {
		text  string
		value float64
		row   int
	}
	idx := map[string]int{}
	var ws []entry
	skipped := 0
	for row := 0; row < d.Len(); row++ {
		s := strings.TrimSpace(d.Str(cch, row))
		v, ok := d.Num(vch, row)
		if s == "" || !ok || v <= 0 {
			skipped++
			continue
		}
		if i, seen := idx[s]; seen {
			ws[i].value += v
			continue
		}
		idx[s] = len(ws)
		ws = append(ws, entry{s, v, row})
	}
	if skipped > 0 {
		f.note(plural(skipped, "row") + " without a word or a positive value left out")
	}
	if len(ws) == 0 {
		f.emptyState("No words to show")
		return nil
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].value > ws[j].value })
	if len(ws) > maxWords {
		f.note(fmt.Sprintf("the %d biggest of %d words", maxWords, len(ws)))
		ws = ws[:maxWords]
	}
	// Colour groups, in order of their biggest word, with a legend.
	groups := map[string]int{}
	if d.Has(chart.Color) {
		var names []string
		for _, w := range ws {
			s := d.Str(chart.Color, w.row)
			if _, ok := groups[s]; !ok {
				groups[s] = len(names)
				names = append(names, s)
			}
		}
		f.legend(names)
	}
	group := func(row int) int {
		if !d.Has(chart.Color) {
			return -1
		}
		return groups[d.Str(chart.Color, row)]
	}
	pl := f.plot
	hi, lo := ws[0].value, ws[len(ws)-1].value
	maxF := math.Max(14, math.Min(96, math.Min(pl.H/3.2, pl.W/6)))
	minF := math.Min(10, maxF)
	sizeAt := func(scale float64) []cloudWord {
		words := make([]cloudWord, len(ws))
		for i, w := range ws {
			t := 0.5
			if hi > lo {
				t = math.Sqrt((w.value - lo) / (hi - lo))
			}
			words[i] = cloudWord{Text: w.text, Size: math.Max(8, (minF+(maxF-minF)*t)*scale), Rotate: i > 0 && rotateWord(w.text), Index: i}
		}
		return words
	}
	// Start at a scale where the boxes cover at most half the plot: a
	// spiral packs no denser than that.
	scale, area := 1.0, 0.0
	for _, w := range sizeAt(1) {
		bw, bh := wordBox(w)
		area += bw * bh
	}
	if limit := 0.5 * pl.W * pl.H; area > limit {
		scale = math.Sqrt(limit / area)
	}
	var placed []placedWord
	var dropped []int
	for try := 0; try < 4; try, scale = try+1, scale*0.85 {
		placed, dropped = placeWords(sizeAt(scale), pl)
		if len(dropped) == 0 {
			break
		}
	}
	if len(dropped) > 0 {
		f.note(plural(len(dropped), "word") + " did not fit")
	}
	for _, p := range placed {
		w := ws[p.Index]
		g := group(w.row)
		if g >= 0 && f.isHidden(g) {
			continue // its colour group is switched off; the layout stays
		}
		col := f.color(p.Index)
		if g >= 0 {
			col = f.color(g)
		}
		col = f.readable(col)
		font := Font{Size: p.Size, Bold: p.Size >= 20}
		tip := fmt.Sprintf("%s: %s", w.text, f.formatValue(vch, w.value))
		f.mark(Meta{Series: max(g, 0), Index: w.row, Tooltip: tip}, func() {
			b := p.Box
			if p.Rotate {
				// Turned a quarter anticlockwise: the baseline is a
				// vertical line, the glyphs' tops face left.
				f.c.Text(TextOp{X: b.X + cloudPad + Ascent*p.Size, Y: b.Y + b.H/2, Text: p.Text, Font: font, Color: col,
					Anchor: AnchorMiddle, Baseline: BaselineAlphabetic, Rotate: -90})
				return
			}
			f.c.Text(TextOp{X: b.X + b.W/2, Y: b.Y + cloudPad + Ascent*p.Size, Text: p.Text, Font: font, Color: col,
				Anchor: AnchorMiddle, Baseline: BaselineAlphabetic})
		})
	}
	return nil
}

// readable darkens (or on dark themes lightens) a colour used for text
// until it stands out from the background: pale palette colours such as
// yellow are fine as fills but not as letters.
func (f *frame) readable(c Color) Color {
	bg := luminance(f.theme.Background)
	for i := 0; i < 5; i++ {
		l := luminance(c)
		hi, lo := math.Max(l, bg), math.Min(l, bg)
		if (hi+0.05)/(lo+0.05) >= 1.9 {
			break
		}
		c = Lerp(c, f.theme.Text, 0.25)
	}
	return c
}
