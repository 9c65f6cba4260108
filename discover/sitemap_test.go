package discover

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSitemap(t *testing.T) {
	for _, tc := range []struct {
		name    string
		xml     string
		want    *sitemapDoc
		wantErr string
	}{
		{"urlset", `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>
      https://a.test/one
    </loc>
    <lastmod>2026-01-01</lastmod>
    <image:image><image:loc>https://a.test/img.png</image:loc></image:image>
  </url>
  <url><loc><![CDATA[https://a.test/two?a=1&b=2]]></loc></url>
  <url><loc>https://a.test/three?a=1&amp;b=2</loc></url>
  <url><loc></loc></url>
  <loc>https://a.test/not-in-a-url</loc>
</urlset>`, &sitemapDoc{Locs: []string{"https://a.test/one", "https://a.test/two?a=1&b=2", "https://a.test/three?a=1&b=2"}}, ""},
		{"index", "\ufeff<sitemapindex><sitemap><loc>https://a.test/s1.xml</loc></sitemap><sitemap><loc>https://a.test/s2.xml</loc></sitemap></sitemapindex>",
			&sitemapDoc{Index: true, Locs: []string{"https://a.test/s1.xml", "https://a.test/s2.xml"}}, ""},
		{"url entries in an index are not sitemaps", `<sitemapindex><url><loc>https://a.test/p</loc></url></sitemapindex>`, &sitemapDoc{Index: true}, ""},
		{"empty urlset", `<urlset/>`, &sitemapDoc{}, ""},
		{"not a sitemap", "<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n<html><body>hi</body></html>", nil, "3:1: root element is <html>, want <urlset> or <sitemapindex>"},
		{"empty file", "", nil, "1:1: no root element, want <urlset> or <sitemapindex>"},
		{"mismatched tag", "<urlset>\n  <url><loc>x</loc>\n</urlset>", nil, "3:1: element <url> closed by </urlset>"},
		{"truncated", "<urlset>\n<url><loc>https://a.test/", nil, "2:26: unexpected EOF"},
		{"bad entity", "<urlset><url><loc>a &nope; b</loc></url></urlset>", nil, "1:19: invalid character entity &nope;"},
		{"other encoding", `<?xml version="1.0" encoding="ISO-8859-1"?><urlset/>`, nil, `1:1: xml: encoding "ISO-8859-1" declared but Decoder.CharsetReader is nil`},
		{"long loc", "<urlset><url><loc>" + strings.Repeat("x", maxLocBytes+1) + "</loc></url></urlset>", nil, "1:19: <loc> longer than 8192 bytes"},
		{"deep nesting", strings.Repeat("<urlset>", maxXMLNesting+1), nil, "1:513: elements nested more than 64 deep"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseSitemap(strings.NewReader(tc.xml), maxSitemapEntries)
			if tc.wantErr != "" {
				var se *sitemapError
				if !errors.As(err, &se) || err.Error() != tc.wantErr {
					t.Fatalf("error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("sitemap (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseSitemapTruncates(t *testing.T) {
	var b strings.Builder
	b.WriteString("<urlset>")
	const limit = 100
	for i := range limit + 5 {
		fmt.Fprintf(&b, "<url><loc>https://a.test/p%d</loc></url>", i)
	}
	b.WriteString("</urlset>")
	got, err := parseSitemap(strings.NewReader(b.String()), limit)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Truncated || len(got.Locs) != limit || got.Locs[limit-1] != fmt.Sprintf("https://a.test/p%d", limit-1) {
		t.Errorf("truncated %v with %d entries, want the first %d", got.Truncated, len(got.Locs), limit)
	}
}

func TestParseSitemapLimit(t *testing.T) {
	body := "<urlset>" + strings.Repeat("<url><loc>https://a.test/p</loc></url>", 100) + "</urlset>"
	_, err := parseSitemap(newLimitReader(strings.NewReader(body), 1<<20+100, "sitemap"), maxSitemapEntries)
	if err != nil {
		t.Fatalf("a sitemap under the limit: %v", err)
	}
	_, err = parseSitemap(newLimitReader(strings.NewReader(body), 200, "sitemap"), maxSitemapEntries)
	if err == nil || !strings.Contains(err.Error(), "sitemap larger than 0 MB") {
		t.Errorf("error = %v, want the limit named", err)
	}
	_, err = parseSitemap(newLimitReader(strings.NewReader(body), int64(len(body)), "sitemap"), maxSitemapEntries)
	if err != nil {
		t.Errorf("a sitemap of exactly the limit: %v", err)
	}
}

func TestParseRobots(t *testing.T) {
	robots := "User-agent: *\r\nDisallow: /x # no\r\nSitemap: https://a.test/s1.xml\r\n  sitemap :https://a.test/s2.xml  \n" +
		"# Sitemap: https://a.test/commented.xml\nSitemap:\nSitemaps: https://a.test/typo.xml\nSITEMAP: https://a.test/s3.xml#frag\n" +
		strings.Repeat("x", 70<<10) + "\nSitemap: https://a.test/after-long-line.xml\n"
	got := parseRobots(strings.NewReader(robots))
	want := []string{"https://a.test/s1.xml", "https://a.test/s2.xml", "https://a.test/s3.xml", "https://a.test/after-long-line.xml"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("sitemaps (-want +got):\n%s", d)
	}
}

// TestParseRobotsLineBound reads a Sitemap: line of exactly maxRobotsLine
// bytes (its newline included) and skips one a byte longer, reading on
// after it.
func TestParseRobotsLineBound(t *testing.T) {
	line := func(size int) string {
		head := "Sitemap: https://a.test/"
		return head + strings.Repeat("p", size-len(head)-len(".xml\n")) + ".xml\n"
	}
	at, past := line(maxRobotsLine), line(maxRobotsLine+1)
	if len(at) != maxRobotsLine || len(past) != maxRobotsLine+1 {
		t.Fatalf("test setup: %d and %d bytes", len(at), len(past))
	}
	got := parseRobots(strings.NewReader(at + past + "Sitemap: https://a.test/next.xml"))
	want := []string{strings.TrimPrefix(strings.TrimSuffix(at, "\n"), "Sitemap: "), "https://a.test/next.xml"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("sitemaps (-want +got):\n%.300s", d)
	}
}
