//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// showAPIKeys lists the signed-in user's API keys, creates one (its key
// and secret shown once) and revokes them.
func (a *app) showAPIKeys(s *screen) {
	a.title("API keys")
	form := el("form", "class", "card admin-form", "id", "key-form")
	name := el("input", "name", "name", "required", "", "placeholder", "reporting job")
	scopes := el("fieldset", "class", "scopes")
	add(scopes, withText(el("legend"), "Scopes"))
	for _, sc := range api.Scopes {
		box := el("input", "type", "checkbox", "name", "scope", "value", string(sc))
		if sc == api.ScopeRead {
			box.Call("setAttribute", "checked", "") // also what reset restores
		}
		add(scopes, add(el("label", "class", "inline"), box, document.Call("createTextNode", " "+string(sc))))
	}
	expires := el("input", "name", "expires", "type", "number", "min", "1", "placeholder", "never")
	rate := el("input", "name", "rate", "type", "number", "min", "0", "step", "any", "placeholder", "server default")
	burst := el("input", "name", "burst", "type", "number", "min", "0", "placeholder", "server default")
	btn := withText(el("button", "type", "submit"), "Create key")
	add(form, add(withText(el("label"), "Name "), name), scopes,
		add(withText(el("label"), "Expires in days "), expires),
		add(withText(el("label"), "Rate (requests/s) "), rate),
		add(withText(el("label"), "Burst "), burst), btn)
	created := el("div", "id", "key-created")
	msg := el("div", "id", "keys-msg")
	tbl, body := table("keys", "Name", "Owner", "Prefix", "Scopes", "Rate / burst", "Expires", "Last used", "Status", "")
	add(a.root, form, created, msg, add(el("div", "class", "table-wrap"), tbl))

	var load func()
	load = func() {
		go func() {
			var keys []api.APIKey
			if err := a.api.do(a.ctx(s), "GET", "/api/apikeys", nil, nil, &keys); err != nil {
				flash(msg, err, "")
				return
			}
			clear(body)
			if len(keys) == 0 {
				row(body, "No API keys yet.")
			}
			owners := a.owners(a.ctx(s), keys)
			for _, k := range keys {
				a.keyRow(s, body, k, owners, msg, load)
			}
		}()
	}
	s.on(form, "submit", func(ev js.Value) {
		ev.Call("preventDefault")
		in, err := keyInput(form, name, expires, rate, burst)
		if err != nil {
			flash(msg, err, "")
			return
		}
		btn.Set("disabled", true)
		go func() {
			defer btn.Set("disabled", false)
			var out api.APIKeyCreated
			err := a.api.do(a.ctx(s), "POST", "/api/apikeys", nil, in, &out)
			flash(msg, err, "")
			if err != nil {
				return
			}
			showCreatedKey(s, created, out)
			form.Call("reset")
			load()
		}()
	})
	load()
}

// keyInput reads the create form.
func keyInput(form, name, expires, rate, burst js.Value) (api.APIKeyInput, error) {
	in := api.APIKeyInput{Name: strings.TrimSpace(value(name))}
	boxes := form.Call("querySelectorAll", "input[name=scope]:checked")
	for i := 0; i < boxes.Length(); i++ {
		in.Scopes = append(in.Scopes, api.Scope(value(boxes.Index(i))))
	}
	if len(in.Scopes) == 0 {
		return in, fmt.Errorf("choose at least one scope")
	}
	if v := value(expires); v != "" {
		days, err := strconv.Atoi(v)
		if err != nil || days < 1 {
			return in, fmt.Errorf("expiry: a whole number of days, at least 1")
		}
		t := time.Now().Add(time.Duration(days) * 24 * time.Hour).UTC()
		in.ExpiresAt = &t
	}
	if v := value(rate); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r < 0 {
			return in, fmt.Errorf("rate: a number of requests per second")
		}
		in.Rate = r
	}
	if v := value(burst); v != "" {
		b, err := strconv.Atoi(v)
		if err != nil || b < 0 {
			return in, fmt.Errorf("burst: a whole number of requests")
		}
		in.Burst = b
	}
	return in, nil
}

// showCreatedKey shows a new key's secrets: this answer is the only
// time the server sends them, and leaving the screen drops them.
func showCreatedKey(s *screen, box js.Value, k api.APIKeyCreated) {
	clear(box)
	card := el("div", "class", "card secret", "role", "alert")
	add(card, withText(el("p", "class", "warning"),
		fmt.Sprintf("Key “%s” created. Copy the key and the secret now: they are shown only this once and cannot be retrieved later.", k.Name)))
	for _, f := range []struct{ label, id, v string }{
		{"API key (Authorization: ApiKey …)", "new-key", k.Key},
		{"Access key (X-API-KEY)", "new-access-key", k.AccessKey},
		{"Signing secret", "new-secret", k.AccessKeySecret},
	} {
		code := withText(el("code", "id", f.id), f.v)
		add(card, add(el("div", "class", "secret-line"), withText(el("span", "class", "muted"), f.label), code, copyButton(s, f.v, code)))
	}
	add(box, card)
}

// keyRow adds one key to the list, with Revoke while it is live.
func (a *app) keyRow(s *screen, body js.Value, k api.APIKey, owners map[int64]string, msg js.Value, reload func()) {
	scopes := make([]string, len(k.Scopes))
	for i, sc := range k.Scopes {
		scopes[i] = string(sc)
	}
	status := "active"
	if k.RevokedAt != nil {
		status = "revoked " + when(k.RevokedAt, "")
	} else if k.ExpiresAt != nil && k.ExpiresAt.Before(time.Now()) {
		status = "expired"
	}
	action := el("span")
	if k.RevokedAt == nil {
		id := k.ID
		action = confirmButton(s, "Revoke", "revoke", func() {
			go func() {
				err := a.api.do(a.ctx(s), "DELETE", fmt.Sprintf("/api/apikeys/%d", id), nil, nil, nil)
				flash(msg, err, "")
				if err == nil {
					reload()
				}
			}()
		})
	}
	tr := row(body, k.Name, or(owners[k.OwnerID], fmt.Sprintf("user %d", k.OwnerID)), k.Prefix+"…", strings.Join(scopes, ", "), fmt.Sprintf("%g / %d", k.Rate, k.Burst),
		when(k.ExpiresAt, "never"), when(k.LastUsedAt, "never"), status, action)
	tr.Call("setAttribute", "data-key", strconv.FormatInt(k.ID, 10))
	tr.Call("setAttribute", "data-status", strings.Fields(status)[0])
}

// owners names the keys' owners: an admin's list holds every user's
// keys, which only an admin may look up.
func (a *app) owners(ctx context.Context, keys []api.APIKey) map[int64]string {
	names := map[int64]string{}
	me := a.whoAmI(ctx)
	if me == nil {
		return names
	}
	names[me.ID] = me.Username
	if me.Role != api.RoleAdmin {
		return names
	}
	var users []api.User
	if a.api.do(ctx, "GET", "/api/users", nil, nil, &users) == nil {
		for _, u := range users {
			names[u.ID] = u.Username
		}
	}
	return names
}
