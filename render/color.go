package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Color is an sRGB colour with alpha.
type Color struct{ R, G, B, A uint8 }

// None is the transparent colour: "do not paint".
var None = Color{}

// IsNone reports whether c paints nothing.
func (c Color) IsNone() bool { return c.A == 0 }

// Hex returns #rrggbb (alpha is separate in every back-end).
func (c Color) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// Alpha returns c with opacity a in [0, 1].
func (c Color) Alpha(a float64) Color {
	c.A = uint8(math.Round(math.Max(0, math.Min(1, a)) * 255))
	return c
}

// Opacity is A as a fraction.
func (c Color) Opacity() float64 { return float64(c.A) / 255 }

// ParseHex parses #rgb or #rrggbb.
func ParseHex(s string) (Color, error) {
	h := strings.TrimPrefix(s, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return None, fmt.Errorf("colour %q must be #rrggbb", s)
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return None, fmt.Errorf("colour %q must be #rrggbb", s)
	}
	return Color{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, nil
}

func hex(s string) Color {
	c, err := ParseHex(s)
	if err != nil {
		panic(err) // only for the constant tables below
	}
	return c
}

// Lerp mixes a and b: t=0 gives a, t=1 gives b.
func Lerp(a, b Color, t float64) Color {
	t = math.Max(0, math.Min(1, t))
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return Color{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), m(a.A, b.A)}
}

// Categorical palettes. "default" is Okabe–Ito, chosen to stay distinct
// for the common forms of colour blindness, reordered so the first colours
// are the most distinct on white and on dark backgrounds.
var palettes = map[string][]Color{
	"default": {hex("#0072B2"), hex("#E69F00"), hex("#009E73"), hex("#D55E00"), hex("#56B4E9"), hex("#CC79A7"), hex("#F0E442"), hex("#7F7F7F")},
	"warm":    {hex("#D55E00"), hex("#E69F00"), hex("#CC79A7"), hex("#F0E442"), hex("#8C510A"), hex("#B2182B")},
	"cool":    {hex("#0072B2"), hex("#56B4E9"), hex("#009E73"), hex("#5E3C99"), hex("#1B7837"), hex("#2166AC")},
}

// Palette returns the categorical palette named name, or the default.
func Palette(name string) []Color {
	if p, ok := palettes[name]; ok {
		return p
	}
	return palettes["default"]
}

// viridisStops samples matplotlib's viridis, a perceptually uniform,
// colour-blind-safe sequential map.
var viridisStops = []Color{
	hex("#440154"), hex("#482878"), hex("#3E4A89"), hex("#31688E"), hex("#26828E"),
	hex("#1F9E89"), hex("#35B779"), hex("#6DCD59"), hex("#B4DE2C"), hex("#FDE725"),
}

// Sequential maps t in [0, 1] onto viridis.
func Sequential(t float64) Color {
	if math.IsNaN(t) {
		return hex("#bbbbbb")
	}
	t = math.Max(0, math.Min(1, t))
	f := t * float64(len(viridisStops)-1)
	i := int(f)
	if i >= len(viridisStops)-1 {
		return viridisStops[len(viridisStops)-1]
	}
	return Lerp(viridisStops[i], viridisStops[i+1], f-float64(i))
}

// Theme is the set of non-data colours.
type Theme struct {
	Name       string
	Background Color
	Text       Color
	MutedText  Color
	Axis       Color
	Grid       Color
	// Positive and Negative colour rising/falling marks (candlestick,
	// waterfall): blue/orange rather than green/red, for colour-blind users.
	Positive Color
	Negative Color
	Total    Color
}

// Themes by name.
var (
	Light = Theme{Name: "light", Background: hex("#ffffff"), Text: hex("#1d2330"), MutedText: hex("#5b6475"),
		Axis: hex("#8a93a3"), Grid: hex("#e6e9ef"), Positive: hex("#0072B2"), Negative: hex("#D55E00"), Total: hex("#5b6475")}
	Dark = Theme{Name: "dark", Background: hex("#161a22"), Text: hex("#e8ecf3"), MutedText: hex("#a3adbf"),
		Axis: hex("#6b7486"), Grid: hex("#2a303c"), Positive: hex("#56B4E9"), Negative: hex("#E69F00"), Total: hex("#a3adbf")}
)

// ThemeNamed returns the theme called name ("dark"), or Light.
func ThemeNamed(name string) Theme {
	if name == "dark" {
		return Dark
	}
	return Light
}
