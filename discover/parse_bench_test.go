package discover

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/cpuclock"
)

var benchSizes = []struct {
	name string
	n    int
}{{"1x", 2000}, {"10x", 20000}}

// BenchmarkParseSitemap reads sitemaps of 2,000 (1x) and 20,000 (10x)
// entries with the elements real sitemaps carry beside <loc>.
func BenchmarkParseSitemap(b *testing.B) {
	for _, size := range benchSizes {
		var sb strings.Builder
		sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">` + "\n")
		for i := range size.n {
			fmt.Fprintf(&sb, "  <url><loc>https://a.test/products/%d?ref=sitemap&amp;lang=en</loc><lastmod>2026-11-%02d</lastmod><changefreq>weekly</changefreq><priority>0.8</priority><image:image><image:loc>https://a.test/i/%d.jpg</image:loc></image:image></url>\n", i, i%28+1, i)
		}
		sb.WriteString("</urlset>\n")
		data := sb.String()
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			cpuclock.Measure(b, func() {
				doc, err := parseSitemap(strings.NewReader(data), size.n)
				if err != nil || len(doc.Locs) != size.n {
					b.Fatalf("%v entries, err %v", doc, err)
				}
			})
		})
	}
}

// BenchmarkParseRobots reads robots.txt files of 2,000 (1x) and 20,000
// (10x) lines: rules, comments, long lines and Sitemap: lines.
func BenchmarkParseRobots(b *testing.B) {
	for _, size := range benchSizes {
		var sb strings.Builder
		sitemaps := 0
		for i := range size.n {
			switch i % 5 {
			case 0:
				fmt.Fprintf(&sb, "User-agent: bot-%d\n", i)
			case 1:
				fmt.Fprintf(&sb, "Disallow: /private/%d/ # %s\n", i, strings.Repeat("c", 200))
			case 2:
				fmt.Fprintf(&sb, "Sitemap: https://a.test/sitemap-%d.xml\r\n", i)
				sitemaps++
			case 3:
				fmt.Fprintf(&sb, "# %s\n", strings.Repeat("#", 1000))
			default:
				sb.WriteString("Allow: /\n")
			}
		}
		data := sb.String()
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			cpuclock.Measure(b, func() {
				if got := parseRobots(strings.NewReader(data)); len(got) != sitemaps {
					b.Fatalf("%d sitemaps, want %d", len(got), sitemaps)
				}
			})
		})
	}
}
