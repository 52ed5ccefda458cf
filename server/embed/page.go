package embed

import (
	"bytes"
	"errors"
	"html"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"
)

// Page serves /embed/:token: the web client's shell with the token in a
// meta tag, which switches the client to its chrome-less embed mode. The
// page, and its error pages, may be framed by the configured origins
// only; every other page refuses framing.
type Page struct {
	S *Service
	// Shell returns index.html.
	Shell func() ([]byte, error)
	// Policy is the Content-Security-Policy, frame-ancestors included.
	Policy string
	Log    *slog.Logger
}

// Register mounts the page.
func (p Page) Register(r fiber.Router) { r.Get("/embed/:token", p.serve) }

func (p Page) serve(c *fiber.Ctx) error {
	p.headers(c)
	token := c.Params("token")
	a, err := p.S.Resolve(c.UserContext(), token)
	if err == nil {
		err = p.S.Check(c.UserContext(), a)
	}
	if err != nil {
		return p.fail(c, err)
	}
	shell, err := p.Shell()
	if err != nil {
		return p.fail(c, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(Inject(shell, token))
}

// headers make the response framable by the allowed origins, and keep it
// out of caches and search engines: its URL is a credential.
func (p Page) headers(c *fiber.Ctx) {
	c.Response().Header.Del(fiber.HeaderXFrameOptions)
	c.Set(fiber.HeaderContentSecurityPolicy, p.Policy)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex, nofollow")
}

// Inject puts <meta name="gobi-embed" content="TOKEN"> at the start of
// the shell's <head>.
func Inject(shell []byte, token string) []byte {
	meta := []byte("\n<meta name=\"gobi-embed\" content=\"" + html.EscapeString(token) + "\">")
	at, lower := 0, bytes.ToLower(shell)
	for i := 0; ; {
		k := bytes.Index(lower[i:], []byte("<head"))
		if k < 0 {
			break
		}
		i += k + len("<head")
		if i < len(shell) && (shell[i] == '>' || shell[i] == ' ' || shell[i] == '\t' || shell[i] == '\n') { // not <header>
			if j := bytes.IndexByte(shell[i:], '>'); j >= 0 {
				at = i + j + 1
			}
			break
		}
	}
	out := make([]byte, 0, len(shell)+len(meta))
	out = append(out, shell[:at]...)
	out = append(out, meta...)
	return append(out, shell[at:]...)
}

var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}} · Gobi</title>
<style>
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;font:15px/1.5 system-ui,sans-serif;color:#333;background:#fafafa}
div{max-width:30em;padding:1.5em;text-align:center}
h1{font-size:1.15em;margin:0 0 .5em}
p{margin:0;color:#555}
</style>
</head>
<body><div role="alert"><h1>{{.Title}}</h1><p>{{.Message}}</p></div></body>
</html>
`))

type failure struct {
	Status         int
	Title, Message string
}

// failureFor words each reason a page cannot be shown.
func failureFor(err error) failure {
	const ask = "Ask whoever shared it for a new link."
	switch {
	case errors.Is(err, ErrInvalid):
		return failure{http.StatusUnauthorized, "This link is not valid", "The embed link is incomplete or has been altered. " + ask}
	case errors.Is(err, ErrExpired):
		return failure{http.StatusGone, "This link has expired", "The embed link is past its expiry date. " + ask}
	case errors.Is(err, ErrRevoked):
		return failure{http.StatusGone, "This link has been revoked", "Its owner has withdrawn the embed link. " + ask}
	case errors.Is(err, ErrItemGone):
		return failure{http.StatusGone, "This content has been removed", "What the embed link showed has been deleted. " + ask}
	}
	return failure{http.StatusInternalServerError, "Something went wrong", "The page cannot be shown right now. Try again shortly."}
}

// fail writes an error page that the allowed origins may frame, so the
// message shows inside the iframe. Internal errors are logged here, not
// by the error handler, which would log the path and so the token.
func (p Page) fail(c *fiber.Ctx, err error) error {
	f := failureFor(err)
	if f.Status >= 500 {
		p.Log.Error("embed page failed", "err", err)
	}
	var buf bytes.Buffer
	if err := errorPage.Execute(&buf, f); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(f.Status).Send(buf.Bytes())
}
