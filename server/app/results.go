package app

import (
	"bytes"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/gobi-bi/gobi/server/readonly"
)

// resultBudgetWait is how long a query waits for room in the process-wide
// result budget (query.max_total_result_bytes) before it gets 503 busy.
const resultBudgetWait = 2 * time.Second

// writeTimeout bounds the writing of one response: a client that reads a
// large answer slowly, or not at all, gives its share of the result
// budget back when it passes (64 MiB in 5 minutes is 220 KB/s).
const writeTimeout = 5 * time.Minute

// holdResults keeps the budget reservations of the query results a
// request reads until its response body has been written to the
// connection (or the connection failed): the result and its encoded body
// are garbage only then, and fasthttp writes the body after the handlers
// have returned. Every route that runs queries (queries, chart data and
// renders, dashboards, embeds) goes through it.
//
// A response that holds results has its body moved into a body stream
// whose Close releases them; fasthttp closes a body stream once it is
// written, when writing it fails, and when the response is reset or
// released, so the reservation cannot outlive the request.
func holdResults(c *fiber.Ctx) error {
	ctx, release := readonly.HoldResults(c.UserContext())
	handed := false
	defer func() {
		if !handed { // an error, a panic, or nothing held
			release()
		}
	}()
	c.SetUserContext(ctx)
	if err := c.Next(); err != nil || !readonly.Holds(ctx) {
		return err
	}
	resp := c.Response()
	if resp.IsBodyStream() {
		// No route streams; replacing the stream would close it.
		return nil
	}
	// Body is the raw body from c.JSON or the (compressed) buffer; SwapBody
	// takes a pooled buffer out of the pool's reach before the stream
	// replaces it.
	body := resp.Body()
	if len(body) == 0 {
		return nil // nothing left to write (204, an empty body)
	}
	resp.SwapBody(nil)
	resp.SetBodyStream(&heldBody{Reader: bytes.NewReader(body), release: release}, len(body))
	handed = true
	return nil
}

// heldBody is a response body that gives its results' budget back when
// fasthttp closes it.
type heldBody struct {
	*bytes.Reader
	once    sync.Once
	release func()
}

// Close releases the reservation; fasthttp may call it more than once.
func (b *heldBody) Close() error {
	b.once.Do(b.release)
	return nil
}
