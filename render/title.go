package render

// drawTitle draws the title and subtitle at the top left and takes their
// height from the plot area. Long titles are truncated with an ellipsis
// rather than wrapped, so the plot keeps a predictable height.
func (f *frame) drawTitle() {
	y := f.full.Y
	if t := f.spec.Title; t != "" {
		f.text(f.full.X, y, Truncate(t, fontTitle, f.full.W), fontTitle, f.theme.Text, AnchorStart, BaselineTop)
		y += fontTitle.Size * 1.35
	}
	if s := f.spec.Subtitle; s != "" {
		f.text(f.full.X, y, Truncate(s, fontSubtitle, f.full.W), fontSubtitle, f.theme.MutedText, AnchorStart, BaselineTop)
		y += fontSubtitle.Size * 1.4
	}
	if y > f.full.Y {
		f.shrink("top", y-f.full.Y+pad*0.75)
	}
}
