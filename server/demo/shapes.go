package demo

import (
	"math"
	"math/rand/v2"
)

// gridSize is the number of points along each side of the surface grid.
const gridSize = 41

// genSurface samples z = sin(r)/r (the "sombrero") on a 41×41 grid over
// [-10, 10]², the classic smooth surface for 3D surface and contour charts.
func genSurface() table {
	t := table{name: "surface", columns: []string{"x", "y", "z"}}
	for j := range gridSize {
		y := -10 + 0.5*float64(j)
		for i := range gridSize {
			x := -10 + 0.5*float64(i)
			z := 1.0
			if r := math.Hypot(x, y); r != 0 {
				z = math.Sin(r) / r
			}
			t.rows = append(t.rows, []any{x, y, math.Round(z*1e6) / 1e6})
		}
	}
	return t
}

// cluster is one Gaussian blob of 3D points.
type cluster struct {
	name    string
	center  [3]float64
	spread  float64
	count   int
	maxSize float64
}

var clusters = []cluster{
	{"Alpha", [3]float64{2, 2, 2}, 0.6, 500, 8},
	{"Beta", [3]float64{-2, 1, 0}, 0.8, 500, 6},
	{"Gamma", [3]float64{0, -2, 3}, 0.5, 500, 10},
	{"Delta", [3]float64{1, -1, -2}, 1.0, 500, 5},
}

// genPoints3D draws 2,000 points in four clusters for 3D scatter charts;
// size shrinks with distance from the cluster centre, so bubbles taper.
func genPoints3D(rng *rand.Rand) table {
	t := table{name: "points3d", columns: []string{"x", "y", "z", "size", "cluster"}}
	for _, c := range clusters {
		for range c.count {
			var p [3]float64
			dist := 0.0
			for k := range p {
				off := c.spread * rng.NormFloat64()
				p[k] = math.Round((c.center[k]+off)*1e4) / 1e4
				dist += off * off
			}
			size := math.Max(1, c.maxSize*math.Exp(-math.Sqrt(dist)/(2*c.spread)))
			t.rows = append(t.rows, []any{p[0], p[1], p[2], math.Round(size*10) / 10, c.name})
		}
	}
	return t
}
