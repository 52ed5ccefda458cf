package plot3d

import "unicode/utf8"

// Thin drops tick labels whose boxes would overlap on screen, axis by
// axis: it keeps the first and the last label of each axis and, between
// them, every k-th one for the smallest k at which no two kept boxes
// overlap, so what is left stays evenly spaced. Axis titles are always
// kept. size gives a label's box (width, height) in the same pixels as
// its X and Y; the box is centred on (X, Y), as the overlay draws it.
// Labels keep their order.
func Thin(ls []Label, size func(Label) (w, h float32)) []Label {
	keep := make([]bool, len(ls))
	for axis := 0; axis < 3; axis++ {
		var idx []int
		for i, l := range ls {
			if l.Title {
				keep[i] = true
			} else if l.Axis == axis {
				idx = append(idx, i)
			}
		}
		boxes := make([]box, len(idx))
		for j, i := range idx {
			w, h := size(ls[i])
			boxes[j] = box{ls[i].X - w/2, ls[i].Y - h/2, ls[i].X + w/2, ls[i].Y + h/2}
		}
		for _, j := range thinned(boxes) {
			keep[idx[j]] = true
		}
	}
	out := make([]Label, 0, len(ls))
	for i, l := range ls {
		if keep[i] {
			out = append(out, l)
		}
	}
	return out
}

// box is a screen rectangle.
type box struct{ x0, y0, x1, y1 float32 }

func (a box) overlaps(b box) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

// thinned picks which of the boxes to keep: 0, k, 2k, … and the last
// (dropping the stepped one before it if the two collide), for the
// smallest step k that leaves no overlap; only the first when even the
// first and the last collide.
func thinned(bs []box) []int {
	n := len(bs)
	if n <= 2 {
		if n == 2 && bs[0].overlaps(bs[1]) {
			return []int{0}
		}
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	for k := 1; k < n; k++ {
		var pick []int
		for i := 0; i < n-1; i += k {
			pick = append(pick, i)
		}
		if last := pick[len(pick)-1]; len(pick) > 1 && bs[last].overlaps(bs[n-1]) {
			pick = pick[:len(pick)-1]
		}
		pick = append(pick, n-1)
		if !anyOverlap(bs, pick) {
			return pick
		}
	}
	return []int{0}
}

// anyOverlap reports whether two of the picked boxes overlap. Projected
// labels are not always in screen order, so every pair is tested; an
// axis has tens of ticks at most.
func anyOverlap(bs []box, pick []int) bool {
	for a := 0; a < len(pick); a++ {
		for b := a + 1; b < len(pick); b++ {
			if bs[pick[a]].overlaps(bs[pick[b]]) {
				return true
			}
		}
	}
	return false
}

// TextBox estimates the box of a label drawn at px pixels a line: about
// 0.6 em a character (generous for proportional sans-serif digits and
// letters) plus a 4 px gap each side, and 1.25 lines high.
func TextBox(text string, px float32) (w, h float32) {
	return float32(utf8.RuneCountInString(text))*px*0.6 + 8*px/12, px * 1.25
}
