package report

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// SARIF 2.1.0, for code-scanning dashboards: one result per finding,
// located at the spec line the finding concerns; a finding of a
// discovered page that no spec line concerns is located at the page's
// URL.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name  string      `json:"name"`
	Rules []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

func writeSARIF(w io.Writer, r *Report) error {
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "tagspec"}}, Results: []sarifResult{}}
	for _, id := range validator.Rules {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: id, ShortDescription: sarifMessage{Text: validator.RuleSummary(id)}})
	}
	// Rules the validator does not define (e.g. container-unsupported for
	// the crawl's own findings, or the crawler's rules for pages), once
	// each, in order of appearance.
	addRules := func(fs []validator.Finding) {
		for _, f := range fs {
			known := slices.Contains(validator.Rules, f.Rule)
			for _, sr := range run.Tool.Driver.Rules {
				known = known || sr.ID == f.Rule
			}
			if !known {
				run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: f.Rule, ShortDescription: sarifMessage{Text: "tagspec crawl finding " + f.Rule + "."}})
			}
		}
	}
	addRules(r.Findings)
	for i := range r.Journeys {
		addRules(r.Journeys[i].Findings)
	}
	for _, f := range r.Findings {
		run.Results = append(run.Results, sarifResultFor(f, findingText(f), f.Pos, r.Spec))
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
			run.Results = append(run.Results, sarifResultFor(f, r.entryWord()+" "+j.Name+": "+findingText(f), pos, r.Spec))
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
				pos = spec.Pos{File: j.Page.URL}
			}
			text := findingText(f)
			if f.Page == j.Page.URL {
				text = strings.TrimSuffix(text, " on "+f.Page)
			}
			run.Results = append(run.Results, sarifResultFor(f, "page "+j.Page.URL+": "+text, pos, r.Spec))
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifResultFor builds the result of one finding located at pos, or at
// the spec file when pos has no file.
func sarifResultFor(f validator.Finding, text string, pos spec.Pos, specFile string) sarifResult {
	level := "note"
	switch f.Severity {
	case spec.SeverityError:
		level = "error"
	case spec.SeverityWarning:
		level = "warning"
	}
	res := sarifResult{RuleID: f.Rule, Level: level, Message: sarifMessage{Text: text}}
	if pos.File == "" {
		pos.File = specFile
	}
	if pos.File != "" {
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: pos.File}}}
		if pos.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: pos.Line, StartColumn: pos.Col}
		}
		res.Locations = []sarifLocation{loc}
	}
	return res
}

// findingText is a finding's message with its step number and page.
func findingText(f validator.Finding) string {
	msg := f.Message
	if f.Step != validator.NoStep {
		msg = "step " + strconv.Itoa(f.Step+1) + ": " + msg
	}
	if f.Page != "" {
		msg += " on " + f.Page
	}
	return msg
}
