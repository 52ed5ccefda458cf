//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
)

// apiClient calls the REST API with the browser's fetch. It does not use
// net/http, which would add megabytes to the module.
type apiClient struct {
	// auth is the Authorization header: "Bearer <jwt>" or "Embed <token>".
	auth string
	// onUnauthorized runs when a session is refused (expired token).
	onUnauthorized func()
	// onOutage runs when the server cannot be reached (see errOutage).
	onOutage func()
}

// apiError is a non-2xx answer in Gobi's error format.
type apiError struct {
	Status int
	Body   api.Error
}

func (e *apiError) Error() string {
	if e.Body.Message != "" {
		return e.Body.Message
	}
	return fmt.Sprintf("the server answered %d", e.Status)
}

// await waits for a JavaScript promise. Call it from a goroutine, never
// from an event handler.
func await(ctx context.Context, p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "request failed"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		ch <- result{err: errors.New(msg)}
		return nil
	})
	defer then.Release()
	defer catch.Release()
	p.Call("then", then, catch)
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return js.Undefined(), ctx.Err()
	}
}

// do sends one request; in (when not nil) is sent as JSON and the JSON
// answer decoded into out (when not nil).
func (c *apiClient) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	res, err := c.send(ctx, method, path, query, in, "application/json")
	if err != nil {
		return err
	}
	if out == nil || res.Get("status").Int() == 204 {
		return nil
	}
	body, err := await(ctx, res.Call("text"))
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if err := json.Unmarshal([]byte(body.String()), out); err != nil {
		return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
	}
	return nil
}

// blob GETs path and returns the answer as a JavaScript Blob: files such
// as a chart's PNG, which need the Authorization header a plain link
// cannot send.
func (c *apiClient) blob(ctx context.Context, path string) (js.Value, error) {
	res, err := c.send(ctx, "GET", path, nil, nil, "*/*")
	if err != nil {
		return js.Undefined(), err
	}
	b, err := await(ctx, res.Call("blob"))
	if err != nil {
		return js.Undefined(), fmt.Errorf("GET %s: reading the answer: %w", path, err)
	}
	return b, nil
}

// send makes one request and returns the 2xx Response, or an *apiError
// for any other status.
func (c *apiClient) send(ctx context.Context, method, path string, query url.Values, in any, accept string) (js.Value, error) {
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	headers := map[string]any{"Accept": accept}
	if c.auth != "" {
		headers["Authorization"] = c.auth
	}
	init := map[string]any{"method": method, "headers": headers, "credentials": "omit"}
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return js.Undefined(), fmt.Errorf("encode request: %w", err)
		}
		headers["Content-Type"] = "application/json"
		init["body"] = string(b)
	}
	ac := global.Get("AbortController").New()
	init["signal"] = ac.Get("signal")
	var res js.Value
	var err error
	// boot.js may have asked for it while the module loaded; a failed
	// prefetch is asked for again.
	p := prefetched(method, path, c.auth, in)
	if p.Truthy() {
		res, err = await(ctx, p)
	}
	if !p.Truthy() || err != nil {
		res, err = await(ctx, global.Call("fetch", path, init))
	}
	if err != nil {
		ac.Call("abort")
		if ctx.Err() == nil {
			// fetch rejects only when no answer came: the network or
			// the server is down.
			c.outage()
			err = fmt.Errorf("%w (%v)", errOutage, err)
		}
		return js.Undefined(), fmt.Errorf("%s %s: %w", method, path, err)
	}
	status := res.Get("status").Int()
	if status >= 200 && status <= 299 {
		return res, nil
	}
	body, err := await(ctx, res.Call("text"))
	text := ""
	if err == nil {
		text = body.String()
	}
	e := &apiError{Status: status}
	gobi := json.Unmarshal([]byte(text), &e.Body) == nil && e.Body.Message != ""
	if (status == 502 || status == 504) && !(gobi && e.Body.Code == status) {
		// A proxy in front of Gobi answered: Gobi itself is down. (A
		// 502/504 in Gobi's error format is Gobi's own word on a data
		// source that did not answer: shown as any API error.)
		c.outage()
		return js.Undefined(), fmt.Errorf("%s %s: %w (%d)", method, path, errOutage, status)
	}
	if err != nil {
		return js.Undefined(), fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if !gobi {
		e.Body.Message = fmt.Sprintf("the server answered %d %s", status, strings.TrimSpace(firstLine(text)))
	}
	if status == 401 && c.onUnauthorized != nil && strings.HasPrefix(c.auth, "Bearer ") {
		c.onUnauthorized()
	}
	return js.Undefined(), e
}

// prefetched is the answer boot.js fetched for this GET while the module
// loaded (a Promise of a Response), or undefined.
func prefetched(method, path, auth string, in any) js.Value {
	if p := global.Get("gobiPrefetch"); method == "GET" && in == nil && p.Truthy() {
		return p.Call("take", path, auth)
	}
	return js.Undefined()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// describe formats an error for display, listing field errors. The
// server's message often already names a single field's problem
// ("sql: DELETE is not allowed"): a field error the message contains is
// not listed again.
func describe(err error) string {
	if errors.Is(err, errOutage) {
		return "Not loaded: the server cannot be reached."
	}
	var e *apiError
	if !errors.As(err, &e) || len(e.Body.Fields) == 0 {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(e.Body.Message)
	for _, f := range e.Body.Fields {
		if strings.Contains(e.Body.Message, f.Message) {
			continue
		}
		fmt.Fprintf(&b, "\n• %s: %s", f.Path, f.Message)
	}
	return b.String()
}
