// Package netguard refuses outgoing connections to addresses an operator has
// not allowed.
//
// Data-source hosts and webhook URLs are chosen by users, so without a guard
// they reach whatever the server can reach: 127.0.0.1, the cloud metadata
// service at 169.254.169.254, databases on the private network (SSRF, OWASP
// API7). A Policy blocks loopback, private, link-local and other special
// ranges by default, including their IPv4-mapped and tunnelled IPv6 spellings,
// and an operator who needs an internal target lists it in Policy.Allow.
//
// The check that matters happens at dial time, on the IP address the socket is
// about to connect to (Policy.Dialer, Policy.DialContext), so DNS rebinding
// and names that resolve to loopback fail however the name was validated
// before. Policy.CheckHost exists for good error messages when a URL or DSN is
// saved; it is not a substitute for dialing through the guard.
package netguard
