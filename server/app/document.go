package app

import (
	"sync"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/route"
)

// apiVersion is the version of the API the document describes (not of
// the server build): it changes when an incompatible change is made.
const apiVersion = "1.0.0"

// apiDescription opens the OpenAPI document.
const apiDescription = `Gobi's REST API: data sources, saved SQL queries with typed parameters (executed read-only, with timeouts and ` +
	`row and byte limits), charts, dashboards, embed links, API keys and the audit log.

Every error is one JSON shape (Error): the HTTP status again, a stable machine code to branch on, a message for people, ` +
	`per-field problems for validation failures, and the request id, which is also in the X-Request-ID header, the server's ` +
	`log lines and the audit log.

Authenticate with a user session (Authorization: Bearer <token> from POST /api/auth/login), an API key ` +
	`(Authorization: ApiKey gobi_…, limited to its scopes), or a GOBI1 signed request (X-API-KEY, X-TIMESTAMP and ` +
	`X-SIGNATURE). Operations marked x-gobi-external are also served, to signed requests only, on the external listener.`

// document serves the OpenAPI 3.1 document of m at /api/openapi.json
// and /api/openapi.yaml, to anyone: it describes what exists, not what
// anyone owns. It is encoded once, on first request, when every
// operation has been added.
func (a *App) document(f *fiber.App, m *route.Mount) {
	encode := sync.OnceValues(func() ([2][]byte, error) {
		j, err := m.OpenAPI().MarshalJSON()
		if err != nil {
			return [2][]byte{}, err
		}
		y, err := m.OpenAPI().YAML()
		return [2][]byte{j, y}, err
	})
	serve := func(i int, mediaType string) fiber.Handler {
		return func(c *fiber.Ctx) error {
			docs, err := encode()
			if err != nil {
				return err
			}
			c.Set(fiber.HeaderContentType, mediaType)
			c.Set(fiber.HeaderCacheControl, "no-cache")
			return c.Send(docs[i])
		}
	}
	f.Get("/api/openapi.json", serve(0, "application/json"))
	f.Get("/api/openapi.yaml", serve(1, "application/yaml"))
}
