package report

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// SiteTable is the site-wide view of a crawl with discovery: a row per
// discovered page and a column per event name the pages' GA4 hits
// carried, each cell counting that page's hit events of that name.
type SiteTable struct {
	// Events names the columns: "page_view" first when any page sent it,
	// then the other event names in alphabetical order.
	Events []string
	// Rows are the report's pages, in report order.
	Rows []SiteRow
}

// SiteRow is one discovered page of a SiteTable.
type SiteRow struct {
	URL    string // the page's URL
	Entry  int    // index of the page in Report.Journeys
	Status int    // HTTP status of the page's document, 0 when none arrived
	// Counts holds, for every column of SiteTable.Events, how many hit
	// events of that name the page sent.
	Counts []int
	Passed bool // no error finding on the page
	Errors int  // the page's error findings
}

// Site builds the table of discovered pages by event names: the entries
// of r.Journeys with Page set, in report order, counting the events that
// came from GA4 hits (validator.SourceHit; dataLayer pushes are not
// counted). It is empty when the crawl discovered no pages.
func (r *Report) Site() SiteTable {
	var t SiteTable
	col := map[string]int{} // event name -> column, for lookups only
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page == nil {
			continue
		}
		for k := range j.Events {
			e := &j.Events[k]
			if e.Source != validator.SourceHit {
				continue
			}
			if _, ok := col[e.Name]; !ok {
				col[e.Name] = -1
				t.Events = append(t.Events, e.Name)
			}
		}
	}
	slices.SortFunc(t.Events, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "page_view":
			return -1
		case b == "page_view":
			return 1
		}
		return strings.Compare(a, b)
	})
	for c, name := range t.Events {
		col[name] = c
	}
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page == nil {
			continue
		}
		row := SiteRow{URL: j.Page.URL, Entry: i, Status: j.Page.Status, Counts: make([]int, len(t.Events)), Passed: j.Passed}
		for k := range j.Events {
			if e := &j.Events[k]; e.Source == validator.SourceHit {
				row.Counts[col[e.Name]]++
			}
		}
		for _, f := range j.Findings {
			if f.Severity == spec.SeverityError {
				row.Errors++
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// entryCounts counts the spec journeys and the discovered pages of r, and
// how many of each failed.
func (r *Report) entryCounts() (journeys, failedJourneys, pages, failedPages int) {
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page != nil {
			pages++
			if !j.Passed {
				failedPages++
			}
			continue
		}
		journeys++
		if !j.Passed {
			failedJourneys++
		}
	}
	return journeys, failedJourneys, pages, failedPages
}

// verdictLine is the one-line summary every human-facing printer ends
// with: "2 journeys, 1 failed; 162 pages, 3 failed; 4 errors, 0 warnings",
// or for a Recorded report "2 HAR files, 1 failed; 3 hits carrying 5
// events; 2 errors, 0 warnings".
func (r *Report) verdictLine() string {
	nj, fj, np, fp := r.entryCounts()
	c := r.Count()
	var parts []string
	if r.Recorded {
		var hitsN, events int
		for i := range r.Journeys {
			h, e := countHits(r.Journeys[i].Events)
			hitsN, events = hitsN+h, events+e
		}
		parts = append(parts, fmt.Sprintf("%s, %d failed", plural(nj, "HAR file"), fj), hitsCarrying(hitsN, events))
	} else if nj > 0 || np == 0 {
		parts = append(parts, fmt.Sprintf("%s, %d failed", plural(nj, "journey"), fj))
	}
	if np > 0 || r.Discovery != nil {
		parts = append(parts, fmt.Sprintf("%s, %d failed", plural(np, "page"), fp))
	}
	parts = append(parts, fmt.Sprintf("%s, %s", plural(c.Errors, "error"), plural(c.Warnings, "warning")))
	return strings.Join(parts, "; ")
}

// hasPages reports whether the report has a pages section to print.
func (r *Report) hasPages() bool {
	if r.Discovery != nil {
		return true
	}
	for i := range r.Journeys {
		if r.Journeys[i].Page != nil {
			return true
		}
	}
	return false
}

// discoverySummary says how the crawl found its pages, e.g. "discovered
// 324 pages from http://shop.test/, 2 sitemaps; checked 162 (shard 1/2)".
// pages is how many pages the report holds, used when d is nil.
func discoverySummary(d *Discovery, pages int) string {
	if d == nil {
		return fmt.Sprintf("checked %s", plural(pages, "page"))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "discovered %s", plural(d.Found, "page"))
	const shown = 3
	for i, u := range d.Start {
		switch {
		case i == 0:
			b.WriteString(" from ")
		case i == shown:
			fmt.Fprintf(&b, " and %d more", len(d.Start)-shown)
		case i > shown:
			continue
		default:
			b.WriteString(", ")
		}
		if i < shown {
			b.WriteString(u)
		}
	}
	if len(d.Sitemaps) > 0 {
		fmt.Fprintf(&b, ", %s", plural(len(d.Sitemaps), "sitemap"))
	}
	fmt.Fprintf(&b, "; checked %d", d.Checked)
	if d.Shard != "" {
		fmt.Fprintf(&b, " (shard %s)", d.Shard)
	}
	if d.Limited {
		b.WriteString("; --max-pages stopped discovery before every link was followed")
	}
	return b.String()
}

// siteOrigin is the URL that page URLs are shown relative to: the
// report's base URL, else discovery's first start URL.
func (r *Report) siteOrigin() *url.URL {
	base := r.BaseURL
	if base == "" && r.Discovery != nil && len(r.Discovery.Start) > 0 {
		base = r.Discovery.Start[0]
	}
	if base == "" {
		return nil
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return nil
	}
	return u
}

// pageLabel shows a page URL as its path and query when it has the same
// scheme and host as origin, else in full.
func pageLabel(origin *url.URL, page string) string {
	if origin == nil {
		return page
	}
	u, err := url.Parse(page)
	if err != nil || u.Scheme != origin.Scheme || u.Host != origin.Host || u.Opaque != "" {
		return page
	}
	label := u.EscapedPath()
	if label == "" {
		label = "/"
	}
	if u.RawQuery != "" || u.ForceQuery {
		label += "?" + u.RawQuery
	}
	return label
}

// attemptsOf is how many times the entry ran (Attempts 0 means once).
func attemptsOf(j *Journey) int {
	return max(j.Attempts, 1)
}

// attemptNote says how the retries of an entry went, e.g. "passed on
// attempt 2 of 3 (retried: attempt 1: answered HTTP 503)"; "" for an entry
// that ran once.
func (r *Report) attemptNote(j *Journey) string {
	n := attemptsOf(j)
	if n <= 1 && len(j.Retried) == 0 {
		return ""
	}
	verdict := "passed"
	if !j.Passed {
		verdict = "failed"
	}
	note := fmt.Sprintf("%s on attempt %d", verdict, n)
	if total := r.Retries + 1; total >= n && total > 1 {
		note += fmt.Sprintf(" of %d", total)
	}
	if len(j.Retried) > 0 {
		note += " (retried: " + strings.Join(retriedLines(j), "; ") + ")"
	}
	return note
}

// retriedLines gives one "attempt N: reason" per repeated attempt.
func retriedLines(j *Journey) []string {
	out := make([]string, len(j.Retried))
	for i := range j.Retried {
		out[i] = fmt.Sprintf("attempt %d: %s", i+1, retryReason(j, i))
	}
	return out
}

// retryReason is why attempt i+1 of j was repeated. A reason recorded
// with its own "attempt N: " prefix loses it, so that printers number
// attempts once.
func retryReason(j *Journey, i int) string {
	why := j.Retried[i]
	if rest, ok := strings.CutPrefix(why, fmt.Sprintf("attempt %d: ", i+1)); ok {
		return rest
	}
	return why
}

// pageOrigin says where discovery found a page, e.g. "linked from /, depth
// 1" or "in a sitemap"; "" for a start page.
func pageOrigin(origin *url.URL, p *Page) string {
	var parts []string
	if p.From != "" {
		parts = append(parts, fmt.Sprintf("linked from %s, depth %d", pageLabel(origin, p.From), p.Depth))
	}
	if p.Sitemap {
		parts = append(parts, "in a sitemap")
	}
	return strings.Join(parts, ", ")
}

// pageAbout describes a failing page for its header: an HTTP status other
// than 2xx, what it sent and where discovery found it, e.g. "HTTP 500, 0
// hit events, 0 dataLayer events, linked from /blog, depth 2".
func pageAbout(origin *url.URL, j *Journey) string {
	var about []string
	switch st := j.Page.Status; {
	case st == 0:
		about = append(about, "no response")
	case st < 200 || st > 299:
		about = append(about, fmt.Sprintf("HTTP %d", st))
	}
	hitsN, pushes := countSources(j.Events)
	about = append(about, plural(hitsN, "hit event"), plural(pushes, "dataLayer event"))
	if o := pageOrigin(origin, j.Page); o != "" {
		about = append(about, o)
	}
	return strings.Join(about, ", ")
}
