package crawler

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

// FuzzPushPayload feeds the binding payload parser (written by page
// scripts, so outside input) with arbitrary text: it must never panic and
// must only keep pushes whose value is valid JSON.
func FuzzPushPayload(f *testing.F) {
	for _, s := range []string{
		`{"page":"http://a.test/","value":"{\"event\":\"x\"}"}`,
		`{"page":"http://a.test/","value":"[\"event\",\"purchase\",{\"value\":1}]"}`,
		`{"page":1,"value":null}`,
		`{"value":"{"}`,
		`not json`,
		``,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		fuzzbudget.Run(t, payload, func() {
			c := newCapture(time.Now)
			c.addPush(payload)
			for _, p := range c.pushes {
				if !jsonValid(p.Value) {
					t.Fatalf("kept invalid JSON %q", p.Value)
				}
			}
		})
	})
}

// FuzzParseRoute checks the PATTERN=FILE parser of --route.
func FuzzParseRoute(f *testing.F) {
	for _, s := range []string{"www.youtube.com/iframe_api=yt.js", "=x", "x=", "a=b=c", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzbudget.Run(t, s, func() {
			r, err := ParseRoute(s)
			if err != nil {
				return
			}
			if r.Pattern == "" || r.File == "" || r.Pattern+"="+r.File != s {
				t.Fatalf("ParseRoute(%q) = %+v", s, r)
			}
		})
	})
}

// FuzzCDPPattern checks that the Fetch.enable pattern made from a tagspec
// URL pattern matches every URL the tagspec pattern matches, so that no
// request the crawler must act on escapes interception.
func FuzzCDPPattern(f *testing.F) {
	seeds := [][2]string{
		{"www.youtube.com/iframe_api", "https://www.youtube.com/iframe_api?x=1"},
		{"*.doubleclick.net", "https://stats.g.doubleclick.net/g/collect?v=2"},
		{"https://sgtm.example.com/*/collect", "https://sgtm.example.com/a/b/collect?v=2"},
		{"127.0.0.1/first-party", "http://127.0.0.1:8080/first-party"},
		{"example.com", "http://example.com"},
		{"127.0.0.1:8080/gtag/js*", "http://127.0.0.1:8080/gtag/js?id=G-1"},
		{"http://localhost:9999/collect*", "http://localhost:9999/collect?v=2"},
		{"example.com:443/x", "https://example.com/x"},
		{"[::1]:8080", "http://[::1]:8080/"},
		{"0", "://1@0"},
		{`a\*`, `http://a\b/`},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, url string) {
		fuzzbudget.Run(t, [2]string{pattern, url}, func() {
			// Chromium only produces URLs with a lower-case scheme and host.
			origin := url
			if i := strings.Index(url, "://"); i >= 0 {
				if j := strings.IndexAny(url[i+3:], "/?#"); j >= 0 {
					origin = url[:i+3+j]
				}
			}
			if origin != strings.ToLower(origin) {
				return
			}
			if !hits.MatchPattern(pattern, url) {
				return
			}
			cps := cdpPatterns(pattern)
			if !slices.ContainsFunc(cps, func(cp string) bool { return cdpGlob(cp, url) }) {
				t.Fatalf("tagspec pattern %q matches %q but none of the CDP patterns %q does", pattern, url, cps)
			}
		})
	})
}

// cdpGlob matches a Fetch.enable URL pattern ("*" any run, "?" one
// character, backslash escapes) against a URL the way Chromium does.
func cdpGlob(pattern, url string) bool {
	var b strings.Builder
	b.WriteString("(?s)^")
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '\\':
			if i+1 < len(pattern) {
				i++
				b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
			}
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	return err == nil && re.MatchString(url)
}

func jsonValid(b []byte) bool { return json.Valid(b) }
