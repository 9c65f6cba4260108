package diag

import (
	"encoding/json"
	"io"
)

// JSONVersion is the version of the JSON shapes tagspec writes: the
// "version" field of `tagspec lint --format json`, of a crawl's JSON
// report and of `tagspec rules --format json`. Version 2 brought the
// family-prefixed rule ids (journey/event-missing for event-missing, ...)
// and one finding object everywhere (JSONFinding). Documents without a
// version field are version 1.
const JSONVersion = 2

// JSONFinding is the JSON object of one finding, the same in every
// command's JSON output. What is unknown or empty is left out: a finding
// of no file has no "file", one of no journey step no "step".
type JSONFinding struct {
	File     string        `json:"file,omitempty"`
	Line     int           `json:"line,omitempty"`
	Column   int           `json:"column,omitempty"`
	Related  []JSONRelated `json:"related,omitempty"`
	Severity string        `json:"severity"`
	Rule     string        `json:"rule"`
	Message  string        `json:"message"`
	Journey  string        `json:"journey,omitempty"`
	Step     *int          `json:"step,omitempty"` // 1-based, as in messages
	Page     string        `json:"page,omitempty"`
	Event    string        `json:"event,omitempty"`
	Param    string        `json:"param,omitempty"`
}

// JSONRelated is the JSON object of a related position.
type JSONRelated struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Label  string `json:"label"`
}

// ToJSON returns the JSON object of f.
func ToJSON(f Finding) JSONFinding {
	jf := JSONFinding{File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Col,
		Severity: string(f.Severity), Rule: f.Rule, Message: f.Message,
		Journey: f.Journey, Page: f.Page, Event: f.Event, Param: f.Param}
	for _, r := range f.Related {
		jf.Related = append(jf.Related, JSONRelated{File: r.Pos.File, Line: r.Pos.Line, Column: r.Pos.Col, Label: r.Label})
	}
	if f.HasStep() {
		n := f.Step + 1
		jf.Step = &n
	}
	return jf
}

// Finding converts the JSON object back. It checks nothing: a reader of
// outside documents checks the severity, rule and step itself.
func (jf JSONFinding) Finding() Finding {
	f := Finding{Pos: Pos{File: jf.File, Line: jf.Line, Col: jf.Column},
		Severity: Severity(jf.Severity), Rule: jf.Rule, Message: jf.Message,
		Journey: jf.Journey, Step: NoStep, Page: jf.Page, Event: jf.Event, Param: jf.Param, EventIndex: -1}
	for _, r := range jf.Related {
		f.Related = append(f.Related, Related{Pos: Pos{File: r.File, Line: r.Line, Col: r.Column}, Label: r.Label})
	}
	if jf.Step != nil {
		f.Step = *jf.Step - 1
	}
	return f
}

// WriteJSON writes exactly one JSON document:
//
//	{"version": 2, "diagnostics": [{"file": ..., "line": ..., "column": ..., "severity": ..., "rule": ..., "message": ...}]}
//
// Each entry is a JSONFinding; an empty list is written as [].
func WriteJSON(w io.Writer, fs []Finding) error {
	out := struct {
		Version     int           `json:"version"`
		Diagnostics []JSONFinding `json:"diagnostics"`
	}{Version: JSONVersion, Diagnostics: []JSONFinding{}}
	for _, f := range Sorted(fs) {
		out.Diagnostics = append(out.Diagnostics, ToJSON(f))
	}
	return EncodeJSON(w, out)
}

// EncodeJSON writes v as indented JSON without HTML escaping, the way
// every tagspec JSON document is written.
func EncodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
