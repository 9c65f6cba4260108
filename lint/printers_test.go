package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
)

// printerInput is deliberately unsorted, holds a duplicate, positions that
// are partly unknown, a rule from the loader, and characters each format
// has to escape.
func printerInput() []spec.Diagnostic {
	return []spec.Diagnostic{
		{Pos: spec.Pos{File: "tagspec.yaml", Line: 12, Col: 11}, Severity: spec.SeverityWarning, Rule: RuleRecommendedEventName,
			Message: `event "signUp" looks like the GA4 recommended event "sign_up": name it "sign_up" so GA4's standard reports and parameter checks apply`},
		{Pos: spec.Pos{File: "tagspec.yaml", Line: 3, Col: 7}, Severity: spec.SeverityError, Rule: "schema/type",
			Message: `event "purchase": param "value" must be a number`},
		{Pos: spec.Pos{File: "tagspec.yaml", Line: 12, Col: 11}, Severity: spec.SeverityWarning, Rule: RuleRecommendedEventName,
			Message: `event "signUp" looks like the GA4 recommended event "sign_up": name it "sign_up" so GA4's standard reports and parameter checks apply`},
		{Pos: spec.Pos{File: "specs/shop, EU: v2.yaml", Line: 40, Col: 0}, Severity: spec.SeverityInfo, Rule: RuleRecommendedEventValue,
			Message: "100% of <leads> & more:\r\nline two, with a comma"},
		{Pos: spec.Pos{File: "tagspec.yaml"}, Severity: spec.SeverityError, Rule: RuleKeyEventCount,
			Message: "no line known"},
		{Pos: spec.Pos{}, Severity: spec.SeverityError, Rule: "spec/read", Message: "no file known"},
	}
}

func TestPrintersGolden(t *testing.T) {
	printers := []struct {
		golden string
		write  func(io.Writer, []spec.Diagnostic) error
	}{
		{"printers.txt", WriteText},
		{"printers.json", WriteJSON},
		{"printers.github", WriteGitHub},
		{"printers.sarif", WriteSARIF},
	}
	for _, p := range printers {
		t.Run(p.golden, func(t *testing.T) {
			in := printerInput()
			var buf bytes.Buffer
			if err := p.write(&buf, in); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+p.golden, buf.Bytes())
			if diff := cmp.Diff(printerInput(), in); diff != "" {
				t.Errorf("printer modified its input:\n%s", diff)
			}
		})
	}
}

func TestPrintersEmpty(t *testing.T) {
	cases := []struct {
		name  string
		write func(io.Writer, []spec.Diagnostic) error
		want  string
	}{
		{"text", WriteText, ""},
		{"json", WriteJSON, "{\n  \"diagnostics\": []\n}\n"},
		{"github", WriteGitHub, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, in := range [][]spec.Diagnostic{nil, {}} {
				var buf bytes.Buffer
				if err := tc.write(&buf, in); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, buf.String()); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			}
		})
	}
	t.Run("sarif", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteSARIF(&buf, nil); err != nil {
			t.Fatal(err)
		}
		log := decodeSARIF(t, buf.Bytes())
		if log.Runs[0].Results == nil || len(log.Runs[0].Results) != 0 {
			t.Errorf("results = %v, want an empty array", log.Runs[0].Results)
		}
		if !strings.Contains(buf.String(), `"results": []`) {
			t.Errorf("empty results not written as []:\n%s", buf.String())
		}
	})
}

// TestWriteJSONOneDocument decodes the output strictly: one document with
// exactly the agreed fields, sorted and de-duplicated.
func TestWriteJSONOneDocument(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, printerInput()); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	var doc struct {
		Diagnostics []jsonDiagnostic `json:"diagnostics"`
	}
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		t.Errorf("more than one JSON document: %v", err)
	}
	if got, want := len(doc.Diagnostics), len(printerInput())-1; got != want {
		t.Errorf("%d diagnostics, want %d (one duplicate removed)", got, want)
	}
	if first := doc.Diagnostics[0]; first.File != "" || first.Rule != "spec/read" {
		t.Errorf("first diagnostic = %+v, want the one without a file", first)
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got, want := escapeGitHubData("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d"; got != want {
		t.Errorf("data: got %q, want %q", got, want)
	}
	if got, want := escapeGitHubProperty("a%b:c,d\ne"), "a%25b%3Ac%2Cd%0Ae"; got != want {
		t.Errorf("property: got %q, want %q", got, want)
	}
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, printerInput()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(printerInput())-1 {
		t.Fatalf("%d lines, want one per distinct diagnostic:\n%s", len(lines), buf.String())
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") && !strings.HasPrefix(l, "::notice ") {
			t.Errorf("not a workflow command: %q", l)
		}
		props, _, ok := strings.Cut(strings.SplitN(l, " ", 2)[1], "::")
		if !ok {
			t.Errorf("no message separator: %q", l)
		}
		for _, kv := range strings.Split(props, ",") {
			if _, _, ok := strings.Cut(kv, "="); !ok {
				t.Errorf("property %q of %q is not key=value (a comma escaped badly?)", kv, l)
			}
		}
	}
}

// sarifDoc is the part of a SARIF log the tests look at.
type sarifDoc struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
		} `json:"results"`
	} `json:"runs"`
}

func decodeSARIF(t *testing.T, data []byte) sarifDoc {
	t.Helper()
	var log sarifDoc
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "tagspec" {
		t.Fatalf("not a tagspec SARIF 2.1.0 log with one run:\n%s", data)
	}
	return log
}

func TestSARIFRuleIndex(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, printerInput()); err != nil {
		t.Fatal(err)
	}
	log := decodeSARIF(t, buf.Bytes())
	run := log.Runs[0]
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	var catalogue []string
	for _, r := range Rules() {
		catalogue = append(catalogue, r.ID)
	}
	if !slices.Equal(ids[:len(catalogue)], catalogue) {
		t.Errorf("driver rules do not start with Rules() in order:\n%v", ids)
	}
	if len(ids) != len(catalogue)+2 { // schema/type and spec/read
		t.Errorf("driver rules = %d, want the catalogue plus the 2 loader rules used", len(ids))
	}
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(ids) || ids[res.RuleIndex] != res.RuleID {
			t.Errorf("result %s has ruleIndex %d, which is not its rule", res.RuleID, res.RuleIndex)
		}
	}
}

func TestRulesCatalogue(t *testing.T) {
	seen := make(map[string]bool)
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		prefix, _, _ := strings.Cut(r.ID, "/")
		if !slices.Contains([]string{"ga4", "style", "privacy", "consistency", "gtm"}, prefix) {
			t.Errorf("rule %s: id must start with ga4/, style/, privacy/, consistency/ or gtm/", r.ID)
		}
		if r.Summary == "" || !strings.HasSuffix(r.Summary, ".") {
			t.Errorf("rule %s: summary %q must be a sentence", r.ID, r.Summary)
		}
		switch r.Severity {
		case spec.SeverityError, spec.SeverityWarning, spec.SeverityInfo:
		default:
			t.Errorf("rule %s: unknown severity %q", r.ID, r.Severity)
		}
	}
	rs := Rules()
	rs[0].ID = "changed"
	if Rules()[0].ID == "changed" {
		t.Error("Rules returns the package's own slice")
	}
}
