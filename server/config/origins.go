package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// validateOrigins checks embed origins as CSP frame-ancestors sources.
// They are written into a response header, so anything that could end
// the directive (';', ',', quotes, spaces) or name more than an origin (a
// path, a query, credentials) is refused rather than passed on.
func validateOrigins(origins []string) error {
	if len(origins) == 0 {
		return errors.New("must list at least one origin, or 'none' to refuse all framing")
	}
	var errs []error
	for _, o := range origins {
		if err := validateOrigin(o); err != nil {
			errs = append(errs, fmt.Errorf("%q: %w", o, err))
		}
	}
	if len(origins) > 1 {
		for _, o := range origins {
			if o == "'none'" {
				errs = append(errs, errors.New("'none' cannot be combined with other origins"))
				break
			}
		}
	}
	return errors.Join(errs...)
}

func validateOrigin(o string) error {
	switch o {
	case "'self'", "'none'", "*":
		return nil
	case "self", "none":
		return fmt.Errorf("write '%s' with its single quotes", o)
	}
	if strings.ContainsAny(o, " \t;,'\"\\") {
		return errors.New("must not contain spaces, quotes, semicolons or commas")
	}
	scheme, rest, ok := strings.Cut(o, "://")
	if !ok || (scheme != "https" && scheme != "http") {
		return errors.New("must be an origin such as https://intranet.example.com, or 'self', 'none' or *")
	}
	// A leading "*." is CSP's wildcard for subdomains; check the rest.
	u, err := url.Parse(scheme + "://" + strings.TrimPrefix(rest, "*."))
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return errors.New("has no valid host")
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.Contains(rest, "?") || strings.Contains(rest, "#") {
		return errors.New("must be an origin only: scheme, host and optional port, no path, query or credentials")
	}
	if strings.Contains(strings.TrimPrefix(rest, "*."), "*") {
		return errors.New("a wildcard may only lead the host, as in https://*.example.com")
	}
	if p := u.Port(); p != "" {
		if _, err := fmt.Sscanf(p, "%d", new(int)); err != nil {
			return errors.New("has an invalid port")
		}
	}
	return nil
}
