package geo

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// ErrMapNotRegistered is returned by Get for a map name no one has
// registered; callers show it as "this map is not available".
var ErrMapNotRegistered = errors.New("map not registered")

var (
	mu   sync.RWMutex
	maps = map[string]*Map{}
)

// RegisterMap parses geojson and makes it the base map called name
// ("world", "us-states"). The server calls it at start-up with the files
// embedded under assets/geo/, and the WebAssembly client after fetching
// /assets/geo/…; render cannot embed them itself without pulling the web
// client's assets into every binary. Registering a name again replaces
// the map.
func RegisterMap(name string, geojson []byte) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return errors.New("geo: a map needs a name")
	}
	m, err := Parse(geojson)
	if err != nil {
		return fmt.Errorf("geo: map %q: %w", name, err)
	}
	mu.Lock()
	maps[name] = m
	mu.Unlock()
	return nil
}

// Get returns the registered map called name.
func Get(name string) (*Map, error) {
	mu.RLock()
	m, ok := maps[name]
	mu.RUnlock()
	if !ok {
		have := Registered()
		if len(have) == 0 {
			return nil, fmt.Errorf("geo: map %q: %w (no maps are registered)", name, ErrMapNotRegistered)
		}
		return nil, fmt.Errorf("geo: map %q: %w (registered: %s)", name, ErrMapNotRegistered, strings.Join(have, ", "))
	}
	return m, nil
}

// Registered lists the registered map names, sorted.
func Registered() []string {
	mu.RLock()
	defer mu.RUnlock()
	names := make([]string, 0, len(maps))
	for n := range maps {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// AssetFile is the file under assets/geo/ that holds the built-in map
// called name, so the server and the browser client agree on where maps
// live.
func AssetFile(name string) string { return name + ".geojson" }

// BuiltinMaps are the maps shipped under assets/geo/.
var BuiltinMaps = []string{"world", "us-states"}

// RegisterBuiltin registers every map of BuiltinMaps from dir in fsys,
// such as the server's embedded static files ("assets/geo" in
// gobi.Static), so start-up is one call.
func RegisterBuiltin(fsys fs.FS, dir string) error {
	for _, name := range BuiltinMaps {
		b, err := fs.ReadFile(fsys, path.Join(dir, AssetFile(name)))
		if err != nil {
			return fmt.Errorf("geo: map %q: %w", name, err)
		}
		if err := RegisterMap(name, b); err != nil {
			return err
		}
	}
	return nil
}
