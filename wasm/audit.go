//go:build js && wasm

package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
)

// auditPage is how many entries one request of the audit screen asks for.
const auditPage = 50

// showAudit is the audit log of API-key requests, newest first: admins
// see every entry, users those of their keys. Filters go to the server;
// "Older" pages back with before_id.
func (a *app) showAudit(s *screen) {
	a.title("Audit log")
	form := el("form", "class", "params", "id", "audit-filters")
	method := el("select", "name", "method")
	for _, m := range []string{"", "GET", "POST", "PUT", "DELETE"} {
		add(method, withText(el("option", "value", m), or(m, "any")))
	}
	status := el("input", "name", "status", "type", "number", "min", "100", "max", "599", "placeholder", "any")
	path := el("input", "name", "path", "placeholder", "/api/…")
	reason := el("input", "name", "reason", "placeholder", "rate_limited, …")
	refused := el("select", "name", "refused")
	for _, o := range [][2]string{{"", "any"}, {"true", "yes"}, {"false", "no"}} {
		add(refused, withText(el("option", "value", o[0]), o[1]))
	}
	add(form, add(withText(el("label"), "Method "), method), add(withText(el("label"), "Status "), status),
		add(withText(el("label"), "Path prefix "), path), add(withText(el("label"), "Reason "), reason),
		add(withText(el("label"), "Refused "), refused), withText(el("button", "type", "submit"), "Apply"))
	msg := el("div", "id", "audit-msg")
	tbl, body := table("audit", "Time", "Method", "Path", "Status", "Reason", "Key", "Latency", "Request id")
	older := withText(el("button", "type", "button", "id", "audit-older", "hidden", ""), "Older")
	add(a.root, form, msg, add(el("div", "class", "table-wrap"), tbl), add(el("p"), older))

	var filters url.Values
	// prefixes names the keys the entries were made with.
	var prefixes map[int64]string
	var last int64 // the oldest entry shown
	// gen numbers the loads, so a page that arrives after the filters
	// changed is dropped.
	gen := 0
	load := func(more bool) {
		gen++
		g := gen
		q := url.Values{"limit": {strconv.Itoa(auditPage)}}
		for k, v := range filters {
			q[k] = v
		}
		if more {
			q.Set("before_id", strconv.FormatInt(last, 10))
		}
		older.Set("disabled", true)
		go func() {
			if prefixes == nil {
				prefixes = map[int64]string{}
				var keys []api.APIKey
				if a.api.do(a.ctx(s), "GET", "/api/apikeys", nil, nil, &keys) == nil {
					for _, k := range keys {
						prefixes[k.ID] = k.Prefix + "…"
					}
				}
			}
			var es []api.AuditEntry
			err := a.api.do(a.ctx(s), "GET", "/api/audit", q, nil, &es)
			if g != gen {
				return
			}
			flash(msg, err, "")
			older.Set("disabled", false)
			if err != nil {
				return
			}
			if !more {
				clear(body)
				if len(es) == 0 {
					row(body, "No entries.")
				}
			}
			for _, e := range es {
				auditRow(body, e, prefixes)
				last = e.ID
			}
			older.Set("hidden", len(es) < auditPage)
		}()
	}
	s.on(form, "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		filters = url.Values{}
		for k, e := range map[string]js.Value{"method": method, "status": status, "path": path, "reason": reason, "refused": refused} {
			if v := strings.TrimSpace(value(e)); v != "" {
				filters.Set(k, v)
			}
		}
		load(false)
	})
	s.on(older, "click", func(js.Value) { load(true) })
	load(false)
}

func auditRow(body js.Value, e api.AuditEntry, prefixes map[int64]string) {
	p := e.Path
	if e.Query != "" {
		p += "?" + e.Query
	}
	tr := row(body, when(&e.CreatedAt, ""), e.Method, p, strconv.Itoa(e.Status), or(e.Reason, "—"),
		keyLabel(e, prefixes), fmt.Sprintf("%.1f ms", e.LatencyMS), e.RequestID)
	tr.Call("setAttribute", "data-status", strconv.Itoa(e.Status))
	if e.Reason != "" {
		tr.Call("setAttribute", "class", "refused")
	}
}

// keyLabel names the key an entry was made with: by its prefix, else
// by its id.
func keyLabel(e api.AuditEntry, prefixes map[int64]string) string {
	switch {
	case e.KeyPrefix != "":
		return strings.TrimSuffix(e.KeyPrefix, "…") + "…"
	case e.KeyID == nil:
		return "—"
	}
	return or(prefixes[*e.KeyID], fmt.Sprintf("key %d", *e.KeyID))
}

// or is s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
