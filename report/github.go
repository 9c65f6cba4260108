package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// writeGitHub prints one GitHub Actions workflow command per finding
// (::error, ::warning or ::notice), pointing at the spec line that the
// finding concerns, so that the finding shows on the pull request. The
// crawl's own findings (of no journey) come first.
func writeGitHub(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		writeGitHubCommand(bw, f, fmt.Sprintf("tagspec %s", f.Rule))
	}
	for i := range r.Journeys {
		j := &r.Journeys[i]
		for _, f := range j.Findings {
			writeGitHubCommand(bw, f, fmt.Sprintf("tagspec %s (journey %s)", f.Rule, j.Name))
		}
	}
	return bw.Flush()
}

// writeGitHubCommand prints one finding as a workflow command.
func writeGitHubCommand(bw *bufio.Writer, f validator.Finding, title string) {
	cmd := "notice"
	switch f.Severity {
	case spec.SeverityError:
		cmd = "error"
	case spec.SeverityWarning:
		cmd = "warning"
	}
	var props []string
	if f.Pos.File != "" {
		props = append(props, "file="+escapeProperty(f.Pos.File))
		if f.Pos.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Pos.Line))
			if f.Pos.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Pos.Col))
			}
		}
	}
	props = append(props, "title="+escapeProperty(title))
	msg := f.Message
	if f.Step != validator.NoStep {
		msg = fmt.Sprintf("step %d: %s", f.Step+1, msg)
	}
	if f.Page != "" {
		msg += " on " + f.Page
	}
	fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(msg))
}

// escapeData escapes a workflow command message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
