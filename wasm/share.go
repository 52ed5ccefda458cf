//go:build js && wasm

package main

import (
	"fmt"
	"strconv"
	"syscall/js"

	"github.com/gobi-bi/gobi/shared/api"
)

// shareButton is the Share button of a dashboard, chart or query its
// owner is looking at: it opens a dialog that lists whom the item is
// shared with, adds a user (from the user directory) or everyone with a
// role, removes, and saves the whole list.
func (a *app) shareButton(s *screen, kind api.ShareKind, id int64) js.Value {
	b := withText(el("button", "type", "button", "class", "small plain", "id", "share-button"), "Share")
	s.on(b, "click", func(js.Value) {
		if byID("share-dialog").Truthy() {
			return
		}
		a.shareDialog(s, kind, id)
	})
	return b
}

// sharesPath is the share list of (kind, id).
func sharesPath(kind api.ShareKind, id int64) string {
	coll := map[api.ShareKind]string{api.ShareDashboard: "dashboards", api.ShareChart: "charts", api.ShareQuery: "queries"}[kind]
	return fmt.Sprintf("/api/%s/%d/shares", coll, id)
}

func (a *app) shareDialog(s *screen, kind api.ShareKind, id int64) {
	back := el("div", "class", "share-backdrop", "id", "share-dialog")
	box := el("div", "class", "share-box card", "role", "dialog", "aria-modal", "true", "aria-labelledby", "share-title")
	add(back, box)
	add(box, withText(el("h3", "id", "share-title"), "Share this "+string(kind)))
	add(box, withText(el("p", "class", "muted"),
		"Viewers can open it and see its data (its queries run as you); editors can also change it. Only you can delete or share it."))
	tbl, body := table("share-list", "Who", "Role", "")
	who := el("select", "id", "share-user", "aria-label", "user")
	role := shareRoleSelect("share-role", api.ShareViewer)
	addBtn := withText(el("button", "type", "button", "class", "small", "id", "share-add"), "Add")
	save := withText(el("button", "type", "button", "id", "share-save"), "Save")
	closeBtn := withText(el("button", "type", "button", "class", "plain", "id", "share-close"), "Close")
	msg := el("div", "id", "share-msg", "aria-live", "polite")
	wait := loadingNote()
	add(box, tbl, add(el("div", "class", "share-add-row"), who, role, addBtn), msg, wait,
		add(el("div", "class", "share-actions"), save, closeBtn))
	add(document.Get("body"), back)
	// Focus moves into the dialog, so Escape (heard on back) closes it
	// straight away and Tab starts in it.
	who.Call("focus")
	s.onClose(func() { back.Call("remove") })
	s.on(closeBtn, "click", func(js.Value) { back.Call("remove") })
	s.on(back, "keydown", func(ev js.Value) {
		if ev.Get("key").String() == "Escape" {
			back.Call("remove")
		}
	})

	var shares []api.Share
	names := map[int64]string{}
	var draw func()
	draw = func() {
		clear(body)
		if len(shares) == 0 {
			row(body, "Only you", "", "")
		}
		for i := range shares {
			sh := &shares[i]
			label := names[sh.UserID]
			if sh.Everyone {
				label = "Everyone"
			} else if label == "" {
				label = sh.Username
			}
			rs := shareRoleSelect("", sh.Role)
			s.on(rs, "change", func(js.Value) { sh.Role = api.ShareRole(value(rs)) })
			rm := withText(el("button", "type", "button", "class", "small plain share-remove"), "Remove")
			at := i
			s.on(rm, "click", func(js.Value) {
				shares = append(shares[:at:at], shares[at+1:]...)
				draw()
			})
			row(body, label, rs, rm).Call("setAttribute", "data-who", label)
		}
	}
	s.on(addBtn, "click", func(js.Value) {
		v := value(who)
		sh := api.Share{Role: api.ShareRole(value(role))}
		if v == "everyone" {
			sh.Everyone = true
		} else if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			sh.UserID, sh.Username = n, names[n]
		} else {
			return
		}
		for i, x := range shares { // one entry per grantee: the new role wins
			if x.Everyone == sh.Everyone && x.UserID == sh.UserID {
				shares[i].Role = sh.Role
				draw()
				return
			}
		}
		shares = append(shares, sh)
		draw()
	})
	s.on(save, "click", func(js.Value) {
		save.Set("disabled", true)
		out := append([]api.Share{}, shares...)
		go func() {
			defer save.Set("disabled", false)
			var got []api.Share
			err := a.api.do(a.ctx(s), "PUT", sharesPath(kind, id), nil, out, &got)
			if err == nil {
				shares = got
				draw()
			}
			flash(msg, err, "Saved: "+shareSummary(got))
		}()
	})
	go func() {
		defer wait.Call("remove")
		ctx := a.ctx(s)
		if err := a.api.do(ctx, "GET", sharesPath(kind, id), nil, nil, &shares); err != nil {
			add(msg, errorBox(describe(err)))
			return
		}
		var dir []api.DirectoryUser
		if err := a.api.do(ctx, "GET", "/api/users/directory", nil, nil, &dir); err != nil {
			add(msg, errorBox(describe(err)))
		}
		me := a.whoAmI(ctx)
		add(who, withText(el("option", "value", "everyone"), "Everyone"))
		for _, u := range dir {
			names[u.ID] = u.Username
			if me != nil && u.ID == me.ID {
				continue
			}
			add(who, withText(el("option", "value", strconv.FormatInt(u.ID, 10)), u.Username))
		}
		draw()
	}()
}

// shareRoleSelect is a viewer/editor dropdown.
func shareRoleSelect(id string, selected api.ShareRole) js.Value {
	sel := el("select", "class", "share-role", "aria-label", "role")
	if id != "" {
		sel.Call("setAttribute", "id", id)
	}
	for _, r := range []api.ShareRole{api.ShareViewer, api.ShareEditor} {
		o := withText(el("option", "value", string(r)), string(r))
		if r == selected {
			o.Set("selected", true)
		}
		add(sel, o)
	}
	return sel
}

// shareSummary words a share list: "not shared", "bob (viewer), …".
func shareSummary(ss []api.Share) string {
	if len(ss) == 0 {
		return "not shared"
	}
	out := ""
	for i, sh := range ss {
		if i > 0 {
			out += ", "
		}
		name := sh.Username
		if sh.Everyone {
			name = "everyone"
		}
		out += name + " (" + string(sh.Role) + ")"
	}
	return out
}

// sharedBy is the note on a list item the caller does not own.
func sharedBy(access api.Access, owner string) js.Value {
	if access == "" || access == api.AccessOwner {
		return js.Null()
	}
	return withText(el("span", "class", "shared-by"), fmt.Sprintf("shared by %s · %s", owner, access))
}

// shareActions goes after an item's heading h: the Share button for its
// owner, "shared by X · viewer" for the others, whose edit controls
// (the elements with ids in edits) are hidden when they may only view.
func (a *app) shareActions(s *screen, h js.Value, kind api.ShareKind, id int64, access api.Access, owner string, edits ...string) {
	if access == "" || access == api.AccessOwner {
		h.Call("after", a.shareButton(s, kind, id))
		return
	}
	h.Call("after", sharedBy(access, owner))
	if access == api.AccessViewer {
		for _, e := range edits {
			if x := byID(e); x.Truthy() {
				x.Set("hidden", true)
			}
		}
	}
}
