package access

import (
	"errors"
	"testing"

	"github.com/gobi-bi/gobi/server/auth"
	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/api"
)

func TestMay(t *testing.T) {
	tests := []struct {
		have, need api.Access
		denied     bool
	}{
		{api.AccessOwner, api.AccessOwner, false},
		{api.AccessOwner, api.AccessEditor, false},
		{api.AccessEditor, api.AccessEditor, false},
		{api.AccessEditor, api.AccessOwner, true},
		{api.AccessViewer, api.AccessEditor, true},
		{api.AccessViewer, api.AccessOwner, true},
		{"", api.AccessEditor, true},
	}
	for _, tt := range tests {
		err := May(tt.have, tt.need, "chart")
		var fe *fault.Error
		if got := errors.As(err, &fe) && fe.Kind == fault.Forbidden; got != tt.denied || (err != nil) != tt.denied {
			t.Errorf("May(%q, %q) = %v, want denied %v", tt.have, tt.need, err, tt.denied)
		}
	}
}

func TestRunAs(t *testing.T) {
	admin := auth.Principal{UserID: 1, Role: auth.RoleAdmin}
	owner := auth.Principal{UserID: 2, Role: auth.RoleUser}
	viewer := auth.Principal{UserID: 3, Role: auth.RoleUser}
	tests := []struct {
		p    auth.Principal
		want auth.Principal
	}{
		{admin, admin},
		{owner, owner},
		{viewer, auth.Principal{UserID: 2, Role: auth.RoleUser}},
	}
	for _, tt := range tests {
		if got := RunAs(tt.p, owner.UserID); got.UserID != tt.want.UserID || got.Role != tt.want.Role {
			t.Errorf("RunAs(%+v, 2) = %+v, want %+v", tt.p, got, tt.want)
		}
	}
}
