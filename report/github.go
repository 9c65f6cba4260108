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
// crawl's own findings (of no journey) come first. A finding of a
// discovered page with no spec position is titled with the page's URL
// instead. A journey or page that needed more than one attempt gets a
// ::notice saying why it was retried.
func writeGitHub(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		writeGitHubCommand(bw, f, fmt.Sprintf("tagspec %s", f.Rule))
	}
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page != nil {
			continue
		}
		for _, f := range j.Findings {
			writeGitHubCommand(bw, f, fmt.Sprintf("tagspec %s (%s %s)", f.Rule, r.entryWord(), j.Name))
		}
		if note := r.attemptNote(j); note != "" {
			fmt.Fprintf(bw, "::notice %stitle=%s::%s\n", fileProps(j.Pos), escapeProperty("tagspec retried (journey "+j.Name+")"), escapeData("journey "+j.Name+" "+note))
		}
	}
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page == nil {
			continue
		}
		for _, f := range j.Findings {
			if f.Pos.File != "" {
				writeGitHubCommand(bw, f, fmt.Sprintf("tagspec %s (page %s)", f.Rule, j.Page.URL))
				continue
			}
			msg := findingText(f)
			if f.Page == j.Page.URL {
				msg = strings.TrimSuffix(msg, " on "+f.Page)
			}
			fmt.Fprintf(bw, "::%s title=%s::%s\n", githubCommand(f.Severity), escapeProperty(j.Page.URL), escapeData(msg+" ["+f.Rule+"]"))
		}
		if note := r.attemptNote(j); note != "" {
			fmt.Fprintf(bw, "::notice title=%s::%s\n", escapeProperty(j.Page.URL), escapeData("page "+note))
		}
	}
	return bw.Flush()
}

// githubCommand is the workflow command for a finding of severity sev.
func githubCommand(sev spec.Severity) string {
	switch sev {
	case spec.SeverityError:
		return "error"
	case spec.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// fileProps gives the "file=...,line=...,col=...," properties of pos, or
// "" when it has no file.
func fileProps(pos spec.Pos) string {
	if pos.File == "" {
		return ""
	}
	props := "file=" + escapeProperty(pos.File) + ","
	if pos.Line > 0 {
		props += fmt.Sprintf("line=%d,", pos.Line)
		if pos.Col > 0 {
			props += fmt.Sprintf("col=%d,", pos.Col)
		}
	}
	return props
}

// writeGitHubCommand prints one finding as a workflow command.
func writeGitHubCommand(bw *bufio.Writer, f validator.Finding, title string) {
	fmt.Fprintf(bw, "::%s %stitle=%s::%s\n", githubCommand(f.Severity), fileProps(f.Pos), escapeProperty(title), escapeData(findingText(f)))
}

// escapeData escapes a workflow command message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
