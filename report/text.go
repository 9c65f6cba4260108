package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/tagspec/tagspec/validator"
)

// writeText prints the summary for people: the crawl's own findings (those
// of no journey) first, one line per journey with its findings indented
// below it, then the discovered pages (a summary, one table row per page
// and the failing pages with their findings), and a verdict. A Recorded
// report names its entries HAR files and counts hits and the events they
// carried instead of steps.
func writeText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	if r.Recorded {
		fmt.Fprint(bw, "tagspec check-hits: ")
		if r.Name != "" {
			fmt.Fprintf(bw, "%s, ", r.Name)
		}
		fmt.Fprintf(bw, "checked %s\n", plural(len(r.Journeys), "HAR file"))
	} else if r.Name != "" {
		fmt.Fprintf(bw, "tagspec crawl: %s", r.Name)
		if r.BaseURL != "" {
			fmt.Fprintf(bw, " on %s", r.BaseURL)
		}
		fmt.Fprintln(bw)
	}
	if len(r.Findings) > 0 {
		fmt.Fprintf(bw, "CRAWL  %s\n", plural(len(r.Findings), "finding"))
		for _, f := range r.Findings {
			fmt.Fprintf(bw, "      %s\n", findingLine(f))
		}
	}
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page != nil {
			continue
		}
		if r.Recorded {
			fmt.Fprintf(bw, "%s  %s  (%s)\n", verdictWord(j), j.Name, hitsCarrying(countHits(j.Events)))
			writeEntryDetail(bw, r, j)
			continue
		}
		hitsN, pushes := countSources(j.Events)
		fmt.Fprintf(bw, "%s  %s  (%s, %s, %s%s)\n", verdictWord(j), j.Name, plural(len(j.Steps), "step"), plural(hitsN, "hit event"), plural(pushes, "dataLayer event"), journeyTime(j))
		writeEntryDetail(bw, r, j)
	}
	if r.hasPages() {
		writeTextPages(bw, r)
	}
	fmt.Fprintf(bw, "\n%s", r.verdictLine())
	if r.Duration > 0 {
		fmt.Fprintf(bw, " in %s", r.Duration.Round(time.Millisecond))
	}
	fmt.Fprintln(bw)
	return bw.Flush()
}

// verdictWord is PASS or FAIL.
func verdictWord(j *Journey) string {
	if j.Passed {
		return "PASS"
	}
	return "FAIL"
}

// writeEntryDetail prints what follows a journey's or a failing page's
// header line: how its retries went, why it did not finish, its findings.
func writeEntryDetail(bw *bufio.Writer, r *Report, j *Journey) {
	if note := r.attemptNote(j); note != "" {
		fmt.Fprintf(bw, "      %s\n", note)
	}
	if j.Incomplete && j.Page != nil {
		reason := j.Reason
		if reason == "" {
			reason = "the page did not finish loading"
		}
		fmt.Fprintf(bw, "      did not finish: %s\n", reason)
	}
	for _, f := range j.Findings {
		fmt.Fprintf(bw, "      %s\n", findingLine(f))
	}
}

// writeTextPages prints the pages section: how discovery went, a table of
// pages by hit events with one row per page ("-" for none), then every
// failing page with its findings. Long URLs come last in a row so that
// the columns stay aligned.
func writeTextPages(bw *bufio.Writer, r *Report) {
	t := r.Site()
	origin := r.siteOrigin()
	fmt.Fprintf(bw, "\nPAGES  %s\n", discoverySummary(r.Discovery, len(t.Rows)))
	if len(t.Rows) == 0 {
		return
	}
	header := append([]string{"status"}, t.Events...)
	header = append(header, "errors")
	widths := make([]int, len(header))
	for c, h := range header {
		widths[c] = max(len(h), 3)
	}
	cells := make([][]string, len(t.Rows))
	for ri, row := range t.Rows {
		cs := make([]string, 0, len(header))
		cs = append(cs, countCell(row.Status))
		for _, n := range row.Counts {
			cs = append(cs, countCell(n))
		}
		cs = append(cs, countCell(row.Errors))
		for c, v := range cs {
			widths[c] = max(widths[c], len(v))
		}
		cells[ri] = cs
	}
	fmt.Fprint(bw, "    ")
	for c, h := range header {
		fmt.Fprintf(bw, "  %*s", widths[c], h)
	}
	fmt.Fprintln(bw, "  page")
	for ri, row := range t.Rows {
		j := &r.Journeys[row.Entry]
		fmt.Fprint(bw, verdictWord(j))
		for c, v := range cells[ri] {
			fmt.Fprintf(bw, "  %*s", widths[c], v)
		}
		fmt.Fprintf(bw, "  %s", pageLabel(origin, row.URL))
		if j.Passed {
			if note := r.attemptNote(j); note != "" {
				fmt.Fprintf(bw, "  %s", note)
			}
		}
		fmt.Fprintln(bw)
	}
	for _, row := range t.Rows {
		j := &r.Journeys[row.Entry]
		if j.Passed {
			continue
		}
		fmt.Fprintf(bw, "\nFAIL  %s  (%s)\n", row.URL, pageAbout(origin, j))
		writeEntryDetail(bw, r, j)
	}
}

// countCell shows a count, or "-" for none.
func countCell(n int) string {
	if n == 0 {
		return "-"
	}
	return strconv.Itoa(n)
}

// findingLine formats a finding as "file:line:col: severity: step N: message [rule]".
func findingLine(f validator.Finding) string {
	where := f.Pos.String()
	if where != "" {
		where += ": "
	}
	step := ""
	if f.Step != validator.NoStep {
		step = fmt.Sprintf("step %d: ", f.Step+1)
	}
	return fmt.Sprintf("%s%s: %s%s [%s]", where, f.Severity, step, f.Message, f.Rule)
}

func countSources(evs []validator.Event) (hitsN, pushes int) {
	for i := range evs {
		if evs[i].Source == validator.SourceHit {
			hitsN++
		} else {
			pushes++
		}
	}
	return hitsN, pushes
}

// countHits returns how many GA4 hits the events of one entry came from
// and how many events they carried.
func countHits(evs []validator.Event) (hitsN, events int) {
	seen := map[int]bool{}
	for i := range evs {
		if evs[i].Source != validator.SourceHit {
			continue
		}
		events++
		if !seen[evs[i].Hit] {
			seen[evs[i].Hit] = true
			hitsN++
		}
	}
	return hitsN, events
}

// hitsCarrying says "3 hits carrying 5 events", or "no GA4 hits".
func hitsCarrying(hitsN, events int) string {
	if hitsN == 0 {
		return "no GA4 hits"
	}
	return fmt.Sprintf("%s carrying %s", plural(hitsN, "hit"), plural(events, "event"))
}

func journeyTime(j *Journey) string {
	if len(j.Steps) == 0 {
		return ""
	}
	start, end := j.Steps[0].Start, j.Steps[len(j.Steps)-1].End
	if start.IsZero() || end.IsZero() || end.Before(start) {
		return ""
	}
	return ", " + end.Sub(start).Round(time.Millisecond).String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
