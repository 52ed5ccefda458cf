package render_test

import (
	"os"
	"path/filepath"

	"github.com/gobi-bi/gobi/render/geo"
)

// The tests draw geo charts on the maps shipped in assets/geo/, registered
// the way the server does at start-up.
func init() {
	if err := geo.RegisterBuiltin(os.DirFS(filepath.Join("..", "assets")), "geo"); err != nil {
		panic(err) // a missing asset must fail the tests loudly
	}
}
