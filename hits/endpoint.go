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
// crawl settings (crawl.block, crawl.collect_endpoints, --block, --route):
// [scheme://]host[:port][/path], matched against the URL as the browser
// requests it (lower-case scheme and host, path and query percent-encoded,
// no fragment).
//
//   - A scheme, when given, must match the URL's: "https://*" matches no
//     http:// URL. Without one, every scheme matches.
//   - The host matches the URL's host, without user information ("user@")
//     or port, ignoring case. IPv6 hosts are written in brackets ("[::1]").
//   - A port, when given ("127.0.0.1:8080", "[::1]:8080", "localhost:*"),
//     must match the URL's port, which is the scheme's default (80 for
//     http, 443 for https) when the URL names none. Without one, every
//     port matches.
//   - A path, when given, matches the URL's whole path, from its first
//     "/". Without one, every path matches. The query string and the
//     fragment never take part.
//
// In every part "*" matches any run of characters ("/" and "." included,
// none at all too) and "?" exactly one character; neither can be escaped.
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
	if i <= 0 {
		// No scheme: not a URL a browser requests.
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

// glob reports whether s matches pattern, where "*" matches any run of
// bytes (none included) and "?" exactly one (a URL as the browser sends it
// is ASCII, so one character). The pieces between stars are placed from
// the left, each at the first place it fits after the one before: the
// leftmost place leaves the most of s to the pieces after it, so no other
// place needs trying. Pieces without "?" are found with strings.Index, so
// a pattern of stars and plain text takes time linear in len(pattern) +
// len(s), however many stars it has.
func glob(pattern, s string) bool {
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return len(pattern) == len(s) && fits(pattern, s)
	}
	// The text before the first star starts s, the text after the last
	// star ends it, and neither may overlap the other.
	first := pattern[:star]
	if len(s) < len(first) || !fits(first, s[:len(first)]) {
		return false
	}
	s, pattern = s[len(first):], pattern[star+1:]
	lastStar := strings.LastIndexByte(pattern, '*')
	last := pattern[lastStar+1:]
	if len(s) < len(last) || !fits(last, s[len(s)-len(last):]) {
		return false
	}
	s = s[:len(s)-len(last)]
	if lastStar < 0 {
		return true
	}
	middle := pattern[:lastStar]
	for middle != "" {
		piece := middle
		if i := strings.IndexByte(middle, '*'); i >= 0 {
			piece, middle = middle[:i], middle[i+1:]
		} else {
			middle = ""
		}
		if piece == "" {
			continue
		}
		i := indexPiece(s, piece)
		if i < 0 {
			return false
		}
		s = s[i+len(piece):]
	}
	return true
}

// fits reports whether s, of the same length as piece, matches piece,
// where "?" in piece matches any byte.
func fits(piece, s string) bool {
	for i := 0; i < len(piece); i++ {
		if piece[i] != '?' && piece[i] != s[i] {
			return false
		}
	}
	return true
}

// indexPiece returns the first index of s where piece fits, or -1.
func indexPiece(s, piece string) int {
	if strings.IndexByte(piece, '?') < 0 {
		return strings.Index(s, piece)
	}
	for i := 0; i+len(piece) <= len(s); i++ {
		if fits(piece, s[i:i+len(piece)]) {
			return i
		}
	}
	return -1
}
