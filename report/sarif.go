package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/validator"
)

// writeSARIF writes a SARIF 2.1.0 log (diag.SARIF) for code-scanning
// dashboards: the driver lists every rule of the catalogue with its
// summary and help; one result per finding, located at the spec line the
// finding concerns (or the journey's, or the spec file); a finding of a
// discovered page that no spec line concerns is located at the page's
// URL.
func writeSARIF(w io.Writer, r *Report, rules *diag.Catalog) error {
	s := diag.NewSARIF(rules)
	at := func(pos diag.Pos) diag.Pos {
		if pos.File == "" {
			pos.File = r.Spec
		}
		return pos
	}
	for _, f := range r.Findings {
		s.Add(f, findingText(f), at(f.Pos))
	}
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page != nil {
			continue
		}
		for _, f := range j.Findings {
			pos := f.Pos
			if pos.File == "" {
				pos = j.Pos
			}
			s.Add(f, r.entryWord()+" "+j.Name+": "+findingText(f), at(pos))
		}
	}
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page == nil {
			continue
		}
		for _, f := range j.Findings {
			pos := f.Pos
			if pos.File == "" {
				pos = diag.Pos{File: j.Page.URL}
			}
			text := findingText(f)
			if f.Page == j.Page.URL {
				text = strings.TrimSuffix(text, " on "+f.Page)
			}
			s.Add(f, "page "+j.Page.URL+": "+text, at(pos))
		}
	}
	return s.Write(w)
}

// findingText is a finding's message with its step number and page.
func findingText(f diag.Finding) string {
	msg := f.Message
	if f.Step != validator.NoStep {
		msg = "step " + strconv.Itoa(f.Step+1) + ": " + msg
	}
	if f.Page != "" {
		msg += " on " + f.Page
	}
	return msg
}
