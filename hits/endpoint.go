package hits

import "strings"

// excludedHosts are hosts whose /g/collect requests are not GA4 analytics
// hits (Google signals pings and look-alike collectors).
var excludedHosts = []string{"doubleclick.net", "clarity.ms", "transcend.io"}

// IsCollect reports whether rawURL is a GA4 web hit: a request whose path
// ends in /g/collect on any host (Google's hosts, regional hosts, or a
// server-side tagging domain) and whose query carries v=2. URLs that match
// one of the extra endpoint patterns (see MatchPattern) and carry v=2 count
// too, whatever their path. DoubleClick's /g/collect pings are not hits.
func IsCollect(rawURL string, extra []string) bool {
	host, _, path, query, ok := splitURL(rawURL)
	if !ok || !hasV2(query) {
		return false
	}
	for _, p := range extra {
		if MatchPattern(p, rawURL) {
			return true
		}
	}
	if !strings.HasSuffix(path, "/g/collect") {
		return false
	}
	for _, ex := range excludedHosts {
		if host == ex || strings.HasSuffix(host, "."+ex) {
			return false
		}
	}
	return true
}

// MatchPattern reports whether rawURL matches a URL pattern of the spec's
// crawl settings: "host" or "host/path" with "*" matching any run of
// characters, optionally starting with a scheme ("https://"). The host may
// name a port ("127.0.0.1:8080", "[::1]:8080", "localhost:*"): the pattern
// then matches that port only, and a URL that names no port has its
// scheme's default (80 for http, 443 for https). A host without a port
// matches every port. A pattern without a path matches every path on the
// host. The query string and fragment are ignored.
func MatchPattern(pattern, rawURL string) bool {
	host, port, path, _, ok := splitURL(rawURL)
	if !ok || pattern == "" {
		return false
	}
	scheme := ""
	if i := strings.Index(rawURL, "://"); i >= 0 {
		scheme = strings.ToLower(rawURL[:i])
	}
	if i := strings.Index(pattern, "://"); i >= 0 {
		if !glob(strings.ToLower(pattern[:i]), scheme) {
			return false
		}
		pattern = pattern[i+3:]
	}
	hostPat, pathPat, hasPath := strings.Cut(pattern, "/")
	hostPat, portPat, hasPort := SplitHostPattern(hostPat)
	if !glob(strings.ToLower(hostPat), host) {
		return false
	}
	if hasPort {
		if port == "" {
			port = defaultPort(scheme)
		}
		if !glob(portPat, port) {
			return false
		}
	}
	if !hasPath {
		return true
	}
	return glob("/"+pathPat, path)
}

// SplitHostPattern splits the host part of a URL pattern (see
// MatchPattern) into the host and the port it names: "127.0.0.1:8080"
// gives "127.0.0.1" and "8080", "[::1]:8080" gives "[::1]" and "8080".
// hasPort is false when the pattern names no port ("example.com",
// "[::1]", or a bare IPv6 address with several colons, "::1").
func SplitHostPattern(hostPat string) (host, port string, hasPort bool) {
	if strings.HasPrefix(hostPat, "[") {
		if k := strings.IndexByte(hostPat, ']'); k >= 0 && k+1 < len(hostPat) && hostPat[k+1] == ':' {
			return hostPat[:k+1], hostPat[k+2:], true
		}
		return hostPat, "", false
	}
	if strings.Count(hostPat, ":") != 1 {
		return hostPat, "", false
	}
	host, port, _ = strings.Cut(hostPat, ":")
	return host, port, true
}

// defaultPort is the port of a URL of the scheme that names none.
func defaultPort(scheme string) string {
	switch scheme {
	case "http", "ws":
		return "80"
	case "https", "wss":
		return "443"
	}
	return ""
}

// splitURL splits an absolute URL into lower-cased host, port (empty when
// the URL names none), path and query without allocating.
func splitURL(raw string) (host, port, path, query string, ok bool) {
	i := strings.Index(raw, "://")
	if i < 0 {
		return "", "", "", "", false
	}
	rest := raw[i+3:]
	if j := strings.IndexByte(rest, '#'); j >= 0 {
		rest = rest[:j]
	}
	if j := strings.IndexByte(rest, '?'); j >= 0 {
		rest, query = rest[:j], rest[j+1:]
	}
	host, path = rest, "/"
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		host, path = rest[:j], rest[j:]
	}
	if j := strings.LastIndexByte(host, '@'); j >= 0 {
		host = host[j+1:]
	}
	if j := strings.LastIndexByte(host, ':'); j >= 0 && !strings.HasSuffix(host, "]") {
		host, port = host[:j], host[j+1:]
	}
	if host == "" {
		return "", "", "", "", false
	}
	return strings.ToLower(host), port, path, query, true
}

func hasV2(query string) bool {
	for query != "" {
		var kv string
		if i := strings.IndexByte(query, '&'); i >= 0 {
			kv, query = query[:i], query[i+1:]
		} else {
			kv, query = query, ""
		}
		if kv == "v=2" {
			return true
		}
	}
	return false
}

// glob matches s against a pattern where "*" matches any run of characters.
func glob(pattern, s string) bool {
	px, sx := 0, 0
	nextP, nextS := -1, -1
	for px < len(pattern) || sx < len(s) {
		if px < len(pattern) {
			c := pattern[px]
			if c == '*' {
				nextP, nextS = px, sx+1
				px++
				continue
			}
			if sx < len(s) && s[sx] == c {
				px++
				sx++
				continue
			}
		}
		if nextP >= 0 && nextS <= len(s) {
			px, sx = nextP+1, nextS
			nextS++
			continue
		}
		return false
	}
	return true
}
