package discover

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExtractLinks(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  string // the document's URL
		html string
		want []string
	}{
		{"document order and resolution", "https://a.test/blog/post?x=1",
			`<a href="next">n</a><a href="/abs">a</a><a href="?page=2">q</a><a href="../up">u</a><a href="//a.test/proto">p</a>`,
			[]string{"https://a.test/blog/next", "https://a.test/abs", "https://a.test/blog/post?page=2", "https://a.test/up", "https://a.test/proto"}},
		{"first base wins, even after links", "https://a.test/x/y",
			`<a href="one">1</a><base href="https://a.test/docs/"><base href="/ignored/"><a href="two">2</a>`,
			[]string{"https://a.test/docs/one", "https://a.test/docs/two"}},
		{"relative base", "https://a.test/x/y", `<base href="../z/"><a href="p">p</a>`, []string{"https://a.test/z/p"}},
		{"base without href is not a base", "https://a.test/x/y", `<base target="_blank"><base href="/b/"><a href="p">p</a>`, []string{"https://a.test/b/p"}},
		{"unusable base keeps the document URL", "https://a.test/x/y", `<base href="http://[::1"><a href="p">p</a>`, []string{"https://a.test/x/p"}},
		{"area and self-closing", "http://a.test/", `<map><area href="/area"/></map><a href="/self"/>`, []string{"http://a.test/area", "http://a.test/self"}},
		{"fragments dropped", "http://a.test/p", `<a href="#top">t</a><a href="/q#x">q</a>`, []string{"http://a.test/p", "http://a.test/q"}},
		{"schemes that are not pages", "http://a.test/",
			`<a href="mailto:x@a.test">m</a><a href="tel:123">t</a><a href="javascript:go()">j</a><a href="data:text/html,x">d</a><a href="ftp://a.test/f">f</a><a href=" JavaScript:alert(1)">j</a>`,
			nil},
		{"link elements are not page links", "http://a.test/",
			`<link rel="alternate" hreflang="fr" href="/fr/"><link rel="canonical" href="/c"><a href="/real">r</a>`,
			[]string{"http://a.test/real"}},
		{"script, style, comments and textarea hide markup", "http://a.test/",
			`<script>var s = '<a href="/s">';</script><style>a[href="/st"]{}</style><!-- <a href="/c"> --><textarea><a href="/t"></textarea><a href="/after">a</a>`,
			[]string{"http://a.test/after"}},
		{"case-insensitive tags and attributes", "http://a.test/", `<A HREF="/UP">u</A><AREA Href="/Area">`, []string{"http://a.test/UP", "http://a.test/Area"}},
		{"white space and control characters stripped", "http://a.test/", "<a href=\"\n\t /sp\nace \t\">x</a>", []string{"http://a.test/space"}},
		{"entities decoded", "http://a.test/", `<a href="/q?a=1&amp;b=2">x</a>`, []string{"http://a.test/q?a=1&b=2"}},
		{"host case and default port", "http://a.test/", `<a href="HTTP://A.TEST:80/x">x</a><a href="https://A.test:443">y</a><a href="http://a.test:8080/z">z</a>`,
			[]string{"http://a.test/x", "https://a.test/", "http://a.test:8080/z"}},
		{"broken HTML", "http://a.test/", `<a href="/one"<a href=/two>x<a href='/three'`, []string{"http://a.test/one"}},
		{"host that is not one", "http://a.test/", `<a href="//:0:">x</a><a href="http://[::1]:8080/v6">y</a>`, []string{"http://[::1]:8080/v6"}},
		{"empty and missing href", "http://a.test/p", `<a>x</a><a href="">same</a><a name=x>`, []string{"http://a.test/p"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := url.Parse(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range extractLinks(strings.NewReader(tc.html), doc) {
				got = append(got, u.String())
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("links (-want +got):\n%s", d)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want "" means rejected
	}{
		{"http://Example.COM", "http://example.com/"},
		{"http://example.com:80/a", "http://example.com/a"},
		{"https://example.com:443/a?b=1#c", "https://example.com/a?b=1"},
		{"https://example.com:80/a", "https://example.com:80/a"},
		{"http://example.com:443/a", "http://example.com:443/a"},
		{"http://user:pw@example.com/a", "http://example.com/a"},
		{"http://example.com/a?", "http://example.com/a"},
		{"http://[::1]:80/", "http://[::1]/"},
		{"http://[::1]:8080/", "http://[::1]:8080/"},
		{"HTTPS://EXAMPLE.com/Path", "https://example.com/Path"},
		{"mailto:x@example.com", ""},
		{"http:opaque", ""},
		{"/relative", ""},
		{"http://:80/", ""},
	} {
		u, err := url.Parse(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		got := ""
		if n, ok := normalize(u); ok {
			got = n.String()
		}
		if got != tc.want {
			t.Errorf("normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
