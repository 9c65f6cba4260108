package report

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"github.com/tagspec/tagspec/validator"
)

// writeText prints the summary for people: the crawl's own findings (those
// of no journey) first, one line per journey with its findings indented
// below it, and a verdict.
func writeText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	if r.Name != "" {
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
		verdict := "PASS"
		if !j.Passed {
			verdict = "FAIL"
		}
		hitsN, pushes := countSources(j.Events)
		fmt.Fprintf(bw, "%s  %s  (%s, %s, %s%s)\n", verdict, j.Name, plural(len(j.Steps), "step"), plural(hitsN, "hit event"), plural(pushes, "dataLayer event"), journeyTime(j))
		for _, f := range j.Findings {
			fmt.Fprintf(bw, "      %s\n", findingLine(f))
		}
	}
	c := r.Count()
	fmt.Fprintf(bw, "\n%s, %d failed; %s, %s", plural(len(r.Journeys), "journey"), r.Failed(), plural(c.Errors, "error"), plural(c.Warnings, "warning"))
	if r.Duration > 0 {
		fmt.Fprintf(bw, " in %s", r.Duration.Round(time.Millisecond))
	}
	fmt.Fprintln(bw)
	return bw.Flush()
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
