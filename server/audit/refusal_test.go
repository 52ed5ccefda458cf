package audit

import (
	"net/http"
	"testing"
)

func TestValidReason(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{ReasonBadSignature, true}, {ReasonRateLimited, true}, {ReasonNoCredentials, true},
		{"", false}, {"Bad", false}, {"bad-signature", false}, {"x' OR 1=1", false}, {string(make([]byte, 41)), false},
	} {
		if got := validReason(tt.in); got != tt.ok {
			t.Errorf("validReason(%q) = %v, want %v", tt.in, got, tt.ok)
		}
	}
}

func TestReasonFor(t *testing.T) {
	for status, want := range map[int]string{
		http.StatusOK: "", http.StatusNotFound: "", http.StatusUnprocessableEntity: "", http.StatusInternalServerError: "",
		http.StatusTooManyRequests: ReasonRateLimited, http.StatusForbidden: ReasonForbidden, http.StatusUnauthorized: ReasonUnauthorized,
	} {
		if got := reasonFor(status); got != want {
			t.Errorf("reasonFor(%d) = %q, want %q", status, got, want)
		}
	}
}
