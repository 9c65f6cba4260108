package discover

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

// FuzzExtractLinks feeds the link extractor (site HTML, so outside input)
// with arbitrary documents: it must never panic or hang, and every link it
// returns must be a normalized http or https URL without a fragment.
func FuzzExtractLinks(f *testing.F) {
	for _, s := range []string{
		`<a href="/a">a</a><area href="b"><base href="/x/">`,
		`<base href="https://A.test:443/"><a href="c#d">`,
		`<a href="javascript:x"><a href="mailto:x"><a href=" //b.test/ ">`,
		`<script><a href="/s"></script><a href='/q?a=1&amp;b'>`,
		`<a href="http://[::1]:80/">`,
		`<a href="%zz"><a href="http://a b/">`,
		`<a href=`,
		`<base href="">`,
		"",
	} {
		f.Add(s)
	}
	doc, _ := url.Parse("https://a.test/dir/page?x=1")
	f.Fuzz(func(t *testing.T, html string) {
		fuzzbudget.Run(t, html, func() {
			for _, u := range extractLinks(strings.NewReader(html), doc) {
				if u.Scheme != "http" && u.Scheme != "https" {
					t.Fatalf("link %q: scheme %q", u, u.Scheme)
				}
				if u.Fragment != "" || u.Host == "" || u.Host != strings.ToLower(u.Host) {
					t.Fatalf("link %q is not normalized", u)
				}
				again, err := url.Parse(u.String())
				if err != nil {
					t.Fatalf("link %q does not parse again: %v", u, err)
				}
				if n, ok := normalize(again); !ok || n.String() != u.String() {
					t.Fatalf("link %q normalizes again to %v", u, n)
				}
			}
		})
	})
}

// FuzzParseSitemap feeds the sitemap parser arbitrary files: it must never
// panic, must give a positioned error or entries, and must keep its bounds.
func FuzzParseSitemap(f *testing.F) {
	for _, s := range []string{
		`<urlset><url><loc>https://a.test/</loc></url></urlset>`,
		`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc> https://a.test/s.xml </loc></sitemap></sitemapindex>`,
		"\ufeff<urlset><url><loc><![CDATA[x]]></loc></url></urlset>",
		`<urlset><url><loc>a</loc>`,
		`<html></html>`,
		`<urlset><url><loc>&bad;</loc></url></urlset>`,
		`<!DOCTYPE x [<!ENTITY a "b">]><urlset/>`,
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzbudget.Run(t, data, func() {
			doc, err := parseSitemap(newLimitReader(strings.NewReader(string(data)), 1<<20, "sitemap"), 50)
			if err != nil {
				var se *sitemapError
				if !errors.As(err, &se) || se.Line < 1 || se.Col < 1 || se.Msg == "" {
					t.Fatalf("error %v is not positioned", err)
				}
				if doc != nil {
					t.Fatalf("error %v with a result", err)
				}
				return
			}
			if len(doc.Locs) > 50 {
				t.Fatalf("%d entries kept, limit 50", len(doc.Locs))
			}
			for _, l := range doc.Locs {
				if l == "" || l != strings.TrimSpace(l) || len(l) > maxLocBytes {
					t.Fatalf("entry %q not trimmed or too long", l)
				}
			}
		})
	})
}

// FuzzParseRobots feeds the robots.txt reader arbitrary files: every
// value it returns must be one trimmed, non-empty line without a comment.
func FuzzParseRobots(f *testing.F) {
	for _, s := range []string{
		"User-agent: *\nSitemap: https://a.test/s.xml\n",
		"sitemap:x#y\r\nSITEMAP : z",
		"Sitemap:",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, robots string) {
		fuzzbudget.Run(t, robots, func() {
			for _, v := range parseRobots(strings.NewReader(robots)) {
				if v == "" || v != strings.TrimSpace(v) || strings.ContainsAny(v, "#\n") {
					t.Fatalf("value %q", v)
				}
			}
		})
	})
}
