//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
	"github.com/gobi-bi/gobi/shared/chart"
)

func init() { screens["embed"] = (*app).showEmbedLinks }

// showEmbedLinks is #/embed: the caller's embed links (item, locked
// parameters, expiry, creation, revocation), a form that creates one for
// a dashboard or chart they own, and, once created, the link and its
// iframe snippet to copy (the token is shown this once).
func (a *app) showEmbedLinks(s *screen, _ []string) {
	a.title("Embed links")
	add(a.root, withText(el("p", "class", "muted"),
		"An embed link shows one dashboard or chart, without a login, inside another site's page (an iframe), with its data run as you. "+
			"Anyone with the link can see it until it expires or you revoke it."))
	form := el("form", "class", "card admin-form", "id", "embed-form")
	kind := el("select", "name", "kind", "id", "embed-kind")
	for _, k := range []api.EmbedKind{api.EmbedDashboard, api.EmbedChart} {
		add(kind, withText(el("option", "value", string(k)), string(k)))
	}
	item := el("select", "name", "item", "id", "embed-item", "required", "")
	params := el("input", "name", "params", "id", "embed-params", "placeholder", `{"region":"North"}`, "spellcheck", "false")
	expires := el("input", "name", "expires", "id", "embed-expires", "type", "number", "min", "1", "max", "365", "value", "7")
	btn := withText(el("button", "type", "submit", "id", "embed-create"), "Create link")
	add(form, add(withText(el("label"), "Show a "), kind), add(withText(el("label"), "Item "), item),
		add(withText(el("label"), "Locked parameters (JSON) "), params),
		add(withText(el("label"), "Expires in days "), expires), btn)
	msg := el("div", "id", "embed-msg", "aria-live", "polite")
	created := el("div", "id", "embed-created")
	tbl, body := table("embed-links", "Shows", "Locked parameters", "Expires", "Created", "Status", "")
	wait := loadingNote()
	add(a.root, form, msg, created, add(el("div", "class", "table-wrap"), tbl), wait)

	var dashboards []api.Dashboard
	var charts []chart.Saved
	name := func(k api.EmbedKind, id int64) string {
		if k == api.EmbedDashboard {
			for _, d := range dashboards {
				if d.ID == id {
					return d.Title
				}
			}
		} else {
			for _, c := range charts {
				if c.ID == id {
					return c.Name
				}
			}
		}
		return fmt.Sprintf("#%d", id)
	}
	fillItems := func() {
		clear(item)
		if api.EmbedKind(value(kind)) == api.EmbedDashboard {
			for _, d := range dashboards {
				if d.Access == "" || d.Access == api.AccessOwner {
					add(item, withText(el("option", "value", strconv.FormatInt(d.ID, 10)), d.Title))
				}
			}
		} else {
			for _, c := range charts {
				if c.Access == "" || c.Access == api.AccessOwner {
					add(item, withText(el("option", "value", strconv.FormatInt(c.ID, 10)), c.Name))
				}
			}
		}
		if item.Get("options").Get("length").Int() == 0 {
			// Only your own items can be embedded: say so rather than
			// offer an empty list (the empty value keeps the form from
			// being sent).
			add(item, withText(el("option", "value", "", "id", "embed-none"), "none of your own (shared ones cannot be embedded)"))
		}
	}
	s.on(kind, "change", func(js.Value) { fillItems() })

	var load func()
	load = func() {
		go func() {
			ctx := a.ctx(s)
			var links []api.EmbedLink
			if err := a.api.do(ctx, "GET", "/api/embed", nil, nil, &links); err != nil {
				flash(msg, err, "")
				return
			}
			sort.Slice(links, func(i, j int) bool { return links[i].ID > links[j].ID })
			clear(body)
			if len(links) == 0 {
				row(body, "No embed links yet.", "", "", "", "", "")
			}
			now := time.Now()
			for _, l := range links {
				status := "active"
				switch {
				case l.RevokedAt != nil:
					status = "revoked " + when(l.RevokedAt, "")
				case !now.Before(l.ExpiresAt):
					status = "expired"
				}
				locked := "—"
				if len(l.Params) > 0 {
					b, _ := json.Marshal(l.Params)
					locked = string(b)
				}
				var action js.Value = withText(el("span"), "")
				if status == "active" {
					id := l.ID
					action = confirmButton(s, "Revoke", "danger", func() {
						go func() {
							err := a.api.do(a.ctx(s), "DELETE", fmt.Sprintf("/api/embed/%d", id), nil, nil, nil)
							flash(msg, err, fmt.Sprintf("Link %d revoked: it stops working now.", id))
							load()
						}()
					})
				}
				expiry := l.ExpiresAt
				tr := row(body, fmt.Sprintf("%s: %s", l.Kind, name(l.Kind, l.ItemID)), locked, when(&expiry, ""),
					when(&l.CreatedAt, ""), status, action)
				tr.Call("setAttribute", "data-link", strconv.FormatInt(l.ID, 10))
			}
		}()
	}

	s.on(form, "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		in := api.EmbedInput{Kind: api.EmbedKind(value(kind))}
		in.ID, _ = strconv.ParseInt(value(item), 10, 64)
		if days, err := strconv.ParseFloat(value(expires), 64); err == nil && days > 0 {
			in.ExpiresInSeconds = int64(days * 86400)
		}
		if p := strings.TrimSpace(value(params)); p != "" {
			if err := json.Unmarshal([]byte(p), &in.Params); err != nil {
				flash(msg, fmt.Errorf("locked parameters: a JSON object such as {\"region\":\"North\"}: %v", err), "")
				return
			}
		}
		btn.Set("disabled", true)
		go func() {
			defer btn.Set("disabled", false)
			var out api.EmbedCreated
			err := a.api.do(a.ctx(s), "POST", "/api/embed", nil, in, &out)
			flash(msg, err, "")
			if err != nil {
				return
			}
			a.showCreatedLink(s, created, &out)
			load()
		}()
	})

	go func() {
		defer wait.Call("remove")
		ctx := a.ctx(s)
		if err := a.api.do(ctx, "GET", "/api/dashboards", nil, nil, &dashboards); err != nil {
			flash(msg, err, "")
		}
		if err := a.api.do(ctx, "GET", "/api/charts", nil, nil, &charts); err != nil {
			flash(msg, err, "")
		}
		fillItems()
		load()
	}()
}

// iframeSnippet is the HTML that embeds the page at u.
func iframeSnippet(u string) string {
	return fmt.Sprintf(`<iframe src="%s" width="100%%" height="600" style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>`, attrEscaper.Replace(u))
}

// attrEscaper escapes a double-quoted attribute value; not package html,
// whose entity table would add about 100 KB to the module.
var attrEscaper = strings.NewReplacer("&", "&amp;", `"`, "&#34;", "<", "&lt;", ">", "&gt;", "'", "&#39;")

// showCreatedLink shows a new link's address and iframe snippet, each
// with a Copy button: the token is in them and is not shown again.
func (a *app) showCreatedLink(s *screen, box js.Value, l *api.EmbedCreated) {
	clear(box)
	u := global.Get("location").Get("origin").String() + l.URL
	link := withText(el("code", "id", "embed-url", "class", "embed-url"), u)
	snippet := el("textarea", "id", "embed-snippet", "rows", "3", "readonly", "", "spellcheck", "false")
	text := iframeSnippet(u)
	snippet.Set("value", text)
	add(box, add(el("div", "class", "card embed-new"),
		withText(el("h3"), "Link created"),
		withText(el("p", "class", "muted"), "Copy it now: the link carries its token, which is not shown again."),
		add(el("div", "class", "embed-copy"), link, copyButton(s, u, link),
			withText(el("a", "href", u, "target", "_blank", "rel", "noopener", "id", "embed-open"), "Open")),
		withText(el("label", "for", "embed-snippet"), "Iframe snippet"),
		add(el("div", "class", "embed-copy"), snippet, copyButton(s, text, snippet))))
}
