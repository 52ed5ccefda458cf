package app

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gobi-bi/gobi/server/config"
	"github.com/gobi-bi/gobi/server/outbox"
	"github.com/gobi-bi/gobi/shared/api"
)

// fast shortens the retry schedule for delivery tests.
func fast(retry string) func(*config.Config) {
	return func(c *config.Config) {
		r, err := config.ParseRetry(retry)
		if err != nil {
			panic(err)
		}
		c.Webhooks.Retry = r
	}
}

// hook creates a webhook for the admin to url taking every event.
func (ta *testApp) hook(admin, url string) api.WebhookCreated {
	ta.t.Helper()
	var h api.WebhookCreated
	want(ta.t, ta.do("POST", "/api/webhooks", admin, api.WebhookInput{Name: "h", URL: url,
		Events: []string{api.EventWebhookTest, api.EventReportGenerated}}), 201).JSON(ta.t, &h)
	return h
}

// log reads a webhook's delivery log, newest first.
func (ta *testApp) log(token string, id int64, query string) []api.WebhookDelivery {
	ta.t.Helper()
	var page api.WebhookDeliveries
	want(ta.t, ta.do("GET", fmt.Sprintf("/api/webhooks/%d/deliveries?limit=200%s", id, query), token, nil), 200).JSON(ta.t, &page)
	return page.Deliveries
}

// until polls cond every 20 ms for up to d.
func until(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestWebhookReceiverDownThenUp: events emitted while the receiver is
// down are retried on the (shortened) schedule, then all delivered once
// it is up: the same event id on every attempt, every attempt logged.
func TestWebhookReceiverDownThenUp(t *testing.T) {
	each(t, fast("0s,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms"), func(t *testing.T, ta *testApp) {
		admin := ta.adminToken()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // down: connections are refused
		h := ta.hook(admin, "http://"+addr+"/hook")
		const events = 5
		ids := map[string]bool{}
		ctx := context.Background()
		for i := range events {
			id, err := ta.app.Outbox().Emit(ctx, ta.app.db, h.OwnerID, api.EventReportGenerated,
				api.ReportEvent{ReportID: int64(i + 1), ReportName: "daily", Status: "success", GeneratedAt: time.Now().UTC()})
			if err != nil {
				t.Fatal(err)
			}
			ids[id] = true
		}
		ta.app.Outbox().Kick()
		until(t, 20*time.Second, "two failed attempts per event", func() bool {
			return len(ta.log(admin, h.ID, "&status=failed")) >= 2*events
		})
		rcv := &receiver{}
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var body [1 << 12]byte
			n, _ := r.Body.Read(body[:])
			rcv.mu.Lock()
			rcv.got = append(rcv.got, received{header: r.Header.Clone(), body: append([]byte(nil), body[:n]...), at: time.Now()})
			rcv.mu.Unlock()
		})}
		up, err := net.Listen("tcp", addr)
		if err != nil {
			t.Skipf("port %s taken meanwhile: %v", addr, err)
		}
		go func() { _ = srv.Serve(up) }()
		defer srv.Close()
		until(t, 20*time.Second, "every event delivered", func() bool {
			return len(ta.log(admin, h.ID, "&status=succeeded")) == events
		})
		got := map[string]int{}
		for _, r := range rcv.requests() {
			r.verify(t, h.Secret)
			got[r.payload(t).ID]++
		}
		for id := range ids {
			if got[id] != 1 {
				t.Errorf("event %s received %d times", id, got[id])
			}
		}
		attempts := map[string][]int{}
		for _, d := range ta.log(admin, h.ID, "") {
			attempts[d.EventID] = append([]int{d.Attempt}, attempts[d.EventID]...)
			if d.Status == api.DeliveryFailed && (d.Error == "" || d.NextAttemptAt == nil) {
				t.Errorf("failed attempt without an error or a next attempt: %+v", d)
			}
		}
		for id := range ids {
			a := attempts[id]
			for i, n := range a {
				if n != i+1 {
					t.Fatalf("event %s attempts %v", id, a)
				}
			}
			if len(a) < 3 {
				t.Errorf("event %s: %d attempts, want ≥ 3 (two while down)", id, len(a))
			}
		}
		if n := pending(t, ta); n != 0 {
			t.Fatalf("%d rows left in the outbox", n)
		}
		// Keyset pages of 4 walk the whole log, newest first, once.
		all := ta.log(admin, h.ID, "")
		var walked []int64
		for before := int64(0); ; {
			var page api.WebhookDeliveries
			want(t, ta.do("GET", fmt.Sprintf("/api/webhooks/%d/deliveries?limit=4&before_id=%d", h.ID, before), admin, nil), 200).JSON(t, &page)
			for _, d := range page.Deliveries {
				walked = append(walked, d.ID)
			}
			if page.NextBeforeID == 0 {
				break
			}
			before = page.NextBeforeID
		}
		if len(walked) != len(all) || walked[0] != all[0].ID || walked[len(walked)-1] != all[len(all)-1].ID {
			t.Fatalf("pages walked %d attempts, the log has %d", len(walked), len(all))
		}
	})
}

func pending(t *testing.T, ta *testApp) int {
	n, err := ta.app.db.NewSelect().Table("webhook_outbox").Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestWebhookGoneDisables: a 410 disables the endpoint at once, with a
// reason its owner sees; it is not retried and gets no more events.
func TestWebhookGoneDisables(t *testing.T) {
	ta := newTestApp(t, api.SQLite, fast("0s,100ms,100ms"))
	admin := ta.adminToken()
	rcv := newReceiver(t, func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusGone) })
	h := ta.hook(admin, rcv.srv.URL)
	want(t, ta.do("POST", fmt.Sprintf("/api/webhooks/%d/test", h.ID), admin, nil), 202)
	until(t, 10*time.Second, "disabled", func() bool {
		var w api.Webhook
		want(t, ta.do("GET", fmt.Sprintf("/api/webhooks/%d", h.ID), admin, nil), 200).JSON(t, &w)
		return !w.Enabled && strings.Contains(w.DisabledReason, "410")
	})
	time.Sleep(400 * time.Millisecond)
	if n := len(rcv.requests()); n != 1 {
		t.Fatalf("%d requests after a 410, want 1", n)
	}
	if d := ta.log(admin, h.ID, ""); len(d) != 1 || d[0].ResponseStatus != 410 || d[0].NextAttemptAt != nil {
		t.Fatalf("log %+v", d)
	}
	want(t, ta.do("POST", fmt.Sprintf("/api/webhooks/%d/test", h.ID), admin, nil), 409)
	if _, err := ta.app.Outbox().Emit(context.Background(), ta.app.db, h.OwnerID, api.EventReportGenerated, api.ReportEvent{}); err != nil {
		t.Fatal(err)
	}
	if n := pending(t, ta); n != 0 {
		t.Fatalf("a disabled webhook got %d queued events", n)
	}
	// The log keeps attempts for the retention only.
	if n, err := outbox.Prune(context.Background(), ta.app.db, time.Hour); err != nil || n != 0 {
		t.Fatalf("pruned %d fresh attempts: %v", n, err)
	}
	if n, err := outbox.Prune(context.Background(), ta.app.db, time.Nanosecond); err != nil || n != 1 {
		t.Fatalf("pruned %d of 1 old attempts: %v", n, err)
	}
	// Enabling it again clears the reason.
	var w api.Webhook
	want(t, ta.do("PUT", fmt.Sprintf("/api/webhooks/%d", h.ID), admin, api.WebhookInput{Name: "h", URL: rcv.srv.URL, Events: []string{api.EventWebhookTest}}), 200).JSON(t, &w)
	if !w.Enabled || w.DisabledReason != "" {
		t.Fatalf("re-enabled %+v", w)
	}
}

// TestWebhookRetryAfter: a 429 (and 503) with Retry-After is retried
// after that long, not on the shorter schedule.
func TestWebhookRetryAfter(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			ta := newTestApp(t, api.SQLite, fast("0s,50ms,50ms"))
			admin := ta.adminToken()
			rcv := newReceiver(t, func(n int, w http.ResponseWriter) {
				if n == 1 {
					w.Header().Set("Retry-After", "2")
					w.WriteHeader(status)
				}
			})
			h := ta.hook(admin, rcv.srv.URL)
			want(t, ta.do("POST", fmt.Sprintf("/api/webhooks/%d/test", h.ID), admin, nil), 202)
			got := rcv.wait(t, 2, 10*time.Second)
			if gap := got[1].at.Sub(got[0].at); gap < 1900*time.Millisecond || gap > 4*time.Second {
				t.Fatalf("retried after %v, want Retry-After's 2 s", gap)
			}
			if got[0].payload(t).ID != got[1].payload(t).ID {
				t.Fatal("the retry has another event id")
			}
			until(t, 5*time.Second, "two attempts logged", func() bool { return len(ta.log(admin, h.ID, "")) == 2 })
			d := ta.log(admin, h.ID, "")
			if len(d) != 2 || d[1].ResponseStatus != status || d[1].ResponseHeaders["Retry-After"] != "2" || d[0].Status != api.DeliverySucceeded {
				t.Fatalf("log %+v", d)
			}
		})
	}
}

// TestWebhookSlowReceiverTimesOut: a receiver slower than the timeout
// fails the attempt (logged as timed out), and the retry happens.
func TestWebhookSlowReceiverTimesOut(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) {
		fast("0s,100ms")(c)
		c.Webhooks.Timeout = 300 * time.Millisecond
	})
	admin := ta.adminToken()
	release := make(chan struct{})
	defer close(release)
	rcv := newReceiver(t, func(n int, w http.ResponseWriter) {
		if n == 1 {
			select {
			case <-release:
			case <-time.After(3 * time.Second):
			}
		}
	})
	h := ta.hook(admin, rcv.srv.URL)
	start := time.Now()
	want(t, ta.do("POST", fmt.Sprintf("/api/webhooks/%d/test", h.ID), admin, nil), 202)
	rcv.wait(t, 2, 10*time.Second)
	if took := time.Since(start); took > 2500*time.Millisecond {
		t.Fatalf("the retry came %v later: the slow attempt was not cut at 300 ms", took)
	}
	until(t, 5*time.Second, "two attempts logged", func() bool { return len(ta.log(admin, h.ID, "")) == 2 })
	d := ta.log(admin, h.ID, "")
	if d[1].Status != api.DeliveryFailed || !strings.Contains(d[1].Error, "timed out") || d[1].DurationMS > 1500 {
		t.Fatalf("slow attempt logged as %+v", d[1])
	}
}

// TestWebhookDisabledAfterFailingTooLong: an endpoint whose every attempt
// fails for GOBI_WEBHOOK_DISABLE_AFTER is disabled, and says why.
func TestWebhookDisabledAfterFailingTooLong(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) {
		fast("0s,300ms,300ms,300ms,300ms,300ms,300ms,300ms")(c)
		c.Webhooks.DisableAfter = time.Second
	})
	admin := ta.adminToken()
	rcv := newReceiver(t, func(_ int, w http.ResponseWriter) { w.WriteHeader(500) })
	h := ta.hook(admin, rcv.srv.URL)
	want(t, ta.do("POST", fmt.Sprintf("/api/webhooks/%d/test", h.ID), admin, nil), 202)
	var w api.Webhook
	until(t, 10*time.Second, "disabled", func() bool {
		want(t, ta.do("GET", fmt.Sprintf("/api/webhooks/%d", h.ID), admin, nil), 200).JSON(t, &w)
		return !w.Enabled
	})
	if !strings.Contains(w.DisabledReason, "every delivery failed") || w.FailingSince == nil {
		t.Fatalf("disabled as %+v", w)
	}
	n := len(rcv.requests())
	time.Sleep(700 * time.Millisecond)
	if len(rcv.requests()) != n || pending(t, ta) != 0 {
		t.Fatalf("deliveries went on after disabling")
	}
}

// TestWebhookInputChecks: budgets and reserved headers are refused at
// save time, whatever the header's case.
func TestWebhookInputChecks(t *testing.T) {
	ta := newTestApp(t, api.SQLite, func(c *config.Config) {
		c.Webhooks.MaxPerUser, c.Webhooks.MaxHeaders, c.Webhooks.MaxURLLength = 2, 2, 100
	})
	admin := ta.adminToken()
	ok := api.WebhookInput{Name: "x", URL: "http://127.0.0.1:9/", Events: []string{api.EventWebhookTest}}
	with := func(f func(*api.WebhookInput)) api.WebhookInput { in := ok; f(&in); return in }
	for _, tc := range []struct {
		name string
		in   api.WebhookInput
		path string
	}{
		{"forged gobi signature", with(func(in *api.WebhookInput) { in.Headers = map[string]string{"x-gobi-signature": "f"} }), "headers.x-gobi-signature"},
		{"forged standard id", with(func(in *api.WebhookInput) { in.Headers = map[string]string{"Webhook-Id": "f"} }), "headers.Webhook-Id"},
		{"content type", with(func(in *api.WebhookInput) { in.Headers = map[string]string{"CONTENT-TYPE": "text/plain"} }), "headers.CONTENT-TYPE"},
		{"header injection", with(func(in *api.WebhookInput) { in.Headers = map[string]string{"X-A": "b\r\nX-Gobi-Event: x"} }), "headers.X-A"},
		{"too many headers", with(func(in *api.WebhookInput) { in.Headers = map[string]string{"A": "1", "B": "2", "C": "3"} }), "headers"},
		{"long url", with(func(in *api.WebhookInput) { in.URL = "http://127.0.0.1:9/" + strings.Repeat("a", 100) }), "url"},
		{"unknown event", with(func(in *api.WebhookInput) { in.Events = []string{"report.deleted"} }), "events[0]"},
		{"no events", with(func(in *api.WebhookInput) { in.Events = nil }), "events"},
		{"private target", with(func(in *api.WebhookInput) { in.URL = "https://10.0.0.1/" }), "url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := want(t, ta.do("POST", "/api/webhooks", admin, tc.in), 422).Err(t)
			if len(e.Fields) == 0 || e.Fields[0].Path != tc.path {
				t.Fatalf("fields %+v, want %s", e.Fields, tc.path)
			}
		})
	}
	want(t, ta.do("POST", "/api/webhooks", admin, ok), 201)
	want(t, ta.do("POST", "/api/webhooks", admin, ok), 201)
	want(t, ta.do("POST", "/api/webhooks", admin, ok), 409)
}

// referenceVerify is the reference README's verify_signature, verbatim,
// run by python3 on a real delivery.
const referenceVerify = `import hmac
import hashlib

def verify_signature(payload, signature, timestamp, secret):
    message = f"{timestamp}.{payload}"
    expected = hmac.new(
        secret.encode('utf-8'),
        message.encode('utf-8'),
        hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, signature)

import sys
d = sys.argv[1]
read = lambda n: open(d + "/" + n, encoding="utf-8").read()
print(verify_signature(read("payload"), read("signature"), read("timestamp"), read("secret")))
`

// TestWebhookReferencePythonVerify: the reference README's Python
// snippet accepts X-Gobi-Signature of a real delivery, and refuses it
// with another secret.
func TestWebhookReferencePythonVerify(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	ta := newTestApp(t, api.SQLite, nil)
	admin := ta.adminToken()
	rcv := newReceiver(t, nil)
	h := ta.hook(admin, rcv.srv.URL)
	want(t, ta.do("POST", fmt.Sprintf("/api/webhooks/%d/test", h.ID), admin, nil), 202)
	r := rcv.wait(t, 1, 10*time.Second)[0]
	dir := t.TempDir()
	script := filepath.Join(dir, "verify.py")
	for name, v := range map[string]string{"verify.py": referenceVerify, "payload": string(r.body),
		"signature": r.header.Get("X-Gobi-Signature"), "timestamp": r.header.Get("X-Gobi-Timestamp"), "secret": h.Secret} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(v), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for secret, wantOut := range map[string]string{h.Secret: "True", "whsec_other": "False"} {
		if err := os.WriteFile(filepath.Join(dir, "secret"), []byte(secret), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(py, script, dir).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != wantOut {
			t.Fatalf("python verify_signature with secret %q: %s %v, want %s", secret[:8], out, err, wantOut)
		}
	}
}
