package hits

import "testing"

func TestIsCollect(t *testing.T) {
	extra := []string{"collect.shop.example.test", "https://edge.example.test/t/*", "http://localhost:9999/collect*"}
	tests := []struct {
		url  string
		want bool
	}{
		{"https://www.google-analytics.com/g/collect?v=2&tid=G-1&en=page_view", true},
		{"https://region1.google-analytics.com/g/collect?tid=G-1&v=2", true},
		{"https://analytics.google.com/g/collect?v=2", true},
		{"https://region1.analytics.google.com/g/collect?v=2&en=x", true},
		{"https://foo.appspot.com/g/collect?v=2", true},
		{"https://sgtm.shop.example.test/metrics/g/collect?v=2&richsstsse", true},
		{"http://127.0.0.1:8080/g/collect?v=2", true},
		{"https://www.google-analytics.com/g/collect?v=1", false},
		{"https://www.google-analytics.com/g/collect?v=20", false},
		{"https://www.google-analytics.com/g/collect", false},
		{"https://www.google-analytics.com/collect?v=2", false},
		{"https://www.google-analytics.com/j/collect?v=2", false},
		{"https://www.google-analytics.com/mp/collect?measurement_id=G-1&api_secret=x", false},
		{"https://stats.g.doubleclick.net/g/collect?v=2&tid=G-1", false},
		{"https://www.clarity.ms/g/collect?v=2", false},
		{"https://shop.example.test/g/collect/extra?v=2", false},
		{"https://www.google-analytics.com/g/collect#v=2", false},
		{"https://collect.shop.example.test/anything?v=2", true},
		{"https://collect.shop.example.test/anything?v=1", false},
		{"https://edge.example.test/t/x?v=2", true},
		{"http://edge.example.test/t/x?v=2", false},
		{"http://localhost:9999/collect?v=2&en=x", true},
		{"http://localhost:9998/collect?v=2&en=x", false},
		{"not a url", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsCollect(tt.url, extra); got != tt.want {
			t.Errorf("IsCollect(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
}

func TestMatchPattern(t *testing.T) {
	tests := []struct {
		pattern, url string
		want         bool
	}{
		{"*.example.test", "https://a.example.test/x", true},
		{"*.example.test", "https://example.test/x", false},
		{"example.test", "https://EXAMPLE.test:8443/x?y", true},
		{"example.test/ads/*", "https://example.test/ads/a.js", true},
		{"example.test/ads/*", "https://example.test/app.js", false},
		{"*/chat/*.js", "https://widget.test/chat/w.js?v=1", true},
		{"https://example.test", "http://example.test/", false},
		{"*", "https://anything.test/", true},
		{"", "https://anything.test/", false},
		{"a*b*c", "https://axxbyyc/", true},
		{"a*b*c", "https://axxbyy/", false},
		// A pattern that names a port matches that port only; one that
		// names none matches every port.
		{"127.0.0.1:8080/gtag/js*", "http://127.0.0.1:8080/gtag/js?id=G-1", true},
		{"127.0.0.1:8080/gtag/js*", "http://127.0.0.1:9090/gtag/js?id=G-1", false},
		{"127.0.0.1:8080/gtag/js*", "http://127.0.0.1/gtag/js?id=G-1", false},
		{"127.0.0.1/gtag/js*", "http://127.0.0.1:9090/gtag/js?id=G-1", true},
		{"http://localhost:9999/collect*", "http://localhost:9999/collect?v=2", true},
		{"http://localhost:9999/collect*", "http://localhost:9998/collect?v=2", false},
		{"http://localhost:9999/collect*", "https://localhost:9999/collect?v=2", false},
		{"localhost:9999", "http://user:pw@LOCALHOST:9999/x", true},
		{"localhost:99*", "http://localhost:9999/x", true},
		{"localhost:*", "http://localhost/x", true},
		{"*:8443", "https://a.example.test:8443/", true},
		{"*:8443", "https://a.example.test:443/", false},
		// The default port of the scheme is the URL's port when it names none.
		{"example.test:443", "https://example.test/x", true},
		{"example.test:80", "http://example.test/x", true},
		{"example.test:80", "https://example.test/x", false},
		{"[::1]:8080", "http://[::1]:8080/x", true},
		{"[::1]:8080", "http://[::1]:8081/x", false},
		{"[::1]", "http://[::1]:8081/x", true},
	}
	for _, tt := range tests {
		if got := MatchPattern(tt.pattern, tt.url); got != tt.want {
			t.Errorf("MatchPattern(%q, %q) = %v, want %v", tt.pattern, tt.url, got, tt.want)
		}
	}
}
