package spec

import "github.com/tagspec/tagspec/diag"

// Diagnostic is one problem found in a spec (or in a file read alongside
// it). It is the finding type every tagspec check shares.
type Diagnostic = diag.Finding

// Pos is a position in the spec file: file:line:col.
type Pos = diag.Pos

// Severity of a diagnostic.
type Severity = diag.Severity

// Severities, from the most to the least serious.
const (
	SeverityError   = diag.SeverityError
	SeverityWarning = diag.SeverityWarning
	SeverityInfo    = diag.SeverityInfo
)
