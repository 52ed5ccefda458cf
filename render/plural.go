package render

import (
	"strconv"
	"strings"
)

// plural writes a count with its noun, "1 row" or "3 rows" (and
// "categories"), for the notes under a chart.
func plural(n int, noun string) string {
	s := strconv.Itoa(n) + " "
	if n == 1 {
		return s + noun
	}
	if strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey") {
		return s + noun[:len(noun)-1] + "ies"
	}
	return s + noun + "s"
}
