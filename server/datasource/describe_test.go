package datasource

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gobi-bi/gobi/server/netguard"
)

func TestDescribeJoinsRepeatedAttempts(t *testing.T) {
	err := errors.New("cannot connect: dial 127.0.0.1:1: refused\ndial 127.0.0.1:1: refused\ndial [::1]:1: refused")
	if got, want := Describe(err), "cannot connect: dial 127.0.0.1:1: refused; dial [::1]:1: refused"; got != want {
		t.Fatalf("Describe = %q, want %q", got, want)
	}
}

func TestHostMessageSaysItOnce(t *testing.T) {
	p := netguard.Policy{}
	err := p.CheckHost(t.Context(), "10.0.0.5")
	msg := hostMessage(err)
	if strings.Contains(msg, "netguard") || strings.Count(msg, "operator") != 1 || !strings.Contains(msg, "GOBI_DATASOURCE_ALLOWED_NETWORKS") ||
		!strings.Contains(msg, "10.0.0.5") {
		t.Fatalf("%q", msg)
	}
	if msg := hostMessage(fmt.Errorf("netguard: host %q has no addresses", "x")); msg != `host "x" has no addresses` {
		t.Fatalf("%q", msg)
	}
}
