//go:build js && wasm

package main

import (
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
)

// showUsers is the admins' user management: list, create, change role,
// reset password, delete. The server enforces the rules (no deleting
// oneself, always one admin); this screen shows its refusals.
func (a *app) showUsers(s *screen) {
	a.title("Users")
	msg := el("div", "id", "users-msg")
	add(a.root, msg)
	go func() {
		me := a.whoAmI(a.ctx(s))
		if me == nil || me.Role != api.RoleAdmin {
			add(msg, errorBox("Only admins manage users."))
			return
		}
		a.drawUsers(s, msg)
	}()
}

func (a *app) drawUsers(s *screen, msg js.Value) {
	form := el("form", "class", "card admin-form", "id", "user-form")
	name := el("input", "name", "username", "required", "", "autocomplete", "off")
	pass := el("input", "name", "password", "type", "password", "required", "", "minlength", "12", "autocomplete", "new-password")
	role := roleSelect(api.RoleUser)
	btn := withText(el("button", "type", "submit"), "Create user")
	add(form, add(withText(el("label"), "Username "), name), add(withText(el("label"), "Password "), pass),
		add(withText(el("label"), "Role "), role), btn)
	tbl, body := table("users", "Username", "Role", "Created", "Password", "")
	add(a.root, form, add(el("div", "class", "table-wrap"), tbl))

	var load func()
	load = func() {
		go func() {
			var users []api.User
			if err := a.api.do(a.ctx(s), "GET", "/api/users", nil, nil, &users); err != nil {
				flash(msg, err, "")
				return
			}
			clear(body)
			for _, u := range users {
				a.userRow(s, body, u, msg, load)
			}
		}()
	}
	s.on(form, "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		in := api.Credentials{Username: strings.TrimSpace(value(name)), Password: value(pass), Role: api.Role(value(role))}
		btn.Set("disabled", true)
		go func() {
			defer btn.Set("disabled", false)
			var out api.UserSession
			err := a.api.do(a.ctx(s), "POST", "/api/auth/register", nil, in, &out)
			flash(msg, err, fmt.Sprintf("User %s created.", out.Username))
			if err == nil {
				form.Call("reset")
				load()
			}
		}()
	})
	load()
}

func roleSelect(cur api.Role) js.Value {
	sel := el("select", "name", "role")
	for _, r := range []api.Role{api.RoleUser, api.RoleAdmin} {
		o := withText(el("option", "value", string(r)), string(r))
		if r == cur {
			o.Set("selected", true)
		}
		add(sel, o)
	}
	return sel
}

// userRow adds one user: the role as a dropdown that saves on change, a
// password field with Set, and Delete.
func (a *app) userRow(s *screen, body js.Value, u api.User, msg js.Value, reload func()) {
	path := fmt.Sprintf("/api/users/%d", u.ID)
	role := roleSelect(u.Role)
	s.on(role, "change", func(js.Value) {
		r := api.Role(value(role))
		go a.updateUser(s, path, api.UserUpdate{Role: &r}, msg, fmt.Sprintf("%s is now %s.", u.Username, r), reload)
	})
	pw := el("span", "class", "reset")
	in := el("input", "type", "password", "name", "new-password", "placeholder", "new password", "autocomplete", "new-password")
	set := withText(el("button", "type", "button", "class", "small plain set-password"), "Reset")
	s.on(set, "click", func(js.Value) {
		p := value(in)
		in.Set("value", "")
		go a.updateUser(s, path, api.UserUpdate{Password: &p}, msg, fmt.Sprintf("%s's password changed.", u.Username), nil)
	})
	add(pw, in, set)
	del := confirmButton(s, "Delete", "delete", func() {
		go func() {
			err := a.api.do(a.ctx(s), "DELETE", path, nil, nil, nil)
			flash(msg, err, fmt.Sprintf("User %s deleted.", u.Username))
			if err == nil {
				reload()
			}
		}()
	})
	tr := row(body, u.Username, role, when(&u.CreatedAt, ""), pw, del)
	tr.Call("setAttribute", "data-user", strconv.FormatInt(u.ID, 10))
	tr.Call("setAttribute", "data-username", u.Username)
}

// updateUser sends a change. A change to one's own role or password
// ends one's sessions: the answer carries the new session, kept here.
func (a *app) updateUser(s *screen, path string, in api.UserUpdate, msg js.Value, ok string, reload func()) {
	var out api.UserSession
	err := a.api.do(a.ctx(s), "PUT", path, nil, in, &out)
	flash(msg, err, ok)
	if err == nil && out.Token != "" {
		saveToken(out.Token)
		a.api.auth = "Bearer " + out.Token
		u := out.User
		a.me = &u
		if u.Role != api.RoleAdmin {
			a.route() // no longer an admin: no Users entry, no list
			return
		}
	}
	if reload != nil {
		reload() // also puts a refused role change back
	}
}
