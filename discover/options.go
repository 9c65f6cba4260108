package discover

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"time"
)

// Defaults used when the matching Options field is zero.
const (
	DefaultMaxPages    = 1000
	DefaultConcurrency = 4
	DefaultTimeout     = 10 * time.Second
	DefaultUserAgent   = "tagspec-discover"
)

// Bounds that keep discovery finite on any site.
const (
	// MaxRedirects is how many same-origin redirects one page may follow.
	MaxRedirects = 10
	// maxHTMLBytes is how much of a page's body is read for links.
	maxHTMLBytes = 4 << 20
	// maxSitemapBytes is how much of a (decompressed) sitemap file is read;
	// the sitemap protocol allows 50 MB.
	maxSitemapBytes = 50 << 20
	// maxSitemapEntries is how many <loc> entries of one sitemap file are
	// kept; the sitemap protocol allows 50,000.
	maxSitemapEntries = 50000
	// maxSitemapFiles is how many sitemap files one discovery reads.
	maxSitemapFiles = 200
	// maxSitemapNesting is how deep sitemap indexes may nest: a top-level
	// file is at level 0.
	maxSitemapNesting = 3
	// maxRobotsBytes is how much of robots.txt is read.
	maxRobotsBytes = 512 << 10
	// retryBackoff is the wait before the nth retry, times n.
	retryBackoff = 100 * time.Millisecond
)

// Options tune Discover. Only Start is required; every other field has a
// default for its zero value.
type Options struct {
	// Start lists absolute http or https URLs. Discovery stays on their
	// origins (scheme, host and port): links and sitemap entries that
	// point anywhere else are ignored.
	Start []string
	// MaxPages stops discovery after this many pages (DefaultMaxPages
	// when 0).
	MaxPages int
	// Depth is how many links discovery follows at most from a start
	// page; 0 means no limit.
	Depth int
	// Include, when set, keeps only the pages whose path and query (for
	// example "/blog/a?p=2") match one of the expressions. Start URLs are
	// always kept.
	Include []*regexp.Regexp
	// Exclude skips the pages whose path and query match one of the
	// expressions. Start URLs are always kept.
	Exclude []*regexp.Regexp
	// NoSitemap turns off reading the Sitemap: lines of robots.txt and
	// /sitemap.xml on each start origin.
	NoSitemap bool
	// Concurrency is how many requests run at once (DefaultConcurrency
	// when 0).
	Concurrency int
	// Retries is how many extra attempts a page (or sitemap) gets when a
	// request timed out, failed to connect or was answered with a 5xx
	// status or 429.
	Retries int
	// Timeout bounds each request, body included (DefaultTimeout when 0).
	Timeout time.Duration
	// Client makes the requests; nil means a client of Discover's own.
	// Discover follows redirects itself whatever the client's
	// CheckRedirect says.
	Client *http.Client
	// UserAgent is sent with every request (DefaultUserAgent when empty).
	UserAgent string
}

// Page is one page discovery reached.
type Page struct {
	// URL is absolute and normalized: no fragment, lower-case host, no
	// default port, "/" for an empty path. For a page that redirects it is
	// the URL discovery reached first, not the final one.
	URL string
	// Depth is how many links were followed from a start page to reach
	// the page: 0 for start pages and pages listed in a sitemap.
	Depth int
	// From is the URL of the first page, in discovery order, that linked
	// here; "" for start and sitemap pages.
	From string
	// Sitemap is set when a sitemap lists the page.
	Sitemap bool
	// Status is the final HTTP status, after same-origin redirects; 0 when
	// no response arrived.
	Status int
	// Redirects lists the URLs the page redirected through, in order, the
	// final one last; nil when the page answered directly.
	Redirects []string
	// Problem says why the page is broken ("answered HTTP 500", "redirect
	// loop: /a -> /b -> /a", "timed out after 10s", ...); "" when it is
	// fine. A page with a problem is still listed.
	Problem string
	// Attempts is how many times the page was requested: 1 plus the
	// retries used.
	Attempts int
	// Retried says, for each attempt that was repeated, why
	// ("answered HTTP 503").
	Retried []string
}

// Result is what Discover found.
type Result struct {
	// Pages lists every page in discovery order: breadth first, level by
	// level (start URLs, then sitemap entries in sitemap order, then the
	// links of each level's pages in page order and document order).
	Pages []Page
	// Sitemaps lists the sitemap files read, in the order they were read.
	Sitemaps []string
	// SitemapProblems says, for each sitemap file that could not be used,
	// which and why ("https://example.com/sitemap.xml:12:3: ..."). Such a
	// file is ignored; a missing /sitemap.xml is not a problem.
	SitemapProblems []string
	// Limited is set when MaxPages stopped discovery before every page
	// it found was listed.
	Limited bool
	// Skipped counts the distinct same-origin URLs discovery did not list:
	// excluded or not included, beyond Depth, or not an HTML page (checked
	// by Content-Type).
	Skipped int
}

// settings are Options with defaults applied and start URLs parsed.
type settings struct {
	Options
	start   []*url.URL
	origins []string // in start order, distinct
}

// check validates opts and applies defaults. Only unusable options are
// errors.
func check(opts Options) (*settings, error) {
	s := &settings{Options: opts}
	if len(opts.Start) == 0 {
		return nil, fmt.Errorf("discover: no start URL")
	}
	seen := map[string]bool{}
	for i, raw := range opts.Start {
		u, err := url.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("discover: start URL %d %q: %v", i+1, raw, err)
		}
		if !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("discover: start URL %d %q: want an absolute http or https URL such as https://staging.example.com/", i+1, raw)
		}
		n, ok := normalize(u)
		if !ok {
			return nil, fmt.Errorf("discover: start URL %d %q: want an absolute http or https URL such as https://staging.example.com/", i+1, raw)
		}
		if o := origin(n); !seen[o] {
			seen[o] = true
			s.origins = append(s.origins, o)
		}
		s.start = append(s.start, n)
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"MaxPages", opts.MaxPages}, {"Depth", opts.Depth}, {"Concurrency", opts.Concurrency}, {"Retries", opts.Retries}} {
		if f.v < 0 {
			return nil, fmt.Errorf("discover: %s is %d, want 0 or more", f.name, f.v)
		}
	}
	if opts.Timeout < 0 {
		return nil, fmt.Errorf("discover: Timeout is %s, want 0 or more", opts.Timeout)
	}
	for i, re := range opts.Include {
		if re == nil {
			return nil, fmt.Errorf("discover: Include[%d] is nil", i)
		}
	}
	for i, re := range opts.Exclude {
		if re == nil {
			return nil, fmt.Errorf("discover: Exclude[%d] is nil", i)
		}
	}
	if s.MaxPages == 0 {
		s.MaxPages = DefaultMaxPages
	}
	if s.Concurrency == 0 {
		s.Concurrency = DefaultConcurrency
	}
	if s.Timeout == 0 {
		s.Timeout = DefaultTimeout
	}
	if s.UserAgent == "" {
		s.UserAgent = DefaultUserAgent
	}
	return s, nil
}
