package outbox

import (
	"net/http"
	"testing"
	"time"
)

func TestDecide(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	schedule := []time.Duration{0, 10 * time.Second, time.Minute}
	retryAfter := func(v string) http.Header { return http.Header{"Retry-After": {v}} }
	for _, tc := range []struct {
		name    string
		res     Result
		attempt int
		want    Outcome
		delay   time.Duration // expected delay, ±10% jitter; -1: no next attempt
	}{
		{"200", Result{Status: 200}, 1, Succeeded, -1},
		{"204", Result{Status: 204}, 1, Succeeded, -1},
		{"redirect is a failure", Result{Status: 302}, 1, Retrying, 10 * time.Second},
		{"304 is a failure", Result{Status: 304}, 1, Retrying, 10 * time.Second},
		{"500 second attempt", Result{Status: 500}, 2, Retrying, time.Minute},
		{"500 last attempt", Result{Status: 500}, 3, GaveUp, -1},
		{"no answer", Result{Err: "connection refused"}, 1, Retrying, 10 * time.Second},
		{"2xx but body unreadable", Result{Status: 200, Err: "reading the answer: reset"}, 1, Retrying, 10 * time.Second},
		{"410 disables", Result{Status: 410}, 1, Gone, -1},
		{"410 on the last attempt", Result{Status: 410}, 3, Gone, -1},
		{"429 Retry-After seconds", Result{Status: 429, Header: retryAfter("120")}, 1, Retrying, 120 * time.Second},
		{"503 Retry-After date", Result{Status: 503, Header: retryAfter(now.Add(30 * time.Second).Format(http.TimeFormat))}, 1, Retrying, 30 * time.Second},
		{"502 Retry-After", Result{Status: 502, Header: retryAfter("7")}, 1, Retrying, 7 * time.Second},
		{"504 Retry-After", Result{Status: 504, Header: retryAfter("7")}, 1, Retrying, 7 * time.Second},
		{"429 without Retry-After", Result{Status: 429}, 1, Retrying, 10 * time.Second},
		{"429 bad Retry-After", Result{Status: 429, Header: retryAfter("soon")}, 1, Retrying, 10 * time.Second},
		{"500 Retry-After ignored", Result{Status: 500, Header: retryAfter("120")}, 1, Retrying, 10 * time.Second},
		{"Retry-After capped at a day", Result{Status: 429, Header: retryAfter("999999")}, 1, Retrying, 24 * time.Hour},
		{"429 on the last attempt", Result{Status: 429, Header: retryAfter("5")}, 3, GaveUp, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, next := Decide(tc.res, tc.attempt, schedule, now)
			if got != tc.want {
				t.Fatalf("outcome %d, want %d", got, tc.want)
			}
			if tc.delay < 0 {
				if next != nil {
					t.Fatalf("next attempt at %v, want none", next)
				}
				return
			}
			if next == nil {
				t.Fatal("no next attempt")
			}
			d := next.Sub(now)
			jittered := tc.res.Header.Get("Retry-After") == "" || tc.res.Status == 500 || tc.name == "429 bad Retry-After"
			lo, hi := tc.delay, tc.delay
			if jittered {
				lo, hi = tc.delay*9/10, tc.delay*11/10
			}
			if d < lo || d > hi {
				t.Fatalf("next attempt in %v, want %v–%v", d, lo, hi)
			}
		})
	}
}

func TestJitterSpreads(t *testing.T) {
	seen := map[time.Duration]bool{}
	for range 200 {
		d := jitter(time.Minute)
		if d < 54*time.Second || d > 66*time.Second {
			t.Fatalf("jitter(1m) = %v", d)
		}
		seen[d] = true
	}
	if len(seen) < 100 || jitter(0) != 0 {
		t.Fatalf("%d distinct delays of 200; jitter(0) = %v", len(seen), jitter(0))
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{"ok": "ok", "a\x00b": "a\uFFFDb", "\xff": "\uFFFD"} {
		if got := clean([]byte(in), BodyLimit); got != want {
			t.Errorf("clean(%q) = %q", in, got)
		}
	}
	if got := clean(make([]byte, 10000), BodyLimit); len(got) < BodyLimit {
		t.Errorf("clean kept %d bytes", len(got))
	}
	if got := clip("héllo", 2); got != "h" {
		t.Errorf("clip = %q", got)
	}
}
