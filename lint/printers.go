package lint

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/tagspec/tagspec/spec"
)

// The printers below write diagnostics in the formats tagspec offers. Each
// sorts and de-duplicates a copy of its input with spec.SortDiagnostics, so
// the output is the same whatever order the findings were collected in, and
// the caller's slice is left untouched.

// sorted returns a sorted, de-duplicated copy of ds.
func sorted(ds []spec.Diagnostic) []spec.Diagnostic {
	return spec.SortDiagnostics(slices.Clone(ds))
}

// WriteText writes one compiler-style line per diagnostic:
//
//	tagspec.yaml:12:7: error: event "sign-up": name contains "-"; ... [ga4/event-name-chars]
//
// It writes nothing for an empty list. Counts and summaries are the
// caller's business (the CLI prints them on stderr).
func WriteText(w io.Writer, ds []spec.Diagnostic) error {
	bw := bufio.NewWriter(w)
	for _, d := range sorted(ds) {
		bw.WriteString(d.String())
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// jsonDiagnostic is the JSON form of one diagnostic.
type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

// WriteJSON writes exactly one JSON document:
//
//	{"diagnostics": [{"file": ..., "line": ..., "column": ..., "severity": ..., "rule": ..., "message": ...}]}
//
// An unknown line or column is 0, and an empty list is written as [].
func WriteJSON(w io.Writer, ds []spec.Diagnostic) error {
	out := struct {
		Diagnostics []jsonDiagnostic `json:"diagnostics"`
	}{Diagnostics: []jsonDiagnostic{}}
	for _, d := range sorted(ds) {
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{
			File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col,
			Severity: string(d.Severity), Rule: d.Rule, Message: d.Message,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteGitHub writes one GitHub Actions workflow command per diagnostic, so
// that findings show up as annotations on the pull request:
//
//	::error file=tagspec.yaml,line=12,col=7,title=ga4/event-name-chars::event "sign-up": ...
//
// Warnings become ::warning and infos ::notice. Values are escaped the way
// the Actions runner expects: %, CR and LF everywhere, and also : and , in
// the properties.
func WriteGitHub(w io.Writer, ds []spec.Diagnostic) error {
	bw := bufio.NewWriter(w)
	for _, d := range sorted(ds) {
		cmd := "error"
		switch d.Severity {
		case spec.SeverityWarning:
			cmd = "warning"
		case spec.SeverityInfo:
			cmd = "notice"
		}
		var props []string
		if d.Pos.File != "" {
			props = append(props, "file="+escapeGitHubProperty(filepath.ToSlash(d.Pos.File)))
		}
		if d.Pos.Line > 0 {
			props = append(props, "line="+strconv.Itoa(d.Pos.Line))
			if d.Pos.Col > 0 {
				props = append(props, "col="+strconv.Itoa(d.Pos.Col))
			}
		}
		props = append(props, "title="+escapeGitHubProperty(d.Rule))
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeGitHubData(d.Message))
	}
	return bw.Flush()
}

var (
	githubDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeGitHubData(s string) string     { return githubDataEscaper.Replace(s) }
func escapeGitHubProperty(s string) string { return githubPropertyEscaper.Replace(s) }

// SARIF 2.1.0, the subset tagspec writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string            `json:"id"`
		ShortDescription     *sarifText        `json:"shortDescription,omitempty"`
		DefaultConfiguration sarifRuleDefaults `json:"defaultConfiguration"`
	}
	sarifRuleDefaults struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifText       `json:"message"`
		Locations []sarifLocation `json:"locations,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
)

// sarifSchemaURI is the published JSON Schema of SARIF 2.1.0.
const sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

// WriteSARIF writes a SARIF 2.1.0 log with one run of the tagspec tool, for
// code-scanning dashboards. The driver lists every rule of Rules(), followed
// by the other rule ids that occur in ds (loader and schema rules) in order
// of first appearance; each result points at its rule by id and index.
func WriteSARIF(w io.Writer, ds []spec.Diagnostic) error {
	driver := sarifDriver{Name: "tagspec", InformationURI: "https://github.com/tagspec/tagspec"}
	index := make(map[string]int)
	for _, r := range rules {
		index[r.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.ID,
			ShortDescription:     &sarifText{Text: r.Summary},
			DefaultConfiguration: sarifRuleDefaults{Level: sarifLevel(r.Severity)},
		})
	}
	results := []sarifResult{}
	for _, d := range sorted(ds) {
		i, ok := index[d.Rule]
		if !ok {
			i = len(driver.Rules)
			index[d.Rule] = i
			driver.Rules = append(driver.Rules, sarifRule{
				ID:                   d.Rule,
				DefaultConfiguration: sarifRuleDefaults{Level: sarifLevel(d.Severity)},
			})
		}
		res := sarifResult{RuleID: d.Rule, RuleIndex: i, Level: sarifLevel(d.Severity), Message: sarifText{Text: d.Message}}
		if d.Pos.File != "" {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(d.Pos.File)}}}
			if d.Pos.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: d.Pos.Line, StartColumn: d.Pos.Col}
			}
			res.Locations = []sarifLocation{loc}
		}
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  sarifSchemaURI,
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func sarifLevel(s spec.Severity) string {
	switch s {
	case spec.SeverityError:
		return "error"
	case spec.SeverityWarning:
		return "warning"
	}
	return "note"
}

// sarifURI turns a file name into a SARIF artifact URI: a relative
// reference with forward slashes, or a file: URI for an absolute path.
func sarifURI(file string) string {
	slashed := filepath.ToSlash(file)
	if filepath.IsAbs(file) {
		return (&url.URL{Scheme: "file", Path: slashed}).String()
	}
	return (&url.URL{Path: slashed}).String()
}
