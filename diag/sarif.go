package diag

import (
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

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
		FullDescription      *sarifText        `json:"fullDescription,omitempty"`
		Help                 *sarifText        `json:"help,omitempty"`
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

// SARIF builds a SARIF 2.1.0 log with one run of the tagspec tool. Its
// driver lists every rule of the catalogue with its summary, help and
// default level, followed by any other rule id a result names, in order
// of first appearance; each result points at its rule by id and index.
type SARIF struct {
	driver  sarifDriver
	index   map[string]int
	results []sarifResult
}

// NewSARIF starts a log whose driver lists the rules of c.
func NewSARIF(c *Catalog) *SARIF {
	s := &SARIF{driver: sarifDriver{Name: "tagspec", InformationURI: "https://github.com/tagspec/tagspec", Rules: []sarifRule{}},
		index: map[string]int{}, results: []sarifResult{}}
	for _, r := range c.Rules() {
		s.index[r.ID] = len(s.driver.Rules)
		s.driver.Rules = append(s.driver.Rules, sarifRule{
			ID:                   r.ID,
			ShortDescription:     &sarifText{Text: r.Summary},
			FullDescription:      &sarifText{Text: r.Help},
			Help:                 &sarifText{Text: r.Help},
			DefaultConfiguration: sarifRuleDefaults{Level: sarifLevel(r.Severity)},
		})
	}
	return s
}

// Add adds the result of finding f with the message text, located at pos
// (a file, or a page's URL) when pos has one.
func (s *SARIF) Add(f Finding, text string, pos Pos) {
	i, ok := s.index[f.Rule]
	if !ok {
		i = len(s.driver.Rules)
		s.index[f.Rule] = i
		s.driver.Rules = append(s.driver.Rules, sarifRule{ID: f.Rule, DefaultConfiguration: sarifRuleDefaults{Level: sarifLevel(f.Severity)}})
	}
	res := sarifResult{RuleID: f.Rule, RuleIndex: i, Level: sarifLevel(f.Severity), Message: sarifText{Text: text}}
	if pos.File != "" {
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(pos.File)}}}
		if pos.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: pos.Line, StartColumn: pos.Col}
		}
		res.Locations = []sarifLocation{loc}
	}
	s.results = append(s.results, res)
}

// Write writes the log as one JSON document.
func (s *SARIF) Write(w io.Writer) error {
	return EncodeJSON(w, sarifLog{
		Schema:  sarifSchemaURI,
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: s.driver}, Results: s.results}},
	})
}

// WriteSARIF writes the findings as a SARIF 2.1.0 log whose driver lists
// every rule of c, for code-scanning dashboards.
func WriteSARIF(w io.Writer, fs []Finding, c *Catalog) error {
	s := NewSARIF(c)
	for _, f := range Sorted(fs) {
		s.Add(f, f.Message, f.Pos)
	}
	return s.Write(w)
}

func sarifLevel(s Severity) string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return "note"
}

// sarifURI turns a file name into a SARIF artifact URI: a relative
// reference with forward slashes, or a file: URI for an absolute path. A
// URL (a crawled page) stays as it is.
func sarifURI(file string) string {
	if strings.HasPrefix(file, "http://") || strings.HasPrefix(file, "https://") || strings.HasPrefix(file, "file:") {
		return file
	}
	slashed := filepath.ToSlash(file)
	if filepath.IsAbs(file) {
		return (&url.URL{Scheme: "file", Path: slashed}).String()
	}
	return (&url.URL{Path: slashed}).String()
}
