package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"github.com/gobi-bi/gobi"
)

// wasmFile is the browser client, built by `make wasm` into assets/.
const wasmFile = "assets/app.wasm"

// clientBundle is the embedded WebAssembly client, read once.
type clientBundle struct {
	once      sync.Once
	raw, gz   []byte
	etag      string
	available bool
	// version is the content hash index.html puts in the module's URL
	// (/assets/app.wasm?v=version): that URL's answer never changes, so
	// browsers keep it without revalidating.
	version string
}

// webClient is the embedded client; the embedded files never change while
// the server runs.
var webClient = &clientBundle{}

func (b *clientBundle) load() {
	b.once.Do(func() {
		raw, err := gobi.Static.ReadFile(wasmFile)
		if err != nil {
			return
		}
		b.raw, b.available = raw, true
		b.gz, _ = gobi.Static.ReadFile(wasmFile + ".gz")
		sum := sha256.Sum256(raw)
		b.version = hex.EncodeToString(sum[:12])
		b.etag = `"` + b.version + `"`
	})
}

// shellPage is index.html with the module's URL versioned by its content
// hash (as is when the client is not built).
func shellPage() ([]byte, error) {
	webClient.load()
	page, err := gobi.Static.ReadFile("index.html")
	if err != nil || !webClient.available {
		return page, err
	}
	return bytes.ReplaceAll(page, []byte(`"/`+wasmFile+`"`), []byte(`"/`+wasmFile+`?v=`+webClient.version+`"`)), nil
}

// static serves the embedded web client: index.html at /, the
// WebAssembly module as application/wasm (gzip-compressed at build time,
// sent as is to browsers that accept gzip; cached for a year under the
// versioned URL index.html names, revalidated by ETag under any other),
// the API reference page at /docs/api, and the other assets.
func (a *App) static(f *fiber.App) {
	bundle := webClient
	f.Get("/"+wasmFile, func(c *fiber.Ctx) error {
		bundle.load()
		if !bundle.available {
			return fiber.NewError(http.StatusNotFound, "the web client is not built: run `make build`")
		}
		c.Set(fiber.HeaderContentType, "application/wasm")
		if c.Query("v") == bundle.version {
			c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		} else {
			c.Set(fiber.HeaderCacheControl, "no-cache")
		}
		c.Set(fiber.HeaderETag, bundle.etag)
		c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
		if c.Get(fiber.HeaderIfNoneMatch) == bundle.etag {
			return c.SendStatus(http.StatusNotModified)
		}
		if len(bundle.gz) > 0 && acceptsGzip(c.Get(fiber.HeaderAcceptEncoding)) {
			c.Set(fiber.HeaderContentEncoding, "gzip")
			return c.Send(bundle.gz)
		}
		return c.Send(bundle.raw)
	})
	assets, _ := fs.Sub(gobi.Static, "assets")
	f.Use("/assets", filesystem.New(filesystem.Config{Root: http.FS(assets), MaxAge: 300}))
	f.Get("/", serveHTML(shellPage))
	// The API reference renders /api/openapi.json in the browser, offline
	// (no CDN); Fiber's non-strict routing also answers /docs/api/.
	f.Get("/docs/api", servePage("assets/reference.html"))
}

// servePage serves one embedded HTML file, revalidated on every load so a new
// release is picked up at once.
func servePage(name string) fiber.Handler {
	return serveHTML(func() ([]byte, error) { return gobi.Static.ReadFile(name) })
}

// serveHTML serves the page page returns, revalidated on every load.
func serveHTML(page func() ([]byte, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, err := page()
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		c.Set(fiber.HeaderCacheControl, "no-cache")
		return c.Send(b)
	}
}

// acceptsGzip reads an Accept-Encoding header (q=0 refuses).
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") || strings.TrimSpace(name) == "*" {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
