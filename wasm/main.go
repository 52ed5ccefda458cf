//go:build js && wasm

// Command wasm is Gobi's browser client: a Go program compiled to
// WebAssembly that draws the very same 2D chart layout as the server
// (render/ on a Canvas 2D back-end) and 3D charts with g3n in WebGL2. It
// talks to the REST API with the typed structs of shared/ and validates
// chart specs and SQL with the same Go code as the server.
package main

import (
	"context"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/render/canvas"
	"github.com/gobi-bi/gobi/shared/api"
)

func main() {
	a := &app{root: byID("app"), nav: byID("nav")}
	a.api = &apiClient{onUnauthorized: a.sessionEnded, onOutage: a.showOutage}
	if meta := document.Call("querySelector", `meta[name="gobi-embed"]`); !meta.IsNull() {
		a.api.auth = "Embed " + meta.Call("getAttribute", "content").String()
		a.embed = true
		fixedTheme = true
		document.Get("body").Get("classList").Call("add", "embed")
	} else if t := loadToken(); !t.IsNull() {
		a.api.auth = "Bearer " + t.String()
	}
	// The Go fonts render/ measures text with; charts drawn before they
	// load use the fallback family.
	canvas.RegisterFonts()
	initTheme(a.route)
	a.watchSession()
	hashChange := js.FuncOf(func(js.Value, []js.Value) any { a.route(); return nil })
	global.Call("addEventListener", "hashchange", hashChange)
	if l := byID("loading"); l.Truthy() {
		l.Call("remove")
	}
	a.route()
	select {}
}

// tokenKey is where the session token is kept: localStorage, so every
// tab shares it (see session.go).
const tokenKey = "gobi.token"

// app is the running client.
type app struct {
	root, nav js.Value
	api       *apiClient
	embed     bool
	// me is the signed-in user, once known (see whoAmI).
	me  *api.User
	cur *screen
	// hash is the route shown, prev the one before it: where a screen's
	// Back link leads.
	hash, prev string
}

// ctx is a context for one screen's requests, canceled when it is left.
func (a *app) ctx(s *screen) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-s.done
		cancel()
	}()
	return ctx
}

// route shows the screen for location.hash.
func (a *app) route() {
	if a.cur != nil {
		a.cur.close()
	}
	s := newScreen()
	a.cur = s
	clear(a.root)
	if a.embed {
		a.showEmbed(s)
		return
	}
	hash := strings.TrimPrefix(global.Get("location").Get("hash").String(), "#")
	if a.api.auth == "" && !isLogin(hash) {
		global.Get("location").Set("hash", loginHash(hash))
		return
	}
	if hash != a.hash {
		a.prev, a.hash = a.hash, hash
	}
	a.drawNav(s, hash)
	parts := strings.Split(strings.Trim(hash, "/"), "/")
	switch {
	case isLogin(hash):
		a.showLogin(s)
	case parts[0] == "dashboards" && len(parts) == 2:
		a.showDashboard(s, parts[1])
	case parts[0] == "charts" && len(parts) == 2:
		a.showChart(s, parts[1])
	case parts[0] == "charts":
		a.showCharts(s)
	case parts[0] == "apikeys":
		a.showAPIKeys(s)
	case parts[0] == "users":
		a.showUsers(s)
	case parts[0] == "audit":
		a.showAudit(s)
	case parts[0] == "query":
		a.showQuery(s)
	case parts[0] == "editor":
		id := ""
		if len(parts) == 2 {
			id = parts[1]
		}
		a.showEditor(s, id)
	default:
		if show, ok := screens[parts[0]]; ok {
			show(a, s, parts[1:])
			return
		}
		a.showDashboards(s)
	}
}

// screens maps the first segment of a route (#/datasources/new →
// "datasources") to the screen that shows it, given the segments after
// it. Each screen's file adds itself in an init function, so screens
// are added without touching the router.
var screens = map[string]func(a *app, s *screen, rest []string){}

func (a *app) drawNav(s *screen, hash string) {
	clear(a.nav)
	if a.api.auth == "" {
		return
	}
	links := []struct{ href, label string }{
		{"#/dashboards", "Dashboards"}, {"#/charts", "Charts"}, {"#/query", "Query"}, {"#/editor", "New chart"},
		{"#/datasources", "Data sources"}, {"#/apikeys", "API keys"}, {"#/embed", "Embed links"}, {"#/audit", "Audit"},
	}
	if a.me == nil {
		// Draw again once the role is known: Users is for admins.
		go func() {
			if a.whoAmI(a.ctx(s)) != nil && s.alive() {
				a.drawNav(s, hash)
			}
		}()
	} else if a.me.Role == api.RoleAdmin {
		links = append(links, struct{ href, label string }{"#/users", "Users"})
	}
	for _, l := range links {
		cls := ""
		if strings.HasPrefix("#"+hash, l.href) {
			cls = "active"
		}
		link := withText(el("a", "href", l.href, "class", cls), l.label)
		// A link to the address already shown changes no hash, so no
		// hashchange comes: start the screen afresh here.
		href := l.href
		s.on(link, "click", func(ev js.Value) {
			if global.Get("location").Get("hash").String() == href {
				ev.Call("preventDefault")
				a.route()
			}
		})
		add(a.nav, link)
	}
	// The API reference is its own page (assets/reference.html).
	add(a.nav, withText(el("a", "href", "/docs/api", "id", "api-reference"), "API"))
	out := withText(el("button", "type", "button", "class", "link", "id", "logout"), "Log out")
	s.on(out, "click", func(js.Value) { a.logout() })
	add(a.nav, out)
}

func (a *app) logout() {
	dropToken()
	a.api.auth = ""
	a.me = nil
	global.Get("location").Set("hash", "#/login")
	a.route()
}

// title sets the page heading of a screen.
func (a *app) title(text string) js.Value {
	h := withText(el("h2"), text)
	add(a.root, h)
	document.Set("title", text+" · Gobi")
	return h
}
