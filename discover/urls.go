package discover

import (
	"net"
	"net/url"
	"strings"
)

// normalize returns the form of an http or https URL that discovery
// compares and reports: fragment dropped, host lower-cased, default port
// dropped, "/" for an empty path, no user information and no lone "?". ok
// is false for any other kind of URL.
func normalize(u *url.URL) (n *url.URL, ok bool) {
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" || u.Host == "" {
		return nil, false
	}
	c := *u
	c.User = nil
	c.Fragment, c.RawFragment = "", ""
	c.ForceQuery = false
	host, port := strings.ToLower(c.Hostname()), c.Port()
	if host == "" || (strings.Contains(host, ":") && !strings.HasPrefix(c.Host, "[")) {
		// A colon in the host name is only valid in a bracketed IPv6
		// address; "//:0:" is not one.
		return nil, false
	}
	if (c.Scheme == "http" && port == "80") || (c.Scheme == "https" && port == "443") {
		port = ""
	}
	switch {
	case port != "":
		c.Host = net.JoinHostPort(host, port)
	case strings.Contains(host, ":"):
		c.Host = "[" + host + "]"
	default:
		c.Host = host
	}
	if c.Path == "" {
		c.Path, c.RawPath = "/", ""
	}
	return &c, true
}

// origin returns the scheme, host and port of a normalized URL
// ("https://example.com:8443").
func origin(u *url.URL) string {
	return u.Scheme + "://" + u.Host
}

// pathQuery returns what Include and Exclude match: the escaped path and
// query of u ("/blog/a?p=2").
func pathQuery(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// cleanHref strips what browsers strip from an attribute URL before
// parsing it: leading and trailing ASCII white space and control
// characters, and tabs and newlines anywhere.
func cleanHref(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	return s
}

// resolve resolves ref against base and normalizes the result; ok is false
// when ref cannot be parsed or is not an http or https URL (mailto:, tel:,
// javascript:, data: and the like).
func resolve(base *url.URL, ref string) (*url.URL, bool) {
	r, err := url.Parse(cleanHref(ref))
	if err != nil {
		return nil, false
	}
	return normalize(base.ResolveReference(r))
}
