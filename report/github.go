package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/tagspec/tagspec/diag"
)

// writeGitHub prints one GitHub Actions workflow command per finding
// (::error, ::warning or ::notice, through diag.WriteGitHubCommand),
// pointing at the spec line that the finding concerns, so that the
// finding shows on the pull request. The crawl's own findings (of no
// journey) come first. A finding of a discovered page with no spec
// position is titled with the page's URL instead. A journey or page that
// needed more than one attempt gets a ::notice saying why it was retried.
func writeGitHub(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		diag.WriteGitHubCommand(bw, f.Severity, f.Pos, "tagspec "+f.Rule, findingText(f))
	}
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page != nil {
			continue
		}
		for _, f := range j.Findings {
			diag.WriteGitHubCommand(bw, f.Severity, f.Pos, fmt.Sprintf("tagspec %s (%s %s)", f.Rule, r.entryWord(), j.Name), findingText(f))
		}
		if note := r.attemptNote(j); note != "" {
			diag.WriteGitHubCommand(bw, diag.SeverityInfo, j.Pos, "tagspec retried (journey "+j.Name+")", "journey "+j.Name+" "+note)
		}
	}
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page == nil {
			continue
		}
		for _, f := range j.Findings {
			if f.Pos.File != "" {
				diag.WriteGitHubCommand(bw, f.Severity, f.Pos, fmt.Sprintf("tagspec %s (page %s)", f.Rule, j.Page.URL), findingText(f))
				continue
			}
			msg := findingText(f)
			if f.Page == j.Page.URL {
				msg = strings.TrimSuffix(msg, " on "+f.Page)
			}
			diag.WriteGitHubCommand(bw, f.Severity, diag.Pos{}, j.Page.URL, msg+" ["+f.Rule+"]")
		}
		if note := r.attemptNote(j); note != "" {
			diag.WriteGitHubCommand(bw, diag.SeverityInfo, diag.Pos{}, j.Page.URL, "page "+note)
		}
	}
	return bw.Flush()
}
