package diag

import (
	"fmt"
	"slices"
	"strings"
)

// Format names an output format. Every command that prints findings or
// reports chooses its format with ParseFormat.
type Format string

// The output formats of tagspec. Not every command offers every format:
// lint prints text, json, github and sarif; a crawl report the six of
// Formats; bench text, json, csv and html.
const (
	FormatText   Format = "text"   // for people: one compiler-style line per finding
	FormatJSON   Format = "json"   // one JSON document with a "version" field
	FormatJUnit  Format = "junit"  // JUnit XML, for CI test views
	FormatGitHub Format = "github" // GitHub Actions workflow commands (annotations)
	FormatHTML   Format = "html"   // a self-contained HTML page
	FormatSARIF  Format = "sarif"  // SARIF 2.1.0, for code-scanning dashboards
	FormatCSV    Format = "csv"    // comma-separated rows (bench's report), not a format of findings
)

// Formats lists every format of findings and crawl reports in a stable
// order.
var Formats = []Format{FormatText, FormatJSON, FormatJUnit, FormatGitHub, FormatHTML, FormatSARIF}

// ParseFormat returns the format named s. With allowed, s must be one of
// those (the formats the command offers); without, any of Formats. The
// error names s and the formats to choose from.
func ParseFormat(s string, allowed ...Format) (Format, error) {
	if len(allowed) == 0 {
		allowed = Formats
	}
	if f := Format(s); slices.Contains(allowed, f) {
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: use %s", s, FormatList(allowed))
}

// FormatList names formats in words: "text, json or github".
func FormatList(fs []Format) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
